// Stems words with the theme's JavaScript Snowball stemmer of a language,
// as the search page does. Usage: node tests/search/stem.mjs LANG < words
// (one word a line); prints the stems, one a line.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const [lang] = process.argv.slice(2);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const { stem } = await import(path.join(root, `themes/default/static/stem-${lang}.js`));
const words = readFileSync(0, "utf8").split("\n");
if (words.at(-1) === "") words.pop();
process.stdout.write(words.map((w) => stem(w)).join("\n") + "\n");
