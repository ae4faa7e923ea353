// extract.mjs - run Mozilla Readability.js (with jsdom) over an extraction
// test set and time it, the baseline beside bench/bench_extract.c.
//
//   node extract.mjs GOLD.jsonl HTML_DIR PRED.jsonl [REPEAT]
//
// Same input, output and timing conventions as bench_extract: GOLD.jsonl has
// one page a line with "id" (and "url"); the page is HTML_DIR/<id>.html.gz
// (or .html). Each page is read and gunzipped first (not timed), then a JSDOM
// is built from the raw bytes (jsdom sniffs the encoding from the BOM and
// <meta charset>; a page declaring none is UTF-8 when its bytes are valid
// UTF-8, else windows-1252) and `new Readability(doc).parse()` runs;
// that pair is timed, REPEAT times (default 1), and the fastest run counts.
// jsdom does not give all of a closed window's memory back, so the pages
// run in a worker thread that is replaced by a fresh one once its heap
// passes 768 MB; each worker first runs its first 10 pages once, untimed
// (JIT warm-up). A page that kills a worker counts as empty.
// The document URL is the page's "url" when it is an http(s) URL, else
// jsdom's default about:blank. Scripts are not run and no subresource
// (stylesheet, frame, image, script) is loaded: nothing goes to the network.
//
// PRED.jsonl gets {"id", "text", "title", "byline"} a line ("text" is "" when
// Readability found nothing); the text is rebuilt from the article HTML with
// a blank line between blocks. The last two lines printed are the timing:
//   pages N  empty E  unreadable U
//   ms/page median M  p90 P  max X  pages/s R
import { isUtf8 } from "node:buffer";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import zlib from "node:zlib";
import { performance } from "node:perf_hooks";
import { Worker, isMainThread, parentPort, workerData } from "node:worker_threads";
import { JSDOM, VirtualConsole } from "jsdom";
import { Readability } from "@mozilla/readability";

// jsdom's own encoding sniffer (BOM, then the <meta> prescan of the HTML
// standard), used to tell when a page declares no charset at all.
const require = createRequire(import.meta.url);
const sniffEncoding = createRequire(require.resolve("jsdom"))("html-encoding-sniffer");

const WARMUP = 10;
const RECYCLE_MB = 768;

const [goldPath, htmlDir, predPath, repeatArg] = isMainThread
  ? process.argv.slice(2)
  : [null, workerData.htmlDir, null, String(workerData.repeat)];
if (isMainThread && !predPath) {
  console.error("usage: node extract.mjs GOLD.jsonl HTML_DIR PRED.jsonl [REPEAT]");
  process.exit(2);
}
const repeat = Math.max(1, parseInt(repeatArg ?? "1", 10) || 1);

// The page bytes, gunzipped when the file is gzip; null when unreadable.
function readPage(id) {
  for (const name of [`${id}.html.gz`, `${id}.html`]) {
    let buf;
    try {
      buf = fs.readFileSync(path.join(htmlDir, name));
    } catch {
      continue;
    }
    try {
      return buf[0] === 0x1f && buf[1] === 0x8b ? zlib.gunzipSync(buf) : buf;
    } catch {
      return null;
    }
  }
  return null;
}

// The page URL for jsdom, or undefined when the gold one is not http(s).
function pageUrl(url) {
  if (typeof url !== "string") return undefined;
  try {
    const u = new URL(url);
    return u.protocol === "http:" || u.protocol === "https:" ? u.href : undefined;
  } catch {
    return undefined;
  }
}

// Build the document and run Readability on it: the timed work.
// With no BOM and no <meta> charset there is no HTTP header here to go by,
// so a page whose bytes are valid UTF-8 is read as UTF-8 (as a browser's
// detector would) instead of jsdom's windows-1252 default.
function extract(html, url) {
  const declared = sniffEncoding(html, { defaultEncoding: "" });
  const dom = new JSDOM(html, {
    url,
    contentType: !declared && isUtf8(html) ? "text/html; charset=utf-8" : "text/html",
    // A console with no listeners: jsdom's CSS parse errors stay quiet.
    virtualConsole: new VirtualConsole(),
    // runScripts and resources are left unset: no script runs and no
    // subresource is fetched.
  });
  const article = new Readability(dom.window.document).parse();
  return { dom, article };
}

const BLOCK = new Set([
  "address", "article", "aside", "blockquote", "caption", "dd", "details",
  "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form",
  "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav",
  "ol", "p", "pre", "section", "summary", "table", "tbody", "thead", "tfoot",
  "tr", "ul",
]);

// Plain text of Readability's article HTML: a blank line between blocks,
// a newline for <br>, a space between table cells, whitespace collapsed
// outside <pre>.
function articleText(content, window) {
  const doc = window.document;
  const holder = doc.createElement("div");
  holder.innerHTML = content;
  const paras = [];
  let cur = "";
  const flush = () => {
    const t = cur.replace(/[ \t]*\n[ \t]*/g, "\n").replace(/^\s+|\s+$/g, "");
    if (t) paras.push(t);
    cur = "";
  };
  const walk = (node, pre) => {
    for (let c = node.firstChild; c; c = c.nextSibling) {
      if (c.nodeType === 3) {
        cur += pre ? c.data : c.data.replace(/\s+/g, " ");
      } else if (c.nodeType === 1) {
        const tag = c.localName;
        if (tag === "br") {
          cur += "\n";
        } else if (tag === "td" || tag === "th") {
          cur += " ";
          walk(c, pre);
          cur += " ";
        } else if (BLOCK.has(tag)) {
          flush();
          walk(c, pre || tag === "pre");
          flush();
        } else if (tag !== "script" && tag !== "style" && tag !== "template") {
          walk(c, pre);
        }
      }
    }
  };
  walk(holder, false);
  flush();
  return paras.map((p) => p.replace(/ {2,}/g, " ")).join("\n\n");
}

// Worker: pages[start..] one by one, a {i, rec, time} message each (time is
// null for an unreadable page), then {done} when finished or when the heap
// has grown past RECYCLE_MB.
function runWorker({ pages, start }) {
  for (let i = start; i < pages.length && i < start + WARMUP; i++) {
    const html = readPage(pages[i].id);
    if (!html) continue;
    try {
      extract(html, pageUrl(pages[i].url)).dom.window.close();
    } catch {
      // reported when the page is timed
    }
  }
  for (let i = start; i < pages.length; i++) {
    const g = pages[i];
    const rec = { id: g.id, text: "" };
    const html = readPage(g.id);
    if (!html) {
      parentPort.postMessage({ i, rec, time: null });
      continue;
    }
    const url = pageUrl(g.url);
    let best = Infinity;
    for (let r = 0; r < repeat; r++) {
      let res = null;
      let err = null;
      const t0 = performance.now();
      try {
        res = extract(html, url);
      } catch (e) {
        err = e;
      }
      const t = performance.now() - t0;
      if (t < best) best = t;
      if (r === repeat - 1) {
        if (err) console.error(`extract.mjs: ${g.id}: ${err.message ?? err}`);
        const a = res?.article;
        if (a && a.content) {
          rec.text = articleText(a.content, res.dom.window);
          if (!rec.text && a.textContent) rec.text = a.textContent.trim();
          if (a.title) rec.title = a.title;
          if (a.byline) rec.byline = a.byline;
        }
      }
      res?.dom.window.close();
    }
    parentPort.postMessage({ i, rec, time: best });
    if (process.memoryUsage().heapUsed > RECYCLE_MB * 1e6) break;
  }
  parentPort.postMessage({ done: true });
}

// One worker from page start on; resolves to the index of the first page
// it did not finish.
function spawn(pages, start, onPage) {
  return new Promise((resolve) => {
    let next = start;
    let finished = false;
    const w = new Worker(new URL(import.meta.url), {
      workerData: { pages, start, htmlDir, repeat },
      resourceLimits: { maxOldGenerationSizeMb: 4 * RECYCLE_MB },
    });
    w.on("message", (m) => {
      if (m.done) {
        finished = true;
        w.terminate();
        return;
      }
      onPage(m);
      next = m.i + 1;
    });
    w.on("error", (e) => {
      if (next < pages.length) console.error(`extract.mjs: ${pages[next].id}: ${e.message ?? e}`);
    });
    w.on("exit", () => {
      // A worker that died on a page: that page counts as empty.
      if (!finished && next < pages.length) {
        onPage({ i: next, rec: { id: pages[next].id, text: "" }, time: null, crashed: true });
        next++;
      }
      resolve(next);
    });
  });
}

async function main() {
  const pages = [];
  for (const line of fs.readFileSync(goldPath, "utf8").split("\n")) {
    if (!line.trim()) continue;
    try {
      const g = JSON.parse(line);
      if (typeof g.id === "string") pages.push({ id: g.id, url: g.url });
    } catch {
      // not a page
    }
  }
  const out = fs.openSync(predPath, "w");
  const times = [];
  let total = 0;
  let empty = 0;
  let failed = 0;
  const onPage = ({ rec, time, crashed }) => {
    if (time === null && !crashed) {
      console.error(`extract.mjs: cannot read the page of ${rec.id}`);
      failed++;
    } else {
      if (!rec.text) empty++;
      if (time !== null) {
        times.push(time);
        total += time;
      }
    }
    fs.writeSync(out, JSON.stringify(rec) + "\n");
  };
  for (let i = 0; i < pages.length; ) i = await spawn(pages, i, onPage);
  fs.closeSync(out);
  if (times.length === 0) {
    console.error("extract.mjs: no pages");
    process.exit(1);
  }
  times.sort((a, b) => a - b);
  const n = times.length;
  console.log(`pages ${n}  empty ${empty}  unreadable ${failed}`);
  console.log(
    `ms/page median ${times[n >> 1].toFixed(3)}  p90 ${times[Math.floor((n * 9) / 10)].toFixed(3)}` +
      `  max ${times[n - 1].toFixed(3)}  pages/s ${(total > 0 ? (1000 * n) / total : 0).toFixed(1)}`,
  );
}

if (isMainThread) await main();
else runWorker(workerData);
