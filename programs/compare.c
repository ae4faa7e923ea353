/*
 * compare.c - `parallax compare A B` and `parallax score PAIRS.jsonl`.
 *
 *   parallax compare [--json] [--pretty] [--lang L] [--df FILE] A B
 *       the seven scores of two articles, the verdict and the evidence
 *   parallax compare [--html FILE] [--json] --coverage A B... / A B C...
 *       the coverage report (docs/coverage.md); --html also writes it as
 *       one self-contained HTML page
 *   parallax score [--baseline | --features] [--df FILE] PAIRS.jsonl...
 *       SemEval-2022 Task 8 pairs in (pair_id, lang1, lang2, title1, text1,
 *       title2, text2), one line {"pair_id", seven scores} per pair out
 *   parallax score --df-out FILE [--min-df N] PAIRS.jsonl...
 *       count the document frequencies of the pairs' articles (each once)
 *       into a table that --df reads (the background corpus)
 *
 * score reads its JSONL with the reader (lib/read.c: cJSON, gzip, stdin as
 * "-"): each article of a pair with px_reader_pair_side, the pair_id with
 * px_reader_field.
 *
 * Guarantees: a malformed line or an article that cannot be read is
 * reported on stderr with file and byte offset and skipped (exit status 1);
 * an empty article still gets a line (scores 4, "error" set) so every pair
 * of the input has an answer; memory is bounded by the longest line (at
 * most the reader's record limit, 64 MiB).
 */
#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct cmp_opts {
    int json, pretty, baseline, features, coverage;
    const char *lang, *df, *df_out, *html;
    unsigned min_df;
} cmp_opts;

static void usage(FILE *f)
{
    fprintf(f,
            "usage: parallax compare [--json] [--pretty] [--lang L] [--df FILE] A B\n"
            "       parallax compare [--json] [--pretty] [--lang L] [--df FILE] --coverage A B...\n"
            "       parallax compare [--json] [--pretty] [--lang L] [--df FILE] A B C...\n"
            "       parallax score [--baseline | --features] [--df FILE] PAIRS.jsonl...\n"
            "       parallax score --df-out FILE [--min-df N] PAIRS.jsonl...\n"
            "\n"
            "compare: how similar two articles are (text, JSONL: first record, HTML, ...):\n"
            "  seven scores 1 (very similar) .. 4 (very dissimilar), a verdict, the evidence.\n"
            "score: SemEval-2022 Task 8 pairs in, one JSON line of scores per pair out.\n"
            "\n"
            "  --coverage    compare: the coverage report (facts, conflicts, quotes, people,\n"
            "                reuse, framing; docs/coverage.md); the default for 3+ articles\n"
            "  --html FILE   coverage: also write the report as one self-contained HTML page\n"
            "                (articles side by side, passages marked; '-': the page on stdout\n"
            "                instead of the report); implies --coverage\n"
            "  --json        compare: one JSON object (schema: docs/compare.md, docs/coverage.md)\n"
            "  --pretty      indent JSON\n"
            "  --lang L      compare: force the language of both articles\n"
            "  --df FILE     document frequencies from FILE (made by --df-out), not the built-in\n"
            "  --baseline    score: overall from the plain TF-IDF cosine of the words only\n"
            "  --features    score: print the model's input features instead of scores\n"
            "  --df-out FILE score: count the articles' document frequencies into FILE\n"
            "  --min-df N    with --df-out: keep terms of N or more articles (default 2)\n");
}

/* Parse the options shared by compare and score; returns optind or -1 on
 * a usage error (reported), -2 for --help. */
static int parse(int argc, char **argv, cmp_opts *o)
{
    static const struct option longopts[] = {
        {"json", no_argument, NULL, 'j'},        {"pretty", no_argument, NULL, 'p'},
        {"baseline", no_argument, NULL, 'b'},    {"features", no_argument, NULL, 'F'},
        {"lang", required_argument, NULL, 'l'},  {"df", required_argument, NULL, 'd'},
        {"df-out", required_argument, NULL, 'o'}, {"min-df", required_argument, NULL, 'm'},
        {"coverage", no_argument, NULL, 'C'},    {"html", required_argument, NULL, 'H'},
        {"help", no_argument, NULL, 'h'},        {NULL, 0, NULL, 0}};
    memset(o, 0, sizeof *o);
    o->min_df = 2;
    optind = 1;
    int c;
    while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        switch (c) {
        case 'j': o->json = 1; break;
        case 'p': o->pretty = o->json = 1; break;
        case 'b': o->baseline = 1; break;
        case 'F': o->features = 1; break;
        case 'C': o->coverage = 1; break;
        case 'H': o->html = optarg, o->coverage = 1; break;
        case 'l': o->lang = optarg; break;
        case 'd': o->df = optarg; break;
        case 'o': o->df_out = optarg; break;
        case 'm': o->min_df = (unsigned)strtoul(optarg, NULL, 10); break;
        case 'h': usage(stdout); return -2;
        default: usage(stderr); return -1;
        }
    }
    return optind;
}

/* ------------------------------------------------------------ compare */

/* The first article of path, or NULL (reported). */
static px_doc *first_doc(px_ctx *ctx, const char *path, const char *lang)
{
    px_error err = {0};
    const char *paths[] = {path};
    px_reader *r = px_reader_open(paths, 1, NULL, &err);
    if (!r) {
        px_cli_report_error(&err);
        return NULL;
    }
    px_doc *d = NULL;
    px_doc_opts dopts = {.lang = lang};
    for (;;) {
        const px_record *rec;
        px_status st = px_reader_next(r, &rec, &err);
        if (st == PX_EOF) {
            fprintf(stderr, "parallax: %s: no article found\n", path);
            break;
        }
        if (st != PX_OK) {
            px_cli_report_error(&err);
            if (st == PX_ERR_IO) break;
            continue;
        }
        d = px_doc_from_record(ctx, rec, &dopts, &err);
        if (!d) px_cli_report_error(&err);
        break;
    }
    px_reader_close(r);
    return d;
}

/* Print text[span] on one line (newlines as spaces), at most max bytes. */
static void put_span(const px_doc *d, px_span s, size_t max)
{
    size_t len;
    const char *t = px_doc_text(d, &len);
    if (s.end > len || s.end <= s.start) return;
    size_t n = s.end - s.start, cut = n > max ? max : n;
    while (cut < n && cut > 0 && ((unsigned char)t[s.start + cut] & 0xC0) == 0x80) cut--;
    for (size_t i = 0; i < cut; i++) putchar(t[s.start + i] == '\n' ? ' ' : t[s.start + i]);
    if (cut < n) fputs("...", stdout);
}

static const char *kind_label(px_evidence_kind k)
{
    static const char *const names[] = {"person", "org", "place", "name", "number", "date", "quote", "sentence"};
    return k < PX_EV_NKINDS ? names[k] : "?";
}

/* Mention or sentence i of d as a span. */
static px_span ev_span(const px_doc *d, px_evidence_kind k, int32_t i)
{
    size_t n;
    if (k == PX_EV_SENTENCE) {
        const px_sentence *s = px_doc_sentences(d, &n);
        return i >= 0 && (size_t)i < n ? s[i].span : (px_span){0, 0};
    }
    const px_mention *m = px_doc_mentions(d, &n);
    return i >= 0 && (size_t)i < n ? m[i].span : (px_span){0, 0};
}

static void print_doc_line(const char *tag, const char *path, const px_doc *d)
{
    size_t nt;
    px_doc_tokens(d, &nt);
    printf("%s: %s  [%s, %zu tokens]  %s\n", tag, px_doc_title(d) ? px_doc_title(d) : "(no title)",
           px_doc_lang(d), nt, path);
}

static void print_comparison(const px_comparison *c, const px_doc *da, const px_doc *db,
                             const char *pa, const char *pb)
{
    print_doc_line("A", pa, da);
    print_doc_line("B", pb, db);
    const px_scores *s = px_comparison_scores(c);
    printf("\n");
    for (int d = PX_NDIMS - 1; d >= 0; d--) printf("  %-10s %.2f\n", px_dim_name(d), s->dim[d]);
    printf("  (1 = very similar .. 4 = very dissimilar)\n\nverdict: %s\n",
           px_verdict_str(px_verdict_of(s->dim[PX_DIM_OVERALL])));
    size_t n;
    const px_evidence *ev = px_comparison_evidence(c, &n);
    static const struct { const char *title; int kind; int side; } sections[] = {
        {"names in both", -1, 2}, {"names only in A", -1, 0}, {"names only in B", -1, 1},
        {"numbers in both", PX_EV_NUMBER, 2}, {"dates in both", PX_EV_DATE, 2},
        {"quotes in both", PX_EV_QUOTE, 2}, {"sentences that say the same", PX_EV_SENTENCE, 2}};
    for (size_t k = 0; k < sizeof sections / sizeof sections[0]; k++) {
        int shown = 0;
        for (size_t i = 0; i < n; i++) {
            const px_evidence *e = &ev[i];
            bool is_name = e->kind <= PX_EV_NAME;
            if (sections[k].kind < 0 ? !is_name : (int)e->kind != sections[k].kind) continue;
            int side = e->a >= 0 && e->b >= 0 ? 2 : e->a >= 0 ? 0 : 1;
            if (side != sections[k].side) continue;
            if (!shown++) printf("\n%s:\n", sections[k].title);
            if (shown > 25) {
                if (shown == 26) printf("  ...\n");
                continue;
            }
            if (e->kind == PX_EV_SENTENCE || e->kind == PX_EV_QUOTE) {
                printf("  A: ");
                put_span(da, ev_span(da, e->kind, e->a), 200);
                printf("\n  B: ");
                put_span(db, ev_span(db, e->kind, e->b), 200);
                printf("\n     (%s %.2f)\n", e->how, e->score);
            } else if (side == 2) {
                printf("  %-7s ", is_name ? kind_label(e->kind) : "");
                put_span(da, ev_span(da, e->kind, e->a), 80);
                printf("  ~  ");
                put_span(db, ev_span(db, e->kind, e->b), 80);
                printf("  (%s)\n", e->how);
            } else {
                printf("  %-7s ", kind_label(e->kind));
                put_span(side ? db : da, ev_span(side ? db : da, e->kind, side ? e->b : e->a), 80);
                putchar('\n');
            }
        }
    }
}

/* ------------------------------------------------------------ coverage */

/* Terminal styles: ANSI on a TTY (unless NO_COLOR is set), nothing when
 * piped. Passed around, never global. */
typedef struct style {
    const char *bold, *dim, *red, *green, *yellow, *reset;
} style;

static const char *const doc_colours[] = {"\033[36m", "\033[35m", "\033[33m", "\033[34m",
                                          "\033[32m", "\033[31m"};

/* The label of article i: A..Z, then #27, #28 ... */
static const char *doc_label(size_t i, char buf[16])
{
    if (i < 26) snprintf(buf, 16, "%c", (char)('A' + i));
    else snprintf(buf, 16, "#%zu", i + 1);
    return buf;
}

/* A JSON string's value, "" for anything else (never NULL). */
static const char *jstr(json_t *v)
{
    const char *s = json_string_value(v);
    return s ? s : "";
}

static void put_doc(const style *st, size_t i)
{
    char b[16];
    if (*st->reset) printf("%s%s", st->bold, doc_colours[i % 6]);
    printf("%s", doc_label(i, b));
    printf("%s", st->reset);
}

/* Print a JSON string on one line (newlines as spaces), at most max bytes
 * (cut on a character boundary). */
static void put_text(json_t *s, size_t max)
{
    if (!json_is_string(s)) {
        fputs("-", stdout);
        return;
    }
    const char *t = json_string_value(s);
    size_t n = json_string_length(s), cut = n > max ? max : n;
    while (cut < n && cut > 0 && ((unsigned char)t[cut] & 0xC0) == 0x80) cut--;
    for (size_t i = 0; i < cut; i++) putchar(t[i] == '\n' ? ' ' : t[i]);
    if (cut < n) fputs("...", stdout);
}

/* Print the article labels of an array of indexes: "A B C". */
static void put_docs(const style *st, json_t *arr)
{
    size_t k;
    json_t *v;
    json_array_foreach(arr, k, v)
    {
        if (k) putchar(' ');
        put_doc(st, (size_t)json_integer_value(v));
    }
}

static void heading(const style *st, const char *title)
{
    printf("\n%s%s%s\n", st->bold, title, st->reset);
}

static void print_coverage(json_t *r, const style *st)
{
    json_t *docs = json_object_get(r, "documents"), *d, *e, *x;
    size_t n = json_array_size(docs), i, k;
    printf("%scoverage of %zu articles%s\n", st->bold, n, st->reset);
    json_array_foreach(docs, i, d)
    {
        printf("  ");
        put_doc(st, i);
        printf("  ");
        put_text(json_object_get(json_object_get(d, "headline"), "text"), 100);
        printf("\n     %s%s, %s, %s, %lld words%s\n", st->dim,
               json_string_value(json_object_get(d, "source"))
                   ? json_string_value(json_object_get(d, "source"))
                   : "source unknown",
               json_string_value(json_object_get(d, "date"))
                   ? json_string_value(json_object_get(d, "date"))
                   : "undated",
               jstr(json_object_get(d, "lang")),
               (long long)json_integer_value(json_object_get(d, "words")), st->reset);
        printf("     %sfacts: %lld carried, %lld only here, omits %lld the others carry%s\n", st->dim,
               (long long)json_integer_value(json_object_get(d, "facts_carried")),
               (long long)json_integer_value(json_object_get(d, "facts_only_here")),
               (long long)json_integer_value(json_object_get(d, "facts_omitted")), st->reset);
    }

    heading(st, "headline and lede");
    json_array_foreach(docs, i, d)
    {
        printf("  ");
        put_doc(st, i);
        printf("  ");
        put_text(json_object_get(json_object_get(d, "headline"), "text"), 110);
        printf("\n     %s", st->dim);
        put_text(json_object_get(json_object_get(d, "lede"), "text"), 220);
        printf("%s\n", st->reset);
    }

    json_t *sum = json_object_get(r, "facts_summary");
    printf("\n%sfacts%s  (carried by all: %lld, by some: %lld, by one only: %lld)\n", st->bold,
           st->reset, (long long)json_integer_value(json_object_get(sum, "all")),
           (long long)json_integer_value(json_object_get(sum, "some")),
           (long long)json_integer_value(json_object_get(sum, "one")));
    json_t *facts = json_object_get(r, "facts");
    static const char *const scopes[] = {"all", "some", "one"};
    static const char *const scope_titles[] = {"carried by all", "carried by some", "only in one"};
    for (int sc = 0; sc < 3; sc++) {
        int shown = 0;
        json_array_foreach(facts, k, e)
        {
            if (strcmp(jstr(json_object_get(e, "scope")), scopes[sc])) continue;
            if (!shown++) printf("  %s%s:%s\n", st->dim, scope_titles[sc], st->reset);
            if (shown > 30) {
                if (shown == 31) printf("    ...\n");
                continue;
            }
            json_t *ss = json_object_get(e, "sentences");
            printf("    [");
            put_docs(st, json_object_get(e, "carried_by"));
            printf("] ");
            put_text(json_object_get(json_array_get(ss, 0), "text"), 160);
            putchar('\n');
            /* the other carriers' wording, when it differs */
            size_t j;
            json_array_foreach(ss, j, x)
            {
                if (j == 0) continue;
                if (json_equal(json_object_get(x, "text"),
                               json_object_get(json_array_get(ss, 0), "text")))
                    continue;
                printf("      %s", st->dim);
                put_doc(st, (size_t)json_integer_value(json_object_get(x, "doc")));
                printf("%s%s: ", st->reset, st->dim);
                put_text(json_object_get(x, "text"), 150);
                printf("%s\n", st->reset);
            }
        }
    }

    json_t *conf = json_object_get(r, "conflicts");
    heading(st, "numbers that disagree");
    if (!json_array_size(conf)) printf("  none found\n");
    json_array_foreach(conf, k, e)
    {
        const char *about = json_string_value(json_object_get(e, "about"));
        printf("  %s%s%s (%s):\n", st->red, about ? about : "?", st->reset,
               jstr(json_object_get(e, "kind")));
        size_t j;
        json_array_foreach(json_object_get(e, "values"), j, x)
        {
            printf("    ");
            put_doc(st, (size_t)json_integer_value(json_object_get(x, "doc")));
            printf("  %s%s", st->bold, st->red);
            put_text(json_object_get(x, "text"), 40);
            printf("%s  %s", st->reset, st->dim);
            put_text(json_object_get(json_object_get(x, "sentence"), "text"), 140);
            printf("%s\n", st->reset);
        }
    }

    heading(st, "quotes");
    json_t *quotes = json_object_get(r, "quotes");
    if (!json_array_size(quotes)) printf("  none found\n");
    json_array_foreach(quotes, k, e)
    {
        json_t *cp = json_object_get(e, "copies");
        const char *spk = json_string_value(json_object_get(e, "speaker_name"));
        printf("  %s%s%s  [", st->green, spk ? spk : "(speaker unknown)", st->reset);
        put_docs(st, json_object_get(e, "carried_by"));
        printf("]");
        if (json_is_false(json_object_get(e, "speakers_agree")))
            printf("  %s<- attributed to different speakers%s", st->yellow, st->reset);
        putchar('\n');
        size_t j;
        json_array_foreach(cp, j, x)
        {
            printf("    ");
            put_doc(st, (size_t)json_integer_value(json_object_get(x, "doc")));
            printf(" %-11s \"", jstr(json_object_get(x, "how")));
            put_text(json_object_get(x, "text"), 150);
            printf("\"");
            const char *via = json_string_value(json_object_get(x, "via"));
            if (via) printf("  %s(%s: %s)%s", st->dim, via,
                            jstr(json_object_get(json_object_get(x, "speaker"), "text")), st->reset);
            putchar('\n');
        }
    }

    heading(st, "people and organisations");
    json_t *people = json_object_get(r, "people");
    int shown = 0;
    json_array_foreach(people, k, e)
    {
        const char *kind = json_string_value(json_object_get(e, "kind"));
        if (!kind || !strcmp(kind, "place")) continue;
        if (++shown > 40) {
            if (shown == 41) printf("  ...\n");
            continue;
        }
        printf("  %-28s %-12s named by [", jstr(json_object_get(e, "name")), kind);
        put_docs(st, json_object_get(e, "named_by"));
        printf("]");
        if (json_array_size(json_object_get(e, "quoted_by"))) {
            printf("  quoted by [");
            put_docs(st, json_object_get(e, "quoted_by"));
            printf("]");
        }
        if (json_is_true(json_object_get(e, "quoted_by_one_only")))
            printf("  %s<- quoted by one side only%s", st->yellow, st->reset);
        putchar('\n');
    }

    heading(st, "reuse");
    json_t *reuse = json_object_get(r, "reuse");
    json_array_foreach(docs, i, d)
    {
        printf("  ");
        put_doc(st, i);
        printf("  %.0f%% of its text found in another article",
               100 * json_number_value(json_object_get(d, "reused_share")));
        size_t j;
        json_array_foreach(json_object_get(d, "wire"), j, x)
        {
            printf("%s wire: %s", j ? "," : ";", jstr(json_object_get(x, "agency")));
        }
        putchar('\n');
    }
    json_array_foreach(reuse, k, e)
    {
        size_t a = (size_t)json_integer_value(json_object_get(e, "a")),
               b = (size_t)json_integer_value(json_object_get(e, "b"));
        json_t *sp = json_object_get(e, "spans");
        printf("  ");
        put_doc(st, a);
        printf(" ~ ");
        put_doc(st, b);
        printf("  %s, %.0f%% / %.0f%% shared, %zu passage%s",
               strcmp(jstr(json_object_get(e, "kind")), "none") ? jstr(json_object_get(e, "kind"))
                                                                : "not a copy",
               100 * json_number_value(json_object_get(e, "share_a")),
               100 * json_number_value(json_object_get(e, "share_b")), json_array_size(sp),
               json_array_size(sp) == 1 ? "" : "s");
        json_t *earlier = json_object_get(e, "earlier");
        if (json_is_integer(earlier)) {
            printf(", ");
            put_doc(st, (size_t)json_integer_value(earlier));
            printf(" published first");
        }
        putchar('\n');
        size_t j;
        json_array_foreach(sp, j, x)
        {
            if (j >= 8) {
                printf("    ...\n");
                break;
            }
            printf("    %s\"", st->dim);
            put_text(json_object_get(json_object_get(x, "a"), "text"), 150);
            printf("\"%s\n", st->reset);
        }
    }

    heading(st, "framing: words that set each apart (log-odds z, informative Dirichlet prior)");
    json_array_foreach(json_object_get(r, "framing"), k, e)
    {
        printf("  ");
        put_doc(st, (size_t)json_integer_value(json_object_get(e, "doc")));
        printf(" ");
        size_t j;
        json_array_foreach(json_object_get(e, "terms"), j, x)
        {
            printf(" %s (%.1f)", jstr(json_object_get(x, "term")),
                   json_number_value(json_object_get(x, "z")));
        }
        putchar('\n');
    }
    heading(st, "tone (positive - negative words, -1 .. 1)");
    json_array_foreach(docs, i, d)
    {
        json_t *t = json_object_get(d, "tone");
        printf("  ");
        put_doc(st, i);
        printf("  %+.2f  (%lld positive, %lld negative words)\n",
               json_number_value(json_object_get(t, "score")),
               (long long)json_integer_value(json_object_get(t, "positive")),
               (long long)json_integer_value(json_object_get(t, "negative")));
    }
}

int px_cli_print_coverage(const char *json)
{
    json_t *r = json ? json_loads(json, 0, NULL) : NULL;
    if (!r) return -1;
    style st = {"", "", "", "", "", ""};
    const char *nc = getenv("NO_COLOR");
    if (isatty(fileno(stdout)) && !(nc && *nc))
        st = (style){"\033[1m", "\033[2m", "\033[31m", "\033[32m", "\033[33m", "\033[0m"};
    print_coverage(r, &st);
    json_decref(r);
    return 0;
}

/* `parallax compare --coverage A B ...` / `parallax compare A B C ...`. */
static int coverage_main(int n, char **paths, const cmp_opts *o)
{
    if (n < 2) {
        fprintf(stderr, "parallax compare --coverage: give two or more articles\n");
        return 2;
    }
    if (n > 64) {
        fprintf(stderr, "parallax compare --coverage: at most 64 articles\n");
        return 2;
    }
    px_error err = {0};
    px_ctx *ctx = px_ctx_new(&err);
    px_lexicon *lx = ctx ? px_lexicon_new(o->df, 0, &err) : NULL;
    px_doc **docs = calloc((size_t)n, sizeof *docs);
    if (!lx || !docs) {
        px_cli_report_error(&err);
        px_lexicon_free(lx);
        px_ctx_free(ctx);
        free(docs);
        return 2;
    }
    int rc = 1;
    bool ok = true;
    for (int i = 0; i < n && ok; i++) ok = (docs[i] = first_doc(ctx, paths[i], o->lang)) != NULL;
    px_coverage *cv =
        ok ? px_coverage_build(ctx, (const px_doc *const *)docs, (size_t)n, lx, &err) : NULL;
    if (ok && !cv) px_cli_report_error(&err);
    char *js = cv ? px_coverage_to_json(cv, o->pretty ? PX_JSON_PRETTY : 0) : NULL;
    if (cv && !js) fprintf(stderr, "parallax: no memory for the report\n");
    bool html_only = o->html && !strcmp(o->html, "-");
    if (js && o->html) {
        char *page = px_coverage_to_html(cv);
        FILE *f = !page ? NULL : html_only ? stdout : fopen(o->html, "wb");
        if (!page)
            fprintf(stderr, "parallax: no memory for the HTML page\n");
        else if (!f)
            fprintf(stderr, "parallax compare: %s: %s\n", o->html, strerror(errno));
        else {
            bool wrote = fputs(page, f) >= 0;
            if (f != stdout) wrote = (fclose(f) == 0) && wrote;
            if (!wrote) {
                fprintf(stderr, "parallax compare: %s: cannot write\n", o->html);
                f = NULL;
            } else if (html_only)
                rc = 0;
        }
        px_free(page);
        if (!page || !f) {
            px_free(js);
            js = NULL; /* the page was asked for: fail without the report */
        }
    }
    if (!js || html_only) {
        /* nothing more to print */
    } else if (o->json) {
        puts(js);
        rc = 0;
    } else if (js) {
        if (px_cli_print_coverage(js) == 0) rc = 0;
    }
    px_free(js);
    px_coverage_free(cv);
    for (int i = 0; i < n; i++) px_doc_free(docs[i]);
    free(docs);
    px_lexicon_free(lx);
    px_ctx_free(ctx);
    if (fflush(stdout) != 0) return 2;
    return rc;
}

int px_cli_compare(int argc, char **argv)
{
    cmp_opts o;
    int first = parse(argc, argv, &o);
    if (first == -2) return 0;
    if (first < 0) return 2;
    if (o.coverage || argc - first >= 3) return coverage_main(argc - first, argv + first, &o);
    if (argc - first != 2) {
        fprintf(stderr, "parallax compare: give two articles\n");
        usage(stderr);
        return 2;
    }
    px_error err = {0};
    px_ctx *ctx = px_ctx_new(&err);
    px_lexicon *lx = ctx ? px_lexicon_new(o.df, 0, &err) : NULL;
    if (!lx) {
        px_cli_report_error(&err);
        px_ctx_free(ctx);
        return 2;
    }
    int rc = 1;
    px_doc *da = first_doc(ctx, argv[first], o.lang);
    px_doc *db = da ? first_doc(ctx, argv[first + 1], o.lang) : NULL;
    px_profile *pa = da ? px_profile_new(da, lx, &err) : NULL;
    px_profile *pb = db && pa ? px_profile_new(db, lx, &err) : NULL;
    px_comparison *c = pa && pb ? px_compare(pa, pb, &err) : NULL;
    if (c) {
        if (o.json) {
            char *js = px_comparison_to_json(c, o.pretty ? PX_JSON_PRETTY : 0);
            if (js) {
                puts(js);
                px_free(js);
                rc = 0;
            }
        } else {
            print_comparison(c, da, db, argv[first], argv[first + 1]);
            rc = 0;
        }
    } else if (da && db) {
        px_cli_report_error(&err);
    }
    px_comparison_free(c);
    px_profile_free(pa);
    px_profile_free(pb);
    px_doc_free(da);
    px_doc_free(db);
    px_lexicon_free(lx);
    px_ctx_free(ctx);
    if (fflush(stdout) != 0) return 2;
    return rc;
}

/* ------------------------------------------------------------ score */

/* Article side (1 or 2) of the reader's current pair line as a record
 * (title, text, declared language: px_reader_pair_side); false, reported,
 * when the line has no such article. */
static bool pair_side(px_reader *r, int side, px_record *rec)
{
    px_error err = {0};
    if (px_reader_pair_side(r, side, rec, &err) == PX_OK) return true;
    px_cli_report_error(&err); /* names the file, offset and article */
    return false;
}

/* The document of article side (1 or 2) of a pair, a failure reported
 * with file and offset. */
static px_doc *pair_doc(px_ctx *ctx, const px_record *rec, int side)
{
    px_error err = {0};
    px_doc *d = px_doc_from_record(ctx, rec, NULL, &err);
    if (!d) {
        if (!err.file[0]) snprintf(err.file, sizeof err.file, "%s", rec->file);
        err.offset = rec->offset;
        size_t n = strlen(err.msg);
        snprintf(err.msg + n, sizeof err.msg - n, " (article %d of the pair)", side);
        px_cli_report_error(&err);
    }
    return d;
}

/* FNV-1a of an article's title and text: counts each article once. */
static uint64_t article_hash(const px_record *rec)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    for (int i = 0; i < 2; i++) {
        const char *s = i ? rec->body : rec->title;
        for (; s && *s; s++) h = (h ^ (unsigned char)*s) * 0x100000001b3ULL;
    }
    return h ? h : 1;
}

/* A set of 64-bit hashes (open addressing), for --df-out. */
typedef struct hset {
    uint64_t *k;
    size_t n, cap;
} hset;

/* Insert h; returns 1 when new, 0 when present, -1 on no memory. */
static int hset_add(hset *s, uint64_t h)
{
    if ((s->n + 1) * 2 > s->cap) {
        size_t ncap = s->cap ? s->cap * 2 : 1024;
        uint64_t *nk = calloc(ncap, sizeof *nk);
        if (!nk) return -1;
        for (size_t i = 0; i < s->cap; i++)
            if (s->k[i]) {
                size_t j = s->k[i] & (ncap - 1);
                while (nk[j]) j = (j + 1) & (ncap - 1);
                nk[j] = s->k[i];
            }
        free(s->k);
        s->k = nk;
        s->cap = ncap;
    }
    size_t j = h & (s->cap - 1);
    while (s->k[j]) {
        if (s->k[j] == h) return 0;
        j = (j + 1) & (s->cap - 1);
    }
    s->k[j] = h;
    s->n++;
    return 1;
}

/* Print one pair's answer line. */
static void print_scores(const char *pair_id, const px_scores *s, const char *error)
{
    json_t *id = json_string(pair_id ? pair_id : "");
    char *ids = id ? json_dumps(id, JSON_ENCODE_ANY) : NULL;
    printf("{\"pair_id\": %s", ids ? ids : "\"\"");
    for (int d = PX_NDIMS - 1; d >= 0; d--) printf(", \"%s\": %.4f", px_dim_name(d), s->dim[d]);
    if (error) printf(", \"error\": \"%s\"", error);
    printf("}\n");
    free(ids);
    json_decref(id);
}

static void print_features(const char *pair_id, const double *f, size_t n)
{
    json_t *id = json_string(pair_id ? pair_id : "");
    char *ids = id ? json_dumps(id, JSON_ENCODE_ANY) : NULL;
    printf("{\"pair_id\": %s, \"features\": {", ids ? ids : "\"\"");
    for (size_t i = 0; i < n; i++) printf("%s\"%s\": %.17g", i ? ", " : "", px_feature_name(i), f[i]);
    printf("}}\n");
    free(ids);
    json_decref(id);
}

/* Score (or count) every pair of one file. Returns the number of lines
 * skipped or pairs with an unreadable article; -1 when the file cannot
 * be read. */
static long score_file(const char *path, const cmp_opts *o, px_ctx *ctx, px_lexicon *lx,
                       px_lexicon *count, hset *seen)
{
    px_reader_opts ropts = {.format = PX_FORMAT_JSONL};
    px_error err = {0};
    px_reader *r = px_reader_open(&path, 1, &ropts, &err);
    if (!r) {
        px_cli_report_error(&err);
        return -1;
    }
    long bad = 0;
    double fv[64];
    for (;;) {
        const px_record *rec;
        px_status st = px_reader_next(r, &rec, &err);
        if (st == PX_EOF) break;
        if (st != PX_OK) {
            px_cli_report_error(&err);
            if (st == PX_ERR_IO) {
                px_reader_close(r);
                return -1;
            }
            bad++;
            continue;
        }
        size_t idlen;
        const char *id = px_reader_field(r, "pair_id", &idlen);
        char idbuf[64];
        const char *pair_id = id;
        if (id && idlen < sizeof idbuf) {
            memcpy(idbuf, id, idlen + 1); /* a number's string lasts only until the next field */
            pair_id = idbuf;
        }
        if (!pair_id) {
            fprintf(stderr, "parallax: %s: offset %llu: format error: no pair_id\n", rec->file,
                    (unsigned long long)rec->offset);
            bad++;
            continue;
        }
        if (count) {
            /* the background corpus: each distinct article once */
            for (int side = 1; side <= 2; side++) {
                px_record art;
                if (!pair_side(r, side, &art)) continue;
                int fresh = hset_add(seen, article_hash(&art));
                if (fresh <= 0) continue;
                px_doc *d = pair_doc(ctx, &art, side);
                px_profile *p = d ? px_profile_new(d, count, NULL) : NULL;
                if (p) px_lexicon_count(count, p, NULL);
                px_profile_free(p);
                px_doc_free(d);
            }
            continue;
        }
        px_record ra, rb;
        px_doc *da = pair_side(r, 1, &ra) ? pair_doc(ctx, &ra, 1) : NULL;
        px_doc *db = pair_side(r, 2, &rb) ? pair_doc(ctx, &rb, 2) : NULL;
        px_profile *pa = da ? px_profile_new(da, lx, NULL) : NULL;
        px_profile *pb = db ? px_profile_new(db, lx, NULL) : NULL;
        px_scores s;
        if (pa && pb) {
            if (o->features) {
                size_t n = px_compare_features(pa, pb, fv, 64);
                print_features(pair_id, fv, n < 64 ? n : 64);
            } else if (o->baseline) {
                double cos = px_compare_baseline(pa, pb);
                for (int d = 0; d < PX_NDIMS; d++) s.dim[d] = 4.0 - 3.0 * cos;
                print_scores(pair_id, &s, NULL);
            } else {
                px_compare_scores(pa, pb, &s);
                print_scores(pair_id, &s, NULL);
            }
        } else {
            /* an article that cannot be read shares nothing: the pair still
             * gets an answer, marked */
            for (int d = 0; d < PX_NDIMS; d++) s.dim[d] = 4.0;
            if (!o->features) print_scores(pair_id, &s, "article could not be read");
            bad++;
        }
        px_profile_free(pa);
        px_profile_free(pb);
        px_doc_free(da);
        px_doc_free(db);
    }
    px_reader_close(r);
    return bad;
}

int px_cli_score(int argc, char **argv)
{
    cmp_opts o;
    int first = parse(argc, argv, &o);
    if (first == -2) return 0;
    if (first < 0) return 2;
    if (first == argc) {
        fprintf(stderr, "parallax score: give a pairs file (JSONL), or - for stdin\n");
        usage(stderr);
        return 2;
    }
    px_error err = {0};
    px_ctx *ctx = px_ctx_new(&err);
    px_lexicon *lx = ctx ? px_lexicon_new(o.df, 0, &err) : NULL;
    px_lexicon *count = lx && o.df_out ? px_lexicon_new(NULL, PX_LEX_NO_DF, &err) : NULL;
    if (!lx || (o.df_out && !count)) {
        px_cli_report_error(&err);
        px_lexicon_free(lx);
        px_ctx_free(ctx);
        return 2;
    }
    hset seen = {0};
    long bad = 0;
    int rc = 0;
    for (int i = first; i < argc; i++) {
        long b = score_file(argv[i], &o, ctx, lx, count, &seen);
        if (b < 0) rc = 2;
        else bad += b;
    }
    if (count && px_lexicon_save_df(count, o.df_out, o.min_df ? o.min_df : 1, &err) != PX_OK) {
        px_cli_report_error(&err);
        rc = 2;
    }
    if (count) fprintf(stderr, "parallax: %u articles counted into %s\n", px_lexicon_docs(count), o.df_out);
    free(seen.k);
    px_lexicon_free(count);
    px_lexicon_free(lx);
    px_ctx_free(ctx);
    if (fflush(stdout) != 0) return 2;
    if (bad) fprintf(stderr, "parallax: %ld pair line%s skipped or incomplete\n", bad, bad == 1 ? "" : "s");
    return rc ? rc : bad ? 1 : 0;
}
