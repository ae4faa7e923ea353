#!/usr/bin/env bash
# The main job on bundled sample data: clean, analyse and compare the sample
# articles, then (when ../shared is there) the real pair in ../shared/examples.
#   scripts/demo.sh PATH/TO/parallax
set -uo pipefail
px=$1
root=$(cd "$(dirname "$0")/.." && pwd)
shared=${PX_SHARED:-$root/../shared}
if [ -t 1 ]; then step() { printf '\n\033[1m$ %s\033[0m\n' "$*"; }; else step() { printf '\n$ %s\n' "$*"; }; fi

step parallax clean examples/harbour-strike-gazette.txt
"$px" clean "$root/examples/harbour-strike-gazette.txt"

step parallax analyze examples/harbour-strike-courier.txt
"$px" analyze "$root/examples/harbour-strike-courier.txt"

step "gzip -c examples/wire.jsonl | parallax clean --json -   (one record is broken on purpose)"
gzip -c "$root/examples/wire.jsonl" | "$px" clean --json -
echo "(exit status $?: 1 means some records were skipped and reported)"

step parallax compare examples/harbour-strike-gazette.txt examples/harbour-strike-courier.txt
"$px" compare "$root/examples/harbour-strike-gazette.txt" "$root/examples/harbour-strike-courier.txt"

if [ -d "$shared/examples" ]; then
  step parallax clean ../shared/examples/*.txt
  "$px" clean "$shared"/examples/*.txt
  step parallax compare ../shared/examples/huawei-seoul-intel-a.txt ../shared/examples/huawei-seoul-intel-b.txt
  "$px" compare "$shared/examples/huawei-seoul-intel-a.txt" "$shared/examples/huawei-seoul-intel-b.txt"
  step parallax compare --coverage ../shared/examples/huawei-seoul-intel-a.txt ../shared/examples/huawei-seoul-intel-b.txt
  "$px" compare --coverage "$shared/examples/huawei-seoul-intel-a.txt" "$shared/examples/huawei-seoul-intel-b.txt"
  cov=("$shared/examples/huawei-seoul-intel-a.txt" "$shared/examples/huawei-seoul-intel-b.txt")
else
  step parallax compare --coverage examples/harbour-strike-gazette.txt examples/harbour-strike-courier.txt
  "$px" compare --coverage "$root/examples/harbour-strike-gazette.txt" "$root/examples/harbour-strike-courier.txt"
  cov=("$root/examples/harbour-strike-gazette.txt" "$root/examples/harbour-strike-courier.txt")
fi

step "parallax compare --html build/coverage.html ${cov[*]##*/}"
mkdir -p "$root/build"
if "$px" compare --html "$root/build/coverage.html" "${cov[@]}" >/dev/null; then
  echo "coverage page: $root/build/coverage.html"
fi

# The corpus engine: ingest into a database, list stories, find neighbours.
db=$root/build/demo.db
rm -f "$db" "$db-wal" "$db-shm" "$db.ingest-lock"
step "parallax ingest --db build/demo.db examples/*.txt examples/wire.jsonl"
"$px" ingest --db "$db" "$root"/examples/*.txt "$root/examples/wire.jsonl"
step parallax stories --db build/demo.db
"$px" stories --db "$db"
big=$("$px" stories --db "$db" | sort -t$'\t' -k2,2nr | head -1 | cut -f1)
step "parallax story --db build/demo.db $big   (the biggest story, with its coverage report)"
"$px" story --db "$db" "$big"
step parallax similar --db build/demo.db examples/harbour-strike-courier.txt -k 3
"$px" similar --db "$db" "$root/examples/harbour-strike-courier.txt" -k 3

uci=$shared/data/clustering/uci_headlines.jsonl
if [ -f "$uci" ]; then
  hdb=$root/build/headlines.db
  rm -f "$hdb" "$hdb-wal" "$hdb-shm" "$hdb.ingest-lock"
  step "parallax ingest --db build/headlines.db ../shared/data/clustering/uci_headlines.jsonl   (4,234 real headlines)"
  "$px" ingest --db "$hdb" "$uci"
  step "parallax stories --db build/headlines.db | sort -t\$'\\t' -k2,2nr | head -5   (the biggest stories)"
  "$px" stories --db "$hdb" | sort -t$'\t' -k2,2nr | head -5
  top=$("$px" stories --db "$hdb" | sort -t$'\t' -k2,2nr | head -1 | cut -f1)
  step "parallax story --db build/headlines.db $top | head -12"
  "$px" story --db "$hdb" "$top" | head -12
fi
exit 0
