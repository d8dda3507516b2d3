// ESP-IDF v5.x HTTP server (esp_http_server.h), with its WebSocket support (CONFIG_HTTPD_WS_SUPPORT). Written from
// https://docs.espressif.com/projects/esp-idf/en/v5.2.2/esp32s3/api-reference/protocols/esp_http_server.html
// (API reference: httpd_config_t and HTTPD_DEFAULT_CONFIG in member order, httpd_req_t, httpd_uri_t, the request
// and response functions, httpd_queue_work, httpd_sess_trigger_close, the WebSocket functions and types).
// Contracts our code relies on: response strings (status, type, header fields and values) are not copied, they must
// live until httpd_resp_send(); a handler that returns anything but ESP_OK gets its socket closed; an is_websocket
// URI's handler is called with method HTTP_GET once the handshake was answered, then once per data frame.
// Declaration-only: exactly what platform/esp32 and targets/esp32 use.
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "esp_err.h"
#include "freertos/FreeRTOS.h"
#include "freertos/task.h"
#include "http_parser.h"
#include "sdkconfig.h"

#ifdef __cplusplus
extern "C" {
#endif

#define HTTPD_DEFAULT_CONFIG()                                                                                      \
    {                                                                                                               \
        .task_priority = tskIDLE_PRIORITY + 5, .stack_size = 4096, .core_id = tskNO_AFFINITY, .server_port = 80,    \
        .ctrl_port = 32768, .max_open_sockets = 7, .max_uri_handlers = 8, .max_resp_headers = 8, .backlog_conn = 5, \
        .lru_purge_enable = false, .recv_wait_timeout = 5, .send_wait_timeout = 5, .global_user_ctx = NULL,         \
        .global_user_ctx_free_fn = NULL, .global_transport_ctx = NULL, .global_transport_ctx_free_fn = NULL,        \
        .enable_so_linger = false, .linger_timeout = 0, .keep_alive_enable = false, .keep_alive_idle = 0,           \
        .keep_alive_interval = 0, .keep_alive_count = 0, .open_fn = NULL, .close_fn = NULL, .uri_match_fn = NULL    \
    }

#define ESP_ERR_HTTPD_BASE (0xb000)
#define ESP_ERR_HTTPD_HANDLERS_FULL (ESP_ERR_HTTPD_BASE + 1)
#define ESP_ERR_HTTPD_HANDLER_EXISTS (ESP_ERR_HTTPD_BASE + 2)
#define ESP_ERR_HTTPD_INVALID_REQ (ESP_ERR_HTTPD_BASE + 3)
#define ESP_ERR_HTTPD_RESULT_TRUNC (ESP_ERR_HTTPD_BASE + 4)
#define ESP_ERR_HTTPD_RESP_HDR (ESP_ERR_HTTPD_BASE + 5)
#define ESP_ERR_HTTPD_RESP_SEND (ESP_ERR_HTTPD_BASE + 6)
#define ESP_ERR_HTTPD_ALLOC_MEM (ESP_ERR_HTTPD_BASE + 7)
#define ESP_ERR_HTTPD_TASK (ESP_ERR_HTTPD_BASE + 8)

#define HTTPD_RESP_USE_STRLEN -1

// httpd_req_recv() results besides a byte count.
#define HTTPD_SOCK_ERR_FAIL -1
#define HTTPD_SOCK_ERR_INVALID -2
#define HTTPD_SOCK_ERR_TIMEOUT -3

#define HTTPD_MAX_REQ_HDR_LEN CONFIG_HTTPD_MAX_REQ_HDR_LEN
#define HTTPD_MAX_URI_LEN CONFIG_HTTPD_MAX_URI_LEN

typedef void* httpd_handle_t;
typedef enum http_method httpd_method_t;
typedef void (*httpd_free_ctx_fn_t)(void* ctx);
typedef esp_err_t (*httpd_open_func_t)(httpd_handle_t hd, int sockfd);
typedef void (*httpd_close_func_t)(httpd_handle_t hd, int sockfd);
typedef bool (*httpd_uri_match_func_t)(const char* reference_uri, const char* uri_to_match, size_t match_upto);

typedef struct httpd_config {
    unsigned task_priority;
    size_t stack_size;
    BaseType_t core_id;
    uint16_t server_port;
    uint16_t ctrl_port;
    uint16_t max_open_sockets;  // 3 more sockets are used by the server itself
    uint16_t max_uri_handlers;
    uint16_t max_resp_headers;
    uint16_t backlog_conn;
    bool lru_purge_enable;
    uint16_t recv_wait_timeout;  // s
    uint16_t send_wait_timeout;  // s
    void* global_user_ctx;
    httpd_free_ctx_fn_t global_user_ctx_free_fn;
    void* global_transport_ctx;
    httpd_free_ctx_fn_t global_transport_ctx_free_fn;
    bool enable_so_linger;
    int linger_timeout;
    bool keep_alive_enable;
    int keep_alive_idle;
    int keep_alive_interval;
    int keep_alive_count;
    httpd_open_func_t open_fn;
    httpd_close_func_t close_fn;
    httpd_uri_match_func_t uri_match_fn;
} httpd_config_t;

typedef struct httpd_req {
    httpd_handle_t handle;
    int method;  // enum http_method; -1 when unsupported
    const char uri[HTTPD_MAX_URI_LEN + 1];
    size_t content_len;
    void* aux;
    void* user_ctx;
    void* sess_ctx;
    httpd_free_ctx_fn_t free_ctx;
    bool ignore_sess_ctx_changes;
} httpd_req_t;

typedef struct httpd_uri {
    const char* uri;
    httpd_method_t method;
    esp_err_t (*handler)(httpd_req_t* r);
    void* user_ctx;
#ifdef CONFIG_HTTPD_WS_SUPPORT
    bool is_websocket;
    bool handle_ws_control_frames;
    const char* supported_subprotocol;
#endif
} httpd_uri_t;

typedef void (*httpd_work_fn_t)(void* arg);

esp_err_t httpd_start(httpd_handle_t* handle, const httpd_config_t* config);
esp_err_t httpd_stop(httpd_handle_t handle);
esp_err_t httpd_register_uri_handler(httpd_handle_t handle, const httpd_uri_t* uri_handler);
bool httpd_uri_match_wildcard(const char* uri_template, const char* uri_to_match, size_t match_upto);

int httpd_req_to_sockfd(httpd_req_t* r);
int httpd_req_recv(httpd_req_t* r, char* buf, size_t buf_len);
size_t httpd_req_get_hdr_value_len(httpd_req_t* r, const char* field);
esp_err_t httpd_req_get_hdr_value_str(httpd_req_t* r, const char* field, char* val, size_t val_size);

esp_err_t httpd_resp_set_status(httpd_req_t* r, const char* status);
esp_err_t httpd_resp_set_type(httpd_req_t* r, const char* type);
esp_err_t httpd_resp_set_hdr(httpd_req_t* r, const char* field, const char* value);
esp_err_t httpd_resp_send(httpd_req_t* r, const char* buf, ssize_t buf_len);

esp_err_t httpd_queue_work(httpd_handle_t handle, httpd_work_fn_t work, void* arg);
esp_err_t httpd_sess_trigger_close(httpd_handle_t handle, int sockfd);

#ifdef CONFIG_HTTPD_WS_SUPPORT
typedef enum {
    HTTPD_WS_TYPE_CONTINUE = 0x0,
    HTTPD_WS_TYPE_TEXT = 0x1,
    HTTPD_WS_TYPE_BINARY = 0x2,
    HTTPD_WS_TYPE_CLOSE = 0x8,
    HTTPD_WS_TYPE_PING = 0x9,
    HTTPD_WS_TYPE_PONG = 0xA
} httpd_ws_type_t;

typedef enum {
    HTTPD_WS_CLIENT_INVALID = 0x0,
    HTTPD_WS_CLIENT_HTTP = 0x1,
    HTTPD_WS_CLIENT_WEBSOCKET = 0x2,
} httpd_ws_client_info_t;

typedef struct httpd_ws_frame {
    bool final;
    bool fragmented;
    httpd_ws_type_t type;
    uint8_t* payload;
    size_t len;
} httpd_ws_frame_t;

// max_len 0: fills only pkt->len (the payload length) and leaves the payload unread.
esp_err_t httpd_ws_recv_frame(httpd_req_t* req, httpd_ws_frame_t* pkt, size_t max_len);
esp_err_t httpd_ws_send_frame(httpd_req_t* req, httpd_ws_frame_t* pkt);
esp_err_t httpd_ws_send_frame_async(httpd_handle_t hd, int fd, httpd_ws_frame_t* frame);
httpd_ws_client_info_t httpd_ws_get_fd_info(httpd_handle_t hd, int fd);
#endif

#ifdef __cplusplus
}
#endif
