# The firmware itself (targets/esp32/main), in both editions, and the host boot test that runs app_main() on the
# fakes. The stealth library compiles nothing from the net/ folders.
set(TBG_ESP32_FIRMWARE_SOURCES
    ${TBG_REPO}/targets/esp32/main/app_main.cpp
    ${TBG_REPO}/targets/esp32/main/firmware.cpp
    ${TBG_REPO}/targets/esp32/main/log_ring.cpp
    ${TBG_REPO}/targets/esp32/main/network_stealth.cpp
    ${TBG_REPO}/targets/esp32/main/wall_clock.cpp
)
file(GLOB TBG_ESP32_FULL_SOURCES ${TBG_REPO}/targets/esp32/main/net/*.cpp)

add_library(tbg_esp32_firmware_stealth STATIC ${TBG_ESP32_FIRMWARE_SOURCES})
target_compile_definitions(tbg_esp32_firmware_stealth PUBLIC TBG_EDITION_STEALTH=1)
target_link_libraries(tbg_esp32_firmware_stealth PUBLIC tbg_esp32_io tbg_esp32_storage tbg_esp32_idf tbg_core)

tbg_esp32_test(esp32_boot_stealth_test REAL_TIME
    SOURCES ${TBG_HOSTCHECK_DIR}/boot_test.cpp
    LIBS tbg_esp32_firmware_stealth tbg_esp32_io tbg_esp32_storage tbg_core tbg_esp32_io_fakes tbg_esp32_storage_fakes
         tbg_sim
)
target_compile_definitions(esp32_boot_stealth_test PRIVATE TBG_EDITION_STEALTH=1)

# The full edition embeds the web bundle, which only the main build makes (npm).
if(TARGET tbg_esp32_net AND TARGET tbg_web_bundle)
    add_library(tbg_esp32_firmware_full STATIC ${TBG_ESP32_FIRMWARE_SOURCES} ${TBG_ESP32_FULL_SOURCES})
    target_compile_definitions(tbg_esp32_firmware_full PUBLIC TBG_EDITION_STEALTH=0)
    target_link_libraries(tbg_esp32_firmware_full PUBLIC tbg_esp32_io tbg_esp32_storage tbg_esp32_net tbg_esp32_idf
                                                         tbg_core tbg_web_bundle)
    tbg_esp32_test(esp32_boot_full_test REAL_TIME
        SOURCES ${TBG_HOSTCHECK_DIR}/boot_test.cpp
        LIBS tbg_esp32_firmware_full tbg_esp32_io tbg_esp32_storage tbg_esp32_net tbg_core tbg_esp32_io_fakes
             tbg_esp32_storage_fakes tbg_esp32_net_fakes tbg_sim
    )
    target_compile_definitions(esp32_boot_full_test PRIVATE TBG_EDITION_STEALTH=0)
endif()

# The size report against targets/esp32/budgets.json (web bundle only in the main build, which makes it).
add_executable(esp32_size_report ${TBG_HOSTCHECK_DIR}/size_report.cpp)
target_link_libraries(esp32_size_report PRIVATE tbg_esp32_firmware_stealth tbg_esp32_io tbg_esp32_storage tbg_core
                                                tbg_esp32_io_fakes tbg_esp32_storage_fakes tbg_sim)
target_compile_definitions(esp32_size_report PRIVATE TBG_SOURCE_DIR="${TBG_REPO}" TBG_EDITION_STEALTH=1)
if(TARGET tbg_web_bundle)
    target_link_libraries(esp32_size_report PRIVATE tbg_web_bundle)
    target_compile_definitions(esp32_size_report PRIVATE TBG_HAVE_WEB_BUNDLE=1)
endif()
add_test(NAME esp32_size_report COMMAND esp32_size_report ${TBG_REPO}/targets/esp32/budgets.json)
