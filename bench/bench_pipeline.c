/*
 * bench_pipeline - the per-article stages on SemEval-2022 Task 8 pairs.
 *
 *   bench_pipeline TRAIN.jsonl [ROUNDS]
 *
 * Reads the pairs with the reader, builds a document (text, clean, langid,
 * analyse) for both articles of every pair, without telling it the
 * language, and prints:
 *  - language identification accuracy against the gold lang1/lang2,
 *    overall and per language, with the errors;
 *  - the share of articles from which at least one furniture line was
 *    removed (metadata lines not counted), and the reasons' counts;
 *  - microseconds per line of the read stage (px_reader, cJSON) beside
 *    jansson's json_loadb on the same lines;
 *  - articles/s and MB/s for the whole pipeline and for text+clean only,
 *    beside a named baseline run in the same process: utf8proc NFC of the
 *    same texts (the least any Unicode-correct pipeline must do);
 *  - peak resident memory.
 * Times are the thread's CPU time (one thread), so other processes on the
 * machine do not inflate them.
 */
#include "bench.h"
#include "parallax.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <utf8proc.h>

typedef struct art {
    char *title, *text, *gold;
    size_t len;
} art;

static char *dup_str(const char *s)
{
    return strdup(s ? s : "");
}

/* The articles of the pairs file, read with the reader (lib/read.c,
 * px_reader_pair_side). */
static int load(const char *path, art **out, size_t *n)
{
    px_error err = {0};
    px_reader *r = px_reader_open(&path, 1, NULL, &err);
    if (!r) return -1;
    size_t cap = 4096, cnt = 0;
    art *a = malloc(cap * sizeof *a);
    const px_record *rec;
    px_status st;
    while ((st = px_reader_next(r, &rec, &err)) != PX_EOF) {
        if (st != PX_OK) {
            fprintf(stderr, "bench_pipeline: %s: offset %llu: %s\n", err.file, (unsigned long long)err.offset,
                    err.msg);
            if (st == PX_ERR_IO) break;
            continue;
        }
        for (int side = 1; side <= 2; side++) {
            px_record pr;
            if (px_reader_pair_side(r, side, &pr, &err) != PX_OK) {
                fprintf(stderr, "bench_pipeline: %s: offset %llu: %s\n", err.file,
                        (unsigned long long)err.offset, err.msg);
                continue;
            }
            if (cnt == cap) a = realloc(a, (cap *= 2) * sizeof *a);
            a[cnt].title = dup_str(pr.title);
            a[cnt].text = dup_str(pr.body);
            a[cnt].gold = dup_str(pr.lang);
            a[cnt].len = strlen(a[cnt].text);
            cnt++;
        }
    }
    px_reader_close(r);
    *out = a;
    *n = cnt;
    return cnt ? 0 : -1;
}

/* The read stage on its own: the reader over the whole file (every record
 * and both its articles taken with px_reader_pair_side), against the named
 * baseline of jansson's json_loadb on the same lines (the reader's parser
 * before cJSON). Prints microseconds per line (a pair of articles). */
static size_t bench_read(const char *path, int rounds)
{
    size_t sink = 0, lines = 0;
    double t0 = bench_cpu_now();
    for (int k = 0; k < rounds; k++) {
        px_error err = {0};
        px_reader *r = px_reader_open(&path, 1, NULL, &err);
        const px_record *rec;
        px_status st;
        while (r && (st = px_reader_next(r, &rec, &err)) != PX_EOF) {
            if (st != PX_OK) continue;
            for (int side = 1; side <= 2; side++) {
                px_record pr;
                if (px_reader_pair_side(r, side, &pr, &err) == PX_OK)
                    sink += pr.body_len + (unsigned char)pr.body[0];
            }
            lines++;
        }
        px_reader_close(r);
    }
    double tr = bench_cpu_now() - t0;
    FILE *f = fopen(path, "r");
    if (!f) return sink;
    char *line = NULL;
    size_t lcap = 0, jl = 0;
    ssize_t len;
    double tj = 0;
    while ((len = getline(&line, &lcap, f)) > 0) {
        double t1 = bench_cpu_now();
        for (int k = 0; k < rounds; k++) {
            json_error_t je;
            json_t *o = json_loadb(line, (size_t)len, 0, &je);
            const char *t1 = json_string_value(json_object_get(o, "text1"));
            const char *t2 = json_string_value(json_object_get(o, "text2"));
            sink += (t1 ? (unsigned char)t1[0] : 0) + (t2 ? (unsigned char)t2[0] : 0);
            json_decref(o);
        }
        tj += bench_cpu_now() - t1;
        jl++;
    }
    free(line);
    fclose(f);
    printf("  %-28s %9.1f us/line (a pair of articles)\n", "baseline: jansson json_loadb", tj / (rounds * jl) * 1e6);
    printf("  %-28s %9.1f us/line  (%.2fx the baseline's time)\n", "read (px_reader, cJSON)",
           tr / (lines ? lines : 1) * 1e6, tr / (lines ? lines : 1) / (tj / (rounds * jl)));
    return sink;
}

typedef struct count {
    char key[32];
    size_t n, ok;
} count;

static count *bump(count *c, size_t *nc, const char *key)
{
    for (size_t i = 0; i < *nc; i++)
        if (!strcmp(c[i].key, key)) return &c[i];
    snprintf(c[*nc].key, sizeof c[*nc].key, "%s", key);
    c[*nc].n = c[*nc].ok = 0;
    return &c[(*nc)++];
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: bench_pipeline TRAIN.jsonl [ROUNDS]\n");
        return 2;
    }
    int rounds = argc > 2 ? atoi(argv[2]) : 3;
    if (rounds < 1) rounds = 1;
    art *arts;
    size_t n;
    if (load(argv[1], &arts, &n) != 0) return 1;
    size_t bytes = 0;
    for (size_t i = 0; i < n; i++) bytes += arts[i].len + strlen(arts[i].title);

    px_error err = {0};
    px_ctx *ctx = px_ctx_new(&err);
    count langs[64], reasons[64];
    size_t nlangs = 0, nreasons = 0, empty = 0, with_junk = 0, built = 0, shown = 0;
    printf("bench_pipeline: %zu articles (%.1f MB) from %s\n", n, bytes / 1e6, argv[1]);
    printf("\nlanguage identification (gold: lang1/lang2; no language given to parallax)\n");
    for (size_t i = 0; i < n; i++) {
        px_record rec = {.title = arts[i].title, .body = arts[i].text, .body_len = arts[i].len,
                         .kind = PX_BODY_TEXT, .offset = PX_NO_OFFSET};
        px_doc_opts o = {.flags = PX_DOC_NO_ANALYZE};
        px_doc *d = px_doc_from_record(ctx, &rec, &o, &err);
        if (!d) {
            empty++;
            continue;
        }
        built++;
        count *c = bump(langs, &nlangs, arts[i].gold);
        c->n++;
        if (!strcmp(px_doc_lang(d), arts[i].gold)) c->ok++;
        else if (shown++ < 15)
            printf("  miss: gold %s, got %s (%.2f): %.60s\n", arts[i].gold, px_doc_lang(d),
                   px_doc_lang_confidence(d), arts[i].title);
        size_t nrm;
        const px_removed *rm = px_doc_removed(d, &nrm);
        int junk = 0;
        for (size_t k = 0; k < nrm; k++) {
            if (!strcmp(rm[k].reason, "metadata") || !strcmp(rm[k].reason, "byline")) continue;
            junk = 1;
            bump(reasons, &nreasons, rm[k].reason)->n++;
        }
        with_junk += junk;
        px_doc_free(d);
    }
    size_t tot = 0, ok = 0;
    for (size_t i = 0; i < nlangs; i++) {
        tot += langs[i].n;
        ok += langs[i].ok;
        printf("  %-4s %6.2f%%  (%zu/%zu)\n", langs[i].key, 100.0 * langs[i].ok / langs[i].n,
               langs[i].ok, langs[i].n);
    }
    printf("  langid accuracy: %.2f%% (%zu/%zu; %zu articles with no text skipped)\n",
           tot ? 100.0 * ok / tot : 0.0, ok, tot, empty);

    printf("\nclean stage\n");
    printf("  articles with at least one furniture line removed: %.1f%% (%zu/%zu)\n",
           built ? 100.0 * with_junk / built : 0.0, with_junk, built);
    for (size_t i = 0; i < nreasons; i++) printf("    %-20s %zu lines\n", reasons[i].key, reasons[i].n);

    printf("\nread stage (%d rounds, one core)\n", rounds);
    size_t sink = bench_read(argv[1], rounds);
    printf("\nspeed (%d rounds, one core)\n", rounds);
    /* baseline: NFC of the same texts with utf8proc */
    double t0 = bench_cpu_now();
    for (int r = 0; r < rounds; r++)
        for (size_t i = 0; i < n; i++) {
            utf8proc_uint8_t *s = utf8proc_NFC((const utf8proc_uint8_t *)arts[i].text);
            if (s) sink += s[0];
            free(s);
        }
    double tb = bench_cpu_now() - t0;
    struct { const char *name; unsigned flags; } modes[] = {
        {"text+clean+langid", PX_DOC_NO_ANALYZE}, {"all stages (+analyse)", 0}};
    printf("  %-28s %9.0f articles/s %7.1f MB/s\n", "baseline: utf8proc NFC only",
           rounds * n / tb, rounds * bytes / tb / 1e6);
    for (size_t m = 0; m < 2; m++) {
        px_doc_opts o = {.flags = modes[m].flags};
        t0 = bench_cpu_now();
        for (int r = 0; r < rounds; r++)
            for (size_t i = 0; i < n; i++) {
                px_record rec = {.title = arts[i].title, .body = arts[i].text,
                                 .body_len = arts[i].len, .kind = PX_BODY_TEXT};
                px_doc *d = px_doc_from_record(ctx, &rec, &o, &err);
                if (d) sink += px_doc_text(d, NULL)[0];
                px_doc_free(d);
            }
        double t = bench_cpu_now() - t0;
        printf("  %-28s %9.0f articles/s %7.1f MB/s  (%.2fx the baseline's time)\n",
               modes[m].name, rounds * n / t, rounds * bytes / t / 1e6, t / tb);
    }
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("  peak RSS: %.1f MB (all %zu articles held in memory)\n", ru.ru_maxrss / 1024.0, n);
    px_ctx_free(ctx);
    for (size_t i = 0; i < n; i++) {
        free(arts[i].title);
        free(arts[i].text);
        free(arts[i].gold);
    }
    free(arts);
    return sink == 42 ? 3 : 0;
}
