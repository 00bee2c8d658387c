#!/usr/bin/env bash
# Packs what a stage on a lent GPU machine needs beyond the repository into .device-carry/ (git ignores it; the
# device tool's `carry` takes it along). That machine has PyTorch but no Java, and what travels is at most 64 MiB
# with the working tree, so it gets a Java runtime cut down to what the generator uses (jlink: java.base,
# java.desktop, java.logging) and the generator's jars; the synthetic data is rendered there, on its cores. Besides:
# for a reader stage the teacher-labelled real crops (step 4 of build_default_models.sh); for a detector stage
# (--detector) the real training photos of romania-lp and pku, without their held-out video and group, copied
# 640 pixels wide (shrink_photos.py: the detector letterboxes into 640x360 anyway).
#
#   tools/training/device/pack.sh WORK_DIR                 (from the repository root, after mvn package; WORK_DIR as
#                                                           given to build_default_models.sh, with real-pku/ and real-ro/)
#   tools/training/device/pack.sh --detector DATASETS_DIR  (DATASETS_DIR holding romania-lp/ and pku/)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../../.." && pwd)
MODE=reader
if [ "${1:-}" = "--detector" ]; then
    MODE=detector
    shift
fi
SOURCE=${1:?usage: pack.sh WORK_DIR | pack.sh --detector DATASETS_DIR}
CARRY=$ROOT/.device-carry
LIMIT_MIB=64
SYNTH_JAR=$ROOT/tools/platewise-synth/target/platewise-synth-0.1.0-SNAPSHOT.jar
API_JAR=$ROOT/bundles/io.platewise.recognition.api/target/io.platewise.recognition.api-0.1.0-SNAPSHOT.jar
if [ "$MODE" = reader ]; then
    NEEDED="$SOURCE/real-pku/train/labels.csv $SOURCE/real-ro/train/labels.csv"
else
    NEEDED="$SOURCE/romania-lp/labels.csv $SOURCE/pku/labels.csv"
fi
for f in "$SYNTH_JAR" "$API_JAR" $NEEDED; do
    [ -f "$f" ] || { echo "missing $f (run mvn package; for a reader stage build_default_models.sh up to step 4)" >&2; exit 1; }
done

rm -rf "$CARRY"
mkdir -p "$CARRY"
STAGING=$(mktemp -d)
trap 'rm -rf "$STAGING"' EXIT
# Uncompressed modules under xz come to 17 MB, against 31 MB for jlink's own compression under gzip.
jlink --add-modules java.base,java.desktop,java.logging --strip-debug --no-header-files --no-man-pages --output "$STAGING/jre"
tar cJf "$CARRY/jre.txz" -C "$STAGING" jre
cp "$SYNTH_JAR" "$CARRY/platewise-synth.jar"
cp "$API_JAR" "$CARRY/platewise-recognition-api.jar"
if [ "$MODE" = reader ]; then
    tar czf "$CARRY/real-crops.tgz" -C "$SOURCE" real-pku real-ro
else
    # The held-out video and group of every validation so far stay here (build_default_models.sh).
    ${PYTHON:-/usr/bin/python3} "$ROOT/tools/training/shrink_photos.py" "$SOURCE/romania-lp" "$STAGING/photos" --exclude dayride_type1_002_ --quality 80
    ${PYTHON:-/usr/bin/python3} "$ROOT/tools/training/shrink_photos.py" "$SOURCE/pku" "$STAGING/photos" --exclude G3_ --quality 80
    tar czf "$CARRY/photos.tgz" -C "$STAGING/photos" romania-lp pku
fi

# What travels: the tracked and untracked-but-not-ignored files, and this folder.
tree_bytes=$(cd "$ROOT" && { git ls-files -z; git ls-files -z --others --exclude-standard; } | xargs -0 -r stat -c %s -- 2>/dev/null \
    | awk '{ s += $1 } END { print s + 0 }')
carry_bytes=$(du -sb "$CARRY" | cut -f1)
total_mib=$(( (tree_bytes + carry_bytes) / 1048576 ))
echo "working tree $(( tree_bytes / 1048576 )) MiB + .device-carry $(( carry_bytes / 1048576 )) MiB = $total_mib MiB (limit $LIMIT_MIB)"
[ "$total_mib" -lt "$LIMIT_MIB" ] || { echo "too large to travel" >&2; exit 1; }
