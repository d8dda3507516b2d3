// The Custom Dashboard's layout editor: a drag-and-drop reorder is saved on the device (PUT /api/layout) and comes
// back after a reload and in a fresh browser context without a login.
import assert from 'node:assert/strict';
import { screenshot } from './lib/browser.mjs';
import { useRig } from './lib/rig.mjs';

const PASSWORD = 'layout-test-password';
const PREFS = { theme: 'custom-dashboard', mode: 'light', lang: 'en' };
const rig = useRig({ packs: 3, password: PASSWORD });

/** The widget ids of the grid in their order. */
function order(page) {
    return page.locator('[data-testid="widget-grid"] > [data-widget-id]').evaluateAll((els) =>
        els.map((el) => el.getAttribute('data-widget-id')),
    );
}

async function logIn(page, next) {
    await page.goto(`${rig.gw.url}/#/login?next=${encodeURIComponent(next)}`);
    await page.getByTestId('login-password').fill(PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('logout').waitFor();
}

rig.it('editing the layout needs a login', async () => {
    const { page, problems } = await rig.open({ prefs: PREFS });
    await page.goto(`${rig.gw.url}/#/`);
    await page.getByTestId('edit-layout').click();
    await page.waitForURL(/#\/login\?why=layout/);
    assert.equal(await page.getByTestId('login-reason').innerText(), 'Log in to edit the dashboard layout.');
    assert.deepEqual(problems, []);
});

rig.it('a widget dragged onto another keeps its new place after a reload and in another browser', async () => {
    assert.deepEqual(await rig.gw.get('/api/layout'), { layout: null });
    const { page, problems } = await rig.open({ prefs: PREFS });
    await logIn(page, '/');
    await page.getByTestId('widget-grid').waitFor();
    const before = await order(page);
    assert.deepEqual(before.slice(0, 3), ['soc', 'power', 'voltage']);

    await page.getByTestId('edit-layout').click();
    await page.getByTestId('save-layout').waitFor();
    // Dragging "voltage" onto "soc" puts it first; the others move one place on.
    await page.getByTestId('widget-voltage').dragTo(page.getByTestId('widget-soc'));
    const expected = ['voltage', 'soc', 'power', ...before.slice(3)];
    assert.deepEqual(await order(page), expected);
    assert.equal(await page.getByTestId('widget-voltage').getAttribute('data-index'), '0');
    await page.getByTestId('save-layout').click();
    await page.getByTestId('layout-message').filter({ hasText: 'Layout saved' }).waitFor();
    assert.equal(await page.getByTestId('edit-layout').count(), 1, 'the editor closes after saving');

    const stored = await rig.gw.get('/api/layout');
    assert.deepEqual(stored.layout.widgets.map((w) => w.id), expected);

    await page.reload();
    await page.locator('[data-testid="link-state"][data-state="live"]').waitFor();
    await page.getByTestId('widget-voltage').waitFor();
    assert.deepEqual(await order(page), expected);
    await screenshot(page, 'custom-dashboard-after-reorder');
    assert.deepEqual(problems, []);

    const other = await rig.open({ prefs: PREFS });
    await other.page.goto(`${rig.gw.url}/#/`);
    await other.page.getByTestId('nav-login').waitFor();
    await other.page.waitForFunction(() =>
        document.querySelector('[data-testid="widget-grid"] > [data-widget-id]')?.getAttribute('data-widget-id') ===
        'voltage');
    assert.deepEqual(await order(other.page), expected);
    assert.deepEqual(other.problems, []);
});
