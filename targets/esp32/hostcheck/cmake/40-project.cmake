# Static check of the ESP-IDF / PlatformIO project (targets/esp32: platformio.ini, sdkconfig defaults, partition
# tables, main/CMakeLists.txt run under a stand-in for ESP-IDF, docs/esp32.md). Prints the OTA slot size per
# environment. Python 3 standard library only.
add_test(NAME esp32_project_check
         COMMAND /usr/bin/python3 ${TBG_REPO}/tools/check_esp32_project.py --repo ${TBG_REPO} --cmake ${CMAKE_COMMAND})
