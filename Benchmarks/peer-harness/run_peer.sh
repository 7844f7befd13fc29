#!/bin/bash
# run_peer.sh PEER SECONDS -- run one fan controller against the simulated GPU.
# (The project's copy of the peer harness in ../shared/peer-harness: thinkfan and custom
# controllers only; `make compare` drives it through compare.sh.)
#
# PEER: thinkfan | custom (PEER_CMD=... , see below)
# SECONDS: how long the peer runs (real time) before it gets SIGTERM.
#
# Everything happens in a fresh private mount namespace (unshare -m):
#   plant.py run mounts its fake sysfs (FUSE, sysfs semantics) on RUN/stage
#   RUN/stage/class   bind-mounted over /sys/class
#   RUN/stage/devices bind-mounted over /sys/devices
#   tmpfs on /run       (private pid files: fancontrol/thinkfan refuse to start twice)
# then: peer (as root, unmodified) -> SIGTERM after SECONDS -> the plant keeps
# running POST seconds to see what the peer left behind -> analyze.py.
#
# Environment knobs (defaults in brackets):
#   INTERVAL [1]       control interval s: fancontrol INTERVAL=, thinkfan -s
#                      (amdgpu-fan: fixed 1 s in its code)
#   SCENARIO [bursty]  plant power scenario (bursty|heavy|step|idle)
#   SEED [1]           plant seed (power trace + sensor noise)
#   FAULT [none]       none|delete|eio|eacces|freeze  (applied by the plant to a sensor file)
#   FAULT_SENSOR [junction]  junction(temp2_input)|edge(temp1_input)|mem
#   FAULT_AT [SECONDS/2] plant time of the fault;  FAULT_FOR [0 = until the end]
#   FAN_SOURCE [nct; amdgpu for amdgpu-fan]  whose pwm1 drives the fan
#   POST [5]           seconds the plant keeps running after the peer stopped
#   TAG []             label added to the run dir name
#   OUTROOT [runs/ beside this script]
#   PEER_CMD           (custom) command line of the controller under test; it can
#                      use $RUN (run dir) -- sysfs is at the usual /sys paths
#   CTL_SENSOR [junction]  (custom) which temp file counts as one control tick
set -u
# the monitor's loop uses $EPOCHSECONDS and $EPOCHREALTIME (bash 5), the latter with a "."
(( BASH_VERSINFO[0] >= 5 )) || { echo "run_peer.sh needs bash 5 or later"; exit 2; }
LC_NUMERIC=C    # for bash itself (it applies LC_* at once); this script exports nothing new to the peer or the plant
HERE=$(cd "$(dirname "$0")" && pwd)
PY=${PY:-/usr/bin/python3}     # Debian's, which sees python3-fusepy
[ -x "$PY" ] || PY=python3

if [ "${1:-}" != "__inner" ]; then
    PEER=${1:?usage: run_peer.sh PEER SECONDS}
    SECS=${2:?usage: run_peer.sh PEER SECONDS}
    export INTERVAL=${INTERVAL:-1} SCENARIO=${SCENARIO:-bursty} SEED=${SEED:-1}
    export FAULT=${FAULT:-none} FAULT_SENSOR=${FAULT_SENSOR:-junction}
    export FAULT_AT=${FAULT_AT:-$(( SECS / 2 ))} FAULT_FOR=${FAULT_FOR:-0} POST=${POST:-5}
    case "$PEER" in
        custom)     export FAN_SOURCE=${FAN_SOURCE:-nct} CTL_SENSOR=${CTL_SENSOR:-junction} ;;
        thinkfan) export FAN_SOURCE=${FAN_SOURCE:-nct} CTL_SENSOR=junction ;;
        *) echo "unknown peer $PEER" >&2; exit 2 ;;
    esac
    OUTROOT=${OUTROOT:-/tmp/peer-harness-runs}
    RUN=$OUTROOT/$PEER${TAG:+-$TAG}-$(date +%Y%m%d-%H%M%S)-$$
    mkdir -p "$RUN/stage" "$RUN/etc"
    # peer configs
    cp "$HERE/configs/thinkfan.yaml" "$RUN/etc/thinkfan.yaml"
    PLANT_DUR=$(( SECS + POST + 30 ))
    cat > "$RUN/meta.json" <<EOF
{"peer": "$PEER", "tag": "${TAG:-}", "seconds": $SECS, "interval": $INTERVAL, "scenario": "$SCENARIO",
 "seed": $SEED, "fault": "$FAULT", "fault_sensor": "$FAULT_SENSOR", "fault_at": $FAULT_AT,
 "fault_for": $FAULT_FOR, "fan_source": "$FAN_SOURCE", "ctl_sensor": "$CTL_SENSOR",
 "post": $POST, "plant_duration": $PLANT_DUR, "host_kernel": "$(uname -r)", "started": "$(date -Is)"}
EOF
    echo "run dir: $RUN"
    unshare -m --propagation private "$0" __inner "$PEER" "$SECS" "$RUN" > "$RUN/runner.log" 2>&1
    rc=$?
    [ $rc -ne 0 ] && { echo "inner runner failed rc=$rc"; tail -20 "$RUN/runner.log"; }
    "$PY" "$HERE/analyze.py" "$RUN" > /dev/null || echo "analyze failed"
    "$PY" - "$RUN/metrics.json" <<'EOF'
import json, sys
m = json.load(open(sys.argv[1]))
keys = ["peer", "window_s", "ticks", "cpu_ms_per_tick", "cpu_s_per_hour", "cpu_total_s", "rss_peak_kB",
        "pwm_changes", "pwm_writes", "max_junction_C", "mean_pwm_pct", "above90_s", "throttled_s",
        "exited_before_sigterm", "peer_exit_rc", "peer_exit_signal", "after_exit"]
for k in keys:
    print(f"  {k:22s} {m.get(k)}")
if m.get("fault") not in (None, "none"):
    for k in ["fault", "fault_sensor", "fault_t", "exit_after_fault_s", "duty_before_fault",
              "duty_during_fault_min_max", "enable_during_fault"]:
        print(f"  {k:22s} {m.get(k)}")
    fw = m.get("fault_window", {})
    print(f"  {'fault_window':22s} maxTj={fw.get('max_junction_C')} >90={fw.get('above90_s')}s "
          f"throttled={fw.get('throttled_s')}s meanPWM={fw.get('mean_pwm_pct')}%")
EOF
    exit $rc
fi

# ------------------------- inside the namespace -------------------------
PEER=$2; SECS=$3; RUN=$4
set -x
ev() {  # runner event -> events.jsonl
    local name=$1; shift
    printf '{"src":"runner","ev":"%s","wall":%s%s}\n' "$name" "$(date +%s.%N | cut -c1-14)" "${1:+,$1}" >> "$RUN/events.jsonl"
}
snapshot() {  # label -> final_state.txt
    {
        echo "[$1]"
        for f in /sys/class/hwmon/hwmon0/pwm1 /sys/class/hwmon/hwmon0/pwm1_enable \
                 /sys/class/hwmon/hwmon1/pwm1 /sys/class/hwmon/hwmon1/pwm1_enable; do
            [ -e "$f" ] && printf '%s=%s\n' "$f" "$(tr '\0\n' '~|' < "$f")"
        done
    } >> "$RUN/final_state.txt"
}

# for the monitor's pause (below), opened once the peer runs so that it inherits nothing
mkfifo "$RUN/.pause" || { echo "cannot make the monitor's FIFO"; exit 17; }
FAULTARGS=(--fault "$FAULT" --fault-sensor "$FAULT_SENSOR" --fault-at "$FAULT_AT" --fault-for "$FAULT_FOR")
"$PY" "$HERE/plant.py" run --root "$RUN/stage" --fan-source "$FAN_SOURCE" \
    --duration "$(( SECS + POST + 30 ))" --seed "$SEED" --scenario "$SCENARIO" \
    --csv "$RUN/plant.csv" --events "$RUN/events.jsonl" --summary "$RUN/plant_summary.json" \
    --ready "$RUN/plant.ready" "${FAULTARGS[@]}" > "$RUN/plant.log" 2>&1 &
PLANT_PID=$!
for _ in $(seq 200); do [ -s "$RUN/plant.ready" ] && break; sleep 0.05; done
[ -s "$RUN/plant.ready" ] || { echo "plant did not start"; cat "$RUN/plant.log"; exit 15; }
mount --bind "$RUN/stage/class" /sys/class || exit 12
mount --bind "$RUN/stage/devices" /sys/devices || exit 13
mount -t tmpfs -o size=1m,mode=755 privrun /run || exit 14
ls -lR /sys/class/ /sys/devices/ > "$RUN/sys_listing.txt" 2>&1
sleep 1    # let the plant settle one second before the controller starts

case "$PEER" in
    thinkfan)   CMD=(/usr/sbin/thinkfan -n -c "$RUN/etc/thinkfan.yaml" -s "$INTERVAL") ;;
    custom)     export RUN; CMD=(/bin/sh -c "$PEER_CMD") ;;
esac
# launcher: time -v wraps a shell that records its pid and execs the peer
# -> peer.pid is the peer process itself.  script(1) gives it a pty (thinkfan
# logs to syslog instead of stdout when stdout is not a tty).
{
    echo '#!/bin/sh'
    printf 'exec /usr/bin/time -v -o %q /bin/sh -c '\''echo $$ > %q; exec "$@"'\'' sh' "$RUN/time.txt" "$RUN/peer.pid"
    printf ' %q' "${CMD[@]}"
    echo
} > "$RUN/launch.sh"
chmod +x "$RUN/launch.sh"
script -qfec "$RUN/launch.sh" /dev/null < /dev/null > "$RUN/peer.log" 2>&1 &
SCRIPT_PID=$!
for _ in $(seq 100); do [ -s "$RUN/peer.pid" ] && break; sleep 0.05; done
PID=$(cat "$RUN/peer.pid" 2>/dev/null)
[ -n "$PID" ] || { echo "peer did not start"; exit 16; }
ev peer_start "\"pid\":$PID"

# monitor: 1 Hz samples of /proc/PID/stat (utime stime cutime cstime), the threads' schedstat
# (ns on CPU) and VmRSS/VmHWM. Bash builtins only (read, $EPOCHREALTIME, a read with a timeout on
# a FIFO for the pause): the loop starts no process. (It used to start about ten a second --
# cat, awk, date, sleep -- on the CPUs whose controllers it was measuring.)
echo "wall,utime,stime,cutime,cstime,vmrss_kB,vmhwm_kB,sched_ns,threads" > "$RUN/proc.csv"
# read-write: opening never waits for a writer; the open descriptor outlives the name
exec {PAUSE}<>"$RUN/.pause" || { echo "cannot open the monitor's FIFO"; exit 18; }
rm -f "$RUN/.pause"
pause() { read -rt "$1" -u "$PAUSE" _; }   # a read with a timeout on a FIFO nobody writes
sample() {   # fails when the peer is gone
    local st key value rest f ns sns=0 nth=0 rss=0 hwm=0
    read -r st 2>/dev/null < "/proc/$PID/stat" || return 1
    # schedstat field 1 = ns on CPU, per thread (ns resolution; stat is 10 ms ticks)
    for f in /proc/"$PID"/task/*/schedstat; do
        read -r ns rest 2>/dev/null < "$f" && { sns=$(( sns + ns )); nth=$(( nth + 1 )); }
    done
    st=${st##*) }            # drop "pid (comm) "
    set -- $st               # now $1 = state (field 3)
    [ "$1" = Z ] && return 1 # exited, not yet reaped
    while read -r key value rest; do
        case $key in VmRSS:) rss=$value ;; VmHWM:) hwm=$value ;; esac
    done 2>/dev/null < "/proc/$PID/status"
    echo "${EPOCHREALTIME:0:14},${12},${13},${14},${15},${rss},${hwm},${sns},${nth}" >> "$RUN/proc.csv"
}
set +x
end=$(( EPOCHSECONDS + SECS ))
alive=1
peer_exited() {   # $1 = true if it died on its own (before SIGTERM)
    wait "$SCRIPT_PID" 2>/dev/null
    local rc sig
    rc=$(awk -F': ' '/Exit status/{print $2}' "$RUN/time.txt" 2>/dev/null)
    sig=$(grep -o 'Command terminated by signal [0-9]*' "$RUN/time.txt" 2>/dev/null | awk '{print $NF}')
    ev peer_exit "\"rc\":\"${rc:-}\",\"signal\":\"${sig:-}\",\"before_sigterm\":$1"
    snapshot right_after_exit
}
# the plant keeps running until the planned end even if the peer dies early,
# so the consequences (fan left low / in auto) are measured over the same window
while [ "$EPOCHSECONDS" -lt "$end" ]; do
    if [ $alive = 1 ]; then
        if ! kill -0 "$PID" 2>/dev/null || ! sample; then
            alive=0; peer_exited true
        fi
    fi
    pause 1
done
set -x
if [ $alive = 1 ]; then
    sample
    snapshot before_sigterm
    ev sigterm
    kill -TERM "$PID"
    for _ in $(seq 100); do kill -0 "$PID" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$PID" 2>/dev/null; then ev sigkill_needed; kill -KILL "$PID"; fi
    peer_exited false
else
    ev planned_end
fi
sleep "$POST"
snapshot after_post
cp -a "$RUN/stage" "$RUN/sys_snapshot" 2>/dev/null
kill -TERM "$PLANT_PID"; wait "$PLANT_PID"
exit 0
