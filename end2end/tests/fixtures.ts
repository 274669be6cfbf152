import { test as base, expect, Page } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";

/** Every test fails if the page logs a console error or throws. */
export const test = base.extend<{ consoleErrors: string[] }>({
  consoleErrors: [
    async ({ page }, use) => {
      const errors: string[] = [];
      page.on("console", (msg) => {
        if (msg.type() !== "error") return;
        // Chromium logs the status of a page we deliberately load as 404.
        const url = msg.location().url;
        const expectedStatus = /status of 404/.test(msg.text()) && !/\/(pkg|api)\//.test(url);
        if (!expectedStatus) errors.push(`${msg.text()} (${url})`);
      });
      page.on("pageerror", (err) => errors.push(err.message));
      // A failed server function call logs only its status: add what was sent and answered.
      page.on("response", async (r) => {
        if (r.status() >= 400 && r.url().includes("/api/")) {
          const answer = await r.text().catch(() => "?");
          errors.push(`${r.request().method()} ${r.url()} ${r.status()}: sent ${r.request().postData()}, answered ${answer}`);
        }
      });
      await use(errors);
      expect(errors, "console errors").toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };

/** Resolves once the wasm bundle has hydrated the page. */
export async function hydrated(page: Page) {
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true", { timeout: 15_000 });
}

/** axe-core: no WCAG 2.1 A/AA violations, including the rule axe still
 * calls experimental that a visible label be part of the accessible name
 * (WCAG 2.5.3), and no skipped heading level (as Lighthouse checks). */
export async function expectAccessible(page: Page) {
  const results = await new AxeBuilder({ page })
    // `options` replaces what `withTags` set, so it comes first.
    .options({ rules: { "label-content-name-mismatch": { enabled: true }, "heading-order": { enabled: true } } })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
    .analyze();
  const summary = results.violations.map(
    (v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`,
  );
  expect(summary).toEqual([]);
}

/** The number in "312 Angeboten". */
export async function resultCount(page: Page): Promise<number> {
  const text = await page.locator(".result-count").innerText();
  return Number(text.split(/\s/)[0]);
}
