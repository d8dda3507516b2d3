import { isNum, num, withUnit } from '../format';
import { t, tId } from '../i18n';

interface Props {
    pack: number;
    cells: (number | null)[];
    /** 0x44 state per cell ("normal", "above_upper_limit", …); may be shorter or missing. */
    states?: string[];
    stale: boolean;
    compact?: boolean;
}

/**
 * Cell voltages as bars on a window around the pack's own range (so a spread of a few mV stays visible), the lowest
 * and highest cell marked, each with its deviation from the mean.
 */
export function CellBars({ pack, cells, states, stale, compact }: Props) {
    const values = cells.filter(isNum);
    if (values.length === 0) return <p class="empty">{t('cells.none')}</p>;
    const min = Math.min(...values);
    const max = Math.max(...values);
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    const pad = Math.max(0.01, (max - min) * 0.6);
    const lo = min - pad;
    const hi = max + pad * 0.5;
    const minIndex = cells.indexOf(min);
    const maxIndex = cells.indexOf(max);
    return (
        <div class={`cells${compact ? ' cells-compact' : ''}${stale ? ' is-stale' : ''}`}>
            <ol class="cell-bars" data-testid={`cells-${pack}`} style={{ '--n': cells.length }}>
                {cells.map((v, i) => {
                    const extreme = max - min < 0.0005 ? '' : i === minIndex ? 'min' : i === maxIndex ? 'max' : '';
                    const state = states?.[i];
                    const abnormal = state !== undefined && state !== 'normal';
                    const fill = isNum(v) ? Math.max(0.04, Math.min(1, (v - lo) / (hi - lo))) : 0;
                    const delta = isNum(v) ? Math.round((v - mean) * 1000) : null;
                    return (
                        <li
                            key={i}
                            class={`cell${extreme ? ` cell-${extreme}` : ''}${abnormal ? ' cell-abnormal' : ''}`}
                            data-testid={`cell-${pack}-${i + 1}`}
                            data-extreme={extreme || undefined}
                            title={
                                `${t('cells.cell', { n: i + 1 })}: ${withUnit(v, 3, 'V')}` +
                                (abnormal ? ` · ${tId('bmsstate', state)}` : '')
                            }
                        >
                            <span class="cell-bar" aria-hidden="true">
                                <span class="cell-fill" style={{ height: `${fill * 100}%` }} />
                            </span>
                            <span class="cell-v num">{num(v, 3)}</span>
                            {!compact && (
                                <span class="cell-d num">
                                    {delta === null ? '—' : `${delta > 0 ? '+' : ''}${delta}`}
                                </span>
                            )}
                            <span class="cell-n">
                                {extreme === 'min' ? '▼' : extreme === 'max' ? '▲' : ''}
                                {i + 1}
                            </span>
                        </li>
                    );
                })}
            </ol>
            {!compact && (
                <p class="cell-legend num">
                    <span class="lg lg-min">
                        ▼ {t('cells.min')} {withUnit(min, 3, 'V')} ({t('cells.cell', { n: minIndex + 1 })})
                    </span>
                    <span class="lg lg-max">
                        ▲ {t('cells.max')} {withUnit(max, 3, 'V')} ({t('cells.cell', { n: maxIndex + 1 })})
                    </span>
                    <span class="lg">Ø {withUnit(mean, 3, 'V')}</span>
                    <span class="lg">{t('cells.delta_legend')}</span>
                </p>
            )}
        </div>
    );
}
