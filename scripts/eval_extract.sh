#!/usr/bin/env bash
# Quality and speed of the extract stage on the three extraction sets.
#   scripts/eval_extract.sh BUILD_DIR [SHARED_DIR] [REPEAT]
# Builds nothing: BUILD_DIR must hold bench_extract (use a Release build
# for the timings). For each set (aeb, cleaneval, trafilatura-eval) runs
# bench_extract over SHARED_DIR/data/extraction/SET (ground-truth.jsonl and
# html/), writes the predictions to BUILD_DIR/extract-SET.jsonl, scores them
# with SHARED_DIR/eval/extraction.py and prints the timing and the F1.
# REPEAT (default 3) runs each page that many times and keeps the fastest.
set -euo pipefail
build=${1:?usage: eval_extract.sh BUILD_DIR [SHARED_DIR] [REPEAT]}
root=$(cd "$(dirname "$0")/.." && pwd)
shared=${2:-$root/../shared}
repeat=${3:-3}
bench=$build/bench_extract
scorer=$shared/eval/extraction.py
[ -x "$bench" ] || { echo "eval_extract: $bench not built" >&2; exit 1; }
[ -f "$scorer" ] || { echo "eval_extract: $scorer not found" >&2; exit 1; }
summary=""
for set in aeb cleaneval trafilatura-eval; do
  dir=$shared/data/extraction/$set
  [ -f "$dir/ground-truth.jsonl" ] || { echo "eval_extract: $dir missing, skipped" >&2; continue; }
  pred=$build/extract-$set.jsonl
  echo "== $set"
  "$bench" "$dir/ground-truth.jsonl" "$dir/html" "$pred" "$repeat"
  out=$(python3 "$scorer" "$dir/ground-truth.jsonl" "$pred")
  echo "$out" | head -n -1
  f1=$(echo "$out" | awk '/^f1 /{print $2}')
  summary+=$(printf '%-18s F1 %s' "$set" "$f1")$'\n'
done
echo "== F1"
printf '%s' "$summary"
