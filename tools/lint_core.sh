#!/usr/bin/env bash
# Proves core/ is platform-free: no platform, OS or vendor header may be included below core/.
# Exit 1 with the offending lines when one is found.
set -euo pipefail
cd "$(dirname "$0")/.."
pattern='#[[:space:]]*include[[:space:]]*[<"](Arduino|esp_|esp/|freertos|driver/|sys/|termios|unistd|fcntl|poll|netinet|arpa/|linux/|pthread|mosquitto|civetweb|hal/|soc/|nvs|lwip|CLI/|platform/|targets/)'
also='(millis\(|micros\(|std::chrono::(system|steady|high_resolution)_clock|ESP_PLATFORM|std::thread|fopen|std::ifstream|std::ofstream|getenv)'
hits=$(grep -rEn "$pattern" core || true)
calls=$(grep -rEn "$also" core --include='*.h' --include='*.cpp' || true)
if [[ -n "$hits$calls" ]]; then
    echo "lint_core: core/ must stay platform-free (see DEVELOPERS.md, Architecture):"
    [[ -n "$hits" ]] && echo "$hits"
    [[ -n "$calls" ]] && echo "$calls"
    exit 1
fi
echo "lint_core: core/ includes no platform header and reads no clock ($(find core -name '*.h' -o -name '*.cpp' | wc -l) files)"
