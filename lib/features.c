/*
 * features.c - the per-document side of comparison: the lexicon (document
 * frequencies, bilingual stem table) and the profile of one document
 * (weighted stem vectors, names with their variant keys, numbers, dates,
 * quotes, style statistics).
 *
 * Guarantees: a profile is a pure function of its document and lexicon,
 * built once and never changed, so pairs can be compared from any thread;
 * every vector is sorted by key with unique keys and unit norm (or empty);
 * nothing here keeps global mutable state (the built-in tables are const
 * and copied into each lexicon's own hash tables; the gazetteer is looked
 * up in its own const hash table, px_place_find).
 */
#include "internal.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compare_df.h"
#include "compare_dict.h"
#include "places.h"

/* ------------------------------------------------------------ hashing */

#define FNV_OFFSET 0xcbf29ce484222325ULL
#define FNV_PRIME 0x100000001b3ULL

uint64_t px_term_hash(unsigned char ns, const char *s, size_t len)
{
    uint64_t h = FNV_OFFSET;
    h ^= ns;
    h *= FNV_PRIME;
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)s[i];
        h *= FNV_PRIME;
    }
    return h;
}

/* Slot of key in an open-addressing table of mask + 1 slots. */
static inline uint32_t slot_of(uint64_t key, uint32_t mask)
{
    uint64_t x = key ^ (key >> 29);
    x *= 0xbf58476d1ce4e5b9ULL;
    return (uint32_t)(x >> 32) & mask;
}

/* ------------------------------------------------------------ lexicon */

/* Document frequencies below this have their idf in a table. */
#define PX_IDF_SMALL 1024

/* A slot of the df table: the top 32 bits of a key (0 = empty) and how
 * many documents hold it, side by side so a lookup touches one line. */
typedef struct df_slot {
    uint32_t key, count;
} df_slot;

struct px_lexicon {
    /* document frequencies: open addressing */
    df_slot *df;
    uint32_t df_mask, df_n, docs;
    /* bilingual table: the top 32 bits of a stem key of dict_lang ->
     * dict_to[start .. start+count), top 32 bits of English stem keys */
    const char *dict_lang;
    uint64_t *dict_keys;
    uint32_t *dict_start;
    uint8_t *dict_count;
    uint32_t dict_mask;
    /* idf of the small document frequencies for idf_docs documents (the
     * same values px_lexicon_idf computes, worked out once) */
    uint32_t idf_docs;
    float idf_small[PX_IDF_SMALL];
};

static void idf_fill(px_lexicon *lx);

/* Make the df table hold at least need keys at load factor <= 1/2.
 * Returns false on no memory (the old table stays). */
static bool df_reserve(px_lexicon *lx, uint32_t need)
{
    if (need > (1u << 29)) return false;
    uint32_t size = lx->df_mask ? lx->df_mask + 1 : 0;
    if ((uint64_t)need * 2 <= size) return true;
    uint32_t nsize = size ? size : 1024;
    while ((uint64_t)need * 2 > nsize) nsize *= 2;
    df_slot *t = px_calloc_big(nsize, sizeof *t);
    if (!t) return false;
    uint32_t mask = nsize - 1;
    for (uint32_t i = 0; i < size; i++) {
        if (!lx->df[i].key) continue;
        uint32_t s = slot_of(lx->df[i].key, mask);
        while (t[s].key) s = (s + 1) & mask;
        t[s] = lx->df[i];
    }
    free(lx->df);
    lx->df = t;
    lx->df_mask = mask;
    return true;
}

/* Add c to the count of key (inserting it). The table keeps the top 32
 * bits of keys (a collision merely merges two rare terms' counts); a key
 * whose top bits are 0 counts as 1. */
static bool df_add(px_lexicon *lx, uint64_t key, uint32_t c)
{
    uint32_t k = (uint32_t)(key >> 32);
    if (!k) k = 1;
    if (!df_reserve(lx, lx->df_n + 1)) return false;
    uint32_t s = slot_of(k, lx->df_mask);
    while (lx->df[s].key && lx->df[s].key != k) s = (s + 1) & lx->df_mask;
    if (!lx->df[s].key) {
        lx->df[s].key = k;
        lx->df_n++;
    }
    lx->df[s].count += c;
    return true;
}

uint32_t px_lexicon_df(const px_lexicon *lx, uint64_t key)
{
    if (!lx || !lx->df_mask) return 0;
    uint32_t k = (uint32_t)(key >> 32);
    if (!k) k = 1;
    uint32_t s = slot_of(k, lx->df_mask);
    while (lx->df[s].key) {
        if (lx->df[s].key == k) return lx->df[s].count;
        s = (s + 1) & lx->df_mask;
    }
    return 0;
}

uint32_t px_lexicon_docs(const px_lexicon *lx) { return lx ? lx->docs : 0; }

/* Load the built-in bilingual table into lx's hash table. The table is
 * sorted by source key; each source key's targets are consecutive. */
static bool dict_load(px_lexicon *lx)
{
    const uint32_t n = PX_DICT_N;
    lx->dict_lang = PX_DICT_LANG;
    if (n == 0) return true;
    uint32_t nsrc = 0;
    for (uint32_t i = 0; i < n; i++)
        if (i == 0 || px_dict_from[i] != px_dict_from[i - 1]) nsrc++;
    uint32_t size = 1024;
    while (size < nsrc * 2) size *= 2;
    lx->dict_keys = calloc(size, sizeof *lx->dict_keys);
    lx->dict_start = calloc(size, sizeof *lx->dict_start);
    lx->dict_count = calloc(size, 1);
    if (!lx->dict_keys || !lx->dict_start || !lx->dict_count) return false;
    lx->dict_mask = size - 1;
    for (uint32_t i = 0; i < n;) {
        uint32_t j = i;
        while (j < n && px_dict_from[j] == px_dict_from[i]) j++;
        uint32_t s = slot_of(px_dict_from[i], lx->dict_mask);
        while (lx->dict_keys[s]) s = (s + 1) & lx->dict_mask;
        lx->dict_keys[s] = px_dict_from[i];
        lx->dict_start[s] = i;
        lx->dict_count[s] = (uint8_t)PX_MIN(j - i, 255u);
        i = j;
    }
    return true;
}

int32_t px_place_find(const char *squash, size_t len, int *kind)
{
    uint64_t h = FNV_OFFSET;
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)squash[i];
        h *= FNV_PRIME;
    }
    for (uint32_t s = (uint32_t)(h >> 32) & PX_PLACES_MASK; px_place_slots[s];
         s = (s + 1) & PX_PLACES_MASK) {
        const char *k = px_places[px_place_slots[s] - 1];
        if (!strncmp(k, squash, len) && !k[len]) {
            if (kind) *kind = px_place_kind[px_place_slots[s] - 1];
            return px_place_slots[s] - 1;
        }
    }
    if (kind) *kind = 0;
    return -1;
}

/* The English stem keys for a stem key of lang, or 0 of them. */
uint32_t px_lexicon_translate(const px_lexicon *lx, const char *lang, uint64_t key,
                              const uint32_t **to)
{
    key >>= 32;
    if (!lx || !lx->dict_mask || !lang || strcmp(lang, lx->dict_lang) != 0) return 0;
    uint32_t s = slot_of(key, lx->dict_mask);
    while (lx->dict_keys[s]) {
        if (lx->dict_keys[s] == key) {
            *to = px_dict_to + lx->dict_start[s];
            return lx->dict_count[s];
        }
        s = (s + 1) & lx->dict_mask;
    }
    return 0;
}

/* Read a df table written by px_lexicon_save_df: a first line
 * "px-df 1 docs N", then "KEYHEX COUNT" lines (keys: top 32 bits). */
static px_status df_read(px_lexicon *lx, const char *path, px_error *err)
{
    FILE *f = fopen(path, "r");
    if (!f) return px_fail(err, PX_ERR_IO, path, PX_NO_OFFSET, "cannot open: %s", strerror(errno));
    char line[128];
    unsigned long long docs;
    if (!fgets(line, sizeof line, f) || sscanf(line, "px-df 1 docs %llu", &docs) != 1) {
        fclose(f);
        return px_fail(err, PX_ERR_FORMAT, path, 0, "not a parallax df table (no 'px-df 1 docs N' line)");
    }
    lx->docs = (uint32_t)PX_MIN(docs, UINT32_MAX);
    uint64_t off = strlen(line);
    while (fgets(line, sizeof line, f)) {
        unsigned long long key;
        unsigned long count;
        if (sscanf(line, "%llx %lu", &key, &count) != 2) {
            fclose(f);
            return px_fail(err, PX_ERR_FORMAT, path, off, "bad df line");
        }
        if (!df_add(lx, (uint64_t)key << 32, (uint32_t)PX_MIN(count, UINT32_MAX))) {
            fclose(f);
            return px_fail(err, PX_ERR_NOMEM, path, off, "no memory for the df table");
        }
        off += strlen(line);
    }
    fclose(f);
    return PX_OK;
}

px_lexicon *px_lexicon_new(const char *df_path, unsigned flags, px_error *err)
{
    px_lexicon *lx = calloc(1, sizeof *lx);
    if (!lx || !dict_load(lx)) {
        px_lexicon_free(lx);
        px_fail(err, PX_ERR_NOMEM, NULL, PX_NO_OFFSET, "no memory for a lexicon");
        return NULL;
    }
    if (flags & PX_LEX_NO_DF) return lx;
    if (df_path) {
        if (df_read(lx, df_path, err) != PX_OK) {
            px_lexicon_free(lx);
            return NULL;
        }
        idf_fill(lx);
        return lx;
    }
    lx->docs = PX_DF_DOCS;
    if (!df_reserve(lx, PX_DF_N)) {
        px_lexicon_free(lx);
        px_fail(err, PX_ERR_NOMEM, NULL, PX_NO_OFFSET, "no memory for a lexicon");
        return NULL;
    }
    const uint32_t n = PX_DF_N;
    for (uint32_t i = 0; i < n; i++) df_add(lx, (uint64_t)px_df_keys[i] << 32, px_df_counts[i]);
    idf_fill(lx);
    return lx;
}

void px_lexicon_free(px_lexicon *lx)
{
    if (!lx) return;
    free(lx->df);
    free(lx->dict_keys);
    free(lx->dict_start);
    free(lx->dict_count);
    free(lx);
}

/* Count every distinct key of a vector once. */
static bool count_vec(px_lexicon *lx, px_vec v)
{
    for (uint32_t i = 0; i < v.n; i++)
        if (!df_add(lx, v.t[i].key, 1)) return false;
    return true;
}

px_status px_lexicon_count(px_lexicon *lx, const px_profile *p, px_error *err)
{
    if (!lx || !p) return px_fail(err, PX_ERR_ARG, NULL, PX_NO_OFFSET, "px_lexicon_count: no lexicon or profile");
    bool ok = count_vec(lx, p->body) && count_vec(lx, p->words);
    for (uint32_t i = 0; ok && i < p->n_names; i++) ok = df_add(lx, p->names[i].key, 1);
    if (!ok) return px_fail(err, PX_ERR_NOMEM, NULL, PX_NO_OFFSET, "no memory for document frequencies");
    lx->docs++;
    return PX_OK;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

px_status px_lexicon_save_df(const px_lexicon *lx, const char *path,
                             unsigned min_df, px_error *err)
{
    if (!lx || !path) return px_fail(err, PX_ERR_ARG, NULL, PX_NO_OFFSET, "px_lexicon_save_df: no lexicon or path");
    uint64_t *keys = malloc(((size_t)lx->df_n + 1) * sizeof *keys);
    if (!keys) return px_fail(err, PX_ERR_NOMEM, NULL, PX_NO_OFFSET, "no memory");
    size_t n = 0;
    for (uint32_t i = 0; lx->df_mask && i <= lx->df_mask; i++)
        if (lx->df[i].key && lx->df[i].count >= min_df) keys[n++] = lx->df[i].key;
    qsort(keys, n, sizeof *keys, cmp_u64);
    FILE *f = fopen(path, "w");
    if (!f) {
        free(keys);
        return px_fail(err, PX_ERR_IO, path, PX_NO_OFFSET, "cannot write: %s", strerror(errno));
    }
    fprintf(f, "px-df 1 docs %u\n", lx->docs);
    for (size_t i = 0; i < n; i++)
        fprintf(f, "%08" PRIx64 " %u\n", keys[i], px_lexicon_df(lx, keys[i] << 32));
    free(keys);
    if (fclose(f) != 0) return px_fail(err, PX_ERR_IO, path, PX_NO_OFFSET, "cannot write: %s", strerror(errno));
    return PX_OK;
}

/* ------------------------------------------------------------ vectors */

/* Inverse document frequency of key: rarer terms weigh more; 1 without a
 * background corpus. */
static inline float idf_of(uint32_t n, uint32_t df)
{
    if (df > n) df = n;
    return (float)(log((n + 1.0) / (df + 1.0)) + 1.0);
}

/* Work out the idf table for the lexicon's current document count (a
 * lexicon still counting documents moves on and uses idf_of instead). */
static void idf_fill(px_lexicon *lx)
{
    lx->idf_docs = lx->docs;
    for (uint32_t df = 0; df < PX_IDF_SMALL; df++) lx->idf_small[df] = idf_of(lx->docs, df);
}

float px_lexicon_idf(const px_lexicon *lx, uint64_t key)
{
    uint32_t n = px_lexicon_docs(lx);
    if (!n) return 1.0f;
    uint32_t df = px_lexicon_df(lx, key);
    if (n == lx->idf_docs && df < PX_IDF_SMALL) return lx->idf_small[df];
    return idf_of(n, df);
}

double px_vec_cos(px_vec a, px_vec b)
{
    double s = 0;
    uint32_t i = 0, j = 0;
    while (i < a.n && j < b.n) {
        if (a.t[i].key < b.t[j].key) i++;
        else if (a.t[i].key > b.t[j].key) j++;
        else s += (double)a.t[i++].w * b.t[j++].w;
    }
    return s > 1 ? 1 : s;
}

/* ------------------------------------------------------------ names */

/* Words that end organisation names, in the languages parallax reads. */
static const char *const org_words[] = {
    "party", "ministry", "university", "inc", "corp", "ltd", "group", "bank", "news",
    "agency", "ilbo", "times", "post", "council", "committee", "union", "association",
    "company", "institute", "police", "army", "court", "club", "fc", "ag", "gmbh",
    "partei", "ministerium", "universität", "bundestag", "polizei", "gericht", "verband",
    "parliament", "commission", "foundation", "office", "department", "ministerio",
    "partido", "universidad", "parti", "ministère", "bakanlığı", "partisi", "üniversitesi",
    "federation", "league", "network", "airlines", "motors", "telecom", "press", "daily",
    "herald", "journal", "tribune", "organization", "organisation", "nations", "electronics",
    "technologies", "systems", "holdings", "motor", "airways", "reuters", "ilbo", NULL};

/* Words that come before a place. */
static const char *const place_preps[] = {
    "in", "at", "from", "near", "across", "nach", "aus", "bei", "im", "en", "desde",
    "à", "dans", "w", "we", NULL};

/* Words that come before a person's name. */
static const char *const person_titles[] = {
    "mr", "mrs", "ms", "dr", "president", "minister", "chancellor", "prime", "senator",
    "herr", "frau", "präsident", "ministerin", "kanzlerin", "bundeskanzlerin", "señor",
    "presidente", "m", "mme", "pan", "pani", "said", "says", "sagte", "dijo", NULL};

static bool in_list(const char *const *list, const char *w, size_t len)
{
    for (size_t i = 0; list[i]; i++)
        if (list[i][0] == w[0] && strlen(list[i]) == len && memcmp(list[i], w, len) == 0) return true;
    return false;
}

/* Index of the first token starting at or after byte offset pos (tokens
 * are in text order). hint is where to look first: the answer for a
 * position at or before pos (mentions come in text order), or 0. Only
 * where the answer lies is guessed; it is the same from any hint. */
static size_t token_at(const px_token *t, size_t n, uint32_t pos, size_t hint)
{
    size_t lo = 0, hi = n;
    if (hint <= n && (hint == 0 || t[hint - 1].span.start < pos)) {
        /* every token before hint starts before pos: step forward a little */
        for (size_t k = 0; k < 8 && hint < n; k++, hint++)
            if (t[hint].span.start >= pos) return hint;
        lo = hint;
    }
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (t[mid].span.start < pos) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}

/* Is c a character a name's squashed form drops? */
static bool squash_drop(unsigned char c)
{
    return c == ' ' || c == '-' || c == '.' || c == '\'' || c == '_';
}

int px_name_match(const px_pname *a, const px_pname *b, const char **how)
{
    const char *h = "";
    int r = 0;
    if (a->key == b->key) {
        r = 3;
        h = "folded";
    } else {
        /* token subset: every word of the shorter name is in the longer */
        const px_pname *s = a->ntok <= b->ntok ? a : b, *l = s == a ? b : a;
        int all = s->ntok > 0;
        for (int i = 0; all && i < s->ntok; i++) {
            int found = 0;
            for (int j = 0; j < l->ntok && !found; j++) found = s->tok[i] == l->tok[j];
            all = found;
        }
        if (all) {
            r = 2;
            h = "subset";
        } else {
            /* prefix of a compound: "donga" ~ "dongailbo" */
            const px_pname *p = a->squash_len <= b->squash_len ? a : b, *q = p == a ? b : a;
            if (p->squash_len >= 4 && p->squash_len * 2 >= q->squash_len &&
                memcmp(p->squash, q->squash, p->squash_len) == 0) {
                r = 1;
                h = "prefix";
            } else if (a->country && a->country == b->country && a->place == PX_PLACE_COUNTRY) {
                /* one country in two languages ("Deutschland" ~ "Germany"), or
                 * its people ("Korean" ~ "South Korea") */
                r = b->place == PX_PLACE_COUNTRY ? 2 : b->place == PX_PLACE_PEOPLE ? 1 : 0;
                h = r ? "same country" : "";
            } else if (a->country && a->country == b->country && a->place == PX_PLACE_PEOPLE &&
                       b->place == PX_PLACE_COUNTRY) {
                r = 1;
                h = "same country";
            }
        }
    }
    if (how) *how = h;
    return r;
}

/* Collect the distinct names and acronyms of doc into p; when lite only
 * their forms, keys and counts (no kind, no weight). */
static bool profile_names(px_profile *p, const px_doc *d, bool lite)
{
    px_arena *a = &p->arena;
    size_t nm = d->n_ments;
    uint32_t n = 0;
    for (size_t i = 0; i < nm; i++)
        if (d->ments[i].kind == PX_MENTION_NAME || d->ments[i].kind == PX_MENTION_ACRONYM) n++;
    if (!n) return true;
    px_pname *names = px_arena_alloc(a, n * sizeof *names);
    /* per name: mentions after a place preposition, after a person title */
    uint16_t *after_prep = lite ? NULL : calloc(2 * (size_t)n, sizeof *after_prep);
    uint16_t *after_title = after_prep ? after_prep + n : NULL;
    char buf[256];
    if (!names || (!lite && !after_prep)) {
        free(after_prep);
        return false;
    }
    uint32_t k = 0;
    bool ok = true;
    size_t hint = 0;   /* the token of the last mention's start */
    for (size_t i = 0; i < nm && ok; i++) {
        const px_mention *m = &d->ments[i];
        if ((m->kind != PX_MENTION_NAME && m->kind != PX_MENTION_ACRONYM) || !m->norm) continue;
        size_t len = strlen(m->norm), sl = 0;
        if (len > 255) len = 255;
        for (size_t j = 0; j < len; j++)
            if (!squash_drop((unsigned char)m->norm[j])) buf[sl++] = m->norm[j];
        if (sl == 0) continue;
        uint64_t key = px_term_hash(PX_NS_NAME, buf, sl);
        uint32_t f = 0;
        while (f < k && names[f].key != key) f++;
        if (f == k) {
            px_pname *pn = &names[k++];
            memset(pn, 0, sizeof *pn);
            pn->norm = m->norm;
            pn->squash = px_arena_strndup(a, buf, sl);
            ok = pn->squash != NULL;
            pn->squash_len = (uint32_t)sl;
            pn->key = key;
            pn->first = (int32_t)i;
            pn->acronym = m->kind == PX_MENTION_ACRONYM;
            for (size_t s = 0; s < len && pn->ntok < PX_NAME_TOKS;) {
                while (s < len && m->norm[s] == ' ') s++;
                size_t e = s;
                while (e < len && m->norm[e] != ' ') e++;
                if (e > s) pn->tok[pn->ntok++] = px_term_hash(PX_NS_NAME, m->norm + s, e - s);
                s = e;
            }
        }
        names[f].count++;
        if (lite) continue;
        /* the word before the mention */
        size_t t = hint = token_at(d->toks, d->n_toks, m->span.start, hint);
        if (t > 0 && d->toks[t - 1].kind == PX_TOK_WORD && d->toks[t - 1].norm) {
            const char *w = d->toks[t - 1].norm;
            if (in_list(place_preps, w, strlen(w))) after_prep[f]++;
            if (in_list(person_titles, w, strlen(w))) after_title[f]++;
        }
        /* "X said" */
        size_t e = token_at(d->toks, d->n_toks, m->span.end, t);
        if (e < d->n_toks && d->toks[e].kind == PX_TOK_WORD && d->toks[e].norm &&
            in_list(person_titles, d->toks[e].norm, strlen(d->toks[e].norm)))
            after_title[f]++;
    }
    for (uint32_t i = 0; !lite && i < k; i++) {
        px_pname *pn = &names[i];
        pn->w = px_lexicon_idf(p->lx, pn->key) * (1.0f + logf((float)pn->count));
        const char *last = strrchr(pn->norm, ' ');
        last = last ? last + 1 : pn->norm;
        int32_t pe = px_place_find(pn->squash, pn->squash_len, NULL);
        int pk = pe >= 0 ? px_place_kind[pe] : 0;
        if (pk == PX_PLACE_COUNTRY || pk == PX_PLACE_PEOPLE) pn->kind = PX_EV_PLACE;
        else if (pn->acronym || in_list(org_words, last, strlen(last))) pn->kind = PX_EV_ORG;
        else if (pk && !after_title[i]) pn->kind = PX_EV_PLACE;
        else if (after_prep[i] * 2 > pn->count) pn->kind = PX_EV_PLACE;
        else if (after_title[i] > 0) pn->kind = PX_EV_PERSON;
        else pn->kind = PX_EV_NAME;
        if (pk && pn->kind == PX_EV_PLACE) pn->country = px_place_cc[pe], pn->place = (uint8_t)pk;
    }
    /* a multi-word name whose last word is also used alone is a person's */
    for (uint32_t i = 0; !lite && i < k; i++) {
        if (names[i].kind != PX_EV_NAME || names[i].ntok < 2) continue;
        for (uint32_t j = 0; j < k; j++)
            if (names[j].ntok == 1 && names[j].key != names[i].key &&
                names[j].tok[0] == names[i].tok[names[i].ntok - 1]) {
                names[i].kind = names[j].kind = PX_EV_PERSON;
            }
    }
    free(after_prep);
    p->names = names;
    p->n_names = k;
    return ok;
}

/* Count one mention of country cc in p's countries. */
static bool country_add(px_profile *p, uint16_t cc, uint32_t *cap)
{
    for (uint32_t i = 0; i < p->n_countries; i++)
        if (p->countries[i].cc == cc) return p->countries[i].n++, true;
    if (p->n_countries == *cap) {
        uint32_t nc = *cap ? *cap * 2 : 8;
        px_pcountry *n = px_arena_alloc(&p->arena, nc * sizeof *n);
        if (!n) return false;
        if (p->n_countries) memcpy(n, p->countries, p->n_countries * sizeof *n);
        p->countries = n, *cap = nc;
    }
    p->countries[p->n_countries++] = (px_pcountry){cc, 1};
    return true;
}

/* The countries the document's places are in, with their mentions: the
 * names labelled places that the gazetteer knows, and single words
 * outside names that it knows - capitalised, or any word of a script
 * without case ("Deutschland" said once in German, where a one-word name
 * needs two mentions; Arabic, which gives no names). */
static bool profile_countries(px_profile *p, const px_doc *d)
{
    uint32_t cap = 0;
    for (uint32_t i = 0; i < p->n_names; i++)
        for (uint16_t c = 0; p->names[i].country && c < p->names[i].count; c++)
            if (!country_add(p, p->names[i].country, &cap)) return false;
    char buf[64];
    size_t m = 0;
    for (size_t t = 0; t < d->n_toks; t++) {
        const px_token *tk = &d->toks[t];
        while (m < d->n_ments && d->ments[m].span.end <= tk->span.start) m++;
        if (m < d->n_ments && d->ments[m].span.start <= tk->span.start &&
            (d->ments[m].kind == PX_MENTION_NAME || d->ments[m].kind == PX_MENTION_ACRONYM))
            continue; /* counted with its name */
        if (tk->kind != PX_TOK_WORD || !tk->norm || (tk->flags & PX_TOKF_STOP)) continue;
        unsigned char c0 = (unsigned char)tk->norm[0];
        if (!(tk->flags & PX_TOKF_CAP) && !(c0 >= 0xD6 && c0 <= 0xDF)) continue; /* Hebrew..Syriac, Arabic */
        size_t n = 0;
        for (const char *q = tk->norm; *q && n < sizeof buf; q++)
            if (!squash_drop((unsigned char)*q)) buf[n++] = *q;
        if (n < 3 || n == sizeof buf) continue;
        int32_t pe = px_place_find(buf, n, NULL);
        if (pe >= 0 && px_place_cc[pe] && !country_add(p, px_place_cc[pe], &cap)) return false;
    }
    return true;
}

/* ------------------------------------------------------------ numbers, dates, quotes */

static int cmp_pnum(const void *a, const void *b)
{
    uint64_t x = ((const px_pnum *)a)->key, y = ((const px_pnum *)b)->key;
    return x < y ? -1 : x > y;
}

/* Sort and deduplicate a number list (keeping the first mention). */
static uint32_t uniq_nums(px_pnum *v, uint32_t n)
{
    if (n < 2) return n;
    qsort(v, n, sizeof *v, cmp_pnum);
    uint32_t m = 0;
    for (uint32_t i = 0; i < n; i++) {
        if (m && v[m - 1].key == v[i].key) {
            if (v[i].ment < v[m - 1].ment) v[m - 1].ment = v[i].ment;
        } else {
            v[m++] = v[i];
        }
    }
    return m;
}

/* Weight of a number by its digits: 7 is common, 28500 is telling. */
static float number_weight(const char *norm)
{
    int digits = 0;
    for (const char *s = norm; *s; s++) digits += *s >= '1' && *s <= '9';
    if (digits > 6) digits = 6;
    return 0.25f + 0.15f * (float)digits;
}

/* Hash the folded words (2+ bytes) of s into a sorted unique array. */
static uint32_t quote_words(px_arena *a, const char *s, uint64_t **out)
{
    size_t len = strlen(s), cap = len / 2 + 1;
    uint64_t *w = px_arena_alloc(a, cap * sizeof *w);
    if (!w) return 0;
    uint32_t n = 0;
    for (size_t i = 0; i < len;) {
        while (i < len && !((unsigned char)s[i] >= 0x80 || isalnum((unsigned char)s[i]))) i++;
        size_t e = i;
        while (e < len && ((unsigned char)s[e] >= 0x80 || isalnum((unsigned char)s[e]))) e++;
        if (e - i >= 2 && n < cap) w[n++] = px_term_hash(PX_NS_WORD, s + i, e - i);
        i = e;
    }
    qsort(w, n, sizeof *w, cmp_u64);
    uint32_t m = 0;
    for (uint32_t i = 0; i < n; i++)
        if (!m || w[m - 1] != w[i]) w[m++] = w[i];
    *out = w;
    return m;
}

double px_quote_overlap(const px_pquote *a, const px_pquote *b)
{
    uint32_t i = 0, j = 0, c = 0;
    if (!a->n || !b->n) return 0;
    while (i < a->n && j < b->n) {
        if (a->tok[i] < b->tok[j]) i++;
        else if (a->tok[i] > b->tok[j]) j++;
        else c++, i++, j++;
    }
    return (double)c / PX_MIN(a->n, b->n);
}

/* Days since 1970-01-01 of an ISO date "YYYY-MM-DD...", INT32_MIN if none. */
static int32_t iso_days(const char *s)
{
    int y, m, d;
    if (!s || sscanf(s, "%4d-%2d-%2d", &y, &m, &d) != 3 || m < 1 || m > 12 || d < 1 || d > 31)
        return INT32_MIN;
    /* days from civil (H. Hinnant) */
    y -= m <= 2;
    int era = (y >= 0 ? y : y - 399) / 400;
    int yoe = y - era * 400;
    int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static bool profile_mentions(px_profile *p, const px_doc *d, bool lite)
{
    px_arena *a = &p->arena;
    uint32_t nn = 0, nd = 0, nq = 0;
    for (uint32_t i = 0; i < d->n_ments; i++) {
        px_mention_kind k = d->ments[i].kind;
        if (!d->ments[i].norm) continue;
        if (k == PX_MENTION_NUMBER || k == PX_MENTION_MONEY || k == PX_MENTION_PERCENT ||
            k == PX_MENTION_QUANTITY) nn++;
        else if (lite) continue;
        else if (k == PX_MENTION_DATE) nd++;
        else if (k == PX_MENTION_QUOTE) nq++;
    }
    p->nums = nn ? px_arena_alloc(a, nn * sizeof *p->nums) : NULL;
    p->dates = nd ? px_arena_alloc(a, nd * sizeof *p->dates) : NULL;
    p->quotes = nq ? px_arena_alloc(a, nq * sizeof *p->quotes) : NULL;
    if ((nn && !p->nums) || (nd && !p->dates) || (nq && !p->quotes)) return false;
    nn = nd = nq = 0;
    for (uint32_t i = 0; i < d->n_ments; i++) {
        const px_mention *m = &d->ments[i];
        if (!m->norm) continue;
        px_mention_kind k = m->kind;
        if (k == PX_MENTION_NUMBER || k == PX_MENTION_MONEY || k == PX_MENTION_PERCENT ||
            k == PX_MENTION_QUANTITY) {
            p->nums[nn++] = (px_pnum){px_term_hash(PX_NS_NUM, m->norm, strlen(m->norm)),
                                      number_weight(m->norm), (int32_t)i};
        } else if (lite) {
            continue;
        } else if (k == PX_MENTION_DATE) {
            p->dates[nd++] = (px_pnum){px_term_hash('d', m->norm, strlen(m->norm)), 1.0f, (int32_t)i};
        } else if (k == PX_MENTION_QUOTE) {
            px_pquote *q = &p->quotes[nq];
            q->ment = (int32_t)i;
            q->n = quote_words(a, m->norm, &q->tok);
            if (q->n >= 3) nq++;
        }
    }
    p->n_nums = uniq_nums(p->nums, nn);
    p->n_dates = uniq_nums(p->dates, nd);
    p->n_quotes = nq;
    return true;
}

/* ------------------------------------------------------------ sorting */

/* SORT_BY_KEY(name, type): void name(type *t, size_t n) sorting by the
 * field key: quicksort (median of three) down to runs of 16, then
 * insertion sort. Typed, so no comparator call per comparison. */
#define SORT_BY_KEY(name, type)                                                         \
    static void name(type *t, size_t n)                                                 \
    {                                                                                   \
        while (n > 16) {                                                                \
            size_t m = n / 2;                                                           \
            uint64_t a = t[0].key, b = t[m].key, c = t[n - 1].key;                      \
            uint64_t pivot = a < b ? (b < c ? b : a < c ? c : a) : (a < c ? a : b < c ? c : b); \
            size_t i = 0, j = n - 1;                                                    \
            for (;;) {                                                                  \
                while (t[i].key < pivot) i++;                                           \
                while (t[j].key > pivot) j--;                                           \
                if (i >= j) break;                                                      \
                type x = t[i];                                                          \
                t[i++] = t[j];                                                          \
                t[j--] = x;                                                             \
            }                                                                           \
            /* recurse into the smaller part, loop on the larger */                     \
            if (j + 1 < n - j - 1) {                                                    \
                name(t, j + 1);                                                         \
                t += j + 1;                                                             \
                n -= j + 1;                                                             \
            } else {                                                                    \
                name(t + j + 1, n - j - 1);                                             \
                n = j + 1;                                                              \
            }                                                                           \
        }                                                                               \
        for (size_t i = 1; i < n; i++) {                                                \
            type x = t[i];                                                              \
            size_t j = i;                                                               \
            while (j > 0 && t[j - 1].key > x.key) t[j] = t[j - 1], j--;                 \
            t[j] = x;                                                                   \
        }                                                                               \
    }

SORT_BY_KEY(sort_terms, px_term)

/* Sort (unless sorted), merge equal keys (adding weights), scale to unit
 * norm. Returns the number of terms left. */
static uint32_t finish_vec(px_term *t, size_t n, bool sort)
{
    if (sort) sort_terms(t, n);
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        if (m && t[m - 1].key == t[i].key) t[m - 1].w += t[i].w;
        else t[m++] = t[i];
    }
    double norm = 0;
    for (size_t i = 0; i < m; i++) norm += (double)t[i].w * t[i].w;
    norm = sqrt(norm);
    for (size_t i = 0; norm > 0 && i < m; i++) t[i].w = (float)(t[i].w / norm);
    return (uint32_t)m;
}

/* ------------------------------------------------------------ profile */

/* Code points kept of a word as its stem in languages without a Snowball
 * stemmer (Polish, ...): inflected forms mostly share their first letters. */
#define PX_PREFIX_STEM 6

/* Most body sentences a profile keeps for sentence matching. */
#define PX_MAX_SENTS 400

/* Does the stem vector take this token? Content words: not stopwords, not
 * punctuation or symbols, not one-letter words; numbers and ideographs. */
static bool content_token(const px_token *t)
{
    if (t->kind == PX_TOK_IDEO || t->kind == PX_TOK_NUM) return true;
    if (t->kind != PX_TOK_WORD || (t->flags & PX_TOKF_STOP)) return false;
    return t->stem && t->stem[0] && t->stem[1];
}

/* A distinct term of the document being profiled. */
typedef struct uterm {
    uint64_t key;
    float tf[3];               /* in the body (title included), title, lead */
    float idf;
    const uint32_t *tr;        /* English stem keys (top 32 bits) */
    uint32_t ntr;
} uterm;

/* Open-addressing table of distinct terms, scratch memory of one profile. */
typedef struct utable {
    uterm *e;
    uint32_t *slot;            /* slot -> entry index + 1, 0 empty */
    uint32_t n, mask;
} utable;

/* Slots of a table for max distinct terms. */
static size_t ut_slots(size_t max)
{
    size_t size = 64;
    while (size < max * 2 && size < (1u << 30)) size *= 2;
    return size;
}

/* Bytes of scratch memory a table for max distinct terms takes. */
static size_t ut_bytes(size_t max)
{
    return (max + 1) * sizeof(uterm) + ut_slots(max) * sizeof(uint32_t);
}

/* Set u up for max distinct terms in the scratch memory at *mem
 * (ut_bytes(max), 8-byte aligned), which it moves past. */
static void ut_init(utable *u, size_t max, char **mem)
{
    size_t size = ut_slots(max);
    u->e = (uterm *)*mem;
    u->slot = (uint32_t *)(*mem + (max + 1) * sizeof *u->e);
    memset(u->slot, 0, size * sizeof *u->slot);
    *mem += ut_bytes(max);
    u->n = 0;
    u->mask = (uint32_t)size - 1;
}

/* The entry of key, added (zeroed) when new. The table never fills: it
 * was sized for every distinct term the document can give. */
static uint32_t ut_get(utable *u, uint64_t key)
{
    uint32_t s = slot_of(key, u->mask);
    while (u->slot[s]) {
        uint32_t i = u->slot[s] - 1;
        if (u->e[i].key == key) return i;
        s = (s + 1) & u->mask;
    }
    uterm *e = &u->e[u->n];
    memset(e, 0, sizeof *e);
    e->key = key;
    u->slot[s] = ++u->n;
    return u->n - 1;
}

/* An entry of a table in key order. */
typedef struct kidx {
    uint64_t key;
    uint32_t i;
} kidx;

SORT_BY_KEY(sort_kidx, kidx)

/* Sort the n entries of src (unique keys) into dst; cnt has room for
 * min(2n, 2^16) + 33 counts. The keys are FNV hashes, so their top bits are spread
 * evenly: one counting pass on the top b bits (2^b >= n) leaves about one
 * key per bucket, each key at most a bucket's length from its place, and
 * an insertion sort finishes in about n steps, where the quicksort's
 * unpredictable branches cost far more. The keys are unique, so the
 * result is the one order any sort gives. Keys bunched in a few buckets
 * (not hashes) fall back to the quicksort. */
static void sort_hashed(const kidx *src, kidx *dst, size_t n, uint32_t *cnt)
{
    if (n < 32) {
        memcpy(dst, src, n * sizeof *dst);
        sort_kidx(dst, n);
        return;
    }
    int b = 5;
    while (b < 16 && ((size_t)1 << b) < n) b++;
    size_t nb = (size_t)1 << b;
    memset(cnt, 0, (nb + 1) * sizeof *cnt);
    for (size_t i = 0; i < n; i++) cnt[(src[i].key >> (64 - b)) + 1]++;
    uint32_t most = 0;
    for (size_t i = 1; i <= nb; i++) {
        if (cnt[i] > most) most = cnt[i];
        cnt[i] += cnt[i - 1];
    }
    for (size_t i = 0; i < n; i++) dst[cnt[src[i].key >> (64 - b)]++] = src[i];
    if (most > 16) {
        sort_kidx(dst, n);
        return;
    }
    for (size_t i = 1; i < n; i++) {
        kidx x = dst[i];
        size_t j = i;
        while (j > 0 && dst[j - 1].key > x.key) dst[j] = dst[j - 1], j--;
        dst[j] = x;
    }
}

/* Entries ahead whose df slot is asked for while one is looked up. */
#define PX_DF_AHEAD 16

/* Ask the memory for the df slot of key before it is read: the table is
 * larger than the caches, and misses then overlap. */
static inline void df_prefetch(const px_lexicon *lx, uint64_t key)
{
    if (!lx || !lx->df_mask) return;
    uint32_t k = (uint32_t)(key >> 32);
    __builtin_prefetch(&lx->df[slot_of(k ? k : 1, lx->df_mask)]);
}

/* The idf of every entry of u (and its translations when table). The df
 * slots are prefetched PX_DF_AHEAD entries ahead of the lookups, not all
 * up front: hundreds of lines asked for at once push the first ones out
 * of L1 before they are read. */
static void table_idf(const px_profile *p, utable *u, bool table)
{
    for (uint32_t i = 0; i < u->n && i < PX_DF_AHEAD; i++) df_prefetch(p->lx, u->e[i].key);
    for (uint32_t i = 0; i < u->n; i++) {
        if (i + PX_DF_AHEAD < u->n) df_prefetch(p->lx, u->e[i + PX_DF_AHEAD].key);
        u->e[i].idf = px_lexicon_idf(p->lx, u->e[i].key);
        if (table) u->e[i].ntr = px_lexicon_translate(p->lx, p->lang, u->e[i].key, &u->e[i].tr);
    }
}

/* Scale tmp[0..n) (sorted first when sort) into a vector in the arena. */
static bool vec_out(px_arena *a, px_term *tmp, size_t n, bool sort, px_vec *out)
{
    out->n = finish_vec(tmp, n, sort);
    out->t = out->n ? px_arena_alloc(a, out->n * sizeof *out->t) : NULL;
    if (out->n && !out->t) return false;
    if (out->n) memcpy(out->t, tmp, out->n * sizeof *out->t);
    return true;
}

/* Make vectors nat[which] and, when cross, xv[which] (which < nv: 0 body,
 * 1 title, 2 lead) of the table, the native space and the cross-lingual
 * one (translations when tr), in one pass over the entries, into the
 * arena. ord lists the entries in key order; tmp holds room for 12 terms
 * per entry when cross, nv when not. Only translations need a sort: the
 * rest comes in key order (top 32 bits too). */
static bool emit_vecs(px_arena *a, const utable *u, const kidx *ord, int nv, bool cross, bool tr,
                      px_term *tmp, px_vec *nat, px_vec *xv)
{
    size_t m = u->n;
    px_term *nt[3] = {NULL, NULL, NULL}, *xt[3] = {NULL, NULL, NULL};
    size_t nn[3] = {0, 0, 0}, nx[3] = {0, 0, 0};
    for (int which = 0; which < nv; which++) {
        nt[which] = tmp + (size_t)which * m;                 /* m terms */
        if (cross) xt[which] = tmp + (size_t)(3 + 3 * which) * m;   /* 3m terms */
    }
    for (uint32_t k = 0; k < u->n; k++) {
        const uterm *e = &u->e[ord[k].i];
        for (int which = 0; which < nv; which++) {
            float tf = e->tf[which];
            if (tf <= 0) continue;
            /* most terms occur once: 1 + log 1 is 1 */
            float w = tf == 1.0f ? e->idf : (1.0f + logf(tf)) * e->idf;
            nt[which][nn[which]++] = (px_term){e->key, w};
            if (!cross) continue;
            /* the stem itself too (names and loan words carry across), and
             * its translations sharing the weight */
            px_term *x = xt[which];
            size_t n = nx[which];
            x[n++] = (px_term){e->key & PX_KEY_HI, e->ntr ? 0.5f * w : w};
            for (uint32_t j = 0; j < e->ntr && j < 2; j++)
                x[n++] = (px_term){(uint64_t)e->tr[j] << 32, w / (float)PX_MIN(e->ntr, 2u)};
            nx[which] = n;
        }
    }
    for (int which = 0; which < nv; which++)
        if (!vec_out(a, nt[which], nn[which], false, &nat[which])) return false;
    for (int which = 0; cross && which < nv; which++)
        if (!vec_out(a, xt[which], nx[which], tr, &xv[which])) return false;
    return true;
}

/* Sentence sets of the body sentences (translations added when cross):
 * tokslot[i] is token i's entry in u, or UINT32_MAX. */
static bool sentence_sets(px_profile *p, const px_doc *d, const utable *u, const uint32_t *tokslot,
                          bool cross, px_term **terms, px_psent **sents, uint32_t *nsents)
{
    uint32_t ns = 0, ntok = 0;
    for (uint32_t i = 0; i < d->n_sents && ns < PX_MAX_SENTS; i++)
        if (d->sents[i].para != UINT32_MAX) {
            ns++;
            ntok += d->sents[i].tok_end - d->sents[i].tok_start;
        }
    *terms = NULL;
    *sents = NULL;
    *nsents = 0;
    if (!ns) return true;
    size_t per = cross ? 3 : 1; /* a word and up to 2 translations */
    px_term *t = px_arena_alloc(&p->arena, ((size_t)ntok * per + 1) * sizeof *t);
    px_psent *se = px_arena_alloc(&p->arena, ns * sizeof *se);
    if (!t || !se) return false;
    uint32_t k = 0, m = 0;
    for (uint32_t i = 0; i < d->n_sents && m < ns; i++) {
        const px_sentence *sn = &d->sents[i];
        if (sn->para == UINT32_MAX) continue;
        uint32_t k0 = k;
        float norm = 0;
        for (uint32_t j = sn->tok_start; j < sn->tok_end && j < d->n_toks; j++) {
            if (tokslot[j] == UINT32_MAX) continue;
            const uterm *e = &u->e[tokslot[j]];
            t[k++] = (px_term){e->key, e->idf};
            norm += e->idf;
            for (uint32_t q = 0; cross && q < e->ntr && q < 2; q++)
                t[k++] = (px_term){(uint64_t)e->tr[q] << 32, e->idf};
        }
        sort_terms(t + k0, k - k0);
        uint32_t w = k0;
        uint64_t sig = 0;
        for (uint32_t j = k0; j < k; j++)
            if (w == k0 || t[w - 1].key != t[j].key) {
                t[w++] = t[j];
                sig |= 1ULL << (t[j].key >> 58);
            }
        k = w;
        se[m++] = (px_psent){k0, k - k0, norm, i, sig};
    }
    *terms = t;
    *sents = se;
    *nsents = m;
    return true;
}

SORT_BY_KEY(sort_posts, px_spost)

/* Sort postings by key as sort_hashed sorts table entries: the keys are
 * the top bits of hashes, so one stable counting pass on their top b bits
 * and an insertion sort put them in order in about 2n steps; keys bunched
 * in a few buckets fall back to the quicksort. Postings of one key keep
 * the order they came in (sentence order). */
#define PX_POST_BITS 12
static void sort_posts_hashed(px_spost *v, size_t n)
{
    if (n < 64) {
        sort_posts(v, n);
        return;
    }
    int b = 5;
    while (b < PX_POST_BITS && ((size_t)1 << b) < n) b++;
    size_t nb = (size_t)1 << b;
    uint32_t cnt[(1u << PX_POST_BITS) + 1];
    px_spost *tmp = malloc(n * sizeof *tmp);
    if (!tmp) {
        sort_posts(v, n);
        return;
    }
    memcpy(tmp, v, n * sizeof *tmp);
    memset(cnt, 0, (nb + 1) * sizeof *cnt);
    for (size_t i = 0; i < n; i++) cnt[(tmp[i].key >> (32 - b)) + 1]++;
    uint32_t most = 0;
    for (size_t i = 1; i <= nb; i++) {
        if (cnt[i] > most) most = cnt[i];
        cnt[i] += cnt[i - 1];
    }
    for (size_t i = 0; i < n; i++) v[cnt[tmp[i].key >> (32 - b)]++] = tmp[i];
    free(tmp);
    if (most > 32) {
        sort_posts(v, n);
        return;
    }
    for (size_t i = 1; i < n; i++) {
        px_spost x = v[i];
        size_t j = i;
        while (j > 0 && v[j - 1].key > x.key) v[j] = v[j - 1], j--;
        v[j] = x;
    }
}

/* The postings of the first PX_POST_SENTS sentence sets, sorted by key. */
static bool sentence_postings(px_profile *p, const px_term *terms, const px_psent *sents,
                              uint32_t nsents, px_spost **out, uint32_t *nout)
{
    uint32_t ns = PX_MIN(nsents, PX_POST_SENTS), n = 0;
    for (uint32_t i = 0; i < ns; i++) n += sents[i].n;
    *out = NULL;
    *nout = 0;
    if (!n) return true;
    px_spost *v = px_arena_alloc(&p->arena, n * sizeof *v);
    if (!v) return false;
    uint32_t k = 0;
    for (uint32_t i = 0; i < ns; i++)
        for (uint32_t j = 0; j < sents[i].n; j++) {
            const px_term *t = &terms[sents[i].start + j];
            v[k++] = (px_spost){(uint32_t)(t->key >> 32), (uint16_t)i, t->w};
        }
    sort_posts_hashed(v, n);
    *out = v;
    *nout = n;
    return true;
}

/* Number of bytes of the first max code points of s[0..len). */
static size_t utf8_prefix(const char *s, size_t len, int max)
{
    size_t i = 0;
    for (int c = 0; i < len && c < max; c++) {
        i++;
        while (i < len && ((unsigned char)s[i] & 0xC0) == 0x80) i++;
    }
    return i;
}

/* Number of code points in s[0..len) (UTF-8). */
static size_t utf8_chars(const char *s, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++) n += ((unsigned char)s[i] & 0xC0) != 0x80;
    return n;
}

/* What profile_terms worked out for one token string: its entry in a
 * term table, and aux (words: is it long; stems: was it cut to a prefix). */
typedef struct smemo {
    const char *s;
    uint32_t e, aux;
} smemo;

/* Round n up to a multiple of 8 (scratch arrays carved from one block). */
#define PX_ALIGN8(n) (((n) + 7) & ~(size_t)7)

/* Vectors (stems: body, title, lead, native and cross-lingual; words) and
 * sentence sets of the document's tokens; when lite only the body and
 * title stem vectors (no word table, counts nor punctuation either). */
static bool profile_terms(px_profile *p, const px_doc *d, bool lite, uint32_t *nwords,
                          uint32_t *title_words, uint32_t *long_words, uint32_t *punct)
{
    utable st = {0}, wt = {0};
    /* The analyser gives all tokens of one form the same norm and stem
     * pointers and numbers the forms (d->tok_form), so most tokens repeat
     * a string already seen. Memos, one slot per form, from a string's
     * address to its table entry spare the repeats the strlen, the
     * byte-at-a-time FNV hash and the table probe. A memo is only a cache:
     * a miss (or another string in the slot) does the full work, and the
     * same address always holds the same bytes, so the entries found are
     * the same. */
    bool byform = d->tok_form != NULL;
    for (uint32_t i = 0; byform && i < d->n_toks; i++) byform = d->tok_form[i] < d->n_forms;
    size_t nforms = byform ? d->n_forms : 1;
    /* distinct terms: a word per form, a stem per form (two when a form
     * comes as a word and as another kind: cut to a prefix or not) */
    size_t nwt = byform ? PX_MIN((size_t)d->n_toks, nforms) : d->n_toks;
    size_t nst = byform ? PX_MIN((size_t)d->n_toks, 2 * nforms) : d->n_toks;
    /* one block of scratch memory for the tables, memos and token slots */
    size_t nmemo = lite ? nforms : 2 * nforms;   /* stems (and words) */
    size_t memo_bytes = PX_ALIGN8(nmemo * sizeof(smemo));
    size_t slot_bytes = PX_ALIGN8(((size_t)d->n_toks + 1) * sizeof(uint32_t));
    char *scratch = malloc(ut_bytes(nst) + (lite ? 0 : ut_bytes(nwt)) + memo_bytes + slot_bytes);
    bool ok = scratch != NULL;
    smemo *wmemo = NULL, *smem = NULL;
    uint32_t *tokslot = NULL;
    if (ok) {
        char *mem = scratch;
        smem = (smemo *)mem;
        wmemo = lite ? NULL : smem + nforms;
        for (size_t i = 0; i < nmemo; i++) smem[i].s = NULL;
        mem += memo_bytes;
        tokslot = (uint32_t *)mem;
        mem += slot_bytes;
        ut_init(&st, nst, &mem);
        if (!lite) ut_init(&wt, nwt, &mem);
    }
    /* the lead: the first three sentences of the body */
    uint32_t lead_end = 0, seen = 0;
    for (uint32_t i = 0; i < d->n_sents && seen < 3; i++)
        if (d->sents[i].para != UINT32_MAX) seen++, lead_end = i + 1;
    for (uint32_t i = 0; ok && i < d->n_toks; i++) {
        const px_token *t = &d->toks[i];
        uint32_t form = byform ? d->tok_form[i] : 0;
        tokslot[i] = UINT32_MAX;
        bool in_title = (t->flags & PX_TOKF_TITLE) ||
                        (t->sent < d->n_sents && d->sents[t->sent].para == UINT32_MAX);
        if (lite) {
            /* no words vector nor style counts */
        } else if (t->kind == PX_TOK_PUNCT && t->span.end > t->span.start &&
                   (d->text[t->span.start] == '!' || d->text[t->span.start] == '?')) {
            (*punct)++;
        } else if ((t->kind == PX_TOK_WORD || t->kind == PX_TOK_IDEO) && t->norm) {
            smemo *m = &wmemo[form];
            if (m->s != t->norm) {
                size_t nl = strlen(t->norm);
                m->s = t->norm;
                m->aux = nl >= 8 && utf8_chars(t->norm, nl) >= 8;
                m->e = ut_get(&wt, px_term_hash(PX_NS_WORD, t->norm, nl));
            }
            (*nwords)++;
            *title_words += in_title;
            *long_words += m->aux;
            wt.e[m->e].tf[0] += 1;
        }
        if (!content_token(t)) continue;
        const char *s = t->stem ? t->stem : t->norm;
        if (!s) continue;
        /* no stemmer for the language: the word's first letters */
        uint32_t cut = s == t->norm && t->kind == PX_TOK_WORD;
        smemo *m = &smem[form];
        if (m->s != s || m->aux != cut) {
            size_t sl = strlen(s);
            if (cut) sl = utf8_prefix(s, sl, PX_PREFIX_STEM);
            m->s = s;
            m->aux = cut;
            m->e = ut_get(&st, px_term_hash(PX_NS_STEM, s, sl));
        }
        uint32_t e = m->e;
        tokslot[i] = e;
        st.e[e].tf[0] += 1;
        if (in_title) st.e[e].tf[1] += 1;
        else if (t->sent < lead_end) st.e[e].tf[2] += 1;
    }
    bool table = ok && !lite && p->lx && p->lx->dict_mask && strcmp(p->lang, p->lx->dict_lang) == 0;
    if (ok) {
        table_idf(p, &st, table);
        if (!lite) table_idf(p, &wt, false);
    }
    px_arena *a = &p->arena;
    /* ord: the entries in key order; unord (after it): in table order;
     * cnt: sort_hashed's counts */
    size_t maxn = (size_t)PX_MAX(st.n, wt.n) + 1;
    /* emit_vecs' room: 12 terms per stem (2 when lite), 1 per word; then
     * ord and unord, then sort_hashed's counts, in one block */
    size_t ntmp = (size_t)PX_MAX((lite ? 2 : 12) * (size_t)st.n, wt.n) + 1;
    size_t ncnt = PX_MIN(2 * maxn, (size_t)1 << 16) + 33;
    char *sorts = ok ? malloc(ntmp * sizeof(px_term) + 2 * maxn * sizeof(kidx) + ncnt * sizeof(uint32_t))
                     : NULL;
    px_term *tmp = (px_term *)sorts;
    kidx *ord = sorts ? (kidx *)(sorts + ntmp * sizeof *tmp) : NULL, *unord = ord ? ord + maxn : NULL;
    uint32_t *cnt = ord ? (uint32_t *)(unord + maxn) : NULL;
    ok = sorts != NULL;
    if (ok) {
        for (uint32_t i = 0; i < st.n; i++) unord[i] = (kidx){st.e[i].key, i};
        sort_hashed(unord, ord, st.n, cnt);
    }
    px_vec nat[3], xv[3];
    px_vec none = {0};
    ok = ok && emit_vecs(a, &st, ord, lite ? 2 : 3, !lite, table, tmp, nat, xv);
    if (ok) {
        p->body = nat[0], p->title = nat[1], p->lead = lite ? none : nat[2];
        if (!lite) p->cross = xv[0], p->xtitle = xv[1], p->xlead = xv[2];
    }
    /* words: the body's only */
    if (ok && !lite) {
        for (uint32_t i = 0; i < wt.n; i++) unord[i] = (kidx){wt.e[i].key, i};
        sort_hashed(unord, ord, wt.n, cnt);
        ok = emit_vecs(a, &wt, ord, 1, false, false, tmp, &p->words, NULL);
    }
    ok = ok && (lite ||
                sentence_sets(p, d, &st, tokslot, false, &p->sterms, &p->sents, &p->n_sents));
    ok = ok && (lite ||
                sentence_postings(p, p->sterms, p->sents, p->n_sents, &p->post, &p->n_post));
    if (ok && table) {
        uint32_t n;
        ok = sentence_sets(p, d, &st, tokslot, true, &p->xterms, &p->xsents, &n) &&
             sentence_postings(p, p->xterms, p->xsents, n, &p->xpost, &p->n_xpost);
    } else {
        p->xterms = p->sterms;
        p->xsents = p->sents;
        p->xpost = p->post;
        p->n_xpost = p->n_post;
    }
    free(sorts);
    free(scratch);
    return ok;
}

/* Style: sentence and paragraph lengths, quoting, numbers, names. */
static void profile_style(px_profile *p, const px_doc *d, uint32_t words, uint32_t title_words,
                          uint32_t long_words, uint32_t punct)
{
    double w = words ? words : 1;
    uint32_t body_sents = 0;
    for (uint32_t i = 0; i < d->n_sents; i++) body_sents += d->sents[i].para != UINT32_MAX;
    uint32_t quoted = 0, nums = 0, names = 0;
    size_t hint = 0;   /* the token of the last quote's start */
    for (uint32_t i = 0; i < d->n_ments; i++) {
        const px_mention *m = &d->ments[i];
        if (m->kind == PX_MENTION_QUOTE) {
            size_t t0 = hint = token_at(d->toks, d->n_toks, m->span.start, hint);
            size_t t1 = token_at(d->toks, d->n_toks, m->span.end, t0);
            quoted += (uint32_t)(t1 - t0);
        } else if (m->kind == PX_MENTION_NAME || m->kind == PX_MENTION_ACRONYM) {
            names++;
        } else if (m->kind != PX_MENTION_DATE) {
            nums++;
        }
    }
    p->style[PX_ST_WORDS] = log1p(words);
    p->style[PX_ST_SENTLEN] = body_sents ? (words - title_words) / (double)body_sents : 0;
    p->style[PX_ST_QUOTES] = PX_MIN(quoted / w, 1.0);
    p->style[PX_ST_NUMBERS] = 100.0 * nums / w;
    p->style[PX_ST_NAMES] = 100.0 * names / w;
    p->style[PX_ST_PARALEN] = d->n_paras ? (words - title_words) / (double)d->n_paras : 0;
    p->style[PX_ST_TITLELEN] = title_words;
    p->style[PX_ST_LONGWORDS] = long_words / w;
    p->style[PX_ST_PUNCT] = 100.0 * punct / w;
}

px_profile *px_profile_new(const px_doc *d, const px_lexicon *lx, px_error *err)
{
    return px_profile_make(d, lx, false, err);
}

px_profile *px_profile_make(const px_doc *d, const px_lexicon *lx, bool lite, px_error *err)
{
    if (!d) {
        px_fail(err, PX_ERR_ARG, NULL, PX_NO_OFFSET, "px_profile_new: no document");
        return NULL;
    }
    px_profile *p = calloc(1, sizeof *p);
    if (!p) goto nomem;
    px_arena_init(&p->arena);
    p->doc = d;
    p->lx = lx;
    p->lang = d->lang ? d->lang : "und";
    p->pubday = lite ? INT32_MIN : iso_days(d->date);
    uint32_t nwords = 0, title_words = 0, long_words = 0, punct = 0;
    if (!profile_terms(p, d, lite, &nwords, &title_words, &long_words, &punct) ||
        !profile_names(p, d, lite) || !profile_mentions(p, d, lite))
        goto nomem;
    if (!lite) {
        profile_style(p, d, nwords, title_words, long_words, punct);
        if (!profile_countries(p, d)) goto nomem;
    }
    return p;
nomem:
    px_profile_free(p);
    px_fail(err, PX_ERR_NOMEM, NULL, PX_NO_OFFSET, "no memory for a document profile");
    return NULL;
}

void px_profile_free(px_profile *p)
{
    if (!p) return;
    px_arena_free(&p->arena);
    free(p);
}

const px_doc *px_profile_doc(const px_profile *p) { return p->doc; }
