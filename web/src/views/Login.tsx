import { useEffect, useState } from 'preact/hooks';
import { api, ApiError } from '../api/client';
import { refreshNow } from '../api/live';
import { auth, loadAuth } from '../auth';
import { Card } from '../components/Card';
import { t, type MessageKey } from '../i18n';
import { navigate, route } from '../router';
import { useStore } from '../store';

const WHY: Record<string, MessageKey> = {
    settings: 'login.why.settings',
    layout: 'login.why.layout',
    action: 'login.why.action',
    firmware: 'login.why.firmware',
    read: 'login.why.read',
    expired: 'login.why.expired',
};

function errorText(e: unknown): string {
    if (!(e instanceof ApiError)) return String(e);
    if (e.code === 'wrong_password') return t('login.wrong');
    if (e.code === 'invalid_password') return Object.values(e.fields)[0] ?? t('login.invalid');
    if (e.code === 'password_already_set') return t('login.already_set');
    if (e.status === 0) return t('login.unreachable');
    return e.message;
}

/** First start (set the admin password), login, logout and password change. */
export function Login() {
    const session = useStore(auth);
    const r = useStore(route);
    const why = r.query.get('why') ?? '';
    const next = r.query.get('next') ?? '/';
    const done = async () => {
        await loadAuth();
        refreshNow();
        navigate(next.startsWith('/') && next !== '/login' ? next : '/');
    };
    useEffect(() => {
        void loadAuth();
    }, []);
    return (
        <div class="view view-login">
            <div class="login-wrap">
                {WHY[why] && !session?.logged_in && (
                    <p class="notice notice-info" role="status" data-testid="login-reason">
                        {t(WHY[why])}
                    </p>
                )}
                {!session && <p class="loading">{t('loading')}</p>}
                {session && !session.password_set && <SetupForm onDone={done} />}
                {session && session.password_set && !session.logged_in && <LoginForm onDone={done} />}
                {session && session.logged_in && <LoggedIn />}
            </div>
        </div>
    );
}

function PasswordInput({
    id,
    label,
    value,
    onInput,
    testid,
    autocomplete,
}: {
    id: string;
    label: string;
    value: string;
    onInput: (v: string) => void;
    testid: string;
    autocomplete: string;
}) {
    return (
        <div class="field">
            <label class="field-label" for={id}>
                {label}
            </label>
            <input
                id={id}
                type="password"
                value={value}
                data-testid={testid}
                autocomplete={autocomplete}
                required
                minLength={8}
                maxLength={128}
                onInput={(e) => onInput((e.target as HTMLInputElement).value)}
            />
        </div>
    );
}

function lengthError(p: string): string | null {
    return p.length < 8 || p.length > 128 ? t('login.length') : null;
}

function SetupForm({ onDone }: { onDone: () => Promise<void> }) {
    const [password, setPassword] = useState('');
    const [confirm, setConfirm] = useState('');
    const [error, setError] = useState<string | null>(null);
    const [busy, setBusy] = useState(false);
    const submit = async (e: Event) => {
        e.preventDefault();
        const problem = lengthError(password) ?? (password !== confirm ? t('login.mismatch') : null);
        if (problem) {
            setError(problem);
            return;
        }
        setBusy(true);
        try {
            await api.setup(password);
            await onDone();
        } catch (err) {
            setError(errorText(err));
            if (err instanceof ApiError && err.code === 'password_already_set') await loadAuth();
        } finally {
            setBusy(false);
        }
    };
    return (
        <Card title={t('login.setup_title')} testid="setup-form" class="login-card">
            <p>{t('login.setup_text')}</p>
            <form onSubmit={submit} noValidate>
                <PasswordInput
                    id="setup-pw"
                    label={t('login.new_password')}
                    value={password}
                    onInput={setPassword}
                    testid="login-password"
                    autocomplete="new-password"
                />
                <PasswordInput
                    id="setup-pw2"
                    label={t('login.repeat')}
                    value={confirm}
                    onInput={setConfirm}
                    testid="login-password-repeat"
                    autocomplete="new-password"
                />
                {error && (
                    <p class="field-error" role="alert" data-testid="login-error">
                        {error}
                    </p>
                )}
                <button type="submit" class="btn btn-primary btn-block" data-testid="login-submit" disabled={busy}>
                    {busy ? t('working') : t('login.setup_submit')}
                </button>
            </form>
        </Card>
    );
}

function LoginForm({ onDone }: { onDone: () => Promise<void> }) {
    const [password, setPassword] = useState('');
    const [error, setError] = useState<string | null>(null);
    const [busy, setBusy] = useState(false);
    const [retryUntil, setRetryUntil] = useState(0);
    const [, tick] = useState(0);
    const wait = Math.max(0, Math.ceil((retryUntil - Date.now()) / 1000));
    useEffect(() => {
        if (retryUntil === 0) return;
        const timer = setInterval(() => {
            tick((n) => n + 1);
            if (Date.now() >= retryUntil) setRetryUntil(0);
        }, 1000);
        return () => clearInterval(timer);
    }, [retryUntil]);
    const submit = async (e: Event) => {
        e.preventDefault();
        if (password === '' || wait > 0) return;
        setBusy(true);
        setError(null);
        try {
            await api.login(password);
            setPassword('');
            await onDone();
        } catch (err) {
            if (err instanceof ApiError && err.status === 429) {
                const seconds = err.retryAfter ?? 60;
                setRetryUntil(Date.now() + seconds * 1000);
                setError(null);
            } else {
                setError(errorText(err));
            }
        } finally {
            setBusy(false);
        }
    };
    return (
        <Card title={t('login.title')} testid="login-form" class="login-card">
            <form onSubmit={submit} noValidate>
                <div class="field">
                    <label class="field-label" for="login-pw">
                        {t('login.password')}
                    </label>
                    <input
                        id="login-pw"
                        type="password"
                        value={password}
                        data-testid="login-password"
                        autocomplete="current-password"
                        autoFocus
                        onInput={(e) => setPassword((e.target as HTMLInputElement).value)}
                    />
                </div>
                {error && (
                    <p class="field-error" role="alert" data-testid="login-error">
                        {error}
                    </p>
                )}
                {wait > 0 && (
                    <p class="notice notice-warn" role="alert" data-testid="login-retry">
                        {t('login.too_many', { s: wait })}
                    </p>
                )}
                <button
                    type="submit"
                    class="btn btn-primary btn-block"
                    data-testid="login-submit"
                    disabled={busy || wait > 0 || password === ''}
                >
                    {busy ? t('working') : t('login.submit')}
                </button>
            </form>
        </Card>
    );
}

function LoggedIn() {
    const [current, setCurrent] = useState('');
    const [next, setNext] = useState('');
    const [repeat, setRepeat] = useState('');
    const [message, setMessage] = useState<{ tone: 'ok' | 'error'; text: string } | null>(null);
    const [busy, setBusy] = useState(false);
    const change = async (e: Event) => {
        e.preventDefault();
        const problem = lengthError(next) ?? (next !== repeat ? t('login.mismatch') : null);
        if (problem) {
            setMessage({ tone: 'error', text: problem });
            return;
        }
        setBusy(true);
        try {
            await api.changePassword(current, next);
            setMessage({ tone: 'ok', text: t('login.changed') });
            setCurrent('');
            setNext('');
            setRepeat('');
        } catch (err) {
            setMessage({ tone: 'error', text: errorText(err) });
        } finally {
            setBusy(false);
        }
    };
    const logout = async () => {
        try {
            await api.logout();
        } finally {
            await loadAuth();
        }
    };
    return (
        <>
            <Card title={t('login.logged_in_title')} testid="logged-in" class="login-card">
                <p>{t('login.logged_in_text')}</p>
                <div class="btn-row">
                    <a class="btn" href="#/">
                        {t('nav.overview')}
                    </a>
                    <button type="button" class="btn btn-ghost" data-testid="logout" onClick={() => void logout()}>
                        {t('login.logout')}
                    </button>
                </div>
            </Card>
            <Card title={t('login.change_title')} testid="password-form" class="login-card">
                <form onSubmit={change} noValidate>
                    <PasswordInput
                        id="pw-current"
                        label={t('login.current')}
                        value={current}
                        onInput={setCurrent}
                        testid="password-current"
                        autocomplete="current-password"
                    />
                    <PasswordInput
                        id="pw-new"
                        label={t('login.new_password')}
                        value={next}
                        onInput={setNext}
                        testid="password-new"
                        autocomplete="new-password"
                    />
                    <PasswordInput
                        id="pw-repeat"
                        label={t('login.repeat')}
                        value={repeat}
                        onInput={setRepeat}
                        testid="password-repeat"
                        autocomplete="new-password"
                    />
                    {message && (
                        <p
                            class={message.tone === 'ok' ? 'notice notice-ok' : 'field-error'}
                            role="status"
                            data-testid="password-message"
                        >
                            {message.text}
                        </p>
                    )}
                    <button type="submit" class="btn btn-primary" data-testid="password-submit" disabled={busy}>
                        {busy ? t('working') : t('login.change_submit')}
                    </button>
                </form>
            </Card>
        </>
    );
}
