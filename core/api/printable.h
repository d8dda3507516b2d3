// Text from a BMS or the bus made safe for JSON, terminals and the dashboard: printable ASCII is kept, every other
// byte (and the backslash) is written as \xNN, so nothing is lost and nothing needs a UTF-8 guess.
#pragma once

#include <string>
#include <string_view>

namespace tbg::api {

std::string printable(std::string_view text);

}  // namespace tbg::api
