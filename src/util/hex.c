#include "util/hex.h"

int hex_digit(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

bool hex_decode(const char *s, size_t n, uint8_t *out)
{
	for (size_t i = 0; i < n; i++) {
		int hi = hex_digit((unsigned char)s[2 * i]);
		int lo = hi < 0 ? -1 : hex_digit((unsigned char)s[2 * i + 1]);
		if (hi < 0 || lo < 0)
			return false;
		out[i] = (uint8_t)(hi << 4 | lo);
	}
	return true;
}

bool hex_all(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (hex_digit((unsigned char)s[i]) < 0)
			return false;
	return true;
}

void hex_encode(const uint8_t *in, size_t n, char *out)
{
	static const char d[] = "0123456789abcdef";
	for (size_t i = 0; i < n; i++) {
		out[2 * i] = d[in[i] >> 4];
		out[2 * i + 1] = d[in[i] & 15];
	}
	out[2 * n] = '\0';
}

void hex_encode_upper(const uint8_t *in, size_t n, char sep, char *out)
{
	static const char d[] = "0123456789ABCDEF";
	char *p = out;
	for (size_t i = 0; i < n; i++) {
		if (i && sep)
			*p++ = sep;
		*p++ = d[in[i] >> 4];
		*p++ = d[in[i] & 15];
	}
	*p = '\0';
}

bool hex_parse_u32(const char *s, uint32_t *out)
{
	if (!s)
		return false;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		s += 2;
	if (!*s)
		return false;
	uint64_t v = 0;
	for (; *s; s++) {
		int h = hex_digit((unsigned char)*s);
		if (h < 0)
			return false;
		v = v << 4 | (uint64_t)h;
		if (v > UINT32_MAX)
			return false;
	}
	*out = (uint32_t)v;
	return true;
}
