/*
 * bench_gen_corpus - a SYNTHETIC news corpus of any size for the scale
 * benchmark (scripts/bench_scale.sh), built from real sentences.
 *
 *   bench_gen_corpus TRAIN.jsonl N [SEED] > corpus.jsonl
 *
 * Reads the articles of the SemEval-2022 Task 8 pairs file (title1/text1,
 * title2/text2, lang1/lang2; each pair is two articles about one event or
 * two related ones), splits their texts into sentences and writes N JSONL
 * articles {id, url, source, date, lang, title, text, synthetic: true} to
 * stdout, streaming (memory does not grow with N). What the stream holds:
 *
 *  - stories: a story takes one source pair and a made-up name for its
 *    event; each of its articles recombines sentences of the pair's two
 *    articles (a random subset, in order), rewritten (digits changed,
 *    adjacent words swapped, a word dropped, the event name inserted), from
 *    an outlet of the pair's language; a story stays open for 0.5-4 days of
 *    feed time and gets 1 to ~30 articles;
 *  - exact duplicates (4%): a recent article again, same title and text,
 *    under the same URL (a re-crawl) or another outlet's (syndication);
 *  - near-duplicates (6%): a recent article with one to three small edits,
 *    from another outlet;
 *  - revisions (1%): a recent article's URL with an edited text;
 *  - wire copies (4%): a recent article's whole text inside a longer one
 *    (paragraphs of another same-language article before and after).
 *
 * Dates advance through the stream (about 1,500 articles a day, at least
 * 30 days), so the feed is roughly in publication order, as a crawler's is.
 * Deterministic: the same input, N and SEED give the same bytes. Every id
 * starts with "syn-", every outlet is NAME.synthetic.example, and a line on
 * stderr says the corpus is synthetic.
 */
#include "internal.h"

#include <inttypes.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* A source article: its sentences (spans into text). */
typedef struct src {
    char *title, *text, *lang;
    size_t *s0, *s1;      /* sentence i is text[s0[i]..s1[i]) */
    size_t ns;
} src;

/* An article written, kept for later copies (a ring of recent ones). */
typedef struct out_art {
    char *url, *title, *text, *lang, *source;
    int64_t story;        /* the story it belongs to (copies keep it) */
} out_art;

/* An open story. */
typedef struct story {
    uint32_t a, b;        /* source articles */
    char name[48];        /* the event's made-up name */
    int64_t id;
    int64_t opened, until;/* feed seconds */
    uint32_t left;        /* articles it may still get */
} story;

#define RING 4096
#define MAX_OPEN 4096
#define T0 1577836800LL   /* 2020-01-01T00:00:00Z */

/* splitmix64: the whole stream comes from one seed. */
static uint64_t rnd(uint64_t *s)
{
    uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}
static uint32_t rnd_below(uint64_t *s, uint32_t n) { return n ? (uint32_t)(rnd(s) % n) : 0; }
static double rnd_unit(uint64_t *s) { return (rnd(s) >> 11) * (1.0 / 9007199254740992.0); }

static void die(const char *msg)
{
    fprintf(stderr, "bench_gen_corpus: %s\n", msg);
    exit(2);
}

static void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p) die("out of memory");
    return p;
}

static char *xstrdup(const char *s)
{
    size_t n = strlen(s) + 1;
    return memcpy(xmalloc(n), s, n);
}

static void put(px_buf *b, const char *p, size_t n)
{
    if (!px_buf_append(b, p, n)) die("out of memory");
}
static void puts_(px_buf *b, const char *s) { put(b, s, strlen(s)); }

/* Does a sentence end at text[i] (a terminator followed by a space or a
 * line end, or a CJK full stop)? Returns the terminator's length, 0 if not. */
static size_t sentence_end(const char *t, size_t i, size_t n)
{
    if ((t[i] == '.' || t[i] == '!' || t[i] == '?') && (i + 1 == n || t[i + 1] == ' ' || t[i + 1] == '\n'))
        return 1;
    if (i + 3 <= n && !memcmp(t + i, "\xe3\x80\x82", 3)) return 3;   /* 。 */
    if (i + 2 <= n && !memcmp(t + i, "\xd8\x9f", 2)) return 2;       /* ؟ */
    return 0;
}

/* Split s->text into sentences (lines, then terminators), trimmed. */
static void split(src *s)
{
    const char *t = s->text;
    size_t n = strlen(t), cap = 16;
    s->s0 = xmalloc(cap * sizeof *s->s0);
    s->s1 = xmalloc(cap * sizeof *s->s1);
    size_t start = 0;
    for (size_t i = 0; i <= n; i++) {
        size_t e = i < n ? sentence_end(t, i, n) : 0;
        int cut = i == n || t[i] == '\n' || e;
        if (!cut) continue;
        size_t end = e ? i + e : i;
        size_t a = start, z = end;
        while (a < z && (t[a] == ' ' || t[a] == '\n' || t[a] == '\t' || t[a] == '\r')) a++;
        while (z > a && (t[z - 1] == ' ' || t[z - 1] == '\t' || t[z - 1] == '\r')) z--;
        if (z - a >= 20) { /* shorter pieces are furniture or fragments */
            if (s->ns == cap) {
                cap *= 2;
                s->s0 = realloc(s->s0, cap * sizeof *s->s0);
                s->s1 = realloc(s->s1, cap * sizeof *s->s1);
                if (!s->s0 || !s->s1) die("out of memory");
            }
            s->s0[s->ns] = a;
            s->s1[s->ns++] = z;
        }
        start = end;
        if (e) i = end - 1;
    }
}

/* The sources: every article of the pairs file once. */
typedef struct corpus {
    src *a;
    size_t n, cap;
    uint32_t (*pairs)[2];
    size_t npairs;
} corpus;

static uint32_t add_article(corpus *c, const px_record *rec, const char *id, char ***ids, size_t *nids)
{
    for (size_t i = 0; i < *nids; i++)
        if (!strcmp((*ids)[i], id)) return (uint32_t)i;
    if (c->n == c->cap) {
        c->cap = c->cap ? 2 * c->cap : 1024;
        c->a = realloc(c->a, c->cap * sizeof *c->a);
        *ids = realloc(*ids, c->cap * sizeof **ids);
        if (!c->a || !*ids) die("out of memory");
    }
    src *s = &c->a[c->n];
    memset(s, 0, sizeof *s);
    s->title = xstrdup(rec->title ? rec->title : "");
    s->text = xstrdup(rec->body ? rec->body : "");
    s->lang = xstrdup(rec->lang ? rec->lang : "und");
    split(s);
    (*ids)[c->n] = xstrdup(id);
    *nids = c->n + 1;
    return (uint32_t)c->n++;
}

/* Every article of the pairs file once (pair ids are "ID1_ID2"), and the
 * pairs whose two articles share a language. */
static void load(corpus *c, const char *path)
{
    px_error err = {0};
    px_reader *r = px_reader_open(&path, 1, NULL, &err);
    if (!r) die(err.msg);
    char **ids = NULL;
    size_t nids = 0, pcap = 0;
    const px_record *rec;
    px_status st;
    while ((st = px_reader_next(r, &rec, &err)) != PX_EOF) {
        if (st != PX_OK) {
            fprintf(stderr, "bench_gen_corpus: %s: offset %llu: %s\n", err.file, (unsigned long long)err.offset,
                    err.msg);
            if (st == PX_ERR_IO) break;
            continue;
        }
        px_record s1, s2;
        if (px_reader_pair_side(r, 1, &s1, &err) != PX_OK || px_reader_pair_side(r, 2, &s2, &err) != PX_OK)
            continue;
        const char *pid = s1.id;
        const char *us = pid ? strchr(pid, '_') : NULL;
        if (!us) continue;
        char a[64], b[64];
        snprintf(a, sizeof a, "%.*s", (int)(us - pid), pid);
        snprintf(b, sizeof b, "%s", us + 1);
        uint32_t x = add_article(c, &s1, a, &ids, &nids), y = add_article(c, &s2, b, &ids, &nids);
        if (c->a[x].ns && c->a[y].ns && !strcmp(c->a[x].lang, c->a[y].lang)) {
            if (c->npairs == pcap) {
                pcap = pcap ? 2 * pcap : 1024;
                c->pairs = realloc(c->pairs, pcap * sizeof *c->pairs);
                if (!c->pairs) die("out of memory");
            }
            c->pairs[c->npairs][0] = x;
            c->pairs[c->npairs++][1] = y;
        }
    }
    px_reader_close(r);
    for (size_t i = 0; i < nids; i++) free(ids[i]);
    free(ids);
    if (!c->npairs) die("no usable pairs (same language, with sentences) in the input");
}

/* Append sentence text[a..z) rewritten: each space-separated token may be
 * dropped or swapped with the next, digits may change, and the event name
 * may be put after the first token. p is the chance of each edit. */
static void rewrite(px_buf *b, const char *t, size_t a, size_t z, const char *name, double p, uint64_t *r)
{
    const char *tok[256];
    size_t len[256], nt = 0;
    for (size_t i = a; i < z && nt < 256;) {
        while (i < z && t[i] == ' ') i++;
        size_t j = i;
        while (j < z && t[j] != ' ') j++;
        if (j > i) tok[nt] = t + i, len[nt++] = j - i;
        i = j;
    }
    if (nt > 3 && rnd_unit(r) < p) { /* drop one word */
        uint32_t k = 1 + rnd_below(r, (uint32_t)nt - 1);
        memmove(tok + k, tok + k + 1, (nt - k - 1) * sizeof *tok);
        memmove(len + k, len + k + 1, (nt - k - 1) * sizeof *len);
        nt--;
    }
    if (nt > 3 && rnd_unit(r) < p) { /* swap two neighbours */
        uint32_t k = rnd_below(r, (uint32_t)nt - 1);
        const char *x = tok[k];
        size_t y = len[k];
        tok[k] = tok[k + 1], len[k] = len[k + 1];
        tok[k + 1] = x, len[k + 1] = y;
    }
    int digits = rnd_unit(r) < p, named = name && rnd_unit(r) < p;
    for (size_t k = 0; k < nt; k++) {
        if (k) put(b, " ", 1);
        if (digits) {
            for (size_t i = 0; i < len[k]; i++) {
                char c = tok[k][i];
                if (c >= '0' && c <= '9') c = (char)('0' + rnd_below(r, 10));
                put(b, &c, 1);
            }
        } else {
            put(b, tok[k], len[k]);
        }
        if (k == 0 && named) {
            put(b, " ", 1);
            puts_(b, name);
        }
    }
}

/* A made-up event name: two capitalised pseudo-words. */
static void make_name(char *out, size_t cap, uint64_t *r)
{
    static const char *const syl[] = {"ka", "lo", "ver", "tan", "mi", "sor", "del", "ru", "nax", "pe",
                                      "bri", "ol", "zan", "ti", "gor", "e", "va", "mun", "dra", "sel"};
    size_t k = 0;
    for (int w = 0; w < 2; w++) {
        int n = 2 + (int)rnd_below(r, 2);
        if (w && k + 1 < cap) out[k++] = ' ';
        size_t first = k;
        for (int i = 0; i < n; i++) {
            const char *s = syl[rnd_below(r, sizeof syl / sizeof *syl)];
            for (; *s && k + 1 < cap; s++) out[k++] = *s;
        }
        if (first < k) out[first] = (char)(out[first] - 'a' + 'A');
    }
    out[k] = 0;
}

/* Paragraphs of 1-3 sentences: called between sentences. */
static void sentence_sep(px_buf *b, int *in_para, uint64_t *r)
{
    if (!b->len) return;
    if (*in_para >= 1 + (int)rnd_below(r, 3)) {
        put(b, "\n\n", 2);
        *in_para = 0;
    } else {
        put(b, " ", 1);
    }
}

/* A story article: sentences of the pair's two articles, rewritten. */
static void story_text(px_buf *b, const corpus *c, const story *s, uint64_t *r)
{
    const src *x = &c->a[s->a], *y = &c->a[s->b];
    double keep = 0.4 + 0.5 * rnd_unit(r);
    int in_para = 0;
    /* the lead comes from one article, the rest from both, in order */
    const src *lead = rnd_below(r, 2) ? y : x;
    const src *both[2] = {lead, lead == x ? y : x};
    for (int w = 0; w < 2; w++) {
        const src *z = both[w];
        double k = w ? keep * 0.6 : keep;
        for (size_t i = 0; i < z->ns; i++) {
            if (!(i == 0 && w == 0) && rnd_unit(r) > k) continue;
            sentence_sep(b, &in_para, r);
            rewrite(b, z->text, z->s0[i], z->s1[i], s->name, 0.3, r);
            in_para++;
        }
    }
}

/* A few small edits of a text: one to three words changed or dropped. */
static void small_edits(px_buf *out, const char *t, uint64_t *r)
{
    size_t n = strlen(t);
    int edits = 1 + (int)rnd_below(r, 3);
    size_t at[3];
    for (int i = 0; i < edits; i++) at[i] = n ? rnd_below(r, (uint32_t)n) : 0;
    int due = 0;         /* edits whose offset has passed: done at the next word start */
    size_t i = 0;
    while (i < n) {
        for (int e = 0; e < edits; e++)
            if (at[e] == i) due++;
        int word_start = (i == 0 || t[i - 1] == ' ' || t[i - 1] == '\n') && t[i] != ' ' && t[i] != '\n';
        if (due && word_start) {
            /* replace the word here with a digit run (language neutral) */
            due--;
            size_t j = i;
            while (j < n && t[j] != ' ' && t[j] != '\n') j++;
            char w[16];
            snprintf(w, sizeof w, "%u", rnd_below(r, 100000));
            puts_(out, w);
            i = j;
            continue;
        }
        put(out, t + i, 1);
        i++;
    }
}

/* Paragraphs of a random article of language lang (or any), 1-2 of them. */
static void other_paras(px_buf *b, const corpus *c, const char *lang, uint64_t *r)
{
    const src *o = NULL;
    for (int tries = 0; tries < 64 && !o; tries++) {
        const src *z = &c->a[rnd_below(r, (uint32_t)c->n)];
        if (z->ns >= 2 && !strcmp(z->lang, lang)) o = z;
    }
    if (!o) return;
    size_t from = rnd_below(r, (uint32_t)o->ns), k = 1 + rnd_below(r, 3);
    for (size_t i = from; i < o->ns && i < from + k; i++) {
        if (i > from) put(b, " ", 1);
        put(b, o->text + o->s0[i], o->s1[i] - o->s0[i]);
    }
}

static void iso(char *out, size_t cap, int64_t t)
{
    time_t tt = (time_t)t;
    struct tm tm;
    gmtime_r(&tt, &tm);
    strftime(out, cap, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* Write one JSONL record and keep it in the ring. */
static void emit(out_art *ring, uint64_t i, const char *url, const char *title, const char *text,
                 const char *lang, const char *source, int64_t t, int64_t story)
{
    char id[32], date[32];
    snprintf(id, sizeof id, "syn-%08" PRIu64, i);
    iso(date, sizeof date, t);
    json_t *o = json_object();
    json_object_set_new(o, "id", json_string(id));
    json_object_set_new(o, "url", json_string(url));
    json_object_set_new(o, "source", json_string(source));
    json_object_set_new(o, "date", json_string(date));
    json_object_set_new(o, "lang", json_string(lang));
    json_object_set_new(o, "title", json_string(title));
    json_object_set_new(o, "text", json_string(text));
    json_object_set_new(o, "synthetic", json_true());
    if (json_object_size(o) != 8) die("a generated field is not valid UTF-8");
    if (json_dumpf(o, stdout, JSON_COMPACT | JSON_PRESERVE_ORDER) != 0 || putchar('\n') == EOF)
        die("cannot write the output");
    json_decref(o);
    out_art *k = &ring[i % RING];
    free(k->url), free(k->title), free(k->text), free(k->lang), free(k->source);
    k->url = xstrdup(url), k->title = xstrdup(title), k->text = xstrdup(text);
    k->lang = xstrdup(lang), k->source = xstrdup(source);
    k->story = story;
}

/* An outlet of a language: one of 40 per language. */
static void outlet(char *out, size_t cap, const char *lang, uint64_t *r)
{
    snprintf(out, cap, "%s-news-%02u.synthetic.example", lang, rnd_below(r, 40));
}

int main(int argc, char **argv)
{
    if (argc < 3 || argc > 4) {
        fprintf(stderr, "usage: bench_gen_corpus TRAIN.jsonl N [SEED] > corpus.jsonl\n"
                        "A SYNTHETIC corpus of N articles rewritten from the SemEval-2022 articles.\n");
        return 2;
    }
    char *end;
    uint64_t n = strtoull(argv[2], &end, 10);
    if (end == argv[2] || *end || !n) die("N must be a positive number");
    uint64_t r = argc == 4 ? strtoull(argv[3], NULL, 10) : 1;
    corpus c = {0};
    load(&c, argv[1]);
    fprintf(stderr, "bench_gen_corpus: writing a SYNTHETIC corpus of %" PRIu64 " articles (seed %" PRIu64
            ") rewritten from %zu real articles (%zu same-language pairs) of %s\n",
            n, r, c.n, c.npairs, argv[1]);
    double days = n / 1500.0 < 30 ? 30 : n / 1500.0;
    double dt = days * 86400.0 / (double)n;
    out_art *ring = calloc(RING, sizeof *ring);
    story *open = xmalloc(MAX_OPEN * sizeof *open);
    size_t nopen = 0;
    int64_t next_story = 1;
    px_buf text = {0}, title = {0};
    uint64_t counts[5] = {0};
    for (uint64_t i = 0; i < n; i++) {
        int64_t t = T0 + (int64_t)(i * dt) + (int64_t)rnd_below(&r, 600);
        /* close the stories whose time is over */
        for (size_t k = 0; k < nopen;)
            if (open[k].until < t || !open[k].left) open[k] = open[--nopen];
            else k++;
        double u = rnd_unit(&r);
        uint64_t have = i < RING - 1 ? i : RING - 1; /* never the slot emit() reuses */
        const out_art *old = have ? &ring[(i - 1 - rnd_below(&r, (uint32_t)have)) % RING] : NULL;
        char url[256], src_name[96];
        text.len = title.len = 0;
        if (old && u < 0.04) { /* exact duplicate */
            int recrawl = rnd_below(&r, 2);
            if (recrawl) snprintf(url, sizeof url, "%s", old->url), snprintf(src_name, sizeof src_name, "%s", old->source);
            else outlet(src_name, sizeof src_name, old->lang, &r),
                 snprintf(url, sizeof url, "https://%s/wire/%" PRIu64, src_name, i);
            emit(ring, i, url, old->title, old->text, old->lang, src_name, t, old->story);
            counts[1]++;
            continue;
        }
        if (old && u < 0.11) { /* near-duplicate (0.04-0.10) or revision (0.10-0.11) */
            int revision = u >= 0.10;
            small_edits(&text, old->text, &r);
            if (revision) snprintf(url, sizeof url, "%s", old->url), snprintf(src_name, sizeof src_name, "%s", old->source);
            else outlet(src_name, sizeof src_name, old->lang, &r),
                 snprintf(url, sizeof url, "https://%s/copy/%" PRIu64, src_name, i);
            char *tx = xstrdup(text.len ? text.data : "");
            emit(ring, i, url, old->title, tx, old->lang, src_name, t, old->story);
            free(tx);
            counts[revision ? 3 : 2]++;
            continue;
        }
        if (old && u < 0.15) { /* a wire copy inside a longer article */
            other_paras(&text, &c, old->lang, &r);
            if (text.len) put(&text, "\n\n", 2);
            puts_(&text, old->text);
            put(&text, "\n\n", 2);
            other_paras(&text, &c, old->lang, &r);
            outlet(src_name, sizeof src_name, old->lang, &r);
            snprintf(url, sizeof url, "https://%s/news/%" PRIu64, src_name, i);
            char *tx = xstrdup(text.data);
            emit(ring, i, url, old->title, tx, old->lang, src_name, t, old->story);
            free(tx);
            counts[4]++;
            continue;
        }
        /* a story article: a new story one time in four (or when none is open) */
        story *s;
        if (!nopen || (nopen < MAX_OPEN && rnd_unit(&r) < 0.25)) {
            s = &open[nopen++];
            uint32_t p = rnd_below(&r, (uint32_t)c.npairs);
            s->a = c.pairs[p][0], s->b = c.pairs[p][1];
            make_name(s->name, sizeof s->name, &r);
            s->id = next_story++;
            s->opened = t;
            s->until = t + 43200 + (int64_t)rnd_below(&r, 3 * 86400);
            /* sizes: mostly small, a long tail */
            double g = rnd_unit(&r);
            s->left = 1 + (uint32_t)(g * g * g * 30);
        } else {
            s = &open[rnd_below(&r, (uint32_t)nopen)];
        }
        s->left--;
        story_text(&text, &c, s, &r);
        const src *ts = &c.a[rnd_below(&r, 2) ? s->a : s->b];
        rewrite(&title, ts->title, 0, strlen(ts->title), s->name, 0.5, &r);
        outlet(src_name, sizeof src_name, ts->lang, &r);
        char day[32];
        iso(day, sizeof day, t);
        day[10] = 0;
        snprintf(url, sizeof url, "https://%s/%s/story-%" PRId64 "-%" PRIu64, src_name, day, s->id, i);
        char *tx = xstrdup(text.len ? text.data : ""), *ti = xstrdup(title.len ? title.data : "");
        emit(ring, i, url, ti, tx, ts->lang, src_name, t, s->id);
        free(tx), free(ti);
        counts[0]++;
    }
    if (fflush(stdout) != 0) die("cannot write the output");
    fprintf(stderr, "bench_gen_corpus: SYNTHETIC corpus written: %" PRIu64 " story articles (%" PRId64
            " stories), %" PRIu64 " exact duplicates, %" PRIu64 " near-duplicates, %" PRIu64
            " revisions, %" PRIu64 " wire copies; %.0f days from 2020-01-01\n",
            counts[0], next_story - 1, counts[1], counts[2], counts[3], counts[4], days);
    for (size_t i = 0; i < RING; i++)
        free(ring[i].url), free(ring[i].title), free(ring[i].text), free(ring[i].lang), free(ring[i].source);
    free(ring);
    free(open);
    px_buf_free(&text);
    px_buf_free(&title);
    for (size_t i = 0; i < c.n; i++)
        free(c.a[i].title), free(c.a[i].text), free(c.a[i].lang), free(c.a[i].s0), free(c.a[i].s1);
    free(c.a);
    free(c.pairs);
    return 0;
}
