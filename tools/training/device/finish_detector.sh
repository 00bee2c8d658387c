#!/usr/bin/env bash
# Back on this machine after detector_stage.sh: exports the returned weights at the 640x360 input with this
# machine's PyTorch (the exporter every shipped model went through), quantizes them as the shipped 8-bit detector
# was made (quantize.py calibrated on training frames, sparse_corners.py, channels_last.py, float_stem.py), and packages both
# as candidates with the input normalisation in their descriptors. It ships nothing: evaluate the packages first
# (bin/platewise eval --detector PACKAGE on the held-out sets, tools/training/README.md), then copy them into
# assembly/src/main/dist/defaults/models/ if they win.
#
#   tools/training/device/finish_detector.sh RESULT_DIR VERSION OUT_DIR VAL_FOLDER CALIBRATION_FOLDER...
#       RESULT_DIR          holds weights.npz and metrics.json (the files the device call brought back)
#       VAL_FOLDER          frames with labels.csv the export validates on (a held-out set of our own)
#       CALIBRATION_FOLDER  training frames with labels.csv to calibrate the 8-bit ranges on (romania-lp and pku
#                           without their held-out video and group, which quantize.py leaves out by itself)
#   ARCH=lite               weights of PlateNetLite (detector_stage.sh with ARCH=lite); platenet by default
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../../.." && pwd)
RESULT=${1:?usage: finish_detector.sh RESULT_DIR VERSION OUT_DIR VAL_FOLDER CALIBRATION_FOLDER...}
VERSION=${2:?version of the candidate packages}
DEST=${3:?folder for the models and the packages}
VAL=${4:?a validation folder}
shift 4
[ $# -gt 0 ] || { echo "name at least one calibration folder (frames with labels.csv)" >&2; exit 1; }
PY=${PYTHON:-/usr/bin/python3}
[ -f "$RESULT/weights.npz" ] || { echo "no weights.npz in $RESULT" >&2; exit 1; }
[ ! -e "$DEST/float/checkpoint.pt" ] || { echo "$DEST/float holds a checkpoint already: give an empty OUT_DIR" >&2; exit 1; }
mkdir -p "$DEST/float"
CALIBRATION=""
for folder in "$@"; do CALIBRATION="$CALIBRATION --data $folder"; done
cd "$ROOT/tools/training"
# --steps 0: no training step; the weights are validated and exported as they came.
$PY detector.py --arch "${ARCH:-platenet}" --init "$RESULT/weights.npz" --data "$VAL" --val-data "$VAL" --steps 0 --input 640x360 --out "$DEST/float"
$PY quantize.py --model "$DEST/float/detector.onnx" $CALIBRATION --val-keys dayride_type1_002,G3 --images 400 --out "$DEST/detector-int8.onnx"
$PY sparse_corners.py "$DEST/detector-int8.onnx" "$DEST/detector-int8-sparse.onnx"
$PY channels_last.py "$DEST/detector-int8-sparse.onnx" "$DEST/detector-int8-channels-last.onnx"
$PY float_stem.py "$DEST/detector-int8-channels-last.onnx" "$DEST/detector-int8-float-stem.onnx"
# A PlateNetLite's packages get names of their own (the shipped option is platewise-detector-lite-int8), so that
# no candidate passes for the default detector, and its lineage (run, teacher, data).
if [ "${ARCH:-platenet}" = lite ]; then
    NAME=platewise-detector-lite; FLOAT_LINEAGE=lineage-detector-lite-int8.json; INT8_LINEAGE=lineage-detector-lite-int8.json
else
    NAME=platewise-detector; FLOAT_LINEAGE=lineage-detector.json; INT8_LINEAGE=lineage-detector-int8.json
fi
$PY package_model.py --onnx "$DEST/float/detector.onnx" --name "$NAME" --version "$VERSION" --task plate-detector \
    --metrics "$RESULT/metrics.json" --lineage "$FLOAT_LINEAGE" --normalise-outside --out "$DEST/$NAME-$VERSION.tar"
$PY package_model.py --onnx "$DEST/detector-int8-float-stem.onnx" --name "$NAME-int8" --version "$VERSION" \
    --task plate-detector --metrics "$RESULT/metrics.json" --lineage "$INT8_LINEAGE" --normalise-outside \
    --out "$DEST/$NAME-int8-$VERSION.tar"
echo "candidates: $DEST/$NAME-$VERSION.tar and $DEST/$NAME-int8-$VERSION.tar (device-side validation: $RESULT/metrics.json)"
