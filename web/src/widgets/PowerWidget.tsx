import { Badge } from '../components/Badge';
import { Card } from '../components/Card';
import { Metric } from '../components/Metric';
import { isNum, power, withUnit } from '../format';
import { t } from '../i18n';
import { useLive } from '../liveContext';

/** Direction of the bank current: positive current charges the bank. */
export function flowOf(current: number | null | undefined): 'charge' | 'discharge' | 'idle' | 'unknown' {
    if (!isNum(current)) return 'unknown';
    if (current > 0.5) return 'charge';
    if (current < -0.5) return 'discharge';
    return 'idle';
}

export function PowerWidget() {
    const { status, fresh } = useLive();
    const bank = status?.bank;
    const flow = flowOf(bank?.current_A);
    const limit = flow === 'charge' ? bank?.limits.ccl_A : flow === 'discharge' ? bank?.limits.dcl_A : null;
    const share =
        isNum(limit) && limit > 0 && isNum(bank?.current_A) ? Math.min(1, Math.abs(bank.current_A) / limit) : 0;
    return (
        <Card
            title={t('w.power')}
            class={`w-power flow-${flow}`}
            aside={
                <Badge
                    tone={
                        !fresh ? 'muted' : flow === 'charge' ? 'charge' : flow === 'discharge' ? 'discharge' : 'muted'
                    }
                    testid="power-direction"
                >
                    {t(`flow.${flow}`)}
                </Badge>
            }
        >
            <Metric
                label=""
                value={power(bank?.power_W)}
                testid="power-value"
                stale={!fresh}
                size="xl"
                tone={flow === 'charge' ? 'charge' : flow === 'discharge' ? 'discharge' : undefined}
            />
            <div class="flow-bar" aria-hidden="true">
                <span style={{ width: `${share * 100}%` }} />
            </div>
            <div class="metric-sub num">
                {flow === 'charge' || flow === 'discharge'
                    ? t('power.of_limit', {
                          share: withUnit(share * 100, 0, '%'),
                          limit: flow === 'charge' ? 'CCL' : 'DCL',
                      })
                    : '\u00a0'}
            </div>
        </Card>
    );
}
