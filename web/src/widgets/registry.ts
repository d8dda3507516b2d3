// The overview's widgets. Ids are the layout ids stored with PUT /api/layout (lowercase a-z 0-9 _ -).
import type { FunctionComponent } from 'preact';
import type { LayoutWidget } from '../api/types';
import type { MessageKey } from '../i18n';
import { AlarmsWidget } from './AlarmsWidget';
import { CellSpreadWidget } from './CellSpreadWidget';
import { ChargeStateWidget } from './ChargeStateWidget';
import { ConnectionWidget } from './ConnectionWidget';
import { CurrentWidget } from './CurrentWidget';
import { EnergyTodayWidget } from './EnergyTodayWidget';
import { LimitsWidget } from './LimitsWidget';
import { MiniChartWidget } from './MiniChartWidget';
import { ModulesWidget } from './ModulesWidget';
import { PacksWidget } from './PacksWidget';
import { PowerWidget } from './PowerWidget';
import { SocWidget } from './SocWidget';
import { TemperatureWidget } from './TemperatureWidget';
import { VoltageWidget } from './VoltageWidget';

export interface WidgetDef {
    id: string;
    title: MessageKey;
    component: FunctionComponent;
}

export const WIDGETS: WidgetDef[] = [
    { id: 'soc', title: 'w.soc', component: SocWidget },
    { id: 'power', title: 'w.power', component: PowerWidget },
    { id: 'voltage', title: 'w.voltage', component: VoltageWidget },
    { id: 'current', title: 'w.current', component: CurrentWidget },
    { id: 'charge_state', title: 'w.charge_state', component: ChargeStateWidget },
    { id: 'temperatures', title: 'w.temperatures', component: TemperatureWidget },
    { id: 'cell_spread', title: 'w.cell_spread', component: CellSpreadWidget },
    { id: 'limits', title: 'w.limits', component: LimitsWidget },
    { id: 'alarms', title: 'w.alarms', component: AlarmsWidget },
    { id: 'modules', title: 'w.modules', component: ModulesWidget },
    { id: 'energy_today', title: 'w.energy_today', component: EnergyTodayWidget },
    { id: 'mini_chart', title: 'w.mini_chart', component: MiniChartWidget },
    { id: 'connection', title: 'w.connection', component: ConnectionWidget },
    { id: 'packs', title: 'w.packs', component: PacksWidget },
];

export const WIDGET_BY_ID = new Map(WIDGETS.map((w) => [w.id, w]));

/** The fixed overview of every theme, and the Custom Dashboard's layout until one is saved (4 columns). */
export const DEFAULT_LAYOUT: LayoutWidget[] = [
    { id: 'soc', w: 1, h: 2 },
    { id: 'power', w: 1, h: 1 },
    { id: 'voltage', w: 1, h: 1 },
    { id: 'current', w: 1, h: 1 },
    { id: 'charge_state', w: 1, h: 1 },
    { id: 'temperatures', w: 1, h: 1 },
    { id: 'cell_spread', w: 1, h: 1 },
    { id: 'limits', w: 2, h: 2 },
    { id: 'alarms', w: 2, h: 1 },
    { id: 'modules', w: 1, h: 1 },
    { id: 'energy_today', w: 1, h: 1 },
    { id: 'mini_chart', w: 2, h: 1 },
    { id: 'connection', w: 2, h: 1 },
    { id: 'packs', w: 4, h: 1 },
];

/** The Custom Dashboard's layout until one is saved: fixed rows, so the pack table gets two. */
export const CUSTOM_DEFAULT_LAYOUT: LayoutWidget[] = DEFAULT_LAYOUT.map((w) => (w.id === 'packs' ? { ...w, h: 2 } : w));

export const ID_PATTERN = /^[a-z0-9_-]{1,32}$/;

/** Keeps the known, well-formed, unique entries with w and h clamped to 1…4. */
export function sanitizeLayout(widgets: LayoutWidget[] | undefined | null): LayoutWidget[] {
    const seen = new Set<string>();
    const out: LayoutWidget[] = [];
    for (const w of widgets ?? []) {
        if (!w || typeof w.id !== 'string' || !ID_PATTERN.test(w.id) || seen.has(w.id) || !WIDGET_BY_ID.has(w.id)) {
            continue;
        }
        seen.add(w.id);
        const clamp = (v: unknown) => Math.max(1, Math.min(4, Math.round(Number(v)) || 1));
        out.push({ id: w.id, w: clamp(w.w), h: clamp(w.h) });
    }
    return out;
}
