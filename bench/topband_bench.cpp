// Benchmarks of the Topband receive and request paths (scripts/bench.sh, results in docs/performance.md).
//
// The global operator new/delete of this binary count allocations; every benchmark that handles one frame per
// iteration reports counters["allocs_per_frame"], which must stay 0 (the core promises not to allocate);
// allocation_counter_check allocates once per iteration and must report 1.
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <new>
#include <string_view>

#include <benchmark/benchmark.h>

#include "core/topband/assembler.h"
#include "core/topband/decoders.h"
#include "core/topband/encoders.h"
#include "core/topband/frame.h"

namespace {

std::atomic<std::uint64_t> allocation_count{0};

void* counted_allocate(std::size_t size) {
    allocation_count.fetch_add(1, std::memory_order_relaxed);
    if (void* pointer = std::malloc(size == 0 ? 1 : size)) {
        return pointer;
    }
    throw std::bad_alloc();
}

void* counted_allocate_aligned(std::size_t size, std::align_val_t alignment) {
    allocation_count.fetch_add(1, std::memory_order_relaxed);
    const auto align = static_cast<std::size_t>(alignment);
    const std::size_t rounded = (size + align - 1) / align * align;
    if (void* pointer = std::aligned_alloc(align, rounded == 0 ? align : rounded)) {
        return pointer;
    }
    throw std::bad_alloc();
}

}  // namespace

// Counting replacements of the global allocation functions (all other forms forward to these).
void* operator new(std::size_t size) {
    return counted_allocate(size);
}
void* operator new[](std::size_t size) {
    return counted_allocate(size);
}
void* operator new(std::size_t size, std::align_val_t alignment) {
    return counted_allocate_aligned(size, alignment);
}
void* operator new[](std::size_t size, std::align_val_t alignment) {
    return counted_allocate_aligned(size, alignment);
}
void operator delete(void* pointer) noexcept {
    std::free(pointer);
}
void operator delete[](void* pointer) noexcept {
    std::free(pointer);
}
void operator delete(void* pointer, std::size_t) noexcept {
    std::free(pointer);
}
void operator delete[](void* pointer, std::size_t) noexcept {
    std::free(pointer);
}
void operator delete(void* pointer, std::align_val_t) noexcept {
    std::free(pointer);
}
void operator delete[](void* pointer, std::align_val_t) noexcept {
    std::free(pointer);
}
void operator delete(void* pointer, std::size_t, std::align_val_t) noexcept {
    std::free(pointer);
}
void operator delete[](void* pointer, std::size_t, std::align_val_t) noexcept {
    std::free(pointer);
}

namespace {

namespace topband = tbg::topband;

// 0x42 replies from topband-vectors.json (constructed-resp-42-15s-7t at ADR 0, constructed-resp-42-16s-7t at ADR 1).
constexpr std::string_view kReply15s7t =
    "~21004600D07C000F0C800C810C7F0C800C820C800C7E0C800C810C800C800C7F0C800C810C80070BA50BA50BA40BA60BAF0B550B4BFF6A"
    "12C0079E050BB8002A41640000E262\r";
constexpr std::string_view kReply16s7t =
    "~21014600808001100CE50CE60CE40CE30CE50CE70CE60CE40CE20CE50CE40CE60CE50CE40CE30CE5070BC80BC30BBE0BC50BD80B870B"
    "E504D214A11388052710007B32630000E121\r";
// 0x44 reply INFO from constructed-resp-44-15s.
constexpr std::string_view kAlarmInfo15s = "000F00000000000001000000000000000007000000000000000000080206400000000000";

// Counts allocations between construction and finish() and reports them per processed frame.
class AllocationCounter {
public:
    AllocationCounter() : start_(allocation_count.load(std::memory_order_relaxed)) {}

    void finish(benchmark::State& state, std::int64_t frames) const {
        const std::uint64_t allocations = allocation_count.load(std::memory_order_relaxed) - start_;
        state.counters["allocs_per_frame"] =
            frames > 0 ? static_cast<double>(allocations) / static_cast<double>(frames) : 0.0;
    }

private:
    std::uint64_t start_;
};

void parse_frame(benchmark::State& state, std::string_view text) {
    topband::Frame frame;
    if (topband::parse_frame(text, frame) != topband::FrameStatus::kOk) {
        state.SkipWithError("benchmark frame does not parse");
        return;
    }
    const AllocationCounter counter;
    for (auto _ : state) {
        std::string_view input = text;
        benchmark::DoNotOptimize(input);
        benchmark::DoNotOptimize(topband::parse_frame(input, frame));
        benchmark::DoNotOptimize(frame);
    }
    counter.finish(state, state.iterations());
    state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(text.size()));
    state.SetItemsProcessed(state.iterations());
}

// The receive path of one 0x42 reply: every byte through the assembler, then the reply check, hex decoding and the
// analog decoder. Items are frames.
void full_path(benchmark::State& state, std::string_view text, std::uint8_t adr) {
    topband::FrameAssembler assembler;
    topband::InfoBytes info;
    topband::AnalogValues values;
    std::int64_t frames = 0;
    const AllocationCounter counter;
    for (auto _ : state) {
        for (const char c : text) {
            const topband::AssemblerEvent event = assembler.push(static_cast<std::uint8_t>(c));
            if (event.kind != topband::AssemblerEvent::Kind::kFrame) {
                continue;
            }
            if (event.status != topband::FrameStatus::kOk ||
                topband::check_reply(event.frame, {.adr = adr}) != topband::FrameStatus::kOk ||
                topband::decode_info_hex(event.frame.info, info) != topband::FrameStatus::kOk ||
                topband::decode_analog(info.bytes(), values) != topband::DecodeError::kNone) {
                state.SkipWithError("benchmark frame rejected on the full path");
                return;
            }
            ++frames;
            benchmark::DoNotOptimize(values);
        }
    }
    counter.finish(state, frames);
    if (frames != state.iterations()) {
        state.SkipWithError("not one frame per iteration");
    }
    state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(text.size()));
    state.SetItemsProcessed(frames);
}

void decode_alarm(benchmark::State& state) {
    topband::InfoBytes info;
    topband::AlarmInfo alarm;
    if (topband::decode_info_hex(kAlarmInfo15s, info) != topband::FrameStatus::kOk ||
        topband::decode_alarm(info.bytes(), alarm) != topband::DecodeError::kNone) {
        state.SkipWithError("benchmark alarm INFO does not decode");
        return;
    }
    const AllocationCounter counter;
    for (auto _ : state) {
        benchmark::DoNotOptimize(info);
        benchmark::DoNotOptimize(topband::decode_alarm(info.bytes(), alarm));
        benchmark::DoNotOptimize(alarm);
    }
    counter.finish(state, state.iterations());
    state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(info.size));
    state.SetItemsProcessed(state.iterations());
}

void encode_analog_request(benchmark::State& state) {
    std::uint8_t adr = 0;
    const AllocationCounter counter;
    for (auto _ : state) {
        benchmark::DoNotOptimize(adr);
        topband::EncodedFrame request = topband::encode_analog_request(adr);
        benchmark::DoNotOptimize(request);
        adr = static_cast<std::uint8_t>((adr + 1U) & 0x0FU);
    }
    counter.finish(state, state.iterations());
    state.SetItemsProcessed(state.iterations());
}

// Proves the counter counts: exactly one allocation per iteration, so allocs_per_frame must read 1.
void allocation_counter_check(benchmark::State& state) {
    const AllocationCounter counter;
    for (auto _ : state) {
        int* pointer = new int(0);
        benchmark::DoNotOptimize(pointer);
        delete pointer;
    }
    counter.finish(state, state.iterations());
}

BENCHMARK_CAPTURE(parse_frame, 15s_7t, kReply15s7t);
BENCHMARK_CAPTURE(parse_frame, 16s_7t, kReply16s7t);
BENCHMARK_CAPTURE(full_path, 15s_7t, kReply15s7t, std::uint8_t{0});
BENCHMARK_CAPTURE(full_path, 16s_7t, kReply16s7t, std::uint8_t{1});
BENCHMARK(decode_alarm);
BENCHMARK(encode_analog_request);
BENCHMARK(allocation_counter_check);

}  // namespace

BENCHMARK_MAIN();
