import { Badge } from '../components/Badge';
import { Card } from '../components/Card';
import { t, tId } from '../i18n';
import { useLive } from '../liveContext';

/** The bank's alarm conditions (what the inverter is told): active ones first, then every level as a dot. */
export function AlarmsWidget() {
    const { status, fresh } = useLive();
    const bank = status?.bank;
    const active = bank?.alarms_active ?? [];
    const all = Object.entries(bank?.alarms ?? {});
    return (
        <Card
            title={t('w.alarms')}
            class="w-alarms"
            aside={
                bank &&
                (active.length === 0 ? (
                    <Badge tone="ok" testid="alarms-count">
                        {t('alarms.none')}
                    </Badge>
                ) : (
                    <Badge tone="alarm" testid="alarms-count">
                        {t('alarms.count', { n: active.length })}
                    </Badge>
                ))
            }
        >
            {active.length > 0 && (
                <ul class="alarm-active" data-testid="alarms-active">
                    {active.map((id) => (
                        <li
                            key={id}
                            class={`alarm-item level-${bank?.alarms[id] ?? 'alarm'}`}
                            data-testid={`alarm-${id}`}
                        >
                            <span class="dot" aria-hidden="true" />
                            <span>{tId('alarm', id)}</span>
                            <Badge tone={bank?.alarms[id] === 'warning' ? 'warn' : 'alarm'}>
                                {tId('level', bank?.alarms[id] ?? 'alarm')}
                            </Badge>
                        </li>
                    ))}
                </ul>
            )}
            <ul class={`alarm-grid${fresh ? '' : ' is-stale'}`} aria-label={t('alarms.all')}>
                {all.map(([id, level]) => (
                    <li
                        key={id}
                        class={`alarm-cell level-${level}`}
                        title={`${tId('alarm', id)}: ${tId('level', level)}`}
                    >
                        <span class="dot" aria-hidden="true" />
                        <span class="alarm-cell-name">{tId('alarm', id)}</span>
                        <span class="sr-only">{tId('level', level)}</span>
                    </li>
                ))}
            </ul>
        </Card>
    );
}
