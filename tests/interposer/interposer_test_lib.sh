# Shared by the interposer test scripts (sourced, not run).  interposer_test_setup parses the
# common options, makes a private $work directory (removed on exit, with any host still running)
# and sets the tool paths; every wait is bounded.
#
# wait_for_socket comes from the capture tests' library; `fail` is redefined below to show the
# host's log.
. "$(dirname "${BASH_SOURCE[0]}")/../capture/capture_test_lib.sh"

# Options: --bin-dir BUILD, --preload-first LIB (a sanitizer runtime the interposer needs loaded
# before it), --host-env VAR=VALUE (for virgl_test_server), --client-env VAR=VALUE (for guests).

interposer_test_setup() {
  local prefix=$1
  shift
  bin_dir=""
  preload_first=""
  host_env=()
  client_env=()
  rest=()
  while [ $# -gt 0 ]; do
    case "$1" in
      --bin-dir) bin_dir=$2; shift 2 ;;
      --preload-first) preload_first=$2; shift 2 ;;
      --host-env) host_env+=("$2"); shift 2 ;;
      --client-env) client_env+=("$2"); shift 2 ;;
      --) shift; rest=("$@"); break ;;
      *) echo "$(basename "$0"): unknown option '$1'" >&2; exit 2 ;;
    esac
  done
  interposer=$bin_dir/capture/interposer/libvgpu-capture-virgl.so
  shim=$bin_dir/capture/libvgpu_vtest_socket_redirect.so
  clients=$bin_dir/tests/clients
  trace_tool=$bin_dir/tools/vgpu-trace
  checker=$bin_dir/tests/capture/vgpu-check-readbacks
  comparer=$bin_dir/tests/interposer/vgpu-compare-captures
  capture=$bin_dir/tools/vgpu-capture
  replay=$bin_dir/tools/vgpu-replay
  command -v virgl_test_server >/dev/null || fail "virgl_test_server not found (Debian package virgl-server)"
  local b
  for b in "$interposer" "$shim" "$trace_tool" "$checker" "$comparer" "$capture"; do
    [ -e "$b" ] || fail "$b is not built (ninja vgpu-interposer-tests)"
  done
  work=$(mktemp -d "${TMPDIR:-/tmp}/$prefix.XXXXXX") || exit 1
  [ "${#work}" -lt 90 ] || fail "$work is too long for a socket path: use a shorter TMPDIR"
  socket=$work/vtest.sock
  host_pid=""
  host_wrapper=()  # a command the host runs under (unshare...)
  trap 'interposer_test_cleanup' EXIT
  ulimit -c 0
}

interposer_test_cleanup() {
  [ -n "$host_pid" ] && kill -KILL "$host_pid" 2>/dev/null
  rm -rf "$work"
}

fail() {
  echo "$(basename "$0"): FAIL: $*" >&2
  [ -f "$work/host.log" ] && { echo "--- host log:" >&2; cat "$work/host.log" >&2; }
  exit 1
}

# start_host VGPU_CAPTURE_FILE [SERVER_ARGS...]: virgl_test_server with the interposer preloaded,
# listening on $socket; its output goes to $work/host.log.  Extra VGPU_* variables come from the
# caller's environment.
start_host() {
  local file=$1
  shift
  rm -f "$socket"
  "${host_wrapper[@]}" env "${host_env[@]}" LD_PRELOAD="${preload_first:+$preload_first }$interposer" \
    VGPU_CAPTURE_FILE="$file" \
    virgl_test_server --use-egl-surfaceless --socket-path="$socket" "$@" >"$work/host.log" 2>&1 &
  host_pid=$!
  wait_for_socket "$socket" "$host_pid"
}

# stop_host [SIGNAL]: ends the host (SIGTERM by default) and waits for it; sets $host_status.
stop_host() {
  kill "-${1:-TERM}" "$host_pid" 2>/dev/null
  local _
  for _ in $(seq 200); do
    kill -0 "$host_pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -KILL "$host_pid" 2>/dev/null
  wait "$host_pid"
  host_status=$?
  host_pid=""
}

# run_guest CLIENT DUMPDIR [ARGS...]: one tests/clients program as a virpipe guest of $socket;
# it must pass (it checks its own pixels).
run_guest() {
  local name=$1 dump=$2
  shift 2
  env GALLIUM_DRIVER=virpipe LIBGL_ALWAYS_SOFTWARE=1 EGL_PLATFORM=surfaceless \
    VTEST_SOCKET_NAME="$socket" LD_PRELOAD="$shim" "${client_env[@]}" \
    timeout -k 5 60 "$clients/$name" --expect-renderer virgl --dump "$dump" "$@" \
    >>"$work/guest.log" 2>&1 || { cat "$work/guest.log" >&2; fail "guest $name failed"; }
}

# wait_for_log TEXT COUNT: until $work/host.log holds COUNT lines with TEXT (20 s).
wait_for_log() {
  local _
  for _ in $(seq 200); do
    [ "$(grep -c -- "$1" "$work/host.log")" -ge "$2" ] && return 0
    sleep 0.1
  done
  fail "the host log has $(grep -c -- "$1" "$work/host.log") lines with '$1' after 20 s, $2 expected"
}

# only_trace PATTERN: the one file matching PATTERN in $work.
only_trace() {
  local found
  found=$(find "$work" -maxdepth 1 -name "$1")
  [ "$(echo "$found" | grep -c .)" -eq 1 ] || fail "expected one trace $1 in $work, found: $found"
  echo "$found"
}
