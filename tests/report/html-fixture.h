/*
 * html-fixture.h — a small fleet in a store for the HTML report tests
 * (header-only, as tests/store/fleet-test.h), judged with the shipped rules
 * and knowledge base (CHIPSCREEN_DATA = the source tree's data/).
 *
 * Identifiers are from the specifications (fleet-test.h): PCI vendor 0x19e5
 * is Huawei (pci.ids), JEP106 bank 1 0x2C ("802c") is Micron.  Under the
 * profile us-federal-contractor, a Huawei network controller is PROHIBITED
 * by §889(a)(1)(B) (19e5:1822 on four hosts, 19e5:0200 on web01); a Micron module is named by
 * China's CAC decision, which does not bind that profile (INFO); a module with no identifier is not
 * identified.
 *
 * One host carries hostile text: a name with a script element, quotes and
 * an ampersand, a site with quotes, and a part number with an RTL override
 * (U+202E) — and one a name starting with '=' for the CSV formula guard.
 */
#ifndef TESTS_REPORT_HTML_FIXTURE_H
#define TESTS_REPORT_HTML_FIXTURE_H

#include "../store/fleet-test.h"

#include "util/fileio.h"

#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>

#define HOSTILE_HOST "<script>alert(\"x\")</script>&'web"
#define HOSTILE_SITE "R&D \"lab\""
#define HOSTILE_PN                                                                                 \
	"MTA\xe2\x80\xae"                                                                          \
	"18ASF"
#define FORMULA_HOST "=cmd|' /C calc'!A0"

struct hfx {
	char *dir, *db, *files, *html;
	char *screen, *orders; /* hfx_sections: report --screen and --orders inputs */
};

static void hfx_host(struct hfx *x, const char *file, const char *name, int nics,
		     const char *dimm_pn, const char *site)
{
	struct inventory *inv = t_host(name, NULL, NULL);
	if (!strcmp(file, "web01")) /* another Huawei controller: a second finding */
		t_pci(inv, "0000:10:00.0", "19e5", "0200", "020000");
	for (int i = 0; i < nics; i++) {
		char addr[32];
		snprintf(addr, sizeof addr, "0000:%02x:00.0", i + 1);
		t_pci(inv, addr, "19e5", "1822", "020000");
	}
	if (dimm_pn) /* made after 2023-05-21: bought after the CAC decision */
		t_dimm(inv, "A1", "802c", "802c", dimm_pn,
		       !strcmp(file, "web02") ? "2023-W45" : "2023-W40", "00000001");
	t_dimm(inv, "B1", NULL, NULL, NULL, NULL, NULL);
	struct strbuf p = STRBUF_INIT, out = STRBUF_INIT, err = STRBUF_INIT;
	strbuf_addf(&p, "%s/%s.json", x->files, file);
	FILE *f = fopen(p.buf, "w");
	assert_non_null(f);
	assert_int_equal(inventory_write(inv, f), 0);
	fclose(f);
	inventory_free(inv);
	int rc = run_cmd(&out, &err, "import", "-q", "--db", x->db, "--site", site, p.buf, NULL);
	if (rc)
		fail_msg("import %s: %s", file, err.buf);
	strbuf_release(&p);
	strbuf_release(&out);
	strbuf_release(&err);
}

static int hfx_setup(void **state)
{
	struct hfx *x = calloc(1, sizeof *x);
	struct strbuf p = STRBUF_INIT, err = STRBUF_INIT;
	x->dir = test_tmpdir();
	setenv("CHIPSCREEN_DATA", src_path("data"), 1);
	setenv("CHIPSCREEN_CONFIG", "", 1);
	setenv("SOURCE_DATE_EPOCH", "1796601600", 1); /* 2026-12-07T00:00:00Z */
	strbuf_addf(&p, "%s/store.db", x->dir);
	x->db = strbuf_detach(&p, NULL);
	strbuf_addf(&p, "%s/files", x->dir);
	x->files = strbuf_detach(&p, NULL);
	strbuf_addf(&p, "%s/report.html", x->dir);
	x->html = strbuf_detach(&p, NULL);
	assert_int_equal(make_dirs(x->files, &err), 0);
	hfx_host(x, "web01", "web01.example.net", 2, "MTA18ASF2G72PZ-3G2", "Leeds");
	hfx_host(x, "web02", "web02.example.net", 1, "MTA18ASF2G72PZ-3G2", "Leeds");
	hfx_host(x, "db01", "db01.example.net", 0, "MTA18ASF2G72PZ-3G2", "Paris");
	hfx_host(x, "hostile", HOSTILE_HOST, 1, HOSTILE_PN, HOSTILE_SITE);
	hfx_host(x, "formula", FORMULA_HOST, 1, NULL, "Paris");
	strbuf_release(&err);
	*state = x;
	return 0;
}

static int hfx_teardown(void **state)
{
	struct hfx *x = *state;
	test_rmtree(x->dir);
	free(x->dir);
	free(x->db);
	free(x->files);
	free(x->html);
	free(x->screen);
	free(x->orders);
	free(x);
	return 0;
}

/*
 * The inputs of the report's name-screening and export sections, in x->dir:
 *
 * Lists imported into the store: two OFAC SDN records in OFAC's legacy CSV
 * layout (ent_num 23647 with its alias and 306, copied from
 * tests/fixtures/lists/ofac-sdn-bench, as tests/match/test_review.c has
 * them), the file dated 2026-11-30 (the format states no date: its
 * modification time is the publication date), and the DoD 1260H list of
 * tests/fixtures/lists/dod-1260h (published 2026-06-08).  "Zhang Wei" is
 * reviewed as not the party of ofac-sdn:23647 (by alice).  screen-names
 * then screens four customers into x->screen: YMTC (match, DoD 1260H), SMIC
 * (potential match: an abbreviation), Zhang Wei (the reviewed hit: no-match)
 * and Acme Widgets Ltd (no hit).
 *
 * x->orders: four order lines for export-check (items from its catalogue;
 * the first three as tests/export/test_export_bounds.c checks them): A100 to
 * YMTC in China (LICENSE-REQUIRED), RTX 4090 to Great Britain (NO-LICENSE-
 * REQUIRED), H100 to Saudi Arabia (LICENSE-REQUIRED), and H20 to China with
 * no date (the report's date) and no headquarters (REVIEW: the catalogue's
 * TPP of H20 is an estimate).
 */
#define HFX_SDN                                                                                    \
	"23647,\"WEI, Zhao\",\"individual\",\"TCO\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,\"DOB 16 "  \
	"Sep 1952; nationality China.\"\n"                                                         \
	"306,\"BANCO NACIONAL DE CUBA\",-0- ,\"CUBA\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \n"
#define HFX_ALT "23647,37349,\"aka\",\"WEI, Zhang\",-0- \n"
#define HFX_ORDERS                                                                                 \
	"Order,Part,Country,Customer,End User HQ,Parent HQ,Date\n"                                 \
	"SO-1,A100,CN,YMTC,CN,none,2026-07-31\n"                                                   \
	"SO-2,RTX 4090,GB,Example Games Ltd,GB,none,2026-07-31\n"                                  \
	"SO-3,H100,SA,\"OVH, SAS\",FR,none,2026-07-31\n"                                           \
	"SO-4,H20,CN,Example Cloud Co,,,\n"

static void hfx_run(const char *what, const char *cmd, ...) __attribute__((unused));

__attribute__((unused)) static void hfx_sections(struct hfx *x)
{
	struct strbuf sdn = STRBUF_INIT, alt = STRBUF_INIT, names = STRBUF_INIT, p = STRBUF_INIT;
	test_write_str(x->dir, "sdn/sdn.csv", HFX_SDN);
	test_write_str(x->dir, "sdn/alt.csv", HFX_ALT);
	strbuf_addf(&sdn, "%s/sdn/sdn.csv", x->dir);
	strbuf_addf(&alt, "%s/sdn/alt.csv", x->dir);
	struct timespec t[2] = {{1796040000, 0}, {1796040000, 0}}; /* 2026-11-30T12:00:00Z */
	assert_int_equal(utimensat(AT_FDCWD, sdn.buf, t, 0), 0);
	assert_int_equal(utimensat(AT_FDCWD, alt.buf, t, 0), 0);
	hfx_run("lists import", "lists", "import", "-q", "--db", x->db, sdn.buf,
		src_path("tests/fixtures/lists/dod-1260h/sanctions.csv"), NULL);
	hfx_run("review", "review", "--db", x->db, "--by", "alice", "--why", "born 1988, not 1952",
		"Zhang Wei", "ofac-sdn:23647", NULL);
	test_write_str(x->dir, "customers.csv",
		       "customer,country\n\"Yangtze Memory Technologies Co., Ltd.\",CN\nSMIC,CN\n"
		       "Zhang Wei,CN\nAcme Widgets Ltd,GB\n");
	strbuf_addf(&names, "%s/customers.csv", x->dir);
	strbuf_addf(&p, "%s/screened.csv", x->dir);
	x->screen = strbuf_detach(&p, NULL);
	hfx_run("screen-names", "screen-names", "-q", "--db", x->db, "--column", "customer", "-o",
		x->screen, names.buf, NULL);
	test_write_str(x->dir, "orders.csv", HFX_ORDERS);
	strbuf_addf(&p, "%s/orders.csv", x->dir);
	x->orders = strbuf_detach(&p, NULL);
	strbuf_release(&sdn);
	strbuf_release(&alt);
	strbuf_release(&names);
}

/* A command that must succeed (exit 0 or 1). */
static void hfx_run(const char *what, const char *cmd, ...)
{
	const char *argv[32];
	int argc = 0;
	va_list ap;
	va_start(ap, cmd);
	argv[argc++] = cmd;
	while (argc < 31 && (argv[argc] = va_arg(ap, const char *)))
		argc++;
	va_end(ap);
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT;
	int rc = run_cmdv(&out, &err, argc, argv);
	if (rc > 1)
		fail_msg("%s: exit %d: %s", what, rc, err.buf);
	strbuf_release(&out);
	strbuf_release(&err);
}

/* `chipscreen report` with both sections into x->html; its exit status. */
__attribute__((unused)) static int hfx_report_sections(struct hfx *x, struct strbuf *err,
						       const char *format, const char *out)
{
	struct strbuf o = STRBUF_INIT;
	int rc = run_cmd(&o, err, "report", "--db", x->db, "--profile", "us-federal-contractor",
			 "--date", "2026-12-07", "--screen", x->screen, "--screen-column",
			 "customer", "--orders", x->orders, "--format", format, "-o", out, NULL);
	strbuf_release(&o);
	return rc;
}

/* `chipscreen report` into x->html; its exit status, messages in err. */
static int hfx_report(struct hfx *x, struct strbuf *err, const char *format, const char *out)
{
	struct strbuf o = STRBUF_INIT;
	int rc = run_cmd(&o, err, "report", "--db", x->db, "--profile", "us-federal-contractor",
			 "--date", "2026-12-07", "--format", format, "-o", out, NULL);
	strbuf_release(&o);
	return rc;
}

static char *hfx_read(const char *path)
{
	struct strbuf t = STRBUF_INIT, err = STRBUF_INIT;
	if (read_file(path, 64 << 20, &t, &err) < 0)
		fail_msg("%s", err.buf);
	strbuf_release(&err);
	return strbuf_detach(&t, NULL);
}

#define assert_has(hay, needle)                                                                    \
	do {                                                                                       \
		if (!strstr((hay), (needle)))                                                      \
			fail_msg("the document does not contain \"%s\"", (needle));                \
	} while (0)
#define assert_lacks(hay, needle)                                                                  \
	do {                                                                                       \
		if (strstr((hay), (needle)))                                                       \
			fail_msg("the document contains \"%s\"", (needle));                        \
	} while (0)

#endif
