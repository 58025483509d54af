// koers search: an accessible front end on koers' own search index (see
// docs/open-government.md, "Search", and src/render/search.rs for the
// files). The form works as a normal GET form (?q=...); results are
// announced in a polite live region; filters (theme, status, year) come
// from the index. Only the few index files a query needs are fetched, all
// from this site. Query words are stemmed as the index stems the site's
// words: with the same Snowball stemmer (stem-<lang>.js), or through the
// index's own word list for a language without one here.
const form = document.getElementById("zoeken");
const input = document.getElementById("zoekterm");
const status = document.getElementById("zoekstatus");
const list = document.getElementById("zoekresultaten");
const fieldset = form.querySelector(".search-filters");
const selects = [...form.querySelectorAll("select[data-filter]")];
const text = (key) => form.dataset[key] || "";
const base = form.dataset.index;
const MAX_RESULTS = 25;
// Prefix matching of the last word reads at most this many more shards.
const MAX_PREFIX_SHARDS = 8;

const cache = new Map();
const load = (path) => {
  if (!cache.has(path)) {
    cache.set(path, fetch(base + path).then((r) => (r.ok ? r.json() : null)).catch(() => null));
  }
  return cache.get(path);
};

// The same folding as the index: lower case, no diacritics.
const fold = (s) => s.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
const words = (s) => fold(s).split(/[^\p{L}\p{N}]+/u).filter(Boolean);
// A word's shard key: a-z and 0-9 as they are, `_` for any other character.
const keyOf = (w) => [...w].map((c) => (/[a-z0-9]/.test(c) ? c : "_")).join("");

const meta = await load("index.json");
const shards = new Set(meta ? meta.shards : []);
// The shard of a key: the longest shard name it begins with.
const shardOf = (key) => {
  for (let n = key.length; n > 0; n--) if (shards.has(key.slice(0, n))) return key.slice(0, n);
  return null;
};
const shardFor = async (w) => {
  const name = shardOf(keyOf(w));
  return name === null ? null : load(`terms/${name}.json`);
};

// The Snowball stemmer of the index's language, when this theme has it.
let stemWord = null;
if (meta && meta.stemmer) {
  try {
    ({ stem: stemWord } = await import(new URL(`stem-${meta.stemmer}.js`, import.meta.url)));
  } catch {
    stemWord = null;
  }
}

// A filter without values (a site without themes or reports) is left out,
// and so is the whole fieldset when no filter has any.
let shown = 0;
for (const select of selects) {
  const values = Object.keys((meta && meta.filters[select.dataset.filter]) || {}).sort();
  if (values.length === 0) {
    select.parentElement.remove();
    continue;
  }
  shown += 1;
  for (const value of values) {
    const option = document.createElement("option");
    option.value = value;
    option.textContent = value;
    select.append(option);
  }
}
fieldset.hidden = shown === 0;

// A list of page numbers as the index writes them: each the gap from the
// one before.
const pagesOf = (gaps, step = 1) => {
  const pages = [];
  let page = 0;
  for (let i = 0; i < gaps.length; i += step) {
    page += gaps[i];
    pages.push(page);
  }
  return pages;
};

// Page number -> weight of a stem: postings inline, or in files of their own.
async function postings(stem) {
  const shard = await shardFor(stem);
  const value = shard && shard.s[stem];
  const found = new Map();
  if (!value) return found;
  const parts = Array.isArray(value) ? [value] : await Promise.all(value.f.map((n) => load(`postings/${n}.json`)));
  for (const part of parts) {
    const flat = part || [];
    pagesOf(flat, 2).forEach((page, i) => found.set(page, flat[2 * i + 1]));
  }
  return found;
}

// The stem the index gives a word: from its list of words whose stem is
// not the word itself, or from the stemmer.
async function stemOf(word) {
  const shard = await shardFor(word);
  if (shard && shard.w[word]) return shard.w[word];
  return stemWord ? stemWord(word) : word;
}

// The stems one query word matches: its own; for the last word of the
// query also those of the site's longer words it begins; and, on a site
// whose language this theme has no stemmer for, the longest stem the word
// begins with when the site does not have the word.
async function stemsOf(word, prefix) {
  const stems = new Set([await stemOf(word)]);
  if (prefix) {
    const key = keyOf(word);
    const own = shardOf(key);
    // The shards of longer keys that begin with this one, unless too many.
    let names = [...shards].filter((n) => n.length > key.length && n.startsWith(key));
    if (names.length > MAX_PREFIX_SHARDS) names = [];
    if (own !== null) names.unshift(own);
    for (const name of names) {
      const shard = await load(`terms/${name}.json`);
      if (!shard) continue;
      for (const [w, stem] of Object.entries(shard.w)) if (w.startsWith(word)) stems.add(stem);
      for (const stem of Object.keys(shard.s)) if (stem.startsWith(word)) stems.add(stem);
    }
  }
  if (!stemWord) {
    const shard = await shardFor(word);
    const own = await stemOf(word);
    if (shard && !shard.s[own]) {
      let best = "";
      for (const stem of Object.keys(shard.s)) {
        if (stem.length >= 3 && word.startsWith(stem) && stem.length > best.length) best = stem;
      }
      if (best) stems.add(best);
    }
  }
  return stems;
}

// Page number -> weight for one query word.
async function matches(stems) {
  const found = new Map();
  for (const list of await Promise.all([...stems].map(postings))) {
    for (const [page, weight] of list) found.set(page, Math.max(found.get(page) || 0, weight));
  }
  return found;
}

// The pages a query finds, best first, and per query word what it matched.
async function search(term, filters) {
  let scores = null;
  const query = words(term);
  const matched = [];
  for (const [i, word] of query.entries()) {
    const prefix = i === query.length - 1;
    const stems = await stemsOf(word, prefix);
    matched.push({ word, stems, prefix });
    const found = await matches(stems);
    if (scores === null) {
      scores = found;
    } else {
      for (const page of [...scores.keys()]) {
        if (found.has(page)) scores.set(page, scores.get(page) + found.get(page));
        else scores.delete(page);
      }
    }
  }
  const active = Object.entries(filters);
  for (const [name, value] of active) {
    const entry = ((meta.filters || {})[name] || {})[value];
    const list = entry ? await load(`filters/${entry[1]}.json`) : null;
    const allowed = new Set(pagesOf(list || []));
    if (scores === null) {
      scores = new Map([...allowed].map((p) => [p, 0]));
    } else {
      for (const page of [...scores.keys()]) if (!allowed.has(page)) scores.delete(page);
    }
  }
  const pages = [...(scores || new Map()).entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0]).map(([p]) => p);
  return { pages, matched };
}

// Whether a word of a page's text (as written) is one the query matched.
function isMatch(part, matched) {
  const w = fold(part);
  if (!w || /[^\p{L}\p{N}]/u.test(w)) return -1;
  for (const [i, m] of matched.entries()) {
    if (m.prefix && m.word.length >= 3 && w.startsWith(m.word)) return i;
    if (stemWord) {
      if (m.stems.has(stemWord(w))) return i;
    } else {
      for (const stem of m.stems) if (w === stem || (stem.length >= 3 && w.startsWith(stem))) return i;
    }
  }
  return -1;
}

// The sentence that holds most of the query's words: the first of those,
// but rather one of a few words than a heading of one or two.
function bestSentence(sentences, matched) {
  let best = null;
  let most = 0;
  for (const sentence of sentences) {
    const hit = new Set();
    const parts = sentence.split(/([\p{L}\p{N}]+)/u);
    for (const part of parts) {
      const i = isMatch(part, matched);
      if (i >= 0) hit.add(i);
    }
    const score = hit.size * 2 + (hit.size > 0 && parts.length > 8 ? 1 : 0);
    if (score > most) {
      best = sentence;
      most = score;
      if (most === matched.length * 2 + 1) break;
    }
  }
  return best;
}

// Words shown of a page that no sentence matched (found by its filters or
// its title): its first sentences, up to about this many words.
const START_WORDS = 30;

async function page(n, matched) {
  const rows = await load(`pages/${Math.floor(n / meta.chunk)}.json`);
  const [url, title, file, at, parts] = (rows || [])[n % meta.chunk] || ["", "", 0, 0, 1];
  // Element `at` of its text file; a long text, element 0 of several.
  const names = [];
  for (let k = 0; k < (parts || 1); k++) names.push(`text/${file + k}.json`);
  const groups = await Promise.all(names.map(load));
  const sentences = groups.flatMap((g, k) => ((g || [])[k === 0 ? at : 0] || []));
  const sentence = matched.length > 0 ? bestSentence(sentences, matched) : null;
  let start = "";
  for (const s of sentences) {
    if (start && start.split(" ").length + s.split(" ").length > START_WORDS) break;
    start = start ? `${start} ${s}` : s;
  }
  return { url, title, sentence, start };
}

// A text as a paragraph, with the query's words marked: built from text
// nodes and <mark> elements, never parsed as HTML.
function marked(source, matched, className) {
  const p = document.createElement("p");
  p.className = className;
  for (const part of source.split(/([\p{L}\p{N}]+)/u)) {
    if (part && isMatch(part, matched) >= 0) {
      const mark = document.createElement("mark");
      mark.textContent = part;
      p.append(mark);
    } else if (part) {
      p.append(part);
    }
  }
  return p;
}

function render(term, total, results, matched) {
  list.replaceChildren();
  for (const d of results) {
    const item = document.createElement("li");
    const link = document.createElement("a");
    link.href = d.url;
    link.textContent = d.title || d.url;
    const heading = document.createElement("h2");
    heading.className = "search-result-title";
    heading.append(link);
    item.append(heading, d.sentence ? marked(d.sentence, matched, "search-sentence") : marked(d.start, matched, "search-excerpt"));
    list.append(item);
  }
  const template = total === 0 ? text("resultsNone") : total === 1 ? text("resultsOne") : text("resultsMany");
  status.textContent = template.replace("{n}", String(total)).replace("{term}", term);
}

async function run() {
  const term = input.value.trim();
  const filters = {};
  for (const select of selects) {
    if (select.value) filters[select.dataset.filter] = select.value;
  }
  if (!meta || (!term && Object.keys(filters).length === 0)) {
    list.replaceChildren();
    status.textContent = "";
    return;
  }
  status.textContent = text("searching");
  const { pages, matched } = await search(term, filters);
  const results = await Promise.all(pages.slice(0, MAX_RESULTS).map((n) => page(n, matched)));
  render(term, pages.length, results, matched);
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  const url = new URL(location.href);
  url.searchParams.set("q", input.value.trim());
  history.replaceState(null, "", url);
  run();
});
for (const select of selects) select.addEventListener("change", run);

const initial = new URL(location.href).searchParams.get("q");
if (initial) {
  input.value = initial;
  run();
}
