/*
 * bench_similar - the similarity index of `parallax similar` against brute
 * force, on a corpus database written by `parallax ingest`.
 *
 *   bench_similar DB [QUERIES] [K] [MAX_POSTINGS,...] [QUERY_TERMS]
 *
 * Loads every stored article's clustering features into a px_simindex
 * (time, bytes per article), takes QUERIES (200) stored articles spread
 * evenly over the rows as queries and prints:
 *  - index: px_simindex_query for the top K (10), each query leaving
 *    itself out, at each posting budget given (32768): ms per query,
 *    mean / p50 / p95, the ratio to brute force, recall@K;
 *  - brute force (the baseline): the same score (px_simscorer: the score
 *    the index accumulates, without its probe limits) computed for every
 *    stored article, in one pass over the stored features for all queries
 *    at once: ms per query (the pass's time / QUERIES, so reading the
 *    features is shared by all queries);
 *  recall@K: the share of the brute-force top K the index returns.
 * Only the stored features are read (no text); nothing is written.
 */
#include "bench.h"
#include "parallax.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct run {
    px_simindex *x;
    int64_t *rows;
    size_t n, cap;
    /* queries */
    size_t nq, k;
    int64_t *qrow;
    px_cluster_doc **qdoc;
    px_simscorer *sc;
    double *score;
    px_simcand *best;     /* nq x k brute-force best, by score */
    size_t *nbest;
    size_t scanned;
    int failed;
} run;

static int load_one(void *ud, const px_article *a)
{
    run *r = ud;
    if (!a->features) return 0;
    px_error err = {0};
    px_cluster_doc *d = px_cluster_doc_unpack(a->features, a->features_len, &err);
    if (!d || px_simindex_add(r->x, d, &err) != PX_OK) {
        fprintf(stderr, "bench_similar: row %lld: %s\n", (long long)a->id, err.msg);
        px_cluster_doc_free(d);
        return r->failed = 1;
    }
    px_cluster_doc_free(d);
    if (r->n == r->cap) {
        r->cap = r->cap ? 2 * r->cap : 1 << 16;
        r->rows = realloc(r->rows, r->cap * sizeof *r->rows);
        if (!r->rows) return r->failed = 1;
    }
    r->rows[r->n++] = a->id;
    return 0;
}

/* Keep c in the k best of list (score desc, then pos asc). */
static void keep_best(px_simcand *list, size_t *n, size_t k, px_simcand c)
{
    size_t i = *n;
    if (i == k) {
        const px_simcand *last = &list[k - 1];
        if (c.score < last->score || (c.score == last->score && c.pos > last->pos)) return;
        i = k - 1;
    } else {
        (*n)++;
    }
    while (i > 0 && (list[i - 1].score < c.score || (list[i - 1].score == c.score && list[i - 1].pos > c.pos))) {
        list[i] = list[i - 1];
        i--;
    }
    list[i] = c;
}

static int brute_one(void *ud, const px_article *a)
{
    run *r = ud;
    if (!a->features) return 0;
    px_cluster_doc *d = px_cluster_doc_unpack(a->features, a->features_len, NULL);
    if (!d) return r->failed = 1;
    uint32_t pos = (uint32_t)r->scanned++;
    px_simscorer_score(r->sc, d, r->score);
    for (size_t q = 0; q < r->nq; q++) {
        if (r->qrow[q] == a->id) continue;
        double s = r->score[q];
        if (s > 0) keep_best(r->best + q * r->k, &r->nbest[q], r->k, (px_simcand){.pos = pos, .score = s});
    }
    px_cluster_doc_free(d);
    return 0;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
    if (argc < 2 || argc > 6) {
        fprintf(stderr, "usage: bench_similar DB [QUERIES] [K] [MAX_POSTINGS] [QUERY_TERMS]\n");
        return 2;
    }
    run r = {0};
    r.nq = argc > 2 ? strtoul(argv[2], NULL, 10) : 200;
    r.k = argc > 3 ? strtoul(argv[3], NULL, 10) : 10;
    if (!r.nq || !r.k) {
        fprintf(stderr, "bench_similar: QUERIES and K must be positive\n");
        return 2;
    }
    px_error err = {0};
    px_store *s;
    px_store_opts so = {.read_only = 1};
    if (px_store_open(argv[1], &so, &s, &err) != PX_OK) {
        fprintf(stderr, "bench_similar: %s: %s\n", argv[1], err.msg);
        return 2;
    }
    px_simindex_opts xo;
    px_simindex_opts_default(&xo);
    xo.candidates = (unsigned)r.k;
    const char *budgets = argc > 4 ? argv[4] : "32768";
    if (argc > 5) xo.query_terms = (unsigned)strtoul(argv[5], NULL, 10);
    r.x = px_simindex_new(&xo, &err);
    double t0 = bench_wall_now();
    if (!r.x || px_store_scan(s, NULL, NULL, PX_SCAN_BY_ID | PX_SCAN_NO_TEXT, load_one, &r, &err) != PX_OK ||
        r.failed) {
        fprintf(stderr, "bench_similar: loading: %s\n", err.msg);
        return 2;
    }
    double t_load = bench_wall_now() - t0;
    size_t mem = px_simindex_memory(r.x);
    printf("similarity index: %zu articles with stored features loaded in %.1fs; %.1f MB, %.0f bytes per article\n",
           r.n, t_load, mem / 1e6, r.n ? (double)mem / r.n : 0.0);
    if (r.n < 2) {
        printf("too few articles to query\n");
        return 0;
    }
    if (r.nq > r.n) r.nq = r.n;
    r.qrow = calloc(r.nq, sizeof *r.qrow);
    r.qdoc = calloc(r.nq, sizeof *r.qdoc);
    r.score = calloc(r.nq, sizeof *r.score);
    r.best = calloc(r.nq * r.k, sizeof *r.best);
    r.nbest = calloc(r.nq, sizeof *r.nbest);
    double *ms = calloc(r.nq, sizeof *ms);
    px_simcand **got = calloc(r.nq, sizeof *got);
    size_t *ngot = calloc(r.nq, sizeof *ngot);
    if (!r.qrow || !r.qdoc || !r.score || !r.best || !r.nbest || !ms || !got || !ngot) return 2;
    for (size_t q = 0; q < r.nq; q++) {
        size_t pos = q * (r.n / r.nq);
        r.qrow[q] = r.rows[pos];
        px_article a;
        if (px_store_get(s, r.qrow[q], &a, &err) != PX_OK || !a.features ||
            !(r.qdoc[q] = px_cluster_doc_unpack(a.features, a.features_len, &err))) {
            fprintf(stderr, "bench_similar: query row %lld: %s\n", (long long)r.qrow[q], err.msg);
            return 2;
        }
    }
    /* brute force: one pass over every stored article for all queries */
    if (!(r.sc = px_simscorer_new(r.x, r.qdoc, r.nq, &err))) return 2;
    t0 = bench_wall_now();
    if (px_store_scan(s, NULL, NULL, PX_SCAN_BY_ID | PX_SCAN_NO_TEXT, brute_one, &r, &err) != PX_OK || r.failed) {
        fprintf(stderr, "bench_similar: brute force: %s\n", err.msg);
        return 2;
    }
    double t_brute = bench_wall_now() - t0, brute_ms = t_brute * 1e3 / r.nq;
    printf("baseline, brute force (the same score for all %zu articles, read from the database): "
           "%.1f ms per query (one pass for all %zu queries: %.1fs)\n", r.scanned, brute_ms, r.nq, t_brute);
    /* the index, at each posting budget */
    for (const char *b = budgets; b && *b;) {
        char *end;
        xo.max_postings = strtoul(b, &end, 10);
        b = *end == ',' ? end + 1 : end;
        if (!xo.max_postings || px_simindex_tune(r.x, &xo, &err) != PX_OK) {
            fprintf(stderr, "bench_similar: bad posting budget\n");
            return 2;
        }
        for (size_t q = 0; q < r.nq; q++) {
            px_free(got[q]);
            double t = bench_wall_now();
            uint32_t self = (uint32_t)(q * (r.n / r.nq));
            if (px_simindex_query(r.x, r.qdoc[q], self, &got[q], &ngot[q], &err) != PX_OK) {
                fprintf(stderr, "bench_similar: query: %s\n", err.msg);
                return 2;
            }
            ms[q] = (bench_wall_now() - t) * 1e3;
        }
        double sum = 0;
        for (size_t q = 0; q < r.nq; q++) sum += ms[q];
        qsort(ms, r.nq, sizeof *ms, cmp_double);
        double mean = sum / r.nq;
        double hit = 0, want = 0;
        for (size_t q = 0; q < r.nq; q++) {
            const px_simcand *bq = r.best + q * r.k;
            for (size_t i = 0; i < r.nbest[q]; i++) {
                want++;
                for (size_t j = 0; j < ngot[q]; j++)
                    if (got[q][j].pos == bq[i].pos) {
                        hit++;
                        break;
                    }
            }
        }
        printf("index (px_simindex_query, top %zu, %u probe terms, at most %zu postings per query): %zu queries, "
               "%.3f ms mean, %.3f ms p50, %.3f ms p95; %.0fx faster than brute force; recall@%zu %.3f (%.0f of %.0f)\n",
               r.k, xo.query_terms, xo.max_postings, r.nq, mean, ms[r.nq / 2], ms[(size_t)(r.nq * 0.95)],
               mean > 0 ? brute_ms / mean : 0.0, r.k, want ? hit / want : 1.0, hit, want);
    }
    for (size_t q = 0; q < r.nq; q++) {
        px_cluster_doc_free(r.qdoc[q]);
        px_free(got[q]);
    }
    px_simscorer_free(r.sc);
    free(r.qrow), free(r.qdoc), free(r.score), free(r.best), free(r.nbest), free(ms), free(got), free(ngot);
    free(r.rows);
    px_simindex_free(r.x);
    px_store_close(s);
    return 0;
}
