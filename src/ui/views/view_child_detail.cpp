// One child, for the volunteer: details and consent, the checklist with a
// button for each thing that can be done now, the safeguarding notice, and
// the development chart to look at together with the child.
#include <algorithm>
#include <vector>

#include <imgui.h>

#include "ui/views/chart.hpp"
#include "ui/views/common.hpp"
#include "ui/views/view_referral.hpp"
#include "ui/views/views.hpp"

namespace spor::ui {

namespace {

// Who gave consent, in the screen's language; an older free text as it is.
std::string giverName(const std::string& id, core::Lang lang) {
  core::ConsentGiver g{};
  return core::parseConsentGiver(id, g) ? core::consentGiverName(g).in(lang) : id;
}

float details(ViewContext& ctx, const ChildDetailView& d, float x, float y, float w) {
  const core::Lang lang = ctx.lang();
  const Palette& c = palette();
  const float u = em(ctx);
  const store::Child& ch = d.summary.child;
  // Each fact ("Kommune: Egedal") stays whole: the facts are packed into
  // lines, "  ·  " between two on one line, and a fact that does not fit
  // starts the next (a new user's trial saw "Kommune:" at a line's end and
  // "Egedal" under it). A fact wider than the line wraps within itself.
  std::vector<std::string> line1;
  line1.push_back(std::string(tr(Word::DetailCode, lang)) + ": " + ch.code);
  if (ch.details.birthYear)
    line1.push_back(std::string(tr(Word::DetailBirthYear, lang)) + " " + std::to_string(*ch.details.birthYear));
  if (ch.details.gender) line1.emplace_back(genderName(*ch.details.gender, lang));
  std::vector<std::string> line2;
  line2.push_back(std::string(tr(Word::DetailProject, lang)) + ": " +
                  (d.project ? d.project->shortName.in(lang) : ch.details.projectId));
  std::string interventions;
  for (core::Intervention i : ch.details.interventions)
    interventions += (interventions.empty() ? "" : ", ") + core::interventionName(i).in(lang);
  if (!interventions.empty()) line2.push_back(std::string(tr(Word::DetailInterventions, lang)) + ": " + interventions);
  if (!ch.details.municipality.empty())
    line2.push_back(std::string(tr(Word::DetailMunicipality, lang)) + ": " + ch.details.municipality);
  float ty = y;
  for (const std::vector<std::string>* facts : {&line1, &line2}) {
    std::string line;
    for (const std::string& fact : *facts) {
      const std::string joined = line.empty() ? fact : line + "  ·  " + fact;
      if (!line.empty() && measureText(ctx.fonts.body, joined, 1e9f).x > w) {
        ty += text(ctx, line, ctx.fonts.body, ImVec2(x, ty), w, c.ink) + u * 0.3f;
        line = fact;
      } else {
        line = joined;
      }
    }
    if (!line.empty()) ty += text(ctx, line, ctx.fonts.body, ImVec2(x, ty), w, c.ink) + u * 0.3f;
  }
  const store::Consent* active = nullptr;
  for (const auto& cs : d.consents)
    if (cs.active()) active = &cs;
  if (active) {
    ty += text(ctx,
               std::string(tr(Word::DetailConsent, lang)) + ": " +
                   trf(Word::ConsentGiven, lang, {giverName(active->givenBy, lang), displayDate(active->givenOn, lang)}),
               ctx.fonts.body, ImVec2(x, ty), w, c.ink);
  } else {
    // Withdrawn consent says so, and when: the reason nothing can be started.
    const auto withdrawn = d.consentWithdrawnOn();
    const std::string missing = withdrawn ? trf(Word::ConsentWithdrawnNote, lang, {displayDate(*withdrawn, lang)})
                                          : std::string(tr(Word::ConsentMissing, lang));
    ty += framedText(ctx, missing, x, ty, w, c.notice, c.noticeBorder, c.ink);
  }
  return ty - y;
}

float checklist(ViewContext& ctx, const ChildDetailView& d, float x, float y, float w) {
  const core::Lang lang = ctx.lang();
  const Palette& c = palette();
  const float u = em(ctx);
  float ty = y;
  ty += text(ctx, tr(Word::DetailChecklist, lang), ctx.fonts.button, ImVec2(x, ty), w, c.ink) + u * 0.5f;
  const float rowH = u * 2.6f;
  for (const core::DueEntry& e : d.summary.due) {
    const std::string label0 = taskLabel(e, lang);
    const char* name = label0.c_str();
    std::string state = e.state == core::DueState::NoConsent && d.consentWithdrawnOn()
                            ? std::string(tr(Word::DueConsentWithdrawn, lang))
                            : dueText(e, lang);
    if (e.task == core::Task::Progression && e.count > 0)
      state += " (" + trf(Word::DueCount, lang, {std::to_string(e.count)}) + ")";
    const float nameW = u * 7.0f;
    text(ctx, name, ctx.fonts.bold, ImVec2(x, ty + (rowH - u) * 0.5f), nameW, c.ink);
    std::string label;
    ButtonKind kind = ButtonKind::Secondary;
    if (e.canStart()) {
      if (e.state == core::DueState::InProgress)
        label = trf(Word::TaskResume, lang, {name});
      else if (e.state == core::DueState::DueNow || e.state == core::DueState::Overdue)
        label = trf(Word::TaskStart, lang, {name});
      else
        label = trf(Word::TaskTakeAnyway, lang, {name});
      if (e.state == core::DueState::DueNow || e.state == core::DueState::Overdue ||
          e.state == core::DueState::InProgress)
        kind = ButtonKind::Primary;
    }
    const ButtonStyle bs{kind, ctx.fonts.bold};
    const float bw = label.empty() ? 0.0f : buttonWidth(ctx, label, bs);
    // A questionnaire under way can also be abandoned (the model asks first).
    const bool abandonable = e.state == core::DueState::InProgress && core::occasionOf(e.task).has_value();
    const std::string abandon = abandonable ? trf(Word::TaskAbandon, lang, {name}) : std::string();
    const ButtonStyle quiet{ButtonKind::Quiet, ctx.fonts.body};
    const float aw = abandonable ? buttonWidth(ctx, abandon, quiet) + u * 0.4f : 0.0f;
    // The state beside the name, the buttons on the right; when the state
    // does not fit between them on one line (large text in portrait), the
    // buttons go on a line of their own under it, so no date breaks.
    const float besideW = w - nameW - bw - aw - u * 0.5f;
    const bool stacked = (bw > 0 || aw > 0) && measureText(ctx.fonts.body, state, FLT_MAX).x > besideW;
    const float stateW = stacked ? w - nameW : besideW;
    const float stateH = measureText(ctx.fonts.body, state, stateW).y;
    text(ctx, state, ctx.fonts.body, ImVec2(x + nameW, ty + (rowH - u) * 0.5f), stateW,
         e.state == core::DueState::Done ? c.muted : c.ink);
    const float firstH = std::max(rowH, stateH + (rowH - u));
    const float by = stacked ? ty + firstH : ty;
    if (!label.empty() && button(ctx, label, ImVec2(x + w - bw, by + u * 0.2f), ImVec2(bw, rowH - u * 0.4f), bs))
      e.task == core::Task::Activity ? ctx.model.formRunner().startActivity(e.months) : ctx.model.startTask(e.task);
    if (abandonable &&
        button(ctx, abandon, ImVec2(x + w - bw - aw, by + u * 0.2f), ImVec2(aw - u * 0.4f, rowH - u * 0.4f), quiet))
      ctx.model.askAbandon(e.task);
    ty += stacked ? firstH + rowH : firstH;
    // Why a due measurement was not taken: a quiet button under the line,
    // then (tapped) the reasons; one tap on a reason records it.
    if (e.canRecordMissed()) {
      if (ctx.model.state().course.missedFor == e.task) {
        ty += text(ctx, trf(Word::MissedPick, lang, {name}), ctx.fonts.bold, ImVec2(x, ty), w, c.ink) + u * 0.4f;
        std::vector<std::string> reasons;
        for (core::MissedReason r : core::kMissedReasons) reasons.push_back(core::missedReasonName(r).in(lang));
        float h = 0;
        if (const int t = choices(ctx, reasons, -1, ImVec2(x, ty), w, h, ctx.fonts.body); t >= 0)
          ctx.model.course().missedChoose(core::kMissedReasons[static_cast<std::size_t>(t)]);
        ty += h + u * 0.4f;
        const char* cancel = tr(Word::Cancel, lang);
        const float cw = buttonWidth(ctx, cancel, quiet);
        if (button(ctx, cancel, ImVec2(x, ty), ImVec2(cw, rowH - u * 0.4f), quiet)) ctx.model.course().missedCancel();
        ty += rowH;
      } else {
        const Word key = e.state == core::DueState::NotTaken ? Word::MissedChange : Word::MissedAsk;
        const std::string ask = trf(key, lang, {name});
        const float mw = std::min(buttonWidth(ctx, ask, quiet), w - nameW);
        if (button(ctx, ask, ImVec2(x + nameW, ty - u * 0.2f), ImVec2(mw, rowH - u * 0.4f), quiet))
          ctx.model.course().missedStart(e.task);
        ty += rowH - u * 0.2f;
      }
    }
    ImGui::GetWindowDrawList()->AddLine(ImVec2(x, ty), ImVec2(x + w, ty), c.track, std::max(1.0f, u * 0.05f));
  }
  return ty - y;
}

// How the course stands: running, or how and when it ended; the button to
// end it (or change how it ended). Returns the height used.
float course(ViewContext& ctx, const ChildDetailView& d, float x, float y, float w) {
  const core::Lang lang = ctx.lang();
  const Palette& c = palette();
  const float u = em(ctx);
  float ty = y;
  ty += text(ctx, tr(Word::CourseHeading, lang), ctx.fonts.button, ImVec2(x, ty), w, c.ink) + u * 0.3f;
  const auto& end = d.summary.child.courseEnd;
  std::string line = tr(Word::CourseRunning, lang);
  if (end) {
    std::string how = core::courseEndName(end->kind).in(lang);
    if (end->stopReason) how += " – " + core::stopReasonName(*end->stopReason).in(lang);
    line = trf(Word::CourseEndedOn, lang, {displayDate(end->on, lang), how});
  }
  ty += text(ctx, line, ctx.fonts.body, ImVec2(x, ty), w, c.ink) + u * 0.5f;
  const ButtonStyle style{ButtonKind::Secondary, ctx.fonts.bold};
  const char* label = tr(end ? Word::CourseEndChange : Word::CourseEndStart, lang);
  const float bw = std::min(buttonWidth(ctx, label, style), w);
  if (button(ctx, label, ImVec2(x, ty), ImVec2(bw, u * 2.2f), style)) ctx.model.course().start();
  ty += u * 2.2f;
  return ty - y;
}

// "Afslut forløb": how, why (stopped early), when; "Annullér" and "Gem" at
// the bottom, with what stops "Gem" above them.
void courseEndForm(ViewContext& ctx, const ChildDetailView& d, const ScreenBox& box, float y) {
  AppModel& model = ctx.model;
  const CourseEndDraft& f = model.state().course.end;
  const core::Lang lang = ctx.lang();
  const Palette& c = palette();
  const float u = em(ctx);
  const float w = std::min(box.width(), u * 40.0f);
  const float x = box.x0;

  // The bottom bar.
  const float barH = u * 2.8f;
  const float barY = box.y1 - barH;
  const ButtonStyle save{ButtonKind::Primary, ctx.fonts.button};
  const ButtonStyle cancel{ButtonKind::Secondary, ctx.fonts.button};
  const float sw = std::max(u * 8.0f, buttonWidth(ctx, tr(Word::Save, lang), save));
  const float cw = buttonWidth(ctx, tr(Word::Cancel, lang), cancel);
  if (button(ctx, tr(Word::Save, lang), ImVec2(box.x1 - sw, barY), ImVec2(sw, barH), save)) model.course().save();
  if (button(ctx, tr(Word::Cancel, lang), ImVec2(box.x1 - sw - u * 0.8f - cw, barY), ImVec2(cw, barH), cancel))
    model.course().cancel();
  float bottom = barY - u * 0.6f;
  if (!f.error.empty()) {
    const float eh = measureText(ctx.fonts.bold, f.error, box.width()).y;
    bottom -= eh;
    text(ctx, f.error, ctx.fonts.bold, ImVec2(x, bottom), box.width(), c.warning);
    bottom -= u * 0.6f;
  }

  ScrollArea area(ctx, "course-end", ImVec2(box.x0, y), ImVec2(box.x1, bottom));
  float ty = area.top() + u * 0.4f;
  // Landscape: how and why on the left, when on the right, all in view.
  const bool twoColumns = box.width() > u * 44.0f;
  const float inner = twoColumns ? (box.width() - u * 2.1f) * 0.5f : std::min(w, box.width() - u * 0.6f);
  ty += text(ctx, trf(Word::CourseEndTitle, lang, {possessive(d.summary.name, lang)}), ctx.fonts.button, ImVec2(x, ty),
             box.width() - u * 0.6f, c.ink) +
        u * 0.6f;
  const float afterTitle = ty;
  std::vector<std::string> kinds;
  int chosen = -1;
  for (std::size_t i = 0; i < core::kCourseEnds.size(); ++i) {
    kinds.push_back(core::courseEndName(core::kCourseEnds[i]).in(lang));
    if (f.kind == core::kCourseEnds[i]) chosen = static_cast<int>(i);
  }
  float h = 0;
  if (const int t = choices(ctx, kinds, chosen, ImVec2(x, ty), inner, h, ctx.fonts.body); t >= 0)
    model.course().kind(core::kCourseEnds[static_cast<std::size_t>(t)]);
  ty += h + u * 1.2f;

  if (f.kind == core::CourseEnd::StoppedEarly) {
    ty += text(ctx, tr(Word::CourseEndWhy, lang), ctx.fonts.bold, ImVec2(x, ty), inner, c.ink) + u * 0.4f;
    std::vector<std::string> reasons;
    int why = -1;
    for (std::size_t i = 0; i < core::kStopReasons.size(); ++i) {
      reasons.push_back(core::stopReasonName(core::kStopReasons[i]).in(lang));
      if (f.reason == core::kStopReasons[i]) why = static_cast<int>(i);
    }
    if (const int t = choices(ctx, reasons, why, ImVec2(x, ty), inner, h, ctx.fonts.body); t >= 0)
      model.course().reason(core::kStopReasons[static_cast<std::size_t>(t)]);
    ty += h + u * 1.2f;
  }

  const float leftBottom = ty;
  if (twoColumns) ty = afterTitle;
  const float dx = twoColumns ? x + inner + u * 1.5f : x;  // the day's column
  {
    ty += text(ctx, tr(Word::CourseEndWhen, lang), ctx.fonts.bold, ImVec2(dx, ty), inner, c.ink) + u * 0.4f;
    ty += text(ctx, displayDate(f.on, lang), ctx.fonts.button, ImVec2(dx, ty), inner, c.ink) + u * 0.2f;
    // The steps stay between the start (said under the day) and today
    // (the model keeps them there too), so no day offered is refused.
    const core::Date start = d.summary.child.enrolledOn;
    ty += text(ctx, trf(Word::CourseEndStarted, lang, {displayDate(start, lang)}), ctx.fonts.small, ImVec2(dx, ty), inner,
               c.muted) +
          u * 0.5f;
    ty += daySteps(ctx, f.on, f.on > start, dx, ty, inner, [&](int days) {
      if (days == 0)
        model.course().date(model.today());
      else
        model.course().step(days);
    });
    ty += u * 0.6f;
  }
  area.end(std::max(ty, leftBottom) - area.top());
}

}  // namespace

void drawChildDetail(ViewContext& ctx) {
  AppModel& model = ctx.model;
  const AppState& s = model.state();
  if (!s.detail) return;
  const ChildDetailView& d = *s.detail;
  const core::Lang lang = ctx.lang();
  const Palette& c = palette();
  const ScreenBox box = screenBox(ctx);
  const float u = em(ctx);

  bool back = false;
  float y = volunteerHeader(ctx, box, d.summary.name, tr(Word::DetailAllChildren, lang), back);
  if (back) {
    model.goHome();
    return;
  }
  y += messageLine(ctx, box.x0, y, box.width());
  if (drawConfirm(ctx, box, y)) return;
  if (s.course.end.open) {
    courseEndForm(ctx, d, box, y);
    return;
  }
  if (referralForms(ctx, d, box, y)) return;

  ScrollArea area(ctx, "child-detail", ImVec2(box.x0, y), ImVec2(box.x1, box.y1));
  float top = area.top();
  const float inner = box.width() - u * 0.6f;
  if (s.safeguarding && (!s.safeguarding->child || *s.safeguarding->child == d.summary.child.id))
    top += safeguardingPanel(ctx, *s.safeguarding, box.x0, top, inner) + u * 1.0f;

  const bool twoColumns = box.width() > u * 44.0f;
  const float colW = twoColumns ? (inner - u * 1.5f) * 0.5f : inner;
  float ly = top;
  ly += details(ctx, d, box.x0, ly, colW) + u * 0.6f;
  const ButtonStyle edit{ButtonKind::Secondary, ctx.fonts.bold};
  const float ew = buttonWidth(ctx, tr(Word::DetailEdit, lang), edit);
  if (button(ctx, tr(Word::DetailEdit, lang), ImVec2(box.x0, ly), ImVec2(ew, u * 2.2f), edit)) model.childEditor().edit();
  // Withdrawing consent and erasing, beside "Ret oplysninger" while they
  // fit, else on the next line; both ask before they do anything.
  {
    float bx = box.x0 + ew + u * 0.6f;
    const auto place = [&](const char* label, const ButtonStyle& style, auto&& onTap) {
      const float bw = buttonWidth(ctx, label, style);
      if (bx + bw > box.x0 + colW) {
        bx = box.x0;
        ly += u * 2.2f + u * 0.6f;
      }
      if (button(ctx, label, ImVec2(bx, ly), ImVec2(bw, u * 2.2f), style)) onTap();
      bx += bw + u * 0.6f;
    };
    if (d.summary.consent) place(tr(Word::DetailWithdrawConsent, lang), edit, [&] { model.askWithdrawConsent(); });
    // Erasure cannot be undone: the calm danger style, never the primary blue.
    place(tr(Word::DetailDeleteChild, lang), ButtonStyle{ButtonKind::Danger, ctx.fonts.bold},
          [&] { model.askDeleteChild(); });
  }
  ly += u * 2.2f + u * 1.2f;
  ly += checklist(ctx, d, box.x0, ly, colW) + u * 1.2f;

  float ry = twoColumns ? top : ly;
  const float rx = twoColumns ? box.x0 + colW + u * 1.5f : box.x0;
  // How the course stands: in landscape at the top of the right column,
  // above the chart, where it is seen without scrolling; in portrait under
  // the checklist it belongs with.
  ry += course(ctx, d, rx, ry, colW) + u * 1.2f;
  // Who referred the child and what the referrer has heard (issue 14 item 1),
  // beside "Forløb".
  ry += referralSection(ctx, d, rx, ry, colW) + u * 1.2f;
  ry += text(ctx, tr(Word::DetailChart, lang), ctx.fonts.button, ImVec2(rx, ry), colW, c.ink) + u * 0.5f;
  ry += drawScoreChart(ctx, d, ImVec2(rx, ry), colW, std::min(u * 14.0f, colW * 0.7f)) + u;
  area.end(std::max(ly, ry) - area.top());
}

}  // namespace spor::ui
