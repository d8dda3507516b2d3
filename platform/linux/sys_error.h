// Text for a failed system call, for the `last_error` fields and error strings of the platform classes.
#pragma once

#include <string>
#include <string_view>

namespace tbg::platform {

// "<what>: <strerror(error_number)>", e.g. "open /dev/ttyUSB0: No such file or directory". Thread-safe.
std::string sys_error_text(std::string_view what, int error_number);

}  // namespace tbg::platform
