#!/bin/sh
# bench/bench-export.sh BUILD — export-check on a batch of order lines.
#
# Imports the OFAC SDN bench set (sdn.csv + alt.csv + add.csv) into a fresh
# store, generates ORDERS (default 100,000) order lines — catalogue items
# (data/export/items.tsv), destinations, headquarters, end uses and dates drawn
# in turn, and end users drawn from a pool of POOL (default 20,000) names, half
# of them SDN names (some respelt), half invented — and times one run of
# `export-check --orders --db` with CSV output, on one core (taskset when
# available).  A second run draws every line's name afresh (no customer pool;
# SDN names still recur
# at random), the worst case for the per-name cache.  Ratios are within this run:
# the baseline is `screen-names` on the same names (the screening alone).
set -u
build=${1:-build}
cs=$build/chipscreen
sdn=${CHIPSCREEN_FIXTURES:-tests/fixtures}/lists/ofac-sdn-bench/sdn.csv
[ -f "$sdn" ] || { echo "SKIP: $sdn is absent"; exit 0; }
[ -x /usr/bin/time ] || { echo "bench-export: /usr/bin/time is missing (apt-get install time)"; exit 1; }
command -v python3 >/dev/null || { echo "bench-export: python3 is missing"; exit 1; }
n=${ORDERS:-100000}
pool=${POOL:-20000}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
db=$tmp/sdn.db
one=""
command -v taskset >/dev/null && one="taskset -c 0"

"$cs" lists import -q --db "$db" "$sdn" >/dev/null || exit 1

gen() { # pool size (0: every line its own name), output file
	python3 - "$sdn" "data/export/items.tsv" "$n" "$1" > "$2" <<'PY'
import csv, random, sys
sdn, items, n, pool = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
rnd = random.Random(18)
listed = [r[1] for r in csv.reader(open(sdn, encoding="latin-1")) if len(r) > 2 and r[2].strip() != "individual"]
names = [l.split("\t")[0] for l in open(items, encoding="utf-8") if l.strip() and not l.startswith(("#", "name\t"))]
words = ["Acme", "Global", "Pacific", "Northern", "Delta", "Orion", "Summit", "Lotus", "Harbor", "Crest",
         "Data", "Cloud", "Systems", "Trading", "Logistics", "Compute", "Networks", "Labs", "Holdings", "Group"]
def invent():
    return " ".join(rnd.choice(words) for _ in range(rnd.randint(2, 3))) + rnd.choice([" Ltd", " Co., Ltd.", " GmbH", " Inc.", " SAS", " Pte. Ltd."])
def respell(s):
    if len(s) < 6: return s
    i = rnd.randrange(1, len(s) - 1)
    return s[:i] + s[i + 1:]
def name():
    if rnd.random() < 0.5 and listed:
        s = rnd.choice(listed)
        return respell(s) if rnd.random() < 0.3 else s
    return invent()
fixed = [name() for _ in range(pool)] if pool else None
dests = ["CN", "HK", "MO", "VN", "SA", "AE", "DE", "GB", "SG", "IN", "KH", "JP", "US", "MY", "IL"]
hqs = ["CN", "DE", "US", "GB", "SG", "MO", "KR", "FR"]
uses = ["none", "none", "none", "advanced-node-fab", "supercomputer", "sme"]
dates = ["2023-06-01", "2024-05-01", "2025-03-01", "2025-10-01", "2026-03-15", "2026-07-31"]
w = csv.writer(sys.stdout, lineterminator="\n")
w.writerow(["Order", "Part", "Country", "Customer", "End User HQ", "Parent HQ", "End Use", "Date"])
for i in range(n):
    w.writerow(["SO-%06d" % i, rnd.choice(names), rnd.choice(dests),
                rnd.choice(fixed) if fixed else name(), rnd.choice(hqs), "none", rnd.choice(uses), rnd.choice(dates)])
PY
}
gen "$pool" "$tmp/orders.csv" || exit 1
gen 0 "$tmp/distinct.csv" || exit 1

measure() { # label, command...
	label=$1; shift
	/usr/bin/time -f "%e %M %U %S" -o "$tmp/$label.t" "$@"
}
measure pooled $one "$cs" export-check -q --db "$db" --format csv --orders "$tmp/orders.csv" > "$tmp/pooled.out"
rc=$?
[ $rc -le 1 ] || { echo "bench-export: export-check failed ($rc)"; exit 1; }
measure distinct $one "$cs" export-check -q --db "$db" --format csv --orders "$tmp/distinct.csv" > "$tmp/distinct.out"
[ $? -le 1 ] || { echo "bench-export: export-check failed"; exit 1; }
python3 -c 'import csv,sys; w=csv.writer(sys.stdout); w.writerow(["name"]); [w.writerow([r[3]]) for r in list(csv.reader(open(sys.argv[1])))[1:]]' "$tmp/distinct.csv" > "$tmp/names.csv"
measure screen $one "$cs" screen-names -q --db "$db" --column name --fail-on PROHIBITED --out "$tmp/screen.out" "$tmp/names.csv"

read t1 m1 u1 s1 <<EOT
$(tail -n 1 "$tmp/pooled.t")
EOT
read t2 m2 u2 s2 <<EOT
$(tail -n 1 "$tmp/distinct.t")
EOT
read t3 m3 u3 s3 <<EOT
$(tail -n 1 "$tmp/screen.t")
EOT
lines=$(($(wc -l < "$tmp/pooled.out") - 1))
cpu() { python3 -c "import sys; print('%.2f' % (float(sys.argv[1]) + float(sys.argv[2])))" "$1" "$2"; }
c1=$(cpu "$u1" "$s1"); c2=$(cpu "$u2" "$s2"); c3=$(cpu "$u3" "$s3")
echo "export-check --orders, $n lines ($lines answered), $pool distinct customers: ${c1} s CPU (${t1} s elapsed), peak RSS ${m1} KiB"
echo "export-check --orders, $n lines, each line a fresh draw of name (no customer pool): ${c2} s CPU (${t2} s elapsed), peak RSS ${m2} KiB"
echo "baseline: screen-names on the same $n names: ${c3} s CPU (${t3} s elapsed)"
python3 -c "import sys; a,b=float(sys.argv[1]),float(sys.argv[2]); print('ratio export-check (distinct) / screen-names, CPU: %.2f' % (a/b if b else 0))" "$c2" "$c3"
echo "answers (pooled run):"
cut -d, -f2 "$tmp/pooled.out" | tail -n +2 | sort | uniq -c
