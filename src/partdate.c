/*
 * partdate.c — the date a part is judged as of (partdate.h).
 */
#include "partdate.h"
#include "util/date.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

/* The value the judge reads: decoded, else raw. */
static const struct field *fact(const struct component *c, enum fkey k)
{
	const struct field *f = component_field(c, k, false);
	return f ? f : component_field(c, k, true);
}

/* "2024-02-14" or "2024-W07" (the Monday of that ISO week); 0 if neither. */
static day_t parse_made(const char *s)
{
	int y, w;
	char tail;
	if (sscanf(s, "%4d-W%2d%c", &y, &w, &tail) == 2)
		return date_from_iso_week(y, w);
	return date_parse(s);
}

/* --acquired and import --acquired name themselves as the source. */
static const char *acq_basis(struct arena *a, const struct field *f)
{
	const char *src = f->source ? f->source : "acquired field";
	if (!strncmp(src, "--", 2) || strstr(src, " --acquired"))
		return arena_printf(a, "%s (%s)", f->value, src);
	return arena_printf(a, "%s (purchase record: %s)", f->value, src);
}

static void note(struct part_date *pd, struct arena *a, const char *text)
{
	if (!a)
		return;
	pd->note = pd->note ? arena_printf(a, "%s; %s", pd->note, text) : text;
}

static void acquisition(const struct component *c, day_t opt, struct arena *a,
			struct part_date *pd)
{
	char buf[16];
	const struct field *f = fact(c, FK_ACQUIRED);
	if (f) {
		pd->acquired = date_parse(f->value);
		if (pd->acquired && a)
			pd->acq_text = acq_basis(a, f);
		else if (!pd->acquired && a)
			note(pd, a,
			     arena_printf(a, "the acquired field \"%s\" is not a date", f->value));
	}
	if (!pd->acquired && opt) {
		pd->acquired = opt;
		if (a)
			pd->acq_text = arena_printf(a, "%s (--acquired)", date_format(opt, buf));
	}
}

static void manufacture(const struct component *c, struct arena *a, struct part_date *pd)
{
	const struct field *f = fact(c, FK_MANUFACTURE_DATE);
	if (!f)
		return;
	day_t d = parse_made(f->value);
	if (!d) {
		note(pd, a,
		     a ? arena_printf(a, "the manufacture date \"%s\" is not a date", f->value)
		       : NULL);
	} else if (f->flags & FIELD_UNTRUSTED) {
		note(pd, a,
		     a ? arena_printf(a,
				      "the manufacture date %s is not used: its source failed its "
				      "own check",
				      f->value)
		       : NULL);
	} else {
		pd->made = d;
		pd->made_raw = f->value;
		if (a)
			pd->made_text = arena_printf(a, "%s (%s)", f->value,
						     f->source ? f->source : "manufacture_date");
	}
}

void part_date(const struct component *c, day_t opt_acquired, day_t as_of, struct arena *a,
	       struct part_date *pd)
{
	char b1[16], b2[16];
	memset(pd, 0, sizeof *pd);
	acquisition(c, opt_acquired, a, pd);
	manufacture(c, a, pd);
	const struct field *seen = fact(c, FK_FIRST_SEEN);
	if (seen)
		pd->seen = date_parse(seen->value);
	if (pd->acquired && pd->made && pd->acquired < pd->made) {
		/* bought before it was made: the evidence says otherwise */
		pd->contradicted = true;
		if (a) {
			note(pd, a,
			     arena_printf(a,
					  "the acquisition date %s is before the part was made (%s): "
					  "the manufacture date wins",
					  pd->acq_text, pd->made_text));
			pd->acq_text = arena_printf(a, "on or after %s (made %s; given %s)",
						    date_format(pd->made, b1), pd->made_raw,
						    date_format(pd->acquired, b2));
		}
		pd->acquired = pd->made;
	}
	if (pd->acquired) {
		pd->when = pd->acquired;
		pd->what = "acquired";
	} else if (pd->made) {
		pd->when = pd->made;
		pd->what = "manufactured";
	} else {
		pd->when = as_of;
		pd->what = "as of";
	}
}

void part_date_stamp(struct inventory *inv, day_t d, const char *source)
{
	char buf[16];
	if (!d)
		return;
	date_format(d, buf);
	for (size_t i = 0; i < inv->ncomps; i++)
		if (!fact(&inv->comps[i], FK_ACQUIRED))
			component_set(inv, &inv->comps[i], FK_ACQUIRED, 0, buf, source);
}

day_t part_seen_by(const struct inventory *inv)
{
	const char *t = inv ? inv->host.collected_at : NULL;
	char day[11];
	if (!t || strlen(t) < 10)
		return 0;
	memcpy(day, t, 10);
	day[10] = '\0';
	return date_parse(day);
}

bool part_serial_usable(const char *s)
{
	static const char *const fillers[] = {"not specified", "unknown", "n/a", "none",
					      "default string", "to be filled by o.e.m."};
	size_t n = s ? strlen(s) : 0;
	if (n < 4)
		return false;
	bool same = true;
	for (size_t i = 1; i < n && same; i++)
		same = s[i] == s[0];
	if (same)
		return false;
	for (size_t i = 0; i < sizeof fillers / sizeof fillers[0]; i++)
		if (!strcasecmp(s, fillers[i]))
			return false;
	return true;
}

/* One purchase line dates the components of inv with its serial. */
static size_t link_line(const struct component *line, struct inventory *inv, struct strbuf *warn)
{
	const char *serial = component_get(line, FK_SERIAL);
	const struct field *acq = fact(line, FK_ACQUIRED);
	char b1[16];
	size_t n = 0;
	if (!acq || !date_parse(acq->value) || !part_serial_usable(serial))
		return 0;
	for (size_t i = 0; i < inv->ncomps; i++) {
		struct component *c = &inv->comps[i];
		const char *s = component_get(c, FK_SERIAL);
		if (c == line || c->kind == KIND_PART || !s || strcasecmp(s, serial))
			continue;
		const char *src = arena_printf(inv->arena, "%s, serial %s",
					       acq->source ? acq->source : line->source, serial);
		component_set(inv, c, FK_ACQUIRED, 0, acq->value, src);
		n++;
		struct part_date pd;
		part_date(c, 0, 0, NULL, &pd);
		if (pd.contradicted && warn)
			strbuf_addf(warn,
				    "%s%s: %s (serial %s) was bought %s but made %s: the manufacture "
				    "date wins",
				    warn->len ? "\n" : "", acq->source ? acq->source : line->source,
				    c->id, serial, acq->value,
				    pd.made ? date_format(pd.made, b1) : "later");
	}
	return n;
}

size_t part_date_link(const struct inventory *po, struct inventory *inv, struct strbuf *warn)
{
	size_t n = 0;
	for (size_t i = 0; po && i < po->ncomps; i++)
		if (po->comps[i].kind == KIND_PART)
			n += link_line(&po->comps[i], inv, warn);
	return n;
}
