// Live data: the WebSocket /api/ws pushes every status (and the packs while subscribed). While the socket is not open
// the client polls GET /api/status (and /api/packs) every 2 s and reconnects the socket with exponential back-off.
// Freshness is decided by the receiving time of the last document (statusAt), never by the link state alone.
import { api, ApiError } from './client';
import type { PacksDocument, Status, WsMessage } from './types';
import { createStore } from '../store';

export type LinkState = 'connecting' | 'websocket' | 'polling';

export interface LiveState {
    status: Status | null;
    /** Date.now() when `status` arrived; 0 = never. */
    statusAt: number;
    packs: PacksDocument | null;
    packsAt: number;
    link: LinkState;
    /** The last read error, cleared by the next success. */
    error: ApiError | null;
}

/** A status older than this is shown as stale (the server pushes at least once a second, polling is every 2 s). */
export const STALE_AFTER_MS = 6000;
const POLL_MS = 2000;
const BACKOFF_MIN_MS = 1000;
const BACKOFF_MAX_MS = 30000;
/** An open socket that sent nothing for this long is treated as dead (half-open TCP). */
const WS_SILENCE_MS = 10000;

export const live = createStore<LiveState>({
    status: null,
    statusAt: 0,
    packs: null,
    packsAt: 0,
    link: 'connecting',
    error: null,
});

let socket: WebSocket | null = null;
let attempts = 0;
let reconnectTimer: number | undefined;
let pollTimer: number | undefined;
let silenceTimer: number | undefined;
let packsWanted = 0;
let started = false;

function patch(p: Partial<LiveState>): void {
    live.set((s) => ({ ...s, ...p }));
}

function acceptStatus(status: Status): void {
    patch({ status, statusAt: Date.now(), error: null });
}

function acceptPacks(packs: PacksDocument): void {
    patch({ packs, packsAt: Date.now() });
}

async function pollOnce(): Promise<void> {
    try {
        const wantPacks = packsWanted > 0;
        const [status, packs] = await Promise.all([api.status(), wantPacks ? api.packs() : Promise.resolve(null)]);
        acceptStatus(status);
        if (packs !== null) acceptPacks(packs);
    } catch (e) {
        if (e instanceof ApiError) patch({ error: e });
    }
}

function startPolling(): void {
    if (pollTimer !== undefined) return;
    void pollOnce();
    pollTimer = window.setInterval(() => void pollOnce(), POLL_MS);
}

function stopPolling(): void {
    if (pollTimer !== undefined) window.clearInterval(pollTimer);
    pollTimer = undefined;
}

function armSilenceTimer(): void {
    if (silenceTimer !== undefined) window.clearTimeout(silenceTimer);
    silenceTimer = window.setTimeout(() => socket?.close(), WS_SILENCE_MS);
}

function sendSubscription(): void {
    if (socket?.readyState === WebSocket.OPEN) {
        socket.send(JSON.stringify({ subscribe: packsWanted > 0 ? ['packs'] : [] }));
    }
}

function scheduleReconnect(): void {
    if (reconnectTimer !== undefined) return;
    const delay = Math.min(BACKOFF_MAX_MS, BACKOFF_MIN_MS * 2 ** attempts) * (0.8 + Math.random() * 0.4);
    attempts = Math.min(attempts + 1, 10);
    reconnectTimer = window.setTimeout(() => {
        reconnectTimer = undefined;
        connect();
    }, delay);
}

function connect(): void {
    if (typeof WebSocket === 'undefined') {
        patch({ link: 'polling' });
        startPolling();
        return;
    }
    const url = `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/api/ws`;
    let ws: WebSocket;
    try {
        ws = new WebSocket(url);
    } catch {
        patch({ link: 'polling' });
        startPolling();
        scheduleReconnect();
        return;
    }
    socket = ws;
    ws.onopen = () => {
        attempts = 0;
        stopPolling();
        patch({ link: 'websocket' });
        sendSubscription();
        armSilenceTimer();
    };
    ws.onmessage = (event: MessageEvent) => {
        armSilenceTimer();
        let message: WsMessage;
        try {
            message = JSON.parse(String(event.data)) as WsMessage;
        } catch {
            return;
        }
        if (message.type === 'status') acceptStatus(message.data);
        else if (message.type === 'packs') acceptPacks(message.data);
    };
    ws.onclose = () => {
        if (socket !== ws) return;
        socket = null;
        if (silenceTimer !== undefined) window.clearTimeout(silenceTimer);
        patch({ link: 'polling' });
        startPolling();
        scheduleReconnect();
    };
    ws.onerror = () => ws.close();
}

export function startLive(): void {
    if (started) return;
    started = true;
    // The first status comes over HTTP at once, so the page is filled before the socket is up.
    void pollOnce();
    connect();
}

/** Asks for pack details while the caller is mounted; returns the release function. */
export function wantPacks(): () => void {
    packsWanted++;
    if (packsWanted === 1 && started) {
        if (socket?.readyState === WebSocket.OPEN) sendSubscription();
        else void pollOnce();
    }
    return () => {
        packsWanted--;
        if (packsWanted === 0) sendSubscription();
    };
}

/** Fetches the status at once (after an action or a login). */
export function refreshNow(): void {
    if (started) void pollOnce();
}
