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
 *    process at any moment loses only the batches not committed yet (the
 *    open transaction and the few behind it in the writer, see below),
 *    none reported as committed: the --log file gets a batch's lines only
 *    after its COMMIT returned (and is flushed then). A rerun resumes: what
 *    was committed is found as duplicates.
 *  - Story ids are stable across runs: the clusterer is rebuilt on open by
 *    replaying the stored articles in the order they were first placed
 *    (row id order; each batch is placed in publication order), which
 *    reproduces its state exactly, and clusterer ids are mapped to the
 *    stored story ids. Each article's clustering features are stored with
 *    it (px_cluster_doc_pack), so the replay reads them instead of
 *    analysing the text (rows stored without them are analysed).
 *  - Work is spread over threads (-j, all cores by default): a reader
 *    thread reads records and hands copies to workers through a ring of
 *    slots; workers clean and hash, and unless the content is stored
 *    already (each has a read-only connection to look the hash up; the
 *    writer still decides) analyse it and build the clustering features
 *    (px_cluster_doc_of); the main thread takes the slots back in input
 *    order, so errors are reported and batches are formed exactly as in
 *    one thread, and it alone places articles in the clusterer. Slots
 *    pass between these threads in runs (one lock and at most one wake-up
 *    a run, not an article). The output does not depend on -j (-j 0: no
 *    workers).
 *  - The writer is two threads, a pipeline of at most NBATCH batches: the
 *    store thread alone uses the database - it looks a batch up (each
 *    article a duplicate, a revision or new: from the database and the
 *    batches not written yet, exactly what one thread would find with all
 *    of them written), then, once the main thread placed the new articles
 *    and noted the merges, inserts the batch, applies the merges, refreshes
 *    the stories and commits - while the main thread clusters the next
 *    batch. Batches are looked up, clustered and written in order: the
 *    database is the one a single thread writes batch after batch.
 *  - One ingest per database at a time (its clusterer state is private): a
 *    second one finds DB.ingest-lock held (flock) and stops with exit 2.
 */
#include "cli.h"

#include <fcntl.h>
#include <getopt.h>
#include <pthread.h>
#include <sys/file.h>
#include <sys/resource.h>
#include <sys/syscall.h>
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
    px_cluster_doc *cd;   /* clustering features, NULL when it has no words */
    uint8_t *feat;        /* cd packed, for the store */
    size_t feat_len;
    int64_t order_time;   /* its time, or the time of the dated article before it */
    uint32_t input;       /* position in the batch */
    int kind;             /* ART_*: what the store thread found it to be */
    uint64_t url_key;     /* a hash of its URL (0: none), for the tables of a batch */
    int64_t first_story, story; /* a new article's, from the clusterer */
} pending;

/* What an article is, from the look-ups (classify_batch). */
enum { ART_DUPLICATE, ART_REVISION, ART_NEW };

/* A batch on its way through the writer: formed and clustered by the main
 * thread, looked up and written by the store thread. Batch number j lives
 * in ring slot j % NBATCH. */
#define NBATCH 4
typedef struct batch {
    pending *b;
    size_t n;
    uint32_t *by_hash, *by_url; /* open addressing over its stored articles: index + 1 */
    uint32_t mask;
    int64_t (*merge)[2];  /* stored story merges (from, into), applied after its inserts */
    size_t n_merge, cap_merge;
} batch;

/* Everything one ingest run holds (no globals). */
typedef struct ingest {
    px_store *store;
    px_ctx *ctx;          /* the main thread's (replay of old rows) */
    px_lexicon *lx;       /* shared, read-only, by the workers */
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
    int tty, quiet, timing;
    double t0, last_progress;
    double t_cluster, c_cluster; /* the main thread clustering: wall, CPU (--timing) */
    double t_wait;               /* the main thread waiting for the store thread */
    double t_store, c_store;     /* the store thread's work: wall, CPU */
    /* the pipeline between the main thread and the store thread: batch
     * numbers handed over, looked up, clustered, committed; under mu (as
     * are the counts the store thread keeps) */
    pthread_mutex_t mu;
    pthread_cond_t cv;
    batch ring[NBATCH];
    uint64_t submitted, classified, clustered, written;
    int finish;           /* the main thread clusters no more batches */
    px_status store_st;   /* the store thread's failure (it stops) */
    px_error store_err;
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
            "  -j N             worker threads that clean and analyse (default: one per core;\n"
            "                   0: none, all work in one thread)\n"
            "  --timing         where the time went, on stderr at the end\n"
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
    px_cluster_doc_free(p->cd);
    free(p->feat);
    memset(p, 0, sizeof *p);
}

/* strdup that keeps NULL; sets *nomem on failure. */
static char *dup_or_null(const char *s, int *nomem)
{
    if (!s) return NULL;
    char *c = strdup(s);
    if (!c) *nomem = 1;
    return c;
}

/* CPU time of the calling thread, seconds. */
static double thread_cpu(void)
{
    struct timespec ts;
    if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)) return 0;
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
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

/* The clustering features of an article in its stored form (title +
 * cleaned text, no further cleaning, its stored language): the same at
 * ingest and at replay, so replay rebuilds the same state. NULL with err
 * (PX_ERR_EMPTY: no words to cluster on). */
static px_cluster_doc *stored_features(px_ctx *ctx, const px_lexicon *lx, const px_cluster_opts *copts,
                                       const char *title, const char *text, const char *date,
                                       const char *lang, px_error *err)
{
    px_record rec = {.title = title, .body = text, .body_len = strlen(text), .kind = PX_BODY_TEXT,
                     .date = date, .lang = lang, .file = "", .offset = PX_NO_OFFSET};
    px_doc_opts o = {.flags = PX_DOC_NO_CLEAN, .lang = lang && strcmp(lang, "und") ? lang : NULL};
    px_doc *d = px_doc_from_record(ctx, &rec, &o, err);
    if (!d) return NULL;
    px_cluster_doc *cd = px_cluster_doc_of(d, lx, copts, err);
    px_doc_free(d);
    return cd;
}

/* Add an article's features to the clusterer; *c gets its story id. */
static px_status cluster_add(ingest *g, const px_cluster_doc *cd, uint64_t *c, px_error *err)
{
    px_status st = px_clusterer_add(g->cl, cd, c, err);
    if (st == PX_OK && !map_reserve(g, *c)) st = fail(err, PX_ERR_NOMEM, "", PX_NO_OFFSET, "out of memory");
    return st;
}

/* Replay one stored article into the clusterer (px_store_scan callback):
 * its stored features, or (rows stored without them) its text analysed. */
static int replay_one(void *ud, const px_article *a)
{
    ingest *g = ud;
    if (a->revision_of || !a->first_story) return 0; /* revisions are not clustered */
    uint64_t c;
    px_error err = {0};
    px_cluster_doc *cd = a->features ? px_cluster_doc_unpack(a->features, a->features_len, &err)
                         : stored_features(g->ctx, g->lx, &g->copts, a->title, a->text ? a->text : "",
                                           a->date, a->lang, &err);
    px_status st = cd ? cluster_add(g, cd, &c, &err) : err.code;
    px_cluster_doc_free(cd);
    if (st != PX_OK) {
        if (st == PX_ERR_NOMEM) return g->replay_nomem = 1; /* stop the scan */
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

/* Record for the store the merges the clusterer made since the last look:
 * every clusterer id that now resolves elsewhere moves to that story. */
static px_status sync_merges(ingest *g, batch *bt, px_error *err)
{
    px_cluster_stats cs;
    px_clusterer_stats(g->cl, &cs);
    if (cs.merges == g->merges_seen) return PX_OK;
    if (!map_reserve(g, cs.stories)) return fail(err, PX_ERR_NOMEM, "", PX_NO_OFFSET, "out of memory");
    for (uint64_t c = 1; c <= cs.stories; c++) {
        uint64_t f = px_clusterer_story(g->cl, c);
        if (!f || f == g->resolved[c]) continue;
        g->resolved[c] = f;
        if (f == c || !g->db_story[c] || !g->db_story[f] || g->db_story[c] == g->db_story[f]) continue;
        if (bt->n_merge == bt->cap_merge) {
            size_t cap = bt->cap_merge ? 2 * bt->cap_merge : 64;
            void *p = realloc(bt->merge, cap * sizeof *bt->merge);
            if (!p) return fail(err, PX_ERR_NOMEM, "", PX_NO_OFFSET, "out of memory");
            bt->merge = p;
            bt->cap_merge = cap;
        }
        bt->merge[bt->n_merge][0] = g->db_story[c];
        bt->merge[bt->n_merge++][1] = g->db_story[f];
    }
    g->merges_seen = cs.merges;
    return PX_OK;
}

/* The first 8 bytes of a 16-byte hash as a table key (never 0). */
static uint64_t key64(const uint8_t h[16])
{
    uint64_t k;
    memcpy(&k, h, 8);
    return k ? k : 1;
}

/* Is an article with this content hash (url NULL) or this URL (url_key,
 * url) among the stored articles of batch bt's first `upto` ones? */
static int batch_has(const batch *bt, size_t upto, const uint8_t *hash, uint64_t url_key, const char *url)
{
    const uint32_t *tab = url ? bt->by_url : bt->by_hash;
    uint64_t k = url ? url_key : key64(hash);
    for (uint32_t h = (uint32_t)(k * 0x9e3779b97f4a7c15ULL >> 32) & bt->mask; tab[h]; h = (h + 1) & bt->mask) {
        const pending *p = &bt->b[tab[h] - 1];
        if (tab[h] - 1 >= upto) continue;
        if (url ? p->url_key == url_key && !strcmp(p->url, url) : !memcmp(p->hash, hash, 16)) return 1;
    }
    return 0;
}

/* Put article i of bt (stored) in its tables. */
static void batch_add(batch *bt, uint32_t i)
{
    const pending *p = &bt->b[i];
    uint64_t k = key64(p->hash);
    uint32_t h = (uint32_t)(k * 0x9e3779b97f4a7c15ULL >> 32) & bt->mask;
    while (bt->by_hash[h]) h = (h + 1) & bt->mask;
    bt->by_hash[h] = i + 1;
    if (!p->url_key) return;
    h = (uint32_t)(p->url_key * 0x9e3779b97f4a7c15ULL >> 32) & bt->mask;
    while (bt->by_url[h]) h = (h + 1) & bt->mask;
    bt->by_url[h] = i + 1;
}

/* classify_batch's look-ups (in its transaction). */
static px_status classify_articles(ingest *g, batch *bt, uint64_t j, px_error *err)
{
    for (size_t i = 0; i < bt->n; i++) {
        pending *p = &bt->b[i];
        p->url_key = 0;
        if (p->url && *p->url) {
            uint8_t h[16];
            px_store_hash(p->url, NULL, h);
            p->url_key = key64(h);
        }
        px_article old;
        int dup = batch_has(bt, i, p->hash, 0, NULL);
        for (uint64_t k = g->written; !dup && k < j; k++) /* batches not written yet */
            dup = batch_has(&g->ring[k % NBATCH], g->ring[k % NBATCH].n, p->hash, 0, NULL);
        if (!dup) {
            px_status st = px_store_find_hash(g->store, p->hash, &old, err);
            if (st != PX_OK && st != PX_EOF) return st;
            dup = st == PX_OK;
        }
        if (dup) {
            p->kind = ART_DUPLICATE;
            continue;
        }
        int rev = 0;
        if (p->url_key) {
            rev = batch_has(bt, i, NULL, p->url_key, p->url);
            for (uint64_t k = g->written; !rev && k < j; k++)
                rev = batch_has(&g->ring[k % NBATCH], g->ring[k % NBATCH].n, NULL, p->url_key, p->url);
            if (!rev) {
                px_status st = px_store_find_url(g->store, p->url, &old, err);
                if (st != PX_OK && st != PX_EOF) return st;
                rev = st == PX_OK;
            }
        }
        p->kind = rev ? ART_REVISION : ART_NEW;
        batch_add(bt, (uint32_t)i);
    }
    return PX_OK;
}

/* The store thread, batch j: what each article is - a duplicate (its
 * content stored already, or earlier in a batch not yet written), a
 * revision (new content under a URL stored so), or new - exactly what
 * the look-ups would find with every earlier article written. */
static px_status classify_batch(ingest *g, uint64_t j, px_error *err)
{
    batch *bt = &g->ring[j % NBATCH];
    memset(bt->by_hash, 0, ((size_t)bt->mask + 1) * sizeof *bt->by_hash);
    memset(bt->by_url, 0, ((size_t)bt->mask + 1) * sizeof *bt->by_url);
    /* all the look-ups in one transaction (it writes nothing): the WAL's
     * read lock is taken once, not twice an article */
    px_status st = px_store_begin(g->store, err);
    if (st == PX_OK) st = classify_articles(g, bt, j, err);
    if (st == PX_OK) return px_store_commit(g->store, err);
    px_error ignored;
    px_store_rollback(g->store, &ignored);
    return st;
}

/* The main thread, batch j (looked up): place its new articles in stories
 * (in publication order) and note the merges since the last batch. */
static px_status cluster_batch(ingest *g, uint64_t j, px_error *err)
{
    batch *bt = &g->ring[j % NBATCH];
    double tc = px_cli_now(), cc = g->timing ? thread_cpu() : 0;
    px_status st = PX_OK;
    bt->n_merge = 0;
    for (size_t i = 0; st == PX_OK && i < bt->n; i++) {
        pending *p = &bt->b[i];
        p->first_story = p->story = 0;
        if (p->kind != ART_NEW || !p->cd) continue; /* no features (no words): stored, not placed */
        uint64_t c;
        st = cluster_add(g, p->cd, &c, err);
        if (st != PX_OK) break;
        if (!g->db_story[c]) g->db_story[c] = g->next_story++;
        if (!g->resolved[c]) g->resolved[c] = c;
        p->first_story = g->db_story[c];
        uint64_t f = px_clusterer_story(g->cl, c);
        p->story = f && g->db_story[f] ? g->db_story[f] : p->first_story;
    }
    if (st == PX_OK) st = sync_merges(g, bt, err);
    g->t_cluster += px_cli_now() - tc;
    if (g->timing) g->c_cluster += thread_cpu() - cc;
    return st;
}

/* The store thread, batch j (clustered): write it in one transaction -
 * revisions with their original's story, new articles with theirs; the
 * merges and story rows brought up to date; COMMIT; then the log. On a
 * database error the transaction is rolled back and the run must stop
 * (the clusterer has seen articles that are not stored). */
static px_status store_batch(ingest *g, uint64_t j, px_error *err)
{
    batch *bt = &g->ring[j % NBATCH];
    pending *b = bt->b;
    size_t n = bt->n;
    int64_t *touched = malloc((n ? n : 1) * sizeof *touched);
    int64_t *rows = malloc((n ? n : 1) * sizeof *rows);
    signed char *stored = calloc(n ? n : 1, 1);
    size_t nt = 0;
    uint64_t new_count = 0, rev_count = 0, dup_count = 0;
    px_status st = touched && rows && stored ? px_store_begin(g->store, err)
                                             : fail(err, PX_ERR_NOMEM, "", PX_NO_OFFSET, "out of memory");
    for (size_t i = 0; st == PX_OK && i < n; i++) {
        if (b[i].kind == ART_DUPLICATE) { /* the same content: nothing to do */
            dup_count++;
            continue;
        }
        px_article a = {.ext_id = b[i].ext_id, .url = b[i].url, .title = b[i].title, .date = b[i].date,
                        .source = b[i].source, .lang = b[i].lang, .byline = b[i].byline, .text = b[i].text,
                        .first_story = b[i].first_story, .story = b[i].story};
        memcpy(a.hash, b[i].hash, 16);
        if (b[i].kind == ART_REVISION) { /* in its original's story (the latest version) */
            px_article old;
            st = px_store_find_url(g->store, a.url, &old, err);
            if (st == PX_EOF) st = fail(err, PX_ERR_FORMAT, "", PX_NO_OFFSET, "a revision's original is gone");
            if (st != PX_OK) break;
            a.revision_of = old.id;
            a.story = old.story;
        }
        a.features = b[i].feat;
        a.features_len = b[i].feat_len;
        st = px_store_insert(g->store, &a, err);
        if (st != PX_OK) break;
        b[i].kind == ART_REVISION ? rev_count++ : new_count++;
        rows[i] = a.id;
        stored[i] = 1;
        if (a.story) touched[nt++] = a.story;
    }
    for (size_t i = 0; st == PX_OK && i < bt->n_merge; i++)
        st = px_store_story_merge(g->store, bt->merge[i][0], bt->merge[i][1], err);
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
        pthread_mutex_lock(&g->mu);
        g->ingested += new_count + rev_count;
        g->revisions += rev_count;
        g->duplicates += dup_count;
        uint64_t ingested = g->ingested;
        pthread_mutex_unlock(&g->mu);
        if (g->log) { /* only now: the batch is durable */
            for (size_t i = 0; i < n; i++)
                if (stored[i])
                    fprintf(g->log, "%s\t%lld\n", b[i].ext_id ? b[i].ext_id : "", (long long)rows[i]);
            fprintf(g->log, "# committed %llu\n", (unsigned long long)ingested);
            fflush(g->log);
        }
    }
    free(touched);
    free(rows);
    free(stored);
    for (size_t i = 0; i < n; i++) pending_free(&b[i]);
    bt->n = 0;
    return st;
}

/* The store thread: look up each batch handed over (first: the main
 * thread waits for that), write each clustered one, in order, until the
 * main thread clusters no more and all it clustered is written, or a
 * database error. */
static void *store_main(void *arg)
{
    ingest *g = arg;
    pthread_mutex_lock(&g->mu);
    while (g->store_st == PX_OK) {
        uint64_t j;
        int classify;
        if (!g->finish && g->classified < g->submitted) j = g->classified, classify = 1;
        else if (g->written < g->clustered) j = g->written, classify = 0;
        else if (g->finish) break;
        else {
            pthread_cond_wait(&g->cv, &g->mu);
            continue;
        }
        pthread_mutex_unlock(&g->mu);
        double t = px_cli_now(), c = g->timing ? thread_cpu() : 0;
        px_error err = {0};
        px_status st = classify ? classify_batch(g, j, &err) : store_batch(g, j, &err);
        pthread_mutex_lock(&g->mu);
        g->t_store += px_cli_now() - t;
        if (g->timing) g->c_store += thread_cpu() - c;
        if (st != PX_OK) {
            g->store_st = st;
            g->store_err = err;
        } else if (classify) {
            g->classified++;
        } else {
            g->written++;
        }
        pthread_cond_broadcast(&g->cv);
    }
    pthread_mutex_unlock(&g->mu);
    return NULL;
}

/* The main thread waits (under mu) until cond holds or the store thread
 * failed; returns its failure or PX_OK. */
#define WAIT_STORE(g, cond)                                                                    \
    do {                                                                                     \
        double t_ = px_cli_now();                                                            \
        while (!(cond) && (g)->store_st == PX_OK) pthread_cond_wait(&(g)->cv, &(g)->mu);     \
        (g)->t_wait += px_cli_now() - t_;                                                    \
    } while (0)

/* Hand the batch b[0..n) to the store thread (in publication order, as
 * batch number g->submitted), once a ring slot is free; b gets the slot's
 * emptied array. The store thread's failure, if any. */
static px_status submit_batch(ingest *g, pending **b, size_t n, px_error *err)
{
    int64_t last = INT64_MIN;
    for (size_t i = 0; i < n; i++) {
        pending *p = &(*b)[i];
        int64_t t = p->date ? px_iso_seconds(p->date) : INT64_MIN;
        if (t != INT64_MIN) last = t;
        p->order_time = t != INT64_MIN ? t : last;
        p->input = (uint32_t)i;
    }
    qsort(*b, n, sizeof **b, cmp_pending);
    pthread_mutex_lock(&g->mu);
    uint64_t j = g->submitted;
    WAIT_STORE(g, j - g->written < NBATCH);
    if (g->store_st == PX_OK) {
        batch *bt = &g->ring[j % NBATCH];
        pending *free_array = bt->b;
        bt->b = *b;
        bt->n = n;
        *b = free_array;
        g->submitted++;
        pthread_cond_broadcast(&g->cv);
    }
    px_status st = g->store_st;
    if (st != PX_OK) *err = g->store_err;
    pthread_mutex_unlock(&g->mu);
    return st;
}

/* Cluster every batch handed over but not clustered, except the last
 * `lag` ones, each once the store thread looked it up. */
static px_status cluster_ready(ingest *g, uint64_t lag, px_error *err)
{
    for (;;) {
        pthread_mutex_lock(&g->mu);
        if (g->clustered + lag >= g->submitted || g->store_st != PX_OK) {
            px_status st = g->store_st;
            if (st != PX_OK) *err = g->store_err;
            pthread_mutex_unlock(&g->mu);
            return st;
        }
        uint64_t j = g->clustered;
        WAIT_STORE(g, g->classified > j);
        px_status st = g->store_st;
        if (st != PX_OK) *err = g->store_err;
        pthread_mutex_unlock(&g->mu);
        if (st != PX_OK) return st;
        st = cluster_batch(g, j, err);
        if (st != PX_OK) return st;
        pthread_mutex_lock(&g->mu);
        g->clustered++;
        pthread_cond_broadcast(&g->cv);
        pthread_mutex_unlock(&g->mu);
    }
}

/* Stop the store thread once it wrote what was clustered; its failure, if
 * any, in *err. */
static px_status finish_store(ingest *g, pthread_t th, px_error *err)
{
    pthread_mutex_lock(&g->mu);
    g->finish = 1;
    pthread_cond_broadcast(&g->cv);
    pthread_mutex_unlock(&g->mu);
    pthread_join(th, NULL);
    if (g->store_st != PX_OK) *err = g->store_err;
    return g->store_st;
}

/* Clean a record into a pending article: the stored text is the kept
 * paragraphs separated by blank lines (empty for a headline alone).
 * PX_ERR_EMPTY when neither a title nor any text is left. */
static px_status prepare(px_ctx *ctx, const px_record *rec, const char *lang, pending *p, px_doc **keep,
                         px_error *err)
{
    px_doc_opts o = {.flags = PX_DOC_NO_ANALYZE, .lang = lang}; /* analysed when new */
    memset(p, 0, sizeof *p);
    if (keep) *keep = NULL;
    px_doc *d = px_doc_from_record(ctx, rec, &o, err);
    if (!d) return err->code;
    size_t np, tlen;
    const px_span *paras = px_doc_paragraphs(d, &np);
    const char *text = px_doc_text(d, &tlen);
    size_t len = 0;
    for (size_t i = 0; i < np; i++) len += paras[i].end - paras[i].start + 2;
    const char *title = px_doc_title(d);
    if (!len && !(title && *title)) { /* a headline alone (a feed item) is kept */
        px_doc_free(d);
        return fail(err, PX_ERR_EMPTY, rec->file, rec->offset, "no title and no article text left after cleaning");
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
    if (keep && !nomem) *keep = d;
    else px_doc_free(d);
    if (nomem) {
        pending_free(p);
        return fail(err, PX_ERR_NOMEM, "", PX_NO_OFFSET, "out of memory");
    }
    px_store_hash(p->title, p->text, p->hash);
    return PX_OK;
}

/* ------------------------------------------------------------ workers */

/* A slot of the ring between the reader, the workers and the writer.
 * Slots move between the threads in runs, each under one lock and with at
 * most one wake-up: the reader publishes up to READ_RUN records at a time
 * and, once the ring is full, waits until a quarter of it is free again;
 * a worker claims up to WORK_RUN slots and hands them back together,
 * waking the main thread only when it waits for one of them; the main
 * thread takes back every finished slot that comes next in input order at
 * once (so the order, and where errors are reported, are those of one
 * thread). */
#define READ_RUN 32
#define WORK_RUN 16 /* at most 32 */
enum { SLOT_FREE, SLOT_READY, SLOT_BUSY, SLOT_DONE };
typedef struct slot {
    int state;
    /* in: a copy of the record (NULL fields stay NULL) */
    px_record rec;
    char *buf;            /* its strings, one after another; kept for the slot's next record */
    size_t buf_cap;
    /* out */
    px_status st;
    px_error err;
    pending p;
} slot;

typedef struct pool {
    pthread_mutex_t mu;
    pthread_cond_t work, done, space;
    slot *ring;
    size_t cap;
    uint64_t next_work, filled;  /* next slot to hand out; slots filled */
    uint64_t taken;              /* slots taken back by the writer */
    int stop, eof;
    int idle;                    /* workers waiting for work */
    int main_waiting, reader_waiting; /* on done, on space */
    size_t refill;               /* free slots the waiting reader wants */
    px_reader *r;
    double t_read;               /* the reader's, seconds */
    const char *lang;
    const px_lexicon *lx;
    const px_cluster_opts *copts;
    double t_clean, t_analyse;   /* summed over workers, seconds */
} pool;

typedef struct worker {
    pool *pl;
    px_ctx *ctx;
    px_store *ro;         /* read-only: skip analysing content stored already */
    pthread_t th;
    int started;
} worker;

/* Empty a slot for its next record; keep its buffer unless it is large
 * (free it too with all). */
static void slot_clear(slot *s, int all)
{
    char *buf = s->buf;
    size_t cap = s->buf_cap;
    pending_free(&s->p);
    memset(s, 0, sizeof *s);
    if (all || cap > ((size_t)1 << 20)) free(buf);
    else s->buf = buf, s->buf_cap = cap;
}

/* Copy a record into a slot (the reader's strings are only valid until
 * its next call), in the slot's buffer: no allocation once it is large
 * enough, nothing for other threads to free. 0 on no memory. */
static int slot_fill(slot *s, const px_record *r)
{
    const char *in[10] = {r->id, r->title, r->body, r->date, r->url, r->source, r->lang, r->byline,
                          r->charset, r->file};
    size_t len[10], total = 0;
    for (int i = 0; i < 10; i++) {
        len[i] = !in[i] ? 0 : i == 2 ? r->body_len : strlen(in[i]);
        total += in[i] ? len[i] + 1 : 0;
    }
    if (total > s->buf_cap) {
        size_t cap = total < 4096 ? 4096 : total;
        char *b = malloc(cap);
        if (!b) return 0;
        free(s->buf);
        s->buf = b;
        s->buf_cap = cap;
    }
    const char *out[10];
    char *at = s->buf;
    for (int i = 0; i < 10; i++) {
        out[i] = NULL;
        if (!in[i]) continue;
        memcpy(at, in[i], len[i]);
        at[len[i]] = 0;
        out[i] = at;
        at += len[i] + 1;
    }
    s->rec = *r;
    s->rec.id = out[0], s->rec.title = out[1], s->rec.body = out[2], s->rec.date = out[3];
    s->rec.url = out[4], s->rec.source = out[5], s->rec.lang = out[6], s->rec.byline = out[7];
    s->rec.charset = out[8], s->rec.file = out[9] ? out[9] : "";
    return 1;
}

/* Stop the workers (what is not started is dropped) and wait for them. */
static void stop_workers(pool *pl, worker *w, long n)
{
    pthread_mutex_lock(&pl->mu);
    pl->stop = 1;
    pl->next_work = pl->filled;
    pthread_cond_broadcast(&pl->work);
    pthread_cond_broadcast(&pl->space);
    pthread_mutex_unlock(&pl->mu);
    for (long i = 0; w && i < n; i++)
        if (w[i].started) {
            pthread_join(w[i].th, NULL);
            w[i].started = 0;
        }
}

/* A worker's part of one article: clean and hash; unless the content is
 * stored already, its analysis and clustering features. */
static void work_one(worker *w, slot *s, double *t_clean, double *t_analyse)
{
    pool *pl = w->pl;
    double t0 = px_cli_now();
    px_doc *d;
    s->st = prepare(w->ctx, &s->rec, pl->lang, &s->p, &d, &s->err);
    double t1 = px_cli_now();
    *t_clean += t1 - t0;
    if (s->st != PX_OK) return;
    px_error e = {0};
    px_article old;
    if (w->ro && px_store_find_hash(w->ro, s->p.hash, &old, &e) == PX_OK) { /* a duplicate: the writer */
        px_doc_free(d);                                                     /* finds it again */
        *t_analyse += px_cli_now() - t1;
        return;
    }
    if (px_doc_analyze(w->ctx, d, &e) == PX_OK) s->p.cd = px_cluster_doc_of(d, pl->lx, pl->copts, &e);
    px_doc_free(d);
    if (s->p.cd) {
        s->p.feat_len = px_cluster_doc_pack(s->p.cd, &s->p.feat);
        if (!s->p.feat_len) e.code = PX_ERR_NOMEM;
    }
    if (e.code == PX_ERR_NOMEM) s->st = fail(&s->err, PX_ERR_NOMEM, "", PX_NO_OFFSET, "out of memory");
    /* any other failure (no words): the article is stored, not placed */
    *t_analyse += px_cli_now() - t1;
}

/* Publish the k slots the reader filled after pl->filled (ready[i]: for a
 * worker; else finished: a reader error, or worked on here), and the end
 * of the input when eof; one lock, waking only who waits. 0 when the
 * workers were stopped. */
static int publish(pool *pl, size_t k, const unsigned char *ready, int eof)
{
    size_t n_ready = 0;
    pthread_mutex_lock(&pl->mu);
    for (size_t i = 0; i < k; i++) {
        pl->ring[(pl->filled + i) % pl->cap].state = ready[i] ? SLOT_READY : SLOT_DONE;
        n_ready += ready[i];
    }
    int wake_main = pl->main_waiting && (eof || (k && pl->taken == pl->filled && !ready[0]));
    pl->filled += k;
    if (eof) pl->eof = 1;
    if (n_ready && pl->idle) {
        if (n_ready > WORK_RUN && pl->idle > 1) pthread_cond_broadcast(&pl->work);
        else pthread_cond_signal(&pl->work);
    }
    if (wake_main) pthread_cond_signal(&pl->done); /* the slot it waits for, or the end */
    int stop = pl->stop;
    pthread_mutex_unlock(&pl->mu);
    return !stop;
}

/* Read up to n records into the next slots (the caller made sure they are
 * free), publishing them READ_RUN at a time: ready for a worker, or - with
 * inline_w (-j 0) - done here; a broken record becomes a finished slot
 * holding its error, reported in order by the writer. 0 at the end of the
 * input (or when the workers were stopped). */
static int read_run(pool *pl, size_t n, worker *inline_w)
{
    unsigned char ready[READ_RUN];
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        slot *sl = &pl->ring[(pl->filled + k) % pl->cap]; /* only the reader changes filled */
        const px_record *rec;
        px_error err = {0};
        double t = px_cli_now();
        px_status st = px_reader_next(pl->r, &rec, &err);
        if (st == PX_EOF) {
            pl->t_read += px_cli_now() - t;
            publish(pl, k, ready, 1);
            return 0;
        }
        int ok = st == PX_OK && slot_fill(sl, rec);
        if (st == PX_OK && !ok) st = fail(&err, PX_ERR_NOMEM, "", PX_NO_OFFSET, "out of memory");
        pl->t_read += px_cli_now() - t;
        if (ok && inline_w) {
            work_one(inline_w, sl, &pl->t_clean, &pl->t_analyse);
            ok = 0;
        } else if (!ok) {
            sl->st = st;
            sl->err = err;
        }
        ready[k++] = (unsigned char)ok;
        if (k == READ_RUN || i + 1 == n) {
            if (!publish(pl, k, ready, 0)) return 0;
            k = 0;
        }
    }
    return 1;
}

/* The reader thread: fill slots as they come free, until the end. */
static void *reader_main(void *arg)
{
    pool *pl = arg;
    for (;;) {
        pthread_mutex_lock(&pl->mu);
        while (!pl->stop && pl->cap - (pl->filled - pl->taken) < pl->refill) {
            pl->reader_waiting = 1;
            pthread_cond_wait(&pl->space, &pl->mu);
            pl->reader_waiting = 0;
        }
        int stop = pl->stop;
        size_t n = pl->cap - (size_t)(pl->filled - pl->taken);
        pthread_mutex_unlock(&pl->mu);
        if (stop || !read_run(pl, n, NULL)) break;
    }
    return NULL;
}

/* The main thread: wait until the next slot in input order is finished
 * (or the input ended and every slot was taken back); the number of
 * finished slots from there on, the first at *at (0: the end). */
static uint64_t take_run(pool *pl, uint64_t *at)
{
    pthread_mutex_lock(&pl->mu);
    while (!(pl->taken < pl->filled && pl->ring[pl->taken % pl->cap].state == SLOT_DONE) &&
           !(pl->eof && pl->taken == pl->filled)) {
        pl->main_waiting = 1;
        pthread_cond_wait(&pl->done, &pl->mu);
        pl->main_waiting = 0;
    }
    uint64_t n = 0;
    while (pl->taken + n < pl->filled && pl->ring[(pl->taken + n) % pl->cap].state == SLOT_DONE) n++;
    *at = pl->taken;
    pthread_mutex_unlock(&pl->mu);
    return n;
}

/* The main thread hands the slots before upto (emptied) back to the
 * reader, waking it once enough are free. */
static void give_back(pool *pl, uint64_t upto)
{
    pthread_mutex_lock(&pl->mu);
    if (upto > pl->taken) {
        pl->taken = upto;
        if (pl->reader_waiting && pl->cap - (size_t)(pl->filled - pl->taken) >= pl->refill)
            pthread_cond_signal(&pl->space);
    }
    pthread_mutex_unlock(&pl->mu);
}

/* Workers yield to the writer: it alone places and stores the articles in
 * order, so when it waits for a core the workers hold, the whole run waits;
 * workers run ahead into the ring meanwhile. A lower priority for this
 * thread (Linux: nice is per thread); best effort. */
static void yield_to_writer(void)
{
#if defined(__linux__) && defined(SYS_gettid)
    (void)setpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid), 5);
#endif
}

static void *worker_main(void *arg)
{
    worker *w = arg;
    pool *pl = w->pl;
    double tc = 0, ta = 0;
    yield_to_writer();
    pthread_mutex_lock(&pl->mu);
    for (;;) {
        while (!pl->stop && pl->next_work == pl->filled) {
            pl->idle++;
            pthread_cond_wait(&pl->work, &pl->mu);
            pl->idle--;
        }
        if (pl->next_work == pl->filled) break; /* stop, nothing left */
        /* a run of slots; reader errors among them are finished already
         * (and may be taken back meanwhile): `mine` marks the others */
        uint64_t first = pl->next_work, n = pl->filled - first;
        if (n > WORK_RUN) n = WORK_RUN;
        pl->next_work += n;
        uint32_t mine = 0;
        for (uint64_t i = 0; i < n; i++)
            if (pl->ring[(first + i) % pl->cap].state == SLOT_READY) {
                pl->ring[(first + i) % pl->cap].state = SLOT_BUSY;
                mine |= 1u << i;
            }
        pthread_mutex_unlock(&pl->mu);
        /* the run's look-ups in one read transaction (one WAL read lock;
         * a snapshot a little older does no harm: the writer decides) */
        px_error ignored;
        int txn = mine && w->ro && px_store_begin(w->ro, &ignored) == PX_OK;
        for (uint64_t i = 0; i < n; i++)
            if (mine >> i & 1) work_one(w, &pl->ring[(first + i) % pl->cap], &tc, &ta);
        if (txn && px_store_commit(w->ro, &ignored) != PX_OK) px_store_rollback(w->ro, &ignored);
        pthread_mutex_lock(&pl->mu);
        for (uint64_t i = 0; i < n; i++)
            if (mine >> i & 1) pl->ring[(first + i) % pl->cap].state = SLOT_DONE;
        if (pl->main_waiting && pl->taken >= first && pl->taken < first + n) pthread_cond_signal(&pl->done);
    }
    pl->t_clean += tc;
    pl->t_analyse += ta;
    pthread_mutex_unlock(&pl->mu);
    return NULL;
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
    pthread_mutex_lock(&g->mu);
    unsigned long long stored = (unsigned long long)g->ingested;
    pthread_mutex_unlock(&g->mu);
    if (g->tty)
        fprintf(stderr, "\rparallax ingest: %llu read, %llu stored, %.0f articles/s%s",
                (unsigned long long)seen, stored, rate, final ? "\n" : "   ");
    else if (!final)
        fprintf(stderr, "parallax ingest: %llu read, %llu stored, %.0f articles/s\n",
                (unsigned long long)seen, stored, rate);
}

/* `parallax ingest`. */
int px_cli_ingest(int argc, char **argv)
{
    const char *db = "parallax.db", *lang = NULL, *log_path = NULL;
    px_reader_opts ropts = {0};
    px_store_opts sopts = {0};
    long batch = 1000;
    long jobs = sysconf(_SC_NPROCESSORS_ONLN) > 0 ? sysconf(_SC_NPROCESSORS_ONLN) : 1;
    ingest g = {0};
    pool pl = {0};
    worker *workers = NULL;
    int pool_live = 0, reader_live = 0, store_live = 0, reported = 0;
    pthread_t reader_th, store_th;
    static const struct option longopts[] = {
        {"db", required_argument, NULL, 'd'},     {"batch", required_argument, NULL, 'b'},
        {"sync", required_argument, NULL, 's'},   {"log", required_argument, NULL, 'L'},
        {"format", required_argument, NULL, 'f'}, {"lang", required_argument, NULL, 'l'},
        {"quiet", no_argument, NULL, 'q'},        {"help", no_argument, NULL, 'h'},
        {"timing", no_argument, NULL, 't'},       {"jobs", required_argument, NULL, 'j'},
        {NULL, 0, NULL, 0}};
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "hj:", longopts, NULL)) != -1) {
        switch (c) {
        case 'd': db = optarg; break;
        case 'L': log_path = optarg; break;
        case 'l': lang = optarg; break;
        case 'q': g.quiet = 1; break;
        case 't': g.timing = 1; break;
        case 'j': {
            char *end;
            jobs = strtol(optarg, &end, 10);
            if (end == optarg || *end || jobs < 0 || jobs > 256) {
                fprintf(stderr, "parallax ingest: -j wants 0 to 256 threads, not '%s'\n", optarg);
                return 2;
            }
            break;
        }
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
    pthread_mutex_init(&g.mu, NULL);
    pthread_cond_init(&g.cv, NULL);
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
        px_store_scan(g.store, NULL, NULL, PX_SCAN_BY_ID | PX_SCAN_NO_TEXT, replay_one, &g, &err) != PX_OK) {
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
    int ring_ok = 1;
    uint32_t tab = 2;
    while (tab < 2 * (uint64_t)batch) tab *= 2;
    for (int i = 0; i < NBATCH; i++) {
        g.ring[i].b = calloc((size_t)batch, sizeof *g.ring[i].b);
        g.ring[i].by_hash = calloc(tab, sizeof *g.ring[i].by_hash);
        g.ring[i].by_url = calloc(tab, sizeof *g.ring[i].by_url);
        g.ring[i].mask = tab - 1;
        ring_ok &= g.ring[i].b && g.ring[i].by_hash && g.ring[i].by_url;
    }
    if (!r || !b || !ring_ok) {
        if (!r) px_cli_report_error(&err);
        else fprintf(stderr, "parallax ingest: out of memory\n");
        rc = 2;
        goto done;
    }
    /* the ring holds two batches (and enough for every worker to be busy) */
    pl.cap = 2 * (size_t)batch < 64 * (size_t)jobs ? 64 * (size_t)jobs : 2 * (size_t)batch;
    pl.ring = calloc(pl.cap, sizeof *pl.ring);
    pl.refill = pl.cap / 4 ? pl.cap / 4 : 1;
    workers = calloc(jobs ? (size_t)jobs : 1, sizeof *workers);
    pl.lang = lang;
    pl.lx = g.lx;
    pl.copts = &g.copts;
    pthread_mutex_init(&pl.mu, NULL);
    pthread_cond_init(&pl.work, NULL);
    pthread_cond_init(&pl.done, NULL);
    pthread_cond_init(&pl.space, NULL);
    pool_live = 1;
    if (!pl.ring || !workers) {
        fprintf(stderr, "parallax ingest: out of memory\n");
        rc = 2;
        goto done;
    }
    for (long i = 0; i < jobs; i++) {
        workers[i].pl = &pl;
        px_store_opts ro = {.read_only = 1};
        px_error ignored;
        if (px_store_open(db, &ro, &workers[i].ro, &ignored) != PX_OK) workers[i].ro = NULL; /* no look-ahead */
        if (!(workers[i].ctx = px_ctx_new(&err))) {
            px_cli_report_error(&err);
            rc = 2;
            goto done;
        }
        if (pthread_create(&workers[i].th, NULL, worker_main, &workers[i]) != 0) {
            fprintf(stderr, "parallax ingest: cannot start a worker thread\n");
            rc = 2;
            goto done;
        }
        workers[i].started = 1;
    }
    worker inline_w = {.pl = &pl, .ctx = g.ctx};
    g.t0 = px_cli_now();
    uint64_t seen = 0;
    pl.r = r;
    if (pthread_create(&store_th, NULL, store_main, &g) != 0) {
        fprintf(stderr, "parallax ingest: cannot start the store thread\n");
        rc = 2;
        goto done;
    }
    store_live = 1;
    if (jobs) {
        if (pthread_create(&reader_th, NULL, reader_main, &pl) != 0) {
            fprintf(stderr, "parallax ingest: cannot start the reader thread\n");
            rc = 2;
            goto done;
        }
        reader_live = 1;
    }
    for (int end = 0, stop = 0; !end && !stop;) {
        if (!jobs && !pl.eof) /* -j 0: read and work here */
            read_run(&pl, pl.cap - (size_t)(pl.filled - pl.taken), &inline_w);
        /* take back the finished slots that come next in input order */
        uint64_t at, run = take_run(&pl, &at), upto = at;
        end = !run;
        for (uint64_t i = 0; i < (end ? 1 : run); i++) {
            int fatal = 0;
            if (!end) {
                slot *sl = &pl.ring[(at + i) % pl.cap];
                if (sl->st == PX_OK) {
                    b[nb++] = sl->p;
                    memset(&sl->p, 0, sizeof sl->p);
                    seen++;
                } else if (sl->st == PX_ERR_NOMEM) {
                    px_cli_report_error(&sl->err);
                    fatal = 1;
                } else {
                    if (g.tty && !g.quiet) fputc('\n', stderr);
                    px_cli_report_error(&sl->err);
                    g.skipped++;
                    g.skip_reason[-sl->st < 8 ? -sl->st : 0]++;
                }
                slot_clear(sl, 0);
                upto = at + i + 1;
            }
            if (fatal) {
                rc = 2;
                stop = 1;
                break;
            }
            if (nb == (size_t)batch || end) {
                /* the full batch to the store thread; then every batch it
                 * looked up but the one just handed over (all at the end);
                 * the reader refills the slots meanwhile */
                give_back(&pl, upto);
                px_status ws = nb ? submit_batch(&g, &b, nb, &err) : PX_OK;
                nb = 0;
                if (ws == PX_OK) ws = cluster_ready(&g, end ? 0 : 1, &err);
                if (ws != PX_OK) {
                    px_cli_report_error(&err);
                    reported = 1;
                    rc = 2;
                    stop = 1;
                    break;
                }
            }
            if (end) break;
            progress(&g, seen, 0);
        }
        give_back(&pl, upto);
    }
    stop_workers(&pl, workers, jobs);
    if (reader_live) pthread_join(reader_th, NULL), reader_live = 0;
    if (store_live) {
        store_live = 0;
        if (finish_store(&g, store_th, &err) != PX_OK && !reported) {
            px_cli_report_error(&err);
            rc = 2;
        }
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
    if (g.timing) {
        px_cluster_stats cst;
        px_clusterer_stats(g.cl, &cst);
        fprintf(stderr, "parallax ingest: clusterer memory %.1f MB (%.0f bytes per stored article)\n",
                cst.memory / 1e6, n_art ? (double)cst.memory / n_art : 0.0);
    }
    if (g.timing)
        fprintf(stderr,
                "parallax ingest: time: wall %.2fs; read %.2fs (%s); writer: cluster %.2fs (CPU %.2fs), "
                "waiting for the store thread %.2fs; store thread: %.2fs (CPU %.2fs); "
                "%ld workers (summed): clean+langid %.2fs, analyse+features %.2fs\n",
                el, pl.t_read, jobs ? "reader thread" : "same thread", g.t_cluster, g.c_cluster, g.t_wait,
                g.t_store, g.c_store, jobs, pl.t_clean, pl.t_analyse);
    if (!rc && g.skipped) rc = 1;
done:
    if (store_live) finish_store(&g, store_th, &err);
    if (pool_live) stop_workers(&pl, workers, jobs);
    if (reader_live) pthread_join(reader_th, NULL); /* it stops after its record */
    for (long i = 0; workers && i < jobs; i++) {
        px_ctx_free(workers[i].ctx);
        px_store_close(workers[i].ro);
    }
    free(workers);
    for (size_t i = 0; pl.ring && i < pl.cap; i++) slot_clear(&pl.ring[i], 1);
    free(pl.ring);
    if (pool_live) {
        pthread_mutex_destroy(&pl.mu);
        pthread_cond_destroy(&pl.work);
        pthread_cond_destroy(&pl.done);
        pthread_cond_destroy(&pl.space);
    }
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
    for (int i = 0; i < NBATCH; i++) {
        for (size_t k = 0; g.ring[i].b && k < g.ring[i].n; k++) pending_free(&g.ring[i].b[k]);
        free(g.ring[i].b);
        free(g.ring[i].by_hash);
        free(g.ring[i].by_url);
        free(g.ring[i].merge);
    }
    pthread_mutex_destroy(&g.mu);
    pthread_cond_destroy(&g.cv);
    close(lock_fd);
    return rc;
}
