#!/usr/bin/env bash
# The main job on bundled sample data: clean and analyse the sample articles,
# then (when ../shared is there) the real pair in ../shared/examples.
#   scripts/demo.sh PATH/TO/parallax
set -uo pipefail
px=$1
root=$(cd "$(dirname "$0")/.." && pwd)
shared=${PX_SHARED:-$root/../shared}
step() { printf '\n\033[1m$ %s\033[0m\n' "$*"; }

step parallax clean examples/harbour-strike-gazette.txt
"$px" clean "$root/examples/harbour-strike-gazette.txt"

step parallax analyze examples/harbour-strike-courier.txt
"$px" analyze "$root/examples/harbour-strike-courier.txt"

step "gzip -c examples/wire.jsonl | parallax clean --json -   (one record is broken on purpose)"
gzip -c "$root/examples/wire.jsonl" | "$px" clean --json -
echo "(exit status $?: 1 means some records were skipped and reported)"

if [ -d "$shared/examples" ]; then
  step parallax clean ../shared/examples/*.txt
  "$px" clean "$shared"/examples/*.txt
fi
exit 0
