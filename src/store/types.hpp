#pragma once
// Small value types shared by the store's API: timestamps, typed row ids,
// the clock, and UUIDs.
#include <chrono>
#include <compare>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "crypto/bytes.hpp"

namespace spor::store {

// A moment, in UTC, to the millisecond. Stored as INTEGER milliseconds since 1970.
using Timestamp = std::chrono::sys_time<std::chrono::milliseconds>;

// Where "now" comes from. Tests and `spor simulate` pass their own.
using Clock = std::function<Timestamp()>;
[[nodiscard]] Timestamp systemNow();

[[nodiscard]] std::int64_t toMillis(Timestamp t);
[[nodiscard]] Timestamp fromMillis(std::int64_t ms);

// A row id of one kind of record, so a child's id cannot be passed where a
// measurement's is meant. Ids are local to one database; UUIDs are the ids
// that travel in bundles.
template <class Tag>
struct Id {
  std::int64_t value = 0;
  friend auto operator<=>(const Id&, const Id&) = default;
};

using VolunteerId = Id<struct VolunteerTag>;
using ChildId = Id<struct ChildTag>;
using ConsentId = Id<struct ConsentTag>;
using MeasurementId = Id<struct MeasurementTag>;  // a child questionnaire
using BackgroundId = Id<struct BackgroundTag>;    // a background form
using FidelityId = Id<struct FidelityTag>;        // a fidelity form
using FlagId = Id<struct FlagTag>;                // a safeguarding flag

// UUIDs are handled as lower-case text ("1b4e28ba-2fa1-4d2b-883f-0016d3cca427")
// and stored as 16-byte blobs.
[[nodiscard]] std::string newUuid();
// Throws InvalidRequestError when `text` is not a UUID.
[[nodiscard]] crypto::Bytes uuidToBytes(std::string_view text);
// Throws StoreError when `bytes` is not 16 bytes long (a damaged row).
[[nodiscard]] std::string uuidFromBytes(crypto::ByteView bytes);
[[nodiscard]] bool isUuid(std::string_view text);

}  // namespace spor::store
