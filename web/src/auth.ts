// The session as the dashboard knows it: GET /api/auth, refreshed after login, logout and every 401.
import { api } from './api/client';
import type { AuthState } from './api/types';
import { createStore } from './store';

export const auth = createStore<AuthState | null>(null);
/** true once the first GET /api/auth has answered or failed: the views wait for it (they may need a session). */
export const authSettled = createStore(false);

export async function loadAuth(): Promise<AuthState | null> {
    try {
        const state = await api.auth();
        auth.set(state);
        return state;
    } catch {
        return auth.get();
    } finally {
        authSettled.set(true);
    }
}

export function markLoggedOut(): void {
    const current = auth.get();
    if (current) auth.set({ ...current, logged_in: false });
}
