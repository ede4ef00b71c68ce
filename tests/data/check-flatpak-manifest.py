#!/usr/bin/env python3
"""Checks the flatpak manifest parses and grants what Muxdesk needs, and no more."""
import json
import sys

path, app_id = sys.argv[1], sys.argv[2]
with open(path, encoding="utf-8") as f:
    manifest = json.load(f)

problems = []
if manifest.get("id", manifest.get("app-id")) != app_id:
    problems.append(f"id is not {app_id}")
if manifest.get("command") != "muxdesk":
    problems.append("command is not muxdesk")
if manifest.get("runtime") != "org.gnome.Platform":
    problems.append("runtime is not org.gnome.Platform")

# GNOME runtimes get a year of updates: 49 and later are the ones alive in
# late 2026. The ffmpeg extension must come from the same freedesktop base.
FREEDESKTOP_BASE = {"49": "25.08", "50": "25.08"}
version = str(manifest.get("runtime-version", ""))
if version not in FREEDESKTOP_BASE:
    problems.append(f"runtime-version {version!r} is not a maintained GNOME runtime ({', '.join(FREEDESKTOP_BASE)})")
else:
    ffmpeg = manifest.get("add-extensions", {}).get("org.freedesktop.Platform.ffmpeg-full", {})
    if ffmpeg.get("version") != FREEDESKTOP_BASE[version]:
        problems.append(f"the ffmpeg-full extension must be {FREEDESKTOP_BASE[version]} for GNOME {version}")

args = set(manifest.get("finish-args", []))
required = {
    "--share=network": "reaching Mux",
    "--share=ipc": "X11 shared memory",
    "--socket=wayland": "Wayland",
    "--socket=fallback-x11": "X11 only where Wayland is missing",
    "--socket=pulseaudio": "sound",
    "--device=dri": "GL rendering of video",
    "--talk-name=org.freedesktop.secrets": "the Secret Service keyring",
}
for arg, why in required.items():
    if arg not in args:
        problems.append(f"finish-args lacks {arg} ({why})")
if "--socket=x11" in args:
    problems.append("--socket=x11 given: use --socket=fallback-x11")
if any(a.startswith("--filesystem=home") or a == "--filesystem=host" for a in args):
    problems.append("the app must not ask for the whole home or host file system")

modules = manifest.get("modules", [])
if not modules or modules[-1].get("name") != "muxdesk" or modules[-1].get("buildsystem") != "meson":
    problems.append("the last module must be muxdesk, built with meson")

for p in problems:
    print(p)
sys.exit(1 if problems else 0)
