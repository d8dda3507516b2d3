import { DASH } from '../format';
import { t } from '../i18n';

/** Translates the server's "pack 1 sensor 2" / "pack 1 cell 7" labels; other text is shown as it is. */
export function placeLabel(label: string | null | undefined): string {
    if (!label) return DASH;
    const m = /^pack (\d+) (sensor|cell) (\d+)$/.exec(label);
    if (!m) return label;
    return t(m[2] === 'cell' ? 'place.cell' : 'place.sensor', { pack: m[1], n: m[3] });
}
