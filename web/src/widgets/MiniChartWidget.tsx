import { useEffect, useState } from 'preact/hooks';
import { api } from '../api/client';
import type { History } from '../api/types';
import { Card } from '../components/Card';
import { Sparkline } from '../components/Sparkline';
import { power } from '../format';
import { t } from '../i18n';

/** Power over the last 6 hours, from GET /api/history, refreshed every minute. */
export function MiniChartWidget() {
    const [history, setHistory] = useState<History | null>(null);
    useEffect(() => {
        let alive = true;
        const load = () =>
            api
                .history(6)
                .then((h) => alive && setHistory(h))
                .catch(() => undefined);
        void load();
        const timer = setInterval(load, 60000);
        return () => {
            alive = false;
            clearInterval(timer);
        };
    }, []);
    const values = history?.power_W ?? [];
    const nums = values.filter((v): v is number => v !== null);
    return (
        <Card
            title={t('w.mini_chart')}
            class="w-mini-chart"
            aside={
                <a class="link" href="#/charts">
                    {t('more')}
                </a>
            }
        >
            <Sparkline values={values} zeroLine label={t('w.mini_chart')} />
            <div class="spark-legend num">
                <span>
                    {t('chart.min')} {power(nums.length ? Math.min(...nums) : null)}
                </span>
                <span>
                    {t('chart.max')} {power(nums.length ? Math.max(...nums) : null)}
                </span>
            </div>
        </Card>
    );
}
