import { Card } from '../components/Card';
import { Metric } from '../components/Metric';
import { isNum, withUnit } from '../format';
import { t } from '../i18n';
import { useLive } from '../liveContext';

export function VoltageWidget() {
    const { status, fresh } = useLive();
    const bank = status?.bank;
    const n = bank?.cells_in_series;
    const mean = isNum(bank?.voltage_V) && isNum(n) && n > 0 ? bank.voltage_V / n : null;
    return (
        <Card title={t('w.voltage')} class="w-voltage">
            <Metric
                label=""
                value={withUnit(bank?.voltage_V, 2, 'V')}
                testid="voltage-value"
                stale={!fresh}
                size="xl"
                sub={<span class="num">{t('voltage.per_cell', { n: n ?? '—', v: withUnit(mean, 3, 'V') })}</span>}
            />
        </Card>
    );
}
