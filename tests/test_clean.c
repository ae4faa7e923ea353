/*
 * test_clean.c - stage 3: paragraphs, leading metadata, the title line and
 * page furniture. Every input here is written for the test.
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

/* Build a document from title (may be NULL) and body, run clean. */
static void build(px_doc *d, const char *title, const char *body, bool keep_all)
{
    memset(d, 0, sizeof *d);
    px_arena_init(&d->arena);
    px_error err = {0};
    assert_int_equal(px_text_prepare(d, title, title ? strlen(title) : 0, body, strlen(body),
                                     &err),
                     PX_OK);
    assert_int_equal(px_clean(d, keep_all, &err), PX_OK);
    /* invariants: spans inside the text, trimmed, in order, disjoint */
    uint32_t last = 0;
    for (uint32_t i = 0; i < d->n_paras; i++) {
        px_span p = d->paras[i];
        assert_true(p.start < p.end && p.end <= d->text_len);
        assert_true(p.start >= last);
        assert_false(d->text[p.start] == ' ' || d->text[p.start] == '\n');
        assert_false(d->text[p.end - 1] == ' ' || d->text[p.end - 1] == '\n');
        last = p.end;
    }
    for (uint32_t i = 0; i < d->n_removed; i++) {
        px_span r = d->removed[i].span;
        assert_true(r.start < r.end && r.end <= d->text_len);
        assert_non_null(d->removed[i].reason);
        for (uint32_t k = 0; k < d->n_paras; k++)
            assert_true(r.end <= d->paras[k].start || r.start >= d->paras[k].end);
    }
}

/* Is there a removed span with this reason whose text is exactly s? */
static bool removed(const px_doc *d, const char *reason, const char *s)
{
    for (uint32_t i = 0; i < d->n_removed; i++) {
        px_span r = d->removed[i].span;
        if (strcmp(d->removed[i].reason, reason) == 0 && r.end - r.start == strlen(s) &&
            memcmp(d->text + r.start, s, strlen(s)) == 0)
            return true;
    }
    return false;
}

/* Is there a kept paragraph whose text is exactly s? */
static bool para(const px_doc *d, const char *s)
{
    for (uint32_t i = 0; i < d->n_paras; i++) {
        px_span p = d->paras[i];
        if (p.end - p.start == strlen(s) && memcmp(d->text + p.start, s, strlen(s)) == 0)
            return true;
    }
    return false;
}

/* Print what clean did (for a failing test). */
static void dump(const px_doc *d)
{
    for (uint32_t i = 0; i < d->n_removed; i++)
        fprintf(stderr, "removed [%s] %.*s\n", d->removed[i].reason,
                (int)(d->removed[i].span.end - d->removed[i].span.start),
                d->text + d->removed[i].span.start);
    for (uint32_t i = 0; i < d->n_paras; i++)
        fprintf(stderr, "para %.*s\n", (int)(d->paras[i].end - d->paras[i].start),
                d->text + d->paras[i].start);
}

#define P1 "The harbour authority said on Tuesday that the night shift would stay closed " \
           "until the cranes have been inspected by an outside firm."
#define P2 "Dock workers gathered outside the main gate before dawn, and several of them " \
           "said they had not been told when the inspections would begin."
#define P3 "A spokeswoman for the operator declined to give a date for reopening, saying " \
           "only that safety came first and that talks with the union would continue."

static void test_clean_drops_icon_run(void **state)
{
    (void)state;
    px_doc d;
    const char *icons = "icon arrow-downicon arrow-upicon bellicon burgericon closeicon "
                        "gridicon hearticon homeicon infoicon keyicon listicon lockicon "
                        "playicon plusicon staricon usericon";
    char body[2048];
    snprintf(body, sizeof body, "%s\n\n%s\n\n%s", icons, P1, P2);
    build(&d, "Cranes idle at the harbour", body, false);
    if (!removed(&d, "icon-run", icons)) dump(&d);
    assert_true(removed(&d, "icon-run", icons));
    assert_true(para(&d, P1));
    assert_true(para(&d, P2));
    assert_int_equal(d.n_paras, 2);
    px_arena_free(&d.arena);

    /* a long run (more words than any prose rule looks at) */
    char run[2048] = "";
    static const char *const names[] = {"arrow", "bell", "burger", "close", "grid", "heart",
                                        "home", "info", "key", "list", "lock", "play"};
    for (int i = 0; i < 60; i++) {
        strcat(run, i ? " " : "");
        strcat(run, names[i % 12]);
        strcat(run, i % 3 ? "icon" : "-icon");
    }
    snprintf(body, sizeof body, "%s\n\n%s\n\n%s", run, P1, P2);
    build(&d, NULL, body, false);
    if (!removed(&d, "icon-run", run)) dump(&d);
    assert_true(removed(&d, "icon-run", run));
    assert_int_equal(d.n_paras, 2);
    px_arena_free(&d.arena);

    /* a run of interface words */
    snprintf(body, sizeof body, "%s\nShare Tweet Email Print Comments\n%s", P1, P2);
    build(&d, NULL, body, false);
    assert_true(removed(&d, "share-prompt", "Share Tweet Email Print Comments") ||
                removed(&d, "ui-line", "Share Tweet Email Print Comments"));
    assert_int_equal(d.n_paras, 2);
    px_arena_free(&d.arena);
}

static void test_clean_drops_share_prompt(void **state)
{
    (void)state;
    const char *prompts[] = {
        "Enjoyed this report? Share it with your friends!",
        "Share this article",
        "Jetzt teilen:",
        "Compartir",
        "Partager cet article",
        "Bu haberi paylaş",
    };
    for (size_t i = 0; i < sizeof prompts / sizeof *prompts; i++) {
        char body[2048];
        snprintf(body, sizeof body, "%s\n\n%s\n\n%s\n\n%s", P1, P2, prompts[i], P3);
        px_doc d;
        build(&d, "Cranes idle at the harbour", body, false);
        if (!removed(&d, "share-prompt", prompts[i])) dump(&d);
        assert_true(removed(&d, "share-prompt", prompts[i]));
        assert_int_equal(d.n_paras, 3);
        px_arena_free(&d.arena);
    }
    /* news about shares is not a prompt */
    px_doc d;
    const char *news = "Shares of the port operator fell 4 percent in early trading on Wednesday.";
    char body[2048];
    snprintf(body, sizeof body, "%s\n\n%s\n\nShare prices recovered later\n\n%s", P1, news, P2);
    build(&d, "Cranes idle at the harbour", body, false);
    assert_true(para(&d, news));
    assert_true(para(&d, "Share prices recovered later"));
    assert_int_equal(d.n_removed, 0);
    px_arena_free(&d.arena);
}

static void test_clean_drops_also_on_link_line(void **state)
{
    (void)state;
    px_doc d;
    const char *also = "Also on example.org Port strike spreads to second terminal";
    const char *lesen = "Lesen Sie auch: Hafenstreik weitet sich aus";
    const char *lire = "À lire aussi : La grève du port s'étend";
    const char *read = "READ MORE: Union calls for calm";
    char body[4096];
    snprintf(body, sizeof body, "%s\n\n%s\n\n%s\n\n%s\n\n%s\n\n%s\n\n%s", P1, also, P2, lesen,
             lire, read, P3);
    build(&d, "Cranes idle at the harbour", body, false);
    if (!removed(&d, "related-link", also)) dump(&d);
    assert_true(removed(&d, "related-link", also));
    assert_true(removed(&d, "related-link", lesen));
    assert_true(removed(&d, "related-link", lire));
    assert_true(removed(&d, "read-more", read));
    assert_int_equal(d.n_paras, 3);
    px_arena_free(&d.arena);

    /* "Also on Monday, ..." is prose */
    const char *prose = "Also on Monday, the operator said it had hired a second inspection firm.";
    snprintf(body, sizeof body, "%s\n\n%s", P1, prose);
    build(&d, NULL, body, false);
    assert_true(para(&d, prose));
    px_arena_free(&d.arena);
}

static void test_clean_drops_photo_caption_with_credit(void **state)
{
    (void)state;
    px_doc d;
    const char *cap1 = "Workers stand beside an idle crane at the container terminal. Photo: AP More";
    const char *cap2 = "Ein Kran steht still am Containerterminal. (Foto: dpa)";
    const char *cred = "Image: Getty Images";
    const char *more = "The harbour master, who has run the port for nine years. More";
    char body[4096];
    snprintf(body, sizeof body, "%s\n\n%s\n\n%s\n\n%s\n\n%s\n\n%s\n\n%s", P1, cap1, P2, cap2,
             cred, more, P3);
    build(&d, "Cranes idle at the harbour", body, false);
    if (!removed(&d, "caption", cap1)) dump(&d);
    assert_true(removed(&d, "caption", cap1));
    assert_true(removed(&d, "caption", cap2));
    assert_true(removed(&d, "photo-credit", cred));
    assert_true(removed(&d, "caption", more));
    assert_int_equal(d.n_paras, 3);
    px_arena_free(&d.arena);

    /* a long paragraph with a credit glued on only loses the credit */
    const char *longp =
        "The port has been the largest employer in the district for decades, and the "
        "closure of the night shift affects more than four hundred families who depend "
        "on the wages, the overtime and the pensions that come with the work, according "
        "to the local council, which has asked for an urgent meeting with the operator. "
        "Foto: Anna Beispiel/dpa";
    snprintf(body, sizeof body, "%s\n\n%s", P1, longp);
    build(&d, NULL, body, false);
    if (!removed(&d, "photo-credit", "Foto: Anna Beispiel/dpa")) dump(&d);
    assert_true(removed(&d, "photo-credit", "Foto: Anna Beispiel/dpa"));
    assert_int_equal(d.n_paras, 2);
    px_span p = d.paras[1];
    assert_int_equal(p.end - p.start, strlen(longp) - strlen(" Foto: Anna Beispiel/dpa"));
    px_arena_free(&d.arena);
}

static void test_clean_takes_glued_date_metadata(void **state)
{
    (void)state;
    px_doc d;
    char body[4096];
    snprintf(body, sizeof body, "date 2021-03-09 %s\n\n%s", P1, P2);
    build(&d, NULL, body, false);
    if (!removed(&d, "metadata", "date 2021-03-09")) dump(&d);
    assert_true(removed(&d, "metadata", "date 2021-03-09"));
    assert_non_null(d.date);
    assert_string_equal(d.date, "2021-03-09");
    assert_true(para(&d, P1));
    assert_true(para(&d, P2));
    assert_null(d.title);
    px_arena_free(&d.arena);

    /* labelled lines at the top, an existing date is kept */
    snprintf(body, sizeof body,
             "Published: 9 March 2021\nBy Maria Example and Tom Sample\n"
             "Source: Harbour Herald\nhttps://news.example.com/port/cranes\n\n%s\n\n%s", P1, P2);
    memset(&d, 0, sizeof d);
    px_arena_init(&d.arena);
    px_error err = {0};
    assert_int_equal(px_text_prepare(&d, NULL, 0, body, strlen(body), &err), PX_OK);
    d.date = px_arena_strdup(&d.arena, "2020-01-01");
    assert_int_equal(px_clean(&d, false, &err), PX_OK);
    assert_string_equal(d.date, "2020-01-01");
    assert_true(removed(&d, "metadata", "Published: 9 March 2021"));
    assert_true(removed(&d, "byline", "By Maria Example and Tom Sample"));
    assert_string_equal(d.byline, "Maria Example and Tom Sample");
    assert_string_equal(d.source, "Harbour Herald");
    assert_string_equal(d.url, "https://news.example.com/port/cranes");
    assert_int_equal(d.n_paras, 2);
    px_arena_free(&d.arena);
}

static void test_clean_finds_title_line(void **state)
{
    (void)state;
    px_doc d;
    char body[4096];
    snprintf(body, sizeof body, "Cranes stand idle as harbour shuts night shift\n\n%s\n\n%s", P1, P2);
    build(&d, NULL, body, false);
    assert_non_null(d.title);
    assert_string_equal(d.title, "Cranes stand idle as harbour shuts night shift");
    assert_int_equal(d.title_span.end - d.title_span.start, strlen(d.title));
    assert_memory_equal(d.text + d.title_span.start, d.title, strlen(d.title));
    assert_int_equal(d.n_paras, 2);
    assert_true(para(&d, P1));
    px_arena_free(&d.arena);

    /* a body that starts with prose has no title line */
    snprintf(body, sizeof body, "%s\n\n%s", P1, P2);
    build(&d, NULL, body, false);
    assert_null(d.title);
    assert_int_equal(d.n_paras, 2);
    px_arena_free(&d.arena);
}

static void test_clean_drops_duplicate_title(void **state)
{
    (void)state;
    px_doc d;
    char body[4096];
    /* the record's title repeated in the body, once exactly, once in
     * other case */
    snprintf(body, sizeof body, "Cranes stand idle as harbour shuts night shift\n\n%s\n\n"
             "CRANES STAND IDLE AS HARBOUR SHUTS NIGHT SHIFT\n\n%s", P1, P2);
    build(&d, "Cranes stand idle as harbour shuts night shift", body, false);
    if (!removed(&d, "duplicate-title", "Cranes stand idle as harbour shuts night shift")) dump(&d);
    assert_true(removed(&d, "duplicate-title", "Cranes stand idle as harbour shuts night shift"));
    assert_true(removed(&d, "duplicate-title", "CRANES STAND IDLE AS HARBOUR SHUTS NIGHT SHIFT"));
    assert_int_equal(d.n_paras, 2);
    px_arena_free(&d.arena);

    /* a title line found in the body, then repeated (menu junk first) */
    snprintf(body, sizeof body, "Menu Search Sign in\n\nCranes stand idle as harbour shuts night shift\n\n"
             "Cranes stand idle as harbour shuts night shift\n%s\n\n%s", P1, P2);
    build(&d, NULL, body, false);
    assert_non_null(d.title);
    assert_string_equal(d.title, "Cranes stand idle as harbour shuts night shift");
    assert_true(removed(&d, "ui-line", "Menu Search Sign in"));
    assert_true(removed(&d, "duplicate-title", "Cranes stand idle as harbour shuts night shift"));
    assert_int_equal(d.n_paras, 2);
    px_arena_free(&d.arena);
}

static void test_clean_drops_copyright_footer_de(void **state)
{
    (void)state;
    px_doc d;
    const char *p1 = "Der Hafenbetreiber hat die Nachtschicht am Dienstag bis auf Weiteres "
                     "eingestellt, wie ein Sprecher mitteilte.";
    const char *p2 = "Die Gewerkschaft kritisierte die Entscheidung und kündigte Gespräche "
                     "mit der Geschäftsführung an.";
    const char *c1 = "© Hafenbote 2021. Alle Rechte vorbehalten.";
    const char *c2 = "Anzeige";
    char body[4096];
    snprintf(body, sizeof body, "%s\n\n%s\n\n%s\n\n%s", p1, c2, p2, c1);
    build(&d, "Kräne stehen still", body, false);
    if (!removed(&d, "copyright", c1)) dump(&d);
    assert_true(removed(&d, "copyright", c1));
    assert_true(removed(&d, "advertisement", c2));
    assert_int_equal(d.n_paras, 2);
    px_arena_free(&d.arena);
}

static void test_clean_drops_wire_boilerplate(void **state)
{
    (void)state;
    px_doc d;
    const char *w[] = {
        "___",
        "Information from: Harbour Herald, http://herald.example.com",
        "The Associated Press contributed to this report.",
        "(Reporting by Jane Example; Editing by John Sample)",
        "Quelle: APA",
        ("Copyright 2021 The Associated Press. All rights reserved. This material may not "
         "be published, broadcast, rewritten or redistributed."),
    };
    char body[4096];
    snprintf(body, sizeof body, "%s\n\n%s\n\n%s\n%s\n%s\n%s\n%s\n%s", P1, P2, w[0], w[1], w[2],
             w[3], w[4], w[5]);
    build(&d, "Cranes idle at the harbour", body, false);
    for (size_t i = 0; i < 5; i++) {
        if (!removed(&d, "wire-boilerplate", w[i])) dump(&d);
        assert_true(removed(&d, "wire-boilerplate", w[i]));
    }
    assert_true(removed(&d, "copyright", w[5]) || removed(&d, "wire-boilerplate", w[5]));
    assert_int_equal(d.n_paras, 2);
    px_arena_free(&d.arena);
}

static void test_clean_drops_newsletter_prompt_es(void **state)
{
    (void)state;
    px_doc d;
    const char *p1 = "El operador del puerto suspendió el turno de noche el martes hasta "
                     "que una empresa externa revise las grúas.";
    const char *p2 = "Los estibadores se concentraron ante la puerta principal antes del "
                     "amanecer para pedir explicaciones.";
    const char *n1 = "Suscríbete a nuestro boletín y recibe las noticias del puerto cada mañana";
    const char *n2 = "Utilizamos cookies para mejorar tu experiencia";
    const char *n3 = "Publicidad";
    char body[4096];
    snprintf(body, sizeof body, "%s\n\n%s\n\n%s\n\n%s\n\n%s", p1, n1, n3, p2, n2);
    build(&d, "Grúas paradas en el puerto", body, false);
    if (!removed(&d, "newsletter", n1) && !removed(&d, "subscription", n1)) dump(&d);
    assert_true(removed(&d, "newsletter", n1) || removed(&d, "subscription", n1));
    assert_true(removed(&d, "cookie", n2));
    assert_true(removed(&d, "advertisement", n3));
    assert_int_equal(d.n_paras, 2);
    px_arena_free(&d.arena);
}

static void test_clean_keeps_short_quote_paragraph(void **state)
{
    (void)state;
    px_doc d;
    const char *q = "\xE2\x80\x9CWe will not work under broken cranes.\xE2\x80\x9D";
    const char *q2 = "\"Safety comes first,\" she said.";
    const char *sub = "Talks to resume next week";
    char body[4096];
    snprintf(body, sizeof body, "%s\n\n%s\n\n%s\n\n%s\n\n%s\n\n%s", P1, q, P2, sub, q2, P3);
    build(&d, "Cranes idle at the harbour", body, false);
    if (d.n_removed) dump(&d);
    assert_int_equal(d.n_removed, 0);
    assert_true(para(&d, q));
    assert_true(para(&d, q2));
    assert_true(para(&d, sub));
    assert_int_equal(d.n_paras, 6);
    px_arena_free(&d.arena);
}

static void test_clean_keeps_all_with_flag(void **state)
{
    (void)state;
    px_doc d;
    char body[4096];
    snprintf(body, sizeof body, "date 2021-03-09\nShare this article\n\n%s\nAnzeige\n%s\n\n"
             "© 2021 Harbour Herald", P1, P2);
    build(&d, NULL, body, true);
    assert_int_equal(d.n_removed, 0);
    assert_null(d.date);
    assert_null(d.title);
    assert_int_equal(d.n_paras, 6);
    assert_true(para(&d, "date 2021-03-09"));
    assert_true(para(&d, "Anzeige"));
    px_arena_free(&d.arena);
}

static void test_clean_reports_reason_and_span(void **state)
{
    (void)state;
    px_doc d;
    char body[4096];
    /* surrounding spaces and NBSP are not part of the span */
    snprintf(body, sizeof body, "%s\n\n   Advertisement \xC2\xA0\n\n%s", P1, P2);
    build(&d, "Cranes idle at the harbour", body, false);
    assert_int_equal(d.n_removed, 1);
    assert_string_equal(d.removed[0].reason, "advertisement");
    px_span r = d.removed[0].span;
    assert_int_equal(r.end - r.start, strlen("Advertisement"));
    assert_memory_equal(d.text + r.start, "Advertisement", r.end - r.start);
    px_arena_free(&d.arena);
}

static void test_clean_joins_wrapped_lines(void **state)
{
    (void)state;
    px_doc d;
    /* one paragraph hard-wrapped, then one paragraph per line */
    const char *body = "The harbour authority said on Tuesday that the night shift\n"
                       "would stay closed until the cranes have been inspected.\n"
                       "Dock workers gathered outside the main gate before dawn.\n"
                       "Several of them said they had not been told anything.";
    build(&d, NULL, body, false);
    assert_int_equal(d.n_paras, 3);
    assert_true(para(&d, "The harbour authority said on Tuesday that the night shift\n"
                         "would stay closed until the cranes have been inspected."));
    assert_true(para(&d, "Several of them said they had not been told anything."));
    px_arena_free(&d.arena);
}

static void test_clean_keeps_prose_in_other_languages(void **state)
{
    (void)state;
    /* prose that contains trigger words must stay */
    const char *lines[] = {
        "Zum Thema Sicherheit sagte der Sprecher, man werde die Kräne von einem "
        "externen Gutachter prüfen lassen.",
        "Par ailleurs, le syndicat a demandé une réunion avec la direction du port dès "
        "la semaine prochaine.",
        "Daha fazla bilgi almak isteyen işçiler sendika binasının önünde toplandı ve "
        "açıklama bekledi.",
        "The company said it now has more than two million subscribers across the region.",
        "Fotos und Videos vom Hafen zeigen lange Schlangen vor dem Tor, berichtete die "
        "Polizei am Abend.",
        "\xD9\x88\xD9\x82\xD8\xA7\xD9\x84 \xD8\xA7\xD9\x84\xD9\x85\xD8\xAA\xD8\xAD\xD8\xAF"
        "\xD8\xAB \xD8\xA5\xD9\x86 \xD8\xA7\xD9\x84\xD9\x85\xD9\x8A\xD9\x86\xD8\xA7\xD8\xA1 "
        "\xD8\xB3\xD9\x8A\xD8\xB9\xD9\x88\xD8\xAF \xD8\xA5\xD9\x84\xD9\x89 \xD8\xA7\xD9\x84"
        "\xD8\xB9\xD9\x85\xD9\x84 \xD9\x82\xD8\xB1\xD9\x8A\xD8\xA8\xD8\xA7.",
    };
    for (size_t i = 0; i < sizeof lines / sizeof *lines; i++) {
        char body[4096];
        snprintf(body, sizeof body, "%s\n\n%s\n\n%s", P1, lines[i], P2);
        px_doc d;
        build(&d, "Cranes idle at the harbour", body, false);
        if (d.n_removed) dump(&d);
        assert_int_equal(d.n_removed, 0);
        assert_true(para(&d, lines[i]));
        px_arena_free(&d.arena);
    }
}

static void test_clean_survives_any_input(void **state)
{
    (void)state;
    /* empty, blank, and pseudo-random bytes with many line breaks */
    const char *tiny[] = {"", "\n", "\n\n\n", " ", "x", "\xC2\xA9", "date", "By", "___\n___"};
    for (size_t i = 0; i < sizeof tiny / sizeof *tiny; i++) {
        px_doc d;
        build(&d, NULL, tiny[i], false);
        px_arena_free(&d.arena);
    }
    unsigned seed = 12345;
    char buf[3000];
    for (int round = 0; round < 300; round++) {
        size_t n = (size_t)(round * 7) % sizeof buf;
        for (size_t i = 0; i < n; i++) {
            seed = seed * 1103515245u + 12345u;
            unsigned r = (seed >> 16) & 0xFF;
            static const char pick[] = "aZ .:!?\n\n/-(©)\"'0123456789@#_";
            buf[i] = (r & 1) ? (char)r : pick[r % (sizeof pick - 1)];
        }
        buf[n] = '\0';
        for (size_t i = 0; i < n; i++)
            if (buf[i] == '\0') buf[i] = ' ';
        px_doc d;
        build(&d, round % 3 ? NULL : "Some title here", buf, round % 5 == 0);
        px_arena_free(&d.arena);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_clean_drops_icon_run),
        cmocka_unit_test(test_clean_drops_share_prompt),
        cmocka_unit_test(test_clean_drops_also_on_link_line),
        cmocka_unit_test(test_clean_drops_photo_caption_with_credit),
        cmocka_unit_test(test_clean_takes_glued_date_metadata),
        cmocka_unit_test(test_clean_finds_title_line),
        cmocka_unit_test(test_clean_drops_duplicate_title),
        cmocka_unit_test(test_clean_drops_copyright_footer_de),
        cmocka_unit_test(test_clean_drops_wire_boilerplate),
        cmocka_unit_test(test_clean_drops_newsletter_prompt_es),
        cmocka_unit_test(test_clean_keeps_short_quote_paragraph),
        cmocka_unit_test(test_clean_keeps_all_with_flag),
        cmocka_unit_test(test_clean_reports_reason_and_span),
        cmocka_unit_test(test_clean_joins_wrapped_lines),
        cmocka_unit_test(test_clean_keeps_prose_in_other_languages),
        cmocka_unit_test(test_clean_survives_any_input),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
