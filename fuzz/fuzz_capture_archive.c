/*
 * fuzz_capture_archive.c — a capture archive given as `--root FILE`
 * (collect/capture.c capture_collect): extracted into a temporary
 * directory, collected from, the directory removed.
 *
 * Mutating a tar's bytes mostly breaks its header checksums, so libarchive
 * refuses the archive before chipscreen sees an entry.  The input is a list
 * of entries instead, and the harness writes the tar (ustar headers with
 * correct checksums): a mutation changes an entry's type, name, link target,
 * declared size or contents, and the archive still reaches extract_entry.
 *
 *   byte 0   flags: 1 gzip the tar; 2 the rest of the input is the archive
 *            itself, written as it is; 4 no end-of-archive blocks
 *   entries, each:
 *            type (the ustar typeflag byte as it is: '0' file, '5' directory,
 *            '2' symlink, '1' hard link, '6' FIFO, 'L', 'x', anything)
 *            mode (index into a table of permissions)
 *            name, NUL-terminated (over 100 bytes: split at a '/' into the
 *            prefix field when it fits, else cut)
 *            link target, NUL-terminated
 *            size delta (int8: the header's size is the data's plus it)
 *            data length (2 bytes, little-endian, at most what is left), data
 *
 * What must hold besides the sanitizers: a refusal names the archive; the
 * temporary directory is gone afterwards, refused or not; nothing was
 * written beside it (an entry escaping the extraction directory would be).
 */
#include "fuzz-support.h"

#include "collect/capture.h"

#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

static void octal(char *field, size_t width, unsigned long long v)
{
	snprintf(field, width, "%0*llo", (int)width - 1, v);
}

static void put_header(struct strbuf *tar, char type, unsigned mode, const char *name,
		       const char *link, unsigned long long size)
{
	char h[512];
	memset(h, 0, sizeof h);
	size_t n = strlen(name);
	/* the first '/' that leaves at most 100 bytes after it */
	size_t from = n > 101 ? n - 101 : 0;
	const char *slash = n > 100 ? memchr(name + from, '/', n - from) : NULL;
	if (slash && (size_t)(slash - name) <= 155 && n - (size_t)(slash - name) - 1 <= 100) {
		memcpy(h + 345, name, (size_t)(slash - name));
		memcpy(h, slash + 1, n - (size_t)(slash - name) - 1);
	} else {
		memcpy(h, name, n > 100 ? 100 : n);
	}
	octal(h + 100, 8, mode);
	octal(h + 108, 8, 0);
	octal(h + 116, 8, 0);
	octal(h + 124, 12, size);
	octal(h + 136, 12, 1733011200);
	h[156] = type;
	size_t ln = strlen(link);
	memcpy(h + 157, link, ln > 100 ? 100 : ln);
	memcpy(h + 257, "ustar", 6);
	memcpy(h + 263, "00", 2);
	memcpy(h + 265, "root", 4);
	memcpy(h + 297, "root", 4);
	memset(h + 148, ' ', 8);
	unsigned sum = 0;
	for (size_t i = 0; i < sizeof h; i++)
		sum += (unsigned char)h[i];
	snprintf(h + 148, 8, "%06o", sum);
	h[155] = ' ';
	strbuf_add(tar, h, sizeof h);
}

/* A NUL-terminated string at *p (or the rest, unterminated), into out. */
static void take_str(const uint8_t **p, const uint8_t *end, struct strbuf *out)
{
	const uint8_t *nul = memchr(*p, 0, (size_t)(end - *p));
	size_t n = nul ? (size_t)(nul - *p) : (size_t)(end - *p);
	strbuf_reset(out);
	strbuf_add(out, (const char *)*p, n);
	*p += nul ? n + 1 : n;
}

static void build_tar(const uint8_t *p, const uint8_t *end, bool eof_blocks, struct strbuf *tar)
{
	static const unsigned modes[8] = {0644, 0755, 0, 0777, 0400, 04755, 0600, 01777};
	struct strbuf name = STRBUF_INIT, link = STRBUF_INIT;
	while (end - p >= 2) {
		char type = (char)*p++;
		unsigned mode = modes[*p++ & 7];
		take_str(&p, end, &name);
		take_str(&p, end, &link);
		int delta = p < end ? (int8_t)*p++ : 0;
		size_t len = 0;
		if (end - p >= 2) {
			len = (size_t)p[0] | (size_t)p[1] << 8;
			p += 2;
		}
		if (len > (size_t)(end - p))
			len = (size_t)(end - p);
		long long size = (long long)len + delta;
		put_header(tar, type, mode, name.buf, link.buf,
			   (unsigned long long)(size < 0 ? 0 : size));
		strbuf_add(tar, (const char *)p, len);
		p += len;
		static const char zero[512];
		if (len % 512)
			strbuf_add(tar, zero, 512 - len % 512);
	}
	if (eof_blocks) {
		static const char zero[1024];
		strbuf_add(tar, zero, sizeof zero);
	}
	strbuf_release(&name);
	strbuf_release(&link);
}

static void gzip(const struct strbuf *in, struct strbuf *out)
{
	z_stream z;
	memset(&z, 0, sizeof z);
	if (deflateInit2(&z, 1, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
		abort();
	size_t cap = deflateBound(&z, in->len);
	strbuf_grow(out, cap);
	z.next_in = (Bytef *)in->buf;
	z.avail_in = (uInt)in->len;
	z.next_out = (Bytef *)out->buf;
	z.avail_out = (uInt)cap;
	if (deflate(&z, Z_FINISH) != Z_STREAM_END)
		abort();
	strbuf_setlen(out, z.total_out);
	deflateEnd(&z);
}

/* Only the archive and the temporary directory (empty) in fuzz_dir. */
static void check_dir(const char *archive)
{
	DIR *d = opendir(fuzz_dir());
	struct dirent *e;
	const char *base = strrchr(archive, '/') + 1;
	while (d && (e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..") ||
		    !strcmp(e->d_name, base) || !strcmp(e->d_name, "tmp"))
			continue;
		fuzz_abort("%s written beside the extraction", e->d_name);
	}
	if (d)
		closedir(d);
	char tmp[4200];
	snprintf(tmp, sizeof tmp, "%s/tmp", fuzz_dir());
	d = opendir(tmp);
	while (d && (e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			fuzz_abort("%s left in the temporary directory", e->d_name);
	if (d)
		closedir(d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char tmp[4200];
	if (!tmp[0]) {
		/* on a tmpfs when there is one: extraction writes every entry,
		 * five times faster than on this machine's disk */
		if (!getenv("TMPDIR") && access("/dev/shm", W_OK) == 0)
			setenv("TMPDIR", "/dev/shm", 1);
		snprintf(tmp, sizeof tmp, "%s/tmp", fuzz_dir());
		mkdir(tmp, 0700);
		setenv("TMPDIR", tmp, 1);
	}
	if (!size)
		return 0;
	unsigned flags = data[0];
	struct strbuf tar = STRBUF_INIT, gz = STRBUF_INIT;
	if (flags & 2)
		strbuf_add(&tar, (const char *)data + 1, size - 1);
	else
		build_tar(data + 1, data + size, !(flags & 4), &tar);
	const struct strbuf *file = &tar;
	if ((flags & 1) && !(flags & 2)) {
		gzip(&tar, &gz);
		file = &gz;
	}
	const char *path = fuzz_file((flags & 1) ? "root.tar.gz" : "root.tar",
				     (const uint8_t *)file->buf, file->len);
	char archive[4200];
	snprintf(archive, sizeof archive, "%s", path);
	struct inventory *inv = inventory_new();
	struct strbuf err = STRBUF_INIT;
	if (capture_collect(inv, archive, &err) < 0 && !strstr(err.buf, archive))
		fuzz_abort("a refused archive without its name: %s", err.buf);
	inventory_free(inv);
	strbuf_release(&err);
	remove(archive);
	check_dir(archive);
	strbuf_release(&tar);
	strbuf_release(&gz);
	return 0;
}
