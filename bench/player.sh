#!/bin/sh
# bench/player.sh — run through bench/run (it builds and wraps this in
# build-aux/headless-run). Plays the same local HLS stream (made with
# GStreamer, served on 127.0.0.1) through MdPlayer and through the
# `gst-play-1.0 --videosink fakesink`-style reference (playbin3 + fakesinks)
# in one process, alternating runs, and prints the BENCH lines last.
set -eu
cd "$(dirname "$0")/.."
exec _build/bench/bench-player
