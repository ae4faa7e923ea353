#!/usr/bin/env python3
"""Fit the story clusterer's parameters on the three labelled sets.

  scripts/fit_cluster.py BUILD_DIR SHARED_DIR [--grid NAME=v1,v2,... ...] [--baseline]

Runs `parallax cluster` with every combination of the options given (names
as the command's long options without dashes: threshold, long-threshold,
merge, half-life, title-weight, name-weight, number-weight, bigram-weight,
cross-weight, doc-terms, story-terms, size-prior, nn-weight, nn-window,
absorb, absorb-after, idf-prior, young-size, young-rest, young-after;
other arguments are passed to every run, e.g. --title-weight 0.25) on

  uci_headlines.jsonl   standard pairwise F1 against its story ids
  googlenews_t.jsonl    standard pairwise F1 against its story ids
  semeval2022 train     pair F1 (clusters.py --pairs) over all its articles

and prints the three F1 figures and their minimum per combination, best
minimum last. One set of parameters serves all three sets: the defaults in
lib/cluster.c are the combination with the best minimum (the best mean
among near-ties). --baseline fits the baseline's threshold the same way.
The current defaults came from

  --grid size-prior=0,0.05,0.1,0.15 --grid nn-weight=0,0.3,0.4,0.5
  --grid threshold=0.11,0.12,0.13,0.14

then --size-prior 0.1 --nn-weight 0.4 --threshold 0.13
--grid merge=0.23,0.25,0.27 --grid long-threshold=0.22,0.24,0.26, then

  --grid absorb=0.5,0.6,0.7,0.8 --grid absorb-after=64,128,256,512,1024

on those, then

  --grid idf-prior=0,10,20,30,50,100,200 --grid threshold=0.12,0.13,0.14,0.15
  --grid long-threshold=0.22,0.24,0.26,0.28

and --threshold 0.13 --long-threshold 0.24
--grid idf-prior=10,15,20,25,30,40,50,70,100,150, then (with the names
kept apart and the heat of a story)

  --grid young-size=4,6,8,10,12,16 --grid young-rest=0.02,0.05,0.1,0.2
  --young-after 0

and --grid young-after=0,64,100,112,128,144,160,200,256 (its effect on a
fresh corpus is what sets it: windows of 100 articles, see the top of
lib/cluster.c); to refit, run the same grids (see the top of lib/cluster.c).
Reads ../shared in place; writes only to a temporary directory, removed
at the end.
"""
import itertools, json, os, shutil, subprocess, sys, tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from semeval_articles import semeval_articles, write

def f1(scorer, args):
    out = subprocess.run([sys.executable, scorer] + args, capture_output=True, text=True, check=True).stdout
    return float(out.strip().splitlines()[-1].split()[1])

def main():
    a = sys.argv[1:]
    if len(a) < 2: sys.exit(__doc__)
    build, shared = a[0], a[1]
    grid, extra = {}, []
    i = 2
    while i < len(a):
        if a[i] == '--grid':
            k, v = a[i + 1].split('='); grid[k] = v.split(','); i += 2
        else:
            extra.append(a[i]); i += 1
    exe = os.path.join(build, 'parallax')
    scorer = os.path.join(shared, 'eval', 'clusters.py')
    clu = os.path.join(shared, 'data', 'clustering')
    train = os.path.join(shared, 'data', 'semeval2022', 'train.jsonl')
    tmp = tempfile.mkdtemp(prefix='fit_cluster.')
    sem = os.path.join(tmp, 'semeval_docs.jsonl')
    write(semeval_articles(train), sem)
    sets = [('uci', os.path.join(clu, 'uci_headlines.jsonl'), None),
            ('gn', os.path.join(clu, 'googlenews_t.jsonl'), None),
            ('sem', sem, train)]
    keys = sorted(grid)
    results = []
    for combo in itertools.product(*(grid[k] for k in keys)):
        opts = extra[:]
        for k, v in zip(keys, combo): opts += ['--' + k, v]
        row = []
        for name, docs, pairs in sets:
            pred = os.path.join(tmp, name + '.tsv')
            with open(pred, 'w') as f:
                subprocess.run([exe, 'cluster'] + opts + [docs], stdout=f, check=False)
            row.append(f1(scorer, ['--pairs', pairs, pred] if pairs else [docs, pred]))
        results.append((min(row), row, opts))
        print('uci %.4f gn %.4f sem %.4f min %.4f  %s' % (*row, min(row), ' '.join(opts)), flush=True)
    shutil.rmtree(tmp, ignore_errors=True)
    results.sort(key=lambda r: r[0])
    if results:
        m, row, opts = results[-1]
        print('best: uci %.4f gn %.4f sem %.4f min %.4f  %s' % (*row, m, ' '.join(opts)))

if __name__ == '__main__':
    main()
