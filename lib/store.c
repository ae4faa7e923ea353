/*
 * store.c - the corpus store: articles and stories in an embedded SQLite
 * database, behind the px_store_* calls of parallax.h (nothing outside this
 * file knows it is SQLite).
 *
 * Guarantees
 *  - The file is in WAL mode. A transaction that px_store_commit() reported
 *    done survives the process being killed at any moment; with the default
 *    synchronous=FULL it also survives a power loss (synchronous=NORMAL, on
 *    request, may undo the last commits after a power loss, never corrupts).
 *  - An article's content hash is UNIQUE: the same content is one record
 *    whatever path tries to store it twice.
 *  - Every statement that runs per article is prepared once, at open.
 *  - On a read-only store, begin .. commit is one read transaction: its
 *    look-ups see one state of the file (and pay the WAL's locking once).
 *  - Strings of rows handed out are copied into an arena owned by the
 *    store, valid until the next call (scans: during the callback).
 * Schema: docs/store.md (version kept in meta.schema_version).
 */
#include "internal.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#define XXH_INLINE_ALL
#include <xxhash.h>

#define STORE_SCHEMA_VERSION "2"
#define STORE_MAX_QUERY_WORDS 16

static const char *const schema_sql =
    "CREATE TABLE IF NOT EXISTS meta("
    "  key TEXT PRIMARY KEY, value TEXT NOT NULL);"
    "CREATE TABLE IF NOT EXISTS articles("
    "  id INTEGER PRIMARY KEY,"
    "  ext_id TEXT, url TEXT,"
    "  hash BLOB NOT NULL UNIQUE,"     /* XXH3-128 of title \\0 text */
    "  title TEXT, date TEXT, source TEXT, lang TEXT, byline TEXT,"
    "  text TEXT NOT NULL,"            /* cleaned paragraphs, \\n\\n between */
    "  story INTEGER,"                 /* story now (merges applied) */
    "  first_story INTEGER,"           /* story it was placed in */
    "  revision_of INTEGER,"           /* older version of the same URL */
    "  ingested INTEGER NOT NULL,"
    "  features BLOB);"                /* px_cluster_doc_pack of its stored form */
    "CREATE INDEX IF NOT EXISTS articles_url ON articles(url) WHERE url IS NOT NULL;"
    "CREATE INDEX IF NOT EXISTS articles_story ON articles(story, date);"
    "CREATE INDEX IF NOT EXISTS articles_date ON articles(date);"
    "CREATE TABLE IF NOT EXISTS stories("
    "  id INTEGER PRIMARY KEY,"
    "  merged_into INTEGER,"
    "  first_date TEXT, last_date TEXT,"
    "  size INTEGER NOT NULL DEFAULT 0,"
    "  title TEXT);"
    /* merges look stories up by what they were merged into */
    "CREATE INDEX IF NOT EXISTS stories_merged ON stories(merged_into) WHERE merged_into IS NOT NULL;"
    "INSERT OR IGNORE INTO meta(key, value) VALUES('schema_version', '" STORE_SCHEMA_VERSION "');";

/* Version 1 had no features column: its articles get NULL features (their
 * readers analyse the text instead). */
static const char *const upgrade_1_sql =
    "ALTER TABLE articles ADD COLUMN features BLOB;"
    "UPDATE meta SET value = '2' WHERE key = 'schema_version';";

#define ARTICLE_COLS \
    "id, ext_id, url, hash, title, date, source, lang, byline, text, story, first_story, " \
    "revision_of, ingested, features"

/* The statements prepared at open, by index. */
enum {
    Q_BEGIN, Q_BEGIN_READ, Q_COMMIT, Q_ROLLBACK, Q_INSERT, Q_GET, Q_BY_HASH, Q_BY_URL,
    Q_MOVE_ARTICLES, Q_MARK_MERGED, Q_STORY_ROW, Q_REFRESH, Q_RESOLVE, Q_STORY_GET, Q_COUNT
};

static const char *const query_sql[Q_COUNT] = {
    [Q_BEGIN] = "BEGIN IMMEDIATE",
    [Q_BEGIN_READ] = "BEGIN",
    [Q_COMMIT] = "COMMIT",
    [Q_ROLLBACK] = "ROLLBACK",
    [Q_INSERT] = "INSERT INTO articles(ext_id, url, hash, title, date, source, lang, byline, text,"
                 " story, first_story, revision_of, ingested, features)"
                 " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
    [Q_GET] = "SELECT " ARTICLE_COLS " FROM articles WHERE id = ?1",
    [Q_BY_HASH] = "SELECT " ARTICLE_COLS " FROM articles WHERE hash = ?1",
    [Q_BY_URL] = "SELECT " ARTICLE_COLS " FROM articles WHERE url = ?1 ORDER BY id DESC LIMIT 1",
    [Q_MOVE_ARTICLES] = "UPDATE articles SET story = ?2 WHERE story = ?1",
    [Q_MARK_MERGED] = "UPDATE stories SET merged_into = ?2 WHERE id = ?1 OR merged_into = ?1",
    [Q_STORY_ROW] = "INSERT OR IGNORE INTO stories(id) VALUES(?1)",
    [Q_REFRESH] =
        "UPDATE stories SET"
        " size = (SELECT count(*) FROM articles WHERE story = ?1),"
        " first_date = (SELECT min(date) FROM articles WHERE story = ?1),"
        " last_date = (SELECT max(date) FROM articles WHERE story = ?1),"
        /* the first titled article by date (undated last), then id: in
         * two parts, each read in order from articles_story (story, date,
         * rowid) - a few index entries, not a sort of the whole story */
        " title = coalesce("
        "  (SELECT title FROM articles WHERE story = ?1 AND date IS NOT NULL"
        "   AND title IS NOT NULL AND title <> '' ORDER BY date, id LIMIT 1),"
        "  (SELECT title FROM articles WHERE story = ?1 AND date IS NULL"
        "   AND title IS NOT NULL AND title <> '' ORDER BY id LIMIT 1))"
        " WHERE id = ?1",
    [Q_RESOLVE] = "SELECT merged_into FROM stories WHERE id = ?1",
    [Q_STORY_GET] =
        "SELECT s.id, s.merged_into, s.size, s.first_date, s.last_date, s.title,"
        " (SELECT group_concat(DISTINCT source) FROM articles WHERE story = s.id),"
        " (SELECT group_concat(DISTINCT lang) FROM articles WHERE story = s.id)"
        " FROM stories s WHERE s.id = ?1",
};

struct px_store {
    sqlite3 *db;
    sqlite3_stmt *q[Q_COUNT];
    px_arena arena;       /* strings of the last row handed out */
    int in_txn;
    int read_only;
};

/* Fill err from the database's last error and return the matching status. */
static px_status db_fail(px_store *s, px_error *err, int rc, const char *what)
{
    px_status st = PX_ERR_IO;
    int prim = rc & 0xff;
    if (prim == SQLITE_NOMEM) st = PX_ERR_NOMEM;
    else if (prim == SQLITE_CORRUPT || prim == SQLITE_NOTADB) st = PX_ERR_FORMAT;
    else if (prim == SQLITE_MISUSE || prim == SQLITE_RANGE) st = PX_ERR_ARG;
    const char *file = s && s->db ? sqlite3_db_filename(s->db, "main") : NULL;
    return px_fail(err, st, file ? file : "", PX_NO_OFFSET, "%s: %s", what,
                   s && s->db ? sqlite3_errmsg(s->db) : sqlite3_errstr(rc));
}

/* Run one prepared statement that returns no rows; reset it after. */
static px_status run(px_store *s, int q, px_error *err)
{
    int rc = sqlite3_step(s->q[q]);
    px_status st = rc == SQLITE_DONE || rc == SQLITE_ROW ? PX_OK : db_fail(s, err, rc, query_sql[q]);
    sqlite3_reset(s->q[q]);
    sqlite3_clear_bindings(s->q[q]);
    return st;
}

/* Bind a string or NULL. */
static void bind_text(sqlite3_stmt *q, int i, const char *v)
{
    if (v) sqlite3_bind_text(q, i, v, -1, SQLITE_STATIC);
    else sqlite3_bind_null(q, i);
}

/* Bind an id, 0 meaning NULL. */
static void bind_id(sqlite3_stmt *q, int i, int64_t v)
{
    if (v) sqlite3_bind_int64(q, i, v);
    else sqlite3_bind_null(q, i);
}

/* Column i as a string: copied into the arena when copy, else pointing into
 * the statement (valid until it steps again). NULL for SQL NULL. */
static const char *col_text(px_store *s, sqlite3_stmt *q, int i, int copy, int *nomem)
{
    const char *v = (const char *)sqlite3_column_text(q, i);
    if (!v || !copy) return v;
    char *c = px_arena_strndup(&s->arena, v, (size_t)sqlite3_column_bytes(q, i));
    if (!c) *nomem = 1;
    return c;
}

/* Fill an article from the current row of a query selecting ARTICLE_COLS.
 * Returns 0 on no memory. */
static int fill_article(px_store *s, sqlite3_stmt *q, px_article *a, int copy)
{
    int nomem = 0;
    memset(a, 0, sizeof *a);
    a->id = sqlite3_column_int64(q, 0);
    a->ext_id = col_text(s, q, 1, copy, &nomem);
    a->url = col_text(s, q, 2, copy, &nomem);
    const void *h = sqlite3_column_blob(q, 3);
    if (h && sqlite3_column_bytes(q, 3) == 16) memcpy(a->hash, h, 16);
    a->title = col_text(s, q, 4, copy, &nomem);
    a->date = col_text(s, q, 5, copy, &nomem);
    a->source = col_text(s, q, 6, copy, &nomem);
    a->lang = col_text(s, q, 7, copy, &nomem);
    a->byline = col_text(s, q, 8, copy, &nomem);
    a->text = col_text(s, q, 9, copy, &nomem);
    a->story = sqlite3_column_int64(q, 10);
    a->first_story = sqlite3_column_int64(q, 11);
    a->revision_of = sqlite3_column_int64(q, 12);
    a->ingested = sqlite3_column_int64(q, 13);
    a->features = sqlite3_column_blob(q, 14);
    a->features_len = a->features ? (size_t)sqlite3_column_bytes(q, 14) : 0;
    if (a->features && copy) {
        void *c = px_arena_alloc(&s->arena, a->features_len);
        if (c) memcpy(c, a->features, a->features_len);
        else nomem = 1;
        a->features = c;
    }
    return !nomem;
}

/* Step a bound single-row article query: PX_OK with *out (copied), PX_EOF. */
static px_status one_article(px_store *s, int q, px_article *out, px_error *err)
{
    px_arena_free(&s->arena);
    px_arena_init(&s->arena);
    int rc = sqlite3_step(s->q[q]);
    px_status st;
    if (rc == SQLITE_ROW)
        st = fill_article(s, s->q[q], out, 1) ? PX_OK
             : px_fail(err, PX_ERR_NOMEM, "", PX_NO_OFFSET, "out of memory");
    else if (rc == SQLITE_DONE) st = PX_EOF;
    else st = db_fail(s, err, rc, "reading an article");
    sqlite3_reset(s->q[q]);
    sqlite3_clear_bindings(s->q[q]);
    return st;
}

/* The content hash: XXH3-128 of title, one 0 byte, text (NULL = ""),
 * in canonical (big-endian) byte order. */
void px_store_hash(const char *title, const char *text, uint8_t out[16])
{
    XXH3_state_t st;
    XXH3_128bits_reset(&st);
    if (title) XXH3_128bits_update(&st, title, strlen(title));
    XXH3_128bits_update(&st, "", 1);
    if (text) XXH3_128bits_update(&st, text, strlen(text));
    XXH128_canonical_t c;
    XXH128_canonicalFromHash(&c, XXH3_128bits_digest(&st));
    memcpy(out, c.digest, 16);
}

/* Run a script of statements (schema, pragmas). */
static px_status exec(px_store *s, const char *sql, px_error *err)
{
    int rc = sqlite3_exec(s->db, sql, NULL, NULL, NULL);
    return rc == SQLITE_OK ? PX_OK : db_fail(s, err, rc, "setting up the database");
}

/* Bring a version 1 database to this version (inside the open's
 * transaction). */
static px_status upgrade(px_store *s, px_error *err)
{
    sqlite3_stmt *v = NULL;
    int rc = sqlite3_prepare_v2(s->db, "SELECT value FROM meta WHERE key = 'schema_version'", -1, &v, NULL);
    if (rc != SQLITE_OK) return db_fail(s, err, rc, "reading the schema version");
    int old = sqlite3_step(v) == SQLITE_ROW && sqlite3_column_text(v, 0) &&
              !strcmp((const char *)sqlite3_column_text(v, 0), "1");
    sqlite3_finalize(v);
    return old ? exec(s, upgrade_1_sql, err) : PX_OK;
}

/* Open the store: the file, its pragmas, the schema (created when missing,
 * checked when present), the prepared statements. */
px_status px_store_open(const char *path, const px_store_opts *opts, px_store **out,
                        px_error *err)
{
    if (!out) return px_fail(err, PX_ERR_ARG, "", PX_NO_OFFSET, "no place for the store handle");
    *out = NULL;
    if (!path || !*path) return px_fail(err, PX_ERR_ARG, "", PX_NO_OFFSET, "no database path");
    px_store_opts o = {0};
    if (opts) o = *opts;
    px_store *s = calloc(1, sizeof *s);
    if (!s) return px_fail(err, PX_ERR_NOMEM, path, PX_NO_OFFSET, "out of memory");
    px_arena_init(&s->arena);
    s->read_only = o.read_only;
    int flags = o.read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
    int rc = sqlite3_open_v2(path, &s->db, flags | SQLITE_OPEN_NOMUTEX, NULL);
    px_status st = PX_OK;
    if (rc != SQLITE_OK) {
        st = px_fail(err, rc == SQLITE_NOMEM ? PX_ERR_NOMEM : PX_ERR_IO, path, PX_NO_OFFSET,
                     "cannot open database: %s", s->db ? sqlite3_errmsg(s->db) : sqlite3_errstr(rc));
        goto fail;
    }
    sqlite3_busy_timeout(s->db, 10000);
    if (!o.read_only) {
        st = exec(s, "PRAGMA journal_mode=WAL", err);
        if (st == PX_OK)
            st = exec(s, o.sync_normal ? "PRAGMA synchronous=NORMAL" : "PRAGMA synchronous=FULL", err);
        /* 64 MB of page cache: the hash and URL indexes are written at
         * random places, and a large corpus's do not fit the default 2 MB */
        if (st == PX_OK) st = exec(s, "PRAGMA cache_size=-65536", err);
        /* checkpoint the WAL into the file every 256 MB (of 4 KB pages)
         * rather than 4 MB: a checkpoint writes each page once however
         * often the commits since the last one touched it (the indexes'
         * pages, at random places, many times), and the committing writer
         * does it: on 20,000 synthetic articles added to 200,000 the store
         * thread's CPU is a quarter lower than at 64 MB. Commits stay
         * durable (the WAL is synced at each, as synchronous says); the
         * log file grows to that size */
        if (st == PX_OK) st = exec(s, "PRAGMA wal_autocheckpoint=65536", err);
        if (st == PX_OK) st = exec(s, "BEGIN IMMEDIATE", err);
        if (st == PX_OK) {
            st = exec(s, schema_sql, err);
            if (st == PX_OK) st = upgrade(s, err);
            if (st == PX_OK) st = exec(s, "COMMIT", err);
            else exec(s, "ROLLBACK", NULL);
        }
        if (st != PX_OK) goto fail;
    }
    /* the schema version must be the one this code writes */
    sqlite3_stmt *v = NULL;
    rc = sqlite3_prepare_v2(s->db, "SELECT value FROM meta WHERE key = 'schema_version'", -1, &v, NULL);
    if (rc != SQLITE_OK) {
        st = db_fail(s, err, rc, "not a parallax database");
        goto fail;
    }
    rc = sqlite3_step(v);
    const char *ver = rc == SQLITE_ROW ? (const char *)sqlite3_column_text(v, 0) : NULL;
    if (!ver || strcmp(ver, STORE_SCHEMA_VERSION) != 0) {
        st = px_fail(err, PX_ERR_FORMAT, path, PX_NO_OFFSET,
                     "database schema version %s, this parallax reads version %s",
                     ver ? ver : "(none)", STORE_SCHEMA_VERSION);
        sqlite3_finalize(v);
        goto fail;
    }
    sqlite3_finalize(v);
    for (int i = 0; i < Q_COUNT; i++) {
        rc = sqlite3_prepare_v3(s->db, query_sql[i], -1, SQLITE_PREPARE_PERSISTENT, &s->q[i], NULL);
        if (rc != SQLITE_OK) {
            st = db_fail(s, err, rc, query_sql[i]);
            goto fail;
        }
    }
    *out = s;
    return PX_OK;
fail:
    px_store_close(s);
    return st;
}

/* Close: roll back an open transaction, finalize statements, close the
 * file (checkpointing the WAL when the last connection goes). */
px_status px_store_close(px_store *s)
{
    if (!s) return PX_OK;
    if (s->in_txn && s->q[Q_ROLLBACK]) run(s, Q_ROLLBACK, NULL);
    for (int i = 0; i < Q_COUNT; i++) sqlite3_finalize(s->q[i]);
    int rc = s->db ? sqlite3_close(s->db) : SQLITE_OK;
    px_arena_free(&s->arena);
    free(s);
    return rc == SQLITE_OK ? PX_OK : PX_ERR_IO;
}

/* Start a write transaction (taking the write lock now, not at first
 * write); on a read-only store, a read transaction: the reads until commit
 * see one state of the file (the WAL's read lock is taken once, at the
 * first read, not per statement). */
px_status px_store_begin(px_store *s, px_error *err)
{
    if (!s || s->in_txn) return px_fail(err, PX_ERR_ARG, "", PX_NO_OFFSET, "transaction already open");
    px_status st = run(s, s->read_only ? Q_BEGIN_READ : Q_BEGIN, err);
    if (st == PX_OK) s->in_txn = 1;
    return st;
}

/* Commit; once this returns PX_OK the transaction is durable (see top). */
px_status px_store_commit(px_store *s, px_error *err)
{
    if (!s || !s->in_txn) return px_fail(err, PX_ERR_ARG, "", PX_NO_OFFSET, "no transaction open");
    px_status st = run(s, Q_COMMIT, err);
    if (st == PX_OK || sqlite3_get_autocommit(s->db)) s->in_txn = 0;
    return st;
}

/* Roll back the open transaction. */
px_status px_store_rollback(px_store *s, px_error *err)
{
    if (!s || !s->in_txn) return px_fail(err, PX_ERR_ARG, "", PX_NO_OFFSET, "no transaction open");
    px_status st = run(s, Q_ROLLBACK, err);
    s->in_txn = 0;
    return st;
}

/* Store an article: a duplicate by hash writes nothing; new content under
 * a stored URL becomes a revision of its latest version. */
px_status px_store_put(px_store *s, px_article *a, px_put_result *res, px_error *err)
{
    if (!s || !a || !a->text)
        return px_fail(err, PX_ERR_ARG, "", PX_NO_OFFSET, "article without text");
    px_put_result r = PX_PUT_NEW;
    px_article old;
    px_status st = px_store_find_hash(s, a->hash, &old, err);
    if (st == PX_OK) {
        a->id = old.id;
        a->story = old.story;
        a->first_story = old.first_story;
        a->revision_of = old.revision_of;
        if (res) *res = PX_PUT_DUPLICATE;
        return PX_OK;
    }
    if (st != PX_EOF) return st;
    if (a->url && *a->url) {
        st = px_store_find_url(s, a->url, &old, err);
        if (st == PX_OK) {
            r = PX_PUT_REVISION;
            a->revision_of = old.id;
            if (!a->story) a->story = old.story;
        } else if (st != PX_EOF) {
            return st;
        }
    }
    st = px_store_insert(s, a, err);
    if (st == PX_OK && res) *res = r;
    return st;
}

/* Insert an article as it is (the caller did the lookups of px_store_put). */
px_status px_store_insert(px_store *s, px_article *a, px_error *err)
{
    if (!s || !a || !a->text)
        return px_fail(err, PX_ERR_ARG, "", PX_NO_OFFSET, "article without text");
    if (!a->ingested) a->ingested = (int64_t)time(NULL);
    sqlite3_stmt *q = s->q[Q_INSERT];
    bind_text(q, 1, a->ext_id);
    bind_text(q, 2, a->url);
    sqlite3_bind_blob(q, 3, a->hash, 16, SQLITE_STATIC);
    bind_text(q, 4, a->title);
    bind_text(q, 5, a->date);
    bind_text(q, 6, a->source);
    bind_text(q, 7, a->lang);
    bind_text(q, 8, a->byline);
    bind_text(q, 9, a->text);
    bind_id(q, 10, a->story);
    bind_id(q, 11, a->first_story);
    bind_id(q, 12, a->revision_of);
    sqlite3_bind_int64(q, 13, a->ingested);
    if (a->features && a->features_len) sqlite3_bind_blob(q, 14, a->features, (int)a->features_len, SQLITE_STATIC);
    else sqlite3_bind_null(q, 14);
    px_status st = run(s, Q_INSERT, err);
    if (st != PX_OK) return st;
    a->id = sqlite3_last_insert_rowid(s->db);
    return PX_OK;
}

/* An article by row id. */
px_status px_store_get(px_store *s, int64_t id, px_article *out, px_error *err)
{
    if (!s || !out) return px_fail(err, PX_ERR_ARG, "", PX_NO_OFFSET, "no store or no output");
    sqlite3_bind_int64(s->q[Q_GET], 1, id);
    return one_article(s, Q_GET, out, err);
}

/* An article by content hash. */
px_status px_store_find_hash(px_store *s, const uint8_t hash[16], px_article *out, px_error *err)
{
    if (!s || !hash || !out) return px_fail(err, PX_ERR_ARG, "", PX_NO_OFFSET, "no store, hash or output");
    sqlite3_bind_blob(s->q[Q_BY_HASH], 1, hash, 16, SQLITE_STATIC);
    return one_article(s, Q_BY_HASH, out, err);
}

/* The latest stored version of a URL. */
px_status px_store_find_url(px_store *s, const char *url, px_article *out, px_error *err)
{
    if (!s || !url || !out) return px_fail(err, PX_ERR_ARG, "", PX_NO_OFFSET, "no store, url or output");
    sqlite3_bind_text(s->q[Q_BY_URL], 1, url, -1, SQLITE_STATIC);
    return one_article(s, Q_BY_URL, out, err);
}

/* Step q, handing each row to fn as an article; finalizes q. */
static px_status each_article(px_store *s, sqlite3_stmt *q, px_article_fn fn, void *ud, px_error *err)
{
    int rc;
    px_article a;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        fill_article(s, q, &a, 0);
        if (fn(ud, &a)) {
            rc = SQLITE_DONE;
            break;
        }
    }
    px_status st = rc == SQLITE_DONE ? PX_OK : db_fail(s, err, rc, "scanning articles");
    sqlite3_finalize(q);
    return st;
}

/* Scan articles in a date range, by id or by date. */
px_status px_store_scan(px_store *s, const char *since, const char *until, int order,
                        px_article_fn fn, void *ud, px_error *err)
{
    if (!s || !fn) return px_fail(err, PX_ERR_ARG, "", PX_NO_OFFSET, "no store or callback");
    char sql[768];
    /* without text: only rows with no stored features need it */
    static const char no_text_cols[] =
        "id, ext_id, url, hash, title, date, source, lang, byline,"
        " CASE WHEN features IS NULL THEN text END, story, first_story, revision_of, ingested, features";
    snprintf(sql, sizeof sql,
             "SELECT %s FROM articles WHERE (?1 IS NULL OR date >= ?1)"
             " AND (?2 IS NULL OR substr(date, 1, length(?2)) <= ?2) ORDER BY %s",
             order & PX_SCAN_NO_TEXT ? no_text_cols : ARTICLE_COLS,
             (order & ~PX_SCAN_NO_TEXT) == PX_SCAN_BY_DATE ? "date, id" : "id");
    sqlite3_stmt *q;
    int rc = sqlite3_prepare_v2(s->db, sql, -1, &q, NULL);
    if (rc != SQLITE_OK) return db_fail(s, err, rc, "scanning articles");
    bind_text(q, 1, since);
    bind_text(q, 2, until);
    return each_article(s, q, fn, ud, err);
}

/* The articles of a story, by date then id. */
px_status px_store_story_articles(px_store *s, int64_t story, px_article_fn fn, void *ud,
                                  px_error *err)
{
    if (!s || !fn) return px_fail(err, PX_ERR_ARG, "", PX_NO_OFFSET, "no store or callback");
    int64_t id;
    px_status st = px_store_story_resolve(s, story, &id, err);
    if (st != PX_OK) return st;
    sqlite3_stmt *q;
    int rc = sqlite3_prepare_v2(s->db, "SELECT " ARTICLE_COLS " FROM articles WHERE story = ?1"
                                " ORDER BY date IS NULL, date, id", -1, &q, NULL);
    if (rc != SQLITE_OK) return db_fail(s, err, rc, "reading a story");
    sqlite3_bind_int64(q, 1, id);
    return each_article(s, q, fn, ud, err);
}

/* Merge story `from` into `into`. */
px_status px_store_story_merge(px_store *s, int64_t from, int64_t into, px_error *err)
{
    if (!s || from <= 0 || into <= 0 || from == into)
        return px_fail(err, PX_ERR_ARG, "", PX_NO_OFFSET, "bad story merge %lld -> %lld",
                       (long long)from, (long long)into);
    px_status st;
    int64_t ids[2] = {from, into};
    for (int i = 0; i < 2; i++) {
        sqlite3_bind_int64(s->q[Q_STORY_ROW], 1, ids[i]);
        if ((st = run(s, Q_STORY_ROW, err)) != PX_OK) return st;
    }
    sqlite3_bind_int64(s->q[Q_MOVE_ARTICLES], 1, from);
    sqlite3_bind_int64(s->q[Q_MOVE_ARTICLES], 2, into);
    if ((st = run(s, Q_MOVE_ARTICLES, err)) != PX_OK) return st;
    sqlite3_bind_int64(s->q[Q_MARK_MERGED], 1, from);
    sqlite3_bind_int64(s->q[Q_MARK_MERGED], 2, into);
    if ((st = run(s, Q_MARK_MERGED, err)) != PX_OK) return st;
    if ((st = px_store_story_refresh(s, from, err)) != PX_OK) return st;
    return px_store_story_refresh(s, into, err);
}

/* Recount a story from its articles. */
px_status px_store_story_refresh(px_store *s, int64_t id, px_error *err)
{
    if (!s || id <= 0) return px_fail(err, PX_ERR_ARG, "", PX_NO_OFFSET, "bad story id");
    sqlite3_bind_int64(s->q[Q_STORY_ROW], 1, id);
    px_status st = run(s, Q_STORY_ROW, err);
    if (st != PX_OK) return st;
    sqlite3_bind_int64(s->q[Q_REFRESH], 1, id);
    return run(s, Q_REFRESH, err);
}

/* Follow merged_into from id to the story it is part of now. */
px_status px_store_story_resolve(px_store *s, int64_t id, int64_t *out, px_error *err)
{
    if (!s || !out) return px_fail(err, PX_ERR_ARG, "", PX_NO_OFFSET, "no store or output");
    sqlite3_stmt *q = s->q[Q_RESOLVE];
    for (int hops = 0; hops < 64; hops++) {
        sqlite3_bind_int64(q, 1, id);
        int rc = sqlite3_step(q);
        int64_t next = rc == SQLITE_ROW ? sqlite3_column_int64(q, 0) : 0;
        sqlite3_reset(q);
        if (rc == SQLITE_DONE) return PX_EOF;
        if (rc != SQLITE_ROW) return db_fail(s, err, rc, "resolving a story");
        if (!next || next == id) {
            *out = id;
            return PX_OK;
        }
        id = next;
    }
    return px_fail(err, PX_ERR_FORMAT, "", PX_NO_OFFSET, "story merge chain too long (a loop?)");
}

/* Fill a story from a row of Q_STORY_GET's columns. */
static int fill_story(px_store *s, sqlite3_stmt *q, px_story *out, int copy)
{
    int nomem = 0;
    memset(out, 0, sizeof *out);
    out->id = sqlite3_column_int64(q, 0);
    out->merged_into = sqlite3_column_int64(q, 1);
    out->size = sqlite3_column_int64(q, 2);
    out->first_date = col_text(s, q, 3, copy, &nomem);
    out->last_date = col_text(s, q, 4, copy, &nomem);
    out->title = col_text(s, q, 5, copy, &nomem);
    out->outlets = col_text(s, q, 6, copy, &nomem);
    out->langs = col_text(s, q, 7, copy, &nomem);
    if (!out->outlets) out->outlets = "";
    if (!out->langs) out->langs = "";
    return !nomem;
}

/* A story by id, merged ids resolved. */
px_status px_store_story_get(px_store *s, int64_t id, px_story *out, px_error *err)
{
    if (!s || !out) return px_fail(err, PX_ERR_ARG, "", PX_NO_OFFSET, "no store or output");
    px_status st = px_store_story_resolve(s, id, &id, err);
    if (st != PX_OK) return st;
    px_arena_free(&s->arena);
    px_arena_init(&s->arena);
    sqlite3_stmt *q = s->q[Q_STORY_GET];
    sqlite3_bind_int64(q, 1, id);
    int rc = sqlite3_step(q);
    if (rc == SQLITE_ROW)
        st = fill_story(s, q, out, 1) ? PX_OK : px_fail(err, PX_ERR_NOMEM, "", PX_NO_OFFSET, "out of memory");
    else st = rc == SQLITE_DONE ? PX_EOF : db_fail(s, err, rc, "reading a story");
    sqlite3_reset(q);
    return st;
}

/* Append to buf a LIKE pattern matching w anywhere ('\' escapes). */
static int like_pattern(px_buf *b, const char *w, size_t n)
{
    if (!px_buf_putc(b, '%')) return 0;
    for (size_t i = 0; i < n; i++) {
        if ((w[i] == '%' || w[i] == '_' || w[i] == '\\') && !px_buf_putc(b, '\\')) return 0;
        if (!px_buf_putc(b, w[i])) return 0;
    }
    return px_buf_putc(b, '%') && px_buf_putc(b, '\0');
}

/* List stories matching a filter, newest first. */
px_status px_store_stories(px_store *s, const px_story_filter *f, px_story_fn fn, void *ud,
                           px_error *err)
{
    if (!s || !fn) return px_fail(err, PX_ERR_ARG, "", PX_NO_OFFSET, "no store or callback");
    px_story_filter none = {0};
    if (!f) f = &none;
    px_buf sql = {0}, pats = {0};
    size_t starts[STORE_MAX_QUERY_WORDS];
    int nwords = 0;
    /* the query's words, as LIKE patterns packed one after another in pats */
    for (const char *p = f->query; p && *p && nwords < STORE_MAX_QUERY_WORDS;) {
        while (*p == ' ' || *p == '\t' || *p == '\n') p++;
        size_t n = strcspn(p, " \t\n");
        if (!n) break;
        starts[nwords++] = pats.len;
        if (!like_pattern(&pats, p, n)) goto nomem;
        p += n;
    }
    static const char head[] =
        "SELECT s.id, s.merged_into, s.size, s.first_date, s.last_date, s.title,"
        " (SELECT group_concat(DISTINCT source) FROM articles WHERE story = s.id),"
        " (SELECT group_concat(DISTINCT lang) FROM articles WHERE story = s.id)"
        " FROM stories s WHERE s.merged_into IS NULL AND s.size > 0";
    if (!px_buf_append(&sql, head, sizeof head - 1)) goto nomem;
    if (f->since || f->until) {
        static const char t[] = " AND EXISTS(SELECT 1 FROM articles a WHERE a.story = s.id"
                                " AND (?1 IS NULL OR a.date >= ?1)"
                                " AND (?2 IS NULL OR substr(a.date, 1, length(?2)) <= ?2))";
        if (!px_buf_append(&sql, t, sizeof t - 1)) goto nomem;
    }
    if (f->lang) {
        static const char t[] = " AND EXISTS(SELECT 1 FROM articles a WHERE a.story = s.id AND a.lang = ?3)";
        if (!px_buf_append(&sql, t, sizeof t - 1)) goto nomem;
    }
    if (f->outlet) {
        static const char t[] = " AND EXISTS(SELECT 1 FROM articles a WHERE a.story = s.id"
                                " AND a.source = ?4 COLLATE NOCASE)";
        if (!px_buf_append(&sql, t, sizeof t - 1)) goto nomem;
    }
    for (int i = 0; i < nwords; i++) {
        char t[256];
        int n = snprintf(t, sizeof t,
                         " AND EXISTS(SELECT 1 FROM articles a WHERE a.story = s.id AND"
                         " (a.title LIKE ?%d ESCAPE '\\' OR a.text LIKE ?%d ESCAPE '\\'))",
                         10 + i, 10 + i);
        if (!px_buf_append(&sql, t, (size_t)n)) goto nomem;
    }
    static const char tail[] = " ORDER BY s.last_date IS NULL, s.last_date DESC, s.id DESC";
    if (!px_buf_append(&sql, tail, sizeof tail)) goto nomem;
    sqlite3_stmt *q;
    int rc = sqlite3_prepare_v2(s->db, sql.data, -1, &q, NULL);
    px_buf_free(&sql);
    if (rc != SQLITE_OK) {
        px_buf_free(&pats);
        return db_fail(s, err, rc, "listing stories");
    }
    bind_text(q, 1, f->since);
    bind_text(q, 2, f->until);
    if (f->lang) bind_text(q, 3, f->lang);
    if (f->outlet) bind_text(q, 4, f->outlet);
    for (int i = 0; i < nwords; i++) sqlite3_bind_text(q, 10 + i, pats.data + starts[i], -1, SQLITE_STATIC);
    px_story st;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        fill_story(s, q, &st, 0);
        if (fn(ud, &st)) {
            rc = SQLITE_DONE;
            break;
        }
    }
    px_status ret = rc == SQLITE_DONE ? PX_OK : db_fail(s, err, rc, "listing stories");
    sqlite3_finalize(q);
    px_buf_free(&pats);
    return ret;
nomem:
    px_buf_free(&sql);
    px_buf_free(&pats);
    return px_fail(err, PX_ERR_NOMEM, "", PX_NO_OFFSET, "out of memory");
}

/* Counts of articles, live stories and the largest story id. */
px_status px_store_counts(px_store *s, int64_t *articles, int64_t *stories, int64_t *max_story,
                          px_error *err)
{
    if (!s) return px_fail(err, PX_ERR_ARG, "", PX_NO_OFFSET, "no store");
    sqlite3_stmt *q;
    int rc = sqlite3_prepare_v2(s->db,
                                "SELECT (SELECT count(*) FROM articles),"
                                " (SELECT count(*) FROM stories WHERE merged_into IS NULL AND size > 0),"
                                " (SELECT coalesce(max(id), 0) FROM stories)", -1, &q, NULL);
    if (rc != SQLITE_OK) return db_fail(s, err, rc, "counting");
    rc = sqlite3_step(q);
    if (rc == SQLITE_ROW) {
        if (articles) *articles = sqlite3_column_int64(q, 0);
        if (stories) *stories = sqlite3_column_int64(q, 1);
        if (max_story) *max_story = sqlite3_column_int64(q, 2);
    }
    px_status st = rc == SQLITE_ROW ? PX_OK : db_fail(s, err, rc, "counting");
    sqlite3_finalize(q);
    return st;
}
