/*
 * test_store.c - the corpus store (lib/store.c): an article put comes back
 * by id, hash and URL; the same content twice is one record; new content
 * under a stored URL is a revision in the same story; stories and their
 * counts survive closing and reopening; a merged story id still resolves;
 * story listing filters; bad arguments and a file that is not a database
 * are errors, not crashes; an article's packed clustering features come
 * back bit for bit (by get and by a scan without text) and unpack to the
 * features packed, while bytes that are not packed features are refused;
 * px_store_insert writes without lookups but keeps hashes unique; a
 * version 1 database is upgraded on open; the similarity index finds a
 * near-copy first and accumulates exactly the brute-force score. Each test
 * works in its own temporary file.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "parallax.h"

#include <sqlite3.h>

/* A fresh database path (removed with its WAL files by drop_db). */
static void temp_db(char *path, size_t n)
{
    snprintf(path, n, "/tmp/px_test_store_XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    unlink(path);
}

/* Remove a test database and its -wal / -shm files. */
static void drop_db(const char *path)
{
    char p[600];
    unlink(path);
    snprintf(p, sizeof p, "%s-wal", path);
    unlink(p);
    snprintf(p, sizeof p, "%s-shm", path);
    unlink(p);
}

/* An article with its hash set. */
static px_article article(const char *ext_id, const char *url, const char *title, const char *date,
                          const char *source, const char *lang, const char *text)
{
    px_article a = {.ext_id = ext_id, .url = url, .title = title, .date = date, .source = source,
                    .lang = lang, .text = text};
    px_store_hash(title, text, a.hash);
    return a;
}

/* Open a store or fail the test. */
static px_store *open_store(const char *path)
{
    px_store *s = NULL;
    px_error err = {0};
    assert_int_equal(px_store_open(path, NULL, &s, &err), PX_OK);
    assert_non_null(s);
    return s;
}

/* Put one article in its own transaction; returns what happened. */
static px_put_result put1(px_store *s, px_article *a)
{
    px_error err = {0};
    px_put_result r;
    assert_int_equal(px_store_begin(s, &err), PX_OK);
    assert_int_equal(px_store_put(s, a, &r, &err), PX_OK);
    if (a->story) assert_int_equal(px_store_story_refresh(s, a->story, &err), PX_OK);
    assert_int_equal(px_store_commit(s, &err), PX_OK);
    return r;
}

/* Put, then get by id, hash and URL: every field comes back. */
static void test_put_get(void **state)
{
    char path[64];
    temp_db(path, sizeof path);
    px_store *s = open_store(path);
    px_error err = {0};
    px_article a = article("a1", "http://x.test/1", "Title one", "2024-05-01", "x.test", "en",
                           "First paragraph.\n\nSecond paragraph.");
    a.byline = "By Someone";
    a.story = a.first_story = 1;
    assert_int_equal(put1(s, &a), PX_PUT_NEW);
    assert_true(a.id >= 1);
    px_article g;
    assert_int_equal(px_store_get(s, a.id, &g, &err), PX_OK);
    assert_string_equal(g.ext_id, "a1");
    assert_string_equal(g.url, "http://x.test/1");
    assert_string_equal(g.title, "Title one");
    assert_string_equal(g.date, "2024-05-01");
    assert_string_equal(g.source, "x.test");
    assert_string_equal(g.lang, "en");
    assert_string_equal(g.byline, "By Someone");
    assert_string_equal(g.text, "First paragraph.\n\nSecond paragraph.");
    assert_memory_equal(g.hash, a.hash, 16);
    assert_int_equal(g.story, 1);
    assert_int_equal(g.revision_of, 0);
    assert_true(g.ingested > 0);
    assert_int_equal(px_store_find_hash(s, a.hash, &g, &err), PX_OK);
    assert_int_equal(g.id, a.id);
    assert_int_equal(px_store_find_url(s, "http://x.test/1", &g, &err), PX_OK);
    assert_int_equal(g.id, a.id);
    assert_int_equal(px_store_get(s, a.id + 100, &g, &err), PX_EOF);
    assert_int_equal(px_store_find_url(s, "http://nowhere", &g, &err), PX_EOF);
    px_store_close(s);
    drop_db(path);
}

/* The same content twice is one record, whatever its id or URL. */
static void test_duplicate(void **state)
{
    char path[64];
    temp_db(path, sizeof path);
    px_store *s = open_store(path);
    px_error err = {0};
    px_article a = article("a1", "http://x.test/1", "T", "2024-05-01", "x", "en", "Same text.");
    a.story = a.first_story = 1;
    assert_int_equal(put1(s, &a), PX_PUT_NEW);
    px_article b = article("copy", "http://y.test/copy", "T", "2024-05-02", "y", "en", "Same text.");
    assert_int_equal(put1(s, &b), PX_PUT_DUPLICATE);
    assert_int_equal(b.id, a.id);
    assert_int_equal(b.story, 1);
    int64_t n = 0;
    assert_int_equal(px_store_counts(s, &n, NULL, NULL, &err), PX_OK);
    assert_int_equal(n, 1);
    /* a different title is different content */
    px_article c = article("a2", NULL, "Other title", NULL, NULL, NULL, "Same text.");
    assert_int_equal(put1(s, &c), PX_PUT_NEW);
    assert_int_equal(px_store_counts(s, &n, NULL, NULL, &err), PX_OK);
    assert_int_equal(n, 2);
    px_store_close(s);
    drop_db(path);
}

/* Changed text under a stored URL is a revision of it, in its story. */
static void test_revision(void **state)
{
    char path[64];
    temp_db(path, sizeof path);
    px_store *s = open_store(path);
    px_error err = {0};
    px_article a = article("a1", "http://x.test/1", "T", "2024-05-01", "x", "en", "Version one.");
    a.story = a.first_story = 4;
    assert_int_equal(put1(s, &a), PX_PUT_NEW);
    px_article b = article("a1", "http://x.test/1", "T", "2024-05-01", "x", "en", "Version two.");
    assert_int_equal(put1(s, &b), PX_PUT_REVISION);
    assert_true(b.id != a.id);
    assert_int_equal(b.revision_of, a.id);
    assert_int_equal(b.story, 4);
    px_article c = article("a1", "http://x.test/1", "T", "2024-05-01", "x", "en", "Version three.");
    assert_int_equal(put1(s, &c), PX_PUT_REVISION);
    assert_int_equal(c.revision_of, b.id); /* the latest version */
    px_article g;
    assert_int_equal(px_store_find_url(s, "http://x.test/1", &g, &err), PX_OK);
    assert_int_equal(g.id, c.id);
    assert_string_equal(g.text, "Version three.");
    assert_int_equal(px_store_story_refresh(s, 4, &err), PX_OK);
    px_story st;
    assert_int_equal(px_store_story_get(s, 4, &st, &err), PX_OK);
    assert_int_equal(st.size, 3);
    px_store_close(s);
    drop_db(path);
}

/* Counting callback for scans and listings. */
static int count_cb(void *ud, const void *row)
{
    (*(int *)ud)++;
    return 0;
}
static int count_article(void *ud, const px_article *a) { return count_cb(ud, a); }
static int count_story(void *ud, const px_story *s) { return count_cb(ud, s); }

/* Stories written, closed, reopened: sizes, dates, titles, outlets are there. */
static void test_reopen(void **state)
{
    char path[64];
    temp_db(path, sizeof path);
    px_store *s = open_store(path);
    px_error err = {0};
    px_article a = article("a", "u1", "Strike at the port", "2024-05-02", "bbc", "en", "Dock workers struck.");
    px_article b = article("b", "u2", "Port strike goes on", "2024-05-03", "dw", "de", "Hafen bestreikt.");
    px_article c = article("c", "u3", "Bread prize", "2024-06-01", "bbc", "en", "A bakery won.");
    a.story = a.first_story = b.story = b.first_story = 1;
    c.story = c.first_story = 2;
    put1(s, &a), put1(s, &b), put1(s, &c);
    px_store_close(s);

    s = open_store(path);
    px_story st;
    assert_int_equal(px_store_story_get(s, 1, &st, &err), PX_OK);
    assert_int_equal(st.size, 2);
    assert_string_equal(st.first_date, "2024-05-02");
    assert_string_equal(st.last_date, "2024-05-03");
    assert_string_equal(st.title, "Strike at the port");
    assert_non_null(strstr(st.outlets, "bbc"));
    assert_non_null(strstr(st.outlets, "dw"));
    assert_non_null(strstr(st.langs, "de"));
    int64_t na, ns, maxs;
    assert_int_equal(px_store_counts(s, &na, &ns, &maxs, &err), PX_OK);
    assert_int_equal(na, 3);
    assert_int_equal(ns, 2);
    assert_int_equal(maxs, 2);
    int n = 0;
    assert_int_equal(px_store_scan(s, "2024-05-03", "2024-05", PX_SCAN_BY_DATE, count_article, &n, &err), PX_OK);
    assert_int_equal(n, 1);
    n = 0;
    assert_int_equal(px_store_stories(s, NULL, count_story, &n, &err), PX_OK);
    assert_int_equal(n, 2);
    px_story_filter f = {.lang = "de"};
    n = 0;
    assert_int_equal(px_store_stories(s, &f, count_story, &n, &err), PX_OK);
    assert_int_equal(n, 1);
    f = (px_story_filter){.outlet = "BBC", .query = "bakery"};
    n = 0;
    assert_int_equal(px_store_stories(s, &f, count_story, &n, &err), PX_OK);
    assert_int_equal(n, 1);
    f = (px_story_filter){.since = "2024-05-10", .until = "2024-12-31"};
    n = 0;
    assert_int_equal(px_store_stories(s, &f, count_story, &n, &err), PX_OK);
    assert_int_equal(n, 1);
    f = (px_story_filter){.query = "100% _no_ \\match"};
    n = 0;
    assert_int_equal(px_store_stories(s, &f, count_story, &n, &err), PX_OK);
    assert_int_equal(n, 0);
    px_store_close(s);
    drop_db(path);
}

/* A merged story's id resolves to the story it went into, which holds
 * its articles; listings show the merged story once. */
static void test_merge(void **state)
{
    char path[64];
    temp_db(path, sizeof path);
    px_store *s = open_store(path);
    px_error err = {0};
    px_article a = article("a", NULL, "A", "2024-05-01", "x", "en", "One.");
    px_article b = article("b", NULL, "B", "2024-05-02", "y", "en", "Two.");
    px_article c = article("c", NULL, "C", "2024-05-03", "z", "en", "Three.");
    a.story = a.first_story = 1;
    b.story = b.first_story = 2;
    c.story = c.first_story = 3;
    put1(s, &a), put1(s, &b), put1(s, &c);
    assert_int_equal(px_store_begin(s, &err), PX_OK);
    assert_int_equal(px_store_story_merge(s, 3, 2, &err), PX_OK);
    assert_int_equal(px_store_story_merge(s, 2, 1, &err), PX_OK); /* 3 now resolves to 1 too */
    assert_int_equal(px_store_commit(s, &err), PX_OK);
    px_store_close(s);

    s = open_store(path);
    int64_t id = 0;
    assert_int_equal(px_store_story_resolve(s, 3, &id, &err), PX_OK);
    assert_int_equal(id, 1);
    assert_int_equal(px_store_story_resolve(s, 2, &id, &err), PX_OK);
    assert_int_equal(id, 1);
    assert_int_equal(px_store_story_resolve(s, 77, &id, &err), PX_EOF);
    px_story st;
    assert_int_equal(px_store_story_get(s, 3, &st, &err), PX_OK);
    assert_int_equal(st.id, 1);
    assert_int_equal(st.size, 3);
    int n = 0;
    assert_int_equal(px_store_story_articles(s, 2, count_article, &n, &err), PX_OK);
    assert_int_equal(n, 3);
    n = 0;
    assert_int_equal(px_store_stories(s, NULL, count_story, &n, &err), PX_OK);
    assert_int_equal(n, 1);
    px_article g;
    assert_int_equal(px_store_get(s, c.id, &g, &err), PX_OK);
    assert_int_equal(g.story, 1);
    assert_int_equal(g.first_story, 3);
    px_store_close(s);
    drop_db(path);
}

/* A rolled-back transaction leaves nothing behind. */
static void test_rollback(void **state)
{
    char path[64];
    temp_db(path, sizeof path);
    px_store *s = open_store(path);
    px_error err = {0};
    px_article a = article("a", NULL, "A", NULL, NULL, NULL, "Gone.");
    px_put_result r;
    assert_int_equal(px_store_begin(s, &err), PX_OK);
    assert_int_equal(px_store_put(s, &a, &r, &err), PX_OK);
    assert_int_equal(px_store_rollback(s, &err), PX_OK);
    int64_t n = -1;
    assert_int_equal(px_store_counts(s, &n, NULL, NULL, &err), PX_OK);
    assert_int_equal(n, 0);
    /* an open transaction at close is rolled back too */
    assert_int_equal(px_store_begin(s, &err), PX_OK);
    assert_int_equal(px_store_put(s, &a, &r, &err), PX_OK);
    px_store_close(s);
    s = open_store(path);
    assert_int_equal(px_store_counts(s, &n, NULL, NULL, &err), PX_OK);
    assert_int_equal(n, 0);
    px_store_close(s);
    drop_db(path);
}

/* Bad arguments and bad files are errors, never crashes. */
static void test_bad_input(void **state)
{
    px_error err = {0};
    px_store *s = (px_store *)1;
    assert_int_equal(px_store_open(NULL, NULL, &s, &err), PX_ERR_ARG);
    assert_null(s);
    assert_int_equal(px_store_open("", NULL, &s, &err), PX_ERR_ARG);
    assert_int_equal(px_store_open("/nonexistent-dir/x.db", NULL, &s, &err), PX_ERR_IO);
    assert_null(s);
    char path[64];
    temp_db(path, sizeof path);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    for (int i = 0; i < 200; i++) fputs("this is not a database file at all\n", f);
    fclose(f);
    assert_true(px_store_open(path, NULL, &s, &err) < 0);
    assert_null(s);
    drop_db(path);

    temp_db(path, sizeof path);
    s = open_store(path);
    px_article a = {0};
    px_put_result r;
    assert_int_equal(px_store_put(s, &a, &r, &err), PX_ERR_ARG);   /* no text */
    assert_int_equal(px_store_put(s, NULL, &r, &err), PX_ERR_ARG);
    assert_int_equal(px_store_commit(s, &err), PX_ERR_ARG);        /* none open */
    assert_int_equal(px_store_story_merge(s, 1, 1, &err), PX_ERR_ARG);
    assert_int_equal(px_store_story_refresh(s, 0, &err), PX_ERR_ARG);
    assert_int_equal(px_store_scan(s, NULL, NULL, 0, NULL, NULL, &err), PX_ERR_ARG);
    px_story st;
    assert_int_equal(px_store_story_get(s, 5, &st, &err), PX_EOF);
    assert_int_equal(px_store_close(NULL), PX_OK);
    px_store_close(s);
    /* read-only open of a missing file fails */
    drop_db(path);
    px_store_opts ro = {.read_only = 1};
    assert_true(px_store_open(path, &ro, &s, &err) < 0);
    assert_null(s);
}

/* Features of a short English article, built as ingest builds them. */
static px_cluster_doc *features_of(const char *title, const char *text)
{
    px_error err = {0};
    px_ctx *ctx = px_ctx_new(&err);
    px_lexicon *lx = px_lexicon_new(NULL, PX_LEX_NO_DF, &err);
    px_record rec = {.title = title, .body = text, .body_len = strlen(text), .kind = PX_BODY_TEXT,
                     .date = "2024-05-06", .lang = "en", .file = "", .offset = PX_NO_OFFSET};
    px_doc_opts o = {.flags = PX_DOC_NO_CLEAN, .lang = "en"};
    px_doc *d = px_doc_from_record(ctx, &rec, &o, &err);
    assert_non_null(d);
    px_profile *p = px_profile_new(d, lx, &err);
    assert_non_null(p);
    px_cluster_doc *cd = px_cluster_doc_new(p, NULL, &err);
    assert_non_null(cd);
    px_profile_free(p);
    px_doc_free(d);
    px_lexicon_free(lx);
    px_ctx_free(ctx);
    return cd;
}

typedef struct feat_scan {
    const uint8_t *want;
    size_t len;
    int seen, text_null;
} feat_scan;

static int check_features(void *ud, const px_article *a)
{
    feat_scan *f = ud;
    f->seen++;
    f->text_null += a->text == NULL;
    assert_int_equal(a->features_len, f->len);
    assert_memory_equal(a->features, f->want, f->len);
    return 0;
}

/* Packed features: stored and read back bit for bit; unpacked, they pack
 * to the same bytes; garbage is refused with a format error. */
static void test_features(void **state)
{
    const char *text = "Thousands of dock workers at the port of Rotterdam walked out on Monday in a "
                       "dispute over pay, the FNV union said. Container ships queued outside the harbour.";
    px_cluster_doc *cd = features_of("Dock workers strike at Rotterdam", text);
    uint8_t *packed = NULL;
    size_t len = px_cluster_doc_pack(cd, &packed);
    assert_true(len > 28);
    px_error err = {0};
    px_cluster_doc *back = px_cluster_doc_unpack(packed, len, &err);
    assert_non_null(back);
    assert_int_equal(px_cluster_doc_time(back), px_cluster_doc_time(cd));
    uint8_t *again = NULL;
    assert_int_equal(px_cluster_doc_pack(back, &again), len);
    assert_memory_equal(again, packed, len);
    px_free(again);
    px_cluster_doc_free(back);
    /* not packed features: refused, never a crash */
    assert_null(px_cluster_doc_unpack(packed, len - 1, &err));
    assert_int_equal(err.code, PX_ERR_FORMAT);
    assert_null(px_cluster_doc_unpack("PXC1", 4, &err));
    assert_null(px_cluster_doc_unpack(NULL, 0, &err));
    uint8_t *bad = malloc(len);
    memcpy(bad, packed, len);
    memcpy(bad + len - 12, bad + len - 24, 12); /* two equal keys: not sorted */
    assert_null(px_cluster_doc_unpack(bad, len, &err));
    assert_int_equal(err.code, PX_ERR_FORMAT);
    free(bad);

    char path[64];
    temp_db(path, sizeof path);
    px_store *s = open_store(path);
    px_article a = article("f1", "http://a.test/f1", "Dock workers strike at Rotterdam", "2024-05-06", "a.test",
                           "en", text);
    a.features = packed;
    a.features_len = len;
    assert_int_equal(put1(s, &a), PX_PUT_NEW);
    px_article g;
    assert_int_equal(px_store_get(s, a.id, &g, &err), PX_OK);
    assert_int_equal(g.features_len, len);
    assert_memory_equal(g.features, packed, len);
    feat_scan f = {.want = packed, .len = len};
    assert_int_equal(px_store_scan(s, NULL, NULL, PX_SCAN_BY_ID | PX_SCAN_NO_TEXT, check_features, &f, &err), PX_OK);
    assert_int_equal(f.seen, 1);
    assert_int_equal(f.text_null, 1); /* features stored: no text read */
    /* an article without features reads back none, and its text */
    px_article b = article("f2", NULL, "Other", NULL, NULL, NULL, "Another text entirely.");
    assert_int_equal(put1(s, &b), PX_PUT_NEW);
    assert_int_equal(px_store_get(s, b.id, &g, &err), PX_OK);
    assert_null(g.features);
    assert_int_equal(g.features_len, 0);
    assert_string_equal(g.text, "Another text entirely.");
    px_store_close(s);
    drop_db(path);
    px_free(packed);
    px_cluster_doc_free(cd);
}

/* px_store_insert: no lookups, but the hash stays unique. */
static void test_insert(void **state)
{
    char path[64];
    temp_db(path, sizeof path);
    px_store *s = open_store(path);
    px_error err = {0};
    px_article a = article("i1", "http://a.test/i", "T", NULL, NULL, NULL, "Inserted as it is.");
    a.story = 7;
    assert_int_equal(px_store_begin(s, &err), PX_OK);
    assert_int_equal(px_store_insert(s, &a, &err), PX_OK);
    assert_true(a.id > 0);
    px_article dup = article("i2", "http://b.test/i", "T", NULL, NULL, NULL, "Inserted as it is.");
    assert_true(px_store_insert(s, &dup, &err) < 0); /* same hash */
    assert_int_equal(px_store_commit(s, &err), PX_OK);
    px_article g;
    assert_int_equal(px_store_get(s, a.id, &g, &err), PX_OK);
    assert_int_equal(g.story, 7);
    assert_int_equal(px_store_insert(s, NULL, &err), PX_ERR_ARG);
    px_store_close(s);
    drop_db(path);
}

/* A version 1 database (no features column) is upgraded on open, its
 * articles kept, with no features. */
static void test_upgrade_v1(void **state)
{
    char path[64];
    temp_db(path, sizeof path);
    sqlite3 *db;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    const char *v1 =
        "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
        "CREATE TABLE articles(id INTEGER PRIMARY KEY, ext_id TEXT, url TEXT, hash BLOB NOT NULL UNIQUE,"
        " title TEXT, date TEXT, source TEXT, lang TEXT, byline TEXT, text TEXT NOT NULL, story INTEGER,"
        " first_story INTEGER, revision_of INTEGER, ingested INTEGER NOT NULL);"
        "CREATE TABLE stories(id INTEGER PRIMARY KEY, merged_into INTEGER, first_date TEXT, last_date TEXT,"
        " size INTEGER NOT NULL DEFAULT 0, title TEXT);"
        "INSERT INTO meta VALUES('schema_version', '1');"
        "INSERT INTO articles(ext_id, hash, title, text, story, first_story, ingested)"
        " VALUES('old', x'00112233445566778899aabbccddeeff', 'Old', 'Stored before features.', 1, 1, 1);";
    assert_int_equal(sqlite3_exec(db, v1, NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    px_store *s = open_store(path);
    px_error err = {0};
    px_article g;
    assert_int_equal(px_store_get(s, 1, &g, &err), PX_OK);
    assert_string_equal(g.ext_id, "old");
    assert_null(g.features);
    px_store_close(s);
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    sqlite3_stmt *q;
    assert_int_equal(sqlite3_prepare_v2(db, "SELECT value FROM meta WHERE key = 'schema_version'", -1, &q, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_step(q), SQLITE_ROW);
    assert_string_equal((const char *)sqlite3_column_text(q, 0), "2");
    sqlite3_finalize(q);
    sqlite3_close(db);
    drop_db(path);
}

/* The similarity index: a near-copy is the best candidate, the query
 * itself is left out, and the score the index accumulates is the scorer's
 * brute-force score exactly (nothing is limited on a small index). */
static void test_simindex(void **state)
{
    const char *texts[4][2] = {
        {"Dock workers strike at Rotterdam", "Thousands of dock workers at the port of Rotterdam walked out on "
         "Monday in a dispute over pay, the FNV union said. Container ships queued outside the harbour."},
        {"Rotterdam dock strike", "Dock workers at the port of Rotterdam walked out on Monday in a dispute over "
         "pay, the FNV union said. Container ships waited outside the harbour as cranes stood still."},
        {"Earthquake shakes southern Peru", "An earthquake of magnitude 6.1 struck southern Peru near Arequipa "
         "early on Tuesday, the geophysical institute said. Houses were damaged and two people were hurt."},
        {"Central bank raises rates", "The central bank raised its key interest rate by a quarter point on "
         "Wednesday, citing persistent inflation in services and a tight labour market."}};
    px_error err = {0};
    px_simindex *x = px_simindex_new(NULL, &err);
    assert_non_null(x);
    px_cluster_doc *d[4];
    for (int i = 0; i < 4; i++) {
        d[i] = features_of(texts[i][0], texts[i][1]);
        assert_int_equal(px_simindex_add(x, d[i], &err), PX_OK);
    }
    assert_int_equal(px_simindex_size(x), 4);
    assert_true(px_simindex_memory(x) > 0);
    px_simcand *c = NULL;
    size_t n = 0;
    assert_int_equal(px_simindex_query(x, d[0], 0, &c, &n, &err), PX_OK);
    assert_true(n >= 1);
    assert_int_equal(c[0].pos, 1);
    for (size_t i = 0; i < n; i++) assert_int_not_equal(c[i].pos, 0);
    px_simscorer *sc = px_simscorer_new(x, d, 1, &err);
    assert_non_null(sc);
    for (size_t i = 0; i < n; i++) {
        double b;
        px_simscorer_score(sc, d[c[i].pos], &b);
        assert_true(b > c[i].score - 1e-9 && b < c[i].score + 1e-9);
    }
    /* an article that shares no posted term scores 0 and is no candidate */
    double zero = 1;
    px_simscorer_score(sc, d[3], &zero);
    for (size_t i = 0; i < n; i++)
        if (c[i].pos == 3) assert_true(zero > 0);
    px_simscorer_free(sc);
    px_free(c);
    /* bad arguments */
    assert_int_equal(px_simindex_query(NULL, d[0], 0, &c, &n, &err), PX_ERR_ARG);
    assert_int_equal(px_simindex_add(x, NULL, &err), PX_ERR_ARG);
    px_simindex_opts o;
    px_simindex_opts_default(&o);
    o.max_postings = 0;
    assert_null(px_simindex_new(&o, &err));
    for (int i = 0; i < 4; i++) px_cluster_doc_free(d[i]);
    px_simindex_free(x);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_put_get),   cmocka_unit_test(test_duplicate),
        cmocka_unit_test(test_revision),  cmocka_unit_test(test_reopen),
        cmocka_unit_test(test_merge),     cmocka_unit_test(test_rollback),
        cmocka_unit_test(test_bad_input),
        cmocka_unit_test(test_features),  cmocka_unit_test(test_insert),
        cmocka_unit_test(test_upgrade_v1), cmocka_unit_test(test_simindex),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
