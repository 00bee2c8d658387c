#!/usr/bin/env bash
# A reader stage on a lent GPU machine, in one call of the device tool (at most 10 minutes; a session has
# 15 device minutes in all, the machine's start included). From the repository root there, with
# .device-carry/ carried (pack.sh):
#
#   tools/training/device/reader_stage.sh TRAIN_MINUTES        (writes into $OUT/reader/)
#
# It renders fresh synthetic crops on every core (the generator under the carried Java runtime: the
# stroke font, the outline fonts with decorations, the plate-like display faces, the squared ones, and crops cut out of
# rendered scenes as the pipeline cuts them), unpacks the teacher-labelled real crops, and trains the
# reader from the shipped model's weights for TRAIN_MINUTES with a cosine schedule over that time, at a
# batch of 256. It leaves weights.npz (plain arrays, which this machine's older PyTorch reads),
# metrics.json and the log in $OUT/reader, and no ONNX file: finish.sh exports it where the shipped
# models were exported. The numbers of crops scale with SCALE (1 by default; a trial on a CPU: 0.02).
# INIT=weights.npz starts from an earlier run's weights instead of the shipped model's.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../../.." && pwd)
MINUTES=${1:?usage: reader_stage.sh TRAIN_MINUTES}
WORK=${WORK:-/tmp/platewise-reader-stage}
READER_PACKAGE=$(ls "$ROOT"/assembly/src/main/dist/defaults/models/platewise-reader-*.tar | sort -V | tail -1)
STAGE=reader
. "$(dirname "$0")/stage_common.sh"
[ -d "$WORK/real-pku" ] || tar xzf "$CARRY/real-crops.tgz" -C "$WORK"

# One line per shard: WHAT LETTERING FOLDER COUNT SEED OPTIONS. Seeds from 5000 up, apart from every seed the
# shipped models were trained or validated on (1-92, build_default_models.sh). One shard per core.
shards=$WORK/shards.txt
: > "$shards"
for i in $(seq 0 $(( CPUS - 1 ))); do
    echo "crops stroke $WORK/stroke-$i $(count $(( 16000 / CPUS )) 20) $(( 5000 + i )) --width 200" >> "$shards"
    echo "crops rich $WORK/rich-$i $(count $(( 48000 / CPUS )) 20) $(( 6000 + i )) --width 200" >> "$shards"
    echo "crops plate-faces $WORK/faces-$i $(count $(( 48000 / CPUS )) 20) $(( 7000 + i )) --width 200" >> "$shards"
    echo "crops squared-faces $WORK/squared-$i $(count $(( 24000 / CPUS )) 20) $(( 7500 + i )) --width 200" >> "$shards"
    echo "scenes rich $WORK/scenes-$i $(count $(( 4000 / CPUS )) 20) $(( 8000 + i )) --size 960x540" >> "$shards"
done
echo "crops stroke $WORK/val-stroke $(count 600 20) 9001 --width 200" >> "$shards"
echo "crops rich $WORK/val-rich $(count 600 20) 9002 --width 200" >> "$shards"
echo "crops plate-faces $WORK/val-faces $(count 600 20) 9003 --width 200" >> "$shards"
echo "crops squared-faces $WORK/val-squared $(count 600 20) 9005 --width 200" >> "$shards"
echo "scenes rich $WORK/val-scenes $(count 200 20) 9004 --size 960x540" >> "$shards"
# Reader crops cut out of each scene where its plate is (corners jittered as a detector's are), as the pipeline cuts them.
finish_shard() {
    if [ "$2" = scenes ]; then
        $PY "$ROOT/tools/training/scene_crops.py" --scenes "$1" --out "$1/crops" --per-plate 3 --seed "$3" > /dev/null
    fi
}
render_shards "$shards"
say "rendered $(cat "$WORK"/*/labels.csv | grep -vc '^image,') crops and scenes"
say "cut $(cat "$WORK"/scenes-*/crops/labels.csv | grep -vc '^image,') crops out of the scenes"

TRAIN=""
for folder in "$WORK"/stroke-* "$WORK"/rich-* "$WORK"/faces-* "$WORK"/squared-* "$WORK"/scenes-*/crops; do TRAIN="$TRAIN --train $folder"; done
# The real crops twelve times as often, a third of the crops through JPEG and a fifth smeared by motion, as in the
# stage of reader 0.5.2 (build_default_models.sh step 8d).
for i in $(seq 12); do TRAIN="$TRAIN --train $WORK/real-pku/train --train $WORK/real-ro/train"; done
VAL="--val $WORK/val-stroke --val $WORK/val-rich --val $WORK/val-faces --val $WORK/val-squared --val $WORK/val-scenes/crops --val $WORK/real-pku/val --val $WORK/real-ro/val"
if [ -n "${INIT:-}" ]; then START="--init $INIT"; else START="--init-onnx $READER_PACKAGE"; fi
cd "$ROOT/tools/training"
PYTHONUNBUFFERED=1 $PY reader.py $START $TRAIN $VAL --out "$OUT/reader" --minutes "$MINUTES" --time-schedule \
    --batch "${BATCH:-256}" --lr "${LR:-1e-3}" --short-windows 0.5 --compression 0.3 --motion-blur 0.2 \
    --workers $(( CPUS > 2 ? CPUS - 2 : 1 )) --seed 5 --no-export
rm -f "$OUT/reader/checkpoint.pt"   # weights.npz holds the same weights in a form any PyTorch reads
say "done"
