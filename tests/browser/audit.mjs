// Audits built koers sites in a real headless Chromium:
//  - axe-core on every page, WCAG 2.0/2.1/2.2 A and AA rules;
//  - no horizontal scrolling at a 320 px viewport (WCAG 1.4.10);
//  - no request leaves the site (no third-party fonts, scripts, analytics);
//  - the keyboard: the skip link is the first focusable element, focus is visible;
//  - chart text at 320, 577 (the narrowest wide chart) and 1280 px: as
//    large as the body text, inside its drawing, no two texts overlapping;
//  - screenshots of one page of each kind at 390 and 1280 px, as artefacts;
//  - the Nu Html Checker (vnu) on every page.
//
// Usage: node tests/browser/audit.mjs --out REPORT.json --shots DIR SITE_DIR...
// Exits 0 when every check passes, 1 otherwise; never skips a check: a
// missing browser or Java runtime is a failure.

import { serve, CHROMIUM_ARGS } from "./serve.mjs";
import { readFile, readdir, mkdir, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { execFile } from "node:child_process";
import path from "node:path";

const require = createRequire(import.meta.url);
const { chromium } = require("playwright-core");
const axePath = require.resolve("axe-core/axe.min.js");
const vnuJar = require("vnu-jar");

const args = process.argv.slice(2);
let outFile = null;
let shotsDir = null;
const sites = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === "--out") outFile = args[++i];
  else if (args[i] === "--shots") shotsDir = args[++i];
  else sites.push(args[i]);
}

const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];
async function htmlFiles(dir) {
  const out = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await htmlFiles(p)));
    else if (entry.name.endsWith(".html")) out.push(p);
  }
  return out.sort();
}

function vnu(files) {
  return new Promise((resolve) => {
    execFile(
      "java",
      ["-jar", vnuJar, "--format", "json", "--exit-zero-always", ...files],
      { maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) {
          resolve({ failed: `vnu could not run: ${error.message}`, messages: [] });
          return;
        }
        try {
          const parsed = JSON.parse(stderr || stdout);
          resolve({ failed: null, messages: parsed.messages || [] });
        } catch (e) {
          resolve({ failed: `vnu output unreadable: ${e.message}`, messages: [] });
        }
      },
    );
  });
}

const report = { pages: 0, redirects: 0, axe: { version: null, violations: [] }, reflow: [], spacing: [], charts: [], external: [], keyboard: [], vnu: { errors: [] }, screenshots: [], failures: [] };

// The charts' text at this viewport width: at least the body text's size
// (the SVG scales with its column), inside its drawing, and no two texts
// of a drawing overlapping.
async function chartText(page, width) {
  return page.evaluate((width) => {
    const out = [];
    const body = parseFloat(getComputedStyle(document.body).fontSize);
    for (const svg of document.querySelectorAll("svg.chart-image")) {
      const box = svg.getBoundingClientRect();
      if (box.width === 0) continue;
      const scale = box.width / svg.viewBox.baseVal.width;
      const chart = svg.getAttribute("aria-labelledby").split(" ")[0];
      const boxes = [];
      for (const t of svg.querySelectorAll("text")) {
        const px = parseFloat(getComputedStyle(t).fontSize) * scale;
        const r = t.getBoundingClientRect();
        const name = `${chart} "${t.textContent}"`;
        if (px < body - 0.05) out.push(`${name}: ${px.toFixed(1)} px, body text is ${body} px (at ${width} px)`);
        if (r.left < box.left - 1 || r.right > box.right + 1) out.push(`${name}: outside its drawing (at ${width} px)`);
        for (const [other, o] of boxes) {
          const x = Math.min(r.right, o.right) - Math.max(r.left, o.left);
          const y = Math.min(r.bottom, o.bottom) - Math.max(r.top, o.top);
          if (x > 1 && y > 2) out.push(`${name} overlaps "${other}" (at ${width} px)`);
        }
        boxes.push([t.textContent, r]);
      }
    }
    return out;
  }, width);
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: CHROMIUM_ARGS,
});
report.browser = browser.version();
const axeSource = await readFile(axePath, "utf8");

const shotKinds = new Set();
for (const site of sites) {
  const root = path.resolve(site);
  const server = await serve(root);
  const origin = `http://127.0.0.1:${server.address().port}`;
  const files = await htmlFiles(root);
  // axe-core is injected as an inline script, which the pages' CSP (rightly) blocks.
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
  const page = await context.newPage();
  page.on("request", (r) => {
    const u = r.url();
    if (!u.startsWith(origin) && !u.startsWith("data:") && !u.startsWith("about:")) {
      report.external.push({ page: page.url(), request: u });
    }
  });
  for (const file of files) {
    const rel = "/" + path.relative(root, file).split(path.sep).join("/");
    // Redirect pages only forward to the new URL (vnu still checks them).
    if ((await readFile(file, "utf8")).includes('http-equiv="refresh"')) {
      report.redirects++;
      continue;
    }
    const url = origin + rel.replace(/index\.html$/, "");
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(url, { waitUntil: "load" });
    report.pages++;
    await page.addScriptTag({ content: axeSource });
    const result = await page.evaluate(async (tags) => {
      const r = await window.axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] });
      return { version: r.testEngine.version, violations: r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map((n) => ({ target: n.target.join(" "), summary: n.failureSummary })) })) };
    }, TAGS);
    report.axe.version = result.version;
    for (const v of result.violations) report.axe.violations.push({ page: rel, ...v });

    // WCAG 1.4.12: with the text-spacing overrides, nothing is clipped.
    const clipped = await page.evaluate(() => {
      const style = document.createElement("style");
      style.id = "text-spacing-test";
      style.textContent = "* { line-height: 1.5 !important; letter-spacing: 0.12em !important; word-spacing: 0.16em !important; } p { margin-bottom: 2em !important; }";
      document.head.appendChild(style);
      const out = [];
      for (const el of document.querySelectorAll("body *")) {
        const cs = getComputedStyle(el);
        const hides = (v) => v === "hidden" || v === "clip";
        if ((hides(cs.overflowX) && el.scrollWidth > el.clientWidth + 1) || (hides(cs.overflowY) && el.scrollHeight > el.clientHeight + 1)) {
          if (!el.closest(".visually-hidden") && !el.classList.contains("visually-hidden")) out.push(el.tagName + "." + el.className);
        }
      }
      style.remove();
      return out;
    });
    if (clipped.length) report.spacing.push({ page: rel, clipped: clipped.slice(0, 5) });

    const charts = await chartText(page, 1280);
    await page.setViewportSize({ width: 577, height: 800 });
    charts.push(...(await chartText(page, 577)));
    await page.setViewportSize({ width: 320, height: 800 });
    charts.push(...(await chartText(page, 320)));
    if (charts.length) report.charts.push({ page: rel, problems: charts.slice(0, 10) });
    const overflow = await page.evaluate(() => {
      const de = document.documentElement;
      return { scrollWidth: de.scrollWidth, clientWidth: de.clientWidth };
    });
    if (overflow.scrollWidth > overflow.clientWidth) report.reflow.push({ page: rel, ...overflow });
    // At 320 px too, axe finds nothing (a scroll region must be focusable).
    const narrow = await page.evaluate(async (tags) => {
      const r = await window.axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] });
      return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map((n) => ({ target: n.target.join(" "), summary: n.failureSummary })) }));
    }, TAGS);
    for (const v of narrow) report.axe.violations.push({ page: rel, width: 320, ...v });
    // A progress report's table shows each story's name, status (text and
    // shape) and forecast inside the viewport, without scrolling sideways.
    const hidden = await page.evaluate(() => {
      const out = [];
      const inView = (el) => {
        if (!el) return false;
        const r = el.getBoundingClientRect();
        return r.width > 0 && r.height > 0 && r.left >= 0 && r.right <= document.documentElement.clientWidth;
      };
      for (const tr of document.querySelectorAll("table.report tbody tr")) {
        const cells = tr.children;
        const name = tr.querySelector("th a");
        const status = tr.querySelector(".status");
        const shape = tr.querySelector(".status-shape");
        const forecast = cells[cells.length - 1];
        for (const [what, el] of [["name", name], ["status", status], ["shape", shape], ["forecast", forecast]]) {
          if (!inView(el)) out.push(`${tr.id}: ${what}`);
        }
      }
      return out;
    });
    if (hidden.length) report.reflow.push({ page: rel, outsideViewport: hidden.slice(0, 10) });

    // Screenshots of the first page of each kind (the body's data-page) at
    // a phone's and a desktop's width, the top of the page as a reader
    // first sees it; report pages whole.
    const whole = !!(await page.$("table.report"));
    const kind = whole ? "report" : await page.evaluate(() => document.body.dataset.page || "");
    const siteName = path.basename(root);
    if (shotsDir && kind && !shotKinds.has(`${siteName}/${kind}`)) {
      shotKinds.add(`${siteName}/${kind}`);
      await mkdir(shotsDir, { recursive: true });
      for (const [width, height] of [[390, 844], [1280, 900]]) {
        await page.setViewportSize({ width, height });
        const name = `${siteName}-${kind}-${width}.png`;
        await page.screenshot({ path: path.join(shotsDir, name), fullPage: whole });
        report.screenshots.push(name);
      }
    }
  }

  // Keyboard: on a progress report page (or the home page), Tab first
  // reaches the skip link, and focus is visible.
  let reportPage = "/index.html";
  for (const f of files) {
    if ((await readFile(f, "utf8")).includes('<table class="report')) {
      reportPage = "/" + path.relative(root, f).split(path.sep).join("/");
      break;
    }
  }
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(origin + reportPage.replace(/index\.html$/, ""));
  const focused = [];
  for (let i = 0; i < 3; i++) {
    await page.keyboard.press("Tab");
    focused.push(
      await page.evaluate(() => {
        const el = document.activeElement;
        const cs = getComputedStyle(el);
        const visible = (cs.outlineStyle !== "none" && parseFloat(cs.outlineWidth) >= 2) || (cs.boxShadow && cs.boxShadow !== "none");
        const rect = el.getBoundingClientRect();
        return { tag: el.tagName, cls: el.className, text: el.textContent.trim().slice(0, 40), visible, onScreen: rect.top >= 0 && rect.bottom <= innerHeight && rect.width > 0 };
      }),
    );
  }
  report.keyboard.push({ site: path.basename(root), page: reportPage, focused });
  if (!focused[0].cls.includes("skip-link")) report.failures.push(`${path.basename(root)}: the first Tab does not reach the skip link (got ${focused[0].tag}.${focused[0].cls})`);
  for (const f of focused) {
    if (!f.visible || !f.onScreen) report.failures.push(`${path.basename(root)}: focus on ${f.tag} "${f.text}" is not visible`);
  }
  // The skip link moves focus to the main content.
  await page.goto(origin + reportPage.replace(/index\.html$/, ""));
  await page.keyboard.press("Tab");
  await page.keyboard.press("Enter");
  const afterSkip = await page.evaluate(() => document.activeElement.id || document.activeElement.tagName);
  if (afterSkip !== "inhoud") report.failures.push(`${path.basename(root)}: the skip link does not move focus to main (got ${afterSkip})`);

  await context.close();
  server.close();

  const v = await vnu(files);
  if (v.failed) report.failures.push(v.failed);
  for (const m of v.messages) {
    if (m.type === "error" || (m.type === "non-document-error")) {
      report.vnu.errors.push({ file: path.relative(process.cwd(), (m.url || "").replace("file:", "")), line: m.lastLine, message: m.message });
    }
  }
}
await browser.close();

if (report.axe.violations.length) report.failures.push(`axe-core found ${report.axe.violations.length} violation(s)`);
if (report.reflow.length) report.failures.push(`${report.reflow.length} page(s) scroll horizontally at 320 px`);
if (report.charts.length) report.failures.push(`${report.charts.length} page(s) have chart text smaller than the body text, outside its drawing or overlapping`);
if (report.spacing.length) report.failures.push(`${report.spacing.length} page(s) clip text with the WCAG 1.4.12 text-spacing overrides`);
if (report.external.length) report.failures.push(`${report.external.length} request(s) left the site`);
if (report.vnu.errors.length) report.failures.push(`the Nu Html Checker found ${report.vnu.errors.length} error(s)`);
if (report.pages === 0) report.failures.push("no pages were audited");

const json = JSON.stringify(report, null, 2);
if (outFile) await writeFile(outFile, json);
console.log(json);
process.exit(report.failures.length ? 1 : 0);
