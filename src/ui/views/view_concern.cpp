// Where the volunteers turn with a concern about a child, per project (issue
// 14 item 8; source 000 Tabel 2.14: 41 % of the NGOs did not know), on the
// coordinator's Sikkerhed tab: the project's contact as its file gives it,
// and whether the guidance and the contact are the sources' or Spor's draft
// for the project to review (forms/README.md, "guidance_origin").
#include "report/format.hpp"
#include "report/report.hpp"
#include "ui/coordinator_text.hpp"
#include "ui/views/common.hpp"
#include "ui/views/views.hpp"

namespace spor::ui {

float concernContacts(ViewContext& ctx, const core::FormSet& forms, float x, float y, float w) {
  const core::Lang lang = ctx.lang();
  const Palette& c = palette();
  const float u = em(ctx);
  float ty = y;
  ty += text(ctx, ctr(CoordWord::ConcernTitle, lang), ctx.fonts.bold, ImVec2(x, ty), w, c.ink) + u * 0.3f;
  ty += text(ctx, ctr(CoordWord::ConcernBody, lang), ctx.fonts.small, ImVec2(x, ty), w, c.muted) + u * 0.6f;
  for (const auto& [id, p] : forms.projects) {
    const core::Safeguarding& sg = p.safeguarding;
    ty += text(ctx, p.shortName.in(lang), ctx.fonts.bold, ImVec2(x, ty), w, c.ink) + u * 0.2f;
    const std::string contact = sg.contact.da.empty() ? std::string(ctr(CoordWord::ConcernNoContact, lang)) : sg.contact.in(lang);
    ty += text(ctx, contact, ctx.fonts.small, ImVec2(x, ty), w, c.ink) + u * 0.2f;
    std::string origin;
    if (sg.textOrigin == "spor_draft") origin = ctr(CoordWord::ConcernDraftGuidance, lang);
    if (sg.textOrigin == "source") origin = ctr(CoordWord::ConcernSourceGuidance, lang);
    if (sg.contactOrigin == "spor_draft") origin += (origin.empty() ? "" : " ") + std::string(ctr(CoordWord::ConcernDraftContact, lang));
    if (!origin.empty()) ty += text(ctx, origin, ctx.fonts.small, ImVec2(x, ty), w, c.warning) + u * 0.2f;
    ty += u * 0.5f;
  }
  return ty - y;
}

float activityFigures(ViewContext& ctx, const std::vector<report::ActivityResult>& list, float x, float y, float w) {
  const core::Lang lang = ctx.lang();
  const Palette& c = palette();
  const float u = em(ctx);
  const char sep = lang == core::Lang::Da ? ',' : '.';
  const auto percent = [&](std::optional<double> v) {
    return v ? report::formatNumber(*v * 100.0, 0, sep) + " %" : std::string("–");
  };
  float ty = y;
  for (const report::ActivityResult& a : list) {
    ty += text(ctx, ctrf(CoordWord::ActivityReportTitle, lang, {a.projectName}), ctx.fonts.bold, ImVec2(x, ty), w, c.ink) +
          u * 0.2f;
    ty += text(ctx,
               ctrf(CoordWord::ActivityReportStarted, lang,
                    {percent(a.startedShare()), std::to_string(a.started), std::to_string(a.startedDue),
                     std::to_string(a.startedUnknown)}),
               ctx.fonts.body, ImVec2(x, ty), w, c.ink) +
          u * 0.2f;
    for (const report::ActivityPoint& p : a.points)
      ty += text(ctx,
                 ctrf(CoordWord::ActivityReportActive, lang,
                      {std::to_string(p.months), percent(p.share()), std::to_string(p.active), std::to_string(p.due),
                       std::to_string(p.due - p.answered)}),
                 ctx.fonts.body, ImVec2(x, ty), w, c.ink) +
            u * 0.2f;
    ty += u * 0.6f;
  }
  return ty - y;
}

}  // namespace spor::ui
