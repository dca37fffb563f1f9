// The one place that says which view draws which screen.
#include "ui/views/views.hpp"

#include <array>

#include <imgui.h>

#include "ui/widgets.hpp"

namespace spor::ui {

namespace {

struct ViewEntry {
  Screen screen;
  void (*draw)(ViewContext&);
};

constexpr std::array kViews{
    ViewEntry{Screen::Setup, drawSetup},
    ViewEntry{Screen::Home, drawHome},
    ViewEntry{Screen::ChildDetail, drawChildDetail},
    ViewEntry{Screen::ChildEdit, drawChildEdit},
    ViewEntry{Screen::BackgroundForm, drawBackgroundForm},
    ViewEntry{Screen::FidelityForm, drawFidelityForm},
    ViewEntry{Screen::Settings, drawSettings},
    ViewEntry{Screen::Volunteers, drawVolunteers},
    ViewEntry{Screen::HandOver, drawHandOver},
    ViewEntry{Screen::ChildQuestion, drawChildQuestion},
    ViewEntry{Screen::ChildPaused, drawChildPaused},
    ViewEntry{Screen::ChildThanks, drawChildThanks},
    ViewEntry{Screen::PinPad, drawPinPad},
    ViewEntry{Screen::Coordinator, drawCoordinator},
    ViewEntry{Screen::Sync, drawSync},
    ViewEntry{Screen::Recover, drawRecover},
};

}  // namespace

void drawScreen(ViewContext& ctx) {
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(vp->Pos);
  ImGui::SetNextWindowSize(vp->Size);
  constexpr ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                     ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus |
                                     ImGuiWindowFlags_NoScrollWithMouse | ImGuiWindowFlags_NoBackground;
  // NoBackground: the renderer clears to the background colour already; a
  // second full-screen fill costs a software renderer a whole frame of blending.
  if (ctx.view.lastScreen != ctx.model.state().screen || ctx.view.lastPage != ctx.model.state().page) {
    ctx.view.scroll.clear();
    ctx.view.lastScreen = ctx.model.state().screen;
    ctx.view.lastPage = ctx.model.state().page;
  }
  ImGui::PushFont(ctx.fonts.body);
  ImGui::Begin("##screen", nullptr, flags);
  // The screen's id scopes its widgets, so "OK" on two screens are two widgets.
  ImGui::PushID(screenId(ctx.model.state().screen));
  for (const ViewEntry& v : kViews) {
    if (v.screen == ctx.model.state().screen) {
      v.draw(ctx);
      break;
    }
  }
  ImGui::PopID();
  physicalKeys(ctx.model);
  if (ctx.model.keyboardField() == Field::None) ctx.view.revealedFor = -1;
  drawKeyboard(ctx);
  if (ctx.view.showFrameStats) {
    ImGui::SetCursorScreenPos(ImVec2(vp->Pos.x + 8, vp->Pos.y + vp->Size.y - ImGui::GetFontSize() * 1.5f));
    ImGui::TextDisabled("%.1f ms", static_cast<double>(1000.0f / ImGui::GetIO().Framerate));
  }
  ImGui::End();
  ImGui::PopFont();
}

}  // namespace spor::ui
