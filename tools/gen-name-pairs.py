#!/usr/bin/env python3
"""gen-name-pairs.py -- labelled name pairs from the public lists' alias groups.

    python3 tools/gen-name-pairs.py tests/fixtures/lists tests/fixtures/names

Writes pairs-tune.tsv and pairs-heldout.tsv (columns: query, listed, label, type,
script, source, ref).  Deterministic: the same inputs give the same files, byte
for byte (no randomness; every choice is by a hash of the names).

Where the pairs come from (the lists in tests/fixtures/lists/, see its README):
  - OFAC SDN (ofac-sdn-bench and ofac-sdn-2019; sdn.csv + alt.csv, merged by
    ent_num): SDN_Type individual -> person, vessel -> vessel, empty ->
    organization (aircraft skipped: their names are registrations);
  - OpenSanctions FtM files (ftm/*.ftm.json): Person, Company, Organization,
    LegalEntity, Vessel; names in Latin, Cyrillic, Greek (Japanese skipped);
  - DoD 1260H (dod-1260h/sanctions.csv): Clean Name, Alias, Previous Name;
  - the legacy CSL sample (csl/csl-legacy-format.csv): name and alt_names.

True pairs (label 1): two names of one entry that are variants of one name
(another spelling, order, legal form, transliteration, script), not another
name altogether (an acronym, a ship's earlier name, a maiden name): the two
names' letters, folded to ASCII with a small Cyrillic/Greek table of this
file (not the matcher's) and without legal forms and particles (LEGAL),
share a letter-bigram Dice coefficient >= 0.6.
For people, half the queries (by hash) are written "Given Family" where the
list writes "FAMILY, Given", as a screener would type them.

Hard negatives (label 0): an entry's name against the name of another entry
of the same type that shares its rarest word (3+ letters, not a legal form),
and against the other entry of the same type whose name is closest in
letter bigrams.  Pairs whose word sets are equal or one inside the other are
left out: the same name held by two parties is a name match (corroboration,
not the name, tells them apart), and "Hikvision" inside "Hikvision USA" is a
subsidiary to review.

Split: an entry's pairs all go to one part, by a hash of source and ref; 40%
are held out.  No tuning may read pairs-heldout.tsv.
"""
import csv
import glob
import hashlib
import json
import os
import re
import sys
import unicodedata

CYR = dict(zip("абвгдеёжзийклмнопрстуфхцчшщъыьэюяіїєґў",
               ["a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "y", "k", "l", "m", "n", "o",
                "p", "r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e",
                "yu", "ya", "i", "yi", "ye", "g", "u"]))
GRK = dict(zip("αβγδεζηθικλμνξοπρστυφχψωάέήίόύώς",
               ["a", "v", "g", "d", "e", "z", "i", "th", "i", "k", "l", "m", "n", "x", "o", "p",
                "r", "s", "t", "y", "f", "ch", "ps", "o", "a", "e", "i", "i", "o", "y", "o", "s"]))
LEGAL = set("""co company corp corporation inc incorporated ltd limited llc lp llp plc sa srl
gmbh ag jsc ojsc cjsc pjsc ooo oao zao ao bv nv spa sas sarl kft pte pvt group the of and
de la el al bin ibn cv rl sc ltda cia joint stock liability obshchestvo ogranichennoi
ogranichennoy otvetstvennostyu otvetstvennostiu aktsionernoe aktsionernoye zakrytoe otkrytoe
tovarystvo tovaristvo obmezhenoiu vidpovidalnistiu aktsionerne publichnoe open closed
sociedad responsabilidad limitada anonima societe""".split())


def script_of(s):
    scripts = set()
    for ch in s:
        if not ch.isalpha():
            continue
        o = ord(ch)
        if o < 0x250:
            scripts.add("latin")
        elif 0x370 <= o < 0x400:
            scripts.add("greek")
        elif 0x400 <= o < 0x530:
            scripts.add("cyrillic")
        elif 0x600 <= o < 0x700:
            scripts.add("arabic")
        elif 0x3040 <= o < 0x3100 or 0x30a0 <= o < 0x3100:
            scripts.add("kana")
        elif 0x4e00 <= o < 0xa000:
            scripts.add("han")
        else:
            scripts.add("other")
    if not scripts:
        return "none"
    if len(scripts) > 1:
        return "mixed"
    return scripts.pop()


def fold(s):
    s = s.lower()
    out = []
    for ch in s:
        if ch in CYR:
            out.append(CYR[ch])
        elif ch in GRK:
            out.append(GRK[ch])
        else:
            out.append(ch)
    s = unicodedata.normalize("NFKD", "".join(out))
    s = "".join(c for c in s if not unicodedata.combining(c))
    return s


def words(s):
    return [w for w in re.split(r"[^a-z0-9]+", fold(s).replace("'", "").replace("’", "")) if w]


def bigrams(s):
    t = "".join(words(s))
    return [t[i:i + 2] for i in range(len(t) - 1)]


def core(s):
    """The name's words without legal forms and particles, for comparing."""
    ws = [w for w in words(s) if w not in LEGAL]
    return " ".join(ws) if ws else " ".join(words(s))


def dice(a, b):
    x, y = bigrams(core(a)), bigrams(core(b))
    if not x or not y:
        return 0.0
    pool = {}
    for g in x:
        pool[g] = pool.get(g, 0) + 1
    common = 0
    for g in y:
        if pool.get(g, 0) > 0:
            pool[g] -= 1
            common += 1
    return 2.0 * common / (len(x) + len(y))


def h(*parts):
    return int(hashlib.sha1("\x1f".join(parts).encode()).hexdigest()[:12], 16)


def clean(s):
    s = (s or "").strip()
    return "" if s in ("-0-", "") else re.sub(r"\s+", " ", s)


def read_ofac(lists, entries):
    for snap in ("ofac-sdn-2019", "ofac-sdn-bench"):
        d = os.path.join(lists, snap)
        with open(os.path.join(d, "sdn.csv"), encoding="utf-8", errors="replace") as f:
            for row in csv.reader(f):
                if len(row) < 3:
                    continue
                kind = clean(row[2]).lower()
                t = {"individual": "person", "vessel": "vessel", "": "organization"}.get(kind)
                if not t:
                    continue
                e = entries.setdefault(("ofac-sdn", row[0].strip()), {"type": t, "names": []})
                e["names"].append(clean(row[1]))
        with open(os.path.join(d, "alt.csv"), encoding="utf-8", errors="replace") as f:
            for row in csv.reader(f):
                if len(row) < 4:
                    continue
                e = entries.get(("ofac-sdn", row[0].strip()))
                if e is not None:
                    e["names"].append(clean(row[3]))


FTM_TYPES = {"Person": "person", "Company": "organization", "Organization": "organization",
             "LegalEntity": "organization", "Vessel": "vessel"}


def read_ftm(lists, entries):
    for path in sorted(glob.glob(os.path.join(lists, "ftm", "*.ftm.json"))):
        with open(path, encoding="utf-8") as f:
            for line in f:
                o = json.loads(line)
                t = FTM_TYPES.get(o.get("schema"))
                if not t:
                    continue
                p = o.get("properties", {})
                names = p.get("name", []) + p.get("alias", [])
                e = entries.setdefault(("ftm", o["id"]), {"type": t, "names": []})
                e["names"].extend(clean(n) for n in names)


def read_dod(lists, entries):
    with open(os.path.join(lists, "dod-1260h", "sanctions.csv"), encoding="utf-8") as f:
        for row in csv.DictReader(f):
            name = clean(row["Clean Name"]) or clean(row["Name"])
            e = entries.setdefault(("dod-1260h", name), {"type": "organization", "names": []})
            e["names"] += [name, clean(row["Alias"]), clean(row["Previous Name"])]


def read_csl(lists, entries):
    with open(os.path.join(lists, "csl", "csl-legacy-format.csv"), encoding="utf-8") as f:
        for i, row in enumerate(csv.DictReader(f)):
            t = {"Individual": "person", "Vessel": "vessel"}.get(row.get("type") or "",
                                                                 "organization")
            e = entries.setdefault(("csl", str(i + 2)), {"type": t, "names": []})
            e["names"].append(clean(row["name"]))
            e["names"] += [clean(a) for a in (row.get("alt_names") or "").split(";")]


def natural_order(name):
    """'MADURO MOROS, Nicolas' -> 'Nicolas MADURO MOROS' (one comma only)."""
    if name.count(",") != 1:
        return name
    fam, given = [x.strip() for x in name.split(",")]
    return f"{given} {fam}" if fam and given else name


def usable(name):
    sc = script_of(name)
    return len(words(name)) > 0 and sc in ("latin", "cyrillic", "greek", "mixed") and \
        len(name) <= 120


def pair_script(a, b):
    x, y = script_of(a), script_of(b)
    return x if x == y else "-".join(sorted([x, y]))


def positives(key, e):
    names = []
    for n in e["names"]:
        if n and usable(n) and n not in names:
            names.append(n)
    out = []
    primary = names[0] if names else None
    for i, a in enumerate(names):
        for b in names[i + 1:]:
            if fold(a) == fold(b) and script_of(a) == script_of(b):
                continue
            if dice(a, b) < 0.6:
                continue
            q, l = (b, a) if h(key[1], a, b) % 2 else (a, b)
            if e["type"] == "person" and h("order", key[1], q) % 2:
                q = natural_order(q)
            out.append((q, l))
    # Large alias groups (the FtM companies) would swamp the set: keep at most
    # 12 pairs an entry, the primary name's first, then by hash.
    out.sort(key=lambda p: (primary not in p, h(key[1], *p)))
    return out[:12]


def wordset(s):
    return set(w for w in words(s) if w not in LEGAL)


def negatives(entries, keys):
    df = {}
    by_word = {}
    for k in keys:
        e = entries[k]
        n = e["names"][0]
        for w in wordset(n):
            df[w] = df.get(w, 0) + 1
            by_word.setdefault((e["type"], w), []).append(k)
    out = {}
    for k in keys:
        e = entries[k]
        n = e["names"][0]
        ws = sorted((w for w in wordset(n) if len(w) >= 3), key=lambda w: (df[w], w))
        picks = []
        for w in ws:
            others = [o for o in by_word.get((e["type"], w), []) if o != k]
            if others:
                picks.append(others[h(k[1], w) % len(others)])
                break
        out[k] = picks
    return out


def nearest(entries, keys):
    """For each key, the other entry of its type whose first name is closest
    in letter bigrams (through a shared 3-letter prefix of some word, so the
    search stays small)."""
    buckets = {}
    for k in keys:
        e = entries[k]
        for w in wordset(e["names"][0]):
            if len(w) >= 3:
                buckets.setdefault((e["type"], w[:3]), set()).add(k)
    out = {}
    for k in keys:
        e = entries[k]
        cands = set()
        for w in wordset(e["names"][0]):
            if len(w) >= 3:
                cands |= buckets.get((e["type"], w[:3]), set())
        cands.discard(k)
        best, bk = 0.0, None
        for o in sorted(cands):
            d = dice(e["names"][0], entries[o]["names"][0])
            if d > best:
                best, bk = d, o
        out[k] = [bk] if bk else []
    return out


def main():
    lists, outdir = sys.argv[1], sys.argv[2]
    entries = {}
    read_ofac(lists, entries)
    read_ftm(lists, entries)
    read_dod(lists, entries)
    read_csl(lists, entries)
    keys = sorted(k for k, e in entries.items()
                  if e["names"] and e["names"][0] and usable(e["names"][0]))
    rows = []
    for k in keys:
        for q, l in positives(k, entries[k]):
            rows.append((q, l, 1, entries[k]["type"], pair_script(q, l), k[0], k[1]))
    neg = negatives(entries, keys)
    near = nearest(entries, keys)
    for k in keys:
        a = entries[k]["names"][0]
        for o in neg[k] + near[k]:
            b = entries[o]["names"][0]
            wa, wb = wordset(a), wordset(b)
            if not wa or not wb or wa <= wb or wb <= wa:
                continue
            q = natural_order(a) if entries[k]["type"] == "person" and h("o", a) % 2 else a
            rows.append((q, b, 0, entries[k]["type"], pair_script(q, b), k[0], k[1]))
    seen = set()
    parts = {"tune": [], "heldout": []}
    for r in rows:
        if (r[0], r[1]) in seen or "\t" in r[0] + r[1]:
            continue
        seen.add((r[0], r[1]))
        part = "heldout" if h("split", r[5], r[6]) % 10 < 4 else "tune"
        parts[part].append(r)
    for part, rs in parts.items():
        with open(os.path.join(outdir, f"pairs-{part}.tsv"), "w", encoding="utf-8") as f:
            f.write("# generated by tools/gen-name-pairs.py from tests/fixtures/lists; do not edit\n")
            f.write("query\tlisted\tlabel\ttype\tscript\tsource\tref\n")
            for r in rs:
                f.write("\t".join(str(x) for x in r) + "\n")


if __name__ == "__main__":
    main()
