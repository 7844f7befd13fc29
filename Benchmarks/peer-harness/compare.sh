#!/bin/bash
# compare.sh MI50FAND [SECONDS] -- thinkfan and mi50fan (the service binary, mi50fand) side by side on the same simulated MI50.
#
# Three runs at the same time, each in its own private mount namespace with its own plant, all
# with the same SEED (same power trace, same sensor noise): thinkfan on its staircase
# (configs/thinkfan.yaml), mi50fan as shipped (configs/mi50fan-shipped.yaml) and mi50fan on the
# peers' curve (configs/mi50fan-peers.yaml). Running them together means they share the
# machine's load, so their CPU figures can be compared with each other (not with another run's).
# Then prints one table (compare-table.py). Needs root (unshare, mount, FUSE).
#   SEED [1]  SCENARIO [bursty]  INTERVAL [1]  OUTROOT [/tmp/mi50fan-compare]
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
BIN=$(cd "$(dirname "${1:?usage: compare.sh MI50FAND-BINARY [SECONDS]}")" && pwd)/$(basename "$1")
SECS=${2:-600}
export SEED=${SEED:-1} SCENARIO=${SCENARIO:-bursty} INTERVAL=${INTERVAL:-1}
export OUTROOT=${OUTROOT:-/tmp/mi50fan-compare}/seed$SEED-$(date +%Y%m%d-%H%M%S)
mkdir -p "$OUTROOT"
echo "runs in $OUTROOT: $SECS s, scenario $SCENARIO, seed $SEED, interval $INTERVAL s"
TAG=thinkfan "$HERE/run_peer.sh" thinkfan "$SECS" > "$OUTROOT/thinkfan.out" 2>&1 &
# exec: the harness measures the daemon itself, not a shell around it
for cfg in shipped peers; do
    TAG=mi50fan-$cfg PEER_CMD="exec $BIN --config $HERE/configs/mi50fan-$cfg.yaml" \
        "$HERE/run_peer.sh" custom "$SECS" > "$OUTROOT/mi50fan-$cfg.out" 2>&1 &
done
wait
/usr/bin/python3 "$HERE/compare-table.py" "$OUTROOT"/*/metrics.json | tee "$OUTROOT/table.md"
