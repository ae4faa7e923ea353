#!/usr/bin/env bash
# Story clustering benchmark: quality and speed of `parallax cluster` on the
# labelled sets in ../shared, each figure beside the baseline
# (`parallax cluster --baseline`: plain TF-IDF single pass on words) run on
# the same input in the same run.
#   scripts/bench_cluster.sh BUILD_DIR SHARED_DIR
#
#   uci_headlines   4,234 timestamped headlines, 61 stories: standard pairwise F1
#   googlenews_t    7,948 lower-cased titles, no dates, 107 stories: standard F1
#   semeval2022     all 3,235 articles of train.jsonl clustered as one corpus
#                   (8 languages): F1 over the gold same/different pairs
# Cold start: the first 100 articles of each set (UCI in publication order,
# GoogleNews and SemEval in file order) as a fresh corpus, the defaults
# beside plain idf over the articles seen (--idf-prior 0), same run;
# SemEval scored on the gold pairs with both articles among the 100.
# Speed: articles/s end to end (read, analyse, profile, cluster; wall clock)
# and of the clusterer alone (from --stats). Reads ../shared in place; writes
# only to a temporary directory.
set -uo pipefail
build=$1; shared=$2
px=$build/parallax
score=$shared/eval/clusters.py
clu=$shared/data/clustering
train=$shared/data/semeval2022/train.jsonl
for f in "$px" "$score" "$clu/uci_headlines.jsonl" "$clu/googlenews_t.jsonl" "$train"; do
  [ -e "$f" ] || { echo "bench_cluster: $f not found" >&2; exit 1; }
done
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

# SemEval pairs -> one DOCS.jsonl of unique articles {id, title, text, lang}
python3 "$(dirname "$0")/semeval_articles.py" "$train" "$tmp/semeval_docs.jsonl" "$tmp/cold_semeval.jsonl" 100

now() { date +%s.%N; }
# run NAME DOCS [options...]: cluster, print F1 and speed fields
run() {
  local name=$1 docs=$2; shift 2
  local t0 t1 n
  t0=$(now)
  "$px" cluster --stats "$@" "$docs" >"$tmp/$name.tsv" 2>"$tmp/$name.err"
  t1=$(now)
  n=$(wc -l <"$tmp/$name.tsv")
  local wall; wall=$(echo "$t1 $t0" | awk '{print $1 - $2}')
  local rate; rate=$(echo "$n $wall" | awk '{ r = 0; if ($2 > 0) r = $1 / $2; printf "%.0f", r }')
  local crate; crate=$(sed -n 's/.*cluster [0-9.]*s (\([0-9]*\) articles\/s).*/\1/p' "$tmp/$name.err")
  local stories; stories=$(sed -n 's/.* \([0-9]*\) stories (.*/\1/p' "$tmp/$name.err")
  local mem; mem=$(sed -n 's/.*(\([0-9]*\) per article).*/\1/p' "$tmp/$name.err")
  echo "$n $stories $rate ${crate:-?} ${mem:-?}"
}
f1() { python3 "$score" "$@" | awk '$1 == "f1" { print $2 }'; }
pr() { python3 "$score" "$@" | awk '$1 == "standard" || $1 == "pairwise" { print $2, $3 }'; }

printf '%-14s %-8s %8s %-24s %8s %9s %11s %10s %9s\n' set method F1 "precision recall" articles stories "articles/s" "cluster/s" "B/article"
for set in uci_headlines googlenews_t semeval; do
  if [ $set = semeval ]; then docs=$tmp/semeval_docs.jsonl; gold=(--pairs "$train")
  else docs=$clu/$set.jsonl; gold=("$docs"); fi
  for method in parallax baseline; do
    if [ $method = baseline ]; then opt=(--baseline); else opt=(); fi
    read -r n stories rate crate mem < <(run "$set.$method" "$docs" "${opt[@]}")
    f=$(f1 "${gold[@]}" "$tmp/$set.$method.tsv")
    p=$(pr "${gold[@]}" "$tmp/$set.$method.tsv")
    printf '%-14s %-8s %8s %-24s %8s %9s %11s %10s %9s\n' "$set" "$method" "$f" "$p" "$n" "$stories" "$rate" "$crate" "$mem"
  done
done
echo "(bars: F1 >= 0.85 on each set; baseline = parallax cluster --baseline, same input, same run)"

echo
printf '%-22s %10s %12s %6s\n' "cold start (first 100)" parallax "plain idf" pairs
head -n 100 "$clu/uci_headlines.jsonl" >"$tmp/cold_uci_headlines.jsonl"
head -n 100 "$clu/googlenews_t.jsonl" >"$tmp/cold_googlenews_t.jsonl"
python3 -c '
import json, sys
ids = {json.loads(l)["id"] for l in open(sys.argv[1])}
for l in open(sys.argv[2]):
    if l.strip() and all(a in ids for a in json.loads(l)["pair_id"].split("_")): print(l, end="")
' "$tmp/cold_semeval.jsonl" "$train" >"$tmp/cold_pairs.jsonl"
for set in uci_headlines googlenews_t semeval; do
  docs=$tmp/cold_$set.jsonl
  if [ $set = semeval ]; then gold=(--pairs "$tmp/cold_pairs.jsonl"); np=$(wc -l <"$tmp/cold_pairs.jsonl")
  else gold=("$docs"); np=-; fi
  "$px" cluster "$docs" >"$tmp/cold.tsv" 2>/dev/null
  "$px" cluster --idf-prior 0 "$docs" >"$tmp/cold0.tsv" 2>/dev/null
  printf '%-22s %10s %12s %6s\n' "$set" "$(f1 "${gold[@]}" "$tmp/cold.tsv")" "$(f1 "${gold[@]}" "$tmp/cold0.tsv")" "$np"
done
