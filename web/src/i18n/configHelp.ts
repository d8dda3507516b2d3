// German help texts of the configuration keys. The server's `help` is English (docs/api.md: user interfaces
// translate it by key); a translation is used only while the server's English text is still the one it was made
// from, so a changed help text shows in English rather than wrong in German.
import { lang } from '.';

const HELP: Record<string, [en: string, de: string]> = {
    'can.protocol': [
        'frame set sent on CAN: Victron CAN-bus BMS, Pylontech or SMA Sunny Island',
        'Auf dem CAN-Bus gesendeter Frame-Satz: Victron CAN-bus BMS, Pylontech oder SMA Sunny Island',
    ],
    'can.interval_ms': [
        'ms between frame sets (a GX drops a BMS after ~5 s)',
        'ms zwischen zwei Frame-Sätzen (ein GX verwirft ein BMS nach etwa 5 s)',
    ],
    'can.manufacturer': ['name in 0x35E, 1…8 printable ASCII characters', 'Name in 0x35E, 1…8 druckbare ASCII-Zeichen'],
    'can.bms_name': [
        'name in 0x370/0x371, at most 16 characters; empty = not sent',
        'Name in 0x370/0x371, höchstens 16 Zeichen; leer = wird nicht gesendet',
    ],
    'can.allow_quirk_name': [
        'accept a 0x35E name that makes a Victron GX apply another product\'s quirks',
        'Einen 0x35E-Namen zulassen, bei dem ein Victron GX das Sonderverhalten eines anderen Produkts anwendet',
    ],
    'control.cells_in_series': ['cells; 0 = from the packs, else 4…32', 'Zellen; 0 = von den Packs, sonst 4…32'],
    'control.bulk_cell_mV': ['mV per cell; CVL in bulk and absorption', 'mV je Zelle; CVL in Bulk und Absorption'],
    'control.float_cell_mV': ['mV per cell; CVL in float', 'mV je Zelle; CVL in der Erhaltungsladung'],
    'control.cvl_max_dV': ['0.1 V; CVL never above', 'Schritte von 0,1 V; die CVL liegt nie darüber'],
    'control.cvl_ramp_per_s_dV': ['0.1 V/s; CVL rise rate', 'Schritte von 0,1 V/s; Anstiegsrate der CVL'],
    'control.hard_pack_voltage_max_dV': [
        '0.1 V; charge stops above',
        'Schritte von 0,1 V; darüber wird das Laden gestoppt',
    ],
    'control.hard_pack_voltage_hysteresis_dV': ['0.1 V', 'Schritte von 0,1 V'],
    'control.hard_charge_temp_min_dC': [
        '0.1 °C; charge stops below',
        'Schritte von 0,1 °C; darunter wird das Laden gestoppt',
    ],
    'control.hard_charge_temp_max_dC': [
        '0.1 °C; charge stops above',
        'Schritte von 0,1 °C; darüber wird das Laden gestoppt',
    ],
    'control.charge_temp_hysteresis_dC': ['0.1 °C', 'Schritte von 0,1 °C'],
    'control.ccl_taper_start_cell_mV': ['mV; CCL taper begins', 'mV; hier beginnt die Absenkung der CCL'],
    'control.ccl_taper_end_cell_mV': [
        'mV; CCL at ccl_taper_end_pct',
        'mV; hier ist die CCL auf ccl_taper_end_pct gesunken',
    ],
    'control.cell_charge_cut_mV': ['mV; charge stops at or above', 'mV; ab diesem Wert wird das Laden gestoppt'],
    'control.cell_charge_cut_hysteresis_mV': ['mV', 'mV'],
    'control.ccl_taper_end_pct': ['%; CCL share at the taper end', '%; Anteil der CCL am Ende der Absenkung'],
    'control.dcl_taper_start_cell_mV': ['mV; DCL taper begins', 'mV; hier beginnt die Absenkung der DCL'],
    'control.dcl_taper_end_cell_mV': [
        'mV; DCL at dcl_taper_end_pct',
        'mV; hier ist die DCL auf dcl_taper_end_pct gesunken',
    ],
    'control.cell_discharge_cut_mV': [
        'mV; discharge stops at or below',
        'mV; bei diesem Wert und darunter wird das Entladen gestoppt',
    ],
    'control.cell_discharge_cut_hysteresis_mV': ['mV', 'mV'],
    'control.dcl_taper_end_pct': ['%; DCL share at the taper end', '%; Anteil der DCL am Ende der Absenkung'],
    'control.pack_discharge_cut_dV': [
        '0.1 V; discharge stops below',
        'Schritte von 0,1 V; darunter wird das Entladen gestoppt',
    ],
    'control.pack_discharge_cut_hysteresis_dV': ['0.1 V', 'Schritte von 0,1 V'],
    'control.discharge_temp_min_dC': [
        '0.1 °C; discharge stops below',
        'Schritte von 0,1 °C; darunter wird das Entladen gestoppt',
    ],
    'control.discharge_temp_max_dC': [
        '0.1 °C; discharge stops above',
        'Schritte von 0,1 °C; darüber wird das Entladen gestoppt',
    ],
    'control.discharge_temp_hysteresis_dC': ['0.1 °C', 'Schritte von 0,1 °C'],
    'control.charge_cold_derate_band_dC': [
        '0.1 °C above the charge minimum',
        'Schritte von 0,1 °C über der niedrigsten Ladetemperatur',
    ],
    'control.charge_hot_derate_band_dC': [
        '0.1 °C below the charge maximum',
        'Schritte von 0,1 °C unter der höchsten Ladetemperatur',
    ],
    'control.discharge_cold_derate_band_dC': [
        '0.1 °C above the minimum',
        'Schritte von 0,1 °C über der niedrigsten Temperatur',
    ],
    'control.discharge_hot_derate_band_dC': [
        '0.1 °C below the maximum',
        'Schritte von 0,1 °C unter der höchsten Temperatur',
    ],
    'control.temp_derate_min_pct': [
        '%; limit share at the edge of a band',
        '%; Anteil des Grenzwerts am Rand eines Bandes',
    ],
    'control.soc_taper_start_centipct': ['0.01 %; 10000 = off', 'Schritte von 0,01 %; 100,00 % = aus'],
    'control.soc_taper_end_pct': ['%; CCL share at 100 % SOC', '%; Anteil der CCL bei 100 % Ladezustand'],
    'control.pack_charge_current_dA': ['0.1 A per pack', 'Schritte von 0,1 A, je Pack'],
    'control.pack_discharge_current_dA': ['0.1 A per pack', 'Schritte von 0,1 A, je Pack'],
    'control.ccl_ramp_per_s_dA': ['0.1 A/s', 'Schritte von 0,1 A/s'],
    'control.dcl_ramp_per_s_dA': ['0.1 A/s', 'Schritte von 0,1 A/s'],
    'control.absorption_entry_offset_dV': ['0.1 V below the bulk CVL', 'Schritte von 0,1 V unter der Bulk-CVL'],
    'control.float_spread_mV': ['mV', 'mV'],
    'control.absorption_tail_current_dA': ['0.1 A per online pack', 'Schritte von 0,1 A, je Pack, das online ist'],
    'control.absorption_hold_s': ['s', 's'],
    'control.absorption_max_s': ['s at absorption voltage', 's bei Absorptionsspannung'],
    'control.rebulk_soc_centipct': ['0.01 %', 'Schritte von 0,01 %'],
    'control.rebulk_spread_mV': ['mV', 'mV'],
    'control.full_charge_interval_days': ['days; 0 = off', 'Tage; 0 = aus'],
    'control.imbalance_warning_mV': ['mV cell spread', 'mV Zellabweichung'],
    'control.imbalance_alarm_mV': ['mV cell spread', 'mV Zellabweichung'],
    'control.imbalance_hysteresis_mV': ['mV', 'mV'],
    'control.force_charge_soc_centipct': ['0.01 %', 'Schritte von 0,01 %'],
    'control.force_charge_soc_hysteresis_centipct': ['0.01 %', 'Schritte von 0,01 %'],
    'control.comm_loss_timeout_s': ['s', 's'],
    'control.failsafe_silence': [
        'in failsafe stop transmitting, so the GX raises "BMS lost"',
        'Im Failsafe nicht mehr senden, damit der GX „BMS lost“ meldet',
    ],
    'bank.analog_max_age_s': [
        's; 0x42 data older than this makes a pack offline',
        's; ältere 0x42-Daten machen ein Pack „offline“',
    ],
    'bank.alarm_max_age_s': [
        's; 0x44 data older than this is shown as stale (still blocks)',
        's; ältere 0x44-Daten werden als veraltet gezeigt (sperren aber weiter)',
    ],
    'bank.parameters_max_age_s': [
        's; 0x47 limits older than this are shown as stale (still apply)',
        's; ältere 0x47-Grenzwerte werden als veraltet gezeigt (gelten aber weiter)',
    ],
    'bank.info_max_age_s': [
        's; 0x51 information older than this is stale',
        's; ältere 0x51-Informationen sind veraltet',
    ],
    'bank.expected_packs_mask': [
        'bit a = a pack is expected at address a',
        'Bit a = an Adresse a wird ein Pack erwartet',
    ],
    'bank.energy_max_gap_s': [
        's; longer update gaps are not integrated',
        's; längere Lücken zwischen zwei Messungen werden nicht aufsummiert',
    ],
    'poll.baud': ['bit/s of the RS485 bus (packs use 9600)', 'bit/s des RS485-Busses (die Packs nutzen 9600)'],
    'poll.addresses_mask': [
        'bit a = probe address a (0xFFFF = all 16)',
        'Bit a = Adresse a abfragen (0xFFFF = alle 16)',
    ],
    'poll.turnaround_allowance_ms': [
        'ms a pack may take to start answering, added to the wire time',
        'ms, die ein Pack bis zum Beginn seiner Antwort brauchen darf, zusätzlich zur Übertragungszeit',
    ],
    'poll.min_timeout_ms': ['ms; lower bound of a reply timeout', 'ms; Untergrenze der Antwortfrist'],
    'poll.max_timeout_ms': ['ms; upper bound of a reply timeout', 'ms; Obergrenze der Antwortfrist'],
    'poll.guard_ms': ['ms the bus stays idle after each transaction', 'ms, die der Bus nach jedem Austausch ruht'],
    'poll.alarm_interval_ms': ['ms; 0x44 per pack at least this often', 'ms; 0x44 je Pack mindestens so oft'],
    'poll.parameters_interval_ms': ['ms; 0x47 per pack', 'ms; 0x47 je Pack'],
    'poll.absent_probe_interval_ms': [
        'ms; a never-seen address is probed this often',
        'ms; so oft wird eine noch nie gesehene Adresse abgefragt',
    ],
    'poll.offline_probe_interval_ms': [
        'ms; an offline pack is probed this often',
        'ms; so oft wird ein getrenntes Pack abgefragt',
    ],
    'poll.discovery_attempts': ['probes per address at start', 'Abfragen je Adresse beim Start'],
    'poll.offline_after_failures': [
        'failed polls in a row before offline',
        'Fehlgeschlagene Abfragen in Folge bis „offline“',
    ],
    'mqtt.enabled': ['publish to an MQTT broker', 'An einen MQTT-Broker veröffentlichen'],
    'mqtt.host': ['broker host name or address', 'Hostname oder Adresse des Brokers'],
    'mqtt.tls': ['connect with TLS', 'Mit TLS verbinden'],
    'mqtt.ca_file': [
        'CA certificate (PEM) for TLS; empty = system CAs',
        'CA-Zertifikat (PEM) für TLS; leer = CAs des Systems',
    ],
    'mqtt.cert_file': ['client certificate (PEM), optional', 'Client-Zertifikat (PEM), optional'],
    'mqtt.key_file': ['client key (PEM), with cert_file', 'Client-Schlüssel (PEM), zusammen mit cert_file'],
    'mqtt.username': ['empty = no authentication', 'leer = ohne Anmeldung'],
    'mqtt.password': ['broker password', 'Passwort für den Broker'],
    'mqtt.client_id': ['empty = topband-gateway-<device id>', 'leer = topband-gateway-<Geräte-ID>'],
    'mqtt.device_id': ['empty = derived from the machine id', 'leer = aus der Machine-ID abgeleitet'],
    'mqtt.base_topic': ['empty = topband-gateway/<device id>', 'leer = topband-gateway/<Geräte-ID>'],
    'mqtt.detail': [
        'what is published: the bank, plus each pack, plus each cell',
        'Was veröffentlicht wird: die Bank, dazu jedes Pack, dazu jede Zelle',
    ],
    'mqtt.retain': ['retain the state documents', 'Statusdokumente mit „retain“ senden'],
    'mqtt.discovery': ['Home Assistant MQTT discovery', 'MQTT-Discovery für Home Assistant'],
    'mqtt.discovery_prefix': ['Home Assistant discovery prefix', 'Discovery-Präfix von Home Assistant'],
    'mqtt.port': ['TCP port of the broker (1883, 8883 with TLS)', 'TCP-Port des Brokers (1883, mit TLS 8883)'],
    'mqtt.interval_s': ['s between state publications', 's zwischen zwei Statusmeldungen'],
    'mqtt.keepalive_s': ['s; MQTT keep-alive', 's; MQTT-Keep-alive'],
    'mqtt.queue_messages': [
        'messages the publish queue holds at most',
        'Nachrichten, die die Sendewarteschlange höchstens fasst',
    ],
    'web.public_read': [
        'show the dashboard and the API without login (changes always need one)',
        'Dashboard und API ohne Anmeldung zeigen (Änderungen brauchen immer eine)',
    ],
    'web.session_timeout_s': [
        's a session lasts after its last use',
        's, die eine Sitzung nach ihrer letzten Nutzung gilt',
    ],
    'web.login_max_failures': [
        'failed logins per client address before it must wait',
        'Fehlgeschlagene Anmeldungen je Client-Adresse, bevor sie warten muss',
    ],
    'web.login_lockout_s': ['s; window of the login failure limit', 's; Zeitfenster der Fehlversuchsgrenze'],
};

/** The help text of `key` in the UI language; the server's text where no matching translation exists. */
export function fieldHelp(key: string, serverHelp: string | undefined): string | undefined {
    const pair = HELP[key];
    if (lang() === 'de' && pair && pair[0] === serverHelp) return pair[1];
    return serverHelp;
}
