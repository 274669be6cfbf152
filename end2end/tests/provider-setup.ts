import { expect, hydrated, expectAccessible } from "./fixtures";
import type { Page } from "@playwright/test";

export interface NewProvider {
  name: string;
  /** The label of its one category. */
  category?: string;
  /** Municipal with a named owner instead of the default (private). */
  municipal?: boolean;
  /** First submit the empty form and see the browser-side check. */
  checkEmptyForm?: boolean;
}

/** Creates a provider profile through the form and returns its dashboard
 * URL. The signed-in account becomes its owner. */
export async function createProvider(page: Page, p: NewProvider): Promise<string> {
  await page.goto("/anbieter-werden");
  await hydrated(page);
  if (p.checkEmptyForm) {
    await expectAccessible(page);
    await page.getByRole("button", { name: "Anbieter anlegen" }).click();
    // Checked in the browser at once, next to the fields.
    await expect(page.locator("#e-name")).toBeVisible();
  }
  await page.getByLabel("Name des Anbieters").fill(p.name);
  await page.getByLabel("Straße und Hausnummer").fill("Musterstraße 1");
  await page.getByLabel("Postleitzahl").fill("47053");
  await page.getByLabel("Stadtteil").selectOption("hochfeld");
  await page.getByLabel(p.category ?? "Dachdecker").check();
  await page.getByLabel("Telefon").fill("0203 123456");
  if (p.municipal) {
    await page.getByLabel("Kommunal", { exact: true }).check();
    await page.getByLabel("Eigentümer (bei kommunal oder genossenschaftlich)").fill("Stadt Beispielhausen");
  }
  await page.getByRole("button", { name: "Anbieter anlegen" }).click();
  await expect(page).toHaveURL(/\/dashboard\/\d+$/);
  return page.url();
}
