#!/usr/bin/env python3
"""fit-name-model.py -- what a model fitted over the scorer's own account would gain.

    build/bench/names/pairs --db DB --dump tests/fixtures/names/pairs-tune.tsv > tune.tsv
    build/bench/names/pairs --db DB --dump tests/fixtures/names/pairs-heldout.tsv > held.tsv
    python3 tools/fit-name-model.py tune.tsv held.tsv

(DB: the OFAC SDN bench set and DoD 1260H imported, as tests/match/test_pairs.c
does.)  An experiment, not part of chipscreen: issue 13 asks for F1 >= 0.85
overall and >= 0.88 for organisations at a threshold whose recall is 0.95, and
the hand-written score (match/score.c) sits at 0.84 / 0.83 there.  This script
asks whether the score's formula or its features are the limit: it reads, per
pair, the features the pairing already has (the score, the query and listed
coverage, the heaviest unpaired word on each side and the lighter of the two
-- a conflict --, rare exact pairs, evidence weight, fuzzy pairs, counts; each
again for organisations), fits a logistic regression on the tuning part only
(batch gradient descent, standardised features, a little L2; deterministic),
chooses each threshold on the tuning part (recall 0.95; best F1), and prints
precision, recall and F1 at those thresholds on both parts, by type, for the
score and for the model.  The held-out part is only measured, never fitted on.

Pure Python (no numpy on the build machines); about half a minute.
"""
import math
import re
import sys

WEIGHT = re.compile(r'\(w ([0-9.]+)\)$')
SIM = re.compile(r'" ([0-9.]+) ')
COVER = re.compile(r'query covered ([0-9.]+), listed covered ([0-9.]+)')


def levenshtein(a, b):
    row = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        prev, row[0] = row[0], i
        for j, y in enumerate(b, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (x != y))
    return row[-1]


def features(typ, score, why):
    """The pairing's features, from the scorer's explanation of one pair."""
    head, _, tail = why.rpartition(' | ')
    m = COVER.search(tail)
    q, c = (float(m.group(1)), float(m.group(2))) if m else (score, score)
    query_left, listed_left, pairs = [], [], []
    words_left = ([], [])  # the unpaired words themselves, query's and listed's
    for item in head.split('; '):
        item = item.strip()
        # tokens only: the factors after them ("a number on each side ...:
        # x0.60", "both keep a word ...: x0.70") are no paired word
        if not item.startswith(('"', 'listed "')):
            continue
        w = WEIGHT.search(item)
        w = float(w.group(1)) if w else 1.0
        if 'unmatched' in item:
            listed = item.startswith('listed ')
            (listed_left if listed else query_left).append(w)
            words_left[listed].append(item.split('"')[1])
        else:
            s = SIM.search(item)
            pairs.append((float(s.group(1)) if s else 1.0, w))
    top_q = max(query_left, default=0.0)
    top_l = max(listed_left, default=0.0)
    conflict = min(top_q, top_l)
    # how near the closest unpaired words come, below every pairing rule
    # ("DERDOUKAL"/"DROUKDEL"): a conflict of spellings, not of names
    near = max((1 - levenshtein(a, b) / max(len(a), len(b))
                for a in words_left[0] for b in words_left[1] if len(a) > 2 and len(b) > 2),
               default=0.0)
    f = [score, q, c, score * score, top_q / 10, top_l / 10, conflict / 10,
         sum(1 for s, w in pairs if s >= 1 and w > 6),
         sum(s * w for s, w in pairs) / 20,
         min((s for s, _ in pairs), default=0.0),
         sum(1 for s, _ in pairs if s < 1), len(pairs) / 4,
         len(query_left), len(listed_left), 1.0 if conflict > 3 else 0.0, near,
         near * (conflict / 10)]
    org = 1.0 if typ == 'organization' else 0.0
    return f + [x * org for x in f] + [org, 1.0 if typ == 'person' else 0.0]


def load(path):
    rows = []
    with open(path, encoding='utf-8') as fh:
        for n, line in enumerate(fh, 1):
            col = line.rstrip('\n').split('\t')
            if len(col) != 7:
                sys.exit('%s:%d: expected 7 tab-separated columns (pairs --dump), got %d'
                         % (path, n, len(col)))
            rows.append((int(col[0]), col[1], float(col[3]),
                         features(col[1], float(col[3]), col[4])))
    if not rows:
        sys.exit('%s: no pairs' % path)
    return rows


def fit(rows, epochs=300, rate=0.5, l2=1e-3):
    nf = len(rows[0][3])
    mu = [sum(r[3][j] for r in rows) / len(rows) for j in range(nf)]
    sd = [math.sqrt(sum((r[3][j] - mu[j]) ** 2 for r in rows) / len(rows)) or 1.0
          for j in range(nf)]
    xs = [[(r[3][j] - mu[j]) / sd[j] for j in range(nf)] for r in rows]
    w, b = [0.0] * nf, 0.0
    for _ in range(epochs):
        gw, gb = [0.0] * nf, 0.0
        for x, r in zip(xs, rows):
            t = max(-30.0, min(30.0, b + sum(wi * xi for wi, xi in zip(w, x))))
            d = 1 / (1 + math.exp(-t)) - r[0]
            gb += d
            for j in range(nf):
                gw[j] += d * x[j]
        b -= rate * gb / len(rows)
        for j in range(nf):
            w[j] -= rate * (gw[j] / len(rows) + l2 * w[j])

    def prob(f):
        t = b + sum(wi * (fj - m) / s for wi, fj, m, s in zip(w, f, mu, sd))
        return 1 / (1 + math.exp(-max(-30.0, min(30.0, t))))
    return prob


def prf(rows, score, thr, typ=None):
    tp = fp = fn = 0
    for r in rows:
        if typ and r[1] != typ:
            continue
        hit = score(r) >= thr
        if r[0]:
            tp += hit
            fn += not hit
        else:
            fp += hit
    p = tp / (tp + fp) if tp + fp else 1.0
    rc = tp / (tp + fn) if tp + fn else 1.0
    return p, rc, (2 * p * rc / (p + rc) if p + rc else 0.0)


def report(name, tune, held, score):
    pos = sorted(score(r) for r in tune if r[0])
    at95 = pos[int(math.floor(0.05 * len(pos)))]
    best = max((prf(tune, score, t / 200)[2], t / 200) for t in range(1, 200))[1]
    for label, thr in (('recall 0.95 on tuning', at95), ('best F1 on tuning', best)):
        print('%s, threshold %.3f (%s):' % (name, thr, label))
        for typ in (None, 'person', 'organization'):
            print('  %-13s tuning P %.3f R %.3f F1 %.3f   held-out P %.3f R %.3f F1 %.3f'
                  % ((typ or 'all',) + prf(tune, score, thr, typ) + prf(held, score, thr, typ)))


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__.split('\n\n')[1])
    tune, held = load(sys.argv[1]), load(sys.argv[2])
    report('score', tune, held, lambda r: r[2])
    prob = fit(tune)
    report('fitted model', tune, held, lambda r: prob(r[3]))


if __name__ == '__main__':
    main()
