#!/usr/bin/python3
"""Fit the model of `parallax compare` / `score`: features of a pair (from
`parallax score --features`) -> the seven SemEval-2022 Task 8 scores, and
measure it by grouped k-fold cross-validation.

  /usr/bin/python3 scripts/fit_similarity.py [--tool build-cmp/parallax]
      [--train ../shared/data/semeval2022/train.jsonl] [--out lib/similarity_model.h]
      [--folds 5] [--fold-seed 7] [--cv-only] [--global-df]

Cross-validation: pairs are grouped so that an article in two pairs never
sits on both sides of a split (connected components of articles); for each
fold the document frequencies are counted from the other folds' articles
only (`parallax score --df-out`), the features of every pair are computed
with that table, the model is fitted on the other folds and predicts the
fold. The plain TF-IDF baseline (`parallax score --baseline`) is scored in
the same way beside it. Then the model is fitted on all pairs (built-in
table) and written as C arrays (boosted regression trees per dimension,
sklearn's HistGradientBoostingRegressor).
Needs python3-numpy and python3-sklearn (Debian)."""
import argparse, json, math, os, subprocess, sys, tempfile
from collections import defaultdict
import numpy as np
from sklearn.ensemble import HistGradientBoostingRegressor

DIMS = ['geography', 'entities', 'time', 'narrative', 'style', 'tone', 'overall']  # enum px_dim order
GBT = dict(max_iter=150, learning_rate=0.06, max_leaf_nodes=8, min_samples_leaf=20,
           l2_regularization=1.0, random_state=1)
# More similar text never makes a pair less similar, a larger difference of
# style never more similar: the scores may only fall as the first rise and
# only rise with the second. (The training pairs hold near-identical
# scraped junk judged dissimilar, where every style difference is exactly
# 0; unconstrained trees learn to call identical articles "related".)
MONOTONE_DOWN = ('cos_body', 'cos_words')
MONOTONE_UP = ('st_sentlen', 'st_quotes', 'st_numbers', 'st_names', 'st_paralen', 'st_titlelen',
               'st_longwords', 'st_punct')


def pearson(x, y):
    x, y = np.asarray(x, float), np.asarray(y, float)
    if len(x) < 3 or x.std() == 0 or y.std() == 0:
        return float('nan')
    return float(np.corrcoef(x, y)[0, 1])


def features(tool, pairs_path, df=None):
    cmd = [tool, 'score', '--features', pairs_path] + (['--df', df] if df else [])
    out = subprocess.run(cmd, check=False, capture_output=True, text=True)
    rows = {}
    names = None
    for line in out.stdout.splitlines():
        o = json.loads(line)
        names = list(o['features'].keys())
        rows[o['pair_id']] = [o['features'][k] for k in names]
    return names, rows


def baseline(tool, pairs_path, df=None):
    cmd = [tool, 'score', '--baseline', pairs_path] + (['--df', df] if df else [])
    out = subprocess.run(cmd, check=False, capture_output=True, text=True)
    return {json.loads(l)['pair_id']: json.loads(l)['overall'] for l in out.stdout.splitlines()}


def groups_of(pairs):
    """Connected components of the article graph: pair -> group id."""
    parent = {}

    def find(a):
        while parent.setdefault(a, a) != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a
    for p in pairs:
        a, b = str(p['pair_id']).split('_')[:2] if '_' in str(p['pair_id']) else (p['pair_id'], p['pair_id'])
        parent[find(a)] = find(b)
    return [find(str(p['pair_id']).split('_')[0]) for p in pairs]


def folds_of(groups, k, seed=7):
    """Assign groups to k folds at random, balancing pair counts."""
    rng = np.random.RandomState(seed)
    by = defaultdict(list)
    for i, g in enumerate(groups):
        by[g].append(i)
    keys = list(by)
    rng.shuffle(keys)
    keys.sort(key=lambda g: -len(by[g]))
    sizes = [0] * k
    fold = np.zeros(len(groups), int)
    for g in keys:
        f = int(np.argmin(sizes))
        for i in by[g]:
            fold[i] = f
        sizes[f] += len(by[g])
    return fold


def fit(X, Y, names):
    mono = [-1 if n in MONOTONE_DOWN else 1 if n in MONOTONE_UP else 0 for n in names]
    return [HistGradientBoostingRegressor(monotonic_cst=mono, **GBT).fit(X, Y[:, d])
            for d in range(len(DIMS))]


def predict(models, X):
    return np.clip(np.stack([m.predict(X) for m in models], 1), 1, 4)


def report(title, pairs, P, base=None):
    lp = np.array([p['lang1'] + '-' + p['lang2'] for p in pairs])
    print('== ' + title)
    for d, dim in enumerate(DIMS):
        gold = np.array([p[dim] for p in pairs], float)
        cells = ['all=%.3f' % pearson(P[:, d], gold)]
        cells += ['%s=%.3f' % (l, pearson(P[lp == l, d], gold[lp == l])) for l in sorted(set(lp))]
        print('%-10s %s' % (dim, ' '.join(cells)))
    if base is not None:
        gold = np.array([p['overall'] for p in pairs], float)
        cells = ['all=%.3f' % pearson(base, gold)]
        cells += ['%s=%.3f' % (l, pearson(base[lp == l], gold[lp == l])) for l in sorted(set(lp))]
        print('%-10s %s' % ('baseline', ' '.join(cells)))


def write_jsonl(path, rows):
    with open(path, 'w') as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + '\n')


def cross_validate(args, pairs, Y, global_df):
    groups = groups_of(pairs)
    fold = folds_of(groups, args.folds, args.fold_seed)
    P = np.zeros(Y.shape)
    B = np.zeros(len(pairs))
    ids = [str(p['pair_id']) for p in pairs]
    with tempfile.TemporaryDirectory() as tmp:
        allp = os.path.join(tmp, 'all.jsonl')
        write_jsonl(allp, pairs)
        if global_df:
            names, feats = features(args.tool, allp)
            base = baseline(args.tool, allp)
        for k in range(args.folds):
            tr = np.where(fold != k)[0]
            te = np.where(fold == k)[0]
            if not global_df:
                trp, dfp = os.path.join(tmp, 'train%d.jsonl' % k), os.path.join(tmp, 'df%d.txt' % k)
                write_jsonl(trp, [pairs[i] for i in tr])
                subprocess.run([args.tool, 'score', '--df-out', dfp, trp], check=True,
                               capture_output=True)
                names, feats = features(args.tool, allp, dfp)
                base = baseline(args.tool, allp, dfp)
            X = np.array([feats[i] for i in ids])
            models = fit(X[tr], Y[tr], names)
            P[te] = predict(models, X[te])
            B[te] = [base[ids[i]] for i in te]
    return P, B, fold


def export(models, names, path):
    """Write the trees as the tables of a QuickScorer walk (lib/compare.c):
    each tree's leaves are numbered left to right and a tree's state is a
    bit set of the leaves still possible; an inner node whose test
    x[feature] <= threshold fails rules out the leaves of its left subtree.
    Per feature, the inner nodes sorted by threshold: px_model_thr (the
    threshold), px_model_tree (the tree), px_model_mask (the bits kept when
    the test fails); px_model_feat_start[f] .. [f + 1] is feature f's run.
    The leftmost leaf left is the one a walk from the root reaches."""
    base, ranges, init, leaves = [], [0], [], []
    nodes_of_feat = defaultdict(list)   # feature -> [(threshold, tree, mask)]
    for m in models:
        base.append(float(np.ravel(m._baseline_prediction)[0]))
        for it in m._predictors:
            nodes = it[0].nodes
            t = len(init)
            order = []                  # leaf node indices, left to right

            def walk(i):
                nd = nodes[i]
                if nd['is_leaf']:
                    order.append(i)
                    return [len(order) - 1]
                below = walk(int(nd['left']))
                right = walk(int(nd['right']))
                keep = 0
                for b in below:
                    keep |= 1 << b
                nodes_of_feat[int(nd['feature_idx'])].append((float(nd['num_threshold']), t, keep))
                return below + right

            walk(0)
            n = len(order)
            if n > 32:
                sys.exit('fit_similarity: a tree with %d leaves (at most 32 fit the bit sets)' % n)
            init.append((1 << n) - 1)
            leaves.append([float(nodes[i]['value']) for i in order])  # shrinkage applied
        ranges.append(len(init))
    if len(init) > 65535:
        sys.exit('fit_similarity: more than 65535 trees do not fit px_model_tree')
    maxleaf = max(len(v) for v in leaves)
    bits = 'uint8_t' if maxleaf <= 8 else 'uint16_t' if maxleaf <= 16 else 'uint32_t'
    full = (1 << 32) - 1
    thr, tree, mask, fstart = [], [], [], [0]
    for f in range(len(names)):
        for th, t, keep in sorted(nodes_of_feat[f], key=lambda e: e[0]):
            thr.append(th)
            tree.append(t)
            mask.append((full & ~keep) & init[t])
        fstart.append(len(thr))

    def rows(vals, fmt, per=8):
        return ''.join(','.join(fmt % v for v in vals[i:i + per]) + ',\n' for i in range(0, len(vals), per))

    with open(path, 'w') as f:
        f.write('/*\n * similarity_model.h - GENERATED by scripts/fit_similarity.py; do not edit.\n'
                ' * Gradient-boosted regression trees (%s; monotone\n'
                ' * decreasing in %s, increasing in %s) per dimension, in enum px_dim\n'
                ' * order; features in the order of lib/compare.c PX_FEATURES:\n'
                ' *   %s\n'
                ' * As QuickScorer tables: see export() in the script and model_scores()\n'
                ' * in lib/compare.c.\n */\n' % (', '.join('%s=%s' % kv for kv in GBT.items()),
                                    ', '.join(MONOTONE_DOWN), ', '.join(MONOTONE_UP), ' '.join(names)))
        f.write('#define PX_MODEL_NFEAT %d\n' % len(names))
        f.write('#define PX_MODEL_NTREES %d\n' % len(init))
        f.write('#define PX_MODEL_MAXLEAF %d\n' % maxleaf)
        f.write('typedef %s px_model_bits;\n' % bits)
        f.write('static const double px_model_base[7] = {%s};\n' % ', '.join('%.17g' % b for b in base))
        f.write('/* trees of dimension d: [px_model_tree_range[d], px_model_tree_range[d + 1]) */\n')
        f.write('static const uint32_t px_model_tree_range[8] = {%s};\n' % ', '.join(map(str, ranges)))
        f.write('/* each tree\'s leaves, left to right (value with shrinkage applied) */\n')
        f.write('static const double px_model_leaf[%d][%d] = {\n' % (len(init), maxleaf))
        for v in leaves:
            f.write('{%s},\n' % ','.join('%.17g' % x for x in v))
        f.write('};\n/* each tree\'s bit set of leaves before any test */\n')
        f.write('static const px_model_bits px_model_init[%d] = {\n' % len(init))
        f.write(rows(init, '0x%x', 16))
        f.write('};\n/* feature f\'s inner nodes: [px_model_feat_start[f], px_model_feat_start[f + 1]) */\n')
        f.write('static const uint32_t px_model_feat_start[%d] = {\n' % len(fstart))
        f.write(rows(fstart, '%d', 16))
        f.write('};\n/* inner nodes by feature, then threshold (x <= threshold goes left) */\n')
        f.write('static const double px_model_thr[%d] = {\n' % max(1, len(thr)))
        f.write(rows(thr, '%.17g', 4))
        f.write('};\nstatic const uint16_t px_model_tree[%d] = {\n' % max(1, len(tree)))
        f.write(rows(tree, '%d', 16))
        f.write('};\n/* the leaves still possible when the test fails */\n')
        f.write('static const px_model_bits px_model_mask[%d] = {\n' % max(1, len(mask)))
        f.write(rows(mask, '0x%x', 16))
        f.write('};\n')


def main():
    here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    ap = argparse.ArgumentParser()
    ap.add_argument('--tool', default=os.path.join(here, 'build-cmp', 'parallax'))
    ap.add_argument('--train', default=os.path.join(here, '..', 'shared', 'data', 'semeval2022', 'train.jsonl'))
    ap.add_argument('--out', default=os.path.join(here, 'lib', 'similarity_model.h'))
    ap.add_argument('--folds', type=int, default=5)
    ap.add_argument('--fold-seed', type=int, default=7,
                    help='how pairs are dealt to folds (another seed shows the spread of the CV figures)')
    ap.add_argument('--cv-only', action='store_true')
    ap.add_argument('--no-cv', action='store_true')
    ap.add_argument('--global-df', action='store_true', help='CV with the built-in df (to show the difference)')
    ap.add_argument('--expect', help='write the fitted model\'s predictions on TRAIN here (JSONL)')
    args = ap.parse_args()
    pairs = [json.loads(l) for l in open(args.train) if l.strip()]
    Y = np.array([[p[d] for d in DIMS] for p in pairs], float)
    if not args.no_cv:
        P, B, fold = cross_validate(args, pairs, Y, args.global_df)
        report('%d-fold grouped CV (%s df), model vs baseline (overall)'
               % (args.folds, 'built-in' if args.global_df else 'per-fold'), pairs, P, B)
    if args.cv_only:
        return
    names, feats = features(args.tool, args.train)
    X = np.array([feats[str(p['pair_id'])] for p in pairs])
    models = fit(X, Y, names)
    export(models, names, args.out)
    P = predict(models, X)
    print('in-sample r (overall): %.3f' % pearson(P[:, -1], Y[:, -1]))
    if args.expect:
        write_jsonl(args.expect, [dict(pair_id=str(p['pair_id']), **{d: float(P[i, k]) for k, d in enumerate(DIMS)})
                                  for i, p in enumerate(pairs)])
    print('wrote', args.out, '(rebuild, then `parallax score TRAIN` must reproduce --expect)')


if __name__ == '__main__':
    main()
