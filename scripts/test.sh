#!/usr/bin/env bash
# Installs whatever is missing, then runs every check:
#   host `cargo test`, clippy (host and wasm32), rustfmt, wasm-bindgen tests in
#   headless Chromium, `trunk build --release` (+ bundle sizes), and the e2e tests
#   (playwright-core) against the release build served from /nats-playground/.
# Logs: target/test-logs/. Exit status 1 if anything failed.
set -uo pipefail
cd "$(dirname "$0")/.."
exec </dev/null
# shellcheck source=scripts/lib/tools.sh
source scripts/lib/tools.sh

LOGS=target/test-logs
mkdir -p "$LOGS"
START=$(date +%s.%N)
SUMMARY=()
FAILED=0

secs_since() { awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }'; }

# step NAME CMD...: runs CMD, tees its output to $LOGS/NAME.log, records status and time.
step() {
  local name=$1 t0 rc
  shift
  echo
  echo "==> $name: $*"
  t0=$(date +%s.%N)
  "$@" 2>&1 | tee "$LOGS/$name.log"
  rc=${PIPESTATUS[0]}
  if [ "$rc" -eq 0 ]; then
    SUMMARY+=("$(printf '%-14s ok      %6s s' "$name" "$(secs_since "$t0")")")
  else
    SUMMARY+=("$(printf '%-14s FAILED  %6s s  (exit %s, log %s)' "$name" "$(secs_since "$t0")" "$rc" "$LOGS/$name.log")")
    FAILED=1
  fi
  return "$rc"
}

skip() {
  SUMMARY+=("$(printf '%-14s skipped (%s)' "$1" "$2")")
  FAILED=1
}

setup() {
  ensure_rust && ensure_wasm_target && ensure_browser && ensure_trunk &&
    ensure_wasm_bindgen && ensure_npm_deps && report_installed
}

# cargo's "test result:" lines, added up.
cargo_totals() {
  grep -h '^test result:' "$@" 2>/dev/null |
    awk '{ p += $4; f += $6 } END { printf "%d passed, %d failed", p, f }'
}

bundle_sizes() {
  local f kind
  for kind in wasm js css; do
    for f in dist/*."$kind"; do
      [ -e "$f" ] || continue
      printf '%-5s %-48s %9d B raw %9d B gzip -9\n' "$kind" "${f#dist/}" \
        "$(stat -c %s "$f")" "$(gzip -9c "$f" | wc -c)"
    done
  done
}

wasm_target=wasm32-unknown-unknown
export CARGO_TERM_COLOR=${CARGO_TERM_COLOR:-never}

# Without the tools nothing else can run.
step setup setup || { printf '%s\n' "${SUMMARY[@]}"; exit 1; }
use_npm_tools
export CHROMEDRIVER=${CHROMEDRIVER:-$(command -v chromedriver)}

if step fetch cargo fetch; then
  step host-tests cargo test
  step clippy cargo clippy --all-targets -- -D warnings
  # src/ui and tests/web.rs only exist for wasm32: lint them there too.
  step clippy-wasm cargo clippy --target "$wasm_target" --features test-hooks --lib --bin nats-playground --test web --test web_panic --test web_browser -- -D warnings
  step fmt cargo fmt --check
  step wasm-tests cargo test --target "$wasm_target" --features test-hooks --test web --test web_panic --test web_browser
  if step release trunk build --release; then
    step bundle bundle_sizes
    step e2e node e2e/run.mjs
  else
    skip bundle "release build failed"
    skip e2e "release build failed"
  fi
else
  for s in host-tests clippy clippy-wasm fmt wasm-tests release bundle e2e; do skip "$s" "cargo fetch failed"; done
fi

echo
echo "==> summary ($(secs_since "$START") s in total)"
printf '  %s\n' "${SUMMARY[@]}"
if [ -s "$LOGS/bundle.log" ]; then
  echo "bundle sizes (dist/):"
  sed 's/^/  /' "$LOGS/bundle.log"
fi
echo "host tests: $(cargo_totals "$LOGS/host-tests.log")"
echo "wasm tests: $(cargo_totals "$LOGS/wasm-tests.log")"
e2e_line=$(grep -E '^e2e: [0-9]+ passed, [0-9]+ failed$' "$LOGS/e2e.log" 2>/dev/null | tail -n 1)
echo "${e2e_line:-e2e: not run}"
exit "$FAILED"
