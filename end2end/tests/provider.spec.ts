import { test, expect, hydrated, expectAccessible } from "./fixtures";
import { linkFromMail, signUpAndIn } from "./mail";
import { createProvider } from "./provider-setup";
import * as path from "path";

test("a provider signs up, creates a profile and an offer, publishes it, and a resident sees it appear live", async ({ page, browser }) => {
  // A journey of several people in several browsers: on two cores with
  // axe checks it runs close to the default 30 s.
  test.slow();
  const stamp = Date.now();
  const title = `Dachrinnenreinigung Probe ${stamp}`;
  await signUpAndIn(page, "Olga Beispiel", `olga.${stamp}@example.org`);

  await createProvider(page, { name: `Beispiel Bedachungen ${stamp}`, municipal: true, checkEmptyForm: true });
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
  await expect(page.getByRole("table", { name: "Ihre Angebote" })).toContainText("Entwurf");
  const dashboard = page.url();

  // A photo for the draft: a plain multipart form, refused without a description.
  await page.getByRole("link", { name: title }).click();
  await hydrated(page);
  await page.getByLabel("Bilddatei", { exact: true }).setInputFiles(path.join(__dirname, "../fixtures/dach.jpg"));
  await page.getByRole("button", { name: "Foto hochladen" }).click();
  await expect(page.getByLabel("Bildbeschreibung (Alternativtext)", { exact: true })).toHaveAttribute("required", "");
  await page.getByLabel("Bildbeschreibung (Alternativtext)", { exact: true }).fill("Ein frisch gedecktes Dach mit roten Ziegeln");
  await page.getByRole("button", { name: "Foto hochladen" }).click();
  await expect(page.getByText("Die Fotos wurden gespeichert.")).toBeVisible();
  await expect(page.locator(".photo-row img")).toHaveAttribute("alt", "Ein frisch gedecktes Dach mit roten Ziegeln");
  // A second photo, so the exposé's gallery has something to browse.
  const upload = page.locator("form.photo-upload");
  await upload.getByLabel("Bilddatei", { exact: true }).setInputFiles(path.join(__dirname, "../fixtures/dach.jpg"));
  await upload.getByLabel("Bildbeschreibung (Alternativtext)", { exact: true }).fill("Die Dachrinne nach der Reinigung");
  await upload.getByRole("button", { name: "Foto hochladen" }).click();
  await expect(page.locator(".photo-row img")).toHaveCount(2);
  await hydrated(page);
  await expectAccessible(page);

  await page.goto(dashboard);
  await hydrated(page);
  await expectAccessible(page);
  await page.getByRole("button", { name: `Veröffentlichen: ${title}` }).click();
  await expect(page.getByRole("table", { name: "Ihre Angebote" })).toContainText("Veröffentlicht");

  // Without a reload, the resident's list now shows it with its cover photo.
  await expect(resident.locator(".offer-card h3")).toHaveText(title, { timeout: 5_000 });
  await expect(resident.locator(".offer-card .price").first()).toContainText("55,50");
  const cover = resident.locator(".offer-card img.cover");
  await expect(cover).toHaveAttribute("alt", "Ein frisch gedecktes Dach mit roten Ziegeln");
  await expect(cover).toHaveAttribute("srcset", /\/bilder\/\d+-320\.jpg 320w, \/bilder\/\d+-640\.jpg 640w/);
  await expect(cover).toHaveAttribute("loading", "lazy");
  await expect.poll(() => cover.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0);
  await resident.locator(".offer-card h3 a").click();
  await hydrated(resident);
  await expect(resident.locator(".gallery img").first()).toHaveAttribute("alt", "Ein frisch gedecktes Dach mit roten Ziegeln");
  await expectAccessible(resident);

  // The gallery by keyboard: the focused strip steps one photo per arrow key.
  const strip = resident.getByRole("list", { name: /Pfeiltasten/ });
  await strip.focus();
  await expect(resident.locator(".gallery-counter")).toHaveText("Foto 1 von 2");
  await resident.keyboard.press("ArrowRight");
  await expect(resident.locator(".gallery-counter")).toHaveText("Foto 2 von 2");
  await expect(resident.getByRole("button", { name: "Nächstes Foto" })).toBeDisabled();
  await resident.keyboard.press("ArrowLeft");
  await expect(resident.locator(".gallery-counter")).toHaveText("Foto 1 von 2");

  // The provider changes the price while the resident is writing to them:
  // the exposé shows the new price without a reload, the text typed stays.
  const box = resident.locator("#kontakt");
  await box.getByLabel("Nachricht").fill("Guten Tag,");
  await page.goto(dashboard);
  await page.getByRole("link", { name: title }).click();
  await hydrated(page);
  await page.getByLabel("Preis in €").fill("60");
  await page.getByRole("button", { name: "Speichern", exact: true }).click();
  await expect(page).toHaveURL(/\/dashboard\/\d+$/);
  await expect(resident.locator(".price.big")).toHaveText("60 € / Std.", { timeout: 5_000 });
  await expect(box.getByLabel("Nachricht")).toHaveValue("Guten Tag,");

  // The resident asks the provider; the request reaches the provider's inbox.
  const question = `Haben Sie nächste Woche einen Termin frei? (${stamp})`;
  await box.getByLabel("Ihr Name").fill("Rudi Resident");
  await box.getByLabel("Ihre E-Mail-Adresse").fill(`rudi.${stamp}@example.org`);
  await box.getByLabel("Nachricht").fill(question);
  await box.getByLabel(/Ich bin einverstanden/).check();
  await box.getByRole("button", { name: "Nachricht senden" }).click();
  await expect(resident.locator("#kontakt .form-note")).toHaveText("Ihre Nachricht wurde an den Anbieter gesendet.");
  await page.goto(`${dashboard}/anfragen`);
  await expect(page.locator(".inbox-item").first()).toContainText(question);
  await expect(page.locator(".inbox-item").first()).toContainText("Rudi Resident");
  await expectAccessible(page);
});

test("two tabs editing one offer: the second save shows what changed and can re-apply", async ({ page, context }) => {
  const stamp = Date.now();
  await signUpAndIn(page, "Kurt Beispiel", `kurt.${stamp}@example.org`);
  await createProvider(page, { name: `Beispiel Maler ${stamp}`, category: "Maler & Lackierer" });
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
  await expect(tab2.getByRole("table", { name: "Ihre Angebote" })).toContainText("Wohnung streichen, zwei Farben");
  // The other tab's price change survived the re-apply.
  await expect(tab2.getByRole("table", { name: "Ihre Angebote" })).toContainText("950");
});

test("an owner invites a colleague, who signs up through the mailed link and joins", async ({ page, browser }) => {
  const stamp = Date.now();
  const colleague = `nina.${stamp}@example.org`;
  await signUpAndIn(page, "Olga Beispiel", `olga.inv.${stamp}@example.org`);
  const dashboard = await createProvider(page, { name: `Beispiel Gärten ${stamp}`, category: "Garten & Landschaft" });

  await page.getByLabel("E-Mail-Adresse", { exact: true }).fill(colleague);
  await page.getByRole("button", { name: "Einladung senden" }).click();
  await expect(page.getByText("Die Einladung wurde verschickt.")).toBeVisible();
  await expect(page.locator(".member-table").nth(1)).toContainText(colleague);
  await hydrated(page);
  await expectAccessible(page);

  const nina = await (await browser.newContext()).newPage();
  const invitation = await linkFromMail(colleague, "/einladung");
  await signUpAndIn(nina, "Nina Beispiel", colleague);
  await nina.goto(invitation);
  await hydrated(nina);
  await expectAccessible(nina);
  await nina.getByRole("button", { name: "Einladung annehmen" }).click();
  await expect(nina).toHaveURL(dashboard);
  // Members do not manage members.
  await expect(nina.getByRole("button", { name: "Einladung senden" })).toHaveCount(0);

  await page.reload();
  await expect(page.locator(".member-table").first()).toContainText("Nina Beispiel");
  // The only owner cannot step down.
  await page.getByRole("button", { name: "Entfernen: Olga Beispiel" }).click();
  await expect(page.getByText("Der letzte Eigentümer kann weder entfernt noch zum Mitglied gemacht werden.")).toBeVisible();
});

test("a provider edits its profile, and a resident's open provider page follows live", async ({ page, browser }) => {
  test.slow();
  const stamp = Date.now();
  await signUpAndIn(page, "Pia Beispiel", `pia.${stamp}@example.org`);
  const dashboard = await createProvider(page, { name: `Beispiel Elektro ${stamp}`, category: "Elektrik" });
  const publicPage = await page.getByRole("link", { name: "Öffentliche Seite ansehen" }).getAttribute("href");

  const resident = await (await browser.newContext()).newPage();
  await resident.goto(publicPage!);
  await hydrated(resident);
  await expect(resident.locator(".contact")).toContainText("Ganz Duisburg");

  await page.goto(dashboard);
  await page.getByRole("link", { name: "Profil bearbeiten" }).click();
  await hydrated(page);
  // The form starts from what is stored.
  await expect(page.getByLabel("Name des Anbieters")).toHaveValue(`Beispiel Elektro ${stamp}`);
  await expect(page.getByLabel("Stadtteil")).toHaveValue("hochfeld");
  await expect(page.getByLabel("Elektrik")).toBeChecked();
  await expectAccessible(page);
  // Bad input is named at the field and loses nothing.
  await page.getByLabel("Postleitzahl").fill("10115");
  await page.getByLabel("Öffnungszeiten (optional)").fill("Mo–Fr 8–17 Uhr\nSa 9–12 Uhr");
  await page.getByRole("button", { name: "Profil speichern" }).click();
  await expect(page.locator("#e-postal_code")).toBeVisible();
  await page.getByLabel("Postleitzahl").fill("47053");
  await page.getByLabel("Walsum", { exact: true }).check();
  await page.getByRole("button", { name: "Profil speichern" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Gespeichert." })).toBeVisible();

  await expect(resident.locator(".contact")).toContainText("Sa 9–12 Uhr");
  await expect(resident.locator(".contact")).toContainText("Walsum");
  await expectAccessible(resident);
});
