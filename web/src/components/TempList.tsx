import type { Temperature } from '../api/types';
import { withUnit } from '../format';
import { t, tId } from '../i18n';
import { Badge } from './Badge';

interface Props {
    temps: Temperature[];
    stale: boolean;
    pack: number;
    /** Smaller tiles for the pack cards. */
    compact?: boolean;
}

/** Every sensor with its role (cell / balancer / environment / mosfet / unknown) and its 0x44 state. */
export function TempList({ temps, stale, pack, compact }: Props) {
    if (temps.length === 0) return <p class="empty">{t('temp.none')}</p>;
    return (
        <ul
            class={`temp-list${compact ? ' temp-list-compact' : ''}${stale ? ' is-stale' : ''}`}
            data-testid={`temps-${pack}`}
            aria-label={t('temp.title')}
        >
            {temps.map((s) => (
                <li
                    key={s.sensor}
                    class={`temp role-${s.role}`}
                    data-testid={`temp-${pack}-${s.sensor}`}
                    data-role={s.role}
                >
                    <span class="temp-sensor" title={t('temp.sensor', { n: s.sensor })}>
                        {t(compact ? 'temp.sensor_short' : 'temp.sensor', { n: s.sensor })}
                    </span>
                    <span class={`role-chip role-${s.role}`}>{tId('role', s.role)}</span>
                    <span class="temp-value num">{withUnit(s.C, 1, '°C')}</span>
                    {s.state && s.state !== 'normal' && <Badge tone="warn">{tId('bmsstate', s.state)}</Badge>}
                </li>
            ))}
        </ul>
    );
}
