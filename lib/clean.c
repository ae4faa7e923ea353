/*
 * clean.c - stage 3: split the body into paragraphs, take leading metadata,
 * find a title line, and remove page furniture.
 *
 * Lines. The body (doc->body_span) is cut at '\n'; each line is trimmed of
 * spaces (ASCII and Unicode). The same lines are found in doc->fold, which
 * keeps '\n' one to one, so every rule looks at the case-folded line and
 * spans go back to doc->text through doc->fold_map.
 *
 * Paragraphs. Blank lines separate blocks. Inside a block each line is its
 * own paragraph (scraped text usually puts one paragraph per line), except
 * that a line is joined to the one before it when that one does not end a
 * sentence and this one starts with a lower-case letter: a hard-wrapped
 * paragraph stays one paragraph. A removed line always ends a paragraph.
 * Paragraph spans are trimmed and fall on character boundaries.
 *
 * Top of the body (before the first kept line): lines such as "date
 * 2019-06-25", "Published: ...", "By Jane Doe", "Source: ...", "URL: ..."
 * or a bare URL become doc->date (ISO 8601 via px_parse_date), byline,
 * source, url when those are unset, and are removed as "metadata" or
 * "byline". A metadata prefix glued to prose ("date 2019-06-25 The United
 * States is ...") is removed alone; the rest of the line stays. When the
 * record had no title, a short line followed by longer text becomes the
 * title (doc->title, doc->title_span) and is not a paragraph. Lines near
 * the top repeating the title are removed as "duplicate-title".
 *
 * Furniture anywhere, by the shape of a line and a few words per language
 * (en de fr es it pt nl pl tr ar ru zh), never by one site's strings:
 * "separator" (only symbols), "advertisement" (Anzeige, Publicidad ...),
 * "icon-run" (many short tokens sharing a suffix or repeating, no
 * sentence), "ui-line" (mostly UI words: print, email, menu, Facebook ...),
 * "share-prompt", "related-link" ("Also on site.com ...", "Related: ...",
 * "Lesen Sie auch"), "read-more", "photo-credit" and "caption" (a credit
 * "Photo: AP", "(Foto: dpa)", "Image: ...", or a caption ending in a bare
 * "More"), "newsletter", "cookie", "subscription", "copyright", "wire-
 * boilerplate" ("___", "Information from: ...", "(Reporting by ...)",
 * agency credit lines such as "Quelle: APA"), "social" (only handles and
 * hashtags), "contact" (press-contact blocks, phone and e-mail lines),
 * "link" (a bare URL below the top), "duplicate" (a short line repeating
 * an earlier one), "byline" (author initials such as "leo/ae" below the
 * last prose line). Follow-us prompts count as "social". A line that reads
 * as prose (ending a sentence, 8+ words) is only removed by rules that look
 * at its start or end, or by prompts that address the reader; a long
 * paragraph ending in a photo credit loses only the credit.
 *
 * Cost: one pass over each line's bytes to measure it, then the rules;
 * keyword lists are sorted and searched in halves, so a 4 KB article
 * takes some µs.
 *
 * With keep_all nothing is removed or taken: every non-blank line is a
 * paragraph.
 *
 * Guarantees: any doc->text is accepted (lines of any length, no lines,
 * invalid spans are clamped); arrays and strings are arena-allocated;
 * removed spans never overlap kept paragraphs; no global mutable state.
 */
#define _GNU_SOURCE   /* memmem */
#include "internal.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* ------------------------------------------------------------ lines */

enum { END_NONE = 0, END_SENT, END_COLON, END_OTHER };

typedef struct line {
    uint32_t s, e;          /* trimmed span in doc->text; s == e: blank */
    uint32_t fs, fe;        /* the same line in doc->fold */
    uint32_t keep;          /* kept part starts here (> s when a prefix went) */
    uint32_t kend;          /* kept part ends here (< e when a tail went) */
    uint16_t words;         /* space-separated tokens, + ideographs / 2 */
    uint16_t chars;         /* characters (capped) */
    uint8_t end;            /* END_*: how the line ends */
    bool lower;             /* starts with a lower-case letter */
    bool title;             /* became the title */
    const char *reason;     /* why removed (whole line, or the prefix) */
} line;

#define MAX_TOKS 64

typedef struct tok {
    uint32_t s, e;          /* in doc->fold, punctuation stripped */
} tok;

/* Everything the rules need: the document and its lines. */
typedef struct cleaner {
    px_doc *doc;
    const char *f;          /* doc->fold */
    line *lines;
    uint32_t n;
    uint32_t tfs, tfe;      /* the title in the fold, tfs == tfe: none */
} cleaner;

/* Is the byte at p a space in the fold (every Unicode space folds to ' ')? */
static inline bool fsp(char c) { return c == ' ' || c == '\t'; }

/* Length of the space character at s[i..len) of doc->text (ASCII blank,
 * NBSP, U+2000..U+200B, U+202F, U+205F, U+3000, U+FEFF, soft hyphen), or 0. */
static int text_space(const unsigned char *s, size_t i, size_t len)
{
    unsigned c = s[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f') return 1;
    if (c < 0xC2) return 0;
    int32_t cp;
    int n = px_utf8_decode(s + i, len - i, &cp);
    if (cp == 0xA0 || cp == 0xAD || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200D) ||
        cp == 0x202F || cp == 0x205F || cp == 0x2060 || cp == 0x3000 || cp == 0xFEFF)
        return n;
    return 0;
}

/* Start of the character that ends at or before position i (> lo) in s. */
static size_t char_back(const unsigned char *s, size_t lo, size_t i)
{
    size_t p = i - 1;
    while (p > lo && (s[p] & 0xC0) == 0x80) p--;
    return p;
}

/* Trim spaces off text[*a..*b) in place. */
static void trim_text(const char *text, uint32_t *a, uint32_t *b)
{
    const unsigned char *u = (const unsigned char *)text;
    while (*a < *b) {
        int n = text_space(u, *a, *b);
        if (!n) break;
        *a += (uint32_t)n;
    }
    while (*b > *a) {
        size_t p = char_back(u, *a, *b);
        int n = text_space(u, p, *b);
        if (!n || p + (size_t)n != *b) break;
        *b = (uint32_t)p;
    }
}

/* Is cp a sentence end (. ! ? … and their CJK/Arabic forms)? */
static bool sent_end(int32_t cp)
{
    return cp == '.' || cp == '!' || cp == '?' || cp == 0x2026 || cp == 0x3002 ||
           cp == 0xFF01 || cp == 0xFF1F || cp == 0x061F || cp == 0xFF0E || cp == 0x06D4;
}

/* Is cp a closing quote or bracket that may follow a sentence end? */
static bool closer(int32_t cp)
{
    return cp == '"' || cp == '\'' || cp == ')' || cp == ']' || cp == 0x201D ||
           cp == 0x2019 || cp == 0x00BB || cp == 0x201C || cp == 0x00AB ||
           cp == 0x300D || cp == 0x300F || cp == 0x203A || cp == 0xFF09;
}

/* Fill the shape fields of l: words, chars, how it ends, lower-case
 * start. Long lines are measured on their first 4 KB only (enough for
 * every rule). */
static void measure(const char *text, line *l)
{
    const unsigned char *u = (const unsigned char *)text;
    uint32_t s = l->keep, e = l->e;
    /* one vectorisable pass: a word starts after each run of blanks (the
     * line is trimmed, so the first word is counted up front); lead bytes
     * E3..ED are CJK, kana or Hangul characters */
    unsigned words = 1, ideos = 0, chars = 0;
    uint32_t lim = e - s > 4096 ? s + 4096 : e;
    const unsigned char *p = u + s;
    size_t n = lim - s;
    size_t i = 0;
    /* blocks of 16 with a fixed inner count, which the compiler vectorises
     * at -O2 (a loop of unknown count it leaves alone) */
    for (; i + 17 <= n; i += 16) {
        unsigned w16 = 0, c16 = 0, i16 = 0;
        for (size_t k = 0; k < 16; k++) {
            unsigned char b = p[i + k], nb = p[i + k + 1];
            w16 += (unsigned)((b == ' ') & (nb != ' '));
            c16 += (unsigned)((b & 0xC0) != 0x80);
            i16 += (unsigned)((unsigned char)(b - 0xE3) <= 0x0A);
        }
        words += w16;
        chars += c16;
        ideos += i16;
    }
    for (; i + 1 < n; i++) {
        unsigned char b = p[i], nb = p[i + 1];
        words += (unsigned)((b == ' ') & (nb != ' '));
        chars += (unsigned)((b & 0xC0) != 0x80);
        ideos += (unsigned)((unsigned char)(b - 0xE3) <= 0x0A);
    }
    chars += (p[n - 1] & 0xC0) != 0x80;
    if (ideos && words < ideos) words--;   /* CJK: count ideographs instead */
    if (lim < e) {
        words += (e - lim) / 6;
        chars += e - lim;
    }
    words += ideos / 2;
    l->words = (uint16_t)PX_MIN(words, 65535u);
    l->chars = (uint16_t)PX_MIN(chars, 65535u);

    /* the end: skip closing quotes and brackets */
    l->end = END_NONE;
    uint32_t b = e;
    while (b > s) {
        size_t p = char_back(u, s, b);
        int32_t cp;
        px_utf8_decode(u + p, b - p, &cp);
        if (closer(cp)) {
            b = (uint32_t)p;
            continue;
        }
        if (sent_end(cp)) l->end = END_SENT;
        else if (cp == ':' || cp == 0xFF1A) l->end = END_COLON;
        else if (cp == ',' || cp == ';' || cp == 0x060C) l->end = END_OTHER;
        break;
    }

    /* a lower-case start: the first letter */
    l->lower = false;
    for (uint32_t i = s; i < e;) {
        int32_t cp;
        int n = px_utf8_decode(u + i, e - i, &cp);
        if (cp >= 'a' && cp <= 'z') {
            l->lower = true;
            break;
        }
        if (cp < 0x80 && ((cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9'))) break;
        if (cp >= 0x80) {
            int cat = utf8proc_category(cp);
            if (cat == UTF8PROC_CATEGORY_LL) {
                l->lower = true;
                break;
            }
            if (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO) break;
            if (cat == UTF8PROC_CATEGORY_ND) break;
        }
        i += (uint32_t)n;
    }
}

/* Does the line read as prose: several words and a sentence end, or very
 * long? Rules that judge a line by its words leave prose alone. */
static bool prose(const line *l)
{
    return (l->end == END_SENT && l->words >= 8) || l->words >= 40 ||
           (l->end == END_COLON && l->words >= 12);
}

/* Split the body into lines, trim them, find them in the fold, measure
 * them. Returns false on no memory. */
static bool split_lines(cleaner *c)
{
    px_doc *d = c->doc;
    uint32_t bs = PX_MIN(d->body_span.start, d->text_len);
    uint32_t be = PX_MIN(PX_MAX(d->body_span.end, bs), d->text_len);
    const char *t = d->text;

    uint32_t count = 1;
    for (const char *p = t + bs; (p = memchr(p, '\n', (size_t)(t + be - p))) != NULL; p++)
        count++;
    c->lines = calloc(count, sizeof *c->lines);
    if (!c->lines) return false;

    /* the fold offset of the body start: first fold byte mapped >= bs */
    uint32_t lo = 0, hi = d->fold_len;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (d->fold_map[mid] < bs) lo = mid + 1;
        else hi = mid;
    }
    uint32_t fp = lo;

    uint32_t n = 0, tp = bs;
    while (n < count) {
        const char *nl = memchr(t + tp, '\n', be - tp);
        uint32_t te = nl ? (uint32_t)(nl - t) : be;
        const char *fnl = fp < d->fold_len ? memchr(c->f + fp, '\n', d->fold_len - fp) : NULL;
        uint32_t fe = fnl ? (uint32_t)(fnl - c->f) : d->fold_len;
        if (fe > fp && d->fold_map[fe - 1] >= te) {
            /* the fold and text disagree (cannot happen with text.c's
             * fold); fall back to the fold bytes mapped inside the line */
            fe = fp;
            while (fe < d->fold_len && d->fold_map[fe] < te) fe++;
        }
        line *l = &c->lines[n++];
        l->s = tp;
        l->e = te;
        trim_text(t, &l->s, &l->e);
        l->keep = l->s;
        l->kend = l->e;
        l->fs = fp;
        l->fe = fe;
        while (l->fs < l->fe && fsp(c->f[l->fs])) l->fs++;
        while (l->fe > l->fs && fsp(c->f[l->fe - 1])) l->fe--;
        if (l->s < l->e) measure(t, l);
        else l->fs = l->fe;
        if (!nl) break;
        tp = te + 1;
        fp = fe < d->fold_len ? fe + 1 : fe;
    }
    c->n = n;
    return true;
}

/* ------------------------------------------------------------ matching */

/* If the pattern p (folded, NUL-terminated) matches the fold at h[0..hn),
 * return the number of bytes of h it covers, else 0. A U+0307 in h that
 * p lacks is skipped, so "ilgili" matches the fold of "İlgili". */
static size_t match_at(const char *h, size_t hn, const char *p)
{
    size_t i = 0;
    for (; *p; p++) {
        if (i + 1 < hn && (unsigned char)h[i] == 0xCC && (unsigned char)h[i + 1] == 0x87 &&
            !((unsigned char)p[0] == 0xCC && (unsigned char)p[1] == 0x87))
            i += 2;
        if (i >= hn || h[i] != *p) return 0;
        i++;
    }
    return i;
}

/* Is h[i] the end of a word: the end of h, or a byte that is not an ASCII
 * letter or digit and not part of a multi-byte letter? Multi-byte
 * characters count as letters except the common punctuation that follows
 * words. */
static bool word_end(const char *h, size_t hn, size_t i)
{
    if (i >= hn) return true;
    unsigned char c = (unsigned char)h[i];
    if (c < 0x80) return !((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80);
    if (c == 0xE2 || c == 0xEF || c == 0xE3 || c == 0xC2) return true; /* punctuation blocks */
    if (c == 0xD8 && i + 1 < hn && ((unsigned char)h[i + 1] == 0x8C || (unsigned char)h[i + 1] == 0x9B ||
                                     (unsigned char)h[i + 1] == 0x9F))
        return true;  /* Arabic comma, semicolon, question mark */
    return false;
}

/* Length in h of the first pattern of list that matches at h's start and
 * ends at a word end, 0 when none does. */
static size_t starts_any(const char *h, size_t hn, const char *const *list)
{
    if (hn == 0) return 0;
    for (; *list; list++) {
        if ((*list)[0] != h[0]) continue;
        size_t m = match_at(h, hn, *list);
        size_t pl = strlen(*list);
        if (m && (word_end(h, hn, m) || !((unsigned char)(*list)[pl - 1] >= 'a' &&
                                          (unsigned char)(*list)[pl - 1] <= 'z')))
            return m;
    }
    return 0;
}

/* Position of the first occurrence of p in h[0..hn), or SIZE_MAX. */
static size_t find(const char *h, size_t hn, const char *p)
{
    size_t pl = strlen(p);
    if (pl == 0 || pl > hn) return SIZE_MAX;
    const char *q = h, *end = h + hn;
    while ((q = memchr(q, p[0], (size_t)(end - q))) != NULL) {
        if (match_at(q, (size_t)(end - q), p)) return (size_t)(q - h);
        q++;
    }
    return SIZE_MAX;
}

/* Does h contain any pattern of list? */
static bool has_any(const char *h, size_t hn, const char *const *list)
{
    for (; *list; list++)
        if (find(h, hn, *list) != SIZE_MAX) return true;
    return false;
}

/* Is the token w[0..n) (folded) in the list of count words, sorted by
 * bytes? Binary search; a U+0307 (from a folded "İ") is ignored. */
static bool in_sorted(const char *w, size_t n, const char *const *list, size_t count)
{
    char buf[64];
    if (n < sizeof buf && memchr(w, 0xCC, n)) {
        size_t k = 0;
        for (size_t i = 0; i < n; i++) {
            if (i + 1 < n && (unsigned char)w[i] == 0xCC && (unsigned char)w[i + 1] == 0x87) {
                i++;
                continue;
            }
            buf[k++] = w[i];
        }
        w = buf;
        n = k;
    }
    size_t lo = 0, hi = count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const char *e = list[mid];
        size_t j = 0;
        while (j < n && e[j] && w[j] == e[j]) j++;
        int r;
        if (j < n && e[j]) r = (unsigned char)w[j] < (unsigned char)e[j] ? -1 : 1;
        else if (j < n) r = 1;          /* e is a proper prefix of w */
        else r = e[j] ? -1 : 0;         /* w is a prefix of e, or equal */
        if (r == 0) return true;
        if (r < 0) hi = mid;
        else lo = mid + 1;
    }
    return false;
}

/* in_sorted() over a NULL-terminated static list. */
#define in_set(w, n, list) in_sorted((w), (n), (list), sizeof(list) / sizeof(*(list)) - 1)

/* Is the byte sequence at f[i..e) a punctuation character to strip from
 * a token's ends? Returns its length or 0. */
static int tok_punct(const char *f, uint32_t i, uint32_t e)
{
    unsigned char c = (unsigned char)f[i];
    if (c < 0x80) {
        if (c == '@' || c == '#' || c == '&' || c == '%' || c == '$') return 0;
        return (c >= 0x21 && c <= 0x2F) || (c >= 0x3A && c <= 0x40) ||
               (c >= 0x5B && c <= 0x60) || (c >= 0x7B && c <= 0x7E);
    }
    int32_t cp;
    int n = px_utf8_decode((const unsigned char *)f + i, e - i, &cp);
    if (cp == 0xB7 || cp == 0x2022 || cp == 0x2026 || cp == 0x060C || cp == 0x061F ||
        cp == 0x061B || cp == 0x3001 || cp == 0x3002 || cp == 0xFF1A || cp == 0xFF0C ||
        cp == 0xFF01 || cp == 0xFF1F || cp == 0x25BA || cp == 0x25B6 || cp == 0x203A ||
        cp == 0x00A9 || cp == 0x2192 || cp == 0xBB || cp == 0xAB)
        return n;
    return 0;
}

/* Cut the fold line f[s..e) into tokens at spaces (and, with slash, at
 * '/' and '-' too), punctuation stripped from their ends; tokens made only
 * of punctuation are left out. Fills at most MAX_TOKS and returns how many
 * tokens there are in all. */
static unsigned tokens(const char *f, uint32_t s, uint32_t e, bool slash, tok *out)
{
    unsigned n = 0;
    uint32_t i = s;
    while (i < e) {
        while (i < e && (fsp(f[i]) || (slash && (f[i] == '/' || f[i] == '-')))) i++;
        if (i >= e) break;
        uint32_t a = i;
        while (i < e && !fsp(f[i]) && !(slash && (f[i] == '/' || f[i] == '-'))) i++;
        uint32_t b = i;
        for (int k; a < b && (k = tok_punct(f, a, b)) > 0;) a += (uint32_t)k;
        while (b > a) {
            size_t p = char_back((const unsigned char *)f, a, b);
            int k = tok_punct(f, (uint32_t)p, b);
            if (!k || p + (size_t)k != b) break;
            b = (uint32_t)p;
        }
        if (a < b) {
            if (n < MAX_TOKS) out[n] = (tok){a, b};
            n++;
        }
    }
    return n;
}

/* ------------------------------------------------------------ word lists */

/* All lists are in the matching form (case-folded: ß -> ss). Lists used
 * with in_set() are single words sorted by bytes (binary search); keep
 * them sorted. */

/* Interface words: sharing, navigation, account, comments, media. */
static const char *const ui_words[] = {
    "a", "a+", "a-", "abmelden", "abone", "afdrukken", "all", "altro", "anmelden",
    "anterior", "ara", "artikel", "audio", "auf", "back", "beliebt", "bild", "bilder",
    "bookmark", "buscar", "cancel", "cerca", "cerrar", "chiudi", "close", "collapse",
    "comentar", "comentarios", "comentários", "comment", "commentaires", "commenter",
    "commenti", "comments", "compartilhar", "compartir", "condividi", "connexion",
    "copy", "dakika", "delen", "download", "drucken", "drukuj", "e-mail", "einer",
    "email", "embed", "enviar", "envoyer", "expand", "facebook", "fechar", "feed",
    "fermer", "flipboard", "folgen", "follow", "font", "foto", "fotos", "fullscreen",
    "galeri", "gallery", "giriş", "guardar", "haber", "haberi", "haberleri", "hide",
    "home", "image", "images", "imprimer", "imprimir", "in", "inhalt", "instagram",
    "invia", "kapat", "kaydet", "komentarze", "kommentare", "kommentieren", "kopieren",
    "latest", "lesen", "letti", "leídas", "lidas", "like", "link", "linkedin", "listen",
    "loading", "log", "login", "logout", "lus", "mail", "mais", "mas", "meer", "mehr",
    "meistgelesen", "meistgelesene", "menu", "merken", "messenger", "more", "most",
    "mute", "más", "nachste", "najnowsze", "następny", "navigation", "neueste", "next",
    "nächste", "of", "ok", "ol", "on", "out", "page", "partager", "partilhar", "pause",
    "paylas", "paylaş", "photos", "pinterest", "play", "plus", "pocket", "popolari",
    "poprzedni", "populair", "popular", "populares", "popularne", "precedente", "prev",
    "previous", "print", "précédent", "próximo", "read", "reageren", "rechercher",
    "recommended", "reddit", "register", "registrieren", "retour", "rss", "récents",
    "salva", "save", "schliessen", "search", "seite", "send", "share", "shared",
    "shares", "show", "sign", "siguiente", "size", "skip", "sluiten", "son", "sonraki",
    "speichern", "stampa", "stories", "subscribe", "successivo", "suche", "suchen",
    "suivant", "szukaj", "teilen", "telegram", "tendances", "text", "themen", "to",
    "toggle", "top", "trending", "tumblr", "tweet", "tweeten", "twitter", "udostępnij",
    "ultime", "unmute", "up", "us", "versenden", "video", "videos", "videosu", "view",
    "viewed", "vk", "volgende", "volver", "vorherige", "vorige", "watch", "weiter",
    "weiterleiten", "whatsapp", "więcej", "x", "xing", "yap", "yazdır", "yorum",
    "yorumlar", "youtube", "zamknij", "zapisz", "zoeken", "zoom", "zuruck", "zurück",
    "önceki", "últimas", "далее", "еще", "ещё", "закрыть", "комментарии", "назад",
    "печать", "поделиться", "поиск", "أرسل", "إغلاق", "التالي", "التعليقات", "السابق",
    "المزيد", "بحث", "تعليق", "تعليقات", "حفظ", "شارك", "طباعة", "مشاركة", "关闭", "分享",
    "打印", "搜索", "收藏", "更多", "评论", "返回",
    NULL
};

/* Calls to follow the site elsewhere. */
static const char *const follow_starts[] = {
    "follow us", "folgen sie uns", "suivez-nous", "suivez nous", "síguenos", "siguenos",
    "seguici", "siga-nos", "volg ons", "obserwuj nas", "bizi takip edin", "تابعونا",
    "تابعنا", "подписывайтесь", "关注我们", NULL
};

/* Phrases of advertisement markers that carry no ad word themselves. */
static const char *const ad_phrases[] = {
    "continues below", "continue reading below", "continues after", "nach der anzeige",
    NULL
};

/* Words that make a line a share prompt. */
static const char *const share_words[] = {
    "compartelo", "compartilhar", "compartilhe", "compartir", "compártelo",
    "condividere", "condividi", "deel", "delen", "jetzt teilen", "partager", "partagez",
    "partilhar", "partilhe", "paylas", "paylaş", "share", "teilen", "udostępnij",
    "поделитесь", "поделиться", "شارك", "分享",
    NULL
};

/* Words that, with a share word, show a prompt rather than news about
 * shares ("Share this", "Share it with a friend"). */
static const char *const share_ctx[] = {
    "amigos", "amis", "article", "articolo", "artigo", "artikel", "artykuł", "artículo",
    "beitrag", "bu", "cet", "diesen", "dit", "este", "freunden", "friend", "friends",
    "haberi", "it", "jetzt", "noticia", "novedad", "now", "page", "post", "questo",
    "seite", "story", "ten", "this", "via", "your", "статью", "эту", "الخبر", "هذا",
    NULL
};

/* Advertisement markers (sorted). */
static const char *const ad_words[] = {
    "ad", "ads", "advertentie", "advertisement", "advertisements", "advertising",
    "anzeige", "anzeigen", "gesponsert", "patrocinado", "pubblicità", "publicidad",
    "publicidade", "publicite", "publicité", "reklam", "reklama", "sponsored",
    "sponsorisé", "werbung", "реклама", "إعلان", "اعلان", "广告",
    NULL
};

/* Words that may stand with an ad word: "Story continues below advertisement". */
static const char *const ad_filler[] = {
    "after", "and", "après", "article", "below", "content", "continue", "continues",
    "continúa", "de", "der", "después", "l'article", "la", "lesen", "nach", "noticia",
    "publicité", "reading", "scroll", "sie", "sigue", "story", "suite", "the", "to",
    "unter", "weiter", "weiterlesen",
    NULL
};

/* Line starts that announce a link to another article and never start a
 * sentence of reporting. */
static const char *const related_strong[] = {
    "related:", "read also", "also read", "lesen sie auch", "lesen sie mehr",
    "das könnte sie auch interessieren", "das konnte sie auch interessieren",
    "lea también", "lee también", "lea tambien", "lee tambien", "à lire aussi",
    "a lire aussi", "lire aussi", "leggi anche", "leia também", "leia tambem",
    "veja também", "veja tambem", "lees ook", "zobacz też", "zobacz także",
    "czytaj też", "czytaj także", "przeczytaj też", "przeczytaj także",
    "ilgili haber", "ilgili haberler", "اقرأ أيضا", "اقرأ أيضاً", "إقرأ أيضا",
    "إقرأ أيضاً", "اقرأ ايضا", "إقرأ ايضا", "شاهد أيضا", "شاهد أيضاً", "читайте также",
    "相关阅读", "相关新闻", "延伸阅读", "推荐阅读", NULL
};

/* Line starts that announce a link when a link follows them (": ...") or
 * the line is short; they may also begin ordinary sentences. */
static const char *const related_starts[] = {
    "related articles", "related stories", "related story", "related news",
    "related coverage", "related content", "see also", "recommended:", "more on this",
    "more from", "also see", "mehr zum thema", "auch interessant", "zum thema",
    "te puede interesar", "le puede interesar", "ver también", "voir aussi",
    "à voir aussi", "sur le même sujet", "vedi anche", "saiba mais", "zie ook",
    "bunlar da ilginizi", "قد يهمك", "مواضيع ذات صلة", "смотрите также", NULL
};

/* Line starts (or whole lines) that point to the rest of an article. */
static const char *const readmore_starts[] = {
    "read more", "more here", "read the full", "continue reading", "click here",
    "weiterlesen", "mehr lesen", "mehr dazu", "hier weiterlesen", "zum artikel",
    "lire la suite", "en savoir plus", "leer más", "leer mas", "seguir leyendo",
    "continua a leggere", "leggi tutto", "ler mais", "continue lendo", "lees meer",
    "lees verder", "czytaj więcej", "czytaj dalej", "daha fazla", "devamını oku",
    "devami", "devamı", "haberin devamı", "اقرأ المزيد", "إقرأ المزيد", "اقرا المزيد",
    "читать далее", "подробнее", "阅读更多", "阅读全文", NULL
};

/* Bare "more" words that end a caption ("... affairs. More"). */
static const char *const more_words[] = {
    "altro", "devamı", "mais", "mas", "meer", "mehr", "more", "más", "plus", "więcej",
    "еще", "ещё", "المزيد", "更多",
    NULL
};

/* Words that label a photo credit when a ':' follows them (sorted). */
static const char *const credit_labels[] = {
    "bild", "bilder", "bildquelle", "credit", "credits", "foto", "fotografie",
    "fotos", "fotoğraf", "görsel", "image", "imagem", "imagen", "images", "immagine",
    "immagini", "imágenes", "photo", "photograph", "photography", "photos", "picture",
    "pictured", "pictures", "zdjęcia", "zdjęcie", "фото", "الصورة", "صورة", "图", "图片",
    NULL
};

/* Words of a prompt's address to the reader: you, your, we, our (sorted). */
static const char *const address_words[] = {
    "bizim", "ihnen", "jij", "nasz", "nasze", "nos", "nossa", "nosso", "nostra",
    "nostri", "nostro", "notre", "nous", "nuestra", "nuestras", "nuestro", "nuestros",
    "ons", "onze", "our", "sen", "seu", "siz", "sua", "tu", "tua", "tuo", "twój", "ty",
    "tú", "unser", "unsere", "unserem", "unseren", "us", "usted", "uw", "voce", "você",
    "voi", "vos", "votre", "vous", "we", "wir", "you", "your", "вас", "ваш", "вы",
    "наш", "أنت", "انت", "你", "您", "我们",
    NULL
};

/* German formal address, which is the reader only when capitalised
 * inside a sentence. */
static const char *const formal_you[] = {
    "ihnen", "ihr", "ihre", "ihrem", "ihren", "ihrer", "sie",
    NULL
};


/* Keywords of prompts, footers and wire boilerplate, matched at the
 * start of a word (and then as a prefix: "subscri" finds "subscribers").
 * Sorted by bytes for binary search (keep it sorted). */
enum {
    KW_NEWSLETTER = 1, KW_COOKIE = 2, KW_COOKIE_STRONG = 4, KW_SUBSCRIPTION = 8,
    KW_RIGHTS = 16, KW_WIRE = 32
};

typedef struct kw {
    const char *p;
    unsigned kind;
} kw;

static const kw keywords[] = {
    {"abbonamento", KW_SUBSCRIPTION},
    {"abbonarsi", KW_SUBSCRIPTION},
    {"abbonati", KW_SUBSCRIPTION},
    {"abo ", KW_SUBSCRIPTION},
    {"abone ol", KW_SUBSCRIPTION},
    {"abone olun", KW_SUBSCRIPTION},
    {"abonnee", KW_SUBSCRIPTION},
    {"abonneer", KW_SUBSCRIPTION},
    {"abonnement", KW_SUBSCRIPTION},
    {"abonnent", KW_SUBSCRIPTION},
    {"abonnez", KW_SUBSCRIPTION},
    {"abonnieren", KW_SUBSCRIPTION},
    {"abonné", KW_SUBSCRIPTION},
    {"ad blocker", KW_COOKIE | KW_COOKIE_STRONG},
    {"adblock", KW_COOKIE | KW_COOKIE_STRONG},
    {"all rights reserved", KW_RIGHTS},
    {"alle rechte vorbehalten", KW_RIGHTS},
    {"alle rechten voorbehouden", KW_RIGHTS},
    {"assinante", KW_SUBSCRIPTION},
    {"assinatura", KW_SUBSCRIPTION},
    {"assine", KW_SUBSCRIPTION},
    {"browser", KW_COOKIE | KW_COOKIE_STRONG},
    {"bulten", KW_NEWSLETTER},
    {"bülten", KW_NEWSLETTER},
    {"contributed reporting", KW_WIRE},
    {"contributed to this report", KW_WIRE},
    {"contributed to this story", KW_WIRE},
    {"cookie", KW_COOKIE | KW_COOKIE_STRONG},
    {"datenschutz", KW_COOKIE},
    {"datenschutzbestimmungen", KW_COOKIE_STRONG},
    {"datenschutzerklarung", KW_COOKIE},
    {"datenschutzerklärung", KW_COOKIE | KW_COOKIE_STRONG},
    {"datenschutzrichtlinie", KW_COOKIE_STRONG},
    {"dow jones newswires", KW_WIRE},
    {"gizlilik", KW_COOKIE},
    {"informativa sulla privacy", KW_COOKIE},
    {"inscreva-se", KW_NEWSLETTER},
    {"inscrivez vous", KW_NEWSLETTER},
    {"inscrivez-vous", KW_NEWSLETTER},
    {"iscriviti", KW_NEWSLETTER},
    {"javascript", KW_COOKIE | KW_COOKIE_STRONG},
    {"may not be published, broadcast or", KW_WIRE},
    {"may not be published, broadcast, rewritten", KW_WIRE},
    {"navegador", KW_COOKIE},
    {"navigateur", KW_COOKIE},
    {"newsletter", KW_NEWSLETTER},
    {"nieuwsbrief", KW_NEWSLETTER},
    {"paywall", KW_SUBSCRIPTION},
    {"politique de confidentialité", KW_COOKIE},
    {"política de privacidad", KW_COOKIE},
    {"política de privacidade", KW_COOKIE},
    {"premium", KW_SUBSCRIPTION},
    {"prenumerat", KW_SUBSCRIPTION},
    {"privacy policy", KW_COOKIE | KW_COOKIE_STRONG},
    {"registrate", KW_NEWSLETTER},
    {"regístrate", KW_NEWSLETTER},
    {"sign up", KW_NEWSLETTER},
    {"signup", KW_NEWSLETTER},
    {"subscribe", KW_SUBSCRIPTION},
    {"subscriber", KW_SUBSCRIPTION},
    {"subscription", KW_SUBSCRIPTION},
    {"suscribete", KW_NEWSLETTER},
    {"suscripción", KW_SUBSCRIPTION},
    {"suscriptor", KW_SUBSCRIPTION},
    {"suscríbase", KW_SUBSCRIPTION},
    {"suscríbete", KW_NEWSLETTER},
    {"terms of service", KW_COOKIE},
    {"terms of use", KW_COOKIE},
    {"todos los derechos reservados", KW_RIGHTS},
    {"todos os direitos reservados", KW_RIGHTS},
    {"tous droits de reproduction", KW_RIGHTS},
    {"tous droits reserves", KW_RIGHTS},
    {"tous droits réservés", KW_RIGHTS},
    {"tum haklari saklidir", KW_RIGHTS},
    {"tutti i diritti riservati", KW_RIGHTS},
    {"tüm hakları saklıdır", KW_RIGHTS},
    {"werbeblocker", KW_COOKIE | KW_COOKIE_STRONG},
    {"wszelkie prawa zastrzeżone", KW_RIGHTS},
    {"zapisz się", KW_NEWSLETTER},
    {"çerez", KW_COOKIE},
    {"übermittelt durch news aktuell", KW_WIRE},
    {"все права защищены", KW_RIGHTS},
    {"куки", KW_COOKIE},
    {"подписк", KW_SUBSCRIPTION},
    {"подпишитесь", KW_SUBSCRIPTION},
    {"подпишитесь на рассылку", KW_NEWSLETTER},
    {"اشترك", KW_SUBSCRIPTION},
    {"اشترك لتصلك", KW_NEWSLETTER},
    {"جميع الحقوق محفوظة", KW_RIGHTS},
    {"ملفات تعريف الارتباط", KW_COOKIE | KW_COOKIE_STRONG},
    {"版权所有", KW_RIGHTS},
    {"订阅", KW_NEWSLETTER},
};

/* For each first byte, the range [lo, hi) of keywords[] starting with it
 * (generated from keywords[]; regenerate when it changes). */
static const uint8_t keyword_range[256][2] = {
    [0x61] = {0, 21}, [0x62] = {21, 24}, [0x63] = {24, 28}, [0x64] = {28, 34},
    [0x67] = {34, 35}, [0x69] = {35, 40}, [0x6A] = {40, 41}, [0x6D] = {41, 43},
    [0x6E] = {43, 47}, [0x70] = {47, 54}, [0x72] = {54, 56}, [0x73] = {56, 66},
    [0x74] = {66, 76}, [0x77] = {76, 78}, [0x7A] = {78, 79}, [0xC3] = {79, 81},
    [0xD0] = {81, 86}, [0xD8] = {86, 89}, [0xD9] = {89, 90}, [0xE7] = {90, 91},
    [0xE8] = {91, 92},
};

/* Line starts of wire-service boilerplate. */
static const char *const wire_starts[] = {
    "information from:", "(reporting by", "reporting by", "(additional reporting by",
    "additional reporting by", "(writing by", "writing by", "(editing by", "editing by",
    "(compiled by", "(end)", "original-content von:", "(reportage", "(información de",
    "mit material von", "mit material der", "(mit material", NULL
};


/* News agencies, as credit lines name them. */
static const char *const agencies[] = {
    "aa", "afp", "agences", "agencias", "agencies", "agenturen", "agenzie", "anadolu",
    "anp", "ansa", "ap", "apa", "ats", "belga", "ddp", "dha", "dpa", "efe", "epd",
    "europa press", "europapress", "iha", "kna", "kuna", "kyodo", "mena", "ots", "pap",
    "petra", "qna", "reuters", "ria", "rnd", "sana", "sda", "sid", "spa", "tass", "upi",
    "wam", "xinhua", "yonhap", "интерфакс", "рейтер", "риа", "тасс", "أ ف ب", "أ.ف.ب",
    "الأناضول", "بترا", "تاس", "د.ب.أ", "رويترز", "سانا", "قنا", "كونا", "واس", "وام",
    "وكالات", "中新社", "新华社",
    NULL
};

/* Labels of a source credit ("Quelle: APA", "Kaynak: AA"). */
static const char *const source_labels[] = {
    "agence", "agencia", "agency", "agentur", "and", "bron", "by", "e", "et", "fonte",
    "fuente", "fuentes", "i", "ile", "kaynak", "mit", "quelle", "quellen", "source",
    "sources", "und", "ve", "von", "with", "y", "źródło", "источник", "المصادر",
    "المصدر", "و", "来源",
    NULL
};

/* Labels that open a press-contact block ("Pressekontakt:"). */
static const char *const contact_labels[] = {
    "pressekontakt", "kontakt", "contact", "contacts", "press contact",
    "media contact", "media contacts", "press office", "pressestelle",
    "rückfragen bitte an", "ruckfragen bitte an", "medienrückfragen bitte an",
    "rückfragehinweis", "für rückfragen", "contacto", "contato", "contatto",
    "contact presse", "iletişim", "kontakt dla mediów", "للتواصل", "контакты",
    "联系方式", NULL
};

/* Line starts of contact details. */
static const char *const contact_starts[] = {
    "tel.:", "tel:", "tel.", "telefon:", "telephone:", "phone:", "fax:", "telefax:",
    "e-mail:", "email:", "mail:", "homepage:", "internet:", "web:", "website:",
    "teléfono:", "téléphone:", "telefone:", "telefono:", "tél.:", "tél:", "mobil:",
    "mobile:", "handy:", NULL
};

/* Labels of leading metadata lines. */
static const char *const date_labels[] = {
    "date", "dated", "published on", "published", "posted on", "posted",
    "last updated on", "last updated", "updated on", "updated", "first published",
    "datum", "veröffentlicht am", "veröffentlicht", "aktualisiert am", "aktualisiert",
    "erstellt am", "stand", "fecha", "publicado el", "publicado", "actualizado el",
    "actualizado", "publié le", "publié", "mis à jour le", "mis à jour", "data",
    "pubblicato il", "pubblicato", "aggiornato il", "aggiornato", "atualizado em",
    "atualizado", "publicado em", "gepubliceerd op", "gepubliceerd", "bijgewerkt op",
    "bijgewerkt", "opublikowano", "aktualizacja", "tarih", "yayınlanma", "yayinlanma",
    "güncelleme", "guncelleme", "güncellenme", "التاريخ", "تاريخ النشر", "نشر في",
    "آخر تحديث", "опубликовано", "дата", "обновлено", "发布时间", "更新时间", "日期",
    NULL
};

/* Words that introduce a byline ("By", "Von", "Por", "Par", "كتب"). */
static const char *const byline_labels[] = {
    "by", "von", "por", "par", "di", "door", "autor:", "autorin:", "autore:", "auteur:",
    "author:", "authors:", "written by", "yazan:", "muhabir:", "haber:", "بقلم", "كتب",
    "كتبت", "автор:", "作者", "reporter:", "redaktion:", NULL
};

/* Labels of a source line at the top. */
static const char *const source_meta_labels[] = {
    "source:", "quelle:", "fuente:", "fonte:", "źródło:", "kaynak:", "bron:",
    "المصدر:", "источник:", "来源:", "来源：", "outlet:", "publisher:", "site:", NULL
};

/* Labels of a URL line at the top. */
static const char *const url_labels[] = {
    "url:", "link:", "source url:", "original url:", "permalink:", NULL
};

/* Connectors allowed between the names of a byline. */
static const char *const name_joiners[] = {
    "&", "al", "and", "bin", "da", "de", "del", "der", "di", "e", "el", "en", "et", "i",
    "ibn", "la", "le", "und", "van", "ve", "von", "y", "и", "و",
    NULL
};

/* ------------------------------------------------------------ helpers */

/* The fold of line l: h[0..hn). */
static void lfold(const cleaner *c, const line *l, const char **h, size_t *hn)
{
    *h = c->f + l->fs;
    *hn = l->fe - l->fs;
}

/* Does the token w[0..n) hold a letter (ASCII or any multi-byte
 * character that is not punctuation or a symbol)? */
static bool tok_has_letter(const char *w, size_t n)
{
    for (size_t i = 0; i < n;) {
        unsigned char ch = (unsigned char)w[i];
        if (ch < 0x80) {
            if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z')) return true;
            i++;
            continue;
        }
        int32_t cp;
        int k = px_utf8_decode((const unsigned char *)w + i, n - i, &cp);
        if (cp > 0) {
            int cat = utf8proc_category(cp);
            if (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO) return true;
        }
        i += (size_t)k;
    }
    return false;
}

/* Is the token only digits and number punctuation? */
static bool tok_number(const char *w, size_t n)
{
    bool digit = false;
    for (size_t i = 0; i < n; i++) {
        char ch = w[i];
        if (ch >= '0' && ch <= '9') digit = true;
        else if (ch != '.' && ch != ',' && ch != ':' && ch != '/' && ch != '-' && ch != '(' &&
                 ch != ')' && ch != '+')
            return false;
    }
    return digit;
}

/* Does the text line contain a letter or digit at all? (Only symbols and
 * punctuation otherwise: a separator.) */
static bool text_has_alnum(const char *text, uint32_t s, uint32_t e)
{
    const unsigned char *u = (const unsigned char *)text;
    for (uint32_t i = s; i < e;) {
        if (u[i] < 0x80) {
            unsigned ch = u[i];
            if ((ch >= '0' && ch <= '9') || ((ch | 32) >= 'a' && (ch | 32) <= 'z')) return true;
            i++;
            continue;
        }
        int32_t cp;
        int k = px_utf8_decode(u + i, e - i, &cp);
        if (cp > 0) {
            int cat = utf8proc_category(cp);
            if ((cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO) ||
                (cat >= UTF8PROC_CATEGORY_ND && cat <= UTF8PROC_CATEGORY_NO))
                return true;
        }
        i += (uint32_t)k;
    }
    return false;
}

/* Does the token (in the fold) start with an upper-case letter in the
 * text? The fold is lower case, so look at the text through the map. */
static bool tok_capital(const cleaner *c, const tok *t)
{
    const px_doc *d = c->doc;
    uint32_t at = d->fold_map[t->s];
    int32_t cp;
    px_utf8_decode((const unsigned char *)d->text + at, d->text_len - at, &cp);
    if (cp >= 'A' && cp <= 'Z') return true;
    if (cp < 0x80) return false;
    int cat = utf8proc_category(cp);
    return cat == UTF8PROC_CATEGORY_LU || cat == UTF8PROC_CATEGORY_LT ||
           cat == UTF8PROC_CATEGORY_LO;   /* scripts without case count as names */
}

/* Is the token a URL or a domain name ("rt.com", "https://...")? */
static bool tok_url(const char *w, size_t n)
{
    if (match_at(w, n, "http://") || match_at(w, n, "https://") || match_at(w, n, "www."))
        return true;
    /* a domain: letters, a dot, 2..6 letters at the end */
    size_t dot = SIZE_MAX;
    for (size_t i = 0; i < n; i++) {
        char ch = w[i];
        if (ch == '.') dot = i;
        else if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-')) return false;
    }
    return dot != SIZE_MAX && dot > 0 && n - dot - 1 >= 2 && n - dot - 1 <= 6 &&
           w[dot + 1] >= 'a' && w[dot + 1] <= 'z';
}

/* Does the fold line look like a bare URL (one token, a URL)? */
static bool bare_url(const char *h, size_t hn)
{
    if (!(match_at(h, hn, "http://") || match_at(h, hn, "https://") || match_at(h, hn, "www.")))
        return false;
    for (size_t i = 0; i < hn; i++)
        if (fsp(h[i])) return false;
    return true;
}

/* ------------------------------------------------------------ metadata */

/* Find the longest run of up to 8 tokens of f[s..e) (from its start) that
 * px_parse_date reads; tokens are only taken while they hold a digit or a
 * later one within the run does ("June 25, 2019", "Tue, 25 Jun 2019 10:00").
 * Returns the fold offset just past the date (s when none) and fills iso. */
static uint32_t date_extent(const cleaner *c, uint32_t s, uint32_t e, char iso[32])
{
    const px_doc *d = c->doc;
    uint32_t ends[8];
    int nt = 0;
    uint32_t i = s;
    int last_digit = -1;
    while (nt < 8 && i < e) {
        while (i < e && fsp(c->f[i])) i++;
        if (i >= e) break;
        uint32_t a = i;
        bool digit = false;
        while (i < e && !fsp(c->f[i])) {
            if (c->f[i] >= '0' && c->f[i] <= '9') digit = true;
            i++;
        }
        if (i - a > 40) break;
        ends[nt] = i;
        if (digit) last_digit = nt;
        nt++;
    }
    for (int k = last_digit; k >= 0; k--) {
        uint32_t ts = d->fold_map[s], te = d->fold_map[ends[k]];
        if (ends[k] >= d->fold_len) te = d->text_len;
        if (te <= ts || te - ts > 120) continue;
        char out[32];
        /* strip a trailing comma or "|" before parsing */
        uint32_t pe = te;
        while (pe > ts && (d->text[pe - 1] == ',' || d->text[pe - 1] == '|' ||
                           d->text[pe - 1] == ';'))
            pe--;
        if (px_parse_date(d->text + ts, pe - ts, out)) {
            memcpy(iso, out, 32);
            return ends[k];
        }
    }
    return s;
}

/* Skip spaces and one ':' (or '-', '|') after a label in the fold. */
static uint32_t after_label(const char *f, uint32_t i, uint32_t e)
{
    while (i < e && fsp(f[i])) i++;
    if (i < e && (f[i] == ':' || f[i] == '-' || f[i] == '|')) i++;
    else if (i + 3 <= e && (unsigned char)f[i] == 0xEF && (unsigned char)f[i + 1] == 0xBC &&
             (unsigned char)f[i + 2] == 0x9A)
        i += 3;   /* full-width colon */
    while (i < e && fsp(f[i])) i++;
    return i;
}

/* Set *field to an arena copy of doc->text[s..e) unless it is set already.
 * Returns false on no memory. */
static bool set_meta(px_doc *d, char **field, uint32_t s, uint32_t e)
{
    if (*field || e <= s) return true;
    trim_text(d->text, &s, &e);
    if (e <= s) return true;
    *field = px_arena_strndup(&d->arena, d->text + s, e - s);
    return *field != NULL;
}

/* Text offset of fold offset fo (fo may be the fold's end). */
static uint32_t t_at(const cleaner *c, uint32_t fo)
{
    return c->doc->fold_map[PX_MIN(fo, c->doc->fold_len)];
}

/* Is line l a leading metadata line? Fills the document's metadata, sets
 * l->reason and, when the metadata is only a prefix of the line, l->keep
 * to where the rest starts. Returns 1 when it took something, 0 when not,
 * -1 on no memory. */
static int take_metadata(cleaner *c, line *l)
{
    px_doc *d = c->doc;
    const char *h;
    size_t hn;
    lfold(c, l, &h, &hn);
    char iso[32];

    /* a date label, then a date; prose may follow on the same line */
    size_t m = starts_any(h, hn, date_labels);
    if (m) {
        uint32_t ds = after_label(c->f, l->fs + (uint32_t)m, l->fe);
        uint32_t de = date_extent(c, ds, l->fe, iso);
        if (de > ds) {
            if (!d->date && !(d->date = px_arena_strdup(&d->arena, iso))) return -1;
            l->reason = "metadata";
            uint32_t rest = de;
            while (rest < l->fe && (fsp(c->f[rest]) || c->f[rest] == '|' || c->f[rest] == ',' ||
                                    c->f[rest] == '-'))
                rest++;
            if (rest < l->fe) l->keep = t_at(c, rest);
            return 1;
        }
    }
    /* a line that is only a date (and a time: "01. Januar 2020, 18:06 Uhr") */
    if (l->words <= 8) {
        uint32_t de = date_extent(c, l->fs, l->fe, iso);
        bool rest_ok = de > l->fs;
        if (rest_ok && de < l->fe) {
            tok t[MAX_TOKS];
            unsigned nt = tokens(c->f, de, l->fe, false, t);
            for (unsigned k = 0; k < PX_MIN(nt, (unsigned)MAX_TOKS) && rest_ok; k++) {
                const char *w = c->f + t[k].s;
                size_t n = t[k].e - t[k].s;
                bool digit = false;
                for (size_t j = 0; j < n; j++) digit |= w[j] >= '0' && w[j] <= '9';
                if (!digit && n > 4 && !starts_any(w, n, date_labels) &&
                    !px_weekday_name(w, n, NULL))
                    rest_ok = false;
            }
        }
        if (rest_ok) {
            if (!d->date && !(d->date = px_arena_strdup(&d->arena, iso))) return -1;
            l->reason = "metadata";
            return 1;
        }
    }
    /* source and url labels */
    m = starts_any(h, hn, source_meta_labels);
    if (m && l->words <= 8) {
        uint32_t vs = after_label(c->f, l->fs + (uint32_t)m, l->fe);
        if (!set_meta(d, &d->source, t_at(c, vs), l->e)) return -1;
        l->reason = "metadata";
        return 1;
    }
    m = starts_any(h, hn, url_labels);
    if (m) {
        uint32_t vs = after_label(c->f, l->fs + (uint32_t)m, l->fe);
        if (bare_url(c->f + vs, l->fe - vs)) {
            if (!set_meta(d, &d->url, t_at(c, vs), l->e)) return -1;
            l->reason = "metadata";
            return 1;
        }
    }
    if (bare_url(h, hn)) {
        if (!set_meta(d, &d->url, l->s, l->e)) return -1;
        l->reason = "metadata";
        return 1;
    }
    /* a byline: "By Jane Doe and John Roe", names capitalised */
    m = starts_any(h, hn, byline_labels);
    if (m && l->words <= 10 && l->end != END_SENT) {
        uint32_t vs = after_label(c->f, l->fs + (uint32_t)m, l->fe);
        tok t[MAX_TOKS];
        unsigned nt = tokens(c->f, vs, l->fe, false, t);
        if (nt >= 1 && nt <= 8) {
            unsigned names = 0, other = 0;
            for (unsigned k = 0; k < nt; k++) {
                if (in_set(c->f + t[k].s, t[k].e - t[k].s, name_joiners)) continue;
                if (tok_capital(c, &t[k])) names++;
                else other++;
            }
            if (names >= 1 && other <= names / 3 && tok_capital(c, &t[0])) {
                /* the byline ends at a "|" or " - " (outlet after it) */
                uint32_t be = l->fe;
                for (uint32_t i = vs; i + 2 < l->fe; i++)
                    if (fsp(c->f[i]) && (c->f[i + 1] == '|' || c->f[i + 1] == '-') &&
                        fsp(c->f[i + 2])) {
                        be = i;
                        break;
                    }
                if (!set_meta(d, &d->byline, t_at(c, vs), t_at(c, be))) return -1;
                l->reason = "byline";
                return 1;
            }
        }
    }
    return 0;
}

/* ------------------------------------------------------------ title */

/* Compare fold ranges, ignoring final punctuation and spaces. Returns
 * 2 when they are equal, 1 when a is a prefix of b ending at a word end,
 * 0 otherwise; *alen (may be NULL) gets the compared length of a. */
static int fold_cmp(const char *f, uint32_t as, uint32_t ae, uint32_t bs, uint32_t be,
                    uint32_t *alen)
{
    while (ae > as && (fsp(f[ae - 1]) || f[ae - 1] == '.' || f[ae - 1] == ':' ||
                       f[ae - 1] == '|' || f[ae - 1] == '-'))
        ae--;
    while (be > bs && (fsp(f[be - 1]) || f[be - 1] == '.' || f[be - 1] == ':' ||
                       f[be - 1] == '|' || f[be - 1] == '-'))
        be--;
    uint32_t al = ae - as, bl = be - bs;
    if (alen) *alen = al;
    if (al == 0 || al > bl) return 0;
    if (memcmp(f + as, f + bs, al) != 0) return 0;
    if (al == bl) return 2;
    return word_end(f + bs, bl, al) && !((unsigned char)f[bs + al] >= 0x80) ? 1 : 0;
}

/* Does line l repeat the title? Sets the reason (and l->keep when the
 * title is only the start of a longer line whose rest begins a new
 * sentence). Returns true when it did. */
static bool dup_title(cleaner *c, line *l)
{
    if (c->tfs >= c->tfe || l->title) return false;
    uint32_t tl;
    int r = fold_cmp(c->f, c->tfs, c->tfe, l->fs, l->fe, &tl);
    if (r == 2) {
        l->reason = "duplicate-title";
        return true;
    }
    if (r == 1 && tl >= 20) {
        /* title glued to the lead: keep what follows when it starts anew */
        uint32_t rest = l->fs + tl;
        while (rest < l->fe && (fsp(c->f[rest]) || c->f[rest] == '|' || c->f[rest] == '-' ||
                                c->f[rest] == ':' || c->f[rest] == '.'))
            rest++;
        if (rest >= l->fe) {
            l->reason = "duplicate-title";
            return true;
        }
        uint32_t at = t_at(c, rest);
        int32_t cp;
        px_utf8_decode((const unsigned char *)c->doc->text + at, c->doc->text_len - at, &cp);
        bool upper = (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9') || cp == '"' ||
                     cp == 0x201C || cp == 0x201E || cp == 0xAB ||
                     (cp >= 0x80 && utf8proc_category(cp) == UTF8PROC_CATEGORY_LU);
        if (upper) {
            l->reason = "duplicate-title";
            l->keep = at;
            return true;
        }
        return false;
    }
    /* a line that is the start of the title (a cut-off repeat) */
    if (fold_cmp(c->f, l->fs, l->fe, c->tfs, c->tfe, NULL) == 1 && (l->fe - l->fs) * 10 >= tl * 6 &&
        l->words >= 3) {
        l->reason = "duplicate-title";
        return true;
    }
    return false;
}

/* ------------------------------------------------------------ furniture */

/* Bytes after which a word starts: spaces and opening punctuation. */
static const bool word_sep[256] = {
    [' '] = true, ['\t'] = true, ['('] = true, ['['] = true, ['"'] = true, ['\''] = true,
    ['/'] = true, ['-'] = true, ['|'] = true, [':'] = true, ['>'] = true, ['*'] = true,
};

/* The KW_* kinds of the keywords that occur at word starts in h[0..hn).
 * One pass: at each word start, a binary search for the last keyword
 * not above the text there, then that one and the few before it with
 * the same first byte are tried as prefixes. */
static unsigned scan_keywords(const char *h, size_t hn)
{
    unsigned found = 0;
    size_t i = 0;
    while (i < hn && word_sep[(unsigned char)h[i]]) i++;
    for (; i < hn; i++) {
        /* i is a word start; move on to the next one afterwards */
        const uint8_t *r = keyword_range[(unsigned char)h[i]];
        size_t at = i;
        while (i < hn && !word_sep[(unsigned char)h[i]]) i++;
        while (i + 1 < hn && word_sep[(unsigned char)h[i + 1]]) i++;
        if (r[0] == r[1]) continue;
        size_t lo = r[0], hi = r[1];   /* first entry > text */
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            const char *e = keywords[mid].p;
            size_t j = 0, rest = hn - at;
            while (e[j] && j < rest && e[j] == h[at + j]) j++;
            /* e > text when it differs upwards or runs past the line */
            bool above = e[j] && (j >= rest || (unsigned char)e[j] > (unsigned char)h[at + j]);
            if (!above) lo = mid + 1;
            else hi = mid;
        }
        for (size_t k = lo, tries = 0; k-- > r[0] && tries < 8; tries++) {
            const char *e = keywords[k].p;
            /* going down the sorted bucket: once the second byte is below
             * the text's, no earlier entry can be a prefix of it */
            if (at + 1 < hn && e[1] && (unsigned char)e[1] < (unsigned char)h[at + 1]) break;
            size_t j = 0, rest = hn - at;
            while (e[j] && j < rest && e[j] == h[at + j]) j++;
            if (!e[j]) found |= keywords[k].kind;
        }
    }
    return found;
}

/* Where a photo credit starts in the fold line h[0..hn): the last credit
 * label ("Photo:", "(Foto: ", "Bild:", "Image:", "Credit:", "AP Photo/",
 * "Photo by", "Archivfoto:" ...) at the start or in the last 200 bytes;
 * SIZE_MAX when there is none. Labels are found from the ':' or '/' after
 * them, or from "photo"/"foto" followed by "by", "von", "de", "courtesy". */
static size_t credit_at(const char *h, size_t hn)
{
    size_t best = SIZE_MAX;
    size_t from = hn > 240 ? hn - 200 : 0;
    /* most lines have none of ':', '/', "oto " (photo by), "fot.": done */
    if (!memchr(h, ':', hn) && !memchr(h, '/', hn) && !memmem(h, hn, "oto ", 4) &&
        !memmem(h, hn, "fot.", 4))
        return SIZE_MAX;
    for (size_t pass = 0; pass < 2; pass++) {
        size_t a = pass ? from : 0, b = pass ? hn : from ? PX_MIN(hn, (size_t)40) : hn;
        if (pass && from == 0) break;
        for (size_t i = a; i < b; i++) {
            char ch = h[i];
            if ((unsigned char)ch > '/' && ch != ':') continue;   /* letters: fast */
            if (ch != ':' && ch != '/' && ch != '.' && ch != ' ') continue;
            if (ch == ' ' && !(i >= 4 && h[i - 1] == 'o' && h[i - 2] == 't' &&
                               (memcmp(h + i - 4, "foto", 4) == 0 ||
                                (i >= 5 && memcmp(h + i - 5, "photo", 5) == 0))))
                continue;
            if (ch == '.' && !(i >= 3 && h[i - 1] == 't' && memcmp(h + i - 3, "fot", 3) == 0))
                continue;
            /* the word before i */
            size_t w = i;
            while (w > 0 && !fsp(h[w - 1]) && h[w - 1] != '(' && h[w - 1] != '[' &&
                   h[w - 1] != '|' && h[w - 1] != '"')
                w--;
            size_t wl = i - w;
            if (wl == 0 || wl > 40) continue;
            const char *wd = h + w;
            bool label = false;
            if (ch == ':') {
                label = in_set(wd, wl, credit_labels);
                /* compounds: "Archivfoto:", "Symbolbild:", "Rubriklistenbild:" */
                if (!label && wl > 4)
                    label = memcmp(wd + wl - 4, "foto", 4) == 0 ||
                            memcmp(wd + wl - 4, "bild", 4) == 0 ||
                            (wl > 5 && memcmp(wd + wl - 5, "fotos", 5) == 0);
            } else if (ch == '/') {
                label = (wl == 5 && memcmp(wd, "photo", 5) == 0) ||
                        (wl == 4 && memcmp(wd, "foto", 4) == 0);
            } else if (ch == '.') {
                label = wl == 3 && memcmp(wd, "fot", 3) == 0 && i + 1 < hn && fsp(h[i + 1]);
            } else {
                /* "photo by", "photo courtesy", "foto von", "foto de" */
                if ((wl == 5 && memcmp(wd, "photo", 5) == 0) ||
                    (wl == 4 && memcmp(wd, "foto", 4) == 0)) {
                    const char *nx = h + i + 1;
                    size_t nl = hn - i - 1;
                    label = match_at(nx, nl, "by ") || match_at(nx, nl, "courtesy") ||
                            match_at(nx, nl, "von ") || match_at(nx, nl, "de ");
                }
            }
            if (!label) continue;
            /* "AP Photo/", "file photo": take the word before too */
            size_t at = w;
            if (w >= 2 && fsp(h[w - 1])) {
                size_t v = w - 1;
                while (v > 0 && !fsp(h[v - 1]) && h[v - 1] != '(') v--;
                size_t vl = w - 1 - v;
                if (vl > 0 && vl <= 7 && (in_set(h + v, vl, agencies) ||
                                          (vl == 4 && memcmp(h + v, "file", 4) == 0)))
                    at = v;
            }
            if (best == SIZE_MAX || at > best) best = at;
        }
    }
    return best;
}

/* After a link prefix of length m in h: is it alone, or followed by ':',
 * '>', '|', an arrow or a dash (the link text comes next)? */
static bool link_follow(const char *h, size_t hn, size_t m)
{
    if (m > 0 && h[m - 1] == ':') return true;
    while (m < hn && fsp(h[m])) m++;
    if (m >= hn) return true;
    unsigned char ch = (unsigned char)h[m];
    if (ch == ':' || ch == '>' || ch == '|' || ch == '-' || ch == '.' || ch == '@' || ch == '"')
        return true;
    if (ch == 0xE2 && m + 1 < hn && ((unsigned char)h[m + 1] == 0x86 ||
                                     (unsigned char)h[m + 1] == 0x87 ||
                                     (unsigned char)h[m + 1] == 0x96 ||
                                     (unsigned char)h[m + 1] == 0x80))
        return true;   /* arrows, triangles, ellipsis */
    if (ch == 0xEF && m + 2 < hn && (unsigned char)h[m + 1] == 0xBC &&
        (unsigned char)h[m + 2] == 0x9A)
        return true;   /* full-width colon */
    return false;
}

/* The reason to remove line l as page furniture, or NULL to keep it. The
 * whole line goes, except that a long paragraph ending in a photo credit
 * only loses the credit (l->kend is set). Rules: see the top of the file. */
static const char *furniture(cleaner *c, line *l)
{
    const px_doc *d = c->doc;
    const char *h;
    size_t hn;
    lfold(c, l, &h, &hn);
    if (hn == 0) return NULL;
    bool is_prose = prose(l);

    /* only symbols */
    if (!text_has_alnum(d->text, l->s, l->e)) {
        unsigned us = 0;
        for (size_t i = 0; i < hn; i++) us += h[i] == '_';
        return us >= 3 ? "wire-boilerplate" : "separator";
    }

    /* starts that decide even for prose-like lines */
    size_t m;
    if ((m = starts_any(h, hn, wire_starts)) != 0 && l->words <= 60) return "wire-boilerplate";
    bool copy_sign = find(h, hn, "\xC2\xA9") != SIZE_MAX;
    unsigned kws = l->words <= 80 && (!is_prose || l->words <= 40 || copy_sign)
                   ? scan_keywords(h, hn) : 0;
    if ((!is_prose || l->words <= 30) && (kws & KW_WIRE)) return "wire-boilerplate";
    if ((h[0] == '\xC2' && hn > 1 && h[1] == '\xA9') || match_at(h, hn, "(c) ") ||
        match_at(h, hn, "℗")) {
        if (l->words <= 40) return "copyright";
    }
    if (match_at(h, hn, "copyright") && l->words <= 40) {
        tok t[MAX_TOKS];
        unsigned nt = tokens(c->f, l->fs, l->fe, false, t);
        bool year = false;
        for (unsigned k = 1; k < PX_MIN(nt, 4u); k++)
            if (tok_number(h + (t[k].s - l->fs), t[k].e - t[k].s)) year = true;
        if (year || l->words <= 8 || find(h, hn, "\xC2\xA9") != SIZE_MAX)
            return "copyright";
    }
    if (l->words <= 40 && (!is_prose || copy_sign) && (kws & KW_RIGHTS))
        return "copyright";

    /* link lines: the prefix alone, or with ':' / '>>' / an arrow after it,
     * or a short non-prose line ("Lesen Sie auch Merkel ...") */
    if ((m = starts_any(h, hn, related_strong)) != 0 && l->words <= 60) return "related-link";
    if ((m = starts_any(h, hn, related_starts)) != 0 && l->words <= 40 &&
        (link_follow(h, hn, m) || (!is_prose && l->words <= 25)))
        return "related-link";
    if (match_at(h, hn, "also on ") && l->words <= 40) {
        /* "Also on <domain> <headline>": the site names itself; without a
         * domain, a headline is no sentence ("Also on Monday, ..." is) */
        tok t[MAX_TOKS];
        unsigned nt = tokens(c->f, l->fs + 8, l->fe, false, t);
        if (nt >= 1 && tok_url(c->f + t[0].s, t[0].e - t[0].s)) return "related-link";
        if (!is_prose && l->end != END_SENT && l->words <= 25) return "related-link";
    }
    if ((m = starts_any(h, hn, readmore_starts)) != 0 && l->words <= 40 &&
        (link_follow(h, hn, m) || (!is_prose && l->words <= 12 &&
                                   (l->end != END_COLON || l->words <= 6))))
        return "read-more";

    /* credits: "Photo: AP", "(Foto: dpa)", "... caption. Image: Getty" */
    if (l->words <= 80) {
        /* a credit sits at the start or in the last 200 bytes */
        size_t best = credit_at(h, hn);
        if (best != SIZE_MAX) {
            /* what follows the marker: a short credit, no new sentence */
            tok t[MAX_TOKS];
            unsigned nt = tokens(c->f, l->fs + (uint32_t)best, l->fe, false, t);
            bool sentence = false;
            for (size_t i = best; i + 1 < hn; i++)
                if ((h[i] == '.' || h[i] == '!' || h[i] == '?') && fsp(h[i + 1]) &&
                    i > best + 4)
                    sentence = true;
            if (nt <= 9 && !sentence) {
                bool lead = true;
                for (size_t i = 0; i < best; i++)
                    if (!fsp(h[i]) && h[i] != '(' && h[i] != '[' && h[i] != '|') lead = false;
                if (lead) return "photo-credit";
                tok tb[MAX_TOKS];
                if (tokens(c->f, l->fs, l->fs + (uint32_t)best, false, tb) <= 45) return "caption";
                /* a long paragraph with a credit glued on: drop the credit */
                uint32_t cut = l->fs + (uint32_t)best;
                while (cut > l->fs && (fsp(c->f[cut - 1]) || c->f[cut - 1] == '(' ||
                                       c->f[cut - 1] == '[' || c->f[cut - 1] == '|'))
                    cut--;
                l->kend = t_at(c, cut);
                return "photo-credit";
            }
        }
        /* "... text. © Agency" */
        size_t cpos = find(h, hn, "\xC2\xA9");
        if (cpos != SIZE_MAX && cpos > 0 && (fsp(h[cpos - 1]) || h[cpos - 1] == '(' ||
                                             h[cpos - 1] == '|' || h[cpos - 1] == '-')) {
            tok t[MAX_TOKS];
            unsigned nt = tokens(c->f, l->fs + (uint32_t)cpos, l->fe, false, t);
            if (nt <= 6) return "caption";
        }
    }

    /* a caption ending in a bare "More" after a sentence: "... affairs. More" */
    if (l->words >= 3 && l->end == END_NONE) {
        size_t w = hn;
        while (w > 0 && !fsp(h[w - 1])) w--;
        size_t b = w;
        while (b > 0 && fsp(h[b - 1])) b--;
        while (b > 0 && (h[b - 1] == '"' || h[b - 1] == '\'' || h[b - 1] == ')')) b--;
        if (w > 0 && hn - w <= 8 && b > 0 && (h[b - 1] == '.' || h[b - 1] == '!' || h[b - 1] == '?') &&
            in_set(h + w, hn - w, more_words))
            return "caption";
    }

    /* token-level rules for short and list-like lines (icon runs may be
     * long: only their first MAX_TOKS tokens are looked at); long prose
     * is done */
    bool has_sent_punct = l->end == END_SENT;
    for (size_t i = 0; i < hn && !has_sent_punct; i++)
        if ((h[i] == '.' || h[i] == '!' || h[i] == '?') && (i + 1 == hn || fsp(h[i + 1])))
            has_sent_punct = true;
    if (has_sent_punct && l->words > 40) return NULL;
    const unsigned prompt_kinds = KW_NEWSLETTER | KW_COOKIE | KW_COOKIE_STRONG | KW_SUBSCRIPTION;
    if (is_prose && has_sent_punct && l->words > 15 && !(kws & prompt_kinds)) return NULL;
    tok t[MAX_TOKS];
    unsigned nt = tokens(c->f, l->fs, l->fe, true, t);
    unsigned ntk = PX_MIN(nt, (unsigned)MAX_TOKS);

    /* icon runs: many tokens, no sentence, shared suffixes or repeats */
    if (nt >= 8 && !has_sent_punct) {
        unsigned best = 0, repeats = 0;
        for (unsigned a = 0; a < ntk; a++) {
            uint32_t al = t[a].e - t[a].s;
            unsigned same_suffix = 0;
            bool repeated = false;
            for (unsigned b = 0; b < ntk; b++) {
                uint32_t bl = t[b].e - t[b].s;
                if (al >= 4 && bl >= 4 && memcmp(c->f + t[a].e - 4, c->f + t[b].e - 4, 4) == 0)
                    same_suffix++;
                if (b < a && al >= 4 && al == bl && !repeated &&
                    memcmp(c->f + t[a].s, c->f + t[b].s, al) == 0)
                    repeated = true;
            }
            repeats += repeated;
            if (same_suffix > best) best = same_suffix;
        }
        if (best * 3 >= ntk && best >= 5) return "icon-run";
        if (repeats * 3 >= ntk && ntk >= 10 && find(h, hn, ",") == SIZE_MAX)
            return "icon-run";
    }

    if (nt == 0 || l->words > 60) return NULL;

    /* advertisement markers */
    if (nt <= 8) {
        unsigned ad = 0, filler = 0;
        for (unsigned k = 0; k < ntk; k++) {
            const char *w = c->f + t[k].s;
            size_t n = t[k].e - t[k].s;
            if (in_set(w, n, ad_words)) ad++;
            else if (in_set(w, n, ad_filler)) filler++;
        }
        if (ad && ad + filler == nt && nt <= 8) return "advertisement";
        if (ad + filler == nt && nt <= 8 && has_any(h, hn, ad_phrases)) return "advertisement";
    }
    if (!is_prose && l->words <= 12 && starts_any(h, hn, follow_starts)) return "social";

    /* social handles and hashtags only */
    {
        unsigned soc = 0;
        for (unsigned k = 0; k < ntk; k++)
            if (c->f[t[k].s] == '@' || c->f[t[k].s] == '#') soc++;
        if (soc == nt && nt <= 20) return "social";
    }

    /* contact lines: "Tel.: ...", an e-mail address alone */
    if (!is_prose && starts_any(h, hn, contact_starts) && l->words <= 12) return "contact";
    if (nt == 1 && find(h, hn, "@") != SIZE_MAX && find(h, hn, ".") != SIZE_MAX &&
        c->f[t[0].s] != '@')
        return "contact";

    /* share prompts */
    bool share = false, ctx = false;
    bool share_shape = nt <= 15 && (l->end != END_SENT || h[hn - 1] == '!' || h[hn - 1] == '?' ||
                                    nt <= 4 || !is_prose);
    for (unsigned k = 0; k < ntk && share_shape; k++) {
        const char *w = c->f + t[k].s;
        size_t n = t[k].e - t[k].s;
        if (in_set(w, n, share_words)) share = true;
        else if (in_set(w, n, share_ctx)) ctx = true;
    }
    if (share && nt <= 15 && (l->end != END_SENT || h[hn - 1] == '!' || h[hn - 1] == '?' ||
                              nt <= 4)) {
        if (ctx || nt <= 2 || l->end == END_COLON) return "share-prompt";
    }

    /* lines made of interface words */
    if (nt <= 14 && (l->end != END_SENT || nt <= 3) && !is_prose) {
        unsigned ui = 0, nums = 0;
        for (unsigned k = 0; k < ntk; k++) {
            const char *w = c->f + t[k].s;
            size_t n = t[k].e - t[k].s;
            if (in_set(w, n, ui_words)) ui++;
            else if (tok_number(w, n) || !tok_has_letter(w, n)) nums++;
        }
        unsigned words = nt - nums;
        if (words > 0 && ui * 10 >= words * 7 && (ui >= 2 || words == 1))
            return share ? "share-prompt" : "ui-line";
    }

    /* prompts: newsletter, cookies, subscriptions */
    if (l->words <= 40 && (kws & prompt_kinds) && find(h, hn, "\"") == SIZE_MAX) {
        bool loose = l->end != END_SENT || l->words <= 6;
        bool addr = false;
        for (unsigned k = 0; k < ntk && !addr && !(loose && l->words <= 20); k++) {
            const char *w = c->f + t[k].s;
            size_t n = t[k].e - t[k].s;
            if (in_set(w, n, address_words)) addr = true;
            else if (k > 0 && in_set(w, n, formal_you) && tok_capital(c, &t[k])) {
                /* "Sie", "Ihre" capitalised inside a sentence: the reader */
                uint32_t b = t[k].s;
                while (b > l->fs && fsp(c->f[b - 1])) b--;
                char pc = b > l->fs ? c->f[b - 1] : '.';
                if (pc != '.' && pc != '!' && pc != '?' && pc != ':' && pc != '"') addr = true;
            }
        }
        if ((addr && l->words <= 40) || (loose && l->words <= 20)) {
            if (kws & KW_NEWSLETTER) return "newsletter";
            if ((kws & KW_COOKIE_STRONG) || ((kws & KW_COOKIE) && !is_prose)) return "cookie";
            if (kws & KW_SUBSCRIPTION) return "subscription";
        }
    }

    /* agency credit lines: "Quelle: APA", "RND/dpa", "(AP)" */
    if (nt <= 4 && !has_sent_punct) {
        unsigned ag = 0, lab = 0;
        for (unsigned k = 0; k < ntk; k++) {
            const char *w = c->f + t[k].s;
            size_t n = t[k].e - t[k].s;
            if (in_set(w, n, agencies)) ag++;
            else if (in_set(w, n, source_labels)) lab++;
        }
        unsigned initials = 0;
        for (unsigned k = 0; k < ntk; k++)
            if (t[k].e - t[k].s <= 3 && !tok_capital(c, &t[k])) initials++;
        if (ag && (ag + lab + initials >= nt || nt <= 2)) return "wire-boilerplate";
    }

    /* a bare URL below the top */
    if (bare_url(h, hn)) return "link";
    return NULL;
}

/* Is line l a contact label ("Pressekontakt:", "Rückfragen bitte an:")? */
static bool contact_label(const cleaner *c, const line *l)
{
    const char *h;
    size_t hn;
    lfold(c, l, &h, &hn);
    if (l->words > 5) return false;
    size_t m = starts_any(h, hn, contact_labels);
    if (!m) return false;
    while (m < hn && fsp(h[m])) m++;
    return m < hn && (h[m] == ':' || (unsigned char)h[m] == 0xEF) && l->end == END_COLON;
}

/* ------------------------------------------------------------ the title line */

/* Could line i be the title: short, not a sentence, followed by a line
 * that is longer or repeats it? */
static bool title_candidate(cleaner *c, uint32_t i)
{
    line *l = &c->lines[i];
    if (l->chars > 200 || l->chars < 8 || l->words > 25) return false;
    if (l->words < 3 && l->chars < 20) return false;   /* a name, an outlet */
    if (l->end == END_COLON) return false;             /* a dateline "Paris (AFP):" */
    if (l->end == END_SENT) {
        /* a headline may end in ? or ! but hardly in a period */
        const char *t = c->doc->text;
        char last = t[l->e - 1];
        if (last == '.' || (l->e >= 3 && (unsigned char)t[l->e - 3] == 0xE3)) return false;
        if (l->words > 15) return false;   /* a long question is a sentence */
    }
    if (l->end == END_OTHER || l->lower) return false;
    for (uint32_t j = i + 1; j < c->n && j < i + 8; j++) {
        line *nx = &c->lines[j];
        if (nx->s == nx->e) continue;
        if (fold_cmp(c->f, l->fs, l->fe, nx->fs, nx->fe, NULL) == 2) continue;
        if (nx->lower) return false;   /* a sentence wrapped onto the next line */
        return nx->chars > l->chars || prose(nx);
    }
    return false;
}

/* Make line l, from text offset from on, the document's title. Returns
 * false on no memory. */
static bool take_title(cleaner *c, line *l, uint32_t from)
{
    px_doc *d = c->doc;
    uint32_t s = from, e = l->e;
    trim_text(d->text, &s, &e);
    uint32_t fs = l->fs;
    while (fs < l->fe && d->fold_map[fs] < s) fs++;
    l->title = true;
    c->tfs = fs;
    c->tfe = l->fe;
    d->title_span = (px_span){s, e};
    d->title = px_arena_strndup(&d->arena, d->text + s, e - s);
    return d->title != NULL;
}

/* ------------------------------------------------------------ driver */

/* Append a paragraph or removal to the growing arrays. */
typedef struct out {
    px_span *p;
    size_t np, pcap;
    px_removed *r;
    size_t nr, rcap;
} out;

/* Add a kept paragraph [s, e); false on no memory. */
static bool add_para(out *o, uint32_t s, uint32_t e)
{
    void *p = o->p;
    if (!px_grow(&p, &o->pcap, o->np + 1, sizeof *o->p)) return false;
    o->p = p;
    o->p[o->np++] = (px_span){s, e};
    return true;
}

/* Add a removed span [s, e) with its reason; false on no memory. */
static bool add_removed(out *o, uint32_t s, uint32_t e, const char *why)
{
    void *p = o->r;
    if (!px_grow(&p, &o->rcap, o->nr + 1, sizeof *o->r)) return false;
    o->r = p;
    o->r[o->nr++] = (px_removed){{s, e}, why};
    return true;
}

/* 64-bit FNV-1a of a fold range, for spotting repeated lines. */
static uint64_t fnv(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ull;
    }
    return h;
}

/* Decide every line: metadata and title at the top, furniture, contact
 * blocks, repeats. Returns false on no memory. */
static bool classify(cleaner *c)
{
    px_doc *d = c->doc;
    bool top = true;
    uint32_t seen = 0;          /* non-blank lines so far */
    bool need_title = d->title_span.end <= d->title_span.start;
    if (!need_title) {
        /* the title's range in the fold */
        uint32_t e = 0;
        while (e < d->fold_len && d->fold_map[e] < d->title_span.end) e++;
        uint32_t s = 0;
        while (s < e && d->fold_map[s] < d->title_span.start) s++;
        c->tfs = s;
        c->tfe = e;
    }
    bool contact = false;

    for (uint32_t i = 0; i < c->n; i++) {
        line *l = &c->lines[i];
        if (l->s == l->e) continue;
        seen++;

        if (top) {
            int r = take_metadata(c, l);
            if (r < 0) return false;
            if (r > 0) {
                if (l->keep > l->s) {
                    /* the rest of the line is content: the top ends, unless
                     * it is the title ("date 2019-06-25 Storm hits coast") */
                    measure(d->text, l);   /* measures from l->keep */
                    if (need_title && !prose(l) && title_candidate(c, i)) {
                        if (!take_title(c, l, l->keep)) return false;
                        need_title = false;
                    } else if (prose(l)) {
                        top = false;
                    }
                }
                continue;
            }
            if (dup_title(c, l)) continue;
            const char *why = furniture(c, l);
            if (why) {
                l->reason = why;
                continue;
            }
            if (need_title && title_candidate(c, i)) {
                if (!take_title(c, l, l->s)) return false;
                need_title = false;
                continue;
            }
            top = false;
        } else {
            if (seen <= 8 && dup_title(c, l)) continue;
            if (contact) {
                if (prose(l)) contact = false;
                else {
                    l->reason = "contact";
                    continue;
                }
            }
            if (contact_label(c, l)) {
                l->reason = "contact";
                contact = true;
                continue;
            }
            const char *why = furniture(c, l);
            if (why) l->reason = why;
        }
    }

    /* below the last prose line: author initials ("cjr", "leo/ae") */
    uint32_t last = c->n;
    for (uint32_t i = c->n; i-- > 0;)
        if (!c->lines[i].reason && prose(&c->lines[i])) {
            last = i;
            break;
        }
    if (last < c->n) {
        for (uint32_t i = last + 1; i < c->n; i++) {
            line *l = &c->lines[i];
            if (l->s == l->e || l->reason || l->title || l->words > 3 || l->end == END_SENT)
                continue;
            tok t[MAX_TOKS];
            unsigned nt = tokens(c->f, l->fs, l->fe, true, t);
            bool initials = nt >= 1 && nt <= 3;
            for (unsigned k = 0; k < PX_MIN(nt, 3u) && initials; k++) {
                uint32_t n = t[k].e - t[k].s;
                if (n < 2 || n > 4 || tok_capital(c, &t[k])) initials = false;
                for (uint32_t j = t[k].s; j < t[k].e && initials; j++)
                    if (c->f[j] < 'a' || c->f[j] > 'z') initials = false;
            }
            if (initials) l->reason = "byline";
        }
    }

    /* short non-prose lines repeating an earlier kept line */
    uint64_t hs[256];
    uint32_t hi[256];
    unsigned nh = 0;
    for (uint32_t i = 0; i < c->n; i++) {
        line *l = &c->lines[i];
        if (l->s == l->e || l->reason || l->title || prose(l) || l->fe - l->fs < 8) continue;
        uint64_t h = fnv(c->f + l->fs, l->fe - l->fs);
        bool dup = false;
        for (unsigned k = 0; k < nh; k++) {
            line *o = &c->lines[hi[k]];
            if (hs[k] == h && o->fe - o->fs == l->fe - l->fs &&
                memcmp(c->f + o->fs, c->f + l->fs, l->fe - l->fs) == 0) {
                dup = true;
                break;
            }
        }
        if (dup) l->reason = "duplicate";
        else if (nh < 256) {
            hs[nh] = h;
            hi[nh++] = i;
        }
    }
    return true;
}

/* Turn the decided lines into paragraphs and removals. */
static bool emit(cleaner *c, out *o, bool keep_all)
{
    const char *t = c->doc->text;
    bool open = false;          /* a paragraph is open and may take the next line */
    const line *prev = NULL;
    for (uint32_t i = 0; i < c->n; i++) {
        line *l = &c->lines[i];
        if (l->s == l->e) {
            open = false;
            continue;
        }
        if (keep_all) {
            if (!add_para(o, l->s, l->e)) return false;
            continue;
        }
        if (l->title) {
            /* a metadata prefix before a title on the same line still counts */
            uint32_t rs = l->s, re = l->keep;
            trim_text(t, &rs, &re);
            if (l->reason && l->keep > l->s && re > rs && !add_removed(o, rs, re, l->reason))
                return false;
            open = false;
            continue;
        }
        if (l->reason) {
            bool prefix = l->keep > l->s, suffix = l->kend < l->e;
            if (!prefix && !suffix) {
                if (!add_removed(o, l->s, l->e, l->reason)) return false;
                open = false;
                continue;
            }
            /* only a prefix (glued metadata, title) or a tail (credit) goes */
            uint32_t rs = l->s, re = l->keep;
            trim_text(t, &rs, &re);
            if (prefix && re > rs && !add_removed(o, rs, re, l->reason)) return false;
            uint32_t ks = l->keep, ke = l->kend;
            trim_text(t, &ks, &ke);
            if (ke > ks && !add_para(o, ks, ke)) return false;
            rs = l->kend;
            re = l->e;
            trim_text(t, &rs, &re);
            if (suffix && re > rs && !add_removed(o, rs, re, l->reason)) return false;
            open = ke > ks && !suffix;
            prev = l;
            continue;
        }
        if (open && prev && prev->end != END_SENT && prev->end != END_COLON && l->lower &&
            o->np > 0) {
            o->p[o->np - 1].end = l->e;   /* a hard-wrapped paragraph */
        } else if (!add_para(o, l->s, l->e)) {
            return false;
        }
        open = true;
        prev = l;
    }
    return true;
}

/* Split doc->text's body into paragraphs, take leading metadata, find a
 * title line, remove furniture (see the top of the file). Returns PX_OK or
 * PX_ERR_NOMEM; an empty body gives no paragraphs and PX_OK. */
px_status px_clean(px_doc *doc, bool keep_all, px_error *err)
{
    if (!doc) return px_fail(err, PX_ERR_ARG, NULL, PX_NO_OFFSET, "no document");
    doc->paras = NULL;
    doc->removed = NULL;
    doc->n_paras = doc->n_removed = 0;
    if (!doc->text || doc->text_len == 0) return PX_OK;
    if (!doc->fold || !doc->fold_map)
        return px_fail(err, PX_ERR_ARG, doc->file, doc->offset, "text stage not run");

    cleaner c = {.doc = doc, .f = doc->fold};
    out o = {0};
    px_status st = PX_OK;
    if (!split_lines(&c)) goto nomem;
    if (!keep_all && !classify(&c)) goto nomem;
    if (!emit(&c, &o, keep_all)) goto nomem;

    if (o.np) {
        doc->paras = px_arena_alloc(&doc->arena, o.np * sizeof *doc->paras);
        if (!doc->paras) goto nomem;
        memcpy(doc->paras, o.p, o.np * sizeof *doc->paras);
    }
    if (o.nr) {
        doc->removed = px_arena_alloc(&doc->arena, o.nr * sizeof *doc->removed);
        if (!doc->removed) goto nomem;
        memcpy(doc->removed, o.r, o.nr * sizeof *doc->removed);
    }
    if (o.np > UINT32_MAX || o.nr > UINT32_MAX) goto nomem;
    doc->n_paras = (uint32_t)o.np;
    doc->n_removed = (uint32_t)o.nr;
    goto done;
nomem:
    doc->paras = NULL;
    doc->removed = NULL;
    doc->n_paras = doc->n_removed = 0;
    st = px_fail(err, PX_ERR_NOMEM, doc->file, doc->offset, "out of memory cleaning text");
done:
    free(c.lines);
    free(o.p);
    free(o.r);
    return st;
}
