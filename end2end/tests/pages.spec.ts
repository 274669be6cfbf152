import { test, expect, hydrated, expectAccessible, resultCount } from "./fixtures";

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the start page is rendered on the server", async ({ page }) => {
    await page.goto("/");
    await expect(page.locator("h1")).toContainText("Angebote in Duisburg");
    const titles = page.locator(".offer-card h3");
    await expect(titles.first()).toBeVisible();
    expect(await titles.count()).toBeGreaterThan(0);
    await expect(page.locator(".demo-banner")).toContainText("Demo-Daten");
  });

  test("the filter form works as a plain GET form", async ({ page }) => {
    await page.goto("/angebote");
    const all = await resultCount(page);
    await page.selectOption("#f-bezirk", "rheinhausen");
    await page.getByRole("button", { name: "Filter anwenden" }).click();
    await expect(page).toHaveURL(/bezirk=rheinhausen/);
    expect(await resultCount(page)).toBeLessThan(all);
  });
});

test("filtering by Stadtbezirk narrows the list without a full reload", async ({ page }) => {
  await page.goto("/angebote");
  await hydrated(page);
  const all = await resultCount(page);
  // A full page load would drop this marker.
  await page.evaluate(() => ((window as any).__noReload = true));
  await page.selectOption("#f-bezirk", "walsum");
  await expect(page).toHaveURL(/\?bezirk=walsum$/);
  await expect.poll(() => resultCount(page)).toBeLessThan(all);
  expect(await page.evaluate(() => (window as any).__noReload)).toBe(true);

  await page.selectOption("#f-kategorie", "handwerk");
  await expect(page).toHaveURL(/kategorie=handwerk/);
  await expect(page).toHaveURL(/bezirk=walsum/);
  await expect(page.locator(".offer-card .eyebrow").first()).toContainText("Handwerk");
});

test("typing a search updates the results without a reload", async ({ page }) => {
  await page.goto("/angebote");
  await hydrated(page);
  const all = await resultCount(page);
  await page.evaluate(() => ((window as any).__noReload = true));
  await page.locator("#f-q").pressSequentially("Wohnungen", { delay: 20 });
  await expect(page).toHaveURL(/\?q=Wohnungen$/);
  await expect.poll(() => resultCount(page)).toBeLessThan(all);
  await expect(page.locator(".offer-card h3").first()).toContainText(/[Ww]ohnung/);
  await expect(page.locator("#f-q")).toBeFocused();
  expect(await page.evaluate(() => (window as any).__noReload)).toBe(true);
});

test("suggestions while typing: a combobox the keyboard drives", async ({ page }) => {
  await page.goto("/angebote");
  await hydrated(page);
  const box = page.locator("#f-q");
  const list = page.locator("#f-q-list");
  await expect(list).toBeHidden();
  await box.pressSequentially("Klemp", { delay: 30 });
  await expect(list).toBeVisible();
  await expect(box).toHaveAttribute("aria-expanded", "true");
  // A trade name nobody's offer uses still suggests its category.
  await expect(list.getByRole("option").first()).toContainText("Sanitär");
  await expectAccessible(page);
  await box.press("ArrowDown");
  await expect(box).toHaveAttribute("aria-activedescendant", "f-q-opt-0");
  await expect(page.locator("#f-q-opt-0")).toHaveAttribute("aria-selected", "true");
  await box.press("Escape");
  await expect(list).toBeHidden();
  await expect(box).toHaveAttribute("aria-expanded", "false");
  await box.press("ArrowDown");
  await expect(list).toBeVisible();
  await box.press("Enter");
  await expect(page).toHaveURL(/kategorie=sanitaer-heizung/);
});

test("the back button restores the previous search", async ({ page }) => {
  await page.goto("/angebote");
  await hydrated(page);
  const all = await resultCount(page);
  await page.selectOption("#f-bezirk", "hamborn");
  await expect(page).toHaveURL(/bezirk=hamborn/);
  await expect.poll(() => resultCount(page)).toBeLessThan(all);
  const hamborn = await resultCount(page);
  await page.selectOption("#f-kategorie", "energie");
  await expect(page).toHaveURL(/kategorie=energie/);
  await expect.poll(() => resultCount(page)).toBeLessThan(hamborn);
  await page.goBack();
  await expect(page).toHaveURL(/\?bezirk=hamborn$/);
  await expect(page.locator("#f-kategorie")).toHaveValue("");
  await expect(page.locator("#f-bezirk")).toHaveValue("hamborn");
  // Other tests publish offers meanwhile: compare with what the server counts now.
  const serverTotal = async () => {
    const resp = await page.request.get("/api/v1/offers?bezirk=hamborn&pro_seite=1");
    return (await resp.json()).pagination.total as number;
  };
  await expect.poll(async () => (await resultCount(page)) - (await serverTotal())).toBe(0);
  expect(await resultCount(page)).toBeGreaterThanOrEqual(hamborn);
});

test("offer and provider pages show database data", async ({ page }) => {
  await page.goto("/angebote?kategorie=wohnen-mieten");
  const card = page.locator(".offer-card").first();
  const title = (await card.locator("h3").innerText()).trim();
  const provider = (await card.locator(".provider-line a").innerText()).trim();
  await card.locator("h3 a").click();
  await expect(page.locator("h1")).toHaveText(title);
  await expect(page.locator(".price.big")).toContainText("€");
  await expect(page.locator(".provider-name")).toHaveText(provider);
  await page.locator(".provider-name a").click();
  await expect(page.locator("h1")).toHaveText(provider);
  await expect(page.locator(".ownership").first()).toBeVisible();
  await expect(page.locator("#bewertungen-h")).toBeVisible();
});

test("Merken works once hydrated and survives a reload", async ({ page }) => {
  await page.goto("/");
  await hydrated(page);
  const count = page.getByTestId("fav-count");
  await expect(count).toHaveText("0");
  const button = page.locator(".offer-card .fav-button").first();
  await expect(button).toHaveAttribute("aria-pressed", "false");
  await button.click();
  await expect(button).toHaveAttribute("aria-pressed", "true");
  await expect(count).toHaveText("1");
  await page.reload();
  await hydrated(page);
  await expect(count).toHaveText("1");
  await expect(page.locator(".offer-card .fav-button").first()).toHaveAttribute("aria-pressed", "true");
  // The buttons are plain HTML the header's island serves: those a swap
  // brings in are marked too.
  await page.goto("/angebote");
  await hydrated(page);
  await expect(count).toHaveText("1");
  const all = await resultCount(page);
  const first = page.locator('.offer-card .fav-button[aria-pressed="false"]').first();
  const id = await first.getAttribute("data-fav");
  await first.click();
  await expect(count).toHaveText("2");
  await page.locator("#f-q").pressSequentially("Wohnungen", { delay: 20 });
  await expect.poll(() => resultCount(page)).toBeLessThan(all);
  await page.locator("#f-q").fill("");
  await expect.poll(() => resultCount(page)).toBe(all);
  await expect(page.locator(`.fav-button[data-fav="${id}"]`).first()).toHaveAttribute("aria-pressed", "true");
});

test("a district on the map filters the list", async ({ page }) => {
  await page.goto("/");
  await hydrated(page);
  const district = page.locator(".district-map a[href='/angebote?bezirk=rheinhausen']");
  await expect(district).toHaveAttribute("aria-label", /^Rheinhausen \d+ Angebote$/);
  const onMap = Number((await district.getAttribute("aria-label"))!.match(/\d+/)![0]);
  await district.click();
  await expect(page).toHaveURL(/\/angebote\?bezirk=rheinhausen$/);
  await expect(page.locator("#f-bezirk")).toHaveValue("rheinhausen");
  expect(await resultCount(page)).toBe(onMap);
});

test("each result says why it stands where it stands", async ({ page }) => {
  await page.goto("/angebote?q=Wohnung");
  await hydrated(page);
  const why = page.locator(".offer-card .why").first();
  await why.locator("summary").click();
  await expect(why.locator("tbody tr")).toHaveCount(5);
  await expect(why).toContainText("Bewertung (Bayes-Mittel)");
  await why.getByRole("link", { name: "Transparenz" }).click();
  await expect(page.locator("h1")).toHaveText("Wie die Reihenfolge entsteht");
});

test("compare three offers side by side", async ({ page }) => {
  await page.goto("/angebote?kategorie=wohnen-mieten");
  await hydrated(page);
  const titles: string[] = [];
  for (let i = 0; i < 3; i++) {
    const card = page.locator(".offer-card").nth(i);
    titles.push((await card.locator("h3").innerText()).trim());
    await card.locator(".compare-pick input").check();
  }
  await page.getByRole("button", { name: "Ausgewählte vergleichen" }).click();
  await expect(page).toHaveURL(/\/vergleich\?angebote=\d+&angebote=\d+&angebote=\d+/);
  await expect(page.locator("table.compare thead th")).toHaveCount(3);
  for (const t of titles) await expect(page.locator("table.compare thead")).toContainText(t);
  await expect(page.locator("table.compare td.best").first()).toBeVisible();
  await expectAccessible(page);
});

test("unknown pages answer 404 with a helpful page", async ({ page }) => {
  const resp = await page.goto("/gibt-es-nicht");
  expect(resp?.status()).toBe(404);
  await expect(page.locator("h1")).toHaveText("Seite nicht gefunden");
});

test.describe("accessibility (axe-core, WCAG 2.1 AA)", () => {
  for (const path of ["/", "/angebote", "/angebote?bezirk=sued&kategorie=handwerk", "/angebote?vermarktung=mieten&zimmer_ab=3&eigentum=cooperative", "/transparenz", "/nicht-da"]) {
    test(`page ${path}`, async ({ page }) => {
      await page.goto(path);
      await hydrated(page);
      await expectAccessible(page);
    });
  }

  test("offer and provider pages", async ({ page }) => {
    await page.goto("/angebote?kategorie=wohnen-kaufen");
    await page.locator(".offer-card h3 a").first().click();
    await expect(page.locator(".offer-page")).toBeVisible();
    await hydrated(page);
    await expectAccessible(page);
    await page.locator(".provider-name a").click();
    await expect(page.locator(".provider-page")).toBeVisible();
    await expectAccessible(page);
  });
});
