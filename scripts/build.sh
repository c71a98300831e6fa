#!/usr/bin/env bash
# Release build of the web app into dist/ (offline: dependencies come from the cargo cache): the
# first load (trunk: index.html, the page's wasm and JS, CSS, icon), then the on-demand
# live-check module, which index.html names in <meta name="mxray-live-module"> and the page
# fetches only when live checks are switched on.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
cargo fetch --quiet
trunk build --release --cargo-profile web --offline --skip-version-check "$@"
rm -f dist/.trunk-lock

# The live-check module: same profile and wasm-opt level as the page, file names that change
# with the content (so a browser never mixes a cached module with a newer page).
cargo build --quiet --offline --profile web --target wasm32-unknown-unknown --no-default-features --bin mxray-live
built=target/wasm32-unknown-unknown/web/mxray-live.wasm
name="mxray-live-$(sha256sum "$built" | cut -c1-16)"
out=target/live-module
rm -rf "$out" && mkdir -p "$out"
wasm-bindgen --target web --no-typescript --out-dir "$out" --out-name "$name" "$built"
wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals \
  "$out/${name}_bg.wasm" -o "$out/${name}_bg.wasm"
rm -f dist/mxray-live-*
cp "$out/$name.js" "$out/${name}_bg.wasm" dist/
sed -i "s|</head>|<meta name=\"mxray-live-module\" content=\"./$name.js\"></head>|" dist/index.html
grep -q "mxray-live-module" dist/index.html
