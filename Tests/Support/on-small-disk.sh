#!/bin/sh
# Runs a command with DIR on a small tmpfs in a private mount namespace, to test what happens
# when saving runs into a full or read-only disk.
# usage: on-small-disk.sh DIR full|readonly -- COMMAND...
# DIR's files are copied onto the tmpfs first; the tmpfs is then filled up or made read-only.
# Exits 77 when this machine cannot make a mount namespace.
set -e
dir=$1; mode=$2; shift 2; [ "$1" = "--" ] && shift
if [ "$(id -u)" = 0 ]; then unshare="unshare -m"; else unshare="unshare -rm"; fi
$unshare true 2>/dev/null || { echo "no mount namespace here" >&2; exit 77; }
exec $unshare sh -c '
    set -e
    dir=$1; mode=$2; shift 2
    mount --make-rprivate /
    copy=$(mktemp -d)
    cp -a "$dir/." "$copy/"
    mount -t tmpfs -o size=256k tmpfs "$dir"
    cp -a "$copy/." "$dir/"
    rm -rf "$copy"
    if [ "$mode" = full ]; then
        dd if=/dev/zero of="$dir/.filler" bs=4k 2>/dev/null || true
    else
        mount -o remount,ro "$dir"
    fi
    status=0
    "$@" || status=$?
    # Show what the disk holds afterwards, for the test to compare.
    for f in "$dir"/curves/*.yaml "$dir"/config.yaml; do echo "=== $f"; cat "$f"; done
    exit $status
' sh "$dir" "$mode" "$@"
