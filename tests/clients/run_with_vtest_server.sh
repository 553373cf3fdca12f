#!/usr/bin/env bash
# Runs one GL client as a real virgl guest: starts a private virgl_test_server on a socket in a
# fresh temporary directory, runs the client through Mesa's virpipe driver against it, stops the
# server and exits with the client's status.  A missing server is a failure, not a skip: the
# virpipe tests exist to prove the real guest/host pair works.
#
# usage: run_with_vtest_server.sh [--server PATH] [--preload LIB] [--timeout SECONDS]
#                                 [--keep-log FILE] -- CLIENT [ARGS...]
set -uo pipefail

server=virgl_test_server
preload=""
client_timeout=45
keep_log=""
while [ $# -gt 0 ]; do
  case "$1" in
    --server) server=$2; shift 2 ;;
    --preload) preload=$2; shift 2 ;;
    --timeout) client_timeout=$2; shift 2 ;;
    --keep-log) keep_log=$2; shift 2 ;;
    --) shift; break ;;
    *) echo "run_with_vtest_server.sh: unknown option '$1'" >&2; exit 2 ;;
  esac
done
if [ $# -eq 0 ]; then
  echo "run_with_vtest_server.sh: no client command after --" >&2
  exit 2
fi
if ! command -v "$server" >/dev/null 2>&1; then
  echo "run_with_vtest_server.sh: FAIL: '$server' not found; install Debian package" \
       "virgl-server (scripts/install-deps.sh)" >&2
  exit 1
fi
if [ -n "$preload" ] && [ ! -f "$preload" ]; then
  echo "run_with_vtest_server.sh: FAIL: preload library '$preload' does not exist (build it)" >&2
  exit 1
fi

workdir=$(mktemp -d "${TMPDIR:-/tmp}/vgpu-vtest.XXXXXX") || exit 1
socket=$workdir/sock
server_log=$workdir/server.log
server_pid=""

stop_server() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null
    # Bounded wait, then force: a wedged server must not outlive the test.
    for _ in $(seq 50); do
      kill -0 "$server_pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -KILL "$server_pid" 2>/dev/null
    wait "$server_pid" 2>/dev/null
  fi
  server_pid=""
}
cleanup() {
  stop_server
  if [ -n "$keep_log" ]; then cp "$server_log" "$keep_log" 2>/dev/null; fi
  rm -rf "$workdir"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# The default mode forks one renderer process per guest connection, like a real deployment; the
# per-connection child exits when the guest closes its socket.
"$server" --use-egl-surfaceless --socket-path="$socket" >"$server_log" 2>&1 &
server_pid=$!

# Bounded wait for the listening socket (10 s); stop early if the server died.
for _ in $(seq 100); do
  [ -S "$socket" ] && break
  if ! kill -0 "$server_pid" 2>/dev/null; then
    echo "run_with_vtest_server.sh: FAIL: $server exited before creating $socket:" >&2
    cat "$server_log" >&2
    exit 1
  fi
  sleep 0.1
done
if [ ! -S "$socket" ]; then
  echo "run_with_vtest_server.sh: FAIL: $server did not create $socket within 10 s" >&2
  cat "$server_log" >&2
  exit 1
fi

client_env=(GALLIUM_DRIVER=virpipe LIBGL_ALWAYS_SOFTWARE=1 VTEST_SOCKET_NAME="$socket"
            EGL_PLATFORM=surfaceless)
if [ -n "$preload" ]; then
  # The shim is not sanitizer-instrumented and lands ahead of the sanitizer runtime.
  client_env+=(LD_PRELOAD="$preload${LD_PRELOAD:+:$LD_PRELOAD}"
               ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0")
fi
env "${client_env[@]}" timeout -k 5 "$client_timeout" "$@"
status=$?
if [ $status -eq 124 ] || [ $status -eq 137 ]; then
  echo "run_with_vtest_server.sh: FAIL: client timed out after ${client_timeout} s" >&2
fi
if [ $status -ne 0 ] && [ -s "$server_log" ]; then
  echo "--- $server log ---" >&2
  cat "$server_log" >&2
fi
exit $status
