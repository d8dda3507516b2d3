# tbg_web_bundle: the dashboard (web/) built with Vite into ${CMAKE_BINARY_DIR}/web-dist and embedded as C++ arrays
# (tools/embed_web.cmake). Rebuilt when a file of web/ changes. Needs Node.js and npm (scripts/install-deps.sh).
find_program(TBG_NPM npm)
if(NOT TBG_NPM)
    message(FATAL_ERROR "npm not found: the dashboard cannot be built (run scripts/install-deps.sh build)")
endif()
set(TBG_WEB_DIR ${PROJECT_SOURCE_DIR}/web)
set(TBG_WEB_DIST ${CMAKE_BINARY_DIR}/web-dist)
set(TBG_WEB_SOURCE ${CMAKE_BINARY_DIR}/generated/web_bundle.cpp)
file(GLOB_RECURSE tbg_web_inputs CONFIGURE_DEPENDS ${TBG_WEB_DIR}/src/* ${TBG_WEB_DIR}/public/*
     ${TBG_WEB_DIR}/scripts/*)
list(APPEND tbg_web_inputs ${TBG_WEB_DIR}/index.html ${TBG_WEB_DIR}/package.json ${TBG_WEB_DIR}/package-lock.json
     ${TBG_WEB_DIR}/vite.config.ts ${TBG_WEB_DIR}/tsconfig.json ${TBG_WEB_DIR}/budget.json)
add_custom_command(
    OUTPUT ${TBG_WEB_SOURCE}
    COMMAND ${PROJECT_SOURCE_DIR}/scripts/build-web.sh ${TBG_WEB_DIST}
    COMMAND ${CMAKE_COMMAND} -DWEB_DIST=${TBG_WEB_DIST} -DOUTPUT=${TBG_WEB_SOURCE}
            -DBUDGET_FILE=${TBG_WEB_DIR}/budget.json -P ${PROJECT_SOURCE_DIR}/tools/embed_web.cmake
    DEPENDS ${tbg_web_inputs} ${PROJECT_SOURCE_DIR}/tools/embed_web.cmake ${PROJECT_SOURCE_DIR}/scripts/build-web.sh
    COMMENT "Building and embedding the dashboard (web/)"
    VERBATIM)
add_library(tbg_web_bundle STATIC ${TBG_WEB_SOURCE})
target_include_directories(tbg_web_bundle PUBLIC ${PROJECT_SOURCE_DIR})
target_link_libraries(tbg_web_bundle PUBLIC tbg_api)
