#!/usr/bin/env bash
# Copy detection benchmark: `parallax dups` (MinHash LSH + mod-sampled
# containment index, then exact verification) on the SemEval-2022 Task 8
# train articles, beside the exhaustive baseline (`--all-pairs`: exact
# shingle Jaccard / containment of every pair) on a sample in the same run.
#   scripts/bench_dups.sh BUILD_DIR SHARED_DIR
#
#   sample   the first 1,000 unique articles: recall of the index against
#            all-pairs at the default thresholds (Jaccard >= 0.5 or
#            containment >= 0.8), and both times
#   embed    300 synthetic composites: a short article (30-300 words) put
#            between two unrelated long ones: recall of (short, composite)
#            as contained, with the containment index and with LSH alone
#            (--sample 1000000), the case LSH on Jaccard misses
#   full     all unique train articles: pairs found by kind, articles/s of
#            fingerprint + index, index memory per article
# Reads ../shared in place; writes only to a temporary directory.
set -uo pipefail
build=$1; shared=$2
px=$build/parallax
train=$shared/data/semeval2022/train.jsonl
for f in "$px" "$train"; do
  [ -e "$f" ] || { echo "bench_dups: $f not found" >&2; exit 1; }
done
tmp=${BENCH_TMP:-$(mktemp -d)}; [ -n "${BENCH_TMP:-}" ] || trap 'rm -rf "$tmp"' EXIT

# SemEval pairs -> one DOCS.jsonl of unique articles {id, title, text, lang}, and
# the first 1,000 of them as a sample
python3 "$(dirname "$0")/semeval_articles.py" "$train" "$tmp/docs.jsonl" "$tmp/sample.jsonl" 1000

echo "== bench_dups: SemEval-2022 train, unique articles"
echo "-- sample (1,000 articles): exhaustive all-pairs baseline vs index"
"$px" dups --json --all-pairs --stats "$tmp/sample.jsonl" >"$tmp/all.json" 2>"$tmp/all.err"
grep 'parallax dups:' "$tmp/all.err" | sed 's/^/baseline: /'
"$px" dups --json --stats "$tmp/sample.jsonl" >"$tmp/lsh.json" 2>"$tmp/lsh.err"
grep 'parallax dups:' "$tmp/lsh.err" | sed 's/^/index:    /'
python3 - "$tmp/all.json" "$tmp/lsh.json" <<'PY'
import json, sys
def load(p):
    return {(r['a'], r['b']): r['kind'] for r in map(json.loads, open(p))}
ref, got = load(sys.argv[1]), load(sys.argv[2])
for kind in ('exact', 'near-duplicate', 'contained', None):
    r = {k for k, v in ref.items() if kind is None or v == kind}
    g = {k for k in got if k in r}
    name = kind or 'all'
    print(f"recall {name:15s} {len(g)}/{len(r)} = {len(g)/len(r) if r else 1.0:.3f}")
extra = set(got) - set(ref)
print(f"pairs found by the index but not all-pairs: {len(extra)} (must be 0)")
PY
echo "-- embedded articles (300 short articles inside longer composites)"
python3 - "$tmp/docs.jsonl" "$tmp/embed.jsonl" <<'PY'
import json, random, sys
docs = [json.loads(l) for l in open(sys.argv[1], encoding='utf-8')]
rnd = random.Random(7)
short = [d for d in docs if 30 <= len(d['text'].split()) <= 300 and d['lang'] != 'zh']
long_ = [d for d in docs if len(d['text'].split()) >= 400 and d['lang'] != 'zh']
rnd.shuffle(short)
with open(sys.argv[2], 'w', encoding='utf-8') as f:
    for i, w in enumerate(short[:300]):
        x, y = rnd.sample(long_, 2)
        f.write(json.dumps({'id': 'w%d' % i, 'title': w['title'], 'text': w['text']}, ensure_ascii=False) + '\n')
        f.write(json.dumps({'id': 'c%d' % i, 'title': 'Composite %d' % i,
                            'text': x['text'] + '\n\n' + w['text'] + '\n\n' + y['text']}, ensure_ascii=False) + '\n')
PY
for mode in all-pairs index lsh-only; do
  extra=; [ $mode = lsh-only ] && extra="--sample 1000000"; [ $mode = all-pairs ] && extra=--all-pairs
  "$px" dups --json --stats $extra "$tmp/embed.jsonl" >"$tmp/embed.$mode.json" 2>"$tmp/embed.$mode.err"
  python3 - "$tmp/embed.$mode.json" $mode <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
hit = {r['a'][1:] for r in rows if r['a'][1:] == r['b'][1:] and r['kind'] in ('contained', 'near-duplicate', 'exact')}
jac = [r['jaccard'] for r in rows if r['a'][1:] == r['b'][1:]]
print(f"{sys.argv[2]:9s} embedded recall {len(hit)}/300 = {len(hit)/300:.3f}  (median Jaccard of found pairs {sorted(jac)[len(jac)//2] if jac else 0:.2f})")
PY
  grep -o '[0-9]* candidate pairs' "$tmp/embed.$mode.err" | sed "s/^/$mode  /"
done
echo "-- full train set"
"$px" dups --json --stats "$tmp/docs.jsonl" >"$tmp/full.json" 2>"$tmp/full.err"
grep 'parallax dups:' "$tmp/full.err"
python3 - "$tmp/full.json" <<'PY'
import json, sys, collections
rows = [json.loads(l) for l in open(sys.argv[1])]
c = collections.Counter(r['kind'] for r in rows)
print(f"pairs: {len(rows)}  " + "  ".join(f"{k}: {v}" for k, v in sorted(c.items())))
PY
