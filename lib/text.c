/*
 * text.c - stage 2: turn the bytes of a title and a body into the document
 * text and its matching form.
 *
 * px_text_prepare() builds doc->text = title + "\n\n" + body where
 *   - invalid UTF-8 (bad lead/continuation bytes, overlong forms, surrogates,
 *     code points above U+10FFFF, truncated sequences) becomes U+FFFD, one
 *     per offending byte, counted in doc->invalid_bytes;
 *   - CRLF and CR become LF, U+2028 becomes LF and U+2029 a blank line;
 *   - NUL, C0 controls other than \n and \t, DEL and C1 controls go;
 *     a leading byte order mark goes;
 *   - the result is in NFC (utf8proc), with a quick check that leaves
 *     ASCII and already-composed text untouched, so the common case costs
 *     one pass over the bytes;
 *   - the title has its line breaks and tabs turned to spaces and is
 *     trimmed; an empty title counts as no title.
 * Then it builds the matching form (doc->fold) and, for every byte of it,
 * the offset in doc->text of the character it came from (doc->fold_map).
 *
 * The matching form: case folding (Unicode full case folding, so "ß" ->
 * "ss" and "İ" -> "i̇"), single quotes/primes/backtick -> ', double quotes,
 * guillemets and CJK corner brackets -> ", dashes and minus -> -, every
 * Unicode space and tab -> ' ', soft hyphen and zero-width characters
 * dropped. Newlines stay. fold_char() holds that logic once; px_fold() and
 * the document fold both use it.
 *
 * Guarantees: never reads outside the given ranges, any byte sequence is
 * accepted, all output is valid UTF-8 and arena-owned, offsets fit uint32
 * (larger texts get PX_ERR_TOOBIG).
 */
#include "internal.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#define REPLACEMENT 0xFFFD

/* ------------------------------------------------------------ UTF-8 */

/* Decode one code point at s[0..len). Returns its length (1..4) and sets
 * *cp; an invalid sequence (including overlong forms, surrogates, values
 * above U+10FFFF and a sequence cut short by len) returns 1 with *cp = -1,
 * so the caller can replace exactly one byte and go on. */
int px_utf8_decode(const unsigned char *s, size_t len, int32_t *cp)
{
    unsigned c = s[0];
    if (c < 0x80) {
        *cp = (int32_t)c;
        return 1;
    }
    int n;
    int32_t v, min;
    if (c >= 0xC2 && c <= 0xDF) {
        n = 2; v = c & 0x1F; min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3; v = c & 0x0F; min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4; v = c & 0x07; min = 0x10000;
    } else {
        *cp = -1;   /* continuation byte, C0/C1 overlong lead, F5..FF */
        return 1;
    }
    if (len < (size_t)n) {
        *cp = -1;
        return 1;
    }
    for (int i = 1; i < n; i++) {
        unsigned b = s[i];
        if ((b & 0xC0) != 0x80) {
            *cp = -1;
            return 1;
        }
        v = (v << 6) | (int32_t)(b & 0x3F);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) {
        *cp = -1;
        return 1;
    }
    *cp = v;
    return n;
}

/* Encode cp into out (>= 4 bytes) and return the length. A value that is
 * not a Unicode scalar value (negative, a surrogate, > U+10FFFF) is encoded
 * as U+FFFD rather than producing invalid UTF-8. */
int px_utf8_encode(int32_t cp, char *out)
{
    unsigned char *o = (unsigned char *)out;
    if (cp < 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        cp = REPLACEMENT;
    if (cp < 0x80) {
        o[0] = (unsigned char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (unsigned char)(0xC0 | (cp >> 6));
        o[1] = (unsigned char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (unsigned char)(0xE0 | (cp >> 12));
        o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (unsigned char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (unsigned char)(0xF0 | (cp >> 18));
    o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
    o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    o[3] = (unsigned char)(0x80 | (cp & 0x3F));
    return 4;
}

/* ------------------------------------------------------------ NFC */

/* Code point ranges no NFC rule touches: CJK ideographs, Hangul
 * syllables, Cyrillic and basic Arabic letters. Checked before the
 * property lookup because they make up whole texts. */
static inline bool nfc_surely_stable(int32_t cp)
{
    return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xAC00 && cp <= 0xD7A3) ||
           (cp >= 0x0400 && cp <= 0x0482) || (cp >= 0x048A && cp <= 0x04FF) ||
           (cp >= 0x0620 && cp <= 0x064A);
}

/* The NFC quick check of UAX #15 for one character: returns true when cp
 * is "Yes" (it cannot change, and no earlier character composes with it),
 * false for "No" (singletons such as the Angstrom sign, composition
 * exclusions, non-starter decompositions) and "Maybe" (characters that
 * compose with what precedes them: combining marks such as U+0301, Indic
 * vowel signs, Hangul vowel and final jamo). Sets *ccc to the canonical
 * combining class; marks out of canonical order are the caller's check.
 * The surprise: most combining marks are "Yes" (Arabic harakat need no
 * work when in order). */
static inline bool nfc_yes(int32_t cp, int *ccc)
{
    *ccc = 0;
    if (cp < 0x300 || nfc_surely_stable(cp)) return true;
    if ((cp >= 0x1160 && cp <= 0x11FF) || (cp >= 0xD7B0 && cp <= 0xD7FF))
        return false;   /* Hangul V and T jamo compose algorithmically */
    const utf8proc_property_t *p = utf8proc_get_property(cp);
    *ccc = p->combining_class;
    if (p->comb_index != UINT16_MAX && (p->comb_index & 0x8000)) return false;
    if (p->decomp_type == 0 && p->decomp_seqindex != UINT16_MAX) {
        if (p->comp_exclusion) return false;
        if (cp >= 0x400 && cp < 0x500) return true;
        /* stable only if decomposing and recomposing gives cp back (not
         * so for singletons and non-starter decompositions) */
        utf8proc_int32_t d[8];
        int bc = 0;
        utf8proc_ssize_t n = utf8proc_decompose_char(cp, d, 8, UTF8PROC_DECOMPOSE, &bc);
        if (n <= 0 || n > 8) return false;
        n = utf8proc_normalize_utf32(d, n, UTF8PROC_COMPOSE | UTF8PROC_STABLE);
        return n == 1 && d[0] == cp;
    }
    return true;
}

/* ------------------------------------------------------------ repair */

/* Copy s[0..len) to out (cap bytes) repaired: invalid bytes -> U+FFFD,
 * CRLF/CR -> LF, U+2028 -> LF, U+2029 -> LF LF, NUL/C0 (but \n, \t)/DEL/C1
 * removed. Adds the number of invalid bytes to *invalid and sets *need_nfc
 * when a character that NFC may change is seen. Unchanged stretches are
 * copied in one piece. Returns the length written, or SIZE_MAX when cap is
 * too small (only possible when invalid bytes grow 1 -> 3, so cap >= len
 * always suffices for valid input). */
static size_t repair(const unsigned char *s, size_t len, char *out, size_t cap,
                     uint64_t *invalid, bool *need_nfc)
{
    size_t i = 0, o = 0, run = 0;
    bool maybe = false;
    int last_ccc = 0;
#define FLUSH()                                             \
    do {                                                    \
        if (o + (i - run) > cap) return SIZE_MAX;           \
        if (i > run) memcpy(out + o, s + run, i - run);     \
        o += i - run;                                       \
    } while (0)
    while (i < len) {
        /* skip 8 printable ASCII bytes at a time */
        while (i + 8 <= len) {
            uint64_t x;
            memcpy(&x, s + i, 8);
            const uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
            uint64_t below = (x - ones * 0x20) & ~x & highs;     /* byte < 0x20 */
            uint64_t above = ((x + ones * (127 - 0x7E)) | x) & highs; /* byte > 0x7E */
            if (below | above) break;
            i += 8;
            last_ccc = 0;
        }
        if (i >= len) break;
        unsigned c = s[i];
        if (c < 0x80) last_ccc = 0;
        if (c >= 0x20 && c < 0x7F) {
            i++;
            continue;
        }
        if (c < 0x80) {
            if (c == '\n' || c == '\t') {
                i++;
                continue;
            }
            FLUSH();
            if (c == '\r') {
                if (o + 1 > cap) return SIZE_MAX;
                out[o++] = '\n';
                i += (i + 1 < len && s[i + 1] == '\n') ? 2 : 1;
            } else {
                i++;   /* NUL, other C0, DEL: dropped */
            }
            run = i;
            continue;
        }
        int32_t cp;
        int n = px_utf8_decode(s + i, len - i, &cp);
        if (cp >= 0xA0 && cp != 0x2028 && cp != 0x2029 && !(cp == 0xFEFF && i == 0)) {
            if (!maybe && cp >= 0x300) {
                int ccc;
                if (!nfc_yes(cp, &ccc) || (ccc && last_ccc > ccc)) maybe = true;
                last_ccc = ccc;
            } else {
                last_ccc = 0;
            }
            i += (size_t)n;
            continue;
        }
        FLUSH();
        if (cp < 0) {
            if (o + 3 > cap) return SIZE_MAX;
            memcpy(out + o, "\xEF\xBF\xBD", 3);
            o += 3;
            (*invalid)++;
        } else if (cp == 0x2028 || cp == 0x2029) {
            size_t k = cp == 0x2028 ? 1 : 2;
            if (o + k > cap) return SIZE_MAX;
            memset(out + o, '\n', k);
            o += k;
        }
        /* else C1 control or leading byte order mark: dropped */
        i += (size_t)n;
        run = i;
    }
    FLUSH();
#undef FLUSH
    if (maybe) *need_nfc = true;
    return o;
}

/* Append the NFC form of the valid UTF-8 s[0..len) to out, using *u32 (of
 * *u32cap elements, malloc'd, grown as needed) as scratch. Returns false on
 * no memory; a utf8proc failure (which valid input does not cause) copies
 * the segment unchanged. */
static bool nfc_segment(const char *s, size_t len, px_buf *out,
                        utf8proc_int32_t **u32, size_t *u32cap)
{
    for (;;) {
        utf8proc_ssize_t n = utf8proc_decompose((const utf8proc_uint8_t *)s,
                                                (utf8proc_ssize_t)len, *u32,
                                                (utf8proc_ssize_t)*u32cap,
                                                UTF8PROC_COMPOSE | UTF8PROC_STABLE);
        if (n < 0) return px_buf_append(out, s, len);
        if ((size_t)n > *u32cap) {
            void *p = *u32;
            if (!px_grow(&p, u32cap, (size_t)n, sizeof **u32)) return false;
            *u32 = p;
            continue;
        }
        n = utf8proc_normalize_utf32(*u32, n, UTF8PROC_COMPOSE | UTF8PROC_STABLE);
        if (n < 0) return px_buf_append(out, s, len);
        if (!px_buf_reserve(out, (size_t)n * 4)) return false;
        for (utf8proc_ssize_t k = 0; k < n; k++)
            out->len += (size_t)px_utf8_encode((*u32)[k], out->data + out->len);
        out->data[out->len] = '\0';
        return true;
    }
}

/* NFC-normalise the valid UTF-8 s[0..len). Returns 0 when s is already
 * NFC (nothing written), 1 when out holds the normalised text, -1 on no
 * memory. Only the segments around characters that may change are passed
 * to utf8proc; everything else is copied. */
static int nfc(const char *s, size_t len, px_buf *out)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0, starter = 0, copied = 0;
    size_t seg = SIZE_MAX;   /* start of the segment being collected */
    int last_ccc = 0;
    bool changed = false;
    utf8proc_int32_t *u32 = NULL;
    size_t u32cap = 0;
    int rc = 0;

    while (i <= len) {
        int32_t cp = 0;
        int n = 1, ccc = 0;
        bool yes = true;
        if (i < len && u[i] >= 0x80) {
            n = px_utf8_decode(u + i, len - i, &cp);
            if (cp >= 0) yes = nfc_yes(cp, &ccc);
            if (ccc && last_ccc > ccc) yes = false;
        }
        if (!yes) {
            if (seg == SIZE_MAX) seg = starter;
        } else if (seg != SIZE_MAX && ccc == 0) {
            /* segment [seg, i) ends before this stable starter */
            if (!changed) {
                changed = true;
                if (!px_buf_reserve(out, len + 16)) goto nomem;
            }
            if (!px_buf_append(out, s + copied, seg - copied)) goto nomem;
            if (!nfc_segment(s + seg, i - seg, out, &u32, &u32cap)) goto nomem;
            copied = i;
            seg = SIZE_MAX;
        }
        if (i == len) break;
        if (ccc == 0) starter = i;
        last_ccc = ccc;
        i += (size_t)n;
    }
    if (changed) {
        if (!px_buf_append(out, s + copied, len - copied)) goto nomem;
        rc = 1;
    }
    free(u32);
    return rc;
nomem:
    free(u32);
    return -1;
}

/* ------------------------------------------------------------ folding */

/* The matching form of each ASCII byte: lower case, backtick -> ',
 * tab -> space. */
static const char ascii_fold[128] = {
    0, 1, 2, 3, 4, 5, 6, 7, 8, ' ', 10, 11, 12, 13, 14, 15,
    16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31,
    ' ', '!', '"', '#', '$', '%', '&', '\'', '(', ')', '*', '+', ',', '-', '.', '/',
    '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', ':', ';', '<', '=', '>', '?',
    '@', 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o',
    'p', 'q', 'r', 's', 't', 'u', 'v', 'w', 'x', 'y', 'z', '[', '\\', ']', '^', '_',
    '\'', 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o',
    'p', 'q', 'r', 's', 't', 'u', 'v', 'w', 'x', 'y', 'z', '{', '|', '}', '~', 127,
};

/* The matching form of one character cp (whose bytes are src[0..n)) into
 * out (>= 64 bytes). Returns the number of bytes written, 0 when the
 * character is dropped. Case folding is Unicode full folding, so one
 * character may become several ("ß" -> "ss"). */
static int fold_char(int32_t cp, const char *src, int n, char *out)
{
    if (cp >= 0 && cp < 0x80) {
        out[0] = ascii_fold[cp];
        return 1;
    }
    switch (cp) {
    case 0x2018: case 0x2019: case 0x201A: case 0x201B: case 0x2032:
    case 0x2035: case 0x2039: case 0x203A: case 0xFF07:
        out[0] = '\'';
        return 1;
    case 0x201C: case 0x201D: case 0x201E: case 0x201F: case 0x00AB:
    case 0x00BB: case 0x2033: case 0x2036: case 0x300C: case 0x300D:
    case 0x300E: case 0x300F: case 0x301D: case 0x301E: case 0x301F:
    case 0xFF02:
        out[0] = '"';
        return 1;
    case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2014:
    case 0x2015: case 0x2212: case 0xFE58: case 0xFE63: case 0xFF0D:
        out[0] = '-';
        return 1;
    case 0x00A0: case 0x1680: case 0x202F: case 0x205F: case 0x3000:
    case 0x2028: case 0x2029:
        out[0] = ' ';
        return 1;
    case 0x00AD: case 0x180E: case 0x200B: case 0x200C: case 0x200D:
    case 0x2060: case 0x2061: case 0x2062: case 0x2063: case 0x2064:
    case 0xFEFF:
        return 0;
    default:
        break;
    }
    if (cp >= 0x2000 && cp <= 0x200A) {
        out[0] = ' ';
        return 1;
    }
    if (cp < 0) return px_utf8_encode(REPLACEMENT, out);
    /* caseless scripts that make up whole texts: Hebrew, Arabic, Syriac,
     * Thaana, N'Ko, Indic; kana and CJK; Hangul syllables */
    if ((cp >= 0x0590 && cp < 0x0900) || (cp >= 0x3040 && cp <= 0x9FFF) ||
        (cp >= 0xAC00 && cp <= 0xD7A3) ||
        utf8proc_get_property(cp)->casefold_seqindex == UINT16_MAX) {
        for (int j = 0; j < n; j++) out[j] = src[j];
        return n;
    }
    utf8proc_int32_t d[16];
    int bc = 0;
    utf8proc_ssize_t k = utf8proc_decompose_char(cp, d, 16, UTF8PROC_CASEFOLD, &bc);
    if (k <= 0 || k > 16) {
        memcpy(out, src, (size_t)n);
        return n;
    }
    int o = 0;
    for (utf8proc_ssize_t j = 0; j < k; j++) o += px_utf8_encode(d[j], out + o);
    return o;
}

/* Append the matching form of s[0..len) to out. s should be valid UTF-8;
 * an invalid byte folds to U+FFFD. Returns false on no memory. */
bool px_fold(const char *s, size_t len, px_buf *out)
{
    const unsigned char *u = (const unsigned char *)s;
    if (!px_buf_reserve(out, len)) return false;
    size_t i = 0;
    while (i < len) {
        /* room for the most one character folds to (64 bytes) and the NUL,
         * so fold_char writes straight into the buffer */
        if (out->cap - out->len < 65 && !px_buf_reserve(out, 64)) return false;
        int32_t cp;
        int n = u[i] < 0x80 ? (cp = u[i], 1) : px_utf8_decode(u + i, len - i, &cp);
        out->len += (size_t)fold_char(cp, s + i, n, out->data + out->len);
        i += (size_t)n;
    }
    out->data[out->len] = '\0';
    return true;
}

/* Fold the ASCII run ui[0..rl) into fo, mapping each byte to text offset
 * base + its index in mo: branch-free, in blocks of 16 with a fixed inner
 * count and one store per loop, restrict parameters and not inlined (the
 * compiler keeps restrict only for a function's own parameters), so that
 * it is vectorised at -O2; the same mapping as ascii_fold[]. */
__attribute__((noinline)) static void fold_ascii(char *restrict fo, uint32_t *restrict mo,
                                                 const unsigned char *restrict ui, size_t rl,
                                                 uint32_t base)
{
#define FOLD_ASCII(k)                                                      \
    do {                                                                   \
        unsigned char c = ui[k];                                           \
        c = (unsigned char)(c - 'A') < 26 ? (unsigned char)(c + 32) : c;   \
        c = c == '`' ? '\'' : c;                                           \
        c = c == '\t' ? ' ' : c;                                           \
        fo[k] = (char)c;                                                   \
    } while (0)
    size_t k = 0;
    for (; k + 16 <= rl; k += 16) {
        for (size_t q = 0; q < 16; q++) FOLD_ASCII(k + q);
        for (size_t q = 0; q < 16; q++) mo[k + q] = base + (uint32_t)(k + q);
    }
    for (; k < rl; k++) {
        FOLD_ASCII(k);
        mo[k] = base + (uint32_t)k;
    }
#undef FOLD_ASCII
}

/* Build doc->fold and doc->fold_map over all of doc->text. The fold is
 * first written into buffers sized for the common case (no growth plus a
 * little); only text that grows a lot under case folding (ß, ΐ, ligatures)
 * takes a second, worst-case-sized attempt. */
static px_status build_fold(px_doc *doc, px_error *err)
{
    const char *t = doc->text;
    const unsigned char *u = (const unsigned char *)t;
    size_t len = doc->text_len;
    size_t cap = len + len / 8 + 16;
    for (int attempt = 0; attempt < 2; attempt++) {
        if (attempt == 1) cap = len * 3 + 16;   /* a character grows <= 3x */
        if (cap > UINT32_MAX) return px_fail(err, PX_ERR_TOOBIG, doc->file, doc->offset,
                                             "text too large to fold");
        char *f = px_arena_alloc(&doc->arena, cap + 1);
        uint32_t *map = px_arena_alloc(&doc->arena, (cap + 1) * sizeof *map);
        if (!f || !map) return px_fail(err, PX_ERR_NOMEM, doc->file, doc->offset,
                                       "out of memory folding text");
        size_t i = 0, o = 0;
        bool full = false;
        while (i < len) {
            if (u[i] < 0x80) {
                /* an ASCII run: one byte in, one byte out */
                size_t e = i + 1;
                while (e + 8 <= len) {
                    uint64_t x;
                    memcpy(&x, u + e, 8);
                    if (x & 0x8080808080808080ull) break;
                    e += 8;
                }
                while (e < len && u[e] < 0x80) e++;
                if (o + (e - i) > cap) { full = true; break; }
                fold_ascii(f + o, map + o, u + i, e - i, (uint32_t)i);
                o += e - i;
                i = e;
                continue;
            }
            if (u[i] >= 0xD7 && u[i] <= 0xDF && i + 1 < len && (u[i + 1] & 0xC0) == 0x80) {
                /* U+05C0..U+07FF (Hebrew, Arabic, Syriac, Thaana, N'Ko):
                 * caseless, copied as they are */
                if (o + 2 > cap) { full = true; break; }
                f[o] = (char)u[i];
                f[o + 1] = (char)u[i + 1];
                map[o] = map[o + 1] = (uint32_t)i;
                o += 2;
                i += 2;
                continue;
            }
            char tmp[64];
            int32_t cp;
            int n = px_utf8_decode(u + i, len - i, &cp);
            int k = fold_char(cp, t + i, n, tmp);
            if (o + (size_t)k > cap) { full = true; break; }
            for (int j = 0; j < k; j++) {
                f[o + j] = tmp[j];
                map[o + j] = (uint32_t)i;
            }
            o += (size_t)k;
            i += (size_t)n;
        }
        if (full) continue;
        f[o] = '\0';
        map[o] = (uint32_t)len;
        doc->fold = f;
        doc->fold_len = (uint32_t)o;
        doc->fold_map = map;
        return PX_OK;
    }
    return px_fail(err, PX_ERR_TOOBIG, doc->file, doc->offset, "fold overflow");
}

/* ------------------------------------------------------------ prepare */

/* Length of the space character at s[i..len) (ASCII space/tab/newline or
 * a Unicode space such as NBSP or U+3000), or 0 when s[i] is not one. */
static int space_len(const unsigned char *s, size_t i, size_t len)
{
    unsigned c = s[i];
    if (c == ' ' || c == '\t' || c == '\n') return 1;
    if (c < 0x80) return 0;
    int32_t cp;
    int n = px_utf8_decode(s + i, len - i, &cp);
    if (cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200B) ||
        cp == 0x202F || cp == 0x205F || cp == 0x3000 || cp == 0xFEFF)
        return n;
    return 0;
}

/* Turn line breaks and tabs in the repaired title t[0..len) into spaces and
 * trim spaces at both ends, in place. Returns the new length. */
static size_t tidy_title(char *t, size_t len)
{
    const unsigned char *u = (const unsigned char *)t;
    for (size_t i = 0; i < len; i++)
        if (t[i] == '\n' || t[i] == '\t') t[i] = ' ';
    size_t a = 0;
    while (a < len) {
        int n = space_len(u, a, len);
        if (!n) break;
        a += (size_t)n;
    }
    size_t b = len;
    while (b > a) {
        /* step back one character and test it */
        size_t p = b - 1;
        while (p > a && (u[p] & 0xC0) == 0x80) p--;
        int n = space_len(u, p, b);
        if (n == 0 || p + (size_t)n != b) break;
        b = p;
    }
    if (a) memmove(t, t + a, b - a);
    return b - a;
}

/* Build doc->text, spans, title and the fold from the raw title and body.
 * Returns PX_OK, PX_ERR_TOOBIG when the text cannot be addressed with
 * 32-bit offsets, PX_ERR_NOMEM. Empty input is fine: the text is then ""
 * (the caller decides whether an empty article is an error). */
px_status px_text_prepare(px_doc *doc, const char *title, size_t title_len,
                          const char *body, size_t body_len, px_error *err)
{
    if (!doc) return px_fail(err, PX_ERR_ARG, NULL, PX_NO_OFFSET, "no document");
    if (!title) title_len = 0;
    if (!body) body_len = 0;
    const uint64_t limit = (uint64_t)UINT32_MAX - 16;
    if ((uint64_t)title_len > limit || (uint64_t)body_len > limit ||
        (uint64_t)title_len + body_len + 2 > limit)
        return px_fail(err, PX_ERR_TOOBIG, doc->file, doc->offset,
                       "text of %zu bytes exceeds 4 GiB", title_len + body_len);

    uint64_t invalid = 0;
    bool need_nfc = false;
    char *buf = NULL;
    size_t tl = 0, bl = 0, total = 0;
    /* first attempt: as long as the input (enough unless invalid bytes
     * grow to U+FFFD); second: worst case, 3 bytes per input byte */
    for (int attempt = 0; attempt < 2; attempt++) {
        uint64_t tcap = attempt ? (uint64_t)title_len * 3 : title_len;
        uint64_t bcap = attempt ? (uint64_t)body_len * 3 : body_len;
        if (tcap + bcap + 2 > limit) {
            tcap = PX_MIN(tcap, limit);
            bcap = PX_MIN(bcap, limit - PX_MIN(tcap, limit));
            if (tcap + bcap + 2 > limit)
                return px_fail(err, PX_ERR_TOOBIG, doc->file, doc->offset,
                               "repaired text exceeds 4 GiB");
        }
        buf = px_arena_alloc(&doc->arena, (size_t)(tcap + bcap + 3));
        if (!buf) return px_fail(err, PX_ERR_NOMEM, doc->file, doc->offset,
                                 "out of memory preparing text");
        invalid = 0;
        need_nfc = false;
        tl = title_len ? repair((const unsigned char *)title, title_len, buf,
                                (size_t)tcap, &invalid, &need_nfc) : 0;
        if (tl == SIZE_MAX) continue;
        tl = tidy_title(buf, tl);
        size_t at = tl ? tl + 2 : 0;
        bl = body_len ? repair((const unsigned char *)body, body_len, buf + at,
                               (size_t)(tcap + bcap + 2 - at), &invalid, &need_nfc) : 0;
        if (bl == SIZE_MAX) {
            if (attempt == 1)
                return px_fail(err, PX_ERR_TOOBIG, doc->file, doc->offset,
                               "repaired text exceeds 4 GiB");
            continue;
        }
        if (tl) buf[tl] = buf[tl + 1] = '\n';
        total = at + bl;
        buf[total] = '\0';
        break;
    }
    if (invalid > UINT32_MAX) invalid = UINT32_MAX;

    if (need_nfc) {
        px_buf nb = {0};
        /* normalise title and body separately: the title length may change */
        size_t ntl = tl;
        int r = tl ? nfc(buf, tl, &nb) : 0;
        if (r < 0) goto nomem;
        if (r == 1) ntl = tidy_title(nb.data, nb.len);
        px_buf bb = {0};
        size_t at = tl ? tl + 2 : 0;
        int rb = nfc(buf + at, bl, &bb);
        if (rb < 0) {
            px_buf_free(&nb);
            goto nomem;
        }
        if (r == 1 || rb == 1) {
            size_t nbl = rb == 1 ? bb.len : bl;
            size_t nat = ntl ? ntl + 2 : 0;
            if ((uint64_t)nat + nbl > limit) {
                px_buf_free(&nb);
                px_buf_free(&bb);
                return px_fail(err, PX_ERR_TOOBIG, doc->file, doc->offset,
                               "normalised text exceeds 4 GiB");
            }
            char *nbuf = px_arena_alloc(&doc->arena, nat + nbl + 1);
            if (!nbuf) {
                px_buf_free(&nb);
                px_buf_free(&bb);
                goto nomem;
            }
            if (ntl) {
                memcpy(nbuf, r == 1 ? nb.data : buf, ntl);
                nbuf[ntl] = nbuf[ntl + 1] = '\n';
            }
            if (nbl) memcpy(nbuf + nat, rb == 1 ? bb.data : buf + at, nbl);
            nbuf[nat + nbl] = '\0';
            buf = nbuf;
            tl = ntl;
            bl = nbl;
            total = nat + nbl;
        }
        px_buf_free(&nb);
        px_buf_free(&bb);
    }

    doc->text = buf;
    doc->text_len = (uint32_t)total;
    doc->invalid_bytes = (uint32_t)invalid;
    if (tl) {
        doc->title_span = (px_span){0, (uint32_t)tl};
        doc->body_span = (px_span){(uint32_t)tl + 2, (uint32_t)total};
        doc->title = px_arena_strndup(&doc->arena, buf, tl);
        if (!doc->title) goto nomem;
    } else {
        doc->title_span = (px_span){0, 0};
        doc->body_span = (px_span){0, (uint32_t)total};
    }
    return build_fold(doc, err);
nomem:
    return px_fail(err, PX_ERR_NOMEM, doc->file, doc->offset, "out of memory preparing text");
}
