import type { ComponentChildren } from 'preact';

interface Props {
    label: string;
    /** Already formatted, "—" when unknown. */
    value: string;
    testid?: string;
    stale?: boolean;
    tone?: 'ok' | 'warn' | 'alarm' | 'charge' | 'discharge' | 'muted';
    size?: 'xl' | 'l' | 'm' | 's';
    sub?: ComponentChildren;
}

/** One labelled value with tabular numerals; `stale` greys it out and says so to screen readers. */
export function Metric({ label, value, testid, stale, tone, size = 'l', sub }: Props) {
    return (
        <div class={`metric metric-${size}${stale ? ' is-stale' : ''}${tone ? ` tone-${tone}` : ''}`}>
            {label && <div class="metric-label">{label}</div>}
            <div class="metric-value num" data-testid={testid} data-stale={stale ? 'true' : undefined}>
                {value}
            </div>
            {sub !== undefined && <div class="metric-sub">{sub}</div>}
        </div>
    );
}
