import { useEffect, useRef, useState } from 'preact/hooks';
import { num } from '../format';

export interface BarGroup {
    label: string;
    /** Long label for the tooltip and the screen reader. */
    title: string;
    a: number;
    b: number;
    highlight?: boolean;
}

interface Props {
    groups: BarGroup[];
    labelA: string;
    labelB: string;
    unit: string;
    testid: string;
}

/** Paired bars (charged vs discharged) per day or month, as SVG in the pixel width of its box (text keeps its size). */
export function BarChart({ groups, labelA, labelB, unit, testid }: Props) {
    const box = useRef<HTMLElement>(null);
    const [w, setW] = useState(720);
    useEffect(() => {
        const el = box.current;
        if (!el) return;
        const observer = new ResizeObserver(() => setW(Math.max(280, Math.round(el.clientWidth))));
        observer.observe(el);
        return () => observer.disconnect();
    }, []);
    const max = Math.max(0.001, ...groups.flatMap((g) => [g.a, g.b]));
    const nice = niceCeil(max);
    const h = 240;
    const left = 44;
    const bottom = 28;
    const top = 12;
    const plotH = h - bottom - top;
    const slot = (w - left) / Math.max(1, groups.length);
    const bar = Math.min(30, slot * 0.3);
    const y = (v: number) => top + plotH - (v / nice) * plotH;
    const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => f * nice);
    const step = nice / 4;
    const tickDecimals = Number.isInteger(step) ? 0 : Number.isInteger(step * 10) ? 1 : 2;
    return (
        <figure class="bar-chart" data-testid={testid} ref={box}>
            <svg viewBox={`0 0 ${w} ${h}`} role="img" aria-label={`${labelA} / ${labelB}`}>
                {ticks.map((v) => (
                    <g key={v} class="bar-grid">
                        <line x1={left} x2={w} y1={y(v)} y2={y(v)} />
                        <text x={left - 6} y={y(v) + 4} text-anchor="end">
                            {num(v, tickDecimals)}
                        </text>
                    </g>
                ))}
                {groups.map((g, i) => {
                    const cx = left + slot * i + slot / 2;
                    return (
                        <g key={g.label} class={`bar-group${g.highlight ? ' is-current' : ''}`}>
                            <title>
                                {`${g.title}: ${labelA} ${num(g.a, 2)} ${unit}, ${labelB} ${num(g.b, 2)} ${unit}`}
                            </title>
                            <rect
                                class="bar bar-a"
                                x={cx - bar - 1}
                                y={y(g.a)}
                                width={bar}
                                height={Math.max(0, y(0) - y(g.a))}
                                rx="3"
                            />
                            <rect
                                class="bar bar-b"
                                x={cx + 1}
                                y={y(g.b)}
                                width={bar}
                                height={Math.max(0, y(0) - y(g.b))}
                                rx="3"
                            />
                            <text class="bar-label" x={cx} y={h - 8} text-anchor="middle">
                                {g.label}
                            </text>
                        </g>
                    );
                })}
            </svg>
            <figcaption class="bar-legend">
                <span class="lg lg-a">{labelA}</span>
                <span class="lg lg-b">{labelB}</span>
                <span class="lg-unit">{unit}</span>
            </figcaption>
        </figure>
    );
}

function niceCeil(v: number): number {
    const p = 10 ** Math.floor(Math.log10(v));
    for (const m of [1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]) if (m * p >= v) return m * p;
    return 10 * p;
}
