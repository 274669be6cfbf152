import { test, expect, hydrated, expectAccessible, resultCount } from "./fixtures";

test("the language switch keeps the page and its search, and hydrates in English", async ({ page }) => {
  await page.goto("/angebote?q=wohnung&bezirk=mitte");
  await hydrated(page);
  const before = await resultCount(page);
  await page.getByRole("link", { name: "Switch the language to English" }).click();
  await expect(page).toHaveURL(/\/angebote\?q=wohnung&bezirk=mitte$/);
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await hydrated(page);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Offers");
  expect(await resultCount(page)).toBe(before);
  await expect(page.locator(".offer-card .price").first()).toContainText("€");
  // Interactive updates render English too (no hydration mismatch, no German).
  await page.locator("#f-q").fill("");
  await page.locator("#f-q").pressSequentially("dach", { delay: 20 });
  await expect(page).toHaveURL(/q=dach/);
  await expect(page.locator(".result-count")).toContainText(/offers?/);
  await expectAccessible(page);
  // The choice is kept: the start page is English now, and switching back works.
  await page.goto("/");
  await expect(page.locator("h1")).toHaveText("Find and compare offers in Duisburg");
  await page.getByRole("link", { name: "Sprache auf Deutsch umstellen" }).click();
  await expect(page.locator("h1")).toContainText("Angebote in Duisburg");
});

test.describe("a first visit with an English browser", () => {
  test.use({ locale: "en-US" });
  test("is answered in English", async ({ page }) => {
    await page.goto("/");
    await hydrated(page);
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
    await expect(page.getByRole("heading", { name: "Categories" })).toBeVisible();
    await expectAccessible(page);
  });
});
