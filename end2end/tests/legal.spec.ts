import { test, expect, hydrated, expectAccessible } from "./fixtures";

test("Impressum and Datenschutz are linked from the footer and hydrate", async ({ page }) => {
  const resp = await page.goto("/");
  expect(resp?.headers()["content-security-policy"]).toMatch(/script-src 'self' 'nonce-[\w-]+' 'wasm-unsafe-eval'/);
  await hydrated(page);
  const footer = page.getByRole("contentinfo");
  await footer.getByRole("link", { name: "Impressum" }).click();
  await expect(page).toHaveURL(/\/impressum$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Impressum");
  await expect(page).toHaveTitle("Impressum – Smart City Duisburg");
  await expect(page.getByRole("main").getByRole("note")).toContainText("Demo-Installation");
  await expect(page.getByRole("link", { name: /\.invalid$/ })).toBeVisible();
  await expectAccessible(page);

  await footer.getByRole("link", { name: "Datenschutz" }).click();
  await expect(page).toHaveURL(/\/datenschutz$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Datenschutz");
  for (const heading of ["Sprach-Cookie", "Merkliste", "Server-Protokolle", "Ihre Rechte"]) {
    await expect(page.getByRole("heading", { level: 2, name: heading })).toBeVisible();
  }
  await expect(page.getByText("LDI NRW", { exact: false })).toBeVisible();
  await expectAccessible(page);
});

test("a direct load of the Datenschutz page is server-rendered and hydrates", async ({ page }) => {
  await page.goto("/datenschutz");
  await hydrated(page);
  await expect(page.getByRole("main").getByRole("heading", { level: 1 })).toHaveText("Datenschutz");
  await expect(page.getByRole("contentinfo").getByRole("link", { name: "Impressum" })).toHaveAttribute("href", "/impressum");
});

test.describe("in English", () => {
  test.use({ locale: "en-US" });
  test("the legal pages and footer links are English", async ({ page }) => {
    await page.goto("/impressum");
    await hydrated(page);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Legal notice (Impressum)");
    await expect(page.getByRole("contentinfo").getByRole("link", { name: "Legal notice" })).toBeVisible();
    await page.getByRole("contentinfo").getByRole("link", { name: "Privacy" }).click();
    await expect(page).toHaveURL(/\/datenschutz$/);
    await expect(page.getByRole("heading", { level: 2, name: "Language cookie" })).toBeVisible();
    await expectAccessible(page);
  });
});

test("the browser enforces the CSP: an injected inline script does not run", async ({ page, consoleErrors }) => {
  await page.goto("/impressum");
  await hydrated(page);
  const result = await page.evaluate(
    () =>
      new Promise<{ ran: boolean; directive: string }>((resolve) => {
        document.addEventListener("securitypolicyviolation", (e) =>
          resolve({ ran: (window as any).__injected === true, directive: e.effectiveDirective }),
        );
        const s = document.createElement("script");
        s.textContent = "window.__injected = true";
        document.head.appendChild(s);
      }),
  );
  expect(result).toEqual({ ran: false, directive: "script-src-elem" });
  // The one console error this test provokes on purpose; any other still fails it.
  const provoked = () => consoleErrors.filter((e) => /Content Security Policy/.test(e));
  await expect.poll(() => provoked().length).toBe(1);
  consoleErrors.splice(consoleErrors.indexOf(provoked()[0]), 1);
});
