#!/usr/bin/env bash
# `parallax extract` and `parallax clean` on web pages and a Common Crawl
# style WARC.gz (one gzip member per record), with a damaged member.
#   tests/cli_extract.sh PATH/TO/parallax TESTS_DATA_DIR
set -u
px=$1; data=$2
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
pass=0; fail=0
check() { local name=$1; shift; if "$@"; then pass=$((pass+1)); else fail=$((fail+1)); echo "FAIL: $name"; fi; }
has() { grep -qF -- "$2" "$1"; }

page='<!DOCTYPE html><html lang="fr"><head><meta charset="windows-1252">
<title>Grève au port | Le Quotidien</title>
<meta property="og:site_name" content="Le Quotidien">
<meta property="article:published_time" content="2025-03-14T08:00:00+01:00">
</head><body><nav><a href="/">Accueil</a> <a href="/monde">Monde</a> <a href="/sport">Sport</a></nav>
<article><h1>Grève au port de Marseille</h1>
<p>Les dockers du port de Marseille ont cessé le travail vendredi matin après l’échec des négociations salariales avec la direction du port.</p>
<p>« Nous ne laisserons pas des logiciels remplacer nos collègues », a déclaré le secrétaire du syndicat, Marc Olivier, devant les grilles du terminal.</p>
<p>Selon la capitainerie, une trentaine de navires attendaient au large vendredi soir, et les pertes pourraient atteindre plusieurs millions d’euros par jour.</p>
</article><div class="share">Partager sur Facebook Twitter</div>
<footer>© 2025 Le Quotidien. Tous droits réservés.</footer></body></html>'
# the page in windows-1252, as its <meta charset> says
printf '%s' "$page" | iconv -f UTF-8 -t WINDOWS-1252 >"$tmp/page.html"
"$px" extract "$tmp/page.html" >"$tmp/out" 2>"$tmp/err"; rc=$?
check "extract exits 0" test $rc -eq 0
check "title" has "$tmp/out" "title: Grève au port"
check "charset honoured" has "$tmp/out" "Les dockers du port de Marseille ont cessé le travail"
check "date from meta" has "$tmp/out" "date: 2025-03-14T07:00:00Z"
check "site name" has "$tmp/out" "source: Le Quotidien"
check "language" has "$tmp/out" "lang: fr"
check "no navigation" bash -c "! grep -q 'Accueil' '$tmp/out'"
check "no share bar" bash -c "! grep -q 'Partager sur' '$tmp/out'"
gzip -c "$tmp/page.html" >"$tmp/page2.html.gz"
"$px" extract - <"$tmp/page.html" >"$tmp/stdin" 2>/dev/null
check "page on stdin" has "$tmp/stdin" "Marc Olivier"
"$px" extract --json "$tmp/page2.html.gz" >"$tmp/j" 2>/dev/null
check "gzipped page, json" python3 -c '
import json,sys; d=json.loads(open(sys.argv[1]).readline())
assert d["lang"]=="fr" and d["source"]=="Le Quotidien", d
assert any("Marc Olivier" in p for p in d["paragraphs"])' "$tmp/j"

# a WARC.gz: warcinfo, a request, two HTML responses, an image, and a damaged member
python3 - "$tmp/page.html" "$tmp/crawl.warc.gz" <<'PY'
import gzip, sys
page = open(sys.argv[1], 'rb').read()
def rec(kind, uri, payload, ctype=b'application/http; msgtype=response'):
    head = (b'WARC/1.0\r\nWARC-Type: ' + kind + b'\r\nWARC-Target-URI: ' + uri +
            b'\r\nWARC-Date: 2025-03-14T09:00:00Z\r\nWARC-Record-ID: <urn:uuid:' + uri[-8:] +
            b'>\r\nContent-Type: ' + ctype + b'\r\nContent-Length: ' + str(len(payload)).encode() + b'\r\n\r\n')
    return gzip.compress(head + payload + b'\r\n\r\n')
def http(body, ctype=b'text/html; charset=windows-1252'):
    return b'HTTP/1.1 200 OK\r\nContent-Type: ' + ctype + b'\r\nContent-Length: ' + str(len(body)).encode() + b'\r\n\r\n' + body
other = page.replace('Marseille'.encode('cp1252'), b'Toulon')
out = rec(b'warcinfo', b'urn:x-info-0001', b'software: test', b'application/warc-fields')
out += rec(b'request', b'https://ex.fr/a-00000001', b'GET / HTTP/1.1\r\n\r\n', b'application/http; msgtype=request')
out += rec(b'response', b'https://ex.fr/a-00000001', http(page))
bad = bytearray(rec(b'response', b'https://ex.fr/b-00000002', http(page)))
bad[30:60] = b'\x00' * 30      # damage the deflate data
out += bytes(bad)
out += rec(b'response', b'https://ex.fr/i-00000003', http(b'\x89PNG....', b'image/png'))
out += rec(b'response', b'https://ex.fr/c-00000004', http(other))
open(sys.argv[2], 'wb').write(out)
PY
"$px" clean --json "$tmp/crawl.warc.gz" >"$tmp/w" 2>"$tmp/werr"; rc=$?
check "warc: damaged member gives exit 1" test $rc -eq 1
check "warc: two articles" test "$(wc -l <"$tmp/w")" -eq 2
check "warc: damage reported with offset" grep -q "crawl.warc.gz: offset [0-9]*" "$tmp/werr"
check "warc: non-HTML records counted" grep -q "passed over" "$tmp/werr"
check "warc: target URI and article" python3 -c '
import json,sys; rs=[json.loads(l) for l in open(sys.argv[1])]
assert [r["url"] for r in rs]==["https://ex.fr/a-00000001","https://ex.fr/c-00000004"], [r["url"] for r in rs]
assert any("Toulon" in p for p in rs[1]["paragraphs"])' "$tmp/w"

# the same archive into the corpus database: two articles, and again: duplicates
"$px" ingest --db "$tmp/c.db" --quiet "$tmp/crawl.warc.gz" >/dev/null 2>"$tmp/ierr"
"$px" stories --db "$tmp/c.db" --json >"$tmp/st" 2>/dev/null
check "ingest warc: two articles stored" python3 -c '
import json,sys
txt=open(sys.argv[1]).read()
try: rows=json.loads(txt)
except ValueError: rows=[json.loads(l) for l in txt.splitlines() if l.strip()]
if isinstance(rows,dict): rows=rows.get("stories",[rows])
assert sum(r["size"] for r in rows)==2, rows' "$tmp/st"
"$px" ingest --db "$tmp/c.db" --quiet "$tmp/crawl.warc.gz" >/dev/null 2>"$tmp/ierr2"
check "ingest warc again: duplicates" grep -q "2 duplicates" "$tmp/ierr2"

echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
