// The firmware update card's rules: when it is shown, how the chosen image and the upload's progress read, and the
// text of every outcome of POST /api/ota (docs/api.md, "Firmware update").
import { ApiError } from '../api/client';
import type { Status } from '../api/types';
import { count, num } from '../format';
import { t } from '../i18n';

/** Only the ESP32 firmware takes an image over the API; Linux and older builds (no `platform`) do not. */
export function firmwareUpdateAvailable(status: Pick<Status, 'platform'> | null | undefined): boolean {
    return status?.platform === 'esp32';
}

/** "1.42 MiB (1,487,360 bytes)" in the UI language. */
export function imageSize(bytes: number): string {
    return t('ota.size', { mib: num(bytes / 1048576, 2), n: count(bytes) });
}

/** Whole percent of the upload, 0…100. */
export function percent(sent: number, total: number): number {
    if (!(total > 0)) return 0;
    return Math.min(100, Math.max(0, Math.floor((sent / total) * 100)));
}

/** The inline message of a failed upload: the server's own words (its error envelope) where it answered. */
export function firmwareErrorText(error: unknown): string {
    if (!(error instanceof ApiError)) return t('ota.failed', { msg: String(error) });
    if (error.status === 0) return t(error.code === 'timeout' ? 'ota.timeout' : 'ota.interrupted');
    if (error.code === 'invalid_answer') return t('ota.bad_answer');
    return t('ota.failed', { msg: error.message });
}
