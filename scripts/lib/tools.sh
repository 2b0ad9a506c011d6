# shellcheck shell=bash
# Idempotent tool installers, sourced by scripts/serve.sh and scripts/test.sh.
# Each `ensure_*` prints one short line: what it found, or what it installs.
# Needs only rustup (+ apt-get for system packages on Debian/Ubuntu).

TRUNK_VERSION=0.21.14
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
INSTALLED=()

have() { command -v "$1" >/dev/null 2>&1; }
note() { printf '  %-18s %s\n' "$1" "$2"; }
die() {
  echo "error: $*" >&2
  exit 1
}

# `cargo install` for build tools, without the fat LTO and single codegen unit of
# trunk's release profile: that is the slowest profile to compile (a long
# single-threaded LTO step at the end), and build tools do not need it.
cargo_install_tool() {
  CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 cargo install "$@"
}

# Runs a command as root (directly, or through sudo).
as_root() {
  if [ "$(id -u)" = 0 ]; then
    "$@"
  elif have sudo; then
    sudo "$@"
  else
    die "needs root: $*"
  fi
}

apt_install() {
  have apt-get || die "missing $*; install them with your package manager"
  note apt "installing $*"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" </dev/null
  INSTALLED+=("$@")
}

# The wasm-bindgen version in Cargo.lock: the CLI must be exactly this version.
wasm_bindgen_version() {
  awk '$0 == "name = \"wasm-bindgen\"" { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock
}

ensure_rust() {
  have cargo && have rustup || die "cargo/rustup not found: install rustup (https://rustup.rs), then re-run"
  local missing=()
  cargo clippy --version >/dev/null 2>&1 || missing+=(clippy)
  cargo fmt --version >/dev/null 2>&1 || missing+=(rustfmt)
  if [ ${#missing[@]} -gt 0 ]; then
    note rustup "adding ${missing[*]}"
    rustup component add "${missing[@]}"
    INSTALLED+=("${missing[@]}")
  fi
  note rust "$(rustc --version | cut -d' ' -f2)"
}

ensure_wasm_target() {
  if rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    note wasm32 "target present"
  else
    note wasm32 "adding target wasm32-unknown-unknown"
    rustup target add wasm32-unknown-unknown
    INSTALLED+=(wasm32-unknown-unknown)
  fi
}

ensure_trunk() {
  if [ "$(trunk --version 2>/dev/null)" = "trunk $TRUNK_VERSION" ]; then
    note trunk "$TRUNK_VERSION present"
  else
    # 0.21.14: trunk 0.22.x needs rustc >= 1.96.1.
    note trunk "installing $TRUNK_VERSION (cargo install, several minutes)"
    cargo_install_tool trunk --version "$TRUNK_VERSION" --locked
    INSTALLED+=("trunk-$TRUNK_VERSION")
  fi
}

ensure_wasm_bindgen() {
  local v
  v=$(wasm_bindgen_version)
  [ -n "$v" ] || die "no wasm-bindgen in Cargo.lock"
  grep -q "^wasm_bindgen = \"$v\"" Trunk.toml ||
    die "Trunk.toml [tools] wasm_bindgen must equal Cargo.lock's wasm-bindgen ($v)"
  if [ "$(wasm-bindgen --version 2>/dev/null)" = "wasm-bindgen $v" ] &&
    [ "$(wasm-bindgen-test-runner --version 2>/dev/null)" = "wasm-bindgen-test-runner $v" ]; then
    note wasm-bindgen "$v present"
  else
    note wasm-bindgen "installing wasm-bindgen-cli $v (cargo install, about 2 minutes)"
    # Without --locked: the lock file published with 0.2.130 pins a crate version
    # (webpki-roots 1.0.11) that some registry mirrors lack.
    cargo_install_tool wasm-bindgen-cli --version "$v"
    INSTALLED+=("wasm-bindgen-cli-$v")
  fi
}

# e2e/node_modules: playwright-core (e2e tests), binaryen (wasm-opt 132) and terser (the glue) for release builds.
ensure_npm_deps() {
  have node && have npm || apt_install nodejs npm
  local stamp=e2e/node_modules/.installed-from-package-lock.json
  if cmp -s e2e/package-lock.json "$stamp" 2>/dev/null; then
    note npm "e2e/node_modules up to date"
  else
    note npm "npm ci in e2e/"
    (cd e2e && npm ci --no-audit --no-fund --loglevel=error) || die "npm ci failed"
    cp e2e/package-lock.json "$stamp"
    INSTALLED+=(npm-deps)
  fi
}

# Chromium + chromedriver (wasm tests, e2e) and python3 (static server for e2e).
ensure_browser() {
  local pkgs=()
  [ -x /usr/bin/chromium ] || pkgs+=(chromium)
  have chromedriver || pkgs+=(chromium-driver)
  have python3 || pkgs+=(python3)
  if [ ${#pkgs[@]} -gt 0 ]; then
    apt_install "${pkgs[@]}"
  fi
  note chromium "$(/usr/bin/chromium --version 2>/dev/null | cut -d' ' -f2)"
}

report_installed() {
  if [ ${#INSTALLED[@]} -eq 0 ]; then
    echo "setup: nothing to install"
  else
    echo "setup: installed ${INSTALLED[*]}"
  fi
}

# Trunk finds tools on PATH: npm's wasm-opt 132 must come first.
use_npm_tools() {
  export PATH="$PWD/e2e/node_modules/.bin:$PATH"
  export TRUNK_SKIP_VERSION_CHECK=true
}
