// Hash router: #/, #/packs, #/packs/3, #/charts, #/energy, #/settings, #/diagnostics, #/login[?next=…&why=…].
// Hash routes work under any path the server's SPA fallback answers.
import { createStore } from './store';

export type RouteName =
    'overview' | 'packs' | 'pack' | 'charts' | 'energy' | 'settings' | 'diagnostics' | 'login' | 'not_found';

export interface Route {
    name: RouteName;
    /** pack address for `pack` */
    address?: number;
    query: URLSearchParams;
    path: string;
}

export function parseHash(hash: string): Route {
    const raw = hash.replace(/^#/, '') || '/';
    const [pathPart, queryPart = ''] = raw.split('?', 2);
    const path = pathPart.replace(/\/+$/, '') || '/';
    const query = new URLSearchParams(queryPart);
    const simple: Record<string, RouteName> = {
        '/': 'overview',
        '/packs': 'packs',
        '/charts': 'charts',
        '/energy': 'energy',
        '/settings': 'settings',
        '/diagnostics': 'diagnostics',
        '/login': 'login',
    };
    if (simple[path]) return { name: simple[path], query, path };
    const pack = /^\/packs\/(\d{1,2})$/.exec(path);
    if (pack && Number(pack[1]) <= 15) return { name: 'pack', address: Number(pack[1]), query, path };
    return { name: 'not_found', query, path };
}

export const route = createStore<Route>(parseHash(location.hash));

window.addEventListener('hashchange', () => route.set(parseHash(location.hash)));

export function navigate(path: string): void {
    location.hash = `#${path}`;
}

/** Sends the user to the login form, to come back to the current page; `why` is an i18n reason id. */
export function goToLogin(why: 'settings' | 'layout' | 'action' | 'firmware' | 'read' | 'expired'): void {
    const current = route.get();
    if (current.name === 'login') return;
    const next = current.path === '/login' ? '/' : current.path;
    navigate(`/login?why=${why}&next=${encodeURIComponent(next)}`);
}
