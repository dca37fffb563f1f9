// "Glemt PIN-koden?" (model/recovery_flows.cpp): the coordinator's recovery
// key file from a USB stick, its passphrase, and who gets a new PIN. The PIN
// pad follows; the work is sync::recoverDevice, as `spor recover`.
#include <algorithm>
#include <filesystem>

#include <imgui.h>

#include "ui/views/common.hpp"

namespace spor::ui {

void drawRecover(ViewContext& ctx) {
  AppModel& model = ctx.model;
  const RecoverState& r = model.state().recover;
  const core::Lang lang = ctx.lang();
  const Palette& c = palette();
  const ScreenBox box = screenBox(ctx);
  const float u = em(ctx);

  bool back = false;
  float y = volunteerHeader(ctx, box, tr(Word::RecoverTitle, lang), tr(Word::Back, lang), back);
  if (back) {
    model.recoverCancel();
    return;
  }
  if (model.busy()) {
    busyIndicator(ctx, model.state().busy, ImVec2(box.cx(), y + (box.y1 - y) * 0.4f), box.width());
    return;
  }
  ScrollArea area(ctx, "recover", ImVec2(box.x0, y), ImVec2(box.x1, box.y1));
  // Landscape: the file on the left; its passphrase and the volunteer on the right.
  const float gap = u * 1.6f;
  const bool twoColumns = box.width() > u * 44.0f;
  const float w = twoColumns ? (box.width() - gap - u * 0.6f) * 0.5f : std::min(box.width() - u * 0.6f, u * 40.0f);
  const float x = box.x0;
  float ty = area.top();
  const float fullW = twoColumns ? box.width() - u * 0.6f : w;
  ty += text(ctx, tr(Word::RecoverBody, lang), ctx.fonts.body, ImVec2(x, ty), fullW, c.muted) + u * 0.8f;
  // What became of the file chosen: what went wrong, or that it is the right
  // one. Right under that file's button (or under "Læs filen" for a typed
  // path), where the eye is after the tap: at the top of the screen a long
  // refusal pushed the files below the fold, and a tap further down had
  // scrolled it away.
  const auto status = [&](float sx, float sy) {
    if (!r.error.empty()) return text(ctx, r.error, ctx.fonts.bold, ImVec2(sx, sy), w, c.warning) + u * 0.8f;
    if (r.fileOk) return text(ctx, tr(Word::RecoverFileOk, lang), ctx.fonts.bold, ImVec2(sx, sy), w, c.ink) + u * 0.8f;
    return 0.0f;
  };
  const float columnsTop = ty;

  // 1. The file: those found on USB sticks, or a typed path.
  std::string chosen;
  if (const std::string note = recoverFilesNote(r, lang); !note.empty())
    ty += text(ctx, note, ctx.fonts.body, ImVec2(x, ty), w, c.ink) + u * 0.6f;
  ImGui::PushID("found");
  for (std::size_t i = 0; i < r.found.size(); ++i) {
    const std::filesystem::path p(r.found[i]);
    const ButtonStyle style{r.path == r.found[i] ? ButtonKind::Chosen : ButtonKind::Secondary, ctx.fonts.body};
    const std::string name = p.filename().string();
    const float bw = std::min(w, buttonWidth(ctx, name, style));
    ImGui::PushID(static_cast<int>(i));
    if (button(ctx, name, ImVec2(x, ty), ImVec2(bw, u * 2.2f), style)) chosen = r.found[i];
    ImGui::PopID();
    ty += u * 2.2f + u * 0.15f;
    ty += text(ctx, p.parent_path().string(), ctx.fonts.small, ImVec2(x + u * 0.3f, ty), w - u * 0.3f, c.muted) +
          u * 0.5f;
    if (r.path == r.found[i]) ty += status(x, ty);
  }
  ImGui::PopID();
  ty += editField(ctx, Field::RecoverPath, tr(Word::RecoverPath, lang), ImVec2(x, ty), w) + u * 0.5f;
  {
    const ButtonStyle read{ButtonKind::Secondary, ctx.fonts.bold};
    const float rw = buttonWidth(ctx, tr(Word::SetupRead, lang), read);
    if (button(ctx, tr(Word::SetupRead, lang), ImVec2(x, ty), ImVec2(rw, u * 2.2f), read)) chosen = r.path;
    const float sw = buttonWidth(ctx, tr(Word::RecoverSearch, lang), read);
    if (rw + u + sw <= w) {
      if (button(ctx, tr(Word::RecoverSearch, lang), ImVec2(x + rw + u, ty), ImVec2(sw, u * 2.2f), read))
        model.recoverFind();
      ty += u * 2.2f + u * 0.6f;
    } else {
      ty += u * 2.2f + u * 0.4f;
      if (button(ctx, tr(Word::RecoverSearch, lang), ImVec2(x, ty), ImVec2(sw, u * 2.2f), read)) model.recoverFind();
      ty += u * 2.2f + u * 0.6f;
    }
  }
  if (std::find(r.found.begin(), r.found.end(), r.path) == r.found.end()) ty += status(x, ty);
  const float leftBottom = ty;

  // 2. Its passphrase, and 3. who gets the new PIN.
  const float rx = twoColumns ? x + w + gap : x;
  float ry = twoColumns ? columnsTop : ty + u * 0.6f;
  if (r.fileOk) {
    ry += editField(ctx, Field::RecoverPassphrase, tr(Word::RecoverPassphrase, lang), ImVec2(rx, ry), w) + u * 0.8f;
    ry += text(ctx, tr(Word::RecoverWho, lang), ctx.fonts.small, ImVec2(rx, ry), w, c.muted) + u * 0.3f;
    const auto volunteers = model.volunteers();
    std::vector<std::string> names;
    int selected = -1;
    for (const auto& v : volunteers) {
      if (r.who && v.id == *r.who) selected = static_cast<int>(names.size());
      names.push_back(v.name);
    }
    float h = 0;
    const int t = choices(ctx, names, selected, ImVec2(rx, ry), w, h, ctx.fonts.bold);
    ry += h + u * 1.0f;
    const ButtonStyle go{ButtonKind::Primary, ctx.fonts.button};
    const float gw = std::min(w, buttonWidth(ctx, tr(Word::RecoverChoosePin, lang), go));
    const bool pin = button(ctx, tr(Word::RecoverChoosePin, lang), ImVec2(rx, ry), ImVec2(gw, u * 2.8f), go);
    ry += u * 2.8f + u * 0.6f;
    if (t >= 0) model.recoverChooseVolunteer(volunteers[static_cast<std::size_t>(t)].id);
    if (pin) model.recoverChoosePin();
  }
  ty = std::max(leftBottom, ry);
  area.end(ty - area.top());
  if (!chosen.empty()) model.recoverChooseFile(chosen);
}

}  // namespace spor::ui
