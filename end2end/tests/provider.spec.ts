import { test, expect, hydrated, expectAccessible } from "./fixtures";
import { signUpAndIn } from "./signup";

test("a provider signs up, creates a profile and an offer, publishes it, and a resident sees it appear live", async ({ page, browser }) => {
  const stamp = Date.now();
  const title = `Dachrinnenreinigung Probe ${stamp}`;
  await signUpAndIn(page, "Olga Beispiel", `olga.${stamp}@example.org`);

  await page.goto("/anbieter-werden");
  await hydrated(page);
  await expectAccessible(page);
  await page.getByRole("button", { name: "Anbieter anlegen" }).click();
  // Checked in the browser at once, next to the fields.
  await expect(page.locator("#e-name")).toBeVisible();
  await page.getByLabel("Name des Anbieters").fill(`Beispiel Bedachungen ${stamp}`);
  await page.getByLabel("Straße und Hausnummer").fill("Musterstraße 1");
  await page.getByLabel("Postleitzahl").fill("47053");
  await page.getByLabel("Stadtteil").selectOption("hochfeld");
  await page.getByLabel("Dachdecker").check();
  await page.getByLabel("Telefon").fill("0203 123456");
  await page.getByLabel("Kommunal", { exact: true }).check();
  await page.getByLabel("Eigentümer (bei kommunal oder genossenschaftlich)").fill("Stadt Beispielhausen");
  await page.getByRole("button", { name: "Anbieter anlegen" }).click();
  await expect(page).toHaveURL(/\/dashboard\/\d+$/);
  await expect(page.getByText("Selbstauskunft")).toBeVisible();

  // A resident is looking at the search for it in another browser.
  const resident = await (await browser.newContext()).newPage();
  await resident.goto(`/angebote?q=${stamp}`);
  await hydrated(resident);
  await expect(resident.locator(".empty")).toBeVisible();

  await page.getByRole("link", { name: "Neues Angebot" }).click();
  await hydrated(page);
  await page.getByLabel("Titel").fill(title);
  await page.getByLabel("Beschreibung").fill("Wir reinigen Ihre Dachrinne gründlich, schnell und sauber.");
  await page.getByLabel("Kategorie").selectOption("dach");
  await page.getByLabel("Preisangabe").selectOption("per_hour");
  await page.getByLabel("Preis in €").fill("55,50");
  await expectAccessible(page);
  await page.getByRole("button", { name: "Speichern" }).click();
  await expect(page).toHaveURL(/\/dashboard\/\d+$/);
  await expect(page.locator(".dash-table")).toContainText("Entwurf");
  await page.getByRole("button", { name: `Veröffentlichen: ${title}` }).click();
  await expect(page.locator(".dash-table")).toContainText("Veröffentlicht");

  // Without a reload, the resident's list now shows it, briefly highlighted.
  await expect(resident.locator(".offer-card h3")).toHaveText(title, { timeout: 5_000 });
  await expect(resident.locator(".offer-card .price").first()).toContainText("55,50");
});

test("two tabs editing one offer: the second save shows what changed and can re-apply", async ({ page, context }) => {
  const stamp = Date.now();
  await signUpAndIn(page, "Kurt Beispiel", `kurt.${stamp}@example.org`);
  await page.goto("/anbieter-werden");
  await hydrated(page);
  await page.getByLabel("Name des Anbieters").fill(`Beispiel Maler ${stamp}`);
  await page.getByLabel("Straße und Hausnummer").fill("Musterweg 2");
  await page.getByLabel("Postleitzahl").fill("47051");
  await page.getByLabel("Stadtteil").selectOption("altstadt");
  await page.getByLabel("Maler & Lackierer").check();
  await page.getByLabel("Telefon").fill("0203 654321");
  await page.getByRole("button", { name: "Anbieter anlegen" }).click();
  await expect(page).toHaveURL(/\/dashboard\/\d+$/);
  await page.getByRole("link", { name: "Neues Angebot" }).click();
  await hydrated(page);
  await page.getByLabel("Titel").fill("Wohnung streichen");
  await page.getByLabel("Beschreibung").fill("Wir streichen Ihre Wohnung sauber und mit guter Farbe.");
  await page.getByLabel("Kategorie").selectOption("maler");
  await page.getByLabel("Preis in €").fill("900");
  await page.getByRole("button", { name: "Speichern" }).click();
  await page.getByRole("link", { name: "Wohnung streichen" }).click();
  const editUrl = page.url();

  const tab2 = await context.newPage();
  await tab2.goto(editUrl);
  await hydrated(tab2);
  await hydrated(page);
  await page.getByLabel("Preis in €").fill("950");
  await page.getByRole("button", { name: "Speichern" }).click();
  await expect(page).toHaveURL(/\/dashboard\/\d+$/);

  await tab2.getByLabel("Titel").fill("Wohnung streichen, zwei Farben");
  await tab2.getByRole("button", { name: "Speichern" }).click();
  const conflict = tab2.locator(".conflict");
  await expect(conflict).toContainText("Jemand anderes hat dieses Angebot inzwischen gespeichert");
  await expect(conflict.locator("tr", { hasText: "Preis" })).toContainText("950");
  await expect(tab2.getByLabel("Titel")).toHaveValue("Wohnung streichen, zwei Farben");
  await expectAccessible(tab2);
  await tab2.getByRole("button", { name: "Meine Eingaben trotzdem übernehmen" }).click();
  await expect(tab2).toHaveURL(/\/dashboard\/\d+$/);
  await expect(tab2.locator(".dash-table")).toContainText("Wohnung streichen, zwei Farben");
  // The other tab's price change survived the re-apply.
  await expect(tab2.locator(".dash-table")).toContainText("950");
});
