/*
 * smartctl.c — smartctl's text (-x, -a, -i) and JSON (-j) output into nvme
 * and disk components, with the identifiers that name a drive's maker: PCI
 * vendor and subsystem ids, the IEEE OUI (NVMe Identify, or inside the WWN
 * of SATA and SAS drives), the model string and, for SCSI drives, the
 * manufacturing week.
 *
 * Only the information section of the text is read (it holds the identity;
 * the rest is health), plus the one SCSI line "Manufactured in week W of year
 * Y" wherever it appears.  A file may hold several devices one after the
 * other (`for d in ...; do smartctl -x $d; done`): each smartctl banner
 * starts one.  The JSON form may likewise be one object, an array, or
 * objects one after the other.
 *
 * Ids: smartctl's text does not name the device, so a text import uses the
 * serial number ("nvme/<serial>", "disk/<serial>"); the JSON names it
 * ("/dev/nvme0" gives "nvme/nvme0", as the collector does).
 *
 * A device section or object without its identity (no model, no serial,
 * and no complaint of smartctl's that would make it a device not read), and
 * JSON objects after one that does not parse, are warned about and counted
 * as skipped (imp_skip): drives never judged, so a scan does not pass.
 */
#include "import/import-int.h"

#include <cjson/cJSON.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum sconv {
	S_STR,
	S_CAP,   /* "1,000,204,886,016 [1.00 TB]" -> bytes; first one wins */
	S_OUI,   /* "0x00a075" -> "00a075" */
	S_PCI,   /* "0xc0a9" or "0x1344/0x1028" -> vendor, subsystem vendor */
	S_WWN,   /* ATA "5 002538 e40a0b5c8" -> naa.5002538e40a0b5c8 + OUI */
	S_LUID,  /* SCSI "0x5000c50057b2c4bf" -> naa.5000c50057b2c4bf + OUI */
	S_EUI64, /* NVMe "00a075 0123456789" -> 00a0750123456789 */
	S_ID16,  /* "0x1e49" -> "1e49", into the row's key (the two-line form) */
};

struct smap {
	const char *label; /* matched case-insensitively */
	enum fkey key;
	const char *extra;
	enum sconv conv;
};

static const struct smap smaps[] = {
	{"Model Number", FK_MODEL, NULL, S_STR},
	{"Device Model", FK_MODEL, NULL, S_STR},
	{"Product", FK_MODEL, NULL, S_STR},
	{"Vendor", FK_MANUFACTURER, NULL, S_STR},
	{"Serial Number", FK_SERIAL, NULL, S_STR},
	{"Firmware Version", FK_FIRMWARE, NULL, S_STR},
	{"Revision", FK_FIRMWARE, NULL, S_STR},
	{"PCI Vendor/Subsystem ID", FK_PCI_VENDOR, NULL, S_PCI},
	/* smartctl prints these two lines instead when the ids differ
	 * (nvmeprint.cpp: "PCI Vendor ID:" / "PCI Vendor Subsystem ID:") */
	{"PCI Vendor ID", FK_PCI_VENDOR, NULL, S_ID16},
	{"PCI Vendor Subsystem ID", FK_PCI_SUBVENDOR, NULL, S_ID16},
	{"IEEE OUI Identifier", FK_IEEE_OUI, NULL, S_OUI},
	{"Total NVM Capacity", FK_SIZE_BYTES, NULL, S_CAP},
	{"User Capacity", FK_SIZE_BYTES, NULL, S_CAP},
	{"Namespace 1 Size/Capacity", FK_SIZE_BYTES, NULL, S_CAP},
	{"Namespace 1 IEEE EUI-64", FK_EUI64, NULL, S_EUI64},
	{"LU WWN Device Id", FK_WWID, NULL, S_WWN},
	{"Logical Unit id", FK_WWID, NULL, S_LUID},
	{"Form Factor", FK_FORM_FACTOR, NULL, S_STR},
	{"Model Family", FK_EXTRA, "model_family", S_STR},
	{"Rotation Rate", FK_EXTRA, "rotation_rate", S_STR},
	{"ATA Version is", FK_EXTRA, "ata_version", S_STR},
	{"SATA Version is", FK_EXTRA, "sata_version", S_STR},
	{"NVMe Version", FK_EXTRA, "nvme_version", S_STR},
	{"Transport protocol", FK_EXTRA, "transport_protocol", S_STR},
	{"Device type", FK_EXTRA, "scsi_device_type", S_STR},
	{"Compliance", FK_EXTRA, "scsi_compliance", S_STR},
	{"Add. Product Id", FK_EXTRA, "add_product_id", S_STR},
};

struct skv {
	const char *label, *value;
	size_t line;
};

struct sdev {
	size_t line; /* banner */
	struct skv *kv;
	size_t nkv, capkv;
	const char *made; /* "Manufactured in week ..." */
	size_t made_line;
	const char *error; /* smartctl's complaint when it could not read the device */
	size_t error_line;
	bool seen_info;
};

static const char *sget(const struct sdev *d, const char *label)
{
	for (size_t i = 0; i < d->nkv; i++)
		if (!strcasecmp(d->kv[i].label, label))
			return d->kv[i].value;
	return NULL;
}

/* A serial of "--" or "" (masked, or not given) names nothing. */
static bool has_alnum(const char *s)
{
	for (; s && *s; s++)
		if (isalnum((unsigned char)*s))
			return true;
	return false;
}

static const char *kind_prefix(enum kind k)
{
	return k == KIND_NVME ? "nvme" : "disk";
}

/* naa.<hex> and the OUI of NAA 5 and 6 names (IEEE registered). */
static void set_naa(struct imp *im, struct component *c, const char *raw, const char *hex,
		    const char *src)
{
	imp_set(im, c, FK_WWID, raw, arena_printf(im->inv->arena, "naa.%s", hex), src);
	if ((hex[0] == '5' || hex[0] == '6') && strlen(hex) >= 7) {
		char *oui = arena_strndup(im->inv->arena, hex + 1, 6);
		imp_dec(im, c, FK_IEEE_OUI, oui, src);
	}
}

static char *hex_lower(struct imp *im, const char *s, bool allow_space)
{
	struct strbuf sb = STRBUF_INIT;
	for (; *s; s++) {
		if (isxdigit((unsigned char)*s))
			strbuf_addch(&sb, tolower((unsigned char)*s));
		else if (!(allow_space && *s == ' '))
			break;
	}
	bool whole = !*s;
	char *r = whole && sb.len ? arena_strndup(im->inv->arena, sb.buf, sb.len) : NULL;
	strbuf_release(&sb);
	return r;
}

static void set_text(struct imp *im, struct component *c, const struct smap *m,
		     const struct skv *kv)
{
	const char *src = imp_src(im, kv->line), *v = kv->value;
	im->line = kv->line;
	switch (m->conv) {
	case S_STR:
		if (m->key == FK_EXTRA)
			imp_extra(im, c, m->extra, v, NULL, src);
		else
			imp_set(im, c, m->key, v, NULL, src);
		return;
	case S_CAP:
		if (!component_field(c, FK_SIZE_BYTES, false))
			imp_set(im, c, FK_SIZE_BYTES, v, digits_only(im, v), src);
		return;
	case S_OUI: {
		const char *oui = hex_norm(im, v, 6);
		if (!oui)
			imp_warn(im, kv->line, "IEEE OUI \"%s\" is not 6 hex digits", v);
		imp_set(im, c, FK_IEEE_OUI, v, oui, src);
		return;
	}
	case S_PCI: {
		const char *vid = hex_norm(im, v, 4);
		const char *slash = strchr(v, '/');
		const char *ssvid = slash ? hex_norm(im, slash + 1, 4) : vid;
		if (!vid || !ssvid)
			imp_warn(im, kv->line,
				 "PCI Vendor/Subsystem ID \"%s\" is not 0xNNNN[/0xNNNN]", v);
		imp_set(im, c, FK_PCI_VENDOR, v, vid, src);
		imp_set(im, c, FK_PCI_SUBVENDOR, v, ssvid, src);
		return;
	}
	case S_WWN: {
		char *hex = hex_lower(im, v, true);
		if (hex && strlen(hex) == 16)
			set_naa(im, c, v, hex, src);
		else
			imp_set(im, c, FK_WWID, v, NULL, src);
		return;
	}
	case S_LUID: {
		const char *p = v;
		if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X'))
			p += 2;
		char *hex = hex_lower(im, p, false);
		if (hex && (strlen(hex) == 16 || strlen(hex) == 32))
			set_naa(im, c, v, hex, src);
		else
			imp_set(im, c, FK_WWID, v, NULL, src);
		return;
	}
	case S_ID16: {
		const char *id = hex_norm(im, v, 4);
		if (!id)
			imp_warn(im, kv->line, "%s \"%s\" is not 0xNNNN", kv->label, v);
		imp_set(im, c, m->key, v, id ? id : "", src);
		return;
	}
	case S_EUI64: {
		char *hex = hex_lower(im, v, true);
		imp_set(im, c, FK_EUI64, v, hex && strlen(hex) == 16 ? hex : NULL, src);
		return;
	}
	}
}

static void manufactured(struct imp *im, struct component *c, const char *raw, unsigned week,
			 unsigned year, const char *src)
{
	if (week < 1 || week > 53 || year < 1970 || year > 9999) {
		imp_warn(im, im->line, "manufacturing date \"%s\" is out of range: kept raw", raw);
		imp_set(im, c, FK_MANUFACTURE_DATE, raw, "", src);
		return;
	}
	imp_set(im, c, FK_MANUFACTURE_DATE, raw,
		arena_printf(im->inv->arena, "%04u-W%02u", year, week), src);
}

/*
 * The medium, as the decoded extra "rotational" that collect reads from
 * the kernel (queue/rotational): "0" a solid-state drive, which holds NAND,
 * "1" a spinning disk, which holds none.  smartctl prints "Rotation Rate:
 * Solid State Device" or "7200 rpm" (JSON: rotation_rate 0 or the rpm).
 */
static void rotational(struct imp *im, struct component *c, const char *rate, const char *src)
{
	if (!rate)
		return;
	const char *v = str_iprefix(rate, "Solid State") || !strcmp(rate, "0") ? "0"
			: strstr(rate, "rpm") || (rate[0] >= '1' && rate[0] <= '9') ? "1"
										    : NULL;
	if (v)
		component_set_extra(im->inv, c, "rotational", 0, v, src);
}

static void finish_text(struct imp *im, struct sdev *d)
{
	if (!d->nkv) {
		if (d->error)
			inventory_unread(im->inv, im->name, "smartctl",
					 arena_printf(im->inv->arena, "line %zu: %s", d->error_line,
						      d->error));
		else if (d->line)
			imp_skip(im, d->line,
				 "smartctl output without device information: skipped");
		return;
	}
	bool nvme = sget(d, "Model Number") || sget(d, "PCI Vendor/Subsystem ID") ||
		    sget(d, "PCI Vendor ID") || sget(d, "NVMe Version");
	enum kind k = nvme ? KIND_NVME : KIND_DISK;
	const char *serial = sget(d, "Serial Number");
	const char *model = sget(d, "Model Number");
	if (!model)
		model = sget(d, "Device Model");
	if (!model)
		model = sget(d, "Product");
	const char *key = has_alnum(serial) ? serial : has_alnum(model) ? model : "unknown";
	struct component *c =
		imp_add(im, k, arena_printf(im->inv->arena, "%s/%s", kind_prefix(k), key));
	for (size_t i = 0; i < d->nkv; i++)
		for (size_t j = 0; j < sizeof smaps / sizeof smaps[0]; j++)
			if (!strcasecmp(d->kv[i].label, smaps[j].label)) {
				set_text(im, c, &smaps[j], &d->kv[i]);
				break;
			}
	const char *src = imp_src(im, d->kv[0].line);
	const char *tp = sget(d, "Transport protocol");
	if (nvme)
		imp_dec(im, c, FK_TRANSPORT, "nvme", src);
	else if (sget(d, "SATA Version is"))
		imp_dec(im, c, FK_TRANSPORT, "sata", src);
	else if (tp && str_iprefix(tp, "SAS"))
		imp_dec(im, c, FK_TRANSPORT, "sas", src);
	rotational(im, c, sget(d, "Rotation Rate"), src);
	if (d->made) {
		unsigned w, y;
		im->line = d->made_line;
		sscanf(d->made, "Manufactured in week %u of year %u", &w, &y);
		manufactured(im, c, d->made, w, y, imp_src(im, d->made_line));
	}
}

/* smartctl's own words when it could not read a device. */
static bool smartctl_error(const char *s)
{
	return strstr(s, "failed") || strstr(s, "Failed") || strstr(s, "Unable to detect") ||
	       strstr(s, "Unknown USB bridge") || strstr(s, "Permission denied");
}

int import_smartctl_text(struct imp *im, char *text, size_t len, struct strbuf *err)
{
	struct lines L;
	struct sdev d = {0};
	bool info = false, any_banner = false, any_info = false;
	size_t ndev = 0;
	char *s;
	lines_init(&L, text, len);
	while ((s = lines_next(&L))) {
		if (str_prefix(s, "smartctl ") && isdigit((unsigned char)s[9])) {
			if (any_banner || d.nkv) {
				finish_text(im, &d);
				ndev += d.nkv != 0;
			}
			d = (struct sdev){.line = L.no};
			any_banner = true;
			info = false;
			continue;
		}
		if (str_prefix(s, "=== START OF INFORMATION SECTION")) {
			info = true;
			any_info = true;
			d.seen_info = true;
			continue;
		}
		if (str_prefix(s, "===")) {
			info = false;
			continue;
		}
		unsigned w, y;
		if (sscanf(s, "Manufactured in week %u of year %u", &w, &y) == 2) {
			d.made = s;
			d.made_line = L.no;
			continue;
		}
		if (!info) {
			if (!d.error && !d.seen_info && smartctl_error(s)) {
				d.error = s;
				d.error_line = L.no;
			}
			continue;
		}
		if (!*s) {
			info = false; /* the section's label list ends at the first blank line */
			continue;
		}
		char *colon = strchr(s, ':');
		if (!colon)
			continue;
		*colon = '\0';
		struct skv *kv = ARENA_PUSH(im->inv->arena, d.kv, d.nkv, d.capkv);
		kv->label = str_trim(s);
		kv->value = str_trim(colon + 1);
		kv->line = L.no;
	}
	if (any_banner || d.nkv) {
		finish_text(im, &d);
		ndev += d.nkv != 0;
	}
	if (!any_banner && !any_info) {
		strbuf_addstr(err,
			      "no smartctl banner (\"smartctl 7.x ...\") and no \"=== START OF "
			      "INFORMATION SECTION ===\": not smartctl output");
		return -1;
	}
	if (!ndev && !im->inv->nunread)
		imp_warn(im, 0, "no device information in this smartctl output");
	return 0;
}

/* ---- JSON ---- */

static const cJSON *jget(const cJSON *o, const char *k)
{
	return cJSON_GetObjectItemCaseSensitive(o, k);
}

static const char *jstr(const cJSON *o, const char *k)
{
	const cJSON *v = jget(o, k);
	return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* The JSON text of a value, as read, in the arena. */
static const char *jraw(struct imp *im, const cJSON *v)
{
	if (cJSON_IsString(v))
		return v->valuestring;
	char *p = cJSON_PrintUnformatted(v);
	if (!p)
		return NULL;
	const char *r = arena_strdup(im->inv->arena, p);
	cJSON_free(p);
	return r;
}

static bool jnum(const cJSON *v, unsigned long long *out)
{
	if (cJSON_IsNumber(v) && v->valuedouble >= 0 && v->valuedouble < 18446744073709551616.0) {
		*out = (unsigned long long)v->valuedouble;
		return true;
	}
	if (cJSON_IsString(v) && *v->valuestring) {
		char *end;
		*out = strtoull(v->valuestring, &end, 10);
		return !*end;
	}
	return false;
}

static const char *jsrc(struct imp *im, const char *pre, const char *path)
{
	return imp_srcf(im, "%s%s", pre, path);
}

static void jset_str(struct imp *im, struct component *c, enum fkey k, const char *extra,
		     const cJSON *d, const char *key, const char *pre)
{
	const char *v = jstr(d, key);
	if (!v)
		return;
	if (k == FK_EXTRA)
		imp_extra(im, c, extra, v, NULL, jsrc(im, pre, key));
	else
		imp_set(im, c, k, v, NULL, jsrc(im, pre, key));
}

static void jset_hex(struct imp *im, struct component *c, enum fkey k, const cJSON *v, int digits,
		     const char *src)
{
	unsigned long long n;
	if (!v)
		return;
	if (!jnum(v, &n) || (digits < 16 && n >> (4 * digits))) {
		imp_warn(im, 0, "%s: %s is not a %d-digit hex number", src, jraw(im, v), digits);
		return;
	}
	imp_set(im, c, k, jraw(im, v), arena_printf(im->inv->arena, "%0*llx", digits, n), src);
}

static void json_ids(struct imp *im, struct component *c, const cJSON *d, const char *pre)
{
	const cJSON *pv = jget(d, "nvme_pci_vendor");
	jset_hex(im, c, FK_PCI_VENDOR, jget(pv, "id"), 4, jsrc(im, pre, "nvme_pci_vendor.id"));
	jset_hex(im, c, FK_PCI_SUBVENDOR, jget(pv, "subsystem_id"), 4,
		 jsrc(im, pre, "nvme_pci_vendor.subsystem_id"));
	jset_hex(im, c, FK_IEEE_OUI, jget(d, "nvme_ieee_oui_identifier"), 6,
		 jsrc(im, pre, "nvme_ieee_oui_identifier"));

	const cJSON *wwn = jget(d, "wwn");
	unsigned long long naa, oui, id;
	if (wwn) {
		const char *src = jsrc(im, pre, "wwn");
		if (jnum(jget(wwn, "naa"), &naa) && jnum(jget(wwn, "oui"), &oui) &&
		    jnum(jget(wwn, "id"), &id) && naa < 16 && oui < (1u << 24) &&
		    id < (1ull << 36)) {
			imp_set(im, c, FK_WWID, jraw(im, wwn),
				arena_printf(im->inv->arena, "naa.%llx%06llx%09llx", naa, oui, id),
				src);
			imp_dec(im, c, FK_IEEE_OUI, arena_printf(im->inv->arena, "%06llx", oui),
				src);
		} else {
			imp_warn(im, 0, "%s: expected {\"naa\", \"oui\", \"id\"} numbers", src);
		}
	}
	const char *luid = jstr(d, "logical_unit_id");
	if (luid) {
		const char *p = luid;
		if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X'))
			p += 2;
		char *hex = hex_lower(im, p, false);
		const char *src = jsrc(im, pre, "logical_unit_id");
		if (hex && (strlen(hex) == 16 || strlen(hex) == 32))
			set_naa(im, c, luid, hex, src);
		else
			imp_set(im, c, FK_WWID, luid, NULL, src);
	}
	const cJSON *ns = cJSON_GetArrayItem(jget(d, "nvme_namespaces"), 0);
	const cJSON *eui = jget(ns, "eui64");
	if (eui && jnum(jget(eui, "oui"), &oui) && jnum(jget(eui, "ext_id"), &id) &&
	    oui < (1u << 24) && id < (1ull << 40))
		imp_set(im, c, FK_EUI64, jraw(im, eui),
			arena_printf(im->inv->arena, "%06llx%010llx", oui, id),
			jsrc(im, pre, "nvme_namespaces[0].eui64"));
}

static void json_capacity(struct imp *im, struct component *c, const cJSON *d, const char *pre)
{
	static const char *const keys[] = {"nvme_total_capacity", "user_capacity"};
	for (size_t i = 0; i < 2; i++) {
		const cJSON *v = jget(d, keys[i]);
		if (cJSON_IsObject(v))
			v = jget(v, "bytes");
		unsigned long long n;
		if (v && jnum(v, &n)) {
			imp_set(im, c, FK_SIZE_BYTES, jraw(im, v),
				arena_printf(im->inv->arena, "%llu", n), jsrc(im, pre, keys[i]));
			return;
		}
	}
}

static void json_made(struct imp *im, struct component *c, const cJSON *d, const char *pre)
{
	const cJSON *ss = jget(d, "scsi_start_stop_cycle_counter");
	unsigned long long y, w;
	if (!ss || !jnum(jget(ss, "year_of_manufacture"), &y) ||
	    !jnum(jget(ss, "week_of_manufacture"), &w))
		return;
	char raw[64];
	snprintf(raw, sizeof raw, "week %llu of year %llu", w, y);
	manufactured(im, c, raw, w > 99 ? 0 : (unsigned)w, y > 9999 ? 0 : (unsigned)y,
		     jsrc(im, pre, "scsi_start_stop_cycle_counter"));
}

static void json_messages(struct imp *im, const cJSON *d, const char *pre, bool *failed)
{
	const cJSON *m;
	cJSON_ArrayForEach(m, jget(jget(d, "smartctl"), "messages"))
	{
		const char *sev = jstr(m, "severity"), *str = jstr(m, "string");
		if (!str || !sev || strcmp(sev, "error") != 0)
			continue;
		inventory_unread(im->inv, im->name, "smartctl",
				 arena_printf(im->inv->arena, "%ssmartctl.messages: %s", pre, str));
		*failed = true;
	}
}

static const char *transport_of(const cJSON *d)
{
	const cJSON *dev = jget(d, "device");
	const char *proto = jstr(dev, "protocol"), *type = jstr(dev, "type");
	if (type && (str_prefix(type, "usb") || str_prefix(type, "snt")))
		return "usb";
	if (proto && !strcasecmp(proto, "NVMe"))
		return "nvme";
	if (proto && !strcasecmp(proto, "ATA") && jget(d, "sata_version"))
		return "sata";
	const char *tp = jstr(jget(d, "scsi_transport_protocol"), "name");
	if (tp && str_iprefix(tp, "SAS"))
		return "sas";
	return NULL;
}

static void json_device(struct imp *im, const cJSON *d, const char *pre)
{
	bool failed = false;
	json_messages(im, d, pre, &failed);
	const char *model = jstr(d, "model_name");
	if (!model)
		model = jstr(d, "scsi_model_name");
	if (!model)
		model = jstr(d, "scsi_product");
	if (!model)
		model = jstr(d, "product"); /* smartctl 7.0-7.2 */
	const char *serial = jstr(d, "serial_number");
	if (!model && !serial) {
		if (!failed)
			imp_skip(im, 0,
				 "%sno model_name or serial_number: no device in this object", pre);
		return;
	}
	const cJSON *dev = jget(d, "device");
	const char *proto = jstr(dev, "protocol"), *name = jstr(dev, "name");
	enum kind k = (proto && !strcasecmp(proto, "NVMe")) || jget(d, "nvme_pci_vendor")
			      ? KIND_NVME
			      : KIND_DISK;
	const char *base = name ? strrchr(name, '/') : NULL;
	base = base ? base + 1 : name;
	const char *key = base && *base       ? base
			  : has_alnum(serial) ? serial
			  : model             ? model
					      : "unknown";
	struct component *c =
		imp_add(im, k, arena_printf(im->inv->arena, "%s/%s", kind_prefix(k), key));
	if (base && *base)
		imp_set(im, c, FK_DEVICE, name, base, jsrc(im, pre, "device.name"));
	if (jstr(d, "model_name"))
		jset_str(im, c, FK_MODEL, NULL, d, "model_name", pre);
	else if (jstr(d, "scsi_model_name"))
		jset_str(im, c, FK_MODEL, NULL, d, "scsi_model_name", pre);
	else if (jstr(d, "scsi_product"))
		jset_str(im, c, FK_MODEL, NULL, d, "scsi_product", pre);
	else
		jset_str(im, c, FK_MODEL, NULL, d, "product", pre);
	/* smartctl 7.3 renamed the SCSI "vendor", "product" and "revision" of
	 * 7.0-7.2 to scsi_vendor, scsi_product and scsi_revision: read both */
	if (jstr(d, "scsi_vendor"))
		jset_str(im, c, FK_MANUFACTURER, NULL, d, "scsi_vendor", pre);
	else
		jset_str(im, c, FK_MANUFACTURER, NULL, d, "vendor", pre);
	jset_str(im, c, FK_SERIAL, NULL, d, "serial_number", pre);
	if (jstr(d, "firmware_version"))
		jset_str(im, c, FK_FIRMWARE, NULL, d, "firmware_version", pre);
	else if (jstr(d, "scsi_revision"))
		jset_str(im, c, FK_FIRMWARE, NULL, d, "scsi_revision", pre);
	else
		jset_str(im, c, FK_FIRMWARE, NULL, d, "revision", pre);
	jset_str(im, c, FK_EXTRA, "model_family", d, "model_family", pre);
	const char *ff = jstr(jget(d, "form_factor"), "name");
	if (ff)
		imp_set(im, c, FK_FORM_FACTOR, ff, NULL, jsrc(im, pre, "form_factor.name"));
	const char *sv = jstr(jget(d, "sata_version"), "string");
	if (sv)
		imp_extra(im, c, "sata_version", sv, NULL, jsrc(im, pre, "sata_version.string"));
	const char *tp = jstr(jget(d, "scsi_transport_protocol"), "name");
	if (tp)
		imp_extra(im, c, "transport_protocol", tp, NULL,
			  jsrc(im, pre, "scsi_transport_protocol.name"));
	const cJSON *rr = jget(d, "rotation_rate");
	if (cJSON_IsNumber(rr) && rr->valuedouble >= 0)
		rotational(im, c, rr->valuedouble > 0 ? "1" : "0", jsrc(im, pre, "rotation_rate"));
	json_ids(im, c, d, pre);
	json_capacity(im, c, d, pre);
	json_made(im, c, d, pre);
	const char *t = transport_of(d);
	if (t)
		imp_dec(im, c, FK_TRANSPORT, t, jsrc(im, pre, "device"));
}

static int json_value(struct imp *im, const cJSON *doc, int index, struct strbuf *err)
{
	char pre[32] = "";
	if (cJSON_IsArray(doc)) {
		int i = 0;
		const cJSON *e;
		cJSON_ArrayForEach(e, doc)
		{
			if (json_value(im, e, i++, err) < 0)
				return -1;
		}
		return 0;
	}
	if (index >= 0)
		snprintf(pre, sizeof pre, "[%d].", index);
	if (!cJSON_IsObject(doc) || (!jget(doc, "smartctl") && !jget(doc, "json_format_version"))) {
		strbuf_addf(err, "%s: not a smartctl --json object (no \"smartctl\" member)",
			    index >= 0 ? pre : "top level");
		return -1;
	}
	json_device(im, doc, pre);
	return 0;
}

int import_smartctl_json(struct imp *im, char *text, size_t len, struct strbuf *err)
{
	const char *p = text, *end = text + len;
	int n = 0;
	for (;;) {
		while (p < end && isspace((unsigned char)*p))
			p++;
		if (p >= end)
			break;
		const char *stop = NULL;
		cJSON *doc = cJSON_ParseWithLengthOpts(p, (size_t)(end - p), &stop, 0);
		if (!doc) {
			if (!n) {
				json_parse_error(err, text, stop);
				return -1;
			}
			struct strbuf why = STRBUF_INIT;
			json_parse_error(&why, text, stop);
			imp_skip(im, 0, "%s after %d smartctl objects: the rest was not read",
				 why.buf, n);
			strbuf_release(&why);
			break;
		}
		/* Several objects one after the other: number them like an array. */
		const char *rest = stop;
		while (rest < end && isspace((unsigned char)*rest))
			rest++;
		int rc = json_value(im, doc, n || rest < end ? n : -1, err);
		cJSON_Delete(doc);
		if (rc < 0)
			return -1;
		n++;
		p = stop;
	}
	if (!n) {
		strbuf_addstr(err, "no JSON value");
		return -1;
	}
	return 0;
}
