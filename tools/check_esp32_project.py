#!/usr/bin/env python3
"""Static check of the ESP-IDF / PlatformIO project in targets/esp32 (no ESP32 toolchain needed).

Checks, for every environment of targets/esp32/platformio.ini:
  - the layered SDKCONFIG_DEFAULTS files exist and agree with the environment (target, flash size, mode and
    frequency, partition table, edition, PSRAM, default board) and with the values the host check assumes
    (targets/esp32/hostcheck/include/sdkconfig.h);
  - its partition table: offsets, alignment (app 64 KB, data 4 KB), no overlap, fit in the flash, one "nvs",
    otadata of 8 KB, OTA slots of equal size;
  - the docs give its idf.py and pio commands (docs/esp32.md).
And for the sources: which .cpp files each edition compiles, by the rules of targets/esp32/main/CMakeLists.txt
applied in Python, compared with what that CMakeLists.txt really produces under a small stand-in for ESP-IDF's
idf_component_register() (both of ESP-IDF's passes); no platform/linux file in either edition, no net/ file in the
stealth edition; every ESP32 source is also compiled by the host check.

Prints the OTA slot size per environment. Exit status 0 when every check passed, 1 otherwise.
Usage: check_esp32_project.py [--repo DIR] [--cmake PATH]
"""

import argparse
import configparser
import gzip
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ENVIRONMENTS = [
    "waveshare-s3-4mb-full",
    "waveshare-s3-4mb-stealth",
    "waveshare-s3-16mb-psram-full",
    "waveshare-s3-16mb-psram-stealth",
    "lilygo-t-can485-full",
    "lilygo-t-can485-stealth",
]
BOARD_TARGETS = {"esp32-s3-devkitc-1": "esp32s3", "esp32dev": "esp32"}
DEFAULT_BOARD_OPTION = {
    "waveshare": "CONFIG_TBG_DEFAULT_BOARD_WAVESHARE_S3",
    "lilygo": "CONFIG_TBG_DEFAULT_BOARD_LILYGO_T_CAN485",
}
FLASH_SIZES = {"2MB": 0x200000, "4MB": 0x400000, "8MB": 0x800000, "16MB": 0x1000000, "32MB": 0x2000000}
F_FLASH = {"80000000L": "80M", "40000000L": "40M", "26000000L": "26M", "20000000L": "20M"}
PARTITION_TABLE_SIZE = 0x1000
APP_ALIGN = 0x10000
DATA_ALIGN = 0x1000
APP_SUBTYPES = {"factory", "test"} | {f"ota_{i}" for i in range(16)}
DATA_SUBTYPES = {"ota", "phy", "nvs", "coredump", "nvs_keys", "efuse", "undefined", "esphttpd", "fat", "spiffs",
                 "littlefs"}
# Components the full edition's sources need (main/CMakeLists.txt registers them for both editions).
REQUIRED_COMPONENTS = {"driver", "esp_timer", "nvs_flash", "app_update", "esp_partition", "mbedtls", "esp_event",
                       "esp_netif", "esp_wifi", "esp_http_server", "mqtt", "lwip"}
MANAGED_COMPONENTS = ["espressif/led_strip", "espressif/mdns", "johboh/nlohmann-json"]
FORBIDDEN_SOURCE_DIRS = ["platform/linux/", "platform/sim/", "targets/linux/"]
NET_DIRS = ["targets/esp32/main/net/", "platform/esp32/net/"]
# The CMake that ESP-IDF v5.0–v5.3 installs (tools/tools.json: 3.24.0). Scripts the component runs with
# ${CMAKE_COMMAND} must not ask for more.
IDF_BUNDLED_CMAKE = (3, 24)
WEB_CHIP_FAMILIES = {"ESP32", "ESP32-S2", "ESP32-S3", "ESP32-C3", "ESP32-C6", "ESP32-H2", "ESP8266"}


class Report:
    def __init__(self):
        self.passed = 0
        self.failures = []

    def check(self, ok, what):
        if ok:
            self.passed += 1
        else:
            self.failures.append(what)
        return ok


# ----------------------------------------------------------------------------------------------- sdkconfig defaults


def read_defaults_file(path):
    """CONFIG_ name → value ("y", "n" for '# ... is not set', numbers and quoted strings as written)."""
    values = {}
    for line in path.read_text().splitlines():
        line = line.strip()
        unset = re.fullmatch(r"# (CONFIG_\w+) is not set", line)
        if unset:
            values[unset.group(1)] = "n"
            continue
        if not line or line.startswith("#"):
            continue
        match = re.fullmatch(r"(CONFIG_\w+)=(.*)", line)
        if not match:
            raise ValueError(f"{path}: not a sdkconfig line: {line!r}")
        values[match.group(1)] = match.group(2)
    return values


def layered_defaults(project, files, target):
    """The files ESP-IDF reads for SDKCONFIG_DEFAULTS, in order: each file, then its '<file>.<target>' if present."""
    layered = []
    for name in files:
        layered.append(project / name)
        specific = project / f"{name}.{target}"
        if specific.exists():
            layered.append(specific)
    return layered


def merge_defaults(paths):
    merged = {}
    for path in paths:
        merged.update(read_defaults_file(path))
    return merged


def chosen(merged, prefix):
    """The suffixes of the '<prefix>X=y' options (one entry per selected choice member)."""
    return [name[len(prefix):] for name, value in merged.items() if name.startswith(prefix) and value == "y"]


def host_sdkconfig(path):
    """#define CONFIG_X V lines of the host check's sdkconfig.h."""
    defines = {}
    for line in path.read_text().splitlines():
        match = re.match(r"\s*#define\s+(CONFIG_\w+)\s+(.+?)\s*$", line)
        if match:
            defines[match.group(1)] = match.group(2)
    return defines


def sdkconfig_h_value(value):
    """How ESP-IDF's sdkconfig.h spells a sdkconfig value (y → 1; n → undefined)."""
    if value == "y":
        return "1"
    if value == "n":
        return None
    return value


def kconfig_symbols(path):
    return set(re.findall(r"^\s*(?:config|menuconfig|choice)\s+(\w+)", path.read_text(), re.MULTILINE))


# ------------------------------------------------------------------------------------------------- partition tables


def parse_size(text):
    text = text.strip()
    match = re.fullmatch(r"(0x[0-9a-fA-F]+|\d+)\s*([KkMm]?)", text)
    if not match:
        raise ValueError(f"not a size: {text!r}")
    value = int(match.group(1), 0)
    return value * {"": 1, "k": 1024, "m": 1024 * 1024}[match.group(2).lower()]


def read_partitions(path):
    entries = []
    for number, line in enumerate(path.read_text().splitlines(), 1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        fields = [field.strip() for field in line.split(",")]
        if len(fields) < 5:
            raise ValueError(f"{path}:{number}: expected name, type, subtype, offset, size")
        name, kind, subtype, offset, size = fields[:5]
        if not offset:
            raise ValueError(f"{path}:{number}: {name}: give the offset explicitly")
        entries.append({"name": name, "type": kind, "subtype": subtype, "offset": parse_size(offset),
                        "size": parse_size(size), "line": number})
    return entries


def check_partition_table(report, path, entries, flash_bytes, table_offset):
    where = path.name
    report.check(len(entries) > 0, f"{where}: no partitions")
    names = [e["name"] for e in entries]
    report.check(len(names) == len(set(names)), f"{where}: duplicate partition names {names}")
    for e in entries:
        label = f"{where}:{e['line']} {e['name']}"
        if e["type"] == "app":
            report.check(e["subtype"] in APP_SUBTYPES, f"{label}: unknown app subtype {e['subtype']}")
            report.check(e["offset"] % APP_ALIGN == 0, f"{label}: app offset {e['offset']:#x} not 64 KB aligned")
            report.check(e["size"] % APP_ALIGN == 0, f"{label}: app size {e['size']:#x} not a multiple of 64 KB")
        elif e["type"] == "data":
            report.check(e["subtype"] in DATA_SUBTYPES, f"{label}: unknown data subtype {e['subtype']}")
            report.check(e["offset"] % DATA_ALIGN == 0, f"{label}: data offset {e['offset']:#x} not 4 KB aligned")
            report.check(e["size"] % DATA_ALIGN == 0, f"{label}: data size {e['size']:#x} not a multiple of 4 KB")
        else:
            report.check(False, f"{label}: type must be app or data, not {e['type']}")
        report.check(e["size"] > 0, f"{label}: empty partition")
        report.check(e["offset"] >= table_offset + PARTITION_TABLE_SIZE,
                     f"{label}: starts at {e['offset']:#x}, inside the bootloader or the partition table "
                     f"(table at {table_offset:#x}, first free byte {table_offset + PARTITION_TABLE_SIZE:#x})")
        report.check(e["offset"] + e["size"] <= flash_bytes,
                     f"{label}: ends at {e['offset'] + e['size']:#x}, beyond the {flash_bytes // 0x100000} MB flash")
    ordered = sorted(entries, key=lambda e: e["offset"])
    for before, after in zip(ordered, ordered[1:]):
        report.check(before["offset"] + before["size"] <= after["offset"],
                     f"{where}: {before['name']} ({before['offset']:#x}+{before['size']:#x}) overlaps {after['name']}")
    nvs = [e for e in entries if e["type"] == "data" and e["subtype"] == "nvs"]
    report.check(len(nvs) == 1 and nvs[0]["name"] == "nvs",
                 f"{where}: expected exactly one NVS partition labelled 'nvs' (nvs_flash_init's default)")
    for e in nvs:
        report.check(e["size"] >= 3 * 0x1000, f"{where}: NVS needs at least 3 pages, has {e['size']:#x}")
    otadata = [e for e in entries if e["type"] == "data" and e["subtype"] == "ota"]
    slots = [e for e in entries if e["type"] == "app" and e["subtype"].startswith("ota_")]
    report.check(len(otadata) <= 1, f"{where}: more than one otadata partition")
    for e in otadata:
        report.check(e["size"] == 0x2000, f"{where}: otadata must be 8 KB (two 4 KB sectors), is {e['size']:#x}")
    if slots:
        report.check(len(otadata) == 1, f"{where}: OTA slots without an otadata partition")
        report.check(len(slots) >= 2, f"{where}: OTA needs two slots, has {len(slots)}")
        sizes = {e["size"] for e in slots}
        report.check(len(sizes) == 1, f"{where}: OTA slots differ in size: {sorted(sizes)}")
        subtypes = sorted(e["subtype"] for e in slots)
        report.check(subtypes == [f"ota_{i}" for i in range(len(slots))],
                     f"{where}: OTA slots must be ota_0, ota_1, …: {subtypes}")
    return slots, nvs


# --------------------------------------------------------------------------------------------------------- sources


def rule_sources(repo):
    """The .cpp files each edition compiles, by the rules main/CMakeLists.txt implements."""
    def glob(directory, recursive=False):
        base = repo / directory
        found = base.rglob("*.cpp") if recursive else base.glob("*.cpp")
        return {p.relative_to(repo).as_posix() for p in found if p.is_file()}

    common = glob("targets/esp32/main") | glob("platform/esp32") | glob("core", recursive=True)
    full = common | glob("targets/esp32/main/net") | glob("platform/esp32/net")
    return {"stealth": common, "full": full}


def unit_name(relative):
    """The generated unit of a source outside the project (main/CMakeLists.txt: "/" → "__")."""
    return relative.replace("/", "__")


STANDIN_PROJECT = """cmake_minimum_required(VERSION 3.16)
project(tbg_idf_stand_in CXX)
# Stand-in for ESP-IDF's second pass: idf_component_register() creates the component library, CONFIG_ values are set.
macro(idf_component_register)
    cmake_parse_arguments(_tbg "" "" "SRCS;SRC_DIRS;INCLUDE_DIRS;PRIV_INCLUDE_DIRS;REQUIRES;PRIV_REQUIRES" ${ARGN})
    set(COMPONENT_LIB __idf_main)
    add_library(${COMPONENT_LIB} STATIC ${_tbg_SRCS})
    set_property(GLOBAL PROPERTY TBG_REQUIRES "${_tbg_REQUIRES};${_tbg_PRIV_REQUIRES}")
    set_property(GLOBAL PROPERTY TBG_INCLUDES "${_tbg_INCLUDE_DIRS};${_tbg_PRIV_INCLUDE_DIRS}")
endmacro()
if(TBG_STEALTH)
    set(CONFIG_TBG_EDITION_STEALTH y)
endif()
add_subdirectory("${TBG_MAIN_DIR}" main)
get_target_property(srcs __idf_main SOURCES)
get_target_property(defs __idf_main COMPILE_DEFINITIONS)
get_target_property(opts __idf_main COMPILE_OPTIONS)
get_property(reqs GLOBAL PROPERTY TBG_REQUIRES)
get_property(incs GLOBAL PROPERTY TBG_INCLUDES)
set(out "")
foreach(kind src def opt req inc)
    foreach(item IN LISTS ${kind}s)
        string(APPEND out "${kind} ${item}\\n")
    endforeach()
endforeach()
file(WRITE "${TBG_OUT}" "${out}")
"""

# Stand-in for ESP-IDF's first pass (CMake script mode). The stand-in does not return() after registering, so the
# file must stop by itself before anything that script mode refuses.
STANDIN_EARLY = """macro(idf_component_register)
    cmake_parse_arguments(_tbg "" "" "SRCS;SRC_DIRS;INCLUDE_DIRS;PRIV_INCLUDE_DIRS;REQUIRES;PRIV_REQUIRES" ${ARGN})
    file(WRITE "${TBG_OUT}" "req ${_tbg_REQUIRES};${_tbg_PRIV_REQUIRES}\\n")
endmacro()
include("${TBG_MAIN_DIR}/CMakeLists.txt")
file(APPEND "${TBG_OUT}" "reached-end\\n")
"""


def run(command, cwd=None):
    result = subprocess.run(command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    return result.returncode, result.stdout


def read_standin_output(path):
    items = {"src": [], "def": [], "opt": [], "req": [], "inc": []}
    for line in path.read_text().splitlines():
        kind, _, value = line.partition(" ")
        if kind in items and value:
            items[kind].append(value)
    return items


def compiled_files(repo, sources):
    """Repository paths of what the component compiles: units resolved to the file they include."""
    files = set()
    units = []
    others = []
    for source in sources:
        path = Path(source)
        if "tbg_units" in path.parts:
            match = re.search(r'#include "([^"]+)"', path.read_text())
            files.add(Path(match.group(1)).resolve().relative_to(repo).as_posix())
            units.append(path.name)
        elif path.name == "tbg_web_bundle.cpp":
            others.append("web bundle")
        else:
            files.add(path.resolve().relative_to(repo).as_posix())
    return files, units, others


def check_cmake_sources(report, repo, cmake, expected):
    main_dir = repo / "targets/esp32/main"
    with tempfile.TemporaryDirectory(prefix="tbg-esp32-check-") as temp:
        temp = Path(temp)
        # Early pass.
        early_out = temp / "early.txt"
        (temp / "early.cmake").write_text(STANDIN_EARLY)
        code, output = run([cmake, f"-DTBG_MAIN_DIR={main_dir}", f"-DTBG_OUT={early_out}", "-P",
                            str(temp / "early.cmake")])
        if report.check(code == 0, f"main/CMakeLists.txt fails in ESP-IDF's first (script mode) pass:\n{output}"):
            text = early_out.read_text()
            report.check("reached-end" in text, "main/CMakeLists.txt did not get through the first pass")
            requires = set(re.sub(r"^req ", "", text.splitlines()[0]).split(";")) - {""}
            missing = REQUIRED_COMPONENTS - requires
            report.check(not missing, f"first pass: components missing from the requirements: {sorted(missing)}")
        # A small built dashboard for the full edition.
        dist = temp / "dist"
        (dist / "assets").mkdir(parents=True)
        (dist / "index.html.gz").write_bytes(gzip.compress(b"<!doctype html><title>t</title>"))
        (dist / "assets" / "app.js.gz").write_bytes(gzip.compress(b"console.log(1);"))
        (temp / "project").mkdir()
        (temp / "project" / "CMakeLists.txt").write_text(STANDIN_PROJECT)
        for edition in ("stealth", "full"):
            out = temp / f"{edition}.txt"
            code, output = run([cmake, "-S", str(temp / "project"), "-B", str(temp / f"build-{edition}"),
                                f"-DTBG_MAIN_DIR={main_dir}", f"-DTBG_OUT={out}",
                                f"-DTBG_STEALTH={'ON' if edition == 'stealth' else 'OFF'}", f"-DTBG_WEB_DIST={dist}"])
            if not report.check(code == 0, f"main/CMakeLists.txt ({edition}) fails to configure:\n{output}"):
                continue
            items = read_standin_output(out)
            files, units, others = compiled_files(repo, items["src"])
            extra = sorted(files - expected[edition])
            missing = sorted(expected[edition] - files)
            report.check(not extra and not missing,
                         f"{edition}: CMake compiles {len(files)} files, the rules give {len(expected[edition])}; "
                         f"only CMake: {extra}; only the rules: {missing}")
            report.check(len(units) == len(set(units)), f"{edition}: generated unit names collide")
            report.check(others == (["web bundle"] if edition == "full" else []),
                         f"{edition}: web bundle sources {others} (the full edition needs exactly one, stealth none)")
            stealth_value = "1" if edition == "stealth" else "0"
            report.check(f"TBG_EDITION_STEALTH={stealth_value}" in items["def"],
                         f"{edition}: TBG_EDITION_STEALTH={stealth_value} not defined ({items['def']})")
            report.check("JSON_NOEXCEPTION=1" in items["def"], f"{edition}: JSON_NOEXCEPTION not defined")
            report.check(any("-std=gnu++20" in o for o in items["opt"]), f"{edition}: no -std=gnu++20")
            report.check(str(repo) in [str(Path(i).resolve()) for i in items["inc"] if i],
                         f"{edition}: the repository root is not an include directory ({items['inc']})")


def check_cmake_minimum(report, repo):
    """main/CMakeLists.txt runs tools/embed_web.cmake with ESP-IDF's own CMake."""
    for name in ("tools/embed_web.cmake", "targets/esp32/CMakeLists.txt"):
        match = re.search(r"cmake_minimum_required\(VERSION\s+(\d+)\.(\d+)", (repo / name).read_text())
        if report.check(match is not None, f"{name}: no cmake_minimum_required"):
            version = (int(match.group(1)), int(match.group(2)))
            report.check(version <= IDF_BUNDLED_CMAKE,
                         f"{name} requires CMake {version[0]}.{version[1]}, but ESP-IDF v5.x runs it with its bundled "
                         f"CMake {IDF_BUNDLED_CMAKE[0]}.{IDF_BUNDLED_CMAKE[1]}.0; lower the minimum (e.g. "
                         f"cmake_minimum_required(VERSION 3.19...3.25): string(JSON) needs 3.19)")


def check_sources(report, repo, cmake):
    expected = rule_sources(repo)
    for edition, files in expected.items():
        report.check(any(f.startswith("targets/esp32/main/") for f in files),
                     f"{edition}: no targets/esp32/main source")
        report.check(any(f.startswith("core/") for f in files), f"{edition}: no core source")
        bad = sorted(f for f in files if any(f.startswith(d) for d in FORBIDDEN_SOURCE_DIRS))
        report.check(not bad, f"{edition}: compiles files of another platform: {bad}")
        outside = [f for f in files if not f.startswith("targets/esp32/")]
        names = [unit_name(f) for f in outside]
        report.check(len(names) == len(set(names)), f"{edition}: unit names collide")
    net = sorted(f for f in expected["stealth"] if any(f.startswith(d) for d in NET_DIRS))
    report.check(not net, f"stealth edition compiles network sources: {net}")
    report.check(expected["stealth"] <= expected["full"], "the full edition lacks sources of the stealth edition")
    if cmake:
        check_cmake_sources(report, repo, cmake, expected)
    else:
        report.check(False, "cmake not found: main/CMakeLists.txt could not be run (pass --cmake)")
    return expected


def check_host_coverage(report, repo, expected):
    """Every ESP32 source is compiled by the host check (named in a hostcheck/cmake fragment, or by a *.cpp glob)."""
    text = "\n".join(p.read_text() for p in sorted((repo / "targets/esp32/hostcheck/cmake").glob("*.cmake")))
    for source in sorted(expected["full"]):
        if source.startswith("core/"):
            continue  # the core is compiled and tested by the main build
        directory = source.rsplit("/", 1)[0]
        covered = source in text or f"{directory}/*.cpp" in text
        report.check(covered, f"{source} is not compiled by the host check (targets/esp32/hostcheck/cmake/*.cmake)")


# --------------------------------------------------------------------------------------------------- environments


def read_platformio(path):
    parser = configparser.ConfigParser(interpolation=None, comment_prefixes=(";", "#"), inline_comment_prefixes=None)
    parser.read(path)
    envs = {}
    for section in parser.sections():
        if section.startswith("env:"):
            values = dict(parser["env"]) if parser.has_section("env") else {}
            values.update(parser[section])
            envs[section[4:]] = values
    return parser, envs


def sdkconfig_defaults_of(env_values):
    args = shlex.split(env_values.get("board_build.cmake_extra_args", ""))
    for arg in args:
        if arg.startswith("-DSDKCONFIG_DEFAULTS="):
            return [f for f in arg.split("=", 1)[1].strip('"').split(";") if f]
    return None


def idf_command(env, target, defaults):
    return f'idf.py -B build/{env} -D IDF_TARGET={target} -D SDKCONFIG_DEFAULTS="{";".join(defaults)}" build'


def check_environment(report, project, env, values, host_defines, kconfig):
    where = f"[env:{env}]"
    board = values.get("board", "")
    target = BOARD_TARGETS.get(board)
    if not report.check(target is not None, f"{where}: unknown board {board!r}"):
        return None
    defaults = sdkconfig_defaults_of(values)
    if not report.check(bool(defaults), f"{where}: board_build.cmake_extra_args sets no SDKCONFIG_DEFAULTS"):
        return None
    missing = [f for f in defaults if not (project / f).is_file()]
    if not report.check(not missing, f"{where}: SDKCONFIG_DEFAULTS files missing: {missing}"):
        return None
    report.check(defaults[0] == "sdkconfig.defaults", f"{where}: SDKCONFIG_DEFAULTS must start with sdkconfig.defaults")
    merged = merge_defaults(layered_defaults(project, defaults, target))

    report.check(merged.get("CONFIG_IDF_TARGET") == f'"{target}"',
                 f"{where}: CONFIG_IDF_TARGET is {merged.get('CONFIG_IDF_TARGET')}, board {board} is {target}")
    flash_size = values.get("board_upload.flash_size", "")
    report.check(chosen(merged, "CONFIG_ESPTOOLPY_FLASHSIZE_") == [flash_size],
                 f"{where}: CONFIG_ESPTOOLPY_FLASHSIZE_* {chosen(merged, 'CONFIG_ESPTOOLPY_FLASHSIZE_')} "
                 f"vs board_upload.flash_size {flash_size}")
    flash_bytes = FLASH_SIZES.get(flash_size, 0)
    report.check(values.get("board_upload.maximum_size") == str(flash_bytes),
                 f"{where}: board_upload.maximum_size should be {flash_bytes}")
    mode = values.get("board_build.flash_mode", "").upper()
    report.check(chosen(merged, "CONFIG_ESPTOOLPY_FLASHMODE_") == [mode],
                 f"{where}: flash mode {chosen(merged, 'CONFIG_ESPTOOLPY_FLASHMODE_')} "
                 f"vs board_build.flash_mode {mode}")
    freq = F_FLASH.get(values.get("board_build.f_flash", ""))
    report.check(chosen(merged, "CONFIG_ESPTOOLPY_FLASHFREQ_") == [freq],
                 f"{where}: flash frequency {chosen(merged, 'CONFIG_ESPTOOLPY_FLASHFREQ_')} "
                 f"vs board_build.f_flash {freq}")

    table = values.get("board_build.partitions", "")
    report.check(merged.get("CONFIG_PARTITION_TABLE_CUSTOM") == "y", f"{where}: CONFIG_PARTITION_TABLE_CUSTOM not set")
    report.check(merged.get("CONFIG_PARTITION_TABLE_CUSTOM_FILENAME") == f'"{table}"',
                 f"{where}: CONFIG_PARTITION_TABLE_CUSTOM_FILENAME "
                 f"{merged.get('CONFIG_PARTITION_TABLE_CUSTOM_FILENAME')} vs board_build.partitions {table}")
    table_offset = int(merged.get("CONFIG_PARTITION_TABLE_OFFSET", "0x8000"), 0)

    stealth = env.endswith("-stealth")
    report.check(env.endswith(("-full", "-stealth")), f"{where}: name must end in -full or -stealth")
    report.check(merged.get("CONFIG_TBG_EDITION_STEALTH", "n") == ("y" if stealth else "n"),
                 f"{where}: CONFIG_TBG_EDITION_STEALTH={merged.get('CONFIG_TBG_EDITION_STEALTH')}")
    report.check((merged.get("CONFIG_SPIRAM", "n") == "y") == ("psram" in env), f"{where}: CONFIG_SPIRAM vs name")
    report.check(merged.get("CONFIG_BOOTLOADER_APP_ROLLBACK_ENABLE") == "y", f"{where}: rollback not enabled")
    board_option = DEFAULT_BOARD_OPTION[env.split("-")[0]]
    report.check(merged.get(board_option) == "y", f"{where}: {board_option} not chosen")
    for name in merged:
        if name.startswith("CONFIG_TBG_"):
            report.check(name[len("CONFIG_"):] in kconfig, f"{where}: {name} is not declared in Kconfig.projbuild")

    for name, value in host_defines.items():
        if name.startswith("CONFIG_IDF_TARGET_"):
            continue  # follows the target; the host check compiles as ESP32-S3
        report.check(name in merged and sdkconfig_h_value(merged[name]) == value,
                     f"{where}: the host check assumes {name} {value}, the defaults give {merged.get(name, 'nothing')}")

    report.check((project / table).is_file(), f"{where}: partition table {table} missing")
    return {"target": target, "defaults": defaults, "table": table, "table_offset": table_offset,
            "flash": flash_size, "flash_bytes": flash_bytes, "files": set(defaults)}


def check_tables(report, project, results):
    """Each partition table once, against the smallest flash of the environments that use it."""
    by_table = {}
    for result in results.values():
        if result and (project / result["table"]).is_file():
            by_table.setdefault(result["table"], []).append(result)
    for table, users in sorted(by_table.items()):
        path = project / table
        flash_bytes = min(r["flash_bytes"] for r in users)
        offsets = {r["table_offset"] for r in users}
        report.check(len(offsets) == 1, f"{table}: used with different table offsets {sorted(offsets)}")
        slots, nvs = check_partition_table(report, path, read_partitions(path), flash_bytes, min(offsets))
        for result in users:
            result["slot"] = slots[0]["size"] if slots else None
            result["nvs"] = nvs[0]["size"] if nvs else None


def check_web_flasher(report, project):
    for path in sorted((project / "web-flasher").glob("*.json")):
        try:
            manifest = json.loads(path.read_text())
        except json.JSONDecodeError as error:
            report.check(False, f"{path.name}: not JSON: {error}")
            continue
        builds = manifest.get("builds", [])
        report.check(bool(builds) and "name" in manifest, f"{path.name}: needs name and builds")
        families = [b.get("chipFamily") for b in builds]
        report.check(len(families) == len(set(families)), f"{path.name}: one build per chip family")
        for build in builds:
            report.check(build.get("chipFamily") in WEB_CHIP_FAMILIES,
                         f"{path.name}: chipFamily {build.get('chipFamily')}")
            for part in build.get("parts", []):
                report.check(isinstance(part.get("offset"), int) and bool(part.get("path")),
                             f"{path.name}: each part needs a path and an integer offset")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repo", default=str(Path(__file__).resolve().parent.parent))
    parser.add_argument("--cmake", default=shutil.which("cmake"))
    args = parser.parse_args()
    repo = Path(args.repo).resolve()
    project = repo / "targets/esp32"
    report = Report()

    _, envs = read_platformio(project / "platformio.ini")
    report.check(sorted(envs) == sorted(ENVIRONMENTS),
                 f"platformio.ini environments {sorted(envs)}, expected {ENVIRONMENTS}")
    host_defines = host_sdkconfig(project / "hostcheck/include/sdkconfig.h")
    report.check("CONFIG_FREERTOS_HZ" in host_defines, "hostcheck/include/sdkconfig.h lacks CONFIG_FREERTOS_HZ")
    kconfig = kconfig_symbols(project / "main/Kconfig.projbuild")
    report.check("TBG_EDITION_STEALTH" in kconfig, "Kconfig.projbuild lacks TBG_EDITION_STEALTH")

    results = {}
    for env in ENVIRONMENTS:
        if env in envs:
            results[env] = check_environment(report, project, env, envs[env], host_defines, kconfig)
    check_tables(report, project, results)

    used_files = set().union(*(r["files"] for r in results.values() if r))
    used_tables = {r["table"] for r in results.values() if r}
    for path in sorted((project / "config").glob("*.defaults")):
        name = path.relative_to(project).as_posix()
        report.check(name in used_files, f"{name} is used by no environment of platformio.ini")
    for path in sorted((project / "partitions").glob("*.csv")):
        name = path.relative_to(project).as_posix()
        report.check(name in used_tables, f"{name} is named by no environment of platformio.ini")

    manifest = (project / "main/idf_component.yml").read_text()
    for component in MANAGED_COMPONENTS:
        report.check(re.search(rf"^\s+{re.escape(component)}:", manifest, re.MULTILINE) is not None,
                     f"main/idf_component.yml lacks {component}")
    check_web_flasher(report, project)

    docs = (repo / "docs/esp32.md").read_text() if (repo / "docs/esp32.md").is_file() else ""
    for env, result in results.items():
        if result:
            command = idf_command(env, result["target"], result["defaults"])
            report.check(command in docs, f"docs/esp32.md lacks the command of {env}: {command}")
            report.check(f"pio run -e {env}" in docs, f"docs/esp32.md lacks `pio run -e {env}`")

    check_cmake_minimum(report, repo)
    expected = check_sources(report, repo, args.cmake)
    check_host_coverage(report, repo, expected)

    print("environment                      table                   flash  OTA slot (bytes)     NVS")
    for env, result in results.items():
        if result:
            slot = f"{result['slot']:>9} ({result['slot'] // 1024} KB)" if result.get("slot") else "no OTA"
            nvs = f"{result['nvs'] // 1024} KB" if result.get("nvs") else "-"
            print(f"{env:<32} {result['table']:<23} {result['flash']:<6} {slot:<20} {nvs}")
    print(f"sources: stealth edition {len(expected['stealth'])} files, full edition {len(expected['full'])} files")
    for failure in report.failures:
        print(f"FAIL: {failure}")
    print(f"esp32_project_check: {report.passed} checks passed, {len(report.failures)} failed")
    return 0 if not report.failures else 1


if __name__ == "__main__":
    sys.exit(main())
