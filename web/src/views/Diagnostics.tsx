import { useEffect, useState } from 'preact/hooks';
import { api, ApiError } from '../api/client';
import { refreshNow } from '../api/live';
import type { ActionName, Frames, LogLine } from '../api/types';
import { auth } from '../auth';
import { AgeTag } from '../components/AgeTag';
import { Badge } from '../components/Badge';
import { Card } from '../components/Card';
import { PageHead } from '../components/PageHead';
import { age, count, duration, withUnit } from '../format';
import { t, tId } from '../i18n';
import { useLive } from '../liveContext';
import { goToLogin } from '../router';
import { useStore } from '../store';
import { firmwareUpdateAvailable } from './firmwareModel';
import { FirmwareUpdate } from './FirmwareUpdate';
import { usePacks } from './usePacks';

const REFRESH_MS = 3000;

/** Frame log, counters, gateway log, the two maintenance actions and (ESP32) the firmware update. */
export function Diagnostics() {
    const { status, ageS } = useLive();
    const { packs, sinceS } = usePacks();
    const [frames, setFrames] = useState<Frames | null>(null);
    const [lines, setLines] = useState<LogLine[]>([]);
    const [tab, setTab] = useState<'rs485' | 'can'>('rs485');
    const [paused, setPaused] = useState(false);
    const [level, setLevel] = useState('info');
    const [error, setError] = useState<string | null>(null);

    useEffect(() => {
        if (paused) return;
        let alive = true;
        const load = async () => {
            try {
                const [f, l] = await Promise.all([api.frames(64), api.log(200)]);
                if (!alive) return;
                setFrames(f);
                setLines(l.lines);
                setError(null);
            } catch (e) {
                if (alive) setError(e instanceof ApiError ? e.message : String(e));
            }
        };
        void load();
        const timer = setInterval(() => void load(), REFRESH_MS);
        return () => {
            alive = false;
            clearInterval(timer);
        };
    }, [paused]);

    const levels = ['error', 'warning', 'notice', 'info', 'debug'];
    const shown = lines.filter((l) => levels.indexOf(l.level) <= levels.indexOf(level) || !levels.includes(l.level));
    const rs = status?.rs485;
    const can = status?.can;
    const mqtt = status?.mqtt;

    return (
        <div class="view view-diagnostics">
            <PageHead
                title={t('nav.diagnostics')}
                sub={
                    status
                        ? t('diag.sub', { v: status.version, e: status.edition, up: duration(status.uptime_s) })
                        : undefined
                }
            >
                <Actions />
            </PageHead>
            {error && (
                <p class="notice notice-error" role="alert">
                    {error}
                </p>
            )}
            <div class="diag-layout">
                <Card
                    title={t('diag.frames')}
                    class="diag-frames"
                    testid="frames"
                    aside={
                        <button
                            type="button"
                            class="btn btn-ghost btn-small"
                            data-testid="frames-pause"
                            aria-pressed={paused}
                            onClick={() => setPaused(!paused)}
                        >
                            {paused ? t('diag.resume') : t('diag.pause')}
                        </button>
                    }
                >
                    <div class="tabs" role="tablist" aria-label={t('diag.frames')}>
                        {(['rs485', 'can'] as const).map((k) => (
                            <button
                                key={k}
                                type="button"
                                role="tab"
                                id={`tab-${k}`}
                                aria-selected={tab === k}
                                aria-controls={`panel-${k}`}
                                class={`tab${tab === k ? ' is-active' : ''}`}
                                data-testid={`frames-tab-${k}`}
                                onClick={() => setTab(k)}
                            >
                                {k === 'rs485' ? 'RS485' : 'CAN'}
                                <span class="tab-count num">{frames ? frames[k].length : 0}</span>
                            </button>
                        ))}
                    </div>
                    <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`} class="frame-panel">
                        {!frames && <p class="loading">{t('loading')}</p>}
                        {frames && frames[tab].length === 0 && <p class="empty">{t('diag.no_frames')}</p>}
                        <ol class="frame-list mono" data-testid={`frames-${tab}`}>
                            {tab === 'rs485' &&
                                frames?.rs485
                                    .slice()
                                    .reverse()
                                    .map((f) => (
                                        <li key={`r${f.seq}`} class={`frame dir-${f.dir}`}>
                                            <details>
                                                <summary>
                                                    <span class="frame-seq num">#{f.seq}</span>
                                                    <span class="frame-age num">{age(f.age_s)}</span>
                                                    <span class={`frame-dir dir-${f.dir}`}>{f.dir.toUpperCase()}</span>
                                                    <span class="frame-meta">
                                                        {f.adr !== null ? `adr ${f.adr}` : ''} {f.command ?? ''}
                                                    </span>
                                                    <span class="frame-text">
                                                        {f.text}
                                                        {f.truncated ? ' …' : ''}
                                                    </span>
                                                    {f.decoded && (
                                                        <Badge tone={f.decoded.ok === false ? 'alarm' : 'ok'}>
                                                            {f.decoded.ok === false
                                                                ? String(f.decoded.error ?? t('diag.bad'))
                                                                : 'ok'}
                                                        </Badge>
                                                    )}
                                                </summary>
                                                <pre class="frame-json">
                                                    {f.decoded
                                                        ? JSON.stringify(f.decoded, null, 2)
                                                        : t('diag.not_decoded')}
                                                </pre>
                                            </details>
                                        </li>
                                    ))}
                            {tab === 'can' &&
                                frames?.can
                                    .slice()
                                    .reverse()
                                    .map((f) => (
                                        <li key={`c${f.seq}`} class={`frame dir-${f.dir}`}>
                                            <details>
                                                <summary>
                                                    <span class="frame-seq num">#{f.seq}</span>
                                                    <span class="frame-age num">{age(f.age_s)}</span>
                                                    <span class={`frame-dir dir-${f.dir}`}>{f.dir.toUpperCase()}</span>
                                                    <span class="frame-meta">{f.id}</span>
                                                    <span class="frame-text">{f.data}</span>
                                                </summary>
                                                <pre class="frame-json">{f.text}</pre>
                                            </details>
                                        </li>
                                    ))}
                        </ol>
                    </div>
                </Card>

                <Card title={t('diag.counters')} class="diag-counters" testid="counters">
                    <div class="counter-groups">
                        <section>
                            <h3 class="sub-title">
                                RS485 <small class="mono">{rs?.device}</small>
                            </h3>
                            <dl class="kv kv-compact">
                                <dt>{t('ctr.polls')}</dt>
                                <dd class="num" data-testid="ctr-rs485-polls">
                                    {count(rs?.polls)}
                                </dd>
                                <dt>{t('ctr.replies')}</dt>
                                <dd class="num">{count(rs?.replies)}</dd>
                                <dt>{t('ctr.timeouts')}</dt>
                                <dd class="num">{count(rs?.timeouts)}</dd>
                                <dt>{t('ctr.errors')}</dt>
                                <dd class="num">{count(rs?.errors)}</dd>
                                <dt>{t('ctr.unsolicited')}</dt>
                                <dd class="num">{count(rs?.unsolicited_frames)}</dd>
                                <dt>{t('ctr.echoes')}</dt>
                                <dd class="num">{count(rs?.echoes)}</dd>
                                <dt>{t('ctr.discarded')}</dt>
                                <dd class="num">{count(rs?.discarded_bytes)}</dd>
                                <dt>{t('ctr.write_errors')}</dt>
                                <dd class="num">{count(rs?.write_errors)}</dd>
                                <dt>{t('ctr.last_sweep')}</dt>
                                <dd class="num">{withUnit(rs?.last_sweep_ms, 0, 'ms')}</dd>
                                <dt>{t('ctr.baud')}</dt>
                                <dd class="num">{count(rs?.baud)}</dd>
                            </dl>
                        </section>
                        <section>
                            <h3 class="sub-title">
                                CAN <small class="mono">{can?.backend}</small>
                            </h3>
                            <dl class="kv kv-compact">
                                <dt>{t('ctr.protocol')}</dt>
                                <dd>{can?.protocol ?? '—'}</dd>
                                <dt>{t('ctr.sets_sent')}</dt>
                                <dd class="num" data-testid="ctr-can-sets">
                                    {count(can?.sets_sent)}
                                </dd>
                                <dt>{t('ctr.sets_silenced')}</dt>
                                <dd class="num">{count(can?.sets_silenced)}</dd>
                                <dt>{t('ctr.frames_sent')}</dt>
                                <dd class="num">{count(can?.frames_sent)}</dd>
                                <dt>{t('ctr.missed_ticks')}</dt>
                                <dd class="num">{count(can?.missed_ticks)}</dd>
                                <dt>{t('ctr.write_errors')}</dt>
                                <dd class="num">{count(can?.write_errors)}</dd>
                                <dt>{t('ctr.gx_keepalive')}</dt>
                                <dd class="num">{count(can?.gx_keepalive)}</dd>
                                <dt>{t('ctr.gx_seen')}</dt>
                                <dd>{can?.gx_seen_age_s === null ? t('conn.gx_unseen') : age(can?.gx_seen_age_s)}</dd>
                                <dt>{t('ctr.last_error')}</dt>
                                <dd class="mono">{can?.last_error || '—'}</dd>
                            </dl>
                        </section>
                        <section>
                            <h3 class="sub-title">MQTT</h3>
                            <dl class="kv kv-compact">
                                <dt>{t('ctr.state')}</dt>
                                <dd>
                                    {!mqtt
                                        ? '—'
                                        : !mqtt.enabled
                                          ? t('conn.disabled')
                                          : mqtt.connected
                                            ? t('conn.connected')
                                            : t('conn.disconnected')}
                                </dd>
                                <dt>{t('ctr.published')}</dt>
                                <dd class="num">{count(mqtt?.published)}</dd>
                                <dt>{t('ctr.dropped')}</dt>
                                <dd class="num">{count(mqtt?.dropped)}</dd>
                                <dt>{t('ctr.last_error')}</dt>
                                <dd class="mono">{mqtt?.last_error || '—'}</dd>
                            </dl>
                        </section>
                    </div>
                    <h3 class="sub-title">{t('diag.pack_counters')}</h3>
                    <div class="table-wrap">
                        <table class="table table-compact" data-testid="pack-counters-table">
                            <thead>
                                <tr>
                                    <th scope="col">{t('pack.pack')}</th>
                                    <th scope="col" class="r">
                                        {t('ctr.polls')}
                                    </th>
                                    <th scope="col" class="r">
                                        {t('ctr.replies')}
                                    </th>
                                    <th scope="col" class="r">
                                        {t('ctr.timeouts')}
                                    </th>
                                    <th scope="col" class="r">
                                        {t('ctr.errors')}
                                    </th>
                                    <th scope="col" class="r">
                                        {t('ctr.decode_errors')}
                                    </th>
                                    <th scope="col" class="r">
                                        {t('ctr.response')}
                                    </th>
                                    <th scope="col" class="r">
                                        {t('ctr.last_seen')}
                                    </th>
                                </tr>
                            </thead>
                            <tbody>
                                {packs?.map((p) => (
                                    <tr key={p.address}>
                                        <th scope="row">
                                            <a href={`#/packs/${p.address}`}>{p.address}</a>
                                        </th>
                                        <td class="r num">{count(p.counters.polls)}</td>
                                        <td class="r num">{count(p.counters.replies)}</td>
                                        <td class="r num">{count(p.counters.timeouts)}</td>
                                        <td class="r num">{count(p.counters.errors)}</td>
                                        <td class="r num">{count(p.counters.decode_errors)}</td>
                                        <td class="r num">{withUnit(p.counters.response_mean_ms, 0, 'ms')}</td>
                                        <td class="r">
                                            <AgeTag ageS={p.counters.last_seen_age_s} sinceS={sinceS} />
                                        </td>
                                    </tr>
                                ))}
                            </tbody>
                        </table>
                    </div>
                    {ageS !== null && (
                        <p class="hint">
                            <AgeTag label={t('diag.status_age')} ageS={ageS} />
                        </p>
                    )}
                </Card>

                <Card
                    title={t('diag.log')}
                    class="diag-log"
                    testid="log"
                    aside={
                        <label class="inline-field">
                            <span>{t('diag.level')}</span>
                            <select
                                value={level}
                                data-testid="log-level"
                                onChange={(e) => setLevel((e.target as HTMLSelectElement).value)}
                            >
                                {levels.map((l) => (
                                    <option key={l} value={l}>
                                        {tId('loglevel', l)}
                                    </option>
                                ))}
                            </select>
                        </label>
                    }
                >
                    {shown.length === 0 ? (
                        <p class="empty">{t('diag.no_log')}</p>
                    ) : (
                        <ol class="log-list mono" data-testid="log-lines">
                            {shown
                                .slice()
                                .reverse()
                                .map((l) => (
                                    <li key={l.seq} class={`log-line level-${l.level}`}>
                                        <span class="log-age num">{age(l.age_s)}</span>
                                        <span class={`log-level level-${l.level}`}>{tId('loglevel', l.level)}</span>
                                        <span class="log-text">{l.text}</span>
                                    </li>
                                ))}
                        </ol>
                    )}
                </Card>

                {status && firmwareUpdateAvailable(status) && <FirmwareUpdate status={status} />}
            </div>
        </div>
    );
}

function Actions() {
    const session = useStore(auth);
    const [busy, setBusy] = useState<ActionName | null>(null);
    const [confirming, setConfirming] = useState<ActionName | null>(null);
    const [message, setMessage] = useState<{ tone: 'ok' | 'error'; text: string } | null>(null);
    const ask = (name: ActionName) => {
        if (!session?.logged_in) {
            goToLogin('action');
            return;
        }
        setMessage(null);
        setConfirming(name);
    };
    const run = async (name: ActionName) => {
        setConfirming(null);
        setBusy(name);
        try {
            await api.action(name);
            setMessage({ tone: 'ok', text: t(name === 'rescan' ? 'action.rescan_done' : 'action.reset_done') });
            refreshNow();
        } catch (e) {
            if (e instanceof ApiError && e.loginRequired) {
                goToLogin('action');
                return;
            }
            setMessage({ tone: 'error', text: e instanceof ApiError ? e.message : String(e) });
        } finally {
            setBusy(null);
        }
    };
    return (
        <div class="action-bar">
            {confirming === null ? (
                <>
                    <button
                        type="button"
                        class="btn"
                        data-testid="action-rescan"
                        disabled={busy !== null}
                        onClick={() => ask('rescan')}
                    >
                        {busy === 'rescan' ? t('working') : t('action.rescan')}
                    </button>
                    <button
                        type="button"
                        class="btn"
                        data-testid="action-reset-counters"
                        disabled={busy !== null}
                        onClick={() => ask('reset-counters')}
                    >
                        {busy === 'reset-counters' ? t('working') : t('action.reset')}
                    </button>
                </>
            ) : (
                <div class="confirm" role="group" aria-label={t('action.confirm')}>
                    <span>{t(confirming === 'rescan' ? 'action.rescan_confirm' : 'action.reset_confirm')}</span>
                    <button
                        type="button"
                        class="btn btn-primary"
                        data-testid="action-confirm"
                        onClick={() => void run(confirming)}
                    >
                        {t('action.confirm')}
                    </button>
                    <button
                        type="button"
                        class="btn btn-ghost"
                        data-testid="action-cancel"
                        onClick={() => setConfirming(null)}
                    >
                        {t('cancel')}
                    </button>
                </div>
            )}
            {message && (
                <span class={`inline-msg msg-${message.tone}`} role="status" data-testid="action-message">
                    {message.text}
                </span>
            )}
        </div>
    );
}
