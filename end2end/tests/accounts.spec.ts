import { test, expect, hydrated, expectAccessible } from "./fixtures";
import { linkFromMail } from "./mail";

const password = "ein langer satz 42";

test("sign up, confirm the address from the mail, sign in and out", async ({ page }) => {
  const email = `erika.${Date.now()}@example.org`;
  await page.goto("/");
  await hydrated(page);
  await page.getByRole("link", { name: "Registrieren" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Konto anlegen");
  await expectAccessible(page);
  await page.getByLabel("Name").fill("Erika Muster");
  await page.getByLabel("E-Mail-Adresse").fill(email);
  await page.getByLabel("Passwort", { exact: true }).fill(password);
  await page.getByLabel("Passwort wiederholen").fill("etwas anderes 123");
  await page.getByRole("button", { name: "Konto anlegen" }).click();
  // The server's answer names the field, and nothing typed but the passwords is lost.
  await expect(page.locator("#f-password_repeat-fehler")).toHaveText("Die beiden Passwörter stimmen nicht überein.");
  await expect(page.getByLabel("E-Mail-Adresse")).toHaveValue(email);
  await expect(page.getByLabel("Name")).toHaveValue("Erika Muster");
  await expectAccessible(page);
  await page.getByLabel("Passwort", { exact: true }).fill(password);
  await page.getByLabel("Passwort wiederholen").fill(password);
  await page.getByRole("button", { name: "Konto anlegen" }).click();
  await expect(page.locator(".form-note")).toContainText("Wir haben Ihnen eine E-Mail geschickt");

  await page.goto(await linkFromMail(email, "/konto/bestaetigen"));
  await expect(page.locator(".form-note")).toHaveText("Danke, Ihre E-Mail-Adresse ist bestätigt.");
  await page.getByLabel("E-Mail-Adresse").fill(email);
  await page.getByLabel("Passwort").fill(password);
  await page.getByRole("button", { name: "Anmelden" }).click();
  await expect(page).toHaveURL(/\/konto$/);
  await hydrated(page);
  await expect(page.locator(".facts")).toContainText(email);
  await expect(page.locator(".badge.ok")).toHaveText("bestätigt");
  await expect(page.locator(".site-header .account-link")).toHaveText("Erika Muster");
  await expectAccessible(page);

  await page.locator(".site-header").getByRole("button", { name: "Abmelden" }).click();
  await expect(page.locator(".site-header").getByRole("link", { name: "Anmelden" })).toBeVisible();
  await page.goto("/konto");
  await expect(page).toHaveURL(/\/anmelden\?zurueck=%2Fkonto$/);
});

test("sign-in attempts are limited", async ({ page }) => {
  const email = `mallory.${Date.now()}@example.org`;
  await page.goto("/anmelden");
  for (let i = 0; i < 8; i++) {
    await page.getByLabel("E-Mail-Adresse").fill(email);
    await page.getByLabel("Passwort").fill(`falsch geraten ${i}`);
    await page.getByRole("button", { name: "Anmelden" }).click();
    await expect(page.locator(".form-error")).toHaveText("E-Mail-Adresse oder Passwort ist falsch.");
  }
  await page.getByLabel("Passwort").fill("noch ein versuch");
  await page.getByRole("button", { name: "Anmelden" }).click();
  await expect(page.locator(".form-error")).toContainText("Zu viele Versuche");
});
