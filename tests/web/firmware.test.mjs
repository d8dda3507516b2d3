// The firmware update card (Diagnostics): absent on the Linux daemon (status `platform` "linux"); with the status
// rewritten to `platform` "esp32" in the browser (HTTP and WebSocket) and POST /api/ota answered by the test (the
// Linux daemon has no such route), it needs a login, shows the chosen image, uploads it as application/octet-stream
// with the session cookie and progress, and shows the gateway's error message or the restart notice, in both languages.
import assert from 'node:assert/strict';
import { screenshot, text } from './lib/browser.mjs';
import { useRig } from './lib/rig.mjs';

const PASSWORD = 'firmware-test-password';
const PREFS = { theme: 'simple', mode: 'light', lang: 'en' };
const rig = useRig({ packs: 2, password: PASSWORD });

const IMAGE = {
    name: 'topband-gateway.bin',
    mimeType: 'application/octet-stream',
    buffer: Buffer.alloc(1572864, 0xe9),
};

async function logIn(page, next) {
    await page.goto(`${rig.gw.url}/#/login?next=${encodeURIComponent(next)}`);
    await page.getByTestId('login-password').fill(PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('logout').waitFor();
}

/** Waits until the diagnostics show live data, so a missing card is not merely a status that has not come yet. */
async function openDiagnostics(page) {
    await page.goto(`${rig.gw.url}/#/diagnostics`);
    await page.locator('[data-testid="link-state"][data-state="live"]').waitFor();
    await page.locator('.app[data-status-seq]').waitFor();
    await page.getByTestId('counters').waitFor();
}

/** Every status the page receives, over HTTP or the WebSocket, says `platform: "esp32"`. */
async function pretendEsp32(page) {
    const esp32 = (doc) => ({ ...doc, platform: 'esp32' });
    await page.route('**/api/status', async (route) => {
        const response = await route.fetch();
        await route.fulfill({ response, json: esp32(await response.json()) });
    });
    await page.routeWebSocket(/\/api\/ws$/, (ws) => {
        const server = ws.connectToServer();
        server.onMessage((message) => {
            const doc = JSON.parse(String(message));
            ws.send(JSON.stringify(doc.type === 'status' ? { ...doc, data: esp32(doc.data) } : doc));
        });
    });
}

rig.it('the Linux daemon says platform "linux" and the dashboard shows no firmware update', async () => {
    assert.equal((await rig.gw.get('/api/status')).platform, 'linux');
    const { page, problems } = await rig.open({ prefs: PREFS });
    await openDiagnostics(page);
    assert.equal(await page.getByTestId('firmware-update').count(), 0, 'card shown while logged out');
    await logIn(page, '/diagnostics');
    await page.waitForURL(/#\/diagnostics$/);
    await page.getByTestId('counters').waitFor();
    assert.equal(await page.getByTestId('firmware-update').count(), 0, 'card shown while logged in');
    assert.equal(await page.getByTestId('ota-install').count(), 0);
    assert.deepEqual(problems, []);
});

rig.it('on "esp32": login needed, image shown, upload with progress, server error inline, restart notice', async () => {
    const { page, problems } = await rig.open({ prefs: PREFS });
    await pretendEsp32(page);
    const uploads = [];
    let reply = { status: 422, body: { error: { code: 'image_invalid', message: 'not an image of this project' } } };
    let release = () => undefined;
    let held = Promise.resolve();
    await page.route('**/api/ota', async (route) => {
        const request = route.request();
        uploads.push({
            method: request.method(),
            headers: await request.allHeaders(),
            bytes: request.postDataBuffer()?.length ?? 0,
        });
        await held;
        if (reply === 'reset') return route.abort('connectionreset');
        const body = JSON.stringify(reply.body);
        await route.fulfill({ status: reply.status, contentType: 'application/json', body });
    });

    // Logged out: the card, its help and the login hint; choosing works, installing does not.
    await openDiagnostics(page);
    await page.getByTestId('firmware-update').waitFor();
    assert.match(await text(page, 'ota-running'), /^Running: version \d+\.\d+\.\d+, full edition\.$/);
    assert.match(await text(page, 'ota-help'), /same board and the same edition/);
    assert.match(await text(page, 'ota-help'), /previous one comes back automatically/);
    assert.match(await text(page, 'ota-login-hint'), /^You can choose an image; installing it needs a login\. Log in$/);
    await page.getByTestId('ota-file').setInputFiles(IMAGE);
    assert.equal(await text(page, 'ota-file-name'), 'topband-gateway.bin');
    assert.equal(await text(page, 'ota-file-size'), '1.50\u202fMiB (1,572,864 bytes)');
    assert.ok(await page.getByTestId('ota-install').isDisabled(), 'install enabled while logged out');
    await page.getByTestId('ota-login-hint').getByRole('link').click();
    await page.waitForURL(/#\/login\?why=firmware&next=%2Fdiagnostics$/);
    assert.equal(await text(page, 'login-reason'), 'Log in to install a firmware update.');

    // Logged in: a refused image shows the server's message inline.
    await page.getByTestId('login-password').fill(PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.waitForURL(/#\/diagnostics$/);
    await page.getByTestId('firmware-update').waitFor();
    assert.equal(await page.getByTestId('ota-login-hint').count(), 0);
    assert.ok(await page.getByTestId('ota-install').isDisabled(), 'install enabled without a file');
    await page.getByTestId('ota-file').setInputFiles(IMAGE);
    await page.getByTestId('ota-install').click();
    await page.locator('[data-testid="ota-result"][data-outcome="error"]').waitFor();
    assert.equal(await text(page, 'ota-result'), 'Not installed: not an image of this project');
    assert.equal(uploads.length, 1);
    assert.equal(uploads[0].method, 'POST');
    assert.equal(uploads[0].headers['content-type'], 'application/octet-stream');
    assert.match(uploads[0].headers.cookie ?? '', /tbg_session=/);
    assert.equal(uploads[0].bytes, IMAGE.buffer.length);

    // A connection that breaks off (also how a refusal before the body was read can look): no server words to show.
    reply = 'reset';
    await page.getByTestId('ota-install').click();
    await page.locator('[data-testid="ota-result"][data-outcome="error"]', { hasText: 'interrupted' }).waitFor();
    assert.equal(
        await text(page, 'ota-result'),
        'Not installed: the upload was interrupted (the connection closed or the gateway cannot be reached).',
    );

    // Accepted: progress while the answer is pending, then the restart notice; the file is cleared.
    reply = { status: 200, body: { ok: true, bytes: IMAGE.buffer.length, restart: true } };
    held = new Promise((resolve) => {
        release = resolve;
    });
    await page.getByTestId('ota-install').click();
    await page.getByTestId('ota-progress').waitFor();
    assert.equal(await text(page, 'ota-install'), 'Installing…');
    assert.ok(await page.getByTestId('ota-install').isDisabled());
    assert.ok(await page.getByTestId('ota-file').isDisabled());
    const progress = await text(page, 'ota-progress-text');
    assert.match(progress, /^(Uploading… \d+\u202f%|Uploaded; the gateway checks the image…)$/);
    release();
    await page.locator('[data-testid="ota-result"][data-outcome="ok"]').waitFor();
    assert.equal(await page.getByTestId('ota-progress').count(), 0);
    const done = await text(page, 'ota-result');
    assert.match(done, /^topband-gateway\.bin is installed \(1,572,864 bytes written\)\. The gateway restarts/);
    assert.match(done, /This page reconnects by itself/);
    assert.equal(await page.getByTestId('ota-file-name').count(), 0);
    assert.ok(await page.getByTestId('ota-install').isDisabled(), 'install enabled after the installation');
    assert.equal(uploads.length, 3);
    await page.getByTestId('firmware-update').scrollIntoViewIfNeeded();
    await screenshot(page, 'firmware-update-esp32');

    // German: the card and the outcome in the other language.
    await page.getByTestId('lang-select').selectOption('de');
    await page.locator('[data-testid="firmware-update"] .card-title', { hasText: 'Firmware-Update' }).waitFor();
    const german = await text(page, 'ota-result');
    assert.match(german, /^topband-gateway\.bin ist installiert \(1\.572\.864 Byte geschrieben\)\. Das Gateway/);
    assert.match(await text(page, 'ota-help'), /dieselbe Platine und dieselbe Edition/);
    assert.equal(await text(page, 'ota-install'), 'Installieren');

    // The refused and the broken-off upload, each once, and nothing else.
    const expected = [
        /^console error: Failed to load resource: the server responded with a status of 422/,
        /^HTTP 422: POST .*\/api\/ota$/,
        /^request failed: POST .*\/api\/ota net::ERR_CONNECTION_RESET$/,
        /^console error: Failed to load resource: net::ERR_CONNECTION_RESET$/,
    ];
    assert.deepEqual(problems.filter((p) => !expected.some((e) => e.test(p))), []);
    assert.ok(problems.length <= expected.length, problems.join('\n'));
});
