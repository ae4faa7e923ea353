#!/usr/bin/env python3
"""fit_langid.py - build lib/langid_model.h, the n-gram table of px_langid().

Refit with:

    python3 scripts/fit_langid.py > lib/langid_model.h
    python3 scripts/fit_langid.py --dir /other/LM > lib/langid_model.h

Data: the ranked character n-gram profiles of libexttextcat (Debian package
libexttextcat-data, /usr/share/libexttextcat/*.lm). Each profile lists the
400 most frequent 1..5-grams of one language (mostly drawn from translations
of the Universal Declaration of Human Rights), best first; words are padded
with '_' on both sides, as in "_the_". About a third of the files also give
the n-gram's count, the others only its rank.

Method
 1. Rank -> frequency. From the profiles that carry counts we take the mean
    curve g(r) = mean over languages of ln(count(r) / count(1)), r = 1..400
    (close to -0.9 ln r). Every profile, with counts or not, is then read
    through this one curve, so that all languages are weighted alike.
 2. Normalise n-grams the way langid.c reads text: each code point is
    lower-cased (one code point to one; U+0130 becomes 'i'), and n-grams
    holding anything but letters, marks and the '_' boundary are dropped
    (textcat keeps punctuation inside words; langid.c splits words there).
    The lone "_" is dropped too. Case variants that fold together add up:
    weight(g) = ln(sum of exp(g(rank)) over the variants).
 3. An n-gram missing from a profile is at most as frequent as its last
    entry; it gets the floor g(400) - PENALTY. The table stores, for each
    n-gram and each language listing it, bonus = ln P - floor >= 0 in
    1/SCALE nats, one byte. px_langid() scores a language as
        sum of bonuses + sum over orders n of (n-grams of order n) * floor_n
    i.e. a naive-Bayes log-likelihood in which every unlisted n-gram costs
    the floor of its order (PENALTY below: a letter missing from a profile
    costs more than a missing 5-gram).
 4. N-grams are keyed by 32-bit FNV-1a over their code points (the boundary
    is U+005F) and stored in an open-addressed, linearly probed table of
    2^BITS slots, slot = (key * 2654435761) >> (32 - BITS), key 0 = empty
    (a hash of 0 is stored as 1). Languages are grouped by script (each
    group contiguous in LANGUAGES); a slot points at a dense row of bonuses,
    one byte per language of its group, padded to a multiple of 8 so that
    langid.c adds a row with a few vector instructions.

Languages: each is (profile file, ISO 639-1 code, script). Several profiles
may share a code (nb and nn are both "no"; sr-Latn and sr-Cyrl are "sr").
Languages whose script is theirs alone (Greek, Thai, Hangul, Georgian, ...)
need no profile: langid.c decides them by script.

Python 3 standard library only.
"""
import argparse
import math
import os
import sys
import unicodedata

BITS = 15            # 32768 slots: load ~0.3, so a miss costs ~1.4 probes
# Nats below the last listed rank for an unlisted n-gram of order 1..5: a
# profile lists nearly every letter of its language, so a letter it misses
# is rare indeed; a 5-gram it misses may still be fairly common.
PENALTY = [4.0, 2.5, 1.5, 1.0, 1.0]
SCALE = 24           # bonus units per nat (a bonus is one byte: <= 10.6 nats)

# (profile, code, script). Order is the language index; at most 64.
LANGUAGES = [
    # Latin script
    ("en", "en", "LATIN"), ("de", "de", "LATIN"), ("fr", "fr", "LATIN"),
    ("es", "es", "LATIN"), ("it", "it", "LATIN"), ("pt", "pt", "LATIN"),
    ("nl", "nl", "LATIN"), ("pl", "pl", "LATIN"), ("tr", "tr", "LATIN"),
    ("sv", "sv", "LATIN"), ("da", "da", "LATIN"), ("nb", "no", "LATIN"),
    ("nn", "no", "LATIN"), ("fi", "fi", "LATIN"), ("cs", "cs", "LATIN"),
    ("sk", "sk", "LATIN"), ("hu", "hu", "LATIN"), ("ro", "ro", "LATIN"),
    ("id", "id", "LATIN"), ("vi", "vi", "LATIN"), ("hr", "hr", "LATIN"),
    ("ca", "ca", "LATIN"), ("sr-Latn", "sr", "LATIN"), ("et", "et", "LATIN"),
    ("lv", "lv", "LATIN"), ("lt", "lt", "LATIN"), ("sl", "sl", "LATIN"),
    ("sq", "sq", "LATIN"), ("is", "is", "LATIN"), ("ga", "ga", "LATIN"),
    ("cy", "cy", "LATIN"), ("eu", "eu", "LATIN"), ("gl", "gl", "LATIN"),
    ("af", "af", "LATIN"), ("sw", "sw", "LATIN"), ("tl", "tl", "LATIN"),
    ("az", "az", "LATIN"), ("mt", "mt", "LATIN"), ("uz", "uz", "LATIN"),
    # Cyrillic
    ("ru", "ru", "CYRILLIC"), ("uk", "uk", "CYRILLIC"), ("bg", "bg", "CYRILLIC"),
    ("sr-Cyrl", "sr", "CYRILLIC"), ("mk", "mk", "CYRILLIC"),
    ("be", "be", "CYRILLIC"), ("kk", "kk", "CYRILLIC"), ("ky", "ky", "CYRILLIC"),
    ("mn", "mn", "CYRILLIC"), ("tg", "tg", "CYRILLIC"), ("tt", "tt", "CYRILLIC"),
    # Arabic script
    ("ar", "ar", "ARABIC"), ("fa", "fa", "ARABIC"), ("ur", "ur", "ARABIC"),
    ("ug", "ug", "ARABIC"),
    # Devanagari
    ("hi", "hi", "DEVANAGARI"), ("mr", "mr", "DEVANAGARI"),
    ("ne", "ne", "DEVANAGARI"), ("sa", "sa", "DEVANAGARI"),
    # Hebrew script
    ("he", "he", "HEBREW"), ("yi", "yi", "HEBREW"),
]

NRANK = 400


def fnv1a(cps):
    """32-bit FNV-1a over a sequence of code points (as langid.c computes it)."""
    h = 2166136261
    for cp in cps:
        h = ((h ^ cp) * 16777619) & 0xFFFFFFFF
    return h or 1


def slot_of(key, bits):
    return ((key * 2654435761) & 0xFFFFFFFF) >> (32 - bits)


def lower_cp(ch):
    """Lower-case one code point to one, like utf8proc_tolower()."""
    if ch == "\u0130":
        return "i"
    lo = ch.lower()
    return lo if len(lo) == 1 else ch


def is_word_char(ch):
    return unicodedata.category(ch)[0] in "LM"


# tr.lm spells three Turkish letters as entities: "&i;" is U+0131 dotless i,
# "&s;" s-cedilla, "&g;" g-breve. Decoded, "&i;n" is the 2-gram "\u0131n";
# fragments such as "&i" or "i;" keep their '&' / ';' and are dropped.
ENTITIES = {"&i;": "\u0131", "&s;": "\u015f", "&g;": "\u011f",
            "&I;": "\u0130", "&S;": "\u015e", "&G;": "\u011e"}


def read_profile(path):
    """Return [(ngram, count or None)] in rank order."""
    rows = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line:
                continue
            parts = line.split("\t")
            gram = parts[0].rstrip(" ")
            for ent, ch in ENTITIES.items():
                gram = gram.replace(ent, ch)
            count = int(parts[1]) if len(parts) > 1 and parts[1].strip() else None
            rows.append((gram, count))
    return rows


def rank_curve(lmdir):
    """Mean ln(count(r)/count(1)) over the profiles that carry counts."""
    sums = [0.0] * NRANK
    n = 0
    for name in sorted(os.listdir(lmdir)):
        if not name.endswith(".lm"):
            continue
        rows = read_profile(os.path.join(lmdir, name))
        if len(rows) < NRANK or any(c is None or c <= 0 for _, c in rows[:NRANK]):
            continue
        c1 = rows[0][1]
        for r in range(NRANK):
            sums[r] += math.log(rows[r][1] / c1)
        n += 1
    if n == 0:  # no counts anywhere: fall back to Zipf
        return [-math.log(r + 1) for r in range(NRANK)], 0
    curve = [s / n for s in sums]
    for r in range(1, NRANK):  # keep it non-increasing
        curve[r] = min(curve[r], curve[r - 1])
    return curve, n


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--dir", default="/usr/share/libexttextcat")
    args = ap.parse_args()

    curve, ncounted = rank_curve(args.dir)

    # per language: ngram (tuple of code points) -> summed frequency
    prof_grams = []
    for li, (prof, code, script) in enumerate(LANGUAGES):
        rows = read_profile(os.path.join(args.dir, prof + ".lm"))
        grams = {}
        for r, (gram, _) in enumerate(rows[:NRANK]):
            if gram == "_":
                continue
            chars = []
            ok = True
            for ch in gram:
                if ch == "_":
                    chars.append("_")
                elif is_word_char(ch):
                    chars.append(lower_cp(ch))
                else:
                    ok = False
                    break
            # '_' may only mark the start or the end of a word
            if not ok or len(chars) > 5 or "_" in chars[1:-1]:
                continue
            key = tuple(ord(c) for c in chars)
            grams[key] = grams.get(key, 0.0) + math.exp(curve[r])
        prof_grams.append(grams)

    # ln P(g) ~ curve(rank); an unlisted n-gram of order n gets the floor
    # curve(400) - PENALTY[n-1], the same for every language
    floors = []      # [lang][order-1], nats
    table = {}       # ngram -> {lang: ln P}
    for li, grams in enumerate(prof_grams):
        floors.append([curve[NRANK - 1] - PENALTY[n] for n in range(5)])
        for g, v in grams.items():
            table.setdefault(g, {})[li] = math.log(v)

    # script groups: the languages of one script are contiguous; a row
    # holds one byte per language of its group, padded to a multiple of 8
    groups = []      # [script, first, n, width]
    for li, (_, _, script) in enumerate(LANGUAGES):
        if groups and groups[-1][0] == script:
            groups[-1][2] += 1
        else:
            if any(g[0] == script for g in groups):
                sys.exit("fit_langid.py: languages of %s must be contiguous" % script)
            groups.append([script, li, 1, 0])
    for g in groups:
        g[3] = (g[2] + 7) // 8 * 8
    group_of = {}
    for gi, g in enumerate(groups):
        for li in range(g[1], g[1] + g[2]):
            group_of[li] = gi

    # hash; an n-gram goes to the group of most of the languages listing it
    # (the others are of another script and could never score it)
    entries = {}     # hash -> (group, {lang: (ln P, order)})
    for gram in sorted(table):
        per = table[gram]
        votes = {}
        for li in per:
            votes[group_of[li]] = votes.get(group_of[li], 0) + 1
        gi = max(sorted(votes), key=lambda k: votes[k])
        per = {li: (x, len(gram)) for li, x in per.items() if group_of[li] == gi}
        h = fnv1a(gram)
        if h in entries:  # a 32-bit collision: keep the first (vanishingly rare)
            continue
        entries[h] = (gi, per)
    nslots = 1 << BITS
    if len(entries) * 10 > nslots * 7:
        sys.exit("fit_langid.py: table too full; raise BITS")

    keys = [0] * nslots
    slot_off = [0] * nslots
    slot_grp = [0] * nslots
    rows = []
    for h in sorted(entries):
        gi, per = entries[h]
        i = slot_of(h, BITS)
        while keys[i]:
            i = (i + 1) & (nslots - 1)
        keys[i] = h
        g = groups[gi]
        row = [0] * g[3]
        for li, (x, n) in per.items():
            bonus = x - floors[li][n - 1]
            row[li - g[1]] = max(0, min(255, int(round(bonus * SCALE))))
        slot_off[i] = len(rows)
        slot_grp[i] = gi
        rows.extend(row)

    out = sys.stdout
    w = out.write
    w("/* langid_model.h - GENERATED by scripts/fit_langid.py; do not edit.\n")
    w(" * Refit: python3 scripts/fit_langid.py > lib/langid_model.h\n")
    w(" * Source: libexttextcat-data profiles in %s (%d languages,\n"
      " * rank curve from %d profiles with counts). See the script for the method. */\n"
      % (args.dir, len(LANGUAGES), ncounted))
    w("#define LID_NLANG %d\n" % len(LANGUAGES))
    w("#define LID_NGROUPS %d\n" % len(groups))
    w("#define LID_BITS %d\n" % BITS)
    w("#define LID_SCALE %d\n" % SCALE)
    w("#define LID_NKEYS %d\n" % len(entries))
    w("#define LID_NROWBYTES %d\n\n" % len(rows))
    w("/* code, script, floor per n-gram order 1..5 (1/LID_SCALE nats) */\n")
    w("static const struct lid_lang { const char *code; int script; int32_t floor[5]; }"
      " lid_langs[LID_NLANG] = {\n")
    for (prof, code, script), fl in zip(LANGUAGES, floors):
        w('    {"%s", SC_%s, {%s}}, /* %s.lm */\n'
          % (code, script, ",".join(str(int(round(x * SCALE))) for x in fl), prof))
    w("};\n\n")
    w("/* script, first language, languages, row width (bytes, multiple of 8) */\n")
    w("static const struct lid_group { int script, first, n, width; } lid_groups[LID_NGROUPS] = {\n")
    for g in groups:
        w("    {SC_%s, %d, %d, %d},\n" % tuple(g))
    w("};\n\n")

    def dump(name, ctype, vals, per_line, fmt):
        w("static const %s %s[%d] = {\n" % (ctype, name, len(vals)))
        for i in range(0, len(vals), per_line):
            w(",".join(fmt(v) for v in vals[i:i + per_line]) + ",\n")
        w("};\n\n")

    # one 8-byte slot per n-gram: the key and where its row is, side by
    # side, so a probe reads one cache line
    if len(rows) >= 1 << 24 or len(groups) > 255:
        sys.exit("fit_langid.py: rows or groups do not fit a slot")
    w("/* open-addressed n-gram table, one slot per n-gram: key (0 = empty) and\n"
      " * row = its row's offset in lid_rows | its group << 24 */\n")
    w("static const struct lid_slot { uint32_t key, row; } lid_slots[%d] __attribute__((aligned(64))) = {\n"
      % nslots)
    cells = ["{0x%x,%d}" % (k, o | g << 24) if k else "{0,0}"
             for k, o, g in zip(keys, slot_off, slot_grp)]
    for i in range(0, nslots, 8):
        w(",".join(cells[i:i + 8]) + ",\n")
    w("};\n\n")
    w("/* rows: bonus (ln P - floor, 1/LID_SCALE nats) per language of the group */\n")
    dump("lid_rows", "uint8_t", rows, 40, str)


if __name__ == "__main__":
    main()
