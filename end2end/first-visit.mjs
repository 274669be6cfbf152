// The bytes a first visit downloads, measured in Chromium rather than
// guessed from the HTML: a fresh profile opens the page, waits until it is
// hydrated and the network is idle, and every response's encoded body size
// is summed. Lazily loaded wasm chunks count as well as those the page
// preloads. Used by scripts/bench.sh: `node first-visit.mjs URL`.
import { chromium } from "@playwright/test";

const url = process.argv[2];
if (!url) {
  console.error("usage: node first-visit.mjs URL");
  process.exit(2);
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
// Chromium offers brotli only over HTTPS; the benchmark serves plain HTTP on
// 127.0.0.1, so ask for it explicitly as a browser on the real site would.
const context = await browser.newContext({ extraHTTPHeaders: { "Accept-Encoding": "br, gzip, deflate" } });
const page = await context.newPage();
const responses = [];
page.on("response", (response) => responses.push(response));
await page.goto(url, { waitUntil: "networkidle" });
await page.waitForSelector("body[data-hydrated]", { timeout: 15_000 });
await page.waitForLoadState("networkidle");

let total = 0;
for (const response of responses) {
  // The live-update stream stays open for as long as the page does.
  if ((await response.headerValue("content-type"))?.startsWith("text/event-stream")) continue;
  const sizes = await response.request().sizes();
  const encoding = (await response.headerValue("content-encoding")) ?? "none";
  const path = new URL(response.url()).pathname;
  total += sizes.responseBodySize;
  console.log(`  ${String(sizes.responseBodySize).padStart(8)} B  ${encoding.padEnd(5)} ${path}`);
}
console.log(`  ${String(total).padStart(8)} B  total = ${(total / 1024).toFixed(1)} KB over ${responses.length} responses (target <= 250 KB)`);
await browser.close();
