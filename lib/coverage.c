/*
 * coverage.c - the coverage report: how 2..N articles about one event
 * cover it, side by side. What they share, what each adds or omits, whom
 * each quotes, what one copied from another, and how each frames it.
 *
 * Method (every span is a byte range of a document's px_doc_text())
 *  - Facts: the body sentences of each article as the profile's sentence
 *    sets (features.c: content stems weighted by idf; cross-lingual sets
 *    when the languages differ). Every pair of articles is matched greedily
 *    one to one on the Dice overlap of the sets (px_sent_sim, the measure compare.c
 *    uses; only the pairs a merge of the two articles' term postings
 *    bounds at COV_FACT_MIN or more are scored), pairs >= COV_FACT_MIN
 *    kept; the matches are joined across
 *    articles (union-find) into facts. A fact is carried by all, some or
 *    one of the articles; one-article facts are what that article adds.
 *  - Number conflicts: two number mentions (number, money, percent,
 *    quantity) of different articles with different values are about the
 *    same thing when they are of one kind and currency, within a factor 3,
 *    and either counted in the same unit (quantities: "40 ships" vs "37
 *    container ships"), or in sentences of one fact, or share a content
 *    stem within COV_NUM_WINDOW tokens ("€60 million a day" / "each day ...
 *    costs ... €45 million"), or are quantities of the two ledes within
 *    COV_LEDE_RATIO ("4,000 dockers" / "4,200 dock workers"). A pair is
 *    dropped when either article also states the other's value in a
 *    compatible mention (they then agree and the numbers are about
 *    different things). Bare numbers 1800..2100 are
 *    taken for years and skipped. Conflicting pairs are joined into groups.
 *  - Quotes: the analyser's quote mentions. A title or a slogan gets no
 *    speaker (after a title noun: 'the theme "..."', 'die Serie "..."';
 *    outside German a short quote in title case: "Death to America"; one
 *    joined to a word: '„Bachelor in Paradise“-Folge'). The speaker is
 *    found around the quote by patterns on tokens, in the sentence the
 *    quote ends in: after it ('"...," said X', '"...," said SPD-Chef X',
 *    '"...," X said', '"...," he said', '"...," X, a professor at Y,
 *    said', a speech verb further on in the sentence when it is inverted,
 *    after a comma: 'Dies seien "..." gewesen, sagte X', not 'a student
 *    told TIME'; 'Papst X hat Gewalt als "..." bezeichnet.' - a verb ending
 *    the sentence right after the quote, the one person named before
 *    it), before it ('X said: "..."', 'sagte X: "..."', '"...," adds X,
 *    "..."', 'X said
 *    the offer "..."' - the nearest name before a speech verb of the
 *    quote's sentence (an adverb may stand between the auxiliary and the
 *    verb: "il a toutefois déclaré"; "X, a reconnu": a comma only; not when
 *    the verb has a person named after it: '..., sagt der
 *    Generalsekretär des Y, X: "..."'), the one before brackets in 'X (CDU) sagte', the
 *    person an apposition is about in 'Dr. X, Direktor der Y, erklärt:',
 *    none after a preposition nor across another quote's opening mark
 *    ('X added: "He shouted '...'"' is not X's; across one that closed:
 *    'X says he was left "shaken up" and a "little sore"'); 'X: "..."' and 'X ...: "..."' for a name
 *    opening the sentence (after a role word or "Doch", "But": 'Doch Dr.
 *    X weiß auch: "..."'); 'X responded ..., saying "..."' - the
 *    sentence's first person, else the person a pronoun opening it
 *    stands for; 'X replying "..."' - the name before it; 'the
 *    32-year-old said', 'El Presidente comentó que' - a description with
 *    a role word and no name is the person named before; 'X comentó que
 *    "...", y destacó que "..."' - after "and" the quote before's
 *    speaker, also with no one named since the quote before: 'X a affirmé
 *    que "...", et a déclaré que "..."'; 'X told ... "..." and would "..."' - joined by "and" and a
 *    few words naming no one, the quote before's speaker), '"...", so X', '"..." X, ancien président de Y', '"...",
 *    premier ministre du Canada, X.', '"...," foreign minister X said'
 *    (lower-case title words before the name), or "according to X" / selon /
 *    según / laut / gemäß in its sentence ("selon le ministre": the
 *    person named before; "according to the DFS chief X": the person). Speech verbs in en, de, fr, es
 *    (said, told, sagte, erklärte, a déclaré, assure, dijo, ...), after an
 *    auxiliary ("a déclaré") or before an inverted pronoun ("sagte sie",
 *    "a-t-elle ajouté"), or one word with it ("explique-t-elle", "dit-il",
 *    "a-t-il lâché"; "affirme-t-on" names nobody). After the verb a
 *    person's name is taken, or a name that is not after an article
 *    ("sagte ein Sprecher der Deutschen Presse-Agentur" has none), or an
 *    organisation's name right after the article ("said the Moscow
 *    Times", "indique le JDD"; not "told the BBC"), or an institution named
 *    by its complement ("rappelle le ministère de l'Agriculture": the
 *    analyser finds "Agriculture", the speaker's span takes in the noun;
 *    institution_of); a person named after a description and a comma ("dijo
 *    la presidenta, la demócrata X"). A description of an institution
 *    after the verb ("a précisé le ministère") is the institution last
 *    named so with that noun. A pronoun (he, she, er, sie, il,
 *    elle, él, ella), or a description with a definite article ("the
 *    president added", "a déclaré le ministre"; in German only a role
 *    word: "sagte der Direktor", not "schrieb die Staatsoper"), is the
 *    person last named as the subject of a speech verb in the quote's
 *    sentence or the three before, else the nearest name that looks like
 *    a person (plausible_person; for a pronoun also a name of no clear kind
 *    with a person's cue of its own: a title, opening a sentence a
 *    pronoun speaks in one of the next two, outside German the subject of
 *    a speech verb: pronoun_person; in German not a name opening a sentence
 *    whose verb a pronoun follows, "Letztes Jahr kaufte sie") in those
 *    sentences, else one that speaks elsewhere in the COV_PRONOUN_SENTS
 *    before (a description: first the person last named with its role
 *    word anywhere before); never a name after a
 *    preposition ("reagierte auf Aussagen von X", "von US-Präsident X",
 *    "de la Ley de X", "sans X", "L'entourage d'X explique"), nor one in
 *    brackets right after another name ("Sister Agatha (Dolly Wells)"), nor the
 *    "X" of "She said X was ...", nor the name the pronoun's clause
 *    reports on ("Russia, she said, was ..."), nor one of a list of names ("X, Y oder
 *    Z", "X and Y", "X, Y oder Bundesrat Z" with Z not found), nor one in
 *    apposition to a preposition's object ("avec le chef des Verts, X")
 *    (and a speech verb in a clause that is another's object, "affected
 *    by what X had said", makes no one the subject last named), nor one whose title is of the other gender ("he" is
 *    not "Mrs X", "Sister X", "Gräfin X"; "she" not "Count X"); none at
 *    all after a speech verb whose subject is someone not named ("Un
 *    initié ... dit", "a source said") unless a person named speaks
 *    nearer. A description's role word must fit the person: a party or a
 *    place before its hyphen ("der FDP-Chef") carried by a mention of the
 *    person ("FDP-Chef X", "X (FDP)"), and a plain one ("der Präsident")
 *    is no one named with a compound of two role words
 *    ("Ministerpräsident X"); "the spokesman" is only a person named or
 *    speaking as one, never merely the person named last; a role word
 *    with only whose it is after it ("Vertreter der Angehörigen") is a
 *    description, not a name. A description of an institution ("le
 *    gouvernement", "the carrier") gets none. A quote inside another ('X said: "He shouted '...'"')
 *    never gets a speaker named outside the outer quote. A name is
 *    a person's when its profile says so or another article's does for a
 *    name it matches, and it has no digit nor lower-case word but a
 *    particle (person_like). It looks like a person (name_cues) with a
 *    cue: a title or role word before it or opening it ("Mr", "Frau",
 *    "M.", "minister", "SPD-Chef X", "DC X"), a first name and a surname (the
 *    surname alone is a person's name elsewhere, outside quotes), being
 *    the subject of a speech verb somewhere, or outside German two or
 *    more words; never when it is used as a place ("in X", "aus X", "en
 *    X", "à X") or right after "the" ("the Vatican", "the Clinton
 *    administration"). Outside German a name of no clear kind that the
 *    article shortens to its first or last word ("Sue Wilson" ... "Sue",
 *    "Ed Bailey" ... "Mr Bailey") is a person's, and so is the short form
 *    (shortened_cues). A name of no clear kind is a person's, with a
 *    title cue, after a capitalised role word or opening with one
 *    ("Experten Sabine Fischer-Volk"), or by an apposition (apposition:
 *    an age, "Kevin Derbyshire, 32,"; a role word after a comma,
 *    "Bernardita Nuñez, présidente de"; a description with an article and
 *    a role word before a comma, "le ministre de l'Intérieur, Christophe
 *    Castaner", "le responsable de l'espace extérieur, Manuel Ramos"), and so is a name matching such a name in any article.
 *    A single title word ("Presidente") is no name. The speaker's span
 *    stops before a German article object it ran into ("Walter-Borjans
 *    der Deutschen Presse-Agentur" -> "Walter-Borjans") and before "von"
 *    with two or more words after it ("Karin Kretzer von der Polizei
 *    Krefeld"), and leaves out a word for "according to" or (German) a
 *    role word opening it ("Fernsehkommissar Wagner" -> "Wagner").
 *    Names inside quotes are never speakers. A speech verb with no subject
 *    right after the quote ('"...", señaló.') takes the speaker of a quote
 *    before in the paragraph or the previous one. None of the rules that
 *    carry a quote's speaker to a later quote ('continued') crosses
 *    another voice (a quote mark of no quote found: '... the Assembly,"
 *    Evers said.'; a speech verb beside another person's name), nor gives
 *    one to a quote with an attribution of its own whose subject is not
 *    named ('"...", indique un proche', '"...", sagt ein Sprecher'), or
 *    one the analyser did not find ('"...", so Rohani'). Text between two
 *    quotes' marks taken for a quote (it opens with a comma: ', sagte X.
 *    "') is nobody's. A
 *    quote with no attribution that opens a sentence and ends a clause
 *    continues its paragraph's last quote (short unattributed quotes
 *    between passed over), one that opens a paragraph the quote the previous paragraph
 *    ends with, one after a sentence with "X says" (or ending "..., says
 *    X.", or "She says") in its paragraph, or ending the paragraph before
 *    with no quote of its own, is X's. One that opens a paragraph after paragraphs that leave a quote
 *    open (British style: a quote over several paragraphs, each opening
 *    with a mark and only the last closing it; the analyser finds the
 *    last) is the words of the one who opened it: 'X said: "', 'he said:
 *    "', 'sagte X: "' (at most COV_OPEN_PARAS paragraphs before). A quote
 *    with no speaker that the article gives again, word for word, with
 *    one (a headline's quote) takes it. Quotes of different articles are the same when they share >=
 *    60% of the words of the shorter (px_quote_overlap, as compare.c);
 *    each carrier's copy is "verbatim" (same folded text as the longest),
 *    "partial" (inside it) or "paraphrased". A copy with no speaker takes
 *    the one another article's copy names ("carried", with the article
 *    it comes from) when the named copies agree, both copies have
 *    COV_CARRY_WORDS+ words, the copy a third of the other's, is no title, and
 *    its own article names that person too; a copy that names a speaker
 *    keeps it. A quote of COV_UNQUOTED_WORDS+ words that another
 *    article gives without marks (a body sentence holding COV_UNQUOTED_MIN
 *    of its words) is listed for that article as "unquoted".
 *  - People and organisations: the profiles' names joined across (and
 *    within) articles by px_name_match (same folded form or word subset:
 *    "Erikson" ~ "Tomas Erikson"; for non-people also a compound's prefix:
 *    "Donga" ~ "Dong-a Ilbo"); per article how often each is named and
 *    quoted.
 *  - Reuse: fingerprint.c's exact shingle comparison of every pair
 *    (px_fingerprint_compare), its shared spans; each article's reused
 *    share is the largest share of its shingles found in another article;
 *    the earlier article (by date) is the likely source. Wire agencies
 *    named in the text (AP, Reuters, AFP, dpa, EFE, ...) are listed.
 *  - Framing: for each article against the others pooled, the log-odds
 *    ratio of every content stem with an informative Dirichlet prior
 *    (Monroe, Colaresi & Quinn 2008, "Fightin' Words", eq. 16-22), the
 *    prior being the pooled counts of all the articles (alpha_w = count of
 *    w in all, alpha_0 = all words): z = delta / sqrt(var), top
 *    COV_FRAME_TERMS by z. Headline and lede (first body sentence) side by
 *    side. Tone: counts of words of a small positive and negative word
 *    list (en, de, fr, es); tone = (pos - neg) / (pos + neg), 0 with none,
 *    and both per 100 words. Crude and documented as such.
 *
 * Guarantees: no global mutable state (the word lists are const); the
 * report is a pure function of the documents and the lexicon; any input,
 * even empty documents, gives a report; NULL only on no memory or bad
 * arguments. The documents and lexicon are only read during the build.
 */
#define _GNU_SOURCE /* memmem */
#include "internal.h"

#include <ctype.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define COV_FACT_MIN 0.3       /* sentence overlap that makes one fact */
#define COV_QUOTE_MIN 0.6      /* quote word overlap that makes one quote */
#define COV_UNQUOTED_MIN 0.7   /* share of a quote's words in a sentence without marks */
#define COV_UNQUOTED_WORDS 5   /* ... for quotes of at least this many distinct words */
#define COV_NUM_WINDOW 5       /* tokens either side of a number for its context */
#define COV_NUM_RATIO 3.0      /* conflicting values differ by at most this factor */
#define COV_LEDE_RATIO 1.5     /* ... and quantities of two ledes by at most this */
#define COV_FRAME_TERMS 8      /* framing terms per article */
#define COV_MAX_DOCS 64        /* articles one report takes */
#define COV_CARRY_WORDS 4      /* a copy taking another article's speaker has this many words */
#define COV_PRONOUN_SENTS 6    /* a pronoun's person named in its sentence or this many before */
#define COV_OPEN_PARAS 12      /* a quote left open runs over at most this many paragraphs */

/* One article's text and paragraphs, copied for the HTML page. */
typedef struct cov_text {
    char *text;
    uint32_t len;
    px_span *paras;
    uint32_t n_paras;
} cov_text;

struct px_coverage {
    size_t n;
    json_t *root;
    cov_text *texts; /* n of them: px_coverage_to_html() places the spans in them */
};

/* ------------------------------------------------------------ helpers */

/* A disjoint-set forest over n nodes (path halving, union by index). */
typedef struct uf {
    uint32_t *p;
    size_t n;
} uf;

static bool uf_init(uf *u, size_t n)
{
    u->n = n;
    u->p = malloc((n + 1) * sizeof *u->p);
    if (!u->p) return false;
    for (size_t i = 0; i < n; i++) u->p[i] = (uint32_t)i;
    return true;
}

static uint32_t uf_find(uf *u, uint32_t x)
{
    while (u->p[x] != x) {
        u->p[x] = u->p[u->p[x]];
        x = u->p[x];
    }
    return x;
}

static void uf_union(uf *u, uint32_t a, uint32_t b)
{
    a = uf_find(u, a);
    b = uf_find(u, b);
    if (a == b) return;
    if (a < b) u->p[b] = a;
    else u->p[a] = b;
}

/* Index of the first token starting at or after byte pos. */
static uint32_t tok_at(const px_doc *d, uint32_t pos)
{
    uint32_t lo = 0, hi = d->n_toks;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (d->toks[mid].span.start < pos) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}

/* Is the norm of token t one of the words of list? */
static bool tok_in(const px_doc *d, uint32_t t, const char *const *list)
{
    if (t >= d->n_toks || !d->toks[t].norm) return false;
    const char *w = d->toks[t].norm;
    for (size_t i = 0; list[i]; i++)
        if (strcmp(list[i], w) == 0) return true;
    return false;
}

static bool tok_is(const px_doc *d, uint32_t t, const char *w)
{
    return t < d->n_toks && d->toks[t].norm && strcmp(d->toks[t].norm, w) == 0;
}

/* A word list sorted for binary search (a copy per report: no global
 * state), for the lists tested on every token. */
typedef struct wset {
    const char **w;
    size_t n;
} wset;

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static bool wset_init(wset *s, const char *const *list)
{
    s->n = 0;
    while (list[s->n]) s->n++;
    s->w = malloc((s->n + 1) * sizeof *s->w);
    if (!s->w) return false;
    memcpy(s->w, list, s->n * sizeof *s->w);
    qsort(s->w, s->n, sizeof *s->w, cmp_str);
    return true;
}

/* Is the norm of token t of d in s? */
static bool tok_inset(const px_doc *d, uint32_t t, const wset *s)
{
    if (t >= d->n_toks || !d->toks[t].norm) return false;
    const char *w = d->toks[t].norm;
    return bsearch(&w, s->w, s->n, sizeof *s->w, cmp_str) != NULL;
}

static bool valid_span(const px_doc *d, px_span s)
{
    return s.end > s.start && s.end <= d->text_len;
}

/* {"start", "end", "text"} of a span of d (text null for an empty span). */
static json_t *jspan(const px_doc *d, px_span s)
{
    json_t *o = json_object();
    if (!o) return NULL;
    json_object_set_new(o, "start", json_integer(s.start));
    json_object_set_new(o, "end", json_integer(s.end));
    json_object_set_new(o, "text", valid_span(d, s) ? json_stringn(d->text + s.start, s.end - s.start)
                                                    : json_null());
    return o;
}

static double round3(double x) { return isfinite(x) ? round(x * 1000) / 1000 : 0; }

/* The key of a name mention's norm: as features.c keys a px_pname. */
static uint64_t name_key(const char *norm)
{
    char buf[256];
    size_t sl = 0;
    for (size_t j = 0; norm[j] && j < 255; j++) {
        char c = norm[j];
        if (c != ' ' && c != '-' && c != '.' && c != '\'' && c != '_') buf[sl++] = c;
    }
    return sl ? px_term_hash(PX_NS_NAME, buf, sl) : 0;
}

/* The profile name of mention m of doc, or -1. */
static int32_t pname_of(const px_profile *p, const px_mention *m)
{
    if (!m->norm) return -1;
    uint64_t k = name_key(m->norm);
    for (uint32_t i = 0; k && i < p->n_names; i++)
        if (p->names[i].key == k) return (int32_t)i;
    return -1;
}

/* ------------------------------------------------------------ the state */

typedef struct qinfo {
    uint32_t ment;             /* quote mention */
    int32_t speaker;           /* name mention of the speaker, -1 unknown */
    const char *via;           /* how the speaker was found */
    int32_t pq;                /* profile quote index, -1 (too short) */
    bool subjectless;          /* a speech verb with no subject follows it */
    bool title;                /* a title or a slogan: nobody's words */
    bool coord;                /* after "and" + a speech verb with no subject of its own */
    bool own;                  /* a speech verb with a subject follows it, one not named
                                  ('"...", indique un proche', '"...", sagt ein Sprecher') */
} qinfo;

typedef struct cov {
    size_t n;
    const px_doc *const *docs;
    const px_lexicon *lx;
    px_profile **prof;
    /* facts: node = soff[i] + k for profile sentence k of doc i */
    size_t *soff;
    uf facts;
    double *fact_score;        /* per node: lowest match score joining it */
    /* names: per doc, each mention's profile name (-1 none) and whether
     * each profile name is a person's (pname_person) */
    int32_t **ment_pn;
    uint16_t **person;         /* per doc and profile name: PN_* flags */
    uint8_t **inquote;         /* per doc and mention: a name inside a quote */
    /* quotes */
    qinfo **q;
    uint32_t *nq;
    /* sorted word lists: speech verbs, tone words */
    wset verbs, institutions, tone_pos, tone_neg;
    /* per doc: postings of the native [0] and cross-lingual [1] sentence sets */
    struct spost **post[2];
    size_t *npost[2];
} cov;

/* ------------------------------------------------------------ facts */

typedef struct scand {
    double s;
    uint32_t i, j;
} scand;

static int cmp_scand(const void *pa, const void *pb)
{
    const scand *a = pa, *b = pb;
    if (a->s != b->s) return a->s < b->s ? 1 : -1;
    if (a->i != b->i) return a->i < b->i ? -1 : 1;
    return a->j < b->j ? -1 : a->j > b->j;
}

/* A posting of a profile's sentence sets: a key's top 32 bits (what
 * px_sent_sim compares), a sentence, and the sum of that key's weights in
 * the sentence. Sorted by key: the overlaps of all sentence pairs of two
 * articles come from one merge. */
typedef struct spost {
    uint32_t key, sent;
    float w;
} spost;

static int cmp_spost(const void *pa, const void *pb)
{
    const spost *a = pa, *b = pb;
    if (a->key != b->key) return a->key < b->key ? -1 : 1;
    return a->sent < b->sent ? -1 : a->sent > b->sent;
}

/* The postings of doc i's native (space 0) or cross-lingual (1) sentence
 * sets, built once. */
static bool postings(cov *c, size_t i, int space)
{
    if (c->post[space][i]) return true;
    const px_profile *p = c->prof[i];
    const px_term *t = space ? p->xterms : p->sterms;
    const px_psent *ps = space ? p->xsents : p->sents;
    size_t n = 0;
    for (uint32_t k = 0; k < p->n_sents; k++) n += ps[k].n;
    spost *v = malloc((n + 1) * sizeof *v);
    if (!v) return false;
    n = 0;
    for (uint32_t k = 0; k < p->n_sents; k++)
        for (uint32_t x = ps[k].start; x < ps[k].start + ps[k].n; x++)
            v[n++] = (spost){(uint32_t)(t[x].key >> 32), k, t[x].w};
    qsort(v, n, sizeof *v, cmp_spost);
    size_t m = 0;
    for (size_t k = 0; k < n; k++) {
        if (m && v[m - 1].key == v[k].key && v[m - 1].sent == v[k].sent) v[m - 1].w += v[k].w;
        else v[m++] = v[k];
    }
    c->post[space][i] = v;
    c->npost[space][i] = m;
    return true;
}

/* Match the sentences of articles x and y one to one, best pairs first.
 * The postings' merge bounds every pair's overlap from above (a key's
 * summed weights); px_sent_sim scores only the pairs the bound lets
 * reach COV_FACT_MIN. */
static bool match_pair(cov *c, size_t x, size_t y)
{
    const px_profile *a = c->prof[x], *b = c->prof[y];
    bool same = strcmp(a->lang, b->lang) == 0;
    const px_term *ta = same ? a->sterms : a->xterms, *tb = same ? b->sterms : b->xterms;
    const px_psent *sa = same ? a->sents : a->xsents, *sb = same ? b->sents : b->xsents;
    uint32_t na = a->n_sents, nb = b->n_sents;
    if (!na || !nb) return true;
    int space = !same;
    if (!postings(c, x, space) || !postings(c, y, space)) return false;
    float *acc = calloc((size_t)na * nb, sizeof *acc);
    if (!acc) return false;
    const spost *pa = c->post[space][x], *pb = c->post[space][y];
    size_t i = 0, j = 0, ma = c->npost[space][x], mb = c->npost[space][y];
    while (i < ma && j < mb) {
        if (pa[i].key < pb[j].key) i++;
        else if (pa[i].key > pb[j].key) j++;
        else {
            size_t i2 = i, j2 = j;
            while (i2 < ma && pa[i2].key == pa[i].key) i2++;
            while (j2 < mb && pb[j2].key == pb[j].key) j2++;
            for (size_t u = i; u < i2; u++)
                for (size_t w = j; w < j2; w++)
                    acc[(size_t)pa[u].sent * nb + pb[w].sent] += PX_MIN(pa[u].w, pb[w].w);
            i = i2;
            j = j2;
        }
    }
    scand *v = NULL;
    size_t nv = 0, cap = 0;
    for (uint32_t i = 0; i < na; i++)
        for (uint32_t j = 0; j < nb; j++) {
            float bound = acc[(size_t)i * nb + j];
            double den = (double)sa[i].norm + sb[j].norm;
            /* float sums: a little slack below the bound */
            if (bound <= 0 || den <= 0 || 2.0 * bound / den < COV_FACT_MIN - 1e-3) continue;
            double s = px_sent_sim(ta, &sa[i], tb, &sb[j]);
            if (s < COV_FACT_MIN) continue;
            if (!px_grow((void **)&v, &cap, nv + 1, sizeof *v)) {
                free(v);
                free(acc);
                return false;
            }
            v[nv++] = (scand){s, i, j};
        }
    free(acc);
    if (nv) qsort(v, nv, sizeof *v, cmp_scand);
    uint8_t *ua = calloc(na + nb, 1);
    if (!ua) {
        free(v);
        return false;
    }
    uint8_t *ub = ua + na;
    for (size_t k = 0; k < nv; k++) {
        if (ua[v[k].i] || ub[v[k].j]) continue;
        ua[v[k].i] = ub[v[k].j] = 1;
        uint32_t p = (uint32_t)(c->soff[x] + v[k].i), q = (uint32_t)(c->soff[y] + v[k].j);
        uf_union(&c->facts, p, q);
        if (v[k].s < c->fact_score[p]) c->fact_score[p] = v[k].s;
        if (v[k].s < c->fact_score[q]) c->fact_score[q] = v[k].s;
    }
    free(ua);
    free(v);
    return true;
}

/* The fact node of doc i's sentence index s, or UINT32_MAX. */
static uint32_t fact_node(const cov *c, size_t i, uint32_t s)
{
    const px_profile *p = c->prof[i];
    uint32_t lo = 0, hi = p->n_sents;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (p->sents[mid].sent < s) lo = mid + 1;
        else hi = mid;
    }
    return lo < p->n_sents && p->sents[lo].sent == s ? (uint32_t)(c->soff[i] + lo) : UINT32_MAX;
}

typedef struct fsort {
    uint32_t root, carried, first_doc, first_pos;
} fsort;

static int cmp_fsort(const void *pa, const void *pb)
{
    const fsort *a = pa, *b = pb;
    if (a->carried != b->carried) return a->carried < b->carried ? 1 : -1;
    if (a->first_doc != b->first_doc) return a->first_doc < b->first_doc ? -1 : 1;
    return a->first_pos < b->first_pos ? -1 : a->first_pos > b->first_pos;
}

/* Per article: facts it carries, facts only it carries, facts others carry
 * that it does not (what it omits). */
typedef struct fcount {
    uint32_t carried, only, omitted;
} fcount;

static json_t *facts_json(cov *c, json_t *summary, fcount *fc)
{
    size_t total = c->soff[c->n];
    json_t *arr = json_array();
    uint32_t *carried = calloc(total + 1, sizeof *carried);
    uint64_t *docmask = calloc(total + 1, sizeof *docmask);
    fsort *fs = malloc((total + 1) * sizeof *fs);
    size_t nf = 0, n_all = 0, n_some = 0, n_one = 0;
    if (!arr || !carried || !docmask || !fs) goto out;
    for (size_t i = 0; i < c->n; i++)
        for (size_t k = c->soff[i]; k < c->soff[i + 1]; k++) {
            uint32_t r = uf_find(&c->facts, (uint32_t)k);
            if (!(docmask[r] & (1ULL << i))) docmask[r] |= 1ULL << i, carried[r]++;
        }
    for (size_t i = 0; i < c->n; i++)
        for (size_t k = c->soff[i]; k < c->soff[i + 1]; k++) {
            uint32_t r = uf_find(&c->facts, (uint32_t)k);
            if (r != k) continue; /* roots are their set's smallest node: first doc, first sentence */
            fs[nf++] = (fsort){r, carried[r], (uint32_t)i, (uint32_t)(k - c->soff[i])};
        }
    qsort(fs, nf, sizeof *fs, cmp_fsort);
    for (size_t f = 0; f < nf; f++) {
        uint32_t r = fs[f].root;
        json_t *o = json_object(), *by = json_array(), *sp = json_array();
        double score = 1;
        for (size_t i = 0; i < c->n; i++)
            if (docmask[r] & (1ULL << i)) json_array_append_new(by, json_integer((json_int_t)i));
        for (size_t i = 0; i < c->n; i++)
            for (size_t k = c->soff[i]; k < c->soff[i + 1]; k++) {
                if (uf_find(&c->facts, (uint32_t)k) != r) continue;
                const px_doc *d = c->docs[i];
                uint32_t s = c->prof[i]->sents[k - c->soff[i]].sent;
                px_span span = s < d->n_sents ? d->sents[s].span : (px_span){0, 0};
                json_t *e = jspan(d, span);
                json_object_set_new(e, "doc", json_integer((json_int_t)i));
                json_object_set_new(e, "sentence", json_integer(s));
                json_array_append_new(sp, e);
                if (c->fact_score[k] < score) score = c->fact_score[k];
            }
        uint32_t cr = fs[f].carried;
        for (size_t i = 0; i < c->n; i++) {
            bool has = docmask[r] & (1ULL << i);
            fc[i].carried += has;
            fc[i].only += has && cr == 1;
            fc[i].omitted += !has && cr >= 1;
        }
        const char *scope = cr == c->n && c->n > 1 ? "all" : cr > 1 ? "some" : "one";
        if (cr == c->n && c->n > 1) n_all++;
        else if (cr > 1) n_some++;
        else n_one++;
        json_object_set_new(o, "scope", json_string(scope));
        json_object_set_new(o, "carried_by", by);
        json_object_set_new(o, "score", json_real(cr > 1 ? round3(score) : 0));
        json_object_set_new(o, "sentences", sp);
        json_array_append_new(arr, o);
    }
out:
    json_object_set_new(summary, "all", json_integer((json_int_t)n_all));
    json_object_set_new(summary, "some", json_integer((json_int_t)n_some));
    json_object_set_new(summary, "one", json_integer((json_int_t)n_one));
    free(carried);
    free(docmask);
    free(fs);
    return arr;
}

/* ------------------------------------------------------------ numbers */

typedef struct nument {
    uint32_t doc, ment;
    uint32_t fact;             /* fact root of its sentence, UINT32_MAX */
    bool lede;                 /* in the first body sentence */
    uint64_t ctx[2 * COV_NUM_WINDOW];
    uint32_t nctx;
    const char *ctxw[2 * COV_NUM_WINDOW]; /* the context words' norms */
} nument;

static bool is_num_kind(px_mention_kind k)
{
    return k == PX_MENTION_NUMBER || k == PX_MENTION_MONEY || k == PX_MENTION_PERCENT ||
           k == PX_MENTION_QUANTITY;
}

/* Do two unit words name the same thing (a final s aside)? */
static bool same_unit(const char *a, const char *b)
{
    if (!a || !b) return false;
    size_t la = strlen(a), lb = strlen(b);
    if (la && a[la - 1] == 's') la--;
    if (lb && b[lb - 1] == 's') lb--;
    return la == lb && la > 0 && memcmp(a, b, la) == 0;
}

/* Can mentions x and y state the same quantity? Same kind, currency,
 * percent sign; quantities of one unit. */
static bool compatible(const px_mention *x, const px_mention *y)
{
    if (x->kind != y->kind) return false;
    if (x->kind == PX_MENTION_MONEY) return x->unit && y->unit && strcmp(x->unit, y->unit) == 0;
    return true;
}

static const char *shared_ctx(const nument *a, const nument *b)
{
    for (uint32_t i = 0; i < a->nctx; i++)
        for (uint32_t j = 0; j < b->nctx; j++)
            if (a->ctx[i] == b->ctx[j]) return a->ctxw[i];
    return NULL;
}

/* Does doc i state value v in a mention compatible with m? */
static bool states_value(const px_doc *d, const px_mention *m, double v)
{
    for (uint32_t k = 0; k < d->n_ments; k++) {
        const px_mention *o = &d->ments[k];
        if (!is_num_kind(o->kind) || !compatible(o, m)) continue;
        if (fabs(o->value - v) <= 1e-9 * PX_MAX(fabs(v), 1.0)) return true;
    }
    return false;
}

static bool looks_like_year(const px_mention *m)
{
    return m->kind == PX_MENTION_NUMBER && m->value >= 1800 && m->value <= 2100 &&
           m->value == floor(m->value);
}

static void num_context(const cov *c, nument *e)
{
    const px_doc *d = c->docs[e->doc];
    const px_mention *m = &d->ments[e->ment];
    uint32_t t0 = tok_at(d, m->span.start), t1 = tok_at(d, m->span.end);
    e->nctx = 0;
    if (m->sent >= d->n_sents) return;
    const px_sentence *s = &d->sents[m->sent];
    uint32_t lo = t0 > s->tok_start + COV_NUM_WINDOW ? t0 - COV_NUM_WINDOW : s->tok_start;
    uint32_t hi = PX_MIN(t1 + COV_NUM_WINDOW, s->tok_end);
    for (uint32_t t = lo; t < hi && t < d->n_toks && e->nctx < 2 * COV_NUM_WINDOW; t++) {
        if (t >= t0 && t < t1) continue;
        const px_token *k = &d->toks[t];
        if (k->kind != PX_TOK_WORD || (k->flags & PX_TOKF_STOP) || !k->stem || !k->stem[0] ||
            !k->stem[1])
            continue;
        e->ctxw[e->nctx] = k->norm;
        e->ctx[e->nctx++] = px_term_hash(PX_NS_STEM, k->stem, strlen(k->stem));
    }
}

/* The first body sentence of d (its lede), or UINT32_MAX. */
static uint32_t first_body_sentence(const px_doc *d)
{
    for (uint32_t s = 0; s < d->n_sents; s++)
        if (d->sents[s].para != UINT32_MAX) return s;
    return UINT32_MAX;
}

static json_t *conflicts_json(cov *c)
{
    json_t *arr = json_array();
    size_t nn = 0, cap = 0;
    nument *v = NULL;
    for (size_t i = 0; i < c->n; i++) {
        const px_doc *d = c->docs[i];
        for (uint32_t k = 0; k < d->n_ments; k++) {
            const px_mention *m = &d->ments[k];
            if (!is_num_kind(m->kind) || !isfinite(m->value) || looks_like_year(m)) continue;
            if (!px_grow((void **)&v, &cap, nn + 1, sizeof *v)) goto out;
            nument *e = &v[nn++];
            memset(e, 0, sizeof *e);
            e->doc = (uint32_t)i;
            e->ment = k;
            uint32_t fn = fact_node(c, i, m->sent);
            e->fact = fn == UINT32_MAX ? UINT32_MAX : uf_find(&c->facts, fn);
            e->lede = m->sent < d->n_sents && m->sent == first_body_sentence(d);
            num_context(c, e);
        }
    }
    uf u;
    if (!arr || !uf_init(&u, nn)) goto out;
    const char **about = calloc(nn + 1, sizeof *about);
    uint8_t *in = calloc(nn + 1, 1);
    if (!about || !in) {
        free(about), free(in), free(u.p);
        goto out;
    }
    for (size_t x = 0; x < nn; x++)
        for (size_t y = x + 1; y < nn; y++) {
            if (v[x].doc == v[y].doc) continue;
            const px_doc *dx = c->docs[v[x].doc], *dy = c->docs[v[y].doc];
            const px_mention *mx = &dx->ments[v[x].ment], *my = &dy->ments[v[y].ment];
            if (!compatible(mx, my)) continue;
            double a = fabs(mx->value), b = fabs(my->value);
            if (fabs(a - b) <= 1e-9 * PX_MAX(a, 1.0)) continue;
            if (a <= 0 || b <= 0 || PX_MAX(a, b) / PX_MIN(a, b) > COV_NUM_RATIO) continue;
            const char *ab = NULL;
            if (mx->kind == PX_MENTION_QUANTITY && same_unit(mx->unit, my->unit)) ab = mx->unit;
            const char *sc = shared_ctx(&v[x], &v[y]);
            bool fact = v[x].fact != UINT32_MAX && v[x].fact == v[y].fact;
            /* both ledes: the inverted pyramid puts the event's count
             * there ("4,000 dockers" / "4,200 dock workers") */
            bool ledes = v[x].lede && v[y].lede && mx->kind == PX_MENTION_QUANTITY &&
                         PX_MAX(a, b) / PX_MIN(a, b) <= COV_LEDE_RATIO;
            if (!ab && !sc && !fact && !ledes) continue;
            /* both state the other's value too: they agree, about other things */
            if (states_value(dy, my, mx->value) || states_value(dx, mx, my->value)) continue;
            if (!ab) ab = mx->kind == PX_MENTION_QUANTITY && mx->unit ? mx->unit : sc;
            uf_union(&u, (uint32_t)x, (uint32_t)y);
            in[x] = in[y] = 1;
            if (!about[x]) about[x] = ab;
            if (!about[y]) about[y] = ab;
        }
    for (size_t r = 0; r < nn; r++) {
        if (!in[r] || uf_find(&u, (uint32_t)r) != r) continue;
        json_t *o = json_object(), *vals = json_array();
        const char *ab = NULL;
        const px_mention *m0 = &c->docs[v[r].doc]->ments[v[r].ment];
        for (size_t x = r; x < nn; x++) {
            if (!in[x] || uf_find(&u, (uint32_t)x) != r) continue;
            const px_doc *d = c->docs[v[x].doc];
            const px_mention *m = &d->ments[v[x].ment];
            if (!ab) ab = about[x];
            json_t *e = jspan(d, m->span);
            json_object_set_new(e, "doc", json_integer(v[x].doc));
            json_object_set_new(e, "value", json_real(m->value));
            if (m->sent < d->n_sents)
                json_object_set_new(e, "sentence", jspan(d, d->sents[m->sent].span));
            json_array_append_new(vals, e);
        }
        static const char *const kinds[] = {"", "", "", "number", "money", "percent", "quantity"};
        json_object_set_new(o, "about", ab ? json_string(ab) : json_null());
        json_object_set_new(o, "kind",
                            json_string(m0->kind <= PX_MENTION_QUANTITY ? kinds[m0->kind] : ""));
        json_object_set_new(o, "unit", m0->unit ? json_string(m0->unit) : json_null());
        json_object_set_new(o, "values", vals);
        json_array_append_new(arr, o);
    }
    free(about);
    free(in);
    free(u.p);
out:
    free(v);
    return arr;
}

/* ------------------------------------------------------------ quotes */

static const char *const speech_verbs[] = {
    "said", "says", "say", "told", "tells", "added", "adds", "stated", "warned", "insisted", "chimed",
    "accused", "urged", "wrote", "declared", "explained", "announced", "claimed", "argued",
    "noted", "recalled", "admitted", "replied", "asked", "vowed", "stressed", "continued",
    "tweeted", "responded", "acknowledged", "conceded", "confirmed", "saying", "adding",
    "suggested", "explains", "replying", "asks", "quipped", "laments", "lamented", "remarked",
    "adds", "insists", "warns", "writes", "described", "describing", "shouted", "shouting",
    "sagte", "sagt", "sagten", "sagen", "erklärte", "erklärt", "erklären", "erklärten", "betonte",
    "meinte", "warnte", "fügte", "teilte", "schrieb", "twitterte", "kommentierte", "bestätigte",
    "fordert", "forderte", "kritisiert", "kritisierte", "erzählt", "erzählte", "berichtet",
    "berichtete", "ergänzt", "ergänzte", "betont", "meint", "warnt", "argumentierte", "argumentiert",
    "findet", "chimed",
    "dijo", "afirmó", "declaró", "explicó", "señaló", "aseguró", "indicó", "añadió", "dice",
    "agregó", "manifestó", "sostuvo", "subrayó", "apuntó", "comentó", "destacó", "insistió",
    "advirtió", "escribió", "diciendo", "afirma", "asegura", "explica", "señala", "indica",
    "añade", "agrega", "destaca", "lamenta", "sostiene", "apunta", "comenta", "advierte",
    "subraya", "remarcó", "resaltó", "expresó", "lamentó", "reconoció", "relató", "detalló",
    "precisó", "puntualizó", "enfatizó", "déclaré", "déclare", "affirmé", "affirme", "expliqué",
    "indiqué", "estimé", "ajouté", "dit", "assuré", "souligné", "précisé", "martelé", "confié",
    "lancé", "lâché", "répondu", "insisté", "écrit", "annoncé", "averti", "rappelé", "raconté",
    "assure", "explique", "indique", "précise", "ajoute", "souligne", "rappelle", "estime",
    "raconte", "confie", "martèle", "insiste", "prévient", "dénonce", "reconnaît", "lance",
    "résume", "abonde", "poursuit", "conclut", "confirme", "commente", "expliquait", "ajoutait",
    "racontait", "commenté", "gesagt", "dicho", "declarado", "said:", "qualifié", "qualifie",
    "bezeichnete", "bezeichnet", "nannte", "nennt", "called", "calls", "calificó", "califica", "mahnt",
    "mahnte", "sprach", "spricht", "pointed", "points", "bilanzierte", "bilanziert", "schmunzelt",
    "schmunzelte", "resümiert", "resümierte", "confessed", "commented", "comments", "kündigte", "kündigt",
    "angekündigt", "lobte", "lobt", "confirmé", "reconnu", "dénoncé", "conclu", "prévenu", NULL};
/* participles: the speaker is the subject of the sentence, not the name
 * nearest the verb ("Trump responded ... with Kim, saying") */
static const char *const participles[] = {"saying", "adding", "replying", "describing", "shouting", "diciendo", NULL};
/* verbs whose following name is their object, not their subject ("told
 * Empire magazine", "urged Haiti's elite") */
static const char *const object_verbs[] = {"told", "tells", "urged", "asked", "accused", "warned",
                                           "warns", NULL};
/* after a speech verb with no subject ("señaló en conferencia de prensa") */
static const char *const subjectless[] = {"en", "durante", "ante", "desde", "tras", NULL};
/* before a name after the verb: whom it was said to */
static const char *const dative[] = {"to", "à", "au", "al", NULL};
/* nouns of a description that is an institution, not a person named
 * before ("a déclaré le gouvernement", "said the ministry") */
static const char *const institutions[] = {
    "government", "gouvernement", "gobierno", "regierung", "ministry", "ministère", "ministerio",
    "ministerium", "secrétariat", "secretaría", "police", "polizei", "policía", "agency", "agence",
    "agencia", "company", "unternehmen", "entreprise", "empresa", "court", "cour", "tribunal",
    "gericht", "statement", "communiqué", "comunicado", "mitteilung", "zoo", "club", "verein",
    "party", "partei", "parti", "partido", "office", "bureau", "army", "armée", "ejército",
    "armee", "department", "département", "departamento", "authorities", "autorités",
    "autoridades", "behörden", "behörde", "council", "conseil", "consejo", "rat", "ministerio",
    "sender", "verlag", "carrier", "airline", "firm", "bank", "newspaper", "broadcaster",
    "network", "station", "team", "mannschaft", "équipe", "equipo", "couple", "paar", "pareja", "group", "groupe", "grupo", "gruppe", NULL};
/* a description after the verb ("said the minister", "sagte der Ex-Minister") */
static const char *const determiners[] = {"the", "der", "die", "das", "le", "la", "les",
                                          "l", "l'", "l’", "el", "los", "las", NULL};
static const char *const indefinites[] = {"a", "an", "ein", "eine", "einer", "un", "une", "una", NULL};
static const char *const pronouns[] = {"he", "she", "er", "sie", "il", "elle", "él", "ella", NULL};
/* "and" joining two clauses ("X said ... and added") */
static const char *const conjunctions[] = {"and", "und", "et", "y", NULL};
static const char *const according[] = {"selon", "según", "laut", "gemäß", "gemäss", NULL};
static const char *const auxiliaries[] = {"a",     "hat",   "ha",    "has",    "had", "have", "habe", "haben",
                                          "ont",   "han",   "hatte", "hatten", "avait", "avaient", "había",
                                          "habían", NULL};

/* Per doc: the name mention starting at token t (first[t]) and ending at
 * token t (last[t]), -1 when none. */
typedef struct nameidx {
    int32_t *first, *last;
} nameidx;

static bool nameidx_build(const px_doc *d, const uint8_t *inquote, nameidx *x)
{
    x->first = malloc(((size_t)d->n_toks + 1) * 2 * sizeof *x->first);
    if (!x->first) return false;
    x->last = x->first + d->n_toks + 1;
    for (uint32_t t = 0; t <= d->n_toks; t++) x->first[t] = x->last[t] = -1;
    for (uint32_t k = 0; k < d->n_ments; k++) {
        const px_mention *m = &d->ments[k];
        if ((m->kind != PX_MENTION_NAME && m->kind != PX_MENTION_ACRONYM) || inquote[k]) continue;
        uint32_t t0 = tok_at(d, m->span.start), t1 = tok_at(d, m->span.end);
        if (t0 >= d->n_toks || t1 == 0 || t1 <= t0) continue;
        if (x->first[t0] < 0) x->first[t0] = (int32_t)k;
        x->last[t1 - 1] = (int32_t)k;
    }
    return true;
}

/* Skip punctuation tokens forward from t, at most max. */
static uint32_t skip_punct(const px_doc *d, uint32_t t, int max)
{
    while (t < d->n_toks && max-- > 0 && d->toks[t].kind == PX_TOK_PUNCT) t++;
    return t;
}

/* Is profile name pn of doc i a person's? The profile's guess, or the
 * guess of any other article for a name it matches (px_name_match: the
 * same or a word subset): "Schriver said" in one article makes "Randall
 * Schriver" a person in the others. */
static bool pname_person(const cov *c, size_t i, int32_t pn)
{
    if (pn < 0) return false;
    const px_pname *a = &c->prof[i]->names[pn];
    if (a->kind == PX_EV_PERSON) return true;
    if (a->kind == PX_EV_ORG) return false;
    /* ("came from Randall Schriver" made it a place) */
    for (size_t j = 0; j < c->n; j++)
        for (uint32_t k = 0; j != i && k < c->prof[j]->n_names; k++) {
            const px_pname *b = &c->prof[j]->names[k];
            if (b->kind == PX_EV_PERSON && (a->ntok > 1 || b->ntok > 1) &&
                px_name_match(a, b, NULL) >= 2)
                return true;
        }
    return false;
}

/* Can profile name k of d be a person's as written? Not with a digit
 * ("Covid-19") nor a lower-case word other than a name particle
 * ("Schwurgericht des Landgerichts Kleve"; "Ursula von der Leyen" can). */
static bool person_like(const px_doc *d, const px_profile *p, uint32_t k)
{
    static const char *const particles[] = {"von", "van", "de", "der", "den", "da", "di", "du",
                                            "la", "le", "del", "della", "y", "bin", "al", "el",
                                            "zu", "ten", "ter", "dos", "das", "e", NULL};
    const px_pname *a = &p->names[k];
    if (strpbrk(a->norm, "0123456789")) return false;
    if (a->first < 0 || (uint32_t)a->first >= d->n_ments) return true;
    px_span sp = d->ments[a->first].span;
    if (!valid_span(d, sp)) return true;
    for (uint32_t t = tok_at(d, sp.start); t < d->n_toks && d->toks[t].span.end <= sp.end; t++) {
        const px_token *w = &d->toks[t];
        if (w->kind != PX_TOK_WORD || !islower((unsigned char)d->text[w->span.start])) continue;
        if (!tok_in(d, t, particles)) return false;
    }
    return true;
}

/* Is token u a full stop after an abbreviated title ("M.", "Dr.", "Mr.")? */
static bool title_dot(const px_doc *d, uint32_t u)
{
    if (u == 0 || u >= d->n_toks || d->text[d->toks[u].span.start] != '.') return false;
    const px_token *p = &d->toks[u - 1];
    uint32_t n = p->span.end - p->span.start;
    return p->kind == PX_TOK_WORD && n <= 3 && p->span.end == d->toks[u].span.start &&
           isupper((unsigned char)d->text[p->span.start]);
}

/* What the text says of a profile name (c->person): the profile's or
 * another article's person guess, and the cues of its mentions. */
enum {
    PN_PERSON = 1,  /* pname_person and person_like */
    PN_TITLE = 2,   /* after a title or role word: "Mr", "Frau", "M.", "minister" */
    PN_SURNAME = 4, /* "Sabine Fischer-Volk" ... "Fischer-Volk": a first name and a surname */
    PN_SPEAKS = 8,  /* the subject of a speech verb: "X said", "sagte X" */
    PN_PLACE = 16,  /* after in, aus, nach, en, à, dans, desde...: a place */
    PN_THE = 32,    /* right after "the": "the Vatican", "the Clinton administration" */
    PN_OUTSIDE = 64, /* named outside quotes */
    PN_APPOS = 128,  /* an apposition makes it a person's: "X, 32,", "X, présidente de",
                        "le ministre de l'Intérieur, X" */
    PN_OPENS = 256   /* opens a sentence one of the next two has a pronoun speaking in:
                        "Eric Lindow came by ... . "...," he said" */
};

/* titles and role words written before a person's name (lower-case or
 * abbreviated; the capitalised German ones are inside the name) */
static const char *const person_titles[] = {
    "mr", "mrs", "ms", "miss", "dr", "prof", "sir", "dame", "herr", "frau", "m", "mme", "mlle",
    "me", "sr", "sra", "srta", "don", "doña", "president", "minister", "secretary", "spokesman",
    "spokeswoman", "spokesperson", "chancellor", "senator", "governor", "mayor", "director",
    "chairman", "chairwoman", "professor", "lawyer", "attorney", "coach", "manager", "leader",
    "chief", "judge", "ambassador", "rapper", "singer", "actor", "actress", "pope", "père",
    "président", "présidente", "ministre", "porte-parole", "maire", "avocat", "avocate",
    "directeur", "directrice", "entraîneur", "député", "sénateur", "chanteur", "chanteuse",
    "presidente", "ministro", "ministra", "portavoz", "alcalde", "alcaldesa", "directora",
    "entrenador", "diputado", "diputada", "senador", "abogado", "abogada", "papa", "cantante",
    "rey", "reina", "roi", "reine", "king", "queen", "prince", "princess", "docteur", "doctor",
    "organisateur", "organisatrice", "organizer", "founder", "fondateur", "fondatrice", "fundador",
    "fundadora", "dc", "ds", "di", "dci", "pc", "sgt", "insp", "supt", "cllr", "detective", "sergeant",
    "inspector", "constable", "superintendent", "councillor", NULL};
/* before a name that is not the subject of its clause */
static const char *const prepositions[] = {
    "of", "for", "with", "to", "from", "by", "about", "against", "on", "at", "into", "auf", "von",
    "mit", "für", "gegen", "über", "an", "bei", "zu", "zum", "zur", "vom", "de", "du", "des",
    "pour", "avec", "contre", "sur", "par", "d'", "d’", "con", "para", "por", "sobre", "contra", "del", "al",
    "in", "im", "aus", "nach", "en", "à", "dans", "ohne", "without", "sans", "sin", NULL};
/* before a place: "in Berlin", "aus Köln", "en Francia", "à Paris" */
static const char *const place_preps[] = {"in", "im", "aus", "nach", "en", "à", "dans", "desde",
                                          "hacia", "near", "across", "throughout", NULL};

/* Which title or role word w (folded) is, or a compound ends in
 * ("SPD-Chef", "Altkanzler", "Zoo-Direktor", "Ministerpräsidentin"): an
 * index, -1 for none. */
static int role_key(const char *w)
{
    static const char *const roles[] = {
        "chef",     "präsident", "minister",  "sprecher",  "direktor",   "kanzler",  "meister",
        "trainer",  "politiker", "anwalt",    "anwältin",  "vorsitzende", "vorsitzender", "vorstand",
        "senator",  "gouverneur", "jährige",  "jähriger",  "mediziner",  "experte",  "expertin",
        "leiter",   "arzt",      "ärztin",    "moderator", "autor",      "professor", "richter",
        "ermittler", "regisseur", "intendant", "musiker",  "künstler",   "manager",  "gründer",
        "sänger",   "schauspieler", "botschafter", "kandidat", "abgeordnete", "abgeordneter", "führer",
        "angestellte", "papst", "pontifex", "kommissar", "sekretär", "year-old", "experten", "pontiff", "vertreter", "vertreterin", "responsable", NULL};
    if (!w) return -1;
    for (size_t t = 0; person_titles[t]; t++)
        if (!strcmp(w, person_titles[t])) return 1000 + (int)t;
    size_t n = strlen(w);
    for (size_t t = 0; roles[t]; t++) {
        size_t r = strlen(roles[t]);
        if (n >= r && !strcmp(w + n - r, roles[t])) return (int)t;
        if (n >= r + 2 && !strncmp(w + n - r - 2, roles[t], r) && !strcmp(w + n - 2, "in")) return (int)t;
    }
    return -1;
}

/* Is word w (folded) a title or role, or a compound ending in one? */
static bool role_word(const char *w) { return role_key(w) >= 0; }

/* Token b, or the first of the role words right before it ("von
 * US-Präsident Donald Trump": the one after "von"). */
static uint32_t past_roles(const px_doc *d, uint32_t b)
{
    uint32_t u = b;
    while (u > 0 && u + 2 > b && d->toks[u - 1].kind == PX_TOK_WORD && role_word(d->toks[u - 1].norm)) u--;
    return u;
}

/* Can the words [from, to) of d, a description after an article, stand
 * for a person? Outside German any can ("the president", "le ministre";
 * institutions are ruled out by their own list); in German, where every
 * noun is capitalised and "schrieb die Staatsoper" is common, only a role
 * word ("der Ex-Minister", "die Sprecherin", "der 48-Jährige"). */
static bool person_description(const px_doc *d, uint32_t from, uint32_t to)
{
    if (!d->lang || strcmp(d->lang, "de")) return true;
    /* (on through a hyphen: "der 52-Jährige" is "52", "-", "Jährige") */
    for (uint32_t t = from; t < d->n_toks && (t < to || (t < to + 3 && d->text[d->toks[to].span.start] == '-'));
         t++)
        if (d->toks[t].kind == PX_TOK_WORD && role_word(d->toks[t].norm)) return true;
    return false;
}

/* Is token t a quotation mark? */
static bool quote_mark(const px_doc *d, uint32_t t)
{
    if (t >= d->n_toks || d->toks[t].kind != PX_TOK_PUNCT) return false;
    const unsigned char *p = (const unsigned char *)d->text + d->toks[t].span.start;
    return p[0] == '"' || (p[0] == 0xE2 && p[1] == 0x80 && (p[2] >= 0x98 && p[2] <= 0x9F)) ||
           (p[0] == 0xC2 && (p[1] == 0xAB || p[1] == 0xBB));
}

/* Is token t an elided article ("l'", "l’")? */
static bool elided(const px_doc *d, uint32_t t)
{
    return tok_is(d, t, "l'") || tok_is(d, t, "l’");
}

/* The token of the institution noun an organisation's name at token b of
 * d is the complement of ("le ministère de l'Agriculture", "the Ministry
 * of Health", "das Ministerium für Gesundheit"; an article before the
 * noun), else UINT32_MAX. */
static uint32_t institution_of(const px_doc *d, uint32_t b)
{
    static const char *const of[] = {"de", "du", "des", "of", "für", "der", "del", NULL};
    uint32_t p = b;
    if (p > 0 && (tok_in(d, p - 1, determiners) || elided(d, p - 1))) p--;
    if (p < 2 || !tok_in(d, p - 1, of)) return UINT32_MAX;
    p--;
    if (tok_in(d, p - 1, institutions) && tok_in(d, p - 2, determiners)) return p - 1;
    return UINT32_MAX;
}


/* Is token t the closing mark of a quote mention? */
static bool closes_quote(const px_doc *d, uint32_t t)
{
    for (uint32_t k = 0; t < d->n_toks && k < d->n_ments; k++)
        if (d->ments[k].kind == PX_MENTION_QUOTE && d->ments[k].span.end == d->toks[t].span.start) return true;
    return false;
}

/* Is token t a comma? */
static bool tok_comma(const px_doc *d, uint32_t t)
{
    return t < d->n_toks && d->toks[t].kind == PX_TOK_PUNCT && d->text[d->toks[t].span.start] == ',';
}

/* Does an apposition make the name mention [b, e) of d a person's? An age
 * ("Kevin Derbyshire, 32, from", "Janet (53)"), a role word after a comma
 * ("Bernardita Nuñez, présidente de", "X, a former minister"), or a
 * description with a role word before a comma ("le ministre de
 * l'Intérieur, Christophe Castaner", "dijo el presidente hondureño, Juan
 * Orlando Hernández"). */
static bool apposition(const px_doc *d, uint32_t b, uint32_t e)
{
    static const char *const joins[] = {"and", "und", "et", "y", "from", NULL};
    const px_token *tk = d->toks;
    /* "X, 32," "X (32)" */
    if (e + 2 < d->n_toks && (tok_comma(d, e) || d->text[tk[e].span.start] == '(') &&
        tk[e + 1].kind == PX_TOK_NUM && tk[e + 1].span.end - tk[e + 1].span.start <= 2 &&
        (tk[e + 2].kind == PX_TOK_PUNCT ? strchr(",)", d->text[tk[e + 2].span.start]) != NULL
                                          : tok_in(d, e + 2, joins)))
        return true;
    /* "X, présidente de", "X, a professor", "X, ancien président"; X not
     * after a preposition nor another capitalised word ("On New Year's
     * Day, the pontiff said") */
    bool lead = b == 0 || tk[b - 1].kind == PX_TOK_PUNCT ||
                (tk[b - 1].kind == PX_TOK_WORD && islower((unsigned char)d->text[tk[b - 1].span.start]) &&
                 !tok_in(d, b - 1, prepositions));
    if (lead && tok_comma(d, e))
        for (uint32_t u = e + 1; u < d->n_toks && u < e + 4; u++) {
            const px_token *w = &tk[u];
            if (w->kind != PX_TOK_WORD || !islower((unsigned char)d->text[w->span.start])) break;
            if (role_word(w->norm)) return true;
        }
    /* "le ministre de l'Intérieur, X": a role word after an article, in
     * the words before the comma */
    if (b >= 3 && tok_comma(d, b - 1))
        for (uint32_t u = b - 1; u-- > 0 && u + 12 > b;) {
            const px_token *w = &tk[u];
            if (w->kind == PX_TOK_PUNCT && strchr(",.;:!?()\"", d->text[w->span.start])) break;
            if (quote_mark(d, u)) break;
            if (w->kind != PX_TOK_WORD || !role_word(w->norm)) continue;
            /* (an article before it, lower-case words between: "l'entraîneur
             * et président de") */
            for (uint32_t a = u; a-- > 0 && a + 4 > u;) {
                if (tok_in(d, a, determiners) || tok_in(d, a, indefinites)) return true;
                if (tk[a].kind != PX_TOK_WORD || !islower((unsigned char)d->text[tk[a].span.start])) break;
            }
        }
    return false;
}

static uint32_t inverted_verb(const px_doc *d, const wset *verbs, uint32_t t, bool *on);
static uint32_t sent_of(const px_doc *d, uint32_t t);

/* Does the name starting at token b open its sentence: at most three
 * words before it and none of them a preposition or an article ("Eric
 * Lindow came by", "BSP supremo Mayawati on Wednesday accused"; not "In
 * X", "The X")? */
static bool opens_sentence(const px_doc *d, uint32_t b)
{
    static const char *const not_subject[] = {"during", "after", "before", "while", "when", "since", "until",
                                              "as", "like", "under", "his", "her", "their", "its", "our",
                                              "während", "nach", "seit", "sein", "seine", "ihr", "ihre",
                                              "pendant", "après", "avant", "son", "sa", "ses", "leur",
                                              "durante", "después", "antes", "su", "sus", NULL};
    if (!d->n_sents) return false;
    uint32_t st = d->sents[sent_of(d, b)].tok_start;
    if (b < st || b - st > 3) return false;
    for (uint32_t t = st; t < b; t++)
        if (d->toks[t].kind != PX_TOK_WORD || tok_in(d, t, prepositions) || tok_in(d, t, determiners) ||
            tok_in(d, t, indefinites) || tok_in(d, t, not_subject))
            return false;
    return true;
}

/* Has sentence s of doc i a pronoun as the subject of a speech verb ("he
 * said", "sagte sie", "a-t-elle ajouté", "dit-il")? */
static bool pronoun_speaks(const cov *c, size_t i, uint32_t s)
{
    const px_doc *d = c->docs[i];
    if (s >= d->n_sents) return false;
    uint32_t e = s + 1 < d->n_sents ? d->sents[s + 1].tok_start : d->n_toks;
    for (uint32_t t = d->sents[s].tok_start; t < e && t < d->n_toks; t++) {
        bool on;
        if (inverted_verb(d, &c->verbs, t, &on) != UINT32_MAX && !on) return true;
        if (!tok_in(d, t, pronouns)) continue;
        uint32_t v = tok_in(d, t + 1, auxiliaries) ? t + 2 : t + 1;
        if ((v < d->n_toks && tok_inset(d, v, &c->verbs)) || (t > 0 && tok_inset(d, t - 1, &c->verbs)))
            return true;
    }
    return false;
}

/* The cues of the name mentions of doc i (c->person[i] |= PN_*). */
static void name_cues(cov *c, size_t i)
{
    const px_doc *d = c->docs[i];
    uint16_t *fl = c->person[i];
    for (uint32_t k = 0; k < d->n_ments; k++) {
        int32_t pn = c->ment_pn[i][k];
        if (pn < 0 || c->inquote[i][k]) continue;
        fl[pn] |= PN_OUTSIDE;
        uint32_t b = tok_at(d, d->ments[k].span.start), e = tok_at(d, d->ments[k].span.end);
        if (b >= d->n_toks) continue;
        uint32_t pb = b > 0 && title_dot(d, b - 1) ? b - 1 : b; /* "M. X": the title before the dot */
        /* (a role word opening the name: "SPD-Chef Walter-Borjans", not
         * "Sprecher des Deutschen Wetterdienstes") */
        bool role = e > b + 1 && role_word(d->toks[b].norm) && d->toks[b + 1].kind == PX_TOK_WORD &&
                    isupper((unsigned char)d->text[d->toks[b + 1].span.start]);
        /* (or right before it, capitalised: "Experten Sabine Fischer-Volk",
         * "US-Präsident Donald Trump") */
        bool role_before = pb == b && b > 0 && d->toks[b - 1].kind == PX_TOK_WORD &&
                           isupper((unsigned char)d->text[d->toks[b - 1].span.start]) &&
                           role_word(d->toks[b - 1].norm);
        if ((pb > 0 && tok_in(d, pb - 1, person_titles)) || role || role_before)
            fl[pn] |= PN_TITLE;
        const px_pname *a = &c->prof[i]->names[pn];
        if ((role || role_before) && a->kind == PX_EV_NAME && !a->acronym && person_like(d, c->prof[i], (uint32_t)pn))
            fl[pn] |= PN_PERSON;
        if ((b > 0 && tok_in(d, b - 1, place_preps)) || (b > 1 && elided(d, b - 1) && tok_in(d, b - 2, place_preps)))
            fl[pn] |= PN_PLACE; /* ("dans l'État") */
        if (b > 0 && tok_is(d, b - 1, "the")) fl[pn] |= PN_THE;
        uint32_t v = e < d->n_toks && d->text[d->toks[e].span.start] == ',' ? e + 1 : e; /* "X, a dit" */
        if (tok_in(d, v, auxiliaries)) v++;
        uint32_t rb = past_roles(d, b); /* "sagte Post-Chef X" */
        if (tok_inset(d, v, &c->verbs) ||
            (rb > 0 && tok_inset(d, rb - 1, &c->verbs) && !tok_in(d, rb - 1, object_verbs)))
            fl[pn] |= PN_SPEAKS;
        /* (in German a pronoun right after the verb that follows the
         * words opening the sentence is the subject, they are not: "Letztes
         * Jahr kaufte sie ...") */
        bool v2 = d->lang && !strcmp(d->lang, "de") && e + 1 < d->n_toks && d->toks[e].kind == PX_TOK_WORD &&
                  tok_in(d, e + 1, pronouns);
        if (a->kind == PX_EV_NAME && !a->acronym && opens_sentence(d, b) && !v2 &&
            (pronoun_speaks(c, i, sent_of(d, b) + 1) || pronoun_speaks(c, i, sent_of(d, b) + 2)))
            fl[pn] |= PN_OPENS;
        if (a->kind == PX_EV_NAME && !a->acronym && a->ntok <= 4 && apposition(d, b, e) &&
            person_like(d, c->prof[i], (uint32_t)pn))
            fl[pn] |= PN_APPOS | PN_PERSON | PN_TITLE;
    }
}

/* A name of no clear kind that another name made a person's by an
 * apposition matches (px_name_match, in any article) is a person's too
 * ("le ministre de l'Intérieur, Christophe Castaner" ... "s'est réjoui le
 * ministre de l'Intérieur Christophe Castaner"). */
static void apposition_cues(cov *c, size_t i)
{
    const px_profile *p = c->prof[i];
    uint16_t *fl = c->person[i];
    for (uint32_t k = 0; k < p->n_names; k++) {
        const px_pname *a = &p->names[k];
        if ((fl[k] & PN_PERSON) || a->kind != PX_EV_NAME || a->acronym || !person_like(c->docs[i], p, k)) continue;
        for (size_t j = 0; j < c->n && !(fl[k] & PN_PERSON); j++)
            for (uint32_t x = 0; x < c->prof[j]->n_names; x++) {
                const px_pname *b = &c->prof[j]->names[x];
                if ((c->person[j][x] & PN_APPOS) && (a->ntok > 1 || b->ntok > 1) && px_name_match(a, b, NULL) >= 2) {
                    fl[k] |= PN_PERSON;
                    break;
                }
            }
    }
}

/* The first-name-and-surname cue of the names of doc i (after name_cues
 * for every doc): a name of two or more words whose last word is also a
 * person's name alone, named outside quotes, in any article, or a name
 * alone that ends such a name elsewhere. */
static void surname_cues(cov *c, size_t i)
{
    const px_profile *p = c->prof[i];
    uint16_t *fl = c->person[i];
    for (uint32_t k = 0; k < p->n_names; k++) {
        const px_pname *a = &p->names[k];
        if (!a->ntok || a->ntok > PX_NAME_TOKS || a->acronym) continue;
        for (size_t j = 0; j < c->n && !(fl[k] & PN_SURNAME); j++)
            for (uint32_t x = 0; x < c->prof[j]->n_names; x++) {
                const px_pname *b = &c->prof[j]->names[x];
                if (!b->ntok || b->ntok > PX_NAME_TOKS || b->acronym || (a->ntok > 1) == (b->ntok > 1))
                    continue;
                const px_pname *full = a->ntok > 1 ? a : b, *last = a->ntok > 1 ? b : a;
                /* (the other a person's too: German nouns are capitalised) */
                if (full->tok[full->ntok - 1] == last->tok[0] && b->kind == PX_EV_PERSON &&
                    (c->person[j][x] & PN_OUTSIDE)) {
                    fl[k] |= PN_SURNAME;
                    break;
                }
            }
    }
}

/* Names of no clear kind in doc i that the article shortens to a first
 * name or a surname ("Sue Wilson" ... "Sue", "Ed Bailey" ... "Mr
 * Bailey"): both are a person's, with the first-name-and-surname cue. Not
 * in German (nouns are capitalised); names of two or three words. */
static void shortened_cues(cov *c, size_t i)
{
    const px_profile *p = c->prof[i];
    uint16_t *fl = c->person[i];
    const char *lang = c->docs[i]->lang;
    if (lang && !strcmp(lang, "de")) return;
    for (uint32_t k = 0; k < p->n_names; k++) {
        const px_pname *a = &p->names[k];
        if (a->ntok < 2 || a->ntok > 3 || a->acronym || a->kind != PX_EV_NAME || !person_like(c->docs[i], p, k) ||
            !(fl[k] & PN_OUTSIDE) || (fl[k] & (PN_PLACE | PN_THE)))
            continue;
        for (uint32_t x = 0; x < p->n_names; x++) {
            const px_pname *b = &p->names[x];
            if (b->ntok != 1 || b->acronym || b->kind == PX_EV_ORG || b->kind == PX_EV_PLACE ||
                !(fl[x] & PN_OUTSIDE) || (fl[x] & (PN_PLACE | PN_THE)) ||
                (b->tok[0] != a->tok[0] && b->tok[0] != a->tok[a->ntok - 1]))
                continue;
            fl[k] |= PN_PERSON | PN_SURNAME;
            if (person_like(c->docs[i], p, x)) fl[x] |= PN_PERSON | PN_SURNAME;
        }
    }
}

/* Is profile name pn of doc i a title or role word alone ("Presidente",
 * "beide Politiker"), or one with only whose it is after it ("Vertreter
 * der Angehörigen", "Sprecher des Ministeriums": a description)? */
static bool role_alone(const cov *c, size_t i, int32_t pn)
{
    const px_pname *a = &c->prof[i]->names[pn];
    if (a->ntok == 1) return role_word(a->norm);
    const char *sp = a->norm ? strchr(a->norm, ' ') : NULL;
    if (!sp || sp - a->norm >= 64) return false;
    char w[64];
    memcpy(w, a->norm, (size_t)(sp - a->norm));
    w[sp - a->norm] = '\0';
    return role_key(w) >= 0 && role_key(w) < 1000 && (!strncmp(sp, " der ", 5) || !strncmp(sp, " des ", 5));
}

/* Does name mention k of doc i look like a person that can be spoken of
 * as "he" or "she", or as "the minister"? A person (is_person) with a
 * cue: a title before it, a first name and a surname, the subject of a
 * speech verb somewhere, or (not in German, where nouns are capitalised)
 * two or more words; never one used as a place or after "the". */
static bool plausible_person(const cov *c, size_t i, int32_t k)
{
    int32_t pn = c->ment_pn[i][k];
    if (pn < 0) return false;
    uint16_t f = c->person[i][pn];
    if ((f & (PN_PLACE | PN_THE)) || role_alone(c, i, pn)) return false;
    /* a name of no clear kind with a person's cue ("Ms Bradley said") */
    if (!(f & PN_PERSON)) return false;
    if (f & (PN_TITLE | PN_SURNAME | PN_SPEAKS)) return true;
    const char *lang = c->docs[i]->lang;
    return c->prof[i]->names[pn].ntok > 1 && !(lang && !strcmp(lang, "de"));
}

/* Can name mention k of doc i be the person a pronoun stands for? One
 * that looks like a person (plausible_person), or a name of no clear kind
 * the article gives a person's cue of its own: a title before it
 * ("Bollywood actor X"), opening a sentence a pronoun speaks in next
 * ("Eric Lindow came by ... . "...," he said"), or outside German (where
 * "am Agaplesion-Krankenhaus Bethanien, sagt" is common) the subject of a
 * speech verb somewhere. */
static bool pronoun_person(const cov *c, size_t i, int32_t k)
{
    if (plausible_person(c, i, k)) return true;
    int32_t pn = c->ment_pn[i][k];
    if (pn < 0) return false;
    uint16_t f = c->person[i][pn];
    const px_pname *a = &c->prof[i]->names[pn];
    const char *lang = c->docs[i]->lang;
    bool de = lang && !strcmp(lang, "de");
    if (a->kind != PX_EV_NAME || a->acronym || (f & (PN_PLACE | PN_THE)) || role_alone(c, i, pn) ||
        !person_like(c->docs[i], c->prof[i], (uint32_t)pn))
        return false;
    return (f & (PN_TITLE | PN_OPENS)) || (!de && (f & PN_SPEAKS));
}

/* Can name mention k of doc i be a speaker at all: not a name used as a
 * place nor after "the"? */
static bool speaker_cues(const cov *c, size_t i, int32_t k)
{
    int32_t pn = c->ment_pn[i][k];
    return pn < 0 || !(c->person[i][pn] & (PN_PLACE | PN_THE));
}

/* Fill c->ment_pn and c->person. */
static bool names_index(cov *c)
{
    c->ment_pn = calloc(c->n, sizeof *c->ment_pn);
    c->person = calloc(c->n, sizeof *c->person);
    c->inquote = calloc(c->n, sizeof *c->inquote);
    if (!c->ment_pn || !c->person || !c->inquote) return false;
    for (size_t i = 0; i < c->n; i++) {
        const px_doc *d = c->docs[i];
        c->ment_pn[i] = malloc(((size_t)d->n_ments + 1) * sizeof **c->ment_pn);
        c->person[i] = malloc(((size_t)c->prof[i]->n_names + 1) * sizeof **c->person);
        c->inquote[i] = calloc((size_t)d->n_ments + 1, 1);
        if (!c->ment_pn[i] || !c->person[i] || !c->inquote[i]) return false;
        /* names said inside a quote are never its speaker nor an antecedent */
        for (uint32_t k = 0; k < d->n_ments; k++) {
            if (d->ments[k].kind != PX_MENTION_QUOTE) continue;
            px_span qs = d->ments[k].span;
            for (uint32_t j = 0; j < d->n_ments; j++)
                if (j != k && d->ments[j].kind != PX_MENTION_QUOTE && d->ments[j].span.start >= qs.start &&
                    d->ments[j].span.end <= qs.end)
                    c->inquote[i][j] = 1;
        }
        for (uint32_t k = 0; k < d->n_ments; k++) {
            const px_mention *m = &d->ments[k];
            c->ment_pn[i][k] = m->kind == PX_MENTION_NAME || m->kind == PX_MENTION_ACRONYM
                                   ? pname_of(c->prof[i], m) : -1;
        }
        for (uint32_t k = 0; k < c->prof[i]->n_names; k++)
            c->person[i][k] = pname_person(c, i, (int32_t)k) && person_like(d, c->prof[i], k) ? PN_PERSON : 0;
    }
    for (size_t i = 0; i < c->n; i++) name_cues(c, i);
    for (size_t i = 0; i < c->n; i++) apposition_cues(c, i);
    for (size_t i = 0; i < c->n; i++) surname_cues(c, i);
    for (size_t i = 0; i < c->n; i++) shortened_cues(c, i);
    return true;
}

/* Is name mention k of doc i a person's? */
static bool is_person(const cov *c, size_t i, int32_t k)
{
    int32_t pn = c->ment_pn[i][k];
    return pn >= 0 && (c->person[i][pn] & PN_PERSON);
}

/* The gender a pronoun at token t gives (he, er, il, él, "dit-il": 1;
 * she, sie, elle, ella, "a-t-elle": 2), 0 for none. */
static int pron_gender(const px_doc *d, uint32_t t)
{
    static const char *const he[] = {"he", "er", "il", "él", NULL}, *const she[] = {"she", "sie", "elle", "ella", NULL};
    if (tok_in(d, t, he)) return 1;
    if (tok_in(d, t, she)) return 2;
    if (t >= d->n_toks || !d->toks[t].norm) return 0;
    const char *w = d->toks[t].norm;
    size_t n = strlen(w);
    if (n > 3 && !strcmp(w + n - 3, "-il")) return 1;
    if (n > 5 && !strcmp(w + n - 5, "-elle")) return 2;
    return 0;
}

/* Does name mention k of doc i have a title of the other gender than g
 * (1 male, 2 female; "Mrs Parsonage" is not "he")? */
static bool other_gender(const cov *c, size_t i, int32_t k, int g)
{
    static const char *const mr[] = {"mr", "herr", "m", "monsieur", "sr", "señor", "sir", "lord", "count",
                                     "king", "prince", "duke", "baron", "father", "brother", "graf", "könig",
                                     "prinz", "comte", "roi", "rey", "príncipe", "conde", "don", NULL};
    static const char *const mrs[] = {"mrs", "ms", "miss", "frau", "mme", "mlle", "madame", "sra", "srta",
                                      "señora", "dame", "lady", "countess", "queen", "princess", "duchess",
                                      "baroness", "sister", "mother", "gräfin", "königin", "prinzessin",
                                      "comtesse", "reine", "princesse", "reina", "princesa", "condesa", "doña",
                                      NULL};
    if (!g) return false;
    const px_doc *d = c->docs[i];
    uint32_t b = tok_at(d, d->ments[k].span.start);
    uint32_t t = b < d->n_toks && tok_in(d, b, g == 1 ? mrs : mr) ? b
                 : b > 0 && title_dot(d, b - 1) ? b - 2 : b > 0 ? b - 1 : UINT32_MAX;
    return t != UINT32_MAX && tok_in(d, t, g == 1 ? mrs : mr);
}

/* Is the name starting at token b (past its role words) of d named after
 * a comma, in apposition to a description that is a preposition's object:
 * "avec le chef des Verts, Werner Kogler" (not "a déclaré le ministre de
 * l'Intérieur, Christophe Castaner")? */
static bool object_appos(const px_doc *d, uint32_t b)
{
    if (b < 3 || !tok_comma(d, b - 1)) return false;
    for (uint32_t r = b - 1; r-- > 2 && r + 8 > b && d->toks[r].kind == PX_TOK_WORD;)
        if (role_word(d->toks[r].norm) && tok_in(d, r - 1, determiners) && tok_in(d, r - 2, prepositions))
            return true;
    return false;
}

/* Is name mention k of d one of a list of names ("Donald Trump, Greta
 * Thunberg oder Ignazio Cassis", "X and Y"; not "the minister of the
 * Interior, X"): a pronoun standing for one of them cannot tell which? */
static bool coordinated(const px_doc *d, uint32_t k)
{
    static const char *const links[] = {"und", "oder", "and", "or", "et", "ou", "y", "o", NULL};
    uint32_t b = past_roles(d, tok_at(d, d->ments[k].span.start)), e = tok_at(d, d->ments[k].span.end);
    int before = 0, after = 0; /* 2: "and" to a name, 1: a comma to one */
    for (uint32_t o = 0; o < d->n_ments; o++) {
        if (o == k || d->ments[o].kind != PX_MENTION_NAME) continue;
        uint32_t ob = past_roles(d, tok_at(d, d->ments[o].span.start)), oe = tok_at(d, d->ments[o].span.end);
        if (ob == e + 1 && after < 2) after = tok_in(d, e, links) ? 2 : tok_comma(d, e) ? 1 : after;
        if (b > 0 && oe + 1 == b && before < 2) before = tok_in(d, b - 1, links) ? 2 : tok_comma(d, b - 1) ? 1 : before;
    }
    /* (a list going on with a name the analyser did not find: "Donald
     * Trump, Greta Thunberg oder Bundesrat Ignazio Cassis") */
    if (after < 2 && tok_in(d, e, links) && e + 2 < d->n_toks && d->toks[e + 1].kind == PX_TOK_WORD &&
        d->toks[e + 2].kind == PX_TOK_WORD && isupper((unsigned char)d->text[d->toks[e + 1].span.start]) &&
        isupper((unsigned char)d->text[d->toks[e + 2].span.start]))
        after = 2;
    /* (a comma alone is an apposition: "le ministre de l'Intérieur, Christophe Castaner") */
    return before == 2 || after == 2 || (before && after);
}

/* Is the name starting at token b of doc i in brackets right after
 * another name ("Sister Agatha (Dolly Wells)": the actress playing her)? */
static bool glossed(const cov *c, size_t i, uint32_t b)
{
    const px_doc *d = c->docs[i];
    if (b < 2 || !tok_is(d, b - 1, "(")) return false;
    for (uint32_t o = 0; o < d->n_ments; o++)
        if (d->ments[o].kind == PX_MENTION_NAME && tok_at(d, d->ments[o].span.end) == b - 1) return true;
    return false;
}

/* The nearest name mention that looks like a person (plausible_person)
 * ending in [near, pos), else the nearest such that speaks elsewhere
 * (PN_SPEAKS) ending in [far, near), or -1; none when it is one of a list
 * of names (coordinated). */
static int32_t antecedent(const cov *c, size_t i, uint32_t far, uint32_t near, uint32_t pos, int g)
{
    const px_doc *d = c->docs[i];
    int32_t best = -1;
    for (uint32_t k = 0; k < d->n_ments; k++) {
        const px_mention *m = &d->ments[k];
        if (m->kind != PX_MENTION_NAME || m->span.end > pos || m->span.end < far || c->inquote[i][k]) continue;
        if (m->span.end < near && !(c->person[i][c->ment_pn[i][k] >= 0 ? c->ment_pn[i][k] : 0] & PN_SPEAKS))
            continue;
        /* not the object of a preposition ("reagierte auf Aussagen von X",
         * "les petits caractères de la Ley de Góndolas"; "le ministre de
         * l'Intérieur Christophe Castaner" may be a name that took in the
         * ministry) */
        uint32_t b = past_roles(d, tok_at(d, m->span.start)), e = tok_at(d, m->span.end);
        /* (not the subject of the words a pronoun reports: "Russia, she
         * said, was pursuing ...") */
        if (tok_comma(d, e) && e + 1 < d->n_toks && tok_in(d, e + 1, pronouns) && d->toks[e + 1].span.start == pos)
            continue;
        if ((b > 0 && tok_in(d, b - 1, prepositions)) ||
            (b > 1 && tok_in(d, b - 1, determiners) && !elided(d, b - 1) && tok_in(d, b - 2, prepositions)) ||
            object_appos(d, b) ||
            other_gender(c, i, (int32_t)k, g) || glossed(c, i, b))
            continue;
        if ((best < 0 || m->span.end > d->ments[best].span.end) &&
            (g ? pronoun_person(c, i, (int32_t)k) : plausible_person(c, i, (int32_t)k)))
            best = (int32_t)k;
    }
    return best >= 0 && coordinated(d, best) ? -1 : best;
}

/* The speech verb of a French inverted pronoun at token t, one token in
 * the analyser ("explique-t-elle", "dit-il": t itself; "a-t-il lâché":
 * t + 1), else UINT32_MAX; *on tells the impersonal "-t-on" ("affirme-t-on":
 * nobody named). */
static uint32_t inverted_verb(const px_doc *d, const wset *verbs, uint32_t t, bool *on)
{
    *on = false;
    if (t >= d->n_toks || !d->toks[t].norm) return UINT32_MAX;
    const char *w = d->toks[t].norm;
    size_t n = strlen(w), k;
    if (n > 3 && !strcmp(w + n - 3, "-il")) k = n - 3;
    else if (n > 5 && !strcmp(w + n - 5, "-elle")) k = n - 5;
    else if (n > 3 && !strcmp(w + n - 3, "-on")) k = n - 3, *on = true;
    else return UINT32_MAX;
    if (k > 2 && !strncmp(w + k - 2, "-t", 2)) k -= 2;
    char stem[48];
    if (!k || k >= sizeof stem) return UINT32_MAX;
    memcpy(stem, w, k);
    stem[k] = '\0';
    const char *sp = stem;
    if (bsearch(&sp, verbs->w, verbs->n, sizeof *verbs->w, cmp_str)) return t;
    for (size_t a = 0; auxiliaries[a]; a++)
        if (!strcmp(auxiliaries[a], stem)) return tok_inset(d, t + 1, verbs) ? t + 1 : UINT32_MAX;
    return UINT32_MAX;
}

/* The sentence of token t (the last one starting at or before it). */
static uint32_t sent_of(const px_doc *d, uint32_t t)
{
    uint32_t lo = 0, hi = d->n_sents;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (d->sents[mid].tok_start <= t) lo = mid + 1;
        else hi = mid;
    }
    return lo ? lo - 1 : 0;
}

/* Is the name mention k a place's or an organisation's, or a title or
 * role word alone ("El Presidente comentó", "beide Politiker")? */
static bool not_speaker_kind(const cov *c, size_t i, int32_t k, bool org_ok)
{
    int32_t pn = c->ment_pn[i][k];
    int kind = pn >= 0 ? c->prof[i]->names[pn].kind : PX_EV_NAME;
    if (pn >= 0 && role_alone(c, i, pn)) return true;
    return kind == PX_EV_PLACE || (!org_ok && kind == PX_EV_ORG);
}

/* Is name mention k of doc i an organisation's name (the profile's kind,
 * not used as a place nor a role word alone)? */
static bool org_named(const cov *c, size_t i, int32_t k)
{
    int32_t pn = c->ment_pn[i][k];
    return pn >= 0 && c->prof[i]->names[pn].kind == PX_EV_ORG && !(c->person[i][pn] & PN_PLACE) &&
           !role_alone(c, i, pn);
}

/* Has name mention k of doc i a person's mark: the person guess or a cue
 * (a title, a first name and a surname, speaking elsewhere), and is it
 * not used as a place? */
static bool person_cued(const cov *c, size_t i, int32_t k)
{
    int32_t pn = c->ment_pn[i][k];
    if (pn < 0) return false;
    uint16_t f = c->person[i][pn];
    return !(f & PN_PLACE) && (f & (PN_PERSON | PN_TITLE | PN_SURNAME | PN_SPEAKS));
}

/* Is name mention k of doc i named as a person: after a title or role
 * word, or a first name and a surname, and not used as a place? */
static bool named_person(const cov *c, size_t i, int32_t k)
{
    int32_t pn = c->ment_pn[i][k];
    if (pn < 0) return false;
    uint16_t f = c->person[i][pn];
    return !(f & (PN_PLACE | PN_THE)) && (f & (PN_TITLE | PN_SURNAME)) && !not_speaker_kind(c, i, k, false);
}

/* Is name mention k of doc i the object of a preposition ("im X", "aus
 * dem X", "of the X", "von US-Präsident X")? */
static bool object_of(const cov *c, size_t i, int32_t k)
{
    const px_doc *d = c->docs[i];
    uint32_t b = past_roles(d, tok_at(d, d->ments[k].span.start));
    if (b > 0 && tok_in(d, b - 1, prepositions)) return true;
    if (object_appos(d, b)) return true;
    return b > 1 && (tok_in(d, b - 1, determiners) || tok_in(d, b - 1, (const char *const[]){"dem", "den", NULL})) &&
           tok_in(d, b - 2, prepositions);
}

/* Can name mention k of doc i open 'X: "..."'? A person (person_cued), a
 * named organisation ("Bank of America:"), or outside German a name of
 * two or more words; never one used as a place ("Hongkong:"). */
static bool opener_cued(const cov *c, size_t i, int32_t k)
{
    int32_t pn = c->ment_pn[i][k];
    if (pn < 0 || (c->person[i][pn] & PN_PLACE)) return false;
    const px_pname *a = &c->prof[i]->names[pn];
    const char *lang = c->docs[i]->lang;
    return person_cued(c, i, k) || a->kind == PX_EV_ORG || (a->ntok > 1 && !(lang && !strcmp(lang, "de")));
}

/* Whom a pronoun or a description before byte pos stands for: the name
 * (not a place's or an organisation's, no title of the other gender than
 * g) last seen as the subject of a speech verb ("X said", "X a déclaré",
 * "said X") in its sentence or the three before, else (key: a
 * description's role word, role_key) the person last named with that role
 * word, else the person named last (antecedent). */
/* Are name mentions a and b of doc i one person (one name, or a word
 * subset of the other: "Dillman" ~ "Roger Dillman")? */
static bool same_speaker(const cov *c, size_t i, int32_t a, int32_t b)
{
    if (a == b) return true;
    int32_t pa = c->ment_pn[i][a], pb = c->ment_pn[i][b];
    return pa >= 0 && pb >= 0 &&
           (pa == pb || px_name_match(&c->prof[i]->names[pa], &c->prof[i]->names[pb], NULL) >= 2);
}

/* Can the person of name mention k of doc i be the one a description's
 * role word (token dt; none: UINT32_MAX) stands for? Not when the role
 * word has a party or a place before a hyphen ("der FDP-Chef", "die
 * SPD-Politikerin"; not "Ex-", "Co-", "Vize-") that no mention of the person carries (in a role word
 * before it or opening it, or in brackets after it: "Gerhard Schröder
 * (SPD)"); not when it is a plain role word ("der Präsident") and the
 * person is named with a compound of two role words ("Ministerpräsident
 * Netanjahu"). */
static bool role_fits(const cov *c, size_t i, int32_t k, uint32_t dt)
{
    const px_doc *d = c->docs[i];
    if (dt >= d->n_toks || !d->toks[dt].norm) return true;
    const char *w = d->toks[dt].norm, *hy = strchr(w, '-');
    size_t pl = hy && hy > w ? (size_t)(hy - w) : 0, wl = strlen(w);
    for (size_t u = 0; u < pl; u++)
        if (isdigit((unsigned char)w[u])) pl = 0; /* ("der 22-Jährige") */
    if (pl && role_key(hy + 1) < 0) pl = 0;       /* ("the year-old") */
    /* ("der Ex-Präsident", "the co-founder": no party) */
    static const char *const plain[] = {"ex", "co", "ko", "vize", "vice", NULL};
    for (size_t u = 0; pl && plain[u]; u++)
        if (strlen(plain[u]) == pl && !strncmp(w, plain[u], pl)) pl = 0;
    bool party = false;
    for (uint32_t m = 0; m < d->n_ments && !party; m++) {
        if (d->ments[m].kind != PX_MENTION_NAME || !same_speaker(c, i, (int32_t)m, k)) continue;
        uint32_t b = tok_at(d, d->ments[m].span.start), e = tok_at(d, d->ments[m].span.end);
        for (uint32_t t = b > 2 ? b - 2 : 0; t <= b && t < d->n_toks; t++) {
            const char *r = d->toks[t].norm;
            if (!r || d->toks[t].kind != PX_TOK_WORD) continue;
            size_t rl = strlen(r);
            if (pl && rl > pl && !strncmp(r, w, pl + 1)) party = true;
            /* ("Ministerpräsident" is no "Präsident") */
            if (!hy && rl > wl && !strchr(r, '-') && !strcmp(r + rl - wl, w) && role_word(w)) {
                char mod[64];
                if (rl - wl >= sizeof mod) continue;
                memcpy(mod, r, rl - wl);
                mod[rl - wl] = '\0';
                if (role_word(mod)) return false;
            }
        }
        if (pl && e + 2 < d->n_toks && tok_is(d, e, "(") && d->toks[e + 1].norm &&
            strlen(d->toks[e + 1].norm) == pl && !strncmp(d->toks[e + 1].norm, w, pl))
            party = true;
    }
    return !pl || party;
}

static int32_t antecedent_as(const cov *c, size_t i, const nameidx *nx, uint32_t pos, int g, int key, uint32_t dt)
{
    const px_doc *d = c->docs[i];
    uint32_t tp = tok_at(d, pos);
    uint32_t s = d->n_sents ? sent_of(d, tp ? tp - 1 : 0) : 0;
    uint32_t lo = d->n_sents ? d->sents[s > 3 ? s - 3 : 0].tok_start : 0;
    /* the nearest speech verb whose subject is someone not named ("Un
     * initié familier de X dit ...", "a source said"): a pronoun or a
     * description after it is that one, unless someone named speaks nearer */
    uint32_t unnamed = lo;
    for (uint32_t v = tp; v-- > lo && unnamed == lo;) {
        if (!tok_inset(d, v, &c->verbs) || tok_in(d, v, object_verbs)) continue;
        bool indef = false, named = false;
        for (uint32_t w = v; w-- > lo && w + 8 > v;) {
            if (d->toks[w].kind == PX_TOK_PUNCT && !title_dot(d, w)) break;
            if (nx->last[w] >= 0 || tok_in(d, w, pronouns)) {
                named = true;
                break;
            }
            indef |= w + 1 < v && tok_in(d, w, indefinites);
        }
        if (indef && !named) unnamed = v;
    }
    for (uint32_t t = tp; t > unnamed; t--) {
        int32_t k = nx->last[t - 1];
        if (k < 0 || not_speaker_kind(c, i, k, false) || !speaker_cues(c, i, k) || other_gender(c, i, k, g) ||
            object_of(c, i, k) || !role_fits(c, i, k, dt))
            continue;
        /* "X said", "X a déclaré"; "said X", "a déclaré X"; "X, from Y, said" */
        uint32_t v = t, b = tok_at(d, d->ments[k].span.start), rb = past_roles(d, b);
        if (tok_in(d, v, auxiliaries)) v++;
        /* ("said X", not "She said X was ...": X is no subject there) */
        bool subj = rb > 1 && (tok_in(d, rb - 2, pronouns) || nx->last[rb - 2] >= 0);
        /* ("... affected by what X had said": X speaks, but in a clause
         * that is another's object) */
        bool what = rb > 0 && (tok_in(d, rb - 1, (const char *const[]){"what", "whatever", "was", NULL}) ||
                               (rb > 1 && tok_is(d, rb - 1, "que") && tok_in(d, rb - 2, (const char *const[]){"ce", "lo", NULL})));
        if ((tok_inset(d, v, &c->verbs) && !what) ||
            (rb > 0 && tok_inset(d, rb - 1, &c->verbs) && !tok_in(d, rb - 1, object_verbs) && !subj))
            return k;
        /* "said Grab Philippines country manager Brian Cu" */
        if (b > 1 && tok_in(d, b - 1, person_titles))
            for (uint32_t u = b - 1; u > 0 && u + 6 > b && d->toks[u - 1].kind != PX_TOK_PUNCT; u--)
                if (tok_inset(d, u - 1, &c->verbs) && !tok_in(d, u - 1, object_verbs)) return k;
        /* (names may be in the apposition: "Lisa Bradley, from the
         * Queensland University of Technology's business school, said") */
        if (t < d->n_toks && d->text[d->toks[t].span.start] == ',')
            for (uint32_t u = t + 1; u < tp && u < t + 12; u++)
                if (d->text[d->toks[u].span.start] == ',' &&
                    (tok_inset(d, u + 1, &c->verbs) ||
                     (tok_in(d, u + 1, auxiliaries) && tok_inset(d, u + 2, &c->verbs))))
                    return k;
    }
    if (unnamed > lo) return -1;
    uint32_t lo2 = d->n_sents ? d->sents[s > COV_PRONOUN_SENTS ? s - COV_PRONOUN_SENTS : 0].tok_start : 0;
    /* a description: the person last named with its role word, anywhere
     * before ("Bethanien-Sprecherin Tine Droste" ... "betont die
     * Sprecherin") */
    for (uint32_t t = tp; key >= 0 && t > 0; t--) {
        int32_t k = nx->last[t - 1];
        if (k < 0 || not_speaker_kind(c, i, k, false) || !speaker_cues(c, i, k) || object_of(c, i, k) ||
            !role_fits(c, i, k, dt))
            continue;
        uint32_t b = tok_at(d, d->ments[k].span.start);
        if ((b > 0 && role_key(d->toks[b - 1].norm) == key) || role_key(d->toks[b].norm) == key) return k;
    }
    int32_t k = antecedent(c, i, lo2 < d->n_toks ? d->toks[lo2].span.start : 0,
                           lo < d->n_toks ? d->toks[lo].span.start : 0, pos, g);
    /* (a spokesman is often never named: "the spokesman said" is not the
     * person named last, only one named or speaking as such) */
    static const char *const spokes[] = {"spokesman", "spokeswoman", "spokesperson", "sprecher", "sprecherin",
                                         "porte-parole", "portavoz", NULL};
    if (dt < d->n_toks && tok_in(d, dt, spokes)) return -1;
    return k >= 0 && role_fits(c, i, k, dt) ? k : -1;
}

static int32_t speaker_antecedent(const cov *c, size_t i, const nameidx *nx, uint32_t pos, int g)
{
    return antecedent_as(c, i, nx, pos, g, -1, UINT32_MAX);
}

/* Whom the description [from, to) of doc i before byte pos stands for:
 * as speaker_antecedent, but before the nearest person the one last named
 * with the description's role word in the COV_PRONOUN_SENTS before
 * ("Staatspräsident Reuven Rivlin" ... "der Präsident betonte"; the role
 * word before the name or opening it). */
static int32_t described(const cov *c, size_t i, const nameidx *nx, uint32_t pos, uint32_t from, uint32_t to)
{
    const px_doc *d = c->docs[i];
    int key = -1;
    uint32_t dt = UINT32_MAX;
    for (uint32_t u = from; u < to && u < d->n_toks && key < 0; u++)
        if (d->toks[u].kind == PX_TOK_WORD && (key = role_key(d->toks[u].norm)) >= 0) dt = u;
    return antecedent_as(c, i, nx, pos, 0, key, dt);
}

/* The speaker named after the speech verb at token v (the sentence ends at
 * token e1), for a quote starting at byte pos: a pronoun ("sagte sie"), a
 * name within a few words ("said X", "sagte SPD-Chef X", "a déclaré M.
 * X"; after an article a person's name only), or a description with no
 * name ("a déclaré le ministre": the person named before; none when it is
 * an institution: "a déclaré le gouvernement"). With no subject at all
 * right after the quote (adjacent: '"...", señaló.') the quote is marked
 * subjectless. */
static bool after_verb(const cov *c, size_t i, const nameidx *nx, qinfo *q, uint32_t pos, uint32_t v,
                       uint32_t e1, bool adjacent)
{
    const px_doc *d = c->docs[i];
    if (tok_in(d, v + 1, pronouns)) {
        q->speaker = speaker_antecedent(c, i, nx, pos, pron_gender(d, v + 1)), q->via = "pronoun";
        return q->speaker >= 0;
    }
    uint32_t u = v + 1;
    /* ("précise l'Anses", "affirme l'ARS": an elided article before a
     * name is part of an organisation's name) */
    bool det = tok_in(d, u, determiners) && !(elided(d, u) && nx->first[u + 1] >= 0);
    bool inst = false, any_det = false, named = false;
    /* "sagte ein Sprecher", "a student told": a person's name or none */
    bool indef = tok_in(d, u, indefinites);
    int32_t first = -1; /* a name that is not a person's: a person may follow */
    for (; u < e1 && u < d->n_toks && u < v + 10; u++) {
        int32_t k = nx->first[u];
        any_det |= tok_in(d, u, determiners) || tok_in(d, u, indefinites);
        /* "the Moscow Times"; not "le chef de l'Etat", "der Direktor" */
        named |= k >= 0 && u == v + 2 && det && !role_word(d->toks[u].norm);
        /* an organisation's name right after the article ("teilte die
         * Polizei Südosthessen mit", "said the Moscow Times"), not one
         * spoken to ("told the BBC") */
        if (k >= 0 && u == v + 2 && det && !role_word(d->toks[u].norm) && !tok_in(d, v, object_verbs) &&
            org_named(c, i, k)) {
            q->speaker = k, q->via = "said X";
            return true;
        }
        /* not the one spoken to: "a déclaré à l'AFP", "told to X" */
        bool to = tok_in(d, u - 1, dative) || ((tok_is(d, u - 1, "l") || elided(d, u - 1)) && tok_in(d, u - 2, dative));
        if (k >= 0 && !to && (is_person(c, i, k) || named_person(c, i, k))) {
            q->speaker = k, q->via = "said X";
            return true;
        }
        /* not a name after an article ("sagte ein Sprecher der Deutschen Presse-Agentur") */
        if (k >= 0 && !to && first < 0 && !det && !indef && (!tok_in(d, u - 1, determiners) || elided(d, u - 1)) &&
            !not_speaker_kind(c, i, k, true))
            first = k;
        /* an institution named by its complement, not a person ("rappelle
         * le ministère de l'Agriculture", "said the ministry of health") */
        if (k >= 0 && inst && !to && !is_person(c, i, k) && !not_speaker_kind(c, i, k, true) &&
            institution_of(d, u) == v + 2) {
            q->speaker = k, q->via = "said X";
            return true;
        }
        inst |= tok_inset(d, u, &c->institutions);
        if (d->toks[u].kind != PX_TOK_PUNCT || title_dot(d, u)) continue;
        /* "le ministre de l'Intérieur, Christophe Castaner": the person
         * right after the comma that ends the first name */
        if (first >= 0 && d->text[d->toks[u].span.start] == ',' &&
            tok_at(d, d->ments[first].span.end) == u && u + 1 < d->n_toks) {
            int32_t k2 = nx->first[u + 1];
            if (k2 >= 0 && is_person(c, i, k2)) first = k2;
        }
        /* "dijo la presidenta de la Cámara, la demócrata Nancy Pelosi":
         * after a description, the person named after the comma */
        if (first < 0 && (det || indef) && d->text[d->toks[u].span.start] == ',')
            for (uint32_t u2 = u + 1; u2 < e1 && u2 < d->n_toks && u2 < u + 5; u2++) {
                int32_t k2 = nx->first[u2];
                if (k2 >= 0 && (is_person(c, i, k2) || named_person(c, i, k2))) {
                    q->speaker = k2, q->via = "said X";
                    return true;
                }
                if (d->toks[u2].kind == PX_TOK_PUNCT) break;
            }
        break;
    }
    if (first >= 0) {
        q->speaker = first, q->via = "said X";
        return true;
    }
    /* "a précisé le ministère": the institution last named with its
     * complement ("le ministère de l'Agriculture") */
    if (det && inst && u == v + 3 && tok_inset(d, v + 2, &c->institutions) && !tok_in(d, v, object_verbs)) {
        for (uint32_t t = tok_at(d, pos); t-- > 0;) {
            int32_t k = nx->first[t];
            uint32_t it = k >= 0 ? institution_of(d, t) : UINT32_MAX;
            if (it != UINT32_MAX && !strcmp(d->toks[it].norm, d->toks[v + 2].norm) && !is_person(c, i, k) &&
                !not_speaker_kind(c, i, k, true)) {
                q->speaker = k, q->via = "description";
                return true;
            }
        }
        return false;
    }
    /* "noted the Moscow Times": a name, not a description */
    if (det && u > v + 2 && !inst && !named && person_description(d, v + 1, u)) {
        q->speaker = described(c, i, nx, pos, v + 1, u), q->via = "description";
        return q->speaker >= 0;
    }
    /* no subject at all, right after the quote ('"...", señaló.', '"...",
     * agregó en conferencia de prensa.'): the one speaking before */
    bool ended = u >= e1 || u >= d->n_toks || d->toks[u].kind == PX_TOK_PUNCT;
    if (adjacent && !any_det && !inst && ended && (u == v + 1 || tok_in(d, v + 1, subjectless)))
        q->subjectless = true; /* quotes_collect: the speaker before */
    return false;
}

/* nouns before a title in quotes: 'the theme "The Power of Hope"', 'die
 * Serie "..."', 'nach dem Grundsatz "..."' */
static const char *const title_nouns[] = {
    "theme",   "titled",    "title",    "called",  "named",   "dubbed",  "slogan",    "motto",
    "hashtag", "show",      "series",   "film",    "movie",   "song",    "album",     "book",
    "novel",   "play",      "campaign", "serie",   "sendung", "titel",   "buch",      "lied",
    "roman",   "grundsatz", "kampagne", "show",    "sogenannte", "sogenannten", "série",
    "émission", "livre",    "chanson",  "titre",   "intitulé", "película", "libro",   "canción",
    "lema",    "programa",  "so-called", "single", "podcast", "format",  "staffel",   "appelé",
    "appelée", "appelés",   "llamado",  "llamada", "denominado", "denominada", "genannt", "genannte",
    "genannten", "challenge", "reto",   "défi",    NULL};

/* Is quote m a title or a slogan rather than someone's words: after a
 * title noun ('the theme "..."', 'die Serie "..."', 'el reto del "..."'), or outside German a
 * short quote in title case ("Where Flowers and Football Meet!", "Death
 * to America")? */
static bool title_quote(const px_doc *d, const px_mention *m)
{
    static const char *const small[] = {"of", "the", "and", "in", "a", "an", "to", "for", "on", "at",
                                        "de", "la", "le", "el", "y", "et", "du", "des", "del", NULL};
    uint32_t t0 = tok_at(d, m->span.start), te = tok_at(d, m->span.end);
    uint32_t words = 0;
    bool tcase = true;
    for (uint32_t t = t0; t < te && t < d->n_toks; t++) {
        if (d->toks[t].kind != PX_TOK_WORD) continue;
        words++;
        unsigned char ch = (unsigned char)d->text[d->toks[t].span.start];
        if (!isupper(ch) && !(words > 1 && tok_in(d, t, small))) tcase = false;
    }
    if (words > 8) return false;
    uint32_t b = t0;
    uint32_t s0 = m->sent < d->n_sents ? d->sents[m->sent].tok_start : 0;
    while (b > s0 && quote_mark(d, b - 1) && b + 3 > t0) b--;
    if (b > s0 && tok_in(d, b - 1, title_nouns)) return true;
    /* ('el reto del "rompe cráneo"', 'the challenge of "..."') */
    if (b > s0 + 1 && tok_in(d, b - 1, (const char *const[]){"del", "de", "du", "des", "of", NULL}) &&
        tok_in(d, b - 2, title_nouns))
        return true;
    if (d->lang && !strcmp(d->lang, "de")) return false;
    return tcase && words >= 2 && words <= 6;
}

/* Find the speaker of quote mention qm of doc i. */
static void attribute(const cov *c, size_t i, const nameidx *nx, qinfo *q)
{
    const px_doc *d = c->docs[i];
    const px_mention *m = &d->ments[q->ment];
    q->speaker = -1;
    q->via = NULL;
    uint32_t t0 = tok_at(d, m->span.start), te = tok_at(d, m->span.end);
    /* a title joined to a word: '„Bachelor in Paradise“-Folge'; a title
     * or a slogan */
    q->title = title_quote(d, m) ||
               (quote_mark(d, te) && d->toks[te].span.end + 1 < d->text_len &&
                d->text[d->toks[te].span.end] == '-' && isalpha((unsigned char)d->text[d->toks[te].span.end + 1]));
    if (q->title) return;
    /* (the text between two quotes' marks, taken for one: ', sagte X. "') */
    if (m->span.start < d->text_len && strchr(",;", d->text[m->span.start])) {
        q->title = true;
        return;
    }
    uint32_t s0 = m->sent < d->n_sents ? d->sents[m->sent].tok_start : 0;
    uint32_t s1 = m->sent < d->n_sents ? d->sents[m->sent].tok_end : d->n_toks;
    /* after: '"...," said X' / '"...," X said' / '"...," he said', in the
     * sentence the quote ends in ('"... ." Esken sagte' is the next one's) */
    uint32_t t = skip_punct(d, te, 3);
    uint32_t se = d->n_sents && te > t0 ? sent_of(d, te - 1) : m->sent;
    bool after = t < d->n_toks && se < d->n_sents && sent_of(d, t) == se;
    uint32_t e1 = se < d->n_sents ? d->sents[se].tok_end : d->n_toks;
    if (after) {
        /* "a déclaré", "hat gesagt", "ha dicho", "has said" */
        if (tok_in(d, t, auxiliaries) && tok_inset(d, t + 1, &c->verbs)) t++;
        /* (a quote ending a clause: '"...", señaló', not 'wie die "Bild"
         * berichtet') */
        bool ends = m->span.end > 0 && m->span.end <= d->text_len && strchr(",.!?", d->text[m->span.end - 1]);
        for (uint32_t v = te; v < t; v++) ends |= tok_comma(d, v);
        if (tok_inset(d, t, &c->verbs) && after_verb(c, i, nx, q, m->span.start, t, e1, ends)) return;
        /* (its own attribution, to someone not named: no quote before lends it one) */
        q->own = ends && tok_inset(d, t, &c->verbs) && !q->subjectless;
        /* 'Papst Franziskus hat Gewalt als „...“ bezeichnet.': a verb ending
         * the sentence right after the quote, the one person named before
         * it in the sentence */
        uint32_t ob = t0;
        while (ob > s0 && quote_mark(d, ob - 1) && ob + 3 > t0) ob--;
        /* (not a name after an article: 'wie Merkel der "Bild am Sonntag" sagte.') */
        if (!ends && tok_inset(d, t, &c->verbs) && (t + 1 >= e1 || t + 1 >= d->n_toks || d->toks[t + 1].kind == PX_TOK_PUNCT) &&
            !(ob > s0 && (tok_in(d, ob - 1, determiners) || tok_in(d, ob - 1, (const char *const[]){"dem", "den", "des", NULL})))) {
            int32_t who = -1, n = 0;
            for (uint32_t k = s0; k < t0 && k < d->n_toks; k++) {
                int32_t nm = nx->first[k];
                if (nm >= 0 && !not_speaker_kind(c, i, nm, false) && !object_of(c, i, nm) &&
                    (plausible_person(c, i, nm) || named_person(c, i, nm)))
                    who = nm, n++;
            }
            if (n == 1) {
                q->speaker = who, q->via = "X ... said";
                return;
            }
        }
        /* '"...", so Rohani.', '"...", so der Minister.', '"...", so Dr. X.'
         * (a name the analyser did not find is still someone's: no quote
         * before lends it its speaker) */
        bool de = d->lang && !strcmp(d->lang, "de");
        if (tok_is(d, t, "so") && (nx->first[t + 1] >= 0 || tok_in(d, t + 1, determiners) || title_dot(d, t + 2))) {
            if (after_verb(c, i, nx, q, m->span.start, t, e1, false)) return;
            q->own = ends;
        } else if (de && ends && tok_is(d, t, "so") && t + 1 < d->n_toks && d->toks[t + 1].kind == PX_TOK_WORD &&
                   isupper((unsigned char)d->text[d->toks[t + 1].span.start]))
            q->own = true;
        q->speaker = -1, q->via = NULL;
        /* '"...", explique-t-elle' / 'a-t-il lâché' (the pronoun and the
         * verb one token); '"...", affirme-t-on' names nobody */
        bool on;
        uint32_t iv = inverted_verb(d, &c->verbs, t, &on);
        if (iv != UINT32_MAX && on) q->own = ends;
        if ((iv != UINT32_MAX && !on) || tok_in(d, t, pronouns) ||
            (tok_is(d, t, "t") && tok_in(d, t + 1, pronouns))) {
            uint32_t v = t + (tok_is(d, t, "t") ? 2 : 1);
            while (v < d->n_toks && d->toks[v].kind == PX_TOK_PUNCT && v < t + 4) v++;
            if (tok_in(d, v, auxiliaries)) v++;
            if (iv != UINT32_MAX || tok_inset(d, v, &c->verbs)) {
                int g = pron_gender(d, t) ? pron_gender(d, t) : pron_gender(d, t + 1);
                q->speaker = speaker_antecedent(c, i, nx, m->span.start, g), q->via = "pronoun";
                if (q->speaker >= 0) return;
            }
        }
        /* '"...," the president added' */
        if (tok_in(d, t, determiners)) {
            for (uint32_t u = t + 1; u < e1 && u < d->n_toks && u < t + 6; u++) {
                if (nx->first[u] >= 0 || d->toks[u].kind == PX_TOK_PUNCT ||
                    tok_inset(d, u, &c->institutions))
                    break;
                if (tok_inset(d, u, &c->verbs)) {
                    if (!person_description(d, t + 1, u)) break;
                    q->speaker = described(c, i, nx, m->span.start, t + 1, u), q->via = "description";
                    if (q->speaker >= 0) return;
                    break;
                }
            }
        }
    }
    /* '"...," foreign minister Heiko Maas said.' (lower-case title words
     * before the name) */
    if (after && nx->first[t] < 0) {
        bool title = false;
        uint32_t u = t;
        for (; u < e1 && u < d->n_toks && u < t + 3 && nx->first[u] < 0 && d->toks[u].kind == PX_TOK_WORD &&
               islower((unsigned char)d->text[d->toks[u].span.start]);
             u++)
            title |= role_word(d->toks[u].norm);
        int32_t nm = u < d->n_toks ? nx->first[u] : -1;
        if (title && nm >= 0 && !not_speaker_kind(c, i, nm, false) && speaker_cues(c, i, nm)) {
            uint32_t aft = tok_at(d, d->ments[nm].span.end);
            if (tok_in(d, aft, auxiliaries)) aft++;
            if (tok_inset(d, aft, &c->verbs) && !tok_in(d, aft, object_verbs) && !tok_in(d, aft, participles)) {
                q->speaker = nm, q->via = "X said";
                return;
            }
        }
    }
    if (after && nx->first[t] >= 0) {
        const px_mention *n = &d->ments[nx->first[t]];
        uint32_t aft = tok_at(d, n->span.end);
        if (tok_in(d, aft, auxiliaries)) aft++;
        if (tok_inset(d, aft, &c->verbs)) {
            q->speaker = nx->first[t], q->via = "X said";
            return;
        }
        aft = tok_at(d, n->span.end);
        /* '"...," X, a professor at Y.' (no verb: the comma attributes) */
        bool comma = false;
        for (uint32_t v = te; v < t; v++) comma |= d->text[d->toks[v].span.start] == ',';
        comma |= m->span.end > 0 && m->span.end <= d->text_len && d->text[m->span.end - 1] == ',';
        /* ('"..." X, ancien président de Y': a role apposition attributes;
         * not an age: '"Bachelor in Paradise" X, 50,') */
        bool appos = aft + 1 < d->n_toks && d->toks[aft + 1].kind == PX_TOK_WORD && apposition(d, t, aft);
        if ((comma || appos) && (aft >= e1 || aft >= d->n_toks || d->toks[aft].kind == PX_TOK_PUNCT) &&
            !not_speaker_kind(c, i, nx->first[t], false) && person_cued(c, i, nx->first[t])) {
            q->speaker = nx->first[t], q->via = "\"...,\" X";
            return;
        }
        /* '"...," X, a professor at Y, said.'; 'X general secretary Y told'
         * (a person named between) */
        int32_t last = -1;
        for (uint32_t v = aft;
             v < e1 && v < d->n_toks &&
             !(d->toks[v].kind == PX_TOK_PUNCT && d->text[d->toks[v].span.start] == '.');
             v++) {
            if (nx->first[v] >= 0 && is_person(c, i, nx->first[v])) last = nx->first[v];
            if (tok_inset(d, v, &c->verbs)) {
                q->speaker = last >= 0 ? last : nx->first[t], q->via = "X, ..., said";
                return;
            }
        }
    }
    /* '"...", premier ministre du Canada, X.' (a role, a comma and a
     * person ending the sentence) */
    if (after && nx->first[t] < 0 && t > te && tok_comma(d, t - 1)) {
        bool role = false;
        for (uint32_t u = t; u < e1 && u < d->n_toks && u < t + 8; u++) {
            if (d->toks[u].kind == PX_TOK_WORD) {
                role |= role_word(d->toks[u].norm);
                continue;
            }
            if (!tok_comma(d, u) || !role || u + 1 >= d->n_toks || nx->first[u + 1] < 0) break;
            int32_t nm = nx->first[u + 1];
            uint32_t ne = tok_at(d, d->ments[nm].span.end);
            int32_t pn = c->ment_pn[i][nm];
            if ((ne >= e1 || ne >= d->n_toks || (d->toks[ne].kind == PX_TOK_PUNCT && !tok_comma(d, ne))) &&
                !not_speaker_kind(c, i, nm, false) && speaker_cues(c, i, nm) &&
                (person_cued(c, i, nm) || (pn >= 0 && c->prof[i]->names[pn].ntok > 1 &&
                                           person_like(d, c->prof[i], (uint32_t)pn)))) {
                q->speaker = nm, q->via = "\"...,\" X";
                return;
            }
            break;
        }
    }
    /* a verb further on in the sentence, before any other quote: 'Dies
     * seien "...", gewesen, sagte X' (inverted: after a comma; in 'a
     * student told TIME' the name is the one spoken to) */
    for (uint32_t v = t + 1; after && v < e1 && v < d->n_toks && v < t + 12; v++) {
        if (quote_mark(d, v)) break;
        if (!tok_inset(d, v, &c->verbs)) continue;
        uint32_t pv = tok_in(d, v - 1, auxiliaries) ? v - 2 : v - 1;
        if (d->toks[pv].kind != PX_TOK_PUNCT) break;
        if (after_verb(c, i, nx, q, m->span.start, v, e1, false)) return;
        q->speaker = -1, q->via = NULL;
        break;
    }
    /* 'X: "..."' (a name right before the colon that opens the quote) */
    for (uint32_t v = t0, k = 0; v > s0 && k < 3 && d->toks[v - 1].kind == PX_TOK_PUNCT; v--, k++) {
        if (d->text[d->toks[v - 1].span.start] != ':') continue;
        int32_t nm = v >= 2 ? nx->last[v - 2] : -1;
        /* a headline's or a paragraph's opening "Söder: ..." */
        if (nm >= 0 && !not_speaker_kind(c, i, nm, true) && opener_cued(c, i, nm) &&
            skip_punct(d, s0, 2) >= tok_at(d, d->ments[nm].span.start)) {
            q->speaker = nm, q->via = "X:";
            return;
        }
        /* 'X bringt es auf den Punkt: "..."': the person opening the
         * sentence (not 'Lagarde müsse erkennen: "..."', someone else's
         * demand) */
        static const char *const modals[] = {"müsse", "müssen", "muss", "solle", "sollte", "soll",
                                             "dürfe", "könne", "must", "should", "doit", "debe", NULL};
        uint32_t f = skip_punct(d, s0, 2);
        /* ('Doch Dr. X weiß auch: "..."') */
        if (tok_in(d, f, (const char *const[]){"doch", "und", "aber", "but", "and", "mais", "et", "pero", "y", NULL})) f++;
        if (f + 1 < d->n_toks && title_dot(d, f + 1)) f += 2;
        /* ('Innenminister X (CDU) gab die Devise aus: "..."') */
        if (f + 1 < d->n_toks && nx->first[f] < 0 && d->toks[f].kind == PX_TOK_WORD && role_word(d->toks[f].norm)) f++;
        if (f < d->n_toks && nx->first[f] >= 0 && plausible_person(c, i, nx->first[f]) &&
            !tok_in(d, tok_at(d, d->ments[nx->first[f]].span.end), modals)) {
            q->speaker = nx->first[f], q->via = "X ...:";
            return;
        }
        break;
    }
    /* before, in the quote's sentence: 'X said: "..."', 'X said the offer
     * "..."'; 'the Pentagon official said "..."' (a name that is not a
     * person's, not right before the verb): the person named last; after
     * a participle ('X responded ..., saying "..."') the sentence's first
     * person */
    for (uint32_t v = t0; v > s0 && v - 1 < d->n_toks; v--) {
        uint32_t w = v - 1;
        /* (not across another quote's opening mark: a quote inside a
         * quote, 'X added: "He then shouted '...'"', is not X's; across
         * one that closed: 'X says he was left "shaken up" and "sore"') */
        if (w + 2 < t0 && quote_mark(d, w) && !quote_mark(d, w + 1) && !closes_quote(d, w)) break;
        if (!tok_inset(d, w, &c->verbs)) continue;
        /* "X a déclaré", "il a déclaré": the auxiliary goes with the verb
         * (and an adverb between: "il a toutefois déclaré", "X hat aber
         * gesagt", "he has also said") */
        if (w > s0 && tok_in(d, w - 1, auxiliaries)) w--;
        else if (w > s0 + 1 && tok_in(d, w - 2, auxiliaries) && d->toks[w - 1].kind == PX_TOK_WORD &&
                 nx->first[w - 1] < 0 && islower((unsigned char)d->text[d->toks[w - 1].span.start]) &&
                 !tok_in(d, w - 1, pronouns))
            w -= 2;
        if (w > 0 && tok_in(d, w - 1, pronouns)) {
            q->speaker = speaker_antecedent(c, i, nx, d->toks[w - 1].span.start, pron_gender(d, w - 1)),
            q->via = "pronoun";
            if (q->speaker >= 0) return;
        }
        /* 'sagte Lorenz: "..."', 'dijo Pérez: "..."' (the name right after the verb) */
        if (w + 1 < t0 && nx->first[w + 1] >= 0 && !tok_in(d, w, object_verbs)) {
            int32_t nm = nx->first[w + 1];
            uint32_t ne = tok_at(d, d->ments[nm].span.end);
            /* (or between two quotes: '"...," adds X, "..."') */
            bool incise = w > s0 && (tok_comma(d, w - 1) || quote_mark(d, w - 1)) && tok_comma(d, ne);
            if (ne < t0 && (d->text[d->toks[ne].span.start] == ':' || incise) && !not_speaker_kind(c, i, nm, true)) {
                q->speaker = nm, q->via = "said X";
                return;
            }
        }
        /* 'sagt der Generalsekretär des Y, Achim Meyer: "..."' (the
         * subject after the verb, a person named; what comes before the
         * verb is no subject) */
        if (tok_in(d, w + (tok_in(d, w, auxiliaries) ? 2 : 1), determiners) && !tok_in(d, w, object_verbs) &&
            !(w > s0 && nx->last[w - 1] >= 0)) {
            qinfo keep = *q;
            uint32_t vv = tok_in(d, w, auxiliaries) ? w + 1 : w;
            if (after_verb(c, i, nx, q, m->span.start, vv, t0, false) && q->via && !strcmp(q->via, "said X") &&
                is_person(c, i, q->speaker))
                return;
            *q = keep;
        }
        if (tok_in(d, w, participles)) {
            /* 'Barber replying "..."': the name right before it */
            if (w > s0 && nx->last[w - 1] >= 0 && !not_speaker_kind(c, i, nx->last[w - 1], false) &&
                !object_of(c, i, nx->last[w - 1])) {
                q->speaker = nx->last[w - 1], q->via = "X saying";
                return;
            }
            for (uint32_t k = s0; k < w; k++)
                if (nx->first[k] >= 0 && is_person(c, i, nx->first[k])) {
                    q->speaker = nx->first[k], q->via = "X ..., saying";
                    return;
                }
            /* 'He then held her head ..., saying it was '...'': the
             * person the pronoun stands for, named last */
            for (uint32_t k = s0; k < w; k++)
                if (tok_in(d, k, pronouns)) {
                    uint32_t s = sent_of(d, k), lo = d->sents[s > 3 ? s - 3 : 0].tok_start;
                    uint32_t far = lo < d->n_toks ? d->toks[lo].span.start : 0;
                    q->speaker = antecedent(c, i, far, far, d->toks[k].span.start, pron_gender(d, k));
                    q->via = "pronoun";
                    if (q->speaker >= 0) return;
                    break;
                }
            break;
        }
        /* "Monika Grütters (CDU) sagte": the name before the brackets */
        uint32_t wb = w;
        if (wb > s0 + 1 && d->text[d->toks[wb - 1].span.start] == ')')
            for (uint32_t e = wb - 1; e > s0 && e + 6 > w; e--)
                if (d->text[d->toks[e - 1].span.start] == '(') {
                    wb = e - 1;
                    break;
                }
        /* 'Dr. X, Ärztlicher Direktor der Y, erklärt:': the person the
         * apposition before the verb is about */
        if (wb > s0 && d->text[d->toks[wb - 1].span.start] == ',') {
            for (uint32_t k = wb - 1; k-- > s0;) {
                if (d->text[d->toks[k].span.start] == '.' && !title_dot(d, k)) break;
                int32_t nm = nx->first[k];
                if (nm < 0 || object_of(c, i, nm) || !(plausible_person(c, i, nm) || named_person(c, i, nm)))
                    continue;
                uint32_t ne = tok_at(d, d->ments[nm].span.end);
                /* (or 'Description, X, sagt') */
                uint32_t nb = tok_at(d, d->ments[nm].span.start);
                if ((ne + 1 < wb || (ne + 1 == wb && nb > s0 && tok_comma(d, nb - 1))) &&
                    d->text[d->toks[ne].span.start] == ',') {
                    q->speaker = nm, q->via = "X, ..., said";
                    return;
                }
            }
        }
        for (uint32_t k = wb; k > s0 && !(quote_mark(d, k - 1) && k + 1 < t0); k--)
            if (nx->last[k - 1] >= 0) {
                int32_t nm = nx->last[k - 1];
                /* "im Berliner Theater des Westens schrieb der Tagesspiegel" */
                if (k == wb && object_of(c, i, nm)) break;
                if (k == wb && not_speaker_kind(c, i, nm, false)) {
                    /* 'Dr. X, director of the Y House, says:' */
                    for (uint32_t e = k - 1; e > s0; e--)
                        if (nx->last[e - 1] >= 0 && is_person(c, i, nx->last[e - 1])) {
                            nm = nx->last[e - 1];
                            break;
                        }
                    /* (a description is no name: 'Vertreter der Angehörigen forderte') */
                    if (c->ment_pn[i][nm] >= 0 && role_alone(c, i, c->ment_pn[i][nm])) break;
                }
                /* ("X, a reconnu": only a comma between) */
                bool comma = k + 1 == wb && tok_comma(d, k) && !not_speaker_kind(c, i, nm, false) &&
                             speaker_cues(c, i, nm) && !object_of(c, i, nm);
                if (k == wb || comma || is_person(c, i, nm)) {
                    q->speaker = nm, q->via = "X said";
                    return;
                }
                /* "the Iraqi government said" */
                if (tok_inset(d, w - 1, &c->institutions)) break;
                /* a noun right before the verb needs a definite article
                 * ("the Pentagon official said"; not "One Twitter user
                 * wrote", "a student told") */
                const px_token *pw = &d->toks[w - 1];
                bool noun = pw->kind == PX_TOK_WORD && islower((unsigned char)d->text[pw->span.start]) &&
                            !tok_in(d, w - 1, conjunctions);
                bool defn = false;
                for (uint32_t e = w; e > s0 && e + 4 > w && !defn; e--)
                    /* ("l'accord indique" is no person; "l'entraîneur indique" is) */
                    defn = tok_in(d, e - 1, determiners) && (!elided(d, e - 1) || role_word(d->toks[e].norm));
                if ((noun && !defn) || !person_description(d, k, w)) break;
                q->speaker = described(c, i, nx, d->toks[w].span.start, k, w), q->via = "description";
                if (q->speaker >= 0) return;
                break;
            }
        /* no name before the verb: a description with a role word opening
         * its clause ("..., the 32-year-old said his weight left him
         * feeling "..."", "El Presidente comentó que "..."") is the person
         * named before */
        bool none = true;
        for (uint32_t k = wb; k > s0 && none; k--) none = nx->last[k - 1] < 0;
        for (uint32_t e = w; none && e > s0 && e + 5 > w; e--) {
            if (!tok_in(d, e - 1, determiners)) continue;
            bool opens = e - 1 == s0 || d->toks[e - 2].kind == PX_TOK_PUNCT || tok_in(d, e - 2, auxiliaries) ||
                         tok_in(d, e - 2, (const char *const[]){"hatte", "hatten", "had", "avait", "había", NULL});
            bool inst = false, role = false;
            for (uint32_t u = e; u < w; u++) {
                inst |= tok_inset(d, u, &c->institutions);
                role |= u + 2 >= w && d->toks[u].kind == PX_TOK_WORD && role_word(d->toks[u].norm);
            }
            if (opens && !inst && role) {
                q->speaker = described(c, i, nx, d->toks[e - 1].span.start, e, w), q->via = "description";
                if (q->speaker >= 0) return;
            }
            break;
        }
        /* 'Nun sagte der Pontifex, die Welt sei „...“' (the description
         * after the verb) */
        if (none && tok_in(d, w + 1, determiners) && w + 2 < t0 && d->toks[w + 2].kind == PX_TOK_WORD &&
            role_word(d->toks[w + 2].norm) && !tok_in(d, w, object_verbs) &&
            (d->toks[w + 3].kind == PX_TOK_PUNCT || tok_inset(d, w + 3, &c->verbs))) {
            q->speaker = described(c, i, nx, d->toks[w].span.start, w + 2, w + 3), q->via = "description";
            if (q->speaker >= 0) return;
        }
        /* 'El Presidente comentó que "...", y destacó que "..."', 'X a
         * affirmé que "...", et a déclaré que "..."': no subject since the
         * quote before, the speaker of the quote before in the sentence
         * (quotes_collect) */
        bool since = true;
        for (uint32_t k = wb; k > s0 && since && !quote_mark(d, k - 1); k--) since = nx->last[k - 1] < 0;
        q->coord = since && w > s0 && tok_in(d, w - 1, conjunctions);
        break;
    }
    /* an incise inside the marks: '« ..., explique M. X. ... »', '"...,
     * résume X, sociologue ..."', '« ..., explique l'athlète. »' (the
     * description's person, before the quote) */
    for (uint32_t k = t0; k + 2 < te && k < d->n_toks; k++) {
        if (d->text[d->toks[k].span.start] != ',' || !tok_inset(d, k + 1, &c->verbs) ||
            tok_in(d, k + 1, object_verbs) || tok_in(d, k + 1, participles))
            continue;
        uint32_t u = k + 2;
        if (tok_in(d, u, determiners) && u + 2 < te && d->toks[u + 1].kind == PX_TOK_WORD &&
            islower((unsigned char)d->text[d->toks[u + 1].span.start]) && d->toks[u + 2].kind == PX_TOK_PUNCT &&
            !tok_inset(d, u + 1, &c->institutions) && person_description(d, u + 1, u + 2)) {
            q->speaker = described(c, i, nx, m->span.start, u + 1, u + 2), q->via = "description";
            if (q->speaker >= 0) return;
            q->via = NULL;
            break;
        }
        uint32_t u2 = u + 1 < te && title_dot(d, u + 1) ? u + 2 : tok_in(d, u, person_titles) ? u + 1 : u; /* "M. X" */
        for (uint32_t n = 0; u2 < te && n < d->n_ments; n++) {
            const px_mention *nm = &d->ments[n];
            if (nm->kind != PX_MENTION_NAME ||
                (nm->span.start != d->toks[u].span.start && nm->span.start != d->toks[u2].span.start))
                continue;
            if (nm->span.end < m->span.end && !not_speaker_kind(c, i, (int32_t)n, false) &&
                (is_person(c, i, (int32_t)n) || person_cued(c, i, (int32_t)n) ||
                 (c->ment_pn[i][n] >= 0 && c->prof[i]->names[c->ment_pn[i][n]].ntok > 1))) {
                q->speaker = (int32_t)n, q->via = "incise";
                return;
            }
            break;
        }
        break;
    }
    /* "according to X", selon X, según X, laut X, gemäß X in the sentence */
    for (uint32_t k = s0; k < s1 && k < d->n_toks; k++) {
        uint32_t nt = UINT32_MAX;
        if (tok_is(d, k, "according") && tok_is(d, k + 1, "to")) nt = k + 2;
        else if (tok_in(d, k, according)) nt = k + 1;
        if (nt == UINT32_MAX) continue;
        /* "Gemäß Karin Kretzer von der Polizei" opening a sentence: the
         * name ran over the word (speaker_span leaves it out) */
        if (nx->first[k] >= 0 && tok_in(d, k, according) && !not_speaker_kind(c, i, nx->first[k], true)) {
            q->speaker = nx->first[k], q->via = "according to X";
            return;
        }
        bool det = tok_in(d, nt, (const char *const[]){"the", "der", "die", "le", "la", "el", NULL});
        if (det) nt++;
        if (nt < d->n_toks && nx->first[nt] >= 0) {
            /* ("according to the DFS chief Atul Garg": the person after
             * the organisation and its role word) */
            int32_t nm = nx->first[nt];
            uint32_t ne = tok_at(d, d->ments[nm].span.end), u = ne;
            while (u < s1 && u < d->n_toks && u < ne + 3 && d->toks[u].kind == PX_TOK_WORD && nx->first[u] < 0 &&
                   role_word(d->toks[u].norm))
                u++;
            if (u > ne && u < d->n_toks && nx->first[u] >= 0 && !not_speaker_kind(c, i, nx->first[u], false) &&
                speaker_cues(c, i, nx->first[u]))
                nm = nx->first[u];
            q->speaker = nm, q->via = "according to X";
            return;
        }
        /* "selon le ministre": a description, the person named before */
        uint32_t u = nt;
        while (u < s1 && u < d->n_toks && u < nt + 4 && d->toks[u].kind == PX_TOK_WORD && nx->first[u] < 0 &&
               !tok_inset(d, u, &c->institutions))
            u++;
        if (det && u > nt && (u >= s1 || u >= d->n_toks || d->toks[u].kind == PX_TOK_PUNCT) &&
            !tok_inset(d, u - 1, &c->institutions) && person_description(d, nt, u)) {
            q->speaker = described(c, i, nx, d->toks[k].span.start, nt, u), q->via = "description";
            if (q->speaker >= 0) return;
        }
    }
}

/* Does quote m end a clause: a full stop of its own, or punctuation or
 * the sentence's end after it ('"... ."', '"...", fügt er hinzu'; not a
 * title used as a noun: '"The Batman" will hit the screens')? */
static bool ends_clause(const px_doc *d, const px_mention *m)
{
    if (m->span.end > 0 && m->span.end <= d->text_len && strchr(".!?", d->text[m->span.end - 1])) return true;
    if (m->span.end >= 3 && m->span.end <= d->text_len && !memcmp(d->text + m->span.end - 3, "\xE2\x80\xA6", 3))
        return true;
    uint32_t te = tok_at(d, m->span.end), n = te;
    while (n < d->n_toks && quote_mark(d, n) && n < te + 2) n++;
    if (n >= d->n_toks || sent_of(d, n) != sent_of(d, te)) return true;
    return d->toks[n].kind == PX_TOK_PUNCT;
}

/* Does paragraph p of d end inside a quote (a double mark opened and not
 * closed: British style runs a quote over paragraphs, each opening with a
 * mark and only the last closing it)? *at: the byte of that opening mark.
 * open_before: the same for the paragraph's bytes before until.
 * Marks: " (either), “ ” (in German „ opens and “ closes), « ». */
static bool open_before(const px_doc *d, uint32_t p, uint32_t until, uint32_t *at)
{
    if (p >= d->n_paras) return false;
    px_span s = d->paras[p];
    bool open = false, de = d->lang[0] == 'd' && d->lang[1] == 'e';
    for (uint32_t b = s.start; b < s.end && b < until && b < d->text_len; b++) {
        const unsigned char *u = (const unsigned char *)d->text + b;
        int kind = 0; /* 1 opens, 2 closes, 3 toggles */
        if (u[0] == '"') kind = 3;
        else if (u[0] == 0xC2 && b + 1 < d->text_len) kind = u[1] == 0xAB ? 1 : u[1] == 0xBB ? 2 : 0;
        else if (u[0] == 0xE2 && b + 2 < d->text_len && u[1] == 0x80)
            kind = u[2] == 0x9C ? (de ? 2 : 1) : u[2] == 0x9D ? 2 : u[2] == 0x9E ? 1 : 0;
        if (kind == 3) kind = open ? 2 : 1;
        if (kind == 1) open = true, *at = b;
        else if (kind == 2) open = false;
    }
    return open;
}

static bool para_left_open(const px_doc *d, uint32_t p, uint32_t *at)
{
    return p < d->n_paras && open_before(d, p, d->paras[p].end, at);
}

/* The speaker of a quote opened at byte at by 'X said: "', 'he said: "'
 * (the pronoun's person, as speaker_antecedent) or 'sagte X: "', -1. */
static int32_t opener_speaker(const cov *c, size_t i, const nameidx *nx, uint32_t at)
{
    const px_doc *d = c->docs[i];
    uint32_t ta = tok_at(d, at);
    if (ta >= d->n_toks || !d->n_sents) return -1;
    uint32_t s0 = d->sents[sent_of(d, ta)].tok_start, w = ta;
    while (w > s0 && w + 3 > ta && d->toks[w - 1].kind == PX_TOK_PUNCT) w--;
    if (w == s0 || w == ta) return -1;
    /* 'sagte X: "' */
    int32_t nm = nx->last[w - 1];
    if (nm >= 0) {
        uint32_t b = tok_at(d, d->ments[nm].span.start);
        if (b > s0 && tok_inset(d, b - 1, &c->verbs) && !tok_in(d, b - 1, object_verbs) &&
            !not_speaker_kind(c, i, nm, true))
            return nm;
    }
    if (!tok_inset(d, w - 1, &c->verbs) || tok_in(d, w - 1, object_verbs)) return -1;
    w--;
    if (w > s0 && tok_in(d, w - 1, auxiliaries)) w--;
    if (w > s0 && tok_in(d, w - 1, pronouns))
        return speaker_antecedent(c, i, nx, d->toks[w - 1].span.start, pron_gender(d, w - 1));
    nm = w > s0 ? nx->last[w - 1] : -1;
    return nm >= 0 && !not_speaker_kind(c, i, nm, true) && !object_of(c, i, nm) ? nm : -1;
}

/* Is token t a double quote mark ('"', “ ” „ ‟, « ») that opens or closes
 * no quote mention (a quote the analyser did not find)? */
static bool stray_mark(const px_doc *d, uint32_t t)
{
    if (t >= d->n_toks || d->toks[t].kind != PX_TOK_PUNCT) return false;
    const unsigned char *p = (const unsigned char *)d->text + d->toks[t].span.start;
    if (!(p[0] == '"' || (p[0] == 0xE2 && p[1] == 0x80 && p[2] >= 0x9C && p[2] <= 0x9F) ||
          (p[0] == 0xC2 && (p[1] == 0xAB || p[1] == 0xBB))))
        return false;
    const px_span ts = d->toks[t].span;
    for (uint32_t k = 0; k < d->n_ments; k++) {
        const px_span ms = d->ments[k].span;
        if (d->ments[k].kind == PX_MENTION_QUOTE &&
            ((ms.start >= ts.end && ms.start <= ts.end + 1) || (ms.end <= ts.start && ms.end + 1 >= ts.start)))
            return false;
    }
    return true;
}

/* Does another voice speak between bytes a (the end of a quote) and b
 * (the start of a later one), so that the later quote does not go on the
 * earlier one's speaker sp: a quote mark of no quote found ('"...," Dillman
 * said. ... the Assembly," Evers said. "..."'), or a speech verb next to a
 * name (before or after it) that is not sp's? */
static bool voice_between(const cov *c, size_t i, const nameidx *nx, uint32_t a, uint32_t b, int32_t sp)
{
    const px_doc *d = c->docs[i];
    for (uint32_t t = tok_at(d, a); t < d->n_toks && d->toks[t].span.end <= b; t++) {
        if (stray_mark(d, t)) return true;
        if (!tok_inset(d, t, &c->verbs) || tok_in(d, t, object_verbs)) continue;
        int32_t nm[2] = {t > 0 ? nx->last[t - 1] : -1, t + 1 < d->n_toks ? nx->first[t + 1] : -1};
        for (int e = 0; e < 2; e++)
            if (nm[e] >= 0 && !not_speaker_kind(c, i, nm[e], false) && !object_of(c, i, nm[e]) &&
                !same_speaker(c, i, nm[e], sp))
                return true;
    }
    return false;
}

/* Is quote mention k of doc i joined to the quote pq before it in its
 * sentence by "and" (und, et, y) and at most COV_JOIN_TOKS tokens in all,
 * with no name, no clause or sentence break and no other voice between,
 * pq taking its speaker from a pattern before it ('X told', 'sagte X:',
 * 'according to X')? */
#define COV_JOIN_TOKS 6
static bool and_joined(const cov *c, size_t i, const nameidx *nx, const qinfo *pq, uint32_t k)
{
    static const char *const before[] = {"X said", "said X", "X ... said", "X ...:", "X:", "X saying",
                                         "X ..., saying", "according to X", NULL};
    const px_doc *d = c->docs[i];
    const px_mention *pm = &d->ments[pq->ment], *m = &d->ments[k];
    if (pq->speaker < 0 || !pq->via || pm->sent != m->sent) return false;
    bool ok = false;
    for (int b = 0; before[b] && !ok; b++) ok = !strcmp(pq->via, before[b]);
    uint32_t t0 = tok_at(d, pm->span.end), t1 = tok_at(d, m->span.start);
    if (!ok || t1 <= t0 || t1 - t0 > COV_JOIN_TOKS + 2) return false;
    bool conj = false;
    for (uint32_t t = t0; t < t1 && t < d->n_toks; t++) {
        if (nx->first[t] >= 0 || nx->last[t] >= 0) return false;
        if (d->toks[t].kind == PX_TOK_PUNCT) {
            char ch = d->text[d->toks[t].span.start];
            if (ch == '.' || ch == ';' || ch == ':' || ch == '!' || ch == '?' || ch == '(') return false;
            continue;
        }
        conj |= tok_in(d, t, conjunctions);
    }
    return conj && !voice_between(c, i, nx, pm->span.end, m->span.start, pq->speaker);
}

static bool quotes_collect(cov *c)
{
    for (size_t i = 0; i < c->n; i++) {
        const px_doc *d = c->docs[i];
        const px_profile *p = c->prof[i];
        uint32_t n = 0;
        for (uint32_t k = 0; k < d->n_ments; k++) n += d->ments[k].kind == PX_MENTION_QUOTE;
        c->q[i] = calloc(n + 1, sizeof *c->q[i]);
        nameidx nx;
        if (!c->q[i] || !nameidx_build(d, c->inquote[i], &nx)) return false;
        n = 0;
        for (uint32_t k = 0; k < d->n_ments; k++) {
            if (d->ments[k].kind != PX_MENTION_QUOTE) continue;
            qinfo *q = &c->q[i][n++];
            q->ment = k;
            q->pq = -1;
            for (uint32_t j = 0; j < p->n_quotes; j++)
                if (p->quotes[j].ment == (int32_t)k) q->pq = (int32_t)j;
            attribute(c, i, &nx, q);
            /* '"...", señaló.': the speaker of a quote before in this or the
             * previous paragraph, else the one speaking before */
            if (q->speaker < 0 && q->subjectless && !q->title && d->ments[k].sent < d->n_sents) {
                uint32_t para = d->sents[d->ments[k].sent].para;
                for (uint32_t j = n - 1; para != UINT32_MAX && j > 0 && q->speaker < 0; j--) {
                    const px_mention *pm = &d->ments[c->q[i][j - 1].ment];
                    if (pm->sent >= d->n_sents || d->sents[pm->sent].para == UINT32_MAX ||
                        d->sents[pm->sent].para + 1 < para)
                        break;
                    if (c->q[i][j - 1].speaker < 0) continue;
                    /* (none when another voice speaks between) */
                    if (voice_between(c, i, &nx, pm->span.end, d->ments[k].span.start, c->q[i][j - 1].speaker)) break;
                    q->speaker = c->q[i][j - 1].speaker, q->via = "continued";
                }
                if (q->speaker < 0)
                    q->speaker = speaker_antecedent(c, i, &nx, d->ments[k].span.start, 0), q->via = "pronoun";
                if (q->speaker < 0) q->via = NULL;
            }
            /* 'X said "...", and added "..."': the quote before it in the sentence */
            if (q->speaker < 0 && q->coord && n >= 2) {
                const qinfo *pq = &c->q[i][n - 2];
                uint32_t pe = tok_at(d, d->ments[pq->ment].span.end);
                if (pq->speaker >= 0 && pe > 0 && sent_of(d, pe - 1) == d->ments[k].sent)
                    q->speaker = pq->speaker, q->via = "continued";
            }
            /* 'X told ... "..." and would "..."': joined to the quote before
             * it in the sentence, whose speaker and verb come before both,
             * by "and" and a few words naming no one */
            if (q->speaker < 0 && !q->title && !q->own && n >= 2 && and_joined(c, i, &nx, &c->q[i][n - 2], k))
                q->speaker = c->q[i][n - 2].speaker, q->via = "continued";
            /* a quote with no attribution that opens a sentence goes on the
             * paragraph's previous quote; one that opens a paragraph, on
             * the quote the previous paragraph ends with (short quotes
             * with no speaker between, titles mostly, are passed over) */
            const px_mention *m = &d->ments[k];
            uint32_t t0 = tok_at(d, m->span.start);
            bool opens = m->sent < d->n_sents && skip_punct(d, d->sents[m->sent].tok_start, 2) >= t0 &&
                         ends_clause(d, m) && !q->title && !q->own;
            for (uint32_t j = n - 1; q->speaker < 0 && opens && j > 0; j--) {
                const qinfo *pq = &c->q[i][j - 1];
                const px_mention *pm = &d->ments[pq->ment];
                if (pm->sent >= d->n_sents) break;
                if (pq->speaker < 0) {
                    if (pq->pq >= 0 && p->quotes[pq->pq].n >= 4) break;
                    continue;
                }
                uint32_t para = d->sents[m->sent].para;
                bool same = d->sents[pm->sent].para == para;
                /* (the previous quote ends in the previous paragraph's last sentence) */
                bool prev = para != UINT32_MAX && para > 0 && m->sent > 0 &&
                            d->sents[m->sent - 1].para == para - 1 &&
                            sent_of(d, tok_at(d, pm->span.end)) == m->sent - 1;
                if ((same || prev) && !voice_between(c, i, &nx, pm->span.end, m->span.start, pq->speaker))
                    q->speaker = pq->speaker, q->via = "continued";
                break;
            }
            /* one that opens a paragraph after paragraphs that leave a
             * quote open: the words of the one who opened it ('Mr Lee
             * said: "...' then '"...' then '"..."') */
            uint32_t para = m->sent < d->n_sents ? d->sents[m->sent].para : UINT32_MAX;
            if (q->speaker < 0 && !q->title && !q->own && para != UINT32_MAX && para < d->n_paras &&
                skip_punct(d, tok_at(d, d->paras[para].start), 2) >= t0 && t0 > tok_at(d, d->paras[para].start)) {
                uint32_t at = 0;
                for (uint32_t p = para; p-- > 0 && p + COV_OPEN_PARAS > para;) {
                    if (!para_left_open(d, p, &at)) break;
                    if (tok_at(d, at) > tok_at(d, d->paras[p].start)) {
                        q->speaker = opener_speaker(c, i, &nx, at);
                        if (q->speaker >= 0) q->via = "continued";
                        break;
                    }
                }
            }
            /* one that opens a sentence after 'X says ...' in its paragraph,
             * or a paragraph after one ending so ('Michailuck says counts
             * are about data.' then '"..."') */
            bool after_para = para != UINT32_MAX && para < d->n_paras && m->sent > 0 &&
                              d->sents[m->sent - 1].para + 1 == para &&
                              skip_punct(d, tok_at(d, d->paras[para].start), 2) >= t0;
            /* (that sentence quoting nobody itself: 'X sprach von einer "..."' is not it) */
            for (uint32_t t = m->sent > 0 ? d->sents[m->sent - 1].tok_start : 0; after_para && t < d->sents[m->sent].tok_start && t < d->n_toks; t++)
                after_para = !quote_mark(d, t);
            if (q->speaker < 0 && opens && m->sent > 0 &&
                (d->sents[m->sent - 1].para == d->sents[m->sent].para || after_para) &&
                d->sents[m->sent].para != UINT32_MAX) {
                const px_sentence *ps = &d->sents[m->sent - 1];
                for (uint32_t t = ps->tok_start; t < ps->tok_end && t < d->n_toks; t++) {
                    int32_t nm = nx.last[t];
                    if (nm < 0 || not_speaker_kind(c, i, nm, false) || object_of(c, i, nm)) continue;
                    uint32_t v = t + 1, b = tok_at(d, d->ments[nm].span.start);
                    if (tok_in(d, v, auxiliaries)) v++;
                    /* (or 'sagte X.' ending it) */
                    b = past_roles(d, b); /* ('sagte Bürgermeister X.') */
                    bool inv = b > ps->tok_start && tok_inset(d, b - 1, &c->verbs) && !tok_in(d, b - 1, object_verbs) &&
                               t + 1 < d->n_toks && t + 2 >= ps->tok_end && d->toks[t + 1].kind == PX_TOK_PUNCT;
                    if (tok_inset(d, v, &c->verbs) || inv) {
                        q->speaker = nm, q->via = "X said, then";
                        break;
                    }
                }
                /* ('She says some doctors want to help. "..."') */
                uint32_t f = skip_punct(d, ps->tok_start, 2), v = f + 1;
                if (tok_in(d, v, auxiliaries)) v++;
                if (q->speaker < 0 && tok_in(d, f, pronouns) && tok_inset(d, v, &c->verbs) && !tok_in(d, v, object_verbs)) {
                    q->speaker = speaker_antecedent(c, i, &nx, d->toks[f].span.start, pron_gender(d, f));
                    q->via = q->speaker >= 0 ? "pronoun" : NULL;
                }
            }
            /* a quote inside another ('X said: "He then shouted '...'"') is
             * the words of someone the outer quote names, never of a person
             * outside it (X) found by a pronoun, a description or as the
             * quotes before ('“I wish I could say ‘...’,” Gase said' is Gase's) */
            if (q->speaker >= 0 && q->via &&
                (!strcmp(q->via, "pronoun") || !strcmp(q->via, "description") || !strcmp(q->via, "continued") ||
                 !strcmp(q->via, "X said, then"))) {
                /* (the outer quote may open paragraphs before: '“The
                 * defendant then said ‘...’') */
                uint32_t at = 0, ms = d->ments[k].span.start, para = d->ments[k].sent < d->n_sents
                                                                       ? d->sents[d->ments[k].sent].para : UINT32_MAX;
                const unsigned char *mk = (const unsigned char *)d->text + (ms > 3 ? ms - 3 : 0);
                bool single = ms > 3 && mk[0] == 0xE2 && mk[1] == 0x80 && (mk[2] == 0x98 || mk[2] == 0x9A);
                if (single && open_before(d, para, ms, &at) && d->ments[q->speaker].span.start < at)
                    q->speaker = -1, q->via = NULL;
                for (uint32_t o = 0; q->speaker >= 0 && o < d->n_ments; o++) {
                    const px_span os = d->ments[o].span, qs = d->ments[k].span;
                    if (o != k && d->ments[o].kind == PX_MENTION_QUOTE && os.start < qs.start && os.end >= qs.end &&
                        (d->ments[q->speaker].span.start < os.start || d->ments[q->speaker].span.end > os.end)) {
                        q->speaker = -1, q->via = NULL;
                        break;
                    }
                }
            }
        }
        /* the same words (three or more) the article quotes again with a speaker (a headline's
         * 'Zoo-Direktor zeigt sich betroffen: „Das ist unglaublich“' and
         * later '„Das ist unglaublich“, sagt X'): that speaker */
        for (uint32_t x = 0; x < n; x++) {
            qinfo *q = &c->q[i][x];
            const char *qn = d->ments[q->ment].norm;
            if (q->speaker >= 0 || q->title || !qn || q->pq < 0 || p->quotes[q->pq].n < 3) continue;
            for (uint32_t y = 0; y < n; y++) {
                const qinfo *o = &c->q[i][y];
                const char *on = d->ments[o->ment].norm;
                /* (from a copy a pattern names, not a chain: a pronoun, a
                 * description, a quote before) */
                if (y == x || o->speaker < 0 || !o->via || !strcmp(o->via, "repeated") || !strcmp(o->via, "pronoun") ||
                    !strcmp(o->via, "description") || !strcmp(o->via, "continued") || !on || strcmp(on, qn))
                    continue;
                q->speaker = o->speaker, q->via = "repeated";
                break;
            }
        }
        c->nq[i] = n;
        free(nx.first);
    }
    return true;
}

/* The span of speaker mention sp as a name: without a German article
 * object that the name ran into ("sagte Walter-Borjans der Deutschen
 * Presse-Agentur" -> "Walter-Borjans"; "Ursula von der Leyen" stays), nor
 * what follows "von" when two or more words do ("Karin Kretzer von der
 * Polizei Krefeld" -> "Karin Kretzer"), nor a word for "according to" or
 * (German) a role word that opens it ("Gemäß Karin Kretzer", "Fernseh-
 * kommissar Wagner" -> "Wagner"). */
static px_span speaker_span(const px_doc *d, int32_t sp)
{
    static const char *const von[] = {"von", "van", "zu", "vom", NULL};
    px_span s = d->ments[sp].span;
    uint32_t b = tok_at(d, s.start), e = tok_at(d, s.end);
    bool de = d->lang && !strcmp(d->lang, "de");
    for (uint32_t t = b + 1; t < e && t < d->n_toks; t++) {
        bool art = tok_in(d, t, (const char *const[]){"der", "dem", "den", "des", NULL});
        if (art && !tok_in(d, t - 1, von)) {
            s.end = d->toks[t - 1].span.end;
            break;
        }
        if (tok_in(d, t, von)) {
            uint32_t w = 0;
            for (uint32_t u = t + 1; u < e && u < d->n_toks; u++)
                w += d->toks[u].kind == PX_TOK_WORD && !tok_in(d, u, (const char *const[]){"der", "dem", "den", NULL});
            if (w >= 2) {
                s.end = d->toks[t - 1].span.end;
                break;
            }
        }
    }
    /* ("a rappelé le ministère de l'Agriculture": the institution too) */
    uint32_t inst = institution_of(d, b);
    if (inst != UINT32_MAX) return (px_span){d->toks[inst].span.start, s.end};
    e = tok_at(d, s.end);
    while (b + 1 < e && d->toks[b + 1].kind == PX_TOK_WORD &&
           (tok_in(d, b, according) || (de && role_word(d->toks[b].norm))))
        s.start = d->toks[++b].span.start;
    return s;
}

static json_t *speaker_json(const px_doc *d, int32_t sp)
{
    if (sp < 0 || (uint32_t)sp >= d->n_ments) return json_null();
    return jspan(d, speaker_span(d, sp));
}

/* The length of quote text s without the punctuation and spaces at its
 * ends' right side ("...our ally." ~ "...our ally"). */
static size_t trim_len(const char *s)
{
    size_t n = strlen(s);
    while (n && strchr(" .,;:!?", s[n - 1])) n--;
    return n;
}

/* How a copy of a quote (its folded text) stands to the longest copy ref:
 * "verbatim" (the same), "partial" (a piece of it), "paraphrased". */
static const char *quote_how(const char *ref, const char *s)
{
    if (!ref || !s) return "verbatim";
    size_t lr = trim_len(ref), ls = trim_len(s);
    if (lr == ls && memcmp(ref, s, lr) == 0) return "verbatim";
    if (ls && ls < lr && memmem(ref, lr, s, ls)) return "partial";
    return "paraphrased";
}

/* The folded words of the body sentences of a document, hashed as
 * features.c hashes a quote's (runs of 2+ letters or digits of the token
 * norms, PX_NS_WORD), sorted and unique per sentence: w[off[s] .. off[s+1]). */
typedef struct swords {
    uint64_t *w;
    uint32_t *off;
} swords;

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

static bool swords_build(const px_doc *d, swords *sw)
{
    size_t cap = 0, n = 0;
    for (uint32_t t = 0; t < d->n_toks; t++)
        if (d->toks[t].norm) cap += strlen(d->toks[t].norm) / 2 + 1;
    sw->w = malloc((cap + 1) * sizeof *sw->w);
    sw->off = malloc(((size_t)d->n_sents + 1) * sizeof *sw->off);
    if (!sw->w || !sw->off) return false;
    for (uint32_t s = 0; s < d->n_sents; s++) {
        sw->off[s] = (uint32_t)n;
        size_t n0 = n;
        for (uint32_t t = d->sents[s].tok_start; t < d->sents[s].tok_end && t < d->n_toks; t++) {
            const char *w = d->toks[t].norm;
            if (!w || d->toks[t].kind != PX_TOK_WORD) continue;
            size_t len = strlen(w);
            for (size_t i = 0; i < len;) {
                while (i < len && !((unsigned char)w[i] >= 0x80 || isalnum((unsigned char)w[i]))) i++;
                size_t e = i;
                while (e < len && ((unsigned char)w[e] >= 0x80 || isalnum((unsigned char)w[e]))) e++;
                if (e - i >= 2 && n < cap) sw->w[n++] = px_term_hash(PX_NS_WORD, w + i, e - i);
                i = e;
            }
        }
        qsort(sw->w + n0, n - n0, sizeof *sw->w, cmp_u64);
        size_t m = n0;
        for (size_t k = n0; k < n; k++)
            if (m == n0 || sw->w[m - 1] != sw->w[k]) sw->w[m++] = sw->w[k];
        n = m;
    }
    sw->off[d->n_sents] = (uint32_t)n;
    return true;
}

/* Share of quote q's words in sentence s. */
static double words_cover(const px_pquote *q, const swords *sw, uint32_t s)
{
    const uint64_t *w = sw->w + sw->off[s];
    uint32_t n = sw->off[s + 1] - sw->off[s], i = 0, j = 0, c = 0;
    if (!q->n) return 0;
    while (i < q->n && j < n) {
        if (q->tok[i] < w[j]) i++;
        else if (q->tok[i] > w[j]) j++;
        else c++, i++, j++;
    }
    return (double)c / q->n;
}

/* The fullest form of name mention k of doc i in any article: the longest
 * name it matches by px_name_match (same, or a word subset: "Harris" ->
 * "Harry Harris"), as first written there. */
static json_t *fullest_name(const cov *c, size_t i, int32_t k)
{
    int32_t pn = c->ment_pn[i][k];
    const px_doc *bd = c->docs[i];
    px_span bs = bd->ments[k].span;
    if (pn >= 0) {
        const px_pname *a = &c->prof[i]->names[pn];
        size_t best = strlen(a->norm);
        for (size_t j = 0; j < c->n; j++)
            for (uint32_t x = 0; x < c->prof[j]->n_names; x++) {
                const px_pname *b = &c->prof[j]->names[x];
                size_t bl = strlen(b->norm);
                if (bl <= best || b->ntok <= a->ntok || px_name_match(a, b, NULL) < 2) continue;
                if (b->first < 0 || (uint32_t)b->first >= c->docs[j]->n_ments) continue;
                best = bl;
                bd = c->docs[j];
                bs = bd->ments[b->first].span;
            }
    }
    return valid_span(bd, bs) ? json_stringn(bd->text + bs.start, bs.end - bs.start) : json_null();
}

/* Do the copies of quote group r name one speaker (the same name, or
 * one a word subset of the other)? true, false, or null when fewer than
 * two copies have a speaker. */
static json_t *speakers_agree(const cov *c, uf *u, const size_t *qoff, uint32_t r)
{
    const px_pname *first = NULL;
    bool agree = true;
    int named = 0;
    for (size_t j = 0; j < c->n; j++)
        for (uint32_t y = 0; y < c->nq[j]; y++) {
            if (uf_find(u, (uint32_t)(qoff[j] + y)) != r || c->q[j][y].speaker < 0) continue;
            int32_t pn = c->ment_pn[j][c->q[j][y].speaker];
            if (pn < 0) continue;
            const px_pname *p = &c->prof[j]->names[pn];
            named++;
            if (!first) first = p;
            else if (px_name_match(first, p, NULL) < 2) agree = false;
        }
    return named >= 2 ? json_boolean(agree) : json_null();
}

/* May copy q of doc j take speaker sp of copy from (of doc fd)? Only
 * copies of COV_CARRY_WORDS+ words (a few common words match too much),
 * q with a third of the words of the other copy or more (a title or a
 * scare quote inside a longer quote of the other article is not that
 * speaker's words), and only when article j
 * names the speaker too (px_name_match: the same name or a word subset):
 * a reader is not shown a speaker the article never mentions. */
static bool carried_ok(const cov *c, size_t j, const qinfo *q, size_t fd, const qinfo *from, int32_t sp)
{
    if (!from || q->pq < 0 || from->pq < 0 || sp < 0 || q->title) return false;
    uint32_t a = c->prof[j]->quotes[q->pq].n, b = c->prof[fd]->quotes[from->pq].n;
    if (a < COV_CARRY_WORDS || b < COV_CARRY_WORDS || 3 * a < b) return false;
    int32_t pn = c->ment_pn[fd][sp];
    if (pn < 0) return false;
    const px_pname *s = &c->prof[fd]->names[pn];
    for (uint32_t k = 0; k < c->prof[j]->n_names; k++)
        if (px_name_match(s, &c->prof[j]->names[k], NULL) >= 2) return true;
    return false;
}

static json_t *quotes_json(cov *c)
{
    json_t *arr = json_array();
    size_t *qoff = calloc(c->n + 1, sizeof *qoff);
    uf u = {0};
    swords *sw = calloc(c->n, sizeof *sw);
    if (!arr || !qoff || !sw) goto out;
    for (size_t i = 0; i < c->n; i++)
        if (!swords_build(c->docs[i], &sw[i])) goto out;
    for (size_t i = 0; i < c->n; i++) qoff[i + 1] = qoff[i] + c->nq[i];
    if (!uf_init(&u, qoff[c->n])) goto out;
    for (size_t i = 0; i < c->n; i++)
        for (size_t j = i + 1; j < c->n; j++)
            for (uint32_t x = 0; x < c->nq[i]; x++) {
                if (c->q[i][x].pq < 0) continue;
                const px_pquote *a = &c->prof[i]->quotes[c->q[i][x].pq];
                double best = 0;
                uint32_t by = 0;
                for (uint32_t y = 0; y < c->nq[j]; y++) {
                    if (c->q[j][y].pq < 0) continue;
                    double s = px_quote_overlap(a, &c->prof[j]->quotes[c->q[j][y].pq]);
                    if (s > best) best = s, by = y;
                }
                if (best >= COV_QUOTE_MIN)
                    uf_union(&u, (uint32_t)(qoff[i] + x), (uint32_t)(qoff[j] + by));
            }
    for (size_t i = 0; i < c->n; i++)
        for (uint32_t x = 0; x < c->nq[i]; x++) {
            uint32_t r = (uint32_t)(qoff[i] + x);
            if (uf_find(&u, r) != r) continue;
            /* the longest copy is the reference */
            const char *ref = NULL;
            const px_pquote *refq = NULL;
            int32_t spk = -1;
            size_t spk_doc = 0;
            const qinfo *spk_q = NULL;
            uint64_t mask = 0;
            for (size_t j = i; j < c->n; j++)
                for (uint32_t y = 0; y < c->nq[j]; y++) {
                    if (uf_find(&u, (uint32_t)(qoff[j] + y)) != r) continue;
                    const px_mention *m = &c->docs[j]->ments[c->q[j][y].ment];
                    if (m->norm && (!ref || strlen(m->norm) > strlen(ref))) {
                        ref = m->norm;
                        refq = c->q[j][y].pq >= 0 ? &c->prof[j]->quotes[c->q[j][y].pq] : NULL;
                    }
                    int32_t sp = c->q[j][y].speaker;
                    const char *sn = sp >= 0 ? c->docs[j]->ments[sp].norm : NULL;
                    if (sn && (spk < 0 || strlen(sn) > strlen(c->docs[spk_doc]->ments[spk].norm)))
                        spk = sp, spk_doc = j, spk_q = &c->q[j][y];
                    mask |= 1ULL << j;
                }
            json_t *o = json_object(), *by = json_array(), *cp = json_array();
            for (size_t j = 0; j < c->n; j++)
                if (mask & (1ULL << j)) json_array_append_new(by, json_integer((json_int_t)j));
            bool all_verbatim = true;
            /* a copy with no speaker takes the one another article gives,
             * when the articles that name one agree */
            json_t *agree = speakers_agree(c, &u, qoff, r);
            bool carry = spk >= 0 && !json_is_false(agree);
            for (size_t j = i; j < c->n; j++)
                for (uint32_t y = 0; y < c->nq[j]; y++) {
                    if (uf_find(&u, (uint32_t)(qoff[j] + y)) != r) continue;
                    const px_doc *d = c->docs[j];
                    const qinfo *q = &c->q[j][y];
                    const px_mention *m = &d->ments[q->ment];
                    const char *how = quote_how(ref, m->norm);
                    if (strcmp(how, "verbatim")) all_verbatim = false;
                    json_t *e = jspan(d, m->span);
                    json_object_set_new(e, "doc", json_integer((json_int_t)j));
                    json_object_set_new(e, "how", json_string(how));
                    if (q->speaker < 0 && carry && spk_doc != j && carried_ok(c, j, q, spk_doc, spk_q, spk)) {
                        /* the speaker's span is in the article it comes from */
                        json_t *sp = speaker_json(c->docs[spk_doc], spk);
                        json_object_set_new(sp, "doc", json_integer((json_int_t)spk_doc));
                        json_object_set_new(e, "speaker", sp);
                        json_object_set_new(e, "via", json_string("carried"));
                        json_object_set_new(e, "carried_from", json_integer((json_int_t)spk_doc));
                    } else {
                        json_object_set_new(e, "speaker", speaker_json(d, q->speaker));
                        json_object_set_new(e, "via",
                                            q->via && q->speaker >= 0 ? json_string(q->via) : json_null());
                    }
                    json_array_append_new(cp, e);
                }
            /* the articles that give it without quote marks (reported
             * speech): a body sentence holding most of its words */
            json_t *rep = json_array();
            for (size_t j = 0; refq && refq->n >= COV_UNQUOTED_WORDS && j < c->n; j++) {
                if (mask & (1ULL << j)) continue;
                const px_doc *d = c->docs[j];
                double best = 0;
                uint32_t bs = 0;
                for (uint32_t s2 = 0; s2 < d->n_sents; s2++) {
                    if (d->sents[s2].para == UINT32_MAX) continue;
                    double cv = words_cover(refq, &sw[j], s2);
                    if (cv > best) best = cv, bs = s2;
                }
                if (best < COV_UNQUOTED_MIN) continue;
                json_t *e = jspan(d, d->sents[bs].span);
                json_object_set_new(e, "doc", json_integer((json_int_t)j));
                json_object_set_new(e, "how", json_string("unquoted"));
                json_object_set_new(e, "speaker", json_null());
                json_object_set_new(e, "via", json_null());
                json_object_set_new(e, "words_shared", json_real(round3(best)));
                json_array_append_new(cp, e);
                json_array_append_new(rep, json_integer((json_int_t)j));
            }
            const char *sname = spk >= 0 ? c->docs[spk_doc]->ments[spk].norm : NULL;
            json_t *sjs = json_null();
            if (spk >= 0) {
                const px_span s = speaker_span(c->docs[spk_doc], spk);
                sjs = valid_span(c->docs[spk_doc], s)
                          ? json_stringn(c->docs[spk_doc]->text + s.start, s.end - s.start)
                          : json_null();
            }
            json_object_set_new(o, "speaker", sjs);
            json_object_set_new(o, "speaker_name", spk >= 0 ? fullest_name(c, spk_doc, spk) : json_null());
            json_object_set_new(o, "speaker_norm", sname ? json_string(sname) : json_null());
            json_object_set_new(o, "carried_by", by);
            json_object_set_new(o, "unquoted_in", rep);
            json_object_set_new(o, "speakers_agree", agree);
            json_object_set_new(o, "verbatim", json_boolean(all_verbatim));
            json_object_set_new(o, "copies", cp);
            json_array_append_new(arr, o);
        }
out:
    for (size_t i = 0; sw && i < c->n; i++) free(sw[i].w), free(sw[i].off);
    free(sw);
    free(u.p);
    free(qoff);
    return arr;
}

/* ------------------------------------------------------------ people */

static const char *kind_name(int k)
{
    static const char *const names[] = {"person", "organisation", "place", "name"};
    return k >= 0 && k < 4 ? names[k] : "name";
}

typedef struct psort {
    json_t *o;
    size_t quoted, named, mentions, pos;
} psort;

static int cmp_psort(const void *pa, const void *pb)
{
    const psort *a = pa, *b = pb;
    if (a->quoted != b->quoted) return a->quoted < b->quoted ? 1 : -1;
    if (a->named != b->named) return a->named < b->named ? 1 : -1;
    if (a->mentions != b->mentions) return a->mentions < b->mentions ? 1 : -1;
    return a->pos < b->pos ? -1 : a->pos > b->pos;
}

/* Order the entities: quoted by more articles, named by more, named more
 * often, then first seen. */
static void sort_people(json_t *arr)
{
    size_t n = json_array_size(arr), k;
    psort *v = malloc((n + 1) * sizeof *v);
    json_t *o, *x;
    if (!v) return;
    json_array_foreach(arr, k, o)
    {
        size_t m = 0, j;
        json_array_foreach (json_object_get(o, "docs"), j, x)
            m += (size_t)json_integer_value(json_object_get(x, "mentions"));
        v[k] = (psort){json_incref(o), json_array_size(json_object_get(o, "quoted_by")),
                       json_array_size(json_object_get(o, "named_by")), m, k};
    }
    qsort(v, n, sizeof *v, cmp_psort);
    json_array_clear(arr);
    for (k = 0; k < n; k++) json_array_append_new(arr, v[k].o);
    free(v);
}

static json_t *people_json(cov *c)
{
    json_t *arr = json_array();
    size_t *noff = calloc(c->n + 1, sizeof *noff);
    uf u = {0};
    uint32_t *quoted = NULL;
    if (!arr || !noff) goto out;
    for (size_t i = 0; i < c->n; i++) noff[i + 1] = noff[i] + c->prof[i]->n_names;
    size_t total = noff[c->n];
    quoted = calloc(total + 1, sizeof *quoted);
    if (!quoted || !uf_init(&u, total)) goto out;
    for (size_t i = 0; i < c->n; i++)
        for (size_t j = i; j < c->n; j++)
            for (uint32_t x = 0; x < c->prof[i]->n_names; x++)
                for (uint32_t y = i == j ? x + 1 : 0; y < c->prof[j]->n_names; y++) {
                    const px_pname *a = &c->prof[i]->names[x], *b = &c->prof[j]->names[y];
                    if (a->kind == PX_EV_PLACE || b->kind == PX_EV_PLACE) {
                        if (a->key != b->key) continue;
                    }
                    /* a prefix of a compound ("Donga" ~ "Dong-a Ilbo") joins
                     * organisations and names of no clear kind, not people */
                    int r = px_name_match(a, b, NULL);
                    if (r >= 2 || (r == 1 && a->kind != PX_EV_PERSON && b->kind != PX_EV_PERSON))
                        uf_union(&u, (uint32_t)(noff[i] + x), (uint32_t)(noff[j] + y));
                }
    for (size_t i = 0; i < c->n; i++)
        for (uint32_t x = 0; x < c->nq[i]; x++) {
            int32_t sp = c->q[i][x].speaker;
            if (sp < 0) continue;
            int32_t pn = c->ment_pn[i][sp];
            if (pn >= 0) quoted[noff[i] + pn]++;
        }
    for (size_t r = 0; r < total; r++) {
        if (uf_find(&u, (uint32_t)r) != r) continue;
        json_t *o = json_object(), *named = json_array(), *qb = json_array(), *per = json_array();
        const char *disp = NULL;
        const px_doc *disp_doc = NULL;
        px_span disp_span = {0, 0};
        int kind = PX_EV_NAME;
        uint32_t nquoted_docs = 0;
        for (size_t i = 0; i < c->n; i++) {
            uint32_t cnt = 0, qn = 0;
            int32_t first = -1;
            for (uint32_t x = 0; x < c->prof[i]->n_names; x++) {
                if (uf_find(&u, (uint32_t)(noff[i] + x)) != r) continue;
                const px_pname *pn = &c->prof[i]->names[x];
                cnt += pn->count;
                qn += quoted[noff[i] + x];
                if (!disp || strlen(pn->norm) > strlen(disp)) {
                    disp = pn->norm;
                    if (pn->first >= 0 && (uint32_t)pn->first < c->docs[i]->n_ments &&
                        valid_span(c->docs[i], c->docs[i]->ments[pn->first].span))
                        disp_doc = c->docs[i], disp_span = c->docs[i]->ments[pn->first].span;
                }
                if (kind == PX_EV_NAME && pn->kind != PX_EV_NAME) kind = pn->kind;
                if (pn->kind == PX_EV_PERSON) kind = PX_EV_PERSON;
                if (first < 0 || pn->first < first) first = pn->first;
            }
            if (!cnt) continue;
            json_array_append_new(named, json_integer((json_int_t)i));
            if (qn) json_array_append_new(qb, json_integer((json_int_t)i)), nquoted_docs++;
            const px_doc *d = c->docs[i];
            json_t *e = first >= 0 && (uint32_t)first < d->n_ments ? jspan(d, d->ments[first].span)
                                                                   : json_object();
            json_object_set_new(e, "doc", json_integer((json_int_t)i));
            json_object_set_new(e, "mentions", json_integer(cnt));
            json_object_set_new(e, "quoted", json_integer(qn));
            json_array_append_new(per, e);
        }
        json_object_set_new(o, "name", disp_doc ? json_stringn(disp_doc->text + disp_span.start,
                                                               disp_span.end - disp_span.start)
                                     : disp ? json_string(disp) : json_null());
        json_object_set_new(o, "norm", disp ? json_string(disp) : json_null());
        json_object_set_new(o, "kind", json_string(kind_name(kind)));
        json_object_set_new(o, "named_by", named);
        json_object_set_new(o, "quoted_by", qb);
        json_object_set_new(o, "quoted_by_one_only", json_boolean(c->n > 1 && nquoted_docs == 1));
        json_object_set_new(o, "docs", per);
        json_array_append_new(arr, o);
    }
    sort_people(arr);
out:
    free(u.p);
    free(quoted);
    free(noff);
    return arr;
}

/* ------------------------------------------------------------ reuse */

static const char *const agencies[] = {
    "Associated Press", "Agence France-Presse", "Deutsche Presse-Agentur", "Press Association",
    "Europa Press", "AP", "Reuters", "AFP", "dpa", "EFE", "ANSA", "Yonhap", "Xinhua", "Kyodo",
    "TASS", "UPI", "APA", "KNA", "Belga", "Bloomberg", NULL};

/* Wire agencies named in d: [{"agency", "count", "start", "end", "text"}]. */
static json_t *wire_json(const px_doc *d)
{
    json_t *arr = json_array();
    for (size_t a = 0; agencies[a]; a++) {
        size_t al = strlen(agencies[a]);
        uint32_t count = 0;
        px_span first = {0, 0};
        for (uint32_t t = 0; t < d->n_toks; t++) {
            const px_token *k = &d->toks[t];
            if (k->kind != PX_TOK_WORD || k->span.start + al > d->text_len) continue;
            if (memcmp(d->text + k->span.start, agencies[a], al) != 0) continue;
            uint32_t e = k->span.start + (uint32_t)al;
            unsigned char nx = e < d->text_len ? (unsigned char)d->text[e] : ' ';
            if (nx >= 0x80 || (nx >= 'a' && nx <= 'z') || (nx >= 'A' && nx <= 'Z') ||
                (nx >= '0' && nx <= '9'))
                continue;
            if (!count++) first = (px_span){k->span.start, e};
        }
        if (!count) continue;
        json_t *o = jspan(d, first);
        json_object_set_new(o, "agency", json_string(agencies[a]));
        json_object_set_new(o, "count", json_integer(count));
        json_array_append_new(arr, o);
    }
    return arr;
}

static json_t *reuse_json(cov *c, double *reused, px_error *err)
{
    json_t *arr = json_array();
    px_fingerprint **fp = calloc(c->n + 1, sizeof *fp);
    if (!arr || !fp) goto out;
    for (size_t i = 0; i < c->n; i++)
        if (!(fp[i] = px_fingerprint_new(c->docs[i], err))) goto out;
    for (size_t i = 0; i < c->n; i++)
        for (size_t j = i + 1; j < c->n; j++) {
            px_dup dp;
            if (px_fingerprint_compare(fp[i], fp[j], NULL, &dp, err) != PX_OK) goto out;
            if (dp.shared == 0) {
                px_dup_clear(&dp);
                continue;
            }
            if (dp.share_a > reused[i]) reused[i] = dp.share_a;
            if (dp.share_b > reused[j]) reused[j] = dp.share_b;
            json_t *o = json_object(), *sp = json_array();
            json_object_set_new(o, "a", json_integer((json_int_t)i));
            json_object_set_new(o, "b", json_integer((json_int_t)j));
            json_object_set_new(o, "kind", json_string(px_dup_kind_str(dp.kind)));
            json_object_set_new(o, "jaccard", json_real(round3(dp.jaccard)));
            json_object_set_new(o, "share_a", json_real(round3(dp.share_a)));
            json_object_set_new(o, "share_b", json_real(round3(dp.share_b)));
            int64_t ta = px_iso_seconds(c->docs[i]->date), tb = px_iso_seconds(c->docs[j]->date);
            json_t *earlier = json_null();
            if (ta != INT64_MIN && tb != INT64_MIN && ta != tb)
                earlier = json_integer((json_int_t)(ta < tb ? i : j));
            json_object_set_new(o, "earlier", earlier);
            for (size_t k = 0; k < dp.n_spans; k++) {
                json_t *e = json_object();
                json_object_set_new(e, "a", jspan(c->docs[i], dp.spans[k].a));
                json_object_set_new(e, "b", jspan(c->docs[j], dp.spans[k].b));
                json_object_set_new(e, "shingles", json_integer(dp.spans[k].shingles));
                json_array_append_new(sp, e);
            }
            json_object_set_new(o, "spans", sp);
            json_array_append_new(arr, o);
            px_dup_clear(&dp);
        }
    for (size_t i = 0; i < c->n; i++) px_fingerprint_free(fp[i]);
    free(fp);
    return arr;
out:
    for (size_t i = 0; fp && i < c->n; i++) px_fingerprint_free(fp[i]);
    free(fp);
    json_decref(arr);
    return NULL;
}

/* ------------------------------------------------------------ framing */

/* A content stem's counts per article. */
typedef struct fterm {
    uint64_t key;
    const char *word;          /* a norm it was written as (first seen) */
    uint32_t *cnt;             /* per article */
    uint32_t total;
} fterm;

static bool frame_token(const px_token *t)
{
    return t->kind == PX_TOK_WORD && !(t->flags & PX_TOKF_STOP) && t->stem && t->norm &&
           t->stem[0] && t->stem[1] && t->norm[1];
}

typedef struct zs {
    double z;
    uint32_t t;
} zs;

static int cmp_zs(const void *pa, const void *pb)
{
    const zs *a = pa, *b = pb;
    if (a->z != b->z) return a->z < b->z ? 1 : -1;
    return a->t < b->t ? -1 : a->t > b->t;
}

/* Monroe et al. (2008) log-odds with the pooled counts as prior. */
static json_t *framing_terms(cov *c, fterm *ft, size_t nt, const uint64_t *ntok, uint64_t all, size_t i)
{
    json_t *arr = json_array();
    zs *z = malloc((nt + 1) * sizeof *z);
    if (!arr || !z) {
        free(z);
        return arr;
    }
    double ni = (double)ntok[i], nj = (double)(all - ntok[i]), a0 = (double)all;
    size_t nz = 0;
    for (size_t t = 0; t < nt; t++) {
        double yi = ft[t].cnt[i], yj = ft[t].total - yi, aw = ft[t].total;
        if (yi <= 0 || ni <= 0) continue;
        double li = log((yi + aw) / (ni + a0 - yi - aw)), lj = log((yj + aw) / (nj + a0 - yj - aw));
        double var = 1.0 / (yi + aw) + 1.0 / (yj + aw);
        double zz = (li - lj) / sqrt(var);
        if (isfinite(zz) && zz > 0) z[nz++] = (zs){zz, (uint32_t)t};
    }
    qsort(z, nz, sizeof *z, cmp_zs);
    for (size_t k = 0; k < nz && k < COV_FRAME_TERMS; k++) {
        const fterm *f = &ft[z[k].t];
        json_t *o = json_object();
        json_object_set_new(o, "term", json_string(f->word));
        json_object_set_new(o, "z", json_real(round3(z[k].z)));
        json_object_set_new(o, "count", json_integer(f->cnt[i]));
        json_object_set_new(o, "others", json_integer(f->total - f->cnt[i]));
        json_array_append_new(arr, o);
    }
    free(z);
    return arr;
}

static const char *const tone_pos[] = {
    "agree", "agreed", "agreement", "deal", "fair", "generous", "good", "progress", "success",
    "successful", "welcome", "welcomed", "support", "hope", "hopes", "growth", "improve",
    "improved", "peace", "praise", "praised", "win", "wins", "gain", "gains", "benefit", "secure",
    "positive", "calm", "resolve", "resolved", "einigung", "gut", "erfolg", "accord", "succès",
    "bon", "acuerdo", "éxito", "bueno", NULL};
static const char *const tone_neg[] = {
    "strike", "standstill", "crisis", "chaos", "collapse", "collapsed", "defies", "defy",
    "accuse", "accused", "accuses", "threat", "threaten", "threatened", "warn", "warned", "warns",
    "fear", "fears", "anger", "angry", "fight", "fighting", "dispute", "row", "clash", "clashes",
    "attack", "attacks", "dead", "killed", "death", "deaths", "loss", "lost", "fail", "failed",
    "failure", "damage", "disaster", "violence", "protest", "protests", "blame", "condemn",
    "condemned", "struggle", "struggles", "shortage", "backlog", "cost", "costs", "stuck", "empty",
    "krise", "streik", "angriff", "tote", "crise", "grève", "attaque", "morts", "crisis", "huelga",
    "ataque", "muertos", NULL};

static json_t *tone_json(const cov *c, const px_doc *d)
{
    uint32_t pos = 0, neg = 0, words = 0;
    for (uint32_t t = 0; t < d->n_toks; t++) {
        if (d->toks[t].kind != PX_TOK_WORD) continue;
        words++;
        if (tok_inset(d, t, &c->tone_pos)) pos++;
        else if (tok_inset(d, t, &c->tone_neg)) neg++;
    }
    json_t *o = json_object();
    json_object_set_new(o, "score",
                        json_real(pos + neg ? round3(((double)pos - neg) / (pos + neg)) : 0));
    json_object_set_new(o, "positive", json_integer(pos));
    json_object_set_new(o, "negative", json_integer(neg));
    json_object_set_new(o, "positive_per_100", json_real(words ? round3(100.0 * pos / words) : 0));
    json_object_set_new(o, "negative_per_100", json_real(words ? round3(100.0 * neg / words) : 0));
    return o;
}

/* Per article: {"doc", "terms": [...]} */
static json_t *framing_json(cov *c)
{
    json_t *arr = json_array();
    size_t cap = 0, nt = 0, mask = 0;
    fterm *ft = NULL;
    uint32_t *slot = NULL, *cnts = NULL;
    uint64_t *ntok = calloc(c->n + 1, sizeof *ntok), all = 0;
    size_t maxt = 0;
    for (size_t i = 0; i < c->n; i++) maxt += c->docs[i]->n_toks;
    size_t size = 64;
    while (size < maxt * 2) size *= 2;
    slot = calloc(size, sizeof *slot);
    ft = malloc((maxt + 1) * sizeof *ft);
    cnts = calloc((maxt + 1) * c->n, sizeof *cnts);
    if (!arr || !ntok || !slot || !ft || !cnts) goto out;
    mask = size - 1;
    (void)cap;
    for (size_t i = 0; i < c->n; i++) {
        const px_doc *d = c->docs[i];
        for (uint32_t t = 0; t < d->n_toks; t++) {
            const px_token *k = &d->toks[t];
            if (!frame_token(k)) continue;
            uint64_t key = px_term_hash(PX_NS_STEM, k->stem, strlen(k->stem));
            size_t s = (size_t)(key ^ (key >> 31)) & mask;
            while (slot[s] && ft[slot[s] - 1].key != key) s = (s + 1) & mask;
            if (!slot[s]) {
                ft[nt] = (fterm){key, k->norm, cnts + nt * c->n, 0};
                slot[s] = (uint32_t)++nt;
            }
            fterm *f = &ft[slot[s] - 1];
            f->cnt[i]++;
            f->total++;
            ntok[i]++;
            all++;
        }
    }
    for (size_t i = 0; i < c->n; i++) {
        json_t *o = json_object();
        json_object_set_new(o, "doc", json_integer((json_int_t)i));
        json_object_set_new(o, "terms", framing_terms(c, ft, nt, ntok, all, i));
        json_array_append_new(arr, o);
    }
out:
    free(ntok);
    free(slot);
    free(ft);
    free(cnts);
    return arr;
}

/* ------------------------------------------------------------ documents */

static json_t *str_or_null(const char *s) { return s ? json_string(s) : json_null(); }

static json_t *doc_json(const cov *c, size_t i, double reused)
{
    const px_doc *d = c->docs[i];
    json_t *o = json_object();
    json_object_set_new(o, "index", json_integer((json_int_t)i));
    json_object_set_new(o, "id", str_or_null(d->id));
    json_object_set_new(o, "title", str_or_null(d->title));
    json_object_set_new(o, "source", str_or_null(d->source));
    json_object_set_new(o, "byline", str_or_null(d->byline));
    json_object_set_new(o, "date", str_or_null(d->date));
    json_object_set_new(o, "lang", json_string(d->lang ? d->lang : "und"));
    json_object_set_new(o, "file", str_or_null(d->file));
    uint32_t words = 0;
    for (uint32_t t = 0; t < d->n_toks; t++) words += d->toks[t].kind == PX_TOK_WORD;
    json_object_set_new(o, "words", json_integer(words));
    json_object_set_new(o, "headline", jspan(d, d->title_span));
    uint32_t ls = first_body_sentence(d);
    px_span lede = ls < d->n_sents ? d->sents[ls].span : (px_span){0, 0};
    json_object_set_new(o, "lede", jspan(d, lede));
    json_object_set_new(o, "tone", tone_json(c, d));
    json_object_set_new(o, "reused_share", json_real(round3(reused)));
    json_object_set_new(o, "wire", wire_json(d));
    return o;
}

/* ------------------------------------------------------------ build */

static void cov_free(cov *c)
{
    for (size_t i = 0; c->prof && i < c->n; i++) px_profile_free(c->prof[i]);
    for (size_t i = 0; c->q && i < c->n; i++) free(c->q[i]);
    for (size_t i = 0; c->ment_pn && i < c->n; i++) free(c->ment_pn[i]);
    for (size_t i = 0; c->person && i < c->n; i++) free(c->person[i]);
    for (size_t i = 0; c->inquote && i < c->n; i++) free(c->inquote[i]);
    free(c->inquote);
    free(c->ment_pn);
    free(c->person);
    free(c->prof);
    free(c->q);
    free(c->nq);
    free(c->soff);
    free(c->facts.p);
    free(c->fact_score);
    for (int sp = 0; sp < 2; sp++) {
        for (size_t i = 0; c->post[sp] && i < c->n; i++) free(c->post[sp][i]);
        free(c->post[sp]);
        free(c->npost[sp]);
    }
    free(c->verbs.w);
    free(c->institutions.w);
    free(c->tone_pos.w);
    free(c->tone_neg.w);
}

px_coverage *px_coverage_build(px_ctx *ctx, const px_doc *const *docs, size_t n,
                               const px_lexicon *lx, px_error *err)
{
    PX_UNUSED(ctx);
    if (!docs || n == 0 || n > COV_MAX_DOCS) {
        px_fail(err, PX_ERR_ARG, NULL, PX_NO_OFFSET, "px_coverage_build: give 1 to %d documents",
                COV_MAX_DOCS);
        return NULL;
    }
    for (size_t i = 0; i < n; i++)
        if (!docs[i]) {
            px_fail(err, PX_ERR_ARG, NULL, PX_NO_OFFSET, "px_coverage_build: document %zu is NULL", i);
            return NULL;
        }
    cov c = {0};
    c.n = n;
    c.docs = docs;
    c.lx = lx;
    px_coverage *out = calloc(1, sizeof *out);
    c.prof = calloc(n, sizeof *c.prof);
    c.q = calloc(n, sizeof *c.q);
    c.nq = calloc(n, sizeof *c.nq);
    c.soff = calloc(n + 1, sizeof *c.soff);
    double *reused = calloc(n, sizeof *reused);
    if (!out || !c.prof || !c.q || !c.nq || !c.soff || !reused) goto nomem;
    for (int sp = 0; sp < 2; sp++) {
        c.post[sp] = calloc(n, sizeof *c.post[sp]);
        c.npost[sp] = calloc(n, sizeof *c.npost[sp]);
        if (!c.post[sp] || !c.npost[sp]) goto nomem;
    }
    if (!wset_init(&c.verbs, speech_verbs) || !wset_init(&c.institutions, institutions) || !wset_init(&c.tone_pos, tone_pos) ||
        !wset_init(&c.tone_neg, tone_neg))
        goto nomem;
    for (size_t i = 0; i < n; i++) {
        if (!(c.prof[i] = px_profile_new(docs[i], lx, err))) goto fail;
        c.soff[i + 1] = c.soff[i] + c.prof[i]->n_sents;
    }
    if (!uf_init(&c.facts, c.soff[n])) goto nomem;
    c.fact_score = malloc((c.soff[n] + 1) * sizeof *c.fact_score);
    if (!c.fact_score) goto nomem;
    for (size_t k = 0; k < c.soff[n]; k++) c.fact_score[k] = 1;
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++)
            if (!match_pair(&c, i, j)) goto nomem;
    if (!names_index(&c) || !quotes_collect(&c)) goto nomem;

    json_t *root = json_object(), *summary = json_object();
    if (!root || !summary) {
        json_decref(root), json_decref(summary);
        goto nomem;
    }
    json_t *reuse = reuse_json(&c, reused, err);
    if (!reuse) {
        json_decref(root), json_decref(summary);
        goto fail;
    }
    json_object_set_new(root, "version", json_string(PX_VERSION));
    json_t *docs_js = json_array();
    for (size_t i = 0; i < n; i++) json_array_append_new(docs_js, doc_json(&c, i, reused[i]));
    json_object_set_new(root, "documents", docs_js);
    fcount *fc = calloc(n, sizeof *fc);
    json_t *facts = fc ? facts_json(&c, summary, fc) : NULL;
    for (size_t i = 0; fc && i < n; i++) {
        json_t *d = json_array_get(docs_js, i);
        json_object_set_new(d, "facts_carried", json_integer(fc[i].carried));
        json_object_set_new(d, "facts_only_here", json_integer(fc[i].only));
        json_object_set_new(d, "facts_omitted", json_integer(fc[i].omitted));
    }
    free(fc);
    json_object_set_new(root, "facts_summary", summary);
    json_object_set_new(root, "facts", facts);
    json_object_set_new(root, "conflicts", conflicts_json(&c));
    json_object_set_new(root, "quotes", quotes_json(&c));
    json_object_set_new(root, "people", people_json(&c));
    json_object_set_new(root, "reuse", reuse);
    json_object_set_new(root, "framing", framing_json(&c));
    /* every section must be there: a missing one means jansson ran out of memory */
    static const char *const sections[] = {"documents", "facts",  "conflicts", "quotes",
                                           "people",    "reuse",  "framing",   NULL};
    for (size_t k = 0; sections[k]; k++)
        if (!json_object_get(root, sections[k])) {
            json_decref(root);
            goto nomem;
        }
    out->n = n;
    out->root = root;
    if (!(out->texts = calloc(n, sizeof *out->texts))) {
        json_decref(root);
        goto nomem;
    }
    for (size_t i = 0; i < n; i++) {
        const px_doc *d = docs[i];
        cov_text *t = &out->texts[i];
        t->text = malloc((size_t)d->text_len + 1);
        t->paras = malloc(((size_t)d->n_paras + 1) * sizeof *t->paras);
        if (!t->text || !t->paras) {
            px_coverage_free(out);
            out = NULL;
            goto nomem;
        }
        if (d->text_len) memcpy(t->text, d->text, d->text_len);
        t->text[d->text_len] = '\0';
        t->len = d->text_len;
        if (d->n_paras) memcpy(t->paras, d->paras, d->n_paras * sizeof *t->paras);
        t->n_paras = d->n_paras;
    }
    cov_free(&c);
    free(reused);
    return out;
nomem:
    px_fail(err, PX_ERR_NOMEM, NULL, PX_NO_OFFSET, "no memory for the coverage report");
fail:
    cov_free(&c);
    free(reused);
    free(out);
    return NULL;
}

void px_coverage_free(px_coverage *c)
{
    if (!c) return;
    json_decref(c->root);
    for (size_t i = 0; c->texts && i < c->n; i++) free(c->texts[i].text), free(c->texts[i].paras);
    free(c->texts);
    free(c);
}

size_t px_coverage_docs(const px_coverage *c) { return c ? c->n : 0; }

size_t px_coverage_count(const px_coverage *c, const char *section)
{
    if (!c || !section) return 0;
    json_t *v = json_object_get(c->root, section);
    return json_is_array(v) ? json_array_size(v) : 0;
}

char *px_coverage_to_json(const px_coverage *c, unsigned flags)
{
    if (!c) return NULL;
    return json_dumps(c->root, (flags & PX_JSON_PRETTY ? JSON_INDENT(2) : JSON_COMPACT) |
                                   JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(10));
}

/* ------------------------------------------------------------ HTML page */

/* Classes of the marks in the article columns, by priority: a byte covered
 * by several spans gets the highest (one class per segment, no nesting). */
enum { HC_NONE, HC_UNIQUE, HC_SHARED, HC_QUOTE, HC_CONFLICT };
static const char *const hc_name[] = {NULL, "unique", "shared", "quote", "conflict"};

/* Append s[0..n) escaped for HTML text and attribute values. */
static bool html_esc(px_buf *b, const char *s, size_t n)
{
    size_t from = 0;
    for (size_t i = 0; i < n; i++) {
        const char *rep = NULL;
        switch (s[i]) {
        case '&': rep = "&amp;"; break;
        case '<': rep = "&lt;"; break;
        case '>': rep = "&gt;"; break;
        case '"': rep = "&quot;"; break;
        case '\'': rep = "&#39;"; break;
        case '\0': rep = "\xEF\xBF\xBD"; break; /* U+FFFD */
        default: continue;
        }
        if (!px_buf_append(b, s + from, i - from) || !px_buf_append(b, rep, strlen(rep))) return false;
        from = i + 1;
    }
    return px_buf_append(b, s + from, n - from);
}

static bool html_put(px_buf *b, const char *s) { return px_buf_append(b, s, strlen(s)); }

/* The JSON string value (escaped), or dflt (escaped) when it is not one. */
static bool html_jstr(px_buf *b, const json_t *v, const char *dflt)
{
    if (json_is_string(v)) return html_esc(b, json_string_value(v), json_string_length(v));
    return html_esc(b, dflt, strlen(dflt));
}

static bool html_fmt(px_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static bool html_fmt(px_buf *b, const char *fmt, ...)
{
    char tmp[128];
    va_list ap;
    va_start(ap, fmt);
    int k = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (k < 0) return false;
    return px_buf_append(b, tmp, (size_t)k < sizeof tmp ? (size_t)k : sizeof tmp - 1);
}

/* The article letter of doc index i: A..Z, then a number. */
static bool html_letter(px_buf *b, json_int_t i)
{
    if (i >= 0 && i < 26) return px_buf_putc(b, (char)('A' + i));
    return html_fmt(b, "#%lld", (long long)i);
}

/* Letters of an array of doc indexes, space-separated. */
static bool html_letters(px_buf *b, const json_t *arr)
{
    size_t k;
    json_t *v;
    bool ok = true;
    json_array_foreach(arr, k, v)
    {
        if (k) ok = ok && px_buf_putc(b, ' ');
        ok = ok && html_letter(b, json_integer_value(v));
    }
    return ok;
}

/* Paint class cls over the span object s ({"start","end"}) of doc in marks. */
static void html_paint(uint8_t **marks, const cov_text *texts, size_t n, json_int_t doc,
                       const json_t *s, uint8_t cls)
{
    if (doc < 0 || (size_t)doc >= n || !json_is_object(s)) return;
    json_int_t a = json_integer_value(json_object_get(s, "start"));
    json_int_t e = json_integer_value(json_object_get(s, "end"));
    json_int_t len = texts[doc].len;
    if (a < 0) a = 0;
    if (e > len) e = len;
    for (json_int_t k = a; k < e; k++)
        if (marks[doc][k] < cls) marks[doc][k] = cls;
}

/* One article's text, paragraph by paragraph, with the marks. */
static bool html_article(px_buf *b, const cov_text *t, const uint8_t *mk)
{
    px_span whole = {0, t->len};
    const px_span *ps = t->n_paras ? t->paras : &whole;
    size_t np = t->n_paras ? t->n_paras : 1;
    bool ok = true;
    for (size_t p = 0; p < np && ok; p++) {
        uint32_t a = PX_MIN(ps[p].start, t->len), e = PX_MIN(PX_MAX(ps[p].end, a), t->len);
        ok = html_put(b, "<p>");
        while (a < e && ok) {
            uint8_t cls = mk[a];
            uint32_t k = a + 1;
            /* a segment ends where the class changes, never inside a UTF-8 sequence */
            while (k < e && (mk[k] == cls || ((unsigned char)t->text[k] & 0xC0) == 0x80)) k++;
            if (cls) ok = html_fmt(b, "<mark class=\"%s\">", hc_name[cls]);
            ok = ok && html_esc(b, t->text + a, k - a);
            if (cls) ok = ok && html_put(b, "</mark>");
            a = k;
        }
        ok = ok && html_put(b, "</p>\n");
    }
    return ok;
}

static const char html_css[] =
    "body{font:15px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif;margin:0;"
    "padding:16px 24px;color:#1d1d1f;background:#f6f6f4}\n"
    "h1{font-size:22px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 8px}"
    "h3{font-size:17px;margin:0 0 4px;line-height:1.3}\n"
    ".legend{margin:6px 0 14px;font-size:13px}.legend mark{margin-right:10px}\n"
    ".cols{display:grid;gap:14px;align-items:start}\n"
    ".col{background:#fff;border:1px solid #ddd;border-radius:6px;padding:12px 14px;min-width:0;"
    "overflow-wrap:break-word}\n"
    ".col .meta{color:#666;font-size:13px;margin-bottom:8px;border-bottom:1px solid #eee;"
    "padding-bottom:6px}\n"
    ".col .letter{display:inline-block;background:#333;color:#fff;border-radius:3px;padding:0 6px;"
    "margin-right:6px;font-size:13px}\n"
    ".col p{margin:0 0 10px}\n"
    "mark{border-radius:2px;padding:0 1px;color:inherit}\n"
    "mark.shared{background:#d5ecd4}mark.unique{background:#fdf0c2}\n"
    "mark.quote{background:#d6e4f7;font-style:italic}"
    "mark.conflict{background:#f6c6c6;outline:1px solid #c0392b;font-weight:600}\n"
    "table{border-collapse:collapse;background:#fff;width:100%;font-size:14px}\n"
    "th,td{border:1px solid #ddd;padding:5px 8px;text-align:left;vertical-align:top}"
    "th{background:#eee}\n"
    ".small{color:#666;font-size:13px}\n";

/* The page: articles in columns with the marks, then the tables. */
char *px_coverage_to_html(const px_coverage *c)
{
    if (!c || !c->root || !c->texts) return NULL;
    const json_t *root = c->root;
    size_t n = c->n;
    uint8_t **marks = calloc(n ? n : 1, sizeof *marks);
    if (!marks) return NULL;
    px_buf b = {0};
    bool ok = true;
    for (size_t i = 0; i < n && ok; i++) ok = (marks[i] = calloc(c->texts[i].len + 1, 1)) != NULL;
    if (!ok) goto out;

    /* the marks: facts (shared by 2+ / one article), reuse, quotes, conflicts */
    size_t k, j;
    json_t *v, *w;
    json_array_foreach(json_object_get(root, "facts"), k, v)
    {
        const char *scope = json_string_value(json_object_get(v, "scope"));
        uint8_t cls = scope && !strcmp(scope, "one") ? HC_UNIQUE : HC_SHARED;
        json_array_foreach(json_object_get(v, "sentences"), j, w)
            html_paint(marks, c->texts, n, json_integer_value(json_object_get(w, "doc")), w, cls);
    }
    json_array_foreach(json_object_get(root, "reuse"), k, v)
    {
        json_int_t da = json_integer_value(json_object_get(v, "a"));
        json_int_t db = json_integer_value(json_object_get(v, "b"));
        json_array_foreach(json_object_get(v, "spans"), j, w)
        {
            html_paint(marks, c->texts, n, da, json_object_get(w, "a"), HC_SHARED);
            html_paint(marks, c->texts, n, db, json_object_get(w, "b"), HC_SHARED);
        }
    }
    json_array_foreach(json_object_get(root, "quotes"), k, v)
        json_array_foreach(json_object_get(v, "copies"), j, w)
    {
        const char *how = json_string_value(json_object_get(w, "how"));
        if (how && !strcmp(how, "unquoted")) continue; /* a whole sentence, not a quote */
        html_paint(marks, c->texts, n, json_integer_value(json_object_get(w, "doc")), w, HC_QUOTE);
    }
    json_array_foreach(json_object_get(root, "conflicts"), k, v)
        json_array_foreach(json_object_get(v, "values"), j, w)
            html_paint(marks, c->texts, n, json_integer_value(json_object_get(w, "doc")), w,
                       HC_CONFLICT);

    const json_t *docs = json_object_get(root, "documents");
    ok = html_put(&b, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
                      "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\n"
                      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                      "style-src 'unsafe-inline'\">\n<title>Coverage of ") &&
         html_fmt(&b, "%zu articles</title>\n<style>\n", n) && html_put(&b, html_css) &&
         html_put(&b, "</style></head><body>\n<h1>Coverage of ") &&
         html_fmt(&b, "%zu articles</h1>\n", n) &&
         html_put(&b, "<div class=\"legend\"><mark class=\"shared\">shared with another article</mark>"
                      "<mark class=\"unique\">only in this article</mark>"
                      "<mark class=\"quote\">quote</mark>"
                      "<mark class=\"conflict\">number that disagrees</mark></div>\n") &&
         html_fmt(&b, "<div class=\"cols\" style=\"grid-template-columns:repeat(%zu,minmax(0,1fr))\">\n",
                  n);
    for (size_t i = 0; i < n && ok; i++) {
        const json_t *d = json_array_get(docs, i);
        const json_t *src = json_object_get(d, "source"), *date = json_object_get(d, "date");
        const json_t *file = json_object_get(d, "file");
        ok = html_put(&b, "<article class=\"col\"><h3><span class=\"letter\">") &&
             html_letter(&b, (json_int_t)i) && html_put(&b, "</span>") &&
             html_jstr(&b, json_object_get(d, "title"), "(no title)") &&
             html_put(&b, "</h3>\n<div class=\"meta\">") &&
             html_jstr(&b, json_is_string(src) ? src : file, "unknown source") &&
             html_put(&b, " &middot; ") && html_jstr(&b, date, "undated") &&
             html_fmt(&b, " &middot; %lld words", (long long)json_integer_value(json_object_get(d, "words"))) &&
             html_put(&b, "</div>\n") && html_article(&b, &c->texts[i], marks[i]) &&
             html_put(&b, "</article>\n");
    }
    ok = ok && html_put(&b, "</div>\n");

    /* quotes by speaker */
    ok = ok && html_put(&b, "<h2>Quotes</h2>\n<table class=\"quotes\"><tr><th>speaker</th><th>quote</th>"
                            "<th>quoted by</th><th>without marks in</th><th>copies</th></tr>\n");
    json_array_foreach(json_object_get(root, "quotes"), k, v)
    {
        if (!ok) break;
        const json_t *sp = json_object_get(v, "speaker_name");
        if (!json_is_string(sp)) sp = json_object_get(v, "speaker");
        /* the longest quoted copy stands for the quote */
        const json_t *best = NULL;
        json_array_foreach(json_object_get(v, "copies"), j, w)
        {
            const char *how = json_string_value(json_object_get(w, "how"));
            if (how && !strcmp(how, "unquoted")) continue;
            const json_t *t = json_object_get(w, "text");
            if (!best || json_string_length(t) > json_string_length(json_object_get(best, "text")))
                best = w;
        }
        ok = html_put(&b, "<tr><td>") && html_jstr(&b, sp, "(unattributed)") &&
             html_put(&b, "</td><td>&ldquo;") &&
             html_jstr(&b, best ? json_object_get(best, "text") : NULL, "") &&
             html_put(&b, "&rdquo;</td><td>") && html_letters(&b, json_object_get(v, "carried_by")) &&
             html_put(&b, "</td><td>") && html_letters(&b, json_object_get(v, "unquoted_in")) &&
             html_put(&b, "</td><td>");
        json_array_foreach(json_object_get(v, "copies"), j, w)
        {
            ok = ok && (j == 0 || html_put(&b, ", ")) &&
                 html_letter(&b, json_integer_value(json_object_get(w, "doc"))) && px_buf_putc(&b, ' ') &&
                 html_jstr(&b, json_object_get(w, "how"), "?");
        }
        ok = ok && html_put(&b, "</td></tr>\n");
    }
    ok = ok && html_put(&b, "</table>\n");

    /* number conflicts */
    ok = ok && html_put(&b, "<h2>Numbers that disagree</h2>\n<table class=\"conflicts\"><tr><th>about</th>"
                            "<th>kind</th><th>values</th></tr>\n");
    json_array_foreach(json_object_get(root, "conflicts"), k, v)
    {
        if (!ok) break;
        ok = html_put(&b, "<tr><td>") && html_jstr(&b, json_object_get(v, "about"), "") &&
             html_put(&b, "</td><td>") && html_jstr(&b, json_object_get(v, "kind"), "") &&
             html_put(&b, "</td><td>");
        json_array_foreach(json_object_get(v, "values"), j, w)
        {
            ok = ok && (j == 0 || html_put(&b, "; ")) && html_put(&b, "<b>") &&
                 html_letter(&b, json_integer_value(json_object_get(w, "doc"))) &&
                 html_put(&b, "</b> ") && html_jstr(&b, json_object_get(w, "text"), "");
        }
        ok = ok && html_put(&b, "</td></tr>\n");
    }
    if (ok && json_array_size(json_object_get(root, "conflicts")) == 0)
        ok = html_put(&b, "<tr><td colspan=\"3\" class=\"small\">none found</td></tr>\n");
    ok = ok && html_put(&b, "</table>\n");

    /* facts per article */
    const json_t *fs = json_object_get(root, "facts_summary");
    ok = ok && html_fmt(&b, "<h2>Facts</h2>\n<p class=\"small\">carried by all: %lld &middot; by some: %lld "
                            "&middot; by one only: %lld</p>\n",
                        (long long)json_integer_value(json_object_get(fs, "all")),
                        (long long)json_integer_value(json_object_get(fs, "some")),
                        (long long)json_integer_value(json_object_get(fs, "one")));
    ok = ok && html_put(&b, "<table class=\"facts\"><tr><th>article</th><th>facts carried</th>"
                            "<th>only here</th><th>omitted</th><th>reused share</th></tr>\n");
    json_array_foreach(docs, k, v)
    {
        ok = ok && html_put(&b, "<tr><td>") && html_letter(&b, (json_int_t)k) &&
             html_fmt(&b, "</td><td>%lld</td><td>%lld</td><td>%lld</td><td>%.0f%%</td></tr>\n",
                      (long long)json_integer_value(json_object_get(v, "facts_carried")),
                      (long long)json_integer_value(json_object_get(v, "facts_only_here")),
                      (long long)json_integer_value(json_object_get(v, "facts_omitted")),
                      100 * json_number_value(json_object_get(v, "reused_share")));
    }
    ok = ok && html_put(&b, "</table>\n");

    /* framing words */
    ok = ok && html_put(&b, "<h2>Framing</h2>\n<table class=\"framing\"><tr><th>article</th>"
                            "<th>distinctive words (log-odds z)</th><th>tone</th></tr>\n");
    json_array_foreach(json_object_get(root, "framing"), k, v)
    {
        json_int_t di = json_integer_value(json_object_get(v, "doc"));
        const json_t *tone = json_object_get(json_array_get(docs, (size_t)di), "tone");
        ok = ok && html_put(&b, "<tr><td>") && html_letter(&b, di) && html_put(&b, "</td><td>");
        json_array_foreach(json_object_get(v, "terms"), j, w)
        {
            ok = ok && (j == 0 || html_put(&b, ", ")) && html_jstr(&b, json_object_get(w, "term"), "") &&
                 html_fmt(&b, " <span class=\"small\">%.2f</span>",
                          json_number_value(json_object_get(w, "z")));
        }
        ok = ok && html_fmt(&b, "</td><td>%+.2f</td></tr>\n", json_number_value(json_object_get(tone, "score")));
    }
    ok = ok && html_put(&b, "</table>\n<p class=\"small\">parallax " PX_VERSION
                            " coverage report; method: docs/coverage.md</p>\n</body></html>\n");
out:
    for (size_t i = 0; i < n; i++) free(marks[i]);
    free(marks);
    if (!ok) {
        px_buf_free(&b);
        return NULL;
    }
    return b.data;
}
