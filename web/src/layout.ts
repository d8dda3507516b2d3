// The Custom Dashboard's layout, stored on the device (GET/PUT /api/layout) so it is the same in every browser.
import { api } from './api/client';
import type { LayoutWidget } from './api/types';
import { createStore } from './store';
import { CUSTOM_DEFAULT_LAYOUT, sanitizeLayout } from './widgets/registry';

export interface LayoutState {
    widgets: LayoutWidget[];
    /** false until GET /api/layout answered; `saved` is false while the device has none (`layout: null`). */
    loaded: boolean;
    saved: boolean;
}

export const layout = createStore<LayoutState>({ widgets: CUSTOM_DEFAULT_LAYOUT, loaded: false, saved: false });

export async function loadLayout(): Promise<void> {
    try {
        const doc = await api.layout();
        const widgets = doc.layout ? sanitizeLayout(doc.layout.widgets) : [];
        layout.set({
            widgets: widgets.length > 0 ? widgets : CUSTOM_DEFAULT_LAYOUT,
            loaded: true,
            saved: doc.layout !== null,
        });
    } catch {
        layout.set((s) => ({ ...s, loaded: true }));
    }
}

/** PUT /api/layout; throws ApiError (401 login_required, 422 invalid_layout with fields). */
export async function saveLayout(widgets: LayoutWidget[]): Promise<void> {
    await api.putLayout({ widgets });
    layout.set({ widgets, loaded: true, saved: true });
}
