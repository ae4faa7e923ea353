/*
 * stories.c - reading the corpus database that `parallax ingest` fills:
 *
 *   parallax stories [--since D --until D --lang L --outlet S --query WORDS] [--json]
 *       one line (or JSON object) per story: id, size, time span, outlets,
 *       languages, representative title; newest first.
 *   parallax story ID [--json]
 *       the story's articles by date, and how its first two articles compare
 *       (the compare API: seven scores, verdict, evidence).
 *
 * Both open the database read-only and never change it; a merged story id
 * shows the story it was merged into.
 */
#include "cli.h"

#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Options both commands take. */
typedef struct story_opts {
    const char *db;
    int json;
    px_story_filter f;
} story_opts;

/* Set a JSON string member, or null. */
static void js_str(json_t *o, const char *k, const char *v)
{
    json_object_set_new(o, k, v ? json_string(v) : json_null());
}

/* A comma list as a JSON array of strings. */
static json_t *js_list(const char *csv)
{
    json_t *a = json_array();
    while (csv && *csv) {
        size_t n = strcspn(csv, ",");
        json_array_append_new(a, json_stringn(csv, n));
        csv += n;
        if (*csv == ',') csv++;
    }
    return a;
}

/* Print one JSON value on a line, then free it. */
static void js_print(json_t *v)
{
    char *s = v ? json_dumps(v, JSON_COMPACT | JSON_REAL_PRECISION(4)) : NULL;
    if (s) {
        puts(s);
        free(s);
    }
    json_decref(v);
}

/* px_store_stories callback: print a story. */
static int print_story(void *ud, const px_story *s)
{
    const story_opts *o = ud;
    if (o->json) {
        json_t *j = json_object();
        json_object_set_new(j, "id", json_integer(s->id));
        json_object_set_new(j, "size", json_integer(s->size));
        js_str(j, "first_date", s->first_date);
        js_str(j, "last_date", s->last_date);
        json_object_set_new(j, "outlets", js_list(s->outlets));
        json_object_set_new(j, "langs", js_list(s->langs));
        js_str(j, "title", s->title);
        js_print(j);
    } else {
        printf("%lld\t%lld\t%s..%s\t%s\t%s\t%s\n", (long long)s->id, (long long)s->size,
               s->first_date ? s->first_date : "?", s->last_date ? s->last_date : "?",
               *s->outlets ? s->outlets : "-", *s->langs ? s->langs : "-",
               s->title ? s->title : "(no title)");
    }
    return 0;
}

/* Parse the options shared by stories and story; returns -1 to go on, or
 * the exit status. */
static int parse(int argc, char **argv, story_opts *o, int filters, const char *usage)
{
    static const struct option longopts[] = {
        {"db", required_argument, NULL, 'd'},     {"json", no_argument, NULL, 'j'},
        {"since", required_argument, NULL, 's'},  {"until", required_argument, NULL, 'u'},
        {"lang", required_argument, NULL, 'l'},   {"outlet", required_argument, NULL, 'o'},
        {"query", required_argument, NULL, 'q'},  {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    int c;
    optind = 1;
    o->db = "parallax.db";
    while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        if (!filters && strchr("suloq", c)) {
            fprintf(stderr, "%s", usage);
            return 2;
        }
        switch (c) {
        case 'd': o->db = optarg; break;
        case 'j': o->json = 1; break;
        case 's': o->f.since = optarg; break;
        case 'u': o->f.until = optarg; break;
        case 'l': o->f.lang = optarg; break;
        case 'o': o->f.outlet = optarg; break;
        case 'q': o->f.query = optarg; break;
        case 'h': fputs(usage, stdout); return 0;
        default: fputs(usage, stderr); return 2;
        }
    }
    return -1;
}

/* Open the database read-only; NULL after reporting. */
static px_store *open_ro(const char *db)
{
    px_store *s;
    px_error err = {0};
    px_store_opts so = {.read_only = 1};
    if (px_store_open(db, &so, &s, &err) != PX_OK) {
        px_cli_report_error(&err);
        return NULL;
    }
    return s;
}

/* `parallax stories`. */
int px_cli_stories(int argc, char **argv)
{
    static const char usage[] =
        "usage: parallax stories [--db PATH] [--since DATE] [--until DATE] [--lang L]\n"
        "                        [--outlet SOURCE] [--query WORDS] [--json]\n"
        "Stories in the database, newest first: ID SIZE FIRST..LAST OUTLETS LANGS TITLE\n"
        "(tab-separated), or one JSON object per story.\n";
    story_opts o = {0};
    int rc = parse(argc, argv, &o, 1, usage);
    if (rc >= 0) return rc;
    if (optind < argc) {
        fputs(usage, stderr);
        return 2;
    }
    px_store *s = open_ro(o.db);
    if (!s) return 2;
    px_error err = {0};
    rc = 0;
    if (px_store_stories(s, &o.f, print_story, &o, &err) != PX_OK) {
        px_cli_report_error(&err);
        rc = 2;
    }
    px_store_close(s);
    if (fflush(stdout) != 0) rc = 2;
    return rc;
}

/* What `story` collects while scanning the story's articles. */
typedef struct story_walk {
    const story_opts *o;
    json_t *arts;                   /* --json: the articles */
    char *id[2], *title[2], *text[2], *date[2], *lang[2];
    size_t n;
    int nomem;
} story_walk;

/* px_store_story_articles callback: print an article, keep the first two. */
static int walk_article(void *ud, const px_article *a)
{
    story_walk *w = ud;
    if (w->o->json) {
        json_t *j = json_object();
        json_object_set_new(j, "row", json_integer(a->id));
        js_str(j, "id", a->ext_id);
        js_str(j, "date", a->date);
        js_str(j, "source", a->source);
        js_str(j, "lang", a->lang);
        js_str(j, "title", a->title);
        js_str(j, "url", a->url);
        if (a->revision_of) json_object_set_new(j, "revision_of", json_integer(a->revision_of));
        json_array_append_new(w->arts, j);
    } else {
        printf("  %lld\t%s\t%s\t%s\t%s\t%s%s\n", (long long)a->id, a->date ? a->date : "?",
               a->source ? a->source : "-", a->lang ? a->lang : "-",
               a->title ? a->title : "(no title)", a->url ? a->url : "",
               a->revision_of ? "  (revision)" : "");
    }
    if (w->n < 2 && !a->revision_of) {
        size_t i = w->n++;
        w->id[i] = a->ext_id ? strdup(a->ext_id) : NULL;
        w->title[i] = a->title ? strdup(a->title) : NULL;
        w->text[i] = strdup(a->text ? a->text : "");
        w->date[i] = a->date ? strdup(a->date) : NULL;
        w->lang[i] = a->lang ? strdup(a->lang) : NULL;
        if (!w->text[i]) w->nomem = 1;
    }
    return 0;
}

/* Compare the first two articles; print (or return as JSON) the result. */
static json_t *compare_two(story_walk *w)
{
    px_error err = {0};
    px_ctx *ctx = px_ctx_new(&err);
    px_lexicon *lx = ctx ? px_lexicon_new(NULL, 0, &err) : NULL;
    px_doc *d[2] = {NULL, NULL};
    px_profile *p[2] = {NULL, NULL};
    json_t *out = NULL;
    for (int i = 0; lx && i < 2; i++) {
        px_record rec = {.id = w->id[i], .title = w->title[i], .body = w->text[i], .body_len = strlen(w->text[i]),
                         .kind = PX_BODY_TEXT, .date = w->date[i], .lang = w->lang[i], .file = "",
                         .offset = PX_NO_OFFSET};
        px_doc_opts o = {.flags = PX_DOC_NO_CLEAN};
        d[i] = px_doc_from_record(ctx, &rec, &o, &err);
        p[i] = d[i] ? px_profile_new(d[i], lx, &err) : NULL;
    }
    px_comparison *c = p[0] && p[1] ? px_compare(p[0], p[1], &err) : NULL;
    if (!c) {
        px_cli_report_error(&err);
    } else if (w->o->json) {
        char *s = px_comparison_to_json(c, 0);
        out = s ? json_loads(s, 0, NULL) : NULL;
        px_free(s);
    } else {
        const px_scores *sc = px_comparison_scores(c);
        size_t ne;
        px_comparison_evidence(c, &ne);
        printf("\nfirst two articles compared (1 very similar .. 4 very dissimilar):\n");
        for (int k = 0; k < PX_NDIMS; k++) printf("  %-10s %.2f\n", px_dim_name(k), sc->dim[k]);
        printf("  verdict    %s (%zu pieces of evidence; `parallax compare` shows them)\n",
               px_verdict_str(px_verdict_of(sc->dim[PX_DIM_OVERALL])), ne);
    }
    px_comparison_free(c);
    for (int i = 0; i < 2; i++) {
        px_profile_free(p[i]);
        px_doc_free(d[i]);
    }
    px_lexicon_free(lx);
    px_ctx_free(ctx);
    return out;
}

/* `parallax story ID`. */
int px_cli_story(int argc, char **argv)
{
    static const char usage[] =
        "usage: parallax story [--db PATH] [--json] ID\n"
        "The articles of a story by date, and a comparison of its first two.\n";
    story_opts o = {0};
    int rc = parse(argc, argv, &o, 0, usage);
    if (rc >= 0) return rc;
    char *end;
    long long id = optind + 1 == argc ? strtoll(argv[optind], &end, 10) : 0;
    if (optind + 1 != argc || end == argv[optind] || *end || id <= 0) {
        fputs(usage, stderr);
        return 2;
    }
    px_store *s = open_ro(o.db);
    if (!s) return 2;
    px_error err = {0};
    px_story st;
    px_status ps = px_store_story_get(s, id, &st, &err);
    if (ps != PX_OK) {
        if (ps == PX_EOF) fprintf(stderr, "parallax story: no story %lld\n", id);
        else px_cli_report_error(&err);
        px_store_close(s);
        return ps == PX_EOF ? 1 : 2;
    }
    story_walk w = {.o = &o};
    json_t *j = NULL;
    if (o.json) {
        j = json_object();
        json_object_set_new(j, "id", json_integer(st.id));
        if (st.id != id) json_object_set_new(j, "merged_from", json_integer(id));
        json_object_set_new(j, "size", json_integer(st.size));
        js_str(j, "first_date", st.first_date);
        js_str(j, "last_date", st.last_date);
        json_object_set_new(j, "outlets", js_list(st.outlets));
        json_object_set_new(j, "langs", js_list(st.langs));
        js_str(j, "title", st.title);
        w.arts = json_array();
    } else {
        if (st.id != id) printf("story %lld was merged into story %lld\n", id, (long long)st.id);
        printf("story %lld: %lld article%s, %s..%s, outlets %s, languages %s\n  %s\n\n",
               (long long)st.id, (long long)st.size, st.size == 1 ? "" : "s",
               st.first_date ? st.first_date : "?", st.last_date ? st.last_date : "?",
               *st.outlets ? st.outlets : "-", *st.langs ? st.langs : "-",
               st.title ? st.title : "(no title)");
    }
    rc = 0;
    if (px_store_story_articles(s, st.id, walk_article, &w, &err) != PX_OK) {
        px_cli_report_error(&err);
        rc = 2;
    }
    if (!rc && w.nomem) {
        fprintf(stderr, "parallax story: out of memory\n");
        rc = 2;
    }
    if (!rc && w.n == 2) {
        json_t *cmp = compare_two(&w);
        if (j && cmp) json_object_set_new(j, "comparison", cmp);
    }
    if (j) {
        json_object_set_new(j, "articles", w.arts);
        js_print(j);
    }
    for (size_t i = 0; i < w.n; i++) free(w.id[i]), free(w.title[i]), free(w.text[i]), free(w.date[i]), free(w.lang[i]);
    px_store_close(s);
    if (fflush(stdout) != 0) rc = 2;
    return rc;
}
