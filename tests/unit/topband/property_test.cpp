// Property tests: random packs survive build → encode → parse → check → decode unchanged, and every single-character
// corruption of a valid frame is detected. Seeded std::mt19937; the seed is printed with every failure and can be set
// with the environment variable TBG_PROPERTY_SEED to replay a run.
#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "core/topband/assembler.h"
#include "core/topband/decoders.h"
#include "core/topband/encoders.h"
#include "core/topband/frame.h"

namespace tbg::topband {
namespace {

constexpr int kIterations = 2000;

std::uint32_t base_seed() {
    if (const char* text = std::getenv("TBG_PROPERTY_SEED")) {
        return static_cast<std::uint32_t>(std::strtoul(text, nullptr, 10));
    }
    return 0x70BA4D21U;
}

std::string seed_note(std::uint32_t seed, int iteration) {
    std::ostringstream note;
    note << "seed " << seed << " (TBG_PROPERTY_SEED=" << seed << "), iteration " << iteration;
    return note.str();
}

template <typename T>
T uniform(std::mt19937& rng, long long low, long long high) {
    return static_cast<T>(std::uniform_int_distribution<long long>(low, high)(rng));
}

// Frame text → parse_frame → check_reply → decode_info_hex. Also pushes the text through an assembler, which must
// agree. Returns the INFO bytes, or nullopt after recording the failure.
std::optional<InfoBytes> receive(const EncodedFrame& encoded, std::uint8_t adr) {
    Frame frame;
    const FrameStatus parsed = parse_frame(encoded.view(), frame);
    if (parsed != FrameStatus::kOk) {
        ADD_FAILURE() << "parse_frame: " << to_string(parsed) << " for " << encoded.view();
        return std::nullopt;
    }
    const FrameStatus checked = check_reply(frame, ReplyExpectation{adr, kVersion});
    if (checked != FrameStatus::kOk) {
        ADD_FAILURE() << "check_reply: " << to_string(checked);
        return std::nullopt;
    }
    InfoBytes info;
    const FrameStatus hex = decode_info_hex(frame.info, info);
    if (hex != FrameStatus::kOk) {
        ADD_FAILURE() << "decode_info_hex: " << to_string(hex);
        return std::nullopt;
    }
    FrameAssembler assembler;
    int ok_events = 0;
    for (const std::uint8_t byte : encoded.bytes()) {
        const AssemblerEvent event = assembler.push(byte);
        if (event.kind == AssemblerEvent::Kind::kFrame) {
            EXPECT_EQ(to_string(event.status), "ok");
            EXPECT_EQ(event.frame.info, frame.info);
            ok_events += event.status == FrameStatus::kOk ? 1 : 0;
        }
    }
    EXPECT_EQ(ok_events, 1) << "assembler";
    return info;
}

// --- 0x42 -----------------------------------------------------------------------------------------------------------

AnalogValues random_analog(std::mt19937& rng) {
    AnalogValues a;
    a.pack_id = uniform<std::uint8_t>(rng, 0, 255);
    a.cell_count = uniform<std::uint8_t>(rng, 1, 24);
    for (std::size_t i = 0; i < a.cell_count; ++i) {
        a.cell_mV[i] = uniform<std::uint16_t>(rng, 0, 0xFFFF);
    }
    a.temp_count = uniform<std::uint8_t>(rng, 0, 10);
    for (std::size_t i = 0; i < a.temp_count; ++i) {
        a.temp_raw_dK[i] = uniform<std::uint16_t>(rng, 0, 0xFFFF);
    }
    a.temp_roles = temperature_roles(a.cell_count, a.temp_count);
    a.current_10mA = uniform<std::int16_t>(rng, -32768, 32767);
    a.pack_voltage_10mV = uniform<std::uint16_t>(rng, 0, 0xFFFF);
    a.remaining_10mAh = uniform<std::uint32_t>(rng, 0, 0xFFFF);
    a.udi = uniform<std::uint8_t>(rng, 0, 255);
    a.full_10mAh = uniform<std::uint32_t>(rng, 0, 0xFFFE);  // both 0xFFFF would be the extended-capacity escape
    a.cycles = uniform<std::uint16_t>(rng, 0, 0xFFFF);
    a.bms_soc_pct = uniform<std::uint8_t>(rng, 0, 255);
    a.soh_pct = uniform<std::uint8_t>(rng, 0, 255);
    a.custom1 = uniform<std::uint8_t>(rng, 0, 255);
    a.custom2 = uniform<std::uint8_t>(rng, 0, 255);
    return a;
}

::testing::AssertionResult same_analog(const AnalogValues& a, const AnalogValues& b) {
    auto fail = [](const char* field) { return ::testing::AssertionFailure() << "field " << field << " differs"; };
    if (a.pack_id != b.pack_id) {
        return fail("pack_id");
    }
    if (a.cell_count != b.cell_count) {
        return fail("cell_count");
    }
    for (std::size_t i = 0; i < a.cell_count; ++i) {
        if (a.cell_mV[i] != b.cell_mV[i]) {
            return fail("cell_mV") << " at " << i;
        }
    }
    if (a.temp_count != b.temp_count) {
        return fail("temp_count");
    }
    for (std::size_t i = 0; i < a.temp_count; ++i) {
        if (a.temp_raw_dK[i] != b.temp_raw_dK[i]) {
            return fail("temp_raw_dK") << " at " << i;
        }
        if (a.temp_roles.role[i] != b.temp_roles.role[i]) {
            return fail("temp_roles") << " at " << i;
        }
    }
    if (a.temp_roles.likely != b.temp_roles.likely) {
        return fail("temp_roles.likely");
    }
    if (a.current_10mA != b.current_10mA) {
        return fail("current_10mA");
    }
    if (a.pack_voltage_10mV != b.pack_voltage_10mV) {
        return fail("pack_voltage_10mV");
    }
    if (a.remaining_10mAh != b.remaining_10mAh) {
        return fail("remaining_10mAh");
    }
    if (a.udi != b.udi) {
        return fail("udi");
    }
    if (a.full_10mAh != b.full_10mAh) {
        return fail("full_10mAh");
    }
    if (a.cycles != b.cycles) {
        return fail("cycles");
    }
    if (a.bms_soc_pct != b.bms_soc_pct) {
        return fail("bms_soc_pct");
    }
    if (a.soh_pct != b.soh_pct) {
        return fail("soh_pct");
    }
    if (a.custom1 != b.custom1) {
        return fail("custom1");
    }
    if (a.custom2 != b.custom2) {
        return fail("custom2");
    }
    if (a.extended_capacity != b.extended_capacity) {
        return fail("extended_capacity");
    }
    if (a.trailing_bytes != b.trailing_bytes) {
        return fail("trailing_bytes");
    }
    return ::testing::AssertionSuccess();
}

TEST(Property, AnalogRoundTrip) {
    const std::uint32_t seed = base_seed();
    std::mt19937 rng(seed);
    for (int iteration = 0; iteration < kIterations; ++iteration) {
        SCOPED_TRACE(seed_note(seed, iteration));
        const AnalogValues input = random_analog(rng);
        const auto adr = uniform<std::uint8_t>(rng, 0, 15);
        std::array<std::uint8_t, kMaxInfoBytes> info{};
        const std::size_t size = build_analog_info(input, info);
        ASSERT_EQ(size, 18U + 2U * input.cell_count + 2U * input.temp_count);
        EncodedFrame encoded;
        ASSERT_TRUE(encode_frame(adr, 0x00, std::span<const std::uint8_t>(info.data(), size), encoded));
        ASSERT_EQ(encoded.size, kFrameOverheadChars + 2 * size);
        const auto received = receive(encoded, adr);
        ASSERT_TRUE(received.has_value());
        AnalogValues output;
        ASSERT_EQ(to_string(decode_analog(received->bytes(), output)), "ok");
        ASSERT_TRUE(same_analog(input, output));
    }
}

TEST(Property, AnalogExtendedCapacityRoundTrip) {
    const std::uint32_t seed = base_seed() + 1;
    std::mt19937 rng(seed);
    for (int iteration = 0; iteration < kIterations; ++iteration) {
        SCOPED_TRACE(seed_note(seed, iteration));
        AnalogValues input = random_analog(rng);
        input.extended_capacity = true;
        input.remaining_10mAh = uniform<std::uint32_t>(rng, 0, 0xFFFFFF);
        input.full_10mAh = uniform<std::uint32_t>(rng, 0, 0xFFFFFF);
        input.bms_soc_pct.reset();  // not sent after the u24 capacities
        input.soh_pct.reset();
        input.custom1.reset();
        input.custom2.reset();
        std::array<std::uint8_t, kMaxInfoBytes> info{};
        const std::size_t size = build_analog_info(input, info);
        ASSERT_EQ(size, 3U + 2U * input.cell_count + 2U * input.temp_count + 11U + 6U);
        AnalogValues output;
        ASSERT_EQ(to_string(decode_analog(std::span<const std::uint8_t>(info.data(), size), output)), "ok");
        ASSERT_TRUE(same_analog(input, output));
    }
}

// --- 0x44 -----------------------------------------------------------------------------------------------------------

TEST(Property, AlarmRoundTrip) {
    const std::uint32_t seed = base_seed() + 2;
    std::mt19937 rng(seed);
    for (int iteration = 0; iteration < kIterations; ++iteration) {
        SCOPED_TRACE(seed_note(seed, iteration));
        AlarmInfo input;
        input.pack_id = uniform<std::uint8_t>(rng, 0, 255);
        input.cell_count = uniform<std::uint8_t>(rng, 1, 24);
        for (std::size_t i = 0; i < input.cell_count; ++i) {
            input.cell_state[i] = uniform<std::uint8_t>(rng, 0, 255);
        }
        input.temp_count = uniform<std::uint8_t>(rng, 0, 10);
        for (std::size_t i = 0; i < input.temp_count; ++i) {
            input.temp_state[i] = uniform<std::uint8_t>(rng, 0, 255);
        }
        input.charge_current_state = uniform<std::uint8_t>(rng, 0, 255);
        input.pack_voltage_state = uniform<std::uint8_t>(rng, 0, 255);
        input.status_byte_count = uniform<std::uint8_t>(rng, 0, 12);
        for (std::size_t i = 0; i < input.status_byte_count; ++i) {
            input.status_bytes[i] = uniform<std::uint8_t>(rng, 0, 255);
        }
        const auto adr = uniform<std::uint8_t>(rng, 0, 15);
        std::array<std::uint8_t, kMaxInfoBytes> info{};
        const std::size_t size = build_alarm_info(input, info);
        ASSERT_EQ(size, 6U + input.cell_count + input.temp_count + input.status_byte_count);
        EncodedFrame encoded;
        ASSERT_TRUE(encode_frame(adr, 0x00, std::span<const std::uint8_t>(info.data(), size), encoded));
        const auto received = receive(encoded, adr);
        ASSERT_TRUE(received.has_value());
        AlarmInfo output;
        ASSERT_EQ(to_string(decode_alarm(received->bytes(), output)), "ok");
        EXPECT_EQ(output.pack_id, input.pack_id);
        ASSERT_EQ(output.cell_count, input.cell_count);
        for (std::size_t i = 0; i < input.cell_count; ++i) {
            ASSERT_EQ(output.cell_state[i], input.cell_state[i]) << i;
        }
        ASSERT_EQ(output.temp_count, input.temp_count);
        for (std::size_t i = 0; i < input.temp_count; ++i) {
            ASSERT_EQ(output.temp_state[i], input.temp_state[i]) << i;
        }
        EXPECT_EQ(output.charge_current_state, input.charge_current_state);
        EXPECT_EQ(output.pack_voltage_state, input.pack_voltage_state);
        ASSERT_EQ(output.status_byte_count, input.status_byte_count);
        for (std::size_t bit = 0; bit < 8U * 13U; ++bit) {
            ASSERT_EQ(output.status_bit(bit), input.status_bit(bit)) << "bit " << bit;
        }
        EXPECT_EQ(output.trailing_bytes, 0U);
    }
}

// --- 0x47 -----------------------------------------------------------------------------------------------------------

TEST(Property, SystemParametersRoundTrip) {
    const std::uint32_t seed = base_seed() + 3;
    std::mt19937 rng(seed);
    for (int iteration = 0; iteration < kIterations; ++iteration) {
        SCOPED_TRACE(seed_note(seed, iteration));
        SystemParameters input;
        input.cell_high_mV = uniform<std::uint16_t>(rng, 0, 0xFFFF);
        input.cell_low_mV = uniform<std::uint16_t>(rng, 0, 0xFFFF);
        input.cell_under_mV = uniform<std::uint16_t>(rng, 0, 0xFFFF);
        input.charge_high_temp_raw_dK = uniform<std::uint16_t>(rng, 0, 0xFFFF);
        input.charge_low_temp_raw_dK = uniform<std::uint16_t>(rng, 0, 0xFFFF);
        input.charge_current_max_10mA = uniform<std::int16_t>(rng, -32768, 32767);
        input.pack_high_10mV = uniform<std::uint16_t>(rng, 0, 0xFFFF);
        input.pack_low_10mV = uniform<std::uint16_t>(rng, 0, 0xFFFF);
        input.pack_under_10mV = uniform<std::uint16_t>(rng, 0, 0xFFFF);
        input.discharge_high_temp_raw_dK = uniform<std::uint16_t>(rng, 0, 0xFFFF);
        input.discharge_low_temp_raw_dK = uniform<std::uint16_t>(rng, 0, 0xFFFF);
        input.discharge_current_max_10mA = uniform<std::int16_t>(rng, -32768, 32767);
        const auto adr = uniform<std::uint8_t>(rng, 0, 15);
        std::array<std::uint8_t, kMaxInfoBytes> info{};
        const std::size_t size = build_system_parameters_info(input, info);
        ASSERT_EQ(size, 24U);
        EncodedFrame encoded;
        ASSERT_TRUE(encode_frame(adr, 0x00, std::span<const std::uint8_t>(info.data(), size), encoded));
        EXPECT_EQ(encoded.view().substr(9, 4), "D030");
        const auto received = receive(encoded, adr);
        ASSERT_TRUE(received.has_value());
        SystemParameters output;
        ASSERT_EQ(to_string(decode_system_parameters(received->bytes(), output)), "ok");
        EXPECT_EQ(output.cell_high_mV, input.cell_high_mV);
        EXPECT_EQ(output.cell_low_mV, input.cell_low_mV);
        EXPECT_EQ(output.cell_under_mV, input.cell_under_mV);
        EXPECT_EQ(output.charge_high_temp_raw_dK, input.charge_high_temp_raw_dK);
        EXPECT_EQ(output.charge_low_temp_raw_dK, input.charge_low_temp_raw_dK);
        EXPECT_EQ(output.charge_current_max_10mA, input.charge_current_max_10mA);
        EXPECT_EQ(output.pack_high_10mV, input.pack_high_10mV);
        EXPECT_EQ(output.pack_low_10mV, input.pack_low_10mV);
        EXPECT_EQ(output.pack_under_10mV, input.pack_under_10mV);
        EXPECT_EQ(output.discharge_high_temp_raw_dK, input.discharge_high_temp_raw_dK);
        EXPECT_EQ(output.discharge_low_temp_raw_dK, input.discharge_low_temp_raw_dK);
        EXPECT_EQ(output.discharge_current_max_10mA, input.discharge_current_max_10mA);
        EXPECT_EQ(output.trailing_bytes, 0U);
        EXPECT_EQ(implausible_parameters(output), implausible_parameters(input));
        if (::testing::Test::HasFailure()) {
            return;
        }
    }
}

// --- date/time ------------------------------------------------------------------------------------------------------

TEST(Property, DateTimeRoundTrip) {
    const std::uint32_t seed = base_seed() + 4;
    std::mt19937 rng(seed);
    for (int iteration = 0; iteration < kIterations; ++iteration) {
        SCOPED_TRACE(seed_note(seed, iteration));
        DateTime input;
        input.year = uniform<std::uint16_t>(rng, 0, 0xFFFF);
        input.month = uniform<std::uint8_t>(rng, 1, 12);
        input.day = uniform<std::uint8_t>(rng, 1, 28);
        input.hour = uniform<std::uint8_t>(rng, 0, 23);
        input.minute = uniform<std::uint8_t>(rng, 0, 59);
        input.second = uniform<std::uint8_t>(rng, 0, 59);
        const auto adr = uniform<std::uint8_t>(rng, 0, 15);

        // As a 0x4D reply.
        std::array<std::uint8_t, kMaxInfoBytes> info{};
        const std::size_t size = build_date_time_info(input, info);
        ASSERT_EQ(size, 7U);
        EncodedFrame reply;
        ASSERT_TRUE(encode_frame(adr, 0x00, std::span<const std::uint8_t>(info.data(), size), reply));
        EXPECT_EQ(reply.view().substr(9, 4), "200E");
        const auto received = receive(reply, adr);
        ASSERT_TRUE(received.has_value());
        DateTime output;
        ASSERT_EQ(to_string(decode_date_time(received->bytes(), output)), "ok");
        EXPECT_EQ(output.year, input.year);
        EXPECT_EQ(output.month, input.month);
        EXPECT_EQ(output.day, input.day);
        EXPECT_EQ(output.hour, input.hour);
        EXPECT_EQ(output.minute, input.minute);
        EXPECT_EQ(output.second, input.second);

        // As a 0x4E request: the same INFO.
        const EncodedFrame request = encode_set_date_time_request(adr, input);
        Frame frame;
        ASSERT_EQ(to_string(parse_frame(request.view(), frame)), "ok");
        EXPECT_EQ(frame.cid2, 0x4E);
        EXPECT_EQ(frame.adr, adr);
        EXPECT_EQ(frame.info, reply.view().substr(13, 14));
        if (::testing::Test::HasFailure()) {
            return;
        }
    }
}

// --- corruption -----------------------------------------------------------------------------------------------------

constexpr std::string_view kReply15s7t =
    "~21004600D07C000F0C800C810C7F0C800C820C800C7E0C800C810C800C800C7F0C800C810C80070BA50BA50BA40BA60BAF0B550B4BFF6A"
    "12C0079E050BB8002A41640000E262\r";
constexpr std::string_view kReply44 =
    "~210046004048000F00000000000001000000000000000007000000000000000000080206400000000000EFF1\r";
constexpr std::string_view kReply47 = "~21004600D0300E100B5409C40CD10AAB1388151810FE0EA60D0309E32710F332\r";
constexpr std::string_view kRequest = "~21004642E00200FD36\r";
constexpr std::string_view kReply51 =
    "~21004600C040HW-EXAMPLE-000001   0100SN-EXAMPLE-0123456789                   F0E1\r";

char case_twin(char c) {
    if (c >= 'A' && c <= 'F') {
        return static_cast<char>(c - 'A' + 'a');
    }
    if (c >= 'a' && c <= 'f') {
        return static_cast<char>(c - 'a' + 'A');
    }
    return 0;
}

std::vector<char> replacements() {
    std::vector<char> out;
    for (int c = 0x20; c <= 0x7E; ++c) {
        out.push_back(static_cast<char>(c));
    }
    for (const int c : {0x0D, 0x0A, 0x7E, 0x00, 0xFF}) {  // CR, LF, '~', NUL, 0xFF
        out.push_back(static_cast<char>(c));
    }
    return out;
}

// Every single-character substitution must be rejected by parse_frame and must never make the assembler report an
// ok frame. Exceptions, which are not corruptions: CR → LF at the end (both are EOI, §1), and a hex letter of the
// CHKSUM field replaced by its other-case twin (same value; CHKSUM covers VER…INFO, not itself, §3).
void expect_every_corruption_detected(std::string_view original) {
    Frame frame;
    ASSERT_EQ(to_string(parse_frame(original, frame)), "ok") << original;
    const std::size_t chksum_begin = original.size() - 5;
    const std::size_t eoi = original.size() - 1;
    std::size_t tried = 0;
    std::size_t twins_in_body = 0;
    for (std::size_t pos = 0; pos < original.size(); ++pos) {
        for (const char replacement : replacements()) {
            if (replacement == original[pos]) {
                continue;
            }
            if (pos == eoi && replacement == '\n') {
                continue;
            }
            const bool twin = case_twin(original[pos]) == replacement && replacement != 0;
            if (twin && pos >= chksum_begin && pos < eoi) {
                continue;
            }
            twins_in_body += twin ? 1U : 0U;
            ++tried;
            std::string corrupted(original);
            corrupted[pos] = replacement;
            const FrameStatus status = parse_frame(corrupted, frame);
            if (status == FrameStatus::kOk) {
                ADD_FAILURE() << "parse_frame accepted a corruption at " << pos << ": '" << original[pos] << "' → 0x"
                              << std::hex << (static_cast<unsigned>(replacement) & 0xFFU) << std::dec << " in "
                              << original;
                return;
            }
            FrameAssembler assembler;
            bool ok = false;
            for (const char c : corrupted) {
                const AssemblerEvent event = assembler.push(static_cast<std::uint8_t>(c));
                ok = ok || (event.kind == AssemblerEvent::Kind::kFrame && event.status == FrameStatus::kOk);
            }
            const AssemblerEvent flushed = assembler.flush();
            ok = ok || (flushed.kind == AssemblerEvent::Kind::kFrame && flushed.status == FrameStatus::kOk);
            if (ok) {
                ADD_FAILURE() << "the assembler accepted a corruption at " << pos << ": '" << original[pos] << "' → 0x"
                              << std::hex << (static_cast<unsigned>(replacement) & 0xFFU) << std::dec << " in "
                              << original;
                return;
            }
        }
    }
    EXPECT_GT(tried, original.size() * 90);
    // Upper-case hex letters in VER…INFO whose lower-case twin must be caught by the CHKSUM.
    if (original.find_first_of("ABCDEF", 1) < chksum_begin) {
        EXPECT_GT(twins_in_body, 0U);
    }
}

TEST(Corruption, Analog15s7tReply) {
    expect_every_corruption_detected(kReply15s7t);
}
TEST(Corruption, AlarmReply) {
    expect_every_corruption_detected(kReply44);
}
TEST(Corruption, SystemParametersReply) {
    expect_every_corruption_detected(kReply47);
}
TEST(Corruption, ShortRequest) {
    expect_every_corruption_detected(kRequest);
}
TEST(Corruption, RawAsciiManufacturerReply) {
    expect_every_corruption_detected(kReply51);
}

TEST(Corruption, CaseTwinInChksumFieldIsTheSameValue) {
    // The one substitution that is not a corruption: hex digits may be either case (§2), and CHKSUM does not cover
    // its own characters (§3). Documented here so that the exclusion above is visible.
    std::string text(kRequest);
    text[15] = 'f';
    text[16] = 'd';
    Frame frame;
    EXPECT_EQ(to_string(parse_frame(text, frame)), "ok") << text;
}

TEST(Corruption, CaseTwinInBodyIsDetected) {
    // 'E' of LENGTH E002 → 'e': same LENID, but the characters sent sum differently.
    std::string text(kRequest);
    ASSERT_EQ(text[9], 'E');
    text[9] = 'e';
    Frame frame;
    EXPECT_EQ(to_string(parse_frame(text, frame)), "bad_chksum");
}

}  // namespace
}  // namespace tbg::topband
