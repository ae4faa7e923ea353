/*
 * test_read.c - the readers (lib/read.c): formats, gzip, WARC, errors,
 * offsets and bounded memory. Every input is written by the test into a
 * fresh temporary directory.
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "internal.h"

/* ------------------------------------------------------------ helpers */

typedef struct tmp {
    char dir[256];
} tmp;

static int setup_tmp(void **state)
{
    tmp *t = calloc(1, sizeof *t);
    if (!t) return -1;
    snprintf(t->dir, sizeof t->dir, "/tmp/px_test_read_XXXXXX");
    if (!mkdtemp(t->dir)) return -1;
    *state = t;
    return 0;
}

static int teardown_tmp(void **state)
{
    tmp *t = *state;
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", t->dir);
    int rc = system(cmd);
    (void)rc;
    free(t);
    return 0;
}

/* path of name inside the temp dir (static rotating buffers) */
static const char *P(void **state, const char *name)
{
    static char bufs[8][512];
    static int k;
    tmp *t = *state;
    char *b = bufs[k++ & 7];
    snprintf(b, 512, "%s/%s", t->dir, name);
    return b;
}

static void write_file(const char *path, const void *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, len, f), len);
    fclose(f);
}

static void write_str(const char *path, const char *s) { write_file(path, s, strlen(s)); }

/* gzip data as one member into out (malloc'd); returns its length */
static size_t gzip_member(const void *data, size_t len, unsigned char **out)
{
    z_stream z;
    memset(&z, 0, sizeof z);
    assert_int_equal(deflateInit2(&z, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY), Z_OK);
    size_t cap = deflateBound(&z, len) + 64;
    *out = malloc(cap);
    assert_non_null(*out);
    z.next_in = (unsigned char *)data;
    z.avail_in = len;
    z.next_out = *out;
    z.avail_out = cap;
    assert_int_equal(deflate(&z, Z_FINISH), Z_STREAM_END);
    size_t n = cap - z.avail_out;
    deflateEnd(&z);
    return n;
}

/* a growable byte string for building files */
typedef struct bytes {
    unsigned char *p;
    size_t n, cap;
} bytes;

static void bput(bytes *b, const void *p, size_t n)
{
    if (b->n + n > b->cap) {
        b->cap = (b->n + n) * 2 + 64;
        b->p = realloc(b->p, b->cap);
        assert_non_null(b->p);
    }
    memcpy(b->p + b->n, p, n);
    b->n += n;
}

static void bput_gz(bytes *b, const void *p, size_t n)
{
    unsigned char *g;
    size_t gn = gzip_member(p, n, &g);
    bput(b, g, gn);
    free(g);
}

/* a WARC record with the given type, headers and block of blen bytes
 * (NUL-terminated for convenience; *n gets the length) */
static char *warc_record_n(const char *type, const char *uri, const char *id, const void *block, size_t blen,
                           size_t *n)
{
    char *h = NULL;
    int hn = asprintf(&h,
                      "WARC/1.0\r\nWARC-Type: %s\r\nWARC-Date: 2019-06-25T10:00:00Z\r\n"
                      "WARC-Record-ID: <urn:uuid:%s>\r\n%s%s%sContent-Type: application/http; msgtype=response\r\n"
                      "Content-Length: %zu\r\n\r\n",
                      type, id, uri ? "WARC-Target-URI: " : "", uri ? uri : "", uri ? "\r\n" : "", blen);
    assert_true(hn > 0);
    char *s = malloc((size_t)hn + blen + 5);
    assert_non_null(s);
    memcpy(s, h, (size_t)hn);
    memcpy(s + hn, block, blen);
    memcpy(s + hn + blen, "\r\n\r\n", 5);
    free(h);
    *n = (size_t)hn + blen + 4;
    return s;
}

static char *warc_record(const char *type, const char *uri, const char *id, const char *block)
{
    size_t n;
    return warc_record_n(type, uri, id, block, strlen(block), &n);
}

static char *http_response(const char *ctype, const char *body)
{
    char *s = NULL;
    int n = asprintf(&s, "HTTP/1.1 200 OK\r\nContent-Type: %s\r\nContent-Length: %zu\r\n\r\n%s", ctype,
                     strlen(body), body);
    assert_true(n > 0);
    return s;
}

static px_reader *open1(const char *path, px_format fmt, size_t max_record)
{
    px_reader_opts o = {fmt, max_record};
    px_error e;
    const char *paths[] = {path};
    px_reader *r = px_reader_open(paths, 1, &o, &e);
    assert_non_null(r);
    return r;
}

/* next record, asserting success */
static const px_record *next_ok(px_reader *r)
{
    const px_record *rec = NULL;
    px_error e = {0};
    px_status s = px_reader_next(r, &rec, &e);
    if (s != PX_OK) fail_msg("expected a record, got %s: %s (%s @%llu)", px_status_str(s), e.msg, e.file,
                             (unsigned long long)e.offset);
    assert_non_null(rec);
    return rec;
}

static void expect_eof(px_reader *r)
{
    const px_record *rec = NULL;
    px_error e = {0};
    px_status s = px_reader_next(r, &rec, &e);
    if (s != PX_EOF) fail_msg("expected EOF, got %s: %s", px_status_str(s), e.msg);
    assert_null(rec);
}

static px_status next_err(px_reader *r, px_error *e)
{
    const px_record *rec = NULL;
    memset(e, 0, sizeof *e);
    px_status s = px_reader_next(r, &rec, e);
    assert_true(s < 0);
    assert_int_equal(e->code, s);
    return s;
}

/* ------------------------------------------------------------ JSONL */

static void test_read_jsonl_field_aliases(void **state)
{
    const char *p = P(state, "a.jsonl");
    write_str(p,
              "{\"title\":\"T1\",\"maintext\":\"Body one.\",\"date_publish\":\"2019-06-25\","
              "\"url\":\"http://x/1\",\"source_domain\":\"x.com\",\"language\":\"en\",\"id\":42,"
              "\"authors\":[\"Ann Lee\",\"Bo Chan\"]}\n"
              "\n"
              "{\"headline\":\"T2\",\"text\":\"\",\"articleBody\":\"Body two.\",\"datePublished\":\"June 7, 2019\","
              "\"date_download\":\"2020-01-01\",\"link\":\"http://y/2\",\"outlet\":\"Y\",\"meta_lang\":\"de\","
              "\"uuid\":\"u-2\",\"author\":\"Cy\",\"source\":{\"nested\":1}}\n"
              "{\"raw_html\":\"<html><p>x</p></html>\",\"date_download\":\"2020-01-01\",\"doc_id\":1.5}\n"
              "{\"description\":\"Only a summary.\",\"authors\":[{\"name\":\"Di\"},7,\"Ed\"]}\n"
              "{\"unrelated\":true}\n");
    px_reader *r = open1(p, PX_FORMAT_AUTO, 0);
    const px_record *rec = next_ok(r);
    assert_string_equal(rec->title, "T1");
    assert_string_equal(rec->body, "Body one.");
    assert_int_equal(rec->body_len, 9);
    assert_int_equal(rec->kind, PX_BODY_TEXT);
    assert_string_equal(rec->date, "2019-06-25");
    assert_string_equal(rec->url, "http://x/1");
    assert_string_equal(rec->source, "x.com");
    assert_string_equal(rec->lang, "en");
    assert_string_equal(rec->id, "42");
    assert_string_equal(rec->byline, "Ann Lee, Bo Chan");
    assert_string_equal(rec->file, p);
    assert_int_equal(rec->offset, 0);
    assert_null(rec->charset);

    rec = next_ok(r);
    assert_string_equal(rec->title, "T2");
    assert_string_equal(rec->body, "Body two.");    /* empty "text" passed over */
    assert_string_equal(rec->date, "June 7, 2019"); /* date_download only last */
    assert_string_equal(rec->url, "http://y/2");
    assert_string_equal(rec->source, "Y");          /* object "source" ignored */
    assert_string_equal(rec->lang, "de");
    assert_string_equal(rec->id, "u-2");
    assert_string_equal(rec->byline, "Cy");

    rec = next_ok(r);
    assert_int_equal(rec->kind, PX_BODY_HTML);
    assert_string_equal(rec->body, "<html><p>x</p></html>");
    assert_string_equal(rec->date, "2020-01-01");
    assert_string_equal(rec->id, "1.5");
    assert_null(rec->title);

    rec = next_ok(r);
    assert_int_equal(rec->kind, PX_BODY_TEXT);
    assert_string_equal(rec->body, "Only a summary.");
    assert_string_equal(rec->byline, "Di, Ed");

    rec = next_ok(r); /* no title, no body: still a record */
    assert_null(rec->title);
    assert_null(rec->body);
    assert_int_equal(rec->body_len, 0);
    expect_eof(r);
    assert_int_equal(px_reader_records(r), 5);
    assert_int_equal(px_reader_failures(r), 0);
    px_reader_close(r);
}

static void test_read_jsonl_bad_line_reported_and_skipped(void **state)
{
    const char *p = P(state, "bad.jsonl");
    const char *l1 = "{\"title\":\"one\",\"text\":\"a\"}\n";
    const char *l2 = "{\"title\": \"two\", \"text\": oops}\n";
    const char *l3 = "[1,2]\n";
    const char *l4 = "{\"title\":\"four\",\"text\":\"d\"}";  /* no final newline */
    char all[256];
    snprintf(all, sizeof all, "%s%s%s%s", l1, l2, l3, l4);
    write_str(p, all);
    px_reader *r = open1(p, PX_FORMAT_AUTO, 0);
    assert_string_equal(next_ok(r)->title, "one");
    px_error e;
    assert_int_equal(next_err(r, &e), PX_ERR_FORMAT);
    assert_string_equal(e.file, p);
    assert_int_equal(e.offset, strlen(l1));
    assert_non_null(strstr(e.msg, "bad JSON"));
    assert_non_null(strstr(e.msg, "at byte 26 of the line")); /* the "o" of oops */
    assert_int_equal(next_err(r, &e), PX_ERR_FORMAT);
    assert_int_equal(e.offset, strlen(l1) + strlen(l2));
    assert_non_null(strstr(e.msg, "not a JSON object"));
    const px_record *rec = next_ok(r);
    assert_string_equal(rec->title, "four");
    assert_int_equal(rec->offset, strlen(l1) + strlen(l2) + strlen(l3));
    expect_eof(r);
    assert_int_equal(px_reader_records(r), 2);
    assert_int_equal(px_reader_failures(r), 2);
    px_reader_close(r);
}

static void test_read_jsonl_strict_json_and_fields(void **state)
{
    /* a repeated name keeps its last value; numbers exact up to 2^53;
     * invalid UTF-8 and text after the object are errors; other members
     * by name through px_reader_field */
    const char *p = P(state, "strict.jsonl");
    write_str(p, "{\"title\":\"first\",\"title\":\"last\",\"id\":9007199254740991,\"title1\":\"x\",\"n\":-2.5,"
                 "\"b\":false,\"o\":{},\"z\":null,\"big\":1267650600228229401496703205376,\"authors\":[{\"nom\":\"No\"},{\"name\":\"Al\"}]}\n"
                 "{\"title\":\"bad \xff byte\"}\n"
                 "{\"title\":\"a\"} {\"title\":\"b\"}\n"
                 "{\"title\":\"end\",\"text\":\"\"}\n");
    px_reader *r = open1(p, PX_FORMAT_AUTO, 0);
    const px_record *rec = next_ok(r);
    assert_string_equal(rec->title, "last");
    assert_string_equal(rec->id, "9007199254740991");
    assert_string_equal(rec->byline, "Al");
    size_t n;
    assert_string_equal(px_reader_field(r, "title1", &n), "x");
    assert_int_equal(n, 1);
    assert_string_equal(px_reader_field(r, "title", NULL), "last");
    assert_string_equal(px_reader_field(r, "n", NULL), "-2.5");
    assert_string_equal(px_reader_field(r, "b", NULL), "false");
    assert_string_equal(px_reader_field(r, "big", NULL), "1.2676506002282294e+30"); /* 2^100: beyond long long */
    assert_null(px_reader_field(r, "o", NULL));
    assert_null(px_reader_field(r, "z", NULL));
    assert_null(px_reader_field(r, "missing", &n));
    assert_int_equal(n, 0);
    px_error e;
    assert_int_equal(next_err(r, &e), PX_ERR_FORMAT);
    assert_non_null(strstr(e.msg, "invalid UTF-8 at byte 15"));
    assert_null(px_reader_field(r, "title", NULL)); /* no record out */
    assert_int_equal(next_err(r, &e), PX_ERR_FORMAT);
    assert_non_null(strstr(e.msg, "text after the value"));
    rec = next_ok(r);
    assert_string_equal(rec->title, "end");
    assert_string_equal(px_reader_field(r, "text", &n), ""); /* as it is, unlike the body */
    assert_null(rec->body);
    expect_eof(r);
    px_reader_close(r);
}

static void test_read_jsonl_pair_sides(void **state)
{
    /* either article of a SemEval-style pair line as a record; a side
     * without its text is an error; a number is taken as written */
    const char *p = P(state, "pairs.jsonl");
    const char *l1 = "{\"pair_id\":\"a_b\",\"lang1\":\"en\",\"lang2\":\"de\",\"title1\":\"One\","
                     "\"text1\":\"first text\",\"title2\":\"\",\"text2\":\"zweiter Text\"}\n";
    const char *l2 = "{\"pair_id\":1234567890123,\"title1\":7,\"text1\":\"only side\",\"title2\":\"t\"}\n";
    const char *l3 = "{\"pair_id\":5,\"text1\":12,\"text2\":34}\n";
    const char *l4 = "{\"pair_id\":\"x\",\"text1\":null,\"text2\":{}}\n";
    char all[512];
    snprintf(all, sizeof all, "%s%s%s%s", l1, l2, l3, l4);
    write_str(p, all);
    px_reader *r = open1(p, PX_FORMAT_AUTO, 0);
    px_record a, b;
    px_error e = {0};
    next_ok(r);
    assert_int_equal(px_reader_pair_side(r, 1, &a, &e), PX_OK);
    assert_int_equal(px_reader_pair_side(r, 2, &b, &e), PX_OK);
    assert_string_equal(a.id, "a_b");
    assert_string_equal(a.title, "One");
    assert_string_equal(a.body, "first text");
    assert_int_equal(a.body_len, strlen("first text"));
    assert_string_equal(a.lang, "en");
    assert_int_equal(a.kind, PX_BODY_TEXT);
    assert_string_equal(a.file, p);
    assert_int_equal(a.offset, 0);
    assert_null(a.url);
    assert_null(a.date);
    assert_string_equal(b.id, "a_b");
    assert_string_equal(b.title, ""); /* as it is */
    assert_string_equal(b.body, "zweiter Text");
    assert_int_equal(b.body_len, strlen("zweiter Text"));
    assert_string_equal(b.lang, "de");
    assert_int_equal(b.offset, 0);

    /* a number id; side 2 has no text: an error naming file and offset */
    next_ok(r);
    assert_int_equal(px_reader_pair_side(r, 1, &a, &e), PX_OK);
    assert_string_equal(a.id, "1234567890123");
    assert_string_equal(a.title, "7");
    assert_null(a.lang);
    assert_int_equal(a.offset, strlen(l1));
    memset(&e, 0, sizeof e);
    b.body = "stale";
    assert_int_equal(px_reader_pair_side(r, 2, &b, &e), PX_ERR_FORMAT);
    assert_int_equal(e.code, PX_ERR_FORMAT);
    assert_string_equal(e.file, p);
    assert_int_equal(e.offset, strlen(l1));
    assert_non_null(strstr(e.msg, "text2"));
    assert_null(b.body);
    assert_null(b.id);
    assert_null(b.title);
    /* the numbers of side 1 outlive other lookups */
    assert_string_equal(px_reader_field(r, "title1", NULL), "7");
    assert_string_equal(px_reader_field(r, "pair_id", NULL), "1234567890123");
    assert_string_equal(a.id, "1234567890123");
    assert_string_equal(a.title, "7");

    /* numbers as texts; the sides keep their own strings */
    next_ok(r);
    assert_int_equal(px_reader_pair_side(r, 1, &a, &e), PX_OK);
    assert_int_equal(px_reader_pair_side(r, 2, &b, &e), PX_OK);
    assert_string_equal(a.body, "12");
    assert_int_equal(a.body_len, 2);
    assert_string_equal(b.body, "34");
    assert_string_equal(a.id, "5");
    assert_string_equal(b.id, "5");
    assert_null(a.title);

    /* null and an object are no text */
    next_ok(r);
    assert_int_equal(px_reader_pair_side(r, 1, &a, &e), PX_ERR_FORMAT);
    assert_int_equal(px_reader_pair_side(r, 2, &b, &e), PX_ERR_FORMAT);
    assert_int_equal(e.offset, strlen(l1) + strlen(l2) + strlen(l3));

    /* bad arguments, and no record out */
    assert_int_equal(px_reader_pair_side(r, 0, &a, &e), PX_ERR_ARG);
    assert_int_equal(px_reader_pair_side(r, 3, &a, &e), PX_ERR_ARG);
    assert_int_equal(px_reader_pair_side(r, 1, NULL, &e), PX_ERR_ARG);
    assert_int_equal(px_reader_pair_side(NULL, 1, &a, NULL), PX_ERR_ARG);
    expect_eof(r);
    assert_int_equal(px_reader_pair_side(r, 1, &a, &e), PX_ERR_ARG);
    assert_null(a.body);
    px_reader_close(r);

    /* a record that did not come from JSON has no sides */
    const char *t = P(state, "plain.txt");
    write_str(t, "text1 is not a field here\n");
    r = open1(t, PX_FORMAT_AUTO, 0);
    next_ok(r);
    assert_int_equal(px_reader_pair_side(r, 1, &a, &e), PX_ERR_ARG);
    px_reader_close(r);
}

static void test_read_jsonl_crlf_and_bom(void **state)
{
    const char *p = P(state, "crlf.ndjson");
    write_str(p, "\xef\xbb\xbf{\"title\":\"a\"}\r\n  \r\n{\"title\":\"b\"}\r\n");
    px_reader *r = open1(p, PX_FORMAT_AUTO, 0);
    const px_record *rec = next_ok(r);
    assert_string_equal(rec->title, "a");
    assert_int_equal(rec->offset, 3);
    rec = next_ok(r);
    assert_string_equal(rec->title, "b");
    assert_int_equal(rec->offset, 3 + 15 + 4);
    expect_eof(r);
    px_reader_close(r);
}

static void test_read_jsonl_nul_byte(void **state)
{
    const char *p = P(state, "nul.jsonl");
    const char data[] = "{\"title\":\"a\"}\n{\"title\":\"b\0c\"}\n{\"title\":\"d\"}\n";
    write_file(p, data, sizeof data - 1);
    px_reader *r = open1(p, PX_FORMAT_AUTO, 0);
    assert_string_equal(next_ok(r)->title, "a");
    px_error e;
    assert_int_equal(next_err(r, &e), PX_ERR_FORMAT);
    assert_int_equal(e.offset, 14);
    assert_non_null(strstr(e.msg, "NUL"));
    assert_string_equal(next_ok(r)->title, "d");
    expect_eof(r);
    px_reader_close(r);
}

static void test_read_jsonl_overlong_line_skipped(void **state)
{
    const char *p = P(state, "long.jsonl");
    /* with max_record 100: a 5000-byte line between two short ones, and a
     * long last line without newline */
    bytes b = {0};
    const char *l1 = "{\"title\":\"short\"}\n";
    bput(&b, l1, strlen(l1));
    bput(&b, "{\"text\":\"", 9);
    for (int i = 0; i < 5000; i++) bput(&b, "x", 1);
    bput(&b, "\"}\n", 3);
    size_t off3 = b.n;
    const char *l3 = "{\"title\":\"after\"}\n";
    bput(&b, l3, strlen(l3));
    size_t off4 = b.n;
    for (int i = 0; i < 300; i++) bput(&b, "y", 1);
    write_file(p, b.p, b.n);
    free(b.p);
    px_reader *r = open1(p, PX_FORMAT_AUTO, 100);
    assert_string_equal(next_ok(r)->title, "short");
    px_error e;
    assert_int_equal(next_err(r, &e), PX_ERR_TOOBIG);
    assert_int_equal(e.offset, strlen(l1));
    const px_record *rec = next_ok(r);
    assert_string_equal(rec->title, "after");
    assert_int_equal(rec->offset, off3);
    assert_int_equal(next_err(r, &e), PX_ERR_TOOBIG);
    assert_int_equal(e.offset, off4);
    expect_eof(r);
    assert_int_equal(px_reader_failures(r), 2);
    px_reader_close(r);
}

static void test_read_jsonl_lines_across_buffer_refills(void **state)
{
    /* 3 MiB of lines: crosses the 1 MiB window several times */
    const char *p = P(state, "big.jsonl");
    bytes b = {0};
    char line[128];
    int n = 0;
    while (b.n < (3u << 20)) {
        int k = snprintf(line, sizeof line, "{\"id\":%d,\"text\":\"article number %d with some words\"}\n", n, n);
        bput(&b, line, (size_t)k);
        n++;
    }
    unsigned char *g;
    size_t gn = gzip_member(b.p, b.n, &g);
    write_file(p, b.p, b.n);
    const char *pg = P(state, "big.jsonl.gz");
    write_file(pg, g, gn);
    free(g);
    free(b.p);
    for (int pass = 0; pass < 2; pass++) {
        px_reader *r = open1(pass ? pg : p, PX_FORMAT_AUTO, 0);
        const px_record *rec;
        px_error e;
        int i = 0;
        uint64_t off = 0;
        while (px_reader_next(r, &rec, &e) == PX_OK) {
            char want[16];
            snprintf(want, sizeof want, "%d", i);
            assert_string_equal(rec->id, want);
            assert_int_equal(rec->offset, off);
            off += (uint64_t)snprintf(line, sizeof line, "{\"id\":%d,\"text\":\"article number %d with some words\"}\n",
                                      i, i);
            i++;
        }
        assert_int_equal(i, n);
        assert_int_equal(px_reader_failures(r), 0);
        px_reader_close(r);
    }
}

static void test_read_json_document_array_and_object(void **state)
{
    const char *pa = P(state, "arr.json");
    write_str(pa, "[\n {\"title\": \"a\", \"text\": \"x\"},\n 3,\n {\"title\": \"b\"}\n]\n");
    const char *po = P(state, "obj.json");
    write_str(po, "{\n  \"title\": \"pretty\",\n  \"maintext\": \"body\"\n}\n");
    const char *paths[] = {pa, po};
    px_reader *r = px_reader_open(paths, 2, NULL, NULL);
    assert_non_null(r);
    assert_string_equal(next_ok(r)->title, "a");
    px_error e;
    assert_int_equal(next_err(r, &e), PX_ERR_FORMAT);
    assert_string_equal(next_ok(r)->title, "b");
    const px_record *rec = next_ok(r);
    assert_string_equal(rec->title, "pretty");
    assert_string_equal(rec->body, "body");
    expect_eof(r);
    px_reader_close(r);
}

/* ------------------------------------------------------------ gzip */

static void test_read_gzip_jsonl(void **state)
{
    /* two gzip members (as `cat a.gz b.gz`), named without .gz: found by magic */
    const char *p = P(state, "dump.jsonl");
    const char *l1 = "{\"title\":\"g1\"}\n";
    const char *l2 = "{\"title\":\"g2\"}\n{\"title\":\"g3\"}\n";
    bytes b = {0};
    bput_gz(&b, l1, strlen(l1));
    bput_gz(&b, l2, strlen(l2));
    write_file(p, b.p, b.n);
    free(b.p);
    px_reader *r = open1(p, PX_FORMAT_AUTO, 0);
    const px_record *rec = next_ok(r);
    assert_string_equal(rec->title, "g1");
    assert_int_equal(rec->offset, 0);
    rec = next_ok(r);
    assert_string_equal(rec->title, "g2");
    assert_int_equal(rec->offset, strlen(l1)); /* uncompressed stream offset */
    rec = next_ok(r);
    assert_string_equal(rec->title, "g3");
    assert_int_equal(rec->offset, strlen(l1) + 15);
    expect_eof(r);
    px_reader_close(r);
}

static void test_read_gzip_truncated_reports_error(void **state)
{
    const char *p = P(state, "trunc.jsonl.gz");
    const char *p2 = P(state, "next.jsonl");
    bytes b = {0};
    char line[64];
    for (int i = 0; i < 2000; i++) {
        int k = snprintf(line, sizeof line, "{\"id\":%d,\"text\":\"%d %d\"}\n", i, i * 7, i * 13);
        bput(&b, line, (size_t)k);
    }
    unsigned char *g;
    size_t gn = gzip_member(b.p, b.n, &g);
    write_file(p, g, gn / 2); /* cut in the middle */
    free(g);
    free(b.p);
    write_str(p2, "{\"title\":\"next file\"}\n");
    const char *paths[] = {p, p2};
    px_reader *r = px_reader_open(paths, 2, NULL, NULL);
    assert_non_null(r);
    const px_record *rec;
    px_error e;
    px_status s;
    int n = 0;
    while ((s = px_reader_next(r, &rec, &e)) == PX_OK) {
        assert_string_equal(rec->file, p);
        n++;
    }
    assert_true(n > 10 && n < 2000);
    assert_int_equal(s, PX_ERR_FORMAT);
    assert_string_equal(e.file, p);
    assert_non_null(strstr(e.msg, "truncated"));
    assert_non_null(strstr(e.msg, "gzip member at offset 0"));
    assert_true(e.offset != PX_NO_OFFSET && e.offset > 0);
    rec = next_ok(r); /* goes on with the next file */
    assert_string_equal(rec->title, "next file");
    expect_eof(r);
    assert_int_equal(px_reader_failures(r), 1);
    px_reader_close(r);
}

static void test_read_gzip_corrupt_reports_error(void **state)
{
    const char *p = P(state, "corrupt.txt.gz");
    unsigned char *g;
    const char *text = "Some article text that is long enough to be compressed into several bytes of data.";
    size_t gn = gzip_member(text, strlen(text), &g);
    g[12] ^= 0xff;
    g[13] ^= 0x5a;
    write_file(p, g, gn);
    free(g);
    px_reader *r = open1(p, PX_FORMAT_AUTO, 0);
    px_error e;
    assert_int_equal(next_err(r, &e), PX_ERR_FORMAT);
    assert_string_equal(e.file, p);
    expect_eof(r);
    px_reader_close(r);
}

/* ------------------------------------------------------------ files, dirs */

static void test_read_plain_text_file(void **state)
{
    const char *p = P(state, "2019-06-25.story.txt");
    const char *text = "Title line\n\nFirst paragraph.\n";
    write_str(p, text);
    px_reader *r = open1(p, PX_FORMAT_AUTO, 0);
    const px_record *rec = next_ok(r);
    assert_int_equal(rec->kind, PX_BODY_TEXT);
    assert_int_equal(rec->body_len, strlen(text));
    assert_string_equal(rec->body, text);
    assert_string_equal(rec->id, "2019-06-25.story");
    assert_null(rec->title);
    assert_null(rec->date);
    assert_null(rec->url);
    assert_int_equal(rec->offset, 0);
    expect_eof(r);
    px_reader_close(r);
}

static void test_read_plain_text_too_big(void **state)
{
    const char *p = P(state, "big.txt");
    char buf[3000];
    memset(buf, 'a', sizeof buf);
    write_file(p, buf, sizeof buf);
    px_reader *r = open1(p, PX_FORMAT_AUTO, 1000);
    px_error e;
    assert_int_equal(next_err(r, &e), PX_ERR_TOOBIG);
    assert_string_equal(e.file, p);
    expect_eof(r);
    px_reader_close(r);
}

static void test_read_html_file(void **state)
{
    const char *p = P(state, "page.html.gz");
    const char *html = "<!DOCTYPE html><html><head><title>X</title></head><body><p>Hi</p></body></html>";
    unsigned char *g;
    size_t gn = gzip_member(html, strlen(html), &g);
    write_file(p, g, gn);
    free(g);
    px_reader *r = open1(p, PX_FORMAT_AUTO, 0);
    const px_record *rec = next_ok(r);
    assert_int_equal(rec->kind, PX_BODY_HTML);
    assert_string_equal(rec->body, html);
    assert_string_equal(rec->id, "page");
    expect_eof(r);
    px_reader_close(r);
}

static void test_read_format_sniffed_from_content(void **state)
{
    const char *pj = P(state, "noext1");
    write_str(pj, "  \n{\"title\":\"sniffed\"}\n");
    const char *ph = P(state, "noext2");
    write_str(ph, "\n<!doctype html><p>x</p>");
    const char *pt = P(state, "noext3");
    write_str(pt, "<b>not a page</b> just text");
    const char *pw = P(state, "noext4");
    char *resp = http_response("text/html", "<html>w</html>");
    char *w = warc_record("response", "http://w/", "w-1", resp);
    write_str(pw, w);
    free(resp);
    free(w);
    const char *paths[] = {pj, ph, pt, pw};
    px_reader *r = px_reader_open(paths, 4, NULL, NULL);
    const px_record *rec = next_ok(r);
    assert_string_equal(rec->title, "sniffed");
    rec = next_ok(r);
    assert_int_equal(rec->kind, PX_BODY_HTML);
    rec = next_ok(r);
    assert_int_equal(rec->kind, PX_BODY_TEXT);
    assert_string_equal(rec->id, "noext3");
    rec = next_ok(r);
    assert_int_equal(rec->kind, PX_BODY_HTML);
    assert_string_equal(rec->body, "<html>w</html>");
    expect_eof(r);
    px_reader_close(r);
}

static void test_read_forced_format(void **state)
{
    const char *p = P(state, "x.jsonl");
    write_str(p, "{\"title\":\"a\"}\n{\"title\":\"b\"}\n");
    px_reader *r = open1(p, PX_FORMAT_TEXT, 0);
    const px_record *rec = next_ok(r);
    assert_int_equal(rec->kind, PX_BODY_TEXT);
    assert_int_equal(rec->body_len, 28);
    assert_null(rec->title);
    expect_eof(r);
    px_reader_close(r);
}

static void test_read_directory_sorted_recursive(void **state)
{
    char d[512];
    snprintf(d, sizeof d, "%s", P(state, "corpus"));
    assert_int_equal(mkdir(d, 0755), 0);
    assert_int_equal(mkdir(P(state, "corpus/b_sub"), 0755), 0);
    assert_int_equal(mkdir(P(state, "corpus/.hidden_dir"), 0755), 0);
    write_str(P(state, "corpus/c.txt"), "C");
    write_str(P(state, "corpus/a.txt"), "A");
    write_str(P(state, "corpus/B.txt"), "B upper");   /* byte order: 'B' < 'a' */
    write_str(P(state, "corpus/b_sub/z.txt"), "Z");
    write_str(P(state, "corpus/b_sub/m.jsonl"), "{\"title\":\"M1\"}\n{\"title\":\"M2\"}\n");
    write_str(P(state, "corpus/.hidden.txt"), "hidden");
    write_str(P(state, "corpus/.hidden_dir/h.txt"), "hidden");
    assert_int_equal(symlink("..", P(state, "corpus/b_sub/loop")), 0); /* not followed */
    px_reader *r = open1(d, PX_FORMAT_AUTO, 0);
    const char *want[] = {"B upper", "A", "M1", "M2", "Z", "C"};
    for (size_t i = 0; i < 6; i++) {
        const px_record *rec = next_ok(r);
        const char *got = rec->title ? rec->title : rec->body;
        assert_string_equal(got, want[i]);
    }
    expect_eof(r);
    assert_int_equal(px_reader_records(r), 6);
    px_reader_close(r);
}

static void test_read_missing_file_io_error_then_continues(void **state)
{
    const char *good = P(state, "good.txt");
    write_str(good, "good text");
    const char *missing = P(state, "missing.txt");
    const char *paths[] = {missing, good};
    px_reader *r = px_reader_open(paths, 2, NULL, NULL);
    assert_non_null(r);
    px_error e;
    assert_int_equal(next_err(r, &e), PX_ERR_IO);
    assert_string_equal(e.file, missing);
    assert_int_equal(e.offset, PX_NO_OFFSET);
    assert_non_null(strstr(e.msg, "No such file"));
    const px_record *rec = next_ok(r);
    assert_string_equal(rec->body, "good text");
    expect_eof(r);
    assert_int_equal(px_reader_records(r), 1);
    assert_int_equal(px_reader_failures(r), 1);
    px_reader_close(r);
}

static void test_read_stdin(void **state)
{
    const char *p = P(state, "stdin.jsonl.gz");
    const char *data = "{\"title\":\"from stdin\",\"text\":\"t\"}\n{\"title\":\"second\"}\n";
    unsigned char *g;
    size_t gn = gzip_member(data, strlen(data), &g);
    write_file(p, g, gn);
    free(g);
    int saved = dup(STDIN_FILENO);
    assert_true(saved >= 0);
    int fd = open(p, O_RDONLY);
    assert_true(fd >= 0);
    assert_int_equal(dup2(fd, STDIN_FILENO), STDIN_FILENO);
    close(fd);
    const char *paths[] = {"-"};
    px_reader *r = px_reader_open(paths, 1, NULL, NULL);
    const px_record *rec = next_ok(r);
    assert_string_equal(rec->title, "from stdin");
    assert_string_equal(rec->file, "-");
    assert_string_equal(next_ok(r)->title, "second");
    expect_eof(r);
    px_reader_close(r);
    dup2(saved, STDIN_FILENO);
    close(saved);
}

static void test_read_open_bad_arguments(void **state)
{
    (void)state;
    px_error e;
    const char *paths[] = {""};
    assert_null(px_reader_open(paths, 1, NULL, &e));
    assert_int_equal(e.code, PX_ERR_ARG);
    px_reader_opts o = {(px_format)42, 0};
    const char *ok[] = {"x"};
    assert_null(px_reader_open(ok, 1, &o, &e));
    assert_int_equal(e.code, PX_ERR_ARG);
    px_reader *r = px_reader_open(NULL, 0, NULL, &e); /* no input at all */
    assert_non_null(r);
    expect_eof(r);
    px_reader_close(r);
}

/* ------------------------------------------------------------ WARC */

/* A Common Crawl style WARC.gz: warcinfo, request, HTML response, image
 * response, metadata, HTML response with chunked+gzip body. Member offsets
 * are returned in offs[]. */
static void build_warc_gz(bytes *b, uint64_t offs[6], bool damage_third)
{
    char *info = warc_record("warcinfo", NULL, "info-0", "software: test\r\n");
    char *req = warc_record("request", "http://a.example/1", "req-1", "GET /1 HTTP/1.1\r\nHost: a\r\n\r\n");
    char *r1 = http_response("text/html; charset=ISO-8859-1", "<html><body><p>First page</p></body></html>");
    char *resp1 = warc_record("response", "http://a.example/1", "r-1", r1);
    char *r2 = http_response("image/png", "\x89PNG....");
    char *resp2 = warc_record("response", "http://a.example/i.png", "r-2", r2);
    char *meta = warc_record("metadata", "http://a.example/1", "m-1", "fetchTimeMs: 12\r\n");
    /* chunked + gzip body */
    const char *page = "<!DOCTYPE html><html><body><p>Second page, zipped and chunked</p></body></html>";
    unsigned char *gz;
    size_t gzn = gzip_member(page, strlen(page), &gz);
    bytes http = {0};
    const char *hh = "HTTP/1.1 200 OK\r\nContent-Type: text/html;charset=\"utf-8\"\r\n"
                     "Transfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n\r\n";
    bput(&http, hh, strlen(hh));
    size_t half = gzn / 2;
    char sz[32];
    int k = snprintf(sz, sizeof sz, "%zx\r\n", half);
    bput(&http, sz, (size_t)k);
    bput(&http, gz, half);
    k = snprintf(sz, sizeof sz, "\r\n%zX;ext=1\r\n", gzn - half);
    bput(&http, sz, (size_t)k);
    bput(&http, gz + half, gzn - half);
    bput(&http, "\r\n0\r\n\r\n", 7);
    free(gz);
    size_t n3;
    char *resp3 = warc_record_n("response", "http://b.example/2", "r-3", http.p, http.n, &n3);
    free(http.p);
    char *recs[6] = {info, req, resp1, resp2, meta, resp3};
    for (int i = 0; i < 6; i++) {
        offs[i] = b->n;
        size_t len = i == 5 ? n3 : strlen(recs[i]);
        if (damage_third && i == 2) {
            unsigned char *g;
            size_t gn = gzip_member(recs[i], len, &g);
            for (size_t j = 20; j < gn - 10 && j < 60; j++) g[j] ^= 0xa5;
            bput(b, g, gn);
            free(g);
        } else {
            bput_gz(b, recs[i], len);
        }
        free(recs[i]);
    }
    free(r1);
    free(r2);
}

static void test_read_warc_gz_response_records(void **state)
{
    const char *p = P(state, "CC-MAIN-test.warc.gz");
    bytes b = {0};
    uint64_t offs[6];
    build_warc_gz(&b, offs, false);
    write_file(p, b.p, b.n);
    free(b.p);
    px_reader *r = open1(p, PX_FORMAT_AUTO, 0);
    const px_record *rec = next_ok(r);
    assert_int_equal(rec->kind, PX_BODY_HTML);
    assert_string_equal(rec->body, "<html><body><p>First page</p></body></html>");
    assert_int_equal(rec->body_len, strlen(rec->body));
    assert_string_equal(rec->url, "http://a.example/1");
    assert_string_equal(rec->date, "2019-06-25T10:00:00Z");
    assert_string_equal(rec->id, "urn:uuid:r-1");
    assert_string_equal(rec->charset, "ISO-8859-1");
    assert_int_equal(rec->offset, offs[2]); /* compressed member offset */
    assert_true(offs[2] > 0);
    rec = next_ok(r);
    assert_string_equal(rec->body, "<!DOCTYPE html><html><body><p>Second page, zipped and chunked</p></body></html>");
    assert_string_equal(rec->url, "http://b.example/2");
    assert_string_equal(rec->charset, "utf-8");
    assert_string_equal(rec->id, "urn:uuid:r-3");
    assert_int_equal(rec->offset, offs[5]);
    expect_eof(r);
    assert_int_equal(px_reader_records(r), 2);
    assert_int_equal(px_reader_failures(r), 0);
    assert_int_equal(px_reader_skipped(r), 4);
    px_reader_close(r);
}

static void test_read_warc_skips_non_html_and_counts(void **state)
{
    /* uncompressed WARC: offsets are plain byte offsets */
    const char *p = P(state, "plain.warc");
    char *info = warc_record("warcinfo", NULL, "i", "x: y\r\n");
    char *r404b = NULL;
    assert_true(asprintf(&r404b, "HTTP/1.1 404 Not Found\r\nContent-Type: text/html\r\n\r\n<html>gone</html>") > 0);
    char *r404 = warc_record("response", "http://n/404", "n", r404b);
    char *nob = http_response("", "");
    /* no content type at all, body looks like HTML */
    char *rnct = warc_record("response", "http://n/noct", "noct",
                             "HTTP/1.1 200 OK\r\nServer: x\r\n\r\n  <html><p>sniffed</p></html>");
    char *rrev = warc_record("revisit", "http://n/rev", "rev", "HTTP/1.1 200 OK\r\n\r\n");
    char *rjs = warc_record("response", "http://n/js", "js",
                            "HTTP/1.1 200 OK\r\nContent-Type: application/javascript\r\n\r\nvar x;");
    bytes b = {0};
    char *all[] = {info, r404, rnct, rrev, rjs};
    uint64_t offs[5];
    for (int i = 0; i < 5; i++) {
        offs[i] = b.n;
        bput(&b, all[i], strlen(all[i]));
        free(all[i]);
    }
    free(r404b);
    free(nob);
    write_file(p, b.p, b.n);
    free(b.p);
    px_reader *r = open1(p, PX_FORMAT_AUTO, 0);
    const px_record *rec = next_ok(r);
    assert_string_equal(rec->body, "  <html><p>sniffed</p></html>");
    assert_string_equal(rec->id, "urn:uuid:noct");
    assert_null(rec->charset);
    assert_int_equal(rec->offset, offs[2]);
    expect_eof(r);
    assert_int_equal(px_reader_records(r), 1);
    assert_int_equal(px_reader_skipped(r), 4);
    assert_int_equal(px_reader_failures(r), 0);
    px_reader_close(r);
}

static void test_read_warc_damaged_member_skipped(void **state)
{
    const char *p = P(state, "damaged.warc.gz");
    bytes b = {0};
    uint64_t offs[6];
    build_warc_gz(&b, offs, true);
    write_file(p, b.p, b.n);
    free(b.p);
    px_reader *r = open1(p, PX_FORMAT_AUTO, 0);
    px_error e;
    assert_int_equal(next_err(r, &e), PX_ERR_FORMAT);
    assert_int_equal(e.offset, offs[2]);
    assert_string_equal(e.file, p);
    assert_non_null(strstr(e.msg, "(gzip member)"));
    const px_record *rec = next_ok(r); /* reading went on */
    assert_string_equal(rec->id, "urn:uuid:r-3");
    assert_int_equal(rec->offset, offs[5]);
    expect_eof(r);
    assert_int_equal(px_reader_records(r), 1);
    assert_int_equal(px_reader_failures(r), 1);
    px_reader_close(r);
}

static void test_read_warc_bad_header_resyncs(void **state)
{
    /* an uncompressed WARC with garbage and a record with no
     * Content-Length between two good records */
    const char *p = P(state, "resync.warc");
    char *h1 = http_response("text/html", "<html>one</html>");
    char *h2 = http_response("text/html", "<html>two</html>");
    char *a = warc_record("response", "http://r/1", "a", h1);
    char *c = warc_record("response", "http://r/2", "c", h2);
    bytes b = {0};
    bput(&b, a, strlen(a));
    uint64_t garbage = b.n;
    const char *junk = "garbage line\nWARC/1.0\r\nWARC-Type: response\r\n\r\nno length here\n";
    bput(&b, junk, strlen(junk));
    uint64_t coff = b.n;
    bput(&b, c, strlen(c));
    write_file(p, b.p, b.n);
    free(b.p);
    free(h1);
    free(h2);
    free(a);
    free(c);
    px_reader *r = open1(p, PX_FORMAT_AUTO, 0);
    assert_string_equal(next_ok(r)->body, "<html>one</html>");
    px_error e;
    assert_int_equal(next_err(r, &e), PX_ERR_FORMAT);
    assert_int_equal(e.offset, garbage);
    assert_int_equal(next_err(r, &e), PX_ERR_FORMAT);
    assert_non_null(strstr(e.msg, "Content-Length"));
    const px_record *rec = next_ok(r);
    assert_string_equal(rec->body, "<html>two</html>");
    assert_int_equal(rec->offset, coff);
    expect_eof(r);
    px_reader_close(r);
}

static void test_read_warc_record_too_big(void **state)
{
    const char *p = P(state, "big.warc.gz");
    char page[4000];
    memset(page, 'p', sizeof page - 1);
    page[sizeof page - 1] = '\0';
    memcpy(page, "<html>", 6);
    char *h1 = http_response("text/html", page);
    char *h2 = http_response("text/html", "<html>small</html>");
    char *a = warc_record("response", "http://big/", "big", h1);
    char *c = warc_record("response", "http://small/", "small", h2);
    bytes b = {0};
    bput_gz(&b, a, strlen(a));
    uint64_t coff = b.n;
    bput_gz(&b, c, strlen(c));
    write_file(p, b.p, b.n);
    free(b.p);
    free(h1);
    free(h2);
    free(a);
    free(c);
    px_reader *r = open1(p, PX_FORMAT_AUTO, 1000);
    px_error e;
    assert_int_equal(next_err(r, &e), PX_ERR_TOOBIG);
    assert_int_equal(e.offset, 0);
    const px_record *rec = next_ok(r);
    assert_string_equal(rec->body, "<html>small</html>");
    assert_int_equal(rec->offset, coff);
    expect_eof(r);
    px_reader_close(r);
}

static void test_read_mem_reader(void **state)
{
    (void)state;
    const char *data = "{\"title\":\"m1\"}\nnot json\n{\"title\":\"m2\"}\n";
    px_reader *r = px_reader_open_mem(data, strlen(data), "x.jsonl", NULL, NULL);
    assert_non_null(r);
    const px_record *rec = next_ok(r);
    assert_string_equal(rec->title, "m1");
    assert_string_equal(rec->file, "x.jsonl");
    px_error e;
    assert_int_equal(next_err(r, &e), PX_ERR_FORMAT);
    assert_int_equal(e.offset, 15);
    assert_string_equal(next_ok(r)->title, "m2");
    expect_eof(r);
    expect_eof(r); /* stays at EOF */
    px_reader_close(r);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup_tmp, teardown_tmp)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_read_jsonl_field_aliases),
        T(test_read_jsonl_bad_line_reported_and_skipped),
        T(test_read_jsonl_strict_json_and_fields),
        T(test_read_jsonl_pair_sides),
        T(test_read_jsonl_crlf_and_bom),
        T(test_read_jsonl_nul_byte),
        T(test_read_jsonl_overlong_line_skipped),
        T(test_read_jsonl_lines_across_buffer_refills),
        T(test_read_json_document_array_and_object),
        T(test_read_gzip_jsonl),
        T(test_read_gzip_truncated_reports_error),
        T(test_read_gzip_corrupt_reports_error),
        T(test_read_plain_text_file),
        T(test_read_plain_text_too_big),
        T(test_read_html_file),
        T(test_read_format_sniffed_from_content),
        T(test_read_forced_format),
        T(test_read_directory_sorted_recursive),
        T(test_read_missing_file_io_error_then_continues),
        T(test_read_stdin),
        T(test_read_open_bad_arguments),
        T(test_read_warc_gz_response_records),
        T(test_read_warc_skips_non_html_and_counts),
        T(test_read_warc_damaged_member_skipped),
        T(test_read_warc_bad_header_resyncs),
        T(test_read_warc_record_too_big),
        T(test_read_mem_reader),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
