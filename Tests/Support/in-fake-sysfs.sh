#!/bin/sh
# Runs a command with a fixture tree mounted over /sys/class and /sys/devices, in a private
# mount namespace, so that libsensors (which reads the real /sys only) reads the fixture.
# usage: in-fake-sysfs.sh FIXTURE_ROOT [SENSORS_CONF] -- COMMAND...
# Exits 77 when this machine cannot make a mount namespace (not root, no user namespaces).
set -e
fixture=$1; shift
conf=""
if [ "$1" != "--" ]; then conf=$1; shift; fi
[ "$1" = "--" ] && shift
if [ "$(id -u)" = 0 ]; then unshare="unshare -m"; else unshare="unshare -rm"; fi
$unshare true 2>/dev/null || { echo "no mount namespace here: $unshare failed" >&2; exit 77; }
exec $unshare sh -c '
    set -e
    fixture=$1; conf=$2; shift 2
    mount --make-rprivate /
    mount -t tmpfs tmpfs /sys/class
    mount -t tmpfs tmpfs /sys/devices
    cp -a "$fixture/sys/class/." /sys/class/
    cp -a "$fixture/sys/devices/." /sys/devices/
    if [ -n "$conf" ]; then
        mkdir -p /etc/sensors.d
        mount -t tmpfs tmpfs /etc/sensors.d
        cp "$conf" /etc/sensors.d/mi50fan-test.conf
    fi
    exec "$@"
' sh "$fixture" "$conf" "$@"
