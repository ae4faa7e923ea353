/*
 * bench_extract.c - run the extract stage over an extraction test set and
 * time it.
 *
 *   bench_extract GOLD.jsonl HTML_DIR PRED.jsonl [REPEAT]
 *
 * GOLD.jsonl has one page a line with "id" (and "url"); the page is
 * HTML_DIR/<id>.html.gz (or .html). Every page is read and gunzipped first,
 * then px_extract_html() runs on each one REPEAT times (default 1) and the
 * fastest run counts. PRED.jsonl gets {"id", "text", "title", "date",
 * "url", "source", "byline", "lang"} a line ("text" is "" when the stage
 * found nothing), ready for eval/extraction.py. The last lines printed are
 * the timing: pages, median and p90 milliseconds per page, pages/s.
 * Guarantees: a page that cannot be read is reported and counted as empty;
 * the program never stops half-way through the output.
 */
#include "bench.h"
#include "internal.h"

#include <jansson.h>
#include <zlib.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Read a whole file, gunzipping it when it is gzip (zlib reads plain files
 * as they are). Returns a malloc'd buffer and its length, or NULL. */
static char *read_page(const char *path, size_t *len)
{
    gzFile g = gzopen(path, "rb");
    if (!g) return NULL;
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    while (buf) {
        if (n == cap) {
            char *nb = realloc(buf, cap * 2);
            if (!nb) { free(buf); buf = NULL; break; }
            buf = nb;
            cap *= 2;
        }
        int r = gzread(g, buf + n, (unsigned)(cap - n));
        if (r < 0) { free(buf); buf = NULL; break; }
        if (r == 0) break;
        n += (size_t)r;
    }
    gzclose(g);
    *len = n;
    return buf;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Set key in o to the string s when s is not NULL. */
static void put(json_t *o, const char *key, const char *s)
{
    if (s) json_object_set_new(o, key, json_string(s));
}

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: %s GOLD.jsonl HTML_DIR PRED.jsonl [REPEAT]\n", argv[0]);
        return 2;
    }
    int repeat = argc > 4 ? atoi(argv[4]) : 1;
    if (repeat < 1) repeat = 1;
    FILE *gf = fopen(argv[1], "r");
    if (!gf) { perror(argv[1]); return 1; }
    FILE *pf = fopen(argv[3], "w");
    if (!pf) { perror(argv[3]); return 1; }

    size_t cap = 0, n = 0;
    double *times = NULL;
    size_t empty = 0, failed = 0;
    char *line = NULL;
    size_t lcap = 0;
    double total = 0;
    while (getline(&line, &lcap, gf) > 0) {
        json_error_t je;
        json_t *g = json_loads(line, JSON_DECODE_ANY, &je);
        const char *id = json_string_value(json_object_get(g, "id"));
        if (!id) { json_decref(g); continue; }
        const char *url = json_string_value(json_object_get(g, "url"));
        char path[4096];
        snprintf(path, sizeof path, "%s/%s.html.gz", argv[2], id);
        size_t len = 0;
        char *html = read_page(path, &len);
        if (!html) {
            snprintf(path, sizeof path, "%s/%s.html", argv[2], id);
            html = read_page(path, &len);
        }
        json_t *o = json_object();
        json_object_set_new(o, "id", json_string(id));
        if (!html) {
            fprintf(stderr, "bench_extract: cannot read the page of %s\n", id);
            failed++;
            json_object_set_new(o, "text", json_string(""));
        } else {
            double best = 1e300;
            for (int r = 0; r < repeat; r++) {
                px_arena a;
                px_arena_init(&a);
                px_extracted ex;
                px_error err;
                double t0 = bench_wall_now() * 1e3;
                px_status st = px_extract_html(&a, html, len, url, NULL, &ex, &err);
                double t = bench_wall_now() * 1e3 - t0;
                if (t < best) best = t;
                if (r == repeat - 1) {
                    if (st == PX_OK) {
                        json_object_set_new(o, "text", json_stringn(ex.body, ex.body_len));
                        put(o, "title", ex.title);
                        put(o, "date", ex.date);
                        put(o, "url", ex.url);
                        put(o, "source", ex.source);
                        put(o, "byline", ex.byline);
                        put(o, "lang", ex.lang);
                    } else {
                        empty++;
                        json_object_set_new(o, "text", json_string(""));
                    }
                }
                px_arena_free(&a);
            }
            if (n == cap) {
                cap = cap ? cap * 2 : 256;
                times = realloc(times, cap * sizeof *times);
                if (!times) return 1;
            }
            times[n++] = best;
            total += best;
            free(html);
        }
        char *s = json_dumps(o, JSON_COMPACT | JSON_ENSURE_ASCII);
        if (s) {
            fprintf(pf, "%s\n", s);
            free(s);
        }
        json_decref(o);
        json_decref(g);
    }
    free(line);
    fclose(gf);
    fclose(pf);
    if (n == 0) {
        fprintf(stderr, "bench_extract: no pages\n");
        return 1;
    }
    qsort(times, n, sizeof *times, cmp_double);
    printf("pages %zu  empty %zu  unreadable %zu\n", n, empty, failed);
    printf("ms/page median %.3f  p90 %.3f  max %.3f  pages/s %.1f\n", times[n / 2],
           times[(n * 9) / 10], times[n - 1], total > 0 ? 1000.0 * (double)n / total : 0.0);
    free(times);
    return 0;
}
