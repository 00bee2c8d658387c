# Sourced by reader_stage.sh and detector_stage.sh once they have set ROOT, WORK and STAGE (the folder under $OUT
# the results go to): the settings from the environment, the log, the carried Java runtime and generator, and the
# shard sizes.
SCALE=${SCALE:-1}
OUT=${OUT:?OUT must name the folder to leave the results in}
PY=${PYTHON:-python3}
CARRY=$ROOT/.device-carry
CPUS=$(nproc)
mkdir -p "$WORK" "$OUT/$STAGE"
exec > >(tee -a "$OUT/$STAGE/log.txt") 2>&1
started=$(date +%s)
say() { echo "[$(( $(date +%s) - started )) s] $*"; }

[ -x "$WORK/jre/bin/java" ] || tar xJf "$CARRY/jre.txz" -C "$WORK"
SYNTH="$WORK/jre/bin/java -Djava.awt.headless=true -cp $CARRY/platewise-synth.jar:$CARRY/platewise-recognition-api.jar io.platewise.synth.SynthMain"
say "$CPUS cores; $($PY -c 'import torch; print("torch", torch.__version__, "cuda" if torch.cuda.is_available() else "cpu")')"

# A shard's count at this SCALE (a trial on a CPU runs at 0.01-0.02), never under $2.
SCALE_PERMILLE=$(awk -v s="$SCALE" 'BEGIN { printf "%d", s * 1000 }')
count() { local n=$(( $1 * SCALE_PERMILLE / 1000 )); echo $(( n < $2 ? $2 : n )); }
