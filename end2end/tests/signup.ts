import { expect } from "./fixtures";
import { linkFromMail } from "./mail";
import type { Page } from "@playwright/test";

export const password = "ein langer satz 42";

/** Signs up, confirms the address from the mail and signs in. */
export async function signUpAndIn(page: Page, name: string, email: string) {
  await page.goto("/registrieren");
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("E-Mail-Adresse").fill(email);
  await page.getByLabel("Passwort", { exact: true }).fill(password);
  await page.getByLabel("Passwort wiederholen").fill(password);
  await page.getByRole("button", { name: "Konto anlegen" }).click();
  await page.goto(await linkFromMail(email, "/konto/bestaetigen"));
  await page.getByLabel("E-Mail-Adresse").fill(email);
  await page.getByLabel("Passwort").fill(password);
  await page.getByRole("button", { name: "Anmelden" }).click();
  await expect(page).toHaveURL(/\/konto$/);
}
