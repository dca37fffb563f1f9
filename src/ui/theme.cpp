#include "ui/theme.hpp"

#include <algorithm>
#include <cmath>

#include "platform/fonts.hpp"

namespace spor::ui {

namespace {
constexpr ImU32 rgb(unsigned hex) {
  // IM_COL32 is A,B,G,R in memory order: build it from 0xRRGGBB.
  return IM_COL32((hex >> 16) & 0xFF, (hex >> 8) & 0xFF, hex & 0xFF, 0xFF);
}
}  // namespace

Fonts loadFonts(float scale) {
  using platform::Typeface;
  platform::clearFonts();
  Fonts f;
  f.scale = scale;
  // The body font first: it becomes ImGui's default.
  f.body = platform::addFont(Typeface::Regular, 24.0f * scale);
  f.small = platform::addFont(Typeface::Regular, 19.0f * scale);
  f.bold = platform::addFont(Typeface::Bold, 24.0f * scale);
  f.button = platform::addFont(Typeface::Bold, 30.0f * scale);
  f.question = platform::addFont(Typeface::Regular, 46.0f * scale);
  f.title = platform::addFont(Typeface::Bold, 58.0f * scale);
  return f;
}

float autoScale(float dpiScale, int width, int height) {
  const float fit = static_cast<float>(std::min(width, height)) / 800.0f;
  return std::clamp(std::min(dpiScale, fit), 0.75f, 3.0f);
}

const Palette& palette() {
  static const Palette p{
      .background = rgb(0xF6F3EE),
      .surface = rgb(0xFFFFFF),
      .surfaceHover = rgb(0xF3F6F9),
      .surfaceActive = rgb(0xE4ECF3),
      .border = rgb(0xD6CFC4),
      .ink = rgb(0x27313B),
      .muted = rgb(0x454F59),  // 7.5:1 on the background: child-facing grey text reaches 7:1
      .primary = rgb(0x2E6A99),
      .primaryHover = rgb(0x3877A8),
      .primaryActive = rgb(0x245780),
      .onPrimary = rgb(0xFFFFFF),
      .selected = rgb(0x2E6A99),
      .selectedFill = rgb(0xE3EDF6),
      .notice = rgb(0xFFF3D6),
      .noticeBorder = rgb(0xC9A24A),
      .warning = rgb(0x9C3D2E),
      .track = rgb(0xE2DCD2),
      .danger = rgb(0x8A3324),
      .dangerFill = rgb(0xFBF0EC),
      .dangerActive = rgb(0xF3DDD6),
      .done = rgb(0xE3F1E4),
      .doneBorder = rgb(0x5E8F63),
      .late = rgb(0xFBE2CC),
      .lateBorder = rgb(0xB5651D),
  };
  return p;
}

double contrastRatio(ImU32 a, ImU32 b) {
  const auto luminance = [](ImU32 c) {
    const auto channel = [](unsigned v) {
      const double s = v / 255.0;
      return s <= 0.03928 ? s / 12.92 : std::pow((s + 0.055) / 1.055, 2.4);
    };
    return 0.2126 * channel((c >> IM_COL32_R_SHIFT) & 0xFF) + 0.7152 * channel((c >> IM_COL32_G_SHIFT) & 0xFF) +
           0.0722 * channel((c >> IM_COL32_B_SHIFT) & 0xFF);
  };
  const double la = luminance(a);
  const double lb = luminance(b);
  return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

ImU32 faceColour(core::Face face) {
  switch (face) {
    case core::Face::VerySad: return rgb(0xF1B9AE);    // soft coral
    case core::Face::Sad: return rgb(0xF6D7A2);        // apricot
    case core::Face::Happy: return rgb(0xD4E7AB);      // soft lime
    case core::Face::VeryHappy: return rgb(0xA9DBC6);  // mint
    case core::Face::None: break;
  }
  return rgb(0xFFFFFF);
}

void applyStyle(float scale) {
  ImGuiStyle style;
  ImGui::StyleColorsLight(&style);
  const Palette& p = palette();
  style.Colors[ImGuiCol_WindowBg] = ImGui::ColorConvertU32ToFloat4(p.background);
  style.Colors[ImGuiCol_Text] = ImGui::ColorConvertU32ToFloat4(p.ink);
  style.Colors[ImGuiCol_FrameBg] = ImGui::ColorConvertU32ToFloat4(p.surface);
  style.Colors[ImGuiCol_Border] = ImGui::ColorConvertU32ToFloat4(p.border);
  style.WindowPadding = ImVec2(0, 0);
  style.WindowBorderSize = 0;
  style.WindowRounding = 0;
  style.FrameRounding = 8;
  style.FramePadding = ImVec2(12, 10);
  style.ItemSpacing = ImVec2(12, 12);
  style.ScrollbarSize = 22;
  style.TouchExtraPadding = ImVec2(4, 4);  // fingers are wider than mouse pointers
  style.ScaleAllSizes(scale);
  ImGui::GetStyle() = style;
}

}  // namespace spor::ui
