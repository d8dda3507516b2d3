import { Badge, type Tone } from '../components/Badge';
import { Card } from '../components/Card';
import { t, tId } from '../i18n';
import { useLive } from '../liveContext';

const tones: Record<string, Tone> = {
    bulk: 'charge',
    absorption: 'info',
    float: 'ok',
    blocked: 'warn',
    failsafe: 'alarm',
};

export function ChargeStateWidget() {
    const { status, fresh } = useLive();
    const bank = status?.bank;
    const state = bank?.charge_state ?? '';
    return (
        <Card title={t('w.charge_state')} class="w-charge-state">
            <div class={`charge-state${fresh ? '' : ' is-stale'}`}>
                <span class={`state-pill state-${state}`} data-testid="charge-state" data-state={state}>
                    {state ? tId('state', state) : '—'}
                </span>
                {bank?.charge_phase && (
                    <span class="charge-phase" data-testid="charge-phase" data-phase={bank.charge_phase}>
                        {t('charge.phase')}: <strong>{tId('phase', bank.charge_phase)}</strong>
                    </span>
                )}
            </div>
            <p class="state-reason" data-testid="state-reason">
                {bank?.state_reason || '—'}
            </p>
            <div class="badge-row">
                {bank?.charge_stopped && (
                    <Badge tone="warn" testid="charge-stopped">
                        {t('charge.charge_stopped')}
                    </Badge>
                )}
                {bank?.discharge_stopped && (
                    <Badge tone="warn" testid="discharge-stopped">
                        {t('charge.discharge_stopped')}
                    </Badge>
                )}
                {bank?.failsafe && (
                    <Badge tone="alarm" testid="failsafe">
                        {t('charge.failsafe')}
                    </Badge>
                )}
                {bank && !bank.charge_stopped && !bank.discharge_stopped && !bank.failsafe && (
                    <Badge tone={tones[state] ?? 'muted'}>{t('charge.allowed')}</Badge>
                )}
            </div>
        </Card>
    );
}
