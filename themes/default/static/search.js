// koers search: an accessible front end on koers' own search index (see
// docs/open-government.md, "Search"). The form works as a normal GET form
// (?q=...); results are announced in a polite live region; filters (theme,
// status, year) come from the index. Only the few index files a query
// needs are fetched, all from this site.
const form = document.getElementById("zoeken");
const input = document.getElementById("zoekterm");
const status = document.getElementById("zoekstatus");
const list = document.getElementById("zoekresultaten");
const fieldset = form.querySelector(".search-filters");
const selects = [...form.querySelectorAll("select[data-filter]")];
const text = (key) => form.dataset[key] || "";
const base = form.dataset.index;
const MAX_RESULTS = 25;

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
const shardOf = (w) => [...w].slice(0, 2).map((c) => (/[a-z0-9]/.test(c) ? c : "_")).join("");

const meta = await load("index.json");
const shards = new Set(meta ? meta.shards : []);
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

// Page number -> weight for one query word; `prefix` also matches longer words.
async function matches(word, prefix) {
  const name = shardOf(word);
  const found = new Map();
  if (!shards.has(name)) return found;
  const shard = await load(`terms/${name}.json`);
  if (!shard) return found;
  const stems = new Set();
  if (shard.w[word]) stems.add(shard.w[word]);
  if (prefix) {
    for (const [w, stem] of Object.entries(shard.w)) if (w.startsWith(word)) stems.add(stem);
  }
  if (stems.size === 0) {
    // A form the site does not use: the longest stem it starts with.
    let best = "";
    for (const stem of Object.keys(shard.s)) {
      if (stem.length >= 3 && word.startsWith(stem) && stem.length > best.length) best = stem;
    }
    if (best) stems.add(best);
  }
  for (const stem of stems) {
    const postings = shard.s[stem] || [];
    for (let i = 0; i < postings.length; i += 2) {
      const page = postings[i];
      found.set(page, Math.max(found.get(page) || 0, postings[i + 1]));
    }
  }
  return found;
}

async function search(term, filters) {
  let scores = null;
  const query = words(term);
  for (const [i, word] of query.entries()) {
    const found = await matches(word, i === query.length - 1);
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
  if (active.length > 0) {
    const sets = await load("filters.json");
    for (const [name, value] of active) {
      const allowed = new Set(((sets || {})[name] || {})[value] || []);
      if (scores === null) {
        scores = new Map([...allowed].map((p) => [p, 0]));
      } else {
        for (const page of [...scores.keys()]) if (!allowed.has(page)) scores.delete(page);
      }
    }
  }
  return [...(scores || new Map()).entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0]).map(([p]) => p);
}

async function page(n) {
  const rows = await load(`pages/${Math.floor(n / meta.chunk)}.json`);
  const [url, title, excerpt] = (rows || [])[n % meta.chunk] || ["", "", ""];
  return { url, title, excerpt };
}

// The excerpt as text, with the query's words marked.
function excerptNode(excerpt, query) {
  const p = document.createElement("p");
  for (const part of excerpt.split(/([\p{L}\p{N}]+)/u)) {
    const w = fold(part);
    if (part && query.some((q) => w.startsWith(q))) {
      const mark = document.createElement("mark");
      mark.textContent = part;
      p.append(mark);
    } else {
      p.append(part);
    }
  }
  return p;
}

function render(term, total, results) {
  list.replaceChildren();
  const query = words(term);
  for (const d of results) {
    const item = document.createElement("li");
    const link = document.createElement("a");
    link.href = d.url;
    link.textContent = d.title || d.url;
    const heading = document.createElement("h2");
    heading.className = "search-result-title";
    heading.append(link);
    item.append(heading, excerptNode(d.excerpt, query));
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
  const found = await search(term, filters);
  const results = await Promise.all(found.slice(0, MAX_RESULTS).map(page));
  render(term, found.length, results);
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
