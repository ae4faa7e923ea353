/*
 * test_coverage.c - the coverage report of three short articles about one
 * invented event (a bridge collapse in Millbrook, tests/data/coverage/):
 * the lede is carried by all three; a quote is carried by two, verbatim,
 * with its speaker (found by '"...," said X' in one and '"...," X told'
 * in the other), and given without marks (reported speech) by the third;
 * "killing 12 people" vs "killing 15 people" is flagged as
 * a conflict; each article's own sentences are one-article facts; every
 * span maps back to the exact text it reports; the wire agency is found;
 * and bad arguments, a lone article, identical copies and junk text give
 * an answer or a clear error, never a crash. Two more synthetic pairs: a
 * speaker carried to the other article's copy (only when that article
 * names the person too), and a title in quotes left without a speaker;
 * more synthetic articles check speaker patterns and where the chains
 * (a quote continuing the one before, a pronoun, a description) stop.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parallax.h"

typedef struct fixture {
    px_ctx *ctx;
    px_lexicon *lx;
    px_doc *docs[3];
    json_t *report;            /* the report of the three, parsed */
} fixture;

static px_doc *load(px_ctx *ctx, const char *name)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/coverage/%s", PX_TEST_DATA, name);
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    char buf[8192];
    size_t n = fread(buf, 1, sizeof buf, f);
    fclose(f);
    px_error err = {0};
    return px_doc_from_text(ctx, buf, n, NULL, &err);
}

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    px_error err = {0};
    if (!f) return -1;
    f->ctx = px_ctx_new(&err);
    f->lx = px_lexicon_new(NULL, 0, &err);
    if (!f->ctx || !f->lx) return -1;
    static const char *const names[3] = {"millbrook-a.txt", "millbrook-b.txt", "millbrook-c.txt"};
    for (int i = 0; i < 3; i++)
        if (!(f->docs[i] = load(f->ctx, names[i]))) return -1;
    px_coverage *cv = px_coverage_build(f->ctx, (const px_doc *const *)f->docs, 3, f->lx, &err);
    if (!cv) return -1;
    char *js = px_coverage_to_json(cv, 0);
    px_coverage_free(cv);
    if (!js) return -1;
    f->report = json_loads(js, 0, NULL);
    px_free(js);
    if (!f->report) return -1;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    json_decref(f->report);
    for (int i = 0; i < 3; i++) px_doc_free(f->docs[i]);
    px_lexicon_free(f->lx);
    px_ctx_free(f->ctx);
    free(f);
    return 0;
}

/* Does array arr hold exactly the integers want[0..n)? */
static int is_set(json_t *arr, const int *want, size_t n)
{
    if (json_array_size(arr) != n) return 0;
    for (size_t i = 0; i < n; i++)
        if (json_integer_value(json_array_get(arr, i)) != want[i]) return 0;
    return 1;
}

/* Does the span object o ({"start", "end", "text"}) give the bytes of
 * doc's text it says, and (when want is not NULL) is it want? */
static void assert_span(const px_doc *d, json_t *o, const char *want)
{
    size_t len;
    const char *t = px_doc_text(d, &len);
    json_int_t s = json_integer_value(json_object_get(o, "start"));
    json_int_t e = json_integer_value(json_object_get(o, "end"));
    const char *text = json_string_value(json_object_get(o, "text"));
    assert_non_null(text);
    assert_true(s >= 0 && s < e && (size_t)e <= len);
    assert_int_equal((size_t)(e - s), strlen(text));
    assert_memory_equal(t + s, text, (size_t)(e - s));
    if (want) assert_string_equal(text, want);
}

static void test_sections(void **state)
{
    fixture *f = *state;
    static const char *const sections[] = {"documents", "facts_summary", "facts", "conflicts",
                                           "quotes", "people", "reuse", "framing"};
    for (size_t i = 0; i < sizeof sections / sizeof *sections; i++)
        assert_non_null(json_object_get(f->report, sections[i]));
    assert_int_equal(json_array_size(json_object_get(f->report, "documents")), 3);
}

static void test_fact_carried_by_all(void **state)
{
    fixture *f = *state;
    json_t *facts = json_object_get(f->report, "facts"), *e;
    size_t k;
    int found = 0;
    const int all[] = {0, 1, 2};
    json_array_foreach(facts, k, e)
    {
        if (!is_set(json_object_get(e, "carried_by"), all, 3)) continue;
        assert_string_equal(json_string_value(json_object_get(e, "scope")), "all");
        json_t *first = json_array_get(json_object_get(e, "sentences"), 0);
        const char *text = json_string_value(json_object_get(first, "text"));
        if (text && strstr(text, "The old river bridge in Millbrook collapsed")) found = 1;
    }
    assert_true(found);
    assert_true(
        json_integer_value(json_object_get(json_object_get(f->report, "facts_summary"), "all")) >= 1);
}

static void test_one_article_facts(void **state)
{
    fixture *f = *state;
    json_t *facts = json_object_get(f->report, "facts"), *e;
    size_t k;
    int memorial = 0, engineers = 0, wrong = 0;
    json_array_foreach(facts, k, e)
    {
        json_t *s = json_array_get(json_object_get(e, "sentences"), 0);
        const char *text = json_string_value(json_object_get(s, "text"));
        const char *scope = json_string_value(json_object_get(e, "scope"));
        json_int_t doc = json_integer_value(json_object_get(s, "doc"));
        if (!text) continue;
        if (strstr(text, "memorial service")) {
            memorial = !strcmp(scope, "one") && doc == 2;
            wrong += json_array_size(json_object_get(e, "carried_by")) != 1;
        }
        if (strstr(text, "Engineers had warned")) engineers = !strcmp(scope, "one") && doc == 1;
    }
    assert_true(memorial);
    assert_true(engineers);
    assert_int_equal(wrong, 0);
}

static void test_quote_with_speaker(void **state)
{
    fixture *f = *state;
    json_t *quotes = json_object_get(f->report, "quotes"), *q;
    size_t k;
    int found = 0;
    const int ab[] = {0, 1};
    json_array_foreach(quotes, k, q)
    {
        json_t *copies = json_object_get(q, "copies"), *c;
        size_t j;
        const char *t0 = json_string_value(json_object_get(json_array_get(copies, 0), "text"));
        if (!t0 || !strstr(t0, "crack like thunder")) continue;
        found = 1;
        assert_true(is_set(json_object_get(q, "carried_by"), ab, 2));
        assert_string_equal(json_string_value(json_object_get(q, "speaker")), "Clara Novak");
        assert_true(json_is_true(json_object_get(q, "verbatim")));
        json_array_foreach(copies, j, c)
        {
            json_int_t doc = json_integer_value(json_object_get(c, "doc"));
            if (doc == 2) {
                assert_string_equal(json_string_value(json_object_get(c, "how")), "unquoted");
                assert_span(f->docs[doc], c,
                            "A witness heard a crack like thunder, and then the whole span went down "
                            "into the water.");
                continue;
            }
            assert_true(doc == 0 || doc == 1);
            assert_string_equal(json_string_value(json_object_get(c, "how")), "verbatim");
            /* the span is the quote's inner text, marks left out */
            assert_span(f->docs[doc], c,
                        "We heard a crack like thunder and then the whole span went down,");
            assert_span(f->docs[doc], json_object_get(c, "speaker"), "Clara Novak");
        }
        /* C gives it as reported speech, without marks */
        const int c_only[] = {2};
        assert_true(is_set(json_object_get(q, "unquoted_in"), c_only, 1));
    }
    assert_true(found);
    /* the mayor's quote is C's only, with its speaker; "said:" before it */
    int mayor = 0;
    json_array_foreach(quotes, k, q)
    {
        const char *spk = json_string_value(json_object_get(q, "speaker"));
        if (spk && strstr(spk, "Peter Lund")) {
            const int c_only[] = {2};
            mayor = is_set(json_object_get(q, "carried_by"), c_only, 1);
        }
    }
    assert_true(mayor);
}

static void test_number_conflict(void **state)
{
    fixture *f = *state;
    json_t *conf = json_object_get(f->report, "conflicts"), *c;
    size_t k;
    int found = 0;
    json_array_foreach(conf, k, c)
    {
        json_t *vals = json_object_get(c, "values"), *v;
        size_t j;
        int has12 = 0, has15 = 0;
        json_array_foreach(vals, j, v)
        {
            json_int_t doc = json_integer_value(json_object_get(v, "doc"));
            assert_true(doc >= 0 && doc < 3);
            assert_span(f->docs[doc], v, NULL);
            assert_span(f->docs[doc], json_object_get(v, "sentence"), NULL);
            double x = json_number_value(json_object_get(v, "value"));
            has12 |= doc == 0 && x == 12;
            has15 |= doc == 1 && x == 15;
        }
        const char *about = json_string_value(json_object_get(c, "about"));
        if (has12 && has15 && about && !strcmp(about, "people")) found = 1;
    }
    assert_true(found);
}

/* Every span of the report gives back the exact text it reports. */
static void test_spans_round_trip(void **state)
{
    fixture *f = *state;
    json_t *e, *s;
    size_t k, j;
    json_array_foreach(json_object_get(f->report, "facts"), k, e)
        json_array_foreach(json_object_get(e, "sentences"), j, s)
            assert_span(f->docs[json_integer_value(json_object_get(s, "doc"))], s, NULL);
    json_array_foreach(json_object_get(f->report, "documents"), k, e)
    {
        assert_span(f->docs[k], json_object_get(e, "headline"), NULL);
        assert_span(f->docs[k], json_object_get(e, "lede"), NULL);
    }
    json_array_foreach(json_object_get(f->report, "reuse"), k, e)
    {
        json_int_t a = json_integer_value(json_object_get(e, "a")),
                   b = json_integer_value(json_object_get(e, "b"));
        json_array_foreach(json_object_get(e, "spans"), j, s)
        {
            assert_span(f->docs[a], json_object_get(s, "a"), NULL);
            assert_span(f->docs[b], json_object_get(s, "b"), NULL);
        }
    }
    json_array_foreach(json_object_get(f->report, "people"), k, e)
        json_array_foreach(json_object_get(e, "docs"), j, s)
            assert_span(f->docs[json_integer_value(json_object_get(s, "doc"))], s, NULL);
    /* headline text, exactly */
    assert_string_equal(
        json_string_value(json_object_get(
            json_object_get(json_array_get(json_object_get(f->report, "documents"), 1), "headline"),
            "text")),
        "Millbrook bridge disaster: 15 dead");
}

static void test_reuse_and_wire(void **state)
{
    fixture *f = *state;
    json_t *reuse = json_object_get(f->report, "reuse"), *e;
    size_t k;
    int ab = 0;
    json_array_foreach(reuse, k, e)
    {
        if (json_integer_value(json_object_get(e, "a")) == 0 &&
            json_integer_value(json_object_get(e, "b")) == 1) {
            ab = 1;
            assert_true(json_array_size(json_object_get(e, "spans")) >= 1);
            assert_int_equal(json_integer_value(json_object_get(e, "earlier")),
                             0); /* A is dated first */
        }
    }
    assert_true(ab);
    json_t *wire = json_object_get(json_array_get(json_object_get(f->report, "documents"), 1), "wire");
    assert_int_equal(json_array_size(wire), 1);
    assert_string_equal(json_string_value(json_object_get(json_array_get(wire, 0), "agency")), "AP");
    /* framing: terms for every article */
    json_array_foreach(json_object_get(f->report, "framing"), k, e)
        assert_true(json_array_size(json_object_get(e, "terms")) > 0);
}

/* Bad arguments, one article, identical copies, junk text, attributions in
 * other languages: an answer or a clear error. */
static void test_edges(void **state)
{
    fixture *f = *state;
    px_error err = {0};
    assert_null(px_coverage_build(f->ctx, NULL, 2, f->lx, &err));
    assert_int_equal(err.code, PX_ERR_ARG);
    const px_doc *withnull[2] = {f->docs[0], NULL};
    assert_null(px_coverage_build(f->ctx, withnull, 2, f->lx, &err));
    assert_null(px_coverage_to_json(NULL, 0));
    px_coverage_free(NULL);

    px_coverage *one = px_coverage_build(f->ctx, (const px_doc *const *)f->docs, 1, NULL, &err);
    assert_non_null(one);
    assert_int_equal(px_coverage_docs(one), 1);
    assert_true(px_coverage_count(one, "facts") > 0);
    assert_int_equal(px_coverage_count(one, "no such section"), 0);
    px_coverage_free(one);

    const px_doc *same[2] = {f->docs[0], f->docs[0]};
    px_coverage *cv = px_coverage_build(f->ctx, same, 2, f->lx, &err);
    assert_non_null(cv);
    char *js = px_coverage_to_json(cv, PX_JSON_PRETTY);
    json_t *r = json_loads(js, 0, NULL);
    json_t *pair = json_array_get(json_object_get(r, "reuse"), 0);
    assert_string_equal(json_string_value(json_object_get(pair, "kind")), "exact");
    assert_int_equal(json_integer_value(json_object_get(json_object_get(r, "facts_summary"), "one")), 0);
    json_decref(r);
    px_free(js);
    px_coverage_free(cv);

    static const char *const junk[] = {
        "\"\"\"\n\n,,, said said said \" he said \"",
        ("Titel\n\n\"Wir werden nicht aufgeben\", sagte Anna Weber. Laut Anna Weber 12 Tote.\n\n"
         "\"Das ist schlimm\", sagte sie."),
        "Título\n\n\"No vamos a rendirnos\", dijo Juan Pérez. Según Juan Pérez hubo 15 muertos.",
        "\xff\xfe 3 3 3 % % $ 1e999 99999999999999999999999 \"\n\n\"",
        ("Grève au port\n\n« Nous ne céderons pas », a déclaré Marie Dubois vendredi.\n\n"
         "Selon Marie Dubois, 15 navires sont bloqués. « La situation est grave », a-t-elle ajouté."),
    };
    for (size_t i = 0; i < sizeof junk / sizeof *junk; i++) {
        px_doc *d = px_doc_from_text(f->ctx, junk[i], strlen(junk[i]), NULL, &err);
        if (!d) continue;
        const px_doc *pair2[2] = {d, f->docs[1]};
        px_coverage *c2 = px_coverage_build(f->ctx, pair2, 2, f->lx, &err);
        assert_non_null(c2);
        char *s = px_coverage_to_json(c2, 0);
        assert_non_null(s);
        if (i == 1 || i == 2 || i == 4) {
            /* "...", sagte Anna Weber (and "...", sagte sie) / "...", dijo
             * Juan Pérez / « ... », a déclaré Marie Dubois (and a-t-elle
             * ajouté): every quote of the article gets its speaker */
            static const char *const who[] = {"", "Anna Weber", "Juan Pérez", "", "Marie Dubois"};
            json_t *o = json_loads(s, 0, NULL), *q;
            size_t k, nq = 0;
            json_array_foreach(json_object_get(o, "quotes"), k, q)
            {
                if (json_integer_value(json_array_get(json_object_get(q, "carried_by"), 0)) != 0)
                    continue;
                nq++;
                assert_string_equal(json_string_value(json_object_get(q, "speaker")), who[i]);
            }
            assert_true(nq >= 1);
            json_decref(o);
        }
        px_free(s);
        px_coverage_free(c2);
        px_doc_free(d);
    }
}

/* The report of two invented (synthetic) articles, parsed. */
static json_t *pair_report(fixture *f, const char *a, const char *b)
{
    px_error err = {0};
    px_doc *da = px_doc_from_text(f->ctx, a, strlen(a), NULL, &err);
    px_doc *db = px_doc_from_text(f->ctx, b, strlen(b), NULL, &err);
    assert_non_null(da);
    assert_non_null(db);
    const px_doc *docs[2] = {da, db};
    px_coverage *cv = px_coverage_build(f->ctx, docs, 2, f->lx, &err);
    assert_non_null(cv);
    char *js = px_coverage_to_json(cv, 0);
    assert_non_null(js);
    json_t *o = json_loads(js, 0, NULL);
    assert_non_null(o);
    px_free(js);
    px_coverage_free(cv);
    px_doc_free(da);
    px_doc_free(db);
    return o;
}

/* The copy of article doc of the first quote starting with prefix. */
static json_t *copy_of(json_t *o, int doc, const char *prefix)
{
    size_t k, j;
    json_t *q, *c;
    json_array_foreach(json_object_get(o, "quotes"), k, q)
    {
        json_array_foreach(json_object_get(q, "copies"), j, c)
        {
            const char *t = json_string_value(json_object_get(c, "text"));
            if (json_integer_value(json_object_get(c, "doc")) == doc && t && !strncmp(t, prefix, strlen(prefix)))
                return c;
        }
    }
    return NULL;
}

/* Synthetic articles: a copy with no speaker of its own takes the one the
 * other article names, when its own article names that person too, and
 * is marked as carried; a copy that names a speaker keeps it; a title in
 * quotes gets no speaker. */
static void test_speaker_carried_across(void **state)
{
    fixture *f = *state;
    const char *a = "Harbour reopens\n\n"
                    "\"We will reopen the harbour to every ship by the end of next week,\" said "
                    "harbour master Clara Novak on Monday.\n\n"
                    "The festival theme is \"The Power of Hope\" this year, the organisers said.";
    const char *b = "Harbour to reopen next week\n\n"
                    "Clara Novak met the dockers on Monday morning.\n\n"
                    "\"We will reopen the harbour to every ship by the end of next week.\"\n\n"
                    "The festival theme is \"The Power of Hope\" this year.";
    json_t *o = pair_report(f, a, b);
    json_t *ca = copy_of(o, 0, "We will reopen"), *cb = copy_of(o, 1, "We will reopen");
    assert_non_null(ca);
    assert_non_null(cb);
    assert_string_equal(json_string_value(json_object_get(json_object_get(ca, "speaker"), "text")),
                        "Clara Novak");
    assert_null(json_object_get(ca, "carried_from"));
    /* carried: the speaker's span is in article 0, where it was named */
    json_t *sb = json_object_get(cb, "speaker");
    assert_string_equal(json_string_value(json_object_get(sb, "text")), "Clara Novak");
    assert_int_equal(json_integer_value(json_object_get(sb, "doc")), 0);
    assert_int_equal(json_integer_value(json_object_get(cb, "carried_from")), 0);
    assert_string_equal(json_string_value(json_object_get(cb, "via")), "carried");
    json_t *t = copy_of(o, 0, "The Power of Hope");
    assert_non_null(t);
    assert_true(json_is_null(json_object_get(t, "speaker")));
    json_decref(o);

    /* an article that never names the speaker does not get it */
    const char *c = "Harbour to reopen next week\n\n"
                    "The dockers met on Monday morning.\n\n"
                    "\"We will reopen the harbour to every ship by the end of next week.\"";
    o = pair_report(f, a, c);
    cb = copy_of(o, 1, "We will reopen");
    assert_non_null(cb);
    assert_true(json_is_null(json_object_get(cb, "speaker")));
    json_decref(o);
}

/* The speaker text of the copy of article doc of the quote starting with
 * prefix, NULL when it has none. */
static const char *speaker_of(json_t *o, int doc, const char *prefix)
{
    json_t *c = copy_of(o, doc, prefix);
    assert_non_null(c);
    return json_string_value(json_object_get(json_object_get(c, "speaker"), "text"));
}

/* Synthetic articles: a person made one by an apposition (an age, a role
 * description before a comma) is the one a description stands for; a
 * pronoun is never a person with a title of the other gender; a quote
 * inside another never gets the outer quote's speaker; "gemäß X"
 * attributes, and the speaker's span leaves out "Gemäß" and "von der ...". */
static void test_speaker_patterns(void **state)
{
    fixture *f = *state;
    const char *a = "Court and weight loss stories\n\n"
                    "Mrs Parsonage saw the knife in the kitchen. He said \"I hate you and I will never forgive "
                    "you for this\" and left the house.\n\n"
                    "Kevin Derbyshire, 32, from Anfield, started going to the gym two years ago with a friend.\n\n"
                    "Tipping the scales at 17 stone, the 32-year-old said his weight left him feeling \"too "
                    "embarrassed to look in the mirror every morning\".\n\n"
                    "Mr Lee said: \u201cWhen officers arrived he shouted \u2018get away from my house or I will "
                    "hurt you\u2019 at them from the window.\u201d";
    const char *b = "Le nombre de morts sur les routes a reculé en 2019, a annoncé samedi le ministre de "
                    "l'Intérieur, Christophe Castaner, lors d'un déplacement.\n\n"
                    "\"Ces chiffres sont historiques et ils sont le résultat d'une politique volontariste\", a "
                    "déclaré le ministre lors d'une courte allocution devant les gendarmes.";
    json_t *o = pair_report(f, a, b);
    const char *s = speaker_of(o, 0, "too embarrassed");
    assert_non_null(s);
    assert_string_equal(s, "Kevin Derbyshire");
    assert_null(speaker_of(o, 0, "I hate you"));
    assert_string_equal(speaker_of(o, 0, "When officers arrived"), "Mr Lee");
    assert_null(speaker_of(o, 0, "get away from"));
    s = speaker_of(o, 1, "Ces chiffres");
    assert_non_null(s);
    assert_string_equal(s, "Christophe Castaner");
    json_decref(o);

    const char *c = "Brand im Zoo\n\n"
                    "Die drei Frauen haben sich am Neujahrstag freiwillig bei der Polizei gestellt und "
                    "werden nun als Beschuldigte geführt. Gemäß Karin Kretzer von der Polizei Krefeld zeigen "
                    "die drei Frauen besondere Reue: \u201eIhnen tut das alles unendlich leid, sie stehen "
                    "unter Schock.\u201c Alle drei sind wieder auf freiem Fuß.";
    o = pair_report(f, c, c);
    s = speaker_of(o, 0, "Ihnen tut das");
    assert_non_null(s);
    assert_string_equal(s, "Karin Kretzer");
    json_decref(o);
}

/* Is speaker s (NULL: none) not the person named word? */
static int not_named(const char *s, const char *word) { return !s || !strstr(s, word); }

/* Synthetic articles: the rules that carry a speaker along a chain stop
 * where a reader cannot follow: a quote after another voice (a quote mark
 * of a quote not found, '"...," Evers said.') does not continue the quote
 * before; one with an attribution of its own to someone not named ('«
 * ... », indique un proche') takes no one's; "L'entourage d'X explique" is not
 * X speaking; a pronoun is no one of a list of names; a description with
 * a party before its hyphen ("die FDP-Politikerin") is the person named
 * with that party; a role word with only whose it is after it ("Vertreter
 * der Angehörigen") is no speaker. */
static void test_speaker_chains(void **state)
{
    fixture *f = *state;
    const char *a = "Marijuana sales begin\n\n"
                    "\u201cWe get hundreds of calls every single day,\u201d Roger Dillman said, the store's "
                    "manager. \u201cWe have processes in place so that nobody will wait for too long.\u201d "
                    "Wisconsin lawmakers in the Senate do not want it or the Assembly,\u201d Evers said. "
                    "\u201cLet's vote and see what happens next.\u201d";
    const char *b = "Élections municipales\n\n"
                    "L'entourage d'Emmanuel Macron explique au journal que « toutes les options sont ouvertes "
                    "pour le scrutin ». « Le processus de consultation des présidents des deux chambres a "
                    "commencé ce matin », indique un proche.";
    json_t *o = pair_report(f, a, b);
    assert_string_equal(speaker_of(o, 0, "We get hundreds"), "Roger Dillman");
    assert_true(not_named(speaker_of(o, 0, "Let's vote"), "Dillman"));
    assert_true(not_named(speaker_of(o, 1, "toutes les options"), "Macron"));
    assert_true(not_named(speaker_of(o, 1, "Le processus"), "Macron"));
    json_decref(o);

    const char *c = "Jahresausblick\n\n"
                    "Für den Talk zum Jahresbeginn hat sie zudem Horoskope für Donald Trump, Greta Thunberg "
                    "oder Ignazio Cassis erstellt. \u00ab2019 wird ein schwieriges Jahr f\u00fcr alle\u00bb, "
                    "sagte sie im Studio.";
    const char *d = "Tornado-Nachfolge\n\n"
                    "Die Linken-Politikerin Sevim Dagdelen sagte, der Kauf der Flugzeuge sei falsch. Dagegen "
                    "h\u00e4lt FDP-Verteidigungspolitikerin Marie-Agnes Strack-Zimmermann den Kauf f\u00fcr "
                    "richtig. \u201eDass endlich Bewegung in die Sache kommt, ist richtig und wichtig\u201c, so "
                    "die FDP-Politikerin.\n\n"
                    "Vertreter der Angeh\u00f6rigen forderte \u201edeutliches Signal gegen den Wahnsinn auf den "
                    "Stra\u00dfen\u201c";
    o = pair_report(f, c, d);
    assert_true(not_named(speaker_of(o, 0, "2019 wird"), "Thunberg"));
    const char *s = speaker_of(o, 1, "Dass endlich");
    assert_true(!not_named(s, "Strack-Zimmermann"));
    assert_null(speaker_of(o, 1, "deutliches Signal"));
    json_decref(o);
}

/* Synthetic articles: a French pronoun inverted with its verb in one word
 * ("explique-t-elle", "a-t-il lâché", "dit-il") is the person named before;
 * the impersonal "affirme-t-on" names nobody, and the quote it attributes
 * does not continue the quote before; "le responsable de X, Y" makes Y a
 * person. */
static void test_speaker_inverted(void **state)
{
    fixture *f = *state;
    const char *a = "R\u00e9forme des retraites\n\n"
                    "\u00c9lisabeth Borne a d\u00e9clar\u00e9 mardi aux d\u00e9put\u00e9s que le texte sera "
                    "vot\u00e9 en mars. \u00ab Nous irons jusqu'au bout de cette r\u00e9forme "
                    "n\u00e9cessaire \u00bb, explique-t-elle.\n\n"
                    "Emmanuel Macron a d\u00e9clar\u00e9 jeudi que les \u00ab discours \u00bb de ses "
                    "opposants \u00e9taient coupables. Une charge dirig\u00e9e contre la gauche radicale. "
                    "\u00ab Une dictature, c'est un r\u00e9gime o\u00f9 une personne d\u00e9cide des lois "
                    "\u00bb, a-t-il l\u00e2ch\u00e9.\n\n"
                    "\u00ab Le gouvernement pr\u00e9pare d\u00e9j\u00e0 un autre texte pour l'automne "
                    "\u00bb, affirme-t-on dans son entourage.";
    const char *b = "Ch\u00f4mage en baisse\n\n"
                    "Jean Castex a d\u00e9clar\u00e9 lundi que le \u00ab march\u00e9 \u00bb allait mieux. "
                    "\u00ab Les chiffres du ch\u00f4mage sont bons cette ann\u00e9e \u00bb, dit-il.";
    json_t *o = pair_report(f, a, b);
    const char *s = speaker_of(o, 0, "Nous irons");
    assert_true(s && strstr(s, "Borne"));
    s = speaker_of(o, 0, "Une dictature");
    assert_true(s && strstr(s, "Macron"));
    assert_null(speaker_of(o, 0, "Le gouvernement"));
    s = speaker_of(o, 1, "Les chiffres");
    assert_true(s && strstr(s, "Castex"));
    json_decref(o);

    /* "le responsable de X, Manuel Ramos": the role word makes him a person */
    const char *c = "March\u00e9 de Camargo\n\n"
                    "Au petit march\u00e9 du quartier, les vendeurs ont signal\u00e9 une baisse des ventes, "
                    "selon le responsable de l'espace ext\u00e9rieur, Manuel Ramos.\n\n"
                    "Il a indiqu\u00e9 qu'avant No\u00ebl, on s'attendait \u00e0 une reprise.\n\n"
                    "\u00ab Il y a peut-\u00eatre plusieurs facteurs, dont le froid \u00bb, a-t-il "
                    "d\u00e9clar\u00e9.";
    o = pair_report(f, c, b);
    s = speaker_of(o, 0, "Il y a");
    assert_true(s && strstr(s, "Manuel Ramos"));
    json_decref(o);
}

/* Synthetic articles: a second quote joined to the first by "and" and a few
 * words ('X told ... "..." and would "..."') is the first's speaker's; not
 * when another person is named between, nor across a full stop. */
static void test_speaker_and_joined(void **state)
{
    fixture *f = *state;
    const char *a = "Harbour dispute\n\n"
                    "Mayor Lena Fischer told the council on Monday the city did not want to \"lose the port "
                    "to the robots\" and would \"fight for every single job on the docks\".\n\n"
                    "Union chairman Tomas Erikson said the strike was \"only the beginning of a long fight\" "
                    "and Annika Holm called it \"a costly mistake for everyone involved\".";
    const char *b = "Port strike goes on\n\n"
                    "The strike at the harbour entered its third day on Tuesday, with ships waiting at anchor.";
    json_t *o = pair_report(f, a, b);
    const char *s = speaker_of(o, 0, "fight for every");
    assert_true(s && strstr(s, "Fischer"));
    s = speaker_of(o, 0, "a costly mistake");
    assert_true(!s || !strstr(s, "Erikson"));
    json_decref(o);
}

/* Synthetic articles: an organisation's name right after a speech verb and
 * its article ("indique le JDD", "said the Moscow Times") is the speaker; a
 * description of an institution ("a déclaré le gouvernement", "said the
 * government") is none. */
static void test_speaker_organisation(void **state)
{
    fixture *f = *state;
    const char *a = "\u00c9lections municipales\n\n"
                    "Le report des \u00e9lections municipales serait \u00e0 l'\u00e9tude. \u00ab Le processus "
                    "de consultation des pr\u00e9sidents des deux chambres a commenc\u00e9 ce matin \u00bb, "
                    "indique le JDD. \u00ab Rien n'est encore d\u00e9cid\u00e9 \u00bb, a d\u00e9clar\u00e9 le "
                    "gouvernement.";
    const char *b = "Elections postponed\n\n"
                    "The vote was postponed on Sunday after talks between the parties. \"The consultation of "
                    "the presidents of both chambers has begun this morning,\" said the Moscow Times. "
                    "\"Nothing has been decided yet,\" said the government.";
    json_t *o = pair_report(f, a, b);
    const char *s = speaker_of(o, 0, "Le processus");
    assert_true(s && strstr(s, "JDD"));
    assert_null(speaker_of(o, 0, "Rien n'est"));
    s = speaker_of(o, 1, "The consultation");
    assert_true(s && strstr(s, "Moscow Times"));
    assert_null(speaker_of(o, 1, "Nothing has"));
    json_decref(o);
}

/* Synthetic articles: a name the profile gives no kind that opens a
 * sentence a pronoun speaks in next is the one the pronoun stands for
 * ("Ruthwen ... accused ... . "...," she said"; the quote runs over two
 * sentences); a name in brackets right after another (an actress playing
 * a part, a person by an apposition in the other article) is never a
 * pronoun's person. */
static void test_speaker_unlabelled(void **state)
{
    fixture *f = *state;
    const char *a = "Canal plan delayed again\n\n"
                    "Harbour supremo Ruthwen on Monday accused the council of delaying the canal plan.\n\n"
                    "\"The canal should have opened last spring. Every month of delay costs the harbour "
                    "money,\" she said, adding that the vote was overdue.\n\n"
                    "The actress Dolly Wells, 48, opened the new lock on Sunday.";
    const char *b = "A man tells his story\n\n"
                    "In the film, a deformed man is questioned at length by Sister Agatha (Dolly Wells) in "
                    "a nunnery. \"Like many women my age I am trapped in a loveless marriage,\" she says.";
    json_t *o = pair_report(f, a, b);
    const char *s = speaker_of(o, 0, "The canal should");
    assert_non_null(s);
    assert_string_equal(s, "Ruthwen");
    assert_true(not_named(speaker_of(o, 1, "Like many women"), "Dolly Wells"));
    json_decref(o);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sections),        cmocka_unit_test(test_fact_carried_by_all),
        cmocka_unit_test(test_one_article_facts), cmocka_unit_test(test_quote_with_speaker),
        cmocka_unit_test(test_number_conflict), cmocka_unit_test(test_spans_round_trip),
        cmocka_unit_test(test_reuse_and_wire),  cmocka_unit_test(test_edges),
        cmocka_unit_test(test_speaker_carried_across), cmocka_unit_test(test_speaker_patterns),
        cmocka_unit_test(test_speaker_chains), cmocka_unit_test(test_speaker_inverted),
        cmocka_unit_test(test_speaker_and_joined),
        cmocka_unit_test(test_speaker_organisation), cmocka_unit_test(test_speaker_unlabelled),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
