"""MQTT against a real mosquitto broker: payloads and Home Assistant discovery, last will, broker restart, wrong
password, entity removal when the detail level is lowered, and a stalled broker that must not disturb CAN."""

from __future__ import annotations

import json
import signal
import subprocess
import time

from mqtt_rig import MqttRig, make_certificates, percentile, wait_for

BASE = "topband-gateway/e2e"
NODE = "topband_gateway_e2e"
DISCOVERY = f"homeassistant/+/{NODE}/+/config"


def state_of(sub, topic: str):
    payload = sub.latest(topic)
    return json.loads(payload) if payload else None


def test_payloads_and_discovery_configs(rig: MqttRig) -> None:
    broker = rig.broker()
    sub = rig.subscribe(broker.port)
    gateway = rig.gateway({"port": broker.port, "detail": "cell"})
    bank = wait_for(lambda: (s := state_of(sub, f"{BASE}/state")) and s["modules"]["online"] == 2 and s, 15,
                    "bank state with both packs online")
    assert sub.latest(f"{BASE}/availability") == "online"
    assert 0 < bank["soc_pct"] <= 100
    assert 40 < bank["voltage_V"] < 60
    assert bank["online"] is True
    assert bank["cell_min"]["label"].startswith("pack ")
    assert set(bank["limits"]) >= {"cvl_V", "ccl_A", "dcl_A", "dvl_V", "cvl_reason", "ccl_reason"}
    assert bank["limits"]["ccl_reason"]
    limits = wait_for(lambda: state_of(sub, f"{BASE}/limits"), 5, "limits")
    assert limits["cvl_V"] > 0
    alarms = wait_for(lambda: state_of(sub, f"{BASE}/alarms"), 5, "alarms")
    assert alarms["general"] in ("ok", "warning", "alarm") and isinstance(alarms["active"], list)
    energy = wait_for(lambda: state_of(sub, f"{BASE}/energy"), 5, "energy")
    assert "charged_kWh" in energy
    pack = wait_for(lambda: state_of(sub, f"{BASE}/pack/1"), 5, "pack 1 document")
    assert len(pack["cells_V"]) == 16 and pack["presence"] == "online"
    assert {t["role"] for t in pack["temperatures"]} >= {"cell", "mosfet"}
    wait_for(lambda: sub.latest(f"{BASE}/pack/1/cell/16"), 5, "cell 16 of pack 1")
    assert 2.5 < float(sub.latest(f"{BASE}/pack/0/cell/1")) < 3.7

    configs = wait_for(lambda: (r := broker.retained(DISCOVERY)) and len(r) >= 19 + 2 * (7 + 16) and r, 10,
                       "every discovery config retained")
    soc = json.loads(configs[f"homeassistant/sensor/{NODE}/soc/config"])
    assert soc["device_class"] == "battery" and soc["state_class"] == "measurement"
    assert soc["unit_of_measurement"] == "%" and soc["state_topic"] == f"{BASE}/state"
    assert soc["availability_topic"] == f"{BASE}/availability"
    cell = json.loads(configs[f"homeassistant/sensor/{NODE}/pack_1_cell_16/config"])
    assert cell["state_topic"] == f"{BASE}/pack/1/cell/16" and cell["unit_of_measurement"] == "V"
    energy_config = json.loads(configs[f"homeassistant/sensor/{NODE}/energy_charged/config"])
    assert energy_config["state_class"] == "total_increasing" and energy_config["device_class"] == "energy"
    assert json.loads(configs[f"homeassistant/binary_sensor/{NODE}/alarm/config"])["device_class"] == "problem"
    assert len({json.dumps(json.loads(p)["device"], sort_keys=True) for p in configs.values()}) == 1, "one device"
    retained = broker.retained(f"{BASE}/#")
    assert retained[f"{BASE}/availability"] == "online" and f"{BASE}/state" in retained

    assert gateway.stop() == 0
    wait_for(lambda: broker.retained(f"{BASE}/availability").get(f"{BASE}/availability") == "offline", 5,
             "availability offline after a clean stop")


def test_last_will_on_kill(rig: MqttRig) -> None:
    broker = rig.broker()
    sub = rig.subscribe(broker.port)
    gateway = rig.gateway({"port": broker.port})
    wait_for(lambda: sub.latest(f"{BASE}/availability") == "online", 10, "online")
    gateway.stop(signal.SIGKILL)
    wait_for(lambda: sub.latest(f"{BASE}/availability") == "offline", 10, "last will offline")
    assert broker.retained(f"{BASE}/availability")[f"{BASE}/availability"] == "offline", "the will is retained"


def test_broker_restart_reconnects_and_republishes(rig: MqttRig) -> None:
    broker = rig.broker()
    gateway = rig.gateway({"port": broker.port})
    wait_for(lambda: len(broker.retained(DISCOVERY)) >= 19, 10, "discovery announced")
    broker.stop()  # persistence off: every retained message is gone
    time.sleep(1.5)
    broker = rig.broker(port=broker.port)
    wait_for(lambda: len(broker.retained(DISCOVERY)) >= 19, 20, "discovery re-announced after the restart")
    retained = wait_for(lambda: (r := broker.retained(f"{BASE}/#")) and f"{BASE}/state" in r and r, 10,
                        "retained state re-published")
    assert retained[f"{BASE}/availability"] == "online"
    assert f"{BASE}/alarms" in retained
    assert "connection lost" in gateway.log() or "disconnected" in gateway.log()
    assert gateway.log().count("mqtt: connected to") >= 2


def test_wrong_password_is_reported_and_retried_while_can_runs(rig: MqttRig) -> None:
    broker = rig.broker(users={"gateway": "right"})
    gateway = rig.gateway({"port": broker.port, "username": "gateway", "password": "wrong"})
    wait_for(lambda: gateway.log().count("broker refused the connection") >= 2, 15, "refusal reported and retried")
    assert "check mqtt.username and mqtt.password" in gateway.log()
    assert "retrying in" in gateway.log()
    wait_for(lambda: len(gateway.set_times) >= 5, 15, "CAN frame sets keep coming")
    intervals = gateway.intervals_ms(gateway.set_times[0])
    assert all(900 < i < 1100 for i in intervals), intervals
    good = rig.gateway({"port": broker.port, "username": "gateway", "password": "right", "device_id": "good"})
    wait_for(lambda: broker.retained("topband-gateway/good/availability", user=("gateway", "right")), 10,
             "the right password connects")
    good.stop()


def test_lowering_the_detail_level_removes_entities(rig: MqttRig) -> None:
    broker = rig.broker()
    first = rig.gateway({"port": broker.port, "detail": "cell"})
    wait_for(lambda: any("pack_1_cell_16" in t for t in broker.retained(DISCOVERY)), 15, "cell entities")
    first.stop()
    rig.gateway({"port": broker.port, "detail": "bank"})

    def only_bank_entities():
        configs = broker.retained(DISCOVERY)
        return len(configs) >= 19 and not any("/pack_" in topic for topic in configs)

    wait_for(only_bank_entities, 20, "pack and cell entities removed, bank entities kept")


def test_stalled_broker_does_not_disturb_can_cadence(rig: MqttRig) -> None:
    silent = rig.silent_broker()
    gateway = rig.gateway({"port": silent.port, "detail": "cell", "interval_s": 1})
    wait_for(lambda: silent.accepted, 10, "the gateway connected to the silent broker")
    wait_for(lambda: len(gateway.set_times) >= 3, 15, "CAN started")
    start = gateway.set_times[-1]
    time.sleep(12)  # past the CONNACK timeout: one failed attempt and a reconnect
    intervals = gateway.intervals_ms(start)
    assert len(intervals) >= 10
    p99 = percentile([abs(i - 1000) for i in intervals], 99)
    assert p99 <= 20, f"CAN cadence deviates {p99:.1f} ms (p99) with a stalled broker: {intervals}"
    assert "no answer from the broker" in gateway.log()


def test_broker_frozen_mid_session_does_not_disturb_can_cadence(rig: MqttRig) -> None:
    broker = rig.broker()
    gateway = rig.gateway({"port": broker.port, "detail": "cell", "queue_messages": 64})
    wait_for(lambda: gateway.log().count("mqtt: connected to") >= 1, 10, "connected")
    assert broker.proc
    broker.proc.send_signal(signal.SIGSTOP)  # TCP stays up, nothing is read or answered
    try:
        start = time.monotonic()
        time.sleep(8)
        intervals = gateway.intervals_ms(start)
        assert len(intervals) >= 6
        p99 = percentile([abs(i - 1000) for i in intervals], 99)
        assert p99 <= 20, f"CAN cadence deviates {p99:.1f} ms (p99) with a frozen broker: {intervals}"
        assert "messages dropped (queue full" in gateway.log(), "the bounded queue overflowed and counted it"
    finally:
        broker.proc.send_signal(signal.SIGCONT)


def test_tls_with_a_private_ca(rig: MqttRig) -> None:
    ca, cert, key = make_certificates(rig.workdir)
    broker = rig.broker(tls=(ca, cert, key))
    gateway = rig.gateway({"port": broker.port, "tls": True, "ca_file": str(ca)})
    wait_for(lambda: "mqtt: connected to" in gateway.log(), 10, "TLS connection")

    def retained_over_tls():
        out = subprocess.run(["mosquitto_sub", "-h", "127.0.0.1", "-p", str(broker.port), "--cafile", str(ca), "-t",
                              f"{BASE}/availability", "--retained-only", "-W", "1", "-F", "%p"],
                             capture_output=True, text=True).stdout
        return out.strip() == "online"

    wait_for(retained_over_tls, 10, "availability online over TLS")
    untrusted = rig.gateway({"port": broker.port, "tls": True, "device_id": "untrusted",
                             "ca_file": str(cert)})  # not the CA: verification must fail
    wait_for(lambda: "retrying in" in untrusted.log(), 10, "an untrusted broker is refused")
    assert "mqtt: connected to" not in untrusted.log()


def test_stealth_keeps_mqtt_off(rig: MqttRig) -> None:
    broker = rig.broker()
    gateway = rig.gateway({"port": broker.port}, extra=("--stealth",))
    wait_for(lambda: len(gateway.set_times) >= 2, 15, "CAN frame sets")
    assert "mqtt: disabled by --stealth" in gateway.log()
    assert broker.retained("#") == {}, "nothing published"
