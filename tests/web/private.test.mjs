// web.public_read false: the dashboard loads (static files are public) but asks for the login before it reads any
// data, so no request fails; after the login the live data comes.
import assert from 'node:assert/strict';
import { text } from './lib/browser.mjs';
import { useRig } from './lib/rig.mjs';

const PASSWORD = 'private-test-password';
const rig = useRig({ packs: 2, password: PASSWORD, config: { web: { public_read: false } } });

rig.it('without public reads the login comes first, with no failed read, then the live data', async () => {
    const anonymous = await rig.gw.request('GET', '/api/status', { cookie: null });
    assert.equal(anonymous.status, 401);
    const { page, problems } = await rig.open({ prefs: { theme: 'simple', mode: 'dark', lang: 'en' } });
    const reads = [];
    page.on('request', (r) => {
        const path = new URL(r.url()).pathname;
        if (path.startsWith('/api/') && path !== '/api/auth' && path !== '/api/auth/login') reads.push(path);
    });
    await page.goto(`${rig.gw.url}/#/packs`);
    await page.getByTestId('login-form').waitFor();
    assert.match(page.url(), /#\/login\?why=read&next=%2Fpacks$/);
    assert.equal(await text(page, 'login-reason'), 'This gateway shows its data only after a login.');
    assert.deepEqual(reads, [], 'reads before the login');

    await page.getByTestId('login-password').fill(PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.waitForURL(/#\/packs$/);
    await page.locator('[data-testid="link-state"][data-state="live"]').waitFor();
    await page.getByTestId('cell-1-16').waitFor();
    assert.equal(await text(page, 'pack-presence-1'), 'online');
    assert.deepEqual(problems, []);
});
