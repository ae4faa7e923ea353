/*
 * test_analyze.c - the analyse stage: sentences, tokens, stems, stopwords
 * and mentions, on small documents built by hand (text, paragraphs split
 * at blank lines, language, optional title line and date), so the tests
 * do not depend on the clean stage.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "internal.h"

typedef struct tdoc {
    px_doc d;
    px_ctx ctx;
} tdoc;

/* Build and analyse a document: text split into paragraphs at blank
 * lines; with title, the first paragraph is the title line. */
static tdoc *mk(const char *text, const char *lang, const char *date, bool title)
{
    tdoc *t = calloc(1, sizeof *t);
    assert_non_null(t);
    px_arena_init(&t->d.arena);
    size_t n = strlen(text);
    t->d.text = px_arena_strndup(&t->d.arena, text, n);
    t->d.text_len = (uint32_t)n;
    t->d.lang = lang;
    t->d.date = date ? px_arena_strdup(&t->d.arena, date) : NULL;
    px_span *p = px_arena_alloc(&t->d.arena, sizeof *p * (n / 2 + 2));
    uint32_t np = 0;
    size_t i = 0;
    while (i < n) {
        while (i < n && text[i] == '\n') i++;
        size_t a = i;
        while (i < n && !(text[i] == '\n' && i + 1 < n && text[i + 1] == '\n')) i++;
        if (i > a) { p[np].start = (uint32_t)a; p[np].end = (uint32_t)i; np++; }
    }
    if (title && np) {
        t->d.title_span = p[0];
        t->d.paras = p + 1;
        t->d.n_paras = np - 1;
    } else {
        t->d.paras = p;
        t->d.n_paras = np;
    }
    px_error err;
    assert_int_equal(px_analyze(&t->ctx, &t->d, &err), PX_OK);
    return t;
}

static void rm(tdoc *t)
{
    px_ctx_release(&t->ctx);
    px_arena_free(&t->d.arena);
    free(t);
}

/* The text of sentence i. */
static char *sent_text(const tdoc *t, uint32_t i, char *buf, size_t cap)
{
    const px_sentence *s = &t->d.sents[i];
    snprintf(buf, cap, "%.*s", (int)(s->span.end - s->span.start), t->d.text + s->span.start);
    return buf;
}

static void expect_sentences(const tdoc *t, const char *const *want, size_t n)
{
    char buf[512];
    for (uint32_t i = 0; i < t->d.n_sents && i < n; i++)
        assert_string_equal(sent_text(t, i, buf, sizeof buf), want[i]);
    assert_int_equal(t->d.n_sents, n);
}

/* The first mention of kind with norm, NULL when none. */
static const px_mention *find(const tdoc *t, int kind, const char *norm)
{
    for (uint32_t i = 0; i < t->d.n_ments; i++)
        if ((int)t->d.ments[i].kind == kind && !strcmp(t->d.ments[i].norm, norm))
            return &t->d.ments[i];
    return NULL;
}

static const px_mention *must(const tdoc *t, int kind, const char *norm)
{
    const px_mention *m = find(t, kind, norm);
    if (!m) {
        for (uint32_t i = 0; i < t->d.n_ments; i++)
            fprintf(stderr, "  have kind %d norm '%s'\n", t->d.ments[i].kind, t->d.ments[i].norm);
        fail_msg("no mention of kind %d with norm '%s'", kind, norm);
    }
    return m;
}

/* The mention's text. */
static char *ment_text(const tdoc *t, const px_mention *m, char *buf, size_t cap)
{
    snprintf(buf, cap, "%.*s", (int)(m->span.end - m->span.start), t->d.text + m->span.start);
    return buf;
}

/* The token whose text is w, -1 when none. */
static int tok_find(const tdoc *t, const char *w)
{
    size_t n = strlen(w);
    for (uint32_t i = 0; i < t->d.n_toks; i++) {
        const px_token *k = &t->d.toks[i];
        if (k->span.end - k->span.start == n && !memcmp(t->d.text + k->span.start, w, n))
            return (int)i;
    }
    return -1;
}

/* ------------------------------------------------------------ sentences */

static void test_sentences_survive_abbreviations(void **st)
{
    (void)st;
    tdoc *t = mk("Mr. Smith met Gen. Lee in the U.S. on Jan. 5 and paid 3.5 million. "
                 "Dr. J. R. R. Tolkien lived in W.Va. for years. It rained.",
                 "en", NULL, false);
    const char *want[] = {
        "Mr. Smith met Gen. Lee in the U.S. on Jan. 5 and paid 3.5 million.",
        "Dr. J. R. R. Tolkien lived in W.Va. for years.", "It rained."};
    expect_sentences(t, want, 3);
    rm(t);
    t = mk("Die Regierung plant z.B. neue Regeln bzw. Gesetze. Sr. García y la Sra. Pérez "
           "llegaron. Das war Nr. 5 der Liste.",
           "de", NULL, false);
    const char *want2[] = {"Die Regierung plant z.B. neue Regeln bzw. Gesetze.",
                           "Sr. García y la Sra. Pérez llegaron.", "Das war Nr. 5 der Liste."};
    expect_sentences(t, want2, 3);
    rm(t);
}

static void test_sentences_dotted_acronym_then_new_sentence(void **st)
{
    (void)st;
    tdoc *t = mk("He flew to the U.S. The next day he left.", "en", NULL, false);
    const char *want[] = {"He flew to the U.S.", "The next day he left."};
    expect_sentences(t, want, 2);
    rm(t);
}

static void test_sentences_german_ordinal_date(void **st)
{
    (void)st;
    tdoc *t = mk("Am 25. Juni 2019 kam er an. Der 2. Weltkrieg endete 1945. Dann ging er.",
                 "de", NULL, false);
    const char *want[] = {"Am 25. Juni 2019 kam er an.", "Der 2. Weltkrieg endete 1945.",
                          "Dann ging er."};
    expect_sentences(t, want, 3);
    rm(t);
}

static void test_sentences_cjk_and_arabic_marks(void **st)
{
    (void)st;
    tdoc *t = mk("今天下雨。明天晴天！你好吗？", "zh", NULL, false);
    const char *want[] = {"今天下雨。", "明天晴天！", "你好吗？"};
    expect_sentences(t, want, 3);
    rm(t);
    t = mk("هل جاء الرئيس؟ نعم جاء اليوم۔ انتهى", "ar", NULL, false);
    const char *want2[] = {"هل جاء الرئيس؟", "نعم جاء اليوم۔", "انتهى"};
    expect_sentences(t, want2, 3);
    rm(t);
}

static void test_sentences_closing_quote_after_period(void **st)
{
    (void)st;
    tdoc *t = mk("“We will win.” He said so. «C'est fini.» Alors? Yes! Wait… Done.", "en",
                 NULL, false);
    const char *want[] = {"“We will win.”", "He said so.", "«C'est fini.»", "Alors?", "Yes!",
                          "Wait…", "Done."};
    expect_sentences(t, want, 7);
    rm(t);
}

static void test_sentences_never_cross_paragraphs(void **st)
{
    (void)st;
    tdoc *t = mk("A title without stop\n\nFirst paragraph ends without stop\n\nSecond one.",
                 "en", NULL, true);
    assert_int_equal(t->d.n_sents, 3);
    assert_int_equal(t->d.sents[0].para, UINT32_MAX);
    assert_int_equal(t->d.sents[1].para, 0);
    assert_int_equal(t->d.sents[2].para, 1);
    assert_true(t->d.toks[0].flags & PX_TOKF_TITLE);
    assert_false(t->d.toks[t->d.sents[1].tok_start].flags & PX_TOKF_TITLE);
    rm(t);
}

/* ------------------------------------------------------------ tokens */

static void test_tokens_offsets_map_to_text(void **st)
{
    (void)st;
    tdoc *t = mk("Moon Jae-in’s “anti-Huawei” plan costs $28,500 (3.5%)!\n\n"
                 "L'homme d'État — 今天 ｶﾀｶﾅ 한국어 ไทย", "fr", NULL, false);
    uint32_t prev = 0;
    for (uint32_t i = 0; i < t->d.n_toks; i++) {
        const px_token *k = &t->d.toks[i];
        assert_true(k->span.start < k->span.end);
        assert_true(k->span.start >= prev);
        assert_true(k->span.end <= t->d.text_len);
        prev = k->span.end;
        /* the token's text folds to its norm */
        px_buf b = {0};
        assert_true(px_fold(t->d.text + k->span.start, k->span.end - k->span.start, &b));
        assert_string_equal(b.data ? b.data : "", k->norm);
        px_buf_free(&b);
        assert_non_null(k->stem);
        assert_true(k->sent < t->d.n_sents);
    }
    assert_true(tok_find(t, "28,500") >= 0);
    assert_true(tok_find(t, "$") >= 0);
    assert_true(tok_find(t, "“") >= 0);
    assert_true(tok_find(t, "”") >= 0);
    assert_true(tok_find(t, "L'") >= 0);      /* French elision split */
    assert_true(tok_find(t, "homme") >= 0);
    assert_true(tok_find(t, "ไทย") >= 0);     /* a Thai run is one token */
    assert_true(tok_find(t, "한국어") >= 0);   /* a hangul run */
    assert_true(tok_find(t, "ｶﾀｶﾅ") >= 0);    /* a kana run */
    rm(t);
}

static void test_tokens_cjk_one_per_ideograph(void **st)
{
    (void)st;
    tdoc *t = mk("美国总统", "zh", NULL, false);
    assert_int_equal(t->d.n_toks, 4);
    for (uint32_t i = 0; i < 4; i++) {
        assert_int_equal(t->d.toks[i].kind, PX_TOK_IDEO);
        assert_int_equal(t->d.toks[i].span.end - t->d.toks[i].span.start, 3);
    }
    rm(t);
}

static void test_tokens_hyphenated_name_kept(void **st)
{
    (void)st;
    tdoc *t = mk("Moon Jae-in opposed the anti-Huawei campaign and COVID-19 rules in 1950-1953.",
                 "en", NULL, false);
    assert_true(tok_find(t, "Jae-in") >= 0);
    assert_true(tok_find(t, "anti-Huawei") >= 0);
    assert_true(tok_find(t, "COVID-19") >= 0);
    int k = tok_find(t, "1950");
    assert_true(k >= 0);
    assert_int_equal(t->d.toks[k].kind, PX_TOK_NUM);
    assert_true(tok_find(t, "-") == k + 1);
    rm(t);
}

static void test_tokens_numbers_and_symbols(void **st)
{
    (void)st;
    tdoc *t = mk("Il y a 28 500 soldats, 14.372,4 euros, 10km et 5G.", "fr", NULL, false);
    int k = tok_find(t, "28 500");
    assert_true(k >= 0);
    assert_int_equal(t->d.toks[k].kind, PX_TOK_NUM);
    assert_true(tok_find(t, "14.372,4") >= 0);
    assert_true(tok_find(t, "10") >= 0);
    assert_true(tok_find(t, "km") >= 0);
    k = tok_find(t, "5G");
    assert_true(k >= 0);
    assert_int_equal(t->d.toks[k].kind, PX_TOK_WORD);
    rm(t);
    t = mk("It costs 4 million, 25% and €10.", "en", NULL, false);
    assert_true(tok_find(t, "4") >= 0 && tok_find(t, "million") >= 0);
    assert_int_equal(t->d.toks[tok_find(t, "%")].kind, PX_TOK_SYMBOL);
    assert_int_equal(t->d.toks[tok_find(t, "€")].kind, PX_TOK_SYMBOL);
    rm(t);
}

static void test_stems_english_and_german(void **st)
{
    (void)st;
    tdoc *t = mk("The soldiers were running quickly.", "en", NULL, false);
    assert_string_equal(t->d.toks[tok_find(t, "soldiers")].stem, "soldier");
    assert_string_equal(t->d.toks[tok_find(t, "running")].stem, "run");
    assert_string_equal(t->d.toks[tok_find(t, "The")].norm, "the");
    rm(t);
    t = mk("Die Häuser der Regierungen.", "de", NULL, false);
    assert_string_equal(t->d.toks[tok_find(t, "Häuser")].norm, "häuser");
    assert_string_equal(t->d.toks[tok_find(t, "Häuser")].stem, "haus");
    assert_string_equal(t->d.toks[tok_find(t, "Regierungen")].stem, "regier");
    rm(t);
    /* no stemmer (Polish): the stem is the norm */
    t = mk("Żołnierze przyjechali.", "pl", NULL, false);
    assert_string_equal(t->d.toks[0].stem, t->d.toks[0].norm);
    rm(t);
}

static void test_stopwords_flagged(void **st)
{
    (void)st;
    tdoc *t = mk("The President of the United States spoke.", "en", NULL, false);
    assert_true(t->d.toks[tok_find(t, "The")].flags & PX_TOKF_STOP);
    assert_true(t->d.toks[tok_find(t, "of")].flags & PX_TOKF_STOP);
    assert_false(t->d.toks[tok_find(t, "President")].flags & PX_TOKF_STOP);
    assert_true(t->d.toks[tok_find(t, "The")].flags & PX_TOKF_SENT0);
    assert_true(t->d.toks[tok_find(t, "President")].flags & PX_TOKF_CAP);
    rm(t);
    t = mk("Der Präsident und die Regierung NATO.", "de", NULL, false);
    assert_true(t->d.toks[tok_find(t, "und")].flags & PX_TOKF_STOP);
    assert_true(t->d.toks[tok_find(t, "NATO")].flags & PX_TOKF_UPPER);
    rm(t);
    const char *langs[] = {"en", "de", "fr", "es", "it", "pt", "nl", "pl", "tr", "ar", "ru",
                           "sv", "da", "no", "fi"};
    const char *words[] = {"the", "und", "les", "los", "della", "não", "het", "się", "için",
                           "في", "что", "och", "ikke", "ikke", "että"};
    for (size_t i = 0; i < sizeof langs / sizeof *langs; i++)
        if (!px_is_stopword(langs[i], words[i], strlen(words[i])))
            fail_msg("%s is not a stopword of %s", words[i], langs[i]);
    assert_false(px_is_stopword("und", "the", 3));
    assert_false(px_is_stopword("en", "huawei", 6));
}

/* ------------------------------------------------------------ names, acronyms */

static void test_names_multiword_with_connector(void **st)
{
    (void)st;
    tdoc *t = mk("Officials met the Korea Association of Military Studies and Ursula von der "
                 "Leyen, then Harry Harris and Randall Schriver at Hannam University.",
                 "en", NULL, false);
    must(t, PX_MENTION_NAME, "korea association of military studies");
    must(t, PX_MENTION_NAME, "ursula von der leyen");
    must(t, PX_MENTION_NAME, "harry harris");
    must(t, PX_MENTION_NAME, "randall schriver");
    must(t, PX_MENTION_NAME, "hannam university");
    rm(t);
}

static void test_names_possessive_stripped(void **st)
{
    (void)st;
    char buf[64];
    tdoc *t = mk("He visited Seoul’s centre and Moon Jae-in's office.", "en", NULL, false);
    const px_mention *m = must(t, PX_MENTION_NAME, "seoul");
    assert_string_equal(ment_text(t, m, buf, sizeof buf), "Seoul");
    m = must(t, PX_MENTION_NAME, "moon jae-in");
    assert_string_equal(ment_text(t, m, buf, sizeof buf), "Moon Jae-in");
    rm(t);
    t = mk("Bakan dün Ankara'nın kararını açıkladı.", "tr", NULL, false);
    must(t, PX_MENTION_NAME, "ankara");
    rm(t);
}

static void test_names_sentence_initial_stopword_not_name(void **st)
{
    (void)st;
    tdoc *t = mk("The government said so. Many people agree. Huawei denied it. "
                 "Analysts say Huawei is strong.", "en", NULL, false);
    assert_null(find(t, PX_MENTION_NAME, "the"));
    assert_null(find(t, PX_MENTION_NAME, "the government"));
    assert_null(find(t, PX_MENTION_NAME, "many"));
    assert_null(find(t, PX_MENTION_NAME, "analysts"));
    must(t, PX_MENTION_NAME, "huawei");
    rm(t);
}

static void test_names_lowercase_elsewhere_not_name(void **st)
{
    (void)st;
    tdoc *t = mk("They met in Berlin. The Government spoke. The government left.", "en", NULL,
                 false);
    assert_null(find(t, PX_MENTION_NAME, "government"));
    must(t, PX_MENTION_NAME, "berlin");
    rm(t);
}

static void test_names_german_conservative(void **st)
{
    (void)st;
    tdoc *t = mk("Gestern sagte Angela Merkel in der Zeitung, die Regierung plane eine "
                 "Reform. Danach reiste Merkel nach Berlin. Die Reform kommt, sagte Merkel.",
                 "de", NULL, false);
    must(t, PX_MENTION_NAME, "angela merkel");
    must(t, PX_MENTION_NAME, "merkel");
    assert_null(find(t, PX_MENTION_NAME, "zeitung"));
    assert_null(find(t, PX_MENTION_NAME, "regierung"));
    assert_null(find(t, PX_MENTION_NAME, "reform"));
    rm(t);
}

static void test_names_sentence_initial_vouched_by_longer_name(void **st)
{
    (void)st;
    char buf[64];
    tdoc *t = mk("Janet Lewis weighed 22 stone. Janet, 53, says she had to change. "
                 "Helen's diet was poor. Many people agree. Lewis said so.",
                 "en", NULL, false);
    must(t, PX_MENTION_NAME, "janet lewis");
    const px_mention *m = must(t, PX_MENTION_NAME, "janet");
    assert_string_equal(ment_text(t, m, buf, sizeof buf), "Janet");
    must(t, PX_MENTION_NAME, "lewis");
    assert_null(find(t, PX_MENTION_NAME, "helen"));   /* no longer name vouches for it */
    assert_null(find(t, PX_MENTION_NAME, "many"));
    rm(t);
    t = mk("Helen Rooke lost weight. Helen's diet was poor.", "en", NULL, false);
    m = must(t, PX_MENTION_NAME, "helen");
    assert_string_equal(ment_text(t, m, buf, sizeof buf), "Helen");
    rm(t);
}

static void test_names_german_role_and_month_abbreviation(void **st)
{
    (void)st;
    tdoc *t = mk("Er kritisierte die Aussagen von US-Präsident Donald Trump. Das sagt "
                 "Fernsehkommissar Wagner, und Wagner lacht. Es sei schön, sagt Jan Bonny. "
                 "Am 3. Jan. 2019 war Wagner dort.",
                 "de", NULL, false);
    must(t, PX_MENTION_NAME, "donald trump");
    must(t, PX_MENTION_NAME, "wagner");
    must(t, PX_MENTION_NAME, "jan bonny");
    assert_null(find(t, PX_MENTION_NAME, "aussagen von us-präsident donald trump"));
    assert_null(find(t, PX_MENTION_NAME, "fernsehkommissar wagner"));
    rm(t);
}

static void test_names_title_case_headline(void **st)
{
    (void)st;
    tdoc *t = mk("US Turns Up The Heat On South Korea Over Huawei\n\n"
                 "The pressure on South Korea grew as Huawei waited.", "en", NULL, true);
    assert_null(find(t, PX_MENTION_NAME, "turns"));
    assert_null(find(t, PX_MENTION_NAME, "heat"));
    must(t, PX_MENTION_NAME, "south korea");
    rm(t);
}

static void test_acronyms_dotted(void **st)
{
    (void)st;
    char buf[32];
    tdoc *t = mk("The U.S. and the U.K. joined NATO, THAAD and LG talks.", "en", NULL, false);
    const px_mention *m = must(t, PX_MENTION_ACRONYM, "us");
    assert_string_equal(ment_text(t, m, buf, sizeof buf), "U.S.");
    must(t, PX_MENTION_ACRONYM, "uk");
    must(t, PX_MENTION_ACRONYM, "nato");
    must(t, PX_MENTION_ACRONYM, "thaad");
    must(t, PX_MENTION_ACRONYM, "lg");
    assert_null(find(t, PX_MENTION_ACRONYM, "the"));
    rm(t);
}

/* ------------------------------------------------------------ numbers */

static void test_numbers_thousands_and_millions(void **st)
{
    (void)st;
    tdoc *t = mk("There were 28,500 of them, then 4 million, then 1,234,567 and 3.5 more.",
                 "en", NULL, false);
    const px_mention *m = must(t, PX_MENTION_NUMBER, "28500");
    assert_true(m->value == 28500);
    m = must(t, PX_MENTION_NUMBER, "4000000");
    assert_true(m->value == 4e6);
    must(t, PX_MENTION_NUMBER, "1234567");
    must(t, PX_MENTION_NUMBER, "3.5");
    rm(t);
}

static void test_numbers_german_decimal_comma(void **st)
{
    (void)st;
    tdoc *t = mk("Es waren 2,5 Millionen Menschen und 14.372,4 Tonnen sowie 1.000 Tiere.",
                 "de", NULL, false);
    const px_mention *m = must(t, PX_MENTION_QUANTITY, "2500000");
    assert_string_equal(m->unit, "menschen");
    must(t, PX_MENTION_QUANTITY, "14372.4");
    must(t, PX_MENTION_NUMBER, "1000");
    rm(t);
}

static void test_money_currency_codes(void **st)
{
    (void)st;
    struct { const char *text, *lang, *norm, *unit; } c[] = {
        {"It cost $5 billion.", "en", "5000000000", "USD"},
        {"It cost US$5 million.", "en", "5000000", "USD"},
        {"It cost €10 today.", "en", "10", "EUR"},
        {"It cost 10 euros today.", "en", "10", "EUR"},
        {"It cost £3m today.", "en", "3000000", "GBP"},
        {"Es kostet 100 Mio. Euro.", "de", "100000000", "EUR"},
        {"Es kostet 2,5 Mio. Euro.", "de", "2500000", "EUR"},
        {"Cuesta 50 dólares.", "es", "50", "USD"},
        {"Fiyatı 100 TL oldu.", "tr", "100", "TRY"},
        {"Fiyatı 100 lira oldu.", "tr", "100", "TRY"},
        {"Kosztuje 20 zł teraz.", "pl", "20", "PLN"},
        {"Kosztuje 20 złotych teraz.", "pl", "20", "PLN"},
        {"بلغت 500 جنيه اليوم", "ar", "500", "EGP"},
    };
    for (size_t i = 0; i < sizeof c / sizeof *c; i++) {
        tdoc *t = mk(c[i].text, c[i].lang, NULL, false);
        const px_mention *m = find(t, PX_MENTION_MONEY, c[i].norm);
        if (!m) fail_msg("no money %s in '%s'", c[i].norm, c[i].text);
        assert_string_equal(m->unit, c[i].unit);
        rm(t);
    }
}

static void test_percent_forms(void **st)
{
    (void)st;
    struct { const char *text, *lang, *norm; } c[] = {
        {"Up 25% now.", "en", "25"},          {"Up 25 % now.", "fr", "25"},
        {"Up 3.5 per cent now.", "en", "3.5"}, {"Up 3.5 percent now.", "en", "3.5"},
        {"Um 25 Prozent mehr.", "de", "25"},   {"Sube 50 por ciento hoy.", "es", "50"},
        {"Fiyatlar %50 arttı.", "tr", "50"},   {"Fiyatlar yüzde 50 arttı.", "tr", "50"},
        {"ارتفع بنسبة 50% اليوم", "ar", "50"}, {"ارتفع بنسبة 25 في المئة", "ar", "25"},
    };
    for (size_t i = 0; i < sizeof c / sizeof *c; i++) {
        tdoc *t = mk(c[i].text, c[i].lang, NULL, false);
        const px_mention *m = find(t, PX_MENTION_PERCENT, c[i].norm);
        if (!m) fail_msg("no percent %s in '%s'", c[i].norm, c[i].text);
        assert_string_equal(m->unit, "%");
        rm(t);
    }
}

static void test_quantity_troops(void **st)
{
    (void)st;
    tdoc *t = mk("South Korea hosts 28,500 US troops and 5 km of fences; 4 million people "
                 "died and 300 new jobs came.", "en", NULL, false);
    const px_mention *m = must(t, PX_MENTION_QUANTITY, "28500");
    assert_string_equal(m->unit, "troops");
    assert_true(m->value == 28500);
    assert_string_equal(must(t, PX_MENTION_QUANTITY, "5")->unit, "km");
    assert_string_equal(must(t, PX_MENTION_QUANTITY, "4000000")->unit, "people");
    assert_string_equal(must(t, PX_MENTION_QUANTITY, "300")->unit, "jobs");
    rm(t);
}

/* ------------------------------------------------------------ dates */

static void test_dates_in_text_resolved_with_doc_year(void **st)
{
    (void)st;
    tdoc *t = mk("Harris spoke on June 7 and on Monday, and again on June 7, 2018. The war ran "
                 "1950-1953. Talks began on December 28.", "en", "2019-06-25", false);
    must(t, PX_MENTION_DATE, "2019-06-07");
    must(t, PX_MENTION_DATE, "2018-06-07");
    must(t, PX_MENTION_DATE, "2019-06-24");   /* the Monday before Tuesday 25 June */
    must(t, PX_MENTION_DATE, "1950");
    must(t, PX_MENTION_DATE, "1953");
    must(t, PX_MENTION_DATE, "2018-12-28");   /* closer to the doc date than 2019-12-28 */
    assert_null(find(t, PX_MENTION_NUMBER, "2018"));
    assert_null(find(t, PX_MENTION_NUMBER, "7"));
    rm(t);
    t = mk("Am 7. Juni 2019 und am 8. Juni sowie am 25.06.2019 und 2019-06-26.", "de", NULL,
           false);
    must(t, PX_MENTION_DATE, "2019-06-07");
    must(t, PX_MENTION_DATE, "--06-08");
    must(t, PX_MENTION_DATE, "2019-06-25");
    must(t, PX_MENTION_DATE, "2019-06-26");
    rm(t);
    t = mk("El 25 de junio de 2019 y el lunes.", "es", NULL, false);
    must(t, PX_MENTION_DATE, "2019-06-25");
    must(t, PX_MENTION_DATE, "-W-1");
    rm(t);
    t = mk("It happened in June 2019, not in May.", "en", NULL, false);
    must(t, PX_MENTION_DATE, "2019-06");
    assert_null(find(t, PX_MENTION_DATE, "--05"));
    rm(t);
}

/* ------------------------------------------------------------ quotes */

static void test_quotes_curly_and_guillemets_and_german(void **st)
{
    (void)st;
    char buf[128];
    tdoc *t = mk("He said “we will win this. And then more” today. «Nous allons gagner» dit-il. "
                 "„Das ist gut“ und „Das ist schlecht” und \"plain ascii quote\" und 「東京は晴れ」.",
                 "en", NULL, false);
    const px_mention *m = must(t, PX_MENTION_QUOTE, "we will win this. and then more");
    assert_string_equal(ment_text(t, m, buf, sizeof buf), "we will win this. And then more");
    must(t, PX_MENTION_QUOTE, "nous allons gagner");
    must(t, PX_MENTION_QUOTE, "das ist gut");
    must(t, PX_MENTION_QUOTE, "das ist schlecht");
    must(t, PX_MENTION_QUOTE, "plain ascii quote");
    must(t, PX_MENTION_QUOTE, "東京は晴れ");
    rm(t);
}

static void test_quotes_unmatched_ignored(void **st)
{
    (void)st;
    tdoc *t = mk("He said “we will win and left.\n\nThen” it was “one” over.", "en", NULL,
                 false);
    for (uint32_t i = 0; i < t->d.n_ments; i++)
        assert_int_not_equal(t->d.ments[i].kind, PX_MENTION_QUOTE);
    rm(t);
}

/* ------------------------------------------------------------ robustness */

static void test_analyze_empty_doc(void **st)
{
    (void)st;
    tdoc *t = mk("", "en", NULL, false);
    assert_int_equal(t->d.n_toks, 0);
    assert_int_equal(t->d.n_sents, 0);
    assert_int_equal(t->d.n_ments, 0);
    rm(t);
    t = mk("   \n\n  \n", "und", NULL, false);
    assert_int_equal(t->d.n_toks, 0);
    rm(t);
    t = mk("...", NULL, NULL, false);
    assert_int_equal(t->d.n_sents, 1);
    rm(t);
}

static void test_mentions_sorted_and_in_bounds(void **st)
{
    (void)st;
    tdoc *t = mk("On June 7, 2019 “Moon Jae-in paid $5 billion for 28,500 troops” said NATO.",
                 "en", NULL, false);
    for (uint32_t i = 0; i < t->d.n_ments; i++) {
        const px_mention *m = &t->d.ments[i];
        assert_true(m->span.start < m->span.end && m->span.end <= t->d.text_len);
        if (i) assert_true(t->d.ments[i - 1].span.start <= m->span.start);
        assert_true(m->sent < t->d.n_sents);
    }
    rm(t);
}

/* A few thousand pseudo-random valid UTF-8 documents, built from pieces
 * that stress the rules, must analyse without crashing. */
static void test_analyze_random_utf8_never_crashes(void **st)
{
    (void)st;
    static const char *const pieces[] = {
        "a", "Z", " ", "\n", "\n\n", ".", "..", ",", "'", "’", "-", "–", "\"", "“", "”", "„",
        "«", "»", "‚", "‘", "「", "」", "$", "€", "%", "٪", "0", "7", "28,500", "3.5", "2,5",
        "1.000.000", "25.06.2019", "2019-06-25", "Juni", "June", "Mio.", "million", "U.S.",
        "Mr.", "J.", "al-Assad", "Jae-in", "l'", "d'", "NATO", "美", "国", "ｶ", "한", "ไทย",
        "؟", "۔", "。", "é", "\xCC\x81", "\xE2\x80\x8B", "\xC2\xA0", "\xEF\xBF\xBD", "𝔸",
        "1950-1953", "yüzde", "per", "cent", "de", "von", "Monday", ":", "/", "10km", "5G"};
    const size_t np = sizeof pieces / sizeof *pieces;
    const char *langs[] = {"en", "de", "fr", "tr", "ar", "zh", "pl", "und", "es", "ru"};
    uint32_t x = 2463534242u;
    char text[600];
    px_ctx ctx = {0};
    for (int it = 0; it < 3000; it++) {
        size_t n = 0;
        int count = (int)(x % 60);
        for (int i = 0; i < count; i++) {
            x ^= x << 13; x ^= x >> 17; x ^= x << 5;
            const char *p = pieces[x % np];
            size_t l = strlen(p);
            if (n + l >= sizeof text) break;
            memcpy(text + n, p, l);
            n += l;
        }
        x ^= x << 13; x ^= x >> 17; x ^= x << 5;
        px_doc d;
        memset(&d, 0, sizeof d);
        px_arena_init(&d.arena);
        d.text = px_arena_strndup(&d.arena, text, n);
        d.text_len = (uint32_t)n;
        d.lang = langs[x % 10];
        d.date = (x & 1) ? px_arena_strdup(&d.arena, "2019-06-25") : NULL;
        px_span *p = px_arena_alloc(&d.arena, sizeof *p * 3);
        uint32_t cut = n ? (uint32_t)(x % n) : 0;
        while (cut < n && ((unsigned char)text[cut] & 0xC0) == 0x80) cut++;
        p[0].start = 0; p[0].end = cut;
        p[1].start = cut; p[1].end = (uint32_t)n;
        d.paras = p;
        d.n_paras = 2;
        if (x & 2) { d.title_span = p[0]; d.paras = p + 1; d.n_paras = 1; }
        assert_int_equal(px_analyze(&ctx, &d, NULL), PX_OK);
        for (uint32_t i = 0; i < d.n_toks; i++) assert_true(d.toks[i].span.end <= n);
        for (uint32_t i = 0; i < d.n_ments; i++) assert_true(d.ments[i].span.end <= n);
        px_arena_free(&d.arena);
    }
    px_ctx_release(&ctx);
}

/* Do two analyses of the same text agree: tokens (spans, kinds, flags,
 * sentences, norms, stems), sentences and mentions? */
static void assert_same_analysis(const px_doc *a, const px_doc *b)
{
    assert_int_equal(a->n_toks, b->n_toks);
    for (uint32_t i = 0; i < a->n_toks; i++) {
        const px_token *x = &a->toks[i], *y = &b->toks[i];
        assert_int_equal(x->span.start, y->span.start);
        assert_int_equal(x->span.end, y->span.end);
        assert_int_equal(x->kind, y->kind);
        assert_int_equal(x->flags, y->flags);
        assert_int_equal(x->sent, y->sent);
        assert_string_equal(x->norm, y->norm);
        assert_string_equal(x->stem, y->stem);
    }
    assert_int_equal(a->n_sents, b->n_sents);
    assert_memory_equal(a->sents, b->sents, a->n_sents * sizeof *a->sents);
    assert_int_equal(a->n_ments, b->n_ments);
    for (uint32_t i = 0; i < a->n_ments; i++) {
        assert_int_equal(a->ments[i].kind, b->ments[i].kind);
        assert_int_equal(a->ments[i].span.start, b->ments[i].span.start);
        assert_int_equal(a->ments[i].span.end, b->ments[i].span.end);
        assert_string_equal(a->ments[i].norm, b->ments[i].norm);
    }
}

/* The context's word cache grows when many documents bring many distinct
 * words (forms are evicted), keeps what it held, and the analysis stays
 * the one a fresh context gives, before and after it grew. */
static void test_word_cache_grows_same_analysis(void **state)
{
    (void)state;
    static const char *const common[] = {"the", "said", "on", "of", "and", "Berlin", "June",
                                         "12", "million", "in", "was", "they", "."};
    px_ctx shared = {0};
    uint32_t x = 88172645u;
    size_t cap = 24000, first_mask = 0;
    char *text = malloc(cap);
    assert_non_null(text);
    int grown = -1;
    for (int it = 0; it < 400 && (grown < 0 || it < grown + 3); it++) {
        size_t n = 0;
        for (int w = 0; w < 2000; w++) {
            x ^= x << 13; x ^= x >> 17; x ^= x << 5;
            if (x % 3 == 0) {
                const char *c = common[(x >> 8) % (sizeof common / sizeof *common)];
                n += (size_t)snprintf(text + n, cap - n, "%s ", c);
                continue;
            }
            int len = 4 + (int)((x >> 4) % 6);
            for (int k = 0; k < len; k++) {
                x ^= x << 13; x ^= x >> 17; x ^= x << 5;
                char ch = (char)('a' + x % 26);
                text[n++] = k == 0 && (x >> 9) % 5 == 0 ? (char)(ch - 32) : ch;
            }
            static const char *const ends[] = {"", "s", "ed", "ing", "ly"};
            n += (size_t)snprintf(text + n, cap - n, "%s ", ends[(x >> 12) % 5]);
        }
        text[n] = '\0';
        px_doc d;
        memset(&d, 0, sizeof d);
        px_arena_init(&d.arena);
        d.text = px_arena_strndup(&d.arena, text, n);
        d.text_len = (uint32_t)n;
        d.lang = "en";
        px_span *p = px_arena_alloc(&d.arena, sizeof *p);
        p->start = 0;
        p->end = (uint32_t)n;
        d.paras = p;
        d.n_paras = 1;
        assert_int_equal(px_analyze(&shared, &d, NULL), PX_OK);
        if (!first_mask) first_mask = shared.words.mask;
        if (grown < 0 && shared.words.mask > first_mask) grown = it;
        if (it % 16 == 0 || (grown >= 0 && it <= grown + 3)) {
            tdoc *fresh = mk(text, "en", NULL, false);
            assert_same_analysis(&d, &fresh->d);
            rm(fresh);
        }
        px_arena_free(&d.arena);
    }
    assert_true(grown > 0);
    assert_true(shared.words.mask == 2 * first_mask + 1);
    free(text);
    px_ctx_release(&shared);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sentences_survive_abbreviations),
        cmocka_unit_test(test_sentences_dotted_acronym_then_new_sentence),
        cmocka_unit_test(test_sentences_german_ordinal_date),
        cmocka_unit_test(test_sentences_cjk_and_arabic_marks),
        cmocka_unit_test(test_sentences_closing_quote_after_period),
        cmocka_unit_test(test_sentences_never_cross_paragraphs),
        cmocka_unit_test(test_tokens_offsets_map_to_text),
        cmocka_unit_test(test_tokens_cjk_one_per_ideograph),
        cmocka_unit_test(test_tokens_hyphenated_name_kept),
        cmocka_unit_test(test_tokens_numbers_and_symbols),
        cmocka_unit_test(test_stems_english_and_german),
        cmocka_unit_test(test_stopwords_flagged),
        cmocka_unit_test(test_names_multiword_with_connector),
        cmocka_unit_test(test_names_possessive_stripped),
        cmocka_unit_test(test_names_sentence_initial_stopword_not_name),
        cmocka_unit_test(test_names_lowercase_elsewhere_not_name),
        cmocka_unit_test(test_names_german_conservative),
        cmocka_unit_test(test_names_sentence_initial_vouched_by_longer_name),
        cmocka_unit_test(test_names_german_role_and_month_abbreviation),
        cmocka_unit_test(test_names_title_case_headline),
        cmocka_unit_test(test_acronyms_dotted),
        cmocka_unit_test(test_numbers_thousands_and_millions),
        cmocka_unit_test(test_numbers_german_decimal_comma),
        cmocka_unit_test(test_money_currency_codes),
        cmocka_unit_test(test_percent_forms),
        cmocka_unit_test(test_quantity_troops),
        cmocka_unit_test(test_dates_in_text_resolved_with_doc_year),
        cmocka_unit_test(test_quotes_curly_and_guillemets_and_german),
        cmocka_unit_test(test_quotes_unmatched_ignored),
        cmocka_unit_test(test_analyze_empty_doc),
        cmocka_unit_test(test_word_cache_grows_same_analysis),
        cmocka_unit_test(test_mentions_sorted_and_in_bounds),
        cmocka_unit_test(test_analyze_random_utf8_never_crashes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
