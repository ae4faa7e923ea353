/*
 * cluster.c - `parallax cluster [options] PATH...`: group articles into
 * stories. Prints `ID<TAB>STORY` for every article, in input order, where
 * STORY is the final id of its story (after merges).
 *
 * The articles are read and profiled first, then given to the online
 * clusterer in publication order (a stable sort by date; an undated article
 * keeps its place after the dated article before it in the input), which is
 * how the ingest command will see them. Articles that cannot be read are
 * reported on stderr and left out (exit status 1).
 */
#include "cli.h"

#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* One article waiting to be clustered. */
typedef struct item {
    char *id;
    px_cluster_doc *cd;
    int64_t order_time;  /* its time, or the time of the dated article before it */
    uint32_t input;      /* input position */
    uint64_t story;
} item;

/* Print the usage, with the defaults. */
static void usage_defaults(FILE *f)
{
    px_cluster_opts o;
    px_cluster_opts_default(&o);
    fprintf(f,
            "usage: parallax cluster [options] PATH...\n"
            "\n"
            "Group articles into stories: one line `ID<TAB>STORY` per article, in input order.\n"
            "Articles are clustered online in publication order (undated ones in input order).\n"
            "\n"
            "options:\n"
            "  --baseline          plain TF-IDF single pass on words (no stems, names, time, merges)\n"
            "  --threshold X       join a story at similarity >= X (default %.2f)\n"
            "  --long-threshold X  the same for long articles, 150+ words (default %.2f)\n"
            "  --merge X           merge stories whose centroids reach X (default %.2f; 0 = never)\n"
            "  --half-life H       time decay half-life in hours (default %.0f; 0 = none)\n"
            "  --title-weight X    weight of title stems (default %.2f)\n"
            "  --name-weight X     weight of names and acronyms (default %.2f)\n"
            "  --number-weight X   weight of numbers (default %.2f)\n"
            "  --bigram-weight X   weight of pairs of adjacent content words (default %.2f)\n"
            "  --cross-weight X    across languages, weight of names+numbers alone (default %.2f)\n"
            "  --doc-terms N       top terms per article (default %u)\n"
            "  --story-terms N     top terms per story (default %u)\n"
            "  --size-prior X      similarity to a story of n articles x (1 + X ln n) (default %.2f)\n"
            "  --nn-weight X       weight of the best cosine with one recent article of a story\n"
            "                      (default %.2f; 0 = centroids only)\n"
            "  --nn-window N       recent articles compared that way (default %u)\n"
            "  --absorb X          a story still one article long N articles later joins the\n"
            "                      story most like it at X x its threshold (short articles;\n"
            "                      1 x for long ones) (default %.2f; 0 = never)\n"
            "  --absorb-after N    that N (default %u)\n"
            "  --idf-prior N0      idf = ln((N + 1 + N0) / (df + 0.5)) over the N articles seen:\n"
            "                      N0 pseudo-articles with no terms, so the first articles'\n"
            "                      shared words still count (default %.0f; 0 = plain idf)\n"
            "  --young-size N      a story of at most N articles is joined only on more than\n"
            "                      one shared term (default %u; 0 = no such check) ...\n"
            "  --young-rest X      ... the similarity without the term that adds most must\n"
            "                      reach X x the threshold (default %.2f) ...\n"
            "  --young-after N     ... once N articles were added (default %u)\n"
            "  --format F          auto, text, jsonl, html, warc (default: auto)\n"
            "  --lang L            force the language (ISO 639-1)\n"
            "  --stats             print counts and speed on stderr\n"
            "  -h, --help          this help\n",
            o.threshold, o.long_threshold, o.merge_threshold, o.half_life_hours, o.title_weight, o.name_weight,
            o.number_weight, o.bigram_weight, o.cross_weight, o.doc_terms, o.story_terms, o.size_prior, o.nn_weight,
            o.nn_window, o.absorb_ratio, o.absorb_after, o.idf_prior, o.young_size, o.young_rest,
            o.young_after);
}

/* Order items by publication time, then input position (a stable sort). */
static int cmp_item(const void *a, const void *b)
{
    const item *x = a, *y = b;
    if (x->order_time != y->order_time) return x->order_time < y->order_time ? -1 : 1;
    return x->input < y->input ? -1 : x->input > y->input;
}

/* Order items by input position (to print them as they came). */
static int cmp_input(const void *a, const void *b)
{
    const item *x = a, *y = b;
    return x->input < y->input ? -1 : x->input > y->input;
}

/* `parallax cluster`: read and profile every article, sort by time, add them
 * to one clusterer, print ID<TAB>STORY in input order. Exit 0, 1 when some
 * records were skipped, 2 on usage or memory errors. */
int px_cli_cluster(int argc, char **argv)
{
    px_cluster_opts o;
    px_cluster_opts_default(&o);
    px_reader_opts ropts = {0};
    const char *lang = NULL;
    int stats = 0;
    static const struct option longopts[] = {
        {"baseline", no_argument, NULL, 'b'},        {"threshold", required_argument, NULL, 't'},
        {"long-threshold", required_argument, NULL, 'L'},
        {"merge", required_argument, NULL, 'm'},     {"half-life", required_argument, NULL, 'H'},
        {"title-weight", required_argument, NULL, 'T'}, {"name-weight", required_argument, NULL, 'N'},
        {"number-weight", required_argument, NULL, 'U'}, {"bigram-weight", required_argument, NULL, 'B'},
        {"cross-weight", required_argument, NULL, 'X'}, {"doc-terms", required_argument, NULL, 'd'},
        {"story-terms", required_argument, NULL, 's'}, {"format", required_argument, NULL, 'f'},
        {"nn-weight", required_argument, NULL, 'n'}, {"nn-window", required_argument, NULL, 'w'},
        {"size-prior", required_argument, NULL, 'P'},
        {"absorb", required_argument, NULL, 'A'},    {"absorb-after", required_argument, NULL, 'a'},
        {"idf-prior", required_argument, NULL, 'I'},
        {"young-size", required_argument, NULL, 'Y'}, {"young-rest", required_argument, NULL, 'R'},
        {"young-after", required_argument, NULL, 'G'},
        {"lang", required_argument, NULL, 'l'},      {"stats", no_argument, NULL, 'S'},
        {"help", no_argument, NULL, 'h'},            {NULL, 0, NULL, 0}};
    int c, baseline = 0, threshold_set = 0;
    double v;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        switch (c) {
        case 'b': baseline = 1; break;
        case 'S': stats = 1; break;
        case 'l': lang = optarg; break;
        case 'h': usage_defaults(stdout); return 0;
        case 'f':
            if (!px_cli_parse_format(optarg, &ropts.format)) {
                fprintf(stderr, "parallax cluster: unknown format '%s'\n", optarg);
                return 2;
            }
            break;
        case 't': case 'L': case 'm': case 'H': case 'T': case 'N': case 'U': case 'B': case 'X': case 'd': case 's':
        case 'n': case 'w': case 'P': case 'A': case 'a': case 'I': case 'Y': case 'R': case 'G':
            if (!px_cli_number(optarg, &v) || v < 0 ||
                ((c == 'd' || c == 's' || c == 'w' || c == 'a' || c == 'Y' || c == 'G') && v > 4294967295.0)) {
                fprintf(stderr, "parallax cluster: bad number '%s'\n", optarg);
                return 2;
            }
            if (c == 't') o.threshold = v, threshold_set = 1;
            else if (c == 'L') o.long_threshold = v;
            else if (c == 'm') o.merge_threshold = v;
            else if (c == 'H') o.half_life_hours = v;
            else if (c == 'T') o.title_weight = v;
            else if (c == 'N') o.name_weight = v;
            else if (c == 'U') o.number_weight = v;
            else if (c == 'B') o.bigram_weight = v;
            else if (c == 'X') o.cross_weight = v;
            else if (c == 'd') o.doc_terms = (unsigned)v;
            else if (c == 'n') o.nn_weight = v;
            else if (c == 'P') o.size_prior = v;
            else if (c == 'A') o.absorb_ratio = v;
            else if (c == 'a') o.absorb_after = (unsigned)v;
            else if (c == 'w') o.nn_window = (unsigned)v;
            else if (c == 'I') o.idf_prior = v;
            else if (c == 'Y') o.young_size = (unsigned)v;
            else if (c == 'R') o.young_rest = v;
            else if (c == 'G') o.young_after = (unsigned)v;
            else o.story_terms = (unsigned)v;
            break;
        default: usage_defaults(stderr); return 2;
        }
    }
    if (baseline) {
        double t = o.threshold;
        px_cluster_opts_baseline(&o);
        if (threshold_set) o.threshold = t;
    }
    px_error err = {0};
    px_clusterer *cl = px_clusterer_new(&o, &err);
    if (!cl) {
        px_cli_report_error(&err);
        return 2;
    }
    px_ctx *ctx = px_ctx_new(&err);
    px_lexicon *lx = ctx ? px_lexicon_new(NULL, PX_LEX_NO_DF, &err) : NULL;
    const char *stdin_path[] = {"-"};
    int npaths = argc - optind;
    px_reader *r = !lx ? NULL
                   : npaths ? px_reader_open((const char *const *)(argv + optind), (size_t)npaths, &ropts, &err)
                            : px_reader_open(stdin_path, 1, &ropts, &err);
    if (!r) {
        px_cli_report_error(&err);
        px_lexicon_free(lx);
        px_ctx_free(ctx);
        px_clusterer_free(cl);
        return 2;
    }
    double t0 = px_cli_now();
    px_doc_opts dopts = {.lang = lang};
    item *items = NULL;
    size_t n = 0, cap = 0;
    uint64_t skipped = 0;
    int64_t last_time = INT64_MIN;
    int rc = 0;
    px_doc *d;
    while ((d = px_cli_next_doc(r, ctx, &dopts, &skipped)) != NULL) {
        px_cluster_doc *cd = px_cluster_doc_of(d, lx, &o, &err);
        const char *id = px_doc_id(d);
        char fallback[32];
        if (!id) {
            snprintf(fallback, sizeof fallback, "%zu", n + 1);
            id = fallback;
        }
        char *idc = cd ? strdup(id) : NULL;
        if (cd && n == cap) {
            size_t ncap = cap ? cap * 2 : 1024;
            item *grown = realloc(items, ncap * sizeof *items);
            if (grown) items = grown, cap = ncap;
        }
        if (cd && (!idc || n == cap)) {
            fprintf(stderr, "parallax cluster: out of memory\n");
            free(idc);
            px_cluster_doc_free(cd);
            px_doc_free(d);
            rc = 2;
            break;
        }
        if (!cd) {
            px_cli_report_error(&err);
            skipped++;
        } else {
            int64_t t = px_cluster_doc_time(cd);
            if (t != INT64_MIN) last_time = t;
            items[n] = (item){.id = idc, .cd = cd, .order_time = t != INT64_MIN ? t : last_time,
                              .input = (uint32_t)n};
            n++;
        }
        px_doc_free(d);
    }
    double t1 = px_cli_now();
    if (rc == 0) {
        if (n) qsort(items, n, sizeof *items, cmp_item);
        for (size_t i = 0; i < n; i++) {
            if (px_clusterer_add(cl, items[i].cd, &items[i].story, &err) != PX_OK) {
                px_cli_report_error(&err);
                rc = 2;
                break;
            }
        }
    }
    double t2 = px_cli_now();
    if (rc == 0) {
        if (n) qsort(items, n, sizeof *items, cmp_input);
        for (size_t i = 0; i < n; i++)
            printf("%s\t%llu\n", items[i].id,
                   (unsigned long long)px_clusterer_story(cl, items[i].story));
        if (fflush(stdout) != 0) {
            perror("parallax cluster: writing output");
            rc = 2;
        }
    }
    if (stats) {
        px_cluster_stats s;
        px_clusterer_stats(cl, &s);
        double all = t2 - t0, clu = t2 - t1;
        fprintf(stderr,
                "parallax cluster: %zu articles, %llu skipped, %llu stories (%llu ids, %llu merges, "
                "%llu retired); read+analyse %.2fs, cluster %.3fs (%.0f articles/s), "
                "end to end %.0f articles/s; clusterer memory %zu bytes (%.0f per article)\n",
                n, (unsigned long long)skipped, (unsigned long long)s.alive,
                (unsigned long long)s.stories, (unsigned long long)s.merges,
                (unsigned long long)s.retired, t1 - t0, clu, clu > 0 ? n / clu : 0.0,
                all > 0 ? n / all : 0.0, s.memory, n ? (double)s.memory / n : 0.0);
    }
    for (size_t i = 0; i < n; i++) {
        free(items[i].id);
        px_cluster_doc_free(items[i].cd);
    }
    free(items);
    px_reader_close(r);
    px_lexicon_free(lx);
    px_ctx_free(ctx);
    px_clusterer_free(cl);
    if (rc) return rc;
    if (skipped)
        fprintf(stderr, "parallax cluster: %zu article%s, %llu record%s skipped\n", n,
                n == 1 ? "" : "s", (unsigned long long)skipped, skipped == 1 ? "" : "s");
    return skipped ? 1 : 0;
}
