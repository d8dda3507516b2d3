// topband-gateway in demo mode for the browser tests. Every instance has its own free port, temporary state dir and
// config file, and is stopped by stop() (SIGTERM, then SIGKILL), by the `exit` handler of the test process, or at
// the latest by --exit-after-s. The binary is $TBG_GATEWAY, else the dev build.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const GATEWAY =
    process.env.TBG_GATEWAY ||
    fileURLToPath(new URL('../../../build/dev/targets/linux/topband-gateway', import.meta.url));

const LOG_LINES = 300;
const running = new Set();
process.on('exit', () => {
    for (const gw of running) gw.child.kill('SIGKILL');
});

function freePort() {
    return new Promise((resolve, reject) => {
        const server = createServer();
        server.unref();
        server.on('error', reject);
        server.listen(0, '127.0.0.1', () => {
            const { port } = server.address();
            server.close(() => resolve(port));
        });
    });
}

/** Keeps the last LOG_LINES lines of a stream. */
function tail(stream, lines) {
    let partial = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk) => {
        const parts = (partial + chunk).split('\n');
        partial = parts.pop();
        lines.push(...parts);
        if (lines.length > LOG_LINES) lines.splice(0, lines.length - LOG_LINES);
    });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Polls `probe` until it returns a truthy value; throws with `what` after `timeoutMs`. */
export async function waitFor(what, probe, { timeoutMs = 15000, intervalMs = 100 } = {}) {
    const end = Date.now() + timeoutMs;
    let last;
    for (;;) {
        try {
            const value = await probe();
            if (value) return value;
        } catch (e) {
            last = e;
        }
        if (Date.now() > end) {
            throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${last}` : ''}`);
        }
        await sleep(intervalMs);
    }
}

export class Gateway {
    constructor({ child, port, dir, packs }) {
        this.child = child;
        this.port = port;
        this.dir = dir;
        this.packs = packs;
        this.url = `http://127.0.0.1:${port}`;
        this.configPath = join(dir, 'config.json');
        /** A session for the helper's own reads while web.public_read is false (set by startGateway). */
        this.cookie = null;
        this.stdout = [];
        this.stderr = [];
        this.exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
        this.exitedNow = null;
        this.exited.then((e) => {
            this.exitedNow = e;
            running.delete(this);
        });
        tail(child.stdout, this.stdout);
        tail(child.stderr, this.stderr);
        running.add(this);
    }

    /** One HTTP request: { status, headers, json, text }. `cookie` is a session cookie from login(). */
    async request(method, path, { body, cookie = this.cookie, contentType = 'application/json' } = {}) {
        const headers = { Accept: 'application/json' };
        if (body !== undefined) headers['Content-Type'] = contentType;
        if (cookie) headers.Cookie = cookie;
        const response = await fetch(this.url + path, {
            method,
            headers,
            body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
        });
        const text = await response.text();
        let json = null;
        try {
            json = JSON.parse(text);
        } catch {
            json = null;
        }
        return { status: response.status, headers: response.headers, json, text };
    }

    async get(path, options) {
        const answer = await this.request('GET', path, options);
        if (answer.status !== 200) throw new Error(`GET ${path}: ${answer.status} ${answer.text}`);
        return answer.json;
    }

    status() {
        return this.get('/api/status');
    }

    /** Logs in over HTTP and returns the `tbg_session=…` cookie. */
    async login(password) {
        const answer = await this.request('POST', '/api/auth/login', { body: { password } });
        if (answer.status !== 200) throw new Error(`login: ${answer.status} ${answer.text}`);
        const cookie = (answer.headers.get('set-cookie') || '').split(';')[0];
        if (!cookie.startsWith('tbg_session=')) throw new Error(`login: no session cookie (${cookie})`);
        return cookie;
    }

    configFile() {
        return readFileSync(this.configPath, 'utf8');
    }

    /** The last lines of the gateway's stderr and stdout, for a failure report. */
    log() {
        return [
            `---- topband-gateway ${this.url} state dir ${this.dir}`,
            this.exitedNow ? `---- exited: ${JSON.stringify(this.exitedNow)}` : '---- still running',
            '---- stderr (last lines)',
            ...this.stderr,
            '---- stdout (last lines)',
            ...this.stdout.slice(-40),
        ].join('\n');
    }

    /** SIGTERM, SIGKILL after 10 s; resolves with { code, signal }. Removes the state dir unless `keep`. */
    async stop({ keep = false } = {}) {
        if (!this.exitedNow) {
            this.child.kill('SIGTERM');
            const killer = setTimeout(() => this.child.kill('SIGKILL'), 10000);
            await this.exited;
            clearTimeout(killer);
        }
        if (!keep) rmSync(this.dir, { recursive: true, force: true });
        return this.exitedNow;
    }
}

/** The energy ledger of a state.json: `days` whole days before today with values, today and this month included. */
export function energyState(days = 6) {
    const pad = (n) => String(n).padStart(2, '0');
    const iso = (d) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
    const list = [];
    const months = new Map();
    const now = new Date();
    for (let i = days; i >= 0; i--) {
        const d = new Date(now.getFullYear(), now.getMonth(), now.getDate() - i);
        const charged = 1_000_000 + 450_000 * ((i * 7) % 5); // mWh
        const discharged = 800_000 + 300_000 * ((i * 3) % 4);
        list.push([iso(d), charged, discharged]);
        const month = iso(d).slice(0, 7);
        const m = months.get(month) ?? [0, 0];
        months.set(month, [m[0] + charged, m[1] + discharged]);
    }
    const ledger = { days: list, months: [...months].map(([k, [c, d]]) => [k, c, d]), pending: [0, 0] };
    const total = list.reduce((s, e) => [s[0] + e[1], s[1] + e[2]], [0, 0]);
    return {
        charged_Wh: Math.round(total[0] / 1000) + 500000,
        discharged_Wh: Math.round(total[1] / 1000) + 450000,
        energy_ledger: ledger,
    };
}

/**
 * Starts a demo gateway and waits until every simulated pack is online.
 * options: packs (1…16, default 3), password (set with `passwd` before the start), config (a config object written
 * as the config file), state (a state.json document), lifetimeS (--exit-after-s, default 600).
 */
export async function startGateway({ packs = 3, password = null, config = null, state = null, lifetimeS = 600 } = {}) {
    if (!existsSync(GATEWAY)) throw new Error(`topband-gateway not found at ${GATEWAY} (set TBG_GATEWAY)`);
    const dir = mkdtempSync(join(tmpdir(), 'tbg-web-'));
    const configPath = join(dir, 'config.json');
    if (config) writeFileSync(configPath, JSON.stringify(config, null, 2));
    if (state) writeFileSync(join(dir, 'state.json'), JSON.stringify(state));
    if (password !== null) {
        const result = spawnSync(GATEWAY, ['passwd', '--state-dir', dir], { input: `${password}\n`, encoding: 'utf8' });
        if (result.status !== 0) throw new Error(`passwd failed (${result.status}): ${result.stderr}`);
    }
    const port = await freePort();
    const args = ['run', '--demo', '--demo-packs', String(packs), '--http', `127.0.0.1:${port}`, '--state-dir', dir,
        '--config', configPath, '--exit-after-s', String(lifetimeS)];
    const child = spawn(GATEWAY, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const gw = new Gateway({ child, port, dir, packs });
    try {
        await waitFor(`${packs} packs online at ${gw.url}`, async () => {
            if (gw.exitedNow) throw new Error(`the gateway exited: ${JSON.stringify(gw.exitedNow)}`);
            if (password !== null && gw.cookie === null) {
                const probe = await gw.request('GET', '/api/status');
                if (probe.status === 401) gw.cookie = await gw.login(password);
            }
            const status = await gw.status();
            return status.packs.filter((p) => p.online).length === packs && status.bank.online;
        }, { timeoutMs: 30000, intervalMs: 150 });
    } catch (e) {
        const log = gw.log();
        await gw.stop();
        throw new Error(`${e.message}\n${log}`);
    }
    return gw;
}
