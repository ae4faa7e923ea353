/*
 * dups.c - `parallax dups [options] PATH...`: copies among articles.
 * Lists every pair that is an exact copy, a near-duplicate (Jaccard of the
 * word 5-gram sets >= --threshold) or contained (most of the shorter article
 * is in the longer one: containment >= --containment), most contained
 * first, with the share of each article that is shared, who published first
 * (when both are dated) and the longest shared passages.
 *
 * Articles are read and fingerprinted one by one; only the id, date, text
 * and fingerprint of each are kept. Articles that cannot be read are
 * reported on stderr and left out (exit status 1).
 */
#include "cli.h"

#include <getopt.h>
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define EXCERPT_BYTES 160   /* longest excerpt shown for a shared passage */
#define SHOWN_SPANS 3       /* passages shown per pair in text output */

/* What is kept of one article. */
typedef struct art {
    char *id, *date, *text;
    size_t text_len;
    px_fingerprint *fp;
} art;

static void usage(FILE *f)
{
    px_dup_opts o;
    px_dup_opts_default(&o);
    fprintf(f,
            "usage: parallax dups [options] PATH...\n"
            "\n"
            "Copies among articles: exact copies, near-duplicates and articles contained in\n"
            "longer ones (a wire story inside a rewrite), most contained first.\n"
            "\n"
            "options:\n"
            "  --threshold X     near-duplicate at Jaccard >= X (default %.2f)\n"
            "  --containment X   contained at containment >= X (default %.2f)\n"
            "  --json            one JSON object per pair\n"
            "  --all-pairs       verify every pair, no index (the exhaustive baseline)\n"
            "  --bands N         LSH bands (default %u)\n"
            "  --rows N          LSH rows per band (default %u; bands x rows <= %d)\n"
            "  --sample M        containment index keeps 1 shingle in M (default %u)\n"
            "  --format F        auto, text, jsonl, html, warc (default: auto)\n"
            "  --lang L          force the language (ISO 639-1)\n"
            "  --stats           print counts, speed and index memory on stderr\n"
            "  -h, --help        this help\n",
            o.jaccard, o.containment, o.bands, o.rows, PX_FP_HASHES, o.sample_mod);
}

/* A copy of s, "" for NULL; NULL on no memory. */
static char *dup_str(const char *s)
{
    return strdup(s ? s : "");
}

/* The excerpt of text in span s: at most EXCERPT_BYTES, cut on a UTF-8
 * boundary, newlines shown as spaces; written to out (>= EXCERPT_BYTES+4). */
static void excerpt(const art *a, px_span s, char *out)
{
    uint32_t end = s.end;
    if (end > a->text_len) end = (uint32_t)a->text_len;
    if (s.start > end) s.start = end;
    int cut = end - s.start > EXCERPT_BYTES;
    if (cut) {
        end = s.start + EXCERPT_BYTES;
        while (end > s.start && ((unsigned char)a->text[end] & 0xC0) == 0x80) end--;
    }
    size_t m = 0;
    for (uint32_t i = s.start; i < end; i++) out[m++] = a->text[i] == '\n' ? ' ' : a->text[i];
    if (cut) memcpy(out + m, "...", 3), m += 3;
    out[m] = '\0';
}

/* Which article came out first: -1 a, 1 b, 0 same time, 2 unknown. */
static int first_of(const art *a, const art *b)
{
    int64_t ta = px_iso_seconds(a->date), tb = px_iso_seconds(b->date);
    if (ta == INT64_MIN || tb == INT64_MIN) return 2;
    return ta < tb ? -1 : ta > tb ? 1 : 0;
}

/* The indexes of d's spans, longest first (malloc'd, NULL when none). */
static size_t *longest_spans(const px_dup *d)
{
    if (!d->n_spans) return NULL;
    size_t *ix = malloc(d->n_spans * sizeof *ix);
    if (!ix) return NULL;
    for (size_t i = 0; i < d->n_spans; i++) ix[i] = i;
    /* stable insertion sort (qsort has no context argument) */
    for (size_t i = 1; i < d->n_spans; i++) {
        size_t v = ix[i], j = i;
        while (j > 0 && d->spans[ix[j - 1]].shingles < d->spans[v].shingles) ix[j] = ix[j - 1], j--;
        ix[j] = v;
    }
    return ix;
}

static void print_text(const px_dup *d, const art *arts)
{
    const art *a = &arts[d->a], *b = &arts[d->b];
    printf("== %s ~ %s: %s  containment %.2f  jaccard %.2f\n", a->id, b->id, px_dup_kind_str(d->kind),
           d->containment, d->jaccard);
    printf("   shared %.0f%% of %s, %.0f%% of %s (%u shingles, %zu passage%s)\n", 100 * d->share_a, a->id,
           100 * d->share_b, b->id, d->shared, d->n_spans, d->n_spans == 1 ? "" : "s");
    int f = first_of(a, b);
    if (f == -1 || f == 1)
        printf("   first: %s (%s), then %s (%s)\n", f < 0 ? a->id : b->id, f < 0 ? a->date : b->date,
               f < 0 ? b->id : a->id, f < 0 ? b->date : a->date);
    else if (f == 0)
        printf("   published at the same time (%s)\n", a->date);
    size_t *ix = longest_spans(d);
    char ex[EXCERPT_BYTES + 8];
    for (size_t k = 0; ix && k < d->n_spans && k < SHOWN_SPANS; k++) {
        const px_dup_span *s = &d->spans[ix[k]];
        excerpt(a, s->a, ex);
        printf("   [%u,%u) ~ [%u,%u): \"%s\"\n", s->a.start, s->a.end, s->b.start, s->b.end, ex);
    }
    free(ix);
    putchar('\n');
}

/* One JSON object for a pair; 0 on no memory. */
static int print_json(const px_dup *d, const art *arts)
{
    const art *a = &arts[d->a], *b = &arts[d->b];
    int f = first_of(a, b);
    json_t *spans = json_array();
    size_t *ix = longest_spans(d);
    char ex[EXCERPT_BYTES + 8];
    for (size_t k = 0; spans && ix && k < d->n_spans; k++) {
        const px_dup_span *s = &d->spans[ix[k]];
        excerpt(a, s->a, ex);
        json_array_append_new(spans, json_pack("{s:[i,i],s:[i,i],s:i,s:s}", "a", (json_int_t)s->a.start,
                                               (json_int_t)s->a.end, "b", (json_int_t)s->b.start,
                                               (json_int_t)s->b.end, "shingles", (json_int_t)s->shingles,
                                               "text", ex));
    }
    free(ix);
    json_t *o = spans ? json_pack("{s:s,s:s,s:s,s:f,s:f,s:f,s:f,s:i,s:s?,s:s?,s:o,s:o}", "a", a->id, "b",
                                  b->id, "kind", px_dup_kind_str(d->kind), "jaccard", d->jaccard,
                                  "containment", d->containment, "share_a", d->share_a, "share_b",
                                  d->share_b, "shared_shingles", (json_int_t)d->shared, "date_a",
                                  *a->date ? a->date : NULL, "date_b", *b->date ? b->date : NULL, "first",
                                  f == -1 ? json_string(a->id) : f == 1 ? json_string(b->id) : json_null(),
                                  "spans", spans)
                      : NULL;
    char *s = o ? json_dumps(o, JSON_COMPACT) : NULL;
    if (s) puts(s);
    free(s);
    json_decref(o);
    return s != NULL;
}

/* `parallax dups`: read and fingerprint every article, find the copies,
 * print them. Exit 0, 1 when some records were skipped, 2 on usage or
 * memory errors. */
int px_cli_dups(int argc, char **argv)
{
    px_dup_opts o;
    px_dup_opts_default(&o);
    px_reader_opts ropts = {0};
    const char *lang = NULL;
    int stats = 0, json = 0;
    static const struct option longopts[] = {
        {"threshold", required_argument, NULL, 't'}, {"containment", required_argument, NULL, 'c'},
        {"json", no_argument, NULL, 'j'},            {"all-pairs", no_argument, NULL, 'A'},
        {"bands", required_argument, NULL, 'b'},     {"rows", required_argument, NULL, 'r'},
        {"sample", required_argument, NULL, 'm'},    {"format", required_argument, NULL, 'f'},
        {"lang", required_argument, NULL, 'l'},      {"stats", no_argument, NULL, 'S'},
        {"help", no_argument, NULL, 'h'},            {NULL, 0, NULL, 0}};
    int c;
    double v;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        switch (c) {
        case 'j': json = 1; break;
        case 'A': o.all_pairs = 1; break;
        case 'S': stats = 1; break;
        case 'l': lang = optarg; break;
        case 'h': usage(stdout); return 0;
        case 'f':
            if (!px_cli_parse_format(optarg, &ropts.format)) {
                fprintf(stderr, "parallax dups: unknown format '%s'\n", optarg);
                return 2;
            }
            break;
        case 't': case 'c': case 'b': case 'r': case 'm':
            if (!px_cli_number(optarg, &v) || ((c == 't' || c == 'c') && v > 1) ||
                (c != 't' && c != 'c' && (v < 1 || v > 1e6))) {
                fprintf(stderr, "parallax dups: bad number '%s'\n", optarg);
                return 2;
            }
            if (c == 't') o.jaccard = v;
            else if (c == 'c') o.containment = v;
            else if (c == 'b') o.bands = (unsigned)v;
            else if (c == 'r') o.rows = (unsigned)v;
            else o.sample_mod = (unsigned)v;
            break;
        default: usage(stderr); return 2;
        }
    }
    px_error err = {0};
    px_dupindex *check = px_dupindex_new(&o, &err); /* validates the options */
    if (!check) {
        px_cli_report_error(&err);
        return 2;
    }
    px_dupindex_free(check);
    px_ctx *ctx = px_ctx_new(&err);
    const char *stdin_path[] = {"-"};
    int npaths = argc - optind;
    px_reader *r = !ctx ? NULL
                   : npaths ? px_reader_open((const char *const *)(argv + optind), (size_t)npaths, &ropts, &err)
                            : px_reader_open(stdin_path, 1, &ropts, &err);
    if (!r) {
        px_cli_report_error(&err);
        px_ctx_free(ctx);
        return 2;
    }
    px_doc_opts dopts = {.lang = lang};
    art *arts = NULL;
    size_t n = 0, cap = 0;
    uint64_t skipped = 0;
    int rc = 0;
    double t_fp = 0, t0 = px_cli_now();
    px_doc *d;
    while ((d = px_cli_next_doc(r, ctx, &dopts, &skipped)) != NULL) {
        double tb = px_cli_now();
        px_fingerprint *fp = px_fingerprint_new(d, &err);
        t_fp += px_cli_now() - tb;
        if (!fp) {
            px_cli_report_error(&err);
            px_doc_free(d);
            skipped++;
            continue;
        }
        if (n == cap) {
            size_t ncap = cap ? cap * 2 : 256;
            art *grown = realloc(arts, ncap * sizeof *arts);
            if (grown) arts = grown, cap = ncap;
        }
        char idbuf[32];
        const char *id = px_doc_id(d);
        if (!id || !*id) {
            snprintf(idbuf, sizeof idbuf, "#%zu", n + 1);
            id = idbuf;
        }
        size_t tl;
        const char *text = px_doc_text(d, &tl);
        art a = {dup_str(id), dup_str(px_doc_date(d)), malloc(tl + 1), tl, fp};
        if (a.text) memcpy(a.text, text, tl), a.text[tl] = '\0';
        px_doc_free(d);
        if (n == cap || !a.id || !a.date || !a.text) {
            fprintf(stderr, "parallax dups: out of memory\n");
            free(a.id), free(a.date), free(a.text);
            px_fingerprint_free(fp);
            rc = 2;
            break;
        }
        arts[n++] = a;
    }
    double t1 = px_cli_now();
    px_dup *dups = NULL;
    size_t nd = 0;
    px_dup_stats ds = {0};
    px_fingerprint **fps = rc ? NULL : malloc((n ? n : 1) * sizeof *fps);
    if (!rc && !fps) {
        fprintf(stderr, "parallax dups: out of memory\n");
        rc = 2;
    }
    for (size_t i = 0; fps && i < n; i++) fps[i] = arts[i].fp;
    if (!rc && px_dups_find((const px_fingerprint *const *)fps, n, &o, &dups, &nd, &ds, &err) != PX_OK) {
        px_cli_report_error(&err);
        rc = 2;
    }
    free(fps);
    size_t kinds[4] = {0};
    for (size_t i = 0; !rc && i < nd; i++) {
        kinds[dups[i].kind & 3]++;
        if (json) {
            if (!print_json(&dups[i], arts)) {
                fprintf(stderr, "parallax dups: out of memory\n");
                rc = 2;
            }
        } else {
            print_text(&dups[i], arts);
        }
    }
    if (!rc && fflush(stdout) != 0) {
        perror("parallax dups: writing output");
        rc = 2;
    }
    if (stats && !rc) {
        size_t fpmem = 0;
        for (size_t i = 0; i < n; i++) fpmem += px_fingerprint_memory(arts[i].fp);
        double find = ds.seconds_index + ds.seconds_candidates;
        fprintf(stderr,
                "parallax dups: %zu articles, %llu skipped; read+analyse %.2fs; fingerprint %.3fs, "
                "index+candidates %.3fs: %.0f articles/s (fingerprint + index); %llu candidate pairs "
                "verified in %.3fs; %zu pairs: %zu exact, %zu near-duplicate, %zu contained; "
                "index memory %zu bytes (%.0f per article); fingerprints %.0f bytes per article "
                "(transient); %s\n",
                n, (unsigned long long)skipped, t1 - t0 - t_fp, t_fp, find,
                (t_fp + find) > 0 ? n / (t_fp + find) : 0.0, (unsigned long long)ds.candidates,
                ds.seconds_verify, nd, kinds[PX_DUP_EXACT], kinds[PX_DUP_NEAR], kinds[PX_DUP_CONTAINED],
                ds.index_memory, n ? (double)ds.index_memory / n : 0.0, n ? (double)fpmem / n : 0.0,
                o.all_pairs ? "all pairs" : "LSH + containment index");
    }
    px_dups_free(dups, nd);
    for (size_t i = 0; i < n; i++) {
        free(arts[i].id);
        free(arts[i].date);
        free(arts[i].text);
        px_fingerprint_free(arts[i].fp);
    }
    free(arts);
    px_reader_close(r);
    px_ctx_free(ctx);
    if (rc) return rc;
    if (skipped)
        fprintf(stderr, "parallax dups: %zu article%s, %llu record%s skipped\n", n, n == 1 ? "" : "s",
                (unsigned long long)skipped, skipped == 1 ? "" : "s");
    return skipped ? 1 : 0;
}
