import { test, expect, hydrated, expectAccessible } from "./fixtures";
import { signUpAndIn } from "./mail";

test("the directory of city services is separate from offers and links to the official portal", async ({ page }) => {
  await page.goto("/");
  await page.locator(".site-header").getByRole("link", { name: "Verwaltung online" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Verwaltung online");
  await hydrated(page);
  await expect(page.locator(".services-separation")).toContainText("wickelt keine Verwaltungsleistung ab");
  await expect(page.getByRole("heading", { level: 2, name: "Recht & Ordnung" })).toBeVisible();
  await expect(page.locator(".service-item")).toHaveCount(45);
  await expectAccessible(page);

  await page.getByRole("link", { name: "Reisepass beantragen" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Reisepass beantragen");
  await expect(page.getByRole("link", { name: /Zum offiziellen Portal/ })).toHaveAttribute("href", /^https:\/\//);
  await expect(page.locator(".bring-list li").first()).toBeVisible();
  await expectAccessible(page);
});

test("a resident rates a city service and leaves a tip", async ({ page }) => {
  const stamp = Date.now();
  await signUpAndIn(page, "Rita Beispiel", `rita.${stamp}@example.org`);
  await page.goto("/verwaltung/sperrmuell-anmelden");
  await hydrated(page);
  const before = await page.locator(".citizens-view").innerText();

  // Too long a tip is refused with the limit, and the typed choices stay.
  await page.getByLabel("4 Sterne").check();
  await page.getByLabel("Hat online geklappt", { exact: true }).check();
  await page.getByLabel("Ihr Tipp (freiwillig)").evaluate((el) => el.removeAttribute("maxlength"));
  await page.getByLabel("Ihr Tipp (freiwillig)").fill("x".repeat(501));
  await page.getByRole("button", { name: "Bewertung speichern" }).click();
  await expect(page.locator(".field-error")).toHaveText("Der Tipp darf höchstens 500 Zeichen lang sein.");
  await expect(page.getByLabel("4 Sterne")).toBeChecked();
  await expectAccessible(page);

  const tip = `Online-Formular ausfüllen, Termin kommt per Mail (${stamp})`;
  await page.getByLabel("Ihr Tipp (freiwillig)").fill(tip);
  await page.getByRole("button", { name: "Bewertung speichern" }).click();
  await expect(page.locator(".form-note")).toHaveText("Danke! Ihre Bewertung ist gespeichert.");
  await expect(page.locator(".tip-text").first()).toHaveText(tip);
  await expect(page.locator(".citizens-view")).not.toHaveText(before);
  await expect(page.getByRole("heading", { name: "Ihre Bewertung ändern" })).toBeVisible();
  await expectAccessible(page);
});
