#pragma once
// Small layout helpers shared by the views: the screen's rectangle, margins
// that grow with the screen, and a corner button for the adult.
#include <imgui.h>

#include "ui/widgets.hpp"

namespace spor::ui {

struct ScreenBox {
  float x0, y0, x1, y1;  // the usable area inside the margins
  float margin;

  [[nodiscard]] float width() const { return x1 - x0; }
  [[nodiscard]] float height() const { return y1 - y0; }
  [[nodiscard]] float cx() const { return (x0 + x1) * 0.5f; }
};

// The whole window minus a margin of at least 1.2 em (more on big screens),
// ending above the on-screen keyboard while it shows.
inline ScreenBox screenBox(const ViewContext& ctx) {
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  const float m = std::max(em(ctx) * 1.2f, std::min(vp->Size.x, vp->Size.y) * 0.035f);
  const float keys = keyboardHeight(ctx);
  const float bottom = keys > 0 ? vp->Pos.y + vp->Size.y - keys - em(ctx) * 0.6f : vp->Pos.y + vp->Size.y - m;
  return {vp->Pos.x + m, vp->Pos.y + m, vp->Pos.x + vp->Size.x - m, bottom, m};
}

// A child screen's big face above its words: `wanted`, smaller when `room`
// (the height left by the words) is short, and 0 (no face) when it would be
// a dot. The words never give way to the face.
inline float fittedFaceRadius(const ViewContext& ctx, float wanted, float room) {
  const float u = em(ctx);
  const float r = std::min(wanted, (room - u * 1.5f) * 0.5f);
  return r < u * 1.2f ? 0.0f : r;
}

}  // namespace spor::ui
