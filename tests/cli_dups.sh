#!/usr/bin/env bash
# The `parallax dups` command as a user runs it: JSONL in, pairs of copies
# out (exact, near-duplicate, contained), most contained first, who was
# first, shared passages; --json, --threshold, --all-pairs, stdin, usage.
#   tests/cli_dups.sh PATH/TO/parallax TESTS_DATA_DIR
set -u
px=$1; data=$2/dups
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
pass=0; fail=0
check() { # check NAME CONDITION...
  local name=$1; shift
  if "$@"; then pass=$((pass+1)); else fail=$((fail+1)); echo "FAIL: $name"; fi
}
has() { grep -q -- "$2" "$1"; }

"$px" dups "$data/copies.jsonl" >"$tmp/out" 2>"$tmp/err"; rc=$?
check "dups exits 0" test $rc -eq 0
check "six pairs" test "$(grep -c '^== ' "$tmp/out")" -eq 6
check "exact copy found" has "$tmp/out" '^== wire ~ wire-copy: exact'
check "near-duplicate found" has "$tmp/out" '^== wire ~ wire-edited: near-duplicate'
check "wire contained in rewrite" has "$tmp/out" '^== wire ~ rewrite: contained  containment 1.00'
check "football in no pair" sh -c "! grep -q football '$tmp/out'"
check "who was first" has "$tmp/out" 'first: wire (2024-03-05T09:00:00Z), then rewrite'
check "shared passage shown" has "$tmp/out" '"The regional water authority said on Tuesday'
check "sorted by containment" sh -c "grep -o 'containment [0-9.]*' '$tmp/out' | awk '{print \$2}' | sort -rn -c"

"$px" dups --json "$data/copies.jsonl" >"$tmp/json" 2>"$tmp/err"; rc=$?
check "json exits 0" test $rc -eq 0
check "json: one valid object per pair" python3 -c '
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
assert len(rows) == 6, rows
c = {(r["a"], r["b"]): r for r in rows}
r = c[("wire", "rewrite")]
assert r["kind"] == "contained" and r["containment"] >= 0.9 and r["jaccard"] < 0.4, r
assert r["first"] == "wire" and r["share_a"] == 1.0 and r["spans"], r
assert c[("wire", "wire-copy")]["kind"] == "exact"
assert c[("wire", "wire-edited")]["kind"] == "near-duplicate"
# spans point at the same text in both articles
text = {}
for l in open(sys.argv[2]):
    d = json.loads(l); text[d["id"]] = d["title"] + "\n\n" + d["text"]
for r in rows:
    for s in r["spans"]:
        ta = text[r["a"]].encode()[s["a"][0]:s["a"][1]]
        tb = text[r["b"]].encode()[s["b"][0]:s["b"][1]]
        assert ta.split() and tb.split(), s
        if r["kind"] != "near-duplicate": assert ta == tb, (ta, tb)
' "$tmp/json" "$data/copies.jsonl"

"$px" dups --threshold 0.95 --containment 0.95 "$data/copies.jsonl" >"$tmp/strict" 2>&1
check "strict thresholds drop the edited copy" sh -c "! grep -q wire-edited '$tmp/strict' && grep -q 'wire ~ rewrite' '$tmp/strict'"

"$px" dups --all-pairs "$data/copies.jsonl" >"$tmp/all" 2>&1
check "all pairs finds the same" cmp -s "$tmp/out" "$tmp/all"

"$px" dups --stats - <"$data/copies.jsonl" >"$tmp/stdin" 2>"$tmp/stats"; rc=$?
check "stdin works" cmp -s "$tmp/out" "$tmp/stdin"
check "stats printed" has "$tmp/stats" 'per article'

printf '{"id": "a", "text": "one two"}\n{"id": "b"\n' >"$tmp/bad.jsonl"
"$px" dups "$tmp/bad.jsonl" >"$tmp/badout" 2>"$tmp/baderr"; rc=$?
check "broken record: exit 1, reported" sh -c "test $rc -eq 1 && test -s '$tmp/baderr'"

"$px" dups --threshold x "$data/copies.jsonl" >/dev/null 2>&1; rc=$?
check "bad number: exit 2" test $rc -eq 2
"$px" dups --bands 64 --rows 4 "$data/copies.jsonl" >/dev/null 2>&1; rc=$?
check "bands x rows too large: exit 2" test $rc -eq 2
"$px" dups --help | grep -q 'usage: parallax dups'; check "help" test $? -eq 0

echo "cli_dups: $pass passed, $fail failed"
[ $fail -eq 0 ]
