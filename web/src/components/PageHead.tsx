import type { ComponentChildren } from 'preact';

export function PageHead({
    title,
    sub,
    children,
}: {
    title: string;
    sub?: ComponentChildren;
    children?: ComponentChildren;
}) {
    return (
        <div class="page-head">
            <div>
                <h1 class="page-title">{title}</h1>
                {sub !== undefined && <p class="page-sub">{sub}</p>}
            </div>
            {children !== undefined && <div class="page-actions">{children}</div>}
        </div>
    );
}
