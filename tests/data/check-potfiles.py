#!/usr/bin/env python3
"""Fails when a source file with translatable strings is missing from po/POTFILES.in,
or when POTFILES.in names a file that does not exist."""
import pathlib
import re
import sys

root = pathlib.Path(sys.argv[1])
listed = set()
for line in (root / "po" / "POTFILES.in").read_text(encoding="utf-8").splitlines():
    line = line.strip()
    if line and not line.startswith("#"):
        listed.add(line)

translatable = re.compile(r'\b(?:_|N_|C_|NC_|g_dngettext|ngettext)\s*\(|translatable="yes"')
needed = set()
for path in sorted((root / "src").rglob("*")):
    if path.suffix not in (".c", ".ui", ".h") or not path.is_file():
        continue
    if translatable.search(path.read_text(encoding="utf-8")):
        needed.add(str(path.relative_to(root)))
for path in sorted((root / "data").glob("*.in")):
    needed.add(str(path.relative_to(root)))
needed.add("data/io.github.muxdesk.Muxdesk.gschema.xml")

missing = sorted(needed - listed)
stale = sorted(p for p in listed if not (root / p).is_file())
for p in missing:
    print(f"missing from po/POTFILES.in: {p}")
for p in stale:
    print(f"po/POTFILES.in names a file that does not exist: {p}")
if missing or stale:
    sys.exit(1)
print(f"po/POTFILES.in lists all {len(needed)} files with translatable strings")
