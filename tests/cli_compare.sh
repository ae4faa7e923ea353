#!/usr/bin/env bash
# `parallax compare` and `parallax score` as a user runs them: the seven
# scores, verdict and evidence of two article files, --json, a pairs file
# with broken lines reported (file, offset) and skipped while the good
# pairs are scored, an empty article answered and flagged, --baseline,
# --features, --df-out / --df, usage errors.
#   tests/cli_compare.sh PATH/TO/parallax TESTS_DATA_DIR
set -u
px=$1; data=$2/compare
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
pass=0; fail=0
check() { # check NAME COMMAND...
  local name=$1; shift
  if "$@"; then pass=$((pass+1)); else fail=$((fail+1)); echo "FAIL: $name"; fi
}
py() { /usr/bin/python3 -c "$@"; }
overall() { # overall PRED PAIR_ID -> the overall score
  py 'import json,sys
for l in open(sys.argv[1]):
    o=json.loads(l)
    if str(o["pair_id"])==sys.argv[2]: print(o["overall"])' "$1" "$2"
}
lt() { py 'import sys; sys.exit(0 if float(sys.argv[1]) < float(sys.argv[2]) else 1)' "$1" "$2"; }

# ---- compare
"$px" compare "$data/seoul-a.txt" "$data/seoul-b.txt" >"$tmp/cmp" 2>"$tmp/err"; rc=$?
check "compare exits 0" test $rc -eq 0
check "compare prints the seven dimensions" \
  test "$(grep -cE '^  (overall|geography|entities|time|narrative|style|tone) +[1-4]\.[0-9]+$' "$tmp/cmp")" -eq 7
check "compare verdict same story" grep -q '^verdict: same story$' "$tmp/cmp"
check "compare shows name variants" grep -q 'Dong-a Ilbo  ~  Donga' "$tmp/cmp"
check "compare shows shared numbers" grep -q '28,500.*~.*28,500' "$tmp/cmp"
check "compare shows sentence pairs" grep -q '^sentences that say the same:' "$tmp/cmp"
"$px" compare "$data/seoul-a.txt" "$data/recipe.txt" >"$tmp/cmp2" 2>/dev/null
check "unrelated: verdict different" grep -q '^verdict: different$' "$tmp/cmp2"

"$px" compare --json "$data/seoul-a.txt" "$data/seoul-de.txt" >"$tmp/json" 2>/dev/null; rc=$?
check "compare --json exits 0" test $rc -eq 0
check "compare --json is one object with the schema" py 'import json,sys
o=json.load(open(sys.argv[1]))
assert set(["a","b","scores","verdict","names","numbers","dates","quotes","sentences","features"]) <= set(o)
assert len(o["scores"])==7 and all(1<=v<=4 for v in o["scores"].values())
assert o["a"]["lang"]=="en" and o["b"]["lang"]=="de"
assert any(n["a"].startswith("28,500") for n in o["numbers"])' "$tmp/json"

# ---- compare: errors
"$px" compare "$data/seoul-a.txt" >/dev/null 2>&1; rc=$?
check "compare with one article: usage error" test $rc -eq 2
: >"$tmp/empty.txt"
"$px" compare "$data/seoul-a.txt" "$tmp/empty.txt" >/dev/null 2>"$tmp/err"; rc=$?
check "compare with an empty article: exit 1" test $rc -eq 1
check "compare with an empty article: says why" grep -q 'empty.txt' "$tmp/err"
"$px" compare "$data/seoul-a.txt" "$tmp/missing.txt" >/dev/null 2>"$tmp/err"; rc=$?
check "compare with a missing file: exit 1" test $rc -eq 1
check "compare with a missing file: names it" grep -q 'missing.txt' "$tmp/err"

# ---- score
"$px" score "$data/pairs.jsonl" >"$tmp/pred" 2>"$tmp/err"; rc=$?
check "test_score_reports_broken_line_and_continues: exit 1" test $rc -eq 1
check "broken line reported with file and offset" \
  grep -qE "pairs.jsonl: offset [0-9]+: format error" "$tmp/err"
off2=$(head -1 "$data/pairs.jsonl" | wc -c)
check "offset of the broken line is its byte offset" grep -q "offset $off2: format error" "$tmp/err"
check "non-object line reported" grep -q "not a JSON object" "$tmp/err"
check "one line per pair (5 readable)" test "$(wc -l <"$tmp/pred")" -eq 5
check "pairs after the broken line are scored" grep -q '"pair_id": "crosslingual_4"' "$tmp/pred"
check "every line has the seven scores" py 'import json,sys
for l in open(sys.argv[1]):
    o=json.loads(l)
    for k in ["overall","geography","entities","time","narrative","style","tone"]:
        assert 1<=o[k]<=4, (o["pair_id"],k)' "$tmp/pred"
check "empty article answered and flagged" grep -q '"pair_id": "empty_5".*"error"' "$tmp/pred"
check "numeric pair_id kept" grep -q '"pair_id": "6"' "$tmp/pred"
check "same story scores lower than unrelated" lt "$(overall "$tmp/pred" same_1)" "$(overall "$tmp/pred" unrelated_3)"
check "cross-lingual same story scores lower than unrelated" \
  lt "$(overall "$tmp/pred" crosslingual_4)" "$(overall "$tmp/pred" unrelated_3)"
check "identical articles score near 1" lt "$(overall "$tmp/pred" 6)" 1.5

"$px" score - <"$data/pairs.jsonl" >"$tmp/pred-stdin" 2>/dev/null
check "stdin same as file" cmp -s "$tmp/pred" "$tmp/pred-stdin"

"$px" score --baseline "$data/pairs.jsonl" >"$tmp/base" 2>/dev/null
check "baseline: one line per pair" test "$(wc -l <"$tmp/base")" -eq 5
check "baseline: identical articles score 1" lt "$(overall "$tmp/base" 6)" 1.001

"$px" score --features "$data/pairs.jsonl" >"$tmp/feat" 2>/dev/null
check "features: a vector per readable pair" test "$(wc -l <"$tmp/feat")" -eq 4
check "features: named" grep -q '"cos_body"' "$tmp/feat"

"$px" score --df-out "$tmp/df.txt" "$data/pairs.jsonl" >/dev/null 2>"$tmp/err"
check "df-out: header" grep -q '^px-df 1 docs 4$' "$tmp/df.txt"
"$px" score --df "$tmp/df.txt" "$data/pairs.jsonl" >"$tmp/pred-df" 2>/dev/null
check "score --df: one line per pair" test "$(wc -l <"$tmp/pred-df")" -eq 5
"$px" score --df "$tmp/nope.txt" "$data/pairs.jsonl" >/dev/null 2>"$tmp/err"; rc=$?
check "score --df missing file: exit 2" test $rc -eq 2
"$px" score "$tmp/nope.jsonl" >/dev/null 2>"$tmp/err"; rc=$?
check "score missing pairs file: exit 2 and named" sh -c "test $rc -eq 2 && grep -q nope.jsonl '$tmp/err'"
"$px" score >/dev/null 2>&1; rc=$?
check "score without a file: usage error" test $rc -eq 2

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
