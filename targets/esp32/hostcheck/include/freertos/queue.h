// FreeRTOS (ESP-IDF v5.x port): queues, the base of semaphores and mutexes. Written from
// https://docs.espressif.com/projects/esp-idf/en/v5.2.2/esp32s3/api-reference/system/freertos_idf.html (Queue API)
// Declaration-only: exactly what platform/esp32 and targets/esp32 use.
#pragma once

#include "freertos/FreeRTOS.h"

typedef struct QueueDefinition* QueueHandle_t;

#define queueSEND_TO_BACK ((BaseType_t)0)
#define queueQUEUE_TYPE_MUTEX ((uint8_t)1U)

#ifdef __cplusplus
extern "C" {
#endif

QueueHandle_t xQueueCreateMutex(const uint8_t ucQueueType);
BaseType_t xQueueSemaphoreTake(QueueHandle_t xQueue, TickType_t xTicksToWait);
BaseType_t xQueueGenericSend(QueueHandle_t xQueue, const void* const pvItemToQueue, TickType_t xTicksToWait,
                             const BaseType_t xCopyPosition);
void vQueueDelete(QueueHandle_t xQueue);

#ifdef __cplusplus
}
#endif
