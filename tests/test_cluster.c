/*
 * test_cluster.c - the online story clusterer: articles of one story end up
 * together, different stories apart, a story that went quiet for weeks is
 * not continued, merged stories keep their old ids resolving, a recent
 * article draws its copy after its story's centroid moved on, a big story
 * draws an article a small one would not, an article left alone is
 * absorbed into the story it nearly joined, names and numbers join articles
 * across languages (also long ones, whose words outweigh their names), a
 * young story is not joined on one shared word, a story that went quiet
 * draws less than its size would, two reports of one event join as a fresh
 * clusterer's first articles (the idf prior), nothing breaks on no
 * input, and the lite profile clustering makes gives the full profile's
 * features (and its vectors, names and numbers).
 *
 * Articles are built through the whole pipeline (record -> doc -> profile
 * -> clustering features) except in the merge, recent-article, size,
 * absorb, young-story and quiet-story tests, which place exact term vectors
 * (synthetic) so that what they check is certain; each of those also checks
 * that the effect is gone with its mechanism off (the quiet story: undated,
 * where nothing decays).
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

/* Unrelated articles added first, so that the online document frequencies
 * know which words are common (a clusterer's first few articles have none). */
static const struct art {
    const char *title, *body, *lang;
} BACKGROUND[] = {
    {"Local bakery wins regional bread prize",
     "A family bakery in the old town won first prize for its rye bread at the regional "
     "fair on Sunday. The owners said the recipe came from a grandmother.", "en"},
    {"Heavy snow closes mountain passes",
     "Heavy snow closed three mountain passes overnight and the weather service warned of "
     "avalanches. Drivers were told to carry chains.", "en"},
    {"Chess club celebrates its centenary",
     "The city chess club marked one hundred years with a tournament for young players and "
     "an exhibition of old boards and clocks.", "en"},
    {"New smartphone model goes on sale",
     "A new smartphone with a larger battery and a folding screen went on sale this week; "
     "reviewers praised the camera but not the price.", "en"},
    {"Bäckerei gewinnt Preis für Brot",
     "Eine Bäckerei in der Altstadt hat den ersten Preis für ihr Roggenbrot gewonnen. Die "
     "Besitzer sagten, das Rezept stamme von der Großmutter.", "de"},
    {"Schnee sperrt Bergpässe",
     "Starker Schneefall hat über Nacht drei Bergpässe gesperrt. Der Wetterdienst warnte vor "
     "Lawinen und riet Autofahrern zu Schneeketten.", "de"},
    {"Museum opens new wing for modern art",
     "The museum opened a new wing for modern art with paintings lent by private collectors; "
     "entry is free on the first weekend.", "en"},
    {"Marathon runners brave the heat",
     "Thousands of runners took part in the city marathon despite the heat, and medics "
     "treated dozens for exhaustion near the finish.", "en"},
};
#define NBACK (sizeof BACKGROUND / sizeof BACKGROUND[0])

typedef struct fixture {
    px_ctx *ctx;
    px_lexicon *lx;
    px_clusterer *c;
} fixture;

static int setup(void **state)
{
    px_error err = {0};
    fixture *f = calloc(1, sizeof *f);
    if (!f) return -1;
    f->ctx = px_ctx_new(&err);
    f->lx = px_lexicon_new(NULL, PX_LEX_NO_DF, &err);
    f->c = px_clusterer_new(NULL, &err);
    *state = f;
    return f->ctx && f->lx && f->c ? 0 : -1;
}

static int teardown(void **state)
{
    fixture *f = *state;
    px_clusterer_free(f->c);
    px_lexicon_free(f->lx);
    px_ctx_free(f->ctx);
    free(f);
    return 0;
}

/* Add one article (title, body, language, ISO date or NULL); returns its story. */
static uint64_t add(fixture *f, const char *title, const char *body, const char *lang,
                    const char *date)
{
    px_error err = {0};
    px_record rec = {.id = title, .title = title, .body = body, .body_len = strlen(body),
                     .kind = PX_BODY_TEXT, .date = date, .lang = lang, .offset = PX_NO_OFFSET};
    px_doc *d = px_doc_from_record(f->ctx, &rec, NULL, &err);
    if (!d) fail_msg("px_doc_from_record: %s", err.msg);
    px_profile *p = px_profile_new(d, f->lx, &err);
    if (!p) fail_msg("px_profile_new: %s", err.msg);
    uint64_t story = 0;
    px_status st = px_clusterer_add_profile(f->c, p, &story, &err);
    if (st != PX_OK) fail_msg("px_clusterer_add_profile: %s", err.msg);
    px_profile_free(p);
    px_doc_free(d);
    assert_true(story >= 1);
    return story;
}

/* Add the background articles, undated; returns the stories they got. */
static void add_background(fixture *f, uint64_t out[NBACK])
{
    for (size_t i = 0; i < NBACK; i++)
        out[i] = add(f, BACKGROUND[i].title, BACKGROUND[i].body, BACKGROUND[i].lang, NULL);
}

/* Is story s (resolved) among the background stories? */
static int in_background(fixture *f, uint64_t s, const uint64_t back[NBACK])
{
    for (size_t i = 0; i < NBACK; i++)
        if (px_clusterer_story(f->c, back[i]) == px_clusterer_story(f->c, s)) return 1;
    return 0;
}

static void test_cluster_same_story_together(void **state)
{
    fixture *f = *state;
    uint64_t back[NBACK];
    add_background(f, back);
    uint64_t a = add(f, "Dock workers strike at Rotterdam harbour",
                     "Dock workers at the Rotterdam harbour walked out on Monday over pay, "
                     "leaving 40 container ships waiting, the FNV union said.", "en", NULL);
    uint64_t b = add(f, "Rotterdam port strike leaves container ships waiting",
                     "Container ships queued outside Rotterdam as a strike by dock workers "
                     "over pay entered its first day, according to the FNV union.", "en", NULL);
    uint64_t c = add(f, "FNV union extends Rotterdam dock strike",
                     "The FNV union said the strike by Rotterdam dock workers over pay would "
                     "go on, with 40 container ships now waiting at the harbour.", "en", NULL);
    assert_int_equal(px_clusterer_story(f->c, a), px_clusterer_story(f->c, b));
    assert_int_equal(px_clusterer_story(f->c, a), px_clusterer_story(f->c, c));
    assert_false(in_background(f, a, back));
}

static void test_cluster_different_stories_apart(void **state)
{
    fixture *f = *state;
    uint64_t back[NBACK];
    add_background(f, back);
    uint64_t q1 = add(f, "Earthquake of magnitude 6.1 shakes southern Peru",
                      "An earthquake of magnitude 6.1 shook southern Peru near Arequipa on "
                      "Tuesday, damaging houses; no deaths were reported.", "en", NULL);
    uint64_t e1 = add(f, "Central bank raises interest rate to 4.5 percent",
                      "The central bank raised its main interest rate to 4.5 percent to fight "
                      "inflation, the governor Maria Lenz told reporters.", "en", NULL);
    uint64_t q2 = add(f, "Arequipa earthquake damages houses in Peru",
                      "Houses were damaged in Arequipa after a magnitude 6.1 earthquake shook "
                      "southern Peru, officials said; nobody died.", "en", NULL);
    uint64_t e2 = add(f, "Governor Lenz defends interest rate rise",
                      "Governor Maria Lenz defended the central bank's rise of the interest rate "
                      "to 4.5 percent, saying inflation must come down.", "en", NULL);
    assert_int_equal(px_clusterer_story(f->c, q1), px_clusterer_story(f->c, q2));
    assert_int_equal(px_clusterer_story(f->c, e1), px_clusterer_story(f->c, e2));
    assert_int_not_equal(px_clusterer_story(f->c, q1), px_clusterer_story(f->c, e1));
    assert_false(in_background(f, q1, back));
    assert_false(in_background(f, e1, back));
}

static const char BUDGET_TITLE[] = "City council approves harbour district budget";
static const char BUDGET_BODY[] =
    "The city council of Varna approved the harbour district budget of 12 million after a long "
    "debate, mayor Ivan Petrov said.";

static void test_cluster_time_gap_splits_story(void **state)
{
    fixture *f = *state;
    uint64_t back[NBACK];
    add_background(f, back);
    uint64_t a = add(f, BUDGET_TITLE, BUDGET_BODY, "en", "2019-01-10T09:00:00Z");
    /* the same report three hours later continues the story ... */
    uint64_t b = add(f, "Varna council passes harbour district budget",
                     "Varna's city council passed the harbour district budget of 12 million, "
                     "mayor Ivan Petrov said after the debate.", "en", "2019-01-10T12:00:00Z");
    assert_int_equal(px_clusterer_story(f->c, a), px_clusterer_story(f->c, b));
    /* ... the same words two months later start a new one */
    uint64_t c = add(f, BUDGET_TITLE, BUDGET_BODY, "en", "2019-03-12T09:00:00Z");
    assert_int_not_equal(px_clusterer_story(f->c, a), px_clusterer_story(f->c, c));

    /* control: without time decay the late article would have joined */
    px_cluster_opts o;
    px_cluster_opts_default(&o);
    o.half_life_hours = 0;
    px_error err = {0};
    px_clusterer *nodecay = px_clusterer_new(&o, &err);
    assert_non_null(nodecay);
    px_clusterer *keep = f->c;
    f->c = nodecay;
    add_background(f, back);
    uint64_t a2 = add(f, BUDGET_TITLE, BUDGET_BODY, "en", "2019-01-10T09:00:00Z");
    uint64_t c2 = add(f, BUDGET_TITLE, BUDGET_BODY, "en", "2019-03-12T09:00:00Z");
    assert_int_equal(px_clusterer_story(f->c, a2), px_clusterer_story(f->c, c2));
    f->c = keep;
    px_clusterer_free(nodecay);
}

/* Add a synthetic article whose words are the given keys (sorted), weight 1. */
static uint64_t add_keys(px_clusterer *c, const uint64_t *keys, uint32_t n)
{
    px_term t[8];
    for (uint32_t i = 0; i < n; i++) t[i] = (px_term){keys[i], 1.0f};
    px_error err = {0};
    px_cluster_doc *d = px_cluster_doc_from_terms(t, n, n, INT64_MIN, &err);
    assert_non_null(d);
    uint64_t story = 0;
    assert_int_equal(px_clusterer_add(c, d, &story, &err), PX_OK);
    px_cluster_doc_free(d);
    return story;
}

static void test_cluster_merge_keeps_old_id_resolving(void **state)
{
    (void)state;
    px_cluster_opts o;
    px_cluster_opts_default(&o);
    o.threshold = 0.5;
    o.merge_threshold = 0.3;
    px_error err = {0};
    px_clusterer *c = px_clusterer_new(&o, &err);
    assert_non_null(c);
    static const uint64_t ab[] = {11, 12}, cd[] = {13, 14}, abcd[] = {11, 12, 13, 14};
    uint64_t s1 = add_keys(c, ab, 2);
    uint64_t s2 = add_keys(c, cd, 2);
    assert_int_not_equal(s1, s2);             /* nothing shared: two stories */
    /* an article with both stories' words joins the older one (cosine 0.71
     * with each), whose centroid then reaches 0.38 with the other: merge */
    uint64_t s3 = add_keys(c, abcd, 4);
    assert_int_equal(s3, s1);
    assert_int_equal(px_clusterer_story(c, s2), s1);  /* the old id resolves */
    assert_int_equal(px_clusterer_story(c, s1), s1);  /* the older id survives */
    uint64_t s4 = add_keys(c, cd, 2);                 /* later articles land in it */
    assert_int_equal(s4, s1);
    px_cluster_stats st;
    px_clusterer_stats(c, &st);
    assert_int_equal(st.merges, 1);
    assert_int_equal(st.alive, 1);
    assert_int_equal(st.stories, 2);
    assert_int_equal(px_clusterer_story(c, 3), 0);    /* never handed out */

    /* control: with merging off the second story stays apart */
    o.merge_threshold = 0;
    px_clusterer *nm = px_clusterer_new(&o, &err);
    assert_non_null(nm);
    uint64_t t1 = add_keys(nm, ab, 2), t2 = add_keys(nm, cd, 2);
    add_keys(nm, abcd, 4);
    assert_int_equal(px_clusterer_story(nm, t2), t2);
    assert_int_not_equal(px_clusterer_story(nm, t1), px_clusterer_story(nm, t2));
    px_clusterer_free(nm);
    px_clusterer_free(c);
}

/* Add a synthetic article of time t (seconds; INT64_MIN undated): words
 * keys[0..n) (sorted, even, n <= 16) with raw weights w (NULL: all 1). */
static uint64_t add_at(px_clusterer *c, const uint64_t *keys, const float *w, uint32_t n, int64_t t)
{
    px_term v[16];
    for (uint32_t i = 0; i < n; i++) v[i] = (px_term){keys[i], w ? w[i] : 1.0f};
    px_error err = {0};
    px_cluster_doc *d = px_cluster_doc_from_terms(v, n, n, t, &err);
    assert_non_null(d);
    uint64_t story = 0;
    assert_int_equal(px_clusterer_add(c, d, &story, &err), PX_OK);
    px_cluster_doc_free(d);
    return story;
}

/* Add a synthetic undated article: words keys[0..n) (sorted, even) with raw weights w. */
static uint64_t add_weighted(px_clusterer *c, const uint64_t *keys, const float *w, uint32_t n)
{
    return add_at(c, keys, w, n, INT64_MIN);
}

/* A story whose centroid drifted away from its first article still draws a
 * copy of that article: through the recent article itself (nn_weight), not
 * the centroid. The copy's centroid cosine is ~0.04 (x the size boost), its
 * cosine with the first article ~1. */
static uint64_t drift_then_copy(double nn_weight, uint64_t *first)
{
    px_cluster_opts o;
    px_cluster_opts_default(&o);
    o.nn_weight = nn_weight;
    o.merge_threshold = 0;
    px_error err = {0};
    px_clusterer *c = px_clusterer_new(&o, &err);
    assert_non_null(c);
    static const uint64_t x[] = {1000, 1002, 1004, 1006, 1008, 1010, 1012, 1014};
    static const uint64_t xy[] = {1000, 1002, 1004, 1006, 2000, 2002, 2004, 2006};
    static const uint64_t y[] = {2000, 2002, 2004, 2006, 2008, 2010, 2012, 2014};
    *first = add_weighted(c, x, NULL, 8);
    assert_int_equal(add_weighted(c, xy, NULL, 8), *first);   /* half the words: joins */
    for (int i = 0; i < 40; i++)                              /* the story moves on */
        assert_int_equal(px_clusterer_story(c, add_weighted(c, y, NULL, 8)), *first);
    uint64_t copy = px_clusterer_story(c, add_weighted(c, x, NULL, 8));
    px_clusterer_free(c);
    return copy;
}

static void test_cluster_recent_article_draws_its_copy(void **state)
{
    (void)state;
    uint64_t first = 0, copy = drift_then_copy(0.4, &first);  /* (first set by the call) */
    assert_int_equal(copy, first);
    /* control: on centroids alone the copy starts a story of its own */
    copy = drift_then_copy(0, &first);
    assert_int_not_equal(copy, first);
}

/* An article a little under the threshold with a story of 30 articles
 * (cosine ~0.117 < 0.13) joins it with the size prior (x 1 + 0.1 ln 30 =
 * 1.34), and starts a story of its own without. 200 unrelated articles
 * first, so that the story's words are not in every article (idf). */
static uint64_t big_story_draws(double size_prior, uint64_t *big)
{
    px_cluster_opts o;
    px_cluster_opts_default(&o);
    o.size_prior = size_prior;
    o.threshold = 0.13;
    px_error err = {0};
    px_clusterer *c = px_clusterer_new(&o, &err);
    assert_non_null(c);
    for (uint64_t i = 0; i < 200; i++) {
        uint64_t k[4] = {10000 + 8 * i, 10002 + 8 * i, 10004 + 8 * i, 10006 + 8 * i};
        add_weighted(c, k, NULL, 4);
    }
    static const uint64_t a[] = {3000, 3002, 3004, 3006, 3008, 3010, 3012, 3014};
    *big = add_weighted(c, a, NULL, 8);
    for (int i = 1; i < 30; i++) assert_int_equal(add_weighted(c, a, NULL, 8), *big);
    static const uint64_t p[] = {3000, 4000, 4002, 4004, 4006};
    static const float pw[] = {1.73f, 1, 1, 1, 1};
    uint64_t s = px_clusterer_story(c, add_weighted(c, p, pw, 5));
    px_clusterer_free(c);
    return s;
}

static void test_cluster_size_prior_draws_to_big_story(void **state)
{
    (void)state;
    uint64_t big = 0, s = big_story_draws(0.1, &big);  /* (big set by the call) */
    assert_int_equal(s, big);
    s = big_story_draws(0, &big);
    assert_int_not_equal(s, big);
}

/* A short article a little under the threshold with a story of 30 (raw
 * weight 1.17 on the shared word: cosine ~0.08 x the size boost 1.34 =
 * 0.107 < 0.13) starts a story of its own; absorb_after articles later,
 * still alone, it is absorbed into that story (0.107 >= 0.7 x 0.13), its
 * id resolving to the story's. With weight 0.3 (0.028) it stays alone.
 * Returns whether it was absorbed; *early whether it already was before
 * the delay. */
static bool lonely_absorbed(double absorb_ratio, float weight, bool *early)
{
    px_cluster_opts o;
    px_cluster_opts_default(&o);
    o.absorb_ratio = absorb_ratio;
    o.absorb_after = 8;
    o.threshold = 0.13;
    o.size_prior = 0.1;
    px_error err = {0};
    px_clusterer *c = px_clusterer_new(&o, &err);
    assert_non_null(c);
    uint64_t i = 0;
    for (; i < 200; i++) {
        uint64_t k[4] = {10000 + 8 * i, 10002 + 8 * i, 10004 + 8 * i, 10006 + 8 * i};
        add_weighted(c, k, NULL, 4);
    }
    static const uint64_t a[] = {3000, 3002, 3004, 3006, 3008, 3010, 3012, 3014};
    uint64_t big = add_weighted(c, a, NULL, 8);
    for (int j = 1; j < 30; j++) assert_int_equal(add_weighted(c, a, NULL, 8), big);
    static const uint64_t p[] = {3000, 4000, 4002, 4004, 4006};
    const float pw[] = {weight, 1, 1, 1, 1};
    uint64_t lone = add_weighted(c, p, pw, 5);
    assert_int_not_equal(lone, big);               /* under the threshold: alone */
    *early = false;
    for (int j = 0; j < 8; j++, i++) {             /* unrelated articles pass */
        *early = *early || px_clusterer_story(c, lone) == big;
        uint64_t k[4] = {10000 + 8 * i, 10002 + 8 * i, 10004 + 8 * i, 10006 + 8 * i};
        add_weighted(c, k, NULL, 4);
    }
    bool absorbed = px_clusterer_story(c, lone) == big;
    px_clusterer_free(c);
    return absorbed;
}

static void test_cluster_lonely_article_absorbed(void **state)
{
    (void)state;
    bool early = true;
    assert_true(lonely_absorbed(0.7, 1.17f, &early));
    assert_false(early);                           /* not before absorb_after */
    assert_false(lonely_absorbed(0.7, 0.3f, &early)); /* too far: stays alone */
    assert_false(lonely_absorbed(0, 1.17f, &early));  /* control: never absorbed */
}

/* 200 unrelated articles (4 words each, undated), then a story of three
 * articles on words 3000-3014; then an article with word 3000 at raw weight
 * 3 beside four new words (cosine ~0.3 with the story, over the threshold
 * 0.13, all of it from the one word), and one with 3000 and 3002. Returns
 * the story of each of the two, and the story's id in *young. */
static void one_term_then_two(unsigned young_size, uint64_t *young, uint64_t *one, uint64_t *two)
{
    px_cluster_opts o;
    px_cluster_opts_default(&o);
    o.young_size = young_size;
    o.threshold = 0.13;
    o.long_threshold = 0;
    px_error err = {0};
    px_clusterer *c = px_clusterer_new(&o, &err);
    assert_non_null(c);
    for (uint64_t i = 0; i < 200; i++) {
        uint64_t k[4] = {10000 + 8 * i, 10002 + 8 * i, 10004 + 8 * i, 10006 + 8 * i};
        add_at(c, k, NULL, 4, INT64_MIN);
    }
    static const uint64_t a[] = {3000, 3002, 3004, 3006, 3008, 3010, 3012, 3014};
    *young = add_at(c, a, NULL, 8, INT64_MIN);
    for (int i = 1; i < 3; i++) assert_int_equal(add_at(c, a, NULL, 8, INT64_MIN), *young);
    static const uint64_t p1[] = {3000, 4000, 4002, 4004, 4006};
    static const float w1[] = {3, 1, 1, 1, 1};
    *one = px_clusterer_story(c, add_at(c, p1, w1, 5, INT64_MIN));
    static const uint64_t p2[] = {3000, 3002, 5000, 5002, 5004};
    static const float w2[] = {3, 3, 1, 1, 1};
    *two = px_clusterer_story(c, add_at(c, p2, w2, 5, INT64_MIN));
    px_clusterer_free(c);
}

static void test_cluster_young_story_needs_two_terms(void **state)
{
    (void)state;
    uint64_t young = 0, one = 0, two = 0;
    one_term_then_two(8, &young, &one, &two);
    assert_int_not_equal(one, young);      /* one shared word: a story of its own */
    assert_int_equal(two, young);          /* two: joins */
    one_term_then_two(0, &young, &one, &two);
    assert_int_equal(one, young);          /* control: without the rule it joins */
    assert_int_equal(two, young);
}

/* A story of 30 articles, all at hour 0, and 24 hours later an article
 * sharing its 8 words beside 6 new ones (and one at weight 0.75): cosine
 * ~0.409 x the decay of a day 0.25 = 0.102. With the boost of 30 articles
 * (1 + 0.1 ln 30 = 1.34) that would be 0.137 and join at 0.13; with the
 * story's heat a day later (30 x 0.25 = 7.5: 1.20) it is 0.123 and starts
 * a story of its own. Undated, the same articles join (no decay, heat =
 * size). */
static uint64_t quiet_story_draws(int64_t hour, uint64_t *old)
{
    px_cluster_opts o;
    px_cluster_opts_default(&o);
    o.threshold = 0.13;
    o.long_threshold = 0;
    o.half_life_hours = 12;
    o.size_prior = 0.1;
    px_error err = {0};
    px_clusterer *c = px_clusterer_new(&o, &err);
    assert_non_null(c);
    for (uint64_t i = 0; i < 200; i++) {
        uint64_t k[4] = {10000 + 8 * i, 10002 + 8 * i, 10004 + 8 * i, 10006 + 8 * i};
        add_at(c, k, NULL, 4, INT64_MIN);
    }
    int64_t t0 = hour == INT64_MIN ? INT64_MIN : 1600000000;
    static const uint64_t a[] = {3000, 3002, 3004, 3006, 3008, 3010, 3012, 3014};
    *old = add_at(c, a, NULL, 8, t0);
    for (int i = 1; i < 30; i++) assert_int_equal(add_at(c, a, NULL, 8, t0), *old);
    static const uint64_t p[] = {3000, 3002, 3004, 3006, 3008, 3010, 3012, 3014,
                                 6000, 6002, 6004, 6006, 6008, 6010, 6012};
    static const float pw[] = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0.75f};
    uint64_t s = px_clusterer_story(c, add_at(c, p, pw, 15, hour == INT64_MIN ? INT64_MIN : t0 + hour * 3600));
    px_clusterer_free(c);
    return s;
}

static void test_cluster_quiet_story_draws_less(void **state)
{
    (void)state;
    uint64_t old = 0, s = quiet_story_draws(24, &old);  /* (old set by the call) */
    assert_int_not_equal(s, old);
    s = quiet_story_draws(INT64_MIN, &old);
    assert_int_equal(s, old);
}

static void test_cluster_cross_language_names_join(void **state)
{
    fixture *f = *state;
    /* a strict threshold, which the few stems two languages share (the
     * names' own words) do not reach: the names and numbers must do it */
    px_cluster_opts o;
    px_cluster_opts_default(&o);
    o.threshold = o.long_threshold = 0.4;
    px_error err = {0};
    px_clusterer_free(f->c);
    f->c = px_clusterer_new(&o, &err);
    assert_non_null(f->c);
    uint64_t back[NBACK];
    add_background(f, back);
    uint64_t en = add(f, "Jens Stoltenberg and Olaf Scholz meet in Vilnius over 2,500 troops",
                      "NATO chief Jens Stoltenberg met Olaf Scholz in Vilnius on Tuesday to "
                      "discuss sending 2,500 troops to Lithuania, Gitanas Nauseda said.",
                      "en", NULL);
    uint64_t other = add(f, "Festival in Vilnius draws record crowds",
                         "A summer music festival in the old town drew record crowds this "
                         "weekend; organisers counted 80,000 visitors.", "en", NULL);
    uint64_t de = add(f, "Stoltenberg und Scholz treffen sich in Vilnius wegen 2.500 Soldaten",
                      "NATO-Generalsekretär Jens Stoltenberg traf Olaf Scholz am Dienstag in "
                      "Vilnius, um über 2.500 Soldaten für Litauen zu beraten, sagte Gitanas "
                      "Nauseda.", "de", NULL);
    assert_int_equal(px_clusterer_story(f->c, en), px_clusterer_story(f->c, de));
    assert_int_not_equal(px_clusterer_story(f->c, other), px_clusterer_story(f->c, de));
    assert_false(in_background(f, de, back));
}

/* A body of n made-up words (distinct, each once: rare, so they weigh more
 * than any name) after the sentence lead. */
static char *long_body(const char *lead, const char *stem, int n)
{
    size_t cap = strlen(lead) + (size_t)n * (strlen(stem) + 8) + 2;
    char *b = malloc(cap);
    if (!b) fail_msg("no memory");
    size_t len = (size_t)snprintf(b, cap, "%s", lead);
    for (int i = 0; i < n; i++)
        len += (size_t)snprintf(b + len, cap - len, " %s%c%c%c", stem, 'a' + i / 26 % 26,
                                'a' + i % 26, 'a' + i / 676 % 26);
    return b;
}

static void test_cluster_long_articles_keep_their_names(void **state)
{
    fixture *f = *state;
    /* two long reports of one meeting in two languages: their words are all
     * different (over doc_terms of them each), so only their names and
     * numbers can join them, which they must keep beside the words */
    uint64_t back[NBACK];
    add_background(f, back);
    char *en = long_body("NATO chief Jens Stoltenberg met Olaf Scholz in Vilnius to discuss "
                         "sending 2,500 troops to Lithuania, Gitanas Nauseda said.",
                         "zorbel", 150);
    char *de = long_body("NATO-Generalsekretär Jens Stoltenberg traf Olaf Scholz in Vilnius, "
                         "um über 2.500 Soldaten für Litauen zu beraten, sagte Gitanas Nauseda.",
                         "quindar", 150);
    uint64_t a = add(f, "Stoltenberg meets Scholz in Vilnius", en, "en", NULL);
    uint64_t b = add(f, "Stoltenberg trifft Scholz in Vilnius", de, "de", NULL);
    free(en);
    free(de);
    assert_int_equal(px_clusterer_story(f->c, a), px_clusterer_story(f->c, b));
    assert_false(in_background(f, b, back));
}

static void test_cluster_empty_input(void **state)
{
    (void)state;
    px_error err = {0};
    px_clusterer *c = px_clusterer_new(NULL, &err);
    assert_non_null(c);
    px_cluster_stats st;
    px_clusterer_stats(c, &st);
    assert_int_equal(st.articles, 0);
    assert_int_equal(st.stories, 0);
    assert_int_equal(px_clusterer_story(c, 1), 0);
    assert_int_equal(px_clusterer_story(c, 0), 0);
    /* an article without any term gets a story of its own */
    px_cluster_doc *d = px_cluster_doc_from_terms(NULL, 0, 0, INT64_MIN, &err);
    assert_non_null(d);
    uint64_t s1 = 0, s2 = 0;
    assert_int_equal(px_clusterer_add(c, d, &s1, &err), PX_OK);
    assert_int_equal(px_clusterer_add(c, d, &s2, &err), PX_OK);
    assert_true(s1 >= 1 && s2 >= 1 && s1 != s2);
    px_cluster_doc_free(d);
    /* bad arguments are errors, not crashes */
    assert_int_equal(px_clusterer_add(c, NULL, &s1, &err), PX_ERR_ARG);
    assert_int_equal(px_clusterer_add(NULL, NULL, &s1, &err), PX_ERR_ARG);
    px_clusterer_free(c);
    px_clusterer_free(NULL);
    px_cluster_opts o;
    px_cluster_opts_default(&o);
    o.threshold = 0;
    assert_null(px_clusterer_new(&o, &err));
    assert_int_equal(err.code, PX_ERR_ARG);
    px_cluster_opts_default(&o);
    o.nn_weight = -1;
    assert_null(px_clusterer_new(&o, &err));
    px_cluster_opts_default(&o);
    o.size_prior = -0.5;
    assert_null(px_clusterer_new(&o, &err));
    assert_int_equal(err.code, PX_ERR_ARG);
    px_cluster_opts_default(&o);
    o.idf_prior = -1;
    assert_null(px_clusterer_new(&o, &err));
    assert_int_equal(err.code, PX_ERR_ARG);
    assert_null(px_cluster_doc_new(NULL, NULL, &err));
    assert_int_equal(err.code, PX_ERR_ARG);
    static const px_term unsorted[] = {{5, 1.0f}, {3, 1.0f}};
    assert_null(px_cluster_doc_from_terms(unsorted, 2, 2, INT64_MIN, &err));
    assert_int_equal(px_iso_seconds("2019-06-25T10:00:00Z"), 1561456800);
    assert_int_equal(px_iso_seconds("2019-06-25T12:00:00+02:00"), 1561456800);
    assert_int_equal(px_iso_seconds("not a date"), INT64_MIN);
    assert_int_equal(px_iso_seconds(NULL), INT64_MIN);
}

/* Cold start: a fresh clusterer's first two articles, two reports of one
 * event (invented), in other words but sharing the place, the ferry, the
 * names and the numbers. With plain idf over two articles every word they
 * share gets ln(3 / 2.5) = 0.18 against ln(3 / 1.5) = 0.69 for the words of
 * one only, so the shared words count for next to nothing and the reports
 * fall apart; idf_prior pseudo-articles keep the two weights close (20:
 * 2.22 and 2.73). Returns
 * whether they are one story, and with a third, unrelated article whether
 * that one stayed apart. */
static int cold_pair_joins(fixture *f, double idf_prior, int *other_apart)
{
    px_cluster_opts o;
    px_cluster_opts_default(&o);
    o.idf_prior = idf_prior;
    px_error err = {0};
    px_clusterer *cold = px_clusterer_new(&o, &err);
    assert_non_null(cold);
    px_clusterer *keep = f->c;
    f->c = cold;
    uint64_t a = add(f, "Ferry runs aground off Skarholm, 212 passengers taken ashore",
                     "The ferry Nordlys ran aground on a sandbank off Skarholm early on "
                     "Tuesday. Coastguard boats took all 212 passengers ashore; nobody was "
                     "hurt, said harbour master Inga Lund. Divers will inspect the hull "
                     "before the tide turns.", "en", "2024-05-14T07:30:00Z");
    uint64_t b = add(f, "Passengers rescued after Nordlys grounding near Skarholm",
                     "Rescuers brought 212 people off the Nordlys after the ship struck a "
                     "sandbank near Skarholm harbour on Tuesday morning. Inga Lund, the "
                     "harbour master, said the coastguard acted quickly and that divers "
                     "would check the hull for leaks.", "en", "2024-05-14T09:10:00Z");
    uint64_t c = add(f, "City council approves new cycle lanes",
                     "The city council voted on Tuesday evening to build six kilometres of "
                     "protected cycle lanes along the ring road, to be finished next spring.",
                     "en", "2024-05-14T19:00:00Z");
    int joined = px_clusterer_story(cold, a) == px_clusterer_story(cold, b);
    *other_apart = px_clusterer_story(cold, c) != px_clusterer_story(cold, a);
    f->c = keep;
    px_clusterer_free(cold);
    return joined;
}

static void test_cluster_cold_start_pair_joins(void **state)
{
    fixture *f = *state;
    px_cluster_opts o;
    px_cluster_opts_default(&o);
    assert_true(o.idf_prior > 0);
    int apart = 0;
    assert_true(cold_pair_joins(f, o.idf_prior, &apart));   /* the default joins them */
    assert_true(apart);                                     /* and not everything */
    /* control: with plain idf over the articles seen they stay apart */
    assert_false(cold_pair_joins(f, 0, &apart));
}

/* px_terms_sort is stable: equal keys keep their input order (weights hold
 * the input position), on random keys with many repeats and on inputs made
 * of a few sorted runs, at sizes around its run length. */
static void test_terms_sort_stable(void **state)
{
    (void)state;
    static const size_t sizes[] = {0, 1, 2, 15, 16, 17, 33, 100, 1000, 4099};
    uint64_t x = 88172645463325252ull;
    for (size_t si = 0; si < sizeof sizes / sizeof sizes[0]; si++)
        for (int runs = 0; runs < 2; runs++) {
            size_t n = sizes[si];
            px_term *t = malloc((n ? n : 1) * sizeof *t);
            assert_non_null(t);
            for (size_t i = 0; i < n; i++) {
                x ^= x << 13, x ^= x >> 7, x ^= x << 17;
                t[i].key = x % (n / 3 + 1);
                t[i].w = (float)i;
            }
            if (runs) /* three sorted runs, as concatenated vectors are */
                for (size_t a = 0; a < n; a += n / 3 + 1) {
                    size_t b = a + n / 3 + 1 < n ? a + n / 3 + 1 : n;
                    for (size_t i = a + 1; i < b; i++)
                        for (size_t j = i; j > a && t[j - 1].key > t[j].key; j--) {
                            px_term y = t[j];
                            t[j] = t[j - 1], t[j - 1] = y;
                        }
                }
            px_terms_sort(t, n);
            for (size_t i = 1; i < n; i++) {
                assert_true(t[i - 1].key <= t[i].key);
                if (t[i - 1].key == t[i].key) assert_true(t[i - 1].w < t[i].w);
            }
            free(t);
        }
}

/* px_cluster_doc_of(d) (the lite profile) packs to the same bytes as the
 * clustering features of d's full profile. */
static void assert_same_features(fixture *f, const px_profile *full, const px_doc *d)
{
    px_error err = {0};
    px_cluster_doc *a = px_cluster_doc_new(full, NULL, &err), *b = px_cluster_doc_of(d, f->lx, NULL, &err);
    assert_non_null(a);
    assert_non_null(b);
    uint8_t *pa = NULL, *pb = NULL;
    size_t na = px_cluster_doc_pack(a, &pa), nb = px_cluster_doc_pack(b, &pb);
    assert_true(na > 0);
    assert_int_equal(na, nb);
    assert_memory_equal(pa, pb, na);
    free(pa);
    free(pb);
    px_cluster_doc_free(a);
    px_cluster_doc_free(b);
}

/* px_cluster_doc_of (the part of the profile clustering reads) gives the
 * same features, byte for byte, as px_profile_new + px_cluster_doc_new. */
static void test_cluster_doc_of_same_features(void **state)
{
    fixture *f = *state;
    for (size_t i = 0; i < NBACK; i++) {
        px_error err = {0};
        px_record rec = {.id = BACKGROUND[i].title, .title = BACKGROUND[i].title,
                         .body = BACKGROUND[i].body, .body_len = strlen(BACKGROUND[i].body),
                         .kind = PX_BODY_TEXT, .date = "2019-06-25", .lang = BACKGROUND[i].lang,
                         .offset = PX_NO_OFFSET};
        px_doc *d = px_doc_from_record(f->ctx, &rec, NULL, &err);
        assert_non_null(d);
        px_profile *p = px_profile_new(d, f->lx, &err);
        assert_non_null(p);
        assert_same_features(f, p, d);
        px_profile_free(p);
        px_doc_free(d);
    }
}

/* Articles rich in what the lite profile leaves out or computes only in
 * part: names after titles and place prepositions (kinds), a surname used
 * alone, quotes, dates, money, exclamations, German nouns. */
static const struct art RICH[] = {
    {"Minister Anna Berg visits flooded Lenn valley",
     "Minister Anna Berg visited the Lenn valley in Norland on Tuesday, June 4, 2024, after "
     "floods forced 12,500 people from their homes. \u201cWe will rebuild every bridge,\u201d "
     "Berg said in Lenn. The Norland Water Agency (NWA) put the damage at $3.5 million! "
     "Residents of Lenn and Halden said help came late. Dr. Piet Olsen of the NWA said "
     "the river rose 4.2 metres in 6 hours.", "en"},
    {"Kanzlerin Merz besucht Hochwassergebiet in Bayern",
     "Bundeskanzler Friedrich Merz hat am Montag das Hochwassergebiet in Bayern besucht. "
     "\u201eWir lassen niemanden allein\u201c, sagte Merz in Passau. Die Schäden werden auf "
     "2,5 Mio. Euro geschätzt; 800 Menschen mussten ihre Häuser verlassen. Der Deutsche "
     "Wetterdienst (DWD) warnte am 3. Juni vor weiterem Regen in Bayern und Österreich.", "de"},
};

/* Do two vectors hold the same terms and weights? */
static bool same_vec(px_vec a, px_vec b)
{
    if (a.n != b.n) return false;
    for (uint32_t k = 0; k < a.n; k++)
        if (a.t[k].key != b.t[k].key || a.t[k].w != b.t[k].w) return false;
    return true;
}

/* The lite profile px_cluster_doc_of makes gives the same features as the
 * full profile also for articles with names of every kind, quotes, dates
 * and money, and keeps the full profile's body and title vectors, names
 * (keys, words, counts) and numbers. */
static void test_cluster_doc_of_lite_profile_same(void **state)
{
    fixture *f = *state;
    for (size_t i = 0; i < sizeof RICH / sizeof *RICH; i++) {
        px_error err = {0};
        px_record rec = {.id = RICH[i].title, .title = RICH[i].title, .body = RICH[i].body,
                         .body_len = strlen(RICH[i].body), .kind = PX_BODY_TEXT,
                         .date = "2024-06-05", .lang = RICH[i].lang, .offset = PX_NO_OFFSET};
        px_doc *d = px_doc_from_record(f->ctx, &rec, NULL, &err);
        assert_non_null(d);
        px_profile *full = px_profile_new(d, f->lx, &err), *lite = px_profile_make(d, f->lx, true, &err);
        assert_non_null(full);
        assert_non_null(lite);
        assert_true(full->n_names >= 3);
        assert_true(full->n_nums >= 2);
        assert_true(same_vec(full->body, lite->body));
        assert_true(same_vec(full->title, lite->title));
        assert_int_equal(full->n_names, lite->n_names);
        for (uint32_t k = 0; k < full->n_names; k++) {
            assert_true(full->names[k].key == lite->names[k].key);
            assert_int_equal(full->names[k].count, lite->names[k].count);
            assert_int_equal(full->names[k].ntok, lite->names[k].ntok);
            assert_memory_equal(full->names[k].tok, lite->names[k].tok,
                                full->names[k].ntok * sizeof *full->names[k].tok);
        }
        assert_int_equal(full->n_nums, lite->n_nums);
        assert_memory_equal(full->nums, lite->nums, full->n_nums * sizeof *full->nums);
        assert_same_features(f, full, d);
        px_profile_free(full);
        px_profile_free(lite);
        px_doc_free(d);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_terms_sort_stable),
        cmocka_unit_test_setup_teardown(test_cluster_doc_of_same_features, setup, teardown),
        cmocka_unit_test_setup_teardown(test_cluster_doc_of_lite_profile_same, setup, teardown),
        cmocka_unit_test_setup_teardown(test_cluster_same_story_together, setup, teardown),
        cmocka_unit_test_setup_teardown(test_cluster_different_stories_apart, setup, teardown),
        cmocka_unit_test_setup_teardown(test_cluster_time_gap_splits_story, setup, teardown),
        cmocka_unit_test(test_cluster_merge_keeps_old_id_resolving),
        cmocka_unit_test_setup_teardown(test_cluster_cross_language_names_join, setup, teardown),
        cmocka_unit_test_setup_teardown(test_cluster_long_articles_keep_their_names, setup, teardown),
        cmocka_unit_test(test_cluster_recent_article_draws_its_copy),
        cmocka_unit_test(test_cluster_size_prior_draws_to_big_story),
        cmocka_unit_test(test_cluster_lonely_article_absorbed),
        cmocka_unit_test(test_cluster_young_story_needs_two_terms),
        cmocka_unit_test(test_cluster_quiet_story_draws_less),
        cmocka_unit_test_setup_teardown(test_cluster_cold_start_pair_joins, setup, teardown),
        cmocka_unit_test(test_cluster_empty_input),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
