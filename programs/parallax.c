/*
 * parallax - the command-line tool over libparallax.
 *
 *   parallax clean   [options] PATH...   articles cleaned, with metadata
 *   parallax analyze [options] PATH...   names, numbers, dates, quotes found
 *   parallax extract [options] PAGE...   the article in web pages (HTML, WARC)
 *
 * PATH is a file (plain text, JSONL, HTML, WARC; gzipped or not), a
 * directory, or "-" for standard input. Exit status: 0 when every record
 * was read, 1 when some were skipped (each is reported on stderr with file
 * and byte offset), 2 on a usage error.
 */
#include "cli.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

typedef struct cli_opts {
    int json, pretty, tokens, keep_all;
    px_format format;
    const char *lang;
} cli_opts;

static void usage(FILE *f)
{
    fprintf(f,
            "usage: parallax COMMAND [options] PATH...\n"
            "\n"
            "commands:\n"
            "  clean     print each article cleaned of page junk, with its metadata\n"
            "  analyze   print the names, numbers, dates and quotes found in each article\n"
            "  extract   print the article found in web pages (HTML, WARC)\n"
            "  compare   how similar two articles are, on seven dimensions, with the evidence\n"
            "  score     SemEval-2022 Task 8 pairs (JSONL) in, one line of scores per pair out\n"
            "  cluster   group articles into stories: ID<TAB>STORY per article (see cluster --help)\n"
            "  ingest    store articles in the corpus database (--db, default ./parallax.db) and\n"
            "            place each in a story; idempotent, resumable (see ingest --help)\n"
            "  stories   list the stories in the database (--since --until --lang --outlet --query)\n"
            "  story     the articles of one story and the coverage report across its outlets\n"
            "  similar   the stored articles nearest to an article, scored (-k --json --stats)\n"
            "  dups      copies: exact, near-duplicate and contained articles (see dups --help)\n"
            "\n"
            "PATH is a file (text, JSONL, HTML, WARC; .gz or not), a directory, or - for stdin.\n"
            "\n"
            "options:\n"
            "  --json            one JSON object per article (schema: docs/json.md)\n"
            "  --pretty          indent JSON\n"
            "  --tokens          with analyze --json: include every token\n"
            "  --keep-all        clean: keep every line (only split paragraphs)\n"
            "  --format F        auto, text, jsonl, html, warc (default: auto)\n"
            "  --lang L          force the language (ISO 639-1), no detection\n"
            "  -h, --help        this help\n"
            "  -V, --version     print the version\n"
            "\n"
            "exit status: 0 all records read, 1 some records skipped (reported on stderr), 2 usage\n");
}

/* Report a skipped record on stderr: "parallax: FILE: offset N: reason". */
void px_cli_report_error(const px_error *e)
{
    if (e->file[0] && e->offset != PX_NO_OFFSET)
        fprintf(stderr, "parallax: %s: offset %llu: %s: %s\n", e->file,
                (unsigned long long)e->offset, px_status_str(e->code), e->msg);
    else if (e->file[0])
        fprintf(stderr, "parallax: %s: %s: %s\n", e->file, px_status_str(e->code), e->msg);
    else
        fprintf(stderr, "parallax: %s: %s\n", px_status_str(e->code), e->msg);
}

static void print_span(const char *text, px_span s)
{
    fwrite(text + s.start, 1, s.end - s.start, stdout);
}

/* Print a line of metadata "key: value" when value is set. */
static void meta(const char *key, const char *value)
{
    if (value && *value) printf("%s: %s\n", key, value);
}

static void print_header(const px_doc *d)
{
    printf("== %s\n", px_doc_id(d) ? px_doc_id(d) : "(no id)");
    meta("title", px_doc_title(d));
    meta("date", px_doc_date(d));
    meta("source", px_doc_source(d));
    meta("url", px_doc_url(d));
    meta("byline", px_doc_byline(d));
    printf("lang: %s (%.2f)\n", px_doc_lang(d), px_doc_lang_confidence(d));
}

static void print_clean(const px_doc *d)
{
    const char *text = px_doc_text(d, NULL);
    print_header(d);
    size_t n;
    const px_span *paras = px_doc_paragraphs(d, &n);
    for (size_t i = 0; i < n; i++) {
        putchar('\n');
        print_span(text, paras[i]);
        putchar('\n');
    }
    const px_removed *rm = px_doc_removed(d, &n);
    if (n) printf("\n-- removed %zu line%s:\n", n, n == 1 ? "" : "s");
    for (size_t i = 0; i < n; i++) {
        uint32_t len = rm[i].span.end - rm[i].span.start;
        px_span s = rm[i].span;
        /* show at most ~100 bytes, cut on a character boundary */
        if (len > 100) {
            s.end = s.start + 100;
            while (s.end > s.start && ((unsigned char)text[s.end] & 0xC0) == 0x80) s.end--;
        }
        printf("   [%s] ", rm[i].reason);
        print_span(text, s);
        printf("%s\n", len > 100 ? "..." : "");
    }
    if (px_doc_invalid_bytes(d))
        printf("\n-- %zu invalid UTF-8 byte(s) replaced\n", px_doc_invalid_bytes(d));
    putchar('\n');
}

static const char *kind_label(px_mention_kind k)
{
    switch (k) {
    case PX_MENTION_NAME: return "names";
    case PX_MENTION_ACRONYM: return "acronyms";
    case PX_MENTION_NUMBER: return "numbers";
    case PX_MENTION_MONEY: return "money";
    case PX_MENTION_PERCENT: return "percentages";
    case PX_MENTION_QUANTITY: return "quantities";
    case PX_MENTION_DATE: return "dates";
    case PX_MENTION_QUOTE: return "quotes";
    }
    return "other";
}

static void print_analysis(const px_doc *d)
{
    const char *text = px_doc_text(d, NULL);
    size_t ns, nt, nm;
    px_doc_sentences(d, &ns);
    px_doc_tokens(d, &nt);
    const px_mention *m = px_doc_mentions(d, &nm);
    print_header(d);
    printf("sentences: %zu  tokens: %zu  mentions: %zu\n", ns, nt, nm);
    for (int k = PX_MENTION_NAME; k <= PX_MENTION_QUOTE; k++) {
        int first = 1;
        for (size_t i = 0; i < nm; i++) {
            if ((int)m[i].kind != k) continue;
            if (first) printf("\n%s:\n", kind_label((px_mention_kind)k));
            first = 0;
            printf("  [%u,%u] ", m[i].span.start, m[i].span.end);
            if (k == PX_MENTION_QUOTE) putchar('"');
            print_span(text, m[i].span);
            if (k == PX_MENTION_QUOTE) putchar('"');
            if (k != PX_MENTION_QUOTE && k != PX_MENTION_NAME && k != PX_MENTION_ACRONYM && m[i].norm)
                printf("  = %s%s%s", m[i].norm, m[i].unit ? " " : "", m[i].unit ? m[i].unit : "");
            putchar('\n');
        }
    }
    putchar('\n');
}

enum command { CMD_CLEAN, CMD_ANALYZE, CMD_EXTRACT };

static int run(enum command cmd, const cli_opts *o, char **paths, int npaths)
{
    px_error err = {0};
    px_ctx *ctx = px_ctx_new(&err);
    if (!ctx) {
        px_cli_report_error(&err);
        return 2;
    }
    px_reader_opts ropts = {.format = o->format};
    const char *stdin_path[] = {"-"};
    px_reader *r = npaths ? px_reader_open((const char *const *)paths, (size_t)npaths, &ropts, &err)
                          : px_reader_open(stdin_path, 1, &ropts, &err);
    if (!r) {
        px_cli_report_error(&err);
        px_ctx_free(ctx);
        return 2;
    }
    px_doc_opts dopts = {.lang = o->lang};
    if (o->keep_all) dopts.flags |= PX_DOC_NO_CLEAN;
    if (cmd != CMD_ANALYZE) dopts.flags |= PX_DOC_NO_ANALYZE;
    unsigned jflags = (o->pretty ? PX_JSON_PRETTY : 0) |
                      (cmd == CMD_ANALYZE ? PX_JSON_ANALYSIS : 0) | (o->tokens ? PX_JSON_TOKENS : 0);
    uint64_t skipped = 0, articles = 0;
    px_doc *d;
    while ((d = px_cli_next_doc(r, ctx, &dopts, &skipped)) != NULL) {
        articles++;
        if (o->json) {
            char *js = px_doc_to_json(d, jflags);
            if (js) {
                fputs(js, stdout);
                putchar('\n');
                px_free(js);
            }
        } else if (cmd == CMD_ANALYZE) {
            print_analysis(d);
        } else {
            print_clean(d);
        }
        px_doc_free(d);
    }
    uint64_t not_articles = px_reader_skipped(r);
    px_reader_close(r);
    px_ctx_free(ctx);
    if (not_articles)
        fprintf(stderr, "parallax: %llu web-archive record%s passed over (not HTML pages)\n",
                (unsigned long long)not_articles, not_articles == 1 ? "" : "s");
    if (fflush(stdout) != 0) {
        perror("parallax: writing output");
        return 2;
    }
    if (skipped)
        fprintf(stderr, "parallax: %llu article%s, %llu record%s skipped\n",
                (unsigned long long)articles, articles == 1 ? "" : "s",
                (unsigned long long)skipped, skipped == 1 ? "" : "s");
    return skipped ? 1 : 0;
}

px_doc *px_cli_next_doc(px_reader *r, px_ctx *ctx, const px_doc_opts *o, uint64_t *skipped)
{
    px_error err = {0};
    for (;;) {
        const px_record *rec;
        px_status st = px_reader_next(r, &rec, &err);
        if (st == PX_EOF) return NULL;
        px_doc *d = st == PX_OK ? px_doc_from_record(ctx, rec, o, &err) : NULL;
        if (d) return d;
        px_cli_report_error(&err);
        (*skipped)++;
    }
}

int px_cli_number(const char *s, double *out)
{
    char *end;
    double v = strtod(s, &end);
    if (end == s || *end || v < 0) return 0;
    *out = v;
    return 1;
}

double px_cli_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

int px_cli_parse_format(const char *s, px_format *f)
{
    static const struct { const char *name; px_format f; } names[] = {
        {"auto", PX_FORMAT_AUTO}, {"text", PX_FORMAT_TEXT}, {"jsonl", PX_FORMAT_JSONL},
        {"html", PX_FORMAT_HTML}, {"warc", PX_FORMAT_WARC}};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(s, names[i].name) == 0) {
            *f = names[i].f;
            return 1;
        }
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    const char *name = argv[1];
    if (!strcmp(name, "-h") || !strcmp(name, "--help") || !strcmp(name, "help")) {
        usage(stdout);
        return 0;
    }
    if (!strcmp(name, "-V") || !strcmp(name, "--version")) {
        printf("parallax %s\n", PX_VERSION);
        return 0;
    }
    if (!strcmp(name, "compare")) return px_cli_compare(argc - 1, argv + 1);
    if (!strcmp(name, "score")) return px_cli_score(argc - 1, argv + 1);
    if (!strcmp(name, "cluster")) return px_cli_cluster(argc - 1, argv + 1);
    if (!strcmp(name, "ingest")) return px_cli_ingest(argc - 1, argv + 1);
    if (!strcmp(name, "stories")) return px_cli_stories(argc - 1, argv + 1);
    if (!strcmp(name, "story")) return px_cli_story(argc - 1, argv + 1);
    if (!strcmp(name, "similar")) return px_cli_similar(argc - 1, argv + 1);
    if (!strcmp(name, "dups")) return px_cli_dups(argc - 1, argv + 1);
    enum command cmd;
    if (!strcmp(name, "clean")) cmd = CMD_CLEAN;
    else if (!strcmp(name, "analyze") || !strcmp(name, "analyse")) cmd = CMD_ANALYZE;
    else if (!strcmp(name, "extract")) cmd = CMD_EXTRACT;
    else {
        fprintf(stderr, "parallax: unknown command '%s'\n", name);
        usage(stderr);
        return 2;
    }
    cli_opts o = {0};
    static const struct option longopts[] = {
        {"json", no_argument, NULL, 'j'},   {"pretty", no_argument, NULL, 'p'},
        {"tokens", no_argument, NULL, 't'}, {"keep-all", no_argument, NULL, 'k'},
        {"format", required_argument, NULL, 'f'}, {"lang", required_argument, NULL, 'l'},
        {"help", no_argument, NULL, 'h'},   {NULL, 0, NULL, 0}};
    optind = 2;
    int c;
    while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        switch (c) {
        case 'j': o.json = 1; break;
        case 'p': o.pretty = 1; break;
        case 't': o.tokens = 1; break;
        case 'k': o.keep_all = 1; break;
        case 'f':
            if (!px_cli_parse_format(optarg, &o.format)) {
                fprintf(stderr, "parallax: unknown format '%s' (auto, text, jsonl, html, warc)\n", optarg);
                return 2;
            }
            break;
        case 'l': o.lang = optarg; break;
        case 'h': usage(stdout); return 0;
        default: usage(stderr); return 2;
        }
    }
    if (cmd == CMD_EXTRACT && o.format == PX_FORMAT_AUTO && optind < argc &&
        argc - optind == 1 && !strcmp(argv[optind], "-"))
        o.format = PX_FORMAT_HTML; /* a page on stdin */
    return run(cmd, &o, argv + optind, argc - optind);
}
