import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { lang } from '../i18n';
import { num } from '../format';

export interface ChartSeries {
    label: string;
    values: (number | null)[];
    /** CSS custom property holding the colour, e.g. "--chart-1". */
    color: string;
    fill?: boolean;
}

interface Props {
    title: string;
    testid: string;
    t: number[];
    series: ChartSeries[];
    unit: string;
    decimals: number;
    /** Decimals of the y axis labels. */
    axisDecimals: number;
    /** Fixed y range (SOC: 0…100); otherwise automatic. */
    yRange?: [number, number];
    /** The visible x window in unix seconds. */
    view: { min: number; max: number };
    /** A drag selection asks for this window; a double-click for the reset (null). */
    onZoom: (view: { min: number; max: number } | null) => void;
    /** Changes of this key rebuild the chart (theme, mode, language). */
    styleKey: string;
}

function cssVar(name: string, fallback: string): string {
    return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;
}

function withAlpha(color: string, alpha: number): string {
    return `color-mix(in srgb, ${color} ${Math.round(alpha * 100)}%, transparent)`;
}

/** The last index with a value in any series, for the idle legend. */
function lastIndex(series: ChartSeries[]): number | null {
    for (let i = (series[0]?.values.length ?? 0) - 1; i >= 0; i--) {
        if (series.some((s) => s.values[i] !== null && s.values[i] !== undefined)) return i;
    }
    return null;
}

function timeLabels(splits: number[], span: number): string[] {
    const locale = lang() === 'de' ? 'de-DE' : 'en-GB';
    let lastDay = '';
    return splits.map((s) => {
        const d = new Date(s * 1000);
        const time = d.toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit' });
        if (span < 6 * 3600) return time;
        const day = d.toLocaleDateString(locale, { weekday: 'short' });
        const label = day !== lastDay ? `${day} ${time}` : time;
        lastDay = day;
        return label;
    });
}

/**
 * One time series chart (uPlot). Nulls are gaps. Drag to select a window, double-click to reset; the parent owns the
 * window so several charts zoom together.
 */
export function TimeChart({
    title,
    testid,
    t,
    series,
    unit,
    decimals,
    axisDecimals,
    yRange,
    view,
    onZoom,
    styleKey,
}: Props) {
    const box = useRef<HTMLDivElement>(null);
    const plot = useRef<uPlot | null>(null);
    const zoomRef = useRef(onZoom);
    zoomRef.current = onZoom;
    const seriesRef = useRef(series);
    seriesRef.current = series;

    useEffect(() => {
        const el = box.current;
        if (!el) return;
        const text = cssVar('--chart-text', '#888');
        const grid = cssVar('--chart-grid', 'rgba(128,128,128,.2)');
        const font = `12px ${cssVar('--font-num', 'system-ui')}`;
        const axisY: uPlot.Axis = {
            stroke: text,
            font,
            size: 56,
            gap: 6,
            grid: { stroke: grid, width: 1 },
            ticks: { stroke: grid, width: 1 },
            values: (_u, splits) => splits.map((v) => num(v, axisDecimals)),
        };
        const opts: uPlot.Options = {
            width: Math.max(200, el.clientWidth),
            height: 220,
            cursor: {
                drag: { x: true, y: false, setScale: false },
                sync: { key: 'tbg-history' },
                bind: { dblclick: () => null },
                points: { size: 7 },
            },
            select: { show: true, left: 0, top: 0, width: 0, height: 0 },
            legend: { show: true, live: true },
            scales: {
                x: { time: true },
                // A flat series (the first minutes after a start) gets ±1 around its value instead of uPlot's 0…2v.
                y: yRange
                    ? { range: yRange }
                    : {
                          auto: true,
                          range: (_u, min, max) =>
                              min === max ? [min - 1, max + 1] : uPlot.rangeNum(min, max, 0.1, true),
                      },
            },
            axes: [
                {
                    stroke: text,
                    font,
                    grid: { stroke: grid, width: 1 },
                    ticks: { stroke: grid, width: 1 },
                    values: (u, splits) => timeLabels(splits, (u.scales.x.max ?? 0) - (u.scales.x.min ?? 0)),
                },
                axisY,
            ],
            series: [
                {
                    value: (_u, v) =>
                        v === null ? '—' : new Date(v * 1000).toLocaleString(lang() === 'de' ? 'de-DE' : 'en-GB'),
                },
                ...series.map((s) => {
                    const color = cssVar(s.color, '#3b82f6');
                    return {
                        label: s.label,
                        stroke: color,
                        width: 2,
                        fill: s.fill ? withAlpha(color, 0.16) : undefined,
                        spanGaps: false,
                        // uPlot's default: points only where the data is sparse (a lone minute, the first minutes).
                        points: { size: 5 },
                        value: (_u: uPlot, v: number | null) => (v === null ? '—' : `${num(v, decimals)} ${unit}`),
                    } as uPlot.Series;
                }),
            ],
            hooks: {
                // While the cursor is off the plot the legend shows the latest values instead of dashes.
                setCursor: [
                    (u) => {
                        if ((u.cursor.left ?? -1) < 0) {
                            const idx = lastIndex(seriesRef.current);
                            if (idx !== null) u.setLegend({ idx }, false);
                        }
                    },
                ],
                setSelect: [
                    (u) => {
                        if (u.select.width < 5) return;
                        const min = u.posToVal(u.select.left, 'x');
                        const max = u.posToVal(u.select.left + u.select.width, 'x');
                        u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
                        zoomRef.current({ min, max });
                    },
                ],
            },
        };
        const data: uPlot.AlignedData = [t, ...series.map((s) => s.values)];
        const u = new uPlot(opts, data, el);
        u.setScale('x', view);
        plot.current = u;
        const reset = () => zoomRef.current(null);
        u.over.addEventListener('dblclick', reset);
        const observer = new ResizeObserver(() => {
            const width = Math.max(200, el.clientWidth);
            if (Math.abs(width - u.width) > 1) u.setSize({ width, height: 220 });
        });
        observer.observe(el);
        return () => {
            observer.disconnect();
            u.over.removeEventListener('dblclick', reset);
            u.destroy();
            plot.current = null;
        };
        // Rebuilt only for a new look or a new set of series; data and window are updated below.
        // eslint-disable-next-line react-hooks/exhaustive-deps
    }, [styleKey, series.length]);

    useEffect(() => {
        const u = plot.current;
        if (!u) return;
        u.setData([t, ...series.map((s) => s.values)], false);
        u.setScale('x', view);
        const idx = lastIndex(series);
        if (idx !== null && (u.cursor.left ?? -1) < 0) u.setLegend({ idx }, false);
    }, [t, series, view.min, view.max]);

    return (
        <figure class="chart" data-testid={testid}>
            <figcaption class="chart-title">{title}</figcaption>
            <div class="chart-box" ref={box} />
        </figure>
    );
}
