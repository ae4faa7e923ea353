/*
 * bench_compare - where the time of `parallax score` goes, stage by stage.
 *
 *   bench_compare TRAIN.jsonl [ROUNDS]
 *
 * Reads the SemEval-2022 Task 8 pairs' lines once into memory (for the
 * baseline), then for ROUNDS rounds (default 3) runs every pair through
 * the whole path `parallax score` takes, timing each stage on one core:
 * read (the reader over the file, as score reads it: px_reader_next and
 * px_reader_pair_side for both articles; jansson's parse of the same line,
 * held in memory, is timed beside it as a named baseline, outside the
 * totals) ->
 * document build (text, clean, langid, analyse: px_doc_from_record) ->
 * profile (px_profile_new) -> features + model (px_compare_scores).
 * Prints pairs/s for all stages together and the share of each, beside
 * the plain TF-IDF baseline's pairs/s (same documents, px_compare_baseline
 * instead of the model), and peak resident memory. The document build is
 * split by building each document twice more, outside the totals: without
 * the analyse stage and with the language given (text + clean), and
 * without the analyse stage (+ langid); analyse is the rest. Times are the thread's
 * CPU time, so other processes on the machine do not inflate them.
 */
#include "bench.h"
#include "parallax.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: bench_compare TRAIN.jsonl [ROUNDS]\n");
        return 2;
    }
    int rounds = argc > 2 ? atoi(argv[2]) : 3;
    FILE *f = fopen(argv[1], "r");
    if (!f) {
        perror(argv[1]);
        return 1;
    }
    /* the lines, in memory, so reading the file is not timed */
    size_t n = 0, cap = 0, bytes = 0;
    char **lines = NULL;
    size_t *lens = NULL;
    char *line = NULL;
    size_t lcap = 0;
    ssize_t len;
    while ((len = getline(&line, &lcap, f)) > 0) {
        if (n == cap) {
            cap = cap ? cap * 2 : 1024;
            lines = realloc(lines, cap * sizeof *lines);
            lens = realloc(lens, cap * sizeof *lens);
            if (!lines || !lens) return 1;
        }
        lines[n] = malloc((size_t)len + 1);
        if (!lines[n]) return 1;
        memcpy(lines[n], line, (size_t)len + 1);
        lens[n++] = (size_t)len;
        bytes += (size_t)len;
    }
    free(line);
    fclose(f);
    px_error err = {0};
    px_ctx *ctx = px_ctx_new(&err);
    px_lexicon *lx = px_lexicon_new(NULL, 0, &err);
    if (!ctx || !lx) return 1;
    double t_tc = 0, t_tcl = 0;
    double t_jansson = 0, t_json = 0, t_doc = 0, t_prof = 0, t_score = 0, t_base = 0;
    size_t pairs = 0, failed = 0;
    double sink = 0;
    for (int r = 0; r < rounds; r++) {
        const char *path = argv[1];
        px_reader *o = px_reader_open(&path, 1, NULL, &err);
        if (!o) return 1;
        for (size_t i = 0; i < n; i++) {
            double tj = bench_cpu_now();
            json_error_t je;
            json_t *jo = json_loadb(lines[i], lens[i], JSON_DISABLE_EOF_CHECK, &je);
            json_decref(jo);
            double t0 = bench_cpu_now();
            t_jansson += t0 - tj;
            const px_record *prec;
            px_status st = px_reader_next(o, &prec, &err);
            px_record side[2];
            bool sides = st == PX_OK && px_reader_pair_side(o, 1, &side[0], &err) == PX_OK &&
                         px_reader_pair_side(o, 2, &side[1], &err) == PX_OK;
            double t1 = bench_cpu_now();
            t_json += t1 - t0;
            if (st == PX_EOF) break;
            if (st != PX_OK) continue;
            if (!sides) {
                failed++;
                continue;
            }
            px_doc *d[2] = {NULL, NULL};
            for (int s = 0; s < 2; s++) d[s] = px_doc_from_record(ctx, &side[s], NULL, &err);
            double t2 = bench_cpu_now();
            t_doc += t2 - t1;
            px_profile *p[2] = {NULL, NULL};
            for (int s = 0; s < 2; s++) p[s] = d[s] ? px_profile_new(d[s], lx, &err) : NULL;
            double t3 = bench_cpu_now();
            t_prof += t3 - t2;
            if (p[0] && p[1]) {
                px_scores sc;
                px_compare_scores(p[0], p[1], &sc);
                double t4 = bench_cpu_now();
                t_score += t4 - t3;
                sink += sc.dim[PX_DIM_OVERALL] + px_compare_baseline(p[0], p[1]);
                t_base += bench_cpu_now() - t4;
                pairs++;
            } else {
                failed++;
            }
            for (int s = 0; s < 2; s++) {
                px_profile_free(p[s]);
                px_doc_free(d[s]);
            }
            /* the split of the document build, outside the totals */
            for (int s = 0; s < 2; s++) {
                px_doc_opts given = {PX_DOC_NO_ANALYZE, "en"}, detect = {PX_DOC_NO_ANALYZE, NULL};
                double u0 = bench_cpu_now();
                px_doc_free(px_doc_from_record(ctx, &side[s], &given, &err));
                double u1 = bench_cpu_now();
                px_doc_free(px_doc_from_record(ctx, &side[s], &detect, &err));
                t_tc += u1 - u0;
                t_tcl += bench_cpu_now() - u1;
            }
        }
        px_reader_close(o);
    }
    double total = t_json + t_doc + t_prof + t_score;
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("pairs: %zu (%zu lines x %d rounds, %.1f MB of JSONL a round), %zu failed\n", pairs, n,
           rounds, bytes / 1e6, failed);
    printf("parallax score, all stages: %.0f pairs/s (%.1f us a pair, %.1f MB/s)\n", pairs / total,
           1e6 * total / pairs, bytes * rounds / 1e6 / total);
    printf("  read (px_reader, cJSON)   %5.1f%%  %7.1f us/pair  (baseline jansson json_loadb: %.1f us/pair)\n",
           100 * t_json / total, 1e6 * t_json / pairs, 1e6 * t_jansson / pairs);
    printf("  document build (2 docs)   %5.1f%%  %7.1f us/pair  (text, clean, langid, analyse)\n",
           100 * t_doc / total, 1e6 * t_doc / pairs);
    printf("    text + clean              %7.1f us/pair\n", 1e6 * t_tc / pairs);
    printf("    langid                    %7.1f us/pair\n", 1e6 * (t_tcl - t_tc) / pairs);
    printf("    analyse                   %7.1f us/pair  (the rest)\n", 1e6 * (t_doc - t_tcl) / pairs);
    printf("  profiles (2 docs)         %5.1f%%  %7.1f us/pair\n", 100 * t_prof / total, 1e6 * t_prof / pairs);
    printf("  features + model          %5.1f%%  %7.1f us/pair\n", 100 * t_score / total, 1e6 * t_score / pairs);
    printf("baseline (TF-IDF cosine instead of features + model): %.0f pairs/s, comparison alone %.2f us/pair\n",
           pairs / (t_json + t_doc + t_prof + t_base), 1e6 * t_base / pairs);
    printf("peak RSS: %.1f MB\n", ru.ru_maxrss / 1024.0);
    if (sink == 42.4242) puts("");
    px_lexicon_free(lx);
    px_ctx_free(ctx);
    for (size_t i = 0; i < n; i++) free(lines[i]);
    free(lines);
    free(lens);
    return 0;
}
