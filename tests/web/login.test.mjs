// First start without a password: the dashboard offers the setup form, which sets the password and logs in; then
// logout, a wrong password, and a login again.
import assert from 'node:assert/strict';
import { text } from './lib/browser.mjs';
import { useRig } from './lib/rig.mjs';

const rig = useRig({ packs: 1 });
const PREFS = { theme: 'modern-glass', mode: 'light', lang: 'en' };
const PASSWORD = 'first start password';

rig.it('first start: the setup form sets the admin password and logs in', async () => {
    assert.deepEqual(await rig.gw.get('/api/auth'), { password_set: false, logged_in: false, public_read: true });
    const { page, problems } = await rig.open({ prefs: PREFS });
    await page.goto(`${rig.gw.url}/#/`);
    await page.getByTestId('nav-login').click();
    await page.getByTestId('setup-form').waitFor();

    await page.getByTestId('login-password').fill('short');
    await page.getByTestId('login-password-repeat').fill('short');
    await page.getByTestId('login-submit').click();
    assert.equal(await text(page, 'login-error'), 'The password must have 8 to 128 characters.');
    await page.getByTestId('login-password').fill(PASSWORD);
    await page.getByTestId('login-password-repeat').fill(`${PASSWORD}!`);
    await page.getByTestId('login-submit').click();
    assert.equal(await text(page, 'login-error'), 'The two passwords differ.');
    assert.equal((await rig.gw.get('/api/auth')).password_set, false, 'a rejected form set a password');

    await page.getByTestId('login-password-repeat').fill(PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('logout').waitFor();
    assert.equal((await rig.gw.get('/api/auth')).password_set, true);
    // The browser holds the session: its own GET /api/auth says so.
    const state = await page.evaluate(() => fetch('/api/auth').then((r) => r.json()));
    assert.equal(state.logged_in, true);
    assert.deepEqual(problems, []);
});

rig.it('logout, a wrong password is refused, the right one logs in', async () => {
    const { page, problems } = await rig.open({ prefs: PREFS });
    await page.goto(`${rig.gw.url}/#/login`);
    await page.getByTestId('login-form').waitFor();
    await page.getByTestId('login-password').fill('not the password');
    await page.getByTestId('login-submit').click();
    assert.equal(await page.getByTestId('login-error').innerText(), 'Wrong password.');
    await page.getByTestId('login-password').fill(PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('logout').waitFor();
    await page.getByTestId('logout').click();
    await page.getByTestId('nav-login').waitFor();
    const state = await page.evaluate(() => fetch('/api/auth').then((r) => r.json()));
    assert.equal(state.logged_in, false);
    // The refused login is the only failed request.
    const refused = (p) => /status of 401/.test(p) || /HTTP 401: POST .*\/api\/auth\/login$/.test(p);
    assert.deepEqual(problems.filter((p) => !refused(p)), []);
});
