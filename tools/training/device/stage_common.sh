# Sourced by reader_stage.sh and detector_stage.sh once they have set ROOT, WORK and STAGE (the folder under $OUT
# the results go to): the settings from the environment, the log, the carried Java runtime and generator, the
# shard sizes, and the rendering of shards.
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

# Renders the shards listed in the file $1, one per line: WHAT LETTERING FOLDER COUNT SEED [GENERATOR OPTIONS...], on
# every core. Each is rendered into FOLDER.part and renamed when complete, so that a second call reuses only whole
# shards. A stage that defines finish_shard (called with FOLDER.part WHAT SEED) has it add to each shard before the
# rename.
render_shard() {
    local what=$1 lettering=$2 folder=$3 n=$4 seed=$5
    shift 5
    [ -f "$folder/labels.csv" ] && return 0
    rm -rf "$folder.part"
    $SYNTH "$what" "$folder.part" --count "$n" --seed "$seed" --lettering "$lettering" "$@" > /dev/null
    if declare -F finish_shard > /dev/null; then finish_shard "$folder.part" "$what" "$seed"; fi
    mv "$folder.part" "$folder"
}
render_shards() {
    export -f render_shard
    if declare -F finish_shard > /dev/null; then export -f finish_shard; fi
    export SYNTH PY ROOT
    xargs -P "$CPUS" -L 1 bash -c 'render_shard "$@"' _ < "$1"
}
