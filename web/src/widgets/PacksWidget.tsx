import { AgeTag } from '../components/AgeTag';
import { Badge } from '../components/Badge';
import { Card } from '../components/Card';
import { PresenceBadge } from '../components/PresenceBadge';
import { signed, withUnit } from '../format';
import { t } from '../i18n';
import { useLive } from '../liveContext';

/** The list of known packs from the status document; a row links to the pack's page. */
export function PacksWidget() {
    const { status, fresh, ageS } = useLive();
    const packs = status?.packs ?? [];
    return (
        <Card
            title={t('w.packs')}
            class="w-packs"
            aside={
                <a class="link" href="#/packs">
                    {t('packs.all')}
                </a>
            }
        >
            {packs.length === 0 ? (
                <p class="empty">{t('packs.none')}</p>
            ) : (
                <div class="table-wrap">
                    <table class="table" data-testid="packs-table">
                        <thead>
                            <tr>
                                <th scope="col">{t('pack.pack')}</th>
                                <th scope="col">{t('pack.presence')}</th>
                                <th scope="col" class="r">
                                    SOC
                                </th>
                                <th scope="col" class="r">
                                    {t('bank.voltage')}
                                </th>
                                <th scope="col" class="r">
                                    {t('bank.current')}
                                </th>
                                <th scope="col" class="r">
                                    {t('pack.spread')}
                                </th>
                                <th scope="col" class="r">
                                    {t('packs.tmax')}
                                </th>
                                <th scope="col">{t('pack.flags')}</th>
                                <th scope="col" class="r">
                                    {t('pack.data_age')}
                                </th>
                            </tr>
                        </thead>
                        <tbody class={fresh ? '' : 'is-stale'}>
                            {packs.map((p) => {
                                const stale = !fresh || !p.online;
                                return (
                                    <tr
                                        key={p.address}
                                        data-testid={`pack-row-${p.address}`}
                                        class={stale ? 'row-stale' : ''}
                                    >
                                        <th scope="row">
                                            <a href={`#/packs/${p.address}`}>{t('pack.n', { n: p.address })}</a>
                                        </th>
                                        <td>
                                            <PresenceBadge presence={p.presence} />
                                        </td>
                                        <td class="r num">{withUnit(p.soc_pct, 1, '%')}</td>
                                        <td class="r num">{withUnit(p.voltage_V, 2, 'V')}</td>
                                        <td class="r num">{signed(p.current_A, 1, 'A')}</td>
                                        <td class="r num">{withUnit(p.cell_spread_mV, 0, 'mV')}</td>
                                        <td class="r num">{withUnit(p.temperature_max_C, 1, '°C')}</td>
                                        <td>
                                            <span class="flags">
                                                {p.blocking_charge && (
                                                    <Badge tone="warn">{t('pack.blocks_charge')}</Badge>
                                                )}
                                                {p.blocking_discharge && (
                                                    <Badge tone="warn">{t('pack.blocks_discharge')}</Badge>
                                                )}
                                                {p.alarms_active !== null && p.alarms_active > 0 && (
                                                    <Badge tone="alarm" testid={`pack-faults-${p.address}`}>
                                                        {t('pack.faults', { n: p.alarms_active })}
                                                    </Badge>
                                                )}
                                            </span>
                                        </td>
                                        <td class="r">
                                            <AgeTag ageS={p.data_age_s} sinceS={ageS ?? 0} stale={stale} />
                                        </td>
                                    </tr>
                                );
                            })}
                        </tbody>
                    </table>
                </div>
            )}
        </Card>
    );
}
