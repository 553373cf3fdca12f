# Shared by the capture test scripts that run vgpu-capture as a daemon (sourced, not run).
# daemon_test_setup parses the common options, makes a private $work directory removed on exit
# (with any vgpu-capture still in $cap_pid), and sets the tool paths; every wait is bounded.

# daemon_test_setup WORK_PREFIX "$@": options --bin-dir BUILD and --client-env VAR=VALUE.
daemon_test_setup() {
  local prefix=$1
  shift
  bin_dir=""
  client_env=""
  while [ $# -gt 0 ]; do
    case "$1" in
      --bin-dir) bin_dir=$2; shift 2 ;;
      --client-env) client_env="$client_env $2"; shift 2 ;;
      *) echo "$(basename "$0"): unknown option '$1'" >&2; exit 2 ;;
    esac
  done
  capture=$bin_dir/tools/vgpu-capture
  trace_tool=$bin_dir/tools/vgpu-trace
  checker=$bin_dir/tests/capture/vgpu-check-readbacks
  shim=$bin_dir/capture/libvgpu_vtest_socket_redirect.so
  clients=$bin_dir/tests/clients
  work=$(mktemp -d "${TMPDIR:-/tmp}/$prefix.XXXXXX") || exit 1
  cap_pid=""
  trap 'daemon_test_cleanup' EXIT
  ulimit -c 0
  require_tools
}

daemon_test_cleanup() {
  [ -n "$cap_pid" ] && kill -KILL "$cap_pid" 2>/dev/null
  rm -rf "$work"
}

fail() {
  echo "$(basename "$0"): FAIL: $*" >&2
  exit 1
}

require_tools() {
  command -v virgl_test_server >/dev/null || fail "virgl_test_server not found (Debian package virgl-server)"
  local b
  for b in "$capture" "$trace_tool" "$checker" "$shim"; do [ -e "$b" ] || fail "$b is not built"; done
}

# check_socket_path PATH: a Unix socket path must fit in sun_path.
check_socket_path() {
  [ "${#1}" -lt 107 ] || fail "socket path $1 is ${#1} bytes, over 106: use a shorter TMPDIR"
}

# wait_for_socket PATH PID: until PATH is a socket (20 s), failing early if PID died.
wait_for_socket() {
  local _
  for _ in $(seq 200); do
    [ -S "$1" ] && return 0
    kill -0 "$2" 2>/dev/null || fail "the process that should listen on $1 exited"
    sleep 0.1
  done
  fail "nothing listens on $1 after 20 s"
}

# wait_for_exit PID SECONDS: waits for PID (a child of this shell) and sets $exit_status; a
# process still running after SECONDS is killed and fails the test.
wait_for_exit() {
  local _
  for _ in $(seq $(($2 * 10))); do
    kill -0 "$1" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$1" 2>/dev/null; then
    kill -KILL "$1" 2>/dev/null
    wait "$1" 2>/dev/null
    fail "process $1 still running after $2 s"
  fi
  wait "$1"
  exit_status=$?
}

# run_guest NAME DUMPDIR [ARGS...]: one client of tests/clients as a virpipe guest of $socket.
run_guest() {
  local name=$1 dump=$2
  shift 2
  env GALLIUM_DRIVER=virpipe LIBGL_ALWAYS_SOFTWARE=1 EGL_PLATFORM=surfaceless \
    VTEST_SOCKET_NAME="$socket" LD_PRELOAD="$shim" ${client_env:-} \
    timeout -k 5 60 "$clients/vgpu-client-$name" --expect-renderer virgl --dump "$dump" "$@"
}

# count_readbacks DIR: readback files a client has begun to write.
count_readbacks() {
  find "$1" -name 'readback-*.rgba' 2>/dev/null | wc -l
}

# wait_for_readbacks DIR N SECONDS: until DIR holds N readbacks.
wait_for_readbacks() {
  local _
  for _ in $(seq $(($3 * 10))); do
    [ "$(count_readbacks "$1")" -ge "$2" ] && return 0
    sleep 0.1
  done
  fail "$1 holds $(count_readbacks "$1") readbacks after $3 s, $2 expected"
}

# trace_of DIR CLIENT: the one per-client trace of vgpu-client-CLIENT in DIR.
trace_of() {
  local found
  found=$(find "$1" -name "client-*-vgpu-client-$2.vtrc")
  [ "$(echo "$found" | grep -c .)" -eq 1 ] || fail "expected one trace of $2 in $1, found: $found"
  echo "$found"
}

# snapshot_dump SRC DST: a consistent copy of a running client's dump directory.  The client
# rewrites readbacks.json after each readback file, so a signal can leave it empty or cut; a
# copy of a whole one (ending in "}") lists only files that were complete when it was taken.
# Sets $snapshot_readbacks to the number of readbacks it lists.
snapshot_dump() {
  local _
  mkdir -p "$2"
  for _ in $(seq 100); do
    cp "$1/readbacks.json" "$2/readbacks.json.part" 2>/dev/null &&
      [ "$(tail -c 2 "$2/readbacks.json.part")" = "}" ] && break
    sleep 0.1
  done
  [ "$(tail -c 2 "$2/readbacks.json.part" 2>/dev/null)" = "}" ] || fail "no whole readbacks.json in $1"
  cp "$1"/readback-*.rgba "$2/"
  mv "$2/readbacks.json.part" "$2/readbacks.json"
  snapshot_readbacks=$(grep -c '"index"' "$2/readbacks.json")
}
