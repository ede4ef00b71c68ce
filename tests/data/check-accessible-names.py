#!/usr/bin/env python3
"""Fails when a button in a .ui template shows only an icon and has no
accessible label: a screen reader would announce it as "button". A button
is named by its label, a labelled child (AdwButtonContent), or an
<accessibility> label or labelled-by relation; a tooltip is not a name."""
import pathlib
import sys
import xml.etree.ElementTree as ET

BUTTONS = {"GtkButton", "GtkMenuButton", "GtkToggleButton", "GtkLinkButton"}

def props(obj):
    return {p.get("name"): p for p in obj.findall("property")}

def has_accessible_name(obj):
    access = obj.find("accessibility")
    if access is not None:
        names = {p.get("name") for p in access.findall("property")} | \
                {r.get("name") for r in access.findall("relation")}
        if "label" in names or "labelled-by" in names:
            return True
    if "label" in props(obj):
        return True
    for child in obj.iter("object"):
        if child is not obj and child.get("class") == "AdwButtonContent" and "label" in props(child):
            return True
    return False

root = pathlib.Path(sys.argv[1])
failures = []
for path in sorted((root / "src").rglob("*.ui")):
    tree = ET.parse(path)
    for obj in tree.iter("object"):
        if obj.get("class") not in BUTTONS:
            continue
        if "icon-name" in props(obj) and not has_accessible_name(obj):
            where = obj.get("id") or props(obj)["icon-name"].text
            failures.append(f"{path.relative_to(root)}: {obj.get('class')} '{where}' shows only an icon "
                            "and has no accessible label")
for line in failures:
    print(line)
sys.exit(1 if failures else 0)
