import { useEffect, useState } from 'preact/hooks';
import { ApiError } from '../api/client';
import type { LayoutWidget } from '../api/types';
import { auth } from '../auth';
import { WidgetGrid } from '../components/WidgetGrid';
import { t } from '../i18n';
import { layout, loadLayout, saveLayout } from '../layout';
import { prefs } from '../prefs';
import { goToLogin } from '../router';
import { useStore } from '../store';
import { add } from '../widgets/layoutOps';
import { CUSTOM_DEFAULT_LAYOUT, DEFAULT_LAYOUT, WIDGETS } from '../widgets/registry';
import { PageHead } from '../components/PageHead';

/** The overview: a fixed widget grid, or in the Custom Dashboard theme the device's layout with an editor. */
export function Overview() {
    const { theme } = useStore(prefs);
    const stored = useStore(layout);
    const session = useStore(auth);
    const custom = theme === 'custom-dashboard';
    const [editing, setEditing] = useState(false);
    const [draft, setDraft] = useState<LayoutWidget[]>([]);
    const [message, setMessage] = useState<{ tone: 'ok' | 'error'; text: string } | null>(null);
    const [saving, setSaving] = useState(false);

    useEffect(() => {
        if (custom) void loadLayout();
        else setEditing(false);
    }, [custom]);

    const startEditing = () => {
        if (!session?.logged_in) {
            goToLogin('layout');
            return;
        }
        setDraft(stored.widgets);
        setMessage(null);
        setEditing(true);
    };
    const save = async () => {
        setSaving(true);
        try {
            await saveLayout(draft);
            setEditing(false);
            setMessage({ tone: 'ok', text: t('layout.saved') });
        } catch (e) {
            if (e instanceof ApiError && e.loginRequired) {
                goToLogin('layout');
                return;
            }
            const fields = e instanceof ApiError ? Object.entries(e.fields).map(([k, v]) => `${k}: ${v}`) : [];
            setMessage({ tone: 'error', text: [t('layout.save_failed'), ...fields].join(' · ') });
        } finally {
            setSaving(false);
        }
    };
    const hidden = WIDGETS.filter((w) => !draft.some((d) => d.id === w.id));
    const widgets = custom ? (editing ? draft : stored.widgets) : DEFAULT_LAYOUT;

    return (
        <div class="view view-overview">
            <PageHead title={t('nav.overview')}>
                {custom && !editing && (
                    <button type="button" class="btn" data-testid="edit-layout" onClick={startEditing}>
                        {t('layout.edit')}
                    </button>
                )}
                {custom && editing && (
                    <div class="layout-bar" role="toolbar" aria-label={t('layout.edit')}>
                        {hidden.length > 0 && (
                            <label class="inline-field">
                                <span>{t('layout.add')}</span>
                                <select
                                    data-testid="add-widget"
                                    value=""
                                    onChange={(e) => {
                                        const id = (e.target as HTMLSelectElement).value;
                                        if (id) setDraft(add(draft, id));
                                    }}
                                >
                                    <option value="">{t('layout.add_pick')}</option>
                                    {hidden.map((w) => (
                                        <option value={w.id}>{t(w.title)}</option>
                                    ))}
                                </select>
                            </label>
                        )}
                        <button
                            type="button"
                            class="btn btn-ghost"
                            data-testid="reset-layout"
                            onClick={() => setDraft(CUSTOM_DEFAULT_LAYOUT)}
                        >
                            {t('layout.reset')}
                        </button>
                        <button
                            type="button"
                            class="btn btn-ghost"
                            data-testid="cancel-layout"
                            onClick={() => setEditing(false)}
                        >
                            {t('cancel')}
                        </button>
                        <button
                            type="button"
                            class="btn btn-primary"
                            data-testid="save-layout"
                            disabled={saving}
                            onClick={() => void save()}
                        >
                            {saving ? t('saving') : t('layout.save')}
                        </button>
                    </div>
                )}
            </PageHead>
            {editing && (
                <p class="hint" id="layout-help">
                    {t('layout.help')}
                </p>
            )}
            {message && (
                <p class={`notice notice-${message.tone}`} role="status" data-testid="layout-message">
                    {message.text}
                </p>
            )}
            <WidgetGrid widgets={widgets} custom={custom} editing={editing} onChange={setDraft} />
        </div>
    );
}
