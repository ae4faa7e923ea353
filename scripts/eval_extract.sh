#!/usr/bin/env bash
# Quality and speed of the extract stage on the three extraction sets.
#   scripts/eval_extract.sh [--readability] BUILD_DIR [SHARED_DIR] [REPEAT]
# Builds nothing: BUILD_DIR must hold bench_extract (use a Release build
# for the timings). For each set (aeb, cleaneval, trafilatura-eval) runs
# bench_extract over SHARED_DIR/data/extraction/SET (ground-truth.jsonl and
# html/), writes the predictions to BUILD_DIR/extract-SET.jsonl, scores them
# with SHARED_DIR/eval/extraction.py and prints the timing and the F1.
# REPEAT (default 3) runs each page that many times and keeps the fastest.
#
# --readability also runs Mozilla's Readability.js (with jsdom, via
# bench/readability/extract.mjs) on the same pages in the same run, with the
# same REPEAT, writes BUILD_DIR/readability-SET.jsonl, scores it the same way
# and prints a table: F1 of both, median ms/page of both and the ratio
# (Readability time / parallax time). The npm packages are installed into
# bench/readability/node_modules (npm ci, from package-lock.json) when
# missing. Without node/npm it says so and prints parallax's figures alone.
set -euo pipefail
baseline=0
if [ "${1:-}" = --readability ]; then baseline=1; shift; fi
build=${1:?usage: eval_extract.sh [--readability] BUILD_DIR [SHARED_DIR] [REPEAT]}
root=$(cd "$(dirname "$0")/.." && pwd)
shared=${2:-$root/../shared}
repeat=${3:-3}
bench=$build/bench_extract
scorer=$shared/eval/extraction.py
rdb=$root/bench/readability
[ -x "$bench" ] || { echo "eval_extract: $bench not built" >&2; exit 1; }
[ -f "$scorer" ] || { echo "eval_extract: $scorer not found" >&2; exit 1; }

# Readability.js needs node >= 18 and its packages; any gap turns it off.
if [ $baseline = 1 ]; then
  why=""
  if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    why="node/npm not found (scripts/deps.sh bench installs them)"
  elif ! node -e 'process.exit(+process.versions.node.split(".")[0] >= 18 ? 0 : 1)'; then
    why="node $(node --version) is older than 18"
  elif [ ! -d "$rdb/node_modules" ]; then
    echo "eval_extract: installing Readability.js and jsdom into $rdb/node_modules" >&2
    (cd "$rdb" && npm ci --no-audit --no-fund >&2) || why="npm ci failed in $rdb"
  fi
  if [ -n "$why" ]; then
    echo "eval_extract: Readability.js not run: $why; parallax's figures alone"
    baseline=0
  fi
fi

# The median ms/page from a bench_extract / extract.mjs timing output.
median() { awk '/^ms\/page median /{print $3}' <<<"$1"; }
# The F1 from a scorer output.
f1() { awk '/^f1 /{print $2}' <<<"$1"; }

rows=()
for set in aeb cleaneval trafilatura-eval; do
  dir=$shared/data/extraction/$set
  [ -f "$dir/ground-truth.jsonl" ] || { echo "eval_extract: $dir missing, skipped" >&2; continue; }
  pred=$build/extract-$set.jsonl
  echo "== $set: parallax"
  run=$("$bench" "$dir/ground-truth.jsonl" "$dir/html" "$pred" "$repeat")
  echo "$run"
  out=$(python3 "$scorer" "$dir/ground-truth.jsonl" "$pred")
  echo "$out" | head -n -1
  pf=$(f1 "$out"); pm=$(median "$run")
  row=("$set" "${pf:--}" "${pm:--}")
  if [ $baseline = 1 ]; then
    rpred=$build/readability-$set.jsonl
    echo "== $set: Readability.js"
    if rrun=$(node "$rdb/extract.mjs" "$dir/ground-truth.jsonl" "$dir/html" "$rpred" "$repeat"); then
      echo "$rrun"
      rout=$(python3 "$scorer" "$dir/ground-truth.jsonl" "$rpred") || rout=""
      echo "$rout" | head -n -1
      rf=$(f1 "$rout"); rm_=$(median "$rrun")
      row+=("${rf:--}" "${rm_:--}")
    else
      echo "eval_extract: Readability.js failed on $set" >&2
      row+=("-" "-")
    fi
  fi
  rows+=("${row[*]}")
done

echo "== summary (median ms/page, fastest of $repeat runs a page; parallax target <= 2 ms)"
if [ $baseline = 1 ]; then
  printf '%-18s %12s %14s %12s %14s %8s\n' set "parallax F1" "Readability F1" \
    "parallax ms" "Readability ms" ratio
  for r in "${rows[@]}"; do
    read -r s pf pm rf rm <<<"$r"
    ratio=$(awk -v a="$rm" -v b="$pm" 'BEGIN { if (a + 0 > 0 && b + 0 > 0) printf "%.1f", a / b; else print "-" }')
    printf '%-18s %12s %14s %12s %14s %8s\n' "$s" "$pf" "$rf" "$pm" "$rm" "$ratio"
  done
else
  printf '%-18s %12s %12s\n' set "parallax F1" "parallax ms"
  for r in "${rows[@]}"; do
    read -r s pf pm <<<"$r"
    printf '%-18s %12s %12s\n' "$s" "$pf" "$pm"
  done
fi
