#pragma once
// Record and device ids on the wire: 16 raw bytes (RFC 4122 byte order).
// The store keeps them as text ("1b4e28ba-2fa1-4d2b-883f-0016d3cca427");
// parse() and str() convert.
#include <array>
#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

namespace spor::sync {

struct Uuid {
  std::array<std::uint8_t, 16> bytes{};

  // Lower-case text with dashes. Throws SyncError on anything else, naming
  // `what` ("device id").
  [[nodiscard]] static Uuid parse(std::string_view text, std::string_view what = "id");
  [[nodiscard]] static Uuid random();  // version 4
  [[nodiscard]] std::string str() const;
  [[nodiscard]] std::string shortStr() const { return str().substr(0, 8); }  // for file names
  [[nodiscard]] bool isNil() const;

  friend auto operator<=>(const Uuid&, const Uuid&) = default;

  template <class Archive>
  void serialize(Archive& ar) {
    ar(bytes);  // binary: exactly 16 bytes, no length
  }
};

}  // namespace spor::sync
