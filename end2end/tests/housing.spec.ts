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

test("a demo rental's exposé shows its costs, building facts and text sections", async ({ page }) => {
  await page.goto("/angebote?kategorie=wohnen-mieten&sortierung=preis-aufsteigend");
  await page.locator(".offer-card h3 a").first().click();
  await hydrated(page);
  const costs = page.locator("section", { has: page.getByRole("heading", { name: "Kosten", exact: true }) });
  for (const label of ["Kaltmiete", "Nebenkosten", "Heizkosten", "Warmmiete", "Kaution", "Provision"]) {
    await expect(costs.locator("dt", { hasText: label })).toBeVisible();
  }
  await expect(costs.locator("dd", { hasText: "provisionsfrei" })).toBeVisible();
  const building = page.locator("section", { has: page.getByRole("heading", { name: "Bausubstanz & Energieausweis" }) });
  for (const label of ["Baujahr", "Objektzustand", "Heizungsart", "Energieausweis", "Energiekennwert", "Bezugsfrei ab"]) {
    await expect(building.locator("dt", { hasText: label })).toBeVisible();
  }
  await expect(building.locator("dd", { hasText: "kWh/(m²·a)" })).toBeVisible();
  for (const heading of ["Objektbeschreibung", "Lage", "Ausstattung", "Sonstiges"]) {
    await expect(page.getByRole("heading", { name: heading, exact: true })).toBeVisible();
  }
  await expect(page.getByText("Demo-Angebot: Alle Angaben sind frei erfunden.")).toBeVisible();
  await expectAccessible(page);
});

test("the demo new-build project lists its units, and each unit links back to it", async ({ page }) => {
  // The fresh demo database has exactly one project, the demo's own.
  await page.goto("/angebote?projekt=1");
  const cards = page.locator(".offer-card");
  expect(await cards.count()).toBeGreaterThanOrEqual(3);
  await expect(cards.first().locator(".project-badge")).toContainText("Quartier Am Lindenpark (Demo)");
  await cards.first().locator("h3 a").click();
  await hydrated(page);
  const note = page.locator(".project-note");
  await expect(note).toContainText("Teil des Neubauprojekts");
  await note.getByRole("link", { name: "Quartier Am Lindenpark (Demo)" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Quartier Am Lindenpark (Demo)" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Einheiten dieses Projekts" })).toBeVisible();
  expect(await page.locator(".project-page .offer-card").count()).toBeGreaterThanOrEqual(3);
  await expect(page.locator(".project-page aside dt", { hasText: "Preise" })).toBeVisible();
  await expect(page.locator(".project-page .page-head"), "in Duisburg-Süd").toContainText("(Süd)");
  await expectAccessible(page);
  await page.getByRole("link", { name: "Alle Einheiten in der Angebotssuche" }).click();
  await expect(page).toHaveURL(/projekt=1/);
});
