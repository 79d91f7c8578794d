/*
 * test_cmd_nothing_read.c — a host whose stored inventory holds no component
 * is never a clean host (chipscreen.h NOTHING_READ_REASON).
 *
 * Older versions stored uploads without components (the server refuses them
 * now, api.c), and import still takes a collect JSON whose only content is
 * notes of what could not be read.  Such a host was listed CLEAR by `hosts`,
 * and `fleet` said "No rule names the makers identified in this fleet",
 * exit 0; `scan` of its inventory said "No findings".  Now fleet, hosts,
 * report and scan (which the server's host scan is) agree: NOTHING-READ,
 * REVIEW, with the reason; the host beside it with parts read is judged as
 * before.  The stores are built here: the empty host with the store's own
 * import (fleet_import, as an older upload was stored), the other from
 * `collect --root examples/server` (the repository's example capture).
 */
#include "../store/fleet-test.h"

#include <cjson/cJSON.h>
#include <stdlib.h>

struct fx {
	char *dir, *db, *empty;
};

static int fx_setup(void **state)
{
	struct fx *x = calloc(1, sizeof *x);
	x->dir = test_tmpdir();
	setenv("CHIPSCREEN_DATA", src_path("data"), 1);
	setenv("CHIPSCREEN_CONFIG", "", 1);
	x->db = test_path(x->dir, "store.db");
	/* the host nothing was read from, as an older version stored it */
	struct fleet *f = t_fleet(x->dir);
	struct inventory *inv = t_host("old-empty", NULL, "EMPTY0001");
	inventory_unread(inv, "/sys/firmware/dmi/tables/DMI", "smbios",
			 "permission denied: root only");
	x->empty = test_path(x->dir, "old-empty.json");
	FILE *fp = fopen(x->empty, "w");
	assert_non_null(fp);
	assert_int_equal(inventory_write(inv, fp), 0);
	fclose(fp);
	t_import(f, inv, "old-empty");
	inventory_free(inv);
	fleet_close(f);
	/* a host with parts */
	struct strbuf o = STRBUF_INIT, e = STRBUF_INIT;
	assert_int_equal(run_cmd(&o, &e, "collect", "--root", src_path("examples/server"), NULL),
			 0);
	test_write_str(x->dir, "db01.json", o.buf);
	char *p = test_path(x->dir, "db01.json");
	if (run_cmd(NULL, &e, "import", "-q", "--db", x->db, p, NULL))
		fail_msg("import: %s", e.buf);
	free(p);
	strbuf_release(&o);
	strbuf_release(&e);
	*state = x;
	return 0;
}

static int fx_teardown(void **state)
{
	struct fx *x = *state;
	test_rmtree(x->dir);
	free(x->dir);
	free(x->db);
	free(x->empty);
	free(x);
	return 0;
}

/* The line of text that holds needle, or fail. */
static void assert_line(const char *text, const char *a, const char *b)
{
	for (const char *l = text; l && *l;) {
		const char *nl = strchr(l, '\n');
		size_t n = nl ? (size_t)(nl - l) : strlen(l);
		char *line = strndup(l, n);
		bool ok = strstr(line, a) && strstr(line, b);
		free(line);
		if (ok)
			return;
		l = nl ? nl + 1 : NULL;
	}
	print_message("%s\n", text);
	fail_msg("no line above holds \"%s\" and \"%s\"", a, b);
}

static void test_hosts(void **state)
{
	struct fx *x = *state;
	struct strbuf o = STRBUF_INIT, e = STRBUF_INIT;
	assert_int_equal(run_cmd(&o, &e, "hosts", "--db", x->db, "--profile", "cn-cii", "--date",
				 "2026-06-01", "--format", "csv", NULL),
			 0);
	assert_line(o.buf, "\"old-empty\"", "\"NOTHING-READ\"");
	assert_line(o.buf, "\"example-db01\"", "\"NO-NEW-PURCHASE\"");
	strbuf_release(&o);
	strbuf_release(&e);
}

static void test_fleet(void **state)
{
	struct fx *x = *state;
	struct strbuf o = STRBUF_INIT, e = STRBUF_INIT;
	/* the empty host alone: REVIEW, exit 1 (the default --fail-on REVIEW) */
	assert_int_equal(run_cmd(&o, &e, "fleet", "--db", x->db, "--profile", "cn-cii", "--date",
				 "2026-06-01", "--host", "old-empty", "--format", "json", NULL),
			 1);
	cJSON *d = cJSON_Parse(o.buf);
	assert_non_null(d);
	assert_string_equal(cJSON_GetObjectItem(d, "worst")->valuestring, "REVIEW");
	const cJSON *nr = cJSON_GetObjectItem(d, "nothing_read");
	assert_int_equal(cJSON_GetArraySize(nr), 1);
	const cJSON *h = cJSON_GetArrayItem(nr, 0);
	assert_string_equal(cJSON_GetObjectItem(h, "host")->valuestring, "old-empty");
	assert_string_equal(cJSON_GetObjectItem(h, "status")->valuestring, "NOTHING-READ");
	assert_string_equal(cJSON_GetObjectItem(h, "reason")->valuestring, NOTHING_READ_REASON);
	cJSON_Delete(d);
	strbuf_reset(&o);
	assert_int_equal(run_cmd(&o, &e, "fleet", "--db", x->db, "--profile", "cn-cii", "--date",
				 "2026-06-01", "--host", "old-empty", NULL),
			 1);
	assert_line(o.buf, "1 host has nothing read", "NOTHING-READ, REVIEW");
	assert_line(o.buf, "nothing was read: the inventory holds no component", "");
	strbuf_reset(&o);
	assert_int_equal(run_cmd(&o, &e, "fleet", "--db", x->db, "--profile", "cn-cii", "--date",
				 "2026-06-01", "--format", "csv", NULL),
			 1);
	assert_line(o.buf, "\"old-empty\"", "\"NOTHING-READ\"");
	/* the other host's findings are as they were */
	assert_line(o.buf, "\"example-db01\"", "\"NO-NEW-PURCHASE\"");
	strbuf_release(&o);
	strbuf_release(&e);
}

static void test_report(void **state)
{
	struct fx *x = *state;
	struct strbuf o = STRBUF_INIT, e = STRBUF_INIT;
	char *html = test_path(x->dir, "r.html");
	assert_int_equal(run_cmd(&o, &e, "report", "--db", x->db, "--profile", "cn-cii", "--date",
				 "2026-06-01", "-o", html, NULL),
			 0);
	struct strbuf t = STRBUF_INIT;
	assert_int_equal(read_file(html, 1 << 24, &t, &e), 0);
	assert_non_null(strstr(t.buf, "<h3 id=\"nothing-read\">Hosts with nothing read</h3>"));
	assert_non_null(strstr(t.buf, "<li><b>old-empty</b>: nothing was read: the inventory"));
	free(html);
	strbuf_release(&t);
	strbuf_release(&o);
	strbuf_release(&e);
}

/* scan of the inventory, which the server's GET /api/v1/hosts/{id}/scan
 * renders the same way (report_scan) */
static void test_scan(void **state)
{
	struct fx *x = *state;
	struct strbuf o = STRBUF_INIT, e = STRBUF_INIT;
	assert_int_equal(run_cmd(&o, &e, "scan", "--profile", "cn-cii", "--date", "2026-06-01",
				 "--format", "json", x->empty, NULL),
			 1);
	cJSON *d = cJSON_Parse(o.buf);
	const cJSON *s = cJSON_GetObjectItem(d, "summary");
	assert_string_equal(cJSON_GetObjectItem(s, "worst")->valuestring, "REVIEW");
	assert_string_equal(cJSON_GetObjectItem(s, "nothing_read")->valuestring,
			    NOTHING_READ_REASON);
	cJSON_Delete(d);
	strbuf_reset(&o);
	assert_int_equal(run_cmd(&o, &e, "scan", "--profile", "cn-cii", "--date", "2026-06-01",
				 x->empty, NULL),
			 1);
	assert_null(strstr(o.buf, "No findings"));
	assert_line(o.buf, "NOTHING-READ (REVIEW)", "");
	strbuf_release(&o);
	strbuf_release(&e);
}

/* rescreen of a store whose only host has nothing read: exit 2, saying so;
 * it said "the store holds no host yet (import inventories first)", of a
 * store holding one */
static void test_rescreen(void **state)
{
	struct fx *x = *state;
	struct strbuf o = STRBUF_INIT, e = STRBUF_INIT;
	char *db = test_path(x->dir, "only-empty.db");
	assert_int_equal(run_cmd(&o, &e, "import", "-q", "--db", db, x->empty, NULL), 0);
	assert_int_equal(run_cmd(&o, &e, "rescreen", "--db", db, "--profile", "cn-cii", NULL), 2);
	assert_non_null(strstr(e.buf,
			       "no host's last inventory holds a component (1, nothing "
			       "read: chipscreen fleet lists them); nothing to screen again"));
	assert_null(strstr(e.buf, "no host yet"));
	free(db);
	strbuf_release(&o);
	strbuf_release(&e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_hosts, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_fleet, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_report, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_scan, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_rescreen, fx_setup, fx_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
