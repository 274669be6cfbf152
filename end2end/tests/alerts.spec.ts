import { test, expect, hydrated, expectAccessible } from "./fixtures";
import { mailContaining, signUpAndIn } from "./mail";
import { createProvider } from "./provider-setup";

test("a resident saves a search, a provider publishes a match, the mail and the in-app notice arrive", async ({ page, browser }) => {
  // Two people in two browsers, a real mail server in between.
  test.slow();
  const stamp = Date.now();
  const email = `suse.${stamp}@example.org`;
  await signUpAndIn(page, "Suse Sucht", email);

  // The search: a word only this test's offer has, among roofers.
  await page.goto(`/angebote?q=schiefer${stamp}&kategorie=dach`);
  await hydrated(page);
  await page.getByRole("link", { name: /Suchauftrag speichern/ }).click();
  await expect(page).toHaveURL(/\/suchauftraege\/neu\?/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Suchauftrag speichern");
  await expectAccessible(page);
  await page.getByLabel("Name des Suchauftrags").fill(`Schiefer ${stamp}`);
  await page.getByLabel("Benachrichtigung", { exact: true }).selectOption("instant");
  await page.getByRole("button", { name: "Suchauftrag speichern" }).click();
  await expect(page).toHaveURL(/\/suchauftraege\?hinweis=gespeichert/);
  await expect(page.getByRole("status")).toHaveText("Der Suchauftrag ist gespeichert.");
  await expect(page.getByRole("heading", { name: `Schiefer ${stamp}` })).toBeVisible();
  await hydrated(page);
  await expectAccessible(page);

  // A roofer publishes a matching offer in another browser.
  const provider = await (await browser.newContext()).newPage();
  await signUpAndIn(provider, "Rolf Richter", `rolf.${stamp}@example.org`);
  await createProvider(provider, { name: `Beispiel Schieferdeckerei ${stamp}` });
  const dashboard = provider.url();
  await provider.getByRole("link", { name: "Neues Angebot" }).click();
  await hydrated(provider);
  const title = `Schiefer${stamp} Dach neu decken`;
  await provider.getByLabel("Titel").fill(title);
  await provider.getByLabel("Beschreibung").fill("Wir decken Ihr Dach mit Naturschiefer, sauber und termingerecht.");
  await provider.getByLabel("Kategorie").selectOption("dach");
  await provider.getByLabel("Preisangabe").selectOption("fixed");
  await provider.getByLabel("Preis in €").fill("6.400");
  await provider.getByRole("button", { name: "Speichern" }).click();
  await expect(provider).toHaveURL(/\/dashboard\/\d+$/);
  await provider.goto(dashboard);
  await hydrated(provider);
  await provider.getByRole("button", { name: `Veröffentlichen: ${title}` }).click();
  await expect(provider.getByRole("table", { name: "Ihre Angebote" })).toContainText("Veröffentlicht");

  // The mail: the offer, and a one-click unsubscribe for this search only.
  const mail = await mailContaining(email, title);
  expect(mail).toContain("List-Unsubscribe-Post: List-Unsubscribe=One-Click");
  expect(mail).toMatch(/List-Unsubscribe: <http:\/\/[^>]+\/suchauftrag\/abbestellen\?token=/);

  // In the app: the notice, and the hit on the search's page.
  await page.goto("/benachrichtigungen");
  await hydrated(page);
  await page.getByRole("link", { name: "Ihr Suchauftrag hat neue Treffer." }).click();
  await expect(page).toHaveURL(/\/suchauftraege\/\d+$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Schiefer ${stamp}`);
  await expect(page.locator(".offer-card h3")).toHaveText(title);
  await hydrated(page);
  await expectAccessible(page);

  // The link in the mail asks before it unsubscribes.
  const unsubscribe = mail.match(/(\/suchauftrag\/abbestellen\?token=[^\s>]+)/)![1];
  const reader = await (await browser.newContext()).newPage();
  await reader.goto(unsubscribe);
  await expectAccessible(reader);
  await reader.getByRole("button", { name: "Suchauftrag abbestellen" }).click();
  await expect(reader.getByRole("status")).toContainText("abbestellt");
  await page.goto("/suchauftraege");
  await expect(page.getByText("Sie haben noch keinen Suchauftrag gespeichert.")).toBeVisible();
});
