#!/usr/bin/env bash
# A detector stage on a lent GPU machine, in one call of the device tool (at most 10 minutes; a session has
# 15 device minutes in all, the machine's start included). From the repository root there, with
# .device-carry/ carried (pack.sh --detector):
#
#   tools/training/device/detector_stage.sh TRAIN_MINUTES        (writes into $OUT/detector/)
#
# It renders fresh synthetic frames on every core with the carried Java runtime (scenes in the outline fonts
# and in the plate-like display faces at 960x540, distant plates in 720p frames, and romania-lp's training
# photos replated with plates of every layout; pku's photos keep their own plates, as replating them cost pku
# G3 plates before, tools/training/README.md), unpacks the real training photos, and trains the detector
# from the shipped float one's weights at its 640x360 input for TRAIN_MINUTES (one cycle over that time), the
# real photos three times as often, the views made on loader processes. It leaves weights.npz (plain arrays,
# which this machine's older PyTorch reads), metrics.json and the log in $OUT/detector, and no ONNX file:
# finish_detector.sh exports, quantizes and packages it here. The numbers of frames scale with SCALE (1 by
# default; a trial on a CPU: 0.02). INIT=weights.npz starts from an earlier run's weights instead. ARCH=lite trains
# PlateNetLite (detector.py: the cheaper stride-4 level) from the shipped detector's layers that it shares, with that
# detector as its teacher (--distil) and its new stem first taught the teacher's stride-4 features (STEM_STEPS, 300).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../../.." && pwd)
MINUTES=${1:?usage: detector_stage.sh TRAIN_MINUTES}
WORK=${WORK:-/tmp/platewise-detector-stage}
DETECTOR_PACKAGE=$(ls "$ROOT"/assembly/src/main/dist/defaults/models/platewise-detector-[0-9]*.tar | sort -V | tail -1)
STAGE=detector
. "$(dirname "$0")/stage_common.sh"
[ -d "$WORK/photos/pku" ] || { mkdir -p "$WORK/photos" && tar xzf "$CARRY/photos.tgz" -C "$WORK/photos"; }

# One line per shard: WHAT LETTERING FOLDER COUNT SEED EXTRA. Seeds from 10000 up, apart from every seed used so far
# (1-92 by build_default_models.sh, 101-203 by the held-out and replated sets, 5000-9005 by reader_stage.sh).
shards=$WORK/shards.txt
: > "$shards"
for i in $(seq 0 $(( CPUS - 1 ))); do
    echo "scenes rich $WORK/rich-$i $(count $(( 4000 / CPUS )) 10) $(( 10000 + i )) --size 960x540" >> "$shards"
    echo "scenes plate-faces $WORK/faces-$i $(count $(( 4000 / CPUS )) 10) $(( 10500 + i )) --size 960x540" >> "$shards"
    echo "scenes plate-faces $WORK/far-$i $(count $(( 3000 / CPUS )) 10) $(( 11000 + i )) --size 1280x720 --plate-widths 0.03:0.12" >> "$shards"
    echo "replate plate-faces $WORK/replated-$i $(count $(( 2000 / CPUS )) 10) $(( 11500 + i )) --photos $WORK/photos/romania-lp" >> "$shards"
done
echo "scenes rich $WORK/val-scenes $(count 200 10) 12001 --size 960x540" >> "$shards"
echo "scenes plate-faces $WORK/val-far $(count 200 10) 12002 --size 1280x720 --plate-widths 0.03:0.12" >> "$shards"
render_shards "$shards"
say "rendered $(cat "$WORK"/*/labels.csv | grep -vc '^image,') plates in $(ls "$WORK" | grep -c -- '-[0-9]*$') training folders"

DATA=""
for folder in "$WORK"/rich-* "$WORK"/faces-* "$WORK"/far-* "$WORK"/replated-*; do DATA="$DATA --data $folder"; done
DATA="$DATA --data $WORK/photos/romania-lp:3 --data $WORK/photos/pku:3"
if [ -n "${INIT:-}" ]; then START="--init $INIT"; else START="--init-onnx $DETECTOR_PACKAGE"; fi
if [ "${ARCH:-platenet}" = lite ]; then
    START="$START --arch lite --teacher $DETECTOR_PACKAGE"
    [ -n "${INIT:-}" ] || START="$START --stem-steps ${STEM_STEPS:-300}"
fi
cd "$ROOT/tools/training"
PYTHONUNBUFFERED=1 $PY detector.py $START $DATA --val-data "$WORK/val-scenes" --val-data "$WORK/val-far" --out "$OUT/detector" \
    --input 640x360 --steps 1000000 --time-schedule --minutes "$MINUTES" --batch "${BATCH:-96}" --max-lr "${LR:-4e-4}" \
    --workers $(( CPUS > 2 ? CPUS - 2 : 1 )) --no-export
rm -f "$OUT/detector/checkpoint.pt"   # weights.npz holds the same weights in a form any PyTorch reads
say "done"
