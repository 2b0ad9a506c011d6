#!/usr/bin/env bash
# Runs every benchmark and writes BENCHMARKS.md: each figure, its budget, the machine, the
# command. Budgets are goals measured here, never asserted by the test suite.
#   model (criterion): publish->deliver->ack throughput, cost per message vs stored messages,
#                      the playground over long runs (cost per message, seeks, memory),
#                      the simulation workload (10 min virtual at 100 msg/s) natively;
#                      the broker's heap over 2,000,000 cycles under a store limit;
#   browser:           the same workload in headless Chromium (wasm), the release bundle size
#                      and what weighs in it, first render after navigation, frame times with
#                      12 panels at 50 msg/s.
set -uo pipefail
cd "$(dirname "$0")/.."
exec </dev/null
# shellcheck source=scripts/lib/tools.sh
source scripts/lib/tools.sh
ensure_rust && ensure_wasm_target && ensure_browser && ensure_trunk && ensure_wasm_bindgen && ensure_npm_deps || exit 1
use_npm_tools
export CHROMEDRIVER=${CHROMEDRIVER:-$(command -v chromedriver)}
export CARGO_TERM_COLOR=never TRUNK_SKIP_VERSION_CHECK=true
OUT=target/bench
mkdir -p "$OUT"

echo "==> criterion benchmarks (broker, sim)"
cargo bench --bench broker -- --noplot 2>&1 | tee "$OUT/criterion-broker.log" | grep -E '^[a-z_]+/|time:|thrpt:'
cargo bench --bench sim -- --noplot 2>&1 | tee "$OUT/criterion-sim.log" | grep -E '^[a-z_]+/|time:'
cargo bench --bench memory 2>"$OUT/memory.log" | tail -1 >"$OUT/memory.json" || { cat "$OUT/memory.log"; exit 1; }
cat "$OUT/memory.json"
cargo bench --bench playground -- --noplot 2>"$OUT/playground.log" | grep '^{"cost_ns_per_msg"' >"$OUT/playground.json" || { cat "$OUT/playground.log"; exit 1; }
cat "$OUT/playground.json"

echo "==> the simulation workload in headless Chromium (wasm, release)"
cargo test --release --target wasm32-unknown-unknown --test web_bench -- --nocapture 2>&1 |
  tee "$OUT/wasm-sim.log" | grep -E 'BENCH|test result'

echo "==> release bundle"
trunk build --release >"$OUT/trunk.log" 2>&1 || { tail -20 "$OUT/trunk.log"; exit 1; }
for f in dist/*.wasm dist/*.js dist/*.css; do
  [ -e "$f" ] && printf '%s %d %d\n' "${f#dist/}" "$(stat -c %s "$f")" "$(gzip -9c "$f" | wc -c)"
done >"$OUT/bundle.txt"
for f in dist/lessons/*.json; do
  [ -e "$f" ] && printf '%s %d %d\n' "${f#dist/}" "$(stat -c %s "$f")" "$(gzip -9c "$f" | wc -c)"
done >"$OUT/lessons.txt"
cat "$OUT/bundle.txt"

echo "==> what weighs in the wasm (the same release code, names kept)"
rm -rf "$OUT/named" && mkdir -p "$OUT/named"
wasm-bindgen --target web --no-typescript --out-dir "$OUT/named" \
  target/wasm32-unknown-unknown/release/nats-playground.wasm &&
  wasm-opt -Oz -g "$OUT/named/nats-playground_bg.wasm" -o "$OUT/named.wasm" &&
  node e2e/bench/weigh.mjs "$OUT/named.wasm" >"$OUT/weigh.json" ||
  { echo "weighing the wasm failed"; exit 1; }

echo "==> load and frame times in headless Chromium (release build)"
node e2e/bench/run.mjs >"$OUT/browser.json" 2>"$OUT/browser.log" || { cat "$OUT/browser.log"; exit 1; }
cat "$OUT/browser.json"

node e2e/bench/report.mjs >BENCHMARKS.md && echo "wrote BENCHMARKS.md" && cat BENCHMARKS.md
