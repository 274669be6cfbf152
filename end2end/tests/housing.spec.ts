import { test, expect, hydrated, expectAccessible } from "./fixtures";

test("the exposé of a home for sale estimates the monthly cost as you type", async ({ page }) => {
  // Sorted by price, so the first card has one.
  await page.goto("/angebote?kategorie=wohnen-kaufen&vermarktung=kaufen&sortierung=preis-aufsteigend");
  await page.locator(".offer-card h3 a").first().click();
  await hydrated(page);
  const section = page.locator("section.finance");
  await expect(section.getByRole("heading", { name: "Was kostet das im Monat?" })).toBeVisible();
  const rate = section.locator(".finance-rate strong");
  const before = await rate.innerText();
  const url = page.url();
  await section.getByLabel("Sollzins in % pro Jahr").fill("6,5");
  await expect(rate).not.toHaveText(before);
  expect(page.url(), "no reload, no navigation").toBe(url);
  await section.getByLabel("Anfängliche Tilgung in % pro Jahr").fill("0,1");
  await expect(section.locator(".field-error")).toContainText("zwischen 0,5 und 10 %");
  await expect(section.getByLabel("Anfängliche Tilgung in % pro Jahr")).toHaveAttribute("aria-invalid", "true");
  await expectAccessible(page);
  await expect(section.getByRole("link", { name: /aller Banken/ })).toHaveAttribute("href", "/angebote?kategorie=baufinanzierung");
});
