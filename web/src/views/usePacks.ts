import { useEffect } from 'preact/hooks';
import { live, wantPacks } from '../api/live';
import type { PackDetail } from '../api/types';
import { useNow, useStore } from '../store';

export interface PacksView {
    packs: PackDetail[] | null;
    /** Seconds since the packs document arrived (added to its ages). */
    sinceS: number;
    /** false when the packs document is older than the stale limit. */
    fresh: boolean;
}

/** The pack details while mounted: subscribes over the WebSocket, or polls while it is down. */
export function usePacks(): PacksView {
    useEffect(() => wantPacks(), []);
    const state = useStore(live);
    const now = useNow(1000);
    const sinceS = state.packsAt ? Math.max(0, (now - state.packsAt) / 1000) : 0;
    return { packs: state.packs?.packs ?? null, sinceS, fresh: state.packsAt > 0 && sinceS < 6 };
}
