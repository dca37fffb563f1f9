// The confirmation a volunteer answers before something that cannot be
// undone (model: state().confirm). It takes the place of the screen's
// content, so nothing else can be tapped by mistake: the question, what will
// happen, the button that does it and "Annullér".
#include <algorithm>

#include <imgui.h>

#include "ui/views/common.hpp"
#include "ui/views/views.hpp"

namespace spor::ui {

bool drawConfirm(ViewContext& ctx, const ScreenBox& box, float y) {
  AppModel& model = ctx.model;
  const ConfirmState& q = model.state().confirm;
  if (q.ask == ConfirmState::Ask::None) return false;
  const Palette& c = palette();
  const float u = em(ctx);
  const float w = std::min(box.width(), u * 34.0f);
  const float x = box.x0 + (box.width() - w) * 0.5f;
  const float pad = u * 1.0f;
  const float inner = w - pad * 2;
  const float titleH = measureText(ctx.fonts.button, q.title, inner).y;
  const float bodyH = measureText(ctx.fonts.body, q.body, inner).y;
  const float buttonH = u * 2.4f;
  // What cannot be undone (erasing, abandoning, removing a volunteer) has the
  // calm danger style; withdrawing consent can be given again, a
  // background answer typed again and a course end changed, so those are
  // primary; saving a finished fidelity form is the step the volunteer came for.
  const bool irreversible = q.ask != ConfirmState::Ask::WithdrawConsent &&
                            q.ask != ConfirmState::Ask::BackgroundDecline && q.ask != ConfirmState::Ask::EndCourse &&
                            q.ask != ConfirmState::Ask::FinishFidelity;
  const ButtonStyle yes{irreversible ? ButtonKind::Danger : ButtonKind::Primary, ctx.fonts.bold};
  const ButtonStyle no{ButtonKind::Secondary, ctx.fonts.bold};
  // The form's own "Annullér" is in its header: the question's way back then says what it keeps.
  const char* cancel = q.no.empty() ? tr(Word::Cancel, ctx.lang()) : q.no.c_str();
  const float yw = buttonWidth(ctx, q.yes, yes);
  const float nw = buttonWidth(ctx, cancel, no);
  // Side by side when they fit, else the one that does it above "Annullér".
  const bool stacked = yw + nw + u > inner;
  const float buttonsH = stacked ? buttonH * 2 + u * 0.6f : buttonH;
  const float h = pad + titleH + u * 0.6f + bodyH + u * 1.2f + buttonsH + pad;
  const float top = y + u * 1.0f;
  panel(ImVec2(x, top), ImVec2(x + w, top + h), c.notice, c.noticeBorder, u * 0.5f, u * 0.1f);
  float ty = top + pad;
  ty += text(ctx, q.title, ctx.fonts.button, ImVec2(x + pad, ty), inner, c.ink) + u * 0.6f;
  ty += text(ctx, q.body, ctx.fonts.body, ImVec2(x + pad, ty), inner, c.ink) + u * 1.2f;
  // "Annullér" first on the left: the safe choice is the first one a hand reaches.
  bool doIt = false;
  bool cancelIt = false;
  if (stacked) {
    doIt = button(ctx, q.yes, ImVec2(x + pad, ty), ImVec2(inner, buttonH), yes);
    cancelIt = button(ctx, cancel, ImVec2(x + pad, ty + buttonH + u * 0.6f), ImVec2(inner, buttonH), no);
  } else {
    cancelIt = button(ctx, cancel, ImVec2(x + pad, ty), ImVec2(nw, buttonH), no);
    doIt = button(ctx, q.yes, ImVec2(x + w - pad - yw, ty), ImVec2(yw, buttonH), yes);
  }
  if (doIt) model.confirmYes();
  if (cancelIt) model.confirmNo();
  return true;
}

}  // namespace spor::ui
