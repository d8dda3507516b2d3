import { Card } from '../components/Card';
import { Metric } from '../components/Metric';
import { withUnit } from '../format';
import { t } from '../i18n';
import { useLive } from '../liveContext';

export function EnergyTodayWidget() {
    const { status, fresh } = useLive();
    const today = status?.energy_today;
    const total = status?.bank.energy;
    return (
        <Card
            title={t('w.energy_today')}
            class="w-energy-today"
            aside={
                <a class="link" href="#/energy">
                    {t('more')}
                </a>
            }
        >
            <div class="metric-row">
                <Metric
                    label={t('energy.charged')}
                    value={withUnit(today?.charged_kWh, 2, 'kWh')}
                    testid="energy-today-charged"
                    stale={!fresh}
                    tone="charge"
                    size="m"
                />
                <Metric
                    label={t('energy.discharged')}
                    value={withUnit(today?.discharged_kWh, 2, 'kWh')}
                    testid="energy-today-discharged"
                    stale={!fresh}
                    tone="discharge"
                    size="m"
                />
            </div>
            <p class="metric-sub num">
                {t('energy.total_since_start', {
                    c: withUnit(total?.charged_kWh, 1, 'kWh'),
                    d: withUnit(total?.discharged_kWh, 1, 'kWh'),
                })}
            </p>
        </Card>
    );
}
