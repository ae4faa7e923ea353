/*
 * cli.h - what the files of the parallax tool share: each command group
 * lives in its own file and is entered through one function taking the
 * command's arguments (argv[0] is the command name). Returns the exit status.
 */
#ifndef PX_CLI_H
#define PX_CLI_H

#include "parallax.h"

#include <stdio.h>

/* compare.c: `parallax compare A B` and `parallax score PAIRS.jsonl`. */
int px_cli_compare(int argc, char **argv);
int px_cli_score(int argc, char **argv);

/* compare.c: print a coverage report (px_coverage_to_json's text) for the
 * terminal, coloured on a TTY unless NO_COLOR is set; -1 when it does not
 * parse. */
int px_cli_print_coverage(const char *json);

/* cluster.c: `parallax cluster DOCS...`: ID<TAB>STORY per article. */
int px_cli_cluster(int argc, char **argv);

/* dups.c: `parallax dups PATH...`: exact copies, near-duplicates and
 * contained articles, most contained first. */
int px_cli_dups(int argc, char **argv);

/* ingest.c: `parallax ingest PATH...`: store articles and their stories in
 * the corpus database (docs/store.md). */
int px_cli_ingest(int argc, char **argv);

/* stories.c: `parallax stories [filters]` and `parallax story ID`: read the
 * corpus database. */
int px_cli_stories(int argc, char **argv);
int px_cli_story(int argc, char **argv);
/* stories.c: `parallax similar FILE|ID`: the nearest stored articles. */
int px_cli_similar(int argc, char **argv);

/* parallax.c: report a px_error on stderr as "parallax: FILE: offset N: reason". */
void px_cli_report_error(const px_error *e);

/* parallax.c: map a --format name (auto, text, jsonl, html, warc) to its
 * px_format; 0 when the name is unknown. */
int px_cli_parse_format(const char *s, px_format *f);

/* parallax.c: the next article from r: reads records until one becomes a
 * document; each broken record, and each record that holds no article, is
 * reported on stderr and counted in *skipped. NULL at the end of input. */
px_doc *px_cli_next_doc(px_reader *r, px_ctx *ctx, const px_doc_opts *o, uint64_t *skipped);

/* parallax.c: a non-negative number option into *out; 0 on a bad value. */
int px_cli_number(const char *s, double *out);

/* parallax.c: a monotonic clock in seconds, for speed figures. */
double px_cli_now(void);

#endif
