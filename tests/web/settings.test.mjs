// Settings against the real configuration: a change without a session is refused (and leads to the login form), an
// invalid value shows its error (client-side and server-side) and saves nothing, a change after login applies live.
import assert from 'node:assert/strict';
import { text } from './lib/browser.mjs';
import { waitFor } from './lib/gateway.mjs';
import { useRig } from './lib/rig.mjs';

const PASSWORD = 'settings-test-password';
const PREFS = { theme: 'simple', mode: 'light', lang: 'en' };
const rig = useRig({ packs: 3, password: PASSWORD });

const field = (page, key) => page.getByTestId(`field-${key}`);

async function openSettings(page) {
    await page.goto(`${rig.gw.url}/#/settings`);
    await field(page, 'can.bms_name').waitFor();
}

async function logIn(page, next = '/settings') {
    await page.goto(`${rig.gw.url}/#/login?next=${encodeURIComponent(next)}`);
    await page.getByTestId('login-password').fill(PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('logout').waitFor();
}

rig.it('a change without login is refused: the login form says why, the API says 401, nothing is written', async () => {
    const fileBefore = rig.gw.configFile();
    const { page, problems } = await rig.open({ prefs: PREFS });
    await openSettings(page);
    assert.ok(await page.getByTestId('settings-login-hint').isVisible());
    await field(page, 'can.bms_name').fill('NO-LOGIN');
    assert.equal(await text(page, 'settings-changes'), '1 changed');
    await page.getByTestId('settings-save').click();

    await page.waitForURL(/#\/login\?why=settings/);
    assert.equal(await page.getByTestId('login-reason').innerText(), 'Log in to change settings.');
    assert.ok(await page.getByTestId('login-form').isVisible());

    const direct = await page.evaluate(async () => {
        const r = await fetch('/api/config', {
            method: 'PUT',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify({ can: { bms_name: 'NO-LOGIN' } }),
        });
        return { status: r.status, body: await r.json() };
    });
    assert.equal(direct.status, 401);
    assert.equal(direct.body.error.code, 'login_required');
    assert.equal(rig.gw.configFile(), fileBefore, 'the config file changed');
    assert.equal((await rig.gw.get('/api/config')).config.can.bms_name, 'TOPBAND-GATEWAY');
    // The only failure is the refused PUT of the direct fetch; the UI itself sent no change.
    assert.deepEqual(problems.filter((p) => !/status of 401/.test(p) && !/HTTP 401: PUT .*\/api\/config$/.test(p)), []);
    assert.equal(problems.filter((p) => p.startsWith('HTTP 401')).length, 1);

    // After the login the user is back on the settings with the unsaved draft.
    await page.getByTestId('login-password').fill(PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.waitForURL(/#\/settings$/);
    await field(page, 'can.bms_name').waitFor();
    assert.equal(await field(page, 'can.bms_name').inputValue(), 'NO-LOGIN');
    await page.getByTestId('settings-discard').click();
    assert.equal(await field(page, 'can.bms_name').inputValue(), 'TOPBAND-GATEWAY');
    assert.equal(rig.gw.configFile(), fileBefore);
});

rig.it('invalid values show their errors and nothing is saved', async () => {
    const fileBefore = rig.gw.configFile();
    const { page, problems } = await rig.open({ prefs: PREFS });
    await logIn(page);

    // Client side: range, number and step, shown at once; saving stays disabled.
    await field(page, 'control.bulk_cell_mV').fill('3600');
    assert.equal(await text(page, 'field-error-control.bulk_cell_mV'), 'Must be between 3300 and 3550\u202fmV.');
    await field(page, 'control.cvl_max_dV').fill('55.25');
    assert.equal(await text(page, 'field-error-control.cvl_max_dV'), 'Must be a multiple of 0.1\u202fV.');
    await field(page, 'poll.guard_ms').fill('ten');
    assert.equal(await text(page, 'field-error-poll.guard_ms'), 'Enter a number.');
    // Typing stops at the field's max_length (16).
    await field(page, 'can.bms_name').fill('');
    await field(page, 'can.bms_name').pressSequentially('A-NAME-LONGER-THAN-16');
    assert.equal(await field(page, 'can.bms_name').inputValue(), 'A-NAME-LONGER-TH');
    // The address mask: a checkbox per address edits the number, and the number the checkboxes.
    await page.getByTestId('mask-bank.expected_packs_mask-3').check();
    assert.equal(await field(page, 'bank.expected_packs_mask').inputValue(), '8');
    await field(page, 'bank.expected_packs_mask').fill('5');
    assert.ok(await page.getByTestId('mask-bank.expected_packs_mask-0').isChecked());
    assert.ok(await page.getByTestId('mask-bank.expected_packs_mask-2').isChecked());
    assert.ok(!(await page.getByTestId('mask-bank.expected_packs_mask-3').isChecked()));
    assert.match(await text(page, 'settings-changes'), /5 changed · 3 to fix/);
    assert.ok(await page.getByTestId('settings-save').isDisabled());
    await page.getByTestId('settings-discard').click();
    assert.equal(await page.getByTestId('field-error-control.bulk_cell_mV').count(), 0);

    // The schema's charset: printable ASCII only, checked before sending.
    await field(page, 'can.manufacturer').fill('TÖPBAND');
    assert.match(await text(page, 'field-error-can.manufacturer'), /printable ASCII/);
    await field(page, 'can.manufacturer').fill('TOPBAND');

    // Server side: a rule between two keys, which the client does not know.
    await field(page, 'poll.min_timeout_ms').fill('1000');
    await field(page, 'poll.max_timeout_ms').fill('500');
    assert.equal(await page.locator('[data-testid^="field-error-"]').count(), 0, 'the client already objects');
    assert.ok(await page.getByTestId('settings-save').isEnabled());
    const answer = page.waitForResponse((r) => r.url().endsWith('/api/config') && r.request().method() === 'PUT');
    await page.getByTestId('settings-save').click();
    assert.equal((await answer).status(), 422);
    await page.getByTestId('field-error-poll.max_timeout_ms').waitFor();
    assert.match(await text(page, 'field-error-poll.max_timeout_ms'), /at least min_timeout_ms/);
    assert.match(await text(page, 'settings-result'), /^Nothing was saved/);
    // The draft stays for correcting it.
    assert.equal(await field(page, 'poll.max_timeout_ms').inputValue(), '500');

    const config = (await rig.gw.get('/api/config')).config;
    assert.deepEqual([config.poll.min_timeout_ms, config.poll.max_timeout_ms, config.can.manufacturer],
        [100, 2000, 'TOPBAND']);
    assert.equal(rig.gw.configFile(), fileBefore, 'the config file changed');
    assert.deepEqual(problems.filter((p) => !/status of 422/.test(p) && !/HTTP 422: PUT /.test(p)), []);
});

rig.it('a change after login applies at once: confirmed, in the API, status, CAN frames and file', async () => {
    const { page, problems } = await rig.open({ prefs: PREFS });
    await logIn(page);
    await field(page, 'can.bms_name').fill('TBG-WEB-TEST');
    await field(page, 'control.cvl_max_dV').fill('54.0');
    assert.equal(await text(page, 'field-apply-control.cvl_max_dV'), 'live');
    assert.equal(await text(page, 'settings-changes'), '2 changed');
    await page.getByTestId('settings-save').click();
    await page.getByTestId('settings-result').filter({ hasText: 'Saved (2 changed). They are in effect.' }).waitFor();
    assert.equal(await text(page, 'settings-changes'), 'No changes');
    assert.equal(await field(page, 'control.cvl_max_dV').inputValue(), '54.0');

    const config = (await rig.gw.get('/api/config')).config;
    assert.equal(config.can.bms_name, 'TBG-WEB-TEST');
    assert.equal(config.control.cvl_max_dV, 540);
    const file = JSON.parse(rig.gw.configFile());
    assert.equal(file.can.bms_name, 'TBG-WEB-TEST');
    assert.equal(file.control.cvl_max_dV, 540);

    const status = await waitFor('CVL 54.0 V in the status', async () => {
        const s = await rig.gw.status();
        return s.bank.limits.cvl_V === 54 && s;
    });
    assert.match(status.bank.limits.cvl_reason, /54\.0 V/);
    await waitFor('the new BMS name in the CAN frames', async () => {
        const texts = (await rig.gw.get('/api/frames')).can.map((f) => f.text);
        return texts.includes('0x370 BMS name (1/2) "TBG-WEB-"') && texts.includes('0x371 BMS name (2/2) "TEST"');
    });

    await page.getByTestId('nav-overview').click();
    await page.getByTestId('cvl-value').filter({ hasText: '54.0\u202fV' }).waitFor();
    await page.reload();
    await page.getByTestId('nav-settings').click();
    assert.equal(await field(page, 'can.bms_name').inputValue(), 'TBG-WEB-TEST');
    assert.deepEqual(problems, []);
});
