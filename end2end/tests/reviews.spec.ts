import { test, expect, hydrated, expectAccessible } from "./fixtures";
import { signUpAndIn } from "./mail";
import { createProvider } from "./provider-setup";
import type { Browser, Page } from "@playwright/test";

/** A new browser context with a fresh, confirmed and signed-in account. */
async function signedIn(browser: Browser, name: string, email: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signUpAndIn(page, name, email);
  return page;
}

function lastMonth(): string {
  const d = new Date();
  d.setDate(1);
  d.setMonth(d.getMonth() - 1);
  return d.toISOString().slice(0, 7);
}

test("review, helpful vote, provider reply, report and moderation with reasons", async ({ browser }) => {
  // A journey of several people in several browsers: on two cores with
  // axe checks it runs close to the default 30 s.
  test.slow();
  const stamp = Date.now();
  const title = `Schnell und sauber ${stamp}`;

  // A provider with its owner.
  const owner = await signedIn(browser, "Olga Beispiel", `olga.r.${stamp}@example.org`);
  await createProvider(owner, { name: `Bewertete Bedachungen ${stamp}` });
  const providerId = owner.url().split("/").pop();
  await owner.getByRole("link", { name: "Kundencodes" }).click();
  await expectAccessible(owner);
  await owner.getByRole("button", { name: "Neuen Code erzeugen" }).click();
  await expect(owner.locator(".code-display")).toHaveText(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);

  // A resident writes a review; a too short text is explained and nothing typed is lost.
  const author = await signedIn(browser, "Erika Muster", `erika.r.${stamp}@example.org`);
  await author.goto(`/anbieter/${providerId}`);
  await hydrated(author);
  await author.getByRole("link", { name: "Bewertung schreiben" }).click();
  await expect(author.getByRole("heading", { level: 1 })).toContainText("Bewertung");
  await expectAccessible(author);
  await author.getByLabel("4 Sterne", { exact: true }).check();
  await author.getByLabel("Überschrift").fill(title);
  await author.getByLabel("Ihre Erfahrung").fill("Zu kurz.");
  await author.getByLabel("Monat der Erfahrung").fill(lastMonth());
  await author.getByRole("button", { name: "Bewertung veröffentlichen" }).click();
  await expect(author.locator("#f-body-fehler")).toHaveText("Der Text braucht mindestens 20 Zeichen.");
  await expect(author.getByLabel("Überschrift")).toHaveValue(title);
  await expectAccessible(author);
  await author.getByLabel("Ihre Erfahrung").fill("Pünktlich gekommen, sauber gearbeitet und fair abgerechnet.");
  await author.getByRole("button", { name: "Bewertung veröffentlichen" }).click();
  await expect(author.locator(".form-note")).toHaveText("Ihre Bewertung wurde gespeichert.");
  const review = author.locator("article.review", { hasText: title });
  await expect(review).toContainText("Nicht verifiziert");
  await expect(author.getByRole("img", { name: "Verteilung der Sterne" })).toBeVisible();
  await expectAccessible(author);

  // A second account finds it helpful.
  const reader = await signedIn(browser, "Ben Leser", `ben.r.${stamp}@example.org`);
  await reader.goto(`/anbieter/${providerId}`);
  await hydrated(reader);
  await reader.getByRole("button", { name: `Hilfreich: ${title}` }).click();
  await expect(reader.locator("article.review", { hasText: title })).toContainText("1-mal hilfreich");
  await expect(reader.locator("article.review", { hasText: title })).toContainText("Von Ihnen als hilfreich markiert");

  // The provider replies; the author is notified.
  await owner.goto(`/dashboard/${providerId}`);
  await owner.getByRole("link", { name: "Bewertungen beantworten" }).click();
  await hydrated(owner);
  await expect(owner.getByText("Auf dieser Seite noch ohne Antwort: 1")).toBeVisible();
  await expectAccessible(owner);
  await owner.getByRole("link", { name: "Antworten" }).click();
  await expectAccessible(owner);
  await owner.getByLabel("Ihre öffentliche Antwort").fill("Vielen Dank für Ihre freundliche Bewertung!");
  await owner.getByRole("button", { name: "Antwort veröffentlichen" }).click();
  await expect(owner.locator("article.review", { hasText: title })).toContainText("Vielen Dank für Ihre freundliche Bewertung!");
  await author.goto("/benachrichtigungen");
  await hydrated(author);
  await expect(author.getByRole("link", { name: "Der Anbieter hat auf Ihre Bewertung geantwortet." })).toBeVisible();
  await expectAccessible(author);

  // The reader reports the review.
  await reader.getByRole("link", { name: `Bewertung melden: ${title}` }).click();
  await hydrated(reader);
  await expectAccessible(reader);
  await reader.getByLabel("Beleidigung", { exact: true }).check();
  await reader.getByLabel("Begründung *").fill("Ich halte den Text für eine Beleidigung des Teams.");
  await reader.getByLabel("Ich bestätige, dass meine Angaben nach bestem Wissen richtig und vollständig sind. *").check();
  await reader.getByRole("button", { name: "Meldung absenden" }).click();
  await expect(reader.locator(".form-note")).toContainText("Ihre Meldung ist eingegangen");

  // A moderator hides it with a statement of reasons.
  const moderator = await (await browser.newContext()).newPage();
  await moderator.goto("/anmelden");
  await moderator.getByLabel("E-Mail-Adresse").fill(process.env.SCD_E2E_ADMIN_EMAIL ?? "moderation@example.org");
  await moderator.getByLabel("Passwort").fill(process.env.SCD_E2E_ADMIN_PASSWORD ?? "moderation mit augenmass 42");
  await moderator.getByRole("button", { name: "Anmelden" }).click();
  await expect(moderator).toHaveURL(/\/konto$/);
  await moderator.goto("/moderation/meldungen");
  await hydrated(moderator);
  await expectAccessible(moderator);
  const entry = moderator.locator("article.report", { hasText: title });
  const reasons = "Keine Beleidigung erkennbar, aber zur Probe ausgeblendet.";
  await entry.getByRole("textbox").fill(reasons);
  await entry.getByRole("button", { name: "Ausblenden" }).click();
  await expect(moderator.locator(".form-note")).toHaveText("Entscheidung gespeichert.");

  // The review is gone from the page; the author sees why.
  await reader.goto(`/anbieter/${providerId}`);
  await expect(reader.locator("article.review", { hasText: title })).toHaveCount(0);
  await author.goto("/benachrichtigungen");
  await expect(author.getByText(reasons)).toBeVisible();
  await author.goto(`/anbieter/${providerId}/bewerten`);
  await hydrated(author);
  await expect(author.getByText("Ihre Bewertung ist ausgeblendet")).toBeVisible();
  await expect(author.getByText(reasons)).toBeVisible();
  await expectAccessible(author);
});

test("the review guidelines are linked from the footer", async ({ page }) => {
  await page.goto("/");
  await hydrated(page);
  await page.getByRole("contentinfo").getByRole("link", { name: "Bewertungsrichtlinien" }).click();
  await expect(page).toHaveURL(/\/bewertungsrichtlinien$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Bewertungsrichtlinien");
  await expect(page.getByRole("heading", { level: 2, name: "Stammen die Bewertungen von echten Kunden?" })).toBeVisible();
  await expectAccessible(page);
});
