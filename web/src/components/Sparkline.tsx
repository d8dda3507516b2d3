interface Props {
    values: (number | null)[];
    /** Draws a baseline at 0 when the range crosses it. */
    zeroLine?: boolean;
    label: string;
}

/** A small SVG line; `null` values are gaps. The viewBox stretches to the box, the stroke does not. */
export function Sparkline({ values, zeroLine, label }: Props) {
    const nums = values.filter((v): v is number => v !== null && Number.isFinite(v));
    if (nums.length < 2)
        return (
            <div class="sparkline sparkline-empty" role="img" aria-label={label}>
                —
            </div>
        );
    let lo = Math.min(...nums);
    let hi = Math.max(...nums);
    if (zeroLine) {
        lo = Math.min(lo, 0);
        hi = Math.max(hi, 0);
    }
    if (hi - lo < 1e-9) {
        hi += 1;
        lo -= 1;
    }
    const w = 300;
    const h = 100;
    const x = (i: number) => (i / (values.length - 1)) * w;
    const y = (v: number) => h - 4 - ((v - lo) / (hi - lo)) * (h - 8);
    let line = '';
    let area = '';
    let open = false;
    values.forEach((v, i) => {
        if (v === null || !Number.isFinite(v)) {
            if (open) area += `L${x(i - 1).toFixed(1)},${y(Math.max(lo, Math.min(hi, 0))).toFixed(1)}Z`;
            open = false;
            return;
        }
        const px = x(i).toFixed(1);
        const py = y(v).toFixed(1);
        if (!open) {
            line += `M${px},${py}`;
            area += `M${px},${y(Math.max(lo, Math.min(hi, 0))).toFixed(1)}L${px},${py}`;
            open = true;
        } else {
            line += `L${px},${py}`;
            area += `L${px},${py}`;
        }
    });
    if (open) area += `L${x(values.length - 1).toFixed(1)},${y(Math.max(lo, Math.min(hi, 0))).toFixed(1)}Z`;
    return (
        <svg class="sparkline" viewBox={`0 0 ${w} ${h}`} preserveAspectRatio="none" role="img" aria-label={label}>
            {zeroLine && lo < 0 && hi > 0 && (
                <line class="spark-zero" x1="0" x2={w} y1={y(0)} y2={y(0)} vector-effect="non-scaling-stroke" />
            )}
            <path class="spark-area" d={area} />
            <path class="spark-line" d={line} vector-effect="non-scaling-stroke" />
        </svg>
    );
}
