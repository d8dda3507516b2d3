import { t } from '../i18n';
import { age } from '../format';

interface Props {
    /** Age in seconds at the time the document was received. */
    ageS: number | null | undefined;
    /** Seconds since the document was received, added so the age keeps counting. */
    sinceS?: number;
    stale?: boolean;
    testid?: string;
    label?: string;
}

/** "age 2.1 s" or, when stale, a warning badge "stale · 5 min": stale data is never shown as fresh. */
export function AgeTag({ ageS, sinceS = 0, stale, testid, label }: Props) {
    const value = ageS === null || ageS === undefined ? null : Math.max(0, ageS + sinceS);
    return (
        <span
            class={`age-tag${stale ? ' is-stale-tag' : ''}`}
            data-testid={testid}
            data-stale={stale ? 'true' : 'false'}
            title={stale ? t('age.stale_title') : t('age.title')}
        >
            {label && <span class="age-label">{label} </span>}
            {stale && <strong>{t('age.stale')} · </strong>}
            <span class="num">{value === null ? t('age.never') : age(value)}</span>
        </span>
    );
}
