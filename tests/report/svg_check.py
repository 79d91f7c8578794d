#!/usr/bin/env python3
"""svg_check.py FILE -- parse an SVG chart as XML (fails on any error) and
print what the tests compare: each bar (class, data-value, x, width), each
tick (value, x) and each timeline event (date, x of its diamond's centre),
one per line, in document order."""
import sys
import xml.etree.ElementTree as ET

NS = "{http://www.w3.org/2000/svg}"
root = ET.parse(sys.argv[1]).getroot()
if root.tag != NS + "svg":
    sys.exit("not an svg element: " + root.tag)
title = root.find(NS + "title")
desc = root.find(NS + "desc")
print("title", title.text if title is not None else "MISSING")
print("desc", "yes" if desc is not None and desc.text else "MISSING")
for el in root.iter():
    cls = el.get("class", "")
    if el.tag == NS + "rect" and cls.startswith("bar "):
        print("bar", cls.split()[1], el.get("data-value"), el.get("x"), el.get("width"))
    elif el.tag == NS + "text" and el.get("data-tick") is not None:
        print("tick", el.get("data-tick"), el.get("x"))
    elif el.tag == NS + "path" and cls.startswith("event "):
        x = el.get("d").split()[0][1:]
        print("event", el.get("data-date"), x)
