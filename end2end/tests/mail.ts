import * as fs from "fs";
import * as path from "path";
import { expect, type Page } from "@playwright/test";

/** Mails the app sent through the test SMTP server (aiosmtpd → Maildir). */
function decode(raw: string): string {
  const split = raw.indexOf("\n\n");
  const head = raw.slice(0, split).toLowerCase();
  const body = raw.slice(split + 2);
  if (head.includes("content-transfer-encoding: base64")) {
    return Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8");
  }
  if (head.includes("content-transfer-encoding: quoted-printable")) {
    const joined = body.replace(/=\r?\n/g, "");
    const bytes: number[] = [];
    for (let i = 0; i < joined.length; i++) {
      const hex = joined.slice(i + 1, i + 3);
      if (joined[i] === "=" && /^[0-9A-F]{2}$/i.test(hex)) {
        bytes.push(parseInt(hex, 16));
        i += 2;
      } else {
        bytes.push(...Buffer.from(joined[i], "utf8"));
      }
    }
    return Buffer.from(bytes).toString("utf8");
  }
  return body;
}

/** Waits for the newest mail to `to` and returns the path of its link to `linkPath`. */
export async function linkFromMail(to: string, linkPath: string): Promise<string> {
  const dir = process.env.SCD_MAILDIR;
  if (!dir) throw new Error("SCD_MAILDIR is not set (make test starts the SMTP sink)");
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const newDir = path.join(dir, "new");
    const files = fs.existsSync(newDir) ? fs.readdirSync(newDir).map((f) => path.join(newDir, f)) : [];
    const mails = files
      .map((f) => ({ f, m: fs.statSync(f).mtimeMs, raw: fs.readFileSync(f, "utf8") }))
      .filter((x) => x.raw.toLowerCase().includes(`to: ${to.toLowerCase()}`))
      .sort((a, b) => b.m - a.m);
    for (const { raw } of mails) {
      const text = decode(raw.replace(/\r\n/g, "\n"));
      const at = text.indexOf(`${linkPath}?`);
      if (at >= 0) return text.slice(at).split(/\s/)[0];
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no mail to ${to} with a link to ${linkPath}`);
}

/** Waits for a mail to `to` whose text contains `needle`; returns it decoded, headers included. */
export async function mailContaining(to: string, needle: string): Promise<string> {
  const dir = process.env.SCD_MAILDIR;
  if (!dir) throw new Error("SCD_MAILDIR is not set (make test starts the SMTP sink)");
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    const newDir = path.join(dir, "new");
    const files = fs.existsSync(newDir) ? fs.readdirSync(newDir).map((f) => path.join(newDir, f)) : [];
    for (const f of files) {
      const raw = fs.readFileSync(f, "utf8").replace(/\r\n/g, "\n");
      if (!raw.toLowerCase().includes(`to: ${to.toLowerCase()}`)) continue;
      const head = raw.slice(0, raw.indexOf("\n\n"));
      const text = `${head}\n\n${decode(raw)}`;
      if (text.includes(needle)) return text;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no mail to ${to} containing ${needle}`);
}

const password = "ein langer satz 42";

/** A new, confirmed and signed-in account (through the real sign-up mail). */
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
