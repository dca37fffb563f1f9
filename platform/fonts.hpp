#pragma once
// The fonts, embedded in the binary at build time from Debian's
// fonts-dejavu-core (platform/embed_file.cmake). Dear ImGui 1.86 bakes each
// size into a texture, so the UI asks for the few sizes it uses at start-up
// and again when the text size changes.
#include <cstddef>

struct ImFont;

namespace spor::platform {

enum class Typeface { Regular, Bold };

// The glyphs baked: Basic Latin and Latin-1 (æ ø å é ü …) plus the
// punctuation Danish text uses (– — ‘ ’ “ ” „ … •) and ✓.
[[nodiscard]] const unsigned short* glyphRanges();

// Empties ImGui's font atlas; call Window::fontsChanged() after adding the new ones.
void clearFonts();

// Adds the embedded typeface at `pixels` height to ImGui's atlas. The first
// font added becomes ImGui's default.
ImFont* addFont(Typeface face, float pixels);

// The embedded TTF data, for tests.
[[nodiscard]] std::size_t embeddedFontSize(Typeface face);

}  // namespace spor::platform
