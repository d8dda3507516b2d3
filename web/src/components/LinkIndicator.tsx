import { live } from '../api/live';
import { age } from '../format';
import { t } from '../i18n';
import { useLive } from '../liveContext';
import { useStore } from '../store';

/** "Live" over the WebSocket, "Polling" over HTTP, "Offline" when the last status is stale; with its age. */
export function LinkIndicator() {
    const { link } = useStore(live);
    const { fresh, ageS } = useLive();
    const state = ageS === null ? 'connecting' : !fresh ? 'lost' : link === 'websocket' ? 'live' : 'polling';
    return (
        <div
            class={`link-indicator link-${state}`}
            data-testid="link-state"
            data-state={state}
            role="status"
            aria-live="polite"
            title={t(`link.${state}.title`)}
        >
            <span class="link-dot" aria-hidden="true" />
            <span class="link-label">{t(`link.${state}`)}</span>
            <span class="link-age num" data-testid="data-age">
                {ageS === null ? '' : age(ageS)}
            </span>
        </div>
    );
}
