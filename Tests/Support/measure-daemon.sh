#!/bin/sh
# Measures the fan service idling at 1 Hz against the virtual card: CPU used and resident
# memory over a window, and how long `mi50fan status` takes to answer.
# usage: measure-daemon.sh MI50FAN_BINARY [SECONDS] [CARDS]
# The service measured is mi50fand beside MI50FAN_BINARY (MI50FAND= names another; set it to
# "MI50FAN_BINARY run" to measure the service inside the command-line tool).
# CARDS (1-8, default 1): virtual cards, each with its own blower (`simulate --cards`).
# SAMPLER_RATES (default "10 100 200 500"): the sampler rates to try; empty skips the sampler.
# The tree lives on tmpfs (/dev/shm) when there is one: on a real machine /sys is sysfs and the
# status file is in /run, both in memory; a disk filesystem would add its own journal work.
set -eu
bin=$1; seconds=${2:-60}; cards=${3:-1}
root=$(mktemp -d -p "$( [ -d /dev/shm ] && echo /dev/shm || echo "${TMPDIR:-/tmp}" )")
sim=; daemon=
cleanup() { kill $sim $daemon 2>/dev/null; rm -rf "$root"; }
# Also when the output's reader goes away (`| head`) or the run is interrupted.
trap cleanup EXIT
trap 'cleanup; trap - EXIT; exit 1' INT TERM HUP PIPE
"$bin" simulate --serve --cards "$cards" --root "$root" --profile idle --duration 2h > /dev/null &
sim=$!
until [ -f "$root/etc/mi50fan/config.yaml" ]; do sleep 0.1; done
${MI50FAND:-$(dirname "$bin")/mi50fand} --root "$root" --config "$root/etc/mi50fan/config.yaml" 2> "$root/daemon.log" &
daemon=$!
until [ -f "$root/run/mi50fan/status.json" ]; do sleep 0.1; done
sleep 2
# CPU time in nanoseconds over all the daemon's threads (schedstat: exact, not 10 ms ticks).
cpu_ns() { cat /proc/$1/task/*/schedstat | awk '{sum += $1} END {printf "%d", sum}'; }
start=$(cpu_ns $daemon); sleep "$seconds"; end=$(cpu_ns $daemon)
rss=$(awk '/VmRSS/ {print $2}' "/proc/$daemon/status")
anon=$(awk '/RssAnon/ {print $2}' "/proc/$daemon/status")
file=$(awk '/RssFile/ {print $2}' "/proc/$daemon/status")
cpu=$(echo "scale=4; ($end - $start) / 10000000 / $seconds" | bc)
per_tick=$(echo "scale=1; ($end - $start) / 1000 / $seconds" | bc)
echo "daemon at 1 Hz, $cards card(s): ${cpu}% of one core over ${seconds}s (${per_tick} µs of CPU per second), resident ${rss} kB (${anon} kB private, ${file} kB mapped from files)"
# System calls per tick: strace attached for 10 ticks (every thread; futex and epoll are the
# runtime's own wake-ups).
if command -v strace > /dev/null; then
    timeout -s INT 10 strace -c -f -p $daemon -o "$root/strace.txt" 2> /dev/null || true
    awk '$NF ~ /^[a-z_0-9]+$/ && $4 ~ /^[0-9]+$/ && $NF != "total" {calls[$NF] = $4; sum += $4}
         END {printf "daemon system calls per tick: %.1f (", sum / 10; n = 0
              for (name in calls) if (calls[name] >= 5) {printf "%s%s %.1f", (n++ ? ", " : ""), name, calls[name] / 10}
              print ")"}' "$root/strace.txt"
fi
t0=$(date +%s%N)
for i in 1 2 3 4 5 6 7 8 9 10; do "$bin" status --root "$root" --config "$root/etc/mi50fan/config.yaml" > /dev/null || true; done
t1=$(date +%s%N)
echo "mi50fan status: $(( (t1 - t0) / 10000000 )) ms per call (mean of 10, service running)"

# The telemetry sampler: CPU per second at 10 and 100 Hz, and the highest rate tried that
# missed no deadline.
for rate in ${SAMPLER_RATES-10 100 200 500}; do
    out="$root/stress-$rate"
    "$bin" stress --root "$root" --config "$root/etc/mi50fan/config.yaml" --rate $rate --duration 10s --out "$out" > /dev/null &
    pid=$!
    sleep 1; start=$(cpu_ns $pid)
    sleep 8; end=$(cpu_ns $pid)
    wait $pid
    missed=$(sed -n 's/.*"missedDeadlines" : \([0-9]*\).*/\1/p' "$out/run.json")
    taken=$(sed -n 's/.*"samplesTaken" : \([0-9]*\).*/\1/p' "$out/run.json")
    cost=$(sed -n 's/.*"meanSampleMilliseconds" : \([0-9.]*\).*/\1/p' "$out/run.json")
    echo "sampler at $rate Hz: $(echo "scale=3; ($end - $start) / 10000000 / 8" | bc)% of one core, $taken samples, $missed missed deadlines, ${cost} ms per sample"
done
