// Headless Chromium (Debian's /usr/bin/chromium) driven by web/'s playwright-core; one fresh context per page, with a
// record of every console error, page error, failed request and HTTP error response.
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(new URL('../../../web/package.json', import.meta.url));
const { chromium } = require('playwright-core');

export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
export const SCREENSHOT_DIR =
    process.env.SCREENSHOT_DIR || fileURLToPath(new URL('../screenshots-out', import.meta.url));
export const VIEWPORT = { width: 1280, height: 800 };
const ARGS = [
    '--headless=new',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
];

export function launchBrowser() {
    return chromium.launch({ executablePath: CHROMIUM, args: ARGS });
}

/**
 * A new context (own cookies and storage) with one page. `prefs` ({theme, mode, lang}) is put into localStorage
 * before the first page script runs, once per context, so a later change by the UI survives reloads.
 * Returns { context, page, problems, close }; `problems` lists console errors, page errors, failed requests and
 * responses ≥ 400 as strings.
 */
export async function openPage(browser, { prefs = null, viewport = VIEWPORT, colorScheme = 'light' } = {}) {
    const context = await browser.newContext({ viewport, colorScheme, locale: 'en-GB' });
    if (prefs) {
        await context.addInitScript((value) => {
            try {
                if (localStorage.getItem('tbg.test.seeded') === null) {
                    localStorage.setItem('tbg.prefs', JSON.stringify(value));
                    localStorage.setItem('tbg.test.seeded', '1');
                }
            } catch {
                // about:blank has no storage
            }
        }, prefs);
    }
    const page = await context.newPage();
    const problems = [];
    page.on('console', (m) => {
        if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('requestfailed', (r) =>
        problems.push(`request failed: ${r.method()} ${r.url()} ${r.failure()?.errorText}`),
    );
    page.on('response', (r) => {
        if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.request().method()} ${r.url()}`);
    });
    return { context, page, problems, close: () => context.close() };
}

export async function screenshot(page, name) {
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    const path = join(SCREENSHOT_DIR, `${name}.png`);
    await page.screenshot({ path });
    return path;
}

/** The text content of a test hook (not innerText: themes transform the case). */
export function text(page, testid) {
    return page.getByTestId(testid).evaluate((el) => el.textContent.trim());
}

/** Parses a displayed number ("53.05 V", "+8.8 A", "1,234 W", "53,05 V" with lang de). */
export function parseShown(shown, lang = 'en') {
    let s = shown.replace(/[\u202f\u00a0\s]/g, '').replace(/[^0-9.,+\-−]/g, '').replace('−', '-');
    s = lang === 'de' ? s.replace(/\./g, '').replace(',', '.') : s.replace(/,/g, '');
    const value = Number(s);
    if (s === '' || !Number.isFinite(value)) throw new Error(`not a number: ${JSON.stringify(shown)}`);
    return value;
}
