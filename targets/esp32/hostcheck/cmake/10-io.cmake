# Real-time I/O of the ESP32 firmware: RS485 UART, TWAI (CAN) with bus-off recovery, status LED, task watchdog,
# board profiles and boot pin levels; their fakes (UART wired to the Topband simulator, TWAI capturing frames, GPIO,
# led_strip, task watchdog) and their tests.
add_library(tbg_esp32_io STATIC
    ${TBG_REPO}/platform/esp32/board_io.cpp
    ${TBG_REPO}/platform/esp32/led_pattern.cpp
    ${TBG_REPO}/platform/esp32/rs485_uart.cpp
    ${TBG_REPO}/platform/esp32/status_led.cpp
    ${TBG_REPO}/platform/esp32/task_watchdog.cpp
    ${TBG_REPO}/platform/esp32/twai_can.cpp
    ${TBG_REPO}/platform/esp32/twai_recovery.cpp
    ${TBG_REPO}/targets/esp32/main/board_profile.cpp
)
target_link_libraries(tbg_esp32_io PUBLIC tbg_esp32_idf tbg_core)

add_library(tbg_esp32_io_fakes STATIC
    ${TBG_HOSTCHECK_DIR}/fakes/gpio_fake.cpp
    ${TBG_HOSTCHECK_DIR}/fakes/led_strip_fake.cpp
    ${TBG_HOSTCHECK_DIR}/fakes/task_wdt_fake.cpp
    ${TBG_HOSTCHECK_DIR}/fakes/twai_fake.cpp
    ${TBG_HOSTCHECK_DIR}/fakes/uart_fake.cpp
)
target_link_libraries(tbg_esp32_io_fakes PUBLIC tbg_esp32_fake_base tbg_sim tbg_topband)

tbg_esp32_test(esp32_io_test REAL_TIME
    SOURCES
        ${TBG_HOSTCHECK_DIR}/io_board_profile_test.cpp
        ${TBG_HOSTCHECK_DIR}/io_led_test.cpp
        ${TBG_HOSTCHECK_DIR}/io_rs485_uart_test.cpp
        ${TBG_HOSTCHECK_DIR}/io_task_watchdog_test.cpp
        ${TBG_HOSTCHECK_DIR}/io_twai_test.cpp
    LIBS tbg_esp32_io tbg_esp32_io_fakes
)
