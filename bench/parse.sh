#!/bin/sh
# bench/parse.sh — run through bench/run (which builds _build first).
# Parses 100,000 asset objects, and pages through 10,000 assets from the
# sandbox, with Muxdesk's parser/pager and with the reference (plain
# json-glib; curl + plain json-glib), each side in its own process.
set -eu
cd "$(dirname "$0")/.."
prog=_build/bench/md-bench-parse
sandbox=_build/src/sandbox/muxdesk-sandbox
parse_objects=${MD_BENCH_PARSE_OBJECTS:-100000}
page_objects=${MD_BENCH_PAGE_OBJECTS:-10000}

field() { # field NAME "k=v k=v"
  printf '%s\n' "$2" | tr ' ' '\n' | sed -n "s/^$1=//p"
}

ratio() {
  awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.3f", a / b; else print "-" }'
}

per_second() {
  awk -v n="$1" -v s="$2" 'BEGIN { if (s > 0) printf "%.0f", n / s; else print "-" }'
}

# A side that did less work than asked must not look fast.
expect_objects() { # expect_objects N "k=v ..." WHAT
  if [ "$(field objects "$2")" != "$1" ]; then
    echo "parse.sh: $3 handled $(field objects "$2") objects, not $1" >&2
    exit 1
  fi
}

mib() {
  awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'
}

echo "parse: $parse_objects asset objects in pages of 100"
ours=$("$prog" parse ours "$parse_objects")
ref=$("$prog" parse ref "$parse_objects")
echo "  ours (MdAsset models): $ours"
echo "  ref  (json-glib tree): $ref"
expect_objects "$parse_objects" "$ours" "the parse (ours)"
expect_objects "$parse_objects" "$ref" "the parse (ref)"
parse_ours_rate=$(per_second "$(field objects "$ours")" "$(field seconds "$ours")")
parse_ref_rate=$(per_second "$(field objects "$ref")" "$(field seconds "$ref")")
parse_ours_rss=$(mib "$(field rss_kib "$ours")")
parse_ours_cpu_rate=$(per_second "$(field objects "$ours")" "$(field cpu "$ours")")
parse_ref_cpu_rate=$(per_second "$(field objects "$ref")" "$(field cpu "$ref")")
parse_ref_rss=$(mib "$(field rss_kib "$ref")")

state=$(mktemp -d /tmp/md-bench-parse.XXXXXX)
fifo="$state/ready"
mkfifo "$fifo"
"$sandbox" --state-dir "$state/state" --no-rate-limit > "$fifo" &
sandbox_pid=$!
trap 'kill "$sandbox_pid" 2>/dev/null || true; wait "$sandbox_pid" 2>/dev/null || true; rm -rf "$state"' EXIT
read -r ready < "$fifo"
json() { printf '%s' "$ready" | python3 -c "import json,sys; print(json.load(sys.stdin)['$1'])"; }
api_url=$(json api_url)
admin_url=$(json admin_url)
MD_BENCH_TOKEN_ID=$(json token_id)
MD_BENCH_TOKEN_SECRET=$(json token_secret)
export MD_BENCH_TOKEN_ID MD_BENCH_TOKEN_SECRET

echo "page: $page_objects assets from the sandbox on loopback (--no-rate-limit)"
curl -sS --fail -X POST -H 'Content-Type: application/json' \
  -d "{\"assets\":$page_objects}" "$admin_url/_sandbox/records" > /dev/null
ours=$("$prog" page ours "$api_url")
ref=$("$prog" page ref "$api_url")
echo "  ours (MdAssetPager):   $ours"
echo "  ref  (curl+json-glib): $ref"
expect_objects "$page_objects" "$ours" "paging (ours)"
expect_objects "$page_objects" "$ref" "paging (ref)"
page_ours_rate=$(per_second "$(field objects "$ours")" "$(field seconds "$ours")")
page_ref_rate=$(per_second "$(field objects "$ref")" "$(field seconds "$ref")")
page_ours_rss=$(mib "$(field rss_kib "$ours")")
page_ours_cpu_rate=$(per_second "$(field objects "$ours")" "$(field cpu "$ours")")
page_ref_cpu_rate=$(per_second "$(field objects "$ref")" "$(field cpu "$ref")")
page_ref_rss=$(mib "$(field rss_kib "$ref")")

echo "BENCH parse_assets_per_s ours=$parse_ours_rate ref=$parse_ref_rate unit=objects/s ratio=$(ratio "$parse_ours_rate" "$parse_ref_rate")"
echo "BENCH parse_assets_per_cpu_s ours=$parse_ours_cpu_rate ref=$parse_ref_cpu_rate unit=objects/cpu-s ratio=$(ratio "$parse_ours_cpu_rate" "$parse_ref_cpu_rate")"
echo "BENCH parse_peak_rss ours=$parse_ours_rss ref=$parse_ref_rss unit=MiB ratio=$(ratio "$parse_ours_rss" "$parse_ref_rss")"
echo "BENCH page_assets_per_s ours=$page_ours_rate ref=$page_ref_rate unit=objects/s ratio=$(ratio "$page_ours_rate" "$page_ref_rate")"
echo "BENCH page_assets_per_cpu_s ours=$page_ours_cpu_rate ref=$page_ref_cpu_rate unit=objects/cpu-s ratio=$(ratio "$page_ours_cpu_rate" "$page_ref_cpu_rate")"
echo "BENCH page_peak_rss ours=$page_ours_rss ref=$page_ref_rss unit=MiB ratio=$(ratio "$page_ours_rss" "$page_ref_rss")"
