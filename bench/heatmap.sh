#!/bin/sh
# bench/heatmap.sh — run through bench/run (which builds _build first, under
# build-aux/headless-run for the display).
# Redraws a 1280-pixel timeline with a 10,000-bucket engagement heatmap and
# 20 hotspot markers (goal: < 2 ms a frame). The reference is the same
# timeline without the engagement layers, in the same run. Under Xvfb the
# renderer is software GL (or cairo), so render figures are pessimistic.
set -eu
cd "$(dirname "$0")/.."
out=$(_build/bench/bench-heatmap)
echo "heatmap: $out"

field() { printf '%s\n' "$2" | tr ' ' '\n' | sed -n "s/^$1=//p"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.3f", a / b; else print "-" }'; }

snap=$(field snapshot_ms "$out")
render=$(field render_ms "$out")
bare_snap=$(field bare_snapshot_ms "$out")
bare_render=$(field bare_render_ms "$out")

echo "BENCH heatmap_10k_snapshot ours=$snap ref=$bare_snap unit=ms ratio=$(ratio "$snap" "$bare_snap")"
echo "BENCH heatmap_10k_frame ours=$render ref=$bare_render unit=ms ratio=$(ratio "$render" "$bare_render")"
