# Base of the host check: FreeRTOS, esp_timer, esp_log, esp_system, esp_random fakes and the power-cycle control.
add_library(tbg_esp32_fake_base STATIC
    ${TBG_HOSTCHECK_DIR}/fakes/freertos_fake.cpp
    ${TBG_HOSTCHECK_DIR}/fakes/system_fake.cpp
)
target_link_libraries(tbg_esp32_fake_base PUBLIC tbg_esp32_idf Threads::Threads)
target_include_directories(tbg_esp32_fake_base PUBLIC ${TBG_HOSTCHECK_DIR}/fakes)

tbg_esp32_test(esp32_base_test SOURCES ${TBG_HOSTCHECK_DIR}/base_fake_test.cpp LIBS tbg_esp32_fake_base)
