#!/bin/bash
# compare-builds.sh OLD_MI50FAND NEW_MI50FAND [SECONDS] [CONFIG] -- two builds of the service
# and thinkfan at the same time, each against its own simulated MI50 (same SEED), so a change's
# effect on CPU is seen against thinkfan in the same run. CONFIG: shipped (default) or peers.
# Prints CPU per tick (ms) of each, and as a multiple of thinkfan's. Needs root, like compare.sh.
#   SEED [1]  OUTROOT [/tmp/mi50fan-compare-builds]
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
OLD=$(realpath "${1:?usage: compare-builds.sh OLD_MI50FAND NEW_MI50FAND [SECONDS] [CONFIG]}")
NEW=$(realpath "${2:?usage: compare-builds.sh OLD_MI50FAND NEW_MI50FAND [SECONDS] [CONFIG]}")
SECS=${3:-300}; CFG=${4:-shipped}
export SEED=${SEED:-1} SCENARIO=bursty INTERVAL=1
export OUTROOT=${OUTROOT:-/tmp/mi50fan-compare-builds}/seed$SEED-$(date +%Y%m%d-%H%M%S)
mkdir -p "$OUTROOT"
TAG=thinkfan "$HERE/run_peer.sh" thinkfan "$SECS" > "$OUTROOT/thinkfan.out" 2>&1 &
TAG=old PEER_CMD="exec $OLD --config $HERE/configs/mi50fan-$CFG.yaml" "$HERE/run_peer.sh" custom "$SECS" > "$OUTROOT/old.out" 2>&1 &
TAG=new PEER_CMD="exec $NEW --config $HERE/configs/mi50fan-$CFG.yaml" "$HERE/run_peer.sh" custom "$SECS" > "$OUTROOT/new.out" 2>&1 &
wait
/usr/bin/python3 - "$OUTROOT" <<'PY'
import glob, json, sys
runs = {m["tag"]: m for m in (json.load(open(f)) for f in glob.glob(sys.argv[1] + "/*/metrics.json"))}
base = runs["thinkfan"]["cpu_ms_per_tick_interval"]
for tag in ("thinkfan", "old", "new"):
    cpu = runs[tag]["cpu_ms_per_tick_interval"]
    print(f"{tag:8s} {cpu:.3f} ms/tick  {cpu / base:.3f}x thinkfan")
PY
