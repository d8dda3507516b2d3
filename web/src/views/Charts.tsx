import { useEffect, useMemo, useState } from 'preact/hooks';
import { api, ApiError } from '../api/client';
import type { History } from '../api/types';
import { AgeTag } from '../components/AgeTag';
import { PageHead } from '../components/PageHead';
import { TimeChart, type ChartSeries } from '../components/TimeChart';
import { clock } from '../format';
import { t } from '../i18n';
import { prefs, resolvedMode } from '../prefs';
import { useNow, useStore } from '../store';

const RANGES = [1, 6, 24, 48] as const;
const REFRESH_MS = 60000;

/** 48 h of one-minute points (GET /api/history), four charts zooming together. */
export function Charts() {
    const p = useStore(prefs);
    const [history, setHistory] = useState<History | null>(null);
    const [loadedAt, setLoadedAt] = useState(0);
    const [error, setError] = useState<string | null>(null);
    const [hours, setHours] = useState<number>(24);
    const [zoom, setZoom] = useState<{ min: number; max: number } | null>(null);
    const now = useNow(5000);

    useEffect(() => {
        let alive = true;
        const load = async () => {
            try {
                const h = await api.history(48);
                if (!alive) return;
                setHistory(h);
                setLoadedAt(Date.now());
                setError(null);
            } catch (e) {
                if (alive) setError(e instanceof ApiError ? e.message : String(e));
            }
        };
        void load();
        const timer = setInterval(() => void load(), REFRESH_MS);
        return () => {
            alive = false;
            clearInterval(timer);
        };
    }, []);

    const series = useMemo(() => {
        if (!history) return null;
        const s = (label: string, values: (number | null)[], color: string, fill = false): ChartSeries => ({
            label,
            values,
            color,
            fill,
        });
        return {
            power: [s(t('bank.power'), history.power_W, '--chart-1', true)],
            voltage: [s(t('bank.voltage'), history.voltage_V, '--chart-2')],
            soc: [s('SOC', history.soc_pct, '--chart-3', true)],
            temp: [
                s(t('temp.min'), history.temperature_min_C, '--chart-4'),
                s(t('temp.max'), history.temperature_max_C, '--chart-5'),
            ],
        };
        // Labels follow the language.
    }, [history, p.lang]);

    const last = history && history.t.length > 0 ? history.t[history.t.length - 1] : null;
    // The right edge is the end of the minute in progress, so the newest point is not cut in half.
    const end = (last ?? Math.floor(now / 1000)) + (history?.interval_s ?? 60);
    const view = zoom ?? { min: end - hours * 3600, max: end };
    const styleKey = `${p.theme}:${resolvedMode(p)}:${p.lang}`;
    const stale = loadedAt > 0 && now - loadedAt > 2.5 * REFRESH_MS;

    return (
        <div class="view view-charts">
            <PageHead title={t('nav.charts')} sub={t('charts.sub')}>
                <div class="segmented" role="group" aria-label={t('charts.range')}>
                    {RANGES.map((h) => (
                        <button
                            key={h}
                            type="button"
                            data-testid={`range-${h}h`}
                            class={`seg${!zoom && hours === h ? ' is-active' : ''}`}
                            aria-pressed={!zoom && hours === h}
                            onClick={() => {
                                setHours(h);
                                setZoom(null);
                            }}
                        >
                            {h} h
                        </button>
                    ))}
                </div>
                {zoom && (
                    <button
                        type="button"
                        class="btn btn-ghost btn-small"
                        data-testid="zoom-reset"
                        onClick={() => setZoom(null)}
                    >
                        {t('charts.reset_zoom')}
                    </button>
                )}
            </PageHead>
            <p class="hint">
                {t('charts.help')}
                {last !== null && <> · {t('charts.last_point', { time: clock(last) })}</>}
                {loadedAt > 0 && (
                    <>
                        {' '}
                        · <AgeTag label={t('charts.loaded')} ageS={(now - loadedAt) / 1000} stale={stale} />
                    </>
                )}
            </p>
            {error && (
                <p class="notice notice-error" role="alert">
                    {t('charts.error', { msg: error })}
                </p>
            )}
            {!series && !error && <p class="loading">{t('loading')}</p>}
            {series && history && (
                <div class={`chart-grid${stale ? ' is-stale' : ''}`}>
                    <TimeChart
                        title={t('charts.power')}
                        testid="chart-power"
                        t={history.t}
                        series={series.power}
                        unit="W"
                        decimals={0}
                        axisDecimals={0}
                        view={view}
                        onZoom={setZoom}
                        styleKey={styleKey}
                    />
                    <TimeChart
                        title={t('charts.voltage')}
                        testid="chart-voltage"
                        t={history.t}
                        series={series.voltage}
                        unit="V"
                        decimals={2}
                        axisDecimals={1}
                        view={view}
                        onZoom={setZoom}
                        styleKey={styleKey}
                    />
                    <TimeChart
                        title={t('charts.soc')}
                        testid="chart-soc"
                        t={history.t}
                        series={series.soc}
                        unit="%"
                        decimals={1}
                        axisDecimals={0}
                        yRange={[0, 100]}
                        view={view}
                        onZoom={setZoom}
                        styleKey={styleKey}
                    />
                    <TimeChart
                        title={t('charts.temperature')}
                        testid="chart-temperature"
                        t={history.t}
                        series={series.temp}
                        unit="°C"
                        decimals={1}
                        axisDecimals={0}
                        view={view}
                        onZoom={setZoom}
                        styleKey={styleKey}
                    />
                </div>
            )}
        </div>
    );
}
