import { test, expect, hydrated, expectAccessible } from "./fixtures";
import { signUpAndIn } from "./mail";
import { createProvider } from "./provider-setup";
import * as path from "path";

const fixture = (name: string) => path.join(__dirname, "../../tests/data/openimmo", name);

test("an estate agent uploads an OpenImmo ZIP with photos in the dashboard and a resident sees the listings appear live", async ({ page, browser }) => {
  const stamp = Date.now();
  await signUpAndIn(page, "Iris Immobilien", `iris.${stamp}@example.org`);
  const dashboard = await createProvider(page, { name: `Beispiel Immobilien ${stamp}`, category: "Mieten" });

  // A resident watches a search for the agency in another browser.
  const resident = await (await browser.newContext()).newPage();
  await resident.goto(`/angebote?q=${stamp}`);
  await hydrated(resident);
  await expect(resident.locator(".empty")).toBeVisible();

  await page.getByRole("link", { name: "OpenImmo-Import" }).click();
  await expect(page).toHaveURL(`${dashboard}/openimmo`);
  await hydrated(page);
  await expectAccessible(page);

  // A broken file changes nothing and says where it breaks.
  const file = page.getByLabel("OpenImmo-Datei (XML oder ZIP mit Bildern)");
  await file.setInputFiles(fixture("broken-mismatched-tag.xml"));
  await page.getByRole("button", { name: "Importieren" }).click();
  await expect(page.getByRole("alert").first()).toContainText("es wurde nichts geändert");
  await expect(page.getByRole("alert").first()).toContainText("line");

  await hydrated(page);
  // The export of the agent's software: the XML and its photos in one ZIP.
  const zip = path.join(__dirname, "../fixtures/openimmo-with-photo.zip");
  await page.getByLabel("OpenImmo-Datei (XML oder ZIP mit Bildern)").setInputFiles(zip);
  await page.getByRole("button", { name: "Importieren" }).click();
  // The upload answers at once; the page follows the run until its report is there.
  await expect(page).toHaveURL(/\/openimmo\?lauf=\d+#lauf-\d+$/);
  await expect(page.locator(".oi-counts").first()).toContainText(/Neu angelegt: [1-9]/);
  await expect(page.locator(".oi-counts").first()).toContainText("Bilder übernommen: 1");
  await expectAccessible(page);

  // Without a reload, the resident's search now lists the imported homes,
  // the flat with the photo from the ZIP as its cover.
  await expect(resident.locator(".offer-card").first()).toBeVisible({ timeout: 5_000 });
  await expect(resident.locator(".offer-card h3", { hasText: "Doppelhaushälfte mit Garten in Rheinhausen" })).toBeVisible();
  const flat = resident.locator(".offer-card", { hasText: "Helle 2,5-Zimmer-Wohnung mit Balkon in Hochfeld" });
  await expect(flat.locator("img.cover")).toBeVisible();
  await flat.locator("img.cover").scrollIntoViewIfNeeded();
  await expect.poll(() => flat.locator("img.cover").evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
});
