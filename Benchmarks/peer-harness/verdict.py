#!/usr/bin/env python3
"""verdict.py RUN_DIR... -- the targets of `make compare`, checked run by run.

Each RUN_DIR is one compare.sh run (one seed: thinkfan and the two mi50fan configs at the same
time). Every mi50fan run is checked against thinkfan in the same run, since CPU figures compare
only within a run:
  PWM changes per 10 min <= 1/4 of thinkfan's, max junction <= thinkfan's, mean duty <=
  thinkfan's (from the mean PWM value, not the rounded percentage), 0 s throttled;
  resident memory <= 8 MB (MiB, as the table shows it) at the start-up peak and steady;
  CPU per tick <= thinkfan's.
Then how many runs met each, over all runs and per config, and the median and range of the
CPU ratio: the ratio moves by +-15-20% between runs of one binary on a VM, so read it over
several seeds. Then two lines on that spread:
  Noise: the two mi50fan daemons of a run are the same binary on the same machine at the same
    time, on two configs that cost about the same over many runs, so the ratio of their CPU
    per tick shows the run's noise (and the configs' difference in that run); runs in which
    either daemon failed are left out;
  Odds (six runs or more): taking each run's CPU ratio as log-normal with the centre and
    spread of the runs given, how often all six runs of a round (three seeds, two configs)
    would be under thinkfan's, and where the centre would have to be for nine rounds in ten.
A mi50fan run that left no figures, or whose daemon exited before the harness stopped it, is a
failed run: listed at the end, and the exit status is 1.

    python3 Benchmarks/peer-harness/verdict.py /tmp/mi50fan-compare/seed*-*
"""
import glob
import json
import math
import os
import statistics
import sys

CONFIGS = {"mi50fan-shipped": "as shipped", "mi50fan-peers": "peers' curve"}
MEMORY_LIMIT_KB = 8 * 1024


def load(run_dir):
    runs = {}
    for path in glob.glob(os.path.join(run_dir, "*", "metrics.json")):
        with open(path) as file:
            metrics = json.load(file)
        runs[metrics["tag"]] = metrics
    return runs


def per_ten_minutes(metrics):
    window = metrics.get("window_s") or 600
    return metrics["pwm_changes"] / window * 600


def check(mine, thinkfan):
    """(cells, passed, CPU ratio) for one mi50fan run against thinkfan's run beside it."""
    changes = per_ten_minutes(mine) / max(per_ten_minutes(thinkfan), 1e-9)
    junction = mine["max_junction_C"] - thinkfan["max_junction_C"]
    duty = (mine["mean_pwm"] - thinkfan["mean_pwm"]) / 255 * 100
    memory = max(mine["rss_peak_kB"], mine["rss_steady_kB"])
    cpu = mine["cpu_ms_per_tick_interval"] / thinkfan["cpu_ms_per_tick_interval"]
    passed = {
        "changes": changes <= 0.25,
        "junction": junction <= 0,
        "duty": duty <= 0,
        "throttled": mine["throttled_s"] == 0,
        "memory": memory <= MEMORY_LIMIT_KB,
        "cpu": cpu <= 1,
    }
    mark = lambda key: "✓" if passed[key] else "✗"
    cells = [f"{changes:.2f}x {mark('changes')}", f"{junction:+.2f} °C {mark('junction')}",
             f"{duty:+.2f} points {mark('duty')}", f"{mine['throttled_s']} s {mark('throttled')}",
             f"{memory / 1024:.2f} MB {mark('memory')}", f"{cpu:.3f}x {mark('cpu')}"]
    return cells, passed, cpu


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__.strip().split("\n")[0])
    print("| seed | mi50fan | changes (≤ 0.25x) | max junction (≤ thinkfan's) | mean duty (≤ thinkfan's) "
          "| throttled | RSS (≤ 8 MB) | CPU per tick (≤ thinkfan's) | all |")
    print("|---|---|---|---|---|---|---|---|---|")
    results, broken, short, pairs = [], [], False, []
    for run_dir in sys.argv[1:]:
        runs = load(run_dir)
        thinkfan = runs.get("thinkfan")
        if thinkfan is None:
            print(f"| {run_dir} | no thinkfan run beside it: skipped (nothing to compare with) | | | | | | | |")
            continue
        short = short or (thinkfan.get("window_s") or 600) < 590
        checked = []
        for tag, name in CONFIGS.items():
            mine = runs.get(tag)
            # A daemon that left no figures, or exited before the harness stopped it, failed.
            if mine is None or mine.get("exited_before_sigterm"):
                broken.append(f"{run_dir}: {name} " + ("left no metrics.json" if mine is None else
                              f"exited before the end of the run (status {mine.get('peer_exit_rc')})"))
                print(f"| {thinkfan.get('seed')} | {name} | {broken[-1]} | | | | | | no |")
                continue
            cells, passed, cpu = check(mine, thinkfan)
            results.append((name, passed, cpu))
            checked.append(mine["cpu_ms_per_tick_interval"])
            everything = all(passed.values())
            print(f"| {thinkfan.get('seed')} | {name} | " + " | ".join(cells) + f" | {'**yes**' if everything else 'no'} |")
        # Both daemons of the run checked (neither failed): their CPU against each other.
        if len(checked) == len(CONFIGS) and all(cpu > 0 for cpu in checked):
            pairs.append(checked[0] / checked[1])
    if not results:
        print("\nNo mi50fan run to check.")
    for label, chosen in [("All", results)] + [(name, [r for r in results if r[0] == name]) for name in CONFIGS.values()]:
        if chosen:
            summarize(label, chosen)
    if pairs:
        print(f"\nNoise: CPU per tick as shipped ÷ on the peers' curve (the same binary, side by side in one run): "
              f"median {statistics.median(pairs):.3f}x, {min(pairs):.3f}-{max(pairs):.3f}x over {len(pairs)} "
              f"run{'' if len(pairs) == 1 else 's'}.")
    if len(results) >= 6:
        print(round_odds([cpu for _, _, cpu in results]))
    if short:
        print("Some runs are shorter than 10 minutes: they cover only the first phases of the load, "
              "and the targets are set for 10-minute runs.")
    if broken:
        print("Failed runs (counted in none of the sums above):\n" + "\n".join(f"- {line}" for line in broken))
        sys.exit(1)


def round_odds(ratios, runs_per_round=6, wanted=0.9):
    """What the spread of the CPU ratios means for a round of `runs_per_round` runs."""
    logs = [math.log(r) for r in ratios if r > 0]
    if len(logs) < 2:
        return "Odds: too few CPU ratios to reckon with."
    centre, spread = statistics.mean(logs), statistics.stdev(logs)
    if spread == 0:
        side = "under" if centre <= 0 else "over"
        return f"Odds: every CPU ratio is {math.exp(centre):.3f}x, {side} thinkfan's; no spread to reckon with."
    normal = statistics.NormalDist()
    all_under = normal.cdf(-centre / spread) ** runs_per_round
    needed = math.exp(-normal.inv_cdf(wanted ** (1 / runs_per_round)) * spread)
    return (f"Odds: the {len(logs)} CPU ratios centre on {math.exp(centre):.3f}x (geometric mean) with a spread of "
            f"{spread:.3f} (standard deviation of their logarithms; the fewer the runs, the less sure). "
            f"At that, all {runs_per_round} runs of a round "
            f"are under thinkfan's {all_under:.0%} of the time; for {wanted:.0%} of rounds the centre would have "
            f"to be {needed:.2f}x.")


def summarize(label, results):
    """One line: how many of `results` ((name, passed, cpu ratio) each) met each target."""
    count = lambda keys: sum(all(passed[k] for k in keys) for _, passed, _ in results)
    ratios = [cpu for _, _, cpu in results]
    quality = ("changes", "junction", "duty", "throttled")
    print(f"\n{label}: {len(results)} run{'' if len(results) == 1 else 's'}: quality (changes, junction, duty, throttling) met in {count(quality)}, "
          f"memory in {count(('memory',))}, CPU at or under thinkfan's in {count(('cpu',))} "
          f"(median {statistics.median(ratios):.3f}x, {min(ratios):.3f}-{max(ratios):.3f}x); "
          f"everything in {count(quality + ('memory', 'cpu'))}.")


main()
