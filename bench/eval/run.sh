#!/usr/bin/env bash
# Simulate a grid of incidents and score the engine on them with `triage eval` (run by hand).
#   bench/eval/run.sh OUT_DIR "SCENARIOS" "RANKS" "SEEDS" "HOURS" [TRIAGE]
# e.g. bench/eval/run.sh /tmp/grid "torch-sum ecc" "256 1024" "1 2" "2 8"
# Runs that exist already are not simulated again. TRIAGE defaults to a Release publish in OUT_DIR/bin.
set -euo pipefail
out=$1; scenarios=$2; ranks=$3; seeds=$4; hours=$5
repo=$(cd "$(dirname "$0")/../.." && pwd)
triage=${6:-}
mkdir -p "$out"
if [ -z "$triage" ]; then
  dotnet publish "$repo/src/Triage.Cli" -c Release -o "$out/bin" -nologo -v q >/dev/null
  triage="$out/bin/triage"
fi
runs=()
for s in $scenarios; do for r in $ranks; do for seed in $seeds; do for h in $hours; do
  dir="$out/$s-r$r-s$seed-h$h"
  [ -f "$dir.truth.json" ] || "$triage" simulate "$s" --out "$dir" --ranks "$r" --seed "$seed" --hours "$h" --force >/dev/null
  runs+=("$dir")
done; done; done; done
rm -f "$out/eval.db"*
"$triage" eval "${runs[@]}" --store "$out/eval.db"
