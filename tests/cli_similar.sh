#!/usr/bin/env bash
# `parallax similar` as a user runs it: two stories of three articles each
# ingested into a temporary database; a stored article (by row id) and a
# new article (a file) find their own story's articles first, as "same
# story", and never themselves; --json parses; -k limits; an unknown id
# fails with exit 2; an empty database returns nothing; rows without stored
# features give the same results, broken features a clear error.
#   tests/cli_similar.sh PATH/TO/parallax TESTS_DATA_DIR
set -u
px=$1
data=$2/similar
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
pass=0; fail=0
check() { # check NAME CONDITION...
  local name=$1; shift
  if "$@"; then pass=$((pass+1)); else fail=$((fail+1)); echo "FAIL: $name"; fi
}
command -v sqlite3 >/dev/null || { echo "SKIP: sqlite3 CLI not installed (scripts/deps.sh)"; exit 0; }
command -v python3 >/dev/null || { echo "SKIP: python3 not installed"; exit 0; }
db=$tmp/s.db
"$px" ingest --quiet --db "$db" "$data/two_stories.jsonl" >/dev/null 2>&1
check "ingest stored 6 articles" test "$(sqlite3 "$db" 'select count(*) from articles')" -eq 6
row=$(sqlite3 "$db" "select id from articles where ext_id = 's1'")
story=$(sqlite3 "$db" "select story from articles where ext_id = 's1'")

# by row id: the other two strike articles first, both "same story"
"$px" similar --db "$db" --stats "$row" >"$tmp/out" 2>"$tmp/err"; rc=$?
check "similar ID exits 0" test $rc -eq 0
check "header names the query" grep -q "^# s1	" "$tmp/out"
grep -v '^#' "$tmp/out" >"$tmp/rows"
check "first two results are the strike story" \
  test "$(head -2 "$tmp/rows" | cut -f11 | sort | tr '\n' ' ')" = "s2 s3 "
check "first two in the query's story" test "$(head -2 "$tmp/rows" | cut -f2 | sort -u)" = "$story"
check "first two are 'same story'" test "$(head -2 "$tmp/rows" | cut -f10 | sort -u)" = "same story"
check "the query is not its own result" test "$(cut -f1 "$tmp/rows" | grep -cx "$row")" -eq 0
check "sorted by overall" sh -c "cut -f9 '$tmp/rows' | sort -c -g"
check "--stats prints ms per query" grep -Eq "similar: s1: [0-9]+ candidates of 6 articles.*[0-9.]+ ms" "$tmp/err"

# -k, --rescore
"$px" similar --db "$db" -k 1 "$row" >"$tmp/k1"
check "-k 1 gives one result" test "$(grep -vc '^#' "$tmp/k1")" -eq 1
"$px" similar --db "$db" -k 2 --rescore 5 "$row" >"$tmp/r5"
check "-k 2 --rescore 5: the strike articles" \
  test "$(grep -v '^#' "$tmp/r5" | cut -f11 | sort | tr '\n' ' ')" = "s2 s3 "
"$px" similar --db "$db" --rescore 0 "$row" >/dev/null 2>&1; rc=$?
check "--rescore 0 exits 2" test $rc -eq 2

# a new article from a file, as JSON
"$px" similar --db "$db" --json "$data/query.jsonl" >"$tmp/json"; rc=$?
check "similar FILE --json exits 0" test $rc -eq 0
check "--json parses; quake articles first, same story, seven scores" python3 - "$tmp/json" <<'PY'
import json, sys
objs = [json.loads(l) for l in open(sys.argv[1])]
assert len(objs) == 1 and objs[0]["query"]["id"] == "new-quake", objs
sim = objs[0]["similar"]
assert len(sim) >= 3, sim
assert sorted(s["id"] for s in sim[:3]) == ["q1", "q2", "q3"], sim
assert all(s["verdict"] == "same story" for s in sim[:3]), sim
assert all(len(s["scores"]) == 7 and "overall" in s["scores"] for s in sim)
ov = [s["scores"]["overall"] for s in sim]
assert ov == sorted(ov), ov
PY

# a stored article given as a file is recognised and left out of its results
"$px" similar --db "$db" "$data/two_stories.jsonl" >"$tmp/all"; rc=$?
check "similar over a whole file exits 0" test $rc -eq 0
check "one header per query" test "$(grep -c '^#' "$tmp/all")" -eq 6
check "a stored article given as a file is not its own result" \
  sh -c "awk -F'\t' '/^#/ {q=\$1; sub(/^# /, \"\", q); next} \$11 == q {bad=1} END {exit bad}' '$tmp/all'"

# errors
"$px" similar --db "$db" 999 >"$tmp/out" 2>"$tmp/err"; rc=$?
check "unknown id exits 2" test $rc -eq 2
check "unknown id says so" grep -q "no article 999" "$tmp/err"
check "unknown id prints nothing" test ! -s "$tmp/out"
"$px" similar --db "$db" >/dev/null 2>&1; rc=$?
check "no argument exits 2" test $rc -eq 2
"$px" similar --db "$db" -k 0 1 >/dev/null 2>&1; rc=$?
check "-k 0 exits 2" test $rc -eq 2
"$px" similar --db "$tmp/missing.db" 1 >/dev/null 2>&1; rc=$?
check "missing database exits 2" test $rc -eq 2

# an empty database: nothing, exit 0
: >"$tmp/empty.jsonl"
"$px" ingest --quiet --db "$tmp/empty.db" "$tmp/empty.jsonl" >/dev/null 2>&1
"$px" similar --db "$tmp/empty.db" "$data/query.jsonl" >"$tmp/out" 2>"$tmp/err"; rc=$?
check "empty database exits 0" test $rc -eq 0
check "empty database prints nothing" test ! -s "$tmp/out"
"$px" similar --db "$tmp/empty.db" --json "$data/query.jsonl" >"$tmp/out"; rc=$?
check "empty database --json: no results" python3 -c "
import json, sys; o = json.loads(open('$tmp/out').read()); assert o['similar'] == [], o"

# the index is loaded from the stored features; rows without them (stored
# by an older parallax) are analysed instead, with the same results
"$px" similar --db "$db" --stats "$data/two_stories.jsonl" >"$tmp/feat" 2>"$tmp/feat.err"
check "--stats gives the index's bytes per article" grep -Eq "indexed 6 articles .*[0-9]+ bytes per article" "$tmp/feat.err"
cp "$db" "$tmp/nofeat.db"
sqlite3 "$tmp/nofeat.db" 'update articles set features = null'
"$px" similar --db "$tmp/nofeat.db" "$data/two_stories.jsonl" >"$tmp/nofeat"
check "without stored features: the same results" cmp -s "$tmp/feat" "$tmp/nofeat"
sqlite3 "$tmp/nofeat.db" "update articles set features = x'00' where ext_id = 's2'"
"$px" similar --db "$tmp/nofeat.db" "$row" >/dev/null 2>"$tmp/err"; rc=$?
check "broken stored features: exit 2 with a message" sh -c "test $rc -eq 2 && grep -q 'features' '$tmp/err'"

echo "cli_similar: $pass passed, $fail failed"
test $fail -eq 0
