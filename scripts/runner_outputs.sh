#!/usr/bin/env bash
# Writes the headless runner's output for every scenario in tests/golden/ (probes included)
# into DIR (one .out file per scenario, exit status appended), to compare two builds:
#   scripts/runner_outputs.sh /tmp/before && (change) && scripts/runner_outputs.sh /tmp/after
#   diff -r /tmp/before /tmp/after
set -u
dir=${1:?usage: runner_outputs.sh DIR}
mkdir -p "$dir"
cargo build --release --quiet --bin scenario || exit 1
bin=target/release/scenario
n=0
for f in tests/golden/*.scenario.json tests/golden/probes/*.scenario.json; do
  out="$dir/$(echo "${f#tests/golden/}" | tr / _).out"
  "$bin" run "$f" >"$out" 2>&1
  echo "exit $?" >>"$out"
  n=$((n + 1))
done
echo "$n scenarios written to $dir"
