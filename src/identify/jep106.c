/*
 * jep106.c — parsing the written forms of JEP106 codes (see jep106.h).
 *
 * The parser only turns text into (bank, ID byte) pairs and checks parity; it
 * knows nothing of names, which live in data/jep106.tsv.  It is strict where
 * the input's form is known (SPD fields) and tolerant where it is not
 * (manufacturer strings), but never silently wrong: a wrong parity bit, an
 * odd number of digits or bytes after the padding make it an error.
 */
#include "identify/jep106.h"
#include "util/hex.h"
#include "util/utf8.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

bool jep106_parity_ok(uint8_t b)
{
	return __builtin_popcount(b) & 1;
}

uint8_t jep106_with_parity(uint8_t code7)
{
	code7 &= 0x7f;
	return jep106_parity_ok(code7) ? code7 : (uint8_t)(code7 | 0x80);
}

const char *jep106_form_name(enum jep_form f)
{
	switch (f) {
	case JF_SPD:
		return "SPD pair";
	case JF_BANKHEX:
		return "dmidecode Bank/Hex";
	case JF_OEM3:
		return "OEM module/register/DRAM string";
	case JF_7F:
		return "7F-continuation string";
	case JF_BARE:
		return "bare ID byte";
	}
	return "?";
}

static int check_id(uint8_t id, struct strbuf *why)
{
	if (!jep106_parity_ok(id)) {
		strbuf_addf(why, "ID byte 0x%02X fails odd parity", id);
		return JEP_MALFORMED;
	}
	if ((id & 0x7f) == 0 || (id & 0x7f) == 0x7f) {
		strbuf_addf(why, "ID byte 0x%02X is not a manufacturer code", id);
		return JEP_MALFORMED;
	}
	return JEP_OK;
}

/* A continuation-count byte: with parity (bit 7 set when needed) or, in
 * Dell's strings, without.  strict demands the parity bit. */
static int check_count(uint8_t b, bool strict, int *bank, struct strbuf *why)
{
	int count = b & 0x7f;
	if ((strict || (b & 0x80)) && !jep106_parity_ok(b)) {
		strbuf_addf(why, "continuation byte 0x%02X fails odd parity", b);
		return JEP_MALFORMED;
	}
	if (count + 1 > JEP106_MAX_BANK) {
		strbuf_addf(why, "continuation byte 0x%02X gives bank %d; JEP106 has far fewer", b,
			    count + 1);
		return JEP_MALFORMED;
	}
	*bank = count + 1;
	return JEP_OK;
}

static int parse_pair(const uint8_t *b, bool strict, struct jep_code *c, struct strbuf *why)
{
	int rc = check_count(b[0], strict, &c->bank, why);
	if (rc == JEP_OK)
		rc = check_id(b[1], why);
	c->id = b[1];
	return rc;
}

/* "Bank 1, Hex 0x2C" as dmidecode prints it. */
static int parse_bankhex(const char *s, struct jep_decoded *out, struct strbuf *why)
{
	const char *p = s + 4;
	char *end;
	while (*p == ' ')
		p++;
	long bank = strtol(p, &end, 10);
	if (end == p || bank < 1 || bank > JEP106_MAX_BANK) {
		strbuf_addstr(why, "\"Bank N, Hex 0xYY\" with no valid bank number");
		return JEP_MALFORMED;
	}
	p = end;
	while (*p == ',' || *p == ' ')
		p++;
	if (strncasecmp(p, "hex", 3) != 0) {
		strbuf_addstr(why, "\"Bank N, Hex 0xYY\" without \"Hex\"");
		return JEP_MALFORMED;
	}
	p += 3;
	while (*p == ' ')
		p++;
	uint32_t id;
	if (!hex_parse_u32(p, &id) || id > 0xff) {
		strbuf_addstr(why, "\"Bank N, Hex 0xYY\" with no valid ID byte");
		return JEP_MALFORMED;
	}
	out->form = JF_BANKHEX;
	out->n = 1;
	out->code[0].bank = (int)bank;
	out->code[0].id = (uint8_t)id;
	return check_id((uint8_t)id, why);
}

/* Leading 0x7F continuation codes, the ID byte, then only zero bytes. */
static int parse_7f(const uint8_t *b, size_t n, struct jep_decoded *out, struct strbuf *why)
{
	size_t i = 0;
	while (i < n && b[i] == 0x7f)
		i++;
	if (i == n) {
		strbuf_addstr(why, "only continuation codes (0x7F), no ID byte");
		return JEP_MALFORMED;
	}
	for (size_t j = i + 1; j < n; j++) {
		if (b[j] != 0) {
			strbuf_addf(why,
				    "byte %zu (0x%02X) after the ID byte should be padding (0x00)",
				    j + 1, b[j]);
			return JEP_MALFORMED;
		}
	}
	if (i + 1 > JEP106_MAX_BANK) {
		strbuf_addf(why, "%zu continuation codes; JEP106 has far fewer banks", i);
		return JEP_MALFORMED;
	}
	out->form = JF_7F;
	out->n = 1;
	out->code[0].bank = (int)i + 1;
	out->code[0].id = b[i];
	return check_id(b[i], why);
}

int jep106_parse(const char *s, bool strict, struct jep_decoded *out, struct strbuf *why)
{
	memset(out, 0, sizeof *out);
	while (*s == ' ' || *s == '\t')
		s++;
	if (!strict && !strncasecmp(s, "bank", 4))
		return parse_bankhex(s, out, why);

	/* Collect hex digits: "0x80,0x2c", "80 2C", "0x802C" are all one pair. */
	char digits[40];
	size_t nd = 0;
	bool prefixed = false, other = false;
	for (const char *p = s; *p; p++) {
		if (*p == '0' && (p[1] == 'x' || p[1] == 'X')) {
			prefixed = true;
			p++;
		} else if (hex_digit((unsigned char)*p) >= 0) {
			if (nd == sizeof digits - 1) {
				strbuf_addstr(why, "too many hex digits for a JEP106 code");
				return JEP_MALFORMED;
			}
			digits[nd++] = *p;
		} else if (*p == ' ' || *p == ',' || *p == ':' || *p == '\t') {
			continue;
		} else {
			other = true;
			break;
		}
	}
	digits[nd] = 0;
	if (other || nd == 0) {
		if (strict || prefixed) {
			strbuf_addf(why, "\"%.*s\" is not hexadecimal", utf8_cut(s, 40), s);
			return JEP_MALFORMED;
		}
		return JEP_NOT_CODE;
	}
	/* Without 0x, short digit-only strings could be names ("3COM" is not hex,
	 * but "ACE" is): demand an even count of at least 2. */
	if (nd % 2) {
		if (!strict && !prefixed && nd < 4)
			return JEP_NOT_CODE;
		strbuf_addf(why, "odd number of hex digits (%zu)", nd);
		return JEP_MALFORMED;
	}
	uint8_t b[20];
	size_t n = nd / 2;
	hex_decode(digits, n, b);
	bool all0 = true, allF = true;
	for (size_t i = 0; i < n; i++) {
		all0 &= b[i] == 0x00;
		allF &= b[i] == 0xff;
	}
	if (all0 || allF)
		return JEP_UNDEFINED;

	if (strict) {
		if (n != 2) {
			strbuf_addf(why, "%zu hex digits; an SPD manufacturer id is 4", nd);
			return JEP_MALFORMED;
		}
		out->form = JF_SPD;
		out->n = 1;
		return parse_pair(b, true, &out->code[0], why);
	}
	if (n == 1) {
		out->form = JF_BARE;
		out->n = 1;
		out->code[0].bank = 1;
		out->code[0].id = b[0];
		return check_id(b[0], why);
	}
	if (n == 2 && b[0] != 0x7f && b[1] != 0x00) {
		out->form = JF_SPD;
		out->n = 1;
		return parse_pair(b, false, &out->code[0], why);
	}
	if (n == 6) {
		out->form = JF_OEM3;
		out->n = 3;
		for (int i = 0; i < 3; i++) {
			if (b[2 * i] == 0 && b[2 * i + 1] == 0)
				continue; /* 0000: no such part (HP strings have no register) */
			int rc = parse_pair(b + 2 * i, false, &out->code[i], why);
			if (rc != JEP_OK) {
				static const char *const part[3] = {"module", "register", "DRAM"};
				strbuf_addf(why, " (in the %s part)", part[i]);
				return rc;
			}
		}
		return JEP_OK;
	}
	if (n >= 2 && n <= 16)
		return parse_7f(b, n, out, why);
	strbuf_addf(why, "%zu hex digits fit no JEP106 form (4, 12 or 16 are usual)", nd);
	return JEP_MALFORMED;
}
