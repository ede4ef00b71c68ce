#!/bin/sh
# bench/library-cache.sh — store, open and search 100,000 cached assets
# (reference: the bare SQLite query over the same file).
set -eu
cd "$(dirname "$0")/.."
exec _build/bench/bench-library-cache "${1:-100000}"
