import { useEffect, useState } from 'preact/hooks';
import { api, ApiError } from '../api/client';
import type { Energy as EnergyDoc } from '../api/types';
import { BarChart } from '../components/BarChart';
import { Card } from '../components/Card';
import { Metric } from '../components/Metric';
import { PageHead } from '../components/PageHead';
import { dateLabel, withUnit } from '../format';
import { t } from '../i18n';
import { prefs } from '../prefs';
import { useStore } from '../store';

/** kWh charged and discharged per day (7) and per month (12), GET /api/energy, refreshed every minute. */
export function Energy() {
    useStore(prefs);
    const [doc, setDoc] = useState<EnergyDoc | null>(null);
    const [error, setError] = useState<string | null>(null);
    useEffect(() => {
        let alive = true;
        const load = () =>
            api
                .energy(7, 12)
                .then((d) => {
                    if (alive) {
                        setDoc(d);
                        setError(null);
                    }
                })
                .catch((e) => alive && setError(e instanceof ApiError ? e.message : String(e)));
        void load();
        const timer = setInterval(load, 60000);
        return () => {
            alive = false;
            clearInterval(timer);
        };
    }, []);
    const days =
        doc?.days.map((d) => ({
            label: dateLabel(d.date, { weekday: 'short' }),
            title: dateLabel(d.date, { dateStyle: 'medium' }),
            a: d.charged_kWh,
            b: d.discharged_kWh,
            highlight: d.date === doc.today,
        })) ?? [];
    const months =
        doc?.months.map((m) => ({
            label: dateLabel(`${m.month}-01`, { month: 'short' }),
            title: dateLabel(`${m.month}-01`, { month: 'long', year: 'numeric' }),
            a: m.charged_kWh,
            b: m.discharged_kWh,
            highlight: doc.today?.startsWith(m.month) ?? false,
        })) ?? [];
    const sum = (list: { a: number; b: number }[], k: 'a' | 'b') => list.reduce((s, g) => s + g[k], 0);
    return (
        <div class="view view-energy">
            <PageHead title={t('nav.energy')} sub={t('energy.sub')} />
            {error && (
                <p class="notice notice-error" role="alert">
                    {error}
                </p>
            )}
            {doc && !doc.clock_valid && (
                <p class="notice notice-warn" data-testid="clock-invalid">
                    {t('energy.clock_invalid')}
                </p>
            )}
            {!doc && !error && <p class="loading">{t('loading')}</p>}
            {doc && (
                <div class="energy-layout">
                    <Card title={t('energy.days')} class="energy-days" testid="energy-days">
                        <BarChart
                            groups={days}
                            labelA={t('energy.charged')}
                            labelB={t('energy.discharged')}
                            unit="kWh"
                            testid="energy-days-chart"
                        />
                        <EnergyTable
                            rows={doc.days.map((d, i) => ({
                                key: d.date,
                                label: days[i].title,
                                a: d.charged_kWh,
                                b: d.discharged_kWh,
                            }))}
                            testid="energy-days-table"
                        />
                    </Card>
                    <Card title={t('energy.totals')} class="energy-totals">
                        <div class="metric-stack">
                            <Metric
                                label={t('energy.week_charged')}
                                value={withUnit(sum(days, 'a'), 1, 'kWh')}
                                tone="charge"
                            />
                            <Metric
                                label={t('energy.week_discharged')}
                                value={withUnit(sum(days, 'b'), 1, 'kWh')}
                                tone="discharge"
                            />
                            <Metric
                                label={t('energy.total_charged')}
                                value={withUnit(doc.total.charged_kWh, 1, 'kWh')}
                                testid="energy-total-charged"
                                size="m"
                            />
                            <Metric
                                label={t('energy.total_discharged')}
                                value={withUnit(doc.total.discharged_kWh, 1, 'kWh')}
                                testid="energy-total-discharged"
                                size="m"
                            />
                        </div>
                    </Card>
                    <Card title={t('energy.months')} class="energy-months" testid="energy-months">
                        <BarChart
                            groups={months}
                            labelA={t('energy.charged')}
                            labelB={t('energy.discharged')}
                            unit="kWh"
                            testid="energy-months-chart"
                        />
                        <EnergyTable
                            rows={doc.months.map((m, i) => ({
                                key: m.month,
                                label: months[i].title,
                                a: m.charged_kWh,
                                b: m.discharged_kWh,
                            }))}
                            testid="energy-months-table"
                        />
                    </Card>
                </div>
            )}
        </div>
    );
}

function EnergyTable({
    rows,
    testid,
}: {
    rows: { key: string; label: string; a: number; b: number }[];
    testid: string;
}) {
    return (
        <details class="table-details">
            <summary>{t('energy.as_table')}</summary>
            <table class="table table-compact" data-testid={testid}>
                <thead>
                    <tr>
                        <th scope="col">{t('energy.period')}</th>
                        <th scope="col" class="r">
                            {t('energy.charged')}
                        </th>
                        <th scope="col" class="r">
                            {t('energy.discharged')}
                        </th>
                    </tr>
                </thead>
                <tbody>
                    {rows.map((r) => (
                        <tr key={r.key}>
                            <th scope="row">{r.label}</th>
                            <td class="r num">{withUnit(r.a, 2, 'kWh')}</td>
                            <td class="r num">{withUnit(r.b, 2, 'kWh')}</td>
                        </tr>
                    ))}
                </tbody>
            </table>
        </details>
    );
}
