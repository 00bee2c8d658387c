#!/usr/bin/env bash
# Packs what a reader stage on a lent GPU machine needs beyond the repository into .device-carry/ (git
# ignores it; the device tool's `carry` takes it along). That machine has PyTorch but no Java, and what
# travels is at most 64 MiB with the working tree, so it gets a Java runtime cut down to what the generator
# uses (jlink: java.base, java.desktop, java.logging), the generator's jars, and the teacher-labelled real
# crops (step 4 of build_default_models.sh). The synthetic crops are rendered there, on its cores.
#
#   tools/training/device/pack.sh WORK_DIR      (from the repository root, after mvn package; WORK_DIR as
#                                               given to build_default_models.sh, with real-pku/ and real-ro/)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../../.." && pwd)
WORK=${1:?usage: pack.sh WORK_DIR (holding real-pku/ and real-ro/ from build_default_models.sh step 4)}
CARRY=$ROOT/.device-carry
LIMIT_MIB=64
SYNTH_JAR=$ROOT/tools/platewise-synth/target/platewise-synth-0.1.0-SNAPSHOT.jar
API_JAR=$ROOT/bundles/io.platewise.recognition.api/target/io.platewise.recognition.api-0.1.0-SNAPSHOT.jar
for f in "$SYNTH_JAR" "$API_JAR" "$WORK/real-pku/train/labels.csv" "$WORK/real-ro/train/labels.csv"; do
    [ -f "$f" ] || { echo "missing $f (run mvn package, and build_default_models.sh up to step 4)" >&2; exit 1; }
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
tar czf "$CARRY/real-crops.tgz" -C "$WORK" real-pku real-ro

# What travels: the tracked and untracked-but-not-ignored files, and this folder.
tree_bytes=$(cd "$ROOT" && { git ls-files -z; git ls-files -z --others --exclude-standard; } | xargs -0 -r stat -c %s -- 2>/dev/null \
    | awk '{ s += $1 } END { print s + 0 }')
carry_bytes=$(du -sb "$CARRY" | cut -f1)
total_mib=$(( (tree_bytes + carry_bytes) / 1048576 ))
echo "working tree $(( tree_bytes / 1048576 )) MiB + .device-carry $(( carry_bytes / 1048576 )) MiB = $total_mib MiB (limit $LIMIT_MIB)"
[ "$total_mib" -lt "$LIMIT_MIB" ] || { echo "too large to travel" >&2; exit 1; }
