// The HTTP method enumeration of the http_parser library that ESP-IDF v5.x bundles (components/http_parser) and
// esp_http_server.h includes: httpd_method_t is "enum http_method". Written from
// https://docs.espressif.com/projects/esp-idf/en/v5.2.2/esp32s3/api-reference/protocols/esp_http_server.html
// (httpd_method_t, HTTP_GET/HTTP_POST/… in the examples) with the values of http_parser's HTTP_METHOD_MAP.
// Declaration-only: exactly what platform/esp32 and targets/esp32 use.
#pragma once

enum http_method {
    HTTP_DELETE = 0,
    HTTP_GET = 1,
    HTTP_HEAD = 2,
    HTTP_POST = 3,
    HTTP_PUT = 4,
    HTTP_CONNECT = 5,
    HTTP_OPTIONS = 6,
};
