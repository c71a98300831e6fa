#!/usr/bin/env bash
# Release build of the web app into dist/ (offline: dependencies come from the cargo cache): the
# first load (trunk: index.html, the page's wasm and JS, CSS, icon), then the on-demand modules.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
cargo fetch --quiet
trunk build --release --cargo-profile web --offline --skip-version-check "$@"
rm -f dist/.trunk-lock
# No inline script (the page's Content-Security-Policy allows none): trunk's start-up script
# becomes a file named after its content.
node -e '
const fs = require("fs"), crypto = require("crypto");
const html = fs.readFileSync("dist/index.html", "utf8");
const found = /<script type=module>([\s\S]*?)<\/script>/.exec(html);
if (!found) throw new Error("trunk wrote no start-up script into dist/index.html");
const name = `start-${crypto.createHash("sha256").update(found[1]).digest("hex").slice(0, 16)}.js`;
fs.writeFileSync(`dist/${name}`, found[1]);
const page = html.replace(found[0], `<script type=module src=./${name}></script>`);
if (/<script(?![^>]*\ssrc=)[^>]*>/.test(page)) throw new Error("dist/index.html still has an inline script");
fs.writeFileSync("dist/index.html", page);'

# The on-demand modules: same profile and wasm-opt level as the page, file names that change
# with the content (so a browser never mixes a cached module with a newer page), each named in
# index.html by a <meta> tag. The live-check module is fetched when live checks are switched on;
# the DKIM/DMARC module (crypto and the Public Suffix List: the default features) when a message
# or a DMARC record is pasted; the report module (a whole core, the JSON code and the text
# renderer) when the report is downloaded or copied as ticket text. All are built with the default features, in one go (the live-check module uses
# none of them).
cargo build --quiet --offline --profile web --target wasm32-unknown-unknown --bin mxray-live --bin mxray-auth --bin mxray-report
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
module mxray-report mxray-report-module

# Offline: a service worker that precaches every file of this build under a cache named after
# the build's content, so a new deploy replaces the old files whole (the old cache is dropped
# when the new worker takes over) and never mixes them.
files=$(cd dist && find . -type f ! -name sw.js ! -name '*.gz' ! -name '*.br' | sed 's|^\./||' | sort)
build=$(cd dist && cat $files | sha256sum | cut -c1-16)
{
  printf 'const CACHE = "mxray-%s";\n' "$build"
  printf 'const FILES = ["./"%s];\n' "$(printf ', "%s"' $files)"
  cat www/sw.js
} > dist/sw.js

# Every file also precompressed, as static hosts serve them (scripts/static-server.mjs picks
# the .br or .gz a browser accepts).
node -e '
const fs = require("fs"), zlib = require("zlib"), path = require("path");
for (const f of fs.readdirSync("dist", { recursive: true })) {
  const file = path.join("dist", f);
  if (/\.(gz|br)$/.test(f) || fs.statSync(file).isDirectory()) continue;
  const body = fs.readFileSync(file);
  fs.writeFileSync(file + ".gz", zlib.gzipSync(body, { level: 9 }));
  fs.writeFileSync(file + ".br", zlib.brotliCompressSync(body, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }));
}'
