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

// The three kinds of form a volunteer or child fills in. They share one
// table and one answer path (DeviceStore::answer, decline, finish, ...);
// the kind says which rules apply.
enum class ResponseKind {
  Child,       // a child questionnaire: a measurement (MeasurementId)
  Background,  // a background form about a child (BackgroundId)
  Fidelity,    // a fidelity form about a project (FidelityId)
};
// "child", "background", "fidelity": the `kind` column of the response table.
[[nodiscard]] const char* responseKindId(ResponseKind kind);
// The reverse; false for a word this build does not know.
[[nodiscard]] bool parseResponseKind(std::string_view id, ResponseKind& kind);

// Any response's row id together with its kind. Each typed id converts to
// it, so `store.answer(measurement, ...)` and `store.answer(fidelity, ...)`
// take the same path and the kind cannot be misspelt.
struct ResponseId {
  ResponseKind kind = ResponseKind::Child;
  std::int64_t value = 0;

  ResponseId() = default;
  ResponseId(ResponseKind k, std::int64_t v) : kind(k), value(v) {}
  ResponseId(MeasurementId id) : kind(ResponseKind::Child), value(id.value) {}       // NOLINT: implicit on purpose
  ResponseId(BackgroundId id) : kind(ResponseKind::Background), value(id.value) {}  // NOLINT
  ResponseId(FidelityId id) : kind(ResponseKind::Fidelity), value(id.value) {}      // NOLINT
  friend bool operator==(const ResponseId&, const ResponseId&) = default;
};

// UUIDs are handled as lower-case text ("1b4e28ba-2fa1-4d2b-883f-0016d3cca427")
// and stored as 16-byte blobs.
[[nodiscard]] std::string newUuid();
// Throws InvalidRequestError when `text` is not a UUID.
[[nodiscard]] crypto::Bytes uuidToBytes(std::string_view text);
// Throws StoreError when `bytes` is not 16 bytes long (a damaged row).
[[nodiscard]] std::string uuidFromBytes(crypto::ByteView bytes);
[[nodiscard]] bool isUuid(std::string_view text);

}  // namespace spor::store
