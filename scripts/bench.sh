#!/usr/bin/env bash
# Benchmarks: quality against the labelled data in ../shared and speed,
# each printed beside a named baseline measured in the same run.
#   scripts/bench.sh BUILD_DIR SHARED_DIR
set -uo pipefail
build=$1; shared=$2
root=$(cd "$(dirname "$0")/.." && pwd)
train=$shared/data/semeval2022/train.jsonl
if [ ! -f "$train" ]; then
  echo "bench: $train not found; the benchmarks read ../shared in place" >&2
  exit 1
fi
section() { printf '\n==== %s ====\n' "$*"; }

section "per-article pipeline: langid accuracy, furniture removal, speed"
"$build/bench_pipeline" "$train" 3

if [ -x "$build/bench_langid" ]; then
  section "language identification vs libexttextcat"
  "$build/bench_langid" "$train"
fi
section "coverage report: speed for 2 and 20 articles"
"$build/bench_coverage" "$train" 20

# bench_scale.sh ingests a synthetic corpus of PX_SCALE_N articles (default
# 1,000,000: about 20 minutes on 2 cores); PX_SCALE_N=20000 for a quick run.
for s in "$root"/scripts/bench_*.sh; do
  [ -f "$s" ] || continue
  section "$(basename "$s" .sh)"
  bash "$s" "$build" "$shared"
done
