#!/usr/bin/env bash
# Command (b): install what is missing, then run every test: native (unit, corpus, property),
# lints, in-browser (wasm-bindgen-test in headless Chromium), the release build with its size
# budget, and end-to-end (Playwright driving Debian's Chromium against dist/ under a sub-path).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install.sh
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }

step "native tests (core, corpus scores, CLI)"
cargo test --quiet -- --nocapture

step "lints (native and wasm32)"
cargo clippy --quiet --all-targets -- -D warnings
cargo clippy --quiet --target wasm32-unknown-unknown --lib --bins --test web -- -D warnings
# The page's own configuration (index.html builds it without default features).
cargo clippy --quiet --target wasm32-unknown-unknown --no-default-features --lib --bins -- -D warnings

step "in-browser tests (wasm-bindgen-test, headless Chromium)"
cargo test --target wasm32-unknown-unknown --test web

step "release build"
scripts/build.sh
scripts/size.sh

step "end-to-end (Playwright + Chromium, served at /help/mxray/)"
cargo build --quiet --bin mxray
node --test --test-concurrency=1 e2e/
