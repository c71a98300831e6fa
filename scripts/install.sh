#!/usr/bin/env bash
# Installs what mxray's build and tests need, skipping whatever is already present.
# Sources: rustup's component server, crates.io, npm and Debian packages only — nothing else is downloaded.
# Usage: scripts/install.sh [--no-browser] [--no-dns]
set -euo pipefail
cd "$(dirname "$0")/.."

want_browser=1; want_dns=1
for arg in "$@"; do
  case "$arg" in
    --no-browser) want_browser=0 ;;
    --no-dns) want_dns=0 ;;
    *) echo "install.sh: unknown option $arg" >&2; exit 2 ;;
  esac
done

WASM_BINDGEN_VERSION=0.2.130
TRUNK_VERSION=0.21.14
step() { printf '\033[1m==> %s\033[0m\n' "$*"; }

export PATH="$HOME/.cargo/bin:$PATH"

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  step "rustup target add wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

if ! wasm-bindgen --version 2>/dev/null | grep -q " $WASM_BINDGEN_VERSION"; then
  step "cargo install wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 2 minutes)"
  # Not --locked: its lock file pins a webpki-roots version the registry mirror lacks.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi

if ! trunk --version 2>/dev/null | grep -q " $TRUNK_VERSION"; then
  step "cargo install trunk $TRUNK_VERSION (about 6 minutes)"
  # trunk 0.22 needs a newer rustc; its own LTO profile makes the build 4x slower for no gain here.
  CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
    cargo install --locked trunk --version "$TRUNK_VERSION"
fi

# npm tools: binaryen's wasm-opt (Debian's is too old for rustc's output) and playwright-core.
if [ ! -x node_modules/.bin/wasm-opt ] || [ ! -d node_modules/playwright-core ]; then
  step "npm ci (wasm-opt, playwright-core)"
  npm ci --no-audit --no-fund
fi

apt_pkgs=()
if [ "$want_browser" = 1 ]; then
  command -v chromium >/dev/null || apt_pkgs+=(chromium)
  command -v chromedriver >/dev/null || apt_pkgs+=(chromium-driver)
fi
if [ "$want_dns" = 1 ]; then
  command -v nsd >/dev/null || [ -x /usr/sbin/nsd ] || apt_pkgs+=(nsd)
  command -v dnsdist >/dev/null || [ -x /usr/bin/dnsdist ] || apt_pkgs+=(dnsdist)
  # scripts/doh-stack.sh polls the DoH endpoint with curl and builds the probe query with python3.
  command -v curl >/dev/null || apt_pkgs+=(curl)
  command -v python3 >/dev/null || apt_pkgs+=(python3)
fi
if [ ${#apt_pkgs[@]} -gt 0 ]; then
  step "apt-get install ${apt_pkgs[*]}"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -o DPkg::Lock::Timeout=600 -qq
  # nsd and dnsdist are started by the tests themselves: keep the packages from starting system services.
  policy=/usr/sbin/policy-rc.d; made_policy=0
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' | $SUDO tee "$policy" >/dev/null; $SUDO chmod +x "$policy"; made_policy=1
  fi
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq -o DPkg::Lock::Timeout=600 \
    --no-install-recommends "${apt_pkgs[@]}"
  [ "$made_policy" = 1 ] && $SUDO rm -f "$policy"
fi

step "toolchain ready"
