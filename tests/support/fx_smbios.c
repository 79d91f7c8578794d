/*
 * fx_smbios.c — building SMBIOS tables from a description (DSP0134 layouts).
 *
 * Each structure is laid out as the specification describes it for the
 * version asked for: the length of a structure is the length the version
 * defines, and a field is written only when it lies inside that length, so a
 * 2.8 table naturally lacks the 3.2 fields of a memory device.  Strings are
 * numbered from 1 in the order they are added; a NULL or empty string is
 * index 0 ("none").
 */
#include "fx_smbios.h"
#include "testutil.h"

#include "util/hex.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#define VER(maj, min) ((unsigned)(maj) << 8 | (unsigned)(min))

/* One structure being built: formatted area in the table, strings aside. */
struct fxs {
	struct strbuf *t;
	size_t start;
	uint8_t len;
	struct strbuf strs;
	unsigned nstr;
};

static void begin(struct fxs *s, struct strbuf *t, uint8_t type, uint8_t len, uint16_t handle)
{
	s->t = t;
	s->start = t->len;
	s->len = len;
	strbuf_init(&s->strs, 0);
	s->nstr = 0;
	uint8_t hdr[4] = {type, len, (uint8_t)handle, (uint8_t)(handle >> 8)};
	strbuf_add(t, hdr, 4);
	for (unsigned i = 4; i < len; i++)
		strbuf_addch(t, 0);
}

/* Write n little-endian bytes of v at off, if the structure is that long. */
static void put(struct fxs *s, unsigned off, unsigned n, uint64_t v)
{
	if (off + n > s->len)
		return;
	for (unsigned i = 0; i < n; i++)
		s->t->buf[s->start + off + i] = (char)(uint8_t)(v >> (8 * i));
}

static void str(struct fxs *s, unsigned off, const char *v)
{
	if (off >= s->len || !v || !*v)
		return;
	strbuf_add(&s->strs, v, strlen(v) + 1);
	put(s, off, 1, ++s->nstr);
}

static void end(struct fxs *s)
{
	if (s->nstr)
		strbuf_add(s->t, s->strs.buf, s->strs.len);
	else
		strbuf_addch(s->t, 0);
	strbuf_addch(s->t, 0);
	strbuf_release(&s->strs);
}

/* "4c4c4544-0042-..." into 16 bytes, first three fields swapped from 2.6 on. */
static void uuid_bytes(const char *uuid, unsigned ver, uint8_t out[16])
{
	if (!uuid) {
		memset(out, 0xFF, 16);
		return;
	}
	char hex[33];
	size_t n = 0;
	for (const char *p = uuid; *p && n < 32; p++)
		if (*p != '-')
			hex[n++] = *p;
	hex[n] = '\0';
	if (n != 32 || !hex_decode(hex, 16, out))
		fail_msg("fx_smbios: bad UUID %s", uuid);
	if (ver < VER(2, 6))
		return;
	static const int swap[][2] = {{0, 3}, {1, 2}, {4, 5}, {6, 7}};
	for (size_t i = 0; i < 4; i++) {
		uint8_t t = out[swap[i][0]];
		out[swap[i][0]] = out[swap[i][1]];
		out[swap[i][1]] = t;
	}
}

static bool any(const char *a, const char *b, const char *c)
{
	return (a && *a) || (b && *b) || (c && *c);
}

static void bios(struct strbuf *t, const struct fx_smbios *m, unsigned ver)
{
	const struct fx_bios *b = &m->bios;
	if (!any(b->vendor, b->version, b->date))
		return;
	struct fxs s;
	begin(&s, t, 0, ver >= VER(3, 1) ? 0x1A : ver >= VER(2, 4) ? 0x18 : 0x13, 0x0000);
	str(&s, 0x04, b->vendor);
	str(&s, 0x05, b->version);
	put(&s, 0x06, 2, 0xF000);
	str(&s, 0x08, b->date);
	put(&s, 0x09, 1, ver >= VER(3, 1) ? 0xFF : 0x7F); /* 0xFF: see extended size */
	put(&s, 0x0A, 8, 0x08);                           /* characteristics not supported */
	put(&s, 0x14, 1, b->major || b->minor ? b->major : 0xFF);
	put(&s, 0x15, 1, b->major || b->minor ? b->minor : 0xFF);
	put(&s, 0x16, 2, 0xFFFF); /* no embedded controller firmware */
	put(&s, 0x18, 2, 16);     /* 16 MiB */
	end(&s);
}

static size_t sys(struct strbuf *t, const struct fx_smbios *m, unsigned ver)
{
	const struct fx_system *y = &m->system;
	struct fxs s;
	size_t off = t->len;
	begin(&s, t, 1, ver >= VER(2, 4) ? 0x1B : ver >= VER(2, 1) ? 0x19 : 0x08, 0x0100);
	str(&s, 0x04, y->manufacturer);
	str(&s, 0x05, y->product);
	str(&s, 0x06, y->version);
	str(&s, 0x07, y->serial);
	uint8_t u[16];
	uuid_bytes(y->uuid, ver, u);
	for (unsigned i = 0; i < 16; i++)
		put(&s, 0x08 + i, 1, u[i]);
	put(&s, 0x18, 1, 0x06); /* wake-up: power switch */
	str(&s, 0x19, y->sku);
	str(&s, 0x1A, y->family);
	end(&s);
	return off;
}

static void board(struct strbuf *t, const struct fx_smbios *m)
{
	const struct fx_board *b = &m->board;
	if (!any(b->manufacturer, b->product, b->serial))
		return;
	struct fxs s;
	begin(&s, t, 2, 0x0F, 0x0200);
	str(&s, 0x04, b->manufacturer);
	str(&s, 0x05, b->product);
	str(&s, 0x06, b->version);
	str(&s, 0x07, b->serial);
	str(&s, 0x08, b->asset_tag);
	put(&s, 0x09, 1, 0x01);   /* hosting board */
	put(&s, 0x0B, 2, 0x0300); /* chassis handle */
	put(&s, 0x0D, 1, 0x0A);   /* motherboard */
	put(&s, 0x0E, 1, 0);      /* no contained object handles */
	end(&s);
}

static void chassis(struct strbuf *t, const struct fx_smbios *m, unsigned ver)
{
	const struct fx_chassis *c = &m->chassis;
	if (!any(c->manufacturer, c->version, c->serial))
		return;
	struct fxs s;
	begin(&s, t, 3, ver >= VER(2, 7) ? 0x16 : ver >= VER(2, 3) ? 0x15 : 0x0D, 0x0300);
	str(&s, 0x04, c->manufacturer);
	put(&s, 0x05, 1, c->type ? c->type : 0x02);
	str(&s, 0x06, c->version);
	str(&s, 0x07, c->serial);
	str(&s, 0x08, c->asset_tag);
	put(&s, 0x09, 1, 0x03); /* boot-up state safe */
	put(&s, 0x0A, 1, 0x03); /* power supply state safe */
	put(&s, 0x0B, 1, 0x03); /* thermal state safe */
	put(&s, 0x0C, 1, 0x03); /* security status none */
	put(&s, 0x13, 1, 0);    /* contained elements: none, record length 0 */
	put(&s, 0x14, 1, 0);
	str(&s, 0x15, c->sku); /* SKU number follows the (empty) element list */
	end(&s);
}

static size_t cpu(struct strbuf *t, const struct fx_cpu *c, unsigned i, unsigned ver)
{
	struct fxs s;
	size_t off = t->len;
	uint8_t len = ver >= VER(3, 0)   ? 0x30
		      : ver >= VER(2, 6) ? 0x2A
		      : ver >= VER(2, 5) ? 0x28
		      : ver >= VER(2, 3) ? 0x23
					 : 0x1A;
	begin(&s, t, 4, len, (uint16_t)(0x0400 + i));
	str(&s, 0x04, c->socket);
	put(&s, 0x05, 1, 0x03); /* central processor */
	put(&s, 0x06, 1, c->family ? c->family : 0x02);
	str(&s, 0x07, c->manufacturer);
	put(&s, 0x08, 8, c->id);
	str(&s, 0x10, c->version);
	put(&s, 0x11, 1, 0x80 | 12); /* 1.2 V */
	put(&s, 0x12, 2, 100);       /* external clock, MHz */
	put(&s, 0x14, 2, c->max_speed);
	put(&s, 0x16, 2, c->unpopulated ? 0 : c->max_speed);
	put(&s, 0x18, 1, c->unpopulated ? 0x00 : 0x41); /* populated, enabled */
	put(&s, 0x19, 1, 0x01);                         /* upgrade: other */
	put(&s, 0x1A, 2, 0xFFFF);
	put(&s, 0x1C, 2, 0xFFFF);
	put(&s, 0x1E, 2, 0xFFFF);
	str(&s, 0x20, c->serial);
	str(&s, 0x21, c->asset_tag);
	str(&s, 0x22, c->part_number);
	unsigned cores = c->core_count, threads = 2u * cores;
	put(&s, 0x23, 1, cores > 254 ? 0xFF : cores);
	put(&s, 0x24, 1, cores > 254 ? 0xFF : cores);
	put(&s, 0x25, 1, threads > 254 ? 0xFF : threads);
	put(&s, 0x26, 2, 0x00FC); /* 64-bit, multi-core, HT, NX, VT, power control */
	put(&s, 0x28, 2, c->family ? c->family : 0x02);
	put(&s, 0x2A, 2, cores);
	put(&s, 0x2C, 2, cores);
	put(&s, 0x2E, 2, threads);
	end(&s);
	return off;
}

static void memory_array(struct strbuf *t, const struct fx_smbios *m, unsigned ver)
{
	struct fxs s;
	begin(&s, t, 16, ver >= VER(2, 7) ? 0x17 : 0x0F, 0x1000);
	put(&s, 0x04, 1, 0x03);       /* system board */
	put(&s, 0x05, 1, 0x03);       /* system memory */
	put(&s, 0x06, 1, 0x06);       /* multi-bit ECC */
	put(&s, 0x07, 4, 0x80000000); /* see extended maximum capacity */
	put(&s, 0x0B, 2, 0xFFFE);
	put(&s, 0x0D, 2, m->ndimms);
	put(&s, 0x0F, 8, 4ull << 40);
	end(&s);
}

static void dimm_size(struct fxs *s, uint64_t bytes)
{
	const uint64_t mib = 1ull << 20;
	if (bytes == FX_SIZE_UNKNOWN)
		put(s, 0x0C, 2, 0xFFFF);
	else if (bytes % mib || bytes < 32 * mib)
		put(s, 0x0C, 2, 0x8000 | (bytes >> 10));
	else if (bytes / mib < 0x7FFF)
		put(s, 0x0C, 2, bytes / mib);
	else if (s->len < 0x20) /* before 2.7: the largest size a word holds */
		put(s, 0x0C, 2, 0x7FFE);
	else {
		put(s, 0x0C, 2, 0x7FFF);
		put(s, 0x1C, 4, bytes / mib);
	}
}

static void dimm_speed(struct fxs *s, unsigned off, unsigned ext, uint32_t mts)
{
	if (mts >= 0xFFFF && s->len >= ext + 4) {
		put(s, off, 2, 0xFFFF);
		put(s, ext, 4, mts);
	} else {
		put(s, off, 2, mts > 0xFFFE ? 0xFFFE : mts);
	}
}

static uint8_t dimm_len(unsigned ver)
{
	return ver >= VER(3, 7)   ? 0x64
	       : ver >= VER(3, 3) ? 0x5C
	       : ver >= VER(3, 2) ? 0x54
	       : ver >= VER(2, 8) ? 0x28
	       : ver >= VER(2, 7) ? 0x22
	       : ver >= VER(2, 6) ? 0x1C
	       : ver >= VER(2, 3) ? 0x1B
				  : 0x15;
}

static size_t dimm(struct strbuf *t, const struct fx_dimm *d, unsigned i, unsigned ver)
{
	struct fxs s;
	size_t off = t->len;
	begin(&s, t, 17, dimm_len(ver), (uint16_t)(0x1100 + i));
	bool empty = d->size_bytes == 0;
	put(&s, 0x04, 2, 0x1000);
	put(&s, 0x06, 2, 0xFFFE);
	put(&s, 0x08, 2, empty ? 0xFFFF : 72);
	put(&s, 0x0A, 2, empty ? 0xFFFF : 64);
	dimm_size(&s, d->size_bytes);
	put(&s, 0x0E, 1, d->form_factor ? d->form_factor : FX_FF_UNKNOWN);
	str(&s, 0x10, d->locator);
	str(&s, 0x11, d->bank_locator);
	put(&s, 0x12, 1, d->memory_type ? d->memory_type : 0x02);
	put(&s, 0x13, 2, empty ? 0x0004 : 0x0080); /* unknown / synchronous */
	dimm_speed(&s, 0x15, 0x54, d->speed);
	str(&s, 0x17, d->manufacturer);
	str(&s, 0x18, d->serial);
	str(&s, 0x19, d->asset_tag);
	if (!d->bad_part_string)
		str(&s, 0x1A, d->part_number);
	put(&s, 0x1B, 1, d->rank & 0x0F);
	dimm_speed(&s, 0x20, 0x58, d->configured_speed);
	put(&s, 0x22, 2, empty ? 0 : 1200); /* mV */
	put(&s, 0x24, 2, empty ? 0 : 1200);
	put(&s, 0x26, 2, empty ? 0 : 1200);
	put(&s, 0x28, 1, 0x03);   /* memory technology: DRAM */
	put(&s, 0x29, 2, 0x0008); /* operating mode: volatile memory */
	str(&s, 0x2B, d->firmware);
	put(&s, 0x2C, 2, d->module_mfr_id);
	put(&s, 0x2E, 2, d->module_product_id);
	put(&s, 0x30, 2, d->controller_mfr_id);
	put(&s, 0x32, 2, d->controller_product_id);
	if (!empty && d->size_bytes != FX_SIZE_UNKNOWN)
		put(&s, 0x3C, 8, d->size_bytes); /* volatile size */
	put(&s, 0x60, 2, d->rcd_mfr_id);
	if (d->bad_part_string)
		put(&s, 0x1A, 1, s.nstr + 1); /* the first index past the set */
	end(&s);
	if (d->zero_length)
		t->buf[off + 1] = 0;
	return off;
}

static void table(const struct fx_smbios *m, struct strbuf *t, struct fx_layout *l, size_t *maxlen)
{
	unsigned ver = VER(m->major, m->minor);
	struct fx_layout dummy;
	if (!l)
		l = &dummy;
	memset(l, 0, sizeof *l);
	strbuf_reset(t);
	size_t prev = 0;
	*maxlen = 0;
	/* After each structure: count it and keep the longest for the 2.x entry point. */
#define DONE()                                                                                     \
	do {                                                                                       \
		if (t->len > prev) {                                                               \
			l->nstructs++;                                                             \
			if (t->len - prev > *maxlen)                                               \
				*maxlen = t->len - prev;                                           \
			prev = t->len;                                                             \
		}                                                                                  \
	} while (0)
	bios(t, m, ver);
	DONE();
	l->system_off = sys(t, m, ver);
	DONE();
	board(t, m);
	DONE();
	chassis(t, m, ver);
	DONE();
	for (size_t i = 0; i < m->ncpus; i++) {
		size_t off = cpu(t, &m->cpus[i], (unsigned)i, ver);
		if (i < sizeof l->cpu_off / sizeof l->cpu_off[0])
			l->cpu_off[i] = off;
		DONE();
	}
	memory_array(t, m, ver);
	DONE();
	for (size_t i = 0; i < m->ndimms; i++) {
		size_t off = dimm(t, &m->dimms[i], (unsigned)i, ver);
		if (i < sizeof l->dimm_off / sizeof l->dimm_off[0])
			l->dimm_off[i] = off;
		DONE();
	}
	l->end_off = t->len;
	struct fxs s;
	begin(&s, t, 127, 4, 0x7F00);
	end(&s);
	DONE();
#undef DONE
	l->table_len = t->len;
}

static uint8_t sum(const uint8_t *p, size_t n)
{
	uint8_t s = 0;
	for (size_t i = 0; i < n; i++)
		s = (uint8_t)(s + p[i]);
	return s;
}

static void le(uint8_t *p, unsigned n, uint64_t v)
{
	for (unsigned i = 0; i < n; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static void entry_point(const struct fx_smbios *m, const struct fx_layout *l, size_t maxlen,
			uint64_t addr, struct strbuf *ep)
{
	uint8_t e[0x1F] = {0};
	size_t n;
	if (m->major >= 3) {
		n = 0x18;
		memcpy(e, "_SM3_", 5);
		e[0x06] = 0x18;
		e[0x07] = m->major;
		e[0x08] = m->minor;
		e[0x09] = m->docrev;
		e[0x0A] = 0x01; /* entry point revision: 3.0 */
		le(e + 0x0C, 4, l->table_len);
		le(e + 0x10, 8, addr);
		e[0x05] = (uint8_t)(-sum(e, n) + m->ep_checksum_error);
	} else {
		n = 0x1F;
		memcpy(e, "_SM_", 4);
		e[0x05] = 0x1F;
		e[0x06] = m->major;
		e[0x07] = m->minor;
		le(e + 0x08, 2, maxlen);
		memcpy(e + 0x10, "_DMI_", 5);
		le(e + 0x16, 2, l->table_len);
		le(e + 0x18, 4, addr);
		le(e + 0x1C, 2, l->nstructs);
		e[0x1E] = (uint8_t)(m->major << 4 | (m->minor & 0x0F));
		e[0x15] = (uint8_t)(-sum(e + 0x10, 0x0F) + m->dmi_checksum_error);
		e[0x04] = (uint8_t)(-sum(e, n) + m->ep_checksum_error);
	}
	strbuf_reset(ep);
	strbuf_add(ep, e, n);
}

void fx_smbios_build(const struct fx_smbios *m, struct strbuf *ep, struct strbuf *t,
		     struct fx_layout *layout)
{
	struct fx_layout l;
	size_t maxlen;
	table(m, t, &l, &maxlen);
	entry_point(m, &l, maxlen, 0x000E9000, ep);
	strbuf_setlen(t, t->len - (m->truncate < t->len ? m->truncate : t->len));
	if (layout)
		*layout = l;
}

void fx_smbios_write(const struct fx_smbios *m, const char *root, struct fx_layout *layout)
{
	struct strbuf ep = STRBUF_INIT, t = STRBUF_INIT;
	fx_smbios_build(m, &ep, &t, layout);
	test_write(root, "sys/firmware/dmi/tables/smbios_entry_point", ep.buf, ep.len);
	test_write(root, "sys/firmware/dmi/tables/DMI", t.buf, t.len);
	strbuf_release(&ep);
	strbuf_release(&t);
}

void fx_smbios_dump_bin(const struct fx_smbios *m, struct strbuf *out)
{
	struct fx_layout l;
	size_t maxlen;
	struct strbuf ep = STRBUF_INIT, t = STRBUF_INIT;
	table(m, &t, &l, &maxlen);
	entry_point(m, &l, maxlen, 0x20, &ep);
	strbuf_reset(out);
	strbuf_add(out, ep.buf, ep.len);
	while (out->len < 0x20)
		strbuf_addch(out, 0);
	strbuf_add(out, t.buf, t.len);
	strbuf_release(&ep);
	strbuf_release(&t);
}

/* One sysfs attribute, newline-terminated as the kernel prints it. */
static void attr(const char *root, const char *name, const char *v, bool root_only)
{
	if (!v || !*v)
		return;
	struct strbuf rel = STRBUF_INIT, text = STRBUF_INIT;
	strbuf_addf(&rel, "sys/class/dmi/id/%s", name);
	strbuf_addf(&text, "%s\n", v);
	test_write(root, rel.buf, text.buf, text.len);
	if (root_only) {
		struct strbuf p = STRBUF_INIT;
		strbuf_addf(&p, "%s/%s", root, rel.buf);
		chmod(p.buf, 0400);
		strbuf_release(&p);
	}
	strbuf_release(&rel);
	strbuf_release(&text);
}

void fx_smbios_write_dmi_id(const struct fx_smbios *m, const char *root)
{
	char buf[32];
	attr(root, "bios_vendor", m->bios.vendor, false);
	attr(root, "bios_version", m->bios.version, false);
	attr(root, "bios_date", m->bios.date, false);
	if (m->bios.major || m->bios.minor) {
		snprintf(buf, sizeof buf, "%u.%u", m->bios.major, m->bios.minor);
		attr(root, "bios_release", buf, false);
	}
	attr(root, "sys_vendor", m->system.manufacturer, false);
	attr(root, "product_name", m->system.product, false);
	attr(root, "product_version", m->system.version, false);
	attr(root, "product_serial", m->system.serial, true);
	attr(root, "product_uuid", m->system.uuid, true);
	attr(root, "product_sku", m->system.sku, false);
	attr(root, "product_family", m->system.family, false);
	attr(root, "board_vendor", m->board.manufacturer, false);
	attr(root, "board_name", m->board.product, false);
	attr(root, "board_version", m->board.version, false);
	attr(root, "board_serial", m->board.serial, true);
	attr(root, "board_asset_tag", m->board.asset_tag, false);
	attr(root, "chassis_vendor", m->chassis.manufacturer, false);
	snprintf(buf, sizeof buf, "%u", m->chassis.type ? m->chassis.type : 2u);
	if (m->chassis.manufacturer)
		attr(root, "chassis_type", buf, false);
	attr(root, "chassis_version", m->chassis.version, false);
	attr(root, "chassis_serial", m->chassis.serial, true);
	attr(root, "chassis_asset_tag", m->chassis.asset_tag, false);
}
