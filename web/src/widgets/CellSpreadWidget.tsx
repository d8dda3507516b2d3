import { Card } from '../components/Card';
import { Metric } from '../components/Metric';
import { withUnit } from '../format';
import { t } from '../i18n';
import { useLive } from '../liveContext';
import { placeLabel } from './places';

export function CellSpreadWidget() {
    const { status, fresh } = useLive();
    const bank = status?.bank;
    const spread = bank?.cell_spread_mV ?? null;
    // The gateway's own imbalance condition (control.imbalance_*_mV), not a threshold of the dashboard.
    const level = bank?.alarms.cell_imbalance;
    const tone = spread === null || !level ? undefined : level === 'alarm' ? 'alarm' : level === 'warning' ? 'warn' : 'ok';
    return (
        <Card title={t('w.cell_spread')} class="w-cell-spread">
            <Metric
                label=""
                value={withUnit(spread, 0, 'mV')}
                testid="cell-spread-value"
                stale={!fresh}
                size="xl"
                tone={tone}
            />
            <dl class={`kv kv-compact${fresh ? '' : ' is-stale'}`}>
                <dt>{t('cells.min')}</dt>
                <dd class="num" data-testid="cell-min-value">
                    {withUnit(bank?.cell_min?.V, 3, 'V')} <small>{placeLabel(bank?.cell_min?.label)}</small>
                </dd>
                <dt>{t('cells.max')}</dt>
                <dd class="num" data-testid="cell-max-value">
                    {withUnit(bank?.cell_max?.V, 3, 'V')} <small>{placeLabel(bank?.cell_max?.label)}</small>
                </dd>
            </dl>
        </Card>
    );
}
