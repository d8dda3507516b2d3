import { useEffect, useRef } from 'preact/hooks';
import { api } from '../api/client';
import { auth, loadAuth } from '../auth';
import { t, type MessageKey } from '../i18n';
import { route, type RouteName } from '../router';
import { useStore } from '../store';
import { Icon } from './Icon';
import { LinkIndicator } from './LinkIndicator';
import { ThemeControls } from './ThemeControls';

const NAV: { id: string; href: string; label: MessageKey; match: RouteName[] }[] = [
    { id: 'overview', href: '#/', label: 'nav.overview', match: ['overview'] },
    { id: 'packs', href: '#/packs', label: 'nav.packs', match: ['packs', 'pack'] },
    { id: 'charts', href: '#/charts', label: 'nav.charts', match: ['charts'] },
    { id: 'energy', href: '#/energy', label: 'nav.energy', match: ['energy'] },
    { id: 'settings', href: '#/settings', label: 'nav.settings', match: ['settings'] },
    { id: 'diagnostics', href: '#/diagnostics', label: 'nav.diagnostics', match: ['diagnostics'] },
];

export function Header() {
    const r = useStore(route);
    const session = useStore(auth);
    const bar = useRef<HTMLElement>(null);
    // --topbar-h lets sticky elements sit below the sticky top bar (0 where the bar is a fixed sidebar).
    useEffect(() => {
        const el = bar.current;
        if (!el) return;
        const observer = new ResizeObserver(() => {
            const style = getComputedStyle(el);
            const h = style.position === 'sticky' ? (parseFloat(style.top) || 0) + el.offsetHeight : 0;
            document.documentElement.style.setProperty('--topbar-h', `${h}px`);
        });
        observer.observe(el);
        return () => observer.disconnect();
    }, []);
    return (
        <header class="topbar" ref={bar}>
            <a class="brand" href="#/" aria-label="topband-gateway">
                <span class="brand-mark">
                    <Icon name="logo" size={22} />
                </span>
                <span class="brand-text">
                    topband<span class="brand-accent">gateway</span>
                </span>
            </a>
            <nav class="nav" aria-label={t('nav.main')}>
                {NAV.map((n) => (
                    <a
                        key={n.id}
                        href={n.href}
                        data-testid={`nav-${n.id}`}
                        class="nav-link"
                        aria-current={n.match.includes(r.name) ? 'page' : undefined}
                    >
                        <Icon name={n.id} />
                        <span class="nav-text">{t(n.label)}</span>
                    </a>
                ))}
            </nav>
            <div class="toolbar">
                <LinkIndicator />
                <ThemeControls />
                {session?.logged_in && r.name !== 'login' ? (
                    <button
                        type="button"
                        class="btn btn-ghost btn-small"
                        data-testid="logout"
                        onClick={() => void api.logout().finally(() => void loadAuth())}
                    >
                        {t('login.logout')}
                    </button>
                ) : (
                    !session?.logged_in && (
                        <a
                            href="#/login"
                            class="btn btn-ghost btn-small"
                            data-testid="nav-login"
                            aria-current={r.name === 'login' ? 'page' : undefined}
                        >
                            <Icon name="login" size={16} /> <span class="login-text">{t('login.title')}</span>
                        </a>
                    )
                )}
            </div>
        </header>
    );
}
