import { test, expect, hydrated, expectAccessible } from "./fixtures";
import { signUpAndIn } from "./mail";

test("a resident recommends a firm that is not on the platform, another seconds it and its owner claims it", async ({ page, browser }) => {
  // A journey of several people in several browsers: on two cores with
  // axe checks it runs close to the default 30 s.
  test.slow();
  const stamp = Date.now();
  const firm = `Rheinkontor Probe ${stamp}`;
  await signUpAndIn(page, "Rosa Empfehlerin", `rosa.${stamp}@example.org`);

  await page.goto("/empfehlen?kategorie=baufinanzierung");
  await hydrated(page);
  await expectAccessible(page);
  await expect(page.getByLabel("Kategorie", { exact: true })).toHaveValue("baufinanzierung");
  await page.getByLabel("Einen Anbieter, der nicht auf der Plattform ist (Angaben unten)").check();
  await page.getByLabel("Name des Anbieters", { exact: true }).fill(firm);
  await page.getByLabel("Ort", { exact: true }).fill("Duisburg");
  await page.getByLabel("Website (freiwillig)").fill("https://rheinkontor.example/");
  // Too short: the limit is named, and what was typed stays.
  await page.getByLabel("Warum empfehlen Sie ihn?").fill("Gut.");
  await page.getByRole("button", { name: "Empfehlung veröffentlichen" }).click();
  await expect(page.locator("#e-begruendung")).toHaveText("Bitte zwischen 10 und 600 Zeichen eingeben.");
  await expect(page.getByLabel("Name des Anbieters", { exact: true })).toHaveValue(firm);
  await hydrated(page);
  await expectAccessible(page);
  await page.getByLabel("Warum empfehlen Sie ihn?").fill("Für eine Baufinanzierung unbedingt auch dort fragen.");
  await page.getByRole("button", { name: "Empfehlung veröffentlichen" }).click();
  await expect(page).toHaveURL(/\/empfehlungen\?kategorie=baufinanzierung#empfehlung-\d+$/);
  const mine = page.locator("article.recommendation", { hasText: firm });
  await expect(mine).toContainText("nicht auf der Plattform");
  await expect(mine).toContainText("0 Unterstützungen");
  await expect(mine.getByRole("link", { name: "https://rheinkontor.example/" })).toHaveAttribute("rel", "nofollow ugc noopener");
  // One's own: no "+1", but a way to delete it.
  await expect(mine.getByRole("button", { name: /kann ich auch empfehlen/ })).toHaveCount(0);
  await expect(mine.getByRole("button", { name: /Meine Empfehlung löschen/ })).toBeVisible();
  await hydrated(page);
  await expectAccessible(page);

  // Another resident finds it on the parent category's page and seconds it.
  const other = await (await browser.newContext()).newPage();
  await signUpAndIn(other, "Sami Zweiter", `sami.${stamp}@example.org`);
  await other.goto("/empfehlungen?kategorie=finanzen");
  await hydrated(other);
  const theirs = other.locator("article.recommendation", { hasText: firm });
  await theirs.getByRole("button", { name: /kann ich auch empfehlen/ }).click();
  await expect(other).toHaveURL(/\/empfehlungen\?kategorie=finanzen$/);
  await expect(theirs).toContainText("1 Unterstützung");
  await expect(theirs.getByRole("button", { name: /Unterstützung zurückziehen/ })).toBeVisible();
  await expectAccessible(other);

  // Beside the category's offers, and among the newest on the start page.
  await other.goto("/angebote?kategorie=finanzen");
  await hydrated(other);
  // The box shows the category's best three; the demo city may hold better-supported ones.
  await expect(other.getByRole("heading", { name: "Empfehlungen aus der Nachbarschaft" })).toBeVisible();
  await expect(other.locator(".recommendations-box").getByRole("link", { name: /Alle Empfehlungen/ })).toHaveAttribute("href", "/empfehlungen?kategorie=finanzen");
  await expectAccessible(other);
  await other.goto("/");
  await hydrated(other);
  await expect(other.locator("article.recommendation", { hasText: firm })).toBeVisible();

  // "Das ist mein Unternehmen": the claim with the full provider form.
  await other.goto("/empfehlungen?kategorie=baufinanzierung");
  await other.locator("article.recommendation", { hasText: firm }).getByRole("link", { name: "Das ist mein Unternehmen" }).click();
  await expect(other).toHaveURL(/\/empfehlungen\/firma\/\d+\/beanspruchen$/);
  await hydrated(other);
  await expectAccessible(other);
  await expect(other.getByLabel("Name des Anbieters", { exact: true })).toHaveValue(firm);
  await other.getByLabel("Straße und Hausnummer").fill("Musterstraße 1");
  await other.getByLabel("Postleitzahl").fill("47053");
  await other.getByLabel("Stadtteil").selectOption("hochfeld");
  await other.getByLabel("Baufinanzierung").check();
  await other.getByLabel("Telefon").fill("0203 123456");
  await other.getByRole("button", { name: "Anspruch einreichen" }).click();
  await expect(other.getByText("Danke! Ihr Anspruch wird von der Moderation geprüft.")).toBeVisible();
});

test("the recommendation pages are accessible signed out", async ({ page }) => {
  for (const path of ["/empfehlungen", "/empfehlungen?kategorie=handwerk", "/empfehlen", "/transparenz"]) {
    await page.goto(path);
    await hydrated(page);
    await expectAccessible(page);
  }
  await page.goto("/empfehlen");
  await expect(page.locator("main").getByRole("link", { name: "Anmelden" })).toHaveAttribute("href", "/anmelden?zurueck=%2Fempfehlen");
});
