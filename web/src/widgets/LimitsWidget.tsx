import { Card } from '../components/Card';
import { withUnit } from '../format';
import { t } from '../i18n';
import { useLive } from '../liveContext';

type LimitKey = 'cvl' | 'ccl' | 'dcl' | 'dvl';

/** CVL, CCL, DCL and DVL as sent to the inverter, each with the reason the controller gives. */
export function LimitsWidget() {
    const { status, fresh } = useLive();
    const limits = status?.bank.limits;
    const rows: { key: LimitKey; value: string }[] = [
        { key: 'cvl', value: withUnit(limits?.cvl_V, 1, 'V') },
        { key: 'ccl', value: withUnit(limits?.ccl_A, 1, 'A') },
        { key: 'dcl', value: withUnit(limits?.dcl_A, 1, 'A') },
        { key: 'dvl', value: withUnit(limits?.dvl_V, 1, 'V') },
    ];
    return (
        <Card title={t('w.limits')} class="w-limits">
            <ul class={`limit-list${fresh ? '' : ' is-stale'}`}>
                {rows.map(({ key, value }) => (
                    <li class={`limit limit-${key}`} key={key}>
                        <div class="limit-head">
                            <span class="limit-name">
                                <abbr title={t(`limit.${key}.long`)}>{key.toUpperCase()}</abbr>
                                <span class="limit-long">{t(`limit.${key}.long`)}</span>
                            </span>
                            <span
                                class="limit-value num"
                                data-testid={`${key}-value`}
                                data-stale={fresh ? undefined : 'true'}
                            >
                                {value}
                            </span>
                        </div>
                        <p class="limit-reason" data-testid={`${key}-reason`}>
                            {limits?.[`${key}_reason`] || '—'}
                        </p>
                    </li>
                ))}
            </ul>
        </Card>
    );
}
