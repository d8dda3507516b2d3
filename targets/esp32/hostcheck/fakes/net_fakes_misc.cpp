// esp_crt_bundle on the host: the bundle attach function only has to exist (esp-mqtt's fake records that it was
// set); the host has no TLS.
#include "esp_crt_bundle.h"

extern "C" esp_err_t esp_crt_bundle_attach(void* /*conf*/) {
    return ESP_OK;
}
