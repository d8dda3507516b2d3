import { useState } from 'preact/hooks';
import { ApiError, uploadFirmware } from '../api/client';
import type { Status } from '../api/types';
import { auth, loadAuth } from '../auth';
import { Card } from '../components/Card';
import { count, withUnit } from '../format';
import { t } from '../i18n';
import { goToLogin } from '../router';
import { createStore, useStore } from '../store';
import { firmwareErrorText, imageSize, percent } from './firmwareModel';

type Upload =
    | { phase: 'idle' }
    | { phase: 'sending'; name: string; sent: number; total: number }
    | { phase: 'done'; name: string; bytes: number }
    | { phase: 'failed'; error: unknown };

// The upload outlives the view: it goes on while another page is open, and its outcome is there on the way back.
const upload = createStore<Upload>({ phase: 'idle' });

/** POST /api/ota with progress; shown by Diagnostics only where firmwareUpdateAvailable() (the ESP32). */
export function FirmwareUpdate({ status }: { status: Status }) {
    const session = useStore(auth);
    const state = useStore(upload);
    const [file, setFile] = useState<File | null>(null);
    // A new key empties the file input after an installation.
    const [inputKey, setInputKey] = useState(0);
    const loggedIn = session?.logged_in === true;
    const sending = state.phase === 'sending';

    const install = async () => {
        if (!file || file.size === 0 || sending) return;
        if (!loggedIn) {
            goToLogin('firmware');
            return;
        }
        // The server refuses an expired session before it reads the body and closes the connection, which the browser
        // may report as an interrupted upload; asking first gives the login form instead.
        const current = await loadAuth();
        if (current && !current.logged_in) {
            goToLogin('expired');
            return;
        }
        const name = file.name;
        upload.set({ phase: 'sending', name, sent: 0, total: file.size });
        try {
            const answer = await uploadFirmware(file, (sent, total) =>
                upload.set({ phase: 'sending', name, sent, total }),
            );
            upload.set({ phase: 'done', name, bytes: typeof answer.bytes === 'number' ? answer.bytes : file.size });
            setFile(null);
            setInputKey(inputKey + 1);
        } catch (e) {
            if (e instanceof ApiError && e.loginRequired) {
                upload.set({ phase: 'idle' });
                goToLogin('expired');
                return;
            }
            upload.set({ phase: 'failed', error: e });
        }
    };

    const pct = sending ? percent(state.sent, state.total) : 0;
    return (
        <Card title={t('ota.title')} class="diag-firmware" testid="firmware-update">
            <p class="hint" data-testid="ota-running">
                {t('ota.running', { v: status.version, e: status.edition })}
            </p>
            <p class="hint" data-testid="ota-help">
                {t('ota.help')}
            </p>
            {!loggedIn && (
                <p class="notice notice-info" data-testid="ota-login-hint">
                    {t('ota.login_hint')}{' '}
                    <a href="#/login?why=firmware&next=%2Fdiagnostics">{t('login.title')}</a>
                </p>
            )}
            <div class="ota-form">
                <div class="field ota-file">
                    <label class="field-label" for="ota-file">
                        {t('ota.file')}
                    </label>
                    <input
                        key={inputKey}
                        id="ota-file"
                        type="file"
                        accept=".bin,application/octet-stream"
                        disabled={sending}
                        data-testid="ota-file"
                        onChange={(e) => {
                            setFile((e.target as HTMLInputElement).files?.[0] ?? null);
                            upload.set({ phase: 'idle' });
                        }}
                    />
                    {file && (
                        <p class="ota-file-info">
                            <span class="mono" data-testid="ota-file-name">
                                {file.name}
                            </span>{' '}
                            · <span data-testid="ota-file-size">{imageSize(file.size)}</span>
                            {file.size === 0 && (
                                <>
                                    {' '}
                                    · <strong class="err">{t('ota.empty')}</strong>
                                </>
                            )}
                        </p>
                    )}
                </div>
                <button
                    type="button"
                    class="btn btn-primary"
                    data-testid="ota-install"
                    disabled={!loggedIn || !file || file.size === 0 || sending}
                    onClick={() => void install()}
                >
                    {sending ? t('ota.installing') : t('ota.install')}
                </button>
            </div>
            {sending && (
                <div class="ota-progress" role="status">
                    <progress max={100} value={pct} data-testid="ota-progress" />
                    <span class="num" data-testid="ota-progress-text">
                        {state.total > 0 && state.sent >= state.total
                            ? t('ota.verifying')
                            : t('ota.uploading', { p: withUnit(pct, 0, '%') })}
                    </span>
                </div>
            )}
            {state.phase === 'done' && (
                <div class="notice notice-ok" role="status" data-testid="ota-result" data-outcome="ok">
                    <p>{t('ota.done', { name: state.name, n: count(state.bytes) })}</p>
                    <p>{t('ota.reconnect')}</p>
                </div>
            )}
            {state.phase === 'failed' && (
                <p class="notice notice-error" role="alert" data-testid="ota-result" data-outcome="error">
                    {firmwareErrorText(state.error)}
                </p>
            )}
        </Card>
    );
}
