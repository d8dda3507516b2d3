import { Card } from '../components/Card';
import { Metric } from '../components/Metric';
import { withUnit } from '../format';
import { t } from '../i18n';
import { useLive } from '../liveContext';
import { placeLabel } from './places';

export function TemperatureWidget() {
    const { status, fresh } = useLive();
    const bank = status?.bank;
    return (
        <Card title={t('w.temperatures')} class="w-temperatures">
            <div class="metric-row">
                <Metric
                    label={t('temp.min')}
                    value={withUnit(bank?.temperature_min_C, 1, '°C')}
                    testid="temperature-min-value"
                    stale={!fresh}
                    size="l"
                    sub={placeLabel(bank?.temperature_min_at)}
                />
                <Metric
                    label={t('temp.max')}
                    value={withUnit(bank?.temperature_max_C, 1, '°C')}
                    testid="temperature-max-value"
                    stale={!fresh}
                    size="l"
                    sub={placeLabel(bank?.temperature_max_at)}
                />
            </div>
        </Card>
    );
}
