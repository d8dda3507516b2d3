// Translation: t('key', {name: value}) replaces {name}. Every key of `en` must exist in `de` (checked by tsc).
import { prefs, type Lang } from '../prefs';
import { de } from './de';
import { en } from './en';

export type MessageKey = keyof typeof en;
const dictionaries: Record<Lang, Record<MessageKey, string>> = { en, de };

export function lang(): Lang {
    return prefs.get().lang;
}

export function t(key: MessageKey, vars?: Record<string, string | number>): string {
    let text = dictionaries[lang()][key] ?? en[key] ?? key;
    if (vars) {
        for (const [name, value] of Object.entries(vars)) text = text.split(`{${name}}`).join(String(value));
    }
    return text;
}

/** A translation for a server id (alarm ids, states, roles) if one exists, else the fallback text. */
export function tId(prefix: string, id: string, fallback?: string): string {
    const key = `${prefix}.${id}` as MessageKey;
    if (key in en) return t(key);
    return fallback ?? id.replace(/_/g, ' ');
}
