import { useEffect, useMemo, useState } from 'preact/hooks';
import { api, ApiError } from '../api/client';
import { refreshNow } from '../api/live';
import type { ConfigDocument, ConfigPutAnswer } from '../api/types';
import { auth } from '../auth';
import { Card } from '../components/Card';
import { PageHead } from '../components/PageHead';
import { sectionTitle } from '../i18n/configLabels';
import { t } from '../i18n';
import { goToLogin } from '../router';
import { useStore } from '../store';
import { SettingsField } from './SettingsField';
import { changesOf, check, initialDraft, isChanged, valueAt, type Draft } from './settingsModel';

// The unsaved draft outlives the view, so a detour through the login form keeps the user's edits.
let keptDraft: Draft | null = null;

/** Every key of GET /api/config, grouped by section, validated before PUT /api/config sends the changed ones. */
export function Settings() {
    const session = useStore(auth);
    const [doc, setDoc] = useState<ConfigDocument | null>(null);
    const [draft, setDraftState] = useState<Draft>({});
    const [serverErrors, setServerErrors] = useState<Record<string, string>>({});
    const [loadError, setLoadError] = useState<string | null>(null);
    const [saving, setSaving] = useState(false);
    const [result, setResult] = useState<{ tone: 'ok' | 'error'; text: string; restart: string[] } | null>(null);
    const [restartPending, setRestartPending] = useState<string[]>([]);

    const setDraft = (next: Draft) => {
        keptDraft = next;
        setDraftState(next);
    };

    useEffect(() => {
        api.config()
            .then((d) => {
                setDoc(d);
                const fresh = initialDraft(d.fields, d.config);
                setDraftState(keptDraft ? { ...fresh, ...keptDraft } : fresh);
            })
            .catch((e) => setLoadError(e instanceof ApiError ? e.message : String(e)));
    }, []);

    const errors = useMemo(() => {
        const out: Record<string, string> = {};
        if (!doc) return out;
        for (const f of doc.fields) {
            if (!(f.key in draft)) continue;
            const c = check(f, draft[f.key]);
            if (c.error) out[f.key] = c.error;
        }
        return out;
    }, [doc, draft]);

    if (loadError)
        return (
            <div class="view">
                <PageHead title={t('nav.settings')} />
                <p class="notice notice-error" role="alert">
                    {loadError}
                </p>
            </div>
        );
    if (!doc)
        return (
            <div class="view">
                <PageHead title={t('nav.settings')} />
                <p class="loading">{t('loading')}</p>
            </div>
        );

    const changed = doc.fields.filter((f) => f.key in draft && isChanged(f, draft[f.key], doc.config));
    const clientErrors = changed.filter((f) => errors[f.key]);
    const knownKeys = new Set(doc.fields.map((f) => f.key));
    const otherServerErrors = Object.entries(serverErrors).filter(([k]) => !knownKeys.has(k));
    const sections = [...doc.sections];
    for (const f of doc.fields) {
        if (!sections.some((s) => s.id === f.section)) sections.push({ id: f.section, title: f.section });
    }

    const save = async () => {
        if (clientErrors.length > 0 || changed.length === 0) return;
        // Known to be logged out: straight to the login form (the draft is kept), no request that must fail.
        if (session && !session.logged_in) {
            goToLogin('settings');
            return;
        }
        setSaving(true);
        setResult(null);
        try {
            const answer: ConfigPutAnswer = await api.putConfig(changesOf(doc.fields, draft, doc.config));
            const next = { ...doc, config: answer.config };
            setDoc(next);
            keptDraft = null;
            setDraftState(initialDraft(next.fields, next.config));
            setServerErrors({});
            const restart = answer.restart_required ?? [];
            const written = answer.changed ?? [];
            setRestartPending(Array.from(new Set([...restartPending, ...restart])));
            const applied = answer.applied === 'restart' || answer.applied === 'reconnect' ? answer.applied : 'live';
            setResult({
                tone: 'ok',
                text:
                    written.length === 0
                        ? t('settings.unchanged')
                        : t('settings.saved', { n: written.length, applied: t(`settings.applied.${applied}`) }),
                restart,
            });
            refreshNow();
            // Secrets' `set` flags are only in GET /api/config.
            api.config()
                .then((d) => setDoc({ ...d, config: answer.config }))
                .catch(() => undefined);
        } catch (e) {
            if (e instanceof ApiError && e.loginRequired) {
                goToLogin('expired');
                return;
            }
            const keys = e instanceof ApiError ? Object.keys(e.fields) : [];
            if (keys.length > 0) {
                setServerErrors((e as ApiError).fields);
                // The first field the server rejected comes into view with its message.
                setTimeout(() => {
                    const selector = '.field.has-error input, .field.has-error select';
                    const input = document.querySelector<HTMLElement>(selector);
                    input?.scrollIntoView({ block: 'center' });
                    input?.focus({ preventScroll: true });
                }, 0);
            }
            const text =
                keys.length > 0
                    ? t('settings.rejected')
                    : t('settings.failed', { msg: e instanceof ApiError ? e.message : String(e) });
            setResult({ tone: 'error', text, restart: [] });
        } finally {
            setSaving(false);
        }
    };

    return (
        <div class="view view-settings">
            <PageHead title={t('nav.settings')} sub={t('settings.sub')} />
            {!session?.logged_in && (
                <p class="notice notice-info" data-testid="settings-login-hint">
                    {t('settings.login_hint')} <a href="#/login?why=settings&next=%2Fsettings">{t('login.title')}</a>
                </p>
            )}
            <nav class="section-nav" aria-label={t('settings.sections')}>
                {sections.map((s) => (
                    <a
                        key={s.id}
                        href={`#/settings`}
                        onClick={(e) => {
                            e.preventDefault();
                            document
                                .getElementById(`section-${s.id}`)
                                ?.scrollIntoView({ behavior: 'smooth', block: 'start' });
                        }}
                    >
                        {sectionTitle(s.id, s.title)}
                    </a>
                ))}
            </nav>
            {result && (
                <div class={`notice notice-${result.tone}`} role="status" data-testid="settings-result">
                    <p>{result.text}</p>
                    {result.restart.length > 0 && (
                        <p data-testid="settings-restart">
                            {t('settings.restart_required')} <code>{result.restart.join(', ')}</code>
                        </p>
                    )}
                </div>
            )}
            {otherServerErrors.length > 0 && (
                <ul class="notice notice-error" data-testid="settings-other-errors">
                    {otherServerErrors.map(([k, m]) => (
                        <li key={k}>
                            <code>{k}</code>: {m}
                        </li>
                    ))}
                </ul>
            )}
            <form
                class="settings-form"
                onSubmit={(e) => {
                    e.preventDefault();
                    void save();
                }}
                noValidate
            >
                {sections.map((s) => {
                    const fields = doc.fields.filter((f) => f.section === s.id);
                    if (fields.length === 0) return null;
                    return (
                        <div id={`section-${s.id}`} key={s.id} class="settings-section">
                            <Card title={sectionTitle(s.id, s.title)} testid={`section-${s.id}`}>
                                <div class="field-grid">
                                    {fields.map((f) => (
                                        <SettingsField
                                            key={f.key}
                                            field={f}
                                            draft={draft[f.key] ?? ''}
                                            stored={valueAt(doc.config, f.key)}
                                            error={errors[f.key] ?? serverErrors[f.key] ?? null}
                                            changed={changed.includes(f)}
                                            restartPending={restartPending.includes(f.key)}
                                            onInput={(v) => {
                                                setDraft({ ...draft, [f.key]: v });
                                                if (serverErrors[f.key]) {
                                                    const rest = { ...serverErrors };
                                                    delete rest[f.key];
                                                    setServerErrors(rest);
                                                }
                                            }}
                                        />
                                    ))}
                                </div>
                            </Card>
                        </div>
                    );
                })}
                <div
                    class={`save-bar${changed.length > 0 ? ' is-dirty' : ''}`}
                    role="region"
                    aria-label={t('settings.save')}
                >
                    <span class="save-bar-text" data-testid="settings-changes">
                        {changed.length === 0 ? t('settings.no_changes') : t('settings.changes', { n: changed.length })}
                        {clientErrors.length > 0 && (
                            <>
                                {' '}
                                · <strong class="err">{t('settings.fix', { n: clientErrors.length })}</strong>
                            </>
                        )}
                    </span>
                    <button
                        type="button"
                        class="btn btn-ghost"
                        disabled={changed.length === 0 || saving}
                        data-testid="settings-discard"
                        onClick={() => {
                            keptDraft = null;
                            setDraftState(initialDraft(doc.fields, doc.config));
                            setServerErrors({});
                        }}
                    >
                        {t('settings.discard')}
                    </button>
                    <button
                        type="submit"
                        class="btn btn-primary"
                        data-testid="settings-save"
                        disabled={changed.length === 0 || clientErrors.length > 0 || saving}
                    >
                        {saving ? t('saving') : t('settings.save')}
                    </button>
                </div>
            </form>
        </div>
    );
}
