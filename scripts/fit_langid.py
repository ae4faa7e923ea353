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
    n-gram and each language listing it, bonus = weight - floor >= 0 in
    1/64 nats. px_langid() scores a language as
        bonus sum / 64 + (n-grams seen) * floor
    i.e. a naive-Bayes log-likelihood in which every unlisted n-gram costs
    the floor. Since the floor is the same for every language, it cancels
    out, and the score is just the bonus sum; FLOOR is written anyway so
    that langid.c can measure how unlike every profile a text is.
 4. N-grams are keyed by 32-bit FNV-1a over their code points (the boundary
    is U+005F) and stored in an open-addressed, linearly probed table of
    2^BITS slots, slot = (key * 2654435761) >> (32 - BITS), key 0 = empty
    (a hash of 0 is stored as 1). Slot i's postings are post[off[i] ..
    off[i+1]), each (language << 10) | bonus.

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
PENALTY = 1.0        # nats below the last listed rank for an unlisted n-gram
SCALE = 64           # bonus units per nat
MAX_BONUS = 1023     # 10 bits

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
    floor = curve[NRANK - 1] - PENALTY

    # ngram (tuple of code points) -> {lang index: summed frequency}
    table = {}
    for li, (prof, code, script) in enumerate(LANGUAGES):
        rows = read_profile(os.path.join(args.dir, prof + ".lm"))
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
            if not ok or "_" in chars[1:-1]:
                continue
            key = tuple(ord(c) for c in chars)
            per = table.setdefault(key, {})
            per[li] = per.get(li, 0.0) + math.exp(curve[r])

    # hash and place
    nslots = 1 << BITS
    entries = {}
    for gram, per in table.items():
        h = fnv1a(gram)
        if h in entries:  # a 32-bit collision: merge (vanishingly rare)
            for li, v in per.items():
                entries[h][li] = entries[h].get(li, 0.0) + v
        else:
            entries[h] = dict(per)
    if len(entries) * 10 > nslots * 7:
        sys.exit("fit_langid.py: table too full; raise BITS")
    keys = [0] * nslots
    slot_post = [None] * nslots
    for h in sorted(entries):
        i = slot_of(h, BITS)
        while keys[i]:
            i = (i + 1) & (nslots - 1)
        keys[i] = h
        post = []
        for li in sorted(entries[h]):
            bonus = math.log(entries[h][li]) - floor
            q = max(0, min(MAX_BONUS, int(round(bonus * SCALE))))
            post.append((li << 10) | q)
        slot_post[i] = post
    offs = [0]
    posts = []
    for i in range(nslots):
        if slot_post[i]:
            posts.extend(slot_post[i])
        offs.append(len(posts))
    if len(posts) > 65535:
        sys.exit("fit_langid.py: too many postings for uint16 offsets")

    out = sys.stdout
    w = out.write
    w("/* langid_model.h - GENERATED by scripts/fit_langid.py; do not edit.\n")
    w(" * Refit: python3 scripts/fit_langid.py > lib/langid_model.h\n")
    w(" * Source: libexttextcat-data profiles in %s (%d languages,\n"
      " * rank curve from %d profiles with counts). See the script for the method. */\n"
      % (args.dir, len(LANGUAGES), ncounted))
    w("#define LID_NLANG %d\n" % len(LANGUAGES))
    w("#define LID_BITS %d\n" % BITS)
    w("#define LID_SCALE %d\n" % SCALE)
    w("#define LID_FLOOR (%.6f)\n" % floor)
    w("#define LID_NKEYS %d\n" % len(entries))
    w("#define LID_NPOST %d\n\n" % len(posts))
    w("static const struct lid_lang { const char *code; int script; } lid_langs[LID_NLANG] = {\n")
    for prof, code, script in LANGUAGES:
        w('    {"%s", SC_%s}, /* %s.lm */\n' % (code, script, prof))
    w("};\n\n")

    def dump(name, ctype, vals, per_line, fmt):
        w("static const %s %s[%d] = {\n" % (ctype, name, len(vals)))
        for i in range(0, len(vals), per_line):
            w(",".join(fmt(v) for v in vals[i:i + per_line]) + ",\n")
        w("};\n\n")

    dump("lid_keys", "uint32_t", keys, 12, lambda v: "0x%x" % v if v else "0")
    dump("lid_off", "uint16_t", offs, 20, str)
    dump("lid_post", "uint16_t", posts, 20, str)


if __name__ == "__main__":
    main()
