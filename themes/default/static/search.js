// koers search: an accessible front end on Pagefind's JavaScript API.
// The form works as a normal GET form (?q=...); results are announced in a
// polite live region; filters (theme, status, year) come from the index.
const form = document.getElementById("zoeken");
const input = document.getElementById("zoekterm");
const status = document.getElementById("zoekstatus");
const list = document.getElementById("zoekresultaten");
const fieldset = form.querySelector(".search-filters");
const selects = [...form.querySelectorAll("select[data-filter]")];
const text = (key) => form.dataset[key] || "";

const pagefind = await import(form.dataset.index + "pagefind.js");
await pagefind.options({ excerptLength: 24 });
await pagefind.init();

const available = await pagefind.filters();
for (const select of selects) {
  const values = Object.keys(available[select.dataset.filter] || {}).sort();
  for (const value of values) {
    const option = document.createElement("option");
    option.value = value;
    option.textContent = value;
    select.append(option);
  }
}
fieldset.hidden = false;

function render(term, results, data) {
  list.replaceChildren();
  for (const d of data) {
    const item = document.createElement("li");
    const link = document.createElement("a");
    link.href = d.url;
    link.textContent = d.meta.title || d.url;
    const heading = document.createElement("h2");
    heading.className = "search-result-title";
    heading.append(link);
    const excerpt = document.createElement("p");
    excerpt.innerHTML = d.excerpt; // Pagefind escapes the text and adds <mark>
    item.append(heading, excerpt);
    list.append(item);
  }
  const n = results.length;
  const template = n === 0 ? text("resultsNone") : n === 1 ? text("resultsOne") : text("resultsMany");
  status.textContent = template.replace("{n}", String(n)).replace("{term}", term);
}

async function run() {
  const term = input.value.trim();
  const filters = {};
  for (const select of selects) {
    if (select.value) filters[select.dataset.filter] = select.value;
  }
  if (!term && Object.keys(filters).length === 0) {
    list.replaceChildren();
    status.textContent = "";
    return;
  }
  status.textContent = text("searching");
  const search = await pagefind.search(term || null, { filters });
  const data = await Promise.all(search.results.slice(0, 25).map((r) => r.data()));
  render(term, search.results, data);
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
