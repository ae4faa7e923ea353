#!/usr/bin/env python3
"""The unique articles of SemEval-2022 Task 8 pairs as DOCS.jsonl.

  scripts/semeval_articles.py PAIRS.jsonl OUT.jsonl [SAMPLE.jsonl N]

Each pair_id is "ID1_ID2"; every article is written once, the first time it
is seen, as {id, title, text, lang}. With SAMPLE and N, the first N articles
are also written to SAMPLE. Used by the clustering and copy benchmarks and
by scripts/fit_cluster.py (import semeval_articles)."""
import json, sys

def semeval_articles(pairs):
    """The unique articles of the pairs file, in order of first appearance."""
    seen = {}
    for line in open(pairs, encoding='utf-8'):
        if not line.strip(): continue
        d = json.loads(line)
        a, b = str(d['pair_id']).split('_')
        for aid, k in ((a, '1'), (b, '2')):
            if aid not in seen:
                seen[aid] = {'id': aid, 'title': d.get('title' + k) or '',
                             'text': d.get('text' + k) or '', 'lang': d.get('lang' + k)}
    return list(seen.values())

def write(arts, out):
    with open(out, 'w', encoding='utf-8') as f:
        for v in arts: f.write(json.dumps(v, ensure_ascii=False) + '\n')

if __name__ == '__main__':
    if len(sys.argv) not in (3, 5): sys.exit(__doc__)
    arts = semeval_articles(sys.argv[1])
    write(arts, sys.argv[2])
    if len(sys.argv) == 5: write(arts[:int(sys.argv[4])], sys.argv[3])
