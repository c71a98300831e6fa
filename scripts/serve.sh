#!/usr/bin/env bash
# Command (a): install what is missing, build the release web app and serve it on 127.0.0.1.
# Usage: scripts/serve.sh [PORT]   (default 8080; the app is at http://127.0.0.1:PORT/help/mxray/)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install.sh
scripts/build.sh
exec node scripts/static-server.mjs dist "${1:-8080}" /help/mxray/
