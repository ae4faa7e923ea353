#!/usr/bin/env bash
# `parallax compare --html FILE`: the coverage report as one self-contained
# HTML page. Three articles, one carrying hostile text (<script>, "onload=,
# quotes and ampersands): everything must come out escaped. Then, when
# chromium is installed, the page is rendered headless: the DOM must have the
# three article columns, the marks and the quotes table, and a screenshot is
# saved under the build dir (coverage-html.png; ctest runs there).
#   tests/cli_coverage_html.sh PATH/TO/parallax TESTS_DATA_DIR
set -u
px=$1; data=$2/coverage
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
pass=0; fail=0
check() { # check NAME COMMAND...
  local name=$1; shift
  if "$@"; then pass=$((pass+1)); else fail=$((fail+1)); echo "FAIL: $name"; fi
}

# a copy of article C with hostile text added as a paragraph
cp "$data/millbrook-c.txt" "$tmp/c.txt"
printf '\nA reader wrote <script>alert(1)</script> and "onload=alert(2) & '"'"'x'"'"' in the comments.\n' >>"$tmp/c.txt"
page=$tmp/page.html
"$px" compare --html "$page" "$data/millbrook-a.txt" "$data/millbrook-b.txt" "$tmp/c.txt" >"$tmp/rep" 2>"$tmp/err"; rc=$?
check "--html: exits 0" test $rc -eq 0
check "--html: the page is written" test -s "$page"
check "--html: the terminal report still printed" grep -q '^facts' "$tmp/rep"
check "no raw <script>alert" bash -c "! grep -qi '<script' '$page'"
check "the escaped form is there" grep -qF '&lt;script&gt;alert(1)&lt;/script&gt;' "$page"
check "quotes and & escaped" grep -qF '&quot;onload=alert(2) &amp; &#39;x&#39;' "$page"
check "no raw onload attribute" bash -c "! grep -q '\"onload=' '$page'"
check "self-contained: no http(s) references" bash -c "! grep -qiE '(src|href)=|https?://|@import|url\\(' '$page'"
check "marks with classes" bash -c "grep -q '<mark class=\"shared\">' '$page' && grep -q '<mark class=\"unique\">' '$page' && grep -q '<mark class=\"quote\">' '$page' && grep -q '<mark class=\"conflict\">' '$page'"
check "three article columns" test "$(grep -o '<article class="col">' "$page" | wc -l)" -eq 3
check "the quote and its speaker" grep -q '<td>Clara Novak</td>' "$page"

# --html - : the page on stdout, no report
"$px" compare --html - "$data/millbrook-a.txt" "$data/millbrook-b.txt" >"$tmp/out.html" 2>/dev/null; rc=$?
check "--html -: exits 0" test $rc -eq 0
check "--html -: the page on stdout" bash -c "head -1 '$tmp/out.html' | grep -q '<!DOCTYPE html>' && ! grep -q '^facts' '$tmp/out.html'"
# unwritable path: exit 1, reported
"$px" compare --html "$tmp/no/such/dir/p.html" "$data/millbrook-a.txt" "$data/millbrook-b.txt" >/dev/null 2>"$tmp/err"; rc=$?
check "--html unwritable: exit 1" test $rc -eq 1
check "--html unwritable: reported" grep -q 'no/such/dir' "$tmp/err"

# ---- rendered by a real browser
chromium=/usr/bin/chromium
if [ -x "$chromium" ]; then
  prof=$(mktemp -d)
  shot=$PWD/coverage-html.png
  cp "$page" "$PWD/coverage-html.html" 2>/dev/null || true
  flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run
         --disable-background-networking --disable-component-update --disable-sync
         --user-data-dir="$prof")
  timeout 120 "$chromium" "${flags[@]}" --dump-dom "file://$page" >"$tmp/dom" 2>"$tmp/chr.err"
  check "chromium: DOM dumped" test -s "$tmp/dom"
  check "DOM: three article columns" test "$(grep -o '<article class="col">' "$tmp/dom" | wc -l)" -eq 3
  for cls in shared unique quote conflict; do
    check "DOM: mark.$cls" grep -q "<mark class=\"$cls\">" "$tmp/dom"
  done
  check "DOM: quotes table rows" test "$(sed -n '/<table class="quotes">/,/<\/table>/p' "$tmp/dom" | grep -o '<tr>' | wc -l)" -ge 3
  check "DOM: no script element" bash -c "! grep -qi '<script' '$tmp/dom'"
  rm -f "$shot"
  timeout 120 "$chromium" "${flags[@]}" --screenshot="$shot" --window-size=1400,1000 "file://$page" >/dev/null 2>>"$tmp/chr.err"
  check "chromium: screenshot saved" test -s "$shot"
  check "screenshot is a PNG" bash -c "head -c 8 '$shot' | od -An -tx1 | grep -q '89 50 4e 47'"
  rm -rf "$prof"
  echo "screenshot: $shot"
else
  echo "chromium not installed: DOM check skipped"
fi

echo "cli_coverage_html: $pass passed, $fail failed"
test $fail -eq 0
