#!/usr/bin/env bash
# vgpu-replay on a trace cut in the middle (a capture that crashed): it must replay the whole
# blocks, say where and why it stopped, and exit 2; and on a missing file, exit 2 with a message.
set -u
tool=$1 trace=$2 cut=$3
size=$(stat -c %s "$trace")
head -c $((size * 2 / 3)) "$trace" > "$cut"
out=$("$tool" --quiet "$cut" 2>&1); rc=$?
echo "$out"
[ "$rc" -eq 2 ] || { echo "FAIL: cut trace exit $rc, expected 2"; exit 1; }
grep -q "damaged\|stopped" <<<"$out" || { echo "FAIL: no message saying where it stopped"; exit 1; }
out=$("$tool" /nonexistent/x.vtrc 2>&1); rc=$?
[ "$rc" -eq 2 ] || { echo "FAIL: missing file exit $rc, expected 2"; exit 1; }
grep -q "/nonexistent/x.vtrc" <<<"$out" || { echo "FAIL: message does not name the file"; exit 1; }
echo PASS
