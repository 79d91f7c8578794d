/*
 * gen-queries.c — the benchmark's 100,000 query names, deterministically.
 *
 *   gen-queries --db FILE N [CLEAN] > queries.csv
 *
 * Half are listed names (primary or alias) perturbed the way supplier
 * masters perturb them: a typo, two tokens swapped, a legal form changed or
 * dropped, case changed; half are company and person names made of common
 * words that are mostly not listed.  The PRNG is seeded with a constant, so
 * every run screens the same names.  CLEAN, when given, receives the ids of
 * the made-up names, one a line: the share of them a screen flags is its
 * false-alarm rate on clean names (bench/bench-names.sh prints it).
 */
#include "lists/index-load.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t rng = 0x9E3779B97F4A7C15ULL;
static uint32_t rnd(uint32_t n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)(rng % n);
}

static const char *const words[] = {
	"Global",        "Pacific", "Northern",   "Golden",      "Star",    "Union",
	"Precision",     "Micro",   "Systems",    "Electronics", "Trading", "Logistics",
	"Components",    "Metal",   "Industrial", "Supply",      "Digital", "Energy",
	"Marine",        "Textile", "Green",      "River",       "Summit",  "Alpha",
	"Delta",         "Orient",  "Silk",       "Road",        "Tech",    "Solutions",
	"Semiconductor", "Memory",  "Display",    "Power",       "Ocean",   "Mountain",
	"Bright",        "United",  "First",      "Royal"};
static const char *const forms[] = {"Ltd",  "Co., Ltd.", "Inc.", "GmbH", "LLC",
				    "S.A.", "Corp",      "PLC",  ""};
static const char *const given[] = {"John",   "Maria",   "Wei",   "Ahmed", "Olga", "Carlos",
				    "Fatima", "Hiroshi", "Anna",  "Ivan",  "Li",   "Sara",
				    "Omar",   "Elena",   "David", "Chen"};
static const char *const family[] = {"Smith", "Garcia", "Wang",    "Hassan", "Petrova", "Lopez",
				     "Khan",  "Tanaka", "Mueller", "Ivanov", "Zhang",   "Rossi",
				     "Ali",   "Novak",  "Kim",     "Silva"};

static void csv_put(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		if (*s == '"')
			putchar('"');
		putchar(*s);
	}
	putchar('"');
}

static void perturb(const char *name, char *out, size_t cap)
{
	snprintf(out, cap, "%s", name);
	size_t n = strlen(out);
	switch (rnd(5)) {
	case 0: /* typo: swap two letters */
		if (n > 4) {
			size_t i = 1 + rnd((uint32_t)(n - 3));
			if (out[i] != ' ' && out[i + 1] != ' ') {
				char t = out[i];
				out[i] = out[i + 1];
				out[i + 1] = t;
			}
		}
		break;
	case 1: { /* move the first word to the end */
		char *sp = strchr(out, ' ');
		if (sp) {
			char tmp[512];
			snprintf(tmp, sizeof tmp, "%s %.*s", sp + 1, (int)(sp - out), out);
			snprintf(out, cap, "%s", tmp);
		}
		break;
	}
	case 2: /* a legal form appended */
		snprintf(out + n, cap - n, " %s", forms[rnd(8)]);
		break;
	case 3: /* drop a letter */
		if (n > 6) {
			size_t i = 2 + rnd((uint32_t)(n - 4));
			memmove(out + i, out + i + 1, n - i);
		}
		break;
	default: /* lower case */
		for (size_t i = 0; i < n; i++)
			if (out[i] >= 'A' && out[i] <= 'Z')
				out[i] = (char)(out[i] + 32);
	}
}

int main(int argc, char **argv)
{
	if ((argc != 4 && argc != 5) || strcmp(argv[1], "--db")) {
		fprintf(stderr, "usage: gen-queries --db FILE N [CLEAN]\n");
		return 2;
	}
	long n = atol(argv[3]);
	FILE *clean = argc == 5 ? fopen(argv[4], "w") : NULL;
	if (argc == 5 && !clean) {
		perror(argv[4]);
		return 2;
	}
	struct store *st;
	struct nindex *ix;
	struct strbuf err = STRBUF_INIT;
	if (nindex_open(argv[2], &st, &ix, &err) < 0) {
		fprintf(stderr, "%s\n", err.buf);
		return 2;
	}
	printf("id,name,country\n");
	char buf[600];
	for (long i = 0; i < n; i++) {
		bool listed = rnd(2);
		if (listed) {
			const struct nx_name *nm = &ix->names[rnd(ix->nnames)];
			perturb(nm->name, buf, sizeof buf);
		} else if (rnd(2)) {
			snprintf(buf, sizeof buf, "%s %s %s %s", words[rnd(40)], words[rnd(40)],
				 words[rnd(40)], forms[rnd(9)]);
		} else {
			snprintf(buf, sizeof buf, "%s %s", given[rnd(16)], family[rnd(16)]);
		}
		if (clean && !listed)
			fprintf(clean, "%ld\n", i + 1);
		printf("%ld,", i + 1);
		csv_put(buf);
		printf(",\n");
	}
	nindex_free(ix);
	store_close(st);
	if (clean && fclose(clean) != 0) {
		perror(argv[4]);
		return 2;
	}
	return 0;
}
