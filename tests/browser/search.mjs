// Searches a built site in headless Chromium through its search page and
// reports the results, the live-region text and any request that left the
// site; for each further term, the results with the text shown under each
// (the matched sentence) and its marked words. Usage:
// node tests/browser/search.mjs SITE_DIR TERM [TERM ...]
import { createRequire } from "node:module";
import path from "node:path";
import { serve, CHROMIUM_ARGS } from "./serve.mjs";
const require = createRequire(import.meta.url);
const { chromium } = require("playwright-core");

const [site, term, ...more] = process.argv.slice(2);
const server = await serve(path.resolve(site));
const origin = `http://127.0.0.1:${server.address().port}`;
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || "/usr/bin/chromium", args: CHROMIUM_ARGS });
const page = await browser.newPage();
const external = [];
const errors = [];
page.on("request", (r) => {
  if (!r.url().startsWith(origin)) external.push(r.url());
});
page.on("console", (m) => {
  if (m.type() === "error") errors.push(m.text());
});
page.on("pageerror", (e) => errors.push(String(e)));
await page.goto(origin + "/zoeken/", { waitUntil: "load" });
// The filters appear once the index is loaded.
await page.waitForSelector(".search-filters:not([hidden])", { timeout: 15000 });
const filters = await page.$$eval("select[data-filter]", (ss) => ss.map((s) => ({ filter: s.dataset.filter, options: s.options.length - 1 })));
// Searches for a term; waits until the live region reports on this term.
async function query(term) {
  await page.fill("#zoekterm", term);
  await page.keyboard.press("Enter");
  await page.waitForFunction(
    (t) => {
      const s = document.getElementById("zoekstatus").textContent;
      return s.includes(t) && /\d|Geen|No /.test(s);
    },
    term,
    { timeout: 15000 },
  );
  return page.evaluate(() => ({
    status: document.getElementById("zoekstatus").textContent,
    status_role: document.getElementById("zoekstatus").getAttribute("role"),
    label: document.querySelector("label[for=zoekterm]")?.textContent,
    results: [...document.querySelectorAll("#zoekresultaten li a")].map((a) => a.getAttribute("href")),
    shown: [...document.querySelectorAll("#zoekresultaten li")].map((li) => {
      const p = li.querySelector("p");
      return {
        href: li.querySelector("a").getAttribute("href"),
        text: p ? p.textContent : "",
        kind: p ? p.className : "",
        marks: p ? [...p.querySelectorAll("mark")].map((m) => m.textContent) : [],
        elements: p ? [...p.querySelectorAll("*")].map((e) => e.localName) : [],
      };
    }),
    url: location.href,
  }));
}
const result = await query(term);
const queries = [];
for (const t of more) queries.push({ term: t, ...(await query(t)) });
await browser.close();
server.close();
console.log(JSON.stringify({ ...result, queries, filters, external, errors }));
