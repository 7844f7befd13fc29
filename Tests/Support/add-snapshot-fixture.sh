#!/bin/sh
# Turns a tarball from `mi50fan snapshot` into a test fixture: Tests/Fixtures/NAME/sys/...,
# usable as `--root` and by FixtureRoot("NAME") in the tests.
# usage: add-snapshot-fixture.sh SNAPSHOT.tar NAME [FIXTURES_DIR]
# Refuses members outside sys/ (and the snapshot's own snapshot.txt), absolute paths, `..`,
# device files, and links that lead out of the fixture.
set -eu
usage() { echo "usage: $0 SNAPSHOT.tar NAME [FIXTURES_DIR]" >&2; exit 2; }
[ $# -ge 2 ] || usage
tarball=$1; name=$2
fixtures=${3:-$(cd "$(dirname "$0")/../Fixtures" && pwd)}
case $name in
    ''|*[!a-z0-9._-]*|[._-]*) echo "$0: NAME '$name' must be lower-case letters, digits, '.', '_' or '-', like mi50-32gb-x570" >&2; exit 2 ;;
esac
[ -f "$tarball" ] || { echo "$0: no snapshot at $tarball; make one with \`mi50fan snapshot -o FILE\`" >&2; exit 1; }
dest=$fixtures/$name
[ ! -e "$dest" ] || { echo "$0: $dest exists; pick another NAME or remove it first" >&2; exit 1; }
tar -tf "$tarball" | while IFS= read -r member; do
    case $member in
        /*|../*|*/../*|*/..) echo "$0: $tarball: refusing member '$member' (absolute or leaving the fixture)" >&2; exit 1 ;;
        sys|sys/|sys/*|snapshot.txt) ;;
        *) echo "$0: $tarball: refusing member '$member' (a snapshot holds sys/ and snapshot.txt only)" >&2; exit 1 ;;
    esac
done
if tar -tvf "$tarball" | grep -q '^[bcp]'; then echo "$0: $tarball: refusing device or FIFO members" >&2; exit 1; fi
mkdir -p "$dest"
tar -xf "$tarball" -C "$dest" --no-same-owner --no-same-permissions
real=$(cd "$dest" && pwd -P)
bad=$(find "$dest" -type l | while IFS= read -r link; do
    target=$(realpath -m "$(dirname "$link")/$(readlink "$link")")
    case $target in "$real"/*) ;; *) echo "$link" ;; esac
done)
if [ -n "$bad" ]; then
    rm -rf "$dest"
    echo "$0: $tarball: links leading out of the fixture: $bad" >&2
    exit 1
fi
[ -d "$dest/sys/class" ] || { rm -rf "$dest"; echo "$0: $tarball holds no sys/class: not a mi50fan snapshot" >&2; exit 1; }
echo "fixture $dest"
[ -f "$dest/snapshot.txt" ] && sed 's/^/  /' "$dest/snapshot.txt"
echo "use it with \`mi50fan detect --root $dest\` or FixtureRoot(\"$name\") in a test"
