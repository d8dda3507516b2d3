import { Card } from '../components/Card';
import { count } from '../format';
import { t } from '../i18n';
import { useLive } from '../liveContext';

export function ModulesWidget() {
    const { status, fresh } = useLive();
    const m = status?.bank.modules;
    const items: { key: 'online' | 'offline' | 'blocking_charge' | 'blocking_discharge'; tone: string }[] = [
        { key: 'online', tone: 'ok' },
        { key: 'offline', tone: (m?.offline ?? 0) > 0 ? 'alarm' : 'muted' },
        { key: 'blocking_charge', tone: (m?.blocking_charge ?? 0) > 0 ? 'warn' : 'muted' },
        { key: 'blocking_discharge', tone: (m?.blocking_discharge ?? 0) > 0 ? 'warn' : 'muted' },
    ];
    return (
        <Card title={t('w.modules')} class="w-modules">
            <ul class={`count-grid${fresh ? '' : ' is-stale'}`}>
                {items.map(({ key, tone }) => (
                    <li key={key} class={`count tone-${tone}`}>
                        <span class="count-value num" data-testid={`modules-${key.replace('_', '-')}`}>
                            {count(m?.[key])}
                        </span>
                        <span class="count-label">{t(`modules.${key}`)}</span>
                    </li>
                ))}
            </ul>
        </Card>
    );
}
