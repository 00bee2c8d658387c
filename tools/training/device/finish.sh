#!/usr/bin/env bash
# Back on this machine after reader_stage.sh: exports the returned weights to ONNX with this machine's
# PyTorch (the exporter every shipped model went through), validates them on the folders given, and
# packages them as a candidate reader. It ships nothing: evaluate the package first (bin/platewise eval
# --reader PACKAGE on the held-out sets, tools/training/README.md), then copy it into
# assembly/src/main/dist/defaults/models/ if it wins.
#
#   tools/training/device/finish.sh RESULT_DIR VERSION OUT_DIR VAL_FOLDER...
#       RESULT_DIR  holds weights.npz and metrics.json (the files the device call brought back)
#   CALIBRATION="FOLDER..." (training crop or photo folders, never the validation ones) also makes the 8-bit
#   candidate, platewise-reader-int8, as the shipped one was made (quantize.py on 600 of their crops)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../../.." && pwd)
RESULT=${1:?usage: finish.sh RESULT_DIR VERSION OUT_DIR VAL_FOLDER...}
VERSION=${2:?version of the candidate package}
DEST=${3:?folder for reader.onnx and the package}
shift 3
[ $# -gt 0 ] || { echo "name at least one validation folder (crops with labels.csv)" >&2; exit 1; }
PY=${PYTHON:-/usr/bin/python3}
[ -f "$RESULT/weights.npz" ] || { echo "no weights.npz in $RESULT" >&2; exit 1; }
mkdir -p "$DEST"
VAL=""
for folder in "$@"; do VAL="$VAL --val $folder"; done
cd "$ROOT/tools/training"
# --minutes 0: no training step; the weights are evaluated and exported as they came.
$PY reader.py --init "$RESULT/weights.npz" --train "$1" $VAL --out "$DEST" --minutes 0
$PY package_model.py --onnx "$DEST/reader.onnx" --name platewise-reader --version "$VERSION" --task plate-reader \
    --metrics "$DEST/metrics.json" --lineage lineage-reader.json --out "$DEST/platewise-reader-$VERSION.tar"
echo "candidate: $DEST/platewise-reader-$VERSION.tar (device-side validation: $RESULT/metrics.json)"
if [ -n "${CALIBRATION:-}" ]; then
    DATA=""
    for folder in $CALIBRATION; do DATA="$DATA --data $folder"; done
    $PY quantize.py --model "$DEST/reader.onnx" $DATA --val-keys dayride_type1_002,G3 --images 600 --out "$DEST/reader-int8.onnx"
    $PY package_model.py --onnx "$DEST/reader-int8.onnx" --name platewise-reader-int8 --version "$VERSION" --task plate-reader \
        --metrics "$DEST/metrics.json" --lineage lineage-reader-int8.json --out "$DEST/platewise-reader-int8-$VERSION.tar"
    echo "8-bit candidate: $DEST/platewise-reader-int8-$VERSION.tar"
fi
