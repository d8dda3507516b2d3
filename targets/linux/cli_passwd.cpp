#include "targets/linux/cli_passwd.h"

#include <termios.h>
#include <unistd.h>

#include <filesystem>
#include <iostream>
#include <memory>
#include <string>

#include "core/api/api_service.h"
#include "platform/linux/sodium_crypto.h"
#include "targets/linux/web_backend.h"

namespace tbg::cli {

namespace {

// One line from stdin without its newline; with `hidden` and a terminal, without echo.
bool read_line(const char* prompt, bool hidden, std::string& line) {
    const bool terminal = ::isatty(STDIN_FILENO) != 0;
    termios saved{};
    if (terminal) {
        std::cerr << prompt << std::flush;
        if (hidden && ::tcgetattr(STDIN_FILENO, &saved) == 0) {
            termios quiet = saved;
            quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
            ::tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
        } else {
            hidden = false;
        }
    }
    const bool ok = static_cast<bool>(std::getline(std::cin, line));
    if (terminal && hidden) {
        ::tcsetattr(STDIN_FILENO, TCSANOW, &saved);
        std::cerr << '\n';
    }
    if (!line.empty() && line.back() == '\r') {
        line.pop_back();
    }
    return ok;
}

int run_passwd(const std::string& state_dir) {
    std::string password;
    if (!read_line("New admin password: ", true, password)) {
        std::cerr << "passwd: no password given on stdin\n";
        return 2;
    }
    if (const std::string problem = api::password_problem(password); !problem.empty()) {
        std::cerr << "passwd: the password " << problem << '\n';
        return 2;
    }
    if (::isatty(STDIN_FILENO) != 0) {
        std::string again;
        if (!read_line("Repeat it: ", true, again) || again != password) {
            std::cerr << "passwd: the two passwords differ; nothing changed\n";
            return 2;
        }
    }
    std::string error;
    if (!platform::SodiumCrypto::init(error)) {
        std::cerr << "passwd: " << error << '\n';
        return 1;
    }
    platform::SodiumCrypto crypto;
    const std::string hash = crypto.hash_password(password);
    if (hash.empty()) {
        std::cerr << "passwd: hashing failed (out of memory)\n";
        return 1;
    }
    // A directory created here is private to the user (0700): it holds the password hash. An existing one keeps
    // its mode (the administrator's or systemd's StateDirectory choice); auth.json itself is always 0600.
    std::error_code fs_error;
    if (std::filesystem::create_directories(state_dir, fs_error)) {
        std::filesystem::permissions(state_dir, std::filesystem::perms::owner_all,
                                     std::filesystem::perm_options::replace, fs_error);
    }
    if (!daemon::save_password_hash(state_dir, hash, error)) {
        std::cerr << "passwd: " << error << '\n';
        return 1;
    }
    std::cout << "passwd: admin password saved to " << daemon::auth_file(state_dir) << '\n';
    return 0;
}

}  // namespace

void add_passwd_command(CLI::App& app, int& exit_code) {
    auto state_dir = std::make_shared<std::string>();
    CLI::App* passwd = app.add_subcommand(
        "passwd",
        "Set the dashboard's admin password (read from the terminal twice, or one line from stdin). Takes effect at "
        "once, also for a running gateway.");
    passwd->add_option("--state-dir", *state_dir, "the gateway's --state-dir")->required();
    passwd->callback([state_dir, &exit_code] { exit_code = run_passwd(*state_dir); });
}

}  // namespace tbg::cli
