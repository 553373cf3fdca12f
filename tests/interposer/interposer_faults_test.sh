#!/usr/bin/env bash
# Recording that cannot happen never bothers the host: an unwritable path, a full device
# (/dev/full), a bad configuration and no configuration each give exactly one logged line, and the
# guest renders and checks its pixels as without the interposer.
set -uo pipefail
. "$(dirname "$0")/interposer_test_lib.sh"
interposer_test_setup vgpu-interp-faults "$@"

# expect_one_line CAPTURE_FILE TEXT [VAR=VALUE...]: the guest passes and the log says TEXT once.
expect_one_line() {
  local file=$1 text=$2
  shift 2
  echo "== VGPU_CAPTURE_FILE='$file' $*"
  : >"$work/guest.log"
  local saved=("${host_env[@]}")
  host_env+=("$@")
  start_host "$file"
  host_env=("${saved[@]}")
  run_guest vgpu-client-triangle "$work/dump"
  wait_for_log "$text" 1
  stop_host
  grep "vgpu-capture-virgl" "$work/host.log"
  [ "$(grep -c "vgpu-capture-virgl" "$work/host.log")" -eq 1 ] || fail "one line expected"
  rm -rf "$work/dump"
}

expect_one_line /nonexistent-vgpu-dir/t-%p.vtrc "recording disabled: /nonexistent-vgpu-dir/t-"
expect_one_line /dev/full "recording disabled: /dev/full"
expect_one_line "$work/t.vtrc" "recording disabled: VGPU_CAPTURE_LEVEL='99'" VGPU_CAPTURE_LEVEL=99
expect_one_line "" "VGPU_CAPTURE_FILE is not set"
[ -z "$(find "$work" -name '*.vtrc')" ] || fail "a trace was written"
echo "PASS"
