#!/usr/bin/env python3
"""tools/check-layers.py — fail on an #include that climbs the layers of tools/layers.txt.

Peers (files of one layer in different folders) may not include each other
either, except store/ files above store.c, which sit on a higher layer than
the generic store.  Prints every violation as FILE:LINE: includes HEADER
(layer N includes layer M); exit 1 if any, 0 otherwise."""
import os, re, sys

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if len(sys.argv) == 3 and sys.argv[1] == '--root':   # tests/check-layers-test.sh
    root = sys.argv[2]
layers, allow = [], set()
for line in open(os.path.join(root, 'tools/layers.txt'), encoding='utf-8'):
    line = line.split('#', 1)[0].split()
    if not line:
        continue
    if line[0] == 'allow':
        allow.add((line[1], line[2]))
    else:
        layers += [(p, int(line[0])) for p in line[1:]]

def place(path):
    best = None
    for prefix, n in layers:
        if path == prefix or (prefix.endswith('/') and path.startswith(prefix)):
            if best is None or len(prefix) > len(best[0]):
                best = (prefix, n)
    return best

bad = 0
used = set()
inc_rx = re.compile(r'^\s*#\s*include\s+"([^"]+)"')
for d, _, files in os.walk(os.path.join(root, 'src')):
    for f in sorted(files):
        if not f.endswith(('.c', '.h')):
            continue
        path = os.path.relpath(os.path.join(d, f), root)
        me = place(path)
        if me is None:
            print(f'{path}: not in any layer of tools/layers.txt'); bad += 1; continue
        for no, text in enumerate(open(os.path.join(root, path), encoding='utf-8'), 1):
            m = inc_rx.match(text)
            if not m:
                continue
            hdr = m.group(1)
            target = os.path.normpath(os.path.join('src', hdr))
            if not os.path.exists(os.path.join(root, target)):
                target = os.path.normpath(os.path.join(os.path.dirname(path), hdr))
                if not os.path.exists(os.path.join(root, target)):
                    continue  # tests/support and system-like headers
            them = place(target)
            if them is None:
                continue
            if (path, hdr) in allow:
                used.add((path, hdr))
                continue
            same_room = os.path.dirname(target) == os.path.dirname(path)
            climbs = them[1] > me[1]
            peer = them[1] == me[1] and not same_room and them[0] != me[0]
            if climbs or peer:
                why = 'climbs' if climbs else 'peer'
                print(f'{path}:{no}: includes {hdr} (layer {me[1]} -> layer {them[1]}, {why})')
                bad += 1
for path, hdr in sorted(allow - used):
    print(f'tools/layers.txt: "allow {path} {hdr}" no longer needed: remove it')
    bad += 1
if bad:
    print(f'check-layers: {bad} include(s) against tools/layers.txt', file=sys.stderr)
    sys.exit(1)
print('check-layers: ok')
