/*
 * jep106.h — reading JEP106 manufacturer codes in every form seen in the field.
 *
 * A JEP106 code is a bank (1-based; bank N is written as N-1 continuation
 * codes 0x7F) and a 7-bit ID with an odd-parity bit on top.  Firmware and
 * tools write it many ways:
 *
 *   SPD pair      "802C"  continuation count with its parity bit, then the ID
 *                 byte (DDR3/4/5 SPD, SMBIOS 0x2C as collect writes it)
 *   dmidecode     "Bank 1, Hex 0x2C"
 *   OEM triple    "002C0632002C" (Dell: module, register, DRAM; counts without
 *                 parity) and "80AD000080AD" (HP/Lenovo: counts with parity,
 *                 0000 where there is no register)
 *   7F string     "0x7F98000000000000": continuation codes, the ID, zero pad
 *                 (SDR/DDR/DDR2 SPD; SMBIOS of old boards); "0x2C00" likewise
 *   short form    "0416" (bank 5, 0x16) is an SPD pair
 *   bare ID       "2C": no bank at all (bank 1 assumed, and said so)
 *
 * Parity errors are reported, not guessed around: a code whose ID byte has
 * even parity is an error naming the byte.
 */
#ifndef IDENTIFY_JEP106_H
#define IDENTIFY_JEP106_H

#include <stdbool.h>
#include <stdint.h>

#include "util/strbuf.h"

#define JEP106_MAX_BANK 32

enum jep_form {
	JF_SPD,     /* "802C" */
	JF_BANKHEX, /* "Bank 1, Hex 0x2C" */
	JF_OEM3,    /* "002C0632002C" */
	JF_7F,      /* "7F98000000000000" */
	JF_BARE,    /* "2C" */
};

struct jep_code {
	int bank;   /* 1-based; 0: absent (the 0000 of an OEM triple) */
	uint8_t id; /* with its parity bit, as stored */
};

struct jep_decoded {
	enum jep_form form;
	int n;                   /* codes: 1, or 3 for an OEM triple */
	struct jep_code code[3]; /* OEM triple: module, register, DRAM */
};

enum {
	JEP_OK = 0,
	JEP_NOT_CODE = 1,   /* not a JEP106 form: free text */
	JEP_UNDEFINED = 2,  /* all bytes 0x00 or 0xFF: never written */
	JEP_MALFORMED = -1, /* looks like a code but is wrong; why says how */
};

/*
 * Parse s.  strict: s is an SPD/SMBIOS id field (FK_JEDEC_*), which must be
 * one SPD pair with both parity bits right.  Otherwise s is a free-form
 * manufacturer string and every form above is tried.  On JEP_MALFORMED why
 * gets a sentence ("ID byte 0x2D fails odd parity").
 */
int jep106_parse(const char *s, bool strict, struct jep_decoded *out, struct strbuf *why);

/* Does byte b have odd parity (as every JEP106 byte must)? */
bool jep106_parity_ok(uint8_t b);
/* The ID byte for a 7-bit code, with its parity bit set as needed. */
uint8_t jep106_with_parity(uint8_t code7);
const char *jep106_form_name(enum jep_form f);

#endif
