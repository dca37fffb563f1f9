// The store's own formats for the plaintext of sealed cells: a background
// answer (FormValue), a safeguarding flag's detail and a child's
// interventions. Each is versioned through cereal, as the bundles' records
// are (docs/STORE.md, "Versioned cells"):
//
//   0x00 | cereal portable binary of the cell's struct (its class version first)
//
// Cells written before versioning have no leading 0x00 (a background answer
// began with 0x01, the others are text), so they are read by the decoders
// that wrote them, unchanged. A version above the one this build knows is
// refused with StoreCellTooNew (a read: nothing is changed).
#include <cstdio>
#include <cstdlib>
#include <sstream>

#include <cereal/archives/portable_binary.hpp>
#include <cereal/cereal.hpp>
#include <cereal/types/optional.hpp>
#include <cereal/types/string.hpp>
#include <cereal/types/vector.hpp>

#include "store/device_internal.hpp"
#include "store/error.hpp"

namespace spor::store::detail {

namespace {

constexpr char kVersionedCell = '\0';

// Thrown inside a cell's serialize() for a version this build does not know.
struct CellTooNew {
  std::uint32_t version;
  std::uint32_t known;
};

void requireKnown(std::uint32_t version, std::uint32_t known) {
  if (version > known || version == 0) throw CellTooNew{version, known};
}

struct FormValueCell {
  static constexpr std::uint32_t kVersion = 1;
  std::vector<std::int32_t> codes;
  std::optional<std::int32_t> number;
  std::string text;
  bool declined = false;

  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    requireKnown(version, kVersion);
    ar(codes, number, text, declined);
  }
};

struct FlagDetailCell {
  static constexpr std::uint32_t kVersion = 1;
  std::string dimension;
  std::vector<std::string> items;
  std::optional<double> score;
  bool scoreAtOrAboveThreshold = false;

  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    requireKnown(version, kVersion);
    ar(dimension, items, score, scoreAtOrAboveThreshold);
  }
};

// Intervention types by their ids (core::interventionId), so an id a later
// Spor adds is named when it cannot be read.
struct InterventionsCell {
  static constexpr std::uint32_t kVersion = 1;
  std::vector<std::string> ids;

  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    requireKnown(version, kVersion);
    ar(ids);
  }
};

}  // namespace
}  // namespace spor::store::detail

CEREAL_CLASS_VERSION(spor::store::detail::FormValueCell, spor::store::detail::FormValueCell::kVersion)
CEREAL_CLASS_VERSION(spor::store::detail::FlagDetailCell, spor::store::detail::FlagDetailCell::kVersion)
CEREAL_CLASS_VERSION(spor::store::detail::InterventionsCell, spor::store::detail::InterventionsCell::kVersion)

namespace spor::store::detail {

namespace {

template <class T>
std::string encodeCell(const T& value) {
  std::ostringstream out;
  out.put(kVersionedCell);
  {
    cereal::PortableBinaryOutputArchive ar(out);
    ar(value);
  }
  return std::move(out).str();
}

bool isVersionedCell(const std::string& bytes) {
  return !bytes.empty() && bytes[0] == kVersionedCell;
}

// `what`: the StoreCell* word for messages; `damaged`: the English text for a
// cell that does not decode.
template <class T>
T decodeCell(const std::string& bytes, Msg what, const char* damaged) {
  T value;
  try {
    std::istringstream in(bytes.substr(1));
    cereal::PortableBinaryInputArchive ar(in);
    ar(value);
    if (in.peek() != std::char_traits<char>::eof()) throw StoreError(damaged);
  } catch (const CellTooNew& e) {
    throw StoreError(Message{Msg::StoreCellTooNew, {{"what", what}, {"version", e.version}, {"known", e.known}}});
  } catch (const StoreError&) {
    throw;
  } catch (const std::exception&) {
    throw StoreError(damaged);
  }
  return value;
}

// --- the formats before versioning: read, never written ----------------------

std::uint32_t getU32(const std::string& in, std::size_t& pos) {
  if (pos + 4 > in.size()) throw StoreError("a stored background answer is truncated; the database is damaged");
  std::uint32_t v = 0;
  for (int i = 3; i >= 0; --i) v = (v << 8) | static_cast<std::uint8_t>(in[pos + static_cast<std::size_t>(i)]);
  pos += 4;
  return v;
}

// 1 | flags (1 declined, 2 has number) | code count (u32) | codes (i32) |
// number (i32, when flagged) | text length (u32) | text
FormValue decodeFormValueV0(const std::string& bytes) {
  if (bytes.size() < 2 || bytes[0] != 1)
    throw StoreError("a stored background answer has an unknown format; it is damaged or from a newer Spor");
  FormValue v;
  const auto flags = static_cast<std::uint8_t>(bytes[1]);
  v.declined = (flags & 1) != 0;
  std::size_t pos = 2;
  const std::uint32_t n = getU32(bytes, pos);
  if (n > bytes.size()) throw StoreError("a stored background answer is damaged");
  for (std::uint32_t i = 0; i < n; ++i) v.codes.push_back(static_cast<int>(getU32(bytes, pos)));
  if (flags & 2) v.number = static_cast<int>(getU32(bytes, pos));
  const std::uint32_t len = getU32(bytes, pos);
  if (pos + len != bytes.size()) throw StoreError("a stored background answer is damaged");
  v.text = bytes.substr(pos, len);
  return v;
}

// dimension \x1f items (comma-separated) \x1f score (%.17g, or empty) \x1f 1|0
FlagDetail decodeFlagDetailV0(const std::string& text) {
  std::vector<std::string> parts;
  std::size_t pos = 0;
  for (;;) {
    const auto sep = text.find('\x1f', pos);
    parts.push_back(text.substr(pos, sep == std::string::npos ? std::string::npos : sep - pos));
    if (sep == std::string::npos) break;
    pos = sep + 1;
  }
  if (parts.size() != 4) throw StoreError("a stored safeguarding flag is damaged");
  FlagDetail d;
  d.dimension = parts[0];
  for (std::size_t p = 0; !parts[1].empty() && p <= parts[1].size();) {
    const auto comma = parts[1].find(',', p);
    d.items.push_back(parts[1].substr(p, comma == std::string::npos ? std::string::npos : comma - p));
    if (comma == std::string::npos) break;
    p = comma + 1;
  }
  if (!parts[2].empty()) d.score = std::strtod(parts[2].c_str(), nullptr);
  d.scoreAtOrAboveThreshold = parts[3] == "1";
  return d;
}

// Ids separated by commas: "individual,group".
std::vector<std::string> interventionIdsV0(const std::string& text) {
  std::vector<std::string> out;
  std::size_t pos = 0;
  while (pos <= text.size() && !text.empty()) {
    const auto comma = text.find(',', pos);
    out.push_back(text.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos));
    if (comma == std::string::npos) break;
    pos = comma + 1;
  }
  return out;
}

}  // namespace

std::string encodeFormValue(const FormValue& value) {
  FormValueCell cell;
  cell.codes.assign(value.codes.begin(), value.codes.end());
  if (value.number) cell.number = *value.number;
  cell.text = value.text;
  cell.declined = value.declined;
  return encodeCell(cell);
}

FormValue decodeFormValue(const std::string& bytes) {
  if (!isVersionedCell(bytes)) return decodeFormValueV0(bytes);
  const auto cell =
      decodeCell<FormValueCell>(bytes, Msg::StoreCellBackgroundAnswer, "a stored background answer is damaged");
  FormValue v;
  v.codes.assign(cell.codes.begin(), cell.codes.end());
  if (cell.number) v.number = *cell.number;
  v.text = cell.text;
  v.declined = cell.declined;
  return v;
}

std::string encodeFlagDetail(const FlagDetail& d) {
  return encodeCell(FlagDetailCell{d.dimension, d.items, d.score, d.scoreAtOrAboveThreshold});
}

FlagDetail decodeFlagDetail(const std::string& bytes) {
  if (!isVersionedCell(bytes)) return decodeFlagDetailV0(bytes);
  auto cell = decodeCell<FlagDetailCell>(bytes, Msg::StoreCellFlagDetail, "a stored safeguarding flag is damaged");
  return {std::move(cell.dimension), std::move(cell.items), cell.score, cell.scoreAtOrAboveThreshold};
}

std::string encodeInterventions(const std::vector<core::Intervention>& list) {
  InterventionsCell cell;
  for (auto i : list) cell.ids.emplace_back(core::interventionId(i));
  return encodeCell(cell);
}

std::vector<core::Intervention> decodeInterventions(const std::string& bytes) {
  const std::vector<std::string> ids =
      isVersionedCell(bytes) ? decodeCell<InterventionsCell>(bytes, Msg::StoreCellInterventions,
                                                             "a child's stored interventions are damaged")
                                   .ids
                             : interventionIdsV0(bytes);
  std::vector<core::Intervention> out;
  for (const std::string& id : ids) {
    core::Intervention i{};
    if (!core::parseIntervention(id, i))
      throw StoreError("unknown intervention type '" + id + "' in the database; it is damaged or from a newer Spor");
    out.push_back(i);
  }
  return out;
}

}  // namespace spor::store::detail
