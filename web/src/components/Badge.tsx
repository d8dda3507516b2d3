import type { ComponentChildren } from 'preact';

export type Tone = 'ok' | 'warn' | 'alarm' | 'info' | 'muted' | 'charge' | 'discharge';

export function Badge({
    tone = 'muted',
    children,
    testid,
    title,
}: {
    tone?: Tone;
    children: ComponentChildren;
    testid?: string;
    title?: string;
}) {
    return (
        <span class={`badge badge-${tone}`} data-testid={testid} title={title}>
            {children}
        </span>
    );
}
