#!/usr/bin/python3
"""Build lib/places.h, the gazetteer that tells the profile which names are
places (countries, their people's adjectives, large regions, cities).

  /usr/bin/python3 scripts/build_places.py > lib/places.h

Reads Debian's iso-codes (package iso-codes: /usr/share/iso-codes/json,
country names with their translations in /usr/share/locale/*/LC_MESSAGES/
iso_3166-1.mo and iso_3166-2.mo) and tzdata (package tzdata:
/usr/share/zoneinfo/zone1970.tab and zone.tab, the cities that name time
zones). Kinds:
  country    ISO 3166-1 names, common and official names (before a comma:
             "Korea, Republic of" gives Korea), in the languages below, a
             few abbreviations news use (US, USA, UK, UAE), former names still in use (Turkey,
             Burma), continents and oceans
  people     adjectives of the English country names formed by the usual
             suffixes (Korea -> Korean, China -> Chinese, Germany ->
             German, Brazil -> Brazilian, Italy -> Italian, Turkey ->
             Turkish): only forms that are not a country name themselves,
             and a short list of the irregular ones (French, British, Dutch)
  region     ISO 3166-2 subdivisions of the larger kinds (states,
             provinces, regions, prefectures, ...; not districts,
             municipalities, parishes, counties, whose names are often
             people's names), not single generic words (North, Central)
  city       the cities of the time-zone names (Seoul, New York, Berlin)
Each key has the country it is in or of (ISO 3166-1 alpha-2; none for
continents and oceans). Keys are what lib/features.c compares names by: the name's matching form
(Unicode full case folding, per character, as lib/text.c px_fold) with
spaces, hyphens, dots, apostrophes and underscores dropped. Sorted by
bytes (strcmp) and hashed into a table (px_place_slots), one kind each (the first of country, people, region, city
that gives the key). Data: iso-codes (LGPL-2.1+), tzdata (public domain)."""
import gettext, json, sys, unicodedata

ISO = '/usr/share/iso-codes/json'
LOCALE = '/usr/share/locale'
# languages whose names the analyser finds by capitals, and Arabic (its words are
# looked up one by one)
LANGS = ['de', 'es', 'fr', 'it', 'pt', 'nl', 'pl', 'tr', 'ru', 'sv', 'da', 'nb', 'fi', 'hu', 'ro',
         'cs', 'sk', 'hr', 'sl', 'ca', 'id', 'et', 'lv', 'lt', 'uk', 'bg', 'sr', 'el', 'ar']
REGION_TYPES = {'State', 'Province', 'Region', 'Prefecture', 'Governorate', 'Autonomous community',
                'Land', 'Federal district', 'Capital district', 'Capital city', 'Capital territory',
                'Special city', 'Metropolitan city', 'Autonomous region', 'Autonomous province',
                'Emirate', 'Canton', 'Oblast', 'Republic', 'Territory', 'Autonomous republic',
                'Federal territory', 'Special administrative region', 'Metropolitan region',
                'Country', 'Nation', 'Province of China', 'Special municipality', 'Voivodship',
                'Administrative region', 'Autonomous district', 'Krai', 'Autonomous city'}
GENERIC = set('north south east west central eastern western northern southern centre center '
              'capital coast coastal lakes islands upper lower middle interior midlands highlands '
              'lowlands border mountain valley plateau savanes plains delta river lake island '
              'greater metropolitan national federal'.split())
ABBREV = {'US': 'US', 'USA': 'US', 'U.S.': 'US', 'U.S.A.': 'US', 'UK': 'GB', 'U.K.': 'GB',
          'UAE': 'AE'}
# names news still use beside the ISO ones
FORMER = {'Turkey': 'TR', 'Burma': 'MM', 'Ivory Coast': 'CI', 'Czech Republic': 'CZ',
          'Swaziland': 'SZ', 'Macedonia': 'MK', 'Russia': 'RU', 'Britain': 'GB',
          'Great Britain': 'GB', 'Holland': 'NL', 'Persia': 'IR'}
# continents and oceans, with their people's adjectives (English)
WORLD = ['Africa', 'America', 'Americas', 'Antarctica', 'Arctic', 'Asia', 'Europe', 'Oceania',
         'Latin America', 'Middle East', 'Atlantic', 'Pacific', 'Mediterranean', 'Caribbean']
WORLD_PEOPLE = {'African': '', 'American': 'US', 'Asian': '', 'European': '', 'Latin American': '',
                'Middle Eastern': '', 'British': 'GB', 'English': 'GB', 'French': 'FR',
                'Spanish': 'ES', 'Dutch': 'NL', 'Swiss': 'CH', 'Welsh': 'GB', 'Scottish': 'GB',
                'Irish': 'IE', 'Polish': 'PL', 'Danish': 'DK', 'Swedish': 'SE', 'Finnish': 'FI',
                'Greek': 'GR', 'Thai': 'TH', 'Filipino': 'PH', 'Afghan': 'AF', 'Turkish': 'TR',
                'Pakistani': 'PK', 'Iraqi': 'IQ', 'Kuwaiti': 'KW', 'Saudi': 'SA', 'Yemeni': 'YE',
                'Omani': 'OM'}
KINDS = ['country', 'people', 'region', 'city']


def key(s):
    s = unicodedata.normalize('NFC', s)
    out = []
    for c in s:
        if c in '\u2018\u2019\u201a\u201b\u2032\u2035':
            c = "'"
        elif c in '\u2010\u2011\u2012\u2013\u2014\u2015\u2212':
            c = '-'
        out.append(c.casefold())
    return ''.join(c for c in ''.join(out) if c not in " -.'_\u00a0")


def translations(domain, msgids):
    """[(translated name, code)] for [(English name, code)]."""
    out = []
    for lang in LANGS:
        try:
            t = gettext.translation(domain, LOCALE, languages=[lang])
        except OSError:
            continue
        for m, cc in msgids:
            s = t.gettext(m)
            if s != m:
                out.append((s, cc))
    return out


def usable(name):
    # three letters are too often a word ("Man", "Zug", "Van"): only the
    # abbreviations below are that short
    return name and ',' not in name and '(' not in name and len(key(name)) >= 4


def main():
    table = {}   # key -> (kind, ISO 3166-1 alpha-2 code or '')

    def add(name, kind, cc):
        if not usable(name):
            return
        k = key(name)
        if k not in table:
            table[k] = (kind, cc)

    countries = json.load(open(f'{ISO}/iso_3166-1.json'))['3166-1']
    english = list(FORMER.items())   # (name, code)
    msgids = []
    for c in countries:
        for f in ('common_name', 'name', 'official_name'):
            if c.get(f):
                msgids.append((c[f], c['alpha_2']))
                english.append((c[f], c['alpha_2']))
                if ',' in c[f]:   # "Korea, Republic of": Korea
                    english.append((c[f].split(',')[0], c['alpha_2']))
    for n, cc in english:
        add(n, 'country', cc)
    for n, cc in translations('iso_3166-1', msgids):
        add(n, 'country', cc)
    for n, cc in list(ABBREV.items()) + [(w, '') for w in WORLD]:
        table[key(n)] = ('country', cc)
    for n, cc in WORLD_PEOPLE.items():
        table.setdefault(key(n), ('people', cc))

    # adjectives of people: suffixes on the English common names
    for n, cc in english:
        if not usable(n) or ' and ' in n:
            continue
        forms = [n + 'n', n + 'ian', n + 'ese', n + 'i']
        if n.endswith('a'):
            forms += [n[:-1] + 'an', n[:-1] + 'ese', n[:-1] + 'ian']
        if n.endswith('y'):
            forms += [n[:-1], n[:-1] + 'ian', n[:-1] + 'ish']
        if n.endswith('e'):
            forms += [n[:-1] + 'ian', n[:-1] + 'ean']
        if n.endswith('o'):
            forms += [n[:-1] + 'an']
        if n.endswith('land'):
            forms += [n[:-4] + 'ish', n[:-4] + 'ic']
        for f in forms:
            if key(f) not in table and len(key(f)) >= 5:
                table[key(f)] = ('people', cc)

    subs = json.load(open(f'{ISO}/iso_3166-2.json'))['3166-2']
    regions = [(s['name'], s['code'][:2]) for s in subs if s['type'] in REGION_TYPES]
    for n, cc in regions + translations('iso_3166-2', regions):
        if key(n) in GENERIC:
            continue
        add(n, 'region', cc)

    for tab in ('/usr/share/zoneinfo/zone1970.tab', '/usr/share/zoneinfo/zone.tab'):
        for line in open(tab):
            if line.startswith('#'):
                continue
            cols = line.rstrip('\n').split('\t')
            if len(cols) < 3:
                continue
            city = cols[2].split('/')[-1].replace('_', ' ')
            if city.lower() in GENERIC:
                continue
            add(city, 'city', cols[0].split(',')[0])

    keys = sorted(table, key=lambda k: k.encode('utf-8'))
    assert len(keys) < 65535   # entry + 1 fits an unsigned short
    w = sys.stdout.write
    w('/*\n * places.h - GENERATED by scripts/build_places.py; do not edit.\n')
    counts = {k: sum(1 for x in keys if table[x][0] == k) for k in KINDS}
    w(' * %d place keys: %s.\n' % (len(keys), ', '.join(f'{counts[k]} {k}' for k in KINDS)))
    w(' * Data: iso-codes (LGPL-2.1+), tzdata (public domain).\n */\n')
    w('#define PX_PLACES_N %du\n' % len(keys))
    w('static const char *const px_places[PX_PLACES_N] = {\n')
    for k in keys:
        w('    "%s",\n' % k.replace('\\', '\\\\').replace('"', '\\"'))
    w('};\n')
    w('/* kinds: lib/internal.h PX_PLACE_COUNTRY (1), _PEOPLE, _REGION, _CITY */\n')
    w('static const unsigned char px_place_kind[PX_PLACES_N] = {\n')
    kinds = [str(KINDS.index(table[k][0]) + 1) for k in keys]
    for i in range(0, len(kinds), 32):
        w('    ' + ','.join(kinds[i:i + 32]) + ',\n')
    w('};\n')
    # an open-addressing table over the keys: slot = top bits of the
    # FNV-1a 64 hash of the key's bytes, linear probing; entry + 1, 0 empty
    size = 1
    while size < 2 * len(keys):
        size *= 2
    slots = [0] * size
    for i, k in enumerate(keys):
        h = 0xcbf29ce484222325
        for b in k.encode('utf-8'):
            h = ((h ^ b) * 0x100000001b3) & 0xFFFFFFFFFFFFFFFF
        j = (h >> 32) & (size - 1)
        while slots[j]:
            j = (j + 1) & (size - 1)
        slots[j] = i + 1
    w('/* the keys hashed: slot (FNV-1a 64 of the key >> 32) & PX_PLACES_MASK, linear\n'
      ' * probing; entry + 1, 0 empty */\n')
    w('#define PX_PLACES_MASK %du\n' % (size - 1))
    w('static const unsigned short px_place_slots[PX_PLACES_MASK + 1] = {\n')
    for i in range(0, size, 16):
        w('    ' + ','.join(str(x) for x in slots[i:i + 16]) + ',\n')
    w('};\n')
    w('/* the country of each: ISO 3166-1 alpha-2 as (c0 << 8 | c1), 0 none (continents) */\n')
    w('static const unsigned short px_place_cc[PX_PLACES_N] = {\n')
    ccs = [str((ord(table[k][1][0]) << 8 | ord(table[k][1][1])) if table[k][1] else 0) for k in keys]
    for i in range(0, len(ccs), 16):
        w('    ' + ','.join(ccs[i:i + 16]) + ',\n')
    w('};\n')


if __name__ == '__main__':
    main()
