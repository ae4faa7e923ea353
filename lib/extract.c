/*
 * extract.c - find the article in a web page.
 *
 * px_extract_html() takes a page as found (any bytes, any charset), turns
 * it into UTF-8, parses it with libxml2's forgiving HTML parser and fills a
 * px_extracted: the article text (paragraphs separated by one blank line,
 * headings and list items as paragraphs of their own) and what the page says
 * about itself (title, date, canonical URL, source, byline, language).
 *
 * How the article is found (after Readability, boilerpipe and trafilatura):
 *   0. The charset comes from a BOM, the caller's hint (HTTP header), the
 *      page's <meta>, else detection (valid UTF-8, else windows-1252);
 *      iconv converts. Script and style bodies (JSON-LD kept) and comments
 *      are cut before parsing: libxml2 is slow on them and they hold no text.
 *   1. Every element gets a record (struct xnode) in document order with its
 *      subtree's text and link-text length, commas, prose (text of real
 *      paragraphs), paragraph/list/image counts, and class/id/tag/role hints:
 *      furniture (nav, footer, share, related, comments, cookie and
 *      newsletter banners, captions, ...; "strong" words that no amount of
 *      prose excuses, "weak" ones that a real paragraph overrides) or content
 *      (article, content, story, post, entry, body, ...). script, style, form
 *      controls, iframes and hidden elements get no record at all.
 *   2. Paragraph-like blocks outside furniture score by length and commas;
 *      the score flows to their ancestors (halving per level), is damped by
 *      link density, and the best container wins; it grows to the article's
 *      own wrapper when that adds only a lead or subheads. itemprop=
 *      articleBody wins outright when it holds real text. Siblings that
 *      score well or read like prose join it. When all that yields under 250
 *      characters, the search runs again with class hints off.
 *   3. The winners' text is written out, leaving behind furniture,
 *      link-heavy lists and blocks, teaser cards (a linked headline over a
 *      blurb), figures and captions, link-only and "Read more: <link>"
 *      paragraphs, and a heading that repeats the title.
 *   4. JSON-LD (NewsArticle and friends, also inside @graph or arrays) gives
 *      headline, date, author, publisher and articleBody; articleBody
 *      replaces the DOM result when that result is under half its length.
 *
 * Guarantees: never reads outside the input, whatever the bytes; output
 * strings are valid UTF-8 (invalid input bytes become U+FFFD, NUL and other
 * C0 controls but tab/newline are removed, soft hyphens and zero-width
 * spaces are dropped from the body); all output lives in the caller's
 * arena; scratch memory is freed before returning. No global mutable state:
 * the only process-wide call is xmlInitParser(), which libxml2 makes
 * idempotent and safe to call from several threads (it runs its one-time
 * initialisation under its own lock); everything else is per call, so
 * px_extract_html() may run on several threads at once. Not the business
 * of this file: furniture lines inside the article text (clean.c).
 */
#include "internal.h"

#include <ctype.h>
#include <errno.h>
#include <iconv.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

/* ================================================================ charset */

/* Lower-case ASCII copy of s[0..n) into out (cap bytes), trimmed of spaces
 * and quotes. Returns the length written (0 when nothing usable). */
static size_t label_copy(const char *s, size_t n, char *out, size_t cap)
{
    while (n && (isspace((unsigned char)*s) || *s == '"' || *s == '\'')) s++, n--;
    while (n && (isspace((unsigned char)s[n - 1]) || s[n - 1] == '"' ||
                 s[n - 1] == '\'' || s[n - 1] == ';'))
        n--;
    if (n == 0 || n >= cap) return 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x21 || c > 0x7e) return 0;
        out[i] = (char)tolower(c);
    }
    out[n] = '\0';
    return n;
}

/* Map a charset label (lower case) to the name iconv knows, following the
 * WHATWG Encoding Standard where labels are aliases of a superset
 * (latin1 and ascii are windows-1252, gb2312 is gb18030, euc-kr is cp949,
 * shift_jis is windows-31j). Returns a static string, "UTF-8" for UTF-8,
 * or NULL for a label it does not know (the caller then tries iconv with
 * the label as given). from_meta: a <meta> cannot declare UTF-16 (the
 * bytes it was read in prove it is ASCII-compatible), so it means UTF-8. */
static const char *charset_canon(const char *l, bool from_meta)
{
    static const struct { const char *label, *name; } map[] = {
        {"utf-8", "UTF-8"}, {"utf8", "UTF-8"}, {"unicode-1-1-utf-8", "UTF-8"},
        {"x-unicode20utf8", "UTF-8"},
        {"us-ascii", "CP1252"}, {"ascii", "CP1252"}, {"iso-8859-1", "CP1252"},
        {"iso8859-1", "CP1252"}, {"iso_8859-1", "CP1252"}, {"latin1", "CP1252"},
        {"latin-1", "CP1252"}, {"l1", "CP1252"}, {"cp819", "CP1252"},
        {"windows-1252", "CP1252"}, {"cp1252", "CP1252"}, {"x-cp1252", "CP1252"},
        {"iso-8859-15", "ISO-8859-15"}, {"latin9", "ISO-8859-15"},
        {"iso-8859-9", "CP1254"}, {"latin5", "CP1254"}, {"iso-8859-11", "CP874"},
        {"tis-620", "CP874"}, {"windows-874", "CP874"},
        {"gb2312", "GB18030"}, {"gbk", "GB18030"}, {"gb18030", "GB18030"},
        {"x-gbk", "GB18030"}, {"cp936", "GB18030"}, {"euc-cn", "GB18030"},
        {"csgb2312", "GB18030"}, {"chinese", "GB18030"}, {"gb_2312-80", "GB18030"},
        {"big5", "BIG5-HKSCS"}, {"big5-hkscs", "BIG5-HKSCS"}, {"x-x-big5", "BIG5-HKSCS"},
        {"cn-big5", "BIG5-HKSCS"},
        {"shift_jis", "CP932"}, {"shift-jis", "CP932"}, {"sjis", "CP932"},
        {"x-sjis", "CP932"}, {"ms_kanji", "CP932"}, {"windows-31j", "CP932"},
        {"cp932", "CP932"}, {"csshiftjis", "CP932"},
        {"euc-jp", "EUC-JP"}, {"x-euc-jp", "EUC-JP"}, {"iso-2022-jp", "ISO-2022-JP"},
        {"euc-kr", "CP949"}, {"ks_c_5601-1987", "CP949"}, {"cp949", "CP949"},
        {"windows-949", "CP949"}, {"korean", "CP949"}, {"ksc5601", "CP949"},
        {"koi8-r", "KOI8-R"}, {"koi8r", "KOI8-R"}, {"koi8-u", "KOI8-U"},
        {"windows-1250", "CP1250"}, {"windows-1251", "CP1251"},
        {"windows-1253", "CP1253"}, {"windows-1254", "CP1254"},
        {"windows-1255", "CP1255"}, {"windows-1256", "CP1256"},
        {"windows-1257", "CP1257"}, {"windows-1258", "CP1258"},
        {"cp1250", "CP1250"}, {"cp1251", "CP1251"}, {"cp1253", "CP1253"},
        {"cp1254", "CP1254"}, {"cp1255", "CP1255"}, {"cp1256", "CP1256"},
        {"cp1257", "CP1257"}, {"cp1258", "CP1258"}, {"x-cp1251", "CP1251"},
        {"x-cp1250", "CP1250"},
        {"iso-8859-2", "ISO-8859-2"}, {"iso-8859-3", "ISO-8859-3"},
        {"iso-8859-4", "ISO-8859-4"}, {"iso-8859-5", "ISO-8859-5"},
        {"iso-8859-6", "ISO-8859-6"}, {"iso-8859-7", "ISO-8859-7"},
        {"iso-8859-8", "ISO-8859-8"}, {"iso-8859-8-i", "ISO-8859-8"},
        {"iso-8859-10", "ISO-8859-10"}, {"iso-8859-13", "ISO-8859-13"},
        {"iso-8859-14", "ISO-8859-14"}, {"iso-8859-16", "ISO-8859-16"},
        {"latin2", "ISO-8859-2"}, {"macintosh", "MACINTOSH"}, {"x-mac-roman", "MACINTOSH"},
        {"utf-16", "UTF-16LE"}, {"utf-16le", "UTF-16LE"}, {"utf-16be", "UTF-16BE"},
    };
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (strcmp(map[i].label, l) == 0) {
            if (from_meta && strncmp(map[i].name, "UTF-16", 6) == 0) return "UTF-8";
            return map[i].name;
        }
    return NULL;
}

/* Is the iconv name a single-byte charset (where valid multi-byte UTF-8 in
 * the bytes is a sign that the declaration is wrong)? */
static bool charset_single_byte(const char *name)
{
    return strncmp(name, "CP125", 5) == 0 || strncmp(name, "ISO-8859", 8) == 0 ||
           strncmp(name, "KOI8", 4) == 0 || strcmp(name, "CP874") == 0 ||
           strcmp(name, "MACINTOSH") == 0;
}

/* Length of the valid UTF-8 sequence at s[0..n), or 0 when it is invalid
 * (overlong forms, surrogates and code points above U+10FFFF are invalid). */
static int utf8_seq(const unsigned char *s, size_t n)
{
    int32_t cp;
    int k = px_utf8_decode(s, n, &cp);
    return cp < 0 ? 0 : k;
}

/* Count valid multi-byte sequences, invalid bytes and the control bytes
 * that utf8_repair drops in s[0..n). */
static void utf8_stats(const unsigned char *s, size_t n, size_t *multi, size_t *bad,
                       size_t *ctrl)
{
    *multi = *bad = *ctrl = 0;
    size_t i = 0;
    while (i < n) {
        if (s[i] < 0x80) {
            if (s[i] < 0x20 && s[i] != '\t' && s[i] != '\n' && s[i] != '\r' && s[i] != '\f')
                (*ctrl)++;
            i++;
            continue;
        }
        int k = utf8_seq(s + i, n - i);
        if (k) { (*multi)++; i += k; }
        else { (*bad)++; i++; }
    }
}

/* Append s[0..n) to out as clean UTF-8: invalid sequences become U+FFFD,
 * NUL and C0 controls other than tab, newline, CR and form feed are
 * dropped (libxml2 would stop at a NUL). Returns false on no memory. */
static bool utf8_repair(px_buf *out, const unsigned char *s, size_t n)
{
    if (!px_buf_reserve(out, n + n / 8 + 16)) return false;
    size_t i = 0;
    while (i < n) {
        size_t j = i;
        while (j < n && s[j] >= 0x20 && s[j] < 0x80) j++;
        if (j > i && !px_buf_append(out, s + i, j - i)) return false;
        i = j;
        if (i >= n) break;
        unsigned c = s[i];
        if (c < 0x80) {
            if ((c == '\t' || c == '\n' || c == '\r' || c == '\f') && !px_buf_putc(out, (char)c))
                return false;
            i++;
            continue;
        }
        int k = utf8_seq(s + i, n - i);
        if (k) {
            if (!px_buf_append(out, s + i, k)) return false;
            i += k;
        } else {
            if (!px_buf_append(out, "\xEF\xBF\xBD", 3)) return false;
            i++;
        }
    }
    return true;
}

/* Convert s[0..n) from charset cs (an iconv name) to clean UTF-8 in out.
 * A byte iconv cannot convert becomes U+FFFD and conversion goes on after
 * it. Returns false when iconv does not know cs (out untouched) or on no
 * memory. */
static bool iconv_to_utf8(px_buf *out, const char *s, size_t n, const char *cs,
                          bool *nomem)
{
    iconv_t cd = iconv_open("UTF-8", cs);
    if (cd == (iconv_t)-1) return false;
    px_buf tmp = {0};
    bool ok = true;
    char *in = (char *)s;
    size_t inleft = n;
    while (inleft > 0) {
        if (!px_buf_reserve(&tmp, inleft * 2 + 64)) { ok = false; break; }
        char *o = tmp.data + tmp.len;
        size_t oleft = tmp.cap - tmp.len - 1;
        size_t r = iconv(cd, &in, &inleft, &o, &oleft);
        tmp.len = (size_t)(o - tmp.data);
        if (r == (size_t)-1) {
            if (errno == E2BIG) continue;
            /* EILSEQ or EINVAL (truncated at the end): skip one byte */
            if (!px_buf_append(&tmp, "\xEF\xBF\xBD", 3)) { ok = false; break; }
            in++;
            inleft--;
            iconv(cd, NULL, NULL, NULL, NULL);
        }
    }
    iconv_close(cd);
    if (ok) ok = utf8_repair(out, (const unsigned char *)tmp.data, tmp.len);
    px_buf_free(&tmp);
    if (!ok) *nomem = true;
    return ok;
}

/* Case-insensitive search for needle (lower case) in h[0..n). */
static const char *memcase(const char *h, size_t n, const char *needle)
{
    size_t m = strlen(needle);
    if (m == 0 || n < m) return NULL;
    for (size_t i = 0; i + m <= n; i++) {
        if (tolower((unsigned char)h[i]) != needle[0]) continue;
        size_t k = 1;
        while (k < m && tolower((unsigned char)h[i + k]) == needle[k]) k++;
        if (k == m) return h + i;
    }
    return NULL;
}

/* Find "charset=" in an attribute value v[0..n) and copy the label that
 * follows into out. Returns its length or 0. */
static size_t charset_param(const char *v, size_t n, char *out, size_t cap)
{
    const char *p = memcase(v, n, "charset");
    if (!p) return 0;
    p += 7;
    const char *e = v + n;
    while (p < e && isspace((unsigned char)*p)) p++;
    if (p >= e || *p != '=') return 0;
    p++;
    while (p < e && (isspace((unsigned char)*p) || *p == '"' || *p == '\'')) p++;
    const char *q = p;
    while (q < e && !isspace((unsigned char)*q) && *q != ';' && *q != '"' && *q != '\'') q++;
    return label_copy(p, (size_t)(q - p), out, cap);
}

/* The charset a page declares in its first 16 KiB: <meta charset=X>,
 * <meta http-equiv=Content-Type content="...; charset=X"> or an XML
 * declaration's encoding. Comments are skipped. Returns the label length
 * (copied lower case into out) or 0. */
static size_t sniff_declared(const char *s, size_t n, char *out, size_t cap)
{
    if (n > 16384) n = 16384;
    const char *e = s + n, *p = s;
    if (n > 5 && memcmp(s, "<?xml", 5) == 0) {
        const char *q = memchr(s, '>', n);
        if (q) {
            const char *enc = memcase(s, (size_t)(q - s), "encoding");
            if (enc) {
                enc += 8;
                while (enc < q && (*enc == '=' || isspace((unsigned char)*enc) ||
                                   *enc == '"' || *enc == '\''))
                    enc++;
                const char *t = enc;
                while (t < q && *t != '"' && *t != '\'' && *t != '?' &&
                       !isspace((unsigned char)*t))
                    t++;
                size_t k = label_copy(enc, (size_t)(t - enc), out, cap);
                if (k) return k;
            }
        }
    }
    while (p < e) {
        const char *lt = memchr(p, '<', (size_t)(e - p));
        if (!lt) break;
        if (e - lt >= 4 && memcmp(lt, "<!--", 4) == 0) {
            const char *end = NULL;
            for (const char *q = lt + 4; q + 3 <= e; q++)
                if (q[0] == '-' && q[1] == '-' && q[2] == '>') { end = q + 3; break; }
            if (!end) break;
            p = end;
            continue;
        }
        if (e - lt < 6 || strncasecmp(lt + 1, "meta", 4) != 0 ||
            !(isspace((unsigned char)lt[5]) || lt[5] == '/')) {
            p = lt + 1;
            continue;
        }
        const char *gt = memchr(lt, '>', (size_t)(e - lt));
        if (!gt) break;
        size_t tl = (size_t)(gt - lt);
        /* <meta charset=X> */
        const char *c = memcase(lt, tl, "charset");
        if (c && c > lt && (isspace((unsigned char)c[-1]) || c[-1] == '"' || c[-1] == '\'' ||
                            c[-1] == '/')) {
            const char *q = c + 7;
            while (q < gt && isspace((unsigned char)*q)) q++;
            if (q < gt && *q == '=') {
                q++;
                while (q < gt && (isspace((unsigned char)*q) || *q == '"' || *q == '\'')) q++;
                const char *t = q;
                while (t < gt && !isspace((unsigned char)*t) && *t != '"' && *t != '\'' &&
                       *t != '/' && *t != ';')
                    t++;
                size_t k = label_copy(q, (size_t)(t - q), out, cap);
                if (k) return k;
            }
        }
        /* <meta http-equiv=content-type content="text/html; charset=X"> */
        if (memcase(lt, tl, "content-type")) {
            size_t k = charset_param(lt, tl, out, cap);
            if (k) return k;
        }
        p = gt + 1;
    }
    return 0;
}

/* Turn the page's bytes into clean UTF-8 in out. The charset is, in
 * order: a BOM, the caller's hint (HTTP header), the page's own
 * declaration, then detection (valid UTF-8, else windows-1252). A declared
 * single-byte charset loses to UTF-8 when the bytes are valid UTF-8 with
 * multi-byte sequences, and a declared UTF-8 loses to windows-1252 when
 * the bytes hold invalid sequences and no valid multi-byte ones: pages lie
 * about their charset more often than such bytes occur by chance.
 * Returns PX_OK or PX_ERR_NOMEM. */
static px_status page_to_utf8(px_buf *out, const char *html, size_t len,
                              const char *hint, const char **text, size_t *text_len)
{
    const unsigned char *u = (const unsigned char *)html;
    const char *cs = NULL;
    size_t skip = 0;
    bool nomem = false;
    char label[64];

    if (len >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) cs = "UTF-8", skip = 3;
    else if (len >= 2 && u[0] == 0xFF && u[1] == 0xFE) cs = "UTF-16LE", skip = 2;
    else if (len >= 2 && u[0] == 0xFE && u[1] == 0xFF) cs = "UTF-16BE", skip = 2;

    const char *declared = NULL, *declared_raw = NULL;
    if (!cs && hint) {
        if (label_copy(hint, strlen(hint), label, sizeof label) ||
            charset_param(hint, strlen(hint), label, sizeof label)) {
            declared = charset_canon(label, false);
            if (!declared) declared_raw = label;
        }
    }
    if (!cs && !declared && !declared_raw) {
        if (sniff_declared(html, len, label, sizeof label)) {
            declared = charset_canon(label, true);
            if (!declared) declared_raw = label;
        }
    }
    size_t multi, bad, ctrl;
    utf8_stats(u, len, &multi, &bad, &ctrl);
    *text = NULL;
    if (!cs) {
        if (declared) {
            cs = declared;
            if (strcmp(cs, "UTF-8") == 0 && bad > 0 && multi == 0) cs = "CP1252";
            else if (charset_single_byte(cs) && bad == 0 && multi >= 4) cs = "UTF-8";
        } else if (declared_raw && !(bad == 0 && multi > 0)) {
            if (iconv_to_utf8(out, html, len, declared_raw, &nomem)) return PX_OK;
            if (nomem) return PX_ERR_NOMEM;
            cs = bad ? "CP1252" : "UTF-8";
        } else {
            cs = bad ? "CP1252" : "UTF-8";
        }
    }
    if (strcmp(cs, "UTF-8") == 0) {
        if (bad == 0 && ctrl == 0) {
            /* clean already: no copy */
            *text = html + skip;
            *text_len = len - skip;
            return PX_OK;
        }
        return utf8_repair(out, u + skip, len - skip) ? PX_OK : PX_ERR_NOMEM;
    }
    if (iconv_to_utf8(out, html + skip, len - skip, cs, &nomem)) return PX_OK;
    if (nomem) return PX_ERR_NOMEM;
    /* iconv without this charset: keep what is valid */
    return utf8_repair(out, u + skip, len - skip) ? PX_OK : PX_ERR_NOMEM;
}

/* ================================================================ pre-parse */

/* Does s[0..n) start with the tag name (lower case, after '<' or "</")
 * followed by a character that ends a tag name? */
static bool tag_at(const char *s, size_t n, const char *name)
{
    size_t m = strlen(name);
    if (n <= m || strncasecmp(s, name, m) != 0) return false;
    char c = s[m];
    return c == '>' || c == '/' || c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/* Copy the page s[0..n) to out without what the finder never reads and
 * libxml2 is slow to scan character by character: the bodies of <script>
 * (JSON-LD kept) and <style> elements, and comments. Tags stay, so the
 * tree keeps its shape. An unterminated script, style or comment runs to
 * the end, as in a browser. Returns false on no memory. */
static bool strip_raw(px_buf *out, const char *s, size_t n)
{
    if (!px_buf_reserve(out, n)) return false;
    char *o = out->data;
    size_t k = 0, i = 0;
    while (i < n) {
        const char *lt = memchr(s + i, '<', n - i);
        size_t j = lt ? (size_t)(lt - s) : n;
        memcpy(o + k, s + i, j - i);
        k += j - i;
        i = j;
        if (i >= n) break;
        const char *t = s + i + 1;
        size_t left = n - i - 1;
        if (left >= 3 && t[0] == '!' && t[1] == '-' && t[2] == '-') {
            const char *end = NULL;
            for (const char *q = t + 3; (q = memchr(q, '-', (size_t)(s + n - q)));) {
                if (s + n - q >= 3 && q[1] == '-' && q[2] == '>') { end = q + 3; break; }
                q++;
            }
            i = end ? (size_t)(end - s) : n;
            continue;
        }
        const char *name = tag_at(t, left, "script") ? "</script"
                           : tag_at(t, left, "style") ? "</style" : NULL;
        if (!name) {
            o[k++] = s[i++];
            continue;
        }
        const char *gt = memchr(t, '>', left);
        if (!gt) { i = n; break; }
        size_t open_end = (size_t)(gt - s) + 1;
        bool keep = name[2] == 's' && name[3] == 'c' &&
                    memcase(s + i, open_end - i, "ld+json") != NULL;
        memcpy(o + k, s + i, open_end - i);
        k += open_end - i;
        i = open_end;
        size_t m = strlen(name), q = i;
        for (;;) {
            const char *p = memchr(s + q, '<', n - q);
            if (!p) { q = n; break; }
            q = (size_t)(p - s);
            if (n - q >= m && strncasecmp(s + q, name, m) == 0) break;
            q++;
        }
        if (keep) {
            memcpy(o + k, s + i, q - i);
            k += q - i;
        }
        i = q;
    }
    out->len = k;
    o[k] = '\0';
    return true;
}

/* ================================================================ tags */

enum {
    T_OTHER = 0, T_A, T_ADDRESS, T_ARTICLE, T_ASIDE, T_AUDIO, T_B, T_BLOCKQUOTE,
    T_BODY, T_BR, T_BUTTON, T_CANVAS, T_CAPTION, T_CENTER, T_CODE, T_DD,
    T_DETAILS, T_DIALOG, T_DIV, T_DL, T_DT, T_EM, T_EMBED, T_FIELDSET,
    T_FIGCAPTION, T_FIGURE, T_FOOTER, T_FORM, T_H1, T_H2, T_H3, T_H4, T_H5,
    T_H6, T_HEAD, T_HEADER, T_HGROUP, T_HR, T_HTML, T_I, T_IFRAME, T_IMG,
    T_INPUT, T_LABEL, T_LEGEND, T_LI, T_LINK, T_MAIN, T_MATH, T_MENU, T_META,
    T_NAV, T_NOSCRIPT, T_OBJECT, T_OL, T_OPTION, T_P, T_PICTURE, T_PRE,
    T_SCRIPT, T_SECTION, T_SELECT, T_SPAN, T_STRONG, T_STYLE, T_SUMMARY,
    T_SVG, T_TABLE, T_TBODY, T_TD, T_TEMPLATE, T_TEXTAREA, T_TFOOT, T_TH,
    T_THEAD, T_TIME, T_TITLE, T_TR, T_UL, T_VIDEO, T_FONT
};

/* The tag code of an element name (libxml2 gives HTML names in lower
 * case). Unknown names are T_OTHER, which behaves as an inline element. */
static int tag_of(const char *n)
{
    static const struct { const char *name; int tag; } tags[] = {
        {"a", T_A}, {"address", T_ADDRESS}, {"article", T_ARTICLE}, {"aside", T_ASIDE},
        {"audio", T_AUDIO}, {"b", T_B}, {"blockquote", T_BLOCKQUOTE}, {"body", T_BODY},
        {"br", T_BR}, {"button", T_BUTTON}, {"canvas", T_CANVAS}, {"caption", T_CAPTION},
        {"center", T_CENTER}, {"code", T_CODE}, {"dd", T_DD}, {"details", T_DETAILS},
        {"dialog", T_DIALOG}, {"div", T_DIV}, {"dl", T_DL}, {"dt", T_DT}, {"em", T_EM},
        {"embed", T_EMBED}, {"fieldset", T_FIELDSET}, {"figcaption", T_FIGCAPTION},
        {"figure", T_FIGURE}, {"font", T_FONT}, {"footer", T_FOOTER}, {"form", T_FORM},
        {"h1", T_H1}, {"h2", T_H2}, {"h3", T_H3}, {"h4", T_H4}, {"h5", T_H5}, {"h6", T_H6},
        {"head", T_HEAD}, {"header", T_HEADER}, {"hgroup", T_HGROUP}, {"hr", T_HR},
        {"html", T_HTML}, {"i", T_I}, {"iframe", T_IFRAME}, {"img", T_IMG},
        {"input", T_INPUT}, {"label", T_LABEL}, {"legend", T_LEGEND}, {"li", T_LI},
        {"link", T_LINK}, {"main", T_MAIN}, {"math", T_MATH}, {"menu", T_MENU},
        {"meta", T_META}, {"nav", T_NAV}, {"noscript", T_NOSCRIPT}, {"object", T_OBJECT},
        {"ol", T_OL}, {"option", T_OPTION}, {"p", T_P}, {"picture", T_PICTURE},
        {"pre", T_PRE}, {"script", T_SCRIPT}, {"section", T_SECTION}, {"select", T_SELECT},
        {"span", T_SPAN}, {"strong", T_STRONG}, {"style", T_STYLE}, {"summary", T_SUMMARY},
        {"svg", T_SVG}, {"table", T_TABLE}, {"tbody", T_TBODY}, {"td", T_TD},
        {"template", T_TEMPLATE}, {"textarea", T_TEXTAREA}, {"tfoot", T_TFOOT},
        {"th", T_TH}, {"thead", T_THEAD}, {"time", T_TIME}, {"title", T_TITLE},
        {"tr", T_TR}, {"ul", T_UL}, {"video", T_VIDEO},
    };
    size_t lo = 0, hi = sizeof tags / sizeof tags[0];
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strcmp(n, tags[mid].name);
        if (c == 0) return tags[mid].tag;
        if (c < 0) hi = mid;
        else lo = mid + 1;
    }
    return T_OTHER;
}

/* Elements whose content is never article text. */
static bool tag_dropped(int t)
{
    switch (t) {
    case T_SCRIPT: case T_STYLE: case T_TEMPLATE: case T_SVG:
    case T_IFRAME: case T_OBJECT: case T_EMBED: case T_BUTTON: case T_INPUT:
    case T_SELECT: case T_TEXTAREA: case T_OPTION: case T_CANVAS: case T_AUDIO:
    case T_VIDEO: case T_TITLE: case T_META: case T_LINK: case T_MATH:
    case T_DIALOG:
        return true;
    }
    return false;
}

/* Elements that start a new paragraph in the output. */
static bool tag_block(int t)
{
    switch (t) {
    case T_ADDRESS: case T_ARTICLE: case T_ASIDE: case T_BLOCKQUOTE: case T_BODY:
    case T_CAPTION: case T_CENTER: case T_DD: case T_DETAILS: case T_DIV: case T_DL:
    case T_DT: case T_FIELDSET: case T_FIGCAPTION: case T_FIGURE: case T_FOOTER:
    case T_FORM: case T_H1: case T_H2: case T_H3: case T_H4: case T_H5: case T_H6:
    case T_HEADER: case T_HGROUP: case T_HR: case T_HTML: case T_LEGEND: case T_LI:
    case T_MAIN: case T_MENU: case T_NAV: case T_OL: case T_P: case T_PRE:
    case T_SECTION: case T_SUMMARY: case T_TABLE: case T_TBODY: case T_TFOOT:
    case T_THEAD: case T_TR: case T_UL:
        return true;
    }
    return false;
}

/* Is the tag h1..h6? */
static bool tag_heading(int t) { return t >= T_H1 && t <= T_H6; }

/* ================================================================ DOM helpers */

/* The value of attribute name on element x, or NULL. The HTML parser
 * stores each value as one text node, so no copy is needed. */
static const char *attr(const xmlNode *x, const char *name)
{
    for (const xmlAttr *a = x->properties; a; a = a->next) {
        if (a->name && strcasecmp((const char *)a->name, name) == 0) {
            const xmlNode *c = a->children;
            if (c && c->type == XML_TEXT_NODE && c->content) return (const char *)c->content;
            return "";
        }
    }
    return NULL;
}

/* Does the whitespace-separated list s contain word w (case-insensitive)? */
static bool has_word(const char *s, const char *w)
{
    if (!s) return false;
    size_t m = strlen(w);
    const char *p = s;
    while (*p) {
        while (*p && isspace((unsigned char)*p)) p++;
        const char *q = p;
        while (*q && !isspace((unsigned char)*q)) q++;
        if ((size_t)(q - p) == m && strncasecmp(p, w, m) == 0) return true;
        p = q;
    }
    return false;
}

/* Is the byte sequence at s a whitespace character (ASCII space, NBSP and
 * the Unicode spaces and zero-width ones news sites scatter)? Returns its
 * length or 0. */
static int space_len(const unsigned char *s, size_t n)
{
    if (s[0] == ' ' || s[0] == '\t' || s[0] == '\n' || s[0] == '\r' || s[0] == '\f' ||
        s[0] == '\v')
        return 1;
    if (n >= 2 && s[0] == 0xC2 && s[1] == 0xA0) return 2;
    if (n >= 3 && s[0] == 0xE2 && s[1] == 0x80 &&
        ((s[2] >= 0x80 && s[2] <= 0x8A) || s[2] == 0xAF))
        return 3;
    if (n >= 3 && s[0] == 0xE3 && s[1] == 0x80 && s[2] == 0x80) return 3;
    return 0;
}

/* Is the sequence at s an invisible formatting character that is no part
 * of the text (soft hyphen, zero-width space, word joiner, BOM)? Returns
 * its length or 0. */
static int ignorable_len(const unsigned char *s, size_t n)
{
    if (n >= 2 && s[0] == 0xC2 && s[1] == 0xAD) return 2;
    if (n >= 3 && s[0] == 0xE2 && s[1] == 0x80 && s[2] == 0x8B) return 3;
    if (n >= 3 && s[0] == 0xE2 && s[1] == 0x81 && s[2] == 0xA0) return 3;
    if (n >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF) return 3;
    return 0;
}

/* ================================================================ element records */

enum {
    F_BOILER = 1,      /* class/id/tag/role says page furniture */
    F_POS = 2,         /* class/id says content */
    F_INBOILER = 4,    /* self or an ancestor is F_BOILER */
    F_LINK = 8,        /* self or an ancestor is <a> */
    F_BODYPROP = 16,   /* itemprop=articleBody */
    F_SCORED = 32,     /* has a content score */
    F_TAGBOILER = 128, /* furniture by its tag or role alone */
    F_STRONG = 256,    /* class/id has a strong furniture word */
};

typedef struct xnode {
    xmlNode *x;
    int32_t parent;          /* index, -1 at the root */
    uint32_t end;            /* one past the last descendant's index */
    uint16_t tag, flags;
    int16_t weight;          /* class/id weight, Readability-style */
    uint32_t own;            /* characters in direct text children */
    uint32_t chars;          /* characters in the subtree */
    uint32_t links;          /* of those, inside <a> */
    uint32_t commas, own_commas;
    uint32_t n_p, n_li, n_img, n_input, n_embed, n_a, n_block;
    uint32_t prose;          /* non-link characters in prose paragraphs below */
    uint32_t n_linkhead;     /* headings below that are all link text */
    float score;
} xnode;

/* Everything one extraction works on; freed by ctx_free. */
typedef struct ectx {
    px_arena *arena;
    xmlDoc *doc;
    xnode *nodes;
    size_t n, cap;
    int body;                /* index of <body> or the root, -1 when none */
    /* metadata as found (pointers into the libxml2 tree or json) */
    const char *meta_title, *meta_url, *meta_site, *meta_locale, *meta_lang,
        *meta_date, *meta_author, *link_canonical, *html_lang, *doc_title;
    int meta_date_rank, meta_author_rank;
    xmlNode *ld_scripts[16];
    int n_ld;
    json_t *ld_roots[16];
    int n_ld_roots;
    const char *ld_headline, *ld_date, *ld_body, *ld_publisher, *ld_lang;
    px_buf ld_author;
    xmlNode *first_h1, *rel_author, *byline_el, *time_el;
    int time_rank;
    struct { uint64_t hash; int8_t bits; } vcache[512];  /* class_votes memo */
} ectx;

/* Free the scratch of an extraction (not the arena). */
static void ctx_free(ectx *c)
{
    for (int i = 0; i < c->n_ld_roots; i++) json_decref(c->ld_roots[i]);
    px_buf_free(&c->ld_author);
    free(c->nodes);
    if (c->doc) xmlFreeDoc(c->doc);
}

/* ---------------------------------------------------------------- class hints */

/* Hint words: a token of class/id (split at non-alphanumerics) that equals
 * one of these, or contains one of the long ones, marks furniture. */
static const char *const neg_exact[] = {
    "ad", "ads", "adsense", "adv", "advert", "advertisement", "advertising", "alert",
    "aside", "author", "banner", "bio", "breadcrumb", "breadcrumbs", "byline",
    "caption", "categories", "category", "combx", "comment", "comments", "community",
    "consent", "contributor", "cookie", "cookies", "copyright", "credit", "credits",
    "date", "dateline", "dfp", "disclaimer", "disqus", "donate", "embed", "extra",
    "feedback", "figcaption", "follow", "footer", "gallery", "gdpr", "hashtags",
    "header", "hidden", "image", "img", "infobox", "jump", "keywords", "legal",
    "listing", "login", "masthead", "menu", "meta", "modal", "more", "mostpopular",
    "mostread", "nav", "navbar", "navigation", "newsletter", "newsletters", "nocontent",
    "noprint", "notification", "outbrain", "overlay", "pager", "pagination", "paywall",
    "photo", "player", "poll", "popular", "popup", "premium", "print", "promo",
    "promos", "published", "pullquote", "rail", "rating", "readmore", "recommendations",
    "recommended", "register", "related", "remark", "replies", "reply", "respond",
    "share", "shares", "sharing", "shoutbox", "sidebar", "signin", "signup", "sitemap",
    "skip", "skyscraper", "slideshow", "social", "source", "sponsor", "sponsored",
    "subnav", "subscribe", "subscription", "supplemental", "taboola", "tags",
    "thumbnail", "time", "timestamp", "toc", "toolbar", "tools", "topbar",
    "topics", "trending", "updated", "video", "vote", "widget", "widgets",
};
/* Substrings of a class name that mark furniture; the first
 * NEG_SUB_STRONG of them strongly. */
#define NEG_SUB_STRONG 18
static const char *const neg_sub[] = {
    "comment", "share", "social", "related", "cookie", "newsletter", "subscri",
    "sidebar", "breadcrumb", "footer", "navbar", "recommend", "outbrain", "taboola",
    "disqus", "nav-", "-nav", "caption",
    "advert", "sponsor", "promo", "popup", "banner", "widget", "menu", "toolbar",
    "facebook", "twitter", "whatsapp", "pinterest", "linkedin", "copyright",
    "dateline", "masthead", "byline",
};
static const char *const pos_exact[] = {
    "article", "articlebody", "blog", "body", "column", "content", "entry",
    "entrycontent", "hentry", "main", "news", "page", "post", "postbody", "prose",
    "story", "storybody", "text",
};
static const char *const pos_sub[] = {
    "article", "content", "story", "entry", "post-body", "postbody", "blog-post",
    "main-text", "bodytext", "body-text", "richtext", "rich-text",
};

/* Is w in the sorted list l of n words? */
static bool in_sorted(const char *w, const char *const *l, size_t n)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strcmp(w, l[mid]);
        if (c == 0) return true;
        if (c < 0) hi = mid;
        else lo = mid + 1;
    }
    return false;
}

/* Furniture words that prose inside does not excuse (a comment section
 * or a related-stories list is furniture however much text it holds);
 * the other furniture words ("header", "meta", "more") are weak: a block
 * holding real paragraphs overrides them. */
static const char *const neg_strong[] = {
    "breadcrumb", "breadcrumbs", "caption", "comment", "comments", "cookie", "cookies",
    "credit", "credits", "disqus", "figcaption", "footer", "gallery", "mostpopular",
    "mostread", "nav", "navbar", "navigation", "newsletter", "newsletters", "outbrain",
    "popular", "recommendations", "recommended", "related", "replies", "reply",
    "respond", "share", "shares", "sharing", "sidebar", "signup", "slideshow", "social",
    "subscribe", "subscription", "taboola", "trending",
};

/* Classify one class or id value. Returns bits: 1 content, 2 furniture,
 * 4 strong furniture (see neg_strong). Each whitespace-separated name
 * votes; within a name furniture words win over content words
 * ("article-footer" is furniture). */
static int class_votes(const char *s)
{
    char name[128];
    const char *p = s;
    int bits = 0;
    while (*p) {
        while (*p && isspace((unsigned char)*p)) p++;
        const char *q = p;
        while (*q && !isspace((unsigned char)*q)) q++;
        size_t n = (size_t)(q - p);
        if (n == 0) break;
        if (n >= sizeof name) n = sizeof name - 1;
        for (size_t i = 0; i < n; i++) name[i] = (char)tolower((unsigned char)p[i]);
        name[n] = '\0';
        p = q;
        /* state flags ("has-comments", "modal-enabled", "no-sidebar") and
         * BEM modifiers ("section--has-ads", "field--label-hidden") say
         * what the element has or does, not what it is */
        if (strncmp(name, "has-", 4) == 0 || strncmp(name, "with-", 5) == 0 ||
            strncmp(name, "no-", 3) == 0 || strncmp(name, "is-", 3) == 0 ||
            strncmp(name, "show-", 5) == 0 || strncmp(name, "hide-", 5) == 0 ||
            (n > 8 && strcmp(name + n - 8, "-enabled") == 0) ||
            (n > 9 && strcmp(name + n - 9, "-disabled") == 0) ||
            (n > 7 && strcmp(name + n - 7, "-active") == 0) || strstr(name, "--") ||
            strstr(name, "-has-") || strstr(name, "_has_") ||
            strncmp(name, "category-", 9) == 0 || strncmp(name, "tag-", 4) == 0 ||
            strncmp(name, "format-", 7) == 0 || strncmp(name, "status-", 7) == 0 ||
            strncmp(name, "type-", 5) == 0 || strncmp(name, "postid-", 7) == 0)
            continue;
        int neg = 0;
        bool ispos = false;
        for (size_t i = 0; i < sizeof neg_sub / sizeof *neg_sub && !neg; i++)
            if (strstr(name, neg_sub[i])) neg = i < NEG_SUB_STRONG ? 6 : 2;
        for (size_t i = 0; i < sizeof pos_sub / sizeof *pos_sub && !ispos; i++)
            if (strstr(name, pos_sub[i])) ispos = true;
        char *t = name;
        while (*t) {
            while (*t && !isalnum((unsigned char)*t)) t++;
            char *u = t;
            while (*u && isalnum((unsigned char)*u)) u++;
            if (u == t) break;
            char save = *u;
            *u = '\0';
            if (!(neg & 4) && in_sorted(t, neg_exact, sizeof neg_exact / sizeof *neg_exact))
                neg = in_sorted(t, neg_strong, sizeof neg_strong / sizeof *neg_strong) ? 6 : 2;
            if (!ispos && in_sorted(t, pos_exact, sizeof pos_exact / sizeof *pos_exact))
                ispos = true;
            *u = save;
            t = u;
        }
        if (neg) bits |= neg;
        else if (ispos) bits |= 1;
    }
    /* a content name outvotes weak furniture names beside it
     * ("post hentry entry-meta-wrap" is a post) */
    if ((bits & 1) && !(bits & 4)) bits &= ~2;
    return bits;
}

/* class_votes through a per-page memo: pages repeat the same class
 * strings on many elements. A 64-bit hash stands for the string (a
 * collision would only swap two elements' hints). */
static int class_votes_memo(ectx *c, const char *s)
{
    uint64_t h = 1469598103934665603ull;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        h = (h ^ *p) * 1099511628211ull;
    h |= 1;
    size_t slot = (size_t)(h >> 7) % 512;
    if (c->vcache[slot].hash == h) return c->vcache[slot].bits;
    int bits = class_votes(s);
    c->vcache[slot].hash = h;
    c->vcache[slot].bits = (int8_t)bits;
    return bits;
}

/* Is the inline style one that hides the element? */
static bool style_hidden(const char *st)
{
    if (!st) return false;
    const char *d = memcase(st, strlen(st), "display");
    if (d) {
        d += 7;
        while (*d == ' ' || *d == ':') d++;
        if (strncasecmp(d, "none", 4) == 0) return true;
    }
    const char *v = memcase(st, strlen(st), "visibility");
    if (v) {
        v += 10;
        while (*v == ' ' || *v == ':') v++;
        if (strncasecmp(v, "hidden", 6) == 0) return true;
    }
    return false;
}

/* ---------------------------------------------------------------- metadata */

/* Record one <meta>: keep the first useful value for each field; for the
 * date and author keep the one from the most trusted name (lower rank). */
static void meta_collect(ectx *c, const xmlNode *x)
{
    const char *k = attr(x, "property");
    if (!k) k = attr(x, "name");
    if (!k) k = attr(x, "itemprop");
    const char *he = attr(x, "http-equiv");
    const char *v = attr(x, "content");
    if (!v) v = attr(x, "datetime");
    if (!v || !*v) return;
    if (he && strcasecmp(he, "content-language") == 0) {
        if (!c->meta_lang) c->meta_lang = v;
        return;
    }
    if (!k) return;
    static const char *const dates[] = {
        "article:published_time", "og:published_time", "og:article:published_time",
        "datepublished", "date", "pubdate", "publishdate", "publish-date", "publish_date",
        "dc.date.issued", "dcterms.issued", "dc.date", "dcterms.date", "dcterms.created",
        "parsely-pub-date", "sailthru.date", "article.published", "article_date_original",
        "publication_date", "date_published", "cxenseparse:recs:publishtime",
        "originalpublicationdate", "citation_publication_date", "dc.date.created",
        "article:published", "og:updated_time", "article:modified_time",
    };
    for (int i = 0; i < (int)(sizeof dates / sizeof *dates); i++)
        if (strcasecmp(k, dates[i]) == 0) {
            if (!c->meta_date || i < c->meta_date_rank) {
                c->meta_date = v;
                c->meta_date_rank = i;
            }
            return;
        }
    static const char *const authors[] = {
        "author", "article:author", "dc.creator", "dcterms.creator", "sailthru.author",
        "parsely-author", "byl", "citation_author", "og:article:author",
    };
    for (int i = 0; i < (int)(sizeof authors / sizeof *authors); i++)
        if (strcasecmp(k, authors[i]) == 0) {
            if (strncasecmp(v, "http", 4) == 0 || v[0] == '@') return;
            if (!c->meta_author || i < c->meta_author_rank) {
                c->meta_author = v;
                c->meta_author_rank = i;
            }
            return;
        }
    if (!c->meta_title && (strcasecmp(k, "og:title") == 0 || strcasecmp(k, "twitter:title") == 0))
        c->meta_title = v;
    else if (!c->meta_url && strcasecmp(k, "og:url") == 0) c->meta_url = v;
    else if (!c->meta_site && (strcasecmp(k, "og:site_name") == 0 ||
                               strcasecmp(k, "application-name") == 0))
        c->meta_site = v;
    else if (!c->meta_locale && (strcasecmp(k, "og:locale") == 0 ||
                                 strcasecmp(k, "inlanguage") == 0))
        c->meta_locale = v;
    else if (!c->meta_lang && (strcasecmp(k, "language") == 0 ||
                               strcasecmp(k, "content-language") == 0 ||
                               strcasecmp(k, "dc.language") == 0))
        c->meta_lang = v;
}

/* ---------------------------------------------------------------- pass 1 */

/* Prose (characters) that outweighs a weak furniture hint: about one real
 * paragraph, such as a lead in a <header>. */
#define WEAK_PROSE 200

/* Settle the furniture flags once subtree sizes are known: an element
 * marked furniture by its class that holds half the page's text (or half
 * its paragraphs) is a wrapper with an unlucky name ("page-ad-margins"),
 * not furniture. With relax, class hints are ignored and only furniture
 * tags (nav, footer, aside, ...) count. Then F_INBOILER is recomputed. */
static void mark_boiler(ectx *c, bool relax)
{
    uint32_t total = c->body >= 0 ? c->nodes[c->body].chars : (c->n ? c->nodes[0].chars : 0);
    uint32_t total_p = c->body >= 0 ? c->nodes[c->body].prose : (c->n ? c->nodes[0].prose : 0);
    for (size_t i = 0; i < c->n; i++) {
        xnode *nd = &c->nodes[i];
        if (nd->flags & F_BOILER) {
            bool big = nd->chars * 2 > total || (nd->prose >= 300 && nd->prose * 2 > total_p) ||
                       (!(nd->flags & F_STRONG) && nd->prose >= WEAK_PROSE);
            if (big || (relax && !(nd->flags & F_TAGBOILER))) nd->flags &= ~F_BOILER;
        }
        nd->flags &= ~F_INBOILER;
        if ((nd->flags & F_BOILER) ||
            (nd->parent >= 0 && (c->nodes[nd->parent].flags & F_INBOILER)))
            nd->flags |= F_INBOILER;
    }
}

/* Sum each element's subtree: characters, link characters, commas, and
 * counts of paragraphs, list items, images, inputs, embeds, links and
 * blocks, and prose (non-link text of paragraphs of 80+ characters with
 * under 30% link text). Children come after parents in the array, so one
 * backward sweep does it. */
static void sum_subtrees(ectx *c)
{
    for (size_t i = 0; i < c->n; i++) {
        xnode *nd = &c->nodes[i];
        nd->chars = nd->own;
        nd->links = (nd->flags & F_LINK) ? nd->own : 0;
        nd->commas = nd->own_commas;
        nd->n_p = nd->n_li = nd->n_img = nd->n_input = nd->n_embed = nd->n_a = nd->n_block = 0;
        nd->prose = 0;
        nd->n_linkhead = 0;
    }
    for (size_t i = c->n; i-- > 0;) {
        xnode *nd = &c->nodes[i];
        switch (nd->tag) {
        case T_P: nd->n_p++; break;
        case T_LI: nd->n_li++; break;
        case T_IMG: nd->n_img++; break;
        case T_INPUT: case T_SELECT: case T_TEXTAREA: nd->n_input++; break;
        case T_EMBED: case T_OBJECT: case T_IFRAME: nd->n_embed++; break;
        case T_A: nd->n_a++; break;
        }
        if (tag_block(nd->tag)) nd->n_block++;
        if (tag_heading(nd->tag) && nd->chars > 0 && nd->links * 10 >= nd->chars * 9)
            nd->n_linkhead++;
        if ((nd->tag == T_P || nd->tag == T_BLOCKQUOTE || nd->tag == T_PRE ||
             (nd->n_block == 1 && nd->tag != T_LI && tag_block(nd->tag))) &&
            nd->chars >= 80 && nd->links * 10 < nd->chars * 3)
            nd->prose = nd->chars - nd->links;
        if (nd->parent >= 0) {
            xnode *pa = &c->nodes[nd->parent];
            pa->chars += nd->chars;
            pa->links += nd->links;
            pa->commas += nd->commas;
            pa->n_p += nd->n_p;
            pa->n_li += nd->n_li;
            pa->n_img += nd->n_img;
            pa->n_input += nd->n_input;
            pa->n_embed += nd->n_embed;
            pa->n_a += nd->n_a;
            pa->n_block += nd->n_block;
            pa->prose += nd->prose;
            pa->n_linkhead += nd->n_linkhead;
        }
    }
}

/* Walk the parsed tree once, in document order, without recursion (the
 * tree may be deep). Each kept element gets an xnode (x->_private points
 * at index + 1); dropped and hidden subtrees are skipped whole. Metadata
 * elements (meta, link, title, JSON-LD scripts, time, h1, bylines) are
 * noted on the way. Text counts go to the nearest element; subtree counts
 * are summed afterwards. Returns false on no memory. */
static bool build_nodes(ectx *c, xmlNode *root)
{
    xmlNode *x = root;
    int cur = -1;                       /* index of the innermost open element */
    while (x) {
        bool descend = false;
        if (x->type == XML_ELEMENT_NODE && x->name) {
            const char *name = (const char *)x->name;
            int t = tag_of(name);
            x->_private = NULL;
            if (t == T_META) meta_collect(c, x);
            else if (t == T_LINK) {
                const char *rel = attr(x, "rel"), *href = attr(x, "href");
                if (href && *href && has_word(rel, "canonical") && !c->link_canonical)
                    c->link_canonical = href;
            } else if (t == T_TITLE) {
                if (!c->doc_title && x->children && x->children->content)
                    c->doc_title = (const char *)x->children->content;
            } else if (t == T_SCRIPT) {
                const char *ty = attr(x, "type");
                if (ty && memcase(ty, strlen(ty), "ld+json") && c->n_ld < 16)
                    c->ld_scripts[c->n_ld++] = x;
            } else if (t == T_HTML) {
                const char *l = attr(x, "lang");
                if (!l) l = attr(x, "xml:lang");
                if (l && *l && !c->html_lang) c->html_lang = l;
            }
            bool drop = tag_dropped(t);
            /* the attributes the finder reads, in one pass */
            const char *cl = NULL, *id = NULL, *ip = NULL, *role = NULL;
            for (const xmlAttr *at = x->properties; at && !drop; at = at->next) {
                const char *an = (const char *)at->name;
                const xmlNode *av = at->children;
                const char *v = av && av->type == XML_TEXT_NODE && av->content
                                    ? (const char *)av->content : "";
                switch (an[0] | 0x20) {
                case 'c': if (strcasecmp(an, "class") == 0) cl = v; break;
                case 'i':
                    if (strcasecmp(an, "id") == 0) id = v;
                    else if (strcasecmp(an, "itemprop") == 0) ip = v;
                    break;
                case 'r': if (strcasecmp(an, "role") == 0) role = v; break;
                case 'h': if (strcasecmp(an, "hidden") == 0) drop = true; break;
                case 's': if (strcasecmp(an, "style") == 0 && style_hidden(v)) drop = true; break;
                case 'a':
                    if (strcasecmp(an, "aria-hidden") == 0 && strcasecmp(v, "true") == 0 &&
                        t != T_BODY && t != T_HTML)
                        drop = true;
                    break;
                }
            }
            if (!drop) {
                if (c->n == c->cap) {
                    void *arr = c->nodes;
                    if (!px_grow(&arr, &c->cap, c->n + 1, sizeof(xnode))) return false;
                    c->nodes = arr;
                }
                int i = (int)c->n++;
                xnode *nd = &c->nodes[i];
                memset(nd, 0, sizeof *nd);
                nd->x = x;
                nd->parent = cur;
                nd->tag = (uint16_t)t;
                x->_private = (void *)(intptr_t)(i + 1);
                const xnode *pa = cur >= 0 ? &c->nodes[cur] : NULL;
                if (t == T_A || (pa && (pa->flags & F_LINK))) nd->flags |= F_LINK;
                if (t == T_BODY && c->body < 0) c->body = i;
                /* hints */
                int pos = 0, neg = 0;
                int vb = (cl ? class_votes_memo(c, cl) : 0) | (id ? class_votes_memo(c, id) : 0);
                if (vb & 2) neg++;
                else if (vb & 1) pos++;
                if (vb & 4) nd->flags |= F_STRONG;
                if (ip && (has_word(ip, "articleBody") || has_word(ip, "reviewBody")))
                    nd->flags |= F_BODYPROP | F_POS;
                if (role && (strcasecmp(role, "navigation") == 0 ||
                             strcasecmp(role, "complementary") == 0 ||
                             strcasecmp(role, "contentinfo") == 0 ||
                             strcasecmp(role, "banner") == 0 ||
                             strcasecmp(role, "menu") == 0 || strcasecmp(role, "alert") == 0 ||
                             strcasecmp(role, "dialog") == 0))
                    neg++, nd->flags |= F_STRONG;
                if (role && (strcasecmp(role, "main") == 0 || strcasecmp(role, "article") == 0))
                    pos++;
                int cneg = neg;
                if (t == T_NAV || t == T_FOOTER || t == T_ASIDE || t == T_MENU)
                    nd->flags |= F_STRONG;
                switch (t) {
                case T_NAV: case T_FOOTER: case T_ASIDE: case T_MENU: case T_FIGCAPTION:
                case T_FIGURE: case T_HEADER: case T_FORM: case T_ADDRESS: case T_FIELDSET:
                case T_CAPTION: case T_LABEL: case T_PICTURE: case T_LEGEND: case T_NOSCRIPT:
                    neg++;
                    break;
                case T_ARTICLE: case T_MAIN:
                    pos++;
                    break;
                }
                nd->weight = (int16_t)(25 * (pos - neg));
                if (pos) nd->flags |= F_POS;
                if (neg && !(nd->flags & F_BODYPROP) && t != T_BODY && t != T_HTML &&
                    !(t == T_ARTICLE || t == T_MAIN) && (pos == 0 || neg > pos))
                    nd->flags |= F_BOILER;
                if (t == T_FORM && pos == 0) nd->flags |= F_BOILER;
                if ((nd->flags & F_BOILER) && cneg == 0) nd->flags |= F_TAGBOILER;
                if ((nd->flags & F_BOILER) || (pa && (pa->flags & F_INBOILER)))
                    nd->flags |= F_INBOILER;
                /* metadata elements */
                if (t == T_H1 && !c->first_h1) c->first_h1 = x;
                if (t == T_A && !c->rel_author && has_word(attr(x, "rel"), "author"))
                    c->rel_author = x;
                if (t == T_TIME || (ip && has_word(ip, "datePublished"))) {
                    const char *dt = attr(x, "datetime");
                    if (!dt && ip) dt = attr(x, "content");
                    if (dt && *dt) {
                        int rank = (ip && has_word(ip, "datePublished")) ? 0
                                   : attr(x, "pubdate")                 ? 1
                                   : (nd->flags & F_INBOILER) && !(neg && pos) ? 4
                                                                          : 2;
                        if (!c->time_el || rank < c->time_rank) {
                            c->time_el = x;
                            c->time_rank = rank;
                        }
                    }
                }
                if (!c->byline_el && (t == T_DIV || t == T_SPAN || t == T_P || t == T_A ||
                                      t == T_ADDRESS || t == T_OTHER || t == T_STRONG)) {
                    if ((cl && (memcase(cl, strlen(cl), "byline") ||
                                has_word(cl, "author") || has_word(cl, "author-name") ||
                                has_word(cl, "article-author") || has_word(cl, "writer"))) ||
                        (ip && has_word(ip, "author")))
                        c->byline_el = x;
                }
                descend = x->children != NULL;
                if (descend) cur = i;
                else nd->end = (uint32_t)c->n;
            }
        } else if ((x->type == XML_TEXT_NODE || x->type == XML_CDATA_SECTION_NODE) &&
                   x->content && cur >= 0) {
            const unsigned char *s = x->content;
            size_t n = strlen((const char *)s);
            uint32_t chars = 0, commas = 0;
            bool sp = true;
            for (size_t i = 0; i < n;) {
                int k = space_len(s + i, n - i);
                if (k) {
                    if (!sp) chars++;
                    sp = true;
                    i += k;
                    continue;
                }
                sp = false;
                if (s[i] == ',') commas++;
                else if (s[i] == 0xEF && i + 2 < n && s[i + 1] == 0xBC && s[i + 2] == 0x8C)
                    commas++;   /* fullwidth comma */
                else if (s[i] == 0xE3 && i + 2 < n && s[i + 1] == 0x80 && s[i + 2] == 0x81)
                    commas++;   /* ideographic comma */
                else if (s[i] == 0xD8 && i + 1 < n && s[i + 1] == 0x8C)
                    commas++;   /* arabic comma */
                if ((s[i] & 0xC0) != 0x80) chars++;
                i++;
            }
            xnode *nd = &c->nodes[cur];
            nd->own += chars;
            nd->own_commas += commas;
        }
        if (descend) {
            x = x->children;
            continue;
        }
        /* go to the next node, closing elements on the way up */
        while (x && !x->next) {
            x = x->parent;
            if (!x || x == root->parent) { x = NULL; break; }
            if (x->type == XML_ELEMENT_NODE && x->_private) {
                int i = (int)(intptr_t)x->_private - 1;
                c->nodes[i].end = (uint32_t)c->n;
                cur = c->nodes[i].parent;
            }
            if (x == root) { x = NULL; break; }
        }
        if (x) x = x->next;
    }
    sum_subtrees(c);
    /* an <a> around whole paragraphs is a parser artefact (an unclosed
     * link) or a wrapper, not a link: its text is not link text */
    bool again = false;
    for (size_t i = 0; i < c->n; i++) {
        xnode *nd = &c->nodes[i];
        if (nd->tag != T_A || !(nd->flags & F_LINK)) continue;
        if (nd->n_p < 2 && nd->chars < 600 && nd->n_block < 6) continue;
        for (uint32_t k = (uint32_t)i; k < nd->end; k++) c->nodes[k].flags &= ~F_LINK;
        again = true;
    }
    if (again) sum_subtrees(c);
    mark_boiler(c, false);
    return true;
}

/* ================================================================ the article finder */

/* The share of an element's text that is link text (0 when it has none). */
static float link_density(const xnode *n)
{
    return n->chars ? (float)n->links / (float)n->chars : 0.0f;
}

/* Initial score of a container by its tag (Readability's table) and its
 * class/id weight. */
static float base_score(const xnode *n)
{
    float s = n->weight;
    switch (n->tag) {
    case T_DIV: case T_ARTICLE: case T_MAIN: s += 5; break;
    case T_PRE: case T_TD: case T_BLOCKQUOTE: s += 3; break;
    case T_ADDRESS: case T_OL: case T_UL: case T_DL: case T_DD: case T_DT: case T_LI:
    case T_FORM:
        s -= 3;
        break;
    case T_H1: case T_H2: case T_H3: case T_H4: case T_H5: case T_H6: case T_TH:
        s -= 5;
        break;
    }
    return s;
}

/* Add a paragraph's score to its ancestors, starting at index from: full
 * to the first, half to the second, a third of a level's share beyond, up
 * to five levels. */
static void spread_score(ectx *c, int from, float s)
{
    int level = 0;
    for (int a = from; a >= 0 && level < 5; a = c->nodes[a].parent, level++) {
        xnode *an = &c->nodes[a];
        if (an->tag == T_HTML) break;
        if (!(an->flags & F_SCORED)) {
            an->flags |= F_SCORED;
            an->score = base_score(an);
        }
        float div = level == 0 ? 1.0f : level == 1 ? 2.0f : (float)level * 3.0f;
        an->score += s / div;
    }
}

/* Is element i a block that holds no other block (a paragraph of its own
 * even when it is a div)? */
static bool leaf_block(const ectx *c, int i)
{
    return c->nodes[i].n_block == 1;
}

/* Score paragraph-like blocks and return the best container's index, or
 * -1 when no block holds enough text. */
static int find_top(ectx *c)
{
    for (size_t i = 0; i < c->n; i++) {
        xnode *nd = &c->nodes[i];
        if (nd->flags & F_INBOILER) continue;
        int t = nd->tag;
        bool para = t == T_P || t == T_PRE || t == T_TD || t == T_BLOCKQUOTE ||
                    ((t == T_DIV || t == T_SECTION || t == T_ARTICLE || t == T_LI) &&
                     leaf_block(c, (int)i));
        uint32_t len;
        int from;
        if (para) {
            len = nd->chars;
            from = nd->parent;
            if (t == T_TD || t == T_DIV || t == T_SECTION || t == T_ARTICLE) from = (int)i;
        } else if (tag_block(t) && nd->own >= 25) {
            len = nd->own;   /* text loose in a container: a paragraph of it */
            from = (int)i;
        } else {
            continue;
        }
        if (len < 25) continue;
        float ld = link_density(nd);
        if (ld > 0.5f) continue;
        float s = 1.0f + (float)nd->commas + (float)PX_MIN(len / 100, 3u);
        spread_score(c, from, s);
    }
    int top = -1;
    float best = 0;
    for (size_t i = 0; i < c->n; i++) {
        xnode *nd = &c->nodes[i];
        if (!(nd->flags & F_SCORED)) continue;
        nd->score *= 1.0f - link_density(nd);
        if (top < 0 || nd->score > best) {
            best = nd->score;
            top = (int)i;
        }
    }
    if (top < 0) return -1;

    /* climb while a parent scores at least as well (its children share the
     * article) or while the candidate is an only child */
    float last = c->nodes[top].score;
    for (int p = c->nodes[top].parent; p >= 0 && c->nodes[p].tag != T_BODY &&
                                        c->nodes[p].tag != T_HTML;
         p = c->nodes[p].parent) {
        xnode *pn = &c->nodes[p];
        if (!(pn->flags & F_SCORED)) continue;
        if (pn->score < last / 3) break;
        if (pn->score > last) { top = p; break; }
        last = pn->score;
    }
    for (;;) {
        int p = c->nodes[top].parent;
        if (p < 0 || c->nodes[p].tag == T_BODY || c->nodes[p].tag == T_HTML) break;
        /* only child element? */
        xnode *pn = &c->nodes[p];
        if (pn->chars > c->nodes[top].chars + 20) break;
        top = p;
    }
    /* the article's own wrapper (<article>, a content class) a level or
     * three up holds the lead and subheads the scoring may have left out;
     * take it when it adds little beyond them */
    int a = top;
    for (int level = 0; level < 3; level++) {
        int p = c->nodes[a].parent;
        if (p < 0 || c->nodes[p].tag == T_BODY || c->nodes[p].tag == T_HTML) break;
        a = p;
        xnode *an = &c->nodes[a], *tn = &c->nodes[top];
        if (an->flags & F_INBOILER) break;
        bool wrapper = an->tag == T_ARTICLE || (an->flags & (F_BODYPROP | F_POS));
        if (!wrapper) continue;
        if (link_density(an) < 0.3f && an->prose <= tn->prose + tn->prose / 2 + 600)
            top = a;
        break;
    }
    return top;
}

/* Readability's conditional cleaning for a block inside the article:
 * should element i (a list, table, div, section, form) be left out? */
static bool clean_conditionally(const ectx *c, int i, int root)
{
    const xnode *nd = &c->nodes[i];
    int t = nd->tag;
    if (!(t == T_UL || t == T_OL || t == T_TABLE || t == T_DIV || t == T_SECTION ||
          t == T_FORM || t == T_FIELDSET || t == T_DL || t == T_ASIDE || t == T_HEADER ||
          t == T_ARTICLE || t == T_LI))
        return false;
    if (nd->flags & F_BODYPROP) return false;
    /* teaser cards: a linked headline over a short blurb, alone or in a list */
    if (nd->n_linkhead > 0 && nd->chars < 600 * nd->n_linkhead &&
        nd->chars * 2 < c->nodes[root].chars)
        return true;
    if (t == T_ARTICLE || t == T_LI) return false;
    float weight = nd->weight;
    float score = (nd->flags & F_SCORED) && t != T_UL && t != T_OL ? nd->score : 0;
    if ((nd->prose >= WEAK_PROSE && !(nd->flags & F_STRONG)) ||
        (nd->prose >= 300 && nd->prose * 2 > c->nodes[root].prose))
        return false;
    if (weight + score < 0) return true;
    if (nd->commas >= 10) return false;
    bool is_list = t == T_UL || t == T_OL;
    float ld = link_density(nd);
    uint32_t len = nd->chars;
    uint32_t p = nd->n_p, img = nd->n_img, li = nd->n_li > 100 ? nd->n_li - 100 : 0;
    if (img > 1 && (float)p / (float)img < 0.5f && len < 200) return true;
    if (!is_list && li > p) return true;
    if (nd->n_input > p / 3 + 0) return nd->n_input > 0;
    if (!is_list && len < 25 && (img == 0 || img > 2) && t != T_TABLE) return true;
    if (weight < 25 && ld > 0.2f && len < 400) return true;
    if (ld > 0.5f) return true;
    if (nd->n_embed > 1 || (nd->n_embed == 1 && len < 75)) return true;
    if (is_list && ld > 0.33f) return true;
    return false;
}

/* ================================================================ text output */

typedef struct para {
    size_t start, len;       /* in the emitter's buffer */
    uint32_t chars, links;
    uint32_t first_link;     /* characters before the first link text */
    int16_t tag;             /* innermost block when it began */
} para;

typedef struct emitter {
    px_buf buf;
    para *paras;
    size_t n, cap;
    int pending;             /* 0 none, 1 space, 2 newline, 3 new paragraph */
    bool open;               /* a paragraph is open */
    int block_tag;
    bool nomem;
} emitter;

/* Start the paragraph break / line break / space that the next text will
 * need; the strongest request wins. */
static void em_break(emitter *e, int level)
{
    if (level > e->pending) e->pending = level;
}

/* Close the open paragraph, trimming its trailing space. */
static void em_close(emitter *e)
{
    if (!e->open) return;
    para *p = &e->paras[e->n - 1];
    while (e->buf.len > p->start &&
           (e->buf.data[e->buf.len - 1] == ' ' || e->buf.data[e->buf.len - 1] == '\n'))
        e->buf.len--;
    p->len = e->buf.len - p->start;
    if (p->len == 0) e->n--;
    e->open = false;
}

/* Append text s[0..n) (whitespace collapsed unless pre) to the output. */
static void em_text(emitter *e, const unsigned char *s, size_t n, bool pre, bool link)
{
    if (e->nomem) return;
    for (size_t i = 0; i < n;) {
        int k = space_len(s + i, n - i);
        if (k) {
            if (pre && s[i] == '\n') em_break(e, 2);
            else em_break(e, 1);
            i += k;
            continue;
        }
        k = ignorable_len(s + i, n - i);
        if (k) { i += k; continue; }
        size_t j = i + 1;
        while (j < n && !space_len(s + j, n - j) && !ignorable_len(s + j, n - j)) j++;
        /* a word s[i..j) */
        if (!e->open || e->pending == 3) {
            em_close(e);
            void *arr = e->paras;
            if (!px_grow(&arr, &e->cap, e->n + 1, sizeof(para))) { e->nomem = true; return; }
            e->paras = arr;
            para *p = &e->paras[e->n++];
            memset(p, 0, sizeof *p);
            p->start = e->buf.len;
            p->tag = (int16_t)e->block_tag;
            e->open = true;
        } else if (e->pending == 2) {
            if (!px_buf_putc(&e->buf, '\n')) { e->nomem = true; return; }
        } else if (e->pending == 1) {
            if (!px_buf_putc(&e->buf, ' ')) { e->nomem = true; return; }
        }
        e->pending = 0;
        if (!px_buf_append(&e->buf, s + i, j - i)) { e->nomem = true; return; }
        para *p = &e->paras[e->n - 1];
        uint32_t ch = 0;
        for (size_t q = i; q < j; q++) ch += (s[q] & 0xC0) != 0x80;
        if (link && p->links == 0) p->first_link = p->chars;
        p->chars += ch + 1;
        if (link) p->links += ch + 1;
        i = j;
    }
}

/* Should element i, inside the selected container root, be left out of
 * the article's text? Furniture (unless it holds most of the container's
 * prose), figures, and what clean_conditionally rejects. */
static bool skip_element(const ectx *c, int i, int root)
{
    const xnode *nd = &c->nodes[i];
    if (i == root) return false;
    if (nd->flags & F_BOILER) {
        /* furniture that holds most of the article's prose is the article */
        const xnode *r = &c->nodes[root];
        if (nd->prose >= 300 && nd->prose * 2 > r->prose) return false;
        return true;
    }
    if (nd->tag == T_FIGURE || nd->tag == T_FIGCAPTION || nd->tag == T_PICTURE) return true;
    return clean_conditionally(c, i, root);
}

/* Write the text of element root's subtree to e, leaving out what
 * skip_element rejects. Iterative: the tree may be deep. */
static void emit_subtree(ectx *c, emitter *e, int root)
{
    xmlNode *top = c->nodes[root].x;
    xmlNode *x = top;
    int pre = 0;
    int blocks[64];
    int nblocks = 0;
    e->block_tag = c->nodes[root].tag;
    em_break(e, 3);
    while (x) {
        bool descend = false;
        if (x->type == XML_ELEMENT_NODE) {
            if (x->_private) {
                int i = (int)(intptr_t)x->_private - 1;
                xnode *nd = &c->nodes[i];
                bool skip = skip_element(c, i, root);
                if (!skip) {
                    int t = nd->tag;
                    if (t == T_BR) em_break(e, e->pending >= 2 ? 3 : 2);
                    else if (t == T_TD || t == T_TH) em_break(e, 1);
                    else if (t == T_TR) em_break(e, 2);
                    else if (tag_block(t)) em_break(e, 3);
                    if (x->children) {
                        descend = true;
                        if (t == T_PRE) pre++;
                        if (tag_block(t)) {
                            if (nblocks < 64) blocks[nblocks] = e->block_tag;
                            nblocks++;
                            e->block_tag = t;
                        }
                    }
                }
            }
        } else if ((x->type == XML_TEXT_NODE || x->type == XML_CDATA_SECTION_NODE) &&
                   x->content) {
            bool link = false;
            if (x->parent && x->parent->_private) {
                int pi = (int)(intptr_t)x->parent->_private - 1;
                link = (c->nodes[pi].flags & F_LINK) != 0;
            }
            em_text(e, x->content, strlen((const char *)x->content), pre > 0, link);
        }
        if (descend) {
            x = x->children;
            continue;
        }
        if (x == top) break;
        while (x && !x->next) {
            x = x->parent;
            if (!x || x == top) { x = NULL; break; }
            if (x->type == XML_ELEMENT_NODE && x->_private) {
                int i = (int)(intptr_t)x->_private - 1;
                int t = c->nodes[i].tag;
                if (t == T_PRE && pre > 0) pre--;
                if (tag_block(t)) {
                    em_break(e, 3);
                    nblocks--;
                    if (nblocks >= 0 && nblocks < 64) e->block_tag = blocks[nblocks];
                }
                if (t == T_TD || t == T_TH) em_break(e, 1);
            }
        }
        if (x) x = x->next;
    }
    em_break(e, 3);
}

/* ================================================================ JSON-LD */

/* Is the JSON value an @type naming a news or blog article? */
static bool ld_article_type(const json_t *t)
{
    if (json_is_array(t)) {
        size_t i;
        json_t *v;
        json_array_foreach(t, i, v) if (ld_article_type(v)) return true;
        return false;
    }
    const char *s = json_string_value(t);
    if (!s) return false;
    const char *h = strrchr(s, '/');
    if (h) s = h + 1;
    size_t n = strlen(s);
    return (n >= 7 && strcmp(s + n - 7, "Article") == 0) || strcmp(s, "BlogPosting") == 0 ||
           strcmp(s, "LiveBlogPosting") == 0 || strcmp(s, "ReportageNews") == 0 ||
           strcmp(s, "SocialMediaPosting") == 0 || strcmp(s, "Report") == 0 ||
           strcmp(s, "DiscussionForumPosting") == 0;
}

/* The "name" of a person or organisation value (string, object, or the
 * first of an array). */
static const char *ld_name(const json_t *v)
{
    if (json_is_string(v)) return json_string_value(v);
    if (json_is_object(v)) return json_string_value(json_object_get(v, "name"));
    if (json_is_array(v) && json_array_size(v) > 0) return ld_name(json_array_get(v, 0));
    return NULL;
}

/* Find the first article object in a JSON-LD value: the value itself, an
 * array element, an @graph member or a mainEntity (depth-limited). */
static const json_t *ld_find(const json_t *v, int depth)
{
    if (depth > 6 || !v) return NULL;
    if (json_is_array(v)) {
        size_t i;
        json_t *e;
        json_array_foreach(v, i, e) {
            const json_t *r = ld_find(e, depth + 1);
            if (r) return r;
        }
        return NULL;
    }
    if (!json_is_object(v)) return NULL;
    if (ld_article_type(json_object_get(v, "@type"))) return v;
    const json_t *r = ld_find(json_object_get(v, "@graph"), depth + 1);
    if (!r) r = ld_find(json_object_get(v, "mainEntity"), depth + 1);
    return r;
}

/* Parse the page's JSON-LD scripts and take the first article's fields.
 * Broken JSON (raw control characters in strings, HTML comment wrappers)
 * is repaired where that is cheap, else skipped. */
static void ld_collect(ectx *c)
{
    for (int k = 0; k < c->n_ld; k++) {
        xmlNode *s = c->ld_scripts[k];
        px_buf b = {0};
        for (xmlNode *t = s->children; t; t = t->next)
            if (t->content && !px_buf_append(&b, t->content, strlen((const char *)t->content)))
                break;
        if (!b.data) continue;
        for (size_t i = 0; i < b.len; i++)
            if ((unsigned char)b.data[i] < 0x20) b.data[i] = ' ';
        char *p = b.data;
        size_t n = b.len;
        while (n && (isspace((unsigned char)*p))) p++, n--;
        if (n >= 4 && memcmp(p, "<!--", 4) == 0) p += 4, n -= 4;
        if (n >= 11 && memcmp(p, "//<![CDATA[", 11) == 0) p += 11, n -= 11;
        while (n && (isspace((unsigned char)p[n - 1]) || p[n - 1] == ';')) n--;
        if (n >= 3 && memcmp(p + n - 3, "-->", 3) == 0) n -= 3;
        json_error_t je;
        json_t *root = json_loadb(p, n, JSON_DISABLE_EOF_CHECK | JSON_DECODE_ANY, &je);
        px_buf_free(&b);
        if (!root) continue;
        if (c->n_ld_roots >= 16) { json_decref(root); break; }
        c->ld_roots[c->n_ld_roots++] = root;
        const json_t *a = ld_find(root, 0);
        if (!a) continue;
        if (!c->ld_headline) c->ld_headline = json_string_value(json_object_get(a, "headline"));
        if (!c->ld_headline) c->ld_headline = json_string_value(json_object_get(a, "name"));
        if (!c->ld_date) c->ld_date = json_string_value(json_object_get(a, "datePublished"));
        if (!c->ld_date) c->ld_date = json_string_value(json_object_get(a, "dateCreated"));
        if (!c->ld_body) c->ld_body = json_string_value(json_object_get(a, "articleBody"));
        if (!c->ld_publisher) c->ld_publisher = ld_name(json_object_get(a, "publisher"));
        if (!c->ld_lang) c->ld_lang = json_string_value(json_object_get(a, "inLanguage"));
        if (c->ld_author.len == 0) {
            const json_t *au = json_object_get(a, "author");
            if (!au) au = json_object_get(a, "creator");
            if (json_is_array(au)) {
                size_t i;
                json_t *v;
                json_array_foreach(au, i, v) {
                    const char *nm = ld_name(v);
                    if (!nm || !*nm) continue;
                    if (c->ld_author.len) px_buf_append(&c->ld_author, ", ", 2);
                    px_buf_append(&c->ld_author, nm, strlen(nm));
                }
            } else {
                const char *nm = ld_name(au);
                if (nm && *nm) px_buf_append(&c->ld_author, nm, strlen(nm));
            }
        }
    }
}

/* ================================================================ small text utilities */

/* Copy s to the arena with whitespace collapsed and trimmed; NULL when s
 * is NULL or blank (or on no memory). */
static char *clean_dup(px_arena *a, const char *s, size_t n)
{
    if (!s) return NULL;
    char *out = px_arena_alloc(a, n + 1);
    if (!out) return NULL;
    size_t o = 0;
    bool sp = false;
    const unsigned char *u = (const unsigned char *)s;
    for (size_t i = 0; i < n;) {
        int k = space_len(u + i, n - i);
        if (k) { sp = true; i += k; continue; }
        if (sp && o) out[o++] = ' ';
        sp = false;
        out[o++] = s[i++];
    }
    out[o] = '\0';
    return o ? out : NULL;
}

/* The text of an element's subtree (all of it, hidden or not), collapsed,
 * in the arena, at most max bytes of source text. */
static char *node_text(px_arena *a, xmlNode *top, size_t max)
{
    px_buf b = {0};
    xmlNode *x = top->children;
    while (x && b.len < max) {
        if ((x->type == XML_TEXT_NODE) && x->content) {
            px_buf_append(&b, x->content, strlen((const char *)x->content));
            px_buf_putc(&b, ' ');
        }
        if (x->type == XML_ELEMENT_NODE && x->children &&
            !tag_dropped(tag_of((const char *)x->name))) {
            x = x->children;
            continue;
        }
        while (x && !x->next) {
            x = x->parent;
            if (x == top) x = NULL;
        }
        if (x) x = x->next;
    }
    char *r = b.data ? clean_dup(a, b.data, b.len) : NULL;
    px_buf_free(&b);
    return r;
}

/* The host of a URL ("https://www.example.com:80/x" -> "example.com"), in
 * the arena; NULL when the URL has none. */
static char *url_host(px_arena *a, const char *url)
{
    if (!url) return NULL;
    const char *p = strstr(url, "://");
    if (p) p += 3;
    else if (url[0] == '/' && url[1] == '/') p = url + 2;
    else return NULL;
    const char *at = NULL;
    const char *q = p;
    while (*q && *q != '/' && *q != '?' && *q != '#') {
        if (*q == '@') at = q;
        q++;
    }
    if (at) p = at + 1;
    const char *e = p;
    while (e < q && *e != ':') e++;
    if (e - p > 4 && strncasecmp(p, "www.", 4) == 0) p += 4;
    if (e <= p) return NULL;
    char *h = px_arena_strndup(a, p, (size_t)(e - p));
    if (h)
        for (char *t = h; *t; t++) *t = (char)tolower((unsigned char)*t);
    return h;
}

/* An absolute form of href against base (scheme-relative and
 * root-relative links only; others are kept as given). */
static char *url_resolve(px_arena *a, const char *href, const char *base)
{
    while (*href && isspace((unsigned char)*href)) href++;
    if (!*href) return NULL;
    if (strstr(href, "://")) return clean_dup(a, href, strlen(href));
    if (base && href[0] == '/' && href[1] == '/') {
        const char *colon = strstr(base, "://");
        size_t sl = colon ? (size_t)(colon - base) + 1 : 0;
        char *r = px_arena_alloc(a, sl + strlen(href) + 1);
        if (!r) return NULL;
        memcpy(r, base, sl);
        strcpy(r + sl, href);
        return r;
    }
    if (base && href[0] == '/') {
        const char *p = strstr(base, "://");
        if (!p) return clean_dup(a, href, strlen(href));
        p += 3;
        while (*p && *p != '/' && *p != '?' && *p != '#') p++;
        size_t bl = (size_t)(p - base);
        char *r = px_arena_alloc(a, bl + strlen(href) + 1);
        if (!r) return NULL;
        memcpy(r, base, bl);
        strcpy(r + bl, href);
        return r;
    }
    return clean_dup(a, href, strlen(href));
}

/* The primary language subtag of a tag ("en-US" -> "en"), lower case, in
 * the arena; NULL unless it is 2 or 3 letters. */
static char *lang_primary(px_arena *a, const char *l)
{
    if (!l) return NULL;
    while (*l && isspace((unsigned char)*l)) l++;
    size_t n = 0;
    while (isalpha((unsigned char)l[n])) n++;
    if (n < 2 || n > 3) return NULL;
    if (l[n] && l[n] != '-' && l[n] != '_' && l[n] != ',' && l[n] != ';' &&
        !isspace((unsigned char)l[n]))
        return NULL;
    char *r = px_arena_strndup(a, l, n);
    if (r)
        for (char *t = r; *t; t++) *t = (char)tolower((unsigned char)*t);
    return r;
}

/* A date in the URL path: /2019/06/25/, /2019-06-25, /20190625/ or
 * /2019/06/ give "2019-06-25" or "2019-06". Returns 1 and fills out. */
static int url_date(const char *url, char out[32])
{
    if (!url) return 0;
    const char *p = strstr(url, "://");
    p = p ? strchr(p + 3, '/') : url;
    if (!p) return 0;
    for (; *p; p++) {
        if (*p != '/' && *p != '-' && *p != '_') continue;
        const char *d = p + 1;
        if (!(isdigit((unsigned char)d[0]) && isdigit((unsigned char)d[1]) &&
              isdigit((unsigned char)d[2]) && isdigit((unsigned char)d[3])))
            continue;
        int y = atoi(d);
        if (y < 1990 || y > 2099) continue;
        const char *m = d + 4;
        int mo = -1, da = -1;
        if ((*m == '/' || *m == '-' || *m == '_') && isdigit((unsigned char)m[1]) &&
            isdigit((unsigned char)m[2])) {
            mo = (m[1] - '0') * 10 + (m[2] - '0');
            const char *dd = m + 3;
            if ((*dd == '/' || *dd == '-' || *dd == '_') && isdigit((unsigned char)dd[1]) &&
                isdigit((unsigned char)dd[2]) && !isdigit((unsigned char)dd[3]))
                da = (dd[1] - '0') * 10 + (dd[2] - '0');
            else if (*dd != '/')
                continue;
        } else if (isdigit((unsigned char)m[0]) && isdigit((unsigned char)m[1]) &&
                   isdigit((unsigned char)m[2]) && isdigit((unsigned char)m[3]) &&
                   !isdigit((unsigned char)m[4])) {
            mo = (m[0] - '0') * 10 + (m[1] - '0');
            da = (m[2] - '0') * 10 + (m[3] - '0');
        } else {
            continue;
        }
        if (mo < 1 || mo > 12) continue;
        if (da > 31 || da == 0) continue;
        if (da > 0) snprintf(out, 32, "%04d-%02d-%02d", y, mo, da);
        else snprintf(out, 32, "%04d-%02d", y, mo);
        return 1;
    }
    return 0;
}

/* Normalise a date through px_parse_date; on failure keep the raw string
 * (collapsed) when keep_raw. Returns the arena copy or NULL. */
static char *date_norm(px_arena *a, const char *s, bool keep_raw)
{
    if (!s) return NULL;
    while (*s && isspace((unsigned char)*s)) s++;
    size_t n = strlen(s);
    if (n == 0 || n > 200) return NULL;
    char iso[32];
    if (px_parse_date(s, n, iso)) return px_arena_strdup(a, iso);
    return keep_raw ? clean_dup(a, s, n) : NULL;
}

/* Trim a page title: "Headline | Site" -> "Headline" when a separator
 * leaves at least three words before it (or the part after it is the site
 * name). Returns an arena string. */
static char *title_trim(px_arena *a, const char *t, const char *site)
{
    char *s = clean_dup(a, t, strlen(t));
    if (!s) return NULL;
    static const char *const seps[] = {" | ", " - ", " \xE2\x80\x93 ", " \xE2\x80\x94 ",
                                       " :: ", " \xC2\xBB ", " \xC2\xAB ", " / ", " \xC2\xB7 "};
    char *best = NULL;
    for (size_t k = 0; k < sizeof seps / sizeof *seps; k++) {
        char *p = s, *last = NULL;
        while ((p = strstr(p, seps[k]))) { last = p; p += 1; }
        if (last && (!best || last > best)) best = last;
    }
    if (!best) return s;
    size_t seplen = 0;
    for (size_t k = 0; k < sizeof seps / sizeof *seps; k++)
        if (strncmp(best, seps[k], strlen(seps[k])) == 0) { seplen = strlen(seps[k]); break; }
    const char *after = best + seplen;
    int words = 1;
    for (const char *p = s; p < best; p++) words += *p == ' ';
    bool site_after = site && strcasecmp(after, site) == 0;
    if (words >= 3 || site_after) *best = '\0';
    return s;
}

/* Do a and b hold the same words (case and punctuation aside)? */
static bool same_text(const char *a, size_t an, const char *b, size_t bn)
{
    size_t i = 0, j = 0;
    for (;;) {
        while (i < an && !isalnum((unsigned char)a[i]) && (unsigned char)a[i] < 0x80) i++;
        while (j < bn && !isalnum((unsigned char)b[j]) && (unsigned char)b[j] < 0x80) j++;
        if (i >= an || j >= bn) return i >= an && j >= bn;
        if (tolower((unsigned char)a[i]) != tolower((unsigned char)b[j])) return false;
        i++, j++;
    }
}

/* ================================================================ the stage */

/* Collect the selected containers (top, and siblings that look like
 * content) into sel; returns their count. */
static int select_containers(ectx *c, int top, int *sel, int max)
{
    int n = 0;
    int parent = c->nodes[top].parent;
    if (parent < 0) {
        sel[n++] = top;
        return n;
    }
    float ts = c->nodes[top].score;
    float threshold = PX_MAX(PX_MIN(10.0f, ts * 0.5f), ts * 0.2f);
    const char *tcl = attr(c->nodes[top].x, "class");
    /* children of parent are the elements with parent index == parent */
    for (uint32_t i = (uint32_t)parent + 1; i < c->nodes[parent].end && n < max;
         i = c->nodes[i].end) {
        xnode *s = &c->nodes[i];
        if ((int)i == top) { sel[n++] = (int)i; continue; }
        if (s->flags & F_BOILER) continue;
        /* a list of linked headlines with blurbs is a news ticker, not more
         * of the article */
        if (s->n_li >= 3 && s->n_p == 0 && s->links * 5 >= s->chars) continue;
        bool ok = false;
        float bonus = 0;
        const char *scl = attr(s->x, "class");
        if (tcl && scl && *tcl && strcmp(tcl, scl) == 0) bonus = ts * 0.2f;
        if ((s->flags & F_SCORED) && s->score + bonus >= threshold) ok = true;
        else if (s->prose >= 140 && link_density(s) < 0.3f) ok = true;
        else if ((s->tag == T_UL || s->tag == T_OL || s->tag == T_DL || s->tag == T_TABLE) &&
                 s->chars >= 80 && link_density(s) < 0.15f)
            ok = true;
        else if (s->tag == T_P || (s->tag == T_DIV && leaf_block(c, (int)i))) {
            float ld = link_density(s);
            if (s->chars > 80 && ld < 0.25f) ok = true;
            else if (s->chars > 0 && s->chars <= 80 && ld == 0) {
                char *t = node_text(c->arena, s->x, 400);
                if (t && (strstr(t, ". ") || t[strlen(t) - 1] == '.')) ok = true;
            }
        }
        if (ok) sel[n++] = (int)i;
    }
    if (n == 0) sel[n++] = top;
    return n;
}

/* Does the paragraph s[0..n) open with a short label ending in a colon
 * ("Read more:", "VEA TAMBIÉN:") before anything else? */
static bool cross_ref_label(const char *s, size_t n)
{
    size_t lim = PX_MIN(n, (size_t)60);
    for (size_t i = 0; i < lim; i++) {
        if (s[i] == ':') return i > 1;
        if (s[i] == '.' || s[i] == '\n') return false;
    }
    return false;
}

/* Join the emitter's paragraphs into the arena body, leaving out a
 * leading heading that repeats the title and paragraphs made only of
 * link text or of one furniture word. Returns the body (NULL when empty). */
static char *join_paras(px_arena *a, emitter *e, const char *title, const char *h1,
                        size_t *len_out)
{
    size_t total = 0;
    for (size_t i = 0; i < e->n; i++) total += e->paras[i].len + 2;
    char *out = px_arena_alloc(a, total + 1);
    if (!out) { *len_out = SIZE_MAX; return NULL; }
    size_t o = 0;
    size_t kept = 0;
    for (size_t i = 0; i < e->n; i++) {
        para *p = &e->paras[i];
        const char *s = e->buf.data + p->start;
        if (kept < 3 && title && same_text(s, p->len, title, strlen(title))) continue;
        if (kept < 3 && h1 && same_text(s, p->len, h1, strlen(h1))) continue;
        if (p->chars > 0 && p->links * 10 >= p->chars * 9 && p->chars < 200 &&
            !tag_heading(p->tag))
            continue;
        /* "Read more: <link>", "Lea también: <link>": a cross-reference */
        if (p->links * 2 >= p->chars && p->first_link > 0 && p->first_link < 40 &&
            p->chars < 300 && cross_ref_label(s, p->len))
            continue;
        if (o) { out[o++] = '\n'; out[o++] = '\n'; }
        memcpy(out + o, s, p->len);
        o += p->len;
        kept++;
    }
    out[o] = '\0';
    *len_out = o;
    return o ? out : NULL;
}

/* Count the characters (code points, whitespace runs as one) of s. */
static size_t text_chars(const char *s)
{
    size_t n = 0;
    if (!s) return 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) n += (*p & 0xC0) != 0x80;
    return n;
}

/* Decode the HTML character reference at s[0..n) (s[0] == '&') into out
 * (>= 4 bytes). Returns the bytes consumed (0 when it is not one) and sets
 * *outlen. Only numeric references and the few named ones JSON-LD carries. */
static size_t entity(const char *s, size_t n, char *out, int *outlen)
{
    static const struct { const char *name; const char *utf8; } named[] = {
        {"amp;", "&"}, {"quot;", "\""}, {"apos;", "'"}, {"lt;", "<"}, {"gt;", ">"},
        {"nbsp;", " "}, {"rsquo;", "\xE2\x80\x99"}, {"lsquo;", "\xE2\x80\x98"},
        {"rdquo;", "\xE2\x80\x9D"}, {"ldquo;", "\xE2\x80\x9C"},
        {"mdash;", "\xE2\x80\x94"}, {"ndash;", "\xE2\x80\x93"},
        {"hellip;", "\xE2\x80\xA6"},
    };
    if (n >= 3 && s[1] == '#') {
        size_t i = 2;
        int base = 10;
        if (s[i] == 'x' || s[i] == 'X') base = 16, i++;
        long v = 0;
        size_t d0 = i;
        while (i < n && i < d0 + 7 && isxdigit((unsigned char)s[i]) &&
               (base == 16 || isdigit((unsigned char)s[i]))) {
            int dv = isdigit((unsigned char)s[i]) ? s[i] - '0' : (tolower((unsigned char)s[i]) - 'a' + 10);
            v = v * base + dv;
            i++;
        }
        if (i == d0 || i >= n || s[i] != ';') return 0;
        if (v <= 0 || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) v = 0xFFFD;
        *outlen = px_utf8_encode((int32_t)v, out);
        return i + 1;
    }
    for (size_t k = 0; k < sizeof named / sizeof *named; k++) {
        size_t m = strlen(named[k].name);
        if (n > m && memcmp(s + 1, named[k].name, m) == 0) {
            *outlen = (int)strlen(named[k].utf8);
            memcpy(out, named[k].utf8, (size_t)*outlen);
            return m + 1;
        }
    }
    return 0;
}

/* Turn an articleBody (plain text, sometimes with tags, character
 * references or newlines) into paragraphs in the arena: a newline run
 * becomes a paragraph break, tags become spaces. */
static char *ld_body_text(px_arena *a, const char *s, size_t *len)
{
    size_t n = strlen(s);
    if (n > SIZE_MAX / 3 - 8) return NULL;
    char *out = px_arena_alloc(a, 3 * n + 8);
    if (!out) return NULL;
    size_t o = 0;
    bool in_tag = false, sp = false;
    int nl = 0;
    for (size_t i = 0; i < n; i++) {
        char ch = s[i];
        if (ch == '<' && i + 1 < n && (isalpha((unsigned char)s[i + 1]) || s[i + 1] == '/')) {
            in_tag = true;
            if (strncasecmp(s + i + 1, "p", 1) == 0 || strncasecmp(s + i + 1, "/p", 2) == 0 ||
                strncasecmp(s + i + 1, "br", 2) == 0)
                nl++;
            continue;
        }
        if (in_tag) {
            if (ch == '>') { in_tag = false; sp = true; }
            continue;
        }
        if (ch == '\n') { nl++; continue; }
        if (ch == ' ' || ch == '\t' || ch == '\r') { sp = true; continue; }
        if (o && nl) { out[o++] = '\n'; out[o++] = '\n'; }
        else if (o && sp) out[o++] = ' ';
        nl = 0;
        sp = false;
        char tmp[8];
        int tl = 0;
        size_t used = ch == '&' ? entity(s + i, n - i, tmp, &tl) : 0;
        if (used) {
            memcpy(out + o, tmp, (size_t)tl);
            o += (size_t)tl;
            i += used - 1;
        } else {
            out[o++] = ch;
        }
    }
    out[o] = '\0';
    *len = o;
    return o ? out : NULL;
}

/* Find the article in the parsed page and write its text to the arena:
 * itemprop=articleBody when it holds real text, else the best-scoring
 * container and its content-like siblings, else the whole body with the
 * furniture left out. A leading heading equal to the title or the first
 * h1 is dropped. Returns the text (NULL when none); *nomem on no memory. */
static char *article_text(ectx *c, const char *title, const char *h1, bool whole_body,
                          size_t *blen, bool *nomem)
{
    int top = -1, sel[64], nsel = 0;
    for (size_t i = 0; i < c->n && nsel < 64; i++) {
        if (!(c->nodes[i].flags & F_BODYPROP)) continue;
        if (c->nodes[i].chars >= 200) {
            sel[nsel++] = (int)i;
            i = c->nodes[i].end - 1;
        }
    }
    if (nsel == 0) {
        top = find_top(c);
        if (top >= 0) nsel = select_containers(c, top, sel, 64);
    }
    if (nsel == 0 && c->body >= 0 && whole_body) sel[nsel++] = c->body;
    emitter e;
    memset(&e, 0, sizeof e);
    for (int k = 0; k < nsel; k++) emit_subtree(c, &e, sel[k]);
    em_close(&e);
    char *body = NULL;
    *blen = 0;
    if (!e.nomem) {
        body = join_paras(c->arena, &e, title, h1, blen);
        if (!body && *blen == SIZE_MAX) e.nomem = true;
    }
    *nomem = e.nomem;
    free(e.paras);
    px_buf_free(&e.buf);
    return body;
}

/* See internal.h. Steps: bytes to UTF-8, strip script/style bodies,
 * parse, element records, JSON-LD, metadata, the article (with a relaxed
 * retry when the first try finds under 250 characters, and JSON-LD
 * articleBody when the page's text is much shorter), byline, date.
 * Returns PX_OK, PX_ERR_EMPTY (no text), PX_ERR_NOMEM, PX_ERR_TOOBIG (over
 * 1 GiB before or after conversion: libxml2 takes int lengths) or
 * PX_ERR_ARG. */
px_status px_extract_html(px_arena *arena, const char *html, size_t len,
                          const char *url_hint, const char *charset_hint,
                          px_extracted *out, px_error *err)
{
    if (!arena || !out || (!html && len))
        return px_fail(err, PX_ERR_ARG, NULL, PX_NO_OFFSET, "px_extract_html: bad arguments");
    memset(out, 0, sizeof *out);
    if (len > INT_MAX / 2)
        return px_fail(err, PX_ERR_TOOBIG, NULL, PX_NO_OFFSET,
                       "web page of %zu bytes is too large", len);

    px_buf u8 = {0};
    const char *text = NULL;
    size_t text_len = 0;
    px_status st = page_to_utf8(&u8, html ? html : "", len, charset_hint, &text, &text_len);
    if (st != PX_OK) {
        px_buf_free(&u8);
        return px_fail(err, st, NULL, PX_NO_OFFSET, "no memory to convert the page to UTF-8");
    }
    if (!text) {
        text = u8.data;
        text_len = u8.len;
    }
    if (text_len > INT_MAX / 2) {
        /* a legacy charset can triple the size in UTF-8 */
        px_buf_free(&u8);
        return px_fail(err, PX_ERR_TOOBIG, NULL, PX_NO_OFFSET,
                       "web page of %zu bytes in UTF-8 is too large", text_len);
    }
    px_buf lean = {0};
    if (!strip_raw(&lean, text, text_len)) {
        px_buf_free(&u8);
        return px_fail(err, PX_ERR_NOMEM, NULL, PX_NO_OFFSET, "no memory to copy the page");
    }
    px_buf_free(&u8);
    text = lean.data;
    text_len = lean.len;
    if (text_len == 0) {
        px_buf_free(&lean);
        return px_fail(err, PX_ERR_EMPTY, NULL, PX_NO_OFFSET, "empty web page");
    }

    xmlInitParser();
    ectx c;
    memset(&c, 0, sizeof c);
    c.arena = arena;
    c.body = -1;
    c.doc = htmlReadMemory(text, (int)text_len, NULL, "UTF-8",
                           HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                               HTML_PARSE_NONET | HTML_PARSE_COMPACT);
    px_buf_free(&lean);
    xmlNode *root = c.doc ? xmlDocGetRootElement(c.doc) : NULL;
    if (!root) {
        ctx_free(&c);
        return px_fail(err, PX_ERR_EMPTY, NULL, PX_NO_OFFSET, "no HTML elements in the page");
    }
    if (!build_nodes(&c, root)) {
        ctx_free(&c);
        return px_fail(err, PX_ERR_NOMEM, NULL, PX_NO_OFFSET, "no memory for the page's elements");
    }
    ld_collect(&c);

    /* ---- metadata */
    out->url = NULL;
    if (c.link_canonical) out->url = url_resolve(arena, c.link_canonical, url_hint);
    if (!out->url && c.meta_url) out->url = url_resolve(arena, c.meta_url, url_hint);
    if (!out->url && url_hint) out->url = clean_dup(arena, url_hint, strlen(url_hint));

    if (c.meta_site) out->source = clean_dup(arena, c.meta_site, strlen(c.meta_site));
    if (!out->source && c.ld_publisher)
        out->source = clean_dup(arena, c.ld_publisher, strlen(c.ld_publisher));
    if (!out->source) out->source = url_host(arena, out->url ? out->url : url_hint);
    if (!out->source && url_hint) out->source = url_host(arena, url_hint);

    out->lang = lang_primary(arena, c.html_lang);
    if (!out->lang) out->lang = lang_primary(arena, c.meta_locale);
    if (!out->lang) out->lang = lang_primary(arena, c.meta_lang);
    if (!out->lang) out->lang = lang_primary(arena, c.ld_lang);

    /* ---- the article */
    const char *title_src = c.meta_title ? c.meta_title : c.ld_headline;
    char *title = NULL;
    if (title_src) title = title_trim(arena, title_src, c.meta_site);
    if (!title && c.first_h1) title = node_text(arena, c.first_h1, 2000);
    if (!title && c.doc_title) title = title_trim(arena, c.doc_title, c.meta_site);
    out->title = title;
    char *h1 = c.first_h1 ? node_text(arena, c.first_h1, 2000) : NULL;

    size_t blen = 0;
    bool nomem = false;
    char *body = article_text(&c, title, h1, false, &blen, &nomem);
    if (!nomem && text_chars(body) < 250) {
        /* too little: try again with class hints off (Readability's retry) */
        size_t l2 = 0;
        mark_boiler(&c, true);
        for (size_t i = 0; i < c.n; i++) c.nodes[i].flags &= ~F_SCORED, c.nodes[i].score = 0;
        char *b2 = article_text(&c, title, h1, true, &l2, &nomem);
        if (b2 && text_chars(b2) > text_chars(body)) body = b2, blen = l2;
    }
    if (nomem) {
        ctx_free(&c);
        return px_fail(err, PX_ERR_NOMEM, NULL, PX_NO_OFFSET, "no memory for the article text");
    }
    /* JSON-LD articleBody when the page's own text is much shorter */
    if (c.ld_body) {
        size_t lb = 0;
        char *ldt = ld_body_text(arena, c.ld_body, &lb);
        if (ldt && text_chars(ldt) >= 200 && (!body || text_chars(body) * 2 < text_chars(ldt))) {
            body = ldt;
            blen = lb;
        }
    }
    if (!body || blen == 0) {
        ctx_free(&c);
        return px_fail(err, PX_ERR_EMPTY, NULL, PX_NO_OFFSET, "no article text in the web page");
    }
    out->body = body;
    out->body_len = blen;
    if (!out->title && c.doc_title) out->title = title_trim(arena, c.doc_title, NULL);

    /* ---- byline */
    if (c.meta_author) out->byline = clean_dup(arena, c.meta_author, strlen(c.meta_author));
    if (!out->byline && c.ld_author.len)
        out->byline = clean_dup(arena, c.ld_author.data, c.ld_author.len);
    if (!out->byline && c.rel_author) out->byline = node_text(arena, c.rel_author, 300);
    if (!out->byline && c.byline_el) {
        char *b = node_text(arena, c.byline_el, 300);
        if (b && strlen(b) < 120) out->byline = b;
    }
    if (out->byline && strncasecmp(out->byline, "by ", 3) == 0) out->byline += 3;

    /* ---- date */
    char *date = date_norm(arena, c.ld_date, false);
    if (!date) date = date_norm(arena, c.meta_date, false);
    if (!date && c.time_el) {
        const char *dt = attr(c.time_el, "datetime");
        if (!dt) dt = attr(c.time_el, "content");
        date = date_norm(arena, dt, false);
        if (!date) {
            char *t = node_text(arena, c.time_el, 200);
            date = date_norm(arena, t, false);
        }
    }
    if (!date) {
        char iso[32];
        if (url_date(out->url, iso) || url_date(url_hint, iso)) date = px_arena_strdup(arena, iso);
    }
    if (!date) {
        /* the text: an element whose class names a date, short enough to be one */
        for (size_t i = 0; i < c.n && !date; i++) {
            const char *cl = attr(c.nodes[i].x, "class");
            if (!cl || c.nodes[i].chars > 60 || c.nodes[i].chars < 6) continue;
            if (!memcase(cl, strlen(cl), "date") && !memcase(cl, strlen(cl), "time") &&
                !memcase(cl, strlen(cl), "publish"))
                continue;
            char *t = node_text(arena, c.nodes[i].x, 200);
            date = date_norm(arena, t, false);
        }
    }
    if (!date) date = date_norm(arena, c.ld_date ? c.ld_date : c.meta_date, true);
    out->date = date;

    ctx_free(&c);
    return PX_OK;
}
