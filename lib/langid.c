/*
 * langid.c - language identification: px_langid() and px_languages().
 *
 * What it does
 *   px_langid() reads at most the first LID_MAX_SCAN bytes of a UTF-8 text
 *   and keeps up to LID_MAX_CPS letters of it, as words (runs of letters
 *   and combining marks, lower-cased; digits, punctuation, URLs and e-mail
 *   addresses are skipped). It then decides in two steps:
 *
 *   1. Script. Letters are counted per script. A script that belongs to
 *      one language decides alone: Hangul -> ko, Han with Kana -> ja, Han
 *      alone -> zh, Greek -> el, Thai -> th, Georgian -> ka, Armenian -> hy,
 *      Bengali -> bn, Tamil -> ta, ... (see script_lang[]).
 *   2. N-grams. For scripts shared by several languages (Latin, Cyrillic,
 *      Arabic, Devanagari, Hebrew), each word of that script is padded to
 *      "_word_" and its 1..5-grams are looked up in the table of
 *      langid_model.h (built by scripts/fit_langid.py from the libexttextcat
 *      profiles). Each language of the script gains the n-gram's bonus
 *      (its log-frequency above the floor given to unlisted n-grams); the
 *      best naive-Bayes log-likelihood wins. Scoring stops early once the
 *      leader is LID_EARLY_NATS ahead (after LID_EARLY_MIN n-grams, so that
 *      a title in another language does not decide alone).
 *
 * What it guarantees
 *   - Never reads outside text[0..len), for any bytes at all (invalid UTF-8
 *     is treated as a separator); text may be NULL when len is 0.
 *   - No allocation, no global mutable state: every buffer is on the stack
 *     (about 8 KB), the model is const data. Safe from any thread.
 *   - Returns a static string: an ISO 639-1 code, or "und" when the text
 *     has fewer than LID_MIN_LETTERS letters or matches no profile well.
 *   - *confidence (when not NULL) is in [0, 1]; 0 for "und".
 *   - Cost is bounded by the sample: about 10 us per news article (see
 *     bench/bench_langid.c).
 */
#include "internal.h"

#include <math.h>
#include <string.h>
#include <utf8proc.h>

/* Scripts. The first block is the scripts shared by several languages
 * (n-gram scored); langid_model.h refers to them by these names. */
enum {
    SC_NONE = 0,
    SC_LATIN, SC_CYRILLIC, SC_ARABIC, SC_DEVANAGARI, SC_HEBREW,
    SC_GREEK, SC_ARMENIAN, SC_GEORGIAN, SC_THAI, SC_LAO, SC_KHMER,
    SC_MYANMAR, SC_TIBETAN, SC_ETHIOPIC, SC_THAANA, SC_BENGALI,
    SC_GURMUKHI, SC_GUJARATI, SC_ORIYA, SC_TAMIL, SC_TELUGU, SC_KANNADA,
    SC_MALAYALAM, SC_SINHALA, SC_HANGUL, SC_HAN, SC_KANA,
    SC_INHERITED,   /* combining marks: belong to the letter before */
    SC_OTHER,       /* letters of scripts not handled */
    SC_COUNT
};

#include "langid_model.h"

#define LID_MAX_SCAN 16384     /* bytes of input looked at, at most */
#define LID_MAX_CPS 1024       /* letters kept, at most */
#define LID_MAX_WORDS 512
#define LID_MAX_WORD 24        /* letters of a word used for n-grams */
#define LID_MIN_LETTERS 3      /* fewer letters than this: "und" */
#define LID_EARLY_NATS 100.0   /* stop scoring once the leader is this far ahead, */
#define LID_EARLY_MIN 600      /* ... checked after this many n-grams and then */
#define LID_CHECK_EVERY 128    /* ... every this many */
#define LID_MIN_HIT_RATE 0.12  /* fewer of the n-grams in any profile: "und" */

#define FNV_BASIS 2166136261u
#define FNV_PRIME 16777619u

/* The language of each script that has one language of its own. */
static const char *const script_lang[SC_COUNT] = {
    [SC_GREEK] = "el", [SC_ARMENIAN] = "hy", [SC_GEORGIAN] = "ka",
    [SC_THAI] = "th", [SC_LAO] = "lo", [SC_KHMER] = "km",
    [SC_MYANMAR] = "my", [SC_TIBETAN] = "bo", [SC_ETHIOPIC] = "am",
    [SC_THAANA] = "dv", [SC_BENGALI] = "bn", [SC_GURMUKHI] = "pa",
    [SC_GUJARATI] = "gu", [SC_ORIYA] = "or", [SC_TAMIL] = "ta",
    [SC_TELUGU] = "te", [SC_KANNADA] = "kn", [SC_MALAYALAM] = "ml",
    [SC_SINHALA] = "si", [SC_HANGUL] = "ko", [SC_HAN] = "zh", [SC_KANA] = "ja",
};

/* Decode one UTF-8 character at s[0..n), n > 0. Returns its length and sets
 * *cp, or returns 1 with *cp = -1 for an invalid, overlong or truncated
 * sequence or a surrogate. Never reads past s[n-1]. */
static inline int lid_decode(const unsigned char *s, size_t n, int32_t *cp)
{
    unsigned c = s[0];
    if (c < 0x80) { *cp = (int32_t)c; return 1; }
    int need;
    int32_t v, min;
    if (c >= 0xC2 && c <= 0xDF) { need = 1; v = c & 0x1F; min = 0x80; }
    else if (c >= 0xE0 && c <= 0xEF) { need = 2; v = c & 0x0F; min = 0x800; }
    else if (c >= 0xF0 && c <= 0xF4) { need = 3; v = c & 0x07; min = 0x10000; }
    else { *cp = -1; return 1; }
    if ((size_t)need >= n) { *cp = -1; return 1; }
    for (int i = 1; i <= need; i++) {
        if ((s[i] & 0xC0) != 0x80) { *cp = -1; return 1; }
        v = (v << 6) | (s[i] & 0x3F);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) {
        *cp = -1;
        return 1;
    }
    *cp = v;
    return need + 1;
}

/* The script of a non-ASCII letter or mark (by Unicode block). */
static int lid_script(int32_t c)
{
    if (c < 0x0250) return SC_LATIN;                  /* Latin-1, Ext-A, Ext-B */
    if (c < 0x02B0) return SC_LATIN;                  /* IPA */
    if (c < 0x0370) return SC_INHERITED;              /* modifiers, combining marks */
    if (c < 0x0400) return SC_GREEK;
    if (c < 0x0530) return SC_CYRILLIC;
    if (c < 0x0590) return SC_ARMENIAN;
    if (c < 0x0600) return SC_HEBREW;
    if (c < 0x0700) return SC_ARABIC;
    if (c < 0x0750) return SC_OTHER;                  /* Syriac */
    if (c < 0x0780) return SC_ARABIC;
    if (c < 0x07C0) return SC_THAANA;
    if (c < 0x08A0) return SC_OTHER;
    if (c < 0x0900) return SC_ARABIC;
    if (c < 0x0980) return SC_DEVANAGARI;
    if (c < 0x0A00) return SC_BENGALI;
    if (c < 0x0A80) return SC_GURMUKHI;
    if (c < 0x0B00) return SC_GUJARATI;
    if (c < 0x0B80) return SC_ORIYA;
    if (c < 0x0C00) return SC_TAMIL;
    if (c < 0x0C80) return SC_TELUGU;
    if (c < 0x0D00) return SC_KANNADA;
    if (c < 0x0D80) return SC_MALAYALAM;
    if (c < 0x0E00) return SC_SINHALA;
    if (c < 0x0E80) return SC_THAI;
    if (c < 0x0F00) return SC_LAO;
    if (c < 0x1000) return SC_TIBETAN;
    if (c < 0x10A0) return SC_MYANMAR;
    if (c < 0x1100) return SC_GEORGIAN;
    if (c < 0x1200) return SC_HANGUL;
    if (c < 0x13A0) return SC_ETHIOPIC;
    if (c >= 0x1780 && c < 0x1800) return SC_KHMER;
    if (c >= 0x1AB0 && c < 0x1B00) return SC_INHERITED;
    if (c >= 0x1C80 && c < 0x1C90) return SC_CYRILLIC;
    if (c >= 0x1C90 && c < 0x1CC0) return SC_GEORGIAN;
    if (c >= 0x1DC0 && c < 0x1E00) return SC_INHERITED;
    if (c >= 0x1D00 && c < 0x1F00) return SC_LATIN;   /* phonetic ext., Latin Ext. Additional */
    if (c >= 0x1F00 && c < 0x2000) return SC_GREEK;
    if (c >= 0x20D0 && c < 0x2100) return SC_INHERITED;
    if (c >= 0x2C60 && c < 0x2C80) return SC_LATIN;
    if (c >= 0x2D00 && c < 0x2D30) return SC_GEORGIAN;
    if (c >= 0x2DE0 && c < 0x2E00) return SC_CYRILLIC;
    if (c >= 0x3005 && c <= 0x3007) return SC_HAN;    /* 々 〆 〇 */
    if (c >= 0x3040 && c < 0x3100) return SC_KANA;
    if (c >= 0x3130 && c < 0x3190) return SC_HANGUL;
    if (c >= 0x31F0 && c < 0x3200) return SC_KANA;
    if (c >= 0x3400 && c < 0xA000) return SC_HAN;
    if (c >= 0xA640 && c < 0xA6A0) return SC_CYRILLIC;
    if (c >= 0xA720 && c < 0xA800) return SC_LATIN;
    if (c >= 0xA8E0 && c < 0xA900) return SC_DEVANAGARI;
    if (c >= 0xA960 && c < 0xA980) return SC_HANGUL;
    if (c >= 0xAB30 && c < 0xAB70) return SC_LATIN;
    if (c >= 0xAC00 && c < 0xD800) return SC_HANGUL;
    if (c >= 0xF900 && c < 0xFB00) return SC_HAN;
    if (c >= 0xFB00 && c < 0xFB07) return SC_LATIN;   /* ligatures */
    if (c >= 0xFB1D && c < 0xFB50) return SC_HEBREW;
    if (c >= 0xFB50 && c < 0xFE00) return SC_ARABIC;
    if (c >= 0xFE20 && c < 0xFE30) return SC_INHERITED;
    if (c >= 0xFE70 && c < 0xFF00) return SC_ARABIC;
    if (c >= 0xFF21 && c < 0xFF5B) return SC_LATIN;   /* full-width */
    if (c >= 0xFF66 && c < 0xFFA0) return SC_KANA;    /* half-width */
    if (c >= 0xFFA0 && c < 0xFFE0) return SC_HANGUL;
    if (c >= 0x20000 && c < 0x32000) return SC_HAN;
    return SC_OTHER;
}

/* One word of the sample: letters cps[start .. start+len) (len capped at
 * LID_MAX_WORD), all of one script; count is its uncapped letter count. */
typedef struct lid_word {
    uint16_t start;
    uint8_t len;
    uint8_t script;
    uint16_t count;
} lid_word;

typedef struct lid_sample {
    uint32_t cps[LID_MAX_CPS];
    lid_word words[LID_MAX_WORDS];
    int ncps, nwords;
} lid_sample;

/* Is the input at p (end at e) the start of a URL? ("http://", "https://",
 * "www.", any case) */
static bool lid_is_url(const unsigned char *p, const unsigned char *e)
{
    size_t n = (size_t)(e - p);
    if (n >= 4 && (p[0] | 32) == 'w' && (p[1] | 32) == 'w' && (p[2] | 32) == 'w' && p[3] == '.')
        return true;
    if (n >= 7 && (p[0] | 32) == 'h' && (p[1] | 32) == 't' && (p[2] | 32) == 't' && (p[3] | 32) == 'p') {
        size_t i = 4;
        if ((p[i] | 32) == 's') i++;
        return i + 3 <= n && p[i] == ':' && p[i + 1] == '/' && p[i + 2] == '/';
    }
    return false;
}

/* Skip to the next ASCII white space (or e). */
static const unsigned char *lid_skip_token(const unsigned char *p, const unsigned char *e)
{
    while (p < e && *p != ' ' && *p != '\n' && *p != '\t' && *p != '\r')
        p++;
    return p;
}

/* Read the sample: split text into lower-cased words of one script each,
 * dropping URLs and e-mail addresses, until LID_MAX_CPS letters or
 * LID_MAX_SCAN bytes are taken. */
static void lid_read(const char *text, size_t len, lid_sample *s)
{
    const unsigned char *p = (const unsigned char *)text;
    const unsigned char *e = p + PX_MIN(len, (size_t)LID_MAX_SCAN);
    int cur = -1;                 /* index of the open word, -1 when none */
    int tok_words = 0;            /* words[] index where the white-space token began */
    bool tok_start = true;        /* at the start of a white-space token */

    s->ncps = s->nwords = 0;
    while (p < e) {
        int32_t c;
        int n = lid_decode(p, (size_t)(e - p), &c);
        int sc;
        if (c < 0x80 && c >= 0) {
            if ((c | 32) >= 'a' && (c | 32) <= 'z') {
                if (tok_start && lid_is_url(p, e)) {
                    p = lid_skip_token(p, e);
                    continue;
                }
                c |= 32;
                sc = SC_LATIN;
            } else {
                cur = -1;
                if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
                    tok_start = true;
                    tok_words = s->nwords;
                } else if (c == '@') {
                    /* an e-mail address or a handle: drop the whole token */
                    s->nwords = tok_words;
                    s->ncps = tok_words ? s->words[tok_words - 1].start + s->words[tok_words - 1].len : 0;
                    p = lid_skip_token(p, e);
                    continue;
                } else {
                    tok_start = false;
                }
                p += n;
                continue;
            }
        } else if (c < 0) {
            cur = -1;
            tok_start = false;
            p += n;
            continue;
        } else {
            utf8proc_category_t cat = utf8proc_category(c);
            if (cat < UTF8PROC_CATEGORY_LU || cat > UTF8PROC_CATEGORY_ME) {
                cur = -1;
                if (cat == UTF8PROC_CATEGORY_ZS || cat == UTF8PROC_CATEGORY_ZL ||
                    cat == UTF8PROC_CATEGORY_ZP) {
                    tok_start = true;
                    tok_words = s->nwords;
                } else {
                    tok_start = false;
                }
                p += n;
                continue;
            }
            sc = lid_script(c);
            if (cat <= UTF8PROC_CATEGORY_LT)
                c = utf8proc_tolower(c);
        }
        tok_start = false;
        p += n;

        if (sc == SC_INHERITED) {
            if (cur < 0)
                continue;             /* a mark with no letter before it */
            sc = s->words[cur].script;
        }
        if (cur < 0 || s->words[cur].script != sc) {
            if (s->nwords == LID_MAX_WORDS)
                break;
            cur = s->nwords++;
            s->words[cur] = (lid_word){.start = (uint16_t)s->ncps, .len = 0,
                                       .script = (uint8_t)sc, .count = 0};
        }
        lid_word *w = &s->words[cur];
        if (w->count < UINT16_MAX)
            w->count++;
        if (w->len < LID_MAX_WORD) {
            if (s->ncps == LID_MAX_CPS)
                break;
            s->cps[s->ncps++] = (uint32_t)c;
            w->len++;
        }
        /* the ASCII letters that go on a Latin word: taken here as the
         * loop above would take them, one at a time without decoding */
        if (sc != SC_LATIN)
            continue;
        for (; p < e && (*p | 32) >= 'a' && (*p | 32) <= 'z'; p++) {
            if (w->count < UINT16_MAX)
                w->count++;
            if (w->len < LID_MAX_WORD) {
                if (s->ncps == LID_MAX_CPS)
                    return;
                s->cps[s->ncps++] = (uint32_t)(*p | 32);
                w->len++;
            }
        }
    }
}

#define LID_MAX_WIDTH 64       /* widest row of a script group */
_Static_assert(LID_NLANG <= LID_MAX_WIDTH, "a row (one byte per language, padded to 8) must fit acc[]");

/* The log-likelihood of the group's language at index i, in 1/LID_SCALE
 * nats: its bonuses plus the floor of every n-gram looked up (nord[k]: how
 * many of order k+1). */
static inline int64_t lid_total(const struct lid_group *g, int i, const int32_t *acc,
                                const int32_t nord[5])
{
    int64_t t = acc[i];
    for (int k = 0; k < 5; k++)
        t += (int64_t)nord[k] * lid_langs[g->first + i].floor[k];
    return t;
}

/* The best (*b1) and second best (*b2) totals of the group, and the index
 * of the best; the second best is taken among languages with another code
 * than the best. */
static int lid_best(const struct lid_group *g, const int32_t *acc, const int32_t nord[5],
                    int64_t *b1, int64_t *b2)
{
    int best = 0;
    *b1 = lid_total(g, 0, acc, nord);
    for (int i = 1; i < g->n; i++) {
        int64_t t = lid_total(g, i, acc, nord);
        if (t > *b1) { *b1 = t; best = i; }
    }
    *b2 = INT64_MIN;
    for (int i = 0; i < g->n; i++) {
        if (i == best || strcmp(lid_langs[g->first + i].code, lid_langs[g->first + best].code) == 0)
            continue;
        int64_t t = lid_total(g, i, acc, nord);
        if (t > *b2) *b2 = t;
    }
    return best;
}

/* The n-grams of word w (padded "_word_", orders 1..5, the lone boundary
 * left out) looked up in group gi's table, in scoring order: nord[] and
 * *ngrams count the n-grams looked up per order, *found those in the
 * table, and rows[] gets the row of each of those (prefetched). Returns
 * how many rows. */
#define LID_MAX_KEYS ((LID_MAX_WORD + 2) * 5)
static int lid_word_rows(const lid_sample *s, const lid_word *w, int gi, const uint8_t **rows,
                         int32_t *found, int32_t nord[5], int *ngrams)
{
    const uint32_t mask = (1u << LID_BITS) - 1;
    uint32_t seq[LID_MAX_WORD + 2];
    int L = w->len + 2, n = 0;
    seq[0] = '_';
    memcpy(seq + 1, s->cps + w->start, w->len * sizeof(uint32_t));
    seq[L - 1] = '_';
    for (int i = 0; i < L; i++) {
        uint32_t h = FNV_BASIS;
        for (int k = 0; k < 5 && i + k < L; k++) {
            h = (h ^ seq[i + k]) * FNV_PRIME;
            if (k == 0 && seq[i] == '_')
                continue;         /* the lone boundary says nothing */
            uint32_t key = h ? h : 1;
            uint32_t slot = (key * 2654435761u) >> (32 - LID_BITS);
            struct lid_slot sl;
            (*ngrams)++;
            nord[k]++;
            while ((sl = lid_slots[slot]).key != 0 && sl.key != key)
                slot = (slot + 1) & mask;
            if (!sl.key || sl.row >> 24 != (uint32_t)gi)
                continue;
            (*found)++;
            rows[n] = lid_rows + (sl.row & 0xFFFFFFu);
            __builtin_prefetch(rows[n]);
            n++;
        }
    }
    return n;
}

/* Rows (bytes of at most 255) a 16-bit sum takes without overflowing. */
#define LID_ACC16_ROWS (UINT16_MAX / UINT8_MAX)
_Static_assert(LID_MAX_KEYS <= LID_ACC16_ROWS, "one word's rows must fit the 16-bit sums");

/* Add the 16-bit sums acc16[0..width) into acc and clear them. */
static inline void lid_flush(int32_t *acc, uint16_t *acc16, int width)
{
    for (int c = 0; c < width; c++) {
        acc[c] += acc16[c];
        acc16[c] = 0;
    }
}

/* Score the words of group gi's script against its languages: acc[i] gets
 * the bonuses of language first + i (1/LID_SCALE nats), nord[] the n-grams
 * looked up per order, *found those in the table. Returns the number of
 * n-grams looked up. Stops early once one language leads by LID_EARLY_NATS
 * after at least LID_EARLY_MIN n-grams. The next word's n-grams are
 * looked up before the current word's rows are added, so that the table
 * reads of one overlap with the additions of the other. */
static int lid_score(const lid_sample *s, int gi, int32_t acc[LID_MAX_WIDTH],
                     int32_t *found, int32_t nord[5])
{
    const struct lid_group *g = &lid_groups[gi];
    const int64_t early = (int64_t)(LID_EARLY_NATS * LID_SCALE);
    const int width = g->width;
    int next_check = LID_EARLY_MIN;
    const uint8_t *rows[2][LID_MAX_KEYS];
    int nrows[2] = {0, 0}, cur = 0;
    /* n-grams, found and per order counted up to the current word only */
    int ngrams[2] = {0, 0};
    int32_t fnd[2] = {0, 0}, ord[2][5] = {{0}};
    /* rows are summed in 16 bits (8 lanes an instruction) and moved into
     * acc before LID_ACC16_ROWS of them could overflow */
    uint16_t acc16[LID_MAX_WIDTH] = {0};
    int pend = 0;

    int wi = 0;
    while (wi < s->nwords && s->words[wi].script != g->script)
        wi++;
    if (wi == s->nwords)
        return 0;
    nrows[cur] = lid_word_rows(s, &s->words[wi], gi, rows[cur], &fnd[cur], ord[cur], &ngrams[cur]);
    while (wi < s->nwords) {
        int next = wi + 1;
        while (next < s->nwords && s->words[next].script != g->script)
            next++;
        if (next < s->nwords) {
            int nx = cur ^ 1;
            ngrams[nx] = ngrams[cur];
            fnd[nx] = fnd[cur];
            memcpy(ord[nx], ord[cur], sizeof ord[cur]);
            nrows[nx] = lid_word_rows(s, &s->words[next], gi, rows[nx], &fnd[nx], ord[nx], &ngrams[nx]);
        }
        if (pend + nrows[cur] > LID_ACC16_ROWS) {
            lid_flush(acc, acc16, width);
            pend = 0;
        }
        pend += nrows[cur];
        for (int q = 0; q < nrows[cur]; q++) {
            const uint8_t *row = rows[cur][q];
            for (int c = 0; c < width; c += 8)
                for (int j = 0; j < 8; j++)
                    acc16[c + j] = (uint16_t)(acc16[c + j] + row[c + j]);
        }
        if (ngrams[cur] >= next_check) {
            int64_t b1, b2;
            next_check = ngrams[cur] + LID_CHECK_EVERY;
            lid_flush(acc, acc16, width);
            pend = 0;
            lid_best(g, acc, ord[cur], &b1, &b2);
            if (b2 == INT64_MIN || b1 - b2 >= early)
                break;
        }
        if (next == s->nwords)
            break;
        wi = next;
        cur ^= 1;
    }
    lid_flush(acc, acc16, width);
    *found += fnd[cur];
    for (int k = 0; k < 5; k++)
        nord[k] += ord[cur][k];
    return ngrams[cur];
}

/* Identify the language of text[0..len); see the file comment. */
const char *px_langid(const char *text, size_t len, double *confidence)
{
    lid_sample s;
    int32_t count[SC_COUNT] = {0};
    int32_t total = 0;

    if (confidence)
        *confidence = 0.0;
    if (!text || !len)
        return "und";
    lid_read(text, len, &s);

    /* 1. script: CJK characters weigh 2 letters (a word is 1-3 of them) */
    for (int i = 0; i < s.nwords; i++) {
        int sc = s.words[i].script, wt = s.words[i].count;
        if (sc == SC_HAN || sc == SC_KANA || sc == SC_HANGUL)
            wt *= 2;
        count[sc] += wt;
        total += wt;
    }
    int32_t cjk = count[SC_HAN] + count[SC_KANA] + count[SC_HANGUL];
    int dom = SC_NONE;
    int32_t dom_n = 0;
    for (int sc = SC_LATIN; sc < SC_COUNT; sc++) {
        if (sc == SC_HAN || sc == SC_KANA || sc == SC_HANGUL || sc == SC_OTHER)
            continue;
        if (count[sc] > dom_n) { dom = sc; dom_n = count[sc]; }
    }
    if (cjk > dom_n) {
        dom_n = cjk;
        if (count[SC_HANGUL] * 2 >= cjk)
            dom = SC_HANGUL;
        else if (count[SC_KANA] > 0 &&
                 count[SC_KANA] * 20 >= count[SC_HAN] + count[SC_KANA])
            dom = SC_KANA;
        else
            dom = SC_HAN;
    }
    if (count[SC_OTHER] > dom_n || dom == SC_NONE || dom_n < LID_MIN_LETTERS)
        return "und";
    double share = (double)dom_n / (double)total;

    if (script_lang[dom]) {
        if (confidence)
            *confidence = share * (1.0 - exp(-(double)dom_n / 8.0));
        return script_lang[dom];
    }

    /* 2. n-grams, among the languages of the dominant script */
    int gi = 0;
    while (gi < LID_NGROUPS && lid_groups[gi].script != dom)
        gi++;
    if (gi == LID_NGROUPS)
        return "und";
    int32_t acc[LID_MAX_WIDTH] = {0}, nord[5] = {0}, found = 0;
    int ngrams = lid_score(&s, gi, acc, &found, nord);
    if (ngrams == 0 || (double)found < LID_MIN_HIT_RATE * (double)ngrams)
        return "und";
    int64_t b1, b2;
    int best = lid_best(&lid_groups[gi], acc, nord, &b1, &b2);
    double margin = b2 == INT64_MIN ? 100.0 : (double)(b1 - b2) / LID_SCALE;
    if (confidence)
        *confidence = share * (1.0 - exp(-margin / 20.0));
    return lid_langs[lid_groups[gi].first + best].code;
}

/* Languages with a Snowball stemmer (libstemmer) among those px_langid()
 * returns: the set analyze.c can stem and stop. NULL-ended, static. */
const char *const *px_languages(void)
{
    static const char *const langs[] = {
        "ar", "ca", "da", "de", "el", "en", "es", "eu", "fi", "fr", "ga",
        "hi", "hu", "hy", "id", "it", "lt", "ne", "nl", "no", "pt", "ro",
        "ru", "sr", "sv", "ta", "tr", "yi", NULL,
    };
    return langs;
}
