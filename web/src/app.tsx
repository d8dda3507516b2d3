import { useEffect } from 'preact/hooks';
import { onLoginRequired } from './api/client';
import { live, STALE_AFTER_MS } from './api/live';
import { auth, authSettled, loadAuth, markLoggedOut } from './auth';
import { Banners } from './components/Banners';
import { Header } from './components/Header';
import { num } from './format';
import { t } from './i18n';
import { LiveContext } from './liveContext';
import { prefs } from './prefs';
import { goToLogin, route } from './router';
import { useNow, useStore } from './store';
import { Charts } from './views/Charts';
import { Diagnostics } from './views/Diagnostics';
import { Energy } from './views/Energy';
import { Login } from './views/Login';
import { Overview } from './views/Overview';
import { PackDetail } from './views/PackDetail';
import { Packs } from './views/Packs';
import { Settings } from './views/Settings';

export function App() {
    useStore(prefs);
    const r = useStore(route);
    const state = useStore(live);
    const session = useStore(auth);
    const now = useNow(1000);
    const ageS = state.statusAt ? Math.max(0, (now - state.statusAt) / 1000) : null;
    const fresh = ageS !== null && ageS * 1000 < STALE_AFTER_MS;

    useEffect(
        () =>
            onLoginRequired(() => {
                markLoggedOut();
                void loadAuth();
            }),
        [],
    );

    // Reads need a session while web.public_read is false: show the login form.
    useEffect(() => {
        if (state.error?.loginRequired && r.name !== 'login' && session && !session.logged_in) goToLogin('read');
    }, [state.error, r.name, session]);

    useEffect(() => {
        const soc = state.status?.bank.soc_pct;
        document.title = `${soc !== null && soc !== undefined ? `${num(soc, 0)} % · ` : ''}topband-gateway`;
    }, [state.status?.bank.soc_pct]);

    return (
        <LiveContext.Provider value={{ status: state.status, fresh, ageS }}>
            <div class="app" data-route={r.name} data-status-seq={state.status?.seq}>
                <a
                    class="skip-link"
                    href="#main"
                    onClick={(e) => {
                        e.preventDefault();
                        document.getElementById('main')?.focus();
                    }}
                >
                    {t('skip')}
                </a>
                <Header />
                <main id="main" class="main" tabIndex={-1}>
                    <Banners />
                    <View />
                </main>
                <footer class="footer">
                    <span>
                        topband-gateway {state.status?.version ?? ''} {state.status?.edition ?? ''}
                    </span>
                    <span>{t('footer.units')}</span>
                </footer>
            </div>
        </LiveContext.Provider>
    );
}

function View() {
    const r = useStore(route);
    const settled = useStore(authSettled);
    const session = useStore(auth);
    // Until the session is known no view mounts: with web.public_read false their reads would only fail.
    if (!settled || (session && !session.public_read && !session.logged_in && r.name !== 'login')) {
        return <p class="loading">{t('loading')}</p>;
    }
    switch (r.name) {
        case 'overview':
            return <Overview />;
        case 'packs':
            return <Packs />;
        case 'pack':
            return <PackDetail address={r.address ?? 0} />;
        case 'charts':
            return <Charts />;
        case 'energy':
            return <Energy />;
        case 'settings':
            return <Settings />;
        case 'diagnostics':
            return <Diagnostics />;
        case 'login':
            return <Login />;
        default:
            return (
                <div class="view">
                    <h1 class="page-title">{t('notfound.title')}</h1>
                    <p>
                        <a href="#/">{t('nav.overview')}</a>
                    </p>
                </div>
            );
    }
}
