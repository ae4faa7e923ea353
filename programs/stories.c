/*
 * stories.c - reading the corpus database that `parallax ingest` fills:
 *
 *   parallax stories [--since D --until D --lang L --outlet S --query WORDS] [--json]
 *       one line (or JSON object) per story: id, size, time span, outlets,
 *       languages, representative title; newest first.
 *   parallax story ID [--max N] [--json]
 *       the story's articles by date, then the coverage report (what all
 *       carry, what one adds, quotes, conflicts, reuse, framing) over up to
 *       N of them: the first article of each outlet in date order, then
 *       further articles in date order until N.
 *
 *   parallax similar FILE|ID [-k 10] [--rescore N] [--json] [--stats]
 *       the stored articles nearest to an article (found by the similarity
 *       index), with the compare model's seven scores and verdict, most
 *       similar first.
 *
 * All open the database read-only and never change it; a merged story id
 * shows the story it was merged into.
 */
#include "cli.h"

#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Options both commands take. */
typedef struct story_opts {
    const char *db;
    int json;
    size_t max;                     /* story: articles in the report */
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

/* A comma-separated outlet list as the terminal shows it: the first few,
 * then how many more (--json gives them all). */
static const char *outlets_short(const char *list, char *buf, size_t cap)
{
    enum { SHOWN = 4 };
    if (!list || !*list) return "-";
    size_t n = 1, cut = 0;
    for (const char *p = list; *p; p++)
        if (*p == ',' && ++n == SHOWN + 1) cut = (size_t)(p - list);
    if (n <= SHOWN) return list;
    snprintf(buf, cap, "%.*s +%zu more", (int)cut, list, n - SHOWN);
    return buf;
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
        char ob[512];
        printf("%lld\t%lld\t%s..%s\t%s\t%s\t%s\n", (long long)s->id, (long long)s->size,
               s->first_date ? s->first_date : "?", s->last_date ? s->last_date : "?",
               outlets_short(s->outlets, ob, sizeof ob), *s->langs ? s->langs : "-",
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
        {"max", required_argument, NULL, 'm'},    {NULL, 0, NULL, 0}};
    int c;
    optind = 1;
    o->db = "parallax.db";
    o->max = 8;
    while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        if ((!filters && strchr("suloq", c)) || (filters && c == 'm')) {
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
        case 'm': {
            double v;
            if (!px_cli_number(optarg, &v) || v < 2 || v > 64 || v != (size_t)v) {
                fprintf(stderr, "parallax story: --max takes a whole number from 2 to 64\n");
                return 2;
            }
            o->max = (size_t)v;
            break;
        }
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

/* What `story` collects while scanning the story's articles (in date
 * order). The report covers the first article of each outlet, then more
 * articles by date, at most o->max: so at most max outlet-firsts and max
 * others are kept, whatever the story's size. */
typedef struct story_walk {
    const story_opts *o;
    json_t *arts;                   /* --json: the articles */
    px_record *rec;                 /* the articles kept for the report */
    unsigned char *first;           /* rec[i] is its outlet's first article */
    size_t n, cap, n_first;
    char **seen;                    /* outlets seen so far */
    size_t n_seen, cap_seen;
    size_t total;                   /* articles the report could cover */
    int nomem;
} story_walk;

/* Free a kept article's strings. */
static void kept_free(px_record *r)
{
    free((char *)r->id), free((char *)r->title), free((char *)r->body), free((char *)r->date);
    free((char *)r->lang), free((char *)r->source);
}

/* Note the outlet of an article; 1 when it is the outlet's first (an
 * article without an outlet counts as its own), -1 on no memory. */
static int first_of_outlet(story_walk *w, const char *source)
{
    if (!source) return 1;
    for (size_t i = 0; i < w->n_seen; i++)
        if (!strcmp(w->seen[i], source)) return 0;
    if (w->n_seen == w->cap_seen) {
        size_t cap = w->cap_seen ? 2 * w->cap_seen : 16;
        char **v = realloc(w->seen, cap * sizeof *v);
        if (!v) return -1;
        w->seen = v, w->cap_seen = cap;
    }
    if (!(w->seen[w->n_seen] = strdup(source))) return -1;
    w->n_seen++;
    return 1;
}

/* px_store_story_articles callback: print an article; keep it when the
 * report may cover it. */
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
    if (a->revision_of) return 0; /* revisions repeat their original */
    w->total++;
    int first = first_of_outlet(w, a->source);
    if (first < 0) return w->nomem = 1, 1;
    size_t max = w->o->max;
    if (first ? w->n_first >= max : w->n - w->n_first >= max) return 0; /* never in the report */
    if (w->n == w->cap) {
        size_t cap = w->cap ? 2 * w->cap : 16;
        px_record *r = realloc(w->rec, cap * sizeof *r);
        unsigned char *f = r ? realloc(w->first, cap) : NULL;
        if (r) w->rec = r;
        if (!r || !f) return w->nomem = 1, 1;
        w->first = f, w->cap = cap;
    }
    w->first[w->n] = (unsigned char)first;
    w->n_first += (size_t)first;
    px_record *r = &w->rec[w->n++];
    memset(r, 0, sizeof *r);
    r->id = a->ext_id ? strdup(a->ext_id) : NULL;
    r->title = a->title ? strdup(a->title) : NULL;
    r->body = strdup(a->text ? a->text : "");
    r->body_len = r->body ? strlen(r->body) : 0;
    r->date = a->date ? strdup(a->date) : NULL;
    r->lang = a->lang ? strdup(a->lang) : NULL;
    r->source = a->source ? strdup(a->source) : NULL;
    r->kind = PX_BODY_TEXT;
    r->file = "";
    r->offset = PX_NO_OFFSET;
    if (!r->body) w->nomem = 1;
    return 0;
}

/* Which kept articles the report covers: the outlet-firsts, then the others
 * in date order, at most max; their indices in pick, in date order; how
 * many. */
static size_t pick_articles(const story_walk *w, size_t max, size_t *pick)
{
    size_t take_rest = w->n_first < max ? max - w->n_first : 0, k = 0;
    for (size_t i = 0; i < w->n; i++)
        if (w->first[i] || (take_rest && take_rest--)) pick[k++] = i;
    return k;
}

/* The coverage report over the picked articles: printed, or returned as
 * JSON for --json. */
static json_t *story_coverage(story_walk *w, size_t max, int *rc)
{
    size_t *pick = malloc((w->n ? w->n : 1) * sizeof *pick);
    size_t n = pick ? pick_articles(w, max, pick) : 0;
    px_error err = {0};
    px_ctx *ctx = n >= 2 ? px_ctx_new(&err) : NULL;
    px_lexicon *lx = ctx ? px_lexicon_new(NULL, 0, &err) : NULL;
    px_doc **docs = lx ? calloc(n, sizeof *docs) : NULL;
    json_t *out = NULL;
    px_coverage *cv = NULL;
    int ok = docs != NULL;
    px_doc_opts o = {.flags = PX_DOC_NO_CLEAN}; /* stored text is cleaned already */
    for (size_t i = 0; ok && i < n; i++) ok = (docs[i] = px_doc_from_record(ctx, &w->rec[pick[i]], &o, &err)) != NULL;
    if (ok) cv = px_coverage_build(ctx, (const px_doc *const *)docs, n, lx, &err);
    char *js = cv ? px_coverage_to_json(cv, 0) : NULL;
    if (n >= 2 && !js) {
        if (err.msg[0]) px_cli_report_error(&err);
        else fprintf(stderr, "parallax story: no memory for the report\n");
        *rc = 2;
    } else if (js && w->o->json) {
        out = json_loads(js, 0, NULL);
    } else if (js) {
        printf("\n");
        if (n < w->total)
            printf("(the report covers %zu of the %zu articles: --max N for more)\n", n, w->total);
        if (px_cli_print_coverage(js) != 0) *rc = 2;
    }
    px_free(js);
    px_coverage_free(cv);
    for (size_t i = 0; docs && i < n; i++) px_doc_free(docs[i]);
    free(docs);
    free(pick);
    px_lexicon_free(lx);
    px_ctx_free(ctx);
    return out;
}

/* `parallax story ID`. */
int px_cli_story(int argc, char **argv)
{
    static const char usage[] =
        "usage: parallax story [--db PATH] [--max N] [--json] ID\n"
        "The articles of a story by date, then the coverage report over up to N of\n"
        "them (default 8): the first article of each outlet, then more by date.\n";
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
        char ob[512];
        printf("story %lld: %lld article%s, %s..%s, outlets %s, languages %s\n  %s\n\n",
               (long long)st.id, (long long)st.size, st.size == 1 ? "" : "s",
               st.first_date ? st.first_date : "?", st.last_date ? st.last_date : "?",
               outlets_short(st.outlets, ob, sizeof ob), *st.langs ? st.langs : "-",
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
    if (!rc && w.n >= 2) {
        json_t *cov = story_coverage(&w, o.max, &rc);
        if (j && cov) json_object_set_new(j, "coverage", cov);
    }
    if (j) {
        json_object_set_new(j, "articles", w.arts);
        js_print(j);
    }
    for (size_t i = 0; i < w.n; i++) kept_free(&w.rec[i]);
    for (size_t i = 0; i < w.n_seen; i++) free(w.seen[i]);
    free(w.rec), free(w.first), free(w.seen);
    px_store_close(s);
    if (fflush(stdout) != 0) rc = 2;
    return rc;
}

/* ------------------------------------------------------------ similar */

/* `parallax similar FILE|ID`: the stored articles nearest to an article.
 *
 *   load    every stored article's clustering features (stored by ingest
 *           with the article; analysed from its stored form for rows that
 *           have none) go into a px_simindex; rows[pos] maps index
 *           positions to row ids. No text is read.
 *   query   the query is analysed once; the index ranks the articles that
 *           share its heaviest rare terms by their own weights (a posting
 *           budget bounds the work, whatever the corpus size); only the
 *           best --rescore (default k) of them are read back, analysed and
 *           scored with the compare model and printed most similar first.
 *
 * A query given as a file is cleaned as ingest cleans it, so a stored copy
 * of it (same content hash) is recognised and left out of its own results,
 * as the stored article is when the query is a row id. */

/* One scored candidate. Strings are owned (the store's are not stable). */
typedef struct sim_hit {
    int64_t row, story;
    char *id, *title, *date, *source, *url;
    px_scores s;
} sim_hit;

/* Everything one `similar` run holds (no globals). */
typedef struct sim_run {
    px_store *store;
    px_ctx *ctx;
    px_lexicon *lx;
    px_simindex *x;
    int64_t *rows;        /* position -> row id, ascending */
    size_t n_rows, cap_rows;
    int k, json, stats;
    int rescore;          /* candidates scored with the compare model */
    int failed;           /* a scan callback hit an error (reported) */
    double t_load;
} sim_run;

/* The profile of an article in its stored form; *doc gets the document it
 * borrows. NULL with err filled (PX_ERR_EMPTY: no words). */
static px_profile *stored_profile(sim_run *r, const char *id, const char *title, const char *text,
                                  const char *date, const char *lang, px_doc **doc, px_error *err)
{
    px_record rec = {.id = id, .title = title, .body = text ? text : "", .body_len = text ? strlen(text) : 0,
                     .kind = PX_BODY_TEXT, .date = date, .lang = lang, .file = "", .offset = PX_NO_OFFSET};
    px_doc_opts o = {.flags = PX_DOC_NO_CLEAN, .lang = lang && strcmp(lang, "und") ? lang : NULL};
    *doc = px_doc_from_record(r->ctx, &rec, &o, err);
    if (!*doc) return NULL;
    px_profile *p = px_profile_new(*doc, r->lx, err);
    if (!p) {
        px_doc_free(*doc);
        *doc = NULL;
    }
    return p;
}

/* px_store_scan callback: index one stored article, from its stored
 * features, or (rows stored without them) its text analysed. */
static int sim_load_one(void *ud, const px_article *a)
{
    sim_run *r = ud;
    px_error err = {0};
    px_cluster_doc *cd = NULL;
    if (a->features) {
        cd = px_cluster_doc_unpack(a->features, a->features_len, &err);
    } else {
        px_doc *d;
        px_profile *p = stored_profile(r, a->ext_id, a->title, a->text, a->date, a->lang, &d, &err);
        if (!p) {
            if (err.code == PX_ERR_EMPTY) return 0; /* nothing to match on */
            px_cli_report_error(&err);
            return r->failed = 1;
        }
        cd = px_cluster_doc_new(p, NULL, &err);
        px_profile_free(p);
        px_doc_free(d);
    }
    void *g = r->rows;
    px_status st = cd ? px_simindex_add(r->x, cd, &err) : err.code;
    px_cluster_doc_free(cd);
    if (st == PX_OK && r->n_rows == r->cap_rows) {
        size_t cap = r->cap_rows ? 2 * r->cap_rows : 1024;
        if ((g = realloc(r->rows, cap * sizeof *r->rows))) r->rows = g, r->cap_rows = cap;
        else st = PX_ERR_NOMEM, snprintf(err.msg, sizeof err.msg, "out of memory");
    }
    if (st != PX_OK) {
        err.code = st;
        px_cli_report_error(&err);
        return r->failed = 1;
    }
    r->rows[r->n_rows++] = a->id;
    return 0;
}

/* Position of a row id in the index, UINT32_MAX when not indexed. */
static uint32_t sim_pos(const sim_run *r, int64_t row)
{
    size_t lo = 0, hi = r->n_rows;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (r->rows[mid] < row) lo = mid + 1;
        else hi = mid;
    }
    return lo < r->n_rows && r->rows[lo] == row ? (uint32_t)lo : UINT32_MAX;
}

static void hit_free(sim_hit *h)
{
    free(h->id), free(h->title), free(h->date), free(h->source), free(h->url);
}

/* Most similar first: overall, then the sum of the other scores, then row. */
static int cmp_hit(const void *a, const void *b)
{
    const sim_hit *x = a, *y = b;
    double ox = x->s.dim[PX_DIM_OVERALL], oy = y->s.dim[PX_DIM_OVERALL];
    if (ox != oy) return ox < oy ? -1 : 1;
    double sx = 0, sy = 0;
    for (int i = 0; i < PX_DIM_OVERALL; i++) sx += x->s.dim[i], sy += y->s.dim[i];
    if (sx != sy) return sx < sy ? -1 : 1;
    return (x->row > y->row) - (x->row < y->row);
}

/* strdup that keeps NULL; sets *nomem on failure. */
static char *sim_dup(const char *s, int *nomem)
{
    char *c = s ? strdup(s) : NULL;
    if (s && !c) *nomem = 1;
    return c;
}

/* Run one query: the article (stored form) and the row to leave out (0:
 * none). Prints its results. Returns 0, or 2 after reporting an error. */
static int sim_query(sim_run *r, const char *id, const char *title, const char *text, const char *date,
                     const char *lang, int64_t self)
{
    double t0 = px_cli_now();
    px_error err = {0};
    px_doc *qd;
    px_profile *qp = stored_profile(r, id, title, text, date, lang, &qd, &err);
    if (!qp && err.code != PX_ERR_EMPTY) {
        px_cli_report_error(&err);
        return 2;
    }
    px_cluster_doc *qc = qp ? px_cluster_doc_new(qp, NULL, &err) : NULL;
    px_simcand *c = NULL;
    size_t nc = 0;
    int rc = 0;
    if (qp && (!qc || px_simindex_query(r->x, qc, self ? sim_pos(r, self) : UINT32_MAX, &c, &nc, &err) != PX_OK))
        rc = 2;
    double t_cand = px_cli_now() - t0;
    sim_hit *h = rc ? NULL : calloc(nc ? nc : 1, sizeof *h);
    size_t nh = 0;
    int nomem = !rc && !h;
    for (size_t i = 0; !rc && !nomem && i < nc; i++) {
        px_article a;
        px_status st = px_store_get(r->store, r->rows[c[i].pos], &a, &err);
        if (st == PX_EOF) continue; /* cannot happen: rows are never deleted */
        if (st != PX_OK) {
            rc = 2;
            break;
        }
        sim_hit *x = &h[nh];
        x->row = a.id;
        x->story = a.story;
        x->id = sim_dup(a.ext_id, &nomem);
        x->title = sim_dup(a.title, &nomem);
        x->date = sim_dup(a.date, &nomem);
        x->source = sim_dup(a.source, &nomem);
        x->url = sim_dup(a.url, &nomem);
        char *text_c = sim_dup(a.text, &nomem), *lang_c = sim_dup(a.lang, &nomem);
        px_doc *d;
        px_error e2 = {0};
        px_profile *p = nomem ? NULL : stored_profile(r, x->id, x->title, text_c, x->date, lang_c, &d, &e2);
        free(text_c);
        free(lang_c);
        if (!p) {
            hit_free(x);
            memset(x, 0, sizeof *x);
            if (e2.code == PX_ERR_NOMEM) nomem = 1;
            continue; /* no words: nothing to compare */
        }
        px_compare_scores(qp, p, &x->s);
        px_profile_free(p);
        px_doc_free(d);
        nh++;
    }
    if (rc) px_cli_report_error(&err);
    if (nomem) fprintf(stderr, "parallax similar: out of memory\n"), rc = 2;
    if (!rc) {
        qsort(h, nh, sizeof *h, cmp_hit);
        size_t shown = nh < (size_t)r->k ? nh : (size_t)r->k;
        if (r->json) {
            json_t *j = json_object(), *q = json_object(), *arr = json_array();
            js_str(q, "id", id);
            if (self) json_object_set_new(q, "row", json_integer(self));
            js_str(q, "title", title);
            json_object_set_new(j, "query", q);
            for (size_t i = 0; i < shown; i++) {
                json_t *o = json_object(), *sc = json_object();
                json_object_set_new(o, "row", json_integer(h[i].row));
                js_str(o, "id", h[i].id);
                json_object_set_new(o, "story", h[i].story ? json_integer(h[i].story) : json_null());
                js_str(o, "date", h[i].date);
                js_str(o, "source", h[i].source);
                js_str(o, "title", h[i].title);
                js_str(o, "url", h[i].url);
                for (int d = 0; d < PX_NDIMS; d++) json_object_set_new(sc, px_dim_name(d), json_real(h[i].s.dim[d]));
                json_object_set_new(o, "scores", sc);
                json_object_set_new(o, "verdict",
                                    json_string(px_verdict_str(px_verdict_of(h[i].s.dim[PX_DIM_OVERALL]))));
                json_array_append_new(arr, o);
            }
            json_object_set_new(j, "similar", arr);
            js_print(j);
        } else {
            if (shown) printf("# %s\t%s\n", id ? id : "-", title ? title : "(no title)");
            for (size_t i = 0; i < shown; i++) {
                printf("%lld\t%lld", (long long)h[i].row, (long long)h[i].story);
                for (int d = 0; d < PX_NDIMS; d++) printf("\t%.2f", h[i].s.dim[d]);
                printf("\t%s\t%s\t%s\n", px_verdict_str(px_verdict_of(h[i].s.dim[PX_DIM_OVERALL])),
                       h[i].id ? h[i].id : "-", h[i].title ? h[i].title : "(no title)");
            }
        }
        if (r->stats)
            fprintf(stderr,
                    "parallax similar: %s: %zu candidates of %zu articles, %zu shown; %.1f ms "
                    "(analysis and candidates %.1f ms, scoring %.1f ms)\n",
                    id ? id : "-", nc, r->n_rows, shown, (px_cli_now() - t0) * 1e3, t_cand * 1e3,
                    (px_cli_now() - t0 - t_cand) * 1e3);
    }
    for (size_t i = 0; h && i < nh; i++) hit_free(&h[i]);
    free(h);
    px_free(c);
    px_cluster_doc_free(qc);
    px_profile_free(qp);
    px_doc_free(qd);
    return rc;
}

/* Each record of a file as a query, cleaned as ingest cleans it (kept
 * paragraphs joined by blank lines). Returns the exit status. */
static int sim_file(sim_run *r, const char *path)
{
    const char *paths[1] = {path};
    px_error err = {0};
    px_reader *rd = px_reader_open(paths, 1, NULL, &err);
    if (!rd) {
        px_cli_report_error(&err);
        return 2;
    }
    int rc = 0;
    for (;;) {
        const px_record *rec;
        px_status st = px_reader_next(rd, &rec, &err);
        if (st == PX_EOF) break;
        if (st != PX_OK) {
            px_cli_report_error(&err);
            rc = 2;
            if (st == PX_ERR_IO) break;
            continue;
        }
        px_doc_opts o = {.flags = PX_DOC_NO_ANALYZE};
        px_doc *d = px_doc_from_record(r->ctx, rec, &o, &err);
        if (!d) {
            px_cli_report_error(&err);
            rc = 2;
            continue;
        }
        size_t np, tlen, len = 1;
        const px_span *pa = px_doc_paragraphs(d, &np);
        const char *t = px_doc_text(d, &tlen);
        for (size_t i = 0; i < np; i++) len += pa[i].end - pa[i].start + 2;
        char *text = malloc(len);
        if (!text) {
            px_doc_free(d);
            fprintf(stderr, "parallax similar: out of memory\n");
            rc = 2;
            break;
        }
        size_t k = 0;
        for (size_t i = 0; i < np; i++) {
            if (i) text[k++] = '\n', text[k++] = '\n';
            memcpy(text + k, t + pa[i].start, pa[i].end - pa[i].start);
            k += pa[i].end - pa[i].start;
        }
        text[k] = 0;
        uint8_t hash[16];
        px_store_hash(px_doc_title(d), text, hash);
        px_article a;
        int64_t self = px_store_find_hash(r->store, hash, &a, &err) == PX_OK ? a.id : 0;
        int q = sim_query(r, px_doc_id(d), px_doc_title(d), text, px_doc_date(d), px_doc_lang(d), self);
        if (q) rc = q;
        free(text);
        px_doc_free(d);
    }
    px_reader_close(rd);
    return rc;
}

/* `parallax similar FILE|ID`. */
int px_cli_similar(int argc, char **argv)
{
    static const char usage[] =
        "usage: parallax similar [-k N] [--db PATH] [--json] [--stats] FILE|ID\n"
        "The stored articles most like an article (each record of FILE, or the stored\n"
        "article with row ID), most similar first: ROW STORY and the seven scores\n"
        "(geography entities time narrative style tone overall; 1 very similar .. 4 very\n"
        "dissimilar), VERDICT, ID, TITLE (tab-separated), or one JSON object per query.\n"
        "  -k N       how many (default 10)\n"
        "  --rescore N  the index's best N are scored with the compare model (default: k)\n"
        "  --stats    the time per query on stderr\n";
    static const struct option longopts[] = {
        {"db", required_argument, NULL, 'd'}, {"json", no_argument, NULL, 'j'},
        {"stats", no_argument, NULL, 's'},    {"help", no_argument, NULL, 'h'},
        {"rescore", required_argument, NULL, 'r'},
        {NULL, 0, NULL, 0}};
    sim_run r = {.k = 10};
    const char *db = "parallax.db";
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "hk:", longopts, NULL)) != -1) {
        char *end;
        switch (c) {
        case 'd': db = optarg; break;
        case 'j': r.json = 1; break;
        case 's': r.stats = 1; break;
        case 'k':
            r.k = (int)strtol(optarg, &end, 10);
            if (end == optarg || *end || r.k <= 0 || r.k > 100000) {
                fprintf(stderr, "parallax similar: -k wants a positive number\n");
                return 2;
            }
            break;
        case 'r':
            r.rescore = (int)strtol(optarg, &end, 10);
            if (end == optarg || *end || r.rescore <= 0 || r.rescore > 100000) {
                fprintf(stderr, "parallax similar: --rescore wants a positive number\n");
                return 2;
            }
            break;
        case 'h': fputs(usage, stdout); return 0;
        default: fputs(usage, stderr); return 2;
        }
    }
    if (optind + 1 != argc) {
        fputs(usage, stderr);
        return 2;
    }
    const char *arg = argv[optind];
    char *end;
    long long id = strtoll(arg, &end, 10);
    int by_id = end != arg && !*end && access(arg, F_OK) != 0;
    if (by_id && id <= 0) {
        fprintf(stderr, "parallax similar: no article %s\n", arg);
        return 2;
    }
    if (!(r.store = open_ro(db))) return 2;
    px_error err = {0};
    int rc = 0;
    /* the query article first: an unknown id fails before the load */
    char *q[5] = {NULL, NULL, NULL, NULL, NULL}; /* id, title, text, date, lang */
    if (by_id) {
        px_article a;
        px_status st = px_store_get(r.store, id, &a, &err);
        if (st != PX_OK) {
            if (st == PX_EOF) fprintf(stderr, "parallax similar: no article %lld in %s\n", id, db);
            else px_cli_report_error(&err);
            px_store_close(r.store);
            return 2;
        }
        int nomem = 0;
        q[0] = sim_dup(a.ext_id, &nomem), q[1] = sim_dup(a.title, &nomem);
        q[2] = sim_dup(a.text ? a.text : "", &nomem), q[3] = sim_dup(a.date, &nomem);
        q[4] = sim_dup(a.lang, &nomem);
        if (nomem) {
            fprintf(stderr, "parallax similar: out of memory\n");
            rc = 2;
            goto done;
        }
    }
    px_simindex_opts xo;
    px_simindex_opts_default(&xo);
    xo.candidates = (unsigned)(r.rescore ? r.rescore : r.k); /* scored with the compare model */
    if (!(r.ctx = px_ctx_new(&err)) || !(r.lx = px_lexicon_new(NULL, 0, &err)) ||
        !(r.x = px_simindex_new(&xo, &err))) {
        px_cli_report_error(&err);
        rc = 2;
        goto done;
    }
    double t0 = px_cli_now();
    if (px_store_scan(r.store, NULL, NULL, PX_SCAN_BY_ID | PX_SCAN_NO_TEXT, sim_load_one, &r, &err) != PX_OK) {
        px_cli_report_error(&err);
        rc = 2;
        goto done;
    }
    if (r.failed) {
        rc = 2;
        goto done;
    }
    r.t_load = px_cli_now() - t0;
    if (r.stats)
        fprintf(stderr, "parallax similar: indexed %zu articles in %.2fs (%.1f MB index, %.0f bytes per article)\n",
                r.n_rows, r.t_load, px_simindex_memory(r.x) / 1e6,
                r.n_rows ? (double)px_simindex_memory(r.x) / r.n_rows : 0.0);
    rc = by_id ? sim_query(&r, q[0], q[1], q[2], q[3], q[4], id) : sim_file(&r, arg);
done:
    for (int i = 0; i < 5; i++) free(q[i]);
    free(r.rows);
    px_simindex_free(r.x);
    px_lexicon_free(r.lx);
    px_ctx_free(r.ctx);
    px_store_close(r.store);
    if (fflush(stdout) != 0) rc = 2;
    return rc;
}
