/*
 * bench_langid.c - accuracy and speed of px_langid() on a SemEval-2022
 * Task 8 style JSONL file, against libexttextcat in the same run.
 *
 *   bench_langid train.jsonl [repeat]
 *
 * Every line holds a pair of articles (title1/text1/lang1, title2/text2/
 * lang2), read with the reader (px_reader_pair_side; a broken line or a
 * missing textN is reported on stderr and skipped). Each article becomes
 * "title\n\ntext" (the title alone when the text is empty; articles with
 * neither are counted and skipped) and is labelled with its gold lang
 * field. Prints accuracy overall and per gold language, the errors
 * (pair_id, gold, predicted, first 80 bytes), time per article and
 * throughput, and the same for libexttextcat (special_textcat_Init on
 * /usr/share/libexttextcat/fpdb.conf, textcat_Classify) given the whole
 * article and given its first 2 KB.
 */
#include "bench.h"
#include "parallax.h"

#include <exttextcat-version.h>
#include <textcat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define TEXTCAT_DIR "/usr/share/libexttextcat/"

typedef struct article {
    char pair_id[64];
    char gold[8];
    char *text;
    size_t len;
} article;

typedef struct tally {
    char lang[8];
    int n, ok;
} tally;

/* Join title and text as "title\n\ntext" (either may be missing). */
static char *join(const char *title, const char *text, size_t *len)
{
    size_t tl = title ? strlen(title) : 0, xl = text ? strlen(text) : 0;
    char *s = malloc(tl + xl + 3);
    if (!s) { perror("malloc"); exit(1); }
    size_t n = 0;
    if (tl) { memcpy(s, title, tl); n = tl; }
    if (tl && xl) { s[n++] = '\n'; s[n++] = '\n'; }
    if (xl) { memcpy(s + n, text, xl); n += xl; }
    s[n] = 0;
    *len = n;
    return s;
}

static tally *tally_for(tally *t, int *nt, const char *lang)
{
    for (int i = 0; i < *nt; i++)
        if (!strcmp(t[i].lang, lang)) return &t[i];
    snprintf(t[*nt].lang, sizeof t[*nt].lang, "%s", lang);
    t[*nt].n = t[*nt].ok = 0;
    return &t[(*nt)++];
}

/* The language code of a textcat answer "[en--utf8][..]" -> "en";
 * "zh-Hans" -> "zh". Writes "?" for UNKNOWN / SHORT. */
static void textcat_code(const char *ans, char out[16])
{
    if (!ans || ans[0] != '[') { strcpy(out, "?"); return; }
    size_t i = 0;
    ans++;
    while (ans[i] && ans[i] != '-' && ans[i] != ']' && i < 15) { out[i] = ans[i]; i++; }
    out[i] = 0;
}

/* Cut at most max bytes of s on a UTF-8 character boundary. */
static size_t utf8_cut(const char *s, size_t len, size_t max)
{
    if (len <= max) return len;
    while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80) max--;
    return max;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s FILE.jsonl [repeat]\n", argv[0]);
        return 2;
    }
    int repeat = argc > 2 ? atoi(argv[2]) : 20;
    if (repeat < 1) repeat = 1;
    const char *path = argv[1];
    px_error err = {0};
    px_reader *r = px_reader_open(&path, 1, NULL, &err);
    if (!r) { fprintf(stderr, "%s: %s\n", path, err.msg); return 1; }

    article *arts = NULL;
    size_t narts = 0, cap = 0, title_only = 0, empty = 0, total_bytes = 0;
    const px_record *rec;
    px_status st;
    while ((st = px_reader_next(r, &rec, &err)) != PX_EOF) {
        if (st != PX_OK) {
            fprintf(stderr, "%s: offset %llu: %s\n", err.file, (unsigned long long)err.offset, err.msg);
            if (st == PX_ERR_IO) break;
            continue;
        }
        for (int k = 1; k <= 2; k++) {
            px_record pr;
            if (px_reader_pair_side(r, k, &pr, &err) != PX_OK) {
                fprintf(stderr, "%s: offset %llu: %s\n", err.file, (unsigned long long)err.offset, err.msg);
                continue;
            }
            const char *title = pr.title, *text = pr.body, *lang = pr.lang;
            int has_text = text && *text, has_title = title && *title;
            if (!has_text && !has_title) { empty++; continue; }
            if (!has_text) title_only++;
            if (narts == cap) {
                cap = cap ? cap * 2 : 1024;
                arts = realloc(arts, cap * sizeof *arts);
                if (!arts) { perror("realloc"); return 1; }
            }
            article *a = &arts[narts++];
            snprintf(a->pair_id, sizeof a->pair_id, "%s", pr.id ? pr.id : "?");
            snprintf(a->gold, sizeof a->gold, "%s", lang ? lang : "?");
            a->text = join(title, text, &a->len);
            total_bytes += a->len;
        }
    }
    px_reader_close(r);
    if (!narts) { fprintf(stderr, "no articles\n"); return 1; }

    /* --- px_langid: accuracy (first pass), then timing over repeat passes */
    const char **pred = calloc(narts, sizeof *pred);
    tally tl[64];
    int ntl = 0, ok = 0;
    for (size_t i = 0; i < narts; i++)
        pred[i] = px_langid(arts[i].text, arts[i].len, NULL);
    double t0 = bench_wall_now();
    volatile size_t sink = 0;
    (void)sink;
    for (int r = 0; r < repeat; r++)
        for (size_t i = 0; i < narts; i++) {
            double c;
            sink += (size_t)px_langid(arts[i].text, arts[i].len, &c)[0];
        }
    double dt = (bench_wall_now() - t0) / repeat;
    for (size_t i = 0; i < narts; i++) {
        tally *t = tally_for(tl, &ntl, arts[i].gold);
        t->n++;
        if (!strcmp(pred[i], arts[i].gold)) { t->ok++; ok++; }
    }

    printf("file: %s\n", argv[1]);
    printf("articles: %zu (title only: %zu; no title and no text, skipped: %zu), %.1f MB\n",
           narts, title_only, empty, total_bytes / 1e6);
    printf("\npx_langid\n");
    printf("  accuracy: %.2f%% (%d/%zu)\n", 100.0 * ok / narts, ok, narts);
    for (int i = 0; i < ntl; i++)
        printf("    %-4s %6.2f%% (%d/%d)\n", tl[i].lang, 100.0 * tl[i].ok / tl[i].n, tl[i].ok, tl[i].n);
    printf("  time: %.2f us/article, %.0f articles/s, %.0f MB/s of article text (mean of %d passes)\n",
           dt * 1e6 / narts, narts / dt, total_bytes / dt / 1e6, repeat);
    printf("  errors (pair_id gold -> predicted: first 80 bytes):\n");
    for (size_t i = 0; i < narts; i++) {
        if (!strcmp(pred[i], arts[i].gold)) continue;
        size_t n = utf8_cut(arts[i].text, arts[i].len, 80);
        char buf[96];
        memcpy(buf, arts[i].text, n);
        buf[n] = 0;
        for (char *p = buf; *p; p++) if (*p == '\n' || *p == '\t') *p = ' ';
        printf("    %s %s -> %s: %s\n", arts[i].pair_id, arts[i].gold, pred[i], buf);
    }

    /* --- libexttextcat baseline, whole article and first 2 KB */
    char (*tc_pred)[16] = calloc(narts, sizeof *tc_pred);
    void *tc = special_textcat_Init(TEXTCAT_DIR "fpdb.conf", TEXTCAT_DIR);
    if (!tc) {
        printf("\nlibexttextcat: cannot load %sfpdb.conf; no baseline\n", TEXTCAT_DIR);
    } else {
        for (int mode = 0; mode < 2; mode++) {
            size_t cut = mode ? 2048 : (size_t)-1;
            int tok = 0, tunk = 0, ntl2 = 0;
            tally tl2[64];
            double t1 = bench_wall_now();
            for (size_t i = 0; i < narts; i++) {
                char code[16];
                size_t n = utf8_cut(arts[i].text, arts[i].len, cut);
                textcat_code(textcat_Classify(tc, arts[i].text, n), code);
                if (mode == 0)
                    memcpy(tc_pred[i], code, sizeof code);
                tally *t = tally_for(tl2, &ntl2, arts[i].gold);
                t->n++;
                if (!strcmp(code, arts[i].gold)) { t->ok++; tok++; }
                if (!strcmp(code, "?")) tunk++;
            }
            double dt2 = bench_wall_now() - t1;
            printf("\nlibexttextcat %s (%s, all its languages)\n",
                   EXTTEXTCAT_VERSION, mode ? "first 2 KB of each article" : "whole article");
            printf("  accuracy: %.2f%% (%d/%zu; UNKNOWN/SHORT: %d)\n", 100.0 * tok / narts, tok, narts, tunk);
            for (int i = 0; i < ntl2; i++)
                printf("    %-4s %6.2f%% (%d/%d)\n", tl2[i].lang, 100.0 * tl2[i].ok / tl2[i].n,
                       tl2[i].ok, tl2[i].n);
            printf("  time: %.2f us/article (%.1fx px_langid's)\n", dt2 * 1e6 / narts,
                   dt2 / dt);
        }
        textcat_Done(tc);

        /* Errors on which libexttextcat (an independent model) gives the same
         * answer as px_langid: most likely the gold label is wrong there
         * (e.g. an article labelled es whose text is French). */
        size_t agree = 0;
        for (size_t i = 0; i < narts; i++)
            if (strcmp(pred[i], arts[i].gold) && !strcmp(pred[i], tc_pred[i])) agree++;
        printf("\npx_langid errors on which libexttextcat agrees with px_langid "
               "(suspect gold labels): %zu of %zu\n", agree, narts - (size_t)ok);
        printf("px_langid accuracy without those articles: %.2f%% (%d/%zu)\n",
               100.0 * ok / (narts - agree), ok, narts - agree);
    }
    free(tc_pred);
    for (size_t i = 0; i < narts; i++) free(arts[i].text);
    free(arts);
    free(pred);
    return 0;
}
