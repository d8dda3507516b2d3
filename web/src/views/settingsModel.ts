// The settings form's model: draft values per field key, their validation against the field description of
// GET /api/config, and the nested body of PUT /api/config with only the changed keys.
import type { ConfigField, ConfigTree, ConfigValue } from '../api/types';
import { decimalsOf, num, plain } from '../format';
import { t, type MessageKey } from '../i18n';

/** Text for integer, string, enum and secret inputs; boolean for checkboxes. */
export type Draft = Record<string, string | boolean>;

/** The `charset` rules of string fields (docs/api.md, configuration). */
const CHARSETS: Record<string, RegExp> = {
    printable_ascii: /^[\x20-\x7e]*$/,
    id: /^[A-Za-z0-9_-]*$/,
    topic: /^(?![/])[^+#]*(?<![/])$/,
};

export function valueAt(tree: ConfigTree, key: string): ConfigValue | undefined {
    let node: ConfigValue | ConfigTree | undefined = tree;
    for (const part of key.split('.')) {
        if (node === null || typeof node !== 'object') return undefined;
        node = (node as ConfigTree)[part];
    }
    return node as ConfigValue | undefined;
}

export function setAt(tree: ConfigTree, key: string, value: ConfigValue): void {
    const parts = key.split('.');
    let node = tree;
    for (const part of parts.slice(0, -1)) {
        if (typeof node[part] !== 'object' || node[part] === null) node[part] = {};
        node = node[part] as ConfigTree;
    }
    node[parts[parts.length - 1]] = value;
}

export function scaleOf(field: ConfigField): number {
    return typeof field.scale === 'number' && field.scale > 0 ? field.scale : 1;
}

/** Decimals of the displayed value: the server's `decimals`, else what the scale needs. */
export function decimalsOfField(field: ConfigField): number {
    const d = field.decimals;
    return typeof d === 'number' && Number.isInteger(d) && d >= 0 && d <= 6 ? d : decimalsOf(scaleOf(field));
}

/** The raw integer shown in the field's unit, with the field's decimals, in the UI language. */
export function displayInteger(field: ConfigField, raw: number): string {
    return plain(raw * scaleOf(field), decimalsOfField(field));
}

export function isBitmask(field: ConfigField): boolean {
    return field.type === 'integer' && field.format === 'bitmask16';
}

/** The addresses (bits) set in a bitmask field's draft; null when the draft is not a valid mask. */
export function bitsOf(draft: string | boolean): number[] | null {
    const value = parseDecimal(String(draft));
    if (!Number.isInteger(value) || value < 0 || value > 0xffff) return null;
    return Array.from({ length: 16 }, (_, a) => a).filter((a) => (value & (1 << a)) !== 0);
}

/** The draft text of a bitmask with bit `address` switched on or off (an invalid draft counts as 0). */
export function toggleBit(field: ConfigField, draft: string | boolean, address: number, on: boolean): string {
    const value = parseDecimal(String(draft));
    const base = Number.isInteger(value) && value >= 0 && value <= 0xffff ? value : 0;
    const next = on ? base | (1 << address) : base & ~(1 << address);
    return displayInteger(field, next);
}

export function initialDraft(fields: ConfigField[], config: ConfigTree): Draft {
    const draft: Draft = {};
    for (const f of fields) draft[f.key] = draftOf(f, valueAt(config, f.key));
    return draft;
}

export function draftOf(field: ConfigField, value: ConfigValue | undefined): string | boolean {
    switch (field.type) {
        case 'boolean':
            return value === true;
        case 'integer':
            return typeof value === 'number' ? displayInteger(field, value) : '';
        case 'secret':
            return '';
        default:
            return value === null || value === undefined ? '' : String(value);
    }
}

/** Parses "3.45", "3,45", "1 000" or "1.000,5" (German) into a number; NaN when it is none. */
export function parseDecimal(text: string): number {
    let s = text.trim().replace(/[\s\u202f\u00a0]/g, '');
    if (s === '') return NaN;
    if (s.includes(',') && s.includes('.')) {
        s = s.lastIndexOf(',') > s.lastIndexOf('.') ? s.replace(/\./g, '').replace(',', '.') : s.replace(/,/g, '');
    } else if (s.includes(',')) {
        s = s.replace(',', '.');
    }
    return /^[-+]?(\d+\.?\d*|\.\d+)$/.test(s) ? Number(s) : NaN;
}

export interface Checked {
    error: string | null;
    /** The value to send (raw integer for integers). */
    value: ConfigValue;
}

export function check(field: ConfigField, draft: string | boolean): Checked {
    switch (field.type) {
        case 'boolean':
            return { error: null, value: draft === true };
        case 'integer': {
            const scale = scaleOf(field);
            const decimals = decimalsOfField(field);
            const unit = field.unit ? `\u202f${field.unit}` : '';
            const text = String(draft);
            if (text.trim() === '') return { error: t('val.required'), value: null };
            const shown = parseDecimal(text);
            if (Number.isNaN(shown)) return { error: t('val.number'), value: null };
            const raw = shown / scale;
            const rounded = Math.round(raw);
            if (Math.abs(raw - rounded) > 1e-6 * Math.max(1, Math.abs(raw))) {
                return { error: t('val.step', { step: `${num(scale, decimals)}${unit}` }), value: null };
            }
            if ((field.min !== undefined && rounded < field.min) || (field.max !== undefined && rounded > field.max)) {
                const lo = field.min !== undefined ? displayInteger(field, field.min) : '−∞';
                const hi = field.max !== undefined ? displayInteger(field, field.max) : '∞';
                return { error: t('val.range', { min: lo, max: hi, unit }), value: null };
            }
            return { error: null, value: rounded };
        }
        case 'enum': {
            const text = String(draft);
            if (field.options && !field.options.includes(text)) return { error: t('val.option'), value: null };
            return { error: null, value: text };
        }
        case 'secret':
            return { error: null, value: String(draft) };
        default: {
            const text = String(draft);
            const length = Array.from(text).length;
            if (field.max_length !== undefined && length > field.max_length) {
                return { error: t('val.max_length', { n: field.max_length }), value: null };
            }
            if (field.min_length !== undefined && length < field.min_length) {
                return { error: t('val.min_length', { n: field.min_length }), value: null };
            }
            if (field.charset && text !== '' && !CHARSETS[field.charset]?.test(text)) {
                return { error: t(`val.charset.${field.charset}` as MessageKey), value: null };
            }
            return { error: null, value: text };
        }
    }
}

/** Whether the draft differs from the stored value; an empty secret means "unchanged". */
export function isChanged(field: ConfigField, draft: string | boolean, config: ConfigTree): boolean {
    if (field.type === 'secret') return String(draft) !== '';
    const checked = check(field, draft);
    const stored = valueAt(config, field.key);
    if (checked.error !== null) return draftOf(field, stored) !== draft;
    return checked.value !== (stored ?? (field.type === 'string' ? '' : null));
}

/** The PUT body: the changed keys only, in the layout of the configuration. */
export function changesOf(fields: ConfigField[], draft: Draft, config: ConfigTree): ConfigTree {
    const body: ConfigTree = {};
    for (const f of fields) {
        if (!isChanged(f, draft[f.key], config)) continue;
        const { error, value } = check(f, draft[f.key]);
        if (error === null) setAt(body, f.key, value);
    }
    return body;
}
