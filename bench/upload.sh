#!/bin/sh
# bench/upload.sh — run through bench/run (it builds and wraps this in
# build-aux/headless-run). Uploads one large file (BENCH_UPLOAD_MIB, default
# 2048) to a sandbox on 127.0.0.1 twice each, alternating: with MdUploadTask
# (chunked resumable PUTs, 32 MiB adaptive chunks, streamed from disk) and
# with `curl -T` (one PUT of the whole file, the line-rate reference), and
# prints the BENCH lines last: throughput (MB/s, best run) and peak RSS.
set -eu
cd "$(dirname "$0")/.."
size_mib=${BENCH_UPLOAD_MIB:-2048}
work=$(mktemp -d /tmp/md-bench-upload.XXXXXX)
sandbox_pid=
cleanup() {
  [ -n "$sandbox_pid" ] && kill "$sandbox_pid" 2>/dev/null && wait "$sandbox_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

echo "making a $size_mib MiB file of random bytes"
head -c "$((size_mib * 1024 * 1024))" /dev/urandom > "$work/big.bin"
cat "$work/big.bin" > /dev/null   # in the page cache for both clients

mkfifo "$work/ready"
_build/src/sandbox/muxdesk-sandbox --state-dir "$work/state" --no-rate-limit > "$work/ready" &
sandbox_pid=$!
read -r ready_line < "$work/ready"
field() { printf '%s' "$ready_line" | python3 -c "import json,sys; print(json.load(sys.stdin)['$1'])"; }
api=$(field api_url)
token_id=$(field token_id)
MUXDESK_BENCH_TOKEN_SECRET=$(field token_secret)
export MUXDESK_BENCH_TOKEN_SECRET

new_upload_url() {
  curl -sS -u "$token_id:$MUXDESK_BENCH_TOKEN_SECRET" -H 'Content-Type: application/json' \
    -d '{"new_asset_settings":{"playback_policies":["public"]}}' "$api/video/v1/uploads" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["data"]["url"])'
}
# The sandbox keeps every received file: free the disk between runs.
drop_received() { rm -f "$work"/state/uploads/*.part "$work"/state/media/*/source* 2>/dev/null || true; }

ours_best=0 ref_best=0 ours_rss=0 ref_rss=0 ours_growth=0
for run in 1 2; do
  out=$(_build/bench/bench-upload "$api" "$token_id" "$work/big.bin")
  echo "muxdesk run $run: $out"
  mbps=$(echo "$out" | sed 's/.*mbps=\([0-9.]*\).*/\1/')
  peak=$(echo "$out" | sed 's/.*peak_rss_kib=\([0-9]*\).*/\1/')
  base=$(echo "$out" | sed 's/.*base_rss_kib=\([0-9]*\).*/\1/')
  ours_best=$(python3 -c "print(max($ours_best, $mbps))")
  ours_rss=$(python3 -c "print(max($ours_rss, $peak / 1024))")
  ours_growth=$(python3 -c "print(max($ours_growth, ($peak - $base) / 1024))")
  drop_received

  url=$(new_upload_url)
  out=$( { /usr/bin/time -f 'peak_rss_kib=%M' curl -sS -o /dev/null -T "$work/big.bin" \
             -w 'speed=%{speed_upload} ' "$url"; } 2>&1 | tr '\n' ' ')
  echo "curl -T run $run: $out"
  speed=$(echo "$out" | sed 's/.*speed=\([0-9.]*\).*/\1/')
  peak=$(echo "$out" | sed 's/.*peak_rss_kib=\([0-9]*\).*/\1/')
  ref_best=$(python3 -c "print(max($ref_best, $speed / 1e6))")
  ref_rss=$(python3 -c "print(max($ref_rss, $peak / 1024))")
  drop_received
done

echo "file: $size_mib MiB on $(uname -n), $(nproc) cores, loopback; best of 2 runs each"
python3 - "$ours_best" "$ref_best" "$ours_rss" "$ref_rss" "$ours_growth" <<'PY'
import sys
ours, ref, ours_rss, ref_rss, growth = map(float, sys.argv[1:])
print(f"BENCH upload_throughput ours={ours:.1f} ref={ref:.1f} unit=MB/s ratio={ours / ref:.2f}")
print(f"BENCH upload_peak_rss ours={ours_rss:.1f} ref={ref_rss:.1f} unit=MiB ratio={ours_rss / ref_rss:.2f}")
print(f"BENCH upload_rss_growth ours={growth:.1f} ref=- unit=MiB ratio=-")
PY
