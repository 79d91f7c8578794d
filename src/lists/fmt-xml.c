/*
 * fmt-xml.c — the OFAC sdnList XML (sdn.xml, consolidated.xml), libxml2 (loaded
 * on first use).
 *
 * The reader streams: each sdnEntry is expanded into a small tree, read, and
 * dropped, so the full SDN XML never sits in memory as one document.  An XML
 * error (a truncated file) stops the reading: it is reported with its line,
 * and the file is known as cut (limport_cut), so the import is refused unless
 * forced, which keeps the entries read before it.
 */
#include "lists/lists.h"
#include "util/lazylib.h"

#include <libxml/xmlreader.h>
#include <stdio.h>
#include <string.h>

/* libxml2, loaded on first use (util/lazylib.h): it brings ICU and libstdc++
 * along, which no other command should pay for.  xmlFree is a variable (a
 * function pointer), hence xml_free(). */
#define XML_FUNCS(X)                                                                               \
	X(xmlFree)                                                                                 \
	X(xmlFreeTextReader)                                                                       \
	X(xmlNodeGetContent)                                                                       \
	X(xmlReaderForFile)                                                                        \
	X(xmlTextReaderConstLocalName)                                                             \
	X(xmlTextReaderExpand)                                                                     \
	X(xmlTextReaderGetParserLineNumber)                                                        \
	X(xmlTextReaderLocatorLineNumber)                                                          \
	X(xmlTextReaderNext)                                                                       \
	X(xmlTextReaderNodeType)                                                                   \
	X(xmlTextReaderRead)                                                                       \
	X(xmlTextReaderReadString)                                                                 \
	X(xmlTextReaderSetErrorHandler)
XML_FUNCS(LAZYLIB_DECLARE)
static const struct lazysym xml_syms[] = {XML_FUNCS(LAZYLIB_ENTRY){NULL, NULL}};
#ifndef LIBXML2_SONAME
#define LIBXML2_SONAME "libxml2.so.2"
#endif
static struct lazylib libxml2 = LAZYLIB_INIT(LIBXML2_SONAME, "libxml2", "OFAC XML lists", xml_syms);

static void xml_free(void *p)
{
	(*sym_xmlFree)(p);
}

static const char *text_of(xmlNodePtr n, const char *name, char *buf, size_t cap)
{
	for (xmlNodePtr c = n ? n->children : NULL; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE && !strcmp((const char *)c->name, name)) {
			xmlChar *t = sym_xmlNodeGetContent(c);
			snprintf(buf, cap, "%s", t ? (const char *)t : "");
			xml_free(t);
			return buf[0] ? buf : NULL;
		}
	return NULL;
}

static xmlNodePtr child(xmlNodePtr n, const char *name)
{
	for (xmlNodePtr c = n ? n->children : NULL; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE && !strcmp((const char *)c->name, name))
			return c;
	return NULL;
}

#define EACH(var, parent, tag)                                                                     \
	for (xmlNodePtr var = (parent) ? (parent)->children : NULL; var; var = var->next)          \
		if (var->type == XML_ELEMENT_NODE && !strcmp((const char *)var->name, tag))

static void full_name(xmlNodePtr n, char *out, size_t cap)
{
	char f[1024], l[1024];
	const char *first = text_of(n, "firstName", f, sizeof f);
	const char *last = text_of(n, "lastName", l, sizeof l);
	if (first && last)
		snprintf(out, cap, "%s, %s", last, first);
	else
		snprintf(out, cap, "%s", last ? last : first ? first : "");
}

static void entry(struct limport *imp, xmlNodePtr n, long line)
{
	char name[2048], buf[4096], b2[1024], b3[1024];
	full_name(n, name, sizeof name);
	if (!name[0]) {
		limport_problem(imp, line, true, "sdnEntry without a name; skipped");
		return;
	}
	struct lentry *e = limport_entry(imp, line);
	e->ref = limport_str(imp, text_of(n, "uid", buf, sizeof buf));
	e->list = strstr(imp->source, "cons") ? "OFAC-NONSDN" : "SDN";
	const char *type = limport_str(imp, text_of(n, "sdnType", buf, sizeof buf));
	e->type = type ? type : "";
	lentry_name(imp, e, name, "primary");
	e->remarks = limport_str(imp, text_of(n, "remarks", buf, sizeof buf));
	struct strbuf progs = STRBUF_INIT;
	EACH(p, child(n, "programList"), "program")
	{
		xmlChar *t = sym_xmlNodeGetContent(p);
		if (t && *t)
			strbuf_addf(&progs, "%s%s", progs.len ? "; " : "", (const char *)t);
		xml_free(t);
	}
	e->programs = limport_str(imp, progs.buf);
	strbuf_release(&progs);
	EACH(a, child(n, "akaList"), "aka")
	{
		full_name(a, name, sizeof name);
		const char *cat = text_of(a, "category", buf, sizeof buf);
		const char *kind = cat && !strcmp(cat, "weak") ? "weak" : "aka";
		lentry_name(imp, e, name, kind);
	}
	EACH(a, child(n, "addressList"), "address")
	{
		struct strbuf t = STRBUF_INIT;
		const char *parts[] = {"address1", "address2",        "address3",
				       "city",     "stateOrProvince", "postalCode"};
		for (int i = 0; i < 6; i++) {
			const char *v = text_of(a, parts[i], buf, sizeof buf);
			if (v)
				strbuf_addf(&t, "%s%s", t.len ? ", " : "", v);
		}
		lentry_addr(imp, e, t.len ? t.buf : NULL, text_of(a, "country", b2, sizeof b2));
		strbuf_release(&t);
	}
	EACH(d, child(n, "idList"), "id")
	{
		lentry_id(imp, e, text_of(d, "idType", buf, sizeof buf),
			  text_of(d, "idNumber", b2, sizeof b2),
			  text_of(d, "idCountry", b3, sizeof b3));
	}
	const char *lists[] = {"nationalityList", "citizenshipList"};
	const char *items[] = {"nationality", "citizenship"};
	for (int i = 0; i < 2; i++)
		EACH(c, child(n, lists[i]), items[i])
		{
			lentry_addr(imp, e, NULL, text_of(c, "country", buf, sizeof buf));
		}
}

/* The reading, and where its first error stopped it. */
struct xml_read {
	struct limport *imp;
	long line;       /* 0: no error */
	char inside[64]; /* the innermost element open there, or "" */
};

static void xml_error(void *arg, const char *msg, xmlParserSeverities sev,
		      xmlTextReaderLocatorPtr loc)
{
	struct xml_read *x = arg;
	struct limport *imp = x->imp;
	if (sev != XML_PARSER_SEVERITY_ERROR && sev != XML_PARSER_SEVERITY_VALIDITY_ERROR)
		return;
	if (!x->line) {
		/* the locator is the reader's parser context (libxml2's
		 * xmlreader.c says so); its stack of open elements says where
		 * the document stopped */
		xmlParserCtxtPtr ctxt = (xmlParserCtxtPtr)loc;
		x->line = sym_xmlTextReaderLocatorLineNumber(loc);
		if (x->line <= 0)
			x->line = 1;
		if (ctxt && ctxt->nameNr > 0 && ctxt->nameTab && ctxt->nameTab[ctxt->nameNr - 1])
			snprintf(x->inside, sizeof x->inside, "%s",
				 (const char *)ctxt->nameTab[ctxt->nameNr - 1]);
	}
	char m[512];
	snprintf(m, sizeof m, "%s", msg);
	size_t k = strlen(m);
	while (k && (m[k - 1] == '\n' || m[k - 1] == ' '))
		m[--k] = '\0';
	limport_problem(imp, sym_xmlTextReaderLocatorLineNumber(loc), true,
			"XML error: %s; reading stopped here", m);
}

int fmt_ofac_xml(struct limport *imp, struct strbuf *err)
{
	if (lazylib_load(&libxml2, err) < 0)
		return -1;
	xmlTextReaderPtr r = sym_xmlReaderForFile(imp->path, NULL, XML_PARSE_NONET);
	if (!r) {
		strbuf_reset(err);
		strbuf_addf(err, "%s: cannot read as XML", imp->path);
		return -1;
	}
	struct xml_read x = {.imp = imp};
	sym_xmlTextReaderSetErrorHandler(r, xml_error, &x);
	int rc, next = 1; /* -1: an error */
	char buf[256];
	while ((rc = sym_xmlTextReaderRead(r)) == 1) {
		if (sym_xmlTextReaderNodeType(r) != XML_READER_TYPE_ELEMENT)
			continue;
		const char *name = (const char *)sym_xmlTextReaderConstLocalName(r);
		if (!strcmp(name, "Publish_Date")) {
			xmlChar *t = sym_xmlTextReaderReadString(r);
			int m, d, y;
			if (t && sscanf((const char *)t, "%d/%d/%d", &m, &d, &y) == 3) {
				snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
				imp->version = arena_strdup(imp->meta, buf);
			}
			xml_free(t);
		} else if (!strcmp(name, "sdnEntry")) {
			long line = sym_xmlTextReaderGetParserLineNumber(r);
			xmlNodePtr n = sym_xmlTextReaderExpand(r);
			imp->rows++;
			if (n)
				entry(imp, n, line);
			limport_between(imp);
			if ((rc = sym_xmlTextReaderNext(r)) != 1)
				break;
			/* Next moved onto the sibling: handle it in this round */
			while (sym_xmlTextReaderNodeType(r) == XML_READER_TYPE_ELEMENT &&
			       !strcmp((const char *)sym_xmlTextReaderConstLocalName(r),
				       "sdnEntry")) {
				line = sym_xmlTextReaderGetParserLineNumber(r);
				n = sym_xmlTextReaderExpand(r);
				imp->rows++;
				if (n)
					entry(imp, n, line);
				limport_between(imp);
				if ((next = sym_xmlTextReaderNext(r)) != 1)
					break;
			}
		}
	}
	sym_xmlFreeTextReader(r);
	/* An error stops the reading: what follows it is not read, whether
	 * the file was cut there or is damaged, and libxml2 reports an end
	 * before the root element closes as an error too
	 * (no line: libxml2 gives the open tag's for that, "line 2" for a
	 * file cut in </sdnList>; the XML error's problem has it) */
	if (x.line && x.inside[0])
		limport_cut(imp, NULL, 0, "inside <%s>", x.inside);
	else if (x.line || rc < 0 || next < 0)
		limport_cut(imp, NULL, 0, "before its root element is closed");
	return 0;
}
