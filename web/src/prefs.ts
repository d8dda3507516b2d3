// User preferences kept in localStorage: theme, mode (light/dark/auto) and language. Applying them sets
// `data-theme` (theme id), `data-mode` (the resolved "light" or "dark") and `data-mode-pref` on <html>.
import { createStore } from './store';

export const THEMES = [
    { id: 'modern-glass', name: 'Modern Glass' },
    { id: 'battery-live', name: 'Battery Live' },
    { id: 'cyberpunk-hud', name: 'Cyberpunk HUD' },
    { id: 'custom-dashboard', name: 'Custom Dashboard' },
    { id: 'retro-dark', name: 'Retro Dark' },
    { id: 'simple', name: 'Simple' },
    { id: 'soft-ui', name: 'Soft UI' },
] as const;

export type ThemeId = (typeof THEMES)[number]['id'];
export type ModePref = 'auto' | 'light' | 'dark';
export type Lang = 'en' | 'de';

export interface Prefs {
    theme: ThemeId;
    mode: ModePref;
    lang: Lang;
}

const KEY = 'tbg.prefs';

function read(): Prefs {
    const fallbackLang: Lang = (navigator.language || 'en').toLowerCase().startsWith('de') ? 'de' : 'en';
    const defaults: Prefs = { theme: 'modern-glass', mode: 'auto', lang: fallbackLang };
    try {
        const stored = JSON.parse(localStorage.getItem(KEY) ?? '{}') as Partial<Prefs>;
        return {
            theme: THEMES.some((t) => t.id === stored.theme) ? (stored.theme as ThemeId) : defaults.theme,
            mode: stored.mode === 'light' || stored.mode === 'dark' || stored.mode === 'auto' ? stored.mode : 'auto',
            lang: stored.lang === 'en' || stored.lang === 'de' ? stored.lang : defaults.lang,
        };
    } catch {
        return defaults;
    }
}

export const prefs = createStore<Prefs>(read());

const darkQuery = typeof matchMedia === 'function' ? matchMedia('(prefers-color-scheme: dark)') : null;

export function resolvedMode(p: Prefs = prefs.get()): 'light' | 'dark' {
    if (p.mode !== 'auto') return p.mode;
    return darkQuery?.matches ? 'dark' : 'light';
}

function apply(p: Prefs): void {
    const root = document.documentElement;
    root.dataset.theme = p.theme;
    root.dataset.mode = resolvedMode(p);
    root.dataset.modePref = p.mode;
    root.lang = p.lang;
    root.style.colorScheme = resolvedMode(p);
}

export function setPrefs(change: Partial<Prefs>): void {
    prefs.set((p) => ({ ...p, ...change }));
    try {
        localStorage.setItem(KEY, JSON.stringify(prefs.get()));
    } catch {
        // private mode: the preference lasts for this page only
    }
}

export function initPrefs(): void {
    apply(prefs.get());
    prefs.subscribe(apply);
    darkQuery?.addEventListener('change', () => apply(prefs.get()));
}
