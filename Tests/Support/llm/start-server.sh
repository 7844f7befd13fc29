#!/bin/sh
# Starts a real llama.cpp server on this CPU with a tiny random model, for the end-to-end
# benchmark test. Everything comes from PyPI into a throwaway virtual environment (cached
# between runs under $MI50FAN_LLM_CACHE); no model is downloaded.
# usage: start-server.sh PORT    -> prints the server's pid once it listens; exits 77 when
#                                   Python or PyPI is not available here.
set -eu
port=$1
here=$(cd "$(dirname "$0")" && pwd)
cache=${MI50FAN_LLM_CACHE:-${TMPDIR:-/tmp}/mi50fan-llm-test}
mkdir -p "$cache"
# One setup at a time: tests that start servers in parallel share the environment and model.
exec 9>"$cache/setup.lock"
flock 9
if [ ! -x "$cache/venv/bin/python" ] || ! "$cache/venv/bin/python" -c "import xllamacpp, gguf" 2>/dev/null; then
    rm -rf "$cache/venv"
    python3 -m venv "$cache/venv" >&2 || exit 77
    "$cache/venv/bin/pip" install -q --no-cache-dir xllamacpp==2026.10.11549 gguf==0.19.0 >&2 || exit 77
fi
[ -s "$cache/tiny.gguf" ] || "$cache/venv/bin/python" "$here/make-tiny-model.py" "$cache/tiny.gguf" >&2
exec 9>&-
"$cache/venv/bin/python" "$here/serve.py" "$cache/tiny.gguf" "$port" < /dev/null > "$cache/server-$port.log" 2>&1 &
pid=$!
# Wait for the server's own word that it listens (not a sleep: its log line).
i=0
until grep -q listening "$cache/server-$port.log" 2>/dev/null; do
    kill -0 $pid 2>/dev/null || { cat "$cache/server-$port.log" >&2; exit 1; }
    i=$((i + 1)); [ $i -gt 600 ] && { echo "server did not start" >&2; kill $pid; exit 1; }
    sleep 0.1
done
echo $pid
