#include "platform/linux/sys_error.h"

#include <system_error>

namespace tbg::platform {

std::string sys_error_text(std::string_view what, int error_number) {
    std::string text(what);
    text += ": ";
    text += std::generic_category().message(error_number);
    return text;
}

}  // namespace tbg::platform
