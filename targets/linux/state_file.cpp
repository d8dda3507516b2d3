#include "targets/linux/state_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

namespace tbg::daemon {

namespace {

std::string errno_text(const std::string& what) {
    return what + ": " + std::strerror(errno);
}

bool write_all(int fd, const std::string& content) {
    std::size_t done = 0;
    while (done < content.size()) {
        const ssize_t n = ::write(fd, content.data() + done, content.size() - done);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            return false;
        }
        done += static_cast<std::size_t>(n);
    }
    return true;
}

std::string directory_of(const std::string& path) {
    const auto slash = path.rfind('/');
    return slash == std::string::npos ? "." : (slash == 0 ? "/" : path.substr(0, slash));
}

}  // namespace

std::optional<std::string> read_file(const std::string& path, std::string& error) {
    std::ifstream file(path, std::ios::binary);
    if (!file) {
        error = errno_text("cannot read " + path);
        return std::nullopt;
    }
    std::stringstream text;
    text << file.rdbuf();
    return text.str();
}

bool write_atomic(const std::string& path, const std::string& content, std::string& error, bool keep_previous) {
    const std::string temp = path + ".tmp";
    const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) {
        error = errno_text("cannot create " + temp);
        return false;
    }
    // O_CREAT keeps the mode of a PATH.tmp left behind by a crash; the content is always owner-only.
    const bool written = ::fchmod(fd, 0600) == 0 && write_all(fd, content) && ::fsync(fd) == 0;
    if (!written) {
        error = errno_text("cannot write " + temp);
    }
    ::close(fd);
    if (!written) {
        ::unlink(temp.c_str());
        return false;
    }
    const std::string previous = path + ".prev";
    struct stat info {};
    const bool moved =
        keep_previous && ::stat(path.c_str(), &info) == 0 && ::rename(path.c_str(), previous.c_str()) == 0;
    if (moved) {
        ::chmod(previous.c_str(), 0600);  // the old file may have been made readable by hand
    }
    if (::rename(temp.c_str(), path.c_str()) != 0) {
        error = errno_text("cannot rename " + temp + " to " + path);
        ::unlink(temp.c_str());
        if (moved) {
            ::rename(previous.c_str(), path.c_str());
        }
        return false;
    }
    const int dir = ::open(directory_of(path).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir >= 0) {
        ::fsync(dir);
        ::close(dir);
    }
    return true;
}

std::optional<std::string> keep_aside(const std::string& path) {
    for (int n = 1; n < 1000; ++n) {
        const std::string aside = path + ".corrupt-" + std::to_string(n);
        struct stat info {};
        if (::stat(aside.c_str(), &info) != 0 && errno == ENOENT) {
            if (::rename(path.c_str(), aside.c_str()) == 0) {
                return aside;
            }
            return std::nullopt;
        }
    }
    return std::nullopt;
}

bool file_exists(const std::string& path) {
    struct stat info {};
    return ::stat(path.c_str(), &info) == 0;
}

namespace {

// The counters of one state file; nullopt when it cannot be read or is not a valid state document.
std::optional<PersistentState> parse_state(const std::string& path) {
    std::string error;
    const auto text = read_file(path, error);
    const nlohmann::json doc = text ? nlohmann::json::parse(*text, nullptr, false) : nlohmann::json();
    const bool valid = doc.is_object() && doc.contains("charged_Wh") && doc["charged_Wh"].is_number_unsigned() &&
                       doc.contains("discharged_Wh") && doc["discharged_Wh"].is_number_unsigned();
    if (!valid) {
        return std::nullopt;
    }
    PersistentState state;
    state.charged_Wh = doc["charged_Wh"].get<std::uint64_t>();
    state.discharged_Wh = doc["discharged_Wh"].get<std::uint64_t>();
    if (doc.contains("energy_ledger")) {
        state.energy_ledger = doc["energy_ledger"].dump();
    }
    return state;
}

}  // namespace

std::optional<std::string> copy_aside(const std::string& path) {
    std::string error;
    const auto content = read_file(path, error);
    if (!content) {
        return std::nullopt;
    }
    for (int n = 1; n < 1000; ++n) {
        const std::string aside = path + ".corrupt-" + std::to_string(n);
        if (file_exists(aside)) {
            if (read_file(aside, error) == content) {
                return aside;
            }
            continue;
        }
        return write_atomic(aside, *content, error) ? std::optional(aside) : std::nullopt;
    }
    return std::nullopt;
}

PersistentState load_state(const std::string& state_dir, std::string& warning) {
    const std::string path = state_dir + "/state.json";
    const std::string previous = path + ".prev";
    std::string damage;
    if (file_exists(path)) {
        if (auto state = parse_state(path)) {
            return *state;
        }
        const auto aside = keep_aside(path);
        damage = path + " is damaged" + (aside ? " (kept as " + *aside + ")" : std::string());
    }
    if (!file_exists(previous)) {
        if (!damage.empty()) {
            warning = damage + "; energy counters start from 0";
        }
        return {};  // first start, or damaged without an earlier generation
    }
    if (auto state = parse_state(previous)) {
        warning = (damage.empty() ? path + " is missing" : damage) + "; restored the energy counters from " + previous +
                  " (at most one save interval older)";
        return *state;
    }
    warning = (damage.empty() ? path + " is missing" : damage) + " and " + previous +
              " is damaged too; energy counters start from 0";
    return {};
}

bool save_state(const std::string& state_dir, const PersistentState& state, std::string& error) {
    nlohmann::json doc = {{"charged_Wh", state.charged_Wh}, {"discharged_Wh", state.discharged_Wh}};
    if (!state.energy_ledger.empty()) {
        doc["energy_ledger"] = nlohmann::json::parse(state.energy_ledger, nullptr, false);
    }
    return write_atomic(state_dir + "/state.json", doc.dump() + "\n", error, /*keep_previous=*/true);
}

}  // namespace tbg::daemon
