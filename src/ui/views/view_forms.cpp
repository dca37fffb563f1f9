// The volunteer's forms, one question per screen like the child's: the
// background form (single and multiple choice, year, number, text, "Andet")
// and the fidelity forms (1-5, "I hvilken grad har vi ..."). Every answer is
// stored when it is given.
#include <algorithm>

#include <imgui.h>

#include "ui/views/common.hpp"
#include "ui/views/views.hpp"

namespace spor::ui {

void drawBackgroundForm(ViewContext& ctx) {
  AppModel& model = ctx.model;
  const AppState& s = model.state();
  if (!s.background) return;
  const BackgroundDraft& d = *s.background;
  const core::Question* q = model.formRunner().question();
  if (!q) return;
  const core::Lang lang = ctx.lang();
  const Palette& c = palette();
  const ScreenBox box = screenBox(ctx);
  const float u = em(ctx);

  const std::string child = s.detail ? s.detail->summary.name : std::string();
  bool back = false;
  float y = volunteerHeader(ctx, box, trf(d.activityMonths > 0 ? Word::ActivityTitle : Word::BackgroundTitle, lang, {child}),
                            tr(Word::Back, lang), back);
  if (back) {
    model.formRunner().back();
    return;
  }
  y += messageLine(ctx, box.x0, y, box.width());
  // "Ved ikke" over options ticked or a text typed asks first (AppModel::backgroundDecline).
  if (drawConfirm(ctx, box, y)) return;
  // Room for the scroll bar beside the options (at "Større" in landscape it
  // was drawn over the cards' right edge).
  const float w = std::min(box.width() - u * 0.6f, u * 40.0f);
  const float x = box.x0;
  std::string section;
  for (const core::Section& sec : (d.form ? *d.form : *model.forms().background).sections)
    if (sec.id == q->section) section = sec.title.in(lang);
  const std::string where =
      section + "  ·  " + trf(Word::QuestionOf, lang, {std::to_string(d.index + 1), std::to_string(d.questions.size())});

  // The bottom bar: "vil ikke oplyse" and Next/Done. While the keyboard is
  // up on a short screen (landscape), the bar gives its room to the field
  // being typed in: at "Større" the field was hidden under the keyboard and
  // the question under the bar. The keyboard's "Færdig" brings it back.
  const float barH = u * 2.6f;
  const bool barShown = !model.keyboardShown() || box.y1 - y > u * 16.0f;
  const float barY = barShown ? box.y1 - barH : box.y1;
  const bool last = d.index + 1 >= d.questions.size();
  // Just moved on by itself: taps wait a moment (a quick "Næste" meant for the question before).
  const bool settled = d.settled(model.now(), AppModel::kAnswerGuard);
  ButtonStyle next{ButtonKind::Primary, ctx.fonts.button};
  next.ready = settled;
  const char* nextLabel = tr(last ? Word::Finish : Word::Next, lang);
  const float nw = std::max(u * 8.0f, buttonWidth(ctx, nextLabel, next));
  // Each action ends this frame's drawing: "Færdig" closes the form, and `d` with it.
  if (barShown && button(ctx, nextLabel, ImVec2(box.x1 - nw, barY), ImVec2(nw, barH), next)) {
    model.formRunner().next();
    return;
  }
  const ButtonStyle declineStyle{ButtonKind::Secondary, ctx.fonts.bold};
  const float dw = std::min(box.width(), buttonWidth(ctx, tr(Word::BackgroundDecline, lang), declineStyle));
  // Beside "Næste" where it fits, else on its own row above it: where a
  // question has no "Ved ikke" of its own, this is the only way on without
  // an answer, so it is never left out (portrait at "Større").
  const bool offersDecline = barShown && model.formRunner().offersDecline();
  const bool declineBeside = dw + nw + u < box.width();
  const float declineY = declineBeside ? barY : barY - barH - u * 0.4f;
  const auto current = d.values.find(q->id);
  const bool declined = current != d.values.end() && current->second.declined;
  ButtonStyle ds = declineStyle;
  if (declined) ds.kind = ButtonKind::Chosen;
  ds.ready = settled;
  // Only where the question lists no "Ved ikke" of its own: one way to say
  // "no answer", not an option and a button side by side.
  if (offersDecline &&
      wrappedButton(ctx, tr(Word::BackgroundDecline, lang), ImVec2(box.x0, declineY), ImVec2(dw, barH), ds)) {
    model.formRunner().decline();
    return;
  }

  // One scroll position per question: the next one starts at its top.
  const std::string scrollId = "background-" + q->id;
  // The question scrolls with its options, so a short screen shows the
  // field being typed in rather than only the question.
  ScrollArea area(ctx, scrollId.c_str(), ImVec2(box.x0, y),
                  ImVec2(box.x1, (offersDecline ? declineY : barY) - (barShown ? u * 0.8f : 0.0f)));
  float ty = area.top();
  ty += text(ctx, where, ctx.fonts.small, ImVec2(x, ty), w, c.muted) + u * 0.4f;
  ty += text(ctx, q->text.in(lang), ctx.fonts.button, ImVec2(x, ty), w, c.ink) + u * 1.0f;
  // A single choice's "Andet, nemlig" text replaces the option: once typed,
  // no option shows as chosen (Næste stores the text alone).
  const bool textReplaces = q->type == core::QuestionType::Single && q->other && !d.otherText.empty();
  const auto chosen = [&](int code) {
    return !textReplaces && current != d.values.end() &&
           std::find(current->second.codes.begin(), current->second.codes.end(), code) != current->second.codes.end();
  };
  switch (q->type) {
    case core::QuestionType::Single:
      for (const core::ChoiceOption& o : q->options) {
        // A long option wraps onto more lines inside a taller button (portrait
        // cut "Henvist fra socialrådgiver ..." at the screen's edge).
        const std::string label = o.label.in(lang);
        const bool on = chosen(o.code);
        const float inset = u * 0.8f;
        const float th = measureText(ctx.fonts.body, label, w - 2 * inset).y;
        const float bh = std::max(u * 2.3f, th + u * 1.0f);
        // Chosen: framed and tinted like a child's chosen face, not filled like "Næste".
        ButtonStyle bs{on ? ButtonKind::Chosen : ButtonKind::Secondary, ctx.fonts.body};
        bs.drawLabel = false;
        bs.ready = settled;
        const bool tapped = button(ctx, label, ImVec2(x, ty), ImVec2(w, bh), bs);
        text(ctx, label, ctx.fonts.body, ImVec2(x + inset, ty + (bh - th) * 0.5f), w - 2 * inset, c.ink,
             Align::Center);
        if (tapped) {
          if (q->other)
            model.formRunner().toggle(o.code);
          else
            model.formRunner().answer(store::FormValue{{o.code}, std::nullopt, {}, false});
        }
        ty += bh + u * 0.4f;
      }
      break;
    case core::QuestionType::Multi:
      for (const core::ChoiceOption& o : q->options) {
        // A tick box and the option, which wraps inside a taller row like a
        // single choice's (portrait at "Stor" cut long options at the edge).
        const std::string label = o.label.in(lang);
        const bool on = chosen(o.code);
        const float inset = u * 0.8f;
        const float tick = u * 1.3f;
        const float tx = x + inset + tick + u * 0.6f;
        const float tw = x + w - inset - tx;
        const float th = measureText(ctx.fonts.body, label, tw).y;
        const float bh = std::max(u * 2.3f, th + u * 1.0f);
        ButtonStyle bs{ButtonKind::Secondary, ctx.fonts.body};
        bs.drawLabel = false;
        bs.ready = settled;
        const bool tapped = button(ctx, label, ImVec2(x, ty), ImVec2(w, bh), bs);
        ImDrawList* dl = ImGui::GetWindowDrawList();
        const ImVec2 b0(x + inset, ty + (bh - tick) * 0.5f);
        const ImVec2 b1(b0.x + tick, b0.y + tick);
        dl->AddRectFilled(b0, b1, on ? c.primary : c.surface, u * 0.25f);
        dl->AddRect(b0, b1, on ? c.primary : c.muted, u * 0.25f, 0, u * 0.1f);
        if (on) {
          const ImVec2 mark[] = {ImVec2(b0.x + tick * 0.22f, b0.y + tick * 0.52f),
                                 ImVec2(b0.x + tick * 0.42f, b0.y + tick * 0.72f),
                                 ImVec2(b0.x + tick * 0.78f, b0.y + tick * 0.3f)};
          dl->AddPolyline(mark, 3, c.onPrimary, 0, tick * 0.13f);
        }
        text(ctx, label, ctx.fonts.body, ImVec2(tx, ty + (bh - th) * 0.5f), tw, c.ink);
        if (tapped) model.formRunner().toggle(o.code);
        ty += bh + u * 0.4f;
      }
      break;
    case core::QuestionType::Year:
    case core::QuestionType::Number:
      ty += editField(ctx, Field::BackgroundText,
                      tr(q->type == core::QuestionType::Year ? Word::FieldYear : Word::FieldNumber, lang), ImVec2(x, ty),
                      u * 8.0f) +
            u * 0.3f;
      if (q->min && q->max)
        ty += text(ctx, trf(Word::FieldRange, lang, {std::to_string(*q->min), std::to_string(*q->max)}), ctx.fonts.small,
                   ImVec2(x, ty), w, c.muted) +
              u;
      break;
    case core::QuestionType::Text:
      ty += editField(ctx, Field::BackgroundText, tr(Word::BackgroundOther, lang), ImVec2(x, ty), w) + u;
      break;
  }
  if (q->other && q->type != core::QuestionType::Text) {
    ty += u * 0.4f;
    ty += editField(ctx, Field::BackgroundText, tr(Word::BackgroundOther, lang), ImVec2(x, ty), w) + u * 0.3f;
    // One answer only: said before typing, as the option chosen above lets
    // go once a text is typed (a newcomer lost "Henvist fra skolen" unseen).
    if (q->type == core::QuestionType::Single)
      ty += text(ctx, tr(Word::BackgroundOtherReplaces, lang), ctx.fonts.small, ImVec2(x, ty), w, c.muted);
    ty += u * 0.7f;
  }
  area.end(ty - area.top());
}

void drawFidelityForm(ViewContext& ctx) {
  AppModel& model = ctx.model;
  const AppState& s = model.state();
  if (!s.fidelity || !s.fidelity->form) return;
  const FidelityDraft& d = *s.fidelity;
  if (d.index >= d.form->items.size()) return;
  const core::FidelityItem& item = d.form->items[d.index];
  const core::Lang lang = ctx.lang();
  const Palette& c = palette();
  const ScreenBox box = screenBox(ctx);
  const float u = em(ctx);

  std::string project = d.form->project;
  if (auto it = model.forms().projects.find(d.form->project); it != model.forms().projects.end())
    project = it->second.shortName.in(lang);  // as on home: the full name took half the screen at large text
  bool back = false;
  float y = volunteerHeader(ctx, box, trf(Word::FidelityTitle, lang, {project}), tr(Word::Back, lang), back);
  if (back) {
    model.fidelity().back();
    return;
  }
  y += messageLine(ctx, box.x0, y, box.width());
  // After the last answer: save the form? (AppModel::fidelityAnswer)
  if (drawConfirm(ctx, box, y)) return;
  const float w = std::min(box.width() - u * 0.6f, u * 44.0f);  // room for the scroll bar
  const float x = box.x0;
  // "Vil ikke svare" at the bottom of the screen, outside the scroll area:
  // at the largest text in portrait it fell below the fold, under five options.
  // Its label is the scale's own: "Ikke relevant" on the fidelity scale
  // (forms/scales.json), which is what it means there, not "Vil ikke svare".
  const core::Scale& scale = model.forms().scale(item.scale);
  const std::string declineLabel = scale.decline ? scale.decline->in(lang) : tr(Word::Decline, lang);
  const ButtonStyle decline{ButtonKind::Secondary, ctx.fonts.bold};
  const float dw = std::min(w, buttonWidth(ctx, declineLabel, decline));
  const float dh = std::max({u * 2.4f, kMinAnswerHeight, wrappedLabelHeight(ctx, declineLabel, ctx.fonts.bold, dw)});
  // Everything else under the header scrolls: at the largest text in
  // portrait the question and five options are taller than the screen.
  // One scroll position per item: a new item starts at its top.
  const std::string scrollId = "fidelity-" + item.id;
  // A little wider than the buttons, so their frames are not clipped.
  ScrollArea area(ctx, scrollId.c_str(), ImVec2(box.x0 - u * 0.2f, y), ImVec2(box.x1, box.y1 - dh - u * 0.8f));
  float ty = area.top();
  std::string where = trf(Word::Progress, lang, {std::to_string(d.index + 1), std::to_string(d.form->items.size())});
  if (!item.group.da.empty()) where = item.group.in(lang) + "  ·  " + where;
  ty += text(ctx, where, ctx.fonts.small, ImVec2(x, ty), w, c.muted) + u * 0.4f;
  ty += text(ctx, item.text.in(lang), ctx.fonts.button, ImVec2(x, ty), w, c.ink) + u * 1.2f;

  const auto given = d.values.find(item.id);
  // Landscape: the options in one row, like the child's faces; portrait: a
  // column. A label longer than its button wraps between words inside it.
  const bool row = box.width() > box.height() * 1.15f;
  const std::size_t n = scale.options.size();
  const float gap = u * 0.6f;
  const float bw = row ? (w - gap * static_cast<float>(n - 1)) / static_cast<float>(n) : w;
  float bh = u * 2.8f;
  if (row)
    for (const core::ScaleOption& o : scale.options)
      bh = std::max(bh, wrappedLabelHeight(ctx, o.label.in(lang), ctx.fonts.bold, bw));
  for (std::size_t i = 0; i < n; ++i) {
    const core::ScaleOption& o = scale.options[i];
    const bool selected = given != d.values.end() && given->second == o.value;
    const ButtonStyle bs{selected ? ButtonKind::Chosen : ButtonKind::Secondary, ctx.fonts.bold};
    const float h = row ? bh : std::max(bh, wrappedLabelHeight(ctx, o.label.in(lang), ctx.fonts.bold, bw));
    const ImVec2 pos = row ? ImVec2(x + static_cast<float>(i) * (bw + gap), ty) : ImVec2(x, ty);
    if (wrappedButton(ctx, o.label.in(lang), pos, ImVec2(bw, h), bs)) model.fidelity().answer(o.value);
    if (!row) ty += h + gap;
  }
  ty += row ? bh + u * 0.6f : 0.0f;
  area.end(ty - area.top());
  // Checked as a child's answer is (check-layout): seen whole without scrolling.
  ButtonStyle declineShown = decline;
  declineShown.mustShow = true;
  if (wrappedButton(ctx, declineLabel, ImVec2(x, box.y1 - dh), ImVec2(dw, dh), declineShown))
    model.fidelity().answer(std::nullopt);
}

}  // namespace spor::ui
