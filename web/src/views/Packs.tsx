import { AgeTag } from '../components/AgeTag';
import { Card } from '../components/Card';
import { CellBars } from '../components/CellBars';
import { Metric } from '../components/Metric';
import { PageHead } from '../components/PageHead';
import { PresenceBadge } from '../components/PresenceBadge';
import { TempList } from '../components/TempList';
import { power, signed, withUnit } from '../format';
import { t } from '../i18n';
import { usePacks } from './usePacks';

/** Every pack at a glance: values, cells, data age; a card opens the pack's page. */
export function Packs() {
    const { packs, sinceS, fresh } = usePacks();
    return (
        <div class="view view-packs">
            <PageHead title={t('nav.packs')} sub={t('packs.sub')} />
            {packs === null && <p class="loading">{t('loading')}</p>}
            {packs !== null && packs.length === 0 && <p class="empty">{t('packs.none')}</p>}
            <div class="pack-cards">
                {packs?.map((p) => {
                    const stale = !fresh || p.stale.analog || !p.online;
                    return (
                        <Card
                            key={p.address}
                            title={t('pack.n', { n: p.address })}
                            testid={`pack-card-${p.address}`}
                            class={`pack-card${stale ? ' card-stale' : ''}`}
                            aside={
                                <>
                                    <PresenceBadge presence={p.presence} testid={`pack-presence-${p.address}`} />
                                    <AgeTag
                                        ageS={p.data_age_s.analog}
                                        sinceS={sinceS}
                                        stale={stale}
                                        testid={`pack-age-${p.address}`}
                                    />
                                </>
                            }
                        >
                            <div class="metric-row metric-row-4">
                                <Metric label="SOC" value={withUnit(p.soc_pct, 1, '%')} stale={stale} size="m" />
                                <Metric
                                    label={t('bank.voltage')}
                                    value={withUnit(p.voltage_V, 2, 'V')}
                                    stale={stale}
                                    size="m"
                                />
                                <Metric
                                    label={t('bank.current')}
                                    value={signed(p.current_A, 1, 'A')}
                                    stale={stale}
                                    size="m"
                                />
                                <Metric label={t('bank.power')} value={power(p.power_W)} stale={stale} size="m" />
                            </div>
                            <CellBars
                                pack={p.address}
                                cells={p.cells_V}
                                states={p.alarms?.cell_states}
                                stale={stale}
                                compact
                            />
                            <TempList temps={p.temperatures} stale={stale} pack={p.address} compact />
                            <div class="pack-card-foot">
                                <span class="num">
                                    {t('pack.spread')}: {withUnit(p.cell_spread_mV, 0, 'mV')}
                                </span>
                                <a
                                    class="btn btn-ghost btn-small"
                                    href={`#/packs/${p.address}`}
                                    data-testid={`pack-open-${p.address}`}
                                >
                                    {t('pack.details')}
                                </a>
                            </div>
                        </Card>
                    );
                })}
            </div>
        </div>
    );
}
