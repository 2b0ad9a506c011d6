#!/usr/bin/env bash
# Installs whatever is missing, then serves the playground with live reload at
# http://127.0.0.1:8080/ (PORT=... to change). Extra arguments go to `trunk serve`.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/lib/tools.sh
source scripts/lib/tools.sh

ensure_rust
ensure_wasm_target
ensure_trunk
ensure_wasm_bindgen
ensure_npm_deps
report_installed

cargo fetch --quiet
use_npm_tools
port=${PORT:-8080}
echo "serving http://127.0.0.1:$port/ (Ctrl-C stops)"
# Own dist dir: a dev build in dist/ would be mistaken for the release build.
exec trunk serve --address 127.0.0.1 --port "$port" --dist target/serve-dist "$@"
