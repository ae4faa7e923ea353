/*
 * bench_coverage - how long a coverage report takes, from article text to
 * the finished JSON report, for two articles and for twenty.
 *
 *   bench_coverage TRAIN.jsonl [REPEATS]
 *
 * Reads SemEval-2022 Task 8 pairs (train.jsonl) with the reader
 * (px_reader_pair_side), keeping in memory the articles of two fixed sets
 * picked by size alone (an article's size is the bytes of its title and
 * text):
 *  - pairs: every pair whose two articles are both 4,000..6,000 bytes
 *    ("two 5 KB articles"), any language; each is one two-article report;
 *  - twenty: the 10 English-English pairs whose larger deviation from
 *    5,000 bytes is smallest, so 20 articles of typical size that come as
 *    related pairs; one twenty-article report.
 * Each report is run REPEATS times (default 20) and timed on the thread's
 * CPU clock (the cores are shared), split into the document build
 * (px_doc_from_record: text, clean, langid, analyse) and the report step
 * alone (px_coverage_build + px_coverage_to_json), and printed as median
 * and p95 of the per-report times. Named baselines measured in the same
 * run: the document build alone, and `parallax compare` without the
 * coverage report (documents, profiles, px_compare, px_comparison_to_json)
 * on the same pairs. The bars: a two-article report under 5 ms, a
 * twenty-article one under 100 ms (all stages).
 */
#include "bench.h"
#include "parallax.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_ARTS 64

typedef struct art {
    const char *title, *body, *lang, *id;
    size_t bytes;
} art;

/* Article s (1, 2) of the reader's pair line into *a, its strings the
 * reader's (valid until the next line); false when the line has none. */
static bool side(px_reader *r, int s, art *a)
{
    px_record pr;
    px_error err = {0};
    if (px_reader_pair_side(r, s, &pr, &err) != PX_OK) return false;
    *a = (art){pr.title, pr.body, pr.lang, pr.id, (pr.title ? strlen(pr.title) : 0) + pr.body_len};
    return true;
}

static const char *dup_or_null(const char *s)
{
    if (!s) return NULL;
    char *d = strdup(s);
    if (!d) exit(1);
    return d;
}

/* a with its strings copied (art_free frees them). */
static art keep(art a)
{
    return (art){dup_or_null(a.title), dup_or_null(a.body), dup_or_null(a.lang), dup_or_null(a.id), a.bytes};
}

static void art_free(art *a)
{
    free((void *)a->title);
    free((void *)a->body);
    free((void *)a->lang);
    free((void *)a->id);
}

/* Build the documents of arts[0..n); false when one fails. */
static bool build_docs(px_ctx *ctx, const art *arts, size_t n, px_doc **docs)
{
    bool ok = true;
    for (size_t i = 0; i < n; i++) {
        px_record rec = {.title = arts[i].title, .body = arts[i].body, .lang = arts[i].lang,
                         .kind = PX_BODY_TEXT, .offset = PX_NO_OFFSET};
        rec.body_len = rec.body ? strlen(rec.body) : 0;
        px_error err = {0};
        docs[i] = px_doc_from_record(ctx, &rec, NULL, &err);
        ok = ok && docs[i];
    }
    return ok;
}

static void free_docs(px_doc **docs, size_t n)
{
    for (size_t i = 0; i < n; i++) px_doc_free(docs[i]);
}

/* Times of one report: documents, report step (build + JSON). */
typedef struct sample {
    double doc, report, compare;
} sample;

static size_t sink;

/* One coverage report of arts[0..n): docs then report; 0 on failure. */
static bool run_report(px_ctx *ctx, const px_lexicon *lx, const art *arts, size_t n, sample *s)
{
    px_doc *docs[MAX_ARTS] = {0};
    double t0 = bench_cpu_now();
    bool ok = build_docs(ctx, arts, n, docs);
    double t1 = bench_cpu_now();
    px_error err = {0};
    px_coverage *cv = ok ? px_coverage_build(ctx, (const px_doc *const *)docs, n, lx, &err) : NULL;
    char *js = cv ? px_coverage_to_json(cv, 0) : NULL;
    double t2 = bench_cpu_now();
    if (js) sink += strlen(js);
    s->doc = t1 - t0;
    s->report = t2 - t1;
    px_free(js);
    px_coverage_free(cv);
    free_docs(docs, n);
    return js != NULL;
}

/* The baseline: `parallax compare A B` without the coverage report. */
static bool run_compare(px_ctx *ctx, const px_lexicon *lx, const art *arts, sample *s)
{
    px_doc *docs[2] = {0};
    double t0 = bench_cpu_now();
    bool ok = build_docs(ctx, arts, 2, docs);
    px_error err = {0};
    px_profile *pa = ok ? px_profile_new(docs[0], lx, &err) : NULL;
    px_profile *pb = pa ? px_profile_new(docs[1], lx, &err) : NULL;
    px_comparison *c = pb ? px_compare(pa, pb, &err) : NULL;
    char *js = c ? px_comparison_to_json(c, 0) : NULL;
    double t1 = bench_cpu_now();
    if (js) sink += strlen(js);
    s->compare = t1 - t0;
    px_free(js);
    px_comparison_free(c);
    px_profile_free(pa);
    px_profile_free(pb);
    free_docs(docs, 2);
    return js != NULL;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Median and p95 (nearest rank) of v[0..n), in ms; sorts v. */
static void stats(double *v, size_t n, double *med, double *p95)
{
    qsort(v, n, sizeof *v, cmp_double);
    *med = n ? 1e3 * (n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2) : 0;
    size_t k = n ? (size_t)(0.95 * n + 0.999999) : 0;
    *p95 = n ? 1e3 * v[(k ? k : 1) - 1] : 0;
}

static void print_row(const char *what, double *v, size_t n, double bar)
{
    double med, p95;
    stats(v, n, &med, &p95);
    printf("  %-44s median %7.2f ms  p95 %7.2f ms", what, med, p95);
    if (bar > 0) printf("  (bar %.0f ms: %s)", bar, p95 < bar ? "met" : "NOT met");
    putchar('\n');
}

typedef struct cand {
    double dev;
    size_t pair;  /* line number, for ties */
    art a[2];
} cand;

static int cmp_cand(const void *a, const void *b)
{
    const cand *x = a, *y = b;
    if (x->dev != y->dev) return x->dev < y->dev ? -1 : 1;
    return x->pair < y->pair ? -1 : x->pair > y->pair;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: bench_coverage TRAIN.jsonl [REPEATS]\n");
        return 2;
    }
    int repeats = argc > 2 ? atoi(argv[2]) : 20;
    if (repeats < 1) repeats = 1;
    const char *path = argv[1];
    px_error err = {0};
    px_reader *rd = px_reader_open(&path, 1, NULL, &err);
    if (!rd) {
        fprintf(stderr, "bench_coverage: %s: %s\n", path, err.msg);
        return 1;
    }
    /* the two-article set: both articles 4,000..6,000 bytes */
    art (*two)[2] = NULL;
    size_t n_two = 0, cap_two = 0;
    /* the twenty-article set: 10 en-en pairs nearest 5,000 bytes */
    cand *cands = NULL;
    size_t n_cand = 0, cap_cand = 0;
    const px_record *rec;
    px_status st;
    for (size_t i = 0; (st = px_reader_next(rd, &rec, &err)) != PX_EOF; i++) {
        if (st == PX_ERR_IO) {
            fprintf(stderr, "bench_coverage: %s: %s\n", err.file, err.msg);
            return 1;
        }
        art a, b;
        if (st != PX_OK || !side(rd, 1, &a) || !side(rd, 2, &b)) continue;
        if (a.bytes >= 4000 && a.bytes <= 6000 && b.bytes >= 4000 && b.bytes <= 6000) {
            if (n_two == cap_two) {
                cap_two = cap_two ? 2 * cap_two : 64;
                two = realloc(two, cap_two * sizeof *two);
                if (!two) return 1;
            }
            two[n_two][0] = keep(a);
            two[n_two++][1] = keep(b);
        }
        if (a.lang && b.lang && !strcmp(a.lang, "en") && !strcmp(b.lang, "en")) {
            double da = a.bytes > 5000 ? a.bytes - 5000.0 : 5000.0 - a.bytes;
            double db = b.bytes > 5000 ? b.bytes - 5000.0 : 5000.0 - b.bytes;
            if (n_cand == cap_cand) {
                cap_cand = cap_cand ? 2 * cap_cand : 256;
                cands = realloc(cands, cap_cand * sizeof *cands);
                if (!cands) return 1;
            }
            cands[n_cand++] = (cand){da > db ? da : db, i, {keep(a), keep(b)}};
        }
    }
    px_reader_close(rd);
    if (n_cand) qsort(cands, n_cand, sizeof *cands, cmp_cand);
    art twenty[20];
    size_t n_twenty = 0, bytes_twenty = 0, bytes_two = 0;
    for (size_t k = 0; k < n_cand && n_twenty < 20; k++) {
        twenty[n_twenty++] = cands[k].a[0];
        twenty[n_twenty++] = cands[k].a[1];
    }
    for (size_t i = 0; i < n_twenty; i++) bytes_twenty += twenty[i].bytes;
    for (size_t i = 0; i < n_two; i++) bytes_two += two[i][0].bytes + two[i][1].bytes;
    if (n_two == 0 || n_twenty < 20) {
        fprintf(stderr, "bench_coverage: too few articles of the sizes wanted in %s\n", argv[1]);
        return 1;
    }

    px_ctx *ctx = px_ctx_new(&err);
    px_lexicon *lx = px_lexicon_new(NULL, 0, &err);
    if (!ctx || !lx) return 1;

    size_t ns = n_two * (size_t)repeats;
    double *tot = malloc(ns * sizeof *tot), *doc = malloc(ns * sizeof *doc),
           *rep = malloc(ns * sizeof *rep), *cmp = malloc(ns * sizeof *cmp);
    if (!tot || !doc || !rep || !cmp) return 1;
    size_t k = 0, failed = 0;
    for (int r = 0; r < repeats; r++)
        for (size_t i = 0; i < n_two; i++) {
            sample s = {0};
            if (!run_report(ctx, lx, two[i], 2, &s) || !run_compare(ctx, lx, two[i], &s)) {
                failed++;
                continue;
            }
            tot[k] = s.doc + s.report;
            doc[k] = s.doc;
            rep[k] = s.report;
            cmp[k++] = s.compare;
        }
    printf("two articles: %zu pairs with both articles 4,000..6,000 bytes (mean %.0f bytes an article), "
           "%d repeats, %zu reports, %zu failed; thread CPU time per report\n",
           n_two, bytes_two / (2.0 * n_two), repeats, k, failed);
    print_row("coverage report, all stages (text -> JSON)", tot, k, 5);
    print_row("  report step alone (build + JSON)", rep, k, 0);
    print_row("baseline: document build alone (2 docs)", doc, k, 0);
    print_row("baseline: parallax compare, no coverage", cmp, k, 0);

    size_t n20 = (size_t)repeats;
    k = 0;
    failed = 0;
    for (size_t r = 0; r < n20; r++) {
        sample s = {0};
        if (!run_report(ctx, lx, twenty, 20, &s)) {
            failed++;
            continue;
        }
        tot[k] = s.doc + s.report;
        doc[k] = s.doc;
        rep[k++] = s.report;
    }
    printf("twenty articles: the 10 en-en pairs nearest 5,000 bytes (mean %.0f bytes an article), "
           "%zu repeats, %zu failed\n",
           bytes_twenty / 20.0, k, failed);
    print_row("coverage report, all stages (text -> JSON)", tot, k, 100);
    print_row("  report step alone (build + JSON)", rep, k, 0);
    print_row("baseline: document build alone (20 docs)", doc, k, 0);
    if (sink == 1) puts("");

    free(tot), free(doc), free(rep), free(cmp);
    for (size_t i = 0; i < n_two; i++) art_free(&two[i][0]), art_free(&two[i][1]);
    for (size_t i = 0; i < n_cand; i++) art_free(&cands[i].a[0]), art_free(&cands[i].a[1]);
    free(two);
    free(cands);
    px_lexicon_free(lx);
    px_ctx_free(ctx);
    return 0;
}
