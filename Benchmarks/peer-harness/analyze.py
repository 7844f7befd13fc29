#!/usr/bin/env python3
"""analyze.py -- metrics for one harness run (a run dir from run_peer.sh) or a
bare plant CSV (e.g. from `plant.py sim`).

  analyze.py RUN_DIR          -> writes RUN_DIR/metrics.json, prints it
  analyze.py --csv FILE       -> plant-only metrics for a CSV
  analyze.py --table DIR...   -> markdown table from several RUN_DIR/metrics.json
  analyze.py --faults DIR...  -> markdown table of the fault runs

Definitions (window = peer start .. SIGTERM, in plant time):
  max_junction_C      max of the model's true junction temperature (no noise)
  max_junction_sensor max of the value written to temp2_input
  above90_s           seconds with true junction > 90 C
  throttled_s         seconds with the GPU power-throttling (true Tj > 100 C)
  mean_pwm            mean effective duty applied to the fan (0-255 and %)
  pwm_changes         number of changes of the pwm1 file value seen at 10 Hz
  pwm_writes          write-closes of pwm1 seen by inotify (a write of an
                      unchanged value counts here, not in pwm_changes)
  ticks               opens of the temperature file the peer controls from
                      (inotify), i.e. control iterations
  cpu_*               user+sys of the peer process incl. reaped children
                      (utime+stime+cutime+cstime of /proc/PID/stat); "steady"
                      excludes the first 10 s (start-up), "total" is from
                      /usr/bin/time -v (start-up + shut-down included)
  rss_peak_kB         VmHWM of the peer process (and time -v max RSS)
"""
import csv
import json
import os
import sys

HZ = os.sysconf("SC_CLK_TCK")


def load_csv(path):
    with open(path) as f:
        rows = list(csv.DictReader(f))
    out = []
    for r in rows:
        try:
            out.append({k: (float(v) if v not in ("", None) else None) for k, v in r.items()})
        except ValueError:
            continue          # last line cut by SIGKILL
    return out


def plant_metrics(rows, t0=None, t1=None):
    w = [r for r in rows if (t0 is None or r["t"] >= t0) and (t1 is None or r["t"] < t1)]
    if not w:
        return {}
    dt = 0.1
    changes, reversals, prev, direction = 0, 0, None, 0
    for r in w:
        v = r["pwm_file"]
        if v is not None and prev is not None and v != prev:
            changes += 1
            d = 1 if v > prev else -1
            if direction and d != direction:
                reversals += 1      # a change against the previous one's direction
            direction = d
        if v is not None:
            prev = v
    duty = [r["pwm"] for r in w]
    return {
        "window_s": round(w[-1]["t"] - w[0]["t"] + dt, 1),
        "max_junction_C": round(max(r["junction_true"] for r in w), 2),
        "max_junction_sensor_C": round(max(r["junction"] for r in w), 1),
        "mean_junction_C": round(sum(r["junction_true"] for r in w) / len(w), 2),
        "max_edge_C": round(max(r["edge_true"] for r in w), 2),
        "max_mem_C": round(max(r["mem_true"] for r in w), 2),
        "above85_s": round(sum(dt for r in w if r["junction_true"] > 85.0), 1),
        "above90_s": round(sum(dt for r in w if r["junction_true"] > 90.0), 1),
        "throttled_s": round(sum(dt for r in w if r["throttle"] < 0.999), 1),
        "energy_lost_Wh": round(sum((r["power_demand"] - r["power"]) * dt for r in w) / 3600, 3),
        "mean_pwm": round(sum(duty) / len(duty), 1),
        "mean_pwm_pct": round(100 * sum(duty) / len(duty) / 255, 1),
        "mean_rpm": round(sum(r["rpm"] for r in w) / len(w)),
        "fan_stopped_s": round(sum(dt for r in w if r["rpm"] == 0), 1),
        "pwm_changes": changes,
        "pwm_reversals": reversals,
        "pwm_writes": int(w[-1]["wr_pwm"] - (w[0]["wr_pwm"] or 0)),
        "enable_writes": int(w[-1]["wr_enable"] - (w[0]["wr_enable"] or 0)),
        "reads_junction": int(w[-1]["rd_junction"] - w[0]["rd_junction"]),
        "reads_edge": int(w[-1]["rd_edge"] - w[0]["rd_edge"]),
    }


def read_jsonl(path):
    out = []
    if os.path.exists(path):
        for line in open(path):
            line = line.strip()
            if line:
                try:
                    out.append(json.loads(line))
                except ValueError:
                    pass
    return out


def proc_samples(path):
    """proc.csv: wall,utime,stime,cutime,cstime,vmrss_kB,vmhwm_kB,sched_ns,threads"""
    out = []
    if os.path.exists(path):
        for line in open(path):
            p = line.strip().split(",")
            if len(p) == 9 and p[0] != "wall":
                try:
                    out.append([float(x) for x in p])
                except ValueError:
                    pass
    return out


def time_v(path):
    d = {}
    if os.path.exists(path):
        for line in open(path):
            if ": " in line:
                k, v = line.strip().split(": ", 1)
                d[k.strip()] = v.strip()
    def f(k):
        try:
            return float(d[k])
        except (KeyError, ValueError):
            return None
    el = d.get("Elapsed (wall clock) time (h:mm:ss or m:ss)")
    el_s = None
    if el:
        try:
            parts = [float(x) for x in el.split(":")]
            el_s = sum(v * 60 ** i for i, v in enumerate(reversed(parts)))
        except ValueError:
            pass
    return {"user_s": f("User time (seconds)"), "sys_s": f("System time (seconds)"), "elapsed_s": el_s,
            "maxrss_kB": f("Maximum resident set size (kbytes)"), "exit_status": d.get("Exit status"),
            "command": d.get("Command being timed"), "signal": next((v for k, v in d.items() if "signal" in k.lower()), None)}


def run_metrics(rd):
    meta = json.load(open(os.path.join(rd, "meta.json")))
    rows = load_csv(os.path.join(rd, "plant.csv"))
    ev = read_jsonl(os.path.join(rd, "events.jsonl"))
    start = next((e for e in ev if e.get("src") == "plant" and e["ev"] == "start"), None)
    wall_t0 = start["wall_t0"] if start else None
    def sim_t(wall):
        return None if wall is None or wall_t0 is None else wall - wall_t0
    rev = {e["ev"]: e for e in ev if e.get("src") == "runner"}
    t_start = sim_t(rev.get("peer_start", {}).get("wall"))
    t_term = sim_t(rev.get("sigterm", {}).get("wall"))
    t_exit = sim_t(rev.get("peer_exit", {}).get("wall"))
    t_planned = sim_t(rev.get("planned_end", {}).get("wall"))
    tv = time_v(os.path.join(rd, "time.txt"))
    if t_start is not None and tv.get("elapsed_s") is not None:
        t_exit = t_start + tv["elapsed_s"]      # precise (the 1 Hz monitor sees it up to 1 s late)
    # measurement window: peer start .. SIGTERM, or .. the planned end when the
    # peer died early (the plant keeps running, so the consequences count)
    t_end = t_term if t_term is not None else (t_planned if t_planned is not None else t_exit)
    m = {"peer": meta["peer"], "tag": meta.get("tag", ""), "run": os.path.basename(rd.rstrip("/")),
         "interval_s": meta.get("interval"), "fan_source": meta.get("fan_source"),
         "scenario": meta.get("scenario"), "seed": meta.get("seed"),
         "fault": meta.get("fault"), "fault_sensor": meta.get("fault_sensor"),
         "t_peer_start": None if t_start is None else round(t_start, 1),
         "t_sigterm": None if t_term is None else round(t_term, 1),
         "t_peer_exit": None if t_exit is None else round(t_exit, 1),
         "peer_exit_rc": rev.get("peer_exit", {}).get("rc"),
         "peer_exit_signal": rev.get("peer_exit", {}).get("signal") or None,
         "exited_before_sigterm": bool(t_exit is not None and (t_term is None or t_exit < t_term - 0.05))}
    m.update(plant_metrics(rows, t_start, t_end))
    ctl_file = "reads_edge" if meta.get("ctl_sensor") == "edge" else "reads_junction"
    m["ticks"] = m.get(ctl_file)
    # CPU / RSS
    ps = proc_samples(os.path.join(rd, "proc.csv"))
    m["time_v"] = tv
    if tv["user_s"] is not None:
        m["cpu_total_s"] = round(tv["user_s"] + tv["sys_s"], 3)
    if ps:
        pw = [p for p in ps if rev.get("peer_start") and p[0] >= rev["peer_start"]["wall"]]
        # own CPU from schedstat (ns) + reaped children from stat (cutime+cstime)
        cpu = lambda p: p[7] / 1e9 + (p[3] + p[4]) / HZ
        cpu_tick = lambda p: (p[1] + p[2] + p[3] + p[4]) / HZ
        m["threads"] = int(max(p[8] for p in ps))
        m["cpu_children_share"] = round(((ps[-1][3] + ps[-1][4]) / HZ) / max(1e-9, cpu(ps[-1])), 3)
        m["rss_peak_kB"] = int(max(p[6] for p in ps))
        late = [p for p in ps if rev.get("peer_start") and p[0] >= rev["peer_start"]["wall"] + 30.0]
        if late:   # steady RSS: the median VmRSS from 30 s after start on
            m["rss_steady_kB"] = int(sorted(p[5] for p in late)[len(late) // 2])
        m["cpu_at_last_sample_s"] = round(cpu(ps[-1]), 3)
        a = next((p for p in pw if p[0] >= rev["peer_start"]["wall"] + 10.0), None) if pw else None
        b = ps[-1]
        if a and b[0] - a[0] > 5:
            dcpu, dt = cpu(b) - cpu(a), b[0] - a[0]
            m["cpu_steady_s"] = round(dcpu, 3)
            m["cpu_steady_window_s"] = round(dt, 1)
            m["cpu_s_per_hour"] = round(dcpu / dt * 3600, 2)
            m["cpu_pct"] = round(100 * dcpu / dt, 3)
            # per tick from the interval: a controller that keeps its descriptors open opens the
            # temperature file once, so opens do not count its ticks
            m["cpu_ms_per_tick_interval"] = round(1000 * dcpu / dt * float(meta.get("interval", 1)), 3)
            m["cpu_s_per_hour_stat"] = round((cpu_tick(b) - cpu_tick(a)) / dt * 3600, 2)
            ta, tb = sim_t(a[0]), sim_t(b[0])
            sel = [r for r in rows if ta <= r["t"] <= tb]
            if sel:
                n = sel[-1][ctl_file.replace("reads", "rd")] - sel[0][ctl_file.replace("reads", "rd")]
                m["ticks_steady"] = int(n)
                if n > 0:
                    m["cpu_ms_per_tick"] = round(1000 * dcpu / n, 3)
    # state 2 s after the peer stopped (SIGTERM or death)
    if t_exit is not None:
        after = [r for r in rows if r["t"] >= t_exit + 2.0]
        if after:
            r = after[0]
            m["after_exit"] = {"pwm_enable": r["enable"], "pwm_file": r["pwm_file"], "duty": r["pwm"],
                               "rpm": r["rpm"], "t": r["t"]}
    fin = os.path.join(rd, "final_state.txt")
    if os.path.exists(fin):
        m["final_files"] = open(fin).read().strip().splitlines()
    # fault
    fon = next((e for e in ev if e.get("ev") == "fault_on"), None)
    if fon:
        tf = fon["t"]
        m["fault_t"] = tf
        after_f = [r for r in rows if r["t"] >= tf]
        end = t_end if t_end is not None else rows[-1]["t"]
        ff = meta.get("fault_for") or 0
        m["fault_window"] = plant_metrics(rows, tf, min(end, tf + ff) if ff else end)   # while the fault lasts
        m["fault_to_end"] = plant_metrics(rows, tf, end)                                 # fault .. end of run
        m["peer_alive_at_end"] = not m["exited_before_sigterm"]
        if m["exited_before_sigterm"] and t_exit is not None:
            m["exit_after_fault_s"] = round(t_exit - tf, 1)
        # what did the fan do during the fault?
        pre = [r for r in rows if tf - 5 <= r["t"] < tf]
        if pre:
            m["duty_before_fault"] = round(sum(r["pwm"] for r in pre) / len(pre))
        post = [r for r in after_f if r["t"] < (min(end, tf + ff) if ff else end)]
        if post:
            m["duty_during_fault_min_max"] = [int(min(r["pwm"] for r in post)), int(max(r["pwm"] for r in post))]
            m["enable_during_fault"] = sorted({int(r["enable"]) for r in post if r["enable"] is not None})
    ps_ = os.path.join(rd, "plant_summary.json")
    if os.path.exists(ps_):
        s = json.load(open(ps_))
        m["plant"] = {k: s.get(k) for k in ("late_steps_gt50ms", "max_lag_ms", "plant_cpu_s", "errors", "writes")}
    return m


def table(dirs):
    ms = []
    for d in dirs:
        p = os.path.join(d, "metrics.json")
        if os.path.exists(p):
            ms.append(json.load(open(p)))
    hdr = ("| peer | interval | run s | CPU ms/tick | CPU s/h | CPU total s | peak RSS MB | ticks | PWM changes (writes) "
           "| max Tj C | mean PWM % | Tj>90 s | throttled s | SIGTERM -> pwm_enable/pwm |")
    print(hdr)
    print("|" + "---|" * hdr.count("|")[:-1] if False else "|" + "|".join(["---"] * (hdr.count("|") - 1)) + "|")
    for m in ms:
        ae = m.get("after_exit", {})
        print(f"| {m['peer']}{('/' + m['tag']) if m.get('tag') else ''} | {m.get('interval_s')} | {m.get('window_s')} "
              f"| {m.get('cpu_ms_per_tick')} | {m.get('cpu_s_per_hour')} | {m.get('cpu_total_s')} "
              f"| {m.get('rss_peak_kB', 0)/1024:.1f} | {m.get('ticks')} | {m.get('pwm_changes')} ({m.get('pwm_writes')}) "
              f"| {m.get('max_junction_C')} | {m.get('mean_pwm_pct')} | {m.get('above90_s')} | {m.get('throttled_s')} "
              f"| {int(ae['pwm_enable']) if ae.get('pwm_enable') is not None else '?'}/{int(ae['pwm_file']) if ae.get('pwm_file') is not None else '?'} |")


def fault_table(dirs):
    print("| peer | fault (file), at t | peer reaction | pwm_enable/pwm it left | fan duty while faulted | max Tj: faulted / to end | Tj>90 s to end | throttled s to end |")
    print("|---|---|---|---|---|---|---|---|")
    files = {"junction": "temp2", "edge": "temp1", "mem": "temp3"}
    for d in dirs:
        p = os.path.join(d, "metrics.json")
        if not os.path.exists(p):
            continue
        m = json.load(open(p))
        if m.get("fault") in (None, "none"):
            continue
        fw, fe = m.get("fault_window", {}), m.get("fault_to_end", {})
        ae = m.get("after_exit", {})
        if m.get("exited_before_sigterm"):
            react = f"exits rc={m.get('peer_exit_rc')} {m.get('exit_after_fault_s')} s after fault"
            left = f"{int(ae['pwm_enable'])}/{int(ae['pwm_file'])}" if ae else "?"
        else:
            react, left = "keeps running", "-"
        dd = m.get("duty_during_fault_min_max") or [None, None]
        pct = lambda v: "?" if v is None else round(100 * v / 255)
        print(f"| {m['peer']} | {m['fault']} ({files.get(m.get('fault_sensor'), '?')}_input), {m.get('fault_t')} s "
              f"| {react} | {left} | {pct(dd[0])}-{pct(dd[1])} % "
              f"| {fw.get('max_junction_C')} / {fe.get('max_junction_C')} | {fe.get('above90_s')} | {fe.get('throttled_s')} |")


def main():
    if len(sys.argv) >= 3 and sys.argv[1] == "--csv":
        print(json.dumps(plant_metrics(load_csv(sys.argv[2])), indent=1))
    elif len(sys.argv) >= 2 and sys.argv[1] == "--table":
        table(sys.argv[2:])
    elif len(sys.argv) >= 2 and sys.argv[1] == "--faults":
        fault_table(sys.argv[2:])
    elif len(sys.argv) == 2:
        m = run_metrics(sys.argv[1])
        with open(os.path.join(sys.argv[1], "metrics.json"), "w") as f:
            json.dump(m, f, indent=1)
        print(json.dumps(m, indent=1))
    else:
        print(__doc__)
        sys.exit(2)


if __name__ == "__main__":
    main()
