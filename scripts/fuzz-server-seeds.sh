#!/bin/bash
# Seeds of the server harness: every vtest_wire seed (a config byte, then a vtest client stream:
# one per message kind, and the whole sessions of the corpus traces) without its config byte.
#   scripts/fuzz-server-seeds.sh      (rewrites corpus/fuzz/server/)
set -euo pipefail
cd "$(dirname "$0")/.."
rm -rf corpus/fuzz/server
mkdir -p corpus/fuzz/server
for f in corpus/fuzz/vtest_wire/*; do
  tail -c +2 "$f" > "corpus/fuzz/server/$(basename "$f")"
done
echo "corpus/fuzz/server: $(ls corpus/fuzz/server | wc -l) seeds"
