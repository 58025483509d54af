// Opens one page in headless Chromium and reports whether koers' own inline
// script ran, whether an injected inline script ran, and the CSP violations.
// Usage: node tests/browser/csp.mjs FILE.html
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
const require = createRequire(import.meta.url);
const { chromium } = require("playwright-core");

const file = process.argv[2];
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
});
const page = await browser.newPage();
const console_errors = [];
page.on("console", (m) => {
  if (m.type() === "error") console_errors.push(m.text());
});
await page.goto(pathToFileURL(file).href, { waitUntil: "load" });
const result = await page.evaluate(() => ({
  koers_script_ran: document.documentElement.classList.contains("js"),
  injected_script_ran: document.documentElement.dataset.injected === "yes",
  csp: document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.content || null,
}));
result.console_errors = console_errors;
await browser.close();
console.log(JSON.stringify(result));
