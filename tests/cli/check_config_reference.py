#!/usr/bin/env python3
"""docs/config.md must equal `topband-gateway config-reference` (the reference is generated from the schema, so a new
or changed key shows up here). Usage: check_config_reference.py PATH/TO/topband-gateway PATH/TO/docs/config.md"""

import difflib
import subprocess
import sys

generated = subprocess.run([sys.argv[1], "config-reference"], capture_output=True, text=True, check=True).stdout
with open(sys.argv[2], encoding="utf-8") as file:
    committed = file.read()
if generated != committed:
    sys.stdout.writelines(difflib.unified_diff(committed.splitlines(True), generated.splitlines(True),
                                               "docs/config.md", "config-reference"))
    print("docs/config.md is out of date: topband-gateway config-reference > docs/config.md")
    sys.exit(1)
print(f"docs/config.md matches config-reference ({len(committed.splitlines())} lines)")
