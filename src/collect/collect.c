/*
 * collect.c — the collect context and the order of sources.
 */
#include "collect/collect.h"
#include "util/date.h"
#include "util/fileio.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void record(struct collect_ctx *cc, const char *path)
{
	if (cc->record)
		cc->record(cc->record_arg, path);
}

const char *cc_path(struct collect_ctx *cc, const char *path)
{
	static struct strbuf sb = STRBUF_INIT;
	path_join(&sb, cc->root, path);
	return sb.buf;
}

/* Every read below goes through the *_beneath functions of util/fileio.h:
 * under a --root, no path leaves the tree (a link to /etc/shadow is not
 * followed), only regular files are read (a FIFO cannot hang collect) and
 * every read is capped. */
int cc_read(struct collect_ctx *cc, const char *path, size_t max, struct strbuf *out,
	    struct strbuf *err)
{
	record(cc, path);
	struct strbuf e = STRBUF_INIT;
	int rc = read_file_beneath(cc->root, path, max, out, &e);
	if (rc < 0 && err) {
		strbuf_reset(err);
		strbuf_addstr(err, e.buf);
	}
	strbuf_release(&e);
	return rc;
}

int cc_attr(struct collect_ctx *cc, const char *path, struct strbuf *out)
{
	record(cc, path);
	if (read_file_beneath(cc->root, path, 64 * 1024, out, NULL) < 0)
		return -1;
	while (out->len && (out->buf[out->len - 1] == '\n' || out->buf[out->len - 1] == '\0'))
		strbuf_setlen(out, out->len - 1);
	return 0;
}

int cc_list(struct collect_ctx *cc, const char *dir, char ***names, struct strbuf *err)
{
	record(cc, dir);
	return list_dir_beneath(cc->root, dir, names, err);
}

int cc_readlink(struct collect_ctx *cc, const char *path, struct strbuf *out)
{
	record(cc, path);
	return readlink_beneath(cc->root, path, out);
}

bool cc_exists(struct collect_ctx *cc, const char *path)
{
	bool ok = exists_beneath(cc->root, path);
	if (ok)
		record(cc, path);
	return ok;
}

/*
 * A captured tree replayed (--root) is the capture's machine at the
 * capture's time, read with the capture's privileges: its manifest says
 * when and as whom, and that is what the report must say (and the capture
 * date bounds every part's acquisition).  Returns true when it did.
 */
/* "2026-06-02T10:00:00Z": a time the manifest can be trusted with. */
static bool capture_time(const char *s)
{
	char day[11];
	if (strlen(s) < 10)
		return false;
	memcpy(day, s, 10);
	day[10] = '\0';
	return date_parse(day) != 0;
}

static bool replayed_facts(struct collect_ctx *cc)
{
	struct inventory *inv = cc->inv;
	struct strbuf m = STRBUF_INIT;
	const char *at = NULL, *by = NULL;
	int as_root = -1;
	if (!cc->root || !strcmp(cc->root, "/")) {
		strbuf_release(&m);
		return false;
	}
	/* read past cc_read: the manifest is not part of the machine, and a
	 * capture of a replay must not copy it as if it were */
	struct strbuf path = STRBUF_INIT, err = STRBUF_INIT;
	strbuf_addf(&path, "%s/chipscreen-capture.txt", cc->root);
	int rc = read_file(path.buf, 64 * 1024, &m, &err);
	strbuf_release(&path);
	strbuf_release(&err);
	if (rc < 0) {
		strbuf_release(&m);
		return false;
	}
	for (char *line = m.buf, *next; line && *line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		if (!strncmp(line, "captured_at: ", 13) && capture_time(line + 13))
			at = line + 13;
		else if (!strncmp(line, "collector: ", 11) && line[11])
			by = line + 11;
		else if (!strncmp(line, "captured_as_root: ", 18))
			as_root = !strcmp(line + 18, "yes");
	}
	(void)by; /* the collector stays this one: the report names the tree it read */
	if (at) {
		inv->host.collected_at = arena_strdup(inv->arena, at);
		if (as_root >= 0)
			inv->host.is_root = as_root;
	}
	strbuf_release(&m);
	return at != NULL;
}

void collect_host_facts(struct collect_ctx *cc)
{
	struct inventory *inv = cc->inv;
	struct strbuf sb = STRBUF_INIT;
	if (cc_attr(cc, "/proc/sys/kernel/hostname", &sb) == 0 && sb.len)
		inv->host.hostname = inventory_strdup(inv, sb.buf);
	else if (!cc->root || !strcmp(cc->root, "/")) {
		char h[256];
		if (gethostname(h, sizeof h) == 0) {
			h[sizeof h - 1] = '\0';
			inv->host.hostname = inventory_strdup(inv, h);
		}
	}
	char ts[32];
	inv->host.collected_at = arena_strdup(inv->arena, timestamp_now(ts));
	inv->host.collector = arena_printf(inv->arena, "chipscreen collect %s", CHIPSCREEN_VERSION);
	inv->host.root = arena_strdup(inv->arena, cc->root ? cc->root : "/");
	inv->host.is_root = geteuid() == 0;
	replayed_facts(cc);
	strbuf_release(&sb);
}

void collect_all(struct collect_ctx *cc)
{
	collect_host_facts(cc);
	collect_smbios(cc);
	collect_spd(cc);
	collect_pci(cc);
	collect_nvme(cc);
	collect_block(cc);
	collect_usb(cc);
	collect_emmc(cc);
	collect_cpuinfo(cc);
	collect_memory(cc);
	/* after SPD, which may name a module SMBIOS left bare */
	struct component *sys = inventory_find(cc->inv, "system");
	inventory_bare_dimms(cc->inv, 0, sys ? sys->source : "SMBIOS system");
	free(cc->cpuinfo);
	cc->cpuinfo = NULL;
	cc->cpuinfo_tried = false;
}

void collect_run(struct inventory *inv, const char *root)
{
	struct collect_ctx cc = {.root = root ? root : "/", .inv = inv};
	collect_all(&cc);
}
