#!/usr/bin/env bash
# Release build of the web app into dist/ (offline: dependencies come from the cargo cache): the
# first load (trunk: index.html, the page's wasm and JS, CSS, icon), then the on-demand modules.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
cargo fetch --quiet
trunk build --release --cargo-profile web --offline --skip-version-check "$@"
rm -f dist/.trunk-lock

# The on-demand modules: same profile and wasm-opt level as the page, file names that change
# with the content (so a browser never mixes a cached module with a newer page), each named in
# index.html by a <meta> tag. The live-check module is fetched when live checks are switched on;
# the DKIM/DMARC module (crypto and the Public Suffix List: the default features) when a message
# or a DMARC record is pasted.
# Both are built with the default features, in one go (the live-check module uses none of them).
cargo build --quiet --offline --profile web --target wasm32-unknown-unknown --bin mxray-live --bin mxray-auth
module() { # BIN META
  local bin=$1 meta=$2
  local built=target/wasm32-unknown-unknown/web/$bin.wasm
  local name
  name="$bin-$(sha256sum "$built" | cut -c1-16)"
  local out=target/modules/$bin
  rm -rf "$out" && mkdir -p "$out"
  wasm-bindgen --target web --no-typescript --out-dir "$out" --out-name "$name" "$built"
  wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals \
    "$out/${name}_bg.wasm" -o "$out/${name}_bg.wasm"
  rm -f "dist/$bin-"*
  cp "$out/$name.js" "$out/${name}_bg.wasm" dist/
  sed -i "s|</head>|<meta name=\"$meta\" content=\"./$name.js\"></head>|" dist/index.html
  grep -q "$meta" dist/index.html
}
module mxray-live mxray-live-module
module mxray-auth mxray-auth-module
