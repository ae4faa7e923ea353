/*
 * analyze.c - stage 4: sentences, tokens and mentions.
 *
 * px_analyze() reads the title line and each kept paragraph of a document
 * (doc->title_span, doc->paras; text stage and clean stage done) and fills
 * doc->sents, doc->toks and doc->ments, all arena-allocated.
 *
 * Tokens (one pass over the bytes, ASCII fast path, utf8proc categories
 * for the rest):
 *   - words: letters and marks, digits inside ("G7", "COVID-19"), inner
 *     hyphens kept ("Jae-in", "anti-Huawei"), inner apostrophes kept
 *     ("don't", "Seoul’s") except French/Italian/Catalan elisions, which
 *     end a token after the apostrophe ("l'" + "homme", "dell'" + "anno");
 *   - numbers: digits with inner , . ٫ ٬ before a digit ("28,500",
 *     "14.372,4", "3.5", "25.06.2019"), and a no-break/thin space before
 *     exactly three digits ("28 500"; a plain space too in languages that
 *     group with spaces: fr, pl, ru, sv, no, fi, ...). Digits glued to a
 *     lower-case unit or multiplier ("10km", "3m", "5bn") are split from
 *     it; other digit+letter runs are words ("5G", "25th", "1950s");
 *   - punctuation: one token per character, a run of dots is one token;
 *     every quote mark is its own token;
 *   - symbols ($ € £ % and other S* characters): one token each;
 *   - CJK: one PX_TOK_IDEO token per ideograph; a run of kana, and a run of
 *     hangul, is one PX_TOK_IDEO token; Thai and other scripts without
 *     spaces give one word per run.
 *   Each token gets its matching form (px_fold; interned per document),
 *   its Snowball stem (words only; the norm when the language has no
 *   stemmer), and flags (stopword, capitalised, upper case, title, first
 *   word of its sentence). What a form as written folds, stems and looks
 *   up to is remembered across documents in the context's word cache
 *   (4 to 16 MiB, see px_wcache), so only forms new to the context are
 *   folded and stemmed (and only folded when their norm is cached as
 *   written: "The" after "the"); the document still gets its own arena
 *   copy of every norm and stem, and numbers its distinct forms
 *   (doc->tok_form) for the profile.
 *
 * Sentences never cross a paragraph. They end after ? ! … 。！？ ؟ ۔ and
 * after a full stop unless it follows a known abbreviation ("Mr.", "Gen.",
 * "Nr.", "bzw.", "Sra.", "Calif."), a single letter (initials "J. R. R.",
 * "U.S.", "z.B.") not followed by a capitalised stopword, or a German-style
 * ordinal before a month or a capitalised non-stopword ("25. Juni"), and
 * unless the next word starts in lower case. Closing quotes and brackets
 * right after the mark stay in the sentence. A line break inside a
 * paragraph ends a sentence unless the next line starts in lower case.
 *
 * Mentions (sorted by start; a token belongs to at most one number/date/
 * name/acronym mention, quotes overlap anything):
 *   NUMBER   value with a following multiplier ("4 million" = 4000000,
 *            "2,5 Mio." = 2500000); norm is the canonical decimal.
 *            Decimal separator: the later of , and . when both appear;
 *            otherwise a single separator before exactly three digits is a
 *            thousands separator ("28,500", "1.000"), else decimal ("3.5",
 *            "2,5"); a separator seen twice is a thousands separator.
 *            Numbers glued to ':' (times) are skipped.
 *   MONEY    currency symbol before or after ($ € £ ¥ ₺ ₩ ₹ ₽, "US$",
 *            "HK$"), an ISO code before ("USD 5"), or a currency word after
 *            ("euros", "Dollar", "dólares", "TL", "lira", "zł", "złotych",
 *            "جنيه"); unit is the ISO 4217 code. "m"/"bn" after a currency
 *            symbol are multipliers.
 *   PERCENT  "25%", "25 %", "%50" (Turkish), "yüzde 50", "3.5 per cent",
 *            "percent", "Prozent", "por ciento", "pour cent", "procent",
 *            "بالمئة", "في المئة", "٪"; unit "%".
 *   QUANTITY a number followed by a unit from a fixed list (km, kg, tonnes,
 *            hectares, MW, years, days, ...) or a counted noun from a small
 *            list in several languages (people, troops, Menschen,
 *            personas, kişi, osób, ...) or, in English, any lower-case
 *            plural-looking non-stopword (ends in s, not ss/us/is), one
 *            adjective or acronym allowed between ("28,500 US troops");
 *            unit is the noun's matching form.
 *   DATE     "June 7[, 2019]", "7 June [2019]", "7. Juni [2019]", "25 de
 *            junio de 2019", "June 2019" -> "2019-06", numeric dates
 *            ("2019-06-25", "25/06/2019", "25.06.2019") via px_parse_date,
 *            a lone year 1800..2100 -> "2019" (a year is a DATE, not also a
 *            NUMBER; "1950-1953" gives two), weekdays. A day and month
 *            without year take the year, among the document date's year
 *            and the ones either side, that puts them closest to the
 *            document date; without a document date they are "--06-07". A
 *            weekday is the latest such day on or before the document
 *            date, and "-W-1" (Monday) .. "-W-7" without one. Month and
 *            weekday names come from date.c, in the document's language;
 *            in English, German and Dutch they must be capitalised.
 *   ACRONYM  a word of 2+ letters all upper case ("NATO", "THAAD", "LG",
 *            "COVID-19"), or dotted single capitals ("U.S.", "U.K.");
 *            norm is folded without dots ("us"). Roman numerals and words
 *            in all-capitals sentences are not acronyms.
 *   NAME     runs of capitalised words on one line with lower-case
 *            connectors inside (of, of the, de, da, del, della, di, du,
 *            des, la, le, van, von, der, den, ter, zu, bin, ibn, al, el)
 *            and initials ("J. R. R. Tolkien" -> "j. r. r. tolkien");
 *            "al-Assad"-style prefixes count as capitalised. Leading
 *            stopwords go ("The", "Der"); a sentence-initial first word goes
 *            when it is found in lower case elsewhere in the document, and
 *            a one-word sentence-initial name must also be capitalised
 *            mid-sentence elsewhere or be the first or last word of a
 *            longer name the document has ("Janet said", "Helen's diet"
 *            after "Janet Lewis", "Helen Rooke"). A one-word name must never
 *            be found in lower case in the document and must not be a month
 *            or weekday; a leading month word goes, unless it is a bare
 *            three-letter abbreviation before more of the name ("Jan
 *            Bonny"; not "May", not "Jan.").
 *            A possessive 's / ’s goes; in Turkish everything from the
 *            apostrophe goes ("Ankara'nın" -> "ankara"). In title-case or
 *            all-capitals sentences (and the title), a word counts only if
 *            the document also capitalises it mid-sentence and never writes
 *            it in lower case. German (nouns are capitalised): one-word
 *            names must appear capitalised mid-sentence at least twice and
 *            not end like a common noun (-ung, -heit, -keit, -schaft,
 *            -tion, -ität, -ismus, -nis, ...) nor ever follow an article
 *            ("die Reform"); a word ending like a title or role (-präsident,
 *            -minister, -kommissar, -sprecher, ...) ends what comes before
 *            the name ("Aussagen von US-Präsident Donald Trump" -> "donald
 *            trump", "Fernsehkommissar Wagner" -> "wagner"). Scripts without
 *            case (Arabic, Hebrew, CJK, Thai, ...) give no names; their
 *            numbers, dates and quotes still work.
 *   QUOTE    “…” „…“ „…” «…» »…« ‹…› ‚…‘ 「…」 『…』 and ASCII "…" pairs
 *            inside one paragraph (across sentences); unmatched marks are
 *            ignored, as are ASCII single quotes; at least two words (or
 *            ideographs); span without the marks; norm is the folded inner
 *            text.
 *
 * Guarantees: never reads outside doc->text, accepts any valid UTF-8
 * (invalid bytes are stepped over one at a time), no state outside the
 * px_ctx (stemmers, scratch, word cache, character class table, working
 * arrays) and the document; the analysis is a function of the document
 * alone (the context only saves work); every allocation failure gives
 * PX_ERR_NOMEM with the document unchanged.
 */
#include "internal.h"

#include <libstemmer.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#define XXH_INLINE_ALL   /* short keys: let the compiler inline XXH3 */
#include <xxhash.h>

/* ------------------------------------------------------------ stemmers */

/* ISO 639-1 codes and the Snowball algorithm for each. */
static const struct { const char *iso, *snowball; } snowball_names[] = {
    {"ar", "arabic"}, {"ca", "catalan"}, {"da", "danish"}, {"de", "german"},
    {"el", "greek"}, {"en", "english"}, {"es", "spanish"}, {"eu", "basque"},
    {"fi", "finnish"}, {"fr", "french"}, {"ga", "irish"}, {"hi", "hindi"},
    {"hu", "hungarian"}, {"hy", "armenian"}, {"id", "indonesian"},
    {"it", "italian"}, {"lt", "lithuanian"}, {"nb", "norwegian"},
    {"ne", "nepali"}, {"nl", "dutch"}, {"nn", "norwegian"},
    {"no", "norwegian"}, {"pt", "portuguese"}, {"ro", "romanian"},
    {"ru", "russian"}, {"sr", "serbian"}, {"sv", "swedish"}, {"ta", "tamil"},
    {"tr", "turkish"}, {"yi", "yiddish"},
};

/* The context's stemmer for lang, created on first use and kept (also when
 * the language has none, so the lookup is not repeated). Returns NULL when
 * lang has no Snowball stemmer, or when the context's table is full or
 * memory runs out (callers then use the norm as the stem). */
struct sb_stemmer *px_ctx_stemmer(px_ctx *ctx, const char *lang)
{
    if (!ctx || !lang) return NULL;
    for (int i = 0; i < ctx->n_stemmers; i++)
        if (!strcmp(ctx->stemmers[i].lang, lang)) return ctx->stemmers[i].stemmer;
    const char *iso = NULL, *algo = NULL;
    for (size_t i = 0; i < sizeof snowball_names / sizeof *snowball_names; i++)
        if (!strcmp(snowball_names[i].iso, lang)) {
            iso = snowball_names[i].iso;
            algo = snowball_names[i].snowball;
        }
    if (!iso) return NULL;   /* no stemmer: nothing worth caching by name */
    if (ctx->n_stemmers >= PX_MAX_STEMMERS) return NULL;
    struct sb_stemmer *st = sb_stemmer_new(algo, "UTF_8");
    if (!st) return NULL;
    ctx->stemmers[ctx->n_stemmers].lang = iso;   /* static: outlives any doc */
    ctx->stemmers[ctx->n_stemmers].stemmer = st;
    ctx->n_stemmers++;
    return st;
}

static void wcache_free(px_wcache *c);
static void ana_free(px_ana *a);

/* Close the context's stemmers and free its scratch buffer and word cache;
 * the context can be used again afterwards (stemmers are recreated on
 * demand, the cache refills). */
void px_ctx_release(px_ctx *ctx)
{
    if (!ctx) return;
    for (int i = 0; i < ctx->n_stemmers; i++) sb_stemmer_delete(ctx->stemmers[i].stemmer);
    ctx->n_stemmers = 0;
    px_buf_free(&ctx->scratch);
    wcache_free(&ctx->words);
    free(ctx->cclass);
    ctx->cclass = NULL;
    ana_free(ctx->ana);
    ctx->ana = NULL;
}

/* ------------------------------------------------------------ characters */

enum cclass { C_SPACE, C_NL, C_LETTER, C_MARK, C_DIGIT, C_PUNCT, C_SYMBOL,
              C_IDEO, C_KANA, C_HANGUL, C_JOIN };
#define CF_UPPER 1
#define CF_LOWER 2

/* Value of a decimal digit in the scripts news uses (ASCII, Arabic-Indic,
 * Persian, Devanagari, Bengali, Thai, fullwidth, ...), -1 for others. */
static int digit_value(int32_t cp)
{
    static const int32_t bases[] = {0x660, 0x6F0, 0x7C0, 0x966, 0x9E6, 0xA66, 0xAE6,
                                    0xB66, 0xBE6, 0xC66, 0xCE6, 0xD66, 0xE50, 0xED0,
                                    0xF20, 0x1040, 0x17E0, 0x1810, 0xFF10};
    if (cp >= '0' && cp <= '9') return cp - '0';
    for (size_t i = 0; i < sizeof bases / sizeof *bases; i++)
        if (cp >= bases[i] && cp < bases[i] + 10) return cp - bases[i];
    return -1;
}

/* The class and case of an ASCII character, as char_class gives them:
 * class in the low four bits, CF_* above. A table, because tokenising
 * asks for every character of the text and most of it is ASCII. */
#define ASCII_CC(c)                                                              \
    ((c) >= 'a' && (c) <= 'z'   ? C_LETTER | CF_LOWER << 4                       \
     : (c) >= 'A' && (c) <= 'Z' ? C_LETTER | CF_UPPER << 4                       \
     : (c) >= '0' && (c) <= '9' ? C_DIGIT                                        \
     : (c) == '\n'              ? C_NL                                           \
     : (c) <= ' ' || (c) == 0x7F ? C_SPACE                                       \
     : (c) == '$' || (c) == '%' || (c) == '+' || (c) == '<' || (c) == '=' ||     \
               (c) == '>' || (c) == '^' || (c) == '`' || (c) == '|' || (c) == '~' \
         ? C_SYMBOL                                                              \
         : C_PUNCT)
#define ASCII_CC4(c) ASCII_CC(c), ASCII_CC((c) + 1), ASCII_CC((c) + 2), ASCII_CC((c) + 3)
#define ASCII_CC16(c) ASCII_CC4(c), ASCII_CC4((c) + 4), ASCII_CC4((c) + 8), ASCII_CC4((c) + 12)
static const uint8_t ascii_cc[128] = {
    ASCII_CC16(0x00), ASCII_CC16(0x10), ASCII_CC16(0x20), ASCII_CC16(0x30),
    ASCII_CC16(0x40), ASCII_CC16(0x50), ASCII_CC16(0x60), ASCII_CC16(0x70),
};

/* Code points below this have their class in the context's table
 * (px_ctx.cclass, built on first use by cclass_table): Latin, Greek,
 * Cyrillic, Arabic, Hebrew, Devanagari, Thai, ... and the general
 * punctuation and currency blocks, so news text in those scripts is
 * classified without a utf8proc call per character. */
#define CC_TABLE 0x3000

static int char_class_other(int32_t cp, int *cf);

/* The class of code point cp (cp < 0: an invalid byte, a symbol) and, for
 * letters, whether it is upper or lower case (*cf); tab is the context's
 * class table. */
static inline int char_class(const uint8_t *tab, int32_t cp, int *cf)
{
    if (cp >= 0 && cp < CC_TABLE) {
        *cf = tab[cp] >> 4;
        return tab[cp] & 15;
    }
    return char_class_other(cp, cf);
}

/* char_class for what is not ASCII. */
static int char_class_other(int32_t cp, int *cf)
{
    *cf = 0;
    if (cp < 0) return C_SYMBOL;
    if ((cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
        (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x20000 && cp <= 0x3FFFF) ||
        cp == 0x3005 || cp == 0x3007)
        return C_IDEO;
    if ((cp >= 0x3040 && cp <= 0x30FF && cp != 0x30FB) || (cp >= 0x31F0 && cp <= 0x31FF) ||
        (cp >= 0xFF66 && cp <= 0xFF9F))
        return C_KANA;
    if ((cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0x1100 && cp <= 0x11FF) ||
        (cp >= 0x3130 && cp <= 0x318F))
        return C_HANGUL;
    if (cp == 0x066A || cp == 0x2030) return C_SYMBOL;   /* ٪ ‰ are Po */
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LT:
        *cf = CF_UPPER; return C_LETTER;
    case UTF8PROC_CATEGORY_LL:
        *cf = CF_LOWER; return C_LETTER;
    case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO:
        return C_LETTER;
    case UTF8PROC_CATEGORY_MN: case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ME:
        return C_MARK;
    case UTF8PROC_CATEGORY_ND:
        return digit_value(cp) >= 0 ? C_DIGIT : C_LETTER;
    case UTF8PROC_CATEGORY_NL: case UTF8PROC_CATEGORY_NO:
    case UTF8PROC_CATEGORY_SM: case UTF8PROC_CATEGORY_SC:
    case UTF8PROC_CATEGORY_SK: case UTF8PROC_CATEGORY_SO:
    case UTF8PROC_CATEGORY_CO:
        return C_SYMBOL;
    case UTF8PROC_CATEGORY_PC: case UTF8PROC_CATEGORY_PD: case UTF8PROC_CATEGORY_PS:
    case UTF8PROC_CATEGORY_PE: case UTF8PROC_CATEGORY_PI: case UTF8PROC_CATEGORY_PF:
    case UTF8PROC_CATEGORY_PO:
        return C_PUNCT;
    case UTF8PROC_CATEGORY_ZL: case UTF8PROC_CATEGORY_ZP:
        return C_NL;
    case UTF8PROC_CATEGORY_CF:
        return C_JOIN;
    default:
        return C_SPACE;
    }
}

/* The context's class table (CC_TABLE entries, class | CF_* << 4), made on
 * first use; NULL on no memory. */
static const uint8_t *cclass_table(px_ctx *ctx)
{
    if (ctx->cclass) return ctx->cclass;
    uint8_t *tab = malloc(CC_TABLE);
    if (!tab) return NULL;
    for (int32_t cp = 0; cp < CC_TABLE; cp++) {
        int cf = 0, c = cp < 0x80 ? (cf = ascii_cc[cp] >> 4, ascii_cc[cp] & 15)
                                  : char_class_other(cp, &cf);
        tab[cp] = (uint8_t)(c | cf << 4);
    }
    ctx->cclass = tab;
    return tab;
}

/* Decode the character at t[i] (i < end). */
static inline int decode(const char *t, size_t i, size_t end, int32_t *cp)
{
    unsigned char c = (unsigned char)t[i];
    if (c < 0x80) { *cp = c; return 1; }
    if (c >= 0xC2 && c <= 0xDF && i + 1 < end && ((unsigned char)t[i + 1] & 0xC0) == 0x80) {
        /* a two-byte sequence (Latin, Greek, Cyrillic, Arabic ...), inline */
        *cp = (int32_t)(c & 0x1F) << 6 | ((unsigned char)t[i + 1] & 0x3F);
        return 2;
    }
    return px_utf8_decode((const unsigned char *)t + i, end - i, cp);
}

static inline bool is_apostrophe(int32_t cp) { return cp == '\'' || cp == 0x2019 || cp == 0x02BC; }
static inline bool is_hyphen(int32_t cp) { return cp == '-' || cp == 0x2010 || cp == 0x2011; }

/* ------------------------------------------------------------ working state */

/* Extra per-token facts the analysis needs and px_token does not keep. */
#define X_ASCII 1      /* the token is pure ASCII */
#define X_LOWER0 2     /* its first letter is lower case */
#define X_NL 4         /* a line break separates it from the token before */
#define X_SP 8         /* white space separates it from the token before */
#define X_USED 16      /* part of a number, date, name or acronym mention */
#define X_SHOUT 32     /* in an all-capitals or title-case sentence */
#define X_NUMISH 64    /* a number, or a word starting with a digit ("25th") */
#define X_DEFER 128    /* a one-word sentence-initial name left for name_vouched */
#define X_NEARNUM 256  /* an X_NUMISH token is at most 3 tokens away (or it) */
typedef uint16_t xflags; /* X_* */

/* One distinct matching form of the document, with what the name rules
 * need to know about how the document writes it. */
typedef struct entry {
    const char *norm, *stem;
    uint32_t len, hash;
    uint32_t n_cap_mid;   /* capitalised, not sentence-initial, normal sentence */
    uint32_t n_lower;     /* starting with a lower-case letter */
    uint32_t n_article;   /* German: right after an article ("die Reform") */
    int8_t month, wday;   /* month / weekday it names, -1 until looked up */
    int8_t article;       /* German article or determiner, -1 until looked up */
    bool stop;
    int32_t wc;           /* the word cache entry it came from, -1 for none */
} entry;

typedef struct mvec { px_mention *v; size_t n, cap; } mvec;

/* A segment (the title or a paragraph) and where its tokens begin and end. */
typedef struct seg { size_t t0, t1; uint32_t para; } seg;

typedef struct state {
    px_ctx *ctx;
    px_doc *doc;
    const uint8_t *cc;      /* the context's character class table */
    const char *t;          /* doc->text */
    const char *lang;
    bool elide;             /* fr/it/ca: split elisions after the apostrophe */
    bool space_groups;      /* digits grouped with plain spaces */
    bool caps_nouns;        /* German: nouns are capitalised */
    bool cased_dates;       /* en, de, nl: month and weekday names capitalised */
    px_token *tok; xflags *x; int32_t *ent;
    size_t ntok, captok;
    px_sentence *sent; size_t nsent, capsent;
    entry *ents; size_t nent, capent;
    int32_t *table; size_t tabmask, captable;
    uint64_t *hashes; size_t caphashes;   /* word cache hash of each token */
    mvec m;
    seg *segs; size_t capsegs;
    struct sb_stemmer *stemmer;
    int doc_y, doc_m, doc_d;   /* document date, doc_y 0 when unknown */
} state;

static inline const char *tok_text(const state *s, size_t k) { return s->t + s->tok[k].span.start; }
static inline size_t tok_len(const state *s, size_t k) { return s->tok[k].span.end - s->tok[k].span.start; }

/* Is token k the one-character (or one-string) text lit? */
static inline bool tok_is(const state *s, size_t k, const char *lit)
{
    size_t n = strlen(lit);
    return k < s->ntok && tok_len(s, k) == n && !memcmp(tok_text(s, k), lit, n);
}

/* The code point of token k when it is exactly one character, else -1. */
static inline int32_t tok_cp(const state *s, size_t k)
{
    if (k >= s->ntok) return -1;
    const px_token *t = &s->tok[k];
    size_t n = t->span.end - t->span.start;
    unsigned char c = (unsigned char)s->t[t->span.start];
    if (n == 1) return c < 0x80 ? c : -1;
    if (c < 0x80 || n > 4) return -1;
    int32_t cp;
    int l = px_utf8_decode((const unsigned char *)s->t + t->span.start, n, &cp);
    return l == (int)n ? cp : -1;
}

/* The norm of token k and its length. */
static inline const char *tnorm(const state *s, size_t k, size_t *len)
{
    const entry *e = &s->ents[s->ent[k]];
    if (len) *len = e->len;
    return e->norm;
}

/* Is token k's norm the word w? */
static inline bool norm_is(const state *s, size_t k, const char *w)
{
    if (k >= s->ntok) return false;
    size_t n;
    const char *nm = tnorm(s, k, &n);
    return n == strlen(w) && !memcmp(nm, w, n);
}

/* Find w (NUL-terminated) in the sorted array a[0..n) of words. */
static bool in_sorted(const char *const *a, size_t n, const char *w, size_t len)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const char *m = a[mid];
        int c = 0;
        size_t i = 0;
        for (; i < len; i++) {
            unsigned char x = (unsigned char)w[i], y = (unsigned char)m[i];
            if (x != y) { c = y == 0 ? 1 : x < y ? -1 : 1; break; }
        }
        if (i == len) c = m[len] ? -1 : 0;
        if (c == 0) return true;
        if (c < 0) hi = mid; else lo = mid + 1;
    }
    return false;
}
#define IN(arr, w, len) in_sorted(arr, sizeof arr / sizeof *arr, w, len)

static bool lang_in(const char *lang, const char *const *list)
{
    for (; *list; list++)
        if (!strcmp(lang, *list)) return true;
    return false;
}

/* ------------------------------------------------------------ tokens */

/* Grow the token arrays to hold one more token. */
static bool tok_room(state *s)
{
    if (s->ntok < s->captok) return true;
    size_t cap = s->captok;
    size_t c1 = cap, c2 = cap, c3 = cap;
    if (!px_grow((void **)&s->tok, &c1, s->ntok + 1, sizeof *s->tok)) return false;
    if (!px_grow((void **)&s->x, &c2, c1, sizeof *s->x)) return false;
    if (!px_grow((void **)&s->ent, &c3, c1, sizeof *s->ent)) return false;
    s->captok = c1;
    return true;
}

static bool push_tok(state *s, size_t a, size_t b, int kind, uint8_t flags, xflags x)
{
    if (!tok_room(s)) return false;
    bool ascii = true;
    for (size_t i = a; i < b; i++)
        if ((unsigned char)s->t[i] >= 0x80) { ascii = false; break; }
    px_token *t = &s->tok[s->ntok];
    t->span.start = (uint32_t)a;
    t->span.end = (uint32_t)b;
    t->norm = t->stem = NULL;
    t->sent = 0;
    t->kind = (uint8_t)kind;
    t->flags = flags;
    bool numish = kind == PX_TOK_NUM ||
                  (kind == PX_TOK_WORD && (unsigned char)s->t[a] >= '0' && (unsigned char)s->t[a] <= '9');
    s->x[s->ntok] = (xflags)(x | (ascii ? X_ASCII : 0) | (numish ? X_NUMISH : 0));
    s->ent[s->ntok] = 0;
    s->ntok++;
    return true;
}

/* Elided articles and prepositions (French, Italian, Catalan) that end a
 * token at their apostrophe: "l'homme" -> "l'" "homme". */
static bool is_elision(const char *w, size_t n)
{
    static const char *const el[] = {
    "all", "anch", "c", "d", "dall", "dell", "j", "jusqu", "l", "lorsqu", "m", "n",
    "nell", "presqu", "puisqu", "qu", "quest", "quoiqu", "s", "sull", "t", "tutt",
    "un",
};
    char buf[8];
    if (n == 0 || n >= sizeof buf) return false;
    for (size_t i = 0; i < n; i++) {
        char c = w[i];
        if (c >= 'A' && c <= 'Z') c = (char)(c + 32);
        buf[i] = c;
    }
    return IN(el, buf, n);
}

/* Scan a word starting at i: letters, marks, digits and joiners, with
 * inner apostrophes and hyphens between letters (a hyphen also before or
 * after a digit: "COVID-19"). Sets the CAP/UPPER flags and X_LOWER0.
 * Returns the end of the word. */
static size_t scan_word(const state *s, size_t i, size_t end, uint8_t *flags, xflags *x)
{
    const char *t = s->t;
    size_t j = i;
    int letters = 0, upper = 0, first = -1, prev = C_LETTER;
    while (j < end) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
        if (j + 8 <= end) {
            /* the ASCII letters among the next 8 bytes, at once: a byte
             * (high bit clear, | 0x20) is a letter when it is in 'a'..'z' */
            const uint64_t hi = 0x8080808080808080ull, lo7 = 0x7F7F7F7F7F7F7F7Full;
            uint64_t x;
            memcpy(&x, t + j, 8);
            uint64_t y = (x & lo7) | 0x2020202020202020ull;
            uint64_t letter = (y + 0x1F1F1F1F1F1F1F1Full) & ~(y + 0x0505050505050505ull) & ~x & hi;
            uint64_t other = ~letter & hi;
            int k = other ? __builtin_ctzll(other) / 8 : 8;   /* letters before the first other byte */
            if (k) {
                uint64_t in = k == 8 ? ~0ull : (1ull << (8 * k)) - 1;
                if (first < 0) first = (t[j] & 0x20) ? CF_LOWER : CF_UPPER;
                letters += k;
                /* a 1 in each upper-case letter's byte, summed by a multiply */
                uint64_t up = (~x >> 5) & 0x0101010101010101ull & in;
                upper += (int)((up * 0x0101010101010101ull) >> 56);
                prev = C_LETTER;
                j += (size_t)k;
                if (k == 8) continue;
            }
        }
#endif
        unsigned char b = (unsigned char)t[j];
        if (b < 0x80 && (ascii_cc[b] & 15) == C_LETTER) {   /* the common case, inline */
            int cf = ascii_cc[b] >> 4;
            letters++;
            upper += cf == CF_UPPER;
            if (first < 0) first = cf;
            j++;
            prev = C_LETTER;
            continue;
        }
        int32_t cp;
        int n = decode(t, j, end, &cp), cf;
        int c = char_class(s->cc, cp, &cf);
        if (c == C_LETTER || c == C_MARK || c == C_DIGIT || c == C_JOIN) {
            if (c == C_LETTER) {
                letters++;
                if (cf & CF_UPPER) upper++;
                if (first < 0) first = cf;
            }
            j += (size_t)n;
            prev = c;
            continue;
        }
        bool apo = is_apostrophe(cp), hy = !apo && is_hyphen(cp);
        if ((apo || hy) && j + (size_t)n < end &&
            (prev == C_LETTER || prev == C_MARK || (hy && prev == C_DIGIT))) {
            int32_t cp2;
            int cf2;
            decode(t, j + (size_t)n, end, &cp2);
            int c2 = char_class(s->cc, cp2, &cf2);
            if (c2 == C_LETTER || (hy && c2 == C_DIGIT)) {
                if (apo && s->elide && is_elision(t + i, j - i)) { j += (size_t)n; break; }
                j += (size_t)n;
                prev = C_PUNCT;
                continue;
            }
        }
        break;
    }
    if (first == CF_UPPER) *flags |= PX_TOKF_CAP;
    if (first == CF_LOWER) *x |= X_LOWER0;
    if (letters >= 2 && upper == letters) *flags |= PX_TOKF_UPPER;
    return j;
}

/* Letters glued to a number that are split off as their own word: units
 * and multipliers ("10km", "3m", "5bn"), lower case only. */
static const char *const glued_units[] = {
    "bln", "bn", "cm", "ft", "gb", "gw", "gwh", "h", "ha", "k", "kg", "km", "kmh",
    "kw", "kwh", "m", "mb", "mg", "mi", "min", "mio", "ml", "mld", "mln", "mm", "mn",
    "mph", "mrd", "mw", "mwh", "t", "tb", "tn",
};

/* Length of a space that may group digits at t[j] ("28 500"): no-break,
 * narrow no-break and thin spaces always, a plain space where the language
 * groups with spaces; 0 when none. */
static size_t group_space(const state *s, size_t j, size_t end)
{
    const unsigned char *u = (const unsigned char *)s->t;
    if (u[j] == ' ') return s->space_groups ? 1 : 0;
    if (u[j] == 0xC2 && j + 1 < end && u[j + 1] == 0xA0) return 2;
    if (u[j] == 0xE2 && j + 2 < end && u[j + 1] == 0x80 &&
        (u[j + 2] == 0xAF || u[j + 2] == 0x89))
        return 3;
    return 0;
}

/* Scan a number starting at digit i; see the top of the file. Returns its
 * end, or 0 when the digits start a word ("5G", "25th"). */
static size_t scan_number(const state *s, size_t i, size_t end)
{
    const char *t = s->t;
    size_t j = i;
    int group = 0;
    bool sep = false;
    while (j < end) {
        int32_t cp;
        int n = decode(t, j, end, &cp);
        if (digit_value(cp) >= 0) { j += (size_t)n; group++; continue; }
        if (cp == ',' || cp == '.' || cp == 0x066B || cp == 0x066C) {
            int32_t nx;
            if (j + (size_t)n < end && (decode(t, j + (size_t)n, end, &nx), digit_value(nx) >= 0)) {
                j += (size_t)n;
                group = 0;
                sep = true;
                continue;
            }
            break;
        }
        size_t sl = group_space(s, j, end);
        if (sl && group >= 1 && group <= 3 && !(sep && t[j] == ' ')) {
            /* exactly three digits must follow, then no digit */
            size_t k = j + sl;
            int d = 0;
            while (k < end && d < 4) {
                int32_t c2;
                int n2 = decode(t, k, end, &c2);
                if (digit_value(c2) < 0) break;
                k += (size_t)n2;
                d++;
            }
            if (d == 3) { j += sl; group = 0; continue; }
        }
        break;
    }
    if (j < end) {
        int32_t cp;
        int cf;
        decode(t, j, end, &cp);
        if (char_class(s->cc, cp, &cf) == C_LETTER) {
            size_t k = j;
            while (k < end && t[k] >= 'a' && t[k] <= 'z') k++;
            int32_t after = 0;
            int cfa = 0;
            if (k < end) decode(t, k, end, &after);
            bool glued_end = k == end || (char_class(s->cc, after, &cfa) != C_LETTER &&
                                          char_class(s->cc, after, &cfa) != C_DIGIT);
            if (k > j && glued_end && in_sorted(glued_units, sizeof glued_units / sizeof *glued_units,
                                                t + j, k - j))
                return j;
            return 0;
        }
    }
    return j;
}

/* Cut t[a..b) into tokens, appended to s->tok. title marks them as the
 * title's. */
static bool tokenize(state *s, size_t a, size_t b, bool title)
{
    const char *t = s->t;
    size_t i = a;
    xflags pre = X_NL | X_SP;
    while (i < b) {
        if (t[i] == ' ') { pre |= X_SP; i++; continue; }   /* most common: skip it fast */
        int32_t cp;
        int n = decode(t, i, b, &cp), cf;
        int c = char_class(s->cc, cp, &cf);
        if (c == C_SPACE || c == C_JOIN) { pre |= X_SP; i += (size_t)n; continue; }
        if (c == C_NL) { pre |= X_SP | X_NL; i += (size_t)n; continue; }
        size_t j;
        int kind;
        uint8_t flags = title ? PX_TOKF_TITLE : 0;
        xflags x = pre;
        switch (c) {
        case C_LETTER: case C_MARK:
            j = scan_word(s, i, b, &flags, &x);
            kind = PX_TOK_WORD;
            break;
        case C_DIGIT:
            j = scan_number(s, i, b);
            kind = PX_TOK_NUM;
            if (!j) { j = scan_word(s, i, b, &flags, &x); kind = PX_TOK_WORD; }
            break;
        case C_IDEO:
            j = i + (size_t)n;
            kind = PX_TOK_IDEO;
            break;
        case C_KANA: case C_HANGUL:
            j = i + (size_t)n;
            while (j < b) {
                int32_t c2;
                int cf2, n2 = decode(t, j, b, &c2);
                if (char_class(s->cc, c2, &cf2) != c) break;
                j += (size_t)n2;
            }
            kind = PX_TOK_IDEO;
            break;
        case C_PUNCT:
            j = i + (size_t)n;
            if (cp == '.') while (j < b && t[j] == '.') j++;
            kind = PX_TOK_PUNCT;
            break;
        default:
            j = i + (size_t)n;
            kind = PX_TOK_SYMBOL;
            break;
        }
        if (j <= i) j = i + (size_t)n;   /* always make progress */
        if (!push_tok(s, i, j, kind, flags, x)) return false;
        pre = 0;
        i = j;
    }
    return true;
}

/* ------------------------------------------------------------ norms, stems */

static uint32_t hash_bytes(const char *p, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)p[i]) * 16777619u;
    return h;
}

/* What a token's form stands for: its matching form, and for words the
 * stopword bit and the Snowball stem. */
typedef struct winfo {
    const char *norm, *stem;   /* stem == norm when stemming leaves it as is */
    size_t nlen, slen;
    bool stop;
} winfo;

/* The first half of word_info: fold token k into b (ASCII: lower-case,
 * ` -> ') and set wi to the norm, as its own stem, no stopword. False on
 * no memory. */
static bool word_fold(state *s, size_t k, px_buf *b, winfo *wi)
{
    const char *w = tok_text(s, k);
    size_t n = tok_len(s, k);
    b->len = 0;
    if (s->x[k] & X_ASCII) {
        if (!px_buf_reserve(b, n + 1)) return false;
        for (size_t i = 0; i < n; i++) {
            char c = w[i];
            b->data[i] = (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c == '`' ? '\'' : c;
        }
        b->len = n;
        b->data[n] = '\0';
    } else if (!px_fold(w, n, b)) {
        return false;
    }
    if (!b->data && !px_buf_reserve(b, 1)) return false;
    wi->norm = wi->stem = b->data;
    wi->nlen = wi->slen = b->len;
    wi->stop = false;
    return true;
}

/* The second half: for a word, the stopword bit and the stem of wi's
 * norm. wi->stem may point into the stemmer's own buffer, valid until the
 * next stem call. False on no memory. */
static bool word_stem(state *s, winfo *wi)
{
    wi->stop = px_is_stopword(s->lang, wi->norm, wi->nlen);
    if (s->stemmer) {
        const sb_symbol *st = sb_stemmer_stem(s->stemmer, (const sb_symbol *)wi->norm,
                                              (int)wi->nlen);
        int sl = st ? sb_stemmer_length(s->stemmer) : -1;
        if (!st) return false;   /* the stemmer ran out of memory */
        if (sl >= 0 && !((size_t)sl == wi->nlen && !memcmp(st, wi->norm, wi->nlen))) {
            wi->stem = (const char *)st;
            wi->slen = (size_t)sl;
        }
    }
    return true;
}

/* Work out token k's winfo: fold it into b, then stem and look up words
 * (word_fold, word_stem). False on no memory. */
static bool word_info(state *s, size_t k, px_buf *b, winfo *wi)
{
    if (!word_fold(s, k, b, wi)) return false;
    return s->tok[k].kind != PX_TOK_WORD || word_stem(s, wi);
}

/* The document's entry for the matching form norm[0..len) with hash h, or
 * -1; *slot gets where it is or would go in s->table. */
static int32_t doc_entry_find(const state *s, const char *norm, size_t len, uint32_t h,
                              size_t *slot)
{
    size_t idx = h & s->tabmask;
    while (s->table[idx]) {
        const entry *e = &s->ents[s->table[idx] - 1];
        if (e->hash == h && e->len == len && !memcmp(e->norm, norm, len)) break;
        idx = (idx + 1) & s->tabmask;
    }
    *slot = idx;
    return s->table[idx] - 1;
}

/* Add a document entry for wi (norm hash h) at table slot slot, copying
 * norm and stem into the document's arena; month and weekday as known so
 * far (-1: not looked up), wc the word cache entry to tell when they are
 * looked up (-1: none). Its index, or -1 on no memory. */
static int32_t doc_entry_add(state *s, size_t slot, const winfo *wi, uint32_t h, int8_t month,
                             int8_t wday, int32_t wc)
{
    if (s->nent == s->capent &&
        !px_grow((void **)&s->ents, &s->capent, s->nent + 1, sizeof *s->ents))
        return -1;
    entry *e = &s->ents[s->nent];
    memset(e, 0, sizeof *e);
    /* norm and (when it differs: a cached stem may be a prefix) stem in
     * one allocation */
    bool own_stem = wi->stem != wi->norm || wi->slen != wi->nlen;
    char *b = px_arena_alloc(&s->doc->arena, wi->nlen + 1 + (own_stem ? wi->slen + 1 : 0));
    if (!b) return -1;
    memcpy(b, wi->norm, wi->nlen);
    b[wi->nlen] = '\0';
    e->norm = e->stem = b;
    if (own_stem) {
        char *st = b + wi->nlen + 1;
        memcpy(st, wi->stem, wi->slen);
        st[wi->slen] = '\0';
        e->stem = st;
    }
    e->len = (uint32_t)wi->nlen;
    e->hash = h;
    e->stop = wi->stop;
    e->article = -1;
    e->month = month;
    e->wday = wday;
    e->wc = wc;
    int32_t idx = (int32_t)s->nent++;
    s->table[slot] = idx + 1;
    return idx;
}

/* ---- the context's word cache (see px_wcache in internal.h) */

/* The cache is a 4-way set-associative table of 64-byte entries (one cache
 * line each) with the strings inline: a lookup touches one set, and
 * intern_all prefetches the sets of the tokens ahead, so the misses of the
 * forms new to a document overlap. A new form takes an empty way or
 * evicts the way seen in the fewest documents (the others' counts are
 * halved, so forms that stop coming age out); ways used by the document
 * being analysed are never evicted, so slot indices stay valid for it.
 * Memory: WC_SETS_MIN * 4 entries (4 MiB) at first; each time forms were
 * evicted a quarter as many times as it holds entries (a context analysing
 * many documents of a large vocabulary), it doubles, keeping its entries,
 * up to WC_SETS_MAX * 4 entries (16 MiB). It grows only between documents. */
#define WC_WAYS 4
#define WC_SETS_MIN (1u << 14)
#define WC_SETS_MAX (1u << 16)
#define WC_MAX_LEN 31          /* bytes of a surface form cached (inline) */
#define WC_AHEAD 8             /* tokens prefetched ahead */

#define WF_STOP 1              /* a stopword */
#define WF_NORM_SURF 2         /* the norm is the surface form, not stored again */
#define WF_STEM_PREFIX 4       /* the stem is the norm's first tlen bytes */

struct px_wentry {
    char b[31];                /* surface, then the norm and the stem unless
                                  the flags say they need no bytes; first, so
                                  that comparing the surface (a 32-byte
                                  masked load) stays inside the entry's line */
    uint8_t kind;              /* enum px_token_kind; 0 for an empty way */
    uint64_t hash;             /* XXH3 of the surface form, seeded by lang and kind */
    uint32_t lang;             /* language code, packed by pack_lang */
    uint32_t nhash;            /* hash_bytes(norm), the document table's hash */
    uint32_t epoch;            /* the document whose entry ent is */
    int32_t ent;               /* that document's entry for this form */
    uint16_t docs;             /* documents it was seen in (halved when aged) */
    uint8_t slen, nlen, tlen;  /* surface, norm, stem lengths */
    uint8_t flags;             /* WF_* */
    int8_t month, wday;        /* -1 until looked up */
};
_Static_assert(sizeof(struct px_wentry) == 64, "a word cache entry is one cache line");

/* Language code lang (at most 3 bytes, "en", "und") as one number, 0 when
 * it is longer (such documents bypass the cache). */
static uint32_t pack_lang(const char *lang)
{
    uint32_t v = 0;
    for (int i = 0; i < 4; i++) {
        if (!lang[i]) return v;
        v |= (uint32_t)(unsigned char)lang[i] << (8 * i);
    }
    return 0;
}

/* Free the cache's memory. */
static void wcache_free(px_wcache *c)
{
    free(c->slots);
    memset(c, 0, sizeof *c);
}

/* The first way of the set of hash h. */
static inline size_t wcache_set(const px_wcache *c, uint64_t h)
{
    return (size_t)(h & c->mask) * WC_WAYS;
}

/* Double the cache's sets, moving every entry to its set in the larger
 * table (an old set's entries split over two new sets, so they all fit),
 * unless it is at its largest; start counting evictions again. On no
 * memory the cache stays as it is. Only between documents. */
static void wcache_grow(px_wcache *c)
{
    size_t sets = c->mask + 1;
    c->evicted = 0;
    if (sets >= WC_SETS_MAX) return;
    px_wentry *ns = px_calloc_big(2 * sets * WC_WAYS, sizeof *ns);
    if (!ns) return;
    size_t nmask = 2 * sets - 1;
    for (size_t i = 0; i < sets * WC_WAYS; i++) {
        const px_wentry *e = &c->slots[i];
        if (!e->kind) continue;
        px_wentry *set = &ns[(size_t)(e->hash & nmask) * WC_WAYS];
        int w = 0;
        while (set[w].kind) w++;
        set[w] = *e;
    }
    free(c->slots);
    c->slots = ns;
    c->mask = nmask;
}

/* Store form w[0..n) with what wi says about it into entry e; false when
 * its bytes do not fit inline (then it is not cached). */
static bool wcache_fill(px_wentry *e, const char *w, size_t n, const winfo *wi)
{
    uint8_t flags = wi->stop ? WF_STOP : 0;
    size_t need = n;
    bool norm_surf = wi->nlen == n && !memcmp(wi->norm, w, n);
    bool stem_prefix = wi->slen <= wi->nlen && !memcmp(wi->stem, wi->norm, wi->slen);
    if (norm_surf) flags |= WF_NORM_SURF; else need += wi->nlen;
    if (stem_prefix) flags |= WF_STEM_PREFIX; else need += wi->slen;
    if (need > sizeof e->b) return false;
    char *d = e->b;
    memcpy(d, w, n);
    d += n;
    if (!norm_surf) { memcpy(d, wi->norm, wi->nlen); d += wi->nlen; }
    if (!stem_prefix) memcpy(d, wi->stem, wi->slen);
    e->slen = (uint8_t)n;
    e->nlen = (uint8_t)wi->nlen;
    e->tlen = (uint8_t)wi->slen;
    e->flags = flags;
    e->month = e->wday = -1;
    e->nhash = hash_bytes(wi->norm, wi->nlen);
    e->epoch = 0;
    e->ent = -1;
    e->docs = 0;
    return true;
}

/* Read entry e back as a winfo (pointers into e). The stem of a form whose
 * stem is its norm is the norm pointer itself, as word_info gives it. */
static void wcache_info(const px_wentry *e, winfo *wi)
{
    const char *p = e->b + e->slen;
    wi->norm = (e->flags & WF_NORM_SURF) ? e->b : p;
    if (!(e->flags & WF_NORM_SURF)) p += e->nlen;
    wi->nlen = e->nlen;
    wi->stem = (e->flags & WF_STEM_PREFIX) ? wi->norm : p;
    wi->slen = e->tlen;
    wi->stop = (e->flags & WF_STOP) != 0;
}

/* The way of set[] (WC_WAYS entries) a new form should take: an empty
 * one, else the one seen in the fewest documents among those the current
 * document (epoch) does not use, whose counts are then halved. -1 when
 * every way is in use by the current document. */
static int wcache_victim(px_wentry *set, uint32_t epoch)
{
    int victim = -1;
    for (int i = 0; i < WC_WAYS; i++) {
        if (!set[i].kind) return i;
        if (set[i].epoch != epoch && (victim < 0 || set[i].docs < set[victim].docs))
            victim = i;
    }
    if (victim >= 0)
        for (int i = 0; i < WC_WAYS; i++) set[i].docs /= 2;
    return victim;
}

/* The cached entry of form w[0..n) of kind and lang (hash h), or NULL.
 * Inline: it is on every token's path. */
static inline __attribute__((always_inline)) px_wentry *
wcache_find(px_wcache *c, const char *w, size_t n, uint8_t kind, uint32_t lang, uint64_t h)
{
    px_wentry *set = &c->slots[wcache_set(c, h)];
    for (size_t i = 0; i < WC_WAYS; i++)
        if (set[i].hash == h && set[i].kind == kind && set[i].slen == n &&
            set[i].lang == lang && !memcmp(set[i].b, w, n))
            return &set[i];
    return NULL;
}

/* The document entry of token k (its form's hash h, language lang) through
 * the word cache: the form's entry when it has been seen in this document,
 * else the document's entry for its norm, made on a miss. A form new to
 * the cache is worked out and, when it fits, kept. -1 on no memory. */
static int32_t intern_cached(state *s, size_t k, uint32_t lang, uint64_t h)
{
    px_wcache *c = &s->ctx->words;
    const char *w = tok_text(s, k);
    size_t n = tok_len(s, k);
    uint8_t kind = s->tok[k].kind;
    px_wentry *set = &c->slots[wcache_set(c, h)];
    px_wentry *we = wcache_find(c, w, n, kind, lang, h);
    if (we && we->epoch == c->epoch) return we->ent;
    winfo wi;
    if (we) {
        wcache_info(we, &wi);
    } else {
        /* new to the cache: work it out, keep it when it fits */
        px_buf *b = &s->ctx->scratch;
        if (!word_fold(s, k, b, &wi)) return -1;
        const px_wentry *ne = NULL;
        if (kind == PX_TOK_WORD && wi.nlen <= WC_MAX_LEN && (wi.nlen != n || memcmp(wi.norm, w, n))) {
            /* a form written otherwise than its norm ("The", "HAUS"): when
             * the norm as written is cached, its stem and stopword bit are
             * this form's too (both are functions of the norm) */
            uint64_t nh = XXH3_64bits_withSeed(wi.norm, wi.nlen, ((uint64_t)lang << 8) | kind);
            ne = wcache_find(c, wi.norm, wi.nlen, kind, lang, nh);
            if (ne && !(ne->flags & WF_NORM_SURF)) ne = NULL;
        }
        if (ne) {
            /* copy the stem next to the norm: the entry may be evicted below */
            winfo ni;
            wcache_info(ne, &ni);
            size_t nlen = wi.nlen;
            if (!px_buf_reserve(b, ni.slen + 1)) return -1;
            memcpy(b->data + nlen + 1, ni.stem, ni.slen);
            b->data[nlen + 1 + ni.slen] = '\0';
            wi.norm = b->data;
            wi.stem = ni.slen == nlen && !memcmp(ni.stem, b->data, nlen) ? b->data : b->data + nlen + 1;
            wi.slen = ni.slen;
            wi.stop = ni.stop;
        } else if (kind == PX_TOK_WORD && !word_stem(s, &wi)) {
            return -1;
        }
        px_wentry e;
        int v;
        if (wi.nlen <= UINT8_MAX && wi.slen <= UINT8_MAX && wcache_fill(&e, w, n, &wi) &&
            (v = wcache_victim(set, c->epoch)) >= 0) {
            c->evicted += set[v].kind != 0;
            e.hash = h;
            e.lang = lang;
            e.kind = kind;
            set[v] = e;
            we = &set[v];
        }
    }
    uint32_t nh = we ? we->nhash : hash_bytes(wi.norm, wi.nlen);
    size_t slot;
    int32_t found = doc_entry_find(s, wi.norm, wi.nlen, nh, &slot);
    if (found < 0)
        found = doc_entry_add(s, slot, &wi, nh, we ? we->month : -1, we ? we->wday : -1,
                              we ? (int32_t)(we - c->slots) : -1);
    if (found < 0 || !we) return found;
    we->epoch = c->epoch;
    we->ent = found;
    if (we->docs < UINT16_MAX) we->docs++;
    return found;
}

/* The document entry of token k without the cache (long forms, odd
 * language codes, a busy set). -1 on no memory. */
static int32_t intern_direct(state *s, size_t k)
{
    winfo wi;
    if (!word_info(s, k, &s->ctx->scratch, &wi)) return -1;
    uint32_t h = hash_bytes(wi.norm, wi.nlen);
    size_t slot;
    int32_t found = doc_entry_find(s, wi.norm, wi.nlen, h, &slot);
    if (found < 0) found = doc_entry_add(s, slot, &wi, h, -1, -1, -1);
    return found;
}

/* Does lang have a Snowball algorithm? */
static bool has_snowball(const char *lang)
{
    for (size_t i = 0; i < sizeof snowball_names / sizeof *snowball_names; i++)
        if (!strcmp(snowball_names[i].iso, lang)) return true;
    return false;
}

/* Give every token its norm and stem: each distinct matching form of the
 * document gets one entry (norm and stem copied into the document's arena
 * once, counts for the name rules) and every token points at its form's
 * entry. Folding, stemming and the stopword lookup of a form as written
 * come from the context's word cache, so they are done once per context,
 * not once per document. */
static bool intern_all(state *s)
{
    size_t size = 64;
    while (size < s->ntok * 2) size *= 2;
    if (!px_grow((void **)&s->table, &s->captable, size, sizeof *s->table)) return false;
    memset(s->table, 0, size * sizeof *s->table);
    s->tabmask = size - 1;
    px_wcache *c = &s->ctx->words;
    /* a failed stemmer (no memory) must not leave unstemmed words behind */
    uint32_t lang = s->stemmer || !has_snowball(s->lang) ? pack_lang(s->lang) : 0;
    if (lang) {
        if (!c->slots) {
            /* cache-line aligned (huge pages), so that an entry is one line */
            c->slots = px_calloc_big((size_t)WC_SETS_MIN * WC_WAYS, sizeof *c->slots);
            if (!c->slots) return false;
            c->mask = WC_SETS_MIN - 1;
        }
        if (c->evicted >= (c->mask + 1) * WC_WAYS / 4) wcache_grow(c);
        if (++c->epoch == 0) {   /* wrapped: old marks would look current */
            for (size_t i = 0; i < (c->mask + 1) * WC_WAYS; i++) c->slots[i].epoch = 0;
            c->epoch = 1;
        }
        /* hash every form first, so the slots can be prefetched ahead */
        if (!px_grow((void **)&s->hashes, &s->caphashes, s->ntok, sizeof *s->hashes))
            return false;
        for (size_t k = 0; k < s->ntok; k++)
            s->hashes[k] = XXH3_64bits_withSeed(tok_text(s, k), tok_len(s, k),
                                                ((uint64_t)lang << 8) | s->tok[k].kind);
    }
    for (size_t k = 0; k < s->ntok; k++) {
        int32_t found = -2;
        if (lang && tok_len(s, k) <= WC_MAX_LEN) {
            if (k + WC_AHEAD < s->ntok) {
                const px_wentry *set = &c->slots[wcache_set(c, s->hashes[k + WC_AHEAD])];
                for (size_t i = 0; i < WC_WAYS; i++) __builtin_prefetch(&set[i]);
            }
            found = intern_cached(s, k, lang, s->hashes[k]);
        }
        if (found == -2) found = intern_direct(s, k);   /* not through the cache */
        if (found < 0) return false;
        const entry *e = &s->ents[found];
        s->ent[k] = found;
        s->tok[k].norm = e->norm;
        s->tok[k].stem = e->stem;
        if (e->stop && s->tok[k].kind == PX_TOK_WORD) s->tok[k].flags |= PX_TOKF_STOP;
    }
    return true;
}

/* ------------------------------------------------------------ sentences */

/* Words after which a full stop does not end a sentence (folded, no dot):
 * titles, month and street abbreviations, US state abbreviations, and
 * the like in the languages handled. Single letters are handled apart. */
static const char *const abbrevs[] = {
    "abs", "adm", "apr", "ariz", "aug", "av", "ave", "avv", "bd", "bspw", "bzw", "ca",
    "calif", "capt", "cf", "cmdr", "col", "colo", "conn", "cpl", "cpt", "dec", "dept",
    "dhr", "dott", "doç", "dr", "dra", "ds", "ehem", "evtl", "feb", "fig", "fla",
    "fr", "ft", "geb", "gegr", "gen", "ggf", "gov", "hon", "hr", "im", "ing", "inkl",
    "ir", "jan", "jh", "jr", "jul", "jun", "ky", "lic", "lt", "maj", "md", "mevr",
    "mich", "minn", "mio", "mlle", "mln", "mme", "mr", "mrd", "mrs", "ms", "mt",
    "nov", "np", "nr", "núm", "oct", "okla", "pag", "penn", "pp", "pr", "prof", "pág",
    "rep", "rev", "sen", "sep", "sept", "sgt", "sig", "sn", "sog", "sr", "sra",
    "srta", "st", "ste", "str", "tel", "tenn", "tex", "tys", "tzw", "ud", "uds", "ul",
    "va", "vb", "vgl", "vol", "vs", "wg", "wis", "wyo", "yrd", "św", "г", "др", "им",
    "млн", "млрд", "руб", "см", "тыс", "ул",
};

/* Languages that write ordinals as a number and a full stop ("25. Juni"). */
static const char *const ordinal_dot_langs[] = {
    "de", "da", "no", "nb", "nn", "fi", "pl", "tr", "cs", "sk", "hu", "sl", "hr",
    "sr", "et", "lv", "is", NULL};

enum { T_NONE, T_WEAK, T_STRONG };

/* Does punctuation token k end a sentence by itself (? ! … 。 ؟ ...), only
 * maybe (a full stop), or not at all? */
static int terminal_kind(const state *s, size_t k)
{
    if (s->tok[k].kind != PX_TOK_PUNCT) return T_NONE;
    if (tok_len(s, k) > 1 && tok_text(s, k)[0] == '.') return T_STRONG;   /* "..." */
    switch (tok_cp(s, k)) {
    case '.':
        return T_WEAK;
    case '?': case '!': case 0x2026: case 0x3002: case 0xFF01: case 0xFF1F: case 0x061F:
    case 0x06D4: case 0x203C: case 0x2047: case 0x2048: case 0x2049: case 0xFF0E:
    case 0xFF61: case 0x0964:
        return T_STRONG;   /* ? ! … 。 ！ ？ ؟ ۔ ‼ ⁇ ⁈ ⁉ ． ｡ । */
    }
    return T_NONE;
}

/* Closing quotes and brackets that stay with the sentence they follow
 * when they come right after its final mark (”, ’, », ", ), 」...; “ and ‘
 * too, the German closing marks). */
static bool is_closer(const state *s, size_t k)
{
    if (s->tok[k].kind != PX_TOK_PUNCT) return false;
    switch (tok_cp(s, k)) {
    case '"': case '\'': case ')': case ']': case '}': case 0x201D: case 0x2019: case 0x201C:
    case 0x2018: case 0x00BB: case 0x00AB: case 0x203A: case 0x2039: case 0x300D: case 0x300F:
    case 0xFF09: case 0x3011: case 0x300B: case 0x3009:
        return true;   /* " ' ) ] } ” ’ “ ‘ » « › ‹ 」 』 ） 】 》 〉 */
    }
    return false;
}

/* The month (1..12) or weekday (1..7) word token k names in the document's
 * language, 0 when none; in cased languages (en, de, nl) the word must be
 * capitalised. A Turkish suffix after an apostrophe is ignored
 * ("Haziran'da"). The answer is cached on the word's entry and in the
 * context's word cache. */
static int calendar_word(const state *s, size_t k, bool weekday)
{
    if (k >= s->ntok || s->tok[k].kind != PX_TOK_WORD) return 0;
    if (s->cased_dates && !(s->tok[k].flags & PX_TOKF_CAP)) return 0;
    entry *e = &s->ents[s->ent[k]];
    int8_t *v = weekday ? &e->wday : &e->month;
    if (*v < 0) {
        size_t n = e->len;
        const char *q = memchr(e->norm, '\'', n);
        if (q) n = (size_t)(q - e->norm);
        size_t longest = weekday ? 40 : 24;
        *v = (int8_t)(n < 3 || n > longest ? 0
                      : weekday ? px_weekday_name(e->norm, n, s->lang)
                                : px_month_name(e->norm, n, s->lang));
        if (e->wc >= 0) {
            if (weekday) s->ctx->words.slots[e->wc].wday = *v;
            else s->ctx->words.slots[e->wc].month = *v;
        }
    }
    return *v;
}

/* The month word at k (1..12), or 0. */
static int month_word(const state *s, size_t k) { return calendar_word(s, k, false); }

/* Does the full stop at token k, with closers up to token last, end the
 * sentence? t1 ends the paragraph. See the top of the file. */
static bool stop_ends(const state *s, size_t k, size_t last, size_t t0, size_t t1)
{
    size_t nx = last + 1;
    if (nx < t1 && (s->x[nx] & X_LOWER0)) return false;
    if (nx < t1 && !(s->x[nx] & X_SP) && last == k) return false;   /* "U.S" "e.g" */
    if (k > t0 && !(s->x[k] & X_SP)) {
        size_t p = k - 1;
        bool next_cap_stop = nx < t1 && (s->tok[nx].flags & PX_TOKF_CAP) &&
                             (s->tok[nx].flags & PX_TOKF_STOP);
        if (s->tok[p].kind == PX_TOK_WORD) {
            size_t n;
            const char *w = tnorm(s, p, &n);
            int32_t cp;
            int cl = n ? px_utf8_decode((const unsigned char *)w, n, &cp) : 0;
            if (cl > 0 && (size_t)cl == n) return next_cap_stop;   /* an initial */
            if (IN(abbrevs, w, n)) return false;
        } else if (s->tok[p].kind == PX_TOK_NUM && tok_len(s, p) <= 3 &&
                   lang_in(s->lang, ordinal_dot_langs) && nx < t1 &&
                   s->tok[nx].kind == PX_TOK_WORD) {
            if (month_word(s, nx)) return false;
            if (s->caps_nouns && !(s->tok[nx].flags & PX_TOKF_STOP) && tok_len(s, p) <= 2)
                return false;
        }
    }
    return true;
}

/* Record tokens [a, b) as sentence number s->nsent of paragraph para. */
static bool add_sentence(state *s, size_t a, size_t b, uint32_t para)
{
    if (!px_grow((void **)&s->sent, &s->capsent, s->nsent + 1, sizeof *s->sent)) return false;
    px_sentence *st = &s->sent[s->nsent];
    st->span.start = s->tok[a].span.start;
    st->span.end = s->tok[b - 1].span.end;
    st->tok_start = (uint32_t)a;
    st->tok_end = (uint32_t)b;
    st->para = para;
    bool first = true;
    for (size_t k = a; k < b; k++) {
        s->tok[k].sent = (uint32_t)s->nsent;
        if (first && s->tok[k].kind != PX_TOK_PUNCT && s->tok[k].kind != PX_TOK_SYMBOL) {
            s->tok[k].flags |= PX_TOKF_SENT0;
            first = false;
        }
    }
    s->nsent++;
    return true;
}

/* Split the tokens [t0, t1) of one paragraph (or the title) into sentences. */
static bool split_sentences(state *s, size_t t0, size_t t1, uint32_t para)
{
    size_t start = t0, k = t0;
    while (k < t1) {
        size_t last = k;
        bool brk = false;
        int term = terminal_kind(s, k);
        if (term) {
            while (last + 1 < t1 && !(s->x[last + 1] & X_SP) &&
                   (is_closer(s, last + 1) || terminal_kind(s, last + 1)))
                last++;
            if (term == T_STRONG) brk = !(last + 1 < t1 && (s->x[last + 1] & X_LOWER0));
            else brk = stop_ends(s, k, last, t0, t1);
        }
        if (!brk && last + 1 < t1 && (s->x[last + 1] & X_NL) && !(s->x[last + 1] & X_LOWER0))
            brk = true;
        if (brk || last + 1 == t1) {
            if (!add_sentence(s, start, last + 1, para)) return false;
            start = last + 1;
        }
        k = last + 1;
    }
    return true;
}

/* Is token k (in a sentence starting at token a) right after an opening
 * quote, a colon, a dash or a bracket, where a capital says little? */
static bool after_opener(const state *s, size_t k, size_t a)
{
    if (k <= a || s->tok[k - 1].kind != PX_TOK_PUNCT) return false;
    switch (tok_cp(s, k - 1)) {
    case '"': case '\'': case '(': case ':': case '-': case 0x00AB: case 0x00BB: case 0x2018:
    case 0x201A: case 0x201C: case 0x201E: case 0x2013: case 0x2014: case 0x300C: case 0x300E:
        return true;   /* " ' ( : - « » ‘ ‚ “ „ – — 「 『 */
    }
    return false;
}

/* Is token k a German article or determiner ("der", "eine", "diese")? */
static bool german_article(state *s, size_t k)
{
    static const char *const art[] = {
        "das", "dem", "den", "der", "des", "die", "diese", "diesem", "diesen", "dieser",
        "dieses", "ein", "eine", "einem", "einen", "einer", "eines", "ihre", "ihrer", "jede",
        "jeden", "jeder", "kein", "keine", "keinen", "keiner", "seine", "seiner", "unsere"};
    if (s->tok[k].kind != PX_TOK_WORD) return false;
    entry *e = &s->ents[s->ent[k]];
    if (e->article < 0) e->article = IN(art, e->norm, e->len);   /* once per distinct word */
    return e->article;
}

/* Mark the tokens of all-capitals and title-case sentences (at least three
 * cased content words of 3+ bytes that are not abbreviations, nine in ten
 * capitalised) and count, for every
 * distinct word, how often it is capitalised mid-sentence in a normal
 * sentence and how often it starts in lower case. */
static void word_stats(state *s)
{
    for (size_t i = 0; i < s->nsent; i++) {
        const px_sentence *st = &s->sent[i];
        unsigned words = 0, caps = 0;
        for (size_t k = st->tok_start; k < st->tok_end; k++) {
            const px_token *t = &s->tok[k];
            if (t->kind != PX_TOK_WORD || (t->flags & PX_TOKF_STOP) || tok_len(s, k) < 3 ||
                (k + 1 < st->tok_end && (tok_cp(s, k + 1) == '.') && !(s->x[k + 1] & X_SP)))
                continue;   /* short words and abbreviations say little */
            if (t->flags & PX_TOKF_CAP) { words++; caps++; }
            else if (s->x[k] & X_LOWER0) words++;
        }
        bool shout = words >= 3 && caps * 10 >= words * 9;
        for (size_t k = st->tok_start; k < st->tok_end; k++) {
            if (shout) s->x[k] |= X_SHOUT;
            const px_token *t = &s->tok[k];
            if (t->kind != PX_TOK_WORD) continue;
            entry *e = &s->ents[s->ent[k]];
            if (s->caps_nouns && k > st->tok_start && german_article(s, k - 1)) e->n_article++;
            if (s->x[k] & X_LOWER0) e->n_lower++;
            else if ((t->flags & PX_TOKF_CAP) && !(t->flags & PX_TOKF_SENT0) && !shout &&
                     !after_opener(s, k, st->tok_start))
                e->n_cap_mid++;
        }
    }
}

/* ------------------------------------------------------------ mentions: common */

/* Append a mention; norm (nlen bytes) is copied into the arena. */
static bool add_mention(state *s, uint32_t a, uint32_t b, int kind, const char *norm,
                        size_t nlen, const char *unit, double value, uint32_t sent)
{
    if (!px_grow((void **)&s->m.v, &s->m.cap, s->m.n + 1, sizeof *s->m.v)) return false;
    px_mention *m = &s->m.v[s->m.n];
    m->span.start = a;
    m->span.end = b;
    m->kind = (px_mention_kind)kind;
    m->norm = px_arena_strndup(&s->doc->arena, norm, nlen);
    if (!m->norm) return false;
    m->unit = unit;
    m->value = value;
    m->sent = sent;
    s->m.n++;
    return true;
}

static void mark_used(state *s, size_t a, size_t b)
{
    for (size_t k = a; k < b && k < s->ntok; k++) s->x[k] |= X_USED;
}

/* Token k is usable by a mention starting in sentence sent. */
static inline bool free_in(const state *s, size_t k, uint32_t sent)
{
    return k < s->ntok && s->tok[k].sent == sent && !(s->x[k] & X_USED);
}

/* Write v as a canonical decimal: no exponent, no trailing zeros. */
static size_t fmt_number(double v, char *out, size_t cap)
{
    if (v != v || v > 1e21 || v < -1e21) return (size_t)snprintf(out, cap, "0");
    if (v >= 0 && v < 1e15 && v == (double)(uint64_t)v && cap >= 17) {
        /* a whole number (most are): its digits, as "%.6f" would print them
         * before the zeros are cut, without the cost of printf */
        char tmp[20];
        size_t n = 0;
        uint64_t u = (uint64_t)v;
        do { tmp[n++] = (char)('0' + u % 10); u /= 10; } while (u);
        for (size_t i = 0; i < n; i++) out[i] = tmp[n - 1 - i];
        out[n] = '\0';
        return n;
    }
    int n = snprintf(out, cap, "%.6f", v);
    if (n < 0 || (size_t)n >= cap) return 0;
    while (n > 0 && out[n - 1] == '0') n--;
    if (n > 0 && out[n - 1] == '.') n--;
    out[n] = '\0';
    if (n == 2 && !memcmp(out, "-0", 2)) { out[0] = '0'; out[1] = '\0'; n = 1; }
    return (size_t)n;
}

/* ------------------------------------------------------------ dates */

/* Digits-only ASCII token k with 1..maxd digits; its value in *v. */
static bool plain_int(const state *s, size_t k, size_t mind, size_t maxd, int *v)
{
    if (k >= s->ntok || s->tok[k].kind != PX_TOK_NUM) return false;
    size_t n = tok_len(s, k);
    const char *p = tok_text(s, k);
    if (n < mind || n > maxd) return false;
    int x = 0;
    for (size_t i = 0; i < n; i++) {
        if (p[i] < '0' || p[i] > '9') return false;
        x = x * 10 + (p[i] - '0');
    }
    *v = x;
    return true;
}

/* A day of the month at token k: "25", or a word "25th", "1st", "1er". */
static bool day_at(const state *s, size_t k, int *d)
{
    if (plain_int(s, k, 1, 2, d)) return *d >= 1 && *d <= 31;
    if (k >= s->ntok || s->tok[k].kind != PX_TOK_WORD) return false;
    size_t n;
    const char *w = tnorm(s, k, &n);
    size_t i = 0;
    int x = 0;
    while (i < n && i < 2 && w[i] >= '0' && w[i] <= '9') x = x * 10 + (w[i++] - '0');
    if (i == 0) return false;
    const char *suf = w + i;
    size_t sl = n - i;
    if ((sl == 2 && (!memcmp(suf, "st", 2) || !memcmp(suf, "nd", 2) || !memcmp(suf, "rd", 2) ||
                     !memcmp(suf, "th", 2) || !memcmp(suf, "er", 2))) ||
        (sl == 2 && (!memcmp(suf, "º", 2) || !memcmp(suf, "ª", 2)))) {
        *d = x;
        return x >= 1 && x <= 31;
    }
    return false;
}

/* A four-digit year 1000..2999 at token k. */
static bool year_at(const state *s, size_t k, int *y)
{
    return plain_int(s, k, 4, 4, y) && *y >= 1000 && *y <= 2999;
}

/* ISO text for month mo, day d of an unknown year: the year, of the
 * document date's year and the two either side, that puts it closest to
 * the document date; "--MM-DD" when the document has no date. */
static int day_month_iso(const state *s, int mo, int d, char *out)
{
    if (!s->doc_y) return snprintf(out, 32, "--%02d-%02d", mo, d);
    int64_t ref = px_days_from_civil(s->doc_y, s->doc_m, s->doc_d);
    int best = 0;
    int64_t bestd = INT64_MAX;
    for (int y = s->doc_y - 1; y <= s->doc_y + 1; y++) {
        if (!px_valid_ymd(y, mo, d)) continue;
        int64_t diff = px_days_from_civil(y, mo, d) - ref;
        if (diff < 0) diff = -diff;
        if (diff < bestd) { bestd = diff; best = y; }
    }
    if (!best) return 0;
    return snprintf(out, 32, "%04d-%02d-%02d", best, mo, d);
}

/* Is the word at k one of the filler words inside dates ("de", "of")? */
static bool date_filler(const state *s, size_t k)
{
    return norm_is(s, k, "de") || norm_is(s, k, "del") || norm_is(s, k, "of") ||
           norm_is(s, k, "the");
}

/* The weekday word at k (1..7), or 0. */
static int weekday_word(const state *s, size_t k) { return calendar_word(s, k, true); }

/* Emit a date mention over tokens [a, b) with ISO text iso. */
static bool emit_date(state *s, size_t a, size_t b, const char *iso)
{
    mark_used(s, a, b);
    return add_mention(s, s->tok[a].span.start, s->tok[b - 1].span.end, PX_MENTION_DATE,
                       iso, strlen(iso), NULL, 0, s->tok[a].sent);
}

/* Try to read a date starting at token k; on success add it and set *next
 * past it. Returns -1 on no memory, 1 when a date was found, else 0. */
static int try_date(state *s, size_t k, size_t *next)
{
    uint32_t sent = s->tok[k].sent;
    char iso[40];
    int d, mo, y;
    size_t a = k, j;
    /* a weekday before the date joins it: "Monday, June 24" */
    int wd = weekday_word(s, k);
    if (wd) {
        j = k + 1;
        if (free_in(s, j, sent) && (tok_cp(s, j) == ',')) j++;
        if (free_in(s, j, sent) && (month_word(s, j) || day_at(s, j, &d))) k = j;
    }
    /* month names matter only next to a number: look them up only there */
    bool near_num = (s->x[k] & X_NEARNUM) != 0;
    if (!near_num && !wd) return 0;
    /* Month[.] D[,] [YYYY] | Month YYYY */
    if ((mo = month_word(s, k))) {
        j = k + 1;
        if (free_in(s, j, sent) && (tok_cp(s, j) == '.') && !(s->x[j] & X_SP)) j++;
        if (free_in(s, j, sent) && day_at(s, j, &d)) {
            size_t e = j + 1, c = e;
            if (free_in(s, c, sent) && (tok_cp(s, c) == ',')) c++;
            if (free_in(s, c, sent) && year_at(s, c, &y) && px_valid_ymd(y, mo, d)) {
                snprintf(iso, sizeof iso, "%04d-%02d-%02d", y, mo, d);
                e = c + 1;
            } else if (!px_valid_ymd(2000, mo, d) || !day_month_iso(s, mo, d, iso)) {
                return 0;
            }
            *next = e;
            return emit_date(s, a, e, iso) ? 1 : -1;
        }
        if (free_in(s, j, sent) && year_at(s, j, &y)) {
            snprintf(iso, sizeof iso, "%04d-%02d", y, mo);
            *next = j + 1;
            return emit_date(s, a, j + 1, iso) ? 1 : -1;
        }
    }
    /* D[.] [de|of] Month[.] [,|de|del] [YYYY] */
    if (day_at(s, k, &d)) {
        j = k + 1;
        if (free_in(s, j, sent) && (tok_cp(s, j) == '.') && !(s->x[j] & X_SP)) j++;
        if (free_in(s, j, sent) && date_filler(s, j) && month_word(s, j + 1)) j++;
        if (free_in(s, j, sent) && (mo = month_word(s, j))) {
            size_t e = j + 1, c = e;
            if (free_in(s, c, sent) && (tok_cp(s, c) == '.') && !(s->x[c] & X_SP)) c++, e++;
            if (free_in(s, c, sent) && ((tok_cp(s, c) == ',') || norm_is(s, c, "de") ||
                                        norm_is(s, c, "del")))
                c++;
            if (free_in(s, c, sent) && year_at(s, c, &y) && px_valid_ymd(y, mo, d)) {
                snprintf(iso, sizeof iso, "%04d-%02d-%02d", y, mo, d);
                e = c + 1;
            } else if (!px_valid_ymd(2000, mo, d) || !day_month_iso(s, mo, d, iso)) {
                return 0;
            }
            *next = e;
            return emit_date(s, a, e, iso) ? 1 : -1;
        }
    }
    if (wd && k == a) {
        /* a lone weekday: the latest such day up to the document date */
        if (s->doc_y) {
            int64_t ref = px_days_from_civil(s->doc_y, s->doc_m, s->doc_d);
            int refwd = (int)(((ref % 7) + 7 + 3) % 7) + 1;   /* 1970-01-01 was a Thursday */
            int back = (refwd - wd + 7) % 7;
            int yy, mm, dd;
            px_civil_from_days(ref - back, &yy, &mm, &dd);
            snprintf(iso, sizeof iso, "%04d-%02d-%02d", yy, mm, dd);
        } else {
            snprintf(iso, sizeof iso, "-W-%d", wd);
        }
        *next = k + 1;
        return emit_date(s, k, k + 1, iso) ? 1 : -1;
    }
    /* numeric: 25.06.2019 in one token, or 2019-06-25 / 25/06/2019 in five */
    if (s->tok[k].kind == PX_TOK_NUM) {
        size_t e = k;
        const char *p = tok_text(s, k);
        size_t n = tok_len(s, k);
        size_t dots = 0;
        for (size_t i = 0; i < n; i++) dots += p[i] == '.';
        if (n >= 8 && n <= 10 && dots == 2) {
            e = k + 1;
        } else if (k + 4 < s->ntok && ((tok_cp(s, k + 1) == '-') || (tok_cp(s, k + 1) == '/') ||
                                       (tok_cp(s, k + 1) == '.'))) {
            bool ok = true;
            for (size_t i = k + 1; i <= k + 4 && ok; i++)
                ok = free_in(s, i, sent) && !(s->x[i] & X_SP) &&
                     s->tok[i].kind == ((i - k) % 2 ? PX_TOK_PUNCT : PX_TOK_NUM);
            if (ok && tok_len(s, k + 3) == 1 && tok_text(s, k + 3)[0] == tok_text(s, k + 1)[0] &&
                !(k + 5 < s->ntok && !(s->x[k + 5] & X_SP) &&
                  (s->tok[k + 5].kind == PX_TOK_NUM || (tok_cp(s, k + 5) == ':'))))
                e = k + 5;
        }
        if (e > k) {
            uint32_t a0 = s->tok[k].span.start, b0 = s->tok[e - 1].span.end;
            if (px_parse_date(s->t + a0, b0 - a0, iso)) {
                iso[10] = '\0';   /* the day is enough in text */
                *next = e;
                return emit_date(s, k, e, iso) ? 1 : -1;
            }
        }
    }
    return 0;
}

/* ------------------------------------------------------------ numbers */

/* Parse number token k into *v; see the top of the file for how the
 * decimal separator is chosen. False when it is not a well-formed number
 * (thousands groups not of three digits, two decimal separators). */
static bool parse_number(const state *s, size_t k, double *v)
{
    const char *t = tok_text(s, k);
    size_t n = tok_len(s, k);
    char dig[48];
    size_t nd = 0;
    struct { char kind; size_t pos; } sep[16];   /* pos: digits before it */
    size_t ns = 0;
    for (size_t i = 0; i < n;) {
        int32_t cp;
        int l = decode(t, i, n, &cp);
        int dv = digit_value(cp);
        if (dv >= 0) {
            if (nd >= 40) return false;
            dig[nd++] = (char)('0' + dv);
        } else {
            if (ns >= 16) return false;
            char kind = cp == ',' ? ',' : cp == '.' ? '.' : cp == 0x066B ? 'D' : 'T';
            sep[ns].kind = kind;
            sep[ns].pos = nd;
            ns++;
        }
        i += (size_t)l;
    }
    if (nd == 0) return false;
    /* choose the decimal separator */
    char dec = 0;
    size_t ncomma = 0, ndot = 0;
    for (size_t i = 0; i < ns; i++) {
        if (sep[i].kind == 'D') dec = 'D';
        if (sep[i].kind == ',') ncomma++;
        if (sep[i].kind == '.') ndot++;
    }
    if (!dec) {
        if (ncomma && ndot) {
            for (size_t i = 0; i < ns; i++)
                if (sep[i].kind == ',' || sep[i].kind == '.') dec = sep[i].kind;
        } else if (ncomma + ndot == 1) {
            char kind = ncomma ? ',' : '.';
            size_t at = 0;
            for (size_t i = 0; i < ns; i++)
                if (sep[i].kind == kind) at = sep[i].pos;
            bool thousands = nd - at == 3 && !(at == 1 && dig[0] == '0');
            if (!thousands) dec = kind;
        }
    }
    /* check the groups and find where the fraction starts */
    size_t frac = nd, prev = 0;
    bool seen_dec = false;
    for (size_t i = 0; i < ns; i++) {
        if (sep[i].kind == dec) {
            if (seen_dec) return false;
            seen_dec = true;
            frac = sep[i].pos;
        } else {
            if (seen_dec) return false;
            if (i > 0 && sep[i].pos - prev != 3) return false;
            if (i == 0 && (sep[i].pos == 0 || sep[i].pos > 3)) return false;
            size_t nextpos = i + 1 < ns ? sep[i + 1].pos : nd;
            if (nextpos - sep[i].pos != 3) return false;
        }
        prev = sep[i].pos;
    }
    char buf[56];
    size_t o = 0;
    for (size_t i = 0; i < frac; i++) buf[o++] = dig[i];
    if (o == 0) buf[o++] = '0';
    if (frac < nd) {
        buf[o++] = '.';
        for (size_t i = frac; i < nd; i++) buf[o++] = dig[i];
    }
    buf[o] = '\0';
    *v = strtod(buf, NULL);
    return true;
}

/* Multipliers after a number, by matching form. "billion" is 10^9 in
 * English and 10^12 in the languages with a long scale. */
static double multiplier(const state *s, size_t k, bool money, bool *abbrev)
{
    static const struct { const char *w; double v; bool ab; } mult[] = {
        {"bilhão", 1e9, 0}, {"bilhões", 1e9, 0}, {"billion", 1e9, 0}, {"billionen", 1e12, 0},
        {"billions", 1e9, 0}, {"billón", 1e12, 0}, {"billones", 1e12, 0}, {"bin", 1e3, 0},
        {"bln", 1e9, 1}, {"bn", 1e9, 1}, {"k", 1e3, 0}, {"m", 1e6, 0}, {"mil", 1e3, 0},
        {"mila", 1e3, 0}, {"milhão", 1e6, 0}, {"milhões", 1e6, 0}, {"miliard", 1e9, 0},
        {"miliardi", 1e9, 0}, {"miliardo", 1e9, 0}, {"miliardów", 1e9, 0},
        {"miliardy", 1e9, 0}, {"milion", 1e6, 0}, {"milione", 1e6, 0}, {"milioni", 1e6, 0},
        {"milionów", 1e6, 0}, {"miliony", 1e6, 0}, {"miljard", 1e9, 0},
        {"miljarden", 1e9, 0}, {"miljoen", 1e6, 0}, {"miljoenen", 1e6, 0},
        {"miljon", 1e6, 0}, {"miljoner", 1e6, 0}, {"miljoonaa", 1e6, 0}, {"mille", 1e3, 0},
        {"milliard", 1e9, 0}, {"milliarde", 1e9, 0}, {"milliarden", 1e9, 0},
        {"milliards", 1e9, 0}, {"million", 1e6, 0}, {"millionen", 1e6, 0},
        {"millioner", 1e6, 0}, {"millions", 1e6, 0}, {"millones", 1e6, 0},
        {"millón", 1e6, 0}, {"milyar", 1e9, 0}, {"milyon", 1e6, 0}, {"mio", 1e6, 1},
        {"mld", 1e9, 1}, {"mln", 1e6, 1}, {"mn", 1e6, 1}, {"mrd", 1e9, 1},
        {"tausend", 1e3, 0}, {"thousand", 1e3, 0}, {"trillion", 1e12, 0},
        {"trillions", 1e12, 0}, {"tys", 1e3, 1}, {"ألف", 1e3, 0}, {"آلاف", 1e3, 0},
        {"مليار", 1e9, 0}, {"مليارات", 1e9, 0}, {"مليون", 1e6, 0}, {"ملايين", 1e6, 0},
        {"миллиард", 1e9, 0}, {"миллиарда", 1e9, 0}, {"миллиардов", 1e9, 0},
        {"миллион", 1e6, 0}, {"миллиона", 1e6, 0}, {"миллионов", 1e6, 0},
        {"млн", 1e6, 1}, {"млрд", 1e9, 1}, {"тыс", 1e3, 1}};
    if (k >= s->ntok || s->tok[k].kind != PX_TOK_WORD) return 0;
    size_t n;
    const char *w = tnorm(s, k, &n);
    for (size_t i = 0; i < sizeof mult / sizeof *mult; i++) {
        if (mult[i].w[0] != w[0] || strlen(mult[i].w) != n || memcmp(mult[i].w, w, n)) continue;
        if ((!strcmp(mult[i].w, "m") || !strcmp(mult[i].w, "k")) && !money) return 0;
        if (!strcmp(mult[i].w, "bin") && strcmp(s->lang, "tr")) return 0;
        if (!strcmp(mult[i].w, "mil") && strcmp(s->lang, "es") && strcmp(s->lang, "pt")) return 0;
        *abbrev = mult[i].ab;
        if (!strncmp(mult[i].w, "billion", 7)) {
            static const char *const long_scale[] = {"de", "fr", "nl", "it", "es", "pt", "pl",
                                                     "da", "no", "sv", "fi", NULL};
            if (lang_in(s->lang, long_scale)) return 1e12;
        }
        return mult[i].v;
    }
    return 0;
}

/* Currency symbols and words, with their ISO 4217 codes. */
static const struct { const char *w; const char *code; } currencies[] = {
    {"$", "USD"}, {"brl", "BRL"}, {"chf", "CHF"}, {"cny", "CNY"}, {"dkk", "DKK"},
    {"dollar", "USD"}, {"dollari", "USD"}, {"dollaro", "USD"}, {"dollars", "USD"},
    {"dolar", "USD"}, {"dolara", "USD"}, {"dolarów", "USD"}, {"dolary", "USD"},
    {"dólar", "USD"}, {"dólares", "USD"}, {"eur", "EUR"}, {"euro", "EUR"},
    {"euros", "EUR"}, {"franc", "CHF"}, {"francs", "CHF"}, {"franken", "CHF"},
    {"gbp", "GBP"}, {"inr", "INR"}, {"jpy", "JPY"}, {"kronor", "SEK"}, {"krw", "KRW"},
    {"libras", "GBP"}, {"lira", "TRY"}, {"liras", "TRY"}, {"lirası", "TRY"},
    {"nok", "NOK"}, {"pfund", "GBP"}, {"pln", "PLN"}, {"pound", "GBP"}, {"pounds", "GBP"},
    {"reais", "BRL"}, {"renminbi", "CNY"}, {"rmb", "CNY"}, {"roubles", "RUB"},
    {"rub", "RUB"}, {"ruble", "RUB"}, {"rubles", "RUB"}, {"rupees", "INR"}, {"sek", "SEK"},
    {"sterling", "GBP"}, {"tl", "TRY"}, {"try", "TRY"}, {"usd", "USD"}, {"won", "KRW"},
    {"yen", "JPY"}, {"yuan", "CNY"}, {"zloty", "PLN"}, {"zlotys", "PLN"}, {"zł", "PLN"},
    {"złote", "PLN"}, {"złotych", "PLN"}, {"złoty", "PLN"}, {"£", "GBP"}, {"¥", "JPY"},
    {"€", "EUR"}, {"₩", "KRW"}, {"₹", "INR"}, {"₺", "TRY"}, {"₽", "RUB"}, {"₴", "UAH"},
    {"₪", "ILS"}, {"евро", "EUR"}, {"рублей", "RUB"}, {"рубля", "RUB"},
    {"долларов", "USD"}, {"доллара", "USD"}, {"جنيه", "EGP"}, {"جنيها", "EGP"},
    {"جنيهات", "EGP"}, {"دولار", "USD"}, {"دولارا", "USD"}, {"دولارات", "USD"},
    {"درهم", "AED"}, {"ريال", "SAR"}, {"يورو", "EUR"}};

/* The ISO code of the currency token k names, NULL when none. Symbols
 * anywhere; words and codes only as words. "try" and "won" are English
 * words too: they count only in upper case ("TRY") or outside English. */
static const char *currency_at(const state *s, size_t k)
{
    if (k >= s->ntok) return NULL;
    int kind = s->tok[k].kind;
    if (kind != PX_TOK_SYMBOL && kind != PX_TOK_WORD) return NULL;
    size_t n;
    const char *w = tnorm(s, k, &n);
    for (size_t i = 0; i < sizeof currencies / sizeof *currencies; i++) {
        if (currencies[i].w[0] != w[0] || strlen(currencies[i].w) != n ||
            memcmp(currencies[i].w, w, n))
            continue;
        if ((!strcmp(w, "try") || !strcmp(w, "won")) && !strcmp(s->lang, "en") &&
            !(s->tok[k].flags & PX_TOKF_UPPER))
            return NULL;
        if (!strcmp(w, "kr")) return NULL;
        return currencies[i].code;
    }
    if ((n == 2 && !memcmp(w, "kr", 2)) || (n == 6 && !memcmp(w, "kroner", 6)))
        return !strcmp(s->lang, "da") ? "DKK" : !strcmp(s->lang, "sv") ? "SEK" : "NOK";
    return NULL;
}

/* Percent words after a number (one or two tokens); returns how many
 * tokens, 0 when none. */
static size_t percent_after(const state *s, size_t k, uint32_t sent)
{
    static const char *const one[] = {
    "%", "pct", "percent", "procent", "procenta", "procentu", "procentów", "prosent",
    "prosenttia", "prozent", "процента", "процентов", "بالمئة", "بالمائة", "٪",
};
    if (!free_in(s, k, sent)) return 0;
    size_t n;
    const char *w = tnorm(s, k, &n);
    if (IN(one, w, n)) return 1;
    if (free_in(s, k + 1, sent) &&
        (((norm_is(s, k, "per") || norm_is(s, k, "pour") || norm_is(s, k, "por")) &&
          (norm_is(s, k + 1, "cent") || norm_is(s, k + 1, "cento") ||
           norm_is(s, k + 1, "ciento"))) ||
         (norm_is(s, k, "في") && (norm_is(s, k + 1, "المئة") || norm_is(s, k + 1, "المائة")))))
        return 2;
    return 0;
}

/* Units of measure and counted nouns that make a number a quantity. */
static const char *const units[] = {
    "acres", "anni", "ans", "años", "barrels", "cm", "days", "degrees", "dni", "días",
    "ft", "gb", "grad", "gw", "gwh", "gün", "ha", "hectares", "hektar", "hours",
    "jahre", "jahren", "jours", "kg", "kilogram", "kilograms", "kilometer",
    "kilometers", "kilometre", "kilometres", "kilometrów", "kilómetros", "km", "km/h",
    "kmh", "knots", "kw", "kwh", "lat", "liter", "liters", "litres", "meter",
    "meters", "metres", "metros", "metrów", "mg", "mi", "miles", "minutes", "ml",
    "mm", "monate", "months", "mph", "mw", "mwh", "saat", "seconds", "stunden",
    "tage", "tagen", "tb", "ton", "tonnen", "tonnes", "tons", "weeks", "wochen",
    "yards", "years", "yıl", "км", "лет",
};
static const char *const counted[] = {
    "asker", "civilians", "kişi", "menschen", "migrants", "osoby", "osób", "people",
    "personas", "persone", "personen", "personnes", "persons", "pessoas", "soldados",
    "soldaten", "soldats", "soldiers", "troops", "workers", "человек", "شخص", "شخصا",
};

/* Is token k a lower-case English plural-looking content word? */
static bool en_plural(const state *s, size_t k)
{
    if (s->tok[k].kind != PX_TOK_WORD || !(s->x[k] & X_LOWER0) ||
        (s->tok[k].flags & PX_TOKF_STOP))
        return false;
    size_t n;
    const char *w = tnorm(s, k, &n);
    if (n < 4 || w[n - 1] != 's') return false;
    char p = w[n - 2];
    return p != 's' && p != 'u' && p != 'i' && p != '\'';
}

/* The unit word of a quantity starting at token k (maybe after one
 * adjective or acronym in English): its token index, or SIZE_MAX. */
static size_t unit_at(const state *s, size_t k, uint32_t sent)
{
    if (!free_in(s, k, sent) || s->tok[k].kind != PX_TOK_WORD) return SIZE_MAX;
    size_t n;
    const char *w = tnorm(s, k, &n);
    if (IN(units, w, n) || IN(counted, w, n)) return k;
    if (strcmp(s->lang, "en")) return SIZE_MAX;
    if (en_plural(s, k)) return k;
    if ((!(s->tok[k].flags & PX_TOKF_STOP) || (s->tok[k].flags & PX_TOKF_UPPER)) &&
        free_in(s, k + 1, sent) &&
        s->tok[k + 1].kind == PX_TOK_WORD) {
        const char *w2 = tnorm(s, k + 1, &n);
        if (IN(counted, w2, n) || en_plural(s, k + 1)) return k + 1;
    }
    return SIZE_MAX;
}

/* Read a number, money amount, percentage, quantity or year at number
 * token k. Returns false on no memory only; sets *next past what it used. */
static bool do_number(state *s, size_t k, size_t *next)
{
    *next = k + 1;
    uint32_t sent = s->tok[k].sent;
    /* numbers glued to ':' are times, to '/' fractions or odd dates */
    if ((k > 0 && !(s->x[k] & X_SP) && ((tok_cp(s, k - 1) == ':') || (tok_cp(s, k - 1) == '/'))) ||
        (k + 1 < s->ntok && !(s->x[k + 1] & X_SP) && ((tok_cp(s, k + 1) == ':') || (tok_cp(s, k + 1) == '/'))))
        return true;
    double v;
    if (!parse_number(s, k, &v)) return true;
    size_t a = k, j = k + 1;
    const char *cur = NULL, *unit = NULL;
    int kind = PX_MENTION_NUMBER;
    /* before: a currency ("$5", "US$5", "USD 5"), a percent sign ("%50") */
    if (k > 0 && free_in(s, k - 1, sent)) {
        size_t p = k - 1;
        const char *c = currency_at(s, p);
        if (c && (s->tok[p].kind == PX_TOK_SYMBOL || (s->tok[p].flags & PX_TOKF_UPPER))) {
            cur = c;
            a = p;
            if ((tok_cp(s, p) == '$') && p > 0 && free_in(s, p - 1, sent) && !(s->x[p] & X_SP)) {
                static const struct { const char *w, *code; } dollars[] = {
                    {"US", "USD"}, {"A", "AUD"}, {"AU", "AUD"}, {"C", "CAD"}, {"CA", "CAD"},
                    {"HK", "HKD"}, {"NZ", "NZD"}, {"S", "SGD"}, {"R", "BRL"}, {"NT", "TWD"}};
                for (size_t i = 0; i < sizeof dollars / sizeof *dollars; i++)
                    if (tok_is(s, p - 1, dollars[i].w)) { cur = dollars[i].code; a = p - 1; }
            }
        } else if (((tok_cp(s, p) == '%') || tok_is(s, p, "٪")) && !(s->x[k] & X_SP)) {
            kind = PX_MENTION_PERCENT;
            a = p;
        } else if (norm_is(s, p, "yüzde")) {
            kind = PX_MENTION_PERCENT;
            a = p;
        }
    }
    if (cur) kind = PX_MENTION_MONEY;
    /* multipliers: "4 million", "2,5 Mio.", "mil millones" */
    bool mult_seen = false;
    for (int round = 0; round < 2 && free_in(s, j, sent); round++) {
        bool ab = false;
        double m = multiplier(s, j, cur != NULL, &ab);
        if (!m) break;
        v *= m;
        mult_seen = true;
        j++;
        if (ab && free_in(s, j, sent) && (tok_cp(s, j) == '.') && !(s->x[j] & X_SP)) j++;
    }
    /* after: currency, percent, unit */
    if (kind == PX_MENTION_NUMBER && free_in(s, j, sent)) {
        const char *c = currency_at(s, j);
        size_t pn;
        if (c) {
            cur = c;
            kind = PX_MENTION_MONEY;
            j++;
        } else if ((pn = percent_after(s, j, sent))) {
            kind = PX_MENTION_PERCENT;
            j += pn;
        } else {
            size_t u = unit_at(s, j, sent);
            if (u != SIZE_MAX) {
                kind = PX_MENTION_QUANTITY;
                unit = tnorm(s, u, NULL);
                j = u + 1;
            }
        }
    } else if (kind == PX_MENTION_MONEY && free_in(s, j, sent) && currency_at(s, j) &&
               s->tok[j].kind == PX_TOK_WORD) {
        j++;   /* "$5 million dollars" */
    }
    if (kind == PX_MENTION_PERCENT) unit = "%";
    if (kind == PX_MENTION_MONEY) unit = cur;
    char num[64];
    int yr;
    if (kind == PX_MENTION_NUMBER && !mult_seen && plain_int(s, k, 4, 4, &yr) &&
        yr >= 1800 && yr <= 2100) {
        snprintf(num, sizeof num, "%04d", yr);
        *next = j;
        return emit_date(s, k, k + 1, num);
    }
    size_t nl = fmt_number(v, num, sizeof num);
    if (!nl) return true;
    mark_used(s, a, j);
    *next = j;
    return add_mention(s, s->tok[a].span.start, s->tok[j - 1].span.end, kind, num, nl, unit, v,
                       sent);
}

/* ------------------------------------------------------------ acronyms, names */

/* Roman numerals (I, II, IV, XIV) are not acronyms. */
static bool roman(const char *w, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!strchr("ivxlc", w[i])) return false;
    return n <= 5;
}

/* Dotted capitals "U.S." / "U.K." at k (single capital letter tokens each
 * followed by a glued full stop, at least two). Returns the token after,
 * or k when there is none. */
static size_t dotted_acronym(const state *s, size_t k, uint32_t sent, char *out, size_t *olen)
{
    size_t j = k, o = 0;
    while (free_in(s, j, sent) && s->tok[j].kind == PX_TOK_WORD &&
           (s->tok[j].flags & PX_TOKF_CAP) && tok_len(s, j) <= 2 &&
           free_in(s, j + 1, sent) && (tok_cp(s, j + 1) == '.') && !(s->x[j + 1] & X_SP) &&
           (j == k || !(s->x[j] & X_SP)) && o + 4 < 16) {
        size_t n;
        const char *w = tnorm(s, j, &n);
        int32_t cp;
        if (px_utf8_decode((const unsigned char *)w, n, &cp) != (int)n) break;
        memcpy(out + o, w, n);
        o += n;
        j += 2;
    }
    *olen = o;
    return (j - k) >= 4 ? j : k;
}

/* Does token k start like a name: capitalised, not all capitals, starting
 * with a letter, or a lower-case "al-"/"el-"/"bin-" prefix before a
 * capital ("al-Assad")? */
static bool name_word(const state *s, size_t k, uint32_t sent)
{
    if (!free_in(s, k, sent) || s->tok[k].kind != PX_TOK_WORD) return false;
    const px_token *t = &s->tok[k];
    unsigned char c0 = (unsigned char)s->t[t->span.start];
    if (c0 >= '0' && c0 <= '9') return false;
    if (t->flags & PX_TOKF_UPPER) return false;
    if (!(t->flags & PX_TOKF_CAP) && !(s->x[k] & X_LOWER0)) return false;
    const char *w = tok_text(s, k);
    size_t n = tok_len(s, k);
    if (!(t->flags & PX_TOKF_CAP) && !memchr(w, '-', n < 6 ? n : 6)) return false;
    /* "US-led", "Shenzhen-based": adjectives, not names */
    static const char *const adj[] = {"-backed", "-based", "-born", "-bound", "-controlled",
                                      "-era", "-funded", "-led", "-linked", "-made", "-owned",
                                      "-related", "-run", "-speaking", "-style", "-type"};
    if (memchr(w, '-', n))   /* every such ending starts with a hyphen */
        for (size_t i = 0; i < sizeof adj / sizeof *adj; i++) {
            size_t l = strlen(adj[i]);
            if (n > l && !memcmp(w + n - l, adj[i], l)) return false;
        }
    if (k + 1 < s->ntok && (tok_cp(s, k + 1) == '.') && !(s->x[k + 1] & X_SP)) {
        size_t nn;
        const char *nw = tnorm(s, k, &nn);
        if (IN(abbrevs, nw, nn)) return false;   /* "Dr.", "Gen." */
    }
    if (t->flags & PX_TOKF_CAP) return true;
    for (size_t i = 1; i < n && i <= 4; i++)
        if (w[i] == '-' && i + 1 < n) {
            int32_t cp;
            int cf;
            decode(w, i + 1, n, &cp);
            return char_class(s->cc, cp, &cf) == C_LETTER && (cf & CF_UPPER);
        }
    return false;
}

/* Lower-case words that may join the parts of a name. */
static bool connector(const state *s, size_t k, uint32_t sent)
{
    static const char *const con[] = {
    "al", "bin", "da", "das", "de", "del", "della", "den", "der", "des", "di", "do",
    "dos", "du", "el", "ibn", "la", "le", "of", "ter", "van", "von", "zu",
};
    if (!free_in(s, k, sent) || s->tok[k].kind != PX_TOK_WORD || !(s->x[k] & X_LOWER0))
        return false;
    size_t n;
    const char *w = tnorm(s, k, &n);
    return IN(con, w, n);
}

/* Endings of German common nouns: a capitalised word ending so is not
 * taken as a one-word name. */
static bool german_noun(const char *w, size_t n)
{
    static const char *const suf[] = {"ung", "heit", "keit", "schaft", "tion", "ität", "ismus",
                                      "nis", "tum", "ment", "chen", "lein", "ling", "ungen",
                                      "ierung", "schaften", "tät", "ik", "ie", "ur"};
    for (size_t i = 0; i < sizeof suf / sizeof *suf; i++) {
        size_t l = strlen(suf[i]);
        if (n > l + 2 && !memcmp(w + n - l, suf[i], l)) return true;
    }
    return false;
}

/* German: does w end like a title or role ("US-Präsident",
 * "Fernsehkommissar", "Außenministerin")? Such a word before a name is
 * not part of it. */
static bool german_role(const char *w, size_t n)
{
    static const char *const suf[] = {
        "anwalt", "anwältin", "autor", "autorin", "botschafter", "botschafterin", "chef",
        "chefin", "direktor", "direktorin", "ermittler", "ermittlerin", "experte", "experten", "expertin",
        "kanzler", "kanzlerin", "kommissar", "kommissarin", "leiter", "leiterin", "meister",
        "meisterin", "minister", "ministerin", "präsident", "präsidentin", "professor",
        "professorin", "regisseur", "regisseurin", "richter", "richterin", "schauspieler",
        "schauspielerin", "sekretär", "sekretärin", "sprecher", "sprecherin", "trainer",
        "trainerin", "vorsitzende", "vorsitzender"};
    for (size_t i = 0; i < sizeof suf / sizeof *suf; i++) {
        size_t l = strlen(suf[i]);
        if (n >= l && !memcmp(w + n - l, suf[i], l)) return true;
    }
    return false;
}

/* Is the month word at k a three-letter abbreviation written without its
 * full stop ("Jan", "Jun", not "May" / "Mai" / "Jan.")? Before another
 * word of a name it is a first name ("Jan Bonny"). */
static bool bare_month_abbrev(const state *s, size_t k)
{
    int m = month_word(s, k);
    return m && m != 5 && s->ents[s->ent[k]].len == 3 &&
           !(tok_cp(s, k + 1) == '.' && !(s->x[k + 1] & X_SP));
}

/* Emit the name made of the tokens idx[0..n) (words, connectors, and the
 * full stops of initials), after the trimming rules at the top of the
 * file. vouched: a one-word sentence-initial name the document names
 * elsewhere as part of a longer name (see name_vouched). Returns false on
 * no memory only. */
static bool emit_name(state *s, const size_t *idx, size_t n, bool vouched)
{
    size_t a = 0, b = n;
    /* German: a title or role before the name goes with all before it
       ("Aussagen von US-Präsident Donald Trump" -> "Donald Trump") */
    if (s->caps_nouns)
        for (size_t i = n - 1; i-- > 0;) {
            size_t en;
            const char *w = tnorm(s, idx[i], &en);
            if (s->tok[idx[i]].kind == PX_TOK_WORD && german_role(w, en)) {
                a = i + 1;
                break;
            }
        }
    /* drop leading stopwords, connectors, full stops */
    while (a < b) {
        size_t k = idx[a];
        const px_token *t = &s->tok[k];
        const entry *e = &s->ents[s->ent[k]];
        bool initial = (t->flags & PX_TOKF_SENT0) || after_opener(s, k, 0) ||
                       (k > 0 && (tok_cp(s, k - 1) == ':'));
        if (t->kind != PX_TOK_WORD || (t->flags & PX_TOKF_STOP) || (s->x[k] & X_LOWER0) ||
            (initial && e->n_lower > 0) || weekday_word(s, k) ||
            (month_word(s, k) && !(a + 1 < b && bare_month_abbrev(s, k))))
            a++;
        else
            break;
    }
    while (b > a && (s->tok[idx[b - 1]].kind != PX_TOK_WORD || (s->x[idx[b - 1]] & X_LOWER0) ||
                     (b - a > 1 && tok_len(s, idx[b - 1]) == 1) ||
                     (s->tok[idx[b - 1]].flags & PX_TOKF_STOP)))
        b--;
    /* keep a trailing initial's full stop ("J. R.") only inside the name */
    if (b <= a) return true;
    size_t words = 0;
    for (size_t i = a; i < b; i++) words += s->tok[idx[i]].kind == PX_TOK_WORD;
    if (words > 8) return true;
    if (words == 1) {
        size_t k = idx[a];
        const entry *e = &s->ents[s->ent[k]];
        const px_token *t = &s->tok[k];
        bool initial = (t->flags & PX_TOKF_SENT0) || after_opener(s, k, 0);
        if (e->n_lower > 0 || month_word(s, k) || weekday_word(s, k)) return true;
        if (tok_len(s, k) < 2) return true;
        if ((initial || (s->x[k] & X_SHOUT)) && e->n_cap_mid == 0 && !vouched) {
            if (!(s->x[k] & X_SHOUT)) s->x[k] |= X_DEFER;
            return true;
        }
        if (s->caps_nouns &&
            (e->n_cap_mid < 2 || e->n_article > 0 || german_noun(e->norm, e->len)))
            return true;
    }
    /* the norm: folded words joined by one space, possessives dropped */
    px_buf *buf = &s->ctx->scratch;
    buf->len = 0;
    uint32_t start = s->tok[idx[a]].span.start, end = s->tok[idx[b - 1]].span.end;
    bool tr = !strcmp(s->lang, "tr");
    for (size_t i = a; i < b; i++) {
        size_t k = idx[i], n2;
        const char *w = tnorm(s, k, &n2);
        if (s->tok[k].kind == PX_TOK_PUNCT) {
            if (!px_buf_putc(buf, '.')) return false;
            continue;
        }
        size_t keep = n2;
        const char *q = memchr(w, '\'', n2);
        if (q && (tr || i == b - 1)) {
            size_t cut = (size_t)(q - w);
            bool poss = n2 - cut == 2 && w[n2 - 1] == 's';
            if (tr || poss) {
                keep = cut;
                if (i == b - 1) {
                    /* the span ends before the apostrophe too */
                    const char *src = tok_text(s, k);
                    size_t sl = tok_len(s, k), e2 = 0;
                    for (size_t z = 0; z < sl; z++) {
                        int32_t cp;
                        int l = decode(src, z, sl, &cp);
                        if (is_apostrophe(cp)) { e2 = z; break; }
                        z += (size_t)l - 1;
                    }
                    if (e2) end = s->tok[k].span.start + (uint32_t)e2;
                }
            }
        }
        if (keep == 0) return true;
        if (buf->len && !px_buf_putc(buf, ' ')) return false;
        if (!px_buf_append(buf, w, keep)) return false;
    }
    mark_used(s, idx[a], idx[b - 1] + 1);
    return add_mention(s, start, end, PX_MENTION_NAME, buf->data, buf->len, NULL, 0,
                       s->tok[idx[a]].sent);
}

/* Find acronyms and names in sentence si. */
static bool names_in(state *s, size_t si)
{
    const px_sentence *st = &s->sent[si];
    uint32_t sent = (uint32_t)si;
    size_t idx[24];
    /* acronyms first, so "The U.S." does not start a name */
    for (size_t k = st->tok_start; k < st->tok_end;) {
        char acr[20];
        size_t alen, j;
        if ((j = dotted_acronym(s, k, sent, acr, &alen)) > k) {
            mark_used(s, k, j);
            if (!add_mention(s, s->tok[k].span.start, s->tok[j - 1].span.end,
                             PX_MENTION_ACRONYM, acr, alen, NULL, 0, sent))
                return false;
            k = j;
            continue;
        }
        const px_token *t = &s->tok[k];
        if (free_in(s, k, sent) && t->kind == PX_TOK_WORD && (t->flags & PX_TOKF_UPPER) &&
            !(s->x[k] & X_SHOUT)) {
            size_t n;
            const char *w = tnorm(s, k, &n);
            if (n <= 16 && !roman(w, n)) {
                char buf[20];
                size_t o = 0;
                for (size_t i = 0; i < n; i++)
                    if (w[i] != '.') buf[o++] = w[i];
                s->x[k] |= X_USED;
                if (!add_mention(s, t->span.start, t->span.end, PX_MENTION_ACRONYM, buf, o,
                                 NULL, 0, sent))
                    return false;
            }
            k++;
            continue;
        }
        k++;
    }
    for (size_t k = st->tok_start; k < st->tok_end;) {
        size_t j;
        if (!name_word(s, k, sent)) { k++; continue; }
        size_t n = 0;
        idx[n++] = k;
        size_t last = k;
        j = k + 1;
        for (;;) {
            if (n + 3 >= sizeof idx / sizeof *idx) break;
            /* an initial's full stop: "J. R. R. Tolkien" */
            if (tok_len(s, last) <= 2 && s->tok[last].kind == PX_TOK_WORD && free_in(s, j, sent) &&
                (tok_cp(s, j) == '.') && !(s->x[j] & X_SP) && name_word(s, j + 1, sent) &&
                !(s->x[j + 1] & X_NL)) {
                int32_t cp;
                size_t ln = tok_len(s, last);
                if (decode(tok_text(s, last), 0, ln, &cp) == (int)ln) {
                    idx[n++] = j;
                    idx[n++] = j + 1;
                    last = j + 1;
                    j += 2;
                    continue;
                }
            }
            if (!free_in(s, j, sent) || !(s->x[j] & X_SP) || (s->x[j] & X_NL)) break;
            {   /* a possessive ends the name: "South Korea’s Daejeon" */
                size_t ln;
                const char *lw = tnorm(s, last, &ln);
                if (ln > 2 && lw[ln - 2] == '\'' && lw[ln - 1] == 's') break;
            }
            if (name_word(s, j, sent)) { idx[n++] = j; last = j++; continue; }
            size_t c = j;
            if (connector(s, c, sent) && (s->x[c + 1] & X_SP) &&
                (connector(s, c + 1, sent) || (norm_is(s, c, "of") && norm_is(s, c + 1, "the"))))
                c++;   /* "von der", "of the" */
            if (connector(s, j, sent) && free_in(s, c + 1, sent) && (s->x[c + 1] & X_SP) &&
                !(s->x[c + 1] & X_NL) && name_word(s, c + 1, sent)) {
                for (size_t z = j; z <= c + 1; z++) idx[n++] = z;
                last = c + 1;
                j = c + 2;
                continue;
            }
            break;
        }
        /* in title-case sentences keep only words the document vouches for */
        if (s->x[k] & X_SHOUT) {
            size_t from = 0;
            for (size_t i = 0; i <= n; i++) {
                bool ok = i < n;
                if (ok && s->tok[idx[i]].kind == PX_TOK_WORD && !(s->x[idx[i]] & X_LOWER0)) {
                    const entry *e = &s->ents[s->ent[idx[i]]];
                    ok = e->n_cap_mid > 0 && e->n_lower == 0;
                }
                if (!ok) {
                    if (i > from && !emit_name(s, idx + from, i - from, false)) return false;
                    from = i + 1;
                }
            }
        } else if (!emit_name(s, idx, n, false)) {
            return false;
        }
        k = last + 1;
    }
    return true;
}

/* One-word sentence-initial names left aside by emit_name ("Janet said",
 * "Helen's diet") count when the document names them elsewhere as the
 * first or last word of a longer name ("Janet Lewis"). Runs after every
 * sentence's names are found. Returns false on no memory only. */
static bool name_vouched(state *s)
{
    size_t nm = s->m.n;
    for (size_t k = 0; k < s->ntok; k++) {
        if (!(s->x[k] & X_DEFER)) continue;
        s->x[k] &= (xflags)~X_DEFER;
        size_t n;
        const char *w = tnorm(s, k, &n);
        const char *q = memchr(w, '\'', n);
        if (q && n - (size_t)(q - w) == 2 && w[n - 1] == 's') n = (size_t)(q - w);
        if (n < 2) continue;
        bool seen = false;
        for (size_t i = 0; i < nm && !seen; i++) {
            const px_mention *m = &s->m.v[i];
            if (m->kind != PX_MENTION_NAME) continue;
            size_t ml = strlen(m->norm);
            const char *sp = memchr(m->norm, ' ', ml);
            if (!sp) continue;
            const char *lsp = sp;
            for (const char *z = sp; z; z = memchr(z + 1, ' ', ml - (size_t)(z + 1 - m->norm)))
                lsp = z;
            seen = ((size_t)(sp - m->norm) == n && !memcmp(m->norm, w, n)) ||
                   (ml - (size_t)(lsp + 1 - m->norm) == n && !memcmp(lsp + 1, w, n));
        }
        if (seen && !emit_name(s, &k, 1, true)) return false;
    }
    return true;
}

/* ------------------------------------------------------------ quotes */

/* Quote roles of a punctuation token: what closes it when it opens, and
 * whether it may close an open quote. */
enum { Q_NONE, Q_ASCII, Q_LDQ, Q_RDQ, Q_LOW9, Q_LSQ, Q_RSQ, Q_LOW9S, Q_LG, Q_RG,
       Q_LSG, Q_RSG, Q_CJK, Q_CJKE, Q_CJK2, Q_CJK2E };

static int quote_role(const state *s, size_t k)
{
    if (s->tok[k].kind != PX_TOK_PUNCT) return Q_NONE;
    switch (tok_cp(s, k)) {
    case '"': case 0xFF02: return Q_ASCII;
    case 0x201C: return Q_LDQ;     /* “ */
    case 0x201D: return Q_RDQ;     /* ” */
    case 0x201E: return Q_LOW9;    /* „ */
    case 0x2018: return Q_LSQ;     /* ‘ */
    case 0x2019: return Q_RSQ;     /* ’ */
    case 0x201A: return Q_LOW9S;   /* ‚ */
    case 0x00AB: return Q_LG;      /* « */
    case 0x00BB: return Q_RG;      /* » */
    case 0x2039: return Q_LSG;     /* ‹ */
    case 0x203A: return Q_RSG;     /* › */
    case 0x300C: return Q_CJK;     /* 「 */
    case 0x300D: return Q_CJKE;    /* 」 */
    case 0x300E: return Q_CJK2;    /* 『 */
    case 0x300F: return Q_CJK2E;   /* 』 */
    }
    return Q_NONE;
}

/* Does a closing mark of role c close an opening mark of role o? */
static bool closes(int o, int c)
{
    switch (o) {
    case Q_ASCII: return c == Q_ASCII;
    case Q_LDQ: return c == Q_RDQ;
    case Q_LOW9: return c == Q_LDQ || c == Q_RDQ;
    case Q_RDQ: return c == Q_RDQ;            /* Swedish/Finnish ”…” */
    case Q_LSQ: return c == Q_RSQ;
    case Q_LOW9S: return c == Q_LSQ || c == Q_RSQ;
    case Q_LG: return c == Q_RG;
    case Q_RG: return c == Q_LG;              /* German/Danish »…« */
    case Q_LSG: return c == Q_RSG;
    case Q_CJK: return c == Q_CJKE;
    case Q_CJK2: return c == Q_CJK2E;
    }
    return false;
}

/* Find quotations in the tokens [t0, t1) of one paragraph. */
static bool quotes_in(state *s, size_t t0, size_t t1)
{
    struct { size_t k; int r; } st[8];
    int depth = 0;
    static const char *const rdq_opens[] = {"sv", "fi", NULL};
    bool rdq_open = lang_in(s->lang, rdq_opens);
    for (size_t k = t0; k < t1; k++) {
        int r = quote_role(s, k);
        if (r == Q_NONE) continue;
        int hit = -1;
        for (int i = depth - 1; i >= 0; i--)
            if (closes(st[i].r, r)) { hit = i; break; }
        if (hit >= 0) {
            size_t o = st[hit].k;
            depth = hit;
            size_t words = 0;
            for (size_t z = o + 1; z < k; z++)
                words += s->tok[z].kind == PX_TOK_WORD || s->tok[z].kind == PX_TOK_IDEO ||
                         s->tok[z].kind == PX_TOK_NUM;
            if (words >= 2) {
                uint32_t a = s->tok[o + 1].span.start, b = s->tok[k - 1].span.end;
                px_buf *buf = &s->ctx->scratch;
                buf->len = 0;
                if (!px_fold(s->t + a, b - a, buf)) return false;
                if (!add_mention(s, a, b, PX_MENTION_QUOTE, buf->data ? buf->data : "", buf->len,
                                 NULL, 0, s->tok[o + 1].sent))
                    return false;
            }
            continue;
        }
        bool may_open = r == Q_ASCII || r == Q_LDQ || r == Q_LOW9 || r == Q_LSQ ||
                        r == Q_LOW9S || r == Q_LG || r == Q_LSG || r == Q_CJK || r == Q_CJK2 ||
                        (r == Q_RG && !(k + 1 < t1 && (s->x[k + 1] & X_SP))) ||
                        (r == Q_RDQ && rdq_open);
        if (r == Q_LSQ && k > t0 && !(s->x[k] & X_SP)) may_open = false;
        if (!may_open) continue;
        if (depth == 8) { memmove(st, st + 1, 7 * sizeof *st); depth = 7; }
        st[depth].k = k;
        st[depth].r = r;
        depth++;
    }
    return true;
}

/* ------------------------------------------------------------ the stage */

static int cmp_mention(const void *pa, const void *pb)
{
    const px_mention *a = pa, *b = pb;
    if (a->span.start != b->span.start) return a->span.start < b->span.start ? -1 : 1;
    if (a->span.end != b->span.end) return a->span.end > b->span.end ? -1 : 1;
    return (int)a->kind - (int)b->kind;
}

/* Copy n elements of size sz into the arena; NULL for none. */
static void *to_arena(px_arena *ar, const void *p, size_t n, size_t sz, bool *ok)
{
    if (!n) return NULL;
    void *q = px_arena_alloc(ar, n * sz);
    if (!q) { *ok = false; return NULL; }
    memcpy(q, p, n * sz);
    return q;
}

/* The analyse stage's working arrays, kept in the context between
 * documents so that they are not allocated and grown again for each one
 * (see scratch_take, scratch_keep). */
struct px_ana {
    px_token *tok; xflags *x; int32_t *ent; size_t captok;
    px_sentence *sent; size_t capsent;
    entry *ents; size_t capent;
    int32_t *table; size_t captable;
    uint64_t *hashes; size_t caphashes;
    px_mention *ments; size_t capments;
    seg *segs; size_t capsegs;
};

/* Arrays larger than this many elements (an unusually long document) are
 * freed after use rather than kept in the context. */
#define ANA_KEEP (1u << 15)

/* Move the context's working arrays (if any) into s. */
static void scratch_take(state *s, px_ana *a)
{
    if (!a) return;
    s->tok = a->tok; s->x = a->x; s->ent = a->ent; s->captok = a->captok;
    s->sent = a->sent; s->capsent = a->capsent;
    s->ents = a->ents; s->capent = a->capent;
    s->table = a->table; s->captable = a->captable;
    s->hashes = a->hashes; s->caphashes = a->caphashes;
    s->m.v = a->ments; s->m.cap = a->capments;
    s->segs = a->segs; s->capsegs = a->capsegs;
    memset(a, 0, sizeof *a);
}

/* Free s's working arrays. */
static void free_state(state *s)
{
    free(s->tok);
    free(s->x);
    free(s->ent);
    free(s->sent);
    free(s->ents);
    free(s->table);
    free(s->hashes);
    free(s->m.v);
    free(s->segs);
}

/* Give s's working arrays back to the context for the next document, or
 * free them when they are too large to keep or there is nowhere to keep
 * them (a is NULL). */
static void scratch_keep(state *s, px_ana *a)
{
    if (!a || s->captok > ANA_KEEP || s->capsent > ANA_KEEP || s->capent > ANA_KEEP ||
        s->captable > 4 * ANA_KEEP || s->m.cap > ANA_KEEP || s->capsegs > ANA_KEEP) {
        free_state(s);
        return;
    }
    a->tok = s->tok; a->x = s->x; a->ent = s->ent; a->captok = s->captok;
    a->sent = s->sent; a->capsent = s->capsent;
    a->ents = s->ents; a->capent = s->capent;
    a->table = s->table; a->captable = s->captable;
    a->hashes = s->hashes; a->caphashes = s->caphashes;
    a->ments = s->m.v; a->capments = s->m.cap;
    a->segs = s->segs; a->capsegs = s->capsegs;
}

/* Free the context's working arrays. */
static void ana_free(px_ana *a)
{
    if (!a) return;
    state s;
    memset(&s, 0, sizeof s);
    scratch_take(&s, a);
    free_state(&s);
    free(a);
}

/* Clamp the span [*a, *b) to the text and to character boundaries. */
static void clamp_span(const px_doc *doc, uint32_t *a, uint32_t *b)
{
    const unsigned char *u = (const unsigned char *)doc->text;
    if (*b > doc->text_len) *b = doc->text_len;
    if (*a > *b) *a = *b;
    while (*a < *b && (u[*a] & 0xC0) == 0x80) (*a)++;
    while (*b > *a && *b < doc->text_len && (u[*b] & 0xC0) == 0x80) (*b)--;
}


/* Run the analyse stage on doc; see the top of the file. On failure the
 * document's analysis stays empty. */
px_status px_analyze(px_ctx *ctx, px_doc *doc, px_error *err)
{
    if (!ctx || !doc) return px_fail(err, PX_ERR_ARG, NULL, PX_NO_OFFSET, "no context or document");
    doc->sents = NULL; doc->n_sents = 0;
    doc->toks = NULL; doc->n_toks = 0;
    doc->tok_form = NULL; doc->n_forms = 0;
    doc->ments = NULL; doc->n_ments = 0;
    if (!doc->text || doc->text_len == 0) return PX_OK;

    state s;
    memset(&s, 0, sizeof s);
    s.ctx = ctx;
    s.doc = doc;
    s.t = doc->text;
    s.lang = doc->lang && *doc->lang ? doc->lang : "und";
    static const char *const elide[] = {"fr", "it", "ca", NULL};
    static const char *const space_groups[] = {"fr", "pl", "ru", "sv", "no", "nb", "nn", "fi",
                                               "cs", "sk", "uk", "et", "bg", "hu", "lt", "lv",
                                               NULL};
    s.elide = lang_in(s.lang, elide);
    s.space_groups = lang_in(s.lang, space_groups);
    s.caps_nouns = !strcmp(s.lang, "de") || !strcmp(s.lang, "lb");
    s.cased_dates = !strcmp(s.lang, "en") || !strcmp(s.lang, "de") || !strcmp(s.lang, "nl");
    s.stemmer = px_ctx_stemmer(ctx, s.lang);
    s.cc = cclass_table(ctx);
    if (!s.cc) return px_fail(err, PX_ERR_NOMEM, doc->file, doc->offset, "out of memory analysing the text");
    if (doc->date && strlen(doc->date) >= 10) {
        int y = 0, m = 0, d = 0, got = 0;
        const char *dt = doc->date;
        bool iso = true;   /* "YYYY-MM-DD", as px_parse_date writes it: read it here */
        for (int i = 0; i < 10 && iso; i++)
            iso = (i == 4 || i == 7) ? dt[i] == '-' : (dt[i] >= '0' && dt[i] <= '9');
        if (iso) {
            y = (dt[0] - '0') * 1000 + (dt[1] - '0') * 100 + (dt[2] - '0') * 10 + (dt[3] - '0');
            m = (dt[5] - '0') * 10 + (dt[6] - '0');
            d = (dt[8] - '0') * 10 + (dt[9] - '0');
            got = 3;
        } else {
            got = sscanf(dt, "%4d-%2d-%2d", &y, &m, &d);
        }
        if (got == 3 && px_valid_ymd(y, m, d)) {
            s.doc_y = y; s.doc_m = m; s.doc_d = d;
        }
    }

    if (!ctx->ana && !(ctx->ana = calloc(1, sizeof *ctx->ana)))
        return px_fail(err, PX_ERR_NOMEM, doc->file, doc->offset, "out of memory analysing the text");
    scratch_take(&s, ctx->ana);
    size_t nseg = 0;
    px_status rc = PX_ERR_NOMEM;
    uint32_t prev_end = 0;
    for (int64_t i = -1; i < (int64_t)doc->n_paras; i++) {
        uint32_t a, b, para;
        if (i < 0) { a = doc->title_span.start; b = doc->title_span.end; para = UINT32_MAX; }
        else { a = doc->paras[i].start; b = doc->paras[i].end; para = (uint32_t)i; }
        clamp_span(doc, &a, &b);
        if (a < prev_end) a = prev_end;
        if (b <= a) continue;
        if (!px_grow((void **)&s.segs, &s.capsegs, nseg + 1, sizeof *s.segs)) goto out;
        s.segs[nseg].t0 = s.ntok;
        if (!tokenize(&s, a, b, i < 0)) goto out;
        s.segs[nseg].t1 = s.ntok;
        s.segs[nseg].para = para;
        if (s.segs[nseg].t1 > s.segs[nseg].t0) nseg++;
        prev_end = b;
    }
    if (!intern_all(&s)) goto out;
    for (size_t i = 0; i < nseg; i++)
        if (!split_sentences(&s, s.segs[i].t0, s.segs[i].t1, s.segs[i].para)) goto out;
    word_stats(&s);

    /* dates first, then numbers, so a year inside a date is not a number */
    for (size_t k = 0; k < s.ntok; k++)
        if (s.x[k] & X_NUMISH)
            for (size_t z = k > 3 ? k - 3 : 0; z <= k + 3 && z < s.ntok; z++) s.x[z] |= X_NEARNUM;
    for (size_t k = 0; k < s.ntok;) {
        size_t next = k + 1;
        int kind = s.tok[k].kind;
        if (!(s.x[k] & X_USED) && (kind == PX_TOK_WORD || kind == PX_TOK_NUM)) {
            int r = try_date(&s, k, &next);
            if (r < 0) goto out;
            if (r == 0) next = k + 1;
        }
        k = next;
    }
    for (size_t k = 0; k < s.ntok;) {
        size_t next = k + 1;
        if (!(s.x[k] & X_USED) && s.tok[k].kind == PX_TOK_NUM && !do_number(&s, k, &next))
            goto out;
        k = next > k ? next : k + 1;
    }
    for (size_t i = 0; i < s.nsent; i++)
        if (!names_in(&s, i)) goto out;
    if (!name_vouched(&s)) goto out;
    for (size_t i = 0; i < nseg; i++)
        if (!quotes_in(&s, s.segs[i].t0, s.segs[i].t1)) goto out;

    if (s.m.n > 1) qsort(s.m.v, s.m.n, sizeof *s.m.v, cmp_mention);
    bool ok = true;
    px_token *toks = to_arena(&doc->arena, s.tok, s.ntok, sizeof *s.tok, &ok);
    px_sentence *sents = to_arena(&doc->arena, s.sent, s.nsent, sizeof *s.sent, &ok);
    px_mention *ments = to_arena(&doc->arena, s.m.v, s.m.n, sizeof *s.m.v, &ok);
    uint32_t *forms = to_arena(&doc->arena, s.ent, s.ntok, sizeof *s.ent, &ok);
    if (!ok) goto out;
    doc->toks = toks; doc->n_toks = (uint32_t)s.ntok;
    doc->tok_form = forms; doc->n_forms = (uint32_t)s.nent;
    doc->sents = sents; doc->n_sents = (uint32_t)s.nsent;
    doc->ments = ments; doc->n_ments = (uint32_t)s.m.n;
    rc = PX_OK;
out:
    scratch_keep(&s, ctx->ana);
    if (rc != PX_OK)
        return px_fail(err, rc, doc->file, doc->offset, "out of memory analysing the text");
    return PX_OK;
}
