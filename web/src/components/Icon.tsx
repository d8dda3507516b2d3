// Stroke icons on a 24-unit grid; `currentColor`, so themes colour them.
const PATHS: Record<string, string> = {
    overview: 'M3 13h8V3H3zM13 21h8V11h-8zM3 21h8v-6H3zM13 3v6h8V3z',
    packs: 'M7 4h10v17H7zM10 2h4v2h-4zM10 9h4M10 13h4M10 17h4',
    charts: 'M3 3v18h18M7 15l4-5 3 3 5-7',
    energy: 'M13 2 4 14h7l-1 8 9-12h-7z',
    settings: 'M4 6h10M18 6h2M4 12h4M12 12h8M4 18h12M20 18h0M14 4v4M8 10v4M16 16v4',
    diagnostics: 'M3 12h4l3-8 4 16 3-8h4',
    login: 'M7 11V8a5 5 0 0 1 10 0v3M5 11h14v10H5zM12 15v2',
    logo: 'M6 7h12v13H6zM9 4h6v3H9zM13 9l-3 5h4l-3 5',
};

export function Icon({ name, size = 18 }: { name: string; size?: number }) {
    return (
        <svg
            class={`icon icon-${name}`}
            width={size}
            height={size}
            viewBox="0 0 24 24"
            fill="none"
            stroke="currentColor"
            stroke-width="1.8"
            stroke-linecap="round"
            stroke-linejoin="round"
            aria-hidden="true"
        >
            <path d={PATHS[name] ?? ''} />
        </svg>
    );
}
