#!/usr/bin/env bash
# `parallax compare` coverage report as a user runs it: three articles (the
# report without asking), two with --coverage, --json parsed and checked
# for every section and for spans that map back to the files' text, plain
# text when piped (no escape codes), two-article compare unchanged, usage
# errors.
#   tests/cli_coverage.sh PATH/TO/parallax TESTS_DATA_DIR
set -u
px=$1; data=$2/coverage
examples=$(cd "$2/../../examples" && pwd)
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
pass=0; fail=0
check() { # check NAME COMMAND...
  local name=$1; shift
  if "$@"; then pass=$((pass+1)); else fail=$((fail+1)); echo "FAIL: $name"; fi
}
py() { /usr/bin/python3 -c "$@"; }

# ---- three articles: the coverage report, on the terminal
"$px" compare "$data/millbrook-a.txt" "$data/millbrook-b.txt" "$data/millbrook-c.txt" >"$tmp/rep" 2>"$tmp/err"; rc=$?
check "3 articles: exits 0" test $rc -eq 0
check "3 articles: the report's sections" \
  test "$(grep -cE '^(facts|numbers that disagree|quotes|people and organisations|reuse|framing|tone)' "$tmp/rep")" -eq 7
check "3 articles: carried by all" grep -q '^  carried by all:' "$tmp/rep"
check "3 articles: the quote and its speaker" grep -q '^  Clara Novak  \[A B\]' "$tmp/rep"
check "3 articles: the conflict" grep -q '12 people' "$tmp/rep"
check "piped: no escape codes" bash -c "! grep -q $'\033' '$tmp/rep'"

# ---- --json: one object, every section, spans that map back
"$px" compare --json "$data/millbrook-a.txt" "$data/millbrook-b.txt" "$data/millbrook-c.txt" >"$tmp/json" 2>/dev/null; rc=$?
check "--json exits 0" test $rc -eq 0
check "--json: the schema, spans round trip" py 'import json,sys
o=json.load(open(sys.argv[1]))
files=sys.argv[2:]
for k in ("version","documents","facts_summary","facts","conflicts","quotes","people","reuse","framing"):
    assert k in o, k
assert len(o["documents"])==3
# px_doc_text is the file after metadata lines; the spans must give the
# text they report, and that text must be in the file
texts=[open(f,encoding="utf-8").read() for f in files]
def chk(d, s):
    assert s["end"]>=s["start"]
    if s["text"] is not None:
        assert s["end"]-s["start"]==len(s["text"].encode()), s
        assert s["text"] in texts[d], s
for f in o["facts"]:
    assert f["scope"] in ("all","some","one")
    for s in f["sentences"]: chk(s["doc"], s)
for q in o["quotes"]:
    for c in q["copies"]: chk(c["doc"], c)
for c in o["conflicts"]:
    assert len(c["values"])>=2
    for v in c["values"]: chk(v["doc"], v)
assert any(q["speaker"]=="Clara Novak" and q["carried_by"]==[0,1] for q in o["quotes"])
assert any(f["scope"]=="all" for f in o["facts"])
assert any(f["scope"]=="one" for f in o["facts"])
assert o["documents"][1]["wire"][0]["agency"]=="AP"
' "$tmp/json" "$data/millbrook-a.txt" "$data/millbrook-b.txt" "$data/millbrook-c.txt"

# ---- the examples pair with --coverage
"$px" compare --coverage --json "$examples/harbour-strike-courier.txt" "$examples/harbour-strike-gazette.txt" >"$tmp/ex" 2>/dev/null; rc=$?
check "examples --coverage --json exits 0" test $rc -eq 0
check "examples: sections, speakers, a conflict" py 'import json,sys
o=json.load(open(sys.argv[1]))
for k in ("documents","facts","conflicts","quotes","people","reuse","framing"): assert k in o, k
sp={q["speaker"] for q in o["quotes"]}
assert "Tomas Erikson" in sp and "Annika Holm" in sp, sp
assert any(c["about"]=="ships" for c in o["conflicts"]), o["conflicts"]
' "$tmp/ex"
"$px" compare --coverage "$examples/harbour-strike-courier.txt" "$examples/harbour-strike-gazette.txt" >"$tmp/ex.txt" 2>/dev/null
check "examples --coverage: terminal report" grep -q '^headline and lede' "$tmp/ex.txt"

# ---- two articles without --coverage: the compare output as before
"$px" compare "$examples/harbour-strike-courier.txt" "$examples/harbour-strike-gazette.txt" >"$tmp/two" 2>/dev/null
check "two articles: compare as before" grep -q '^verdict: ' "$tmp/two"
check "two articles: no coverage report" bash -c "! grep -q '^coverage of' '$tmp/two'"

# ---- usage errors
"$px" compare --coverage "$data/millbrook-a.txt" >/dev/null 2>&1; rc=$?
check "--coverage with one article: usage error" test $rc -eq 2
"$px" compare "$data/millbrook-a.txt" "$data/millbrook-b.txt" "$tmp/missing.txt" >/dev/null 2>"$tmp/err"; rc=$?
check "missing file: exit 1, reported" test $rc -eq 1
check "missing file: named" grep -q 'missing.txt' "$tmp/err"

echo "cli_coverage: $pass passed, $fail failed"
test $fail -eq 0
