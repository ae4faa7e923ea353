#!/usr/bin/env bash
# Scale benchmark on a SYNTHETIC corpus: bench_gen_corpus rewrites and
# recombines the sentences of the SemEval-2022 train articles into N
# articles (stories, exact and near duplicates, revisions, wire copies;
# not real news) written to a JSONL file, which `parallax ingest` then
# reads into a fresh database (the generator does not share the cores
# with the timed ingest), then `parallax similar` and the similarity
# index on it.
#   scripts/bench_scale.sh BUILD_DIR SHARED_DIR
#   PX_SCALE_N=20000 scripts/bench_scale.sh ...   (quick run; default 1,000,000)
#   PX_SCALE_QUERIES (200) queries; PX_SCALE_TMP: where the database goes (/tmp);
#   PX_SCALE_KEEP=1 keeps it
#
# Prints:
#  ingest    articles/s end to end (file to committed database, all
#            cores), CPU per article, where the time went (--timing), peak RSS, database size; baseline in
#            the same run: the same ingest without workers (-j 0) on the
#            first 20,000 articles beside all cores on them, and the same
#            20,000 ingested again (all duplicates)
#  memory    in-memory index bytes per article: the clusterer's (at the end
#            of the ingest) plus the similarity index's (px_*_memory)
#  similar   `parallax similar --stats` on QUERIES stored articles (as a
#            file): ms per query, mean / p50 / p95, and its load time; then
#            bench_similar: the index alone beside the brute-force baseline
#            (the same score for every article), the ratio, and recall@10
#            of the index against brute force, at three posting budgets
#            (32,768 is the default of parallax similar)
set -uo pipefail
build=$1; shared=$2
n=${PX_SCALE_N:-1000000}
nq=${PX_SCALE_QUERIES:-200}
px=$build/parallax
gen=$build/bench_gen_corpus
train=$shared/data/semeval2022/train.jsonl
for f in "$px" "$gen" "$build/bench_similar" "$train"; do
  [ -e "$f" ] || { echo "bench_scale: $f not found" >&2; exit 1; }
done
command -v sqlite3 >/dev/null || { echo "bench_scale: needs the sqlite3 CLI (scripts/deps.sh)" >&2; exit 1; }
tmp=$(mktemp -d "${PX_SCALE_TMP:-/tmp}/px-scale.XXXXXX")
if [ -n "${PX_SCALE_KEEP:-}" ]; then echo "(keeping $tmp)"; else trap 'rm -rf "$tmp"' EXIT; fi
echo "corpus: SYNTHETIC, $n articles from bench_gen_corpus (seed 1): real SemEval-2022 sentences"
echo "        rewritten and recombined into stories with duplicates, revisions and wire copies"

# ---- baseline: no workers (-j 0: read, clean, analyse, cluster in
# turn, as ingest did before it had workers; the store thread stays) against all cores, on the
# first 20,000 articles (a file, so the generator is not timed)
nb=$(( n < 20000 ? n : 20000 ))
"$gen" "$train" "$nb" 1 >"$tmp/base.jsonl" 2>/dev/null
for j in 0 1; do
  opt="-j 0"; what="no workers, -j 0 (baseline)"
  [ $j -eq 1 ] && opt= && what="all cores ($(nproc) workers)"
  "$px" ingest $opt --timing --quiet --db "$tmp/base$j.db" "$tmp/base.jsonl" 2>"$tmp/base$j.err"
  rate=$(grep -o '[0-9]* articles/s; database' "$tmp/base$j.err" | cut -d' ' -f1)
  echo "ingest $nb articles, $what: $rate articles/s"
  grep 'time:' "$tmp/base$j.err" | sed 's/^parallax ingest: /  /'
  eval "rate$j=$rate"
done
echo "ingest speed-up of all cores over no workers: $(awk -v a="$rate1" -v b="$rate0" 'BEGIN {printf "%.2fx", a / b}')"
# the same file again into the all-cores database (an hourly run over a feed
# seen before): every article a duplicate, found before it is analysed
"$px" ingest --quiet --db "$tmp/base1.db" "$tmp/base.jsonl" 2>"$tmp/again.err"
echo "ingest the same $nb again (all duplicates): $(grep -o '[0-9]* articles/s; database' "$tmp/again.err" | cut -d' ' -f1) articles/s"
rm -f "$tmp"/base* "$tmp/again.err"

# ---- the whole corpus, streamed
db=$tmp/scale.db
"$gen" "$train" "$n" 1 >"$tmp/corpus.jsonl" 2>"$tmp/gen.err"
tail -1 "$tmp/gen.err"
echo "generated file: $(awk -v b="$(stat -c %s "$tmp/corpus.jsonl")" 'BEGIN {printf "%.2f", b / 1e9}') GB (written before the ingest, not timed with it)"
t0=$(date +%s.%N)
/usr/bin/time -f '%e %M %U %S' -o "$tmp/time" "$px" ingest --timing --quiet --db "$db" "$tmp/corpus.jsonl" 2>"$tmp/ingest.err"
t1=$(date +%s.%N)
rm -f "$tmp/corpus.jsonl"
grep -v '^parallax: ' "$tmp/ingest.err"
echo "(skipped records reported: $(grep -c '^parallax: ' "$tmp/ingest.err"))"
read -r wall rss usr sys < <(tail -1 "$tmp/time")
stored=$(sqlite3 "$db" 'select count(*) from articles')
echo "ingest end to end (process start to exit, reading the generated JSONL file, all cores):" \
     "$n articles in $(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.1f", b - a}')s," \
     "$(awk -v a="$t0" -v b="$t1" -v n="$n" 'BEGIN {printf "%.0f", n / (b - a)}') articles/s;" \
     "CPU $(awk -v u="$usr" -v s="$sys" -v n="$n" 'BEGIN {printf "%.0f", (u + s) * 1e6 / n}') us per article" \
     "(user $usr s, sys $sys s, $(nproc) cores); peak RSS of ingest $(awk -v k="$rss" 'BEGIN {printf "%.0f", k / 1024}') MB"
dbsize=$(du -cb "$db"* | tail -1 | cut -f1)
echo "database: $stored articles, $(awk -v b="$dbsize" 'BEGIN {printf "%.2f", b / 1e9}') GB" \
     "($(awk -v b="$dbsize" -v n="$stored" 'BEGIN {printf "%.0f", b / n}') bytes per article)"
clb=$(grep -o 'clusterer memory [0-9.]* MB ([0-9]* bytes' "$tmp/ingest.err" | grep -o '[0-9]* bytes' | cut -d' ' -f1)

# ---- similar
"$build/bench_similar" "$db" "$nq" 10 16384,32768,65536 | tee "$tmp/bs.out"
sib=$(grep -o '[0-9]* bytes per article' "$tmp/bs.out" | head -1 | cut -d' ' -f1)
echo "in-memory index: clusterer ${clb:-?} + similarity index ${sib:-?} = $(( ${clb:-0} + ${sib:-0} )) bytes per article"
step=$(( stored / nq > 1 ? stored / nq : 1 ))
sqlite3 "$db" "select json_object('id', ext_id, 'title', title, 'text', text, 'date', date, 'lang', lang)
               from articles where id % $step = 0 limit $nq" >"$tmp/queries.jsonl"
"$px" similar --stats --db "$db" "$tmp/queries.jsonl" >/dev/null 2>"$tmp/sim.err"
grep 'indexed' "$tmp/sim.err"
grep -o '; [0-9.]* ms (' "$tmp/sim.err" | tr -d ';( ms' | sort -g >"$tmp/ms"
awk '{a[NR] = $1; s += $1} END {if (NR) printf "parallax similar -k 10 (index, then the compare model on those 10): %d queries, %.2f ms mean, %.2f ms p50, %.2f ms p95\n", NR, s / NR, a[int(NR * 0.5) + 1], a[int(NR * 0.95) + 1]}' "$tmp/ms" | tee "$tmp/sim.sum"
brute=$(grep -o 'brute force .*: [0-9.]* ms per query' "$tmp/bs.out" | grep -o '[0-9.]* ms per' | cut -d' ' -f1)
mean=$(grep -o '[0-9.]* ms mean' "$tmp/sim.sum" | cut -d' ' -f1)
[ -n "$brute" ] && [ -n "$mean" ] &&
  echo "parallax similar against the brute-force baseline (its ranking alone, no compare model): $(awk -v b="$brute" -v m="$mean" 'BEGIN {printf "%.0fx faster", b / m}')"
