// One gateway and one browser per test file, and `it`: a node:test test that on failure prints the gateway's log and
// saves a screenshot of every page it opened (SCREENSHOT_DIR/failed-*.png).
import { after, before, test } from 'node:test';
import { launchBrowser, openPage, screenshot } from './browser.mjs';
import { startGateway } from './gateway.mjs';

/** Starts the gateway (startGateway options) and the browser before the file's tests, stops both after them. */
export function useRig(gatewayOptions = {}) {
    const rig = { gw: null, browser: null, pages: [] };
    before(async () => {
        [rig.gw, rig.browser] = await Promise.all([startGateway(gatewayOptions), launchBrowser()]);
    });
    after(async () => {
        await rig.browser?.close();
        await rig.gw?.stop();
    });
    /** openPage() whose page is closed after the test and photographed when the test fails. */
    rig.open = async (options) => {
        const opened = await openPage(rig.browser, options);
        rig.pages.push(opened);
        return opened;
    };
    /** A test with failure diagnostics; `fn(t)` as for node:test. */
    rig.it = (name, fn, { timeout = 90000 } = {}) =>
        test(name, { timeout }, async (t) => {
            try {
                await fn(t);
            } catch (error) {
                const slug = name.replace(/[^a-z0-9]+/gi, '-').toLowerCase();
                for (const [i, opened] of rig.pages.entries()) {
                    const path = await screenshot(opened.page, `failed-${slug}-${i}`).catch(() => null);
                    if (path) console.error(`screenshot of the failed page: ${path} (${opened.page.url()})`);
                    if (opened.problems.length) console.error(`page problems:\n  ${opened.problems.join('\n  ')}`);
                }
                if (rig.gw) console.error(rig.gw.log());
                throw error;
            } finally {
                for (const opened of rig.pages.splice(0)) await opened.close().catch(() => undefined);
            }
        });
    return rig;
}
