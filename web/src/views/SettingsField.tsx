import type { ConfigField, ConfigValue } from '../api/types';
import { Badge } from '../components/Badge';
import { fieldHelp } from '../i18n/configHelp';
import { fieldLabel } from '../i18n/configLabels';
import { t } from '../i18n';
import { bitsOf, displayInteger, draftOf, isBitmask, toggleBit } from './settingsModel';

interface Props {
    field: ConfigField;
    draft: string | boolean;
    stored: ConfigValue | undefined;
    /** Client-side message, or the server's per-field message after a failed save. */
    error: string | null;
    changed: boolean;
    restartPending: boolean;
    onInput: (value: string | boolean) => void;
}

const applyTone = { live: 'ok', reconnect: 'warn', restart: 'alarm' } as const;

/** One configuration key, rendered by its `type`; ids and test hooks derive from the key. */
export function SettingsField({ field, draft, stored, error, changed, restartPending, onInput }: Props) {
    const id = `f-${field.key.replace(/[^a-zA-Z0-9_-]/g, '-')}`;
    const helpId = `${id}-help`;
    const errorId = `${id}-error`;
    const help = fieldHelp(field.key, field.help);
    const describedBy = [help ? helpId : '', error ? errorId : ''].filter(Boolean).join(' ') || undefined;
    const label = fieldLabel(field.key);
    const defaultText =
        field.default === undefined || field.default === null
            ? null
            : field.type === 'integer' && typeof field.default === 'number'
              ? `${displayInteger(field, field.default)}${field.unit ? `\u202f${field.unit}` : ''}`
              : field.type === 'boolean'
                ? field.default
                    ? t('yes')
                    : t('no')
                : field.default === ''
                  ? t('settings.empty')
                  : String(field.default);
    const common = {
        id,
        'data-testid': `field-${field.key}`,
        'aria-describedby': describedBy,
        'aria-invalid': error ? true : undefined,
    };
    let input;
    switch (field.type) {
        case 'boolean':
            input = (
                <label class="switch">
                    <input
                        type="checkbox"
                        {...common}
                        checked={draft === true}
                        onChange={(e) => onInput((e.target as HTMLInputElement).checked)}
                    />
                    <span class="switch-track" aria-hidden="true">
                        <span class="switch-thumb" />
                    </span>
                    <span class="switch-text">{draft === true ? t('on') : t('off')}</span>
                </label>
            );
            break;
        case 'enum':
            input = (
                <select
                    {...common}
                    value={String(draft)}
                    onChange={(e) => onInput((e.target as HTMLSelectElement).value)}
                >
                    {(field.options ?? []).map((o) => (
                        <option key={o} value={o}>
                            {o}
                        </option>
                    ))}
                </select>
            );
            break;
        case 'secret':
            input = (
                <input
                    type="password"
                    {...common}
                    value={String(draft)}
                    autocomplete="new-password"
                    placeholder={field.set ? t('secret.unchanged') : t('secret.not_set')}
                    onInput={(e) => onInput((e.target as HTMLInputElement).value)}
                />
            );
            break;
        case 'integer':
            input = (
                <span class="input-unit">
                    <input
                        type="text"
                        inputmode="decimal"
                        {...common}
                        value={String(draft)}
                        spellcheck={false}
                        onInput={(e) => onInput((e.target as HTMLInputElement).value)}
                    />
                    {field.unit && <span class="unit">{field.unit}</span>}
                </span>
            );
            if (isBitmask(field)) {
                input = (
                    <>
                        {input}
                        <MaskBits field={field} draft={draft} onInput={onInput} />
                    </>
                );
            }
            break;
        default:
            input = (
                <input
                    type="text"
                    {...common}
                    value={String(draft)}
                    spellcheck={false}
                    maxLength={field.max_length}
                    onInput={(e) => onInput((e.target as HTMLInputElement).value)}
                />
            );
    }
    const unitSuffix = field.unit ? `\u202f${field.unit}` : '';
    const range =
        field.type === 'integer' && field.min !== undefined && field.max !== undefined
            ? `${displayInteger(field, field.min)} … ${displayInteger(field, field.max)}${unitSuffix}`
            : null;
    return (
        <div
            class={`field field-${field.type}${changed ? ' is-changed' : ''}${error ? ' has-error' : ''}`}
            data-key={field.key}
        >
            <div class="field-label-row">
                <label for={id} class="field-label">
                    {label}
                </label>
                <span class="field-badges">
                    {field.apply && (
                        <Badge
                            tone={applyTone[field.apply] ?? 'muted'}
                            testid={`field-apply-${field.key}`}
                            title={t(`apply.${field.apply}.title`)}
                        >
                            {t(`apply.${field.apply}`)}
                        </Badge>
                    )}
                    {field.type === 'secret' && (
                        <Badge tone={field.set ? 'ok' : 'muted'} testid={`field-set-${field.key}`}>
                            {field.set ? t('secret.set') : t('secret.not_set')}
                        </Badge>
                    )}
                    {restartPending && <Badge tone="alarm">{t('settings.restart_pending')}</Badge>}
                </span>
            </div>
            <div class="field-input">{input}</div>
            <div class="field-meta">
                <code class="field-key">{field.key}</code>
                {range && <span class="num">{range}</span>}
                {defaultText !== null && (
                    <button
                        type="button"
                        class="link-btn"
                        onClick={() => onInput(draftOf(field, field.default ?? null))}
                        disabled={draftOf(field, field.default ?? null) === draft}
                    >
                        {t('settings.default', { v: defaultText })}
                    </button>
                )}
                {changed && stored !== undefined && field.type !== 'secret' && (
                    <button type="button" class="link-btn" onClick={() => onInput(draftOf(field, stored))}>
                        {t('settings.undo')}
                    </button>
                )}
            </div>
            {help && (
                <p class="field-help" id={helpId}>
                    {help}
                </p>
            )}
            {error && (
                <p class="field-error" id={errorId} role="alert" data-testid={`field-error-${field.key}`}>
                    {error}
                </p>
            )}
        </div>
    );
}

/** A `bitmask16` field as one checkbox per address 0…15; edits the same draft text as the number input. */
function MaskBits({ field, draft, onInput }: Pick<Props, 'field' | 'draft' | 'onInput'>) {
    const bits = bitsOf(draft);
    return (
        <fieldset class="mask-bits" data-testid={`mask-${field.key}`}>
            <legend class="sr-only">{t('settings.mask_addresses')}</legend>
            {Array.from({ length: 16 }, (_, a) => (
                <label key={a} class="mask-bit" title={t('settings.mask_address', { a })}>
                    <input
                        type="checkbox"
                        data-testid={`mask-${field.key}-${a}`}
                        checked={bits?.includes(a) ?? false}
                        disabled={bits === null}
                        aria-label={t('settings.mask_address', { a })}
                        onChange={(e) => onInput(toggleBit(field, draft, a, (e.target as HTMLInputElement).checked))}
                    />
                    <span class="mask-bit-n num">{a}</span>
                </label>
            ))}
        </fieldset>
    );
}
