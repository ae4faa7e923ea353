#!/usr/bin/env bash
# The `parallax cluster` command as a user runs it: JSONL in, ID<TAB>STORY
# out in input order, one story per event, a story quiet for months not
# continued, stdin, --baseline, the size prior, recent-article, absorb and
# young-story options, two reports of one event as the first articles of a
# fresh corpus (the idf prior), usage errors.
#   tests/cli_cluster.sh PATH/TO/parallax TESTS_DATA_DIR
set -u
px=$1; data=$2/cluster
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
pass=0; fail=0
check() { # check NAME CONDITION...
  local name=$1; shift
  if "$@"; then pass=$((pass+1)); else fail=$((fail+1)); echo "FAIL: $name"; fi
}
story() { awk -F'\t' -v id="$2" '$1 == id { print $2 }' "$1"; }
same() { [ -n "$(story "$1" "$2")" ] && [ "$(story "$1" "$2")" = "$(story "$1" "$3")" ]; }
apart() { [ -n "$(story "$1" "$2")" ] && [ -n "$(story "$1" "$3")" ] && [ "$(story "$1" "$2")" != "$(story "$1" "$3")" ]; }

"$px" cluster "$data/stories.jsonl" >"$tmp/out" 2>"$tmp/err"; rc=$?
check "cluster exits 0" test $rc -eq 0
check "one line per article" test "$(wc -l <"$tmp/out")" -eq "$(wc -l <"$data/stories.jsonl")"
check "ids in input order" test "$(cut -f1 "$tmp/out" | tr '\n' ' ')" = \
  "bg1 bg2 bg3 bg4 strike-1 quake-1 strike-2 quake-2 strike-3 quake-3 strike-late "
check "two fields, story a positive integer" awk -F'\t' 'NF != 2 || $2 !~ /^[1-9][0-9]*$/ { exit 1 }' "$tmp/out"
check "strike articles together (1,2)" same "$tmp/out" strike-1 strike-2
check "strike articles together (1,3)" same "$tmp/out" strike-1 strike-3
check "quake articles together" same "$tmp/out" quake-1 quake-2
check "German quake article joins" same "$tmp/out" quake-1 quake-3
check "strike and quake apart" apart "$tmp/out" strike-1 quake-1
check "background apart from strike" apart "$tmp/out" bg1 strike-1
check "background articles apart" apart "$tmp/out" bg2 bg3
check "same words four months later: new story" apart "$tmp/out" strike-1 strike-late

# without time decay the late article continues the old story
"$px" cluster --half-life 0 "$data/stories.jsonl" >"$tmp/nodecay" 2>/dev/null
check "no decay: late article joins" same "$tmp/nodecay" strike-1 strike-late

# stdin gives the same answer
"$px" cluster - <"$data/stories.jsonl" >"$tmp/stdin" 2>/dev/null
check "stdin same as file" cmp -s "$tmp/out" "$tmp/stdin"

# --stats reports on stderr, not stdout
"$px" cluster --stats "$data/stories.jsonl" >"$tmp/stats" 2>"$tmp/stats.err"
check "stats on stderr" grep -q "articles/s" "$tmp/stats.err"
check "stats leave stdout alone" cmp -s "$tmp/out" "$tmp/stats"

# the baseline runs and still prints every article
"$px" cluster --baseline "$data/stories.jsonl" >"$tmp/base" 2>/dev/null; rc=$?
check "baseline exits 0" test $rc -eq 0
check "baseline one line per article" test "$(wc -l <"$tmp/base")" -eq "$(wc -l <"$data/stories.jsonl")"

# empty input: no lines, success
: >"$tmp/empty.jsonl"
"$px" cluster "$tmp/empty.jsonl" >"$tmp/eout" 2>/dev/null; rc=$?
check "empty input exits 0" test $rc -eq 0
check "empty input prints nothing" test ! -s "$tmp/eout"

# a broken line is reported and skipped (exit 1), the rest clustered
{ head -3 "$data/stories.jsonl"; echo '{"id": "broken", "title": '; } >"$tmp/broken.jsonl"
"$px" cluster "$tmp/broken.jsonl" >"$tmp/bout" 2>"$tmp/berr"; rc=$?
check "broken record exits 1" test $rc -eq 1
check "broken record reported" test -s "$tmp/berr"
check "other records clustered" test "$(wc -l <"$tmp/bout")" -eq 3

# the size prior, the recent-article comparison and absorbing can be turned off
"$px" cluster --size-prior 0 --nn-weight 0 --absorb 0 "$data/stories.jsonl" >"$tmp/plain" 2>/dev/null; rc=$?
check "size prior, nn and absorb off exit 0" test $rc -eq 0
check "size prior and nn off: one line per article" test "$(wc -l <"$tmp/plain")" -eq "$(wc -l <"$data/stories.jsonl")"
"$px" cluster --young-size 0 --young-rest 0.2 --young-after 0 "$data/stories.jsonl" >"$tmp/young" 2>/dev/null; rc=$?
check "young-story options exit 0" test $rc -eq 0
check "young-story options: one line per article" test "$(wc -l <"$tmp/young")" -eq "$(wc -l <"$data/stories.jsonl")"

# a fresh corpus of two reports of one event (invented) is one story; with
# plain idf (--idf-prior 0) the words they share weigh next to nothing
cat >"$tmp/cold.jsonl" <<'EOF'
{"id": "gale-1", "title": "Gale cuts power to 9,000 homes on Vesteroy", "text": "A gale with gusts of 140 km/h cut power to 9,000 homes on Vesteroy on Friday night. Grid operator Kystnett said crews would restore supply by Saturday evening; the island ferry stayed in port.", "date": "2024-11-08T23:00:00Z"}
{"id": "gale-2", "title": "Vesteroy storm: Kystnett crews work to restore power", "text": "Crews from Kystnett worked through Saturday to bring power back to 9,000 homes on Vesteroy after Friday's gale, with gusts of 140 km/h, brought down lines. The ferry stayed in port.", "date": "2024-11-09T08:00:00Z"}
EOF
"$px" cluster "$tmp/cold.jsonl" >"$tmp/cold" 2>/dev/null
check "fresh corpus: two reports of one event together" same "$tmp/cold" gale-1 gale-2
"$px" cluster --idf-prior 0 "$tmp/cold.jsonl" >"$tmp/cold0" 2>/dev/null
check "fresh corpus, plain idf: apart" apart "$tmp/cold0" gale-1 gale-2

# usage errors
"$px" cluster --idf-prior -5 "$data/stories.jsonl" >/dev/null 2>&1; rc=$?
check "negative idf prior is a usage error" test $rc -eq 2
"$px" cluster --young-rest 11 "$data/stories.jsonl" >/dev/null 2>&1; rc=$?
check "young rest over 10 is refused" test $rc -eq 2
"$px" cluster --nn-weight -1 "$data/stories.jsonl" >/dev/null 2>&1; rc=$?
check "negative nn weight is a usage error" test $rc -eq 2
"$px" cluster --nn-window 99999999999 "$data/stories.jsonl" >/dev/null 2>&1; rc=$?
check "nn window over 32 bits is a usage error" test $rc -eq 2
"$px" cluster --nn-window 20000000 "$data/stories.jsonl" >/dev/null 2>&1; rc=$?
check "nn window over 16M is refused" test $rc -eq 2
"$px" cluster --threshold abc "$data/stories.jsonl" >/dev/null 2>&1; rc=$?
check "bad number is a usage error" test $rc -eq 2
"$px" cluster --no-such-option "$data/stories.jsonl" >/dev/null 2>&1; rc=$?
check "unknown option is a usage error" test $rc -eq 2
"$px" cluster --help >"$tmp/help" 2>&1; rc=$?
check "help exits 0" test $rc -eq 0
check "help shows defaults" grep -q "default" "$tmp/help"

echo "cli_cluster: $pass passed, $fail failed"
[ $fail -eq 0 ]
