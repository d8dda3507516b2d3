import type { ComponentChildren } from 'preact';

interface Props {
    title: string;
    testid?: string;
    /** Right side of the head (badges, ages, buttons). */
    aside?: ComponentChildren;
    class?: string;
    children: ComponentChildren;
}

/** A titled panel; every theme styles `.card`. */
export function Card({ title, testid, aside, class: extra, children }: Props) {
    return (
        <section class={`card ${extra ?? ''}`} data-testid={testid} aria-label={title}>
            <header class="card-head">
                <h2 class="card-title">{title}</h2>
                {aside !== undefined && <div class="card-aside">{aside}</div>}
            </header>
            <div class="card-body">{children}</div>
        </section>
    );
}
