// Live data on the overview (values follow the pushed status and change), the language switch, and the
// lost-connection banner when the gateway stops (the last test: it stops this file's gateway).
import assert from 'node:assert/strict';
import { parseShown, screenshot, text } from './lib/browser.mjs';
import { waitFor } from './lib/gateway.mjs';
import { useRig } from './lib/rig.mjs';

const rig = useRig({ packs: 3 });
const PREFS = { theme: 'modern-glass', mode: 'light', lang: 'en' };

/** Records every status document the page receives, over the WebSocket or HTTP, by `seq`. */
function recordStatuses(page) {
    const bySeq = new Map();
    page.on('websocket', (ws) =>
        ws.on('framereceived', (frame) => {
            try {
                const message = JSON.parse(frame.payload);
                if (message.type === 'status') bySeq.set(message.data.seq, message.data);
            } catch {
                // not a JSON text frame
            }
        }),
    );
    page.on('response', async (response) => {
        if (new URL(response.url()).pathname !== '/api/status' || response.status() !== 200) return;
        const status = await response.json().catch(() => null);
        if (status) bySeq.set(status.seq, status);
    });
    return bySeq;
}

/** The shown values and the seq of the status they come from, read in one go. */
function readOverview(page) {
    return page.evaluate(() => {
        const shown = (id) => document.querySelector(`[data-testid="${id}"]`)?.textContent ?? '';
        return {
            seq: Number(document.querySelector('.app')?.getAttribute('data-status-seq')),
            voltage: shown('voltage-value'),
            current: shown('current-value'),
            power: shown('power-value'),
            cellMin: shown('cell-min-value').split(/\s(?=pack|Pack)/)[0],
            cellMax: shown('cell-max-value').split(/\s(?=pack|Pack)/)[0],
        };
    });
}

/** Asserts that every shown value is the value of the status it was rendered from, within its rounding. */
function assertMatches(reading, status) {
    const bank = status.bank;
    const near = (shown, value, decimals, what) => {
        const diff = Math.abs(parseShown(shown) - value);
        assert.ok(diff <= 0.5 * 10 ** -decimals + 1e-9, `${what}: shown ${shown}, API ${value} (seq ${status.seq})`);
    };
    near(reading.voltage, bank.voltage_V, 2, 'voltage');
    near(reading.current, bank.current_A, 1, 'current');
    near(reading.power, bank.power_W, 0, 'power');
    near(reading.cellMin, bank.cell_min.V, 3, 'lowest cell');
    near(reading.cellMax, bank.cell_max.V, 3, 'highest cell');
}

rig.it('the overview shows the live values of the pushed status, and they change', async () => {
    const { page, problems } = await rig.open({ prefs: PREFS });
    const statuses = recordStatuses(page);
    await page.goto(`${rig.gw.url}/#/`);
    await page.locator('[data-testid="link-state"][data-state="live"]').waitFor();
    await page.locator('.app[data-status-seq]').waitFor();

    const first = await readOverview(page);
    assert.ok(statuses.has(first.seq), `status ${first.seq} was not received by the page`);
    assertMatches(first, statuses.get(first.seq));
    const now = await rig.gw.status();
    assert.ok(now.seq - first.seq <= 3, `the page shows status ${first.seq}, the gateway is at ${now.seq}`);
    assert.equal(await page.getByTestId('voltage-value').getAttribute('data-stale'), null);

    // The demo packs move their current and cells continuously: wait for a different shown value.
    await page.waitForFunction(
        (before) => ['voltage-value', 'current-value', 'power-value', 'cell-min-value', 'cell-max-value'].some(
            (id) => document.querySelector(`[data-testid="${id}"]`)?.textContent !== before[id],
        ),
        {
            'voltage-value': first.voltage, 'current-value': first.current, 'power-value': first.power,
            'cell-min-value': await text(page, 'cell-min-value'), 'cell-max-value': await text(page, 'cell-max-value'),
        },
        { timeout: 30000 },
    );
    const second = await readOverview(page);
    assert.ok(second.seq > first.seq, `seq ${second.seq} after ${first.seq}`);
    assert.ok(statuses.has(second.seq), `status ${second.seq} was not received by the page`);
    assertMatches(second, statuses.get(second.seq));
    assert.notDeepEqual({ ...second, seq: 0 }, { ...first, seq: 0 }, 'the shown values did not change');
    assert.deepEqual(problems, []);
});

rig.it('English and German: labels change, numbers use the German format, the choice survives a reload', async () => {
    const { page, problems } = await rig.open({ prefs: { theme: 'battery-live', mode: 'dark', lang: 'en' } });
    await page.goto(`${rig.gw.url}/#/`);
    await page.locator('[data-testid="link-state"][data-state="live"]').waitFor();
    assert.equal(await text(page, 'nav-overview'), 'Overview');
    assert.equal(await text(page, 'nav-settings'), 'Settings');
    assert.match(await text(page, 'voltage-value'), /^\d+\.\d{2}\u202fV$/);

    await page.getByTestId('lang-select').selectOption('de');
    await page.getByTestId('nav-overview').filter({ hasText: 'Übersicht' }).waitFor();
    assert.equal(await text(page, 'nav-settings'), 'Einstellungen');
    assert.equal(await text(page, 'nav-diagnostics'), 'Diagnose');
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'de');
    assert.match(await text(page, 'voltage-value'), /^\d+,\d{2}\u202fV$/);

    await page.reload();
    await page.locator('[data-testid="link-state"][data-state="live"]').waitFor();
    assert.equal(await text(page, 'nav-overview'), 'Übersicht');
    assert.equal(await page.getByTestId('lang-select').inputValue(), 'de');
    assert.match(await text(page, 'banner-demo'), /Demo-Modus/);
    await screenshot(page, 'overview-battery-live-dark-de');

    await page.getByTestId('lang-select').selectOption('en');
    await page.getByTestId('nav-overview').filter({ hasText: 'Overview' }).waitFor();
    assert.deepEqual(problems, []);
});

rig.it('a stopped gateway: the lost-connection banner, the values marked stale and not shown as live', async () => {
    const { page } = await rig.open({ prefs: PREFS });
    await page.goto(`${rig.gw.url}/#/`);
    await page.locator('[data-testid="link-state"][data-state="live"]').waitFor();
    const before = await text(page, 'voltage-value');
    assert.equal(await page.getByTestId('banner-connection').count(), 0);

    const exit = await rig.gw.stop({ keep: true });
    assert.equal(exit.code, 0, `gateway exit ${JSON.stringify(exit)}`);
    const banner = page.getByTestId('banner-connection');
    await banner.waitFor({ timeout: 20000 });
    assert.match(await banner.innerText(), /Connection to the gateway lost.*not live/s);
    assert.equal(await page.getByTestId('link-state').getAttribute('data-state'), 'lost');
    for (const id of ['voltage-value', 'current-value', 'power-value', 'soc-value']) {
        assert.equal(await page.getByTestId(id).getAttribute('data-stale'), 'true', `${id} not marked stale`);
    }
    // The last values stay visible, greyed; the pack rows are marked too.
    assert.equal(await text(page, 'voltage-value'), before);
    assert.match((await page.getByTestId('pack-row-0').getAttribute('class')) ?? '', /row-stale/);
    await waitFor('the data age to count on', async () => parseShown(await text(page, 'data-age')) >= 6);
});
