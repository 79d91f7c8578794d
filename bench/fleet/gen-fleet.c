/*
 * gen-fleet.c — write the generated fleet (fleetgen.h) as chipscreen collect
 * JSON files, as `chipscreen collect -o FILE` writes them on each host: the
 * parts attributed by identify (with the knowledge base of the data
 * directory, as of the day the host was collected), written compact.
 *
 *   gen-fleet -n HOSTS [-s SEED] [-r ROUND] [-j JOBS] -o DIR
 *
 * Files are DIR/NNN/hNNNNNN.json, a thousand to a directory.  Round 0 is the
 * first collection; a later round changes about one host in fifty.  JOBS
 * processes write disjoint ranges.
 */
#include "fleetgen.h"
#include "identify/identify.h"
#include "inventory-json.h"
#include "util/date.h"
#include "util/fileio.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static int write_range(const char *dir, uint64_t seed, unsigned round, unsigned from, unsigned to)
{
	struct strbuf path = STRBUF_INIT, err = STRBUF_INIT;
	struct kb *kb = kb_load(NULL, NULL, NULL, &err);
	if (!kb) {
		fprintf(stderr, "gen-fleet: %s\n", err.buf);
		return 1;
	}
	for (unsigned i = from; i < to; i++) {
		strbuf_reset(&path);
		strbuf_addf(&path, "%s/%03u", dir, i / 1000);
		if (i % 1000 == 0 || i == from) {
			if (make_dirs(path.buf, &err) < 0) {
				fprintf(stderr, "gen-fleet: %s\n", err.buf);
				return 1;
			}
		}
		strbuf_addf(&path, "/h%06u.json", i);
		struct inventory *inv = gen_host(seed, i, round);
		/* what cmd-collect.c does: identify as of the day, compact to a file */
		char day[11];
		memcpy(day, inv->host.collected_at, 10);
		day[10] = '\0';
		identify_inventory(kb, inv, date_parse(day));
		FILE *f = fopen(path.buf, "w");
		if (!f || inventory_write_json(inv, f, false) < 0 || fclose(f) != 0) {
			fprintf(stderr, "gen-fleet: %s: %s\n", path.buf, strerror(errno));
			return 1;
		}
		inventory_free(inv);
	}
	kb_free(kb);
	strbuf_release(&path);
	strbuf_release(&err);
	return 0;
}

int main(int argc, char **argv)
{
	unsigned n = 1000, round = 0, jobs = 1;
	uint64_t seed = 1;
	const char *dir = NULL;
	int c;
	while ((c = getopt(argc, argv, "n:s:r:j:o:")) != -1) {
		switch (c) {
		case 'n':
			n = (unsigned)strtoul(optarg, NULL, 10);
			break;
		case 's':
			seed = strtoull(optarg, NULL, 10);
			break;
		case 'r':
			round = (unsigned)strtoul(optarg, NULL, 10);
			break;
		case 'j':
			jobs = (unsigned)strtoul(optarg, NULL, 10);
			break;
		case 'o':
			dir = optarg;
			break;
		default:
			fprintf(stderr, "usage: gen-fleet -n HOSTS [-s SEED] [-r ROUND] [-j JOBS] "
					"-o DIR\n");
			return 2;
		}
	}
	if (!dir || !jobs) {
		fprintf(stderr,
			"usage: gen-fleet -n HOSTS [-s SEED] [-r ROUND] [-j JOBS] -o DIR\n");
		return 2;
	}
	int st = 0;
	for (unsigned j = 0; j < jobs; j++) {
		unsigned from = (unsigned)((uint64_t)n * j / jobs);
		unsigned to = (unsigned)((uint64_t)n * (j + 1) / jobs);
		pid_t pid = fork();
		if (pid == 0)
			_exit(write_range(dir, seed, round, from, to));
		if (pid < 0) {
			perror("gen-fleet: fork");
			return 1;
		}
	}
	for (unsigned j = 0; j < jobs; j++) {
		int ws;
		if (wait(&ws) < 0 || !WIFEXITED(ws) || WEXITSTATUS(ws))
			st = 1;
	}
	return st;
}
