import { Card } from '../components/Card';
import { Metric } from '../components/Metric';
import { signed } from '../format';
import { t } from '../i18n';
import { useLive } from '../liveContext';
import { flowOf } from './PowerWidget';

export function CurrentWidget() {
    const { status, fresh } = useLive();
    const bank = status?.bank;
    const flow = flowOf(bank?.current_A);
    return (
        <Card title={t('w.current')} class="w-current">
            <Metric
                label=""
                value={signed(bank?.current_A, 1, 'A')}
                testid="current-value"
                stale={!fresh}
                size="xl"
                tone={flow === 'charge' ? 'charge' : flow === 'discharge' ? 'discharge' : undefined}
                sub={t('current.sign')}
            />
        </Card>
    );
}
