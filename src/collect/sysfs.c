/*
 * sysfs.c — attribute reading and identifier decoding shared by the device
 * sources (see sysfs.h for the rules every attribute follows).
 */
#include "collect/sysfs.h"
#include "util/fileio.h"
#include "util/hex.h"
#include "util/utf8.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

void sysfs_strip_root(struct collect_ctx *cc, struct strbuf *err)
{
	if (!cc->root || !*cc->root || !strcmp(cc->root, "/"))
		return;
	struct strbuf root = STRBUF_INIT, sb = STRBUF_INIT;
	strbuf_addstr(&root, cc->root);
	while (root.len > 1 && root.buf[root.len - 1] == '/')
		strbuf_setlen(&root, root.len - 1);
	const char *s = err->buf, *hit;
	while ((hit = strstr(s, root.buf))) {
		bool prefix = hit[root.len] == '/';
		strbuf_add(&sb, s, (size_t)(hit - s) + (prefix ? 0 : 1));
		s = hit + (prefix ? root.len : 1);
	}
	strbuf_addstr(&sb, s);
	strbuf_reset(err);
	strbuf_add(err, sb.buf, sb.len);
	strbuf_release(&sb);
	strbuf_release(&root);
}

int sysfs_get_bytes(struct collect_ctx *cc, const char *dir, const char *name, const char *what,
		    struct strbuf *out)
{
	struct strbuf path = STRBUF_INIT, err = STRBUF_INIT;
	strbuf_addf(&path, "%s/%s", dir, name);
	int rc = 1;
	if (cc_read(cc, path.buf, SYSFS_ATTR_MAX, out, &err) == 0) {
		rc = 1;
	} else if (!path_exists(cc_path(cc, path.buf))) {
		rc = 0; /* absent (or a dangling link): the caller decides if that matters */
	} else if (strstr(err.buf, ": larger than ")) {
		inventory_warn(cc->inv, path.buf, what,
			       "%s: larger than %d bytes, which no sysfs attribute is; not read",
			       path.buf, SYSFS_ATTR_MAX);
		rc = -1;
	} else {
		sysfs_strip_root(cc, &err);
		inventory_unread(cc->inv, path.buf, what, err.buf);
		rc = -1;
	}
	strbuf_release(&path);
	strbuf_release(&err);
	return rc;
}

int sysfs_get(struct collect_ctx *cc, const char *dir, const char *name, const char *what,
	      struct strbuf *out)
{
	int rc = sysfs_get_bytes(cc, dir, name, what, out);
	while (rc == 1 && out->len && out->buf[out->len - 1] == '\n')
		strbuf_setlen(out, out->len - 1);
	return rc;
}

bool sysfs_text_ok(const char *s, size_t n)
{
	/* utf8_clean also refuses backslashes (they need escaping), which are
	 * fine in text: check the runs between them. */
	size_t start = 0;
	for (size_t i = 0; i <= n; i++) {
		if (i < n && s[i] != '\\')
			continue;
		if (!utf8_clean(s + start, i - start))
			return false;
		start = i + 1;
	}
	return true;
}

bool sysfs_hex_id(const char *s, size_t n, enum attr_form form, int digits, char *out)
{
	size_t o = 0;
	if (form == AF_HEX_0X || form == AF_HEX_KEEP) {
		if (n < 2 || s[0] != '0' || (s[1] != 'x' && s[1] != 'X'))
			return false;
		s += 2;
		n -= 2;
		if (form == AF_HEX_KEEP) {
			out[o++] = '0';
			out[o++] = 'x';
		}
	}
	if (n != (size_t)digits)
		return false;
	for (size_t i = 0; i < n; i++) {
		if (hex_digit((unsigned char)s[i]) < 0)
			return false;
		out[o++] = (char)tolower((unsigned char)s[i]);
	}
	out[o] = '\0';
	return true;
}

/* A field from bytes that may hold NULs, for FK_EXTRA too (whose setter takes
 * a C string): the value is escaped exactly as component_set_bytes would. */
static struct field *set_bytes(struct inventory *inv, struct component *c,
			       const struct attr_spec *spec, unsigned flags, const char *v,
			       size_t n, const char *source)
{
	if (spec->key != FK_EXTRA)
		return component_set_bytes(inv, c, spec->key, flags, v, n, source);
	if (!(flags & FIELD_RAW)) {
		while (n && (v[n - 1] == ' ' || v[n - 1] == '\0' || v[n - 1] == '\t'))
			n--;
		while (n && (*v == ' ' || *v == '\t'))
			v++, n--;
	}
	if (!n)
		return NULL;
	struct strbuf sb = STRBUF_INIT;
	utf8_escape(&sb, v, n);
	struct field *f = component_set_extra(inv, c, spec->extra, flags, "-", source);
	f->value = arena_strdup(inv->arena, sb.buf);
	strbuf_release(&sb);
	return f;
}

/* The value for a message, cut short so a hostile page of text does not
 * flood the warnings.  Bytes are left as they are: notes escape what is not
 * text once, as fields do (escaping here too would double the backslashes).
 * A NUL would end the message, so it is shown as the symbol for null. */
static void quote_value(struct strbuf *out, const char *v, size_t n)
{
	size_t cut = n > 40 ? 40 : n;
	strbuf_addch(out, '"');
	for (size_t i = 0; i < cut; i++) {
		if (v[i])
			strbuf_addch(out, v[i]);
		else
			strbuf_addstr(out, "\xe2\x90\x80");
	}
	strbuf_addch(out, '"');
	if (cut < n)
		strbuf_addf(out, " (%zu bytes)", n);
}

bool sysfs_set(struct collect_ctx *cc, struct component *c, const struct attr_spec *spec,
	       const char *path, const char *value, size_t len, const char *what)
{
	struct inventory *inv = cc->inv;
	set_bytes(inv, c, spec, FIELD_RAW, value, len, path);
	if (spec->form == AF_TEXT) {
		if (!sysfs_text_ok(value, len)) {
			struct strbuf q = STRBUF_INIT;
			quote_value(&q, value, len);
			inventory_warn(inv, path, what,
				       "%s: %s is not UTF-8 text; kept with its bytes escaped",
				       path, q.buf);
			strbuf_release(&q);
		}
		return set_bytes(inv, c, spec, 0, value, len, path) != NULL;
	}
	char id[72];
	unsigned char bytes[32];
	if (spec->form == AF_BYTES && spec->digits <= 32 &&
	    sysfs_hex_bytes(value, len, bytes, (size_t)spec->digits)) {
		hex_encode(bytes, (size_t)spec->digits, id);
		return set_bytes(inv, c, spec, 0, id, strlen(id), path) != NULL;
	}
	if (spec->form != AF_BYTES && len < 24 &&
	    sysfs_hex_id(value, len, spec->form, spec->digits, id))
		return set_bytes(inv, c, spec, 0, id, strlen(id), path) != NULL;
	struct strbuf q = STRBUF_INIT;
	quote_value(&q, value, len);
	if (spec->form == AF_BYTES)
		inventory_warn(inv, path, what,
			       "%s: %s is not %d bytes in hexadecimal; kept as read, not decoded",
			       path, q.buf, spec->digits);
	else
		inventory_warn(inv, path, what,
			       "%s: %s is not an id of %s%d hexadecimal digits as the kernel "
			       "writes it; kept as read, not decoded",
			       path, q.buf, spec->form == AF_HEX ? "" : "0x and ", spec->digits);
	strbuf_release(&q);
	return false;
}

int sysfs_read_attrs(struct collect_ctx *cc, struct component *c, const char *dir,
		     const struct attr_spec *specs, size_t n, const char *what)
{
	struct strbuf v = STRBUF_INIT, path = STRBUF_INIT, missing = STRBUF_INIT;
	int got = 0;
	for (size_t i = 0; i < n; i++) {
		int r = sysfs_get(cc, dir, specs[i].name, what, &v);
		if (r == 0 && specs[i].required)
			strbuf_addf(&missing, "%s%s", missing.len ? ", " : "", specs[i].name);
		if (r != 1)
			continue;
		strbuf_reset(&path);
		strbuf_addf(&path, "%s/%s", dir, specs[i].name);
		sysfs_set(cc, c, &specs[i], path.buf, v.buf, v.len, what);
		got++;
	}
	if (missing.len) {
		strbuf_addstr(&missing, ": absent from sysfs, so not known");
		inventory_unread(cc->inv, dir, what, missing.buf);
	}
	strbuf_release(&v);
	strbuf_release(&path);
	strbuf_release(&missing);
	return got;
}

void sysfs_join(struct strbuf *out, const char *dir, const char *rel)
{
	struct strbuf sb = STRBUF_INIT;
	if (rel[0] != '/')
		strbuf_addstr(&sb, dir);
	while (sb.len && sb.buf[sb.len - 1] == '/')
		strbuf_setlen(&sb, sb.len - 1);
	const char *p = rel;
	while (*p) {
		while (*p == '/')
			p++;
		size_t n = strcspn(p, "/");
		if (n == 0)
			break;
		if (n == 2 && !strncmp(p, "..", 2)) {
			char *slash = strrchr(sb.buf, '/');
			strbuf_setlen(&sb, slash ? (size_t)(slash - sb.buf) : 0);
		} else if (!(n == 1 && p[0] == '.')) {
			strbuf_addch(&sb, '/');
			strbuf_add(&sb, p, n);
		}
		p += n;
	}
	strbuf_reset(out);
	if (sb.len)
		strbuf_add(out, sb.buf, sb.len);
	else
		strbuf_addch(out, '/');
	strbuf_release(&sb);
}

const char *sysfs_resolve(struct collect_ctx *cc, const char *path, struct strbuf *out)
{
	struct strbuf t = STRBUF_INIT, dir = STRBUF_INIT;
	if (cc_readlink(cc, path, &t) < 0) {
		strbuf_reset(out);
		strbuf_addstr(out, path);
	} else {
		strbuf_addstr(&dir, path);
		char *slash = strrchr(dir.buf, '/');
		strbuf_setlen(&dir, slash ? (size_t)(slash - dir.buf) : 0);
		sysfs_join(out, dir.buf, t.buf);
	}
	strbuf_release(&t);
	strbuf_release(&dir);
	return out->buf;
}

bool sysfs_is_pci_address(const char *s)
{
	size_t d = 0;
	while (hex_digit((unsigned char)s[d]) >= 0)
		d++;
	if (d < 4 || s[d] != ':')
		return false;
	s += d + 1;
	return hex_all(s, 2) && s[2] == ':' && hex_all(s + 3, 2) && s[5] == '.' && s[6] >= '0' &&
	       s[6] <= '7' && s[7] == '\0';
}

bool sysfs_pci_address_in(const char *path, struct strbuf *out)
{
	bool found = false;
	char comp[256];
	const char *p = path;
	while (*p) {
		while (*p == '/')
			p++;
		size_t n = strcspn(p, "/");
		if (n && n < sizeof comp) {
			memcpy(comp, p, n);
			comp[n] = '\0';
			if (sysfs_is_pci_address(comp)) {
				strbuf_reset(out);
				strbuf_addstr(out, comp);
				found = true;
			}
		}
		p += n;
	}
	return found;
}

static bool all_zero(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != '0')
			return false;
	return true;
}

static bool oui_at(const char *hex, size_t at, char oui[7])
{
	for (int i = 0; i < 6; i++)
		oui[i] = (char)tolower((unsigned char)hex[at + (size_t)i]);
	oui[6] = '\0';
	return true;
}

bool sysfs_oui_from_wwid(const char *wwid, char oui[7], const char **detail)
{
	size_t n = strlen(wwid);
	while (n && wwid[n - 1] == ' ')
		n--;
	if (n < 4)
		return false;
	const char *h = wwid + 4;
	size_t hn = n - 4;
	if (!hex_all(h, hn) || all_zero(h, hn))
		return false;
	if (!strncmp(wwid, "eui.", 4)) {
		if (hn == 16) {
			*detail = "EUI-64 bytes 0-2";
			return oui_at(h, 0, oui);
		}
		if (hn == 32) {
			*detail = "NGUID bytes 8-10";
			return oui_at(h, 16, oui);
		}
		return false;
	}
	if (!strncmp(wwid, "naa.", 4)) {
		if ((h[0] == '5' && hn == 16) || (h[0] == '6' && hn == 32)) {
			*detail = "NAA IEEE registered: the 24 bits after the NAA nibble";
			return oui_at(h, 1, oui);
		}
		if (h[0] == '2' && hn == 16) {
			*detail = "NAA IEEE extended: bits 47-24";
			return oui_at(h, 4, oui);
		}
	}
	return false;
}

bool sysfs_hex_bytes(const char *s, size_t len, unsigned char *out, size_t n)
{
	size_t got = 0, i = 0;
	while (i < len) {
		if (got && (s[i] == ' ' || s[i] == '-' || s[i] == ':')) {
			i++;
			continue;
		}
		if (i + 1 >= len || got == n)
			return false;
		if (!hex_decode(s + i, 1, out + got))
			return false;
		got++;
		i += 2;
	}
	return got == n;
}

/* nvme2 before nvme10, 1-1.2 before 1-1.10; but PCI addresses are hex of
 * fixed width, where plain order is right (00:1c.0 after 00:17.0). */
static int cmp_names(const void *a, const void *b)
{
	const char *x = *(char *const *)a, *y = *(char *const *)b;
	if (sysfs_is_pci_address(x) && sysfs_is_pci_address(y))
		return strcmp(x, y);
	return strverscmp(x, y);
}

int sysfs_list(struct collect_ctx *cc, const char *dir, const char *what, bool note_absent,
	       char ***names)
{
	/* The trailing slash tells capture to copy the listing of the directory
	 * a link points to (/sys/class/nvme/nvme0/), not just the link. */
	struct strbuf err = STRBUF_INIT, d = STRBUF_INIT;
	strbuf_addf(&d, "%s/", dir);
	int n = cc_list(cc, d.buf, names, &err);
	strbuf_release(&d);
	if (n < 0) {
		bool absent = !path_exists(cc_path(cc, dir));
		if (!absent) {
			sysfs_strip_root(cc, &err);
			inventory_unread(cc->inv, dir, what, err.buf);
		} else if (note_absent) {
			inventory_unread(cc->inv, dir, what,
					 "absent: no such directory (sysfs not mounted, or a "
					 "partial capture)");
		}
		strbuf_release(&err);
		*names = NULL;
		return absent ? 0 : -1;
	}
	if (n > 1)
		qsort(*names, (size_t)n, sizeof **names, cmp_names);
	strbuf_release(&err);
	return n;
}

bool sysfs_name_num(const char *s, const char *prefix)
{
	size_t p = strlen(prefix);
	if (strncmp(s, prefix, p) || !s[p])
		return false;
	for (s += p; *s; s++)
		if (!isdigit((unsigned char)*s))
			return false;
	return true;
}
