#!/bin/bash
# instructions.sh MI50FAND [SECONDS] -- instructions per tick of thinkfan and of mi50fand (as
# shipped and on the peers' curve), each under valgrind's callgrind against its own simulated
# MI50 (run_peer.sh, same SEED), counted over SECONDS of steady ticks after 25 s of warm-up.
# Instructions do not vary with the machine's load the way CPU time does: this is the figure to
# compare when a change to the tick is meant to make it cheaper. Needs root and valgrind.
#   SEED [1]  OUTROOT [/tmp/mi50fan-instructions]
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
BIN=$(realpath "${1:?usage: instructions.sh MI50FAND [SECONDS]}")
SECS=${2:-60}
command -v valgrind > /dev/null || { echo "valgrind is not installed (apt install valgrind)"; exit 1; }
export SEED=${SEED:-1} SCENARIO=bursty INTERVAL=1
OUT=${OUTROOT:-/tmp/mi50fan-instructions}/seed$SEED-$(date +%Y%m%d-%H%M%S)
mkdir -p "$OUT"
# valgrind cannot read the static binary's debug info: a copy without it
strip --strip-debug -o "$OUT/mi50fand" "$BIN"
start() {   # TAG COMMAND...: one controller under callgrind in the harness
    local tag=$1; shift
    OUTROOT=$OUT/runs TAG=$tag PEER_CMD="exec valgrind --tool=callgrind --callgrind-out-file=$OUT/$tag.out $*" \
        "$HERE/run_peer.sh" custom $((SECS + 35)) > "$OUT/$tag.log" 2>&1 &
}
start thinkfan /usr/sbin/thinkfan -n -c "\$RUN/etc/thinkfan.yaml" -s 1
start shipped "$OUT/mi50fand" --config "$HERE/configs/mi50fan-shipped.yaml"
start peers "$OUT/mi50fand" --config "$HERE/configs/mi50fan-peers.yaml"
# Each controller's process is the one running callgrind with its output file (pgrep also finds
# the shells and script(1) around it, whose command lines hold the same text).
pid_of() {
    local p
    for p in $(pgrep -f "callgrind-out-file=$OUT/$1.out "); do
        case $(readlink "/proc/$p/exe") in *callgrind*) echo "$p"; return ;; esac
    done
}
sleep 25
for tag in thinkfan shipped peers; do callgrind_control -z "$(pid_of $tag)" > /dev/null 2>&1; done
sleep "$SECS"
for tag in thinkfan shipped peers; do callgrind_control -d "$(pid_of $tag)" > /dev/null 2>&1; done
wait
for tag in thinkfan shipped peers; do
    total=$(sed -n 's/^summary: *//p' "$OUT/$tag.out.1" 2>/dev/null)
    [ -n "$total" ] || { echo "$tag: no counts (see $OUT/$tag.log)"; continue; }
    echo "$tag: $((total / SECS)) instructions per tick ($total in $SECS s at 1 s)"
done
