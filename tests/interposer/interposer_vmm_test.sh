#!/usr/bin/env bash
# A QEMU-like host (vgpu-vmm-like-host: its own init, guest pages as three iovecs, transfers with
# no iovecs of their own, the vgpu_capture_frame_end hook) passes with and without the
# interposer, and its trace holds exactly its calls with the uploaded bytes.
set -uo pipefail
. "$(dirname "$0")/interposer_test_lib.sh"
interposer_test_setup vgpu-interp-vmm "$@"
vmm=$bin_dir/tests/interposer/vgpu-vmm-like-host
check=$bin_dir/tests/interposer/vgpu-check-vmm-trace
for b in "$vmm" "$check"; do [ -x "$b" ] || fail "$b is not built"; done

echo "== without the interposer"
"$vmm" || fail "the host fails on its own"
echo "== with it"
env "${host_env[@]}" LD_PRELOAD="${preload_first:+$preload_first }$interposer" \
  VGPU_CAPTURE_FILE="$work/vmm-%p.vtrc" "$vmm" >"$work/host.log" 2>&1 || fail "the host fails with the interposer"
cat "$work/host.log"
trace=$(only_trace "vmm-*.vtrc")
"$trace_tool" verify "$trace" || fail "vgpu-trace verify failed"
"$check" "$trace" || fail "the trace does not hold the host's calls"
echo "PASS"
