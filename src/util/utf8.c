#include "util/utf8.h"
#include "util/hex.h"

#include <stdint.h>
#include <string.h>
#include <utf8proc.h>

static bool is_control(utf8proc_int32_t cp)
{
	return cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0);
}

bool utf8_valid(const char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t k =
			utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(n - i), &cp);
		if (k <= 0)
			return false;
		i += (size_t)k;
	}
	return true;
}

bool utf8_clean(const char *s, size_t n)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	size_t i = 0;
	/* most strings are printable ASCII: check eight bytes at a time (no byte
	 * at or above 0x80, none below 0x20, no DEL, no backslash) */
	for (; i + 8 <= n; i += 8) {
		uint64_t w;
		memcpy(&w, p + i, 8);
		const uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
		uint64_t high = w & highs;
		uint64_t below20 = (w - 0x20 * ones) & ~w & highs;
		uint64_t del = ((w ^ 0x7f * ones) - ones) & ~(w ^ 0x7f * ones) & highs;
		uint64_t bs = ((w ^ 0x5c * ones) - ones) & ~(w ^ 0x5c * ones) & highs;
		if (high | below20 | del | bs)
			break;
	}
	while (i < n) {
		if (p[i] < 0x80) {
			if (p[i] < 0x20 || p[i] == 0x7f || p[i] == '\\')
				return false;
			i++;
			continue;
		}
		utf8proc_int32_t cp;
		utf8proc_ssize_t len = utf8proc_iterate(p + i, (utf8proc_ssize_t)(n - i), &cp);
		if (len <= 0 || is_control(cp))
			return false;
		i += (size_t)len;
	}
	return true;
}

bool utf8_escape(struct strbuf *out, const char *s, size_t n)
{
	static const char d[] = "0123456789abcdef";
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	bool escaped = false;
	size_t i = 0;
	while (i < n) {
		utf8proc_int32_t cp = -1;
		utf8proc_ssize_t len = 1;
		if (p[i] < 0x80) {
			cp = p[i];
		} else {
			len = utf8proc_iterate(p + i, (utf8proc_ssize_t)(n - i), &cp);
			if (len <= 0) {
				len = 1;
				cp = -1;
			}
		}
		if (cp == '\\') {
			strbuf_add(out, "\\\\", 2);
			escaped = true;
		} else if (cp < 0 || is_control(cp)) {
			/* escape each byte of an invalid or control sequence */
			for (utf8proc_ssize_t k = 0; k < len; k++) {
				char e[4] = {'\\', 'x', d[p[i + (size_t)k] >> 4],
					     d[p[i + (size_t)k] & 15]};
				strbuf_add(out, e, 4);
			}
			escaped = true;
		} else {
			strbuf_add(out, p + i, (size_t)len);
		}
		i += (size_t)len;
	}
	return escaped;
}

size_t utf8_unescape(const char *s, char *out)
{
	size_t o = 0;
	while (*s) {
		if (s[0] == '\\' && s[1] == '\\') {
			out[o++] = '\\';
			s += 2;
		} else if (s[0] == '\\' && s[1] == 'x' && hex_digit((unsigned char)s[2]) >= 0 &&
			   hex_digit((unsigned char)s[3]) >= 0) {
			out[o++] = (char)(hex_digit((unsigned char)s[2]) << 4 |
					  hex_digit((unsigned char)s[3]));
			s += 4;
		} else {
			out[o++] = *s++;
		}
	}
	out[o] = '\0';
	return o;
}

int utf8_cut(const char *s, size_t max)
{
	size_t n = strnlen(s, max);
	/* s[n] a continuation byte: back to where its character starts */
	if (n == max)
		while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
			n--;
	return (int)n;
}

int utf8_codepoints(const char *s, int32_t *cp, int max)
{
	int n = 0;
	size_t len = strlen(s);
	for (size_t i = 0; i < len && n < max;) {
		utf8proc_ssize_t k = utf8proc_iterate((const uint8_t *)s + i,
						      (utf8proc_ssize_t)(len - i), &cp[n]);
		if (k <= 0)
			break;
		n++;
		i += (size_t)k;
	}
	return n;
}
