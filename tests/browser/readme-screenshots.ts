/**
 * npx tsx tests/browser/readme-screenshots.ts — the README's pictures, taken from the built site
 * (`npm run build` first) on the demo data: the public page on a desktop, on a phone, in dark
 * mode, and the admin's new-incident form. Written to tests/browser/screenshots/.
 */
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { openDatabase } from '../../db/client.js';
import { SYSTEM } from '../../src/server/audit.js';
import { createUser } from '../../src/server/auth/users.js';
import { seedDemo } from '../../src/server/demo/seed.js';
import { chromiumPath, launchChromium } from '../helpers/browser.js';
import { tempDatabasePath } from '../helpers/db.js';
import { startServer } from '../helpers/server.js';

const OUT = fileURLToPath(new URL('./screenshots/', import.meta.url));
const EMAIL = 'comms@example.com';
const PASSWORD = 'screenshots passphrase';

if (!chromiumPath) throw new Error('No Chromium found (apt-get install chromium, or set CHROMIUM_PATH).');
mkdirSync(OUT, { recursive: true });
const db = tempDatabasePath();
const h = openDatabase(db.path);
seedDemo(h.db, Date.now());
await createUser(h.db, { email: EMAIL, name: 'Casey Comms', role: 'editor', password: PASSWORD }, SYSTEM, Date.now());
h.close();
const server = await startServer(db.path);
const browser = await launchChromium();
try {
  const shots: { file: string; width: number; height: number; dark?: boolean; full?: boolean }[] = [
    { file: 'public-desktop.png', width: 1280, height: 1100 },
    { file: 'public-phone.png', width: 390, height: 844, full: true },
    { file: 'public-dark.png', width: 1280, height: 1100, dark: true },
  ];
  for (const s of shots) {
    const page = await browser.newPage({ viewport: { width: s.width, height: s.height }, colorScheme: s.dark ? 'dark' : 'light', deviceScaleFactor: s.width < 500 ? 2 : 1 });
    await page.goto(`${server.url}/`);
    await page.screenshot({ path: `${OUT}${s.file}`, fullPage: s.full ?? false });
    await page.close();
  }
  const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  await page.goto(`${server.url}/admin/login`);
  await page.getByLabel('Email').fill(EMAIL);
  await page.getByLabel('Password').fill(PASSWORD);
  await Promise.all([page.waitForURL(/\/admin$/), page.getByRole('button', { name: 'Sign in' }).click()]);
  await page.goto(`${server.url}/admin/incidents/new`);
  await page.screenshot({ path: `${OUT}admin-incident-form.png`, fullPage: true });
  console.log(`screenshots written to ${OUT}`);
} finally {
  await browser.close();
  await server.stop();
  db.cleanup();
}
