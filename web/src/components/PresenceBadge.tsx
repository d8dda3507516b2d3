import type { Presence } from '../api/types';
import { t, tId } from '../i18n';
import { Badge, type Tone } from './Badge';

const tones: Record<string, Tone> = { online: 'ok', offline: 'alarm', absent: 'muted', unknown: 'muted' };

export function PresenceBadge({ presence, testid }: { presence: Presence | string; testid?: string }) {
    return (
        <Badge tone={tones[presence] ?? 'muted'} testid={testid} title={t('pack.presence')}>
            {tId('presence', presence)}
        </Badge>
    );
}
