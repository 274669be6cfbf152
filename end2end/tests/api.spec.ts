import { test, expect, expectAccessible } from "./fixtures";

test("the API page documents every endpoint and is accessible", async ({ page, request }) => {
  const resp = await page.goto("/api/v1");
  expect(resp?.status()).toBe(200);
  await expect(page.locator("h1")).toContainText("open data API");
  await expect(page.locator("nav li")).toHaveCount(8);
  await expectAccessible(page);

  // The example request under "Published offers" answers with offers.
  const example = await page.locator("#list_offers a code").last().innerText();
  const answer = await request.get(example.replace(/^GET /, ""));
  expect(answer.status()).toBe(200);
  expect((await answer.json()).items.length).toBeGreaterThan(0);
});
