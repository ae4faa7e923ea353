/*
 * test_extract.c - the extract stage: finding the article in a web page
 * (furniture left out), its metadata (title, date, URL, source, byline,
 * language), character sets, and robustness on empty and garbage input.
 *
 * Pages are small ones written for these tests: inline, or under
 * tests/data/extract/ (news-article.html, cafe-windows-1252.html).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* One extraction and the arena that owns its strings. */
typedef struct run {
    px_arena arena;
    px_extracted ex;
    px_status st;
    px_error err;
} run;

/* Extract html[0..len) into r (url and charset hints may be NULL). */
static void extract(run *r, const char *html, size_t len, const char *url, const char *cs)
{
    memset(r, 0, sizeof *r);
    px_arena_init(&r->arena);
    r->st = px_extract_html(&r->arena, html, len, url, cs, &r->ex, &r->err);
}

/* Extract a NUL-terminated page; asserts success. */
static void extract_ok(run *r, const char *html, const char *url)
{
    extract(r, html, strlen(html), url, NULL);
    assert_int_equal(r->st, PX_OK);
    assert_non_null(r->ex.body);
    assert_int_equal(strlen(r->ex.body), r->ex.body_len);
}

/* Read a file under tests/data/extract into a malloc'd buffer. */
static char *slurp(const char *name, size_t *len)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/extract/%s", PX_TEST_DATA, name);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
    buf[n] = '\0';
    fclose(f);
    *len = (size_t)n;
    return buf;
}

/* Extract the test news article (nav, share bar, cookie banner, figure,
 * newsletter box, related links, sidebar and footer around the story). */
static void extract_news(run *r)
{
    size_t len;
    char *html = slurp("news-article.html", &len);
    extract(r, html, len, "https://courier.example.com/x?utm=1", NULL);
    free(html);
    assert_int_equal(r->st, PX_OK);
    assert_non_null(r->ex.body);
}

/* Is s valid UTF-8? */
static bool valid_utf8(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        unsigned c = u[i];
        int k = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
        if (!k || i + k > n) return false;
        for (int j = 1; j < k; j++)
            if ((u[i + j] & 0xC0) != 0x80) return false;
        i += k;
    }
    return true;
}

static void test_extract_article_among_nav_and_footer(void **state)
{
    (void)state;
    run r;
    extract_news(&r);
    const char *b = r.ex.body;
    assert_non_null(strstr(b, "Dock workers at the northern harbour walked off the job"));
    assert_non_null(strstr(b, "The port authority said it regretted the disruption"));
    /* a heading and list items are paragraphs of their own */
    assert_non_null(strstr(b, "\n\nTalks broke down\n\nNegotiations collapsed"));
    assert_non_null(strstr(b, "\n\nContainer traffic is halted until Thursday.\n\n"
                              "Ferries to the islands will run as normal.\n\n"));
    /* the story's paragraphs are in order, one blank line apart */
    assert_true(strstr(b, "Dock workers") < strstr(b, "The union said about 400"));
    assert_null(strstr(b, "\n\n\n"));
    assert_null(strstr(b, "Weather"));
    assert_null(strstr(b, "Copyright 2019"));
    assert_null(strstr(b, "Local man wins lottery"));
    assert_null(strstr(b, "Do not show this script"));
    assert_null(strstr(b, "color: red"));
    px_arena_free(&r.arena);
}

static void test_extract_drops_share_bar_and_related_links(void **state)
{
    (void)state;
    run r;
    extract_news(&r);
    assert_null(strstr(r.ex.body, "Share on Facebook"));
    assert_null(strstr(r.ex.body, "Email this article"));
    assert_null(strstr(r.ex.body, "Related stories"));
    assert_null(strstr(r.ex.body, "Port authority announces record profits"));
    px_arena_free(&r.arena);
}

static void test_extract_drops_cookie_and_newsletter_banners(void **state)
{
    (void)state;
    run r;
    extract_news(&r);
    assert_null(strstr(r.ex.body, "We use cookies"));
    assert_null(strstr(r.ex.body, "Sign up for our morning newsletter"));
    assert_null(strstr(r.ex.body, "Subscribe"));
    px_arena_free(&r.arena);
}

static void test_extract_drops_figcaption(void **state)
{
    (void)state;
    run r;
    extract_news(&r);
    assert_null(strstr(r.ex.body, "Pickets gathered at the main gate"));
    assert_non_null(strstr(r.ex.body, "The union said about 400 members"));
    px_arena_free(&r.arena);
}

static void test_extract_title_from_og_title(void **state)
{
    (void)state;
    run r;
    extract_news(&r);
    /* og:title, not <title> with its " | The Courier" */
    assert_string_equal(r.ex.title, "Harbour workers walk out over pay offer");
    /* the h1 repeating the title is not body text */
    assert_true(strncmp(r.ex.body, "Dock workers", 12) == 0);
    px_arena_free(&r.arena);

    /* without og:title: <title> minus the site suffix */
    extract_ok(&r,
               "<html><head><title>Council approves new cycle lanes for the city centre - "
               "Daily Post</title></head><body><div class=\"content\"><p>The city council "
               "approved plans for twelve kilometres of protected cycle lanes on Thursday, "
               "after a debate that lasted well into the night.</p></div></body></html>",
               NULL);
    assert_string_equal(r.ex.title, "Council approves new cycle lanes for the city centre");
    px_arena_free(&r.arena);
}

static const char ld_page[] =
    "<html><head><title>x</title>"
    "<meta name=\"date\" content=\"2001-01-01\">"
    "<script type=\"application/ld+json\">{\"@context\":\"https://schema.org\","
    "\"@type\":\"NewsArticle\",\"headline\":\"Bridge reopens after repairs\","
    "\"datePublished\":\"2020-03-01T08:30:00+01:00\","
    "\"author\":{\"@type\":\"Person\",\"name\":\"Ana Lima\"},"
    "\"publisher\":{\"@type\":\"Organization\",\"name\":\"River Times\"}}</script>"
    "</head><body><article><p>The old river bridge reopened to traffic this morning after "
    "eighteen months of repairs that cost far more than first planned, the city said."
    "</p></article></body></html>";

static void test_extract_date_from_json_ld(void **state)
{
    (void)state;
    run r;
    extract_ok(&r, ld_page, NULL);
    assert_non_null(r.ex.date);
    /* JSON-LD datePublished wins over <meta name=date> */
    assert_true(strncmp(r.ex.date, "2020-03-01", 10) == 0);
    assert_string_equal(r.ex.title, "Bridge reopens after repairs");
    px_arena_free(&r.arena);
}

static void test_extract_date_from_meta(void **state)
{
    (void)state;
    run r;
    extract_news(&r);
    assert_non_null(r.ex.date);
    assert_true(strncmp(r.ex.date, "2019-06-25", 10) == 0);
    px_arena_free(&r.arena);

    extract_ok(&r,
               "<html><head><meta name=\"DC.date.issued\" content=\"2015-02-17\"></head><body>"
               "<p>The museum will close for three months while its roof is replaced, the "
               "director announced at a press conference on Tuesday.</p></body></html>",
               "https://example.org/2011/01/01/museum");
    assert_non_null(r.ex.date);
    assert_true(strncmp(r.ex.date, "2015-02-17", 10) == 0);
    px_arena_free(&r.arena);
}

static void test_extract_date_from_time_element(void **state)
{
    (void)state;
    run r;
    extract_ok(&r,
               "<html><body><nav><time datetime=\"2000-01-01\">old</time></nav><article>"
               "<header><h1>Snow closes schools</h1><time datetime=\"2018-11-05T09:00\" "
               "pubdate>5 November</time></header><p>Heavy snow forced more than two hundred "
               "schools across the region to close on Monday, and forecasters expect more to "
               "come.</p></article></body></html>",
               "https://example.org/2011/01/01/snow");
    assert_non_null(r.ex.date);
    assert_true(strncmp(r.ex.date, "2018-11-05", 10) == 0);
    px_arena_free(&r.arena);
}

static void test_extract_date_from_url(void **state)
{
    (void)state;
    run r;
    extract_ok(&r,
               "<html><body><div class=\"post\"><p>The lighthouse keeper retired after "
               "forty years, and the light is now run from a control room on the mainland."
               "</p></div></body></html>",
               "https://example.org/news/2017/04/09/lighthouse-keeper-retires");
    assert_non_null(r.ex.date);
    assert_string_equal(r.ex.date, "2017-04-09");
    px_arena_free(&r.arena);
}

static void test_extract_byline_and_site_name(void **state)
{
    (void)state;
    run r;
    extract_news(&r);
    assert_string_equal(r.ex.byline, "Jane Doe");
    assert_string_equal(r.ex.source, "The Courier");
    px_arena_free(&r.arena);

    /* JSON-LD author and publisher */
    extract_ok(&r, ld_page, NULL);
    assert_string_equal(r.ex.byline, "Ana Lima");
    assert_string_equal(r.ex.source, "River Times");
    px_arena_free(&r.arena);

    /* a byline element; the source is the URL's host */
    extract_ok(&r,
               "<html><body><article><div class=\"byline\">By John Smith</div><p>Farmers "
               "say the dry spring has cut the first hay harvest by half, and prices for "
               "winter feed are already rising.</p></article></body></html>",
               "https://www.example.org/farming/hay");
    assert_string_equal(r.ex.byline, "John Smith");
    assert_string_equal(r.ex.source, "example.org");
    assert_null(strstr(r.ex.body, "John Smith"));
    px_arena_free(&r.arena);
}

static void test_extract_canonical_url(void **state)
{
    (void)state;
    run r;
    extract_news(&r);
    assert_string_equal(r.ex.url, "https://courier.example.com/news/2019/06/25/harbour-strike");
    px_arena_free(&r.arena);

    /* og:url when there is no canonical link */
    extract_ok(&r,
               "<html><head><meta property=\"og:url\" content=\"https://example.net/a/b\">"
               "</head><body><p>The ferry timetable changes on Monday, with fewer sailings "
               "in the evening and an extra early crossing on weekdays.</p></body></html>",
               "https://example.net/a/b?ref=rss");
    assert_string_equal(r.ex.url, "https://example.net/a/b");
    px_arena_free(&r.arena);

    /* a root-relative canonical link is resolved against the page URL */
    extract_ok(&r,
               "<html><head><link rel=\"canonical\" href=\"/story/42\"></head><body><p>The "
               "ferry timetable changes on Monday, with fewer sailings in the evening and "
               "an extra early crossing on weekdays.</p></body></html>",
               "https://example.net/amp/story/42");
    assert_string_equal(r.ex.url, "https://example.net/story/42");
    px_arena_free(&r.arena);

    /* nothing in the page: the hint */
    extract_ok(&r, "<p>Plain words here, enough of them to count as a short article text.</p>",
               "https://example.net/plain");
    assert_string_equal(r.ex.url, "https://example.net/plain");
    px_arena_free(&r.arena);
}

static void test_extract_charset_meta_windows1252(void **state)
{
    (void)state;
    size_t len;
    char *html = slurp("cafe-windows-1252.html", &len);
    run r;
    extract(&r, html, len, NULL, NULL);
    free(html);
    assert_int_equal(r.st, PX_OK);
    assert_true(valid_utf8(r.ex.body, r.ex.body_len));
    assert_non_null(strstr(r.ex.body, "Le caf\xC3\xA9 de la gare a rouvert"));
    assert_non_null(strstr(r.ex.body, "apr\xC3\xA8s deux ann\xC3\xA9" "es"));
    /* 0x96 is an en dash in windows-1252 (a C1 control in ISO-8859-1) */
    assert_non_null(strstr(r.ex.body, "semaine \xE2\x80\x93 une"));
    assert_string_equal(r.ex.title, "Le caf\xC3\xA9 de la gare");
    assert_string_equal(r.ex.lang, "fr");
    px_arena_free(&r.arena);
}

static void test_extract_charset_hint_overrides(void **state)
{
    (void)state;
    /* windows-1251 bytes for "Привет мир" under a wrong meta declaration */
    const char page[] =
        "<html><head><meta charset=\"iso-8859-1\"></head><body><p>"
        "\xCF\xF0\xE8\xE2\xE5\xF2 \xEC\xE8\xF0, "
        "\xCF\xF0\xE8\xE2\xE5\xF2 \xEC\xE8\xF0, "
        "\xCF\xF0\xE8\xE2\xE5\xF2 \xEC\xE8\xF0.</p></body></html>";
    const char *want = "\xD0\x9F\xD1\x80\xD0\xB8\xD0\xB2\xD0\xB5\xD1\x82 "
                       "\xD0\xBC\xD0\xB8\xD1\x80";
    run r;
    extract(&r, page, sizeof page - 1, NULL, "windows-1251");
    assert_int_equal(r.st, PX_OK);
    assert_non_null(strstr(r.ex.body, want));
    px_arena_free(&r.arena);

    /* the hint as a whole Content-Type header value */
    extract(&r, page, sizeof page - 1, NULL, "text/html; charset=Windows-1251");
    assert_int_equal(r.st, PX_OK);
    assert_non_null(strstr(r.ex.body, want));
    px_arena_free(&r.arena);

    /* without the hint the meta wins (and the text is not Cyrillic) */
    extract(&r, page, sizeof page - 1, NULL, NULL);
    assert_int_equal(r.st, PX_OK);
    assert_null(strstr(r.ex.body, want));
    assert_true(valid_utf8(r.ex.body, r.ex.body_len));
    px_arena_free(&r.arena);
}

static void test_extract_utf8_bom(void **state)
{
    (void)state;
    /* the BOM beats a wrong meta declaration */
    const char page[] = "\xEF\xBB\xBF<html><head><meta charset=\"windows-1252\">"
                        "<title>Caf\xC3\xA9 news</title></head><body><p>Caf\xC3\xA9 owners in "
                        "the old town say the new parking rules have cut their trade by a "
                        "third since the spring.</p></body></html>";
    run r;
    extract(&r, page, sizeof page - 1, NULL, NULL);
    assert_int_equal(r.st, PX_OK);
    assert_true(strncmp(r.ex.body, "Caf\xC3\xA9 owners", 11) == 0);
    assert_string_equal(r.ex.title, "Caf\xC3\xA9 news");
    px_arena_free(&r.arena);

    /* UTF-16LE with its BOM */
    const char *ascii = "<html><body><p>Sixteen bit text is read as well as eight bit "
                        "text when the page starts with a byte order mark.</p></body></html>";
    size_t n = strlen(ascii);
    char *u16 = malloc(2 + 2 * n);
    assert_non_null(u16);
    u16[0] = (char)0xFF;
    u16[1] = (char)0xFE;
    for (size_t i = 0; i < n; i++) u16[2 + 2 * i] = ascii[i], u16[3 + 2 * i] = 0;
    extract(&r, u16, 2 + 2 * n, NULL, NULL);
    free(u16);
    assert_int_equal(r.st, PX_OK);
    assert_non_null(strstr(r.ex.body, "Sixteen bit text is read"));
    px_arena_free(&r.arena);
}

static void test_extract_lang_attribute(void **state)
{
    (void)state;
    run r;
    extract_news(&r);
    assert_string_equal(r.ex.lang, "en");    /* from lang="en-GB" */
    px_arena_free(&r.arena);

    extract_ok(&r,
               "<html><head><meta property=\"og:locale\" content=\"de_DE\"></head><body><p>"
               "Die Stadt plant neue Radwege entlang des Flusses, die bis zum Sommer fertig "
               "sein sollen.</p></body></html>",
               NULL);
    assert_string_equal(r.ex.lang, "de");
    px_arena_free(&r.arena);

    extract_ok(&r, "<html LANG=\"PT-br\"><body><p>Texto simples, com palavras suficientes para "
                   "formar um pequeno artigo.</p></body></html>", NULL);
    assert_string_equal(r.ex.lang, "pt");
    px_arena_free(&r.arena);
}

static void test_extract_empty_page_is_empty_error(void **state)
{
    (void)state;
    const char *pages[] = {
        "",
        "<html><body></body></html>",
        "<html><head><title>Only a title</title></head><body>   \n </body></html>",
        ("<html><body><script>document.write('all of it is script');</script>"
         "<style>p{}</style></body></html>"),
        "<!-- nothing but a comment -->",
    };
    for (size_t i = 0; i < sizeof pages / sizeof *pages; i++) {
        run r;
        extract(&r, pages[i], strlen(pages[i]), NULL, NULL);
        assert_int_equal(r.st, PX_ERR_EMPTY);
        assert_int_equal(r.err.code, PX_ERR_EMPTY);
        assert_null(r.ex.body);
        px_arena_free(&r.arena);
    }
}

static void test_extract_garbage_bytes_no_crash(void **state)
{
    (void)state;
    uint64_t seed = 0x9E3779B97F4A7C15ull;
    char *buf = malloc(70000);
    assert_non_null(buf);
    for (int round = 0; round < 60; round++) {
        size_t n = round < 20 ? (size_t)round * 37 : (size_t)(seed >> 40) % 65536;
        for (size_t i = 0; i < n; i++) {
            seed = seed * 6364136223846793005ull + 1442695040888963407ull;
            unsigned char b = (unsigned char)(seed >> 56);
            /* half the rounds lean towards markup characters */
            if (round % 2 && b < 128) b = (unsigned char)"<>/=\"' apdivbr!-&#;\n"[b % 21];
            buf[i] = (char)b;
        }
        run r;
        extract(&r, buf, n, round % 3 ? "http://x" : NULL, round % 5 ? NULL : "koi8-r");
        assert_true(r.st == PX_OK || r.st == PX_ERR_EMPTY);
        if (r.st == PX_OK) {
            assert_int_equal(strlen(r.ex.body), r.ex.body_len);
            assert_true(valid_utf8(r.ex.body, r.ex.body_len));
        }
        px_arena_free(&r.arena);
    }
    /* deep nesting, unclosed constructs, NUL bytes */
    size_t n = 0;
    for (int i = 0; i < 5000; i++) memcpy(buf + n, "<div>", 5), n += 5;
    memcpy(buf + n, "deep text", 9), n += 9;
    run r;
    extract(&r, buf, n, NULL, NULL);
    assert_true(r.st == PX_OK || r.st == PX_ERR_EMPTY);
    px_arena_free(&r.arena);
    const char nasty[] = "<p>a\0b<!-- <script>x</p><![CDATA[ <a href='\0'>\xFF\xFE\x00<";
    extract(&r, nasty, sizeof nasty - 1, NULL, NULL);
    assert_true(r.st == PX_OK || r.st == PX_ERR_EMPTY);
    px_arena_free(&r.arena);
    const char ld[] = "<script type='application/ld+json'>{\"@graph\":[[[[{\"@type\":[\"Article\"],"
                      "\"articleBody\":\"&#99999999;&#x;&amp\",\"author\":[1,{},null]}]]]]}"
                      "</script><p>x</p>";
    extract(&r, ld, sizeof ld - 1, NULL, NULL);
    assert_true(r.st == PX_OK || r.st == PX_ERR_EMPTY);
    px_arena_free(&r.arena);
    free(buf);
}

static void test_extract_json_ld_in_graph(void **state)
{
    (void)state;
    const char *page =
        "<html><head><script type=\"application/ld+json\">\n"
        "{\"@context\":\"https://schema.org\",\"@graph\":["
        "{\"@type\":\"WebSite\",\"name\":\"Not the headline\"},"
        "{\"@type\":\"Organization\",\"name\":\"Not the publisher\"},"
        "{\"@type\":[\"ReportageNews\"],\"headline\":\"Floods cut off mountain villages\","
        "\"datePublished\":\"2021-07-14\",\"inLanguage\":\"it-IT\","
        "\"author\":[{\"@type\":\"Person\",\"name\":\"Marco Rossi\"},"
        "{\"@type\":\"Person\",\"name\":\"Giulia Bianchi\"}],"
        "\"publisher\":{\"@type\":\"Organization\",\"name\":\"Alpine Herald\"}}]}\n"
        "</script></head><body><div class=\"entry-content\"><p>Rescue teams reached three "
        "villages cut off by floods on Wednesday, bringing food and medicine by helicopter "
        "to about six hundred residents.</p></div></body></html>";
    run r;
    extract_ok(&r, page, NULL);
    assert_string_equal(r.ex.title, "Floods cut off mountain villages");
    assert_non_null(r.ex.date);
    assert_true(strncmp(r.ex.date, "2021-07-14", 10) == 0);
    assert_string_equal(r.ex.byline, "Marco Rossi, Giulia Bianchi");
    assert_string_equal(r.ex.source, "Alpine Herald");
    assert_string_equal(r.ex.lang, "it");
    px_arena_free(&r.arena);

    /* a top-level array, and articleBody filling in when the page's own
     * text is a stub */
    const char *page2 =
        "<html><head><script type=\"application/ld+json\">[{\"@type\":\"BreadcrumbList\"},"
        "{\"@type\":\"NewsArticle\",\"headline\":\"Rail strike called off\","
        "\"articleBody\":\"Train drivers called off next week's strike after a late offer "
        "from the operators.\\nThe union will ballot its members on the new offer, which "
        "includes a four per cent rise this year and a shorter working week from next spring, "
        "and the result is expected before the end of the month.\"}]</script></head>"
        "<body><p>Subscribe to read the full story.</p></body></html>";
    extract_ok(&r, page2, NULL);
    assert_string_equal(r.ex.title, "Rail strike called off");
    assert_non_null(strstr(r.ex.body, "operators.\n\nThe union will ballot"));
    px_arena_free(&r.arena);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_extract_article_among_nav_and_footer),
        cmocka_unit_test(test_extract_drops_share_bar_and_related_links),
        cmocka_unit_test(test_extract_drops_cookie_and_newsletter_banners),
        cmocka_unit_test(test_extract_drops_figcaption),
        cmocka_unit_test(test_extract_title_from_og_title),
        cmocka_unit_test(test_extract_date_from_json_ld),
        cmocka_unit_test(test_extract_date_from_meta),
        cmocka_unit_test(test_extract_date_from_time_element),
        cmocka_unit_test(test_extract_date_from_url),
        cmocka_unit_test(test_extract_byline_and_site_name),
        cmocka_unit_test(test_extract_canonical_url),
        cmocka_unit_test(test_extract_charset_meta_windows1252),
        cmocka_unit_test(test_extract_charset_hint_overrides),
        cmocka_unit_test(test_extract_utf8_bom),
        cmocka_unit_test(test_extract_lang_attribute),
        cmocka_unit_test(test_extract_empty_page_is_empty_error),
        cmocka_unit_test(test_extract_garbage_bytes_no_crash),
        cmocka_unit_test(test_extract_json_ld_in_graph),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
