/*
 * fingerprint.c - copies: exact duplicates, near-duplicates and articles
 * contained in longer ones, found without comparing every pair.
 *
 * Method
 *  - Shingles: PX_FP_SHINGLE (5) consecutive word-like tokens (words,
 *    numbers, ideograph runs; punctuation and symbols skipped, stopwords
 *    kept) of the body, by token norm. A token's norm is hashed with XXH3,
 *    a shingle is the XXH3 of its token hashes. An article with fewer words
 *    than a shingle gets one shingle of all its words. Title tokens are left
 *    out (a rewrite keeps the wire text under a new headline) unless the
 *    body has no words.
 *  - MinHash: PX_FP_HASHES (128) values, min over the distinct shingle
 *    hashes x of hi32(a_j * x + b_j) (multiply-shift; a_j, b_j from
 *    splitmix64, fixed). 512 bytes; kept in the fingerprint, not the index.
 *  - Exact copies: XXH3 of the folded body text without whitespace.
 *  - Index (px_dupindex): three arrays of (32-bit key, position) entries,
 *    sorted when candidates are asked for:
 *      bands  LSH over the signature, bands x rows (32 x 4: a pair is a
 *             candidate with probability 1-(1-J^4)^32: 0.87 at J = 0.5,
 *             0.99 at J = 0.6);
 *      sample the shingles whose hash is 0 mod sample_mod (16): a
 *             mod-sample is a fixed fraction of each set, so the sample of
 *             a short article inside a long one is in the long one's sample
 *             whatever their lengths (LSH on Jaccard would miss it: J is
 *             low). A pair sharing >= 2 sampled shingles (>= 1 when either
 *             has fewer than 4 samples) is a candidate. Keys held by more
 *             than 64 articles (boilerplate) are dropped;
 *      exact  the exact-text hash.
 *    Memory: 8 bytes per entry: 32 * 8 + 8 + 8 * shingles/16 bytes, plus
 *    4 for the sample count (measured on SemEval train: 501 bytes an
 *    article, array slack included; bar 2 KB).
 *  - Verification: the sorted distinct shingle hashes of both articles are
 *    merged: Jaccard, containment (shared / the shorter set), shares. Shared
 *    spans: runs of consecutive shingles of A found consecutively in B,
 *    mapped to byte ranges of each text.
 *  Measured (scripts/bench_dups.sh, SemEval-2022 train, Release, 1 core):
 *  recall against exhaustive verification 66/66 pairs on 1,000 articles;
 *  300 short articles embedded between two long ones: 287/287 of what
 *  all-pairs finds (LSH bands alone: 5/300); fingerprint + index about
 *  17,000 articles/s.
 * Guarantees: no global mutable state; fingerprints and a built index are
 * immutable while read (px_dupindex_candidates sorts the index: not
 * concurrently with itself); any document, even an empty one, is handled.
 */
#include "internal.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <xxhash.h>

#define SAMPLE_MAX_RUN 64     /* sample keys held by more articles are dropped */
#define BAND_MAX_RUN 256      /* longer band/exact runs give star pairs only */

struct px_fingerprint {
    uint64_t exact;           /* folded body hash, 0 for no text */
    uint32_t n;               /* shingles in text order */
    uint32_t nuniq;           /* distinct shingles */
    uint64_t *hash;           /* [n] shingle hashes in text order */
    px_span *span;            /* [n] byte range of each shingle */
    uint64_t *uniq;           /* [nuniq] sorted distinct hashes */
    uint32_t *uniq_pos;       /* [nuniq] first position of each */
    uint32_t sig[PX_FP_HASHES];
};

typedef struct key_entry {
    uint32_t key, pos;
} key_entry;

typedef struct key_list {
    key_entry *e;
    size_t n, cap;
    int sorted;
} key_list;

struct px_dupindex {
    px_dup_opts o;
    key_list bands, samples, exact;
    uint32_t *nsamples;       /* samples per fingerprint */
    size_t n, cap;
};

/* splitmix64 step: the fixed stream the MinHash permutations come from. */
static uint64_t splitmix64(uint64_t *s)
{
    uint64_t z = (*s += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

/* Monotonic clock in seconds. */
static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

void px_dup_opts_default(px_dup_opts *o)
{
    memset(o, 0, sizeof *o);
    o->jaccard = 0.5;
    o->containment = 0.8;
    o->bands = 32;
    o->rows = 4;
    o->sample_mod = 16;
}

const char *px_dup_kind_str(px_dup_kind k)
{
    switch (k) {
    case PX_DUP_EXACT: return "exact";
    case PX_DUP_NEAR: return "near-duplicate";
    case PX_DUP_CONTAINED: return "contained";
    default: return "none";
    }
}

/* Is token t a word-like token shingles are made of? */
static int is_wordlike(const px_token *t)
{
    return t->kind == PX_TOK_WORD || t->kind == PX_TOK_NUM || t->kind == PX_TOK_IDEO;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* Hash of the folded body: every non-space byte of the matching form whose
 * text offset is outside the title span. 0 when there is none. */
static uint64_t exact_hash(const px_doc *doc)
{
    size_t len;
    const char *fold = px_doc_fold(doc, &len);
    const uint32_t *map = px_doc_fold_map(doc);
    px_span ts = px_doc_title_span(doc);
    if (!fold || !map || len == 0) return 0;
    char *buf = malloc(len);
    if (!buf) return 0;
    size_t m = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)fold[i];
        if (c == ' ' || c == '\n' || c == '\t' || c == '\r') continue;
        if (ts.end > ts.start && map[i] >= ts.start && map[i] < ts.end) continue;
        buf[m++] = (char)c;
    }
    uint64_t h = m ? XXH3_64bits(buf, m) : 0;
    free(buf);
    return h ? h : (m ? 1 : 0);
}

px_fingerprint *px_fingerprint_new(const px_doc *doc, px_error *err)
{
    if (!doc) {
        px_fail(err, PX_ERR_ARG, "", PX_NO_OFFSET, "no document to fingerprint");
        return NULL;
    }
    size_t nt;
    const px_token *tok = px_doc_tokens(doc, &nt);
    if (!tok) nt = 0;
    /* the word-like tokens: body ones, or all of them when the body has none */
    size_t nbody = 0, nall = 0;
    for (size_t i = 0; i < nt; i++)
        if (is_wordlike(&tok[i])) {
            nall++;
            if (!(tok[i].flags & PX_TOKF_TITLE)) nbody++;
        }
    int use_title = nbody == 0;
    size_t nw = use_title ? nall : nbody;
    size_t n = nw == 0 ? 0 : nw < PX_FP_SHINGLE ? 1 : nw - PX_FP_SHINGLE + 1;
    if (nw > UINT32_MAX / 2) n = 0; /* absurd; keep arithmetic safe */

    px_fingerprint *fp = calloc(1, sizeof *fp);
    uint64_t *wh = malloc((nw ? nw : 1) * sizeof *wh);       /* word hashes */
    px_span *wspan = malloc((nw ? nw : 1) * sizeof *wspan);  /* word spans */
    if (fp && n) {
        fp->hash = malloc(n * sizeof *fp->hash);
        fp->span = malloc(n * sizeof *fp->span);
        fp->uniq = malloc(n * sizeof *fp->uniq);
        fp->uniq_pos = malloc(n * sizeof *fp->uniq_pos);
    }
    if (!fp || !wh || !wspan || (n && (!fp->hash || !fp->span || !fp->uniq || !fp->uniq_pos))) {
        free(wh);
        free(wspan);
        px_fingerprint_free(fp);
        px_fail(err, PX_ERR_NOMEM, "", PX_NO_OFFSET, "no memory for a fingerprint");
        return NULL;
    }
    size_t w = 0;
    for (size_t i = 0; i < nt && w < nw; i++) {
        if (!is_wordlike(&tok[i]) || (!use_title && (tok[i].flags & PX_TOKF_TITLE))) continue;
        const char *s = tok[i].norm ? tok[i].norm : "";
        wh[w] = XXH3_64bits(s, strlen(s));
        wspan[w] = tok[i].span;
        w++;
    }
    nw = w;
    if (nw == 0) n = 0;
    else if (n > 1 && n > nw - PX_FP_SHINGLE + 1) n = nw - PX_FP_SHINGLE + 1;
    for (size_t i = 0; i < n; i++) {
        size_t k = nw < PX_FP_SHINGLE ? nw : PX_FP_SHINGLE;
        fp->hash[i] = XXH3_64bits(wh + i, k * sizeof *wh);
        fp->span[i].start = wspan[i].start;
        fp->span[i].end = wspan[i + k - 1].end;
    }
    free(wh);
    free(wspan);
    fp->n = (uint32_t)n;

    /* distinct hashes, sorted, each with its first position: sort
     * (hash, position) packed as two arrays via an index sort on copies */
    if (n) {
        memcpy(fp->uniq, fp->hash, n * sizeof *fp->uniq);
        qsort(fp->uniq, n, sizeof *fp->uniq, cmp_u64);
        size_t u = 0;
        for (size_t i = 0; i < n; i++)
            if (u == 0 || fp->uniq[u - 1] != fp->uniq[i]) fp->uniq[u++] = fp->uniq[i];
        fp->nuniq = (uint32_t)u;
        for (size_t i = 0; i < u; i++) fp->uniq_pos[i] = UINT32_MAX;
        for (size_t i = 0; i < n; i++) {
            /* binary search; first position wins (text order) */
            size_t lo = 0, hi = u;
            while (lo < hi) {
                size_t mid = (lo + hi) / 2;
                if (fp->uniq[mid] < fp->hash[i]) lo = mid + 1;
                else hi = mid;
            }
            if (fp->uniq_pos[lo] == UINT32_MAX) fp->uniq_pos[lo] = (uint32_t)i;
        }
    }

    /* MinHash signature */
    uint64_t a[PX_FP_HASHES], b[PX_FP_HASHES], seed = 0x70617261ULL; /* "para" */
    for (int j = 0; j < PX_FP_HASHES; j++) {
        a[j] = splitmix64(&seed) | 1;
        b[j] = splitmix64(&seed);
        fp->sig[j] = UINT32_MAX;
    }
    for (size_t i = 0; i < fp->nuniq; i++) {
        uint64_t x = fp->uniq[i];
        for (int j = 0; j < PX_FP_HASHES; j++) {
            uint32_t v = (uint32_t)((a[j] * x + b[j]) >> 32);
            if (v < fp->sig[j]) fp->sig[j] = v;
        }
    }
    fp->exact = exact_hash(doc);
    return fp;
}

void px_fingerprint_free(px_fingerprint *fp)
{
    if (!fp) return;
    free(fp->hash);
    free(fp->span);
    free(fp->uniq);
    free(fp->uniq_pos);
    free(fp);
}

size_t px_fingerprint_shingles(const px_fingerprint *fp) { return fp ? fp->nuniq : 0; }
uint64_t px_fingerprint_exact(const px_fingerprint *fp) { return fp ? fp->exact : 0; }
const uint32_t *px_fingerprint_signature(const px_fingerprint *fp) { return fp ? fp->sig : NULL; }

size_t px_fingerprint_memory(const px_fingerprint *fp)
{
    if (!fp) return 0;
    return sizeof *fp + (size_t)fp->n * (sizeof *fp->hash + sizeof *fp->span + sizeof *fp->uniq +
                                         sizeof *fp->uniq_pos);
}

/* Position of hash h in fp's sorted distinct hashes, or -1. */
static long find_uniq(const px_fingerprint *fp, uint64_t h)
{
    size_t lo = 0, hi = fp->nuniq;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (fp->uniq[mid] < h) lo = mid + 1;
        else hi = mid;
    }
    return lo < fp->nuniq && fp->uniq[lo] == h ? (long)lo : -1;
}

/* Shared runs: walk A's shingles in text order; at a shingle B holds, take
 * B's first position of it and extend while the next shingles agree. Runs
 * that overlap the previous one in both texts are merged into it. */
static px_status shared_spans(const px_fingerprint *a, const px_fingerprint *b, px_dup *out)
{
    size_t cap = 0;
    uint32_t i = 0;
    while (i < a->n) {
        long u = find_uniq(b, a->hash[i]);
        if (u < 0) {
            i++;
            continue;
        }
        uint32_t j = b->uniq_pos[u], len = 1;
        while (i + len < a->n && j + len < b->n && a->hash[i + len] == b->hash[j + len]) len++;
        px_span sa = {a->span[i].start, a->span[i + len - 1].end};
        px_span sb = {b->span[j].start, b->span[j + len - 1].end};
        px_dup_span *prev = out->n_spans ? &out->spans[out->n_spans - 1] : NULL;
        if (prev && sa.start <= prev->a.end && sb.start <= prev->b.end && sb.start >= prev->b.start) {
            if (sa.end > prev->a.end) prev->a.end = sa.end;
            if (sb.end > prev->b.end) prev->b.end = sb.end;
            prev->shingles += len;
        } else {
            if (!px_grow((void **)&out->spans, &cap, out->n_spans + 1, sizeof *out->spans))
                return PX_ERR_NOMEM;
            out->spans[out->n_spans++] = (px_dup_span){sa, sb, len};
        }
        i += len;
    }
    return PX_OK;
}

px_status px_fingerprint_compare(const px_fingerprint *a, const px_fingerprint *b,
                                 const px_dup_opts *opts, px_dup *out, px_error *err)
{
    if (!out) return px_fail(err, PX_ERR_ARG, "", PX_NO_OFFSET, "no result to fill");
    memset(out, 0, sizeof *out);
    out->b = 1;
    if (!a || !b) return px_fail(err, PX_ERR_ARG, "", PX_NO_OFFSET, "no fingerprint to compare");
    px_dup_opts def;
    if (!opts) px_dup_opts_default(&def), opts = &def;
    size_t i = 0, j = 0, inter = 0;
    while (i < a->nuniq && j < b->nuniq) {
        if (a->uniq[i] < b->uniq[j]) i++;
        else if (a->uniq[i] > b->uniq[j]) j++;
        else inter++, i++, j++;
    }
    out->shared = (uint32_t)inter;
    size_t na = a->nuniq, nb = b->nuniq;
    int exact = a->exact != 0 && a->exact == b->exact;
    if (exact) {
        out->kind = PX_DUP_EXACT;
        out->jaccard = out->containment = out->share_a = out->share_b = 1.0;
    } else if (inter) {
        out->jaccard = (double)inter / (double)(na + nb - inter);
        out->containment = (double)inter / (double)PX_MIN(na, nb);
        out->share_a = (double)inter / (double)na;
        out->share_b = (double)inter / (double)nb;
        if (out->jaccard >= opts->jaccard) out->kind = PX_DUP_NEAR;
        else if (out->containment >= opts->containment) out->kind = PX_DUP_CONTAINED;
    }
    if (inter && shared_spans(a, b, out) != PX_OK) {
        px_dup_clear(out);
        return px_fail(err, PX_ERR_NOMEM, "", PX_NO_OFFSET, "no memory for shared spans");
    }
    return PX_OK;
}

void px_dup_clear(px_dup *d)
{
    if (!d) return;
    free(d->spans);
    d->spans = NULL;
    d->n_spans = 0;
}

/* ------------------------------------------------------------ the index */

/* Append (key, pos) to l. */
static bool key_push(key_list *l, uint32_t key, uint32_t pos)
{
    if (!px_grow((void **)&l->e, &l->cap, l->n + 1, sizeof *l->e)) return false;
    l->e[l->n++] = (key_entry){key, pos};
    l->sorted = 0;
    return true;
}

static int cmp_entry(const void *a, const void *b)
{
    const key_entry *x = a, *y = b;
    if (x->key != y->key) return x->key < y->key ? -1 : 1;
    return x->pos < y->pos ? -1 : x->pos > y->pos;
}

static void key_sort(key_list *l)
{
    if (!l->sorted && l->n > 1) qsort(l->e, l->n, sizeof *l->e, cmp_entry);
    l->sorted = 1;
}

px_dupindex *px_dupindex_new(const px_dup_opts *opts, px_error *err)
{
    px_dup_opts o;
    if (opts) o = *opts;
    else px_dup_opts_default(&o);
    if (o.bands == 0 || o.rows == 0 || o.bands > PX_FP_HASHES || o.rows > PX_FP_HASHES ||
        o.bands * o.rows > PX_FP_HASHES || o.sample_mod == 0) {
        px_fail(err, PX_ERR_ARG, "", PX_NO_OFFSET,
                "bad index options: bands x rows must be 1..%d, sample_mod >= 1", PX_FP_HASHES);
        return NULL;
    }
    px_dupindex *x = calloc(1, sizeof *x);
    if (!x) {
        px_fail(err, PX_ERR_NOMEM, "", PX_NO_OFFSET, "no memory for the index");
        return NULL;
    }
    x->o = o;
    return x;
}

void px_dupindex_free(px_dupindex *x)
{
    if (!x) return;
    free(x->bands.e);
    free(x->samples.e);
    free(x->exact.e);
    free(x->nsamples);
    free(x);
}

px_status px_dupindex_add(px_dupindex *x, const px_fingerprint *fp, px_error *err)
{
    if (!x || !fp) return px_fail(err, PX_ERR_ARG, "", PX_NO_OFFSET, "no index or fingerprint");
    if (x->n >= UINT32_MAX - 1) return px_fail(err, PX_ERR_TOOBIG, "", PX_NO_OFFSET, "index full");
    if (!px_grow((void **)&x->nsamples, &x->cap, x->n + 1, sizeof *x->nsamples))
        return px_fail(err, PX_ERR_NOMEM, "", PX_NO_OFFSET, "no memory for the index");
    uint32_t pos = (uint32_t)x->n;
    /* remember the list lengths to roll back on failure */
    size_t nb = x->bands.n, ns = x->samples.n, ne = x->exact.n;
    bool ok = true;
    uint32_t samples = 0;
    if (fp->nuniq) {
        for (unsigned band = 0; band < x->o.bands && ok; band++) {
            uint32_t key = (uint32_t)XXH3_64bits_withSeed(fp->sig + band * x->o.rows,
                                                          x->o.rows * sizeof(uint32_t), band + 1);
            ok = key_push(&x->bands, key, pos);
        }
        for (uint32_t i = 0; i < fp->nuniq && ok; i++)
            if ((fp->uniq[i] >> 32) % x->o.sample_mod == 0) {
                ok = key_push(&x->samples, (uint32_t)fp->uniq[i], pos);
                samples++;
            }
    }
    if (ok && fp->exact) ok = key_push(&x->exact, (uint32_t)(fp->exact ^ (fp->exact >> 32)), pos);
    if (!ok) {
        x->bands.n = nb, x->samples.n = ns, x->exact.n = ne;
        return px_fail(err, PX_ERR_NOMEM, "", PX_NO_OFFSET, "no memory for the index");
    }
    x->nsamples[x->n++] = samples;
    return PX_OK;
}

size_t px_dupindex_size(const px_dupindex *x) { return x ? x->n : 0; }

size_t px_dupindex_memory(const px_dupindex *x)
{
    if (!x) return 0;
    return sizeof *x + (x->bands.cap + x->samples.cap + x->exact.cap) * sizeof(key_entry) +
           x->cap * sizeof *x->nsamples;
}

typedef struct pair_list {
    uint64_t *p;
    size_t n, cap;
} pair_list;

static bool pair_push(pair_list *l, uint32_t a, uint32_t b)
{
    if (a == b) return true;
    if (a > b) { uint32_t t = a; a = b; b = t; }
    if (!px_grow((void **)&l->p, &l->cap, l->n + 1, sizeof *l->p)) return false;
    l->p[l->n++] = (uint64_t)a << 32 | b;
    return true;
}

/* Pairs within each run of equal keys of l: all of them for runs up to
 * max_run entries, else (first, other) only, or nothing when skip_long. */
static bool run_pairs(key_list *l, pair_list *out, size_t max_run, int skip_long)
{
    key_sort(l);
    for (size_t i = 0; i < l->n;) {
        size_t j = i + 1;
        while (j < l->n && l->e[j].key == l->e[i].key) j++;
        size_t run = j - i;
        if (run > 1) {
            if (run <= max_run) {
                for (size_t p = i; p < j; p++)
                    for (size_t q = p + 1; q < j; q++)
                        if (!pair_push(out, l->e[p].pos, l->e[q].pos)) return false;
            } else if (!skip_long) {
                for (size_t q = i + 1; q < j; q++)
                    if (!pair_push(out, l->e[i].pos, l->e[q].pos)) return false;
            }
        }
        i = j;
    }
    return true;
}

/* Sort and make unique. */
static void pairs_unique(pair_list *l)
{
    if (l->n > 1) qsort(l->p, l->n, sizeof *l->p, cmp_u64);
    size_t u = 0;
    for (size_t i = 0; i < l->n; i++)
        if (u == 0 || l->p[u - 1] != l->p[i]) l->p[u++] = l->p[i];
    l->n = u;
}

px_status px_dupindex_candidates(px_dupindex *x, uint32_t **pairs, size_t *n, px_error *err)
{
    if (!x || !pairs || !n) return px_fail(err, PX_ERR_ARG, "", PX_NO_OFFSET, "bad arguments");
    *pairs = NULL;
    *n = 0;
    pair_list main = {0}, samp = {0};
    bool ok = run_pairs(&x->bands, &main, BAND_MAX_RUN, 0) &&
              run_pairs(&x->exact, &main, BAND_MAX_RUN, 0) &&
              run_pairs(&x->samples, &samp, SAMPLE_MAX_RUN, 1);
    if (ok) {
        /* sample pairs: keep those sharing enough sampled shingles */
        if (samp.n > 1) qsort(samp.p, samp.n, sizeof *samp.p, cmp_u64);
        for (size_t i = 0; i < samp.n && ok;) {
            size_t j = i + 1;
            while (j < samp.n && samp.p[j] == samp.p[i]) j++;
            uint32_t a = (uint32_t)(samp.p[i] >> 32), b = (uint32_t)samp.p[i];
            uint32_t fewest = PX_MIN(x->nsamples[a], x->nsamples[b]);
            if (j - i >= 2 || (fewest < 4 && j - i >= 1)) ok = pair_push(&main, a, b);
            i = j;
        }
    }
    free(samp.p);
    if (!ok) {
        free(main.p);
        return px_fail(err, PX_ERR_NOMEM, "", PX_NO_OFFSET, "no memory for candidate pairs");
    }
    pairs_unique(&main);
    uint32_t *res = malloc((main.n ? main.n : 1) * 2 * sizeof *res);
    if (!res) {
        free(main.p);
        return px_fail(err, PX_ERR_NOMEM, "", PX_NO_OFFSET, "no memory for candidate pairs");
    }
    for (size_t i = 0; i < main.n; i++) {
        res[2 * i] = (uint32_t)(main.p[i] >> 32);
        res[2 * i + 1] = (uint32_t)main.p[i];
    }
    free(main.p);
    *pairs = res;
    *n = main.n;
    return PX_OK;
}

/* ------------------------------------------------------------ all copies */

static int cmp_dup(const void *pa, const void *pb)
{
    const px_dup *x = pa, *y = pb;
    if (x->containment != y->containment) return x->containment > y->containment ? -1 : 1;
    if (x->jaccard != y->jaccard) return x->jaccard > y->jaccard ? -1 : 1;
    if (x->a != y->a) return x->a < y->a ? -1 : 1;
    return x->b < y->b ? -1 : x->b > y->b;
}

/* Verify one pair; append it to *out when it is a copy. */
static px_status verify(const px_fingerprint *const *fps, uint32_t a, uint32_t b,
                        const px_dup_opts *o, px_dup **out, size_t *nout, size_t *cap,
                        px_error *err)
{
    px_dup d;
    px_status st = px_fingerprint_compare(fps[a], fps[b], o, &d, err);
    if (st != PX_OK) return st;
    if (d.kind == PX_DUP_NONE) {
        px_dup_clear(&d);
        return PX_OK;
    }
    if (!px_grow((void **)out, cap, *nout + 1, sizeof **out)) {
        px_dup_clear(&d);
        return px_fail(err, PX_ERR_NOMEM, "", PX_NO_OFFSET, "no memory for results");
    }
    d.a = a;
    d.b = b;
    (*out)[(*nout)++] = d;
    return PX_OK;
}

px_status px_dups_find(const px_fingerprint *const *fps, size_t n, const px_dup_opts *opts,
                       px_dup **out, size_t *nout, px_dup_stats *stats, px_error *err)
{
    if (!out || !nout || (n && !fps)) return px_fail(err, PX_ERR_ARG, "", PX_NO_OFFSET, "bad arguments");
    *out = NULL;
    *nout = 0;
    if (n >= UINT32_MAX - 1) return px_fail(err, PX_ERR_TOOBIG, "", PX_NO_OFFSET, "too many articles");
    px_dup_opts o;
    if (opts) o = *opts;
    else px_dup_opts_default(&o);
    px_dup_stats st = {0};
    st.articles = n;
    px_dup *res = NULL;
    size_t nres = 0, cap = 0;
    px_status rc = PX_OK;
    double t0 = now_seconds();
    if (o.all_pairs) {
        double t1 = now_seconds();
        for (size_t a = 0; a < n && rc == PX_OK; a++) {
            if (!fps[a]) continue;
            for (size_t b = a + 1; b < n && rc == PX_OK; b++) {
                if (!fps[b]) continue;
                st.candidates++;
                rc = verify(fps, (uint32_t)a, (uint32_t)b, &o, &res, &nres, &cap, err);
            }
        }
        st.seconds_verify = now_seconds() - t1;
    } else {
        px_dupindex *x = px_dupindex_new(&o, err);
        if (!x) return err ? err->code : PX_ERR_NOMEM;
        static const px_fingerprint empty = {0};  /* stands in for NULL entries (read-only) */
        for (size_t i = 0; i < n && rc == PX_OK; i++)
            rc = px_dupindex_add(x, fps[i] ? fps[i] : &empty, err);
        double t1 = now_seconds();
        st.seconds_index = t1 - t0;
        st.index_memory = px_dupindex_memory(x);
        uint32_t *pairs = NULL;
        size_t np = 0;
        if (rc == PX_OK) rc = px_dupindex_candidates(x, &pairs, &np, err);
        px_dupindex_free(x);
        double t2 = now_seconds();
        st.seconds_candidates = t2 - t1;
        st.candidates = np;
        for (size_t i = 0; i < np && rc == PX_OK; i++)
            if (fps[pairs[2 * i]] && fps[pairs[2 * i + 1]])
                rc = verify(fps, pairs[2 * i], pairs[2 * i + 1], &o, &res, &nres, &cap, err);
        free(pairs);
        st.seconds_verify = now_seconds() - t2;
    }
    if (rc != PX_OK) {
        px_dups_free(res, nres);
        return rc;
    }
    if (nres > 1) qsort(res, nres, sizeof *res, cmp_dup);
    st.found = nres;
    if (stats) *stats = st;
    *out = res;
    *nout = nres;
    return PX_OK;
}

void px_dups_free(px_dup *dups, size_t n)
{
    if (!dups) return;
    for (size_t i = 0; i < n; i++) px_dup_clear(&dups[i]);
    free(dups);
}
