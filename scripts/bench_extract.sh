#!/usr/bin/env bash
# Extraction benchmark: quality (F1) and speed (median ms/page) of the
# extract stage on the three labelled extraction sets in ../shared (aeb,
# cleaneval, trafilatura-eval), each beside Mozilla's Readability.js (with
# jsdom) run on the same pages in the same run, and the time ratio.
#   scripts/bench_extract.sh BUILD_DIR SHARED_DIR [REPEAT]
# All the work is scripts/eval_extract.sh --readability; see it for details.
# Writes predictions to BUILD_DIR/{extract,readability}-SET.jsonl.
set -uo pipefail
build=$1; shared=$2
root=$(cd "$(dirname "$0")/.." && pwd)
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
exec bash "$root/scripts/eval_extract.sh" --readability "$build" "$shared" "${3:-3}"
