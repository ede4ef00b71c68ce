#!/bin/sh
# bench/library.sh — run through bench/run (which builds _build first, under
# build-aux/headless-run for the display).
# The library page with 10,000 assets in the sandbox: time from process
# start to the first painted page of rows, cold (from the API) and with a
# warm cache, and peak RSS once the whole listing is loaded. The reference
# is curl fetching the same first page (100 assets) from the sandbox.
set -eu
cd "$(dirname "$0")/.."
prog=_build/bench/bench-library
sandbox=_build/src/sandbox/muxdesk-sandbox
assets=${MD_BENCH_LIBRARY_ASSETS:-10000}

field() { # field NAME "k=v k=v"
  printf '%s\n' "$2" | tr ' ' '\n' | sed -n "s/^$1=//p"
}

ratio() {
  awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.3f", a / b; else print "-" }'
}

ms() {
  awk -v s="$1" 'BEGIN { printf "%.1f", s * 1000 }'
}

state=$(mktemp -d /tmp/md-bench-library.XXXXXX)
fifo="$state/ready"
mkfifo "$fifo"
"$sandbox" --state-dir "$state/state" --no-rate-limit > "$fifo" &
sandbox_pid=$!
trap 'kill "$sandbox_pid" 2>/dev/null || true; wait "$sandbox_pid" 2>/dev/null || true; rm -rf "$state"' EXIT
read -r ready < "$fifo"
json() { printf '%s' "$ready" | python3 -c "import json,sys; print(json.load(sys.stdin)['$1'])"; }
api_url=$(json api_url)
image_url=$(json image_url)
admin_url=$(json admin_url)
MD_BENCH_TOKEN_ID=$(json token_id)
MD_BENCH_TOKEN_SECRET=$(json token_secret)
export MD_BENCH_TOKEN_ID MD_BENCH_TOKEN_SECRET
# Thumbnails go to a throw-away XDG cache.
export XDG_CACHE_HOME="$state/cache"

curl -sS --fail -X POST -H 'Content-Type: application/json' \
  -d "{\"assets\":$assets}" "$admin_url/_sandbox/records" > /dev/null
total=$(curl -sS --fail -u "$MD_BENCH_TOKEN_ID:$MD_BENCH_TOKEN_SECRET" "$api_url/video/v1/assets?limit=100" \
        > /dev/null && echo "$assets")

# The reference: the same first page with curl (best of 5).
ref_s=$(for i in 1 2 3 4 5; do
          curl -sS -o /dev/null -w '%{time_total}\n' -u "$MD_BENCH_TOKEN_ID:$MD_BENCH_TOKEN_SECRET" \
            "$api_url/video/v1/assets?limit=100"
        done | sort -n | head -1)

echo "library: $total assets in the sandbox on loopback (--no-rate-limit)"
cold=$("$prog" first-page "$api_url" "$image_url" "$state/library.db" "$total")
echo "  cold (API, empty cache): $cold"
warm=$("$prog" first-page "$api_url" "$image_url" "$state/library.db" "$total")
echo "  warm (cache filled):     $warm"
echo "  ref  (curl, first page): ${ref_s}s"

cold_ms=$(ms "$(field first_page_s "$cold")")
warm_ms=$(ms "$(field first_page_s "$warm")")
ref_ms=$(ms "$ref_s")
full_s=$(field full_s "$cold")
rss=$(awk -v k="$(field rss_kib "$cold")" 'BEGIN { printf "%.1f", k / 1024 }')

echo "BENCH library_first_page_warm ours=$warm_ms ref=$ref_ms unit=ms ratio=$(ratio "$warm_ms" "$ref_ms")"
echo "BENCH library_first_page_cold ours=$cold_ms ref=$ref_ms unit=ms ratio=$(ratio "$cold_ms" "$ref_ms")"
echo "BENCH library_full_listing ours=$full_s ref=- unit=s ratio=-"
echo "BENCH library_peak_rss ours=$rss ref=- unit=MiB ratio=-"
