#!/usr/bin/env bash
# Benchmark of `parallax compare` / `score` (called by scripts/bench.sh):
#  1. quality: grouped 5-fold cross-validated Pearson r of the seven
#     dimensions on the SemEval-2022 Task 8 training pairs, overall, per
#     language pair, beside the plain TF-IDF cosine baseline (`parallax
#     score --baseline`) measured in the same run; document frequencies
#     for each fold come from the other folds' articles only;
#  2. the same with the built-in table for every fold, to show what the
#     df leak would change;
#  3. speed of `parallax score` on the training pairs repeated 5 times
#     (all stages: JSON read, text, clean, langid, analyse, profile,
#     features, model), pairs/s and peak RSS, and the per-stage split
#     (bench_compare).
#   scripts/bench_compare.sh BUILD_DIR SHARED_DIR
set -uo pipefail
build=${1:-build}; shared=${2:-../shared}
root=$(cd "$(dirname "$0")/.." && pwd)
train=$shared/data/semeval2022/train.jsonl
px=$build/parallax
py=/usr/bin/python3
if ! $py -c 'import numpy, sklearn' 2>/dev/null; then
  echo "bench_compare: needs python3-numpy and python3-sklearn (scripts/deps.sh bench)" >&2
  exit 1
fi
echo "-- quality: 5-fold grouped CV, per-fold document frequencies (Pearson r; 1..4 scale)"
$py "$root/scripts/fit_similarity.py" --tool "$px" --train "$train" --cv-only
echo
echo "-- the same with the built-in df for every fold (the difference is what the df leak is worth)"
$py "$root/scripts/fit_similarity.py" --tool "$px" --train "$train" --cv-only --global-df | grep -E '^(overall|baseline)'
echo
echo "-- speed: parallax score on the training pairs x5 (one process, one core)"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
for i in 1 2 3 4 5; do cat "$train"; done >"$tmp/pairs.jsonl"
npairs=$(wc -l <"$tmp/pairs.jsonl")
bytes=$(wc -c <"$tmp/pairs.jsonl")
if [ -x /usr/bin/time ]; then
  /usr/bin/time -v "$px" score "$tmp/pairs.jsonl" >"$tmp/pred" 2>"$tmp/time"
  user=$(sed -n 's/^\s*User time (seconds): //p' "$tmp/time")
  sys=$(sed -n 's/^\s*System time (seconds): //p' "$tmp/time")
  wall=$(sed -n 's/^\s*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$tmp/time")
  rss=$(sed -n 's/^\s*Maximum resident set size (kbytes): //p' "$tmp/time")
  awk -v n="$npairs" -v b="$bytes" -v u="$user" -v s="$sys" -v w="$wall" -v r="$rss" 'BEGIN {
    cpu = u + s
    printf "parallax score: %d pairs (%.1f MB) in %.2f s CPU (wall %s): %.0f pairs/s, %.1f MB/s; peak RSS %.1f MB\n",
      n, b / 1e6, cpu, w, n / cpu, b / 1e6 / cpu, r / 1024 }'
  /usr/bin/time -v "$px" score --baseline "$tmp/pairs.jsonl" >/dev/null 2>"$tmp/time"
  user=$(sed -n 's/^\s*User time (seconds): //p' "$tmp/time")
  sys=$(sed -n 's/^\s*System time (seconds): //p' "$tmp/time")
  awk -v n="$npairs" -v u="$user" -v s="$sys" 'BEGIN { printf "parallax score --baseline: %.0f pairs/s\n", n / (u + s) }'
else
  start=$(date +%s.%N)
  "$px" score "$tmp/pairs.jsonl" >"$tmp/pred"
  end=$(date +%s.%N)
  awk -v n="$npairs" -v a="$start" -v b="$end" 'BEGIN { printf "parallax score: %.0f pairs/s (wall)\n", n / (b - a) }'
fi
echo "speed bar: 20000 pairs/s"
if [ -x "$build/bench_compare" ]; then
  echo
  echo "-- where the time goes (thread CPU time, training pairs x3)"
  "$build/bench_compare" "$train" 3
fi
