import { Badge } from '../components/Badge';
import { Card } from '../components/Card';
import { age, count } from '../format';
import { t } from '../i18n';
import { useLive } from '../liveContext';

/** Health of the three links: RS485 to the packs, CAN to the inverter, MQTT to the broker. */
export function ConnectionWidget() {
    const { status, fresh } = useLive();
    const rs = status?.rs485;
    const can = status?.can;
    const mqtt = status?.mqtt;
    const rsTone = !rs ? 'muted' : !rs.open ? 'alarm' : rs.packs_offline > 0 ? 'warn' : 'ok';
    const canTone = !can
        ? 'muted'
        : status?.monitoring
          ? 'info'
          : !can.open
            ? 'alarm'
            : can.write_errors > 0
              ? 'warn'
              : 'ok';
    const mqttTone = !mqtt ? 'muted' : !mqtt.enabled ? 'muted' : mqtt.connected ? 'ok' : 'alarm';
    return (
        <Card title={t('w.connection')} class="w-connection">
            <ul class={`health${fresh ? '' : ' is-stale'}`}>
                <li data-testid="conn-rs485" data-state={rsTone}>
                    <span class="health-name">RS485</span>
                    <Badge tone={rsTone}>
                        {!rs
                            ? '—'
                            : rs.open
                              ? rs.discovering
                                  ? t('conn.discovering')
                                  : t('conn.open')
                              : t('conn.closed')}
                    </Badge>
                    <span class="health-detail num">
                        {rs
                            ? t('conn.rs485_detail', {
                                  on: rs.packs_online,
                                  off: rs.packs_offline,
                                  to: count(rs.timeouts),
                                  dev: rs.device,
                              })
                            : '—'}
                    </span>
                </li>
                <li data-testid="conn-can" data-state={canTone}>
                    <span class="health-name">CAN</span>
                    <Badge tone={canTone}>
                        {!can
                            ? '—'
                            : status?.monitoring
                              ? t('conn.monitoring')
                              : can.open
                                ? t('conn.open')
                                : t('conn.closed')}
                    </Badge>
                    <span class="health-detail num">
                        {can
                            ? t('conn.can_detail', {
                                  p: can.protocol,
                                  n: count(can.sets_sent),
                                  gx: can.gx_seen_age_s === null ? t('conn.gx_unseen') : age(can.gx_seen_age_s),
                              })
                            : '—'}
                        {can?.last_error && <span class="err"> · {can.last_error}</span>}
                    </span>
                </li>
                <li data-testid="conn-mqtt" data-state={mqttTone}>
                    <span class="health-name">MQTT</span>
                    <Badge tone={mqttTone}>
                        {!mqtt
                            ? '—'
                            : !mqtt.enabled
                              ? t('conn.disabled')
                              : mqtt.connected
                                ? t('conn.connected')
                                : t('conn.disconnected')}
                    </Badge>
                    <span class="health-detail num">
                        {mqtt?.enabled
                            ? t('conn.mqtt_detail', { n: count(mqtt.published), d: count(mqtt.dropped) })
                            : ''}
                        {mqtt?.last_error && <span class="err"> · {mqtt.last_error}</span>}
                    </span>
                </li>
            </ul>
        </Card>
    );
}
