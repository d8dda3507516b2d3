#!/usr/bin/env bash
# Builds the dashboard (web/) into OUTDIR (default web/dist): installs its npm packages from package-lock.json when
# they are missing or the lock file changed, then type-checks, bundles, gzips and checks the size budget.
# Called by the CMake build (cmake/web_bundle.cmake); works with Node 18 / npm 9 (Debian 12) and newer.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
outdir=${1:-$root/web/dist}
cd "$root/web"
stamp=node_modules/.package-lock.sha256
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [[ ! -f "$stamp" || "$(cat "$stamp")" != "$want" ]]; then
    echo "build-web: npm ci"
    npm ci --no-audit --no-fund --loglevel=error
    echo "$want" >"$stamp"
fi
npm run --silent build -- --outDir "$outdir"
