// Number and time formatting in the current language: fixed decimals, units after a narrow no-break space,
// "—" for null or unknown values.
import { lang } from './i18n';

export const DASH = '—';
const NNBSP = '\u202f';
const cache = new Map<string, Intl.NumberFormat>();

function formatter(decimals: number, grouping = true): Intl.NumberFormat {
    const key = `${lang()}:${decimals}:${grouping}`;
    let f = cache.get(key);
    if (!f) {
        f = new Intl.NumberFormat(lang() === 'de' ? 'de-DE' : 'en-GB', {
            minimumFractionDigits: decimals,
            maximumFractionDigits: decimals,
            useGrouping: grouping,
        });
        cache.set(key, f);
    }
    return f;
}

export function isNum(v: unknown): v is number {
    return typeof v === 'number' && Number.isFinite(v);
}

export function num(v: number | null | undefined, decimals: number): string {
    if (!isNum(v)) return DASH;
    const text = formatter(decimals).format(v);
    return text === formatter(decimals).format(-0) ? formatter(decimals).format(0) : text;
}

/** Without digit grouping, for input fields ("3,450" in German, "3.450" in English). */
export function plain(v: number, decimals: number): string {
    return formatter(decimals, false).format(v);
}

export function withUnit(v: number | null | undefined, decimals: number, unit: string): string {
    return isNum(v) ? `${num(v, decimals)}${NNBSP}${unit}` : DASH;
}

/** Power in W below 10 kW (no decimals), else kW with 2 decimals. */
export function power(watts: number | null | undefined): string {
    if (!isNum(watts)) return DASH;
    return Math.abs(watts) >= 10000 ? withUnit(watts / 1000, 2, 'kW') : withUnit(watts, 0, 'W');
}

export function signed(v: number | null | undefined, decimals: number, unit: string): string {
    if (!isNum(v)) return DASH;
    return `${v > 0 ? '+' : ''}${withUnit(v, decimals, unit)}`;
}

/** An age in seconds, compact: "0.4 s", "12 s", "3 min", "2 h 5 min", "3 d". */
export function age(seconds: number | null | undefined): string {
    if (!isNum(seconds)) return DASH;
    if (seconds < 10) return withUnit(seconds, 1, 's');
    if (seconds < 90) return withUnit(seconds, 0, 's');
    if (seconds < 5400) return withUnit(seconds / 60, 0, 'min');
    if (seconds < 172800) {
        const h = Math.floor(seconds / 3600);
        const m = Math.round((seconds % 3600) / 60);
        return m > 0 && h < 10 ? `${h}${NNBSP}h ${m}${NNBSP}min` : `${h}${NNBSP}h`;
    }
    return withUnit(seconds / 86400, 0, 'd');
}

export function duration(seconds: number | null | undefined): string {
    if (!isNum(seconds)) return DASH;
    const d = Math.floor(seconds / 86400);
    const h = Math.floor((seconds % 86400) / 3600);
    const m = Math.floor((seconds % 3600) / 60);
    if (d > 0) return `${d}${NNBSP}d ${h}${NNBSP}h`;
    if (h > 0) return `${h}${NNBSP}h ${m}${NNBSP}min`;
    return `${m}${NNBSP}min ${Math.floor(seconds % 60)}${NNBSP}s`;
}

export function count(v: number | null | undefined): string {
    return num(v, 0);
}

export function clock(unixSeconds: number): string {
    return new Date(unixSeconds * 1000).toLocaleTimeString(lang() === 'de' ? 'de-DE' : 'en-GB', {
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
    });
}

export function dateLabel(iso: string, options: Intl.DateTimeFormatOptions): string {
    const parts = iso.split('-').map(Number);
    const date = new Date(parts[0], (parts[1] ?? 1) - 1, parts[2] ?? 1);
    return Number.isNaN(date.getTime()) ? iso : date.toLocaleDateString(lang() === 'de' ? 'de-DE' : 'en-GB', options);
}

/** Decimals that show every step of `scale` (0.001 → 3, 0.1 → 1, 1 → 0, 5 → 0). */
export function decimalsOf(scale: number): number {
    if (!isNum(scale) || scale >= 1) return 0;
    return Math.min(6, Math.max(0, Math.ceil(-Math.log10(scale) - 1e-9)));
}
