/*
 * test_capture.c — capture copies exactly what collect reads and replays to
 * the same inventory (fixture trees, this machine, the real nvme-cli sysfs
 * snapshot); archives given as roots are extracted safely, hostile ones
 * refused with a message that names the entry.
 */
#include "testutil.h"

#include "chipscreen.h"
#include "collect/capture.h"
#include "collect/collect.h"
#include "fx_sysfs.h"
#include "inventory-json.h"
#include "util/fileio.h"

#include <archive.h>
#include <archive_entry.h>
#include <stdio.h>
#include <string.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static const struct fx_pci pci[] = {
	{"0000:00:1d.0", NULL, "0x8086", "0x18d2", "0x8086", "0x0000", "0x060400", "0x11"},
	{"0000:3b:00.0", "0000:00:1d.0", "0x1e49", "0x0071", "0x1e49", "0x0071", "0x010802",
	 "0x01"},
	{"0000:5e:00.0", NULL, "0x19e5", "0x1822", "0x19e5", "0xd139", "0x020000", "0x45"},
	{"0000:00:17.0", NULL, "0x8086", "0xa352", "0x8086", "0x7270", "0x010601", "0x10"},
	{"0000:00:14.0", NULL, "0x8086", "0xa36d", "0x8086", "0x7270", "0x0c0330", "0x10"},
	{0},
};

static const struct fx_nvme nvme[] = {
	{.name = "nvme0",
	 .pci = "0000:3b:00.0",
	 .subsystem = "nvme-subsys0",
	 .model = "ZHITAI TiPlus7100 1TB",
	 .serial = "ZTA21T0KA2333003LM",
	 .firmware_rev = "ZTA09139",
	 .subsysnqn = "nqn.2021-09.com.ymtc:nvme:ZTA21T0KA2333003LM",
	 .transport = "pcie",
	 .cntlid = "1",
	 .ns = {{.name = "nvme0n1",
		 .wwid = "eui.a428b70000001234",
		 .eui = "a4 28 b7 00 00 00 12 34"}}},
	{0},
};

static const struct fx_usb usb[] = {
	{"1-4", "0000:00:14.0", "12d1", "1506", "0102", "00", "HUAWEI_MOBILE", "HUAWEI_MOBILE",
	 NULL, "ff"},
	{0},
};

static const struct fx_disk disks[] = {
	{.name = "sda",
	 .bus = FX_SATA,
	 .pci = "0000:00:17.0",
	 .vendor = "ATA",
	 .model = "ZHITAI SC001 Act",
	 .rev = "0A10",
	 .wwid = "naa.5a428b7000001234",
	 .serial = "ZTB1T0KA21234"},
	{.name = "loop0", .bus = FX_VIRTUAL},
	{0},
};

static const struct fx_mmc mmc[] = {
	{.name = "mmc0:0001",
	 .host = "fe310000.mmc",
	 .type = "MMC",
	 .manfid = "0x000013",
	 .oemid = "0x014e",
	 .card_name = "Q2J55L",
	 .serial = "0x0a1b2c3d",
	 .date = "11/2021",
	 .block = "mmcblk0"},
	{0},
};

static const struct fx_machine machine = {
	.hostname = "edge7",
	.pci = pci,
	.nvme = nvme,
	.disks = disks,
	.usb = usb,
	.mmc = mmc,
};

/* ---- helpers ---- */

static void replace_all(struct strbuf *sb, const char *from, const char *to)
{
	if (!*from)
		return;
	struct strbuf o = STRBUF_INIT;
	const char *s = sb->buf, *hit;
	while ((hit = strstr(s, from))) {
		strbuf_add(&o, s, (size_t)(hit - s));
		strbuf_addstr(&o, to);
		s = hit + strlen(from);
	}
	strbuf_addstr(&o, s);
	strbuf_reset(sb);
	strbuf_add(sb, o.buf, o.len);
	strbuf_release(&o);
}

/* The inventory as JSON, without what differs between runs by design: the
 * time, and the root (also where a source names a path with it). */
static void normal_json(const struct inventory *inv, const char *root, struct strbuf *out)
{
	cJSON *doc = inventory_to_json(inv);
	cJSON *h = cJSON_GetObjectItemCaseSensitive(doc, "host");
	cJSON_DeleteItemFromObjectCaseSensitive(h, "collected_at");
	cJSON_DeleteItemFromObjectCaseSensitive(h, "root");
	char *s = cJSON_Print(doc);
	strbuf_reset(out);
	strbuf_addstr(out, s);
	cJSON_free(s);
	cJSON_Delete(doc);
	struct strbuf r = STRBUF_INIT;
	strbuf_addf(&r, "%s:", root); /* an archive's notes: "cap.tar.gz:/sys/..." */
	replace_all(out, r.buf, "ROOT");
	if (strcmp(root, "/"))
		replace_all(out, root, "ROOT");
	strbuf_release(&r);
}

static void collect_json(const char *root, struct strbuf *out)
{
	struct inventory *inv = inventory_new();
	struct strbuf err = STRBUF_INIT;
	if (capture_collect(inv, root, &err) < 0)
		fail_msg("%s", err.buf);
	normal_json(inv, root, out);
	strbuf_release(&err);
	inventory_free(inv);
}

static char *join(const char *a, const char *b)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_addf(&sb, "%s/%s", a, b);
	return strbuf_detach(&sb, NULL);
}

static bool exists_l(const char *dir, const char *rel)
{
	char *p = join(dir, rel);
	struct stat st;
	bool ok = lstat(p, &st) == 0;
	free(p);
	return ok;
}

static void assert_replays(const char *root, const char *capture)
{
	struct capture_stats st;
	struct strbuf err = STRBUF_INIT, live = STRBUF_INIT, replay = STRBUF_INIT;
	if (capture_run(root, capture, &st, &err) < 0)
		fail_msg("%s", err.buf);
	assert_true(st.files > 0);
	collect_json(root, &live);
	collect_json(capture, &replay);
	if (strcmp(live.buf, replay.buf)) {
		/* the first line that differs, with its line number: the whole
		 * documents are long, and a live machine can change between
		 * the capture and the collect (say which, to tell the two apart) */
		const char *a = live.buf, *b = replay.buf;
		int line = 1;
		while (*a && *a == *b) {
			line += *a == '\n';
			a++, b++;
		}
		while (a > live.buf && a[-1] != '\n')
			a--, b--;
		print_message("first difference, line %d:\nlive:   %.*s\nreplay: %.*s\n", line,
			      (int)strcspn(a, "\n"), a, (int)strcspn(b, "\n"), b);
		fail_msg("replay of %s differs from %s", capture, root);
	}
	strbuf_release(&err);
	strbuf_release(&live);
	strbuf_release(&replay);
}

/* ---- replay ---- */

static void test_replay_fixture(void **state)
{
	(void)state;
	char *dir = test_tmpdir(), *out = test_tmpdir();
	char *tree = join(dir, "tree"), *capdir = join(out, "cap"), *tgz = join(out, "cap.tar.gz");
	assert_int_equal(make_dirs(tree, NULL), 0);
	assert_int_equal(fx_machine(tree, &machine), 0);
	assert_replays(tree, capdir);
	assert_replays(tree, tgz);

	/* links keep their relative targets */
	char *l = join(capdir, "sys/class/nvme/nvme0");
	struct strbuf t = STRBUF_INIT;
	char buf[4096];
	ssize_t n = readlink(l, buf, sizeof buf - 1);
	assert_true(n > 0);
	buf[n] = '\0';
	assert_string_equal(buf, "../../devices/pci0000:00/0000:00:1d.0/0000:3b:00.0/nvme/nvme0");
	free(l);
	/* what was read is there, what was not is not */
	const char *ctrl = "sys/devices/pci0000:00/0000:00:1d.0/0000:3b:00.0/nvme/nvme0";
	snprintf(buf, sizeof buf, "%s/model", ctrl);
	assert_true(exists_l(capdir, buf));
	snprintf(buf, sizeof buf, "%s/state", ctrl); /* written by fx_sysfs, never read */
	assert_false(exists_l(capdir, buf));
	assert_true(exists_l(capdir, "sys/block/loop0")); /* the listing keeps the link */
	assert_false(exists_l(capdir, "sys/devices/virtual/block/loop0/size"));
	/* the manifest says what the capture is */
	char *m = join(capdir, "chipscreen-capture.txt");
	struct strbuf text = STRBUF_INIT, err = STRBUF_INIT;
	assert_int_equal(read_file(m, 1 << 20, &text, &err), 0);
	assert_non_null(strstr(text.buf, "SERIAL NUMBERS"));
	assert_non_null(strstr(text.buf, "hostname: edge7"));
	assert_non_null(strstr(text.buf, "chipscreen collect --root THIS"));
	free(m);
	strbuf_release(&text);
	strbuf_release(&err);
	strbuf_release(&t);

	/* the collected values survive (not just "equal to each other") */
	struct inventory *inv = inventory_new();
	assert_int_equal(capture_collect(inv, tgz, &err), 0);
	assert_string_equal(inv->host.root, tgz);
	assert_string_equal(inv->host.hostname, "edge7");
	const struct component *c = inventory_find(inv, "nvme/nvme0");
	assert_non_null(c);
	assert_string_equal(component_get(c, FK_PCI_VENDOR), "1e49");
	assert_string_equal(component_get(c, FK_IEEE_OUI), "a428b7");
	c = inventory_find(inv, "disk/sda");
	assert_non_null(c);
	assert_string_equal(component_get(c, FK_IEEE_OUI), "a428b7");
	assert_string_equal(component_get(c, FK_SERIAL), "ZTB1T0KA21234");
	c = inventory_find(inv, "emmc/mmc0:0001");
	assert_non_null(c);
	assert_string_equal(component_get(c, FK_MANUFACTURE_DATE), "2021-11");
	assert_non_null(inventory_find(inv, "usb/1-4"));
	assert_non_null(inventory_find(inv, "pci/0000:5e:00.0"));
	inventory_free(inv);
	strbuf_release(&err);

	free(tree);
	free(capdir);
	free(tgz);
	test_rmtree(dir);
	test_rmtree(out);
	free(dir);
	free(out);
}

static void test_replay_live(void **state)
{
	(void)state;
	char *out = test_tmpdir();
	char *capdir = join(out, "cap"), *tgz = join(out, "live.tgz");
	assert_replays("/", capdir);
	assert_replays("/", tgz);
	free(capdir);
	free(tgz);
	test_rmtree(out);
	free(out);
}

/* ---- the real sysfs snapshot ---- */

struct expect {
	const char *name, *model, *serial, *fw, *nqn, *addr, *cntlid, *subsys, *wwid;
};

static void check_controller(struct inventory *inv, const struct expect *e)
{
	char id[32];
	snprintf(id, sizeof id, "nvme/%s", e->name);
	const struct component *c = inventory_find(inv, id);
	if (!c)
		fail_msg("no %s", id);
	assert_int_equal(c->kind, KIND_NVME);
	assert_string_equal(component_get(c, FK_MODEL), e->model);
	assert_string_equal(component_get(c, FK_SERIAL), e->serial);
	assert_string_equal(component_get(c, FK_FIRMWARE), e->fw);
	assert_string_equal(component_get(c, FK_NVME_SUBSYSNQN), e->nqn);
	assert_string_equal(component_get(c, FK_TRANSPORT), "pcie");
	assert_string_equal(component_get(c, FK_PCI_ADDRESS), e->addr);
	assert_string_equal(component_get(c, FK_WWID), e->wwid);
	assert_string_equal(component_get(c, FK_IEEE_OUI), "002538");
	assert_null(component_get(c, FK_PCI_VENDOR));
	bool cnt = false, sub = false;
	for (size_t i = 0; i < c->nfields; i++) {
		const struct field *f = &c->fields[i];
		if (f->key != FK_EXTRA || (f->flags & FIELD_RAW))
			continue;
		if (!strcmp(f->name, "cntlid"))
			cnt = !strcmp(f->value, e->cntlid);
		if (!strcmp(f->name, "nvme_subsystem"))
			sub = !strcmp(f->value, e->subsys);
	}
	assert_true(cnt);
	assert_true(sub);
	/* the raw model keeps the padding of the Identify data */
	const struct field *raw = component_field(c, FK_MODEL, true);
	assert_int_equal(strlen(raw->value), 40);
	/* and the missing PCI ids are said, not silently absent */
	char path[64], text[64];
	snprintf(path, sizeof path, "/sys/class/nvme/%s/device", e->name);
	snprintf(text, sizeof text, "no PCI vendor or device id for %s: its PCI function (%s)",
		 e->name, e->addr);
	bool noted = false;
	for (size_t i = 0; i < inv->nunread; i++)
		noted |= inv->unread[i].path && !strcmp(inv->unread[i].path, path) &&
			 !strcmp(inv->unread[i].what, "NVMe PCI ids") &&
			 strstr(inv->unread[i].reason, text);
	assert_true(noted);
}

/* Every "ctrl" line of nvme-cli's expected topology, in its subsystem. */
static void check_topology(struct inventory *inv, const char *out_file)
{
	struct strbuf text = STRBUF_INIT, err = STRBUF_INIT;
	assert_int_equal(read_file(out_file, 1 << 20, &text, &err), 0);
	char subsys[64] = "", nqn[128] = "";
	int ctrls = 0;
	for (char *line = strtok(text.buf, "\n"); line; line = strtok(NULL, "\n")) {
		char a[128], b[128], c[128];
		if (sscanf(line, " subsystem %63s %127s", subsys, nqn) == 2)
			continue;
		if (sscanf(line, " ctrl %127s transport=%127s traddr=%127s", a, b, c) != 3)
			continue;
		char id[160];
		snprintf(id, sizeof id, "nvme/%s", a);
		const struct component *co = inventory_find(inv, id);
		assert_non_null(co);
		assert_string_equal(component_get(co, FK_TRANSPORT), b);
		assert_string_equal(component_get(co, FK_PCI_ADDRESS), c);
		assert_string_equal(component_get(co, FK_NVME_SUBSYSNQN), nqn);
		ctrls++;
	}
	assert_int_equal(ctrls, 3);
	strbuf_release(&text);
	strbuf_release(&err);
}

static void test_snapshot(void **state)
{
	(void)state;
	SKIP_WITHOUT_SHARED(tarball, "hw/nvme-cli_tree-pcie.tar.xz");
	char *archive = strdup(tarball);
	SKIP_WITHOUT_SHARED(topology, "hw/nvme-cli_tree-pcie.out");
	char *out_file = strdup(topology);
	char *dir = test_tmpdir();
	struct strbuf note = STRBUF_INIT, err = STRBUF_INIT;
	if (capture_extract(archive, dir, &note, &err) < 0)
		fail_msg("%s", err.buf);
	assert_string_equal(note.buf, "1 symbolic link pointing outside the capture was not "
				      "extracted (./sys/module/rpaphp/module -> "
				      "../../../../module/rpaphp)");
	struct inventory *inv = inventory_new();
	collect_run(inv, dir);
	int n = 0;
	for (size_t i = 0; i < inv->ncomps; i++)
		n += inv->comps[i].kind == KIND_NVME;
	assert_int_equal(n, 3);
	static const struct expect ctrl[] = {
		{"nvme0", "3.2TB NVMe Gen4 U.2 SSD V", "S7DFNG0W700063", "DNA8DNA8",
		 "nqn.1994-11.com.samsung:nvme:PM1743:2.5-inch:S7DFNG0W700063", "0214:90:00.0",
		 "129", "nvme-subsys0", "eui.374446305770006300253847000002e1"},
		{"nvme1", "3.2TB NVMe Gen4 U.2 SSD III", "S6RTNE0R900057", "REV.SN66",
		 "nqn.1994-11.com.samsung:nvme:PM1735a:2.5-inch:S6RTNE0R900057", "052e:78:00.0",
		 "66", "nvme-subsys1", "eui.36525430529000570025384500000001"},
		{"nvme2", "3.2TB NVMe Gen4 U.2 SSD III", "S6RTNE0R900057", "REV.SN66",
		 "nqn.1994-11.com.samsung:nvme:PM1735a:2.5-inch:S6RTNE0R900057", "058e:78:00.0",
		 "65", "nvme-subsys1", "eui.36525430529000570025384500000001"},
	};
	for (size_t i = 0; i < 3; i++)
		check_controller(inv, &ctrl[i]);
	check_topology(inv, out_file);
	/* the NGUID of nvme0's namespace, decoded; its OUI is bytes 8-10 */
	const struct component *c = inventory_find(inv, "nvme/nvme0");
	assert_string_equal(component_get(c, FK_NGUID), "374446305770006300253847000002e1");
	assert_string_equal(component_field(c, FK_IEEE_OUI, false)->source,
			    "/sys/class/nvme/nvme0/nvme0n1/nguid#NGUID bytes 8-10");
	inventory_free(inv);

	/* given as a root, the archive itself: the left-out link is a warning */
	inv = inventory_new();
	assert_int_equal(capture_collect(inv, archive, &err), 0);
	assert_string_equal(inv->host.root, archive);
	bool warned = false;
	for (size_t i = 0; i < inv->nwarnings; i++)
		warned |= !strcmp(inv->warnings[i].what, "capture archive") &&
			  strstr(inv->warnings[i].reason, "1 symbolic link pointing outside");
	assert_true(warned);
	/* and no note names the temporary directory */
	for (size_t i = 0; i < inv->nunread; i++)
		assert_null(strstr(inv->unread[i].reason, "chipscreen-root-"));
	inventory_free(inv);

	/* a capture of the snapshot replays to the same inventory as the tree */
	char *out = test_tmpdir();
	char *capdir = join(out, "cap.tgz");
	assert_replays(dir, capdir);
	free(capdir);
	test_rmtree(out);
	free(out);
	strbuf_release(&note);
	strbuf_release(&err);
	test_rmtree(dir);
	free(dir);
	free(archive);
	free(out_file);
}

/* ---- hostile archives ---- */

struct tentry {
	const char *name;
	unsigned type;      /* AE_IFREG, AE_IFDIR, AE_IFLNK, AE_IFCHR; 0: hard link */
	const char *target; /* link target, or file contents */
	long long size;     /* declared size when contents is NULL */
};

static void make_tar_as(const char *path, const struct tentry *e, size_t n, bool gzip)
{
	struct archive *a = archive_write_new();
	if (gzip)
		archive_write_add_filter_gzip(a);
	archive_write_set_format_pax_restricted(a);
	assert_int_equal(archive_write_open_filename(a, path), ARCHIVE_OK);
	for (size_t i = 0; i < n; i++) {
		struct archive_entry *ae = archive_entry_new();
		archive_entry_set_pathname(ae, e[i].name);
		archive_entry_set_perm(ae, 0644);
		if (e[i].type == 0) {
			archive_entry_set_filetype(ae, AE_IFREG);
			archive_entry_set_hardlink(ae, e[i].target);
		} else {
			archive_entry_set_filetype(ae, e[i].type);
		}
		if (e[i].type == AE_IFLNK)
			archive_entry_set_symlink(ae, e[i].target);
		if (e[i].type == AE_IFCHR)
			archive_entry_set_rdev(ae, 0x0101);
		size_t len = e[i].type == AE_IFREG && e[i].target ? strlen(e[i].target) : 0;
		if (e[i].type == AE_IFREG)
			archive_entry_set_size(ae, e[i].target ? (la_int64_t)len : e[i].size);
		assert_int_equal(archive_write_header(a, ae), ARCHIVE_OK);
		if (len)
			archive_write_data(a, e[i].target, len);
		archive_entry_free(ae);
	}
	archive_write_close(a);
	archive_write_free(a);
}

static void make_tar(const char *path, const struct tentry *e, size_t n)
{
	make_tar_as(path, e, n, true);
}

static void test_hostile_archives(void **state)
{
	(void)state;
	char *dir = test_tmpdir(), *tmp = test_tmpdir();
	/* extraction happens under TMPDIR: it must be left empty */
	const char *old = getenv("TMPDIR");
	char *saved = old ? strdup(old) : NULL;
	setenv("TMPDIR", tmp, 1);
	static const struct {
		struct tentry e[2];
		const char *error;
	} refused[] = {
		{{{"sys/ok", AE_IFREG, "1\n", 0}, {"../evil", AE_IFREG, "x", 0}},
		 "entry \"../evil\": \"..\" in the path; not a chipscreen capture, or a hostile "
		 "one"},
		{{{"sys/a/../../evil", AE_IFREG, "x", 0}},
		 "entry \"sys/a/../../evil\": \"..\" in the path"},
		{{{"/etc/evil", AE_IFREG, "x", 0}}, "entry \"/etc/evil\": absolute path"},
		{{{"sys/ok", AE_IFREG, "1\n", 0}, {"sys/hard", 0, "sys/ok", 0}},
		 "entry \"sys/hard\": hard link"},
		{{{"dev/tty", AE_IFCHR, NULL, 0}},
		 "entry \"dev/tty\": neither a file, a directory nor a symbolic link"},
		{{{"sys/big", AE_IFREG, NULL, (65ll << 20)}},
		 "entry \"sys/big\": a file larger than 64 MiB"},
	};
	for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
		char name[64];
		snprintf(name, sizeof name, "evil%zu.tar.gz", i);
		char *a = join(dir, name);
		make_tar(a, refused[i].e, refused[i].e[1].name ? 2 : 1);
		struct inventory *inv = inventory_new();
		struct strbuf err = STRBUF_INIT;
		assert_int_equal(capture_collect(inv, a, &err), -1);
		if (!strstr(err.buf, refused[i].error) || strncmp(err.buf, a, strlen(a)))
			fail_msg("case %zu: %s", i, err.buf);
		inventory_free(inv);
		strbuf_release(&err);
		free(a);
	}
	/* links that would lead out: left out, with a warning; the rest is read,
	 * and when that is nothing, the capture is an error that says why */
	static const struct tentry links[] = {
		{"proc/sys/kernel/hostname", AE_IFREG, "evil1\n", 0},
		{"sys/class/nvme/nvme0", AE_IFLNK, "/etc", 0},
		{"sys/block/sda", AE_IFLNK, "../../..", 0},
		{"sys/bus/usb/devices/1-1", AE_IFLNK, "x/../../../../../..", 0},
	};
	char *a = join(dir, "links.tar.gz");
	make_tar(a, links, 4);
	struct inventory *inv = inventory_new();
	struct strbuf err = STRBUF_INIT;
	assert_int_equal(capture_collect(inv, a, &err), -1);
	assert_non_null(strstr(err.buf, "links.tar.gz: nothing read: no SMBIOS table, PCI "
					"function, NVMe controller, disk, USB device or MMC card "
					"under it (3 symbolic links pointing outside the capture"));
	assert_string_equal(inv->host.hostname, "evil1");
	assert_int_equal(inv->ncomps, 0);
	assert_int_equal(inv->nwarnings, 1);
	assert_string_equal(inv->warnings[0].reason,
			    "3 symbolic links pointing outside the capture were not extracted "
			    "(sys/class/nvme/nvme0 -> /etc, ...)");
	inventory_free(inv);
	free(a);

	/* not an archive at all, and a truncated one */
	a = join(dir, "garbage.tar.gz");
	test_write_str(dir, "garbage.tar.gz", "this is not a tar archive, just text\n");
	inv = inventory_new();
	assert_int_equal(capture_collect(inv, a, &err), -1);
	assert_non_null(strstr(err.buf, "garbage.tar.gz: not a readable capture archive: "));
	inventory_free(inv);
	free(a);
	char *good = join(dir, "good.tgz");
	char *tree = join(dir, "tree");
	assert_int_equal(make_dirs(tree, NULL), 0);
	assert_int_equal(fx_machine(tree, &machine), 0);
	struct capture_stats st;
	assert_int_equal(capture_run(tree, good, &st, &err), 0);
	struct strbuf data = STRBUF_INIT;
	assert_int_equal(read_file(good, 1 << 24, &data, &err), 0);
	test_write(dir, "cut.tgz", data.buf, data.len / 2);
	a = join(dir, "cut.tgz");
	inv = inventory_new();
	assert_int_equal(capture_collect(inv, a, &err), -1);
	assert_non_null(strstr(err.buf, "cut.tgz"));
	inventory_free(inv);
	free(a);

	/* the command line: exit 2 and the reason */
	struct strbuf out = STRBUF_INIT, serr = STRBUF_INIT;
	a = join(dir, "evil0.tar.gz");
	assert_int_equal(run_cmd(&out, &serr, "collect", "--root", a, NULL), EXIT_ERROR);
	assert_non_null(strstr(serr.buf, "entry \"../evil\": \"..\" in the path"));
	assert_int_equal(out.len, 0);
	free(a);
	assert_int_equal(run_cmd(&out, &serr, "collect", "--root", "/nonexistent/capture", NULL),
			 EXIT_ERROR);
	assert_non_null(strstr(serr.buf, "/nonexistent/capture: no such file"));

	/* nothing left behind in TMPDIR */
	char **names;
	assert_int_equal(list_dir(tmp, &names, NULL), 0);
	free_names(names, 0);
	if (saved) {
		setenv("TMPDIR", saved, 1);
		free(saved);
	} else {
		unsetenv("TMPDIR");
	}
	strbuf_release(&err);
	strbuf_release(&data);
	strbuf_release(&out);
	strbuf_release(&serr);
	free(good);
	free(tree);
	test_rmtree(dir);
	test_rmtree(tmp);
	free(dir);
	free(tmp);
}

/* ---- archives that fail during extraction ----
 *
 * Each failure is reported after the entry's path was rewritten for the
 * disk writer; the message must still name the entry as the archive gave it
 * (it once read freed memory: run under ASan). */

static void expect_entry_error(const char *archive, const char *entry, const char *why)
{
	struct inventory *inv = inventory_new();
	struct strbuf err = STRBUF_INIT, want = STRBUF_INIT;
	assert_int_equal(capture_collect(inv, archive, &err), -1);
	strbuf_addf(&want, "%s: entry \"%s\": %s", archive, entry, why);
	if (strncmp(err.buf, want.buf, want.len))
		fail_msg("want \"%s...\", got \"%s\"", want.buf, err.buf);
	inventory_free(inv);
	strbuf_release(&err);
	strbuf_release(&want);
}

/* The archive at path cut to its first keep bytes, written to cut. */
static void truncate_copy(const char *path, const char *cut, size_t keep)
{
	struct strbuf data = STRBUF_INIT, err = STRBUF_INIT;
	assert_int_equal(read_file(path, 1 << 24, &data, &err), 0);
	assert_true(keep < data.len);
	FILE *f = fopen(cut, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(data.buf, 1, keep, f), keep);
	fclose(f);
	strbuf_release(&data);
	strbuf_release(&err);
}

static void test_failing_archives(void **state)
{
	(void)state;
	char *dir = test_tmpdir(), *tmp = test_tmpdir();
	const char *old = getenv("TMPDIR");
	char *saved = old ? strdup(old) : NULL;
	setenv("TMPDIR", tmp, 1);

	/* 400000 bytes that do not compress, so a cut gzip stream ends inside them */
	static char blob[400001];
	unsigned x = 12345;
	for (size_t i = 0; i < sizeof blob - 1; i++) {
		x = x * 1103515245u + 12345u;
		blob[i] = (char)('a' + (x >> 16) % 26);
	}
	const struct tentry data[] = {{"sys/data", AE_IFREG, blob, 0}};
	char *tar = join(dir, "whole.tar"), *tgz = join(dir, "whole.tar.gz");
	char *cut = join(dir, "cut.tar"), *cutgz = join(dir, "cut.tar.gz");
	make_tar_as(tar, data, 1, false);
	make_tar_as(tgz, data, 1, true);
	truncate_copy(tar, cut, 512 + 200000); /* header, then half the data */
	expect_entry_error(cut, "sys/data", "");
	struct stat st;
	assert_int_equal(stat(tgz, &st), 0);
	truncate_copy(tgz, cutgz, (size_t)st.st_size / 2);
	expect_entry_error(cutgz, "sys/data", "");

	/* written through a link inside the tree: the writer refuses */
	const struct tentry through[] = {{"in", AE_IFLNK, "sys", 0},
					 {"sys", AE_IFDIR, NULL, 0},
					 {"in/x", AE_IFREG, "1\n", 0}};
	char *a = join(dir, "through.tar.gz");
	make_tar(a, through, 3);
	expect_entry_error(a, "in/x", "");
	free(a);

	/* a name longer than the file system takes (255 bytes a component) */
	char longname[300] = "sys/";
	memset(longname + 4, 'n', 280);
	longname[284] = '\0';
	const struct tentry toolong[] = {{longname, AE_IFREG, "1\n", 0}};
	a = join(dir, "long.tar.gz");
	make_tar(a, toolong, 1);
	expect_entry_error(a, longname, "");
	free(a);

	/* past the unpack limit: nine files of 60 MiB of zeros (a small gzip) */
	struct tentry big[9];
	char names[9][24];
	for (int i = 0; i < 9; i++) {
		snprintf(names[i], sizeof names[i], "sys/z%d", i);
		big[i] = (struct tentry){names[i], AE_IFREG, NULL, 60ll << 20};
	}
	a = join(dir, "big.tar.gz");
	make_tar(a, big, 9);
	expect_entry_error(a, "sys/z8", "the archive unpacks to more than 512 MiB");
	free(a);

	/* nothing left behind in TMPDIR */
	char **left;
	assert_int_equal(list_dir(tmp, &left, NULL), 0);
	free_names(left, 0);
	if (saved) {
		setenv("TMPDIR", saved, 1);
		free(saved);
	} else {
		unsetenv("TMPDIR");
	}
	free(tar);
	free(tgz);
	free(cut);
	free(cutgz);
	test_rmtree(dir);
	test_rmtree(tmp);
	free(dir);
	free(tmp);
}

/* A TMPDIR that fills up during extraction: a 256 KiB tmpfs, mounted in a
 * child's own mount namespace (root only; skipped elsewhere), and an
 * archive holding 1 MiB. */
static void full_tmpdir_child(const char *archive, const char *mnt, int fd)
{
	struct strbuf msg = STRBUF_INIT;
	if (unshare(CLONE_NEWNS) < 0 || mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0 ||
	    mount("tmpfs", mnt, "tmpfs", 0, "size=256k") < 0) {
		strbuf_addstr(&msg, "SKIP");
	} else {
		setenv("TMPDIR", mnt, 1);
		struct inventory *inv = inventory_new();
		int rc = capture_collect(inv, archive, &msg);
		strbuf_addf(&msg, "\nrc=%d", rc);
		inventory_free(inv);
		char **left;
		int n = list_dir(mnt, &left, NULL);
		free_names(left, n > 0 ? n : 0);
		strbuf_addf(&msg, " left=%d", n);
	}
	(void)!write(fd, msg.buf, msg.len);
	_exit(0);
}

static void test_full_tmpdir(void **state)
{
	(void)state;
	if (geteuid() != 0) {
		print_message("SKIP: mounting a small tmpfs needs root\n");
		skip();
	}
	char *dir = test_tmpdir();
	static char blob[1 << 20];
	unsigned x = 7;
	for (size_t i = 0; i < sizeof blob - 1; i++) {
		x = x * 1103515245u + 12345u;
		blob[i] = (char)('a' + (x >> 16) % 26);
	}
	const struct tentry big[] = {{"sys/ok", AE_IFREG, "1\n", 0}, {"sys/big", AE_IFREG, blob, 0}};
	char *a = join(dir, "full.tar.gz"), *mnt = join(dir, "mnt");
	make_tar(a, big, 2);
	assert_int_equal(mkdir(mnt, 0700), 0);
	int fd[2];
	assert_int_equal(pipe(fd), 0);
	fflush(NULL);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		close(fd[0]);
		full_tmpdir_child(a, mnt, fd[1]);
	}
	close(fd[1]);
	struct strbuf out = STRBUF_INIT, want = STRBUF_INIT;
	char buf[1024];
	ssize_t n;
	while ((n = read(fd[0], buf, sizeof buf)) > 0)
		strbuf_add(&out, buf, (size_t)n);
	close(fd[0]);
	int st;
	assert_int_equal(waitpid(pid, &st, 0), pid);
	if (!strcmp(out.buf, "SKIP")) {
		print_message("SKIP: no mount namespace for a small tmpfs here\n");
	} else {
		strbuf_addf(&want, "%s: entry \"sys/big\": ", a);
		if (strncmp(out.buf, want.buf, want.len) || !strstr(out.buf, "\nrc=-1 left=0"))
			fail_msg("got: %s", out.buf);
	}
	strbuf_release(&out);
	strbuf_release(&want);
	free(a);
	free(mnt);
	test_rmtree(dir);
	free(dir);
}

static void test_link_targets(void **state)
{
	(void)state;
	static const char *const cases[][3] = {
		/* link, target as read, target stored */
		{"/sys/class/nvme/nvme0", "../../devices/pci0000:00/0000:00:1d.0/nvme/nvme0",
		 "../../devices/pci0000:00/0000:00:1d.0/nvme/nvme0"},
		{"/sys/block/sda", "/sys/devices/virtual/block/sda",
		 "../../sys/devices/virtual/block/sda"},
		{"/sys/x", "../../../../etc", "../etc"},
		{"/top", "/", "."},
		{"/a/b/c", "x/../../..", "../.."},
		{"/a/b", ".", "."},
	};
	struct strbuf out = STRBUF_INIT;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		capture_link_target(cases[i][0], cases[i][1], &out);
		if (strcmp(out.buf, cases[i][2]))
			fail_msg("%s -> %s: stored %s, expected %s", cases[i][0], cases[i][1],
				 out.buf, cases[i][2]);
	}
	strbuf_release(&out);
}

/* ---- the command ---- */

static void test_cmd_capture(void **state)
{
	(void)state;
	char *dir = test_tmpdir();
	char *tree = join(dir, "tree"), *cap = join(dir, "cap"), *tgz = join(dir, "c.tgz");
	assert_int_equal(make_dirs(tree, NULL), 0);
	assert_int_equal(fx_machine(tree, &machine), 0);
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT;
	assert_int_equal(run_cmd(&out, &err, "capture", NULL), EXIT_ERROR);
	assert_non_null(strstr(err.buf, "-o FILE.tar.gz or -o DIR is required"));
	assert_int_equal(run_cmd(&out, &err, "capture", "--help", NULL), 0);
	assert_non_null(strstr(out.buf, "usage: chipscreen capture"));
	assert_int_equal(run_cmd(&out, &err, "capture", "--root", tree, "-o", cap, NULL), 0);
	assert_non_null(strstr(err.buf, "chipscreen: captured "));
	assert_non_null(strstr(err.buf, "the capture holds serial numbers"));
	/* not over an existing capture */
	assert_int_equal(run_cmd(&out, &err, "capture", "--root", tree, "-o", cap, NULL),
			 EXIT_ERROR);
	assert_non_null(strstr(err.buf, "exists and is not empty; give a new directory"));
	assert_int_equal(run_cmd(&out, &err, "capture", "--root", tree, "-o", tgz, "-q", NULL), 0);
	assert_int_equal(err.len, 0);
	/* collect reads the capture directly, as text too */
	if (run_cmd(&out, &err, "collect", "--root", tgz, "--format", "text", NULL) != 0)
		fail_msg("collect --root %s: %s", tgz, err.buf);
	assert_non_null(strstr(out.buf, "host edge7"));
	assert_non_null(strstr(out.buf, "nvme/nvme0  [nvme]"));
	char *nowhere = join(dir, "no/such/dir/c.tar.gz");
	assert_int_equal(run_cmd(&out, &err, "capture", "--root", tree, "-o", nowhere, NULL),
			 EXIT_ERROR);
	assert_non_null(strstr(err.buf, "cannot write"));
	free(nowhere);
	strbuf_release(&out);
	strbuf_release(&err);
	free(tree);
	free(cap);
	free(tgz);
	test_rmtree(dir);
	free(dir);
}

/* A file only root can read stays unreadable in the capture. */
/*
 * A file the capturing user cannot read: the capture still completes, the
 * replay collects what the live run collected, and the file is in the
 * capture as an empty file of the same mode (so the replay cannot read it
 * either).  What happened is told as text, so that it can come from a child:
 * as root, a child drops to nobody (65534), for whom mode 000 means unreadable.
 */
static void unreadable_case(const char *tree, const char *cap, const char *g, struct strbuf *sb)
{
	struct capture_stats st;
	struct strbuf err = STRBUF_INIT, live = STRBUF_INIT, replay = STRBUF_INIT;
	struct inventory *a = inventory_new(), *b = inventory_new();
	if (capture_run(tree, cap, &st, &err) < 0) {
		strbuf_addf(sb, "capture: %s\n", err.buf);
	} else if (capture_collect(a, tree, &err) < 0 || capture_collect(b, cap, &err) < 0) {
		strbuf_addf(sb, "collect: %s\n", err.buf);
	} else {
		normal_json(a, tree, &live);
		normal_json(b, cap, &replay);
		struct stat sg;
		strbuf_addf(sb, "capture: ok\nreplay: %s\n",
			    strcmp(live.buf, replay.buf) ? "differs" : "same");
		if (stat(g, &sg) == 0)
			strbuf_addf(sb, "mode=%o size=%lld\n", (unsigned)(sg.st_mode & 0777),
				    (long long)sg.st_size);
		else
			strbuf_addstr(sb, "not in the capture\n");
		size_t n = 0;
		for (size_t i = 0; i < a->nunread; i++)
			n += strstr(a->unread[i].path, "1-4/manufacturer") != NULL;
		strbuf_addf(sb, "unread listed: %zu\n", n);
	}
	inventory_free(a);
	inventory_free(b);
	strbuf_release(&err);
	strbuf_release(&live);
	strbuf_release(&replay);
}

struct unreadable {
	const char *tree, *cap, *g;
};

static void unreadable_body(void *ctx, struct strbuf *out)
{
	const struct unreadable *u = ctx;
	unreadable_case(u->tree, u->cap, u->g, out);
}

static void test_unreadable(void **state)
{
	(void)state;
	char *dir = test_tmpdir();
	char *tree = join(dir, "tree"), *cap = join(dir, "cap");
	assert_int_equal(make_dirs(tree, NULL), 0);
	assert_int_equal(fx_machine(tree, &machine), 0);
	char *f = join(tree, "sys/bus/usb/devices/1-4/manufacturer");
	char *g = join(cap, "sys/devices/pci0000:00/0000:00:14.0/usb1/1-4/manufacturer");
	assert_int_equal(chmod(f, 0), 0);
	struct strbuf got = STRBUF_INIT;
	/* nobody must reach the tree and write the capture beside it */
	if (geteuid() == 0)
		assert_int_equal(chmod(dir, 0777), 0);
	struct unreadable u = {tree, cap, g};
	run_as_user(unreadable_body, &u, &got);
	assert_string_equal(got.buf,
			    "capture: ok\nreplay: same\nmode=0 size=0\nunread listed: 1\n");
	strbuf_release(&got);
	free(f);
	free(g);
	free(tree);
	free(cap);
	test_rmtree(dir);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_replay_fixture), cmocka_unit_test(test_replay_live),
		cmocka_unit_test(test_snapshot),       cmocka_unit_test(test_hostile_archives),
		cmocka_unit_test(test_link_targets),   cmocka_unit_test(test_cmd_capture),
		cmocka_unit_test(test_unreadable),     cmocka_unit_test(test_failing_archives),
		cmocka_unit_test(test_full_tmpdir),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
