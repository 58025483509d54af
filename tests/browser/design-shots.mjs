// Writes the committed screenshots of docs/design.md: the top of the first
// page of each kind of a built site (the body's data-page; a progress
// report as "report"), at 390 and 1280 px, as JPEG to keep them small.
//
// Usage: node tests/browser/design-shots.mjs SITE_DIR OUT_DIR
// (build the example site first: cargo run -- build).

import { serve, CHROMIUM_ARGS } from "./serve.mjs";
import { readdir, mkdir, readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(import.meta.url);
const { chromium } = require("playwright-core");
const [site, out] = process.argv.slice(2);
if (!site || !out) {
  console.error("usage: node tests/browser/design-shots.mjs SITE_DIR OUT_DIR");
  process.exit(2);
}

async function htmlFiles(dir) {
  const found = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory() && !entry.name.startsWith("en")) found.push(...(await htmlFiles(p)));
    else if (entry.name.endsWith(".html")) found.push(p);
  }
  return found.sort();
}

const root = path.resolve(site);
const server = await serve(root);
const origin = `http://127.0.0.1:${server.address().port}`;
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || "/usr/bin/chromium", args: CHROMIUM_ARGS });
const page = await browser.newPage();
await mkdir(out, { recursive: true });
const seen = new Set();
for (const file of await htmlFiles(root)) {
  const rel = "/" + path.relative(root, file).split(path.sep).join("/");
  // Redirect pages only forward to the new URL.
  if ((await readFile(file, "utf8")).includes('http-equiv="refresh"')) continue;
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(origin + rel.replace(/index\.html$/, ""), { waitUntil: "load" });
  const report = !!(await page.$("table.report"));
  const kind = report ? "report" : await page.evaluate(() => document.body.dataset.page || "");
  if (!kind || seen.has(kind)) continue;
  seen.add(kind);
  for (const [width, height] of [[390, 844], [1280, 900]]) {
    await page.setViewportSize({ width, height });
    await page.screenshot({ path: path.join(out, `${kind}-${width}.jpg`), type: "jpeg", quality: 70 });
  }
  console.log(`${kind}: ${rel}`);
}
await browser.close();
server.close();
