#!/usr/bin/env bash
# Release build of the web app into dist/ (offline: dependencies come from the cargo cache).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
cargo fetch --quiet
trunk build --release --cargo-profile web --offline --skip-version-check "$@"
rm -f dist/.trunk-lock
