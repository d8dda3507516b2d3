// Pure edits of a widget list (the layout editor's model).
import type { LayoutWidget } from '../api/types';

/** Moves `from` to the place of `to`: after it when moving forward, before it when moving back. */
export function moveTo(list: LayoutWidget[], from: string, to: string): LayoutWidget[] {
    const i = list.findIndex((w) => w.id === from);
    const j = list.findIndex((w) => w.id === to);
    if (i < 0 || j < 0 || i === j) return list;
    const next = list.slice();
    const [item] = next.splice(i, 1);
    next.splice(j, 0, item);
    return next;
}

export function moveBy(list: LayoutWidget[], id: string, delta: number): LayoutWidget[] {
    const i = list.findIndex((w) => w.id === id);
    const j = Math.max(0, Math.min(list.length - 1, i + delta));
    if (i < 0 || i === j) return list;
    return moveTo(list, id, list[j].id);
}

export function resize(
    list: LayoutWidget[],
    id: string,
    change: Partial<Pick<LayoutWidget, 'w' | 'h'>>,
): LayoutWidget[] {
    return list.map((w) => (w.id === id ? { ...w, ...change } : w));
}

export function remove(list: LayoutWidget[], id: string): LayoutWidget[] {
    return list.filter((w) => w.id !== id);
}

export function add(list: LayoutWidget[], id: string): LayoutWidget[] {
    return list.some((w) => w.id === id) ? list : [...list, { id, w: 1, h: 1 }];
}
