# Network (full edition only): WiFi station + setup access point, captive DNS, mDNS, SNTP, the HTTP server with the
# WebSocket and the OTA upload route, and the MQTT link; the fakes of esp_wifi/esp_netif/esp_event, esp_http_server,
# esp-mqtt, mdns, esp_netif_sntp and lwIP sockets; the tests.
add_library(tbg_esp32_net STATIC
    ${TBG_REPO}/platform/esp32/net/wifi_policy.cpp
    ${TBG_REPO}/platform/esp32/net/wifi_manager.cpp
    ${TBG_REPO}/platform/esp32/net/dns_codec.cpp
    ${TBG_REPO}/platform/esp32/net/captive_dns.cpp
    ${TBG_REPO}/platform/esp32/net/mdns_service.cpp
    ${TBG_REPO}/platform/esp32/net/time_sync.cpp
    ${TBG_REPO}/platform/esp32/net/http_server.cpp
    ${TBG_REPO}/platform/esp32/net/mqtt_link.cpp
)
target_link_libraries(tbg_esp32_net PUBLIC tbg_esp32_idf tbg_core)

add_library(tbg_esp32_net_fakes STATIC
    ${TBG_HOSTCHECK_DIR}/fakes/wifi_fake.cpp
    ${TBG_HOSTCHECK_DIR}/fakes/httpd_fake.cpp
    ${TBG_HOSTCHECK_DIR}/fakes/mqtt_fake.cpp
    ${TBG_HOSTCHECK_DIR}/fakes/mdns_fake.cpp
    ${TBG_HOSTCHECK_DIR}/fakes/sntp_fake.cpp
    ${TBG_HOSTCHECK_DIR}/fakes/lwip_fake.cpp
    ${TBG_HOSTCHECK_DIR}/fakes/net_fakes_misc.cpp
)
target_link_libraries(tbg_esp32_net_fakes PUBLIC tbg_esp32_fake_base)

tbg_esp32_test(esp32_net_test REAL_TIME
    SOURCES
        ${TBG_HOSTCHECK_DIR}/net_wifi_policy_test.cpp
        ${TBG_HOSTCHECK_DIR}/net_dns_codec_test.cpp
        ${TBG_HOSTCHECK_DIR}/net_wifi_manager_test.cpp
        ${TBG_HOSTCHECK_DIR}/net_http_server_test.cpp
        ${TBG_HOSTCHECK_DIR}/net_mqtt_link_test.cpp
        ${TBG_HOSTCHECK_DIR}/net_services_test.cpp
        ${TBG_REPO}/targets/esp32/main/wall_clock.cpp
    LIBS tbg_esp32_net tbg_esp32_net_fakes
)
