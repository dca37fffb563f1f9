#include "platform/fonts.hpp"

#include <cstdio>

#include <imgui.h>

namespace spor::platform {

namespace embedded {
extern const unsigned char kDejaVuSans[];
extern const std::size_t kDejaVuSans_size;
extern const unsigned char kDejaVuSansBold[];
extern const std::size_t kDejaVuSansBold_size;
}  // namespace embedded

static_assert(sizeof(ImWchar) == sizeof(unsigned short), "ImGui built with 32-bit ImWchar");

const unsigned short* glyphRanges() {
  static const ImWchar ranges[] = {
      0x0020, 0x00FF,  // Basic Latin, Latin-1 Supplement: æ ø å
      0x2013, 0x2014,  // – —
      0x2018, 0x201E,  // ‘ ’ ‚ “ ” „
      0x2022, 0x2022,  // •
      0x2026, 0x2026,  // …
      0x2190, 0x2193,  // ← ↑ → ↓
      0x2713, 0x2713,  // ✓
      0,
  };
  return ranges;
}

void clearFonts() {
  ImGui::GetIO().Fonts->Clear();
}

ImFont* addFont(Typeface face, float pixels) {
  ImFontConfig config;
  // The data is static: the atlas must not free it.
  config.FontDataOwnedByAtlas = false;
  // Large text needs no horizontal oversampling; it would triple the atlas.
  config.OversampleH = pixels >= 20.0f ? 1 : 2;
  config.OversampleV = 1;
  config.PixelSnapH = true;
  std::snprintf(config.Name, sizeof(config.Name), "DejaVu Sans%s %.0fpx", face == Typeface::Bold ? " Bold" : "",
                static_cast<double>(pixels));
  const unsigned char* data = face == Typeface::Bold ? embedded::kDejaVuSansBold : embedded::kDejaVuSans;
  const std::size_t size = embeddedFontSize(face);
  // ImGui's signature takes non-const data; with FontDataOwnedByAtlas = false it only reads it.
  return ImGui::GetIO().Fonts->AddFontFromMemoryTTF(const_cast<unsigned char*>(data), static_cast<int>(size), pixels,
                                                    &config, glyphRanges());
}

std::size_t embeddedFontSize(Typeface face) {
  return face == Typeface::Bold ? embedded::kDejaVuSansBold_size : embedded::kDejaVuSans_size;
}

}  // namespace spor::platform
