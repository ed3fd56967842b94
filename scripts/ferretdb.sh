#!/usr/bin/env bash
# Builds and runs FerretDB 1.24.2 (MongoDB wire protocol, embedded SQLite) for tests, CI and benchmarks.
#   scripts/ferretdb.sh build            build tools/ferretdb/bin/ferretdb from the Go module proxy
#   scripts/ferretdb.sh start [PORT]     start it on 127.0.0.1:PORT (default 27117), print MONGODB_URI
#   scripts/ferretdb.sh stop             stop the server started by `start`
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
tools="$root/tools/ferretdb"
bin="$tools/bin/ferretdb"
state="$root/.ferretdb"
version=v1.24.2

build() {
  [ -x "$bin" ] && { echo "ferretdb: $bin already built" >&2; return; }
  cd "$tools"
  go mod download github.com/FerretDB/FerretDB
  local src work
  src=$(go list -m -f '{{.Dir}}' github.com/FerretDB/FerretDB)
  work=$(mktemp -d)
  # FerretDB panics at start unless build/version/version.txt names its version; the module zip lacks
  # that generated file, so build from a copy that has it (see DEVELOPERS.md: `go install` panics too).
  cp -r "$src" "$work/FerretDB"
  chmod -R u+w "$work/FerretDB"
  echo "$version" > "$work/FerretDB/build/version/version.txt"
  cp go.mod go.sum "$work/"
  go mod edit -modfile="$work/go.mod" -replace "github.com/FerretDB/FerretDB=$work/FerretDB"
  go build -modfile="$work/go.mod" -o "$bin" github.com/FerretDB/FerretDB/cmd/ferretdb
  rm -rf "$work"
  echo "ferretdb: built $bin" >&2
}

start() {
  local port=${1:-27117}
  [ -x "$bin" ] || build
  mkdir -p "$state/data"
  if [ -f "$state/pid" ] && kill -0 "$(cat "$state/pid")" 2>/dev/null; then
    echo "ferretdb: already running (pid $(cat "$state/pid"))" >&2
  else
    "$bin" --handler=sqlite --sqlite-url="file:$state/data/" --listen-addr="127.0.0.1:$port" \
      --state-dir=- --debug-addr=- --telemetry=disable >"$state/log" 2>&1 &
    echo $! >"$state/pid"
    for _ in $(seq 1 100); do
      grep -q 'Listening on TCP' "$state/log" 2>/dev/null && break
      kill -0 "$(cat "$state/pid")" 2>/dev/null || { cat "$state/log" >&2; echo "ferretdb: exited at start" >&2; exit 1; }
      sleep 0.1
    done
    grep -q 'Listening on TCP' "$state/log" || { cat "$state/log" >&2; echo "ferretdb: not listening after 10 s" >&2; exit 1; }
  fi
  echo "mongodb://127.0.0.1:$port/"
}

stop() {
  if [ -f "$state/pid" ]; then
    kill "$(cat "$state/pid")" 2>/dev/null || true
    rm -f "$state/pid"
  fi
}

case "${1:-}" in
  build) build ;;
  start) start "${2:-}" ;;
  stop) stop ;;
  *) echo "usage: $0 build | start [PORT] | stop" >&2; exit 2 ;;
esac
