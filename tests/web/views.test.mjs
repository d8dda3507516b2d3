// The data views against the demo packs: packs (16 cells with the lowest and highest marked, temperature roles),
// one pack's page, the 48 h charts, energy from a seeded ledger, and diagnostics (frames, counters, log).
import assert from 'node:assert/strict';
import { parseShown, screenshot, text } from './lib/browser.mjs';
import { energyState } from './lib/gateway.mjs';
import { useRig } from './lib/rig.mjs';

const rig = useRig({ packs: 3, state: energyState(6) });
const PREFS = { theme: 'modern-glass', mode: 'light', lang: 'en' };

/** Records every packs document the page receives (WebSocket subscription or polling). */
function recordPacks(page) {
    const docs = [];
    page.on('websocket', (ws) =>
        ws.on('framereceived', (frame) => {
            try {
                const message = JSON.parse(frame.payload);
                if (message.type === 'packs') docs.push(message.data);
            } catch {
                // not JSON
            }
        }),
    );
    page.on('response', async (r) => {
        if (new URL(r.url()).pathname === '/api/packs' && r.status() === 200) docs.push(await r.json());
    });
    return docs;
}

function shownCells(page, address) {
    return page.locator(`[data-testid="cells-${address}"] > li`).evaluateAll((items) =>
        items.map((li) => ({
            v: li.querySelector('.cell-v')?.textContent ?? '',
            extreme: li.getAttribute('data-extreme'),
            id: li.getAttribute('data-testid'),
        })),
    );
}

/** Checks one pack's cell bars against the packs documents the page received. */
async function assertCells(page, address, docs) {
    const cells = await shownCells(page, address);
    assert.equal(cells.length, 16, `pack ${address}: ${cells.length} cells`);
    assert.deepEqual(cells.map((c) => c.id), Array.from({ length: 16 }, (_, i) => `cell-${address}-${i + 1}`));
    const volts = cells.map((c) => parseShown(c.v));
    const shown = JSON.stringify(volts);
    const source = docs.find((d) => JSON.stringify(d.packs.find((p) => p.address === address).cells_V) === shown);
    assert.ok(source, `pack ${address}: the shown cells ${shown} are in no received packs document`);
    const min = cells.filter((c) => c.extreme === 'min');
    const max = cells.filter((c) => c.extreme === 'max');
    assert.equal(min.length, 1, `pack ${address}: one lowest cell`);
    assert.equal(max.length, 1, `pack ${address}: one highest cell`);
    assert.equal(parseShown(min[0].v), Math.min(...volts));
    assert.equal(parseShown(max[0].v), Math.max(...volts));
}

rig.it('packs: 16 cells per pack with the lowest and highest marked, and the temperature roles', async () => {
    const { page, problems } = await rig.open({ prefs: PREFS });
    const docs = recordPacks(page);
    await page.goto(`${rig.gw.url}/#/packs`);
    for (const a of [0, 1, 2]) await page.getByTestId(`cell-${a}-16`).waitFor();
    await page.locator('[data-testid="link-state"][data-state="live"]').waitFor();
    const roles = (await rig.gw.get('/api/packs/0')).temperatures.map((s) => s.role);
    assert.deepEqual(roles, ['cell', 'cell', 'cell', 'cell', 'balancer', 'environment', 'mosfet']);
    for (const a of [0, 1, 2]) {
        assert.equal(await text(page, `pack-presence-${a}`), 'online');
        await assertCells(page, a, docs);
        const shownRoles = await page.locator(`[data-testid="temps-${a}"] > li`).evaluateAll((items) =>
            items.map((li) => [li.getAttribute('data-role'), li.querySelector('.role-chip').textContent]));
        assert.deepEqual(shownRoles.map((r) => r[0]), roles);
        assert.deepEqual([...new Set(shownRoles.map((r) => r[1]))], ['Cell', 'Balancer', 'Environment', 'MOSFET']);
    }
    await screenshot(page, 'packs-modern-glass-light');
    assert.deepEqual(problems, []);
});

rig.it('one pack: cells, temperatures, BMS alarms, limits, information and data ages', async () => {
    const { page, problems } = await rig.open({ prefs: { ...PREFS, theme: 'cyberpunk-hud', mode: 'dark' } });
    const docs = recordPacks(page);
    await page.goto(`${rig.gw.url}/#/packs/1`);
    await page.getByTestId('cell-1-16').waitFor();
    await assertCells(page, 1, docs);
    const pack = await rig.gw.get('/api/packs/1');
    assert.equal(await text(page, 'pack-presence'), 'online');
    assert.match(await text(page, 'balancing-note'), /does not report/);
    assert.equal(await page.locator('[data-testid="temps-1"] > li').count(), pack.temperatures.length);
    assert.match(await text(page, 'temp-1-7'), /MOSFET/i);
    assert.equal(await text(page, 'limits-usable'), 'Used by the gateway');
    assert.equal(parseShown(await text(page, 'limit-cell_high_V')), pack.limits.cell_high_V);
    assert.equal(parseShown(await text(page, 'limit-charge_current_max_A')), pack.limits.charge_current_max_A);
    assert.ok(await page.getByTestId('bit-charge_mosfet_on').isVisible(), 'the MOSFET state bit');
    for (const g of ['analog', 'alarm', 'parameters', 'info']) {
        assert.equal(await page.getByTestId(`age-${g}`).getAttribute('data-stale'), 'false', `${g} age`);
    }
    await screenshot(page, 'pack-detail-cyberpunk-hud-dark');
    assert.deepEqual(problems, []);
});

rig.it('charts: four uPlot charts drawn from GET /api/history', async () => {
    const { page, problems } = await rig.open({ prefs: PREFS });
    const historyAnswer = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/history');
    await page.goto(`${rig.gw.url}/#/charts`);
    const history = await (await historyAnswer).json();
    assert.ok(history.points >= 1 && history.power_W.some((v) => v !== null), 'the history has data');
    const last = (series) => [...series].reverse().find((v) => v !== null);
    const legend = async (id, nth) =>
        page.locator(`[data-testid="${id}"] .u-legend .u-series`).nth(nth).locator('.u-value').textContent();
    for (const id of ['chart-power', 'chart-voltage', 'chart-soc', 'chart-temperature']) {
        const canvas = page.locator(`[data-testid="${id}"] canvas`);
        await canvas.waitFor();
        const box = await canvas.boundingBox();
        assert.ok(box.width > 200 && box.height > 100, `${id}: canvas ${JSON.stringify(box)}`);
    }
    // With the cursor off the plot the legends show the newest point.
    assert.equal(parseShown(await legend('chart-power', 1)), Math.round(last(history.power_W)));
    assert.equal(parseShown(await legend('chart-voltage', 1)), Number(last(history.voltage_V).toFixed(2)));
    assert.equal(parseShown(await legend('chart-soc', 1)), Number(last(history.soc_pct).toFixed(1)));
    assert.equal(parseShown(await legend('chart-temperature', 1)), Number(last(history.temperature_min_C).toFixed(1)));
    assert.equal(parseShown(await legend('chart-temperature', 2)), Number(last(history.temperature_max_C).toFixed(1)));
    await page.getByTestId('range-1h').click();
    assert.equal(await page.getByTestId('range-1h').getAttribute('aria-pressed'), 'true');
    assert.deepEqual(problems, []);
});

rig.it('energy: the days and months of the ledger, and the totals', async () => {
    const { page, problems } = await rig.open({ prefs: { ...PREFS, theme: 'soft-ui' } });
    await page.goto(`${rig.gw.url}/#/energy`);
    await page.getByTestId('energy-days-table').waitFor({ state: 'attached' });
    const energy = await rig.gw.get('/api/energy?days=7&months=12');
    assert.equal(energy.clock_valid, true);
    const rows = await page.locator('[data-testid="energy-days-table"] tbody tr').evaluateAll((trs) =>
        trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)));
    assert.equal(rows.length, 7);
    // Days before today come from the seeded ledger and are final; today may grow while the demo charges.
    energy.days.slice(0, 6).forEach((day, i) => {
        assert.ok(day.charged_kWh > 0, `${day.date} has seeded data`);
        assert.deepEqual(rows[i].map((c) => parseShown(c)), [day.charged_kWh, day.discharged_kWh].map((v) =>
            Number(v.toFixed(2))), day.date);
    });
    const months = await page.locator('[data-testid="energy-months-table"] tbody tr').count();
    assert.equal(months, energy.months.length);
    assert.equal(parseShown(await text(page, 'energy-total-charged')), Number(energy.total.charged_kWh.toFixed(1)));
    const bars = await page.locator('[data-testid="energy-days-chart"] rect.bar-a').evaluateAll((rects) =>
        rects.map((r) => Number(r.getAttribute('height'))));
    assert.equal(bars.length, 7);
    assert.ok(bars.slice(0, 6).every((h) => h > 0), `bar heights ${bars}`);
    await page.locator('[data-testid="energy-days"] summary').click();
    await screenshot(page, 'energy-soft-ui-light');
    assert.deepEqual(problems, []);
});

rig.it('diagnostics: RS485 and CAN frames, counters and the gateway log', async () => {
    const { page, problems } = await rig.open({ prefs: { ...PREFS, theme: 'retro-dark', mode: 'dark' } });
    await page.goto(`${rig.gw.url}/#/diagnostics`);
    const rs485 = page.locator('[data-testid="frames-rs485"] > li');
    await rs485.first().waitFor();
    assert.match(await rs485.first().locator('.frame-text').textContent(), /^~[0-9A-F]+/);
    assert.ok(await page.locator('[data-testid="frames-rs485"] .frame-dir.dir-rx').count() > 0, 'no reply frames');
    await page.getByTestId('frames-tab-can').click();
    const can = page.locator('[data-testid="frames-can"] > li');
    await can.first().waitFor();
    const ids = await page.locator('[data-testid="frames-can"] .frame-meta').allTextContents();
    assert.ok(ids.includes('0x351') && ids.includes('0x355'), `CAN ids ${ids}`);
    assert.ok(parseShown(await text(page, 'ctr-rs485-polls')) > 0);
    assert.ok(parseShown(await text(page, 'ctr-can-sets')) > 0);
    const log = await page.locator('[data-testid="log-lines"] .log-text').allTextContents();
    assert.ok(log.some((l) => l.startsWith('demo: 3 simulated')), `log: ${log.slice(0, 5)}`);
    assert.ok(log.some((l) => l === 'rs485: pack 2 online'));
    await screenshot(page, 'diagnostics-retro-dark-dark');
    assert.deepEqual(problems, []);
});
