#pragma once
// The look: calm, warm colours with high contrast for text, and the fonts at
// the few sizes the screens use. Every size in the views is a multiple of
// the body font's size (em()), so --scale and the text-size setting scale
// everything together.
#include <imgui.h>

#include "core/forms.hpp"

namespace spor::ui {

struct Fonts {
  ImFont* small = nullptr;     // hints and captions
  ImFont* body = nullptr;      // the volunteer's text; em() is its size
  ImFont* bold = nullptr;      // headings in text, small buttons
  ImFont* button = nullptr;    // big buttons and the faces' labels
  ImFont* question = nullptr;  // the child's question
  ImFont* title = nullptr;     // "Tak!", "Pause", screen titles
  float scale = 1.0f;          // what they were baked for
};

// Bakes the embedded fonts at `scale` into ImGui's atlas (replacing what was
// there); call platform::Window::fontsChanged() afterwards.
[[nodiscard]] Fonts loadFonts(float scale);

// The scale for a window: the display's DPI, but never so large that the
// child's screen (designed for 800 logical pixels on its short side) no
// longer fits, and never below 0.75.
[[nodiscard]] float autoScale(float dpiScale, int width, int height);

// ImGui's own style (rounding, spacing, colours) for `scale`.
void applyStyle(float scale);

struct Palette {
  ImU32 background;  // warm paper
  ImU32 surface;     // cards and buttons
  ImU32 surfaceHover;
  ImU32 surfaceActive;
  ImU32 border;
  ImU32 ink;    // text
  ImU32 muted;  // secondary text (still 4.5:1 on the background)
  ImU32 primary;
  ImU32 primaryHover;
  ImU32 primaryActive;
  ImU32 onPrimary;
  ImU32 selected;      // the chosen answer's frame
  ImU32 selectedFill;  // and its fill
  ImU32 notice;        // the volunteer's notices (demo, safeguarding)
  ImU32 noticeBorder;
  ImU32 warning;  // "Forkert PIN-kode"
  ImU32 track;    // the progress bar's empty part
  ImU32 danger;        // a step that cannot be undone: text and frame (dark brick, 7:1 on dangerFill)
  ImU32 dangerFill;    // its pale rose fill
  ImU32 dangerActive;  // pressed
  ImU32 done;          // done and delivered: a quiet green fill
  ImU32 doneBorder;
  ImU32 late;          // overdue: a warm amber fill, apart from "now"'s blue and the notices' yellow
  ImU32 lateBorder;
};

[[nodiscard]] const Palette& palette();
// The fill of each face, from very sad to very happy: soft, never alarming.
[[nodiscard]] ImU32 faceColour(core::Face face);

// WCAG's contrast ratio of two opaque colours (1 to 21): child-facing text
// needs at least 7:1 (tests/ui/test_widgets.cpp).
[[nodiscard]] double contrastRatio(ImU32 a, ImU32 b);

}  // namespace spor::ui
