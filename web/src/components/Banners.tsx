import { live } from '../api/live';
import { age, clock } from '../format';
import { t } from '../i18n';
import { useLive } from '../liveContext';
import { useStore } from '../store';

/** Conditions the user must not miss: lost connection (with the age of what is shown), demo, failsafe, … */
export function Banners() {
    const { status, fresh, ageS } = useLive();
    const { error, statusAt } = useStore(live);
    const items: { id: string; tone: 'alarm' | 'warn' | 'info'; text: string }[] = [];
    if (error?.code === 'not_ready') {
        items.push({ id: 'not-ready', tone: 'info', text: t('banner.not_ready') });
    } else if (!status && error && !error.loginRequired) {
        items.push({ id: 'connection', tone: 'alarm', text: t('banner.unreachable') });
    } else if (status && !fresh) {
        items.push({
            id: 'connection',
            tone: 'alarm',
            text: t('banner.lost', {
                time: clock(statusAt / 1000),
                age: age(ageS),
            }),
        });
    }
    if (status?.demo) items.push({ id: 'demo', tone: 'info', text: t('banner.demo') });
    if (status?.monitoring) items.push({ id: 'monitoring', tone: 'info', text: t('banner.monitoring') });
    if (status?.bank.failsafe) items.push({ id: 'failsafe', tone: 'alarm', text: t('banner.failsafe') });
    else if (status && !status.bank.online) items.push({ id: 'offline', tone: 'warn', text: t('banner.offline') });
    if (items.length === 0) return null;
    return (
        <div class={`banners${items.some((b) => b.tone === 'alarm') ? ' has-alarm' : ''}`}>
            {items.map((b) => (
                <div
                    key={b.id}
                    class={`banner banner-${b.tone}`}
                    data-testid={`banner-${b.id}`}
                    role={b.tone === 'alarm' ? 'alert' : 'status'}
                >
                    <span class="banner-icon" aria-hidden="true">
                        {b.tone === 'info' ? 'i' : '!'}
                    </span>
                    <span>{b.text}</span>
                </div>
            ))}
        </div>
    );
}
