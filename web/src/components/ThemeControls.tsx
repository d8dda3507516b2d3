import { t } from '../i18n';
import { prefs, setPrefs, THEMES, type Lang, type ModePref, type ThemeId } from '../prefs';
import { useStore } from '../store';

/** Theme, light/dark/auto mode and language: on every page, remembered in localStorage. */
export function ThemeControls() {
    const p = useStore(prefs);
    return (
        <div class="theme-controls">
            <label class="ctl">
                <span class="sr-only">{t('ctl.theme')}</span>
                <select
                    data-testid="theme-select"
                    value={p.theme}
                    aria-label={t('ctl.theme')}
                    onChange={(e) => setPrefs({ theme: (e.target as HTMLSelectElement).value as ThemeId })}
                >
                    {THEMES.map((th) => (
                        <option key={th.id} value={th.id}>
                            {th.name}
                        </option>
                    ))}
                </select>
            </label>
            <label class="ctl">
                <span class="sr-only">{t('ctl.mode')}</span>
                <select
                    data-testid="mode-select"
                    value={p.mode}
                    aria-label={t('ctl.mode')}
                    onChange={(e) => setPrefs({ mode: (e.target as HTMLSelectElement).value as ModePref })}
                >
                    <option value="auto">{t('ctl.auto')}</option>
                    <option value="light">{t('ctl.light')}</option>
                    <option value="dark">{t('ctl.dark')}</option>
                </select>
            </label>
            <label class="ctl">
                <span class="sr-only">{t('ctl.lang')}</span>
                <select
                    data-testid="lang-select"
                    value={p.lang}
                    aria-label={t('ctl.lang')}
                    onChange={(e) => setPrefs({ lang: (e.target as HTMLSelectElement).value as Lang })}
                >
                    <option value="en">English</option>
                    <option value="de">Deutsch</option>
                </select>
            </label>
        </div>
    );
}
