#!/usr/bin/env python3
"""Chooses what clang-tidy reads so that every given source file is checked, as few times as possible.

Usage: tidy_units.py BUILD_DIR < FILES      (run in the repository root; FILES: paths relative to it, one per line)

Reads BUILD_DIR/compile_commands.json. A unity build (CMAKE_UNITY_BUILD, the `check` preset) compiles each target
as a few unity_N_cxx.cxx files that #include its sources; checking one of those instead of its 16 sources one by one
parses the common headers once, which is most of clang-tidy's time. Prints one line per translation unit to check:

    unity PATH    a unity file whose every included source is in FILES (test targets are skipped this way)
    file PATH     a source of FILES not covered by such a unity file, checked on its own

Exits 1, naming them, when a source of FILES has neither (it is not in the build). Standard library only.
"""

import json
import re
import sys
from pathlib import Path

UNITY_FILE = re.compile(r"/Unity/unity_[0-9]+_cxx\.cxx$")
UNITY_INCLUDE = re.compile(r'^#include "(.+)"$', re.MULTILINE)


def main() -> int:
    build_dir = Path(sys.argv[1]).resolve()
    repo = Path.cwd().resolve()  # the repository root: FILES are relative to it
    wanted = {line.strip() for line in sys.stdin if line.strip()}
    entries = json.loads((build_dir / "compile_commands.json").read_text())

    units: list[str] = []
    singles: dict[str, str] = {}
    covered: set[str] = set()
    for entry in entries:
        path = Path(entry["directory"], entry["file"]).resolve()
        if UNITY_FILE.search(str(path)):
            included = []
            for name in UNITY_INCLUDE.findall(path.read_text()):
                source = Path(name).resolve()
                included.append(str(source.relative_to(repo)) if source.is_relative_to(repo) else str(source))
            if included and all(source in wanted for source in included) and str(path) not in units:
                units.append(str(path))
                covered.update(included)
        elif path.is_relative_to(repo):
            singles.setdefault(str(path.relative_to(repo)), str(path))

    missing = sorted(source for source in wanted - covered if source not in singles)
    if missing:
        print("tidy_units: not in " + str(build_dir / "compile_commands.json") + ": " + ", ".join(missing),
              file=sys.stderr)
        return 1
    for unit in units:
        print("unity " + unit)
    for source in sorted(wanted - covered):
        print("file " + singles[source])
    return 0


if __name__ == "__main__":
    sys.exit(main())
