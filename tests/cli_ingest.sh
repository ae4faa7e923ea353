#!/usr/bin/env bash
# `parallax ingest`, `stories` and `story` as a user runs them: a small JSONL
# into a temporary database (counts, duplicates, a revision, skipped records
# with reasons), the same input again (all duplicates, same story ids), the
# listings; the same database whatever the number of threads (-j); then a crash test: a few thousand synthetic articles, the ingest
# killed with SIGKILL at random moments, and after every kill the database
# passes `PRAGMA integrity_check` and holds every article the tool logged as
# committed; a last full run stores exactly the distinct articles.
#   tests/cli_ingest.sh PATH/TO/parallax TESTS_DATA_DIR
set -u
px=$1
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
pass=0; fail=0
check() { # check NAME CONDITION...
  local name=$1; shift
  if "$@"; then pass=$((pass+1)); else fail=$((fail+1)); echo "FAIL: $name"; fi
}
q() { sqlite3 "$1" "$2"; }
command -v sqlite3 >/dev/null || { echo "SKIP: sqlite3 CLI not installed (scripts/deps.sh)"; exit 0; }

# ---- a small corpus: two stories, a copy, a revision, a bad line, an empty record
cat >"$tmp/small.jsonl" <<'EOF'
{"id": "s1", "url": "http://a.test/strike", "source": "a.test", "lang": "en", "date": "2024-05-06T07:00:00Z", "title": "Dock workers strike at Rotterdam harbour", "text": "Thousands of dock workers at the port of Rotterdam walked out on Monday in a dispute over pay, the FNV union said. Container ships queued outside the harbour as cranes stood still."}
{"id": "s2", "url": "http://b.test/port", "source": "b.test", "lang": "en", "date": "2024-05-06T09:30:00Z", "title": "Rotterdam port strike leaves container ships waiting", "text": "Container ships waited outside Rotterdam on Monday as dock workers went on strike over pay. The FNV union said the walkout at the port would last at least 24 hours."}
{"id": "q1", "url": "http://a.test/quake", "source": "a.test", "lang": "en", "date": "2024-05-07T03:00:00Z", "title": "Earthquake of magnitude 6.1 shakes southern Peru", "text": "An earthquake of magnitude 6.1 struck southern Peru near Arequipa early on Tuesday, the geophysical institute said. Houses were damaged and two people were hurt."}
{"id": "q2", "url": "http://c.test/peru", "source": "c.test", "lang": "en", "date": "2024-05-07T05:00:00Z", "title": "Arequipa earthquake damages houses in Peru", "text": "A magnitude 6.1 earthquake damaged houses around Arequipa in southern Peru on Tuesday. The geophysical institute said two people were hurt and aftershocks followed."}
{"id": "s1-copy", "url": "http://mirror.test/strike", "source": "mirror.test", "lang": "en", "date": "2024-05-06T07:00:00Z", "title": "Dock workers strike at Rotterdam harbour", "text": "Thousands of dock workers at the port of Rotterdam walked out on Monday in a dispute over pay, the FNV union said. Container ships queued outside the harbour as cranes stood still."}
{"id": "s1", "url": "http://a.test/strike", "source": "a.test", "lang": "en", "date": "2024-05-06T07:00:00Z", "title": "Dock workers strike at Rotterdam harbour", "text": "Thousands of dock workers at the port of Rotterdam walked out on Monday in a dispute over pay, the FNV union said. Container ships queued outside the harbour as cranes stood still. Updated: talks resume on Wednesday."}
{"id": "broken", "title": "no closing brace"
{"id": "empty", "title": "", "text": ""}
EOF
db=$tmp/small.db
"$px" ingest --db "$db" "$tmp/small.jsonl" >"$tmp/out1" 2>"$tmp/err1"; rc=$?
check "ingest with skipped records exits 1" test $rc -eq 1
check "ingest prints nothing on stdout" test ! -s "$tmp/out1"
check "summary: 5 ingested, 1 revision" grep -q "5 ingested (4 new, 1 revisions)" "$tmp/err1"
check "summary: 1 duplicate" grep -q "1 duplicates" "$tmp/err1"
check "summary: 2 skipped with reasons" grep -Eq "2 skipped \(.*format error.*\)" "$tmp/err1"
check "summary: articles/s" grep -q "articles/s" "$tmp/err1"
check "5 rows stored" test "$(q "$db" 'select count(*) from articles')" -eq 5
check "revision points at the first version" \
  test "$(q "$db" "select count(*) from articles a join articles b on a.revision_of = b.id where a.url = 'http://a.test/strike'")" -eq 1
check "revision in its original's story" \
  test "$(q "$db" "select count(distinct story) from articles where url = 'http://a.test/strike'")" -eq 1
check "strike articles one story" test "$(q "$db" "select count(distinct story) from articles where ext_id in ('s1','s2')")" -eq 1
check "quake articles one story" test "$(q "$db" "select count(distinct story) from articles where ext_id in ('q1','q2')")" -eq 1
check "strike and quake apart" test "$(q "$db" "select count(distinct story) from articles")" -eq 2
check "WAL mode" test "$(q "$db" 'PRAGMA journal_mode')" = wal
check "schema version 2" test "$(q "$db" "select value from meta where key = 'schema_version'")" = 2
q "$db" 'select ext_id, story from articles order by id' >"$tmp/stories1"

"$px" ingest --db "$db" "$tmp/small.jsonl" >/dev/null 2>"$tmp/err2"
check "second run: nothing new" grep -q "0 ingested" "$tmp/err2"
check "second run: all duplicates" grep -q "6 duplicates" "$tmp/err2"
check "second run: still 5 rows" test "$(q "$db" 'select count(*) from articles')" -eq 5
q "$db" 'select ext_id, story from articles order by id' >"$tmp/stories2"
check "second run: same story ids" cmp -s "$tmp/stories1" "$tmp/stories2"

"$px" stories --db "$db" >"$tmp/stories" 2>&1; rc=$?
check "stories exits 0" test $rc -eq 0
check "stories: two lines" test "$(wc -l <"$tmp/stories")" -eq 2
check "stories: strike story has 3 articles, 2 outlets" grep -q $'\t3\t.*a.test,b.test\ten\tDock workers strike' "$tmp/stories"
"$px" stories --db "$db" --query "arequipa" --json >"$tmp/sq" 2>&1
check "stories --query finds one" test "$(wc -l <"$tmp/sq")" -eq 1
check "stories --json is JSON" python3 -c 'import json,sys; [json.loads(l) for l in open(sys.argv[1])]' "$tmp/sq"
check "stories --outlet" test "$("$px" stories --db "$db" --outlet c.test | wc -l)" -eq 1
check "stories --since" test "$("$px" stories --db "$db" --since 2024-05-07T04 | wc -l)" -eq 1
check "stories --until" test "$("$px" stories --db "$db" --until 2024-05-06 | wc -l)" -eq 1
check "stories --lang" test "$("$px" stories --db "$db" --lang de | wc -l)" -eq 0
sid=$(q "$db" "select story from articles where ext_id = 'q1'")
"$px" story --db "$db" "$sid" >"$tmp/story" 2>&1; rc=$?
check "story exits 0" test $rc -eq 0
check "story lists its articles" test "$(grep -c 'earthquake\|Earthquake' "$tmp/story")" -ge 2
check "story prints the coverage report of its articles" grep -q "^coverage of 2 articles" "$tmp/story"
check "the report finds the number both carry" grep -q "6.1" "$tmp/story"
"$px" story --db "$db" --json "$sid" >"$tmp/sj" 2>&1
check "story --json has articles and the coverage report" python3 -c '
import json,sys; j=json.load(open(sys.argv[1])); c=j["coverage"]
assert len(j["articles"])==2 and len(c["documents"])==2 and "facts" in c and "quotes" in c' "$tmp/sj"
for i in 1 2 3 4 5; do src=$(echo "a a b a c" | cut -d' ' -f$i)
  echo "{\"id\":\"x$i\",\"source\":\"$src.test\",\"date\":\"2024-05-06T0$i:00:00Z\",\"title\":\"Rotterdam dock strike day $i\",\"text\":\"Dock workers at the port of Rotterdam stayed on strike over pay on Monday, the FNV union said, as container ships queued outside the harbour number $i.\"}"
done >"$tmp/outlets.jsonl"
"$px" ingest --db "$tmp/outlets.db" "$tmp/outlets.jsonl" >/dev/null 2>&1
osid=$(q "$tmp/outlets.db" "select story from articles where ext_id = 'x1'")
picked() { "$px" story --db "$tmp/outlets.db" --json --max "$1" "$osid" |
  python3 -c 'import json,sys; print(" ".join(d["id"] for d in json.load(sys.stdin)["coverage"]["documents"]))'; }
check "story report: the first article of each outlet" test "$(picked 3)" = "x1 x3 x5"
check "story report: then more articles by date" test "$(picked 4)" = "x1 x2 x3 x5"
"$px" story --db "$db" --max 1 "$sid" >/dev/null 2>&1; rc=$?
check "story --max 1: usage error" test $rc -eq 2
"$px" story --db "$db" 999 >/dev/null 2>&1; rc=$?
check "unknown story exits 1" test $rc -eq 1
"$px" story --db "$db" abc >/dev/null 2>&1; rc=$?
check "bad story id is a usage error" test $rc -eq 2
"$px" stories --db "$tmp/missing.db" >/dev/null 2>&1; rc=$?
check "missing database exits 2" test $rc -eq 2
check "missing database not created" test ! -e "$tmp/missing.db"
echo "not a database" >"$tmp/junk.db"
"$px" ingest --db "$tmp/junk.db" "$tmp/small.jsonl" >/dev/null 2>&1; rc=$?
check "a file that is not a database: exit 2" test $rc -eq 2
"$px" ingest --db "$tmp/stdin.db" - <"$tmp/small.jsonl" >/dev/null 2>&1
check "ingest from stdin" test "$(q "$tmp/stdin.db" 'select count(*) from articles')" -eq 5
printf '%s\n' '{"id": "h1", "title": "Storm closes ports along the Baltic coast", "text": ""}' \
  '{"id": "h2", "title": "Baltic ports shut as storm moves east"}' >"$tmp/headlines.jsonl"
"$px" ingest --db "$tmp/feed.db" "$tmp/headlines.jsonl" >/dev/null 2>&1; rc=$?
check "headlines without text: exit 0" test $rc -eq 0
check "headlines without text are kept" \
  test "$(q "$tmp/feed.db" "select count(*) from articles where title like '%Baltic%'")" -eq 2
if command -v flock >/dev/null; then # one ingest per database at a time
  exec 9>"$db.ingest-lock"; flock 9   # this shell holds the lock
  "$px" ingest --db "$db" "$tmp/small.jsonl" 9>&- >/dev/null 2>"$tmp/lock.err"; rc=$?
  check "second writer refused" test $rc -eq 2
  check "second writer says why" grep -q "another ingest" "$tmp/lock.err"
  exec 9>&-
fi
"$px" ingest >/dev/null 2>&1; rc=$?
check "ingest without paths: usage" test $rc -eq 2

# ---- one run or two: the same stories (the clusterer is rebuilt on open)
cl=$2/cluster/stories.jsonl
"$px" ingest --db "$tmp/one.db" --batch 1 --quiet "$cl" 2>/dev/null
head -n 6 "$cl" >"$tmp/part1"; tail -n +7 "$cl" >"$tmp/part2"
"$px" ingest --db "$tmp/two.db" --batch 1 --quiet "$tmp/part1" 2>/dev/null
"$px" ingest --db "$tmp/two.db" --batch 1 --quiet "$tmp/part2" 2>"$tmp/two.err"
check "second part replayed the first" grep -q "6 stored articles replayed" "$tmp/two.err"
q "$tmp/one.db" 'select ext_id, story from articles order by id' >"$tmp/one.st"
q "$tmp/two.db" 'select ext_id, story from articles order by id' >"$tmp/two.st"
check "split run: 11 articles" test "$(wc -l <"$tmp/two.st")" -eq 11
check "one run or two: same story ids" cmp -s "$tmp/one.st" "$tmp/two.st"
check "later strike article joins the stored story" \
  test "$(q "$tmp/two.db" "select count(distinct story) from articles where ext_id like 'strike-_'")" -eq 1
check "every placed article has its clustering features stored" \
  test "$(q "$tmp/one.db" "select count(*) from articles where story is not null and features is null")" -eq 0

# ---- threads: one thread (-j 0), one worker, several: the same database
for j in 0 1 3; do
  "$px" ingest --db "$tmp/j$j.db" -j $j --batch 4 --quiet "$tmp/small.jsonl" "$cl" 2>/dev/null
  q "$tmp/j$j.db" 'select ext_id, hash, story, first_story, revision_of, features from articles order by id' >"$tmp/j$j.st"
done
check "-j 0 and -j 1: same articles, stories and features" cmp -s "$tmp/j0.st" "$tmp/j1.st"
check "-j 0 and -j 3: same articles, stories and features" cmp -s "$tmp/j0.st" "$tmp/j3.st"
"$px" ingest --db "$tmp/j9.db" -j -1 "$tmp/small.jsonl" >/dev/null 2>&1; rc=$?
check "-j -1 is a usage error" test $rc -eq 2

# ---- crash test: SIGKILL at random moments
gen() { # gen FILE N: N distinct synthetic articles, then 150 exact copies of some
python3 - "$1" "$2" <<'EOF'
import json, random, sys
random.seed(7)
topics = {
 "strike": ["Dock workers at the port walked out over pay.", "The union said the strike would go on.",
            "Container ships waited outside the harbour.", "Talks with the employers broke down on Monday.",
            "The port authority warned of delays for exporters.", "Cranes stood still along the quays."],
 "quake": ["An earthquake shook the southern region overnight.", "Houses were damaged and roads cracked.",
           "The geophysical institute measured magnitude 6.1.", "Rescue teams searched collapsed buildings.",
           "Aftershocks kept people outdoors until morning.", "Schools stayed closed for inspections."],
 "election": ["Voters went to the polls in the regional election.", "The governing party lost its majority.",
              "Turnout was higher than four years ago.", "Coalition talks are expected to take weeks.",
              "The opposition leader claimed victory late at night.", "Counting went on into the morning."],
 "storm": ["A storm brought heavy rain and strong winds.", "Rivers burst their banks in several towns.",
           "Trains were cancelled across the north.", "Thousands of homes lost power overnight.",
           "Forecasters warned of more rain on Friday.", "Firefighters pumped water from cellars."],
}
names = ["Anna Berg", "Carlos Ruiz", "Mei Chen", "Omar Haddad", "Lena Vogel", "Tom Price"]
n, out = int(sys.argv[2]), []
for i in range(n):
    t = random.choice(list(topics))
    sents = random.sample(topics[t], 6) + random.sample(topics[t], 6)
    for k in range(3):
        sents.insert(random.randrange(len(sents)), "%s said it was day %d of the events, with %d people affected." %
                     (random.choice(names), random.randrange(1, 30), random.randrange(10, 100000)))
    out.append({"id": "a%d" % i, "url": "http://synth.test/%d" % i, "source": "outlet%d.test" % (i % 7),
                "lang": "en", "date": "2024-05-%02dT%02d:00:00Z" % (1 + i // 120, i % 24),
                "title": "%s: report %d" % (t.capitalize(), i),
                "text": " ".join(sents[:7]) + "\n\n" + " ".join(sents[7:])})
out += random.sample(out, 150)  # exact copies: duplicates
with open(sys.argv[1], "w") as f:
    for o in out:
        f.write(json.dumps(o) + "\n")
EOF
}
# Size the corpus so that one uninterrupted run takes about 2 s here
# (sanitizer builds are ~10x slower than release): time 1,000 articles first.
gen "$tmp/probe.jsonl" 1000
t0=$(date +%s.%N)
"$px" ingest --db "$tmp/probe.db" --batch 100 --quiet "$tmp/probe.jsonl" >/dev/null 2>&1
t1=$(date +%s.%N)
distinct=$(python3 -c "print(int(min(30000, max(2000, 1000 * 2.0 / max($t1 - $t0, 0.01)))))")
run_s=$(python3 -c "print(($t1 - $t0) * $distinct / 1000)")
gen "$tmp/synth.jsonl" "$distinct"
echo "crash test: $distinct synthetic articles, an uninterrupted run ~${run_s}s"
cdb=$tmp/crash.db; log=$tmp/committed.log
committed_ok() { # every article logged as committed is in the database
  python3 - "$cdb" "$log" <<'EOF'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
have = {r[0] for r in db.execute("select ext_id from articles")}
logged = [l.split("\t")[0] for l in open(sys.argv[2]) if l.strip() and not l.startswith("#")]
missing = [i for i in logged if i not in have]
if missing: print("missing committed articles:", len(missing), missing[:5])
sys.exit(1 if missing else 0)
EOF
}
# Odd kills: at a random 0.05-0.5 s (may land in start-up or the replay of
# what is stored). Even kills: once the run has committed a new batch (the
# log grew), after a random further 0-30% of a whole run: inside ingesting.
kills=0
for i in 1 2 3 4 5 6 7 8; do
  sync=full; [ $((i % 4)) -ge 2 ] && sync=normal
  before=$(grep -c '^# committed' "$log" 2>/dev/null); before=${before:-0}
  "$px" ingest --db "$cdb" --batch 100 --sync $sync --log "$log" --quiet "$tmp/synth.jsonl" >/dev/null 2>&1 &
  pid=$!
  if [ $((i % 2)) -eq 1 ]; then
    delay=$(python3 -c "import random; print(round(random.uniform(0.05, 0.5), 3))")
  else
    for _ in $(seq 2000); do
      now=$(grep -c '^# committed' "$log" 2>/dev/null); [ "${now:-0}" -gt "$before" ] && break
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.01
    done
    delay=$(python3 -c "import random; print(round($run_s * random.uniform(0, 0.3), 3))")
  fi
  sleep "$delay"
  kill -9 "$pid" 2>/dev/null && kills=$((kills+1))
  wait "$pid" 2>/dev/null
  if [ -e "$cdb" ]; then
    check "after kill $i (${delay}s, sync $sync): integrity ok" test "$(q "$cdb" 'PRAGMA integrity_check')" = ok
    check "after kill $i: every logged commit stored" committed_ok
  fi
  echo "kill $i (+${delay}s, sync $sync): $(q "$cdb" 'select count(*) from articles' 2>/dev/null) articles stored, $(grep -v '^#' "$log" 2>/dev/null | wc -l) logged committed"
done
check "the tool was killed at least 3 times" test "$kills" -ge 3
check "something was committed before the kills ended" test "$(grep -c '^# committed' "$log" 2>/dev/null || echo 0)" -ge 1
"$px" ingest --db "$cdb" --batch 100 --log "$log" --quiet "$tmp/synth.jsonl" >/dev/null 2>"$tmp/final.err"; rc=$?
check "final run exits 0" test $rc -eq 0
check "final: integrity ok" test "$(q "$cdb" 'PRAGMA integrity_check')" = ok
check "final: every logged commit stored" committed_ok
check "final: one row per distinct article" test "$(q "$cdb" 'select count(*) from articles')" -eq $distinct
check "final: no id stored twice" test "$(q "$cdb" 'select count(distinct ext_id) from articles')" -eq $distinct
check "final: every article has a story" test "$(q "$cdb" 'select count(*) from articles where story is null')" -eq 0
check "final: story sizes add up" test "$(q "$cdb" 'select sum(size) from stories where merged_into is null')" -eq $distinct
q "$cdb" 'select ext_id, story from articles order by id' >"$tmp/crash1"
"$px" ingest --db "$cdb" --quiet "$tmp/synth.jsonl" >/dev/null 2>"$tmp/again.err"
check "rerun after crashes: all duplicates" grep -q "0 ingested (0 new, 0 revisions), $((distinct + 150)) duplicates" "$tmp/again.err"
q "$cdb" 'select ext_id, story from articles order by id' >"$tmp/crash2"
check "rerun after crashes: same story ids" cmp -s "$tmp/crash1" "$tmp/crash2"
grep -o '[0-9]* articles/s' "$tmp/final.err" | sed 's/^/final run: /'

echo "cli_ingest: $pass passed, $fail failed"
[ $fail -eq 0 ]
