#!/bin/sh
# bench/heatmap.sh — run through bench/run (which builds _build first, under
# build-aux/headless-run for the display).
# Redraws a 1280-pixel timeline with a 10,000-bucket engagement heatmap and
# 20 hotspot markers (goal: < 2 ms a frame). The reference is the same
# timeline without the engagement layers, in the same run. Under Xvfb the
# renderer is software GL (or cairo), so render figures are pessimistic.
# The heatmap band is kept as a texture once drawn, so the plain figures
# (the playhead moving) reuse it; the "redrawn" ones give the band new
# values every frame, so each frame normalizes the 10,000 buckets and
# draws the band again (goal: < 2 ms too).
set -eu
cd "$(dirname "$0")/.."
out=$(_build/bench/bench-heatmap)
echo "heatmap: $out"

field() { printf '%s\n' "$2" | tr ' ' '\n' | sed -n "s/^$1=//p"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.3f", a / b; else print "-" }'; }

snap=$(field snapshot_ms "$out")
render=$(field render_ms "$out")
redrawn_snap=$(field redrawn_snapshot_ms "$out")
redrawn_render=$(field redrawn_render_ms "$out")
bare_snap=$(field bare_snapshot_ms "$out")
bare_render=$(field bare_render_ms "$out")

echo "BENCH heatmap_10k_snapshot ours=$snap ref=$bare_snap unit=ms ratio=$(ratio "$snap" "$bare_snap")"
echo "BENCH heatmap_10k_frame ours=$render ref=$bare_render unit=ms ratio=$(ratio "$render" "$bare_render")"
echo "BENCH heatmap_10k_snapshot_redrawn ours=$redrawn_snap ref=$bare_snap unit=ms ratio=$(ratio "$redrawn_snap" "$bare_snap")"
echo "BENCH heatmap_10k_frame_redrawn ours=$redrawn_render ref=$bare_render unit=ms ratio=$(ratio "$redrawn_render" "$bare_render")"
