#pragma once
// Internal helpers shared by the device store's .cpp files. Not part of the API.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.hpp"
#include "core/forms.hpp"
#include "core/occasions.hpp"
#include "store/device_store.hpp"
#include "store/migrate.hpp"
#include "store/records.hpp"

namespace spor::store {

// A response row's identity and state, as the answer path needs it.
struct DeviceStore::ResponseRow {
  std::int64_t id = 0;
  std::string uuid;
  ResponseKind kind = ResponseKind::Child;
  std::optional<ChildId> child;
  std::string childUuid;
  std::string childCode;
  std::string projectId;
  ResponseState state = ResponseState::InProgress;
  std::int64_t rowVersion = 1;
  std::string label;  // "the measurement of child K7-4QX9", for messages
};

}  // namespace spor::store

namespace spor::store::detail {

const Schema& deviceSchema();

inline core::Date dateOf(Timestamp t) {
  return std::chrono::floor<std::chrono::days>(t);
}
inline std::int64_t dayNumber(core::Date d) {
  return static_cast<std::int64_t>(core::toDayNumber(d));
}
inline core::Date dateFromDay(std::int64_t day) {
  return core::fromDayNumber(day);
}

ResponseState parseResponseState(const std::string& id);
// The response table's `kind` column; throws StoreError for a word this build does not know.
ResponseKind responseKindOf(const std::string& id);
core::Occasion parseOccasionId(const std::string& id);

// The store's own formats for sealed cells (cells.cpp): versioned through
// cereal; the decoders also read the unversioned cells of earlier Spors, and
// refuse a newer version (StoreCellTooNew).
// A child's interventions.
std::string encodeInterventions(const std::vector<core::Intervention>& list);
std::vector<core::Intervention> decodeInterventions(const std::string& bytes);

// The plaintext of a background answer (before padding and sealing).
std::string encodeFormValue(const FormValue& value);
FormValue decodeFormValue(const std::string& bytes);

// A safeguarding flag's sealed detail.
struct FlagDetail {
  std::string dimension;
  std::vector<std::string> items;
  std::optional<double> score;
  bool scoreAtOrAboveThreshold = false;
};
std::string encodeFlagDetail(const FlagDetail& d);
FlagDetail decodeFlagDetail(const std::string& bytes);

// Lower-case ASCII id, [a-z0-9_]+, as forms use.
bool isFormId(std::string_view id);
// Non-empty after trimming, at most `maxChars` characters (UTF-8 code points), no control characters.
void checkText(std::string_view text, std::string_view what, std::size_t maxChars);

}  // namespace spor::store::detail
