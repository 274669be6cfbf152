import { test, expect, hydrated, expectAccessible } from "./fixtures";
import { signUpAndIn } from "./mail";
import { createProvider } from "./provider-setup";
import type { Browser, Page } from "@playwright/test";

async function signedIn(browser: Browser, name: string, email: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signUpAndIn(page, name, email);
  return page;
}

/** German decimal with two places: 1234.5 -> "1234,50". */
function de(cents: number): string {
  return `${Math.floor(cents / 100)},${String(cents % 100).padStart(2, "0")}`;
}

/** The ESIS figures of an annuity loan of 280,000 € over ten years, with 2 % initial repayment. */
function esis(rateBp: number) {
  const loan = 28_000_000;
  const monthly = Math.floor((loan * (rateBp + 200)) / 10_000 / 12);
  let debt = loan;
  const q = rateBp / 10_000 / 12;
  for (let i = 0; i < 120; i++) debt = debt * (1 + q) - monthly;
  return { rate: de(rateBp), effective: de(rateBp + 6), monthly: de(monthly), remaining: de(Math.round(debt)), total: "420.000" };
}

async function answer(bank: Page, providerId: string, requestId: string, rateBp: number) {
  await bank.goto(`/dashboard/${providerId}/angebotsanfragen/${requestId}`);
  await hydrated(bank);
  await expect(bank.getByText("sehen Sie, sobald Ihr Angebot angenommen wurde")).toBeVisible();
  const f = esis(rateBp);
  await bank.getByLabel("Sollzins (% p. a.)").fill(f.rate);
  await bank.getByLabel("Effektiver Jahreszins (%)").fill(f.effective);
  await bank.getByLabel("Monatliche Rate").fill(f.monthly);
  await bank.getByLabel("Restschuld am Ende der Zinsbindung").fill(f.remaining);
  await bank.getByLabel("Gesamtbetrag (ESIS)").fill(f.total);
  await bank.getByLabel("Was ist enthalten?").fill("Annuitätendarlehen, Sondertilgung 5 % im Jahr");
  await bank.getByRole("button", { name: "Angebot abgeben" }).click();
  await expect(bank.getByRole("status")).toHaveText("Ihr Angebot wurde abgegeben.");
}

test("a resident asks three banks for a mortgage, two answer live, the resident compares, accepts and reviews", async ({ page, browser }) => {
  // Four people in four browsers, with axe checks: well past the default 30 s.
  test.slow();
  const stamp = Date.now();
  const banks: { page: Page; id: string; name: string }[] = [];
  for (const n of ["Erste", "Zweite", "Dritte"]) {
    const owner = await signedIn(browser, `Berater ${n}`, `bank.${n.toLowerCase()}.${stamp}@example.org`);
    const name = `${n} Beispielbank ${stamp}`;
    await createProvider(owner, { name, category: "Baufinanzierung" });
    banks.push({ page: owner, id: owner.url().split("/").pop()!, name });
  }
  // The first bank has its board open before anything is asked (the demo
  // city's mortgage request may be on it already: the banks serve the whole city).
  const title = `Wohnung in Neudorf ${stamp}`;
  const board = banks[0].page;
  await board.goto(`/dashboard/${banks[0].id}/angebotsanfragen`);
  await hydrated(board);
  await expect(board.getByRole("heading", { level: 1 })).toContainText("Angebotsanfragen");
  await expect(board.getByRole("link", { name: title })).toHaveCount(0);
  await expectAccessible(board);

  // The resident asks the three banks.
  const email = `nora.${stamp}@example.org`;
  await signUpAndIn(page, "Nora Neudorf", email);
  await page.goto(`/anfragen/neu?kategorie=baufinanzierung&anbieter=${banks.map((b) => b.id).join(",")}`);
  await hydrated(page);
  await expectAccessible(page);
  await page.getByLabel("Kurzer Titel").fill(title);
  await page.getByLabel("Beschreibung").fill("Wir kaufen eine Dreizimmerwohnung und suchen eine Finanzierung.");
  await page.getByLabel("Stadtbezirk").selectOption("mitte");
  await page.getByLabel("Kaufpreis").fill("350.000");
  await page.getByLabel("Eigenkapital").fill("70.000");
  await page.getByLabel("Darlehensbetrag").fill("280.000");
  await page.getByLabel("Zinsbindung").selectOption("10");
  await page.getByLabel("Anfängliche Tilgung (% p. a.)").fill("2");
  await page.getByLabel("Nutzung").selectOption("owner");
  await page.getByLabel("Gewünschte Auszahlung ab").fill("2027-06-01");
  await page.getByLabel("Telefon").fill("0203 445566");
  for (const b of banks) await expect(page.getByLabel(b.name)).toBeChecked();
  await page.getByRole("button", { name: "Anfrage senden" }).click();
  await expect(page).toHaveURL(/\/anfragen\/\d+\?hinweis=gesendet/);
  await expect(page.getByRole("status")).toHaveText("Ihre Anfrage wurde gesendet.");
  const requestId = page.url().split("/").pop()!.split("?")[0];
  await hydrated(page);
  await expectAccessible(page);

  // The open board shows it without reloading; nothing personal on it.
  await expect(board.getByRole("link", { name: title })).toBeVisible();
  await expect(board.locator("body")).not.toContainText("0203 445566");

  // Two banks answer; the resident's open page shows both quotes without reloading.
  await answer(banks[0].page, banks[0].id, requestId, 360);
  await expect(page.getByRole("heading", { name: "Angebote (1)" })).toBeVisible();
  await answer(banks[1].page, banks[1].id, requestId, 345);
  await expect(page.getByRole("heading", { name: "Angebote (2)" })).toBeVisible();
  const table = page.getByRole("table", { name: "Angebote im Vergleich" });
  await expect(table).toContainText(banks[0].name);
  await expect(table).toContainText(banks[1].name);
  await expect(table).toContainText("3,51 %");
  // The lower effective rate is marked best.
  await expect(table.locator("td.best", { hasText: "3,51 %" })).toBeVisible();
  await expectAccessible(page);

  // The resident accepts the second bank's quote.
  await page.getByRole("button", { name: `Angebot von ${banks[1].name} annehmen` }).click();
  await expect(page.getByRole("status")).toHaveText("Angebot angenommen. Die anderen Anbieter wurden benachrichtigt.");
  await expect(page.locator("header.page-head")).toContainText("Angebot angenommen");
  await expectAccessible(page);

  // The chosen bank now sees who asked; the other one does not.
  await banks[1].page.reload();
  await expect(banks[1].page.getByRole("heading", { name: "Kontakt der anfragenden Person" })).toBeVisible();
  await expect(banks[1].page.locator(".contact-released")).toContainText(email);
  await banks[0].page.reload();
  await expect(banks[0].page.locator(".contact-released")).toHaveCount(0);
  await expect(banks[0].page.getByText("Anderes Angebot angenommen")).toBeVisible();

  // The review afterwards carries its provenance.
  await page.getByRole("link", { name: "Anbieter bewerten" }).click();
  await hydrated(page);
  await page.getByLabel("5 Sterne", { exact: true }).check();
  await page.getByLabel("Überschrift").fill(`Klare Beratung ${stamp}`);
  await page.getByLabel("Ihre Erfahrung").fill("Die Finanzierung kam genau wie angeboten zustande, schnell und verständlich.");
  const month = new Date();
  await page.getByLabel("Monat der Erfahrung").fill(month.toISOString().slice(0, 7));
  await page.getByRole("button", { name: "Bewertung veröffentlichen" }).click();
  await expect(page.locator(".form-note")).toHaveText("Ihre Bewertung wurde gespeichert.");
  await expect(page.locator("article.review", { hasText: `Klare Beratung ${stamp}` })).toContainText("Kunde über eine Anfrage");
  await expectAccessible(page);
});

test("a resident adds a photo of the job to a craft request", async ({ page }) => {
  const stamp = Date.now();
  await signUpAndIn(page, "Dora Dachschaden", `dora.${stamp}@example.org`);
  await page.goto("/anfragen/neu?kategorie=dach");
  await hydrated(page);
  await expect(page.getByText("Fotos fügen Sie hinzu, sobald die Anfrage gespeichert ist")).toBeVisible();
  await page.getByLabel("Kurzer Titel").fill(`Sturmschaden ${stamp}`);
  await page.getByLabel("Beschreibung").fill("Nach dem Sturm fehlen etwa zwanzig Ziegel über der Gaube.");
  await page.getByLabel("Stadtbezirk").selectOption("mitte");
  await page.getByLabel("Gewünschter Zeitraum").selectOption("asap");
  await page.getByLabel("Sie sind").selectOption("owner");
  await page.getByLabel("Auch an alle passenden Anbieter senden").check();
  await page.getByRole("button", { name: "Als Entwurf speichern" }).click();
  await expect(page).toHaveURL(/\/anfragen\/\d+\?hinweis=entwurf/);
  await hydrated(page);
  // A 64×48 PNG, as a phone's photo would come (the server re-encodes it).
  const png = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAEAAAAAwCAIAAAAuKetIAAABEElEQVR4nO3PkaKDAAAF0GAQBIMgCIJBMAiCQRAMgiAIgsEgCIJBMAgGQTAYBEEQBMEgCILBIAiCIAiCIBgEQRAE7xfeB9zzB4cgCGK325EkSVHUfr+naZphGJZlOY47HA48zx+PR0EQRFE8nU6SJMmyfD6fFUVRVVXTNF3XDcO4XC7X69U0TcuybNu+3W6O49zvd9d1H4+H53m+7z+fz9frFQRBGIZRFMVxnCRJmqbv9zvLsjzPi6L4fD7f77csy6qq6rpumqZt267r+r4fhmEcx9/vN03TPM/Lsqzrum0bgQACCCCAAAIIIIAAAggggAACCCCAAAIIIIAAAggggAACCCCAAAIIIIAAAgj8N/AHMIS5AMR70foAAAAASUVORK5CYII=", "base64");
  await page.getByLabel("Foto auswählen").setInputFiles({ name: "dach.png", mimeType: "image/png", buffer: png });
  await page.getByLabel("Was ist auf dem Foto zu sehen?").fill("Fehlende Ziegel über der Gaube");
  await page.getByRole("button", { name: "Foto hinzufügen" }).click();
  await expect(page.getByRole("status")).toHaveText("Das Foto wurde hinzugefügt.");
  const img = page.getByRole("img", { name: "Fehlende Ziegel über der Gaube" });
  await expect(img).toBeVisible();
  await expect.poll(() => img.evaluate((i: HTMLImageElement) => i.naturalWidth)).toBe(64);
  await expectAccessible(page);
});
