// Types of every document of the gateway's HTTP API, mirroring docs/api.md.
// A value that is not known is `null`, never 0; units are in the key names.

export type Nullable<T> = T | null;

// ---- errors ------------------------------------------------------------------------------------------------------

export type ErrorCode =
    | 'invalid_json'
    | 'bad_request'
    | 'login_required'
    | 'wrong_password'
    | 'not_found'
    | 'pack_not_found'
    | 'method_not_allowed'
    | 'password_already_set'
    | 'body_too_large'
    | 'unsupported_media_type'
    | 'invalid_config'
    | 'invalid_layout'
    | 'invalid_password'
    | 'too_many_attempts'
    | 'not_ready'
    | 'image_invalid'
    | 'ota_refused'
    | 'out_of_memory';

export interface ErrorEnvelope {
    error: {
        code: ErrorCode | string;
        message: string;
        /** key → message, for validation errors (422). */
        fields?: Record<string, string>;
    };
}

// ---- auth --------------------------------------------------------------------------------------------------------

export interface AuthState {
    password_set: boolean;
    logged_in: boolean;
    public_read: boolean;
}

export interface LoginAnswer {
    logged_in: boolean;
}

// ---- status ------------------------------------------------------------------------------------------------------

export type Presence = 'unknown' | 'absent' | 'online' | 'offline';
export type ChargeState = 'bulk' | 'absorption' | 'float' | 'blocked' | 'failsafe';
export type ChargePhase = 'bulk' | 'absorption' | 'float';
export type AlarmLevel = 'not_supported' | 'ok' | 'warning' | 'alarm';

/** The bank alarm conditions (core/control); the map may hold others the UI does not know yet. */
export type BankAlarmId =
    | 'general'
    | 'high_voltage'
    | 'low_voltage'
    | 'high_temperature'
    | 'low_temperature'
    | 'high_temperature_charge'
    | 'low_temperature_charge'
    | 'high_discharge_current'
    | 'high_charge_current'
    | 'contactor'
    | 'short_circuit'
    | 'bms_internal'
    | 'cell_imbalance';

export interface CellRef {
    V: Nullable<number>;
    pack: Nullable<number>;
    cell: Nullable<number>;
    label: Nullable<string>;
}

export interface BankLimits {
    cvl_V: Nullable<number>;
    ccl_A: Nullable<number>;
    dcl_A: Nullable<number>;
    dvl_V: Nullable<number>;
    cvl_reason: string;
    ccl_reason: string;
    dcl_reason: string;
    dvl_reason: string;
}

export interface Bank {
    online: boolean;
    soc_pct: Nullable<number>;
    soc_basis: Nullable<string>;
    soh_pct: Nullable<number>;
    voltage_V: Nullable<number>;
    current_A: Nullable<number>;
    power_W: Nullable<number>;
    temperature_min_C: Nullable<number>;
    temperature_max_C: Nullable<number>;
    temperature_min_at: Nullable<string>;
    temperature_max_at: Nullable<string>;
    cell_min: Nullable<CellRef>;
    cell_max: Nullable<CellRef>;
    cell_spread_mV: Nullable<number>;
    cells_in_series: Nullable<number>;
    limits: BankLimits;
    charge_state: ChargeState | string;
    charge_phase: ChargePhase | string;
    state_reason: string;
    charge_stopped: boolean;
    discharge_stopped: boolean;
    failsafe: boolean;
    alarms: Record<string, AlarmLevel>;
    /** Ids of the conditions at `warning` or `alarm`. */
    alarms_active: string[];
    modules: { online: number; offline: number; blocking_charge: number; blocking_discharge: number };
    capacity: { installed_Ah: Nullable<number>; available_Ah: Nullable<number> };
    energy: { charged_kWh: number; discharged_kWh: number; charged_Wh: number; discharged_Wh: number };
}

export interface PackSummary {
    address: number;
    presence: Presence;
    online: boolean;
    soc_pct: Nullable<number>;
    voltage_V: Nullable<number>;
    current_A: Nullable<number>;
    power_W: Nullable<number>;
    cell_min_V: Nullable<number>;
    cell_max_V: Nullable<number>;
    cell_spread_mV: Nullable<number>;
    temperature_max_C: Nullable<number>;
    blocking_charge: boolean;
    blocking_discharge: boolean;
    /**
     * Number of fault bits set in the pack's fresh 0x44 reply (states such as "charge MOSFET on" are not counted);
     * null without fresh 0x44 data. Not the same as `bank.alarms_active` (a list of 0x35A condition ids).
     */
    alarms_active: Nullable<number>;
    /** Age of the pack's 0x42 data. */
    data_age_s: Nullable<number>;
}

export interface Rs485Status {
    device: string;
    open: boolean;
    baud: number;
    discovering: boolean;
    packs_online: number;
    packs_offline: number;
    last_sweep_ms: Nullable<number>;
    polls: number;
    replies: number;
    timeouts: number;
    errors: number;
    unsolicited_frames: number;
    echoes: number;
    discarded_bytes: number;
    write_errors: number;
}

export interface CanStatus {
    backend: string;
    open: boolean;
    protocol: string;
    interval_ms: number;
    sets_sent: number;
    sets_silenced: number;
    missed_ticks: number;
    frames_sent: number;
    write_errors: number;
    gx_keepalive: number;
    gx_seen_age_s: Nullable<number>;
    last_error: string;
}

export interface MqttStatus {
    enabled: boolean;
    connected: boolean;
    published: number;
    dropped: number;
    last_error: string;
}

export interface EnergyToday {
    date: Nullable<string>;
    charged_kWh: Nullable<number>;
    discharged_kWh: Nullable<number>;
}

export interface Status {
    seq: number;
    version: string;
    edition: string;
    /** `linux` or `esp32` (what the target can do, e.g. firmware updates on `esp32`); absent in older builds. */
    platform?: 'linux' | 'esp32' | string;
    demo: boolean;
    monitoring: boolean;
    uptime_s: number;
    /** The gateway's monotonic clock in ms when the status was taken (not a wall-clock time). */
    monotonic_ms: number;
    /** Wall clock, unix seconds. */
    time: number;
    bank: Bank;
    energy_today: EnergyToday;
    packs: PackSummary[];
    rs485: Rs485Status;
    can: CanStatus;
    mqtt: MqttStatus;
}

// ---- packs -------------------------------------------------------------------------------------------------------

export type TemperatureRole = 'cell' | 'balancer' | 'environment' | 'mosfet' | 'unknown';
/** BMS state bytes of 0x44 (cells, sensors, current, voltage). */
export type BmsState = 'normal' | 'below_lower_limit' | 'above_upper_limit' | 'other_fault' | 'unknown';

export interface Temperature {
    sensor: number;
    role: TemperatureRole | string;
    C: Nullable<number>;
    state: BmsState | string;
}

export interface ActiveBit {
    bit: number;
    id: string;
    name: string;
    /** true for a protection that stops charge or discharge. */
    protection: boolean;
    /** true for a state ("charge MOSFET on"), false for an alarm. */
    state: boolean;
}

export interface PackAlarms {
    fresh: boolean;
    age_s: Nullable<number>;
    active: ActiveBit[];
    cell_states: (BmsState | string)[];
    temperature_states: (BmsState | string)[];
    charge_current_state: BmsState | string;
    pack_voltage_state: BmsState | string;
    blocking_charge?: boolean;
    blocking_discharge?: boolean;
    /** Set status bits the decoder has no name for. */
    undefined_bits?: number[];
}

export interface PackLimits {
    fresh: boolean;
    age_s: Nullable<number>;
    usable: boolean;
    implausible: string[];
    cell_high_V: Nullable<number>;
    cell_low_V: Nullable<number>;
    cell_under_V: Nullable<number>;
    charge_high_temp_C: Nullable<number>;
    charge_low_temp_C: Nullable<number>;
    charge_current_max_A: Nullable<number>;
    pack_high_V: Nullable<number>;
    pack_low_V: Nullable<number>;
    pack_under_V: Nullable<number>;
    discharge_high_temp_C: Nullable<number>;
    discharge_low_temp_C: Nullable<number>;
    discharge_current_max_A: Nullable<number>;
}

export interface PackInfo {
    fresh: boolean;
    age_s: Nullable<number>;
    hardware: Nullable<string>;
    software: Nullable<string>;
    id: Nullable<string>;
}

export interface PackCounters {
    polls: number;
    replies: number;
    timeouts: number;
    errors: number;
    errors_by_kind: Record<string, number>;
    decode_errors: number;
    consecutive_failures: number;
    response_mean_ms: Nullable<number>;
    response_max_ms: Nullable<number>;
    last_seen_age_s: Nullable<number>;
}

export type DataGroup = 'analog' | 'alarm' | 'parameters' | 'info';

export interface PackDetail {
    address: number;
    presence: Presence;
    online: boolean;
    cell_count: Nullable<number>;
    cells_V: Nullable<number>[];
    cell_min: Nullable<CellRef>;
    cell_max: Nullable<CellRef>;
    cell_spread_mV: Nullable<number>;
    voltage_V: Nullable<number>;
    current_A: Nullable<number>;
    power_W: Nullable<number>;
    soc_pct: Nullable<number>;
    soh_pct: Nullable<number>;
    cycles: Nullable<number>;
    remaining_Ah: Nullable<number>;
    full_Ah: Nullable<number>;
    temperatures: Temperature[];
    temperature_roles_likely: boolean;
    blocking_charge: boolean;
    blocking_discharge: boolean;
    alarms: Nullable<PackAlarms>;
    limits: Nullable<PackLimits>;
    info: Nullable<PackInfo>;
    counters: PackCounters;
    data_age_s: Record<DataGroup, Nullable<number>>;
    stale: Record<DataGroup, boolean>;
}

export interface PacksDocument {
    packs: PackDetail[];
}

// ---- history and energy ------------------------------------------------------------------------------------------

/** Columnar, oldest first, one point per `interval_s`; `null` is a gap. */
export interface History {
    interval_s: number;
    hours: number;
    points: number;
    t: number[];
    power_W: Nullable<number>[];
    voltage_V: Nullable<number>[];
    current_A: Nullable<number>[];
    soc_pct: Nullable<number>[];
    temperature_min_C: Nullable<number>[];
    temperature_max_C: Nullable<number>[];
    cell_min_V: Nullable<number>[];
    cell_max_V: Nullable<number>[];
}

export interface EnergyDay {
    date: string;
    charged_kWh: number;
    discharged_kWh: number;
}

export interface EnergyMonth {
    month: string;
    charged_kWh: number;
    discharged_kWh: number;
}

export interface Energy {
    clock_valid: boolean;
    today: Nullable<string>;
    days: EnergyDay[];
    months: EnergyMonth[];
    total: { charged_kWh: number; discharged_kWh: number };
}

// ---- frames and log ----------------------------------------------------------------------------------------------

export interface Rs485Frame {
    seq: number;
    age_s: number;
    dir: 'tx' | 'rx' | string;
    adr: Nullable<number>;
    command: Nullable<string>;
    text: string;
    decoded?: Nullable<Record<string, unknown>>;
    /** true when `text` was cut (a very long frame). */
    truncated?: boolean;
}

export interface CanFrame {
    seq: number;
    age_s: number;
    dir: 'tx' | 'rx' | string;
    id: string;
    data: string;
    text: string;
}

export interface Frames {
    rs485: Rs485Frame[];
    can: CanFrame[];
}

export type LogLevel = 'error' | 'warning' | 'notice' | 'info' | 'debug';

export interface LogLine {
    seq: number;
    age_s: number;
    level: LogLevel | string;
    text: string;
}

export interface LogDocument {
    lines: LogLine[];
}

// ---- configuration -----------------------------------------------------------------------------------------------

export type FieldType = 'integer' | 'boolean' | 'string' | 'enum' | 'secret';
export type ApplyMode = 'live' | 'reconnect' | 'restart';

export interface ConfigField {
    /** "section.key", the path into `config`. */
    key: string;
    section: string;
    type: FieldType;
    help?: string;
    apply?: ApplyMode;
    default?: number | boolean | string | null;
    /** integer: raw bounds (inclusive). */
    min?: number;
    max?: number;
    /** integer: displayed value = raw × scale, in unit, with `decimals` places. */
    scale?: number;
    decimals?: number;
    unit?: string;
    /** integer: `bitmask16` marks an address mask (bit a = address a). */
    format?: string;
    /** string: the longest value accepted, in characters. */
    max_length?: number;
    /** string: the shortest value accepted, in characters. */
    min_length?: number;
    /** string: `printable_ascii`, `id` or `topic` (docs/api.md). */
    charset?: string;
    /** enum: the allowed values. */
    options?: string[];
    /** secret: whether a value is stored. */
    set?: boolean;
}

export interface ConfigSection {
    id: string;
    title: string;
}

export type ConfigValue = number | boolean | string | null;
export interface ConfigTree {
    [key: string]: ConfigValue | ConfigTree;
}

export interface ConfigDocument {
    config: ConfigTree;
    fields: ConfigField[];
    sections: ConfigSection[];
}

export interface ConfigPutAnswer {
    config: ConfigTree;
    /** Keys whose value changed; nothing was written when empty. */
    changed: string[];
    applied: ApplyMode | string;
    restart_required: string[];
}

// ---- layout ------------------------------------------------------------------------------------------------------

export interface LayoutWidget {
    /** 1…32 characters of a-z 0-9 _ -, unique. */
    id: string;
    /** 1…4 */
    w: number;
    /** 1…4 */
    h: number;
}

export interface Layout {
    widgets: LayoutWidget[];
}

export interface LayoutDocument {
    layout: Nullable<Layout>;
}

// ---- actions -----------------------------------------------------------------------------------------------------

export type ActionName = 'rescan' | 'reset-counters';

export interface ActionAnswer {
    ok: boolean;
}

/** POST /api/ota (ESP32, full edition): the image is written and selected; the gateway restarts into it. */
export interface OtaAnswer {
    ok: boolean;
    bytes: number;
    restart: boolean;
}

// ---- WebSocket ---------------------------------------------------------------------------------------------------

export type WsMessage = { type: 'status'; data: Status } | { type: 'packs'; data: PacksDocument };

export interface WsSubscribe {
    subscribe: 'packs'[];
}
