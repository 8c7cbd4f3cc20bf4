#!/usr/bin/env bash
# Simulate a scenario x style grid and score the engine on it with `triage eval`, one eval per style
# (run by hand; see bench/eval/styles.md for the dev / held-out split).
#   bench/eval/styles.sh OUT_DIR "SCENARIOS" "STYLES" "RANKS" "SEEDS" "HOURS" TRIAGE [SIMULATOR] [JOBS]
# e.g. bench/eval/styles.sh /tmp/sgrid "torch-sum ecc" "default mpirun-tag" "256" "1 2" "2" /tmp/tb/triage
# STYLES "all" means every pack `triage simulate --style list` prints. SIMULATOR (default TRIAGE)
# is the binary that simulates (the engine under test only scores); JOBS styles run at once (default 1).
# Writes OUT_DIR/STYLE.json (triage.eval/v1) and prints the grid with
#   python3 bench/eval/styles_table.py OUT_DIR
# Runs that exist already are not simulated again.
set -euo pipefail
out=$1; scenarios=$2; styles=$3; ranks=$4; seeds=$5; hours=$6; triage=$7; sim=${8:-$7}; jobs=${9:-1}
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$out"
if [ "$styles" = all ]; then
  styles=$("$sim" simulate --style list | grep -v '^ ' | cut -d' ' -f1 | tr '\n' ' ')
fi
one_style() {
  local st=$1 runs=()
  for s in $scenarios; do for r in $ranks; do for seed in $seeds; do for h in $hours; do
    local dir="$out/$st/$s-r$r-s$seed-h$h"
    mkdir -p "$out/$st"
    [ -f "$dir.truth.json" ] || "$sim" simulate "$s" --style "$st" --out "$dir" --ranks "$r" --seed "$seed" --hours "$h" --force >/dev/null
    runs+=("$dir")
  done; done; done; done
  rm -f "$out/$st.db"*
  "$triage" eval "${runs[@]}" --store "$out/$st.db" --json > "$out/$st.json" 2> "$out/$st.err" || true
  rm -f "$out/$st.db"*
  echo "done $st"
}
running=0
for st in $styles; do
  one_style "$st" &
  running=$((running + 1))
  if [ "$running" -ge "$jobs" ]; then wait -n; running=$((running - 1)); fi
done
wait
python3 "$here/styles_table.py" "$out"
