import type { ActiveBit, DataGroup, PackDetail as Pack, PackLimits } from '../api/types';
import { AgeTag } from '../components/AgeTag';
import { Badge } from '../components/Badge';
import { Card } from '../components/Card';
import { CellBars } from '../components/CellBars';
import { Metric } from '../components/Metric';
import { PageHead } from '../components/PageHead';
import { PresenceBadge } from '../components/PresenceBadge';
import { TempList } from '../components/TempList';
import { count, power, signed, withUnit } from '../format';
import { t, tId, type MessageKey } from '../i18n';
import { usePacks } from './usePacks';

const GROUPS: DataGroup[] = ['analog', 'alarm', 'parameters', 'info'];

/** One pack: cells, temperatures, 0x44 alarms, 0x47 limits, 0x51 info, counters and the age of each data group. */
export function PackDetail({ address }: { address: number }) {
    const { packs, sinceS, fresh } = usePacks();
    const pack = packs?.find((p) => p.address === address);
    const others = packs?.map((p) => p.address) ?? [];
    return (
        <div class="view view-pack">
            <PageHead
                title={t('pack.n', { n: address })}
                sub={
                    pack && (
                        <span class="head-badges">
                            <PresenceBadge presence={pack.presence} testid="pack-presence" />
                            {pack.info?.hardware ?? ''}
                        </span>
                    )
                }
            >
                <nav class="pack-switch" aria-label={t('nav.packs')}>
                    <a class="btn btn-ghost btn-small" href="#/packs">
                        {t('packs.all')}
                    </a>
                    {others.map((a) => (
                        <a
                            key={a}
                            class={`btn btn-small${a === address ? ' btn-primary' : ' btn-ghost'}`}
                            href={`#/packs/${a}`}
                            aria-current={a === address ? 'page' : undefined}
                        >
                            {a}
                        </a>
                    ))}
                </nav>
            </PageHead>
            {packs === null && <p class="loading">{t('loading')}</p>}
            {packs !== null && !pack && (
                <p class="notice notice-error" data-testid="pack-not-found">
                    {t('pack.not_found', { n: address })}
                </p>
            )}
            {pack && <PackBody pack={pack} sinceS={sinceS} fresh={fresh} />}
        </div>
    );
}

function PackBody({ pack, sinceS, fresh }: { pack: Pack; sinceS: number; fresh: boolean }) {
    const analogStale = !fresh || pack.stale.analog || !pack.online;
    const age = (g: DataGroup, testid?: string) => (
        <AgeTag ageS={pack.data_age_s[g]} sinceS={sinceS} stale={!fresh || pack.stale[g]} testid={testid} />
    );
    return (
        <div class="pack-layout">
            {analogStale && (
                <p class="notice notice-warn" data-testid="pack-stale-note">
                    {t('pack.analog_stale')} {age('analog')}
                </p>
            )}
            <Card title={t('pack.values')} class="pack-values" aside={age('analog', 'age-analog-head')}>
                <div class="metric-row metric-row-4">
                    <Metric
                        label="SOC"
                        value={withUnit(pack.soc_pct, 1, '%')}
                        stale={analogStale}
                        testid="pack-soc-value"
                    />
                    <Metric
                        label={t('bank.voltage')}
                        value={withUnit(pack.voltage_V, 2, 'V')}
                        stale={analogStale}
                        testid="pack-voltage-value"
                    />
                    <Metric
                        label={t('bank.current')}
                        value={signed(pack.current_A, 1, 'A')}
                        stale={analogStale}
                        testid="pack-current-value"
                    />
                    <Metric
                        label={t('bank.power')}
                        value={power(pack.power_W)}
                        stale={analogStale}
                        testid="pack-power-value"
                    />
                </div>
                <dl class={`kv kv-grid${analogStale ? ' is-stale' : ''}`}>
                    <dt>{t('bank.soh')}</dt>
                    <dd class="num">{withUnit(pack.soh_pct, 0, '%')}</dd>
                    <dt>{t('pack.cycles')}</dt>
                    <dd class="num">{count(pack.cycles)}</dd>
                    <dt>{t('pack.remaining')}</dt>
                    <dd class="num">
                        {withUnit(pack.remaining_Ah, 1, 'Ah')} / {withUnit(pack.full_Ah, 1, 'Ah')}
                    </dd>
                    <dt>{t('pack.blocking')}</dt>
                    <dd>
                        {!pack.blocking_charge && !pack.blocking_discharge && (
                            <Badge tone="ok">{t('pack.blocks_none')}</Badge>
                        )}
                        {pack.blocking_charge && <Badge tone="warn">{t('pack.blocks_charge')}</Badge>}
                        {pack.blocking_discharge && <Badge tone="warn">{t('pack.blocks_discharge')}</Badge>}
                    </dd>
                </dl>
            </Card>

            <Card
                title={t('cells.title', { n: pack.cell_count ?? pack.cells_V.length })}
                class="pack-cells"
                aside={
                    <span class="num" data-testid="pack-spread">
                        {t('pack.spread')}: <strong>{withUnit(pack.cell_spread_mV, 0, 'mV')}</strong>
                    </span>
                }
            >
                <CellBars
                    pack={pack.address}
                    cells={pack.cells_V}
                    states={pack.alarms?.cell_states}
                    stale={analogStale}
                />
                <p class="note" data-testid="balancing-note">
                    {t('cells.no_balancing')}
                </p>
            </Card>

            <Card title={t('temp.title')} class="pack-temps" aside={age('analog')}>
                <TempList temps={pack.temperatures} stale={analogStale} pack={pack.address} />
                {!pack.temperature_roles_likely && <p class="note">{t('temp.roles_guessed')}</p>}
            </Card>

            <Card
                title={t('pack.alarms')}
                class="pack-alarms"
                testid="pack-alarms"
                aside={pack.alarms ? age('alarm', 'age-alarm-head') : undefined}
            >
                <PackAlarmsBody pack={pack} stale={!fresh || pack.stale.alarm} />
            </Card>

            <Card
                title={t('pack.limits')}
                class="pack-limits"
                testid="pack-limits"
                aside={pack.limits ? age('parameters', 'age-parameters-head') : undefined}
            >
                {pack.limits ? (
                    <PackLimitsBody limits={pack.limits} stale={!fresh || pack.stale.parameters} />
                ) : (
                    <p class="empty">{t('pack.no_reply_yet', { cmd: '0x47' })}</p>
                )}
            </Card>

            <Card title={t('pack.info')} class="pack-info" aside={pack.info ? age('info', 'age-info-head') : undefined}>
                {pack.info ? (
                    <dl class={`kv${!fresh || pack.stale.info ? ' is-stale' : ''}`}>
                        <dt>{t('info.hardware')}</dt>
                        <dd class="mono">{pack.info.hardware ?? '—'}</dd>
                        <dt>{t('info.software')}</dt>
                        <dd class="mono">{pack.info.software ?? '—'}</dd>
                        <dt>{t('info.id')}</dt>
                        <dd class="mono">{pack.info.id ?? '—'}</dd>
                    </dl>
                ) : (
                    <p class="empty">{t('pack.no_reply_yet', { cmd: '0x51' })}</p>
                )}
            </Card>

            <Card title={t('pack.data_ages')} class="pack-ages">
                <table class="table table-compact">
                    <thead>
                        <tr>
                            <th scope="col">{t('pack.group')}</th>
                            <th scope="col" class="r">
                                {t('pack.data_age')}
                            </th>
                        </tr>
                    </thead>
                    <tbody>
                        {GROUPS.map((g) => (
                            <tr key={g} class={pack.stale[g] ? 'row-stale' : ''}>
                                <th scope="row">{t(`group.${g}`)}</th>
                                <td class="r">{age(g, `age-${g}`)}</td>
                            </tr>
                        ))}
                    </tbody>
                </table>
            </Card>

            <Card title={t('pack.counters')} class="pack-counters" testid="pack-counters">
                <PackCountersBody pack={pack} sinceS={sinceS} />
            </Card>
        </div>
    );
}

function bitTone(bit: ActiveBit): 'alarm' | 'warn' | 'info' {
    if (bit.protection) return 'alarm';
    return bit.state ? 'info' : 'warn';
}

function PackAlarmsBody({ pack, stale }: { pack: Pack; stale: boolean }) {
    const alarms = pack.alarms;
    if (!alarms) return <p class="empty">{t('pack.no_reply_yet', { cmd: '0x44' })}</p>;
    const problems = alarms.active.filter((b) => !b.state);
    const states = alarms.active.filter((b) => b.state);
    const abnormalCells = alarms.cell_states.map((s, i) => ({ s, i })).filter(({ s }) => s !== 'normal');
    const abnormalTemps = alarms.temperature_states.map((s, i) => ({ s, i })).filter(({ s }) => s !== 'normal');
    return (
        <div class={stale ? 'is-stale' : ''}>
            <h3 class="sub-title">{t('pack.alarm_bits')}</h3>
            {problems.length === 0 ? (
                <p class="ok-line">
                    <Badge tone="ok">{t('alarms.none')}</Badge>
                </p>
            ) : (
                <ul class="bit-list" data-testid="pack-alarm-bits">
                    {problems.map((b) => (
                        <li key={b.bit} data-testid={`bit-${b.id}`}>
                            <Badge tone={bitTone(b)}>{b.protection ? t('pack.protection') : t('pack.alarm')}</Badge>
                            <span>{tId('bit', b.id, b.name)}</span>
                        </li>
                    ))}
                </ul>
            )}
            {(alarms.undefined_bits?.length ?? 0) > 0 && (
                <p class="note" data-testid="pack-undefined-bits">
                    {t('pack.undefined_bits', { bits: alarms.undefined_bits?.join(', ') ?? '' })}
                </p>
            )}
            <h3 class="sub-title">{t('pack.states')}</h3>
            {states.length === 0 ? (
                <p class="empty">—</p>
            ) : (
                <ul class="chip-list" data-testid="pack-state-bits">
                    {states.map((b) => (
                        <li key={b.bit} class="chip" data-testid={`bit-${b.id}`}>
                            {tId('bit', b.id, b.name)}
                        </li>
                    ))}
                </ul>
            )}
            <dl class="kv kv-compact">
                <dt>{t('pack.cell_states')}</dt>
                <dd>
                    {abnormalCells.length === 0 ? (
                        <Badge tone="ok">{tId('bmsstate', 'normal')}</Badge>
                    ) : (
                        abnormalCells.map(({ s, i }) => (
                            <Badge key={i} tone="warn">
                                {t('cells.cell', { n: i + 1 })}: {tId('bmsstate', s)}
                            </Badge>
                        ))
                    )}
                </dd>
                <dt>{t('pack.temp_states')}</dt>
                <dd>
                    {abnormalTemps.length === 0 ? (
                        <Badge tone="ok">{tId('bmsstate', 'normal')}</Badge>
                    ) : (
                        abnormalTemps.map(({ s, i }) => (
                            <Badge key={i} tone="warn">
                                {t('temp.sensor', { n: i + 1 })}: {tId('bmsstate', s)}
                            </Badge>
                        ))
                    )}
                </dd>
                <dt>{t('pack.current_state')}</dt>
                <dd>{tId('bmsstate', alarms.charge_current_state)}</dd>
                <dt>{t('pack.voltage_state')}</dt>
                <dd>{tId('bmsstate', alarms.pack_voltage_state)}</dd>
            </dl>
        </div>
    );
}

const LIMIT_ROWS: { key: keyof PackLimits; label: MessageKey; decimals: number; unit: string }[] = [
    { key: 'cell_high_V', label: 'lim.cell_high', decimals: 3, unit: 'V' },
    { key: 'cell_low_V', label: 'lim.cell_low', decimals: 3, unit: 'V' },
    { key: 'cell_under_V', label: 'lim.cell_under', decimals: 3, unit: 'V' },
    { key: 'pack_high_V', label: 'lim.pack_high', decimals: 2, unit: 'V' },
    { key: 'pack_low_V', label: 'lim.pack_low', decimals: 2, unit: 'V' },
    { key: 'pack_under_V', label: 'lim.pack_under', decimals: 2, unit: 'V' },
    { key: 'charge_current_max_A', label: 'lim.charge_current_max', decimals: 1, unit: 'A' },
    { key: 'discharge_current_max_A', label: 'lim.discharge_current_max', decimals: 1, unit: 'A' },
    { key: 'charge_high_temp_C', label: 'lim.charge_high_temp', decimals: 1, unit: '°C' },
    { key: 'charge_low_temp_C', label: 'lim.charge_low_temp', decimals: 1, unit: '°C' },
    { key: 'discharge_high_temp_C', label: 'lim.discharge_high_temp', decimals: 1, unit: '°C' },
    { key: 'discharge_low_temp_C', label: 'lim.discharge_low_temp', decimals: 1, unit: '°C' },
];

function PackLimitsBody({ limits, stale }: { limits: PackLimits; stale: boolean }) {
    return (
        <div class={stale ? 'is-stale' : ''}>
            <p>
                {limits.usable ? (
                    <Badge tone="ok" testid="limits-usable">
                        {t('lim.usable')}
                    </Badge>
                ) : (
                    <Badge tone="alarm" testid="limits-usable">
                        {t('lim.unusable')}
                    </Badge>
                )}
            </p>
            {!limits.usable && <p class="note">{t('lim.unusable_note')}</p>}
            <div class="table-wrap">
                <table class="table table-compact">
                    <tbody>
                        {LIMIT_ROWS.map((row) => {
                            const bad = limits.implausible.includes(row.key);
                            return (
                                <tr key={row.key} class={bad ? 'row-bad' : ''} data-testid={`limit-${row.key}`}>
                                    <th scope="row">{t(row.label)}</th>
                                    <td class="r num">
                                        {withUnit(limits[row.key] as number | null, row.decimals, row.unit)}
                                    </td>
                                    <td>{bad && <Badge tone="alarm">{t('lim.implausible')}</Badge>}</td>
                                </tr>
                            );
                        })}
                    </tbody>
                </table>
            </div>
        </div>
    );
}

function PackCountersBody({ pack, sinceS }: { pack: Pack; sinceS: number }) {
    const c = pack.counters;
    const kinds = Object.entries(c.errors_by_kind ?? {}).filter(([, n]) => n > 0);
    return (
        <>
            <dl class="kv">
                <dt>{t('ctr.polls')}</dt>
                <dd class="num">{count(c.polls)}</dd>
                <dt>{t('ctr.replies')}</dt>
                <dd class="num">{count(c.replies)}</dd>
                <dt>{t('ctr.timeouts')}</dt>
                <dd class="num">{count(c.timeouts)}</dd>
                <dt>{t('ctr.errors')}</dt>
                <dd class="num">{count(c.errors)}</dd>
                <dt>{t('ctr.decode_errors')}</dt>
                <dd class="num">{count(c.decode_errors)}</dd>
                <dt>{t('ctr.consecutive_failures')}</dt>
                <dd class="num">{count(c.consecutive_failures)}</dd>
                <dt>{t('ctr.response')}</dt>
                <dd class="num">
                    {withUnit(c.response_mean_ms, 0, 'ms')} / {withUnit(c.response_max_ms, 0, 'ms')}
                </dd>
                <dt>{t('ctr.last_seen')}</dt>
                <dd>
                    <AgeTag ageS={c.last_seen_age_s} sinceS={sinceS} />
                </dd>
            </dl>
            {kinds.length > 0 && (
                <ul class="chip-list">
                    {kinds.map(([k, n]) => (
                        <li key={k} class="chip chip-warn mono">
                            {k}: {n}
                        </li>
                    ))}
                </ul>
            )}
        </>
    );
}
