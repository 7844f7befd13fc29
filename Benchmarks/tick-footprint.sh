#!/bin/sh
# What one tick of the fan service touches, against the virtual card at 1 Hz (the shipped
# blower config with its spike filter, `simulate --serve --spike-filter`):
#  - pages of its own executable it references per tick (/proc/PID/clear_refs, then smaps'
#    Referenced after one second; median of RUNS windows): each is a page walk and cold cache
#    lines after the service slept;
#  - instructions per tick (valgrind's callgrind over SECONDS of steady ticks, after 20 s of
#    warm-up under valgrind), when valgrind is installed.
# usage: tick-footprint.sh MI50FAN_BINARY [SECONDS] [RUNS]  (mi50fand beside it is measured)
set -eu
bin=$1; seconds=${2:-90}; runs=${3:-9}
daemon=$(dirname "$bin")/mi50fand
root=$(mktemp -d -p "$( [ -d /dev/shm ] && echo /dev/shm || echo "${TMPDIR:-/tmp}" )")
sim=; pid=
cleanup() { kill $sim $pid 2>/dev/null || true; rm -rf "$root"; }
trap cleanup EXIT
"$bin" simulate --serve --root "$root" --profile inference --spike-filter --seed 3 --duration 2h > /dev/null &
sim=$!
until [ -f "$root/etc/mi50fan/config.yaml" ]; do sleep 0.1; done
"$daemon" --root "$root" --config "$root/etc/mi50fan/config.yaml" 2> "$root/daemon.log" &
pid=$!
sleep 15
exe=$(readlink "/proc/$pid/exe")
for _ in $(seq "$runs"); do
    echo 1 > "/proc/$pid/clear_refs"
    sleep 1
    awk -v exe="$exe" '/^[0-9a-f]+-[0-9a-f]+ / {mine = ($6 == exe)} /^Referenced:/ && mine {kb += $2} END {print kb / 4}' "/proc/$pid/smaps"
done | sort -n | awk '{v[NR] = $1} END {printf "executable pages referenced per tick: median %d (%d-%d over %d one-second windows)\n", v[int((NR + 1) / 2)], v[1], v[NR], NR}'
kill $pid; wait $pid 2>/dev/null || true; pid=
command -v valgrind > /dev/null || { echo "instructions per tick: valgrind not installed (apt install valgrind)"; exit 0; }
# valgrind cannot read the static binary's debug info: a copy without it. The counts start
# after a warm-up (discovery and the first ticks), so they are the steady ticks' alone.
strip --strip-debug -o "$root/mi50fand" "$daemon"
valgrind --tool=callgrind --callgrind-out-file="$root/callgrind.out" "$root/mi50fand" --root "$root" \
    --config "$root/etc/mi50fan/config.yaml" > "$root/callgrind.log" 2>&1 &
pid=$!
sleep 20
callgrind_control -z "$pid" > /dev/null
sleep "$seconds"
callgrind_control -d "$pid" > /dev/null
kill $pid; wait $pid 2>/dev/null || true; pid=
dump=$(ls "$root"/callgrind.out.* 2>/dev/null | head -1)
[ -n "$dump" ] || { echo "instructions per tick: valgrind wrote no counts"; exit 1; }
ticks=$(callgrind_annotate --tree=caller "$dump" 2>/dev/null | sed -n 's/.*< .*DaemonC15runOnThisThread.*(\([0-9]*\)x).*/\1/p' | head -1)
total=$(sed -n 's/^summary: *//p' "$dump")
[ -n "$ticks" ] && [ "$ticks" -gt 0 ] && [ -n "$total" ] || { echo "instructions per tick: no tick ran under valgrind in $seconds s"; exit 1; }
echo "instructions per tick: $((total / ticks)) ($total in $ticks steady ticks under valgrind)"
