/*
 * ingest.c - `parallax ingest [options] PATH...`: read articles, clean them,
 * store them in the corpus database and place every new one in a story.
 *
 * Guarantees
 *  - Idempotent: an article whose content (title + cleaned text) is stored
 *    already is a duplicate and writes nothing; new content under a stored
 *    URL is stored as a revision of it (in the same story, not clustered
 *    again). Running ingest again over the same input stores nothing new.
 *  - Articles are written in transactions of --batch articles. Killing the
 *    process at any moment loses only the open transaction, which nothing
 *    reported as committed: the --log file gets a batch's lines only after
 *    its COMMIT returned (and is flushed then). A rerun resumes: what was
 *    committed is found as duplicates.
 *  - Story ids are stable across runs: the clusterer is rebuilt on open by
 *    replaying the stored articles in the order they were first placed
 *    (row id order; each batch is placed in publication order), which
 *    reproduces its state exactly, and clusterer ids are mapped to the
 *    stored story ids. Replay costs one analysis per stored article.
 *  - One ingest per database at a time (its clusterer state is private): a
 *    second one finds DB.ingest-lock held (flock) and stops with exit 2.
 */
#include "cli.h"

#include <fcntl.h>
#include <getopt.h>
#include <sys/file.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* One article read and cleaned, waiting for its batch to be written. */
typedef struct pending {
    char *ext_id, *url, *title, *date, *source, *lang, *byline, *text;
    uint8_t hash[16];
    int64_t order_time;   /* its time, or the time of the dated article before it */
    uint32_t input;       /* position in the batch */
} pending;

/* Everything one ingest run holds (no globals). */
typedef struct ingest {
    px_store *store;
    px_ctx *ctx;
    px_lexicon *lx;
    px_clusterer *cl;
    px_cluster_opts copts;
    /* clusterer story id -> stored story id, and the clusterer id each one
     * was last known to resolve to (to find merges) */
    int64_t *db_story;
    uint64_t *resolved;
    size_t map_cap;
    int64_t next_story;   /* next stored story id to hand out */
    uint64_t merges_seen;
    /* counts */
    uint64_t ingested, revisions, duplicates, skipped, replayed, replay_mismatch;
    int replay_nomem;     /* the replay ran out of memory: the state is incomplete */
    uint64_t skip_reason[8]; /* by -px_status */
    FILE *log;
    int tty, quiet;
    double t0, last_progress;
} ingest;

static void usage(FILE *f)
{
    fprintf(f,
            "usage: parallax ingest [options] PATH...\n"
            "\n"
            "Store articles in the corpus database and place each new one in a story.\n"
            "The same content twice is stored once; changed text under a stored URL is a revision.\n"
            "\n"
            "options:\n"
            "  --db PATH        the database (default ./parallax.db)\n"
            "  --batch N        articles per transaction (default 1000)\n"
            "  --sync MODE      full (default: a reported commit survives power loss) or normal\n"
            "                   (faster; a killed process still loses nothing committed)\n"
            "  --log FILE       after each commit, append `ID<TAB>ROW` per stored article and\n"
            "                   `# committed N` (flushed), for resuming and auditing\n"
            "  --format F       auto, text, jsonl, html, warc (default: auto)\n"
            "  --lang L         force the language (ISO 639-1)\n"
            "  --quiet          no progress line\n"
            "  -h, --help       this help\n"
            "\n"
            "exit status: 0 all read, 1 some records skipped, 2 usage or database error\n");
}

/* Fill err (when not NULL) with code and a message; return code. */
static px_status fail(px_error *err, px_status code, const char *file, uint64_t offset, const char *msg)
{
    if (err) {
        err->code = code;
        err->offset = offset;
        snprintf(err->file, sizeof err->file, "%s", file ? file : "");
        snprintf(err->msg, sizeof err->msg, "%s", msg);
    }
    return code;
}

/* Free a pending article's strings. */
static void pending_free(pending *p)
{
    free(p->ext_id), free(p->url), free(p->title), free(p->date);
    free(p->source), free(p->lang), free(p->byline), free(p->text);
}

/* strdup that keeps NULL; sets *nomem on failure. */
static char *dup_or_null(const char *s, int *nomem)
{
    if (!s) return NULL;
    char *c = strdup(s);
    if (!c) *nomem = 1;
    return c;
}

/* Make sure the story maps hold clusterer id c. 0 on no memory. */
static int map_reserve(ingest *g, uint64_t c)
{
    if (c < g->map_cap) return 1;
    size_t cap = g->map_cap ? g->map_cap : 1024;
    while (cap <= c) cap *= 2;
    int64_t *a = realloc(g->db_story, cap * sizeof *a);
    if (!a) return 0;
    g->db_story = a;
    uint64_t *b = realloc(g->resolved, cap * sizeof *b);
    if (!b) return 0;
    g->resolved = b;
    memset(g->db_story + g->map_cap, 0, (cap - g->map_cap) * sizeof *a);
    memset(g->resolved + g->map_cap, 0, (cap - g->map_cap) * sizeof *b);
    g->map_cap = cap;
    return 1;
}

/* Analyse an article in its stored form (title + cleaned text, no further
 * cleaning, its stored language) and add it to the clusterer: the same
 * call at ingest and at replay, so replay rebuilds the same state.
 * *c gets the clusterer's story id. */
static px_status cluster_stored(ingest *g, const char *title, const char *text, const char *date,
                                const char *lang, uint64_t *c, px_error *err)
{
    px_record rec = {.title = title, .body = text, .body_len = strlen(text), .kind = PX_BODY_TEXT,
                     .date = date, .lang = lang, .file = "", .offset = PX_NO_OFFSET};
    px_doc_opts o = {.flags = PX_DOC_NO_CLEAN, .lang = lang && strcmp(lang, "und") ? lang : NULL};
    px_doc *d = px_doc_from_record(g->ctx, &rec, &o, err);
    if (!d) return err ? err->code : PX_ERR_EMPTY;
    px_profile *p = px_profile_new(d, g->lx, err);
    px_status st = p ? px_clusterer_add_profile(g->cl, p, c, err) : (err ? err->code : PX_ERR_NOMEM);
    px_profile_free(p);
    px_doc_free(d);
    if (st == PX_OK && !map_reserve(g, *c)) st = PX_ERR_NOMEM;
    return st;
}

/* Replay one stored article into the clusterer (px_store_scan callback). */
static int replay_one(void *ud, const px_article *a)
{
    ingest *g = ud;
    if (a->revision_of || !a->first_story) return 0; /* revisions are not clustered */
    uint64_t c;
    px_error err = {0};
    if (cluster_stored(g, a->title, a->text, a->date, a->lang, &c, &err) != PX_OK) {
        if (err.code == PX_ERR_NOMEM) return g->replay_nomem = 1; /* stop the scan */
        g->replay_mismatch++;
        return 0;
    }
    g->replayed++;
    if (!g->db_story[c]) g->db_story[c] = a->first_story;
    else if (g->db_story[c] != a->first_story) g->replay_mismatch++;
    return 0;
}

/* Order pending articles by publication time, then input position. */
static int cmp_pending(const void *a, const void *b)
{
    const pending *x = a, *y = b;
    if (x->order_time != y->order_time) return x->order_time < y->order_time ? -1 : 1;
    return x->input < y->input ? -1 : x->input > y->input;
}

/* Order story ids (to refresh each touched story once). */
static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return x < y ? -1 : x > y;
}

/* Apply to the store the merges the clusterer made since the last look:
 * every clusterer id that now resolves elsewhere moves to that story. */
static px_status sync_merges(ingest *g, px_error *err)
{
    px_cluster_stats cs;
    px_clusterer_stats(g->cl, &cs);
    if (cs.merges == g->merges_seen) return PX_OK;
    if (!map_reserve(g, cs.stories)) return PX_ERR_NOMEM;
    for (uint64_t c = 1; c <= cs.stories; c++) {
        uint64_t f = px_clusterer_story(g->cl, c);
        if (!f || f == g->resolved[c]) continue;
        g->resolved[c] = f;
        if (f == c || !g->db_story[c] || !g->db_story[f] || g->db_story[c] == g->db_story[f]) continue;
        px_status st = px_store_story_merge(g->store, g->db_story[c], g->db_story[f], err);
        if (st != PX_OK) return st;
    }
    g->merges_seen = cs.merges;
    return PX_OK;
}

/* Write one batch in one transaction: duplicates found, revisions stored
 * with their original's story, new articles clustered (in publication
 * order) and stored with their story; merges and story rows brought up to
 * date; COMMIT; then the log. On a database error the transaction is
 * rolled back and the run must stop (the clusterer has seen articles that
 * are not stored). */
static px_status write_batch(ingest *g, pending *b, size_t n, px_error *err)
{
    if (!n) return PX_OK;
    int64_t last = INT64_MIN;
    for (size_t i = 0; i < n; i++) {
        int64_t t = b[i].date ? px_iso_seconds(b[i].date) : INT64_MIN;
        if (t != INT64_MIN) last = t;
        b[i].order_time = t != INT64_MIN ? t : last;
        b[i].input = (uint32_t)i;
    }
    qsort(b, n, sizeof *b, cmp_pending);
    int64_t *touched = malloc(n * 2 * sizeof *touched);
    int64_t *rows = malloc(n * sizeof *rows);
    signed char *stored = calloc(n, 1);
    size_t nt = 0;
    uint64_t new_count = 0, rev_count = 0, dup_count = 0;
    px_status st = touched && rows && stored ? px_store_begin(g->store, err)
                                             : fail(err, PX_ERR_NOMEM, "", PX_NO_OFFSET, "out of memory");
    for (size_t i = 0; st == PX_OK && i < n; i++) {
        px_article a = {.ext_id = b[i].ext_id, .url = b[i].url, .title = b[i].title, .date = b[i].date,
                        .source = b[i].source, .lang = b[i].lang, .byline = b[i].byline, .text = b[i].text};
        memcpy(a.hash, b[i].hash, 16);
        px_article old;
        st = px_store_find_hash(g->store, a.hash, &old, err);
        if (st == PX_OK) { /* the same content: nothing to do */
            dup_count++;
            continue;
        }
        if (st != PX_EOF) break;
        st = a.url ? px_store_find_url(g->store, a.url, &old, err) : PX_EOF;
        if (st != PX_OK && st != PX_EOF) break;
        if (st == PX_EOF) { /* a new article: place it in a story */
            uint64_t c;
            st = cluster_stored(g, a.title, a.text, a.date, a.lang, &c, err);
            if (st == PX_ERR_EMPTY) { /* nothing left to cluster on: store unplaced */
                st = PX_OK;
                c = 0;
            }
            if (st != PX_OK) break;
            if (c) {
                if (!g->db_story[c]) g->db_story[c] = g->next_story++;
                if (!g->resolved[c]) g->resolved[c] = c;
                a.first_story = g->db_story[c];
                uint64_t f = px_clusterer_story(g->cl, c);
                a.story = f && g->db_story[f] ? g->db_story[f] : a.first_story;
            }
        }
        px_put_result res;
        st = px_store_put(g->store, &a, &res, err);
        if (st != PX_OK) break;
        if (res == PX_PUT_DUPLICATE) dup_count++;
        else {
            res == PX_PUT_REVISION ? rev_count++ : new_count++;
            rows[i] = a.id;
            stored[i] = 1;
            if (a.story) touched[nt++] = a.story;
        }
    }
    if (st == PX_OK) st = sync_merges(g, err);
    if (st == PX_OK && nt) {
        qsort(touched, nt, sizeof *touched, cmp_i64);
        for (size_t i = 0; st == PX_OK && i < nt; i++) {
            if (i && touched[i] == touched[i - 1]) continue;
            int64_t id;
            st = px_store_story_resolve(g->store, touched[i], &id, err);
            if (st == PX_EOF) id = touched[i], st = PX_OK;
            if (st == PX_OK) st = px_store_story_refresh(g->store, id, err);
        }
    }
    if (st == PX_OK) st = px_store_commit(g->store, err);
    if (st != PX_OK) {
        px_error ignored;
        px_store_rollback(g->store, &ignored);
    } else {
        g->ingested += new_count + rev_count;
        g->revisions += rev_count;
        g->duplicates += dup_count;
        if (g->log) { /* only now: the batch is durable */
            for (size_t i = 0; i < n; i++)
                if (stored[i])
                    fprintf(g->log, "%s\t%lld\n", b[i].ext_id ? b[i].ext_id : "", (long long)rows[i]);
            fprintf(g->log, "# committed %llu\n", (unsigned long long)g->ingested);
            fflush(g->log);
        }
    }
    free(touched);
    free(rows);
    free(stored);
    return st;
}

/* Clean a record into a pending article: the stored text is the kept
 * paragraphs separated by blank lines. PX_ERR_EMPTY when none is left. */
static px_status prepare(ingest *g, const px_record *rec, const char *lang, pending *p, px_error *err)
{
    px_doc_opts o = {.flags = PX_DOC_NO_ANALYZE, .lang = lang};
    px_doc *d = px_doc_from_record(g->ctx, rec, &o, err);
    if (!d) return err->code;
    size_t np, tlen;
    const px_span *paras = px_doc_paragraphs(d, &np);
    const char *text = px_doc_text(d, &tlen);
    size_t len = 0;
    for (size_t i = 0; i < np; i++) len += paras[i].end - paras[i].start + 2;
    memset(p, 0, sizeof *p);
    if (!len) {
        px_doc_free(d);
        return fail(err, PX_ERR_EMPTY, rec->file, rec->offset, "no article text left after cleaning");
    }
    int nomem = 0;
    p->text = malloc(len + 1);
    if (!p->text) nomem = 1;
    else {
        size_t k = 0;
        for (size_t i = 0; i < np; i++) {
            if (i) p->text[k++] = '\n', p->text[k++] = '\n';
            memcpy(p->text + k, text + paras[i].start, paras[i].end - paras[i].start);
            k += paras[i].end - paras[i].start;
        }
        p->text[k] = 0;
    }
    p->ext_id = dup_or_null(px_doc_id(d), &nomem);
    p->url = dup_or_null(px_doc_url(d), &nomem);
    p->title = dup_or_null(px_doc_title(d), &nomem);
    p->date = dup_or_null(px_doc_date(d), &nomem);
    p->source = dup_or_null(px_doc_source(d), &nomem);
    p->lang = dup_or_null(px_doc_lang(d), &nomem);
    p->byline = dup_or_null(px_doc_byline(d), &nomem);
    px_doc_free(d);
    if (nomem) {
        pending_free(p);
        return fail(err, PX_ERR_NOMEM, "", PX_NO_OFFSET, "out of memory");
    }
    px_store_hash(p->title, p->text, p->hash);
    return PX_OK;
}

/* Print the progress line: rewritten in place on a terminal, a plain line
 * every 10 s otherwise. */
static void progress(ingest *g, uint64_t seen, int final)
{
    if (g->quiet) return;
    double t = px_cli_now();
    if (!final && t - g->last_progress < (g->tty ? 0.5 : 10.0)) return;
    g->last_progress = t;
    double rate = t > g->t0 ? seen / (t - g->t0) : 0;
    if (g->tty)
        fprintf(stderr, "\rparallax ingest: %llu read, %llu stored, %.0f articles/s%s",
                (unsigned long long)seen, (unsigned long long)g->ingested, rate, final ? "\n" : "   ");
    else if (!final)
        fprintf(stderr, "parallax ingest: %llu read, %llu stored, %.0f articles/s\n",
                (unsigned long long)seen, (unsigned long long)g->ingested, rate);
}

/* `parallax ingest`. */
int px_cli_ingest(int argc, char **argv)
{
    const char *db = "parallax.db", *lang = NULL, *log_path = NULL;
    px_reader_opts ropts = {0};
    px_store_opts sopts = {0};
    long batch = 1000;
    ingest g = {0};
    static const struct option longopts[] = {
        {"db", required_argument, NULL, 'd'},     {"batch", required_argument, NULL, 'b'},
        {"sync", required_argument, NULL, 's'},   {"log", required_argument, NULL, 'L'},
        {"format", required_argument, NULL, 'f'}, {"lang", required_argument, NULL, 'l'},
        {"quiet", no_argument, NULL, 'q'},        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        switch (c) {
        case 'd': db = optarg; break;
        case 'L': log_path = optarg; break;
        case 'l': lang = optarg; break;
        case 'q': g.quiet = 1; break;
        case 'b': {
            char *end;
            batch = strtol(optarg, &end, 10);
            if (end == optarg || *end || batch < 1 || batch > 1000000) {
                fprintf(stderr, "parallax ingest: bad batch size '%s'\n", optarg);
                return 2;
            }
            break;
        }
        case 's':
            if (!strcmp(optarg, "normal")) sopts.sync_normal = 1;
            else if (!strcmp(optarg, "full")) sopts.sync_normal = 0;
            else {
                fprintf(stderr, "parallax ingest: --sync is full or normal\n");
                return 2;
            }
            break;
        case 'f':
            if (!px_cli_parse_format(optarg, &ropts.format)) {
                fprintf(stderr, "parallax ingest: unknown format '%s'\n", optarg);
                return 2;
            }
            break;
        case 'h': usage(stdout); return 0;
        default: usage(stderr); return 2;
        }
    }
    if (optind >= argc) {
        usage(stderr);
        return 2;
    }
    px_error err = {0};
    int rc = 0;
    px_reader *r = NULL;
    pending *b = NULL;
    size_t nb = 0;
    /* one writer per database: the lock goes with the process, even on kill */
    char lock_path[4096];
    snprintf(lock_path, sizeof lock_path, "%s.ingest-lock", db);
    int lock_fd = open(lock_path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (lock_fd < 0 || flock(lock_fd, LOCK_EX | LOCK_NB) != 0) {
        fprintf(stderr, "parallax ingest: %s: %s\n", lock_path,
                lock_fd < 0 ? "cannot create the lock file" : "another ingest is writing this database");
        if (lock_fd >= 0) close(lock_fd);
        return 2;
    }
    g.tty = isatty(2);
    g.t0 = g.last_progress = px_cli_now();
    px_cluster_opts_default(&g.copts);
    if (px_store_open(db, &sopts, &g.store, &err) != PX_OK || !(g.ctx = px_ctx_new(&err)) ||
        !(g.lx = px_lexicon_new(NULL, PX_LEX_NO_DF, &err)) || !(g.cl = px_clusterer_new(&g.copts, &err))) {
        px_cli_report_error(&err);
        rc = 2;
        goto done;
    }
    if (log_path && !(g.log = fopen(log_path, "a"))) {
        perror(log_path);
        rc = 2;
        goto done;
    }
    /* rebuild the clusterer from what is stored */
    int64_t max_story = 0;
    if (px_store_counts(g.store, NULL, NULL, &max_story, &err) != PX_OK ||
        px_store_scan(g.store, NULL, NULL, PX_SCAN_BY_ID, replay_one, &g, &err) != PX_OK) {
        px_cli_report_error(&err);
        rc = 2;
        goto done;
    }
    if (g.replay_nomem) {
        fprintf(stderr, "parallax ingest: out of memory rebuilding the clusterer\n");
        rc = 2;
        goto done;
    }
    g.next_story = max_story + 1;
    px_cluster_stats cs;
    px_clusterer_stats(g.cl, &cs);
    g.merges_seen = cs.merges;
    for (uint64_t s = 1; s <= cs.stories && s < g.map_cap; s++) g.resolved[s] = px_clusterer_story(g.cl, s);
    double replay_s = px_cli_now() - g.t0;
    if (g.replayed)
        fprintf(stderr, "parallax ingest: %llu stored articles replayed into the clusterer in %.2fs\n",
                (unsigned long long)g.replayed, replay_s);
    if (g.replay_mismatch)
        fprintf(stderr, "parallax ingest: warning: %llu stored articles cluster differently now "
                "(clusterer changed?); new articles still join the stored story ids\n",
                (unsigned long long)g.replay_mismatch);

    r = px_reader_open((const char *const *)(argv + optind), (size_t)(argc - optind), &ropts, &err);
    b = calloc((size_t)batch, sizeof *b);
    if (!r || !b) {
        if (!r) px_cli_report_error(&err);
        else fprintf(stderr, "parallax ingest: out of memory\n");
        rc = 2;
        goto done;
    }
    g.t0 = px_cli_now();
    uint64_t seen = 0;
    for (;;) {
        const px_record *rec;
        px_status st = px_reader_next(r, &rec, &err);
        if (st == PX_OK) {
            st = prepare(&g, rec, lang, &b[nb], &err);
            if (st == PX_OK) nb++, seen++;
        }
        if (st != PX_OK && st != PX_EOF) {
            if (st == PX_ERR_NOMEM) {
                px_cli_report_error(&err);
                rc = 2;
                break;
            }
            if (g.tty && !g.quiet) fputc('\n', stderr);
            px_cli_report_error(&err);
            g.skipped++;
            g.skip_reason[-st < 8 ? -st : 0]++;
            continue;
        }
        if (nb == (size_t)batch || (st == PX_EOF && nb)) {
            px_status ws = write_batch(&g, b, nb, &err);
            for (size_t i = 0; i < nb; i++) pending_free(&b[i]);
            nb = 0;
            if (ws != PX_OK) {
                px_cli_report_error(&err);
                rc = 2;
                break;
            }
        }
        progress(&g, seen, 0);
        if (st == PX_EOF) break;
    }
    progress(&g, seen, 1);
    double el = px_cli_now() - g.t0;
    int64_t n_art = 0, n_sto = 0;
    px_store_counts(g.store, &n_art, &n_sto, NULL, NULL);
    fprintf(stderr,
            "parallax ingest: %llu ingested (%llu new, %llu revisions), %llu duplicates, %llu skipped",
            (unsigned long long)g.ingested, (unsigned long long)(g.ingested - g.revisions),
            (unsigned long long)g.revisions, (unsigned long long)g.duplicates,
            (unsigned long long)g.skipped);
    if (g.skipped) {
        const char *sep = " (";
        for (int i = 0; i < 8; i++)
            if (g.skip_reason[i]) {
                fprintf(stderr, "%s%llu %s", sep, (unsigned long long)g.skip_reason[i],
                        i ? px_status_str((px_status)-i) : "other");
                sep = ", ";
            }
        fputc(')', stderr);
    }
    fprintf(stderr, "; %.2fs, %.0f articles/s; database: %lld articles, %lld stories\n", el,
            el > 0 ? seen / el : 0.0, (long long)n_art, (long long)n_sto);
    if (!rc && g.skipped) rc = 1;
done:
    for (size_t i = 0; i < nb; i++) pending_free(&b[i]);
    free(b);
    px_reader_close(r);
    if (g.log) fclose(g.log);
    px_store_close(g.store);
    px_clusterer_free(g.cl);
    px_lexicon_free(g.lx);
    px_ctx_free(g.ctx);
    free(g.db_story);
    free(g.resolved);
    close(lock_fd);
    return rc;
}
