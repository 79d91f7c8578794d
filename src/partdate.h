/*
 * partdate.h — the date a part is judged as of.  One implementation, used by
 * identify (whose brand a maker was on that day), the judge (acquired before
 * or after a ban) and the fleet store (the day a unit is attributed as of);
 * they used to disagree on an untrusted (bad-CRC) manufacture date and on
 * --acquired.
 *
 * The evidence, in order:
 *
 *   1. the part's acquired field (purchase record, asset register, or
 *      --acquired / import --acquired, which stamp it on every part that has
 *      none: part_date_stamp);
 *   2. opt_acquired, the caller's --acquired when it did not stamp it;
 *   3. its manufacture date (SPD, SMART; an ISO week counts from its Monday),
 *      unless its source failed its own check (FIELD_UNTRUSTED: a bad SPD
 *      CRC), which is noted and not used;
 *   4. nothing: the part is judged as of the caller's as_of.
 *
 * Upper bounds on the acquisition, for when nothing above dates it: the day
 * the inventory was collected (part_seen_by), and the day the fleet store
 * saw the part's host first hold it (its first_seen field, which the store
 * sets: store/fleet-seen.c).
 *
 * An acquisition date earlier than the manufacture date is contradicted by
 * the evidence: the manufacture date wins (the part was acquired on or after
 * it), with a note.  The judge reads 1-3 separately (acquisition decides a
 * purchase ban; manufacture after a ban proves acquisition after it); `when`
 * is the one date for everything else.
 */
#ifndef PARTDATE_H
#define PARTDATE_H

#include "chipscreen.h"
#include "util/arena.h"
#include "util/strbuf.h"

struct part_date {
	day_t acquired;       /* known acquisition date; 0 unknown */
	const char *acq_text; /* "2024-01-01 (purchase record: po.csv:2)", "... (--acquired)" */
	day_t made;           /* trusted manufacture date (an ISO week's Monday); 0 */
	const char *made_raw; /* "2024-W07" as read */
	const char *made_text; /* "2024-W07 (spd/0-0050)" */
	const char *note;      /* why some evidence was not used, or what contradicts what */
	bool contradicted;     /* the acquisition date given is before the manufacture date */
	day_t seen;            /* first_seen: acquired on or before it; 0 */
	day_t when;            /* acquired, else made, else as_of */
	const char *what;      /* "acquired", "manufactured", "as of" */
};

/* Fill pd for c.  Texts are allocated in a; with a NULL they are NULL (the
 * days are still set). */
void part_date(const struct component *c, day_t opt_acquired, day_t as_of, struct arena *a,
	       struct part_date *pd);

/* The day the inventory was collected (its collected_at, a capture's own
 * time when replayed), or 0: every part in it was acquired on or before
 * that day, an upper bound the judge uses when nothing else dates a part. */
day_t part_seen_by(const struct inventory *inv);

/* Set the acquired field of every component of inv that has none to d, with
 * source (e.g. "--acquired"): the parts were acquired that day. */
void part_date_stamp(struct inventory *inv, day_t d, const char *source);

/* Does serial number s tell one part from others?  Not when it is shorter
 * than four characters, one character repeated ("00000000"), or a filler
 * firmware writes where it has none ("Not Specified", "N/A", "Unknown"). */
bool part_serial_usable(const char *s);

/*
 * A purchase record's line that carries a serial number dates the component
 * with that serial: each purchase line of po (KIND_PART, with a serial and
 * an acquired date) sets the acquired field of every other component of inv
 * with the same serial (compared without regard to case), with the source
 * "FILE:LINE, serial S", so that the finding reads "acquired 2023-03-01
 * (purchase record: po.csv:2, serial S)".  A line dated before the part was
 * made is contradicted by the evidence: part_date lets the manufacture date
 * win, and a line naming both is appended to warn.  po may be inv itself
 * (a PO scanned with a collect file as one machine).  Returns the number of
 * components dated.
 */
size_t part_date_link(const struct inventory *po, struct inventory *inv, struct strbuf *warn);

#endif
