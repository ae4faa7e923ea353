#!/usr/bin/env bash
# The `parallax clean` command as a user runs it: plain text with page junk,
# JSONL with a broken line, gzip, stdin, directories, --json fields.
#   tests/cli_clean.sh PATH/TO/parallax TESTS_DATA_DIR
set -u
px=$1; data=$2/cli
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
pass=0; fail=0
check() { # check NAME CONDITION...
  local name=$1; shift
  if "$@"; then pass=$((pass+1)); else fail=$((fail+1)); echo "FAIL: $name"; fi
}
has() { grep -qF -- "$2" "$1"; }
hasnt() { ! grep -qF -- "$2" "$1"; }

# plain text: junk gone, prose kept, date taken as metadata
"$px" clean "$data/scraped.txt" >"$tmp/out" 2>"$tmp/err"; rc=$?
check "clean text exits 0" test $rc -eq 0
check "title found" has "$tmp/out" "title: Bridge over the Varna river reopens after two years of repairs"
check "date as metadata" has "$tmp/out" "date: 2025-09-30"
check "prose kept" has "$tmp/out" "City engineer Paula Novak said the repairs cost"
check "last paragraph kept" has "$tmp/out" "Traffic will be limited to vehicles under 7.5 tonnes"
sed -n '/^-- removed/,$!p' "$tmp/out" >"$tmp/kept"
check "icon run removed from text" hasnt "$tmp/kept" "icon search icon menu"
check "share prompt removed from text" hasnt "$tmp/kept" "Share this article"
check "also-on line removed from text" hasnt "$tmp/kept" "Also on City Daily"
check "removed lines listed" has "$tmp/out" "-- removed"

# --json: one object per article with the documented fields
"$px" clean --json "$data/scraped.txt" >"$tmp/json" 2>/dev/null
check "json parses and has fields" python3 -c '
import json,sys
d=json.loads(open(sys.argv[1]).readline())
for k in ("id","title","date","source","url","lang","byline","paragraphs","removed"): assert k in d, k
assert d["date"]=="2025-09-30", d["date"]
assert d["lang"]=="en", d["lang"]
assert all("reason" in r and r["reason"] for r in d["removed"]), d["removed"]
assert not any("Share this article" in p for p in d["paragraphs"])
' "$tmp/json"

# JSONL with a broken line: reported with file and offset, the rest goes on, exit 1
"$px" clean --json "$data/records.jsonl" >"$tmp/jl" 2>"$tmp/jlerr"; rc=$?
check "broken record gives exit 1" test $rc -eq 1
check "two good records out" test "$(wc -l <"$tmp/jl")" -eq 2
line2=$(head -1 "$data/records.jsonl" | wc -c)
check "error names file and offset" has "$tmp/jlerr" "records.jsonl: offset $line2:"
check "jsonl fields mapped" python3 -c '
import json,sys
rs=[json.loads(l) for l in open(sys.argv[1])]
a,b=rs
assert a["id"]=="a1" and a["source"]=="example.org" and a["url"]=="https://example.org/tram", a
assert a["date"].startswith("2025-10-06"), a["date"]
assert b["id"]=="a3" and b["lang"]=="de", b
assert b["date"]=="2025-10-06", b["date"]
' "$tmp/jl"

# gzip, stdin and directories give the same articles
gzip -c "$data/records.jsonl" >"$tmp/records.jsonl.gz"
"$px" clean --json "$tmp/records.jsonl.gz" 2>/dev/null | python3 -c 'import sys,json; print(",".join(json.loads(l)["id"] for l in sys.stdin))' >"$tmp/gz"
check "gzip read" has "$tmp/gz" "a1,a3"
"$px" clean --json - <"$tmp/records.jsonl.gz" 2>/dev/null | python3 -c 'import sys,json; print(",".join(json.loads(l)["id"] for l in sys.stdin))' >"$tmp/stdin"
check "gzip on stdin read" has "$tmp/stdin" "a1,a3"
mkdir -p "$tmp/dir/sub"; cp "$data/scraped.txt" "$tmp/dir/sub/"; cp "$data/records.jsonl" "$tmp/dir/"
"$px" clean --json "$tmp/dir" >"$tmp/d" 2>/dev/null
check "directory walked" test "$(wc -l <"$tmp/d")" -eq 3

# a missing file is an error, not a crash
"$px" clean /nonexistent/file.txt >/dev/null 2>"$tmp/e"; rc=$?
check "missing file exit 1" test $rc -eq 1
check "missing file named" has "$tmp/e" "/nonexistent/file.txt"
"$px" frobnicate >/dev/null 2>&1; rc=$?
check "unknown command exit 2" test $rc -eq 2

echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
