import type { Temperature } from '../api/types';
import { withUnit } from '../format';
import { t, tId } from '../i18n';
import { Badge } from './Badge';

/** Every sensor with its role (cell / balancer / environment / mosfet / unknown) and its 0x44 state. */
export function TempList({ temps, stale, pack }: { temps: Temperature[]; stale: boolean; pack: number }) {
    if (temps.length === 0) return <p class="empty">{t('temp.none')}</p>;
    return (
        <ul class={`temp-list${stale ? ' is-stale' : ''}`} data-testid={`temps-${pack}`}>
            {temps.map((s) => (
                <li key={s.sensor} class={`temp role-${s.role}`} data-testid={`temp-${pack}-${s.sensor}`}>
                    <span class="temp-sensor">{t('temp.sensor', { n: s.sensor })}</span>
                    <span class={`role-chip role-${s.role}`}>{tId('role', s.role)}</span>
                    <span class="temp-value num">{withUnit(s.C, 1, '°C')}</span>
                    {s.state && s.state !== 'normal' && <Badge tone="warn">{tId('bmsstate', s.state)}</Badge>}
                </li>
            ))}
        </ul>
    );
}
