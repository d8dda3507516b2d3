// Labels of the configuration keys and sections the dashboard knows. Unknown keys (a newer gateway) fall back to
// their name; the `help` text comes from the server as it is.
import { lang } from '.';

type Pair = [en: string, de: string];

const SECTIONS: Record<string, Pair> = {
    poll: ['RS485 polling', 'RS485-Abfrage'],
    bank: ['Battery bank', 'Batteriebank'],
    control: ['Charge control', 'Laderegelung'],
    can: ['CAN output', 'CAN-Ausgabe'],
    mqtt: ['MQTT', 'MQTT'],
    web: ['Web and login', 'Web und Anmeldung'],
};

const KEYS: Record<string, Pair> = {
    'poll.baud': ['Baud rate', 'Baudrate'],
    'poll.addresses_mask': ['Addresses to probe (bit mask)', 'Abzufragende Adressen (Bitmaske)'],
    'poll.turnaround_allowance_ms': ['Turnaround allowance', 'Umschaltreserve'],
    'poll.min_timeout_ms': ['Minimum reply timeout', 'Minimale Antwortzeit'],
    'poll.max_timeout_ms': ['Maximum reply timeout', 'Maximale Antwortzeit'],
    'poll.guard_ms': ['Bus guard time', 'Bus-Ruhezeit'],
    'poll.alarm_interval_ms': ['Alarm poll interval (0x44)', 'Alarm-Abfrageintervall (0x44)'],
    'poll.parameters_interval_ms': ['Parameter poll interval (0x47)', 'Parameter-Abfrageintervall (0x47)'],
    'poll.absent_probe_interval_ms': ['Probe interval of absent addresses', 'Suchintervall fehlender Adressen'],
    'poll.offline_probe_interval_ms': ['Probe interval of offline packs', 'Suchintervall getrennter Packs'],
    'poll.discovery_attempts': ['Discovery attempts', 'Suchversuche beim Start'],
    'poll.offline_after_failures': ['Failures before offline', 'Fehlversuche bis „getrennt“'],
    'bank.analog_max_age_s': ['Maximum age of measurements', 'Maximales Alter der Messwerte'],
    'bank.alarm_max_age_s': ['Maximum age of alarms', 'Maximales Alter der Alarme'],
    'bank.parameters_max_age_s': ['Maximum age of BMS limits', 'Maximales Alter der BMS-Grenzwerte'],
    'bank.info_max_age_s': ['Maximum age of pack information', 'Maximales Alter der Pack-Informationen'],
    'bank.expected_packs_mask': ['Expected packs (bit mask)', 'Erwartete Packs (Bitmaske)'],
    'bank.energy_max_gap_s': ['Longest energy integration gap', 'Längste Lücke der Energiezählung'],
    'control.cells_in_series': ['Cells in series', 'Zellen in Reihe'],
    'control.bulk_cell_mV': ['Charge voltage per cell (bulk)', 'Ladespannung je Zelle (Bulk)'],
    'control.float_cell_mV': ['Float voltage per cell', 'Erhaltungsladespannung je Zelle'],
    'control.cvl_max_dV': ['Highest charge voltage (CVL)', 'Höchste Ladespannung (CVL)'],
    'control.cvl_ramp_per_s_dV': ['Charge voltage rise rate', 'Anstiegsrate der Ladespannung'],
    'control.hard_pack_voltage_max_dV': ['Pack voltage charge cut-off', 'Ladeabschaltung bei Packspannung'],
    'control.hard_pack_voltage_hysteresis_dV': ['Pack voltage hysteresis', 'Hysterese der Packspannung'],
    'control.hard_charge_temp_min_dC': ['Lowest charge temperature', 'Niedrigste Ladetemperatur'],
    'control.hard_charge_temp_max_dC': ['Highest charge temperature', 'Höchste Ladetemperatur'],
    'control.charge_temp_hysteresis_dC': ['Charge temperature hysteresis', 'Hysterese der Ladetemperatur'],
    'control.ccl_taper_start_cell_mV': ['Charge current taper start (cell)', 'Beginn der Ladestromabsenkung (Zelle)'],
    'control.ccl_taper_end_cell_mV': ['Charge current taper end (cell)', 'Ende der Ladestromabsenkung (Zelle)'],
    'control.cell_charge_cut_mV': ['Cell voltage charge cut-off', 'Ladeabschaltung bei Zellspannung'],
    'control.cell_charge_cut_hysteresis_mV': ['Cell charge cut-off hysteresis', 'Hysterese der Zell-Ladeabschaltung'],
    'control.ccl_taper_end_pct': ['Charge current at taper end', 'Ladestrom am Ende der Absenkung'],
    'control.dcl_taper_start_cell_mV': [
        'Discharge current taper start (cell)',
        'Beginn der Entladestromabsenkung (Zelle)',
    ],
    'control.dcl_taper_end_cell_mV': ['Discharge current taper end (cell)', 'Ende der Entladestromabsenkung (Zelle)'],
    'control.cell_discharge_cut_mV': ['Cell voltage discharge cut-off', 'Entladeabschaltung bei Zellspannung'],
    'control.cell_discharge_cut_hysteresis_mV': [
        'Cell discharge cut-off hysteresis',
        'Hysterese der Zell-Entladeabschaltung',
    ],
    'control.dcl_taper_end_pct': ['Discharge current at taper end', 'Entladestrom am Ende der Absenkung'],
    'control.pack_discharge_cut_dV': ['Pack voltage discharge cut-off', 'Entladeabschaltung bei Packspannung'],
    'control.pack_discharge_cut_hysteresis_dV': [
        'Pack discharge cut-off hysteresis',
        'Hysterese der Pack-Entladeabschaltung',
    ],
    'control.discharge_temp_min_dC': ['Lowest discharge temperature', 'Niedrigste Entladetemperatur'],
    'control.discharge_temp_max_dC': ['Highest discharge temperature', 'Höchste Entladetemperatur'],
    'control.discharge_temp_hysteresis_dC': ['Discharge temperature hysteresis', 'Hysterese der Entladetemperatur'],
    'control.charge_cold_derate_band_dC': ['Cold derating band (charge)', 'Kälte-Reduzierband (Laden)'],
    'control.charge_hot_derate_band_dC': ['Heat derating band (charge)', 'Wärme-Reduzierband (Laden)'],
    'control.discharge_cold_derate_band_dC': ['Cold derating band (discharge)', 'Kälte-Reduzierband (Entladen)'],
    'control.discharge_hot_derate_band_dC': ['Heat derating band (discharge)', 'Wärme-Reduzierband (Entladen)'],
    'control.temp_derate_min_pct': ['Limit share at the band edge', 'Grenzwertanteil am Bandrand'],
    'control.soc_taper_start_centipct': ['SOC taper start', 'Beginn der SOC-Absenkung'],
    'control.soc_taper_end_pct': ['Charge current at 100 % SOC', 'Ladestrom bei 100 % Ladezustand'],
    'control.pack_charge_current_dA': ['Charge current per pack', 'Ladestrom je Pack'],
    'control.pack_discharge_current_dA': ['Discharge current per pack', 'Entladestrom je Pack'],
    'control.ccl_ramp_per_s_dA': ['Charge current ramp', 'Rampe des Ladestroms'],
    'control.dcl_ramp_per_s_dA': ['Discharge current ramp', 'Rampe des Entladestroms'],
    'control.absorption_entry_offset_dV': ['Absorption entry offset', 'Schwelle für Absorption'],
    'control.float_spread_mV': ['Cell spread for float', 'Zellabweichung für Erhaltungsladung'],
    'control.absorption_tail_current_dA': ['Absorption tail current per pack', 'Absorptions-Reststrom je Pack'],
    'control.absorption_hold_s': ['Absorption hold time', 'Haltezeit der Absorption'],
    'control.absorption_max_s': ['Longest absorption', 'Längste Absorption'],
    'control.rebulk_soc_centipct': ['Re-bulk below SOC', 'Neue Hauptladung unter Ladezustand'],
    'control.rebulk_spread_mV': ['Re-bulk above cell spread', 'Neue Hauptladung über Zellabweichung'],
    'control.full_charge_interval_days': ['Full charge every', 'Vollladung alle'],
    'control.imbalance_warning_mV': ['Imbalance warning', 'Warnung bei Zellabweichung'],
    'control.imbalance_alarm_mV': ['Imbalance alarm', 'Alarm bei Zellabweichung'],
    'control.imbalance_hysteresis_mV': ['Imbalance hysteresis', 'Hysterese der Zellabweichung'],
    'control.force_charge_soc_centipct': ['Force charge below SOC', 'Zwangsladung unter Ladezustand'],
    'control.force_charge_soc_hysteresis_centipct': ['Force charge hysteresis', 'Hysterese der Zwangsladung'],
    'control.comm_loss_timeout_s': ['Communication loss timeout', 'Zeitlimit bei Kommunikationsverlust'],
    'control.failsafe_silence': ['Stop CAN frames in failsafe', 'CAN-Ausgabe im Failsafe stoppen'],
    'can.interval_ms': ['Frame set interval', 'Sendeintervall'],
    'can.protocol': ['Protocol', 'Protokoll'],
    'can.manufacturer': ['Manufacturer name (0x35E)', 'Herstellername (0x35E)'],
    'can.bms_name': ['BMS name', 'BMS-Name'],
    'can.allow_quirk_name': ['Allow names that trigger GX quirks', 'Namen mit GX-Sonderverhalten erlauben'],
    'mqtt.enabled': ['MQTT enabled', 'MQTT aktiviert'],
    'mqtt.host': ['Broker host', 'Broker-Adresse'],
    'mqtt.port': ['Broker port', 'Broker-Port'],
    'mqtt.tls': ['TLS', 'TLS'],
    'mqtt.ca_file': ['CA certificate file', 'CA-Zertifikatsdatei'],
    'mqtt.cert_file': ['Client certificate file', 'Client-Zertifikatsdatei'],
    'mqtt.key_file': ['Client key file', 'Client-Schlüsseldatei'],
    'mqtt.username': ['User name', 'Benutzername'],
    'mqtt.password': ['Password', 'Passwort'],
    'mqtt.client_id': ['Client id', 'Client-ID'],
    'mqtt.device_id': ['Device id', 'Geräte-ID'],
    'mqtt.base_topic': ['Base topic', 'Basis-Topic'],
    'mqtt.detail': ['Detail level', 'Detailstufe'],
    'mqtt.retain': ['Retain messages', 'Nachrichten behalten (retain)'],
    'mqtt.discovery': ['Home Assistant discovery', 'Home-Assistant-Discovery'],
    'mqtt.discovery_prefix': ['Discovery prefix', 'Discovery-Präfix'],
    'mqtt.interval_s': ['Publish interval', 'Veröffentlichungsintervall'],
    'mqtt.keepalive_s': ['Keep-alive', 'Keep-alive'],
    'mqtt.queue_messages': ['Queue size', 'Größe der Warteschlange'],
    'web.public_read': ['Public read access', 'Lesen ohne Anmeldung'],
    'web.session_timeout_s': ['Session timeout', 'Sitzungsdauer'],
    'web.login_max_failures': ['Failed logins before lockout', 'Fehlversuche bis zur Sperre'],
    'web.login_lockout_s': ['Lockout window', 'Sperrzeit'],
};

function pick(pair: Pair): string {
    return lang() === 'de' ? pair[1] : pair[0];
}

export function fieldLabel(key: string): string {
    if (KEYS[key]) return pick(KEYS[key]);
    const name = key.split('.').pop() ?? key;
    const text = name.replace(/_(mV|dV|dA|dC|ms|s|pct|centipct)$/, '').replace(/_/g, ' ');
    return text.charAt(0).toUpperCase() + text.slice(1);
}

export function sectionTitle(id: string, serverTitle: string): string {
    return SECTIONS[id] ? pick(SECTIONS[id]) : serverTitle;
}
