#!/usr/bin/env bash
# Run every libFuzzer target in BUILD for SECONDS each, seeded from
# fuzz/seeds/<target>/ (copied, so the run's new inputs stay out of git).
#   scripts/fuzz.sh BUILD SECONDS
set -euo pipefail
build=$1; secs=$2
root=$(cd "$(dirname "$0")/.." && pwd)
status=0; ran=0
for t in "$build"/fuzz_*; do
  [ -x "$t" ] || continue
  name=$(basename "$t")
  corpus="$build/corpus-$name"
  mkdir -p "$corpus"
  [ -d "$root/fuzz/seeds/$name" ] && cp -n "$root/fuzz/seeds/$name"/* "$corpus"/ 2>/dev/null || true
  dict=""; [ -f "$root/fuzz/$name.dict" ] && dict="-dict=$root/fuzz/$name.dict"
  echo "fuzz: $name for ${secs}s"
  if ASAN_OPTIONS=detect_leaks=1 "$t" $dict -max_total_time="$secs" -max_len=65536 \
       -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$build/" "$corpus" >"$build/$name.log" 2>&1; then
    echo "fuzz: $name ok ($(grep -o 'stat::number_of_executed_units: [0-9]*' "$build/$name.log" | awk '{print $2}') runs)"
  else
    echo "fuzz: $name FAILED, see $build/$name.log"; tail -40 "$build/$name.log"; status=1
  fi
  ran=$((ran+1))
done
echo "fuzz: $ran targets, status $status"
exit $status
