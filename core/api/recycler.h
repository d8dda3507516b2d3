// Objects handed from the loop thread (Linux daemon, ESP32 control task) to reader threads as shared_ptr<const T>,
// recycled once no reader holds them.
//
// Why: a fresh 100 kB copy per CAN tick means a fresh mmap and page faults on the loop thread, and those wait for
// the kernel's memory-map lock, which the HTTP threads' Argon2id hashes (64 MiB each) hold while they fault in their
// memory: measured 40–140 ms stalls of the loop under login load. Reusing the same few objects touches no new memory.
//
// take() returns an object whose only owner is this pool: once a published object has been replaced everywhere it
// was published, no thread can obtain a new reference to it, so use_count() == 1 is final. Loop thread only.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <utility>
#include <vector>

namespace tbg::api {

template <typename T>
class Recycler {
public:
    // `make` creates a new object (default: T{}), e.g. a history of the platform's capacity.
    explicit Recycler(std::size_t keep = 4, std::function<std::shared_ptr<T>()> make = {})
        : keep_(keep), make_(std::move(make)) {}

    // An object no reader holds (its old contents still there, to be overwritten), or a new one.
    std::shared_ptr<T> take() {
        for (const std::shared_ptr<T>& object : pool_) {
            if (object.use_count() == 1) {
                return object;
            }
        }
        std::shared_ptr<T> object = make_ ? make_() : std::make_shared<T>();
        if (pool_.size() < keep_) {
            pool_.push_back(object);
        }
        return object;
    }

private:
    std::size_t keep_;
    std::function<std::shared_ptr<T>()> make_;
    std::vector<std::shared_ptr<T>> pool_;
};

}  // namespace tbg::api
