// The sdkconfig.h values the host check assumes: those of targets/esp32/sdkconfig.defaults that our sources read.
// In a real build ESP-IDF generates this file from sdkconfig.
// Declaration-only: exactly what platform/esp32 and targets/esp32 use.
#pragma once

#define CONFIG_FREERTOS_HZ 1000
#define CONFIG_IDF_TARGET_ESP32S3 1

// Network (full edition): esp_http_server with WebSocket support and the request limits it compiles in, SNTP
// servers, lwIP's socket budget (httpd 3 + its sessions + MQTT 1 + captive DNS 1).
#define CONFIG_HTTPD_WS_SUPPORT 1
#define CONFIG_HTTPD_MAX_REQ_HDR_LEN 1024
#define CONFIG_HTTPD_MAX_URI_LEN 512
#define CONFIG_LWIP_SNTP_MAX_SERVERS 1
#define CONFIG_LWIP_MAX_SOCKETS 10
