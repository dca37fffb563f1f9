// The volunteer's home. Until the store lands this is the demo home: it
// says plainly that it is a demo, starts an in-memory measurement, shows
// where the last one stands, and shows the safeguarding notice (only here,
// never in child mode).
#include <imgui.h>

#include <algorithm>

#include "ui/text.hpp"
#include "ui/views/layout.hpp"

namespace spor::ui {

namespace {

// A discreet notice for the volunteer, with the project's guidance.
float safeguardingNotice(ViewContext& ctx, const SafeguardingNotice& n, float x, float y, float w) {
  const core::Lang lang = ctx.lang();
  const Palette& c = palette();
  const float u = em(ctx);
  const float pad = u * 1.0f;
  const float inner = w - pad * 2;
  std::string dims;
  for (const auto& hit : n.hits) {
    const core::Dimension* d = ctx.model.session() ? ctx.model.session()->form().dimension(hit.dimension) : nullptr;
    dims += "• " + (d ? d->name.in(lang) : hit.dimension) + "\n";
  }
  if (!dims.empty()) dims.pop_back();
  const std::string title = tr(Tx::SafeguardingTitle, lang);
  const std::string body = trf(Tx::SafeguardingBody, lang, {possessive(n.childName, lang)});
  const std::string guidance = n.guidance.in(lang);
  const ButtonStyle ok{ButtonKind::Secondary, ctx.fonts.bold};
  const float okH = u * 2.4f;
  const float h = pad + measureText(ctx.fonts.bold, title, inner).y + u * 0.5f + measureText(ctx.fonts.body, body, inner).y +
                  u * 0.4f + measureText(ctx.fonts.body, dims, inner).y + u * 0.6f +
                  measureText(ctx.fonts.small, guidance, inner).y + u * 0.8f + okH + pad;
  panel(ImVec2(x, y), ImVec2(x + w, y + h), c.notice, c.noticeBorder, u * 0.6f, u * 0.1f);
  float ty = y + pad;
  ty += text(ctx, title, ctx.fonts.bold, ImVec2(x + pad, ty), inner, c.ink) + u * 0.5f;
  ty += text(ctx, body, ctx.fonts.body, ImVec2(x + pad, ty), inner, c.ink) + u * 0.4f;
  ty += text(ctx, dims, ctx.fonts.body, ImVec2(x + pad, ty), inner, c.ink) + u * 0.6f;
  ty += text(ctx, guidance, ctx.fonts.small, ImVec2(x + pad, ty), inner, c.ink) + u * 0.8f;
  const float okW = buttonWidth(ctx, tr(Tx::SafeguardingDismiss, lang), ok);
  if (button(ctx, tr(Tx::SafeguardingDismiss, lang), ImVec2(x + pad, ty), ImVec2(okW, okH), ok))
    ctx.model.dismissSafeguarding();
  return h;
}

}  // namespace

void drawHome(ViewContext& ctx) {
  AppModel& model = ctx.model;
  const AppState& s = model.state();
  const core::Lang lang = ctx.lang();
  const Palette& c = palette();
  const ScreenBox box = screenBox(ctx);
  const float u = em(ctx);
  // Landscape with a notice: the notice takes the right half, so nothing scrolls.
  const bool twoColumns = s.safeguarding && box.width() > box.height() * 1.15f;
  const float w = twoColumns ? (box.width() - u * 2.0f) * 0.5f : std::min(box.width(), u * 36.0f);
  const float x = twoColumns ? box.x0 : box.cx() - w * 0.5f;
  float y = box.y0;

  // Title and the DEMO badge, so nobody mistakes this for real data.
  const char* title = tr(Tx::DemoTitle, lang);
  const char* badge = tr(Tx::DemoBadge, lang);
  const ImVec2 badgeSize(measureText(ctx.fonts.bold, badge, FLT_MAX).x + u * 1.2f, u * 1.8f);
  const float titleW = w - badgeSize.x - u;
  const float titleH = measureText(ctx.fonts.title, title, titleW).y;
  text(ctx, title, ctx.fonts.title, ImVec2(x, y), titleW, c.ink);
  panel(ImVec2(x + w - badgeSize.x, y), ImVec2(x + w, y + badgeSize.y), c.notice, c.noticeBorder, u * 0.4f, u * 0.1f);
  text(ctx, badge, ctx.fonts.bold, ImVec2(x + w - badgeSize.x, y + (badgeSize.y - u) * 0.5f - u * 0.1f), badgeSize.x,
       c.ink, Align::Center);
  y += std::max(titleH, badgeSize.y) + u * 1.0f;
  y += text(ctx, tr(Tx::DemoBody, lang), ctx.fonts.body, ImVec2(x, y), w, c.muted) + u * 0.5f;
  y += text(ctx, trf(Tx::DemoPinHint, lang, {"1234"}), ctx.fonts.bold, ImVec2(x, y), w, c.ink) + u * 1.5f;

  if (s.safeguarding) {
    if (twoColumns) safeguardingNotice(ctx, *s.safeguarding, box.x1 - w, box.y0, w);
    else y += safeguardingNotice(ctx, *s.safeguarding, x, y, w) + u * 1.5f;
  }

  if (const MeasurementSession* m = model.session()) {
    const std::string who = possessive(s.childName, lang);
    if (m->finished()) {
      y += text(ctx, trf(Tx::HomeFinished, lang, {who}), ctx.fonts.body, ImVec2(x, y), w, c.ink) + u * 1.0f;
    } else {
      const std::size_t answered = m->currentIndex();
      y += text(ctx, trf(Tx::HomePaused, lang, {who, std::to_string(answered), std::to_string(m->items().size())}),
                ctx.fonts.body, ImVec2(x, y), w, c.ink) +
           u * 0.8f;
      const ButtonStyle again{ButtonKind::Secondary, ctx.fonts.bold, Icon::Play};
      const float bw = std::min(w, buttonWidth(ctx, tr(Tx::HomeHandBack, lang), again));
      if (button(ctx, tr(Tx::HomeHandBack, lang), ImVec2(x, y), ImVec2(bw, u * 2.6f), again)) model.handBack();
      y += u * 2.6f + u * 1.2f;
    }
  }

  if (model.hasDemo()) {
    const ButtonStyle start{ButtonKind::Primary, ctx.fonts.button, Icon::Play};
    const float bw = std::min(w, std::max(u * 14.0f, buttonWidth(ctx, tr(Tx::DemoStart, lang), start)));
    if (button(ctx, tr(Tx::DemoStart, lang), ImVec2(x, y), ImVec2(bw, u * 3.2f), start)) model.startDemoMeasurement();
  }

  // Closing: a desktop window closes; a kiosk asks for the PIN.
  const ButtonStyle quiet{ButtonKind::Quiet, ctx.fonts.body};
  const float qw = buttonWidth(ctx, tr(Tx::Quit, lang), quiet);
  if (button(ctx, tr(Tx::Quit, lang), ImVec2(box.x1 - qw, box.y1 - u * 2.2f), ImVec2(qw, u * 2.2f), quiet))
    model.requestClose();
}

}  // namespace spor::ui
