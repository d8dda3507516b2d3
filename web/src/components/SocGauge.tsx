import { num, isNum } from '../format';

interface Props {
    soc: number | null;
    /** Bank current in A: positive = charging (animates the charge flow). */
    current: number | null;
    stale: boolean;
    testid?: string;
}

/**
 * The state of charge as a ring and as a battery; themes show one of the two (`.soc-ring` / `.soc-battery`).
 * The number is rendered once (the test hook), over whichever graphic is visible.
 */
export function SocGauge({ soc, current, stale, testid }: Props) {
    const fraction = isNum(soc) ? Math.max(0, Math.min(100, soc)) / 100 : 0;
    const r = 52;
    const length = 2 * Math.PI * r;
    const flow =
        !stale && isNum(current) ? (current > 0.5 ? 'charging' : current < -0.5 ? 'discharging' : 'idle') : 'none';
    const level = fraction < 0.15 ? 'low' : fraction < 0.4 ? 'mid' : 'high';
    return (
        <div
            class={`soc-gauge soc-${level} flow-${flow}${stale ? ' is-stale' : ''}`}
            role="meter"
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={isNum(soc) ? soc : undefined}
            aria-label="SOC"
        >
            <svg class="soc-ring" viewBox="0 0 120 120" aria-hidden="true">
                <defs>
                    <linearGradient id="soc-grad" x1="0" y1="0" x2="1" y2="1">
                        <stop offset="0%" stop-color="var(--accent)" />
                        <stop offset="100%" stop-color="var(--accent-2)" />
                    </linearGradient>
                </defs>
                <circle class="soc-track" cx="60" cy="60" r={r} />
                <circle
                    class="soc-arc"
                    cx="60"
                    cy="60"
                    r={r}
                    stroke-dasharray={`${length * fraction} ${length}`}
                    transform="rotate(-90 60 60)"
                />
                {Array.from({ length: 40 }, (_, i) => (
                    <line class="soc-tick" x1="60" y1="2" x2="60" y2="6" transform={`rotate(${i * 9} 60 60)`} />
                ))}
            </svg>
            <div class="soc-battery" aria-hidden="true">
                <div class="soc-battery-cap" />
                <div class="soc-battery-body">
                    <div class="soc-battery-fill" style={{ height: `${fraction * 100}%` }} />
                    <div class="soc-battery-seg" />
                </div>
            </div>
            <div class="soc-center num" data-testid={testid} data-stale={stale ? 'true' : undefined}>
                <span class="soc-number">{num(soc, 1)}</span>
                {isNum(soc) && <span class="soc-unit">{'\u202f'}%</span>}
            </div>
        </div>
    );
}
