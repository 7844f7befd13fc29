#!/usr/bin/env python3
"""compare-table.py METRICS.json... -- the side-by-side table of compare.sh, one row per run."""
import json
import sys

ORDER = {"thinkfan": 0, "mi50fan-shipped": 1, "mi50fan-peers": 2}
NAMES = {"thinkfan": "thinkfan (staircase, 5 °C hysteresis)",
         "mi50fan-shipped": "mi50fan as shipped (balanced, junction+mem, spike filter)",
         "mi50fan-peers": "mi50fan, peers' curve (30%@50 -> 100%@85 junction, spike filter)"}


def row(m):
    mb = lambda k: f"{m[k] / 1024:.1f}" if m.get(k) is not None else "-"
    per10 = m["pwm_changes"] / m["window_s"] * 600 if m.get("window_s") else 0
    return (f"| {NAMES.get(m['tag'], m['tag'])} | {m.get('cpu_ms_per_tick_interval', '-')} | {m.get('cpu_pct', '-')} "
            f"| {mb('rss_peak_kB')} | {mb('rss_steady_kB')} | {per10:.0f} | {m.get('pwm_reversals')} "
            f"| {m.get('max_junction_C')} | {m.get('mean_pwm_pct')} | {m.get('throttled_s')} |")


def main():
    runs = [json.load(open(p)) for p in sys.argv[1:]]
    runs.sort(key=lambda m: ORDER.get(m.get("tag"), 9))
    if runs:
        m = runs[0]
        print(f"scenario {m.get('scenario')}, seed {m.get('seed')}, {m.get('window_s')} s, interval {m.get('interval_s')} s\n")
    print("| controller | CPU ms/tick | CPU % of a core | peak RSS MB | steady RSS MB | PWM changes /10 min "
          "| reversals | max junction °C | mean duty % | throttled s |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for m in runs:
        print(row(m))


main()
