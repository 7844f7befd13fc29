#!/bin/sh
# System calls per full control tick on a tmpfs tree: strace -c over 1000 ticks minus a run
# with none (the setup), divided by 1000.
# usage: tick-syscalls.sh TICKSYSCALLS_BINARY
set -eu
bin=$1
command -v strace > /dev/null || { echo "tick system calls: strace not installed (apt install strace)"; exit 0; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
strace -c -f -o "$out/none" "$bin" 0 > /dev/null
strace -c -f -o "$out/many" "$bin" 1000 > /dev/null
count() { awk '$NF ~ /^[a-z_0-9]+$/ && $4 ~ /^[0-9]+$/ && $NF != "total" {print $NF, $4}' "$1"; }
count "$out/none" > "$out/none.txt"
count "$out/many" > "$out/many.txt"
awk 'NR == FNR {base[$1] = $2; next} {d = ($2 - base[$1]) / 1000; if (d >= 0.05) {line = line sprintf("%s%s %.1f", (n++ ? ", " : ""), $1, d); sum += d}}
     END {printf "full control tick on a tmpfs tree: %.1f system calls per tick (%s)\n", sum, line}' "$out/none.txt" "$out/many.txt"
