// What every view needs of the live status: the document, whether it is fresh, and its age in seconds.
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Status } from './api/types';

export interface LiveView {
    status: Status | null;
    /** false when the last status is older than STALE_AFTER_MS (connection lost): values are shown as stale. */
    fresh: boolean;
    /** seconds since the last status arrived; null before the first one. */
    ageS: number | null;
}

export const LiveContext = createContext<LiveView>({ status: null, fresh: false, ageS: null });

export function useLive(): LiveView {
    return useContext(LiveContext);
}
