// HTTP client of the gateway API. Every request is same-origin with the session cookie; every change (PUT, POST)
// carries `Content-Type: application/json` (the server's CSRF guard), the firmware image alone is an octet-stream.
// Errors become ApiError with the envelope's code, message and per-field messages.
import type {
    ActionAnswer,
    ActionName,
    AuthState,
    ConfigDocument,
    ConfigPutAnswer,
    ConfigTree,
    Energy,
    ErrorEnvelope,
    Frames,
    History,
    Layout,
    LayoutDocument,
    LogDocument,
    LoginAnswer,
    OtaAnswer,
    PackDetail,
    PacksDocument,
    Status,
} from './types';

export class ApiError extends Error {
    /** HTTP status; 0 when the gateway could not be reached. */
    readonly status: number;
    readonly code: string;
    readonly fields: Record<string, string>;
    /** Seconds from the `Retry-After` header (429), else null. */
    readonly retryAfter: number | null;

    constructor(
        status: number,
        code: string,
        message: string,
        fields: Record<string, string> = {},
        retryAfter: number | null = null,
    ) {
        super(message);
        this.status = status;
        this.code = code;
        this.fields = fields;
        this.retryAfter = retryAfter;
    }

    get loginRequired(): boolean {
        return this.status === 401 && this.code === 'login_required';
    }
}

type Listener = (error: ApiError) => void;
const unauthorizedListeners = new Set<Listener>();

/** Called for every `401 login_required`, so the app can send the user to the login form. */
export function onLoginRequired(listener: Listener): () => void {
    unauthorizedListeners.add(listener);
    return () => unauthorizedListeners.delete(listener);
}

const TIMEOUT_MS = 10000;

async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const init: RequestInit = { method, credentials: 'same-origin', headers: { Accept: 'application/json' } };
    if (method !== 'GET') {
        init.headers = { Accept: 'application/json', 'Content-Type': 'application/json' };
        init.body = JSON.stringify(body ?? {});
    }
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), TIMEOUT_MS);
    init.signal = controller.signal;
    let response: Response;
    try {
        response = await fetch(path, init);
    } catch (e) {
        throw new ApiError(0, 'unreachable', e instanceof Error ? e.message : String(e));
    } finally {
        clearTimeout(timer);
    }
    const text = await response.text().catch(() => '');
    return answer<T>(response.status, response.statusText, text, response.headers.get('Retry-After'));
}

/** The answer of the gateway: the JSON document, or ApiError from the error envelope (or from the status alone). */
function answer<T>(status: number, statusText: string, text: string, retry: string | null): T {
    let doc: unknown = null;
    if (text !== '') {
        try {
            doc = JSON.parse(text);
        } catch {
            doc = null;
        }
    }
    if (status < 200 || status > 299) {
        const envelope = (doc as ErrorEnvelope | null)?.error;
        const retryAfter = retry !== null && /^\d+$/.test(retry.trim()) ? Number(retry) : null;
        const error = new ApiError(
            status,
            envelope?.code ?? `http_${status}`,
            envelope?.message ?? (statusText || `HTTP ${status}`),
            envelope?.fields ?? {},
            retryAfter,
        );
        if (error.loginRequired) unauthorizedListeners.forEach((l) => l(error));
        throw error;
    }
    if (doc === null) throw new ApiError(status, 'invalid_answer', 'the answer is not JSON');
    return doc as T;
}

/** The whole upload may take minutes over Wi-Fi; the gateway verifies the image before it answers. */
const UPLOAD_TIMEOUT_MS = 300000;

/**
 * POST /api/ota: the firmware image as `application/octet-stream` (not JSON: the one exception to the CSRF rule,
 * which a cross-site form cannot send either), with upload progress, which fetch cannot report.
 */
export function uploadFirmware(image: Blob, onProgress: (sent: number, total: number) => void): Promise<OtaAnswer> {
    return new Promise((resolve, reject) => {
        const xhr = new XMLHttpRequest();
        xhr.open('POST', '/api/ota');
        xhr.setRequestHeader('Accept', 'application/json');
        xhr.setRequestHeader('Content-Type', 'application/octet-stream');
        xhr.timeout = UPLOAD_TIMEOUT_MS;
        xhr.upload.onprogress = (e) => onProgress(e.loaded, e.lengthComputable ? e.total : image.size);
        xhr.onload = () => {
            try {
                const retry = xhr.getResponseHeader('Retry-After');
                resolve(answer<OtaAnswer>(xhr.status, xhr.statusText, xhr.responseText, retry));
            } catch (e) {
                reject(e);
            }
        };
        xhr.onerror = () => reject(new ApiError(0, 'unreachable', 'the upload was interrupted'));
        xhr.ontimeout = () => reject(new ApiError(0, 'timeout', 'no answer to the upload'));
        xhr.send(image);
    });
}

export const api = {
    auth: () => request<AuthState>('GET', '/api/auth'),
    setup: (password: string) => request<LoginAnswer>('POST', '/api/auth/setup', { password }),
    login: (password: string) => request<LoginAnswer>('POST', '/api/auth/login', { password }),
    logout: () => request<LoginAnswer>('POST', '/api/auth/logout', {}),
    changePassword: (current: string, next: string) =>
        request<unknown>('PUT', '/api/auth/password', { current, new: next }),
    status: () => request<Status>('GET', '/api/status'),
    packs: () => request<PacksDocument>('GET', '/api/packs'),
    pack: (address: number) => request<PackDetail>('GET', `/api/packs/${address}`),
    history: (hours: number) => request<History>('GET', `/api/history?hours=${hours}`),
    energy: (days: number, months: number) => request<Energy>('GET', `/api/energy?days=${days}&months=${months}`),
    frames: (limit: number) => request<Frames>('GET', `/api/frames?limit=${limit}`),
    log: (limit: number) => request<LogDocument>('GET', `/api/log?limit=${limit}`),
    config: () => request<ConfigDocument>('GET', '/api/config'),
    putConfig: (changes: ConfigTree) => request<ConfigPutAnswer>('PUT', '/api/config', changes),
    layout: () => request<LayoutDocument>('GET', '/api/layout'),
    putLayout: (layout: Layout) => request<LayoutDocument>('PUT', '/api/layout', { layout }),
    action: (name: ActionName) => request<ActionAnswer>('POST', `/api/actions/${name}`, {}),
};
