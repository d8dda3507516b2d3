import { Card } from '../components/Card';
import { SocGauge } from '../components/SocGauge';
import { withUnit } from '../format';
import { t, tId } from '../i18n';
import { useLive } from '../liveContext';

export function SocWidget() {
    const { status, fresh } = useLive();
    const bank = status?.bank;
    return (
        <Card title={t('w.soc')} class="w-soc">
            <SocGauge soc={bank?.soc_pct ?? null} current={bank?.current_A ?? null} stale={!fresh} testid="soc-value" />
            <dl class="kv kv-compact">
                <dt>{t('bank.soh')}</dt>
                <dd class="num" data-testid="soh-value">
                    {withUnit(bank?.soh_pct, 0, '%')}
                </dd>
                <dt>{t('bank.available')}</dt>
                <dd class="num">
                    {withUnit(bank?.capacity.available_Ah, 1, 'Ah')} / {withUnit(bank?.capacity.installed_Ah, 0, 'Ah')}
                </dd>
                {bank?.soc_basis && (
                    <>
                        <dt>{t('bank.soc_basis')}</dt>
                        <dd>{tId('socbasis', bank.soc_basis)}</dd>
                    </>
                )}
            </dl>
        </Card>
    );
}
