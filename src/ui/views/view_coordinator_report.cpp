// The coordinator's report tab and a child's timeline, with charts drawn on
// ImGui's draw list (coordinator_charts.hpp). The numbers are the
// report::Report the model built, the same as `spor report` writes.
#include <algorithm>
#include <array>
#include <cfloat>
#include <cmath>

#include <imgui.h>

#include "report/format.hpp"
#include "ui/coordinator_text.hpp"
#include "ui/views/coordinator_charts.hpp"

namespace spor::ui {

namespace {

// Improved, unchanged, worse: calm colours a colour-blind reader can tell
// apart by lightness too.
constexpr ImU32 kImproved = IM_COL32(0x4F, 0x9A, 0x6A, 0xFF);
constexpr ImU32 kUnchanged = IM_COL32(0xC9, 0xC4, 0xBA, 0xFF);
constexpr ImU32 kWorse = IM_COL32(0xC9, 0x6B, 0x55, 0xFF);
constexpr ImU32 kGrid = IM_COL32(0xDD, 0xD8, 0xCF, 0xFF);

char separator(core::Lang lang) {
  return lang == core::Lang::En ? '.' : ',';
}

std::string number(std::optional<double> v, int decimals, core::Lang lang) {
  return v ? report::formatNumber(*v, decimals, separator(lang)) : std::string("–");
}

std::string signedNumber(std::optional<double> v, core::Lang lang) {
  if (!v) return "–";
  return (*v > 0 ? "+" : "") + report::formatNumber(*v, 2, separator(lang));
}

std::string occasionLabel(core::Occasion o, core::Lang lang) {
  return core::occasionName(o).in(lang);
}

// The mean per occasion: three bars on the 1-4 scale.
float meansChart(ViewContext& ctx, const report::DimensionResult& d, float x, float y, float w) {
  const core::Lang lang = ctx.lang();
  const Palette& c = palette();
  const float u = em(ctx);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  text(ctx, ctr(CoordWord::ReportMeans, lang), ctx.fonts.small, ImVec2(x, y), w, c.muted);
  const float top = y + ctx.fonts.small->FontSize + u * 0.9f;
  const float axisW = u * 1.4f;
  const float plotH = u * 6.0f;
  const float x0 = x + axisW;
  const float x1 = x + w;
  const float bottom = top + plotH;
  const auto yOf = [&](double v) { return bottom - static_cast<float>((v - 1.0) / 3.0) * plotH; };
  for (int v = 1; v <= 4; ++v) {
    const float gy = yOf(v);
    dl->AddLine(ImVec2(x0, gy), ImVec2(x1, gy), kGrid, std::max(1.0f, u * 0.05f));
    text(ctx, std::to_string(v), ctx.fonts.small, ImVec2(x, gy - ctx.fonts.small->FontSize * 0.5f), axisW * 0.8f,
         c.muted);
  }
  const float slot = (x1 - x0) / 3.0f;
  const float barW = slot * 0.5f;
  for (std::size_t i = 0; i < d.means.size(); ++i) {
    const report::OccasionMean& m = d.means[i];
    const float cx = x0 + slot * (static_cast<float>(i) + 0.5f);
    if (m.summary.mean) {
      const float by = yOf(*m.summary.mean);
      dl->AddRectFilled(ImVec2(cx - barW * 0.5f, by), ImVec2(cx + barW * 0.5f, bottom), c.primary, u * 0.15f,
                        ImDrawFlags_RoundCornersTop);
      const std::string v = number(m.summary.mean, 2, lang);
      const float tw = measureText(ctx.fonts.small, v, FLT_MAX).x;
      text(ctx, v, ctx.fonts.small, ImVec2(cx - tw * 0.5f, by - ctx.fonts.small->FontSize - u * 0.15f), tw + 1, c.ink);
    }
    const std::string name = occasionLabel(m.occasion, lang);
    const std::string n = "n = " + std::to_string(m.summary.n);
    const float nw =
        std::max(measureText(ctx.fonts.small, name, FLT_MAX).x, measureText(ctx.fonts.small, n, FLT_MAX).x);
    text(ctx, name, ctx.fonts.small, ImVec2(cx - nw * 0.5f, bottom + u * 0.2f), nw + 1, c.ink, Align::Center);
    text(ctx, n, ctx.fonts.small, ImVec2(cx - nw * 0.5f, bottom + u * 0.2f + ctx.fonts.small->FontSize), nw + 1,
         c.muted, Align::Center);
  }
  return bottom + u * 0.3f + 2 * ctx.fonts.small->FontSize - y;
}

// One stacked bar per pair: improved, unchanged, worse, with the change and stars.
float changesChart(ViewContext& ctx, const report::DimensionResult& d, float x, float y, float w) {
  const core::Lang lang = ctx.lang();
  const Palette& c = palette();
  const float u = em(ctx);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  float ty = y;
  std::string heading = ctr(CoordWord::ReportChanges, lang);
  if (d.direction == core::Direction::Reversed) heading += " (" + std::string(ctr(CoordWord::ReportLowerBetter, lang)) + ")";
  ty += text(ctx, heading, ctx.fonts.small, ImVec2(x, ty), w, c.muted) + u * 0.4f;
  const float barH = u * 1.3f;
  for (const report::PairResult& p : d.pairs) {
    const std::size_t n = p.changes.n();
    const std::string line =
        ctrf(CoordWord::ReportPair, lang,
             {report::pairName(p.pair), std::to_string(p.test.n), signedNumber(p.test.meanDifference, lang), p.stars});
    ty += text(ctx, line, ctx.fonts.small, ImVec2(x, ty), w, p.smallN ? c.warning : c.ink) + u * 0.15f;
    if (n == 0) {
      dl->AddRect(ImVec2(x, ty), ImVec2(x + w, ty + barH), kGrid, u * 0.2f, 0, std::max(1.0f, u * 0.05f));
      text(ctx, ctr(CoordWord::ReportNoPairs, lang), ctx.fonts.small, ImVec2(x + u * 0.4f, ty + (barH - u) * 0.5f), w,
           c.muted);
    } else {
      const std::array<std::pair<std::size_t, ImU32>, 3> parts = {
          {{p.changes.improved, kImproved}, {p.changes.unchanged, kUnchanged}, {p.changes.worse, kWorse}}};
      float sx = x;
      for (const auto& [count, colour] : parts) {
        if (count == 0) continue;
        const float sw = w * static_cast<float>(count) / static_cast<float>(n);
        dl->AddRectFilled(ImVec2(sx, ty), ImVec2(sx + sw, ty + barH), colour);
        const std::string pct =
            report::formatNumber(100.0 * static_cast<double>(count) / static_cast<double>(n), 0, separator(lang)) +
            " %";
        const float tw = measureText(ctx.fonts.small, pct, FLT_MAX).x;
        if (tw + u * 0.4f < sw)
          text(ctx, pct, ctx.fonts.small, ImVec2(sx + (sw - tw) * 0.5f, ty + (barH - ctx.fonts.small->FontSize) * 0.5f),
               tw + 1, colour == kUnchanged ? c.ink : IM_COL32_WHITE);
        sx += sw;
      }
    }
    ty += barH + u * 0.5f;
  }
  // The legend.
  float lx = x;
  for (const auto& [key, colour] :
       {std::pair{CoordWord::Improved, kImproved}, std::pair{CoordWord::Unchanged, kUnchanged}, std::pair{CoordWord::Worse, kWorse}}) {
    const float s = u * 0.7f;
    dl->AddRectFilled(ImVec2(lx, ty + (u - s) * 0.5f), ImVec2(lx + s, ty + (u + s) * 0.5f), colour);
    const std::string label = ctr(key, lang);
    const float tw = measureText(ctx.fonts.small, label, FLT_MAX).x;
    text(ctx, label, ctx.fonts.small, ImVec2(lx + s + u * 0.3f, ty), tw + 1, c.muted);
    lx += s + u * 0.3f + tw + u;
  }
  ty += u * 1.2f;
  return ty - y;
}

float dimensionCard(ViewContext& ctx, const report::DimensionResult& d, float x, float y, float w) {
  const Palette& c = palette();
  const float u = em(ctx);
  const float pad = u * 0.8f;
  // Measure first (nothing drawn outside the card), then draw the panel under.
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->ChannelsSplit(2);
  dl->ChannelsSetCurrent(1);
  float cy = y + pad;
  cy += text(ctx, d.name, ctx.fonts.bold, ImVec2(x + pad, cy), w - 2 * pad, c.ink) + u * 0.5f;
  const float inner = w - 2 * pad;
  float h = 0;
  if (inner > u * 34.0f) {
    const float left = std::min(inner * 0.4f, u * 18.0f);
    const float mh = meansChart(ctx, d, x + pad, cy, left);
    const float ch = changesChart(ctx, d, x + pad + left + u * 1.5f, cy, inner - left - u * 1.5f);
    h = std::max(mh, ch);
  } else {
    h = meansChart(ctx, d, x + pad, cy, inner) + u * 0.8f;
    h += changesChart(ctx, d, x + pad, cy + h, inner);
  }
  for (const report::Warning& warning : d.warnings)
    h += text(ctx, warning.text, ctx.fonts.small, ImVec2(x + pad, cy + h), inner, c.warning) + u * 0.2f;
  const float bottom = cy + h + pad;
  dl->ChannelsSetCurrent(0);
  panel(ImVec2(x, y), ImVec2(x + w, bottom), c.surface, c.border, u * 0.4f, std::max(1.0f, u * 0.06f));
  dl->ChannelsMerge();
  return bottom - y;
}

}  // namespace

void drawCoordinatorReport(ViewContext& ctx, CoordinatorModel& m, const ScreenBox& box, float y) {
  const core::Lang lang = ctx.lang();
  const Palette& c = palette();
  const float u = em(ctx);
  const CoordinatorState& s = m.state();

  // The selection: a button that opens the project and intervention choices
  // (project names are long, so they take the screen only while choosing).
  const ButtonStyle choose{s.filtersOpen ? ButtonKind::Primary : ButtonKind::Secondary, ctx.fonts.bold};
  const float cw = buttonWidth(ctx, ctr(CoordWord::ReportChoose, lang), choose);
  if (button(ctx, ctr(CoordWord::ReportChoose, lang), ImVec2(box.x0, y), ImVec2(cw, u * 2.4f), choose)) {
    m.toggleFilters();
    return;
  }
  // Saving: the HTML report of this selection, and exports for the evaluator.
  const ButtonStyle saveStyle{s.saveOpen ? ButtonKind::Primary : ButtonKind::Secondary, ctx.fonts.bold};
  const float sw = buttonWidth(ctx, ctr(CoordWord::SaveOpen, lang), saveStyle);
  if (button(ctx, ctr(CoordWord::SaveOpen, lang), ImVec2(box.x0 + cw + u * 0.6f, y), ImVec2(sw, u * 2.4f), saveStyle)) {
    m.toggleSave();
    return;
  }
  // The selection's title beside the buttons, or under them where it does
  // not fit on one line there (at "Større" in portrait it broke into a
  // column of syllables).
  const float titleX = box.x0 + cw + sw + u * 1.6f;
  const bool beside = s.report && measureText(ctx.fonts.bold, s.report->scopeTitle, 1e9f).x <= box.x1 - titleX;
  if (s.report && beside)
    text(ctx, s.report->scopeTitle, ctx.fonts.bold, ImVec2(titleX, y + u * 0.6f), box.x1 - titleX, c.ink);
  y += u * 3.0f;
  if (s.report && !beside)
    y += text(ctx, s.report->scopeTitle, ctx.fonts.bold, ImVec2(box.x0, y), box.width(), c.ink) + u * 0.5f;
  if (s.saveOpen) {
    const float fieldW = std::min(box.width(), u * 36.0f);
    y += textField(ctx, ctr(CoordWord::SaveFolder, lang), m.saveFolder(), ImVec2(box.x0, y), fieldW) + u * 0.6f;
    const ButtonStyle primary{ButtonKind::Primary, ctx.fonts.bold};
    const ButtonStyle secondary{ButtonKind::Secondary, ctx.fonts.bold};
    float bx = box.x0;
    const auto action = [&](CoordWord key, const ButtonStyle& style) {
      const float bw = buttonWidth(ctx, ctr(key, lang), style);
      if (bx > box.x0 && bx + bw > box.x1) {  // wrap to the next row
        bx = box.x0;
        y += u * 3.0f;
      }
      const bool tapped = button(ctx, ctr(key, lang), ImVec2(bx, y), ImVec2(bw, u * 2.4f), style);
      bx += bw + u * 0.6f;
      return tapped;
    };
    if (action(CoordWord::SaveReport, primary)) {
      m.saveReport();
      return;
    }
    if (action(CoordWord::ExportCsv, secondary)) {
      m.saveExport(report::ExportFormat::Csv);
      return;
    }
    if (action(CoordWord::ExportSpss, secondary)) {
      m.saveExport(report::ExportFormat::Sav);
      return;
    }
    if (action(CoordWord::ExportStata, secondary)) {
      m.saveExport(report::ExportFormat::Dta);
      return;
    }
    const ButtonStyle freeStyle{s.exportFreeText ? ButtonKind::Primary : ButtonKind::Secondary, ctx.fonts.body};
    if (action(s.exportFreeText ? CoordWord::FreeTextOn : CoordWord::FreeTextOff, freeStyle)) {
      m.setExportFreeText(!s.exportFreeText);
      return;
    }
    y += u * 3.0f;
    y += text(ctx, ctr(CoordWord::FreeTextHint, lang), ctx.fonts.small, ImVec2(box.x0, y), box.width(), c.muted) + u * 0.6f;
    if (!s.notice.empty()) y += text(ctx, s.notice, ctx.fonts.body, ImVec2(box.x0, y), box.width(), c.ink) + u * 0.5f;
  }
  if (s.filtersOpen) {
    std::vector<std::string> projectIds = {""};
    std::vector<std::string> projectNames = {ctr(CoordWord::ReportAllProjects, lang)};
    for (const auto& [id, project] : m.forms().projects) {
      projectIds.push_back(id);
      projectNames.push_back(project.shortName.in(lang));
    }
    const int projectSel =
        static_cast<int>(std::find(projectIds.begin(), projectIds.end(), s.reportProject) - projectIds.begin());
    float h = 0;
    const int p = choices(ctx, projectNames, projectSel, ImVec2(box.x0, y), box.width(), h, ctx.fonts.body);
    y += h + u * 0.4f;
    std::vector<std::optional<core::Intervention>> types = {std::nullopt};
    types.insert(types.end(), core::kInterventions.begin(), core::kInterventions.end());
    std::vector<std::string> typeNames = {ctr(CoordWord::ReportAllTypes, lang)};
    for (std::size_t i = 1; i < types.size(); ++i) typeNames.push_back(core::interventionName(*types[i]).in(lang));
    const int typeSel = static_cast<int>(std::find(types.begin(), types.end(), s.reportIntervention) - types.begin());
    const int t = choices(ctx, typeNames, typeSel, ImVec2(box.x0, y), box.width(), h, ctx.fonts.body);
    y += h + u * 0.6f;
    if (p >= 0) {
      m.setReportProject(projectIds[static_cast<std::size_t>(p)]);
      return;
    }
    if (t >= 0) {
      m.setReportIntervention(types[static_cast<std::size_t>(t)]);
      return;
    }
  }
  if (!s.error.empty()) y += text(ctx, s.error, ctx.fonts.body, ImVec2(box.x0, y), box.width(), c.warning) + u * 0.5f;
  if (!s.report) return;
  const report::Report& r = *s.report;

  ScrollArea area(ctx, "coordinator-report", ImVec2(box.x0, y), ImVec2(box.x1, box.y1));
  const float w = box.width() - u * 0.6f;
  float cy = area.top();
  const report::OccasionCounts& n = r.overall.counts;
  // No children: what is true and what to do, and no empty sections (a new
  // user's trial read "Frafald før → efter –" and the notes on dimensions
  // of a report with nothing in it).
  if (n.children == 0) {
    const CoordWord why = s.loaded.children == 0 ? CoordWord::ReportNothingYet : CoordWord::ReportNoData;
    cy += text(ctx, ctr(why, lang), ctx.fonts.body, ImVec2(box.x0, cy), w, c.ink);
    area.end(cy - area.top() + u);
    return;
  }
  cy += text(ctx,
             ctrf(CoordWord::ReportCounts, lang,
                  {std::to_string(n.children), std::to_string(n.before), std::to_string(n.after),
                   std::to_string(n.followUp), std::to_string(n.allThree)}),
             ctx.fonts.body, ImVec2(box.x0, cy), w, c.ink) +
        u * 0.2f;
  const auto percent = [&](std::optional<double> v) {
    return v ? report::formatNumber(*v, 0, separator(lang)) + " %" : std::string(ctr(CoordWord::ReportNoDataYet, lang));
  };
  cy +=
      text(ctx, ctrf(CoordWord::ReportDropout, lang, {percent(n.afterDropoutPercent()), percent(n.followUpDropoutPercent())}),
           ctx.fonts.small, ImVec2(box.x0, cy), w, c.muted) +
      u * 0.2f;
  // Issue 14 item 1: how many referrers heard back, when any child was referred.
  if (const report::ReferralCounts& ref = r.overall.referral; ref.referred > 0)
    cy += text(ctx,
               ctrf(CoordWord::ReportReferral, lang,
                    {percent(ref.heardBackPercent()), std::to_string(ref.heardBack), std::to_string(ref.referred),
                     percent(ref.afterIntakePercent()), percent(ref.afterClosingPercent())}),
               ctx.fonts.small, ImVec2(box.x0, cy), w, c.muted) +
          u * 0.2f;
  std::string loaded = ctrf(
      CoordWord::Loaded, lang,
      {std::to_string(s.loaded.children), std::to_string(s.loaded.finishedMeasurements), displayDate(s.asOf, lang)});
  if (s.loaded.unfinishedMeasurements > 0)
    loaded += "; " + ctrf(CoordWord::LoadedUnfinished, lang, {std::to_string(s.loaded.unfinishedMeasurements)});
  cy += text(ctx, loaded, ctx.fonts.small, ImVec2(box.x0, cy), w, c.muted) + u * 0.6f;
  for (const report::Warning& warning : r.warnings)
    cy += text(ctx, warning.text, ctx.fonts.small, ImVec2(box.x0, cy), w, c.warning) + u * 0.2f;
  for (const report::Warning& warning : r.overall.warnings)  // small n is in each dimension's card
    if (warning.id != "small_n" && warning.id != "not_measured")
      cy += text(ctx, warning.text, ctx.fonts.small, ImVec2(box.x0, cy), w, c.warning) + u * 0.2f;
  // A dimension no project here measures is a fact about the projects, not
  // an error: a calm note (a new user's trial read the red line under "Alle
  // projekter" as something gone wrong), worded for one project or all.
  if (!r.overall.omittedDimensions.empty()) {
    std::string list;
    for (const auto& name : r.overall.omittedDimensions) list += (list.empty() ? "" : ", ") + name;
    const CoordWord note = s.reportProject.empty() ? CoordWord::ReportNotMeasuredAll : CoordWord::ReportNotMeasuredOne;
    cy += text(ctx, ctrf(note, lang, {list}), ctx.fonts.small, ImVec2(box.x0, cy), w, c.muted) + u * 0.2f;
  }
  for (const report::DimensionResult& d : r.overall.dimensions) {
    const float ch = dimensionCard(ctx, d, box.x0, cy, w);
    cy += ch + u * 0.8f;
  }
  cy += activityFigures(ctx, r.activity, box.x0, cy, w);  // the bridge-builder's, when in scope
  area.end(cy - area.top() + u);
}

float drawTimeline(ViewContext& ctx, const report::Timeline& tl, float x, float y, float width) {
  const core::Lang lang = ctx.lang();
  const Palette& c = palette();
  const float u = em(ctx);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  float cy = y;
  cy += text(ctx, ctrf(CoordWord::TimelineTitle, lang, {tl.code}), ctx.fonts.title, ImVec2(x, cy), width, c.ink) + u * 0.2f;
  std::string sub = tl.projectName;
  for (const auto& i : tl.interventions) sub += " · " + i;
  cy += text(ctx, sub, ctx.fonts.body, ImVec2(x, cy), width, c.muted) + u * 0.8f;
  for (const report::TimelineDimension& d : tl.dimensions) {
    std::string title = d.name;
    if (d.direction == core::Direction::Reversed) title += " (" + std::string(ctr(CoordWord::ReportLowerBetter, lang)) + ")";
    cy += text(ctx, title, ctx.fonts.bold, ImVec2(x, cy), width, c.ink) + u * 0.4f;
    // The scores on the 1-4 scale, one step per measurement in date order.
    const float axisW = u * 1.4f;
    const float plotW = std::min(width - axisW, u * 30.0f);
    const float plotH = u * 4.5f;
    const float top = cy + u * 0.5f;
    const float bottom = top + plotH;
    const float x0 = x + axisW;
    const auto yOf = [&](double v) { return bottom - static_cast<float>((v - 1.0) / 3.0) * plotH; };
    for (int v = 1; v <= 4; ++v) {
      dl->AddLine(ImVec2(x0, yOf(v)), ImVec2(x0 + plotW, yOf(v)), kGrid, std::max(1.0f, u * 0.05f));
      text(ctx, std::to_string(v), ctx.fonts.small, ImVec2(x, yOf(v) - ctx.fonts.small->FontSize * 0.5f), axisW * 0.8f,
           c.muted);
    }
    const std::size_t count = d.points.size();
    const float step = count > 1 ? plotW / static_cast<float>(count) : plotW;
    std::optional<ImVec2> previous;
    for (std::size_t i = 0; i < count; ++i) {
      const report::TimelinePoint& pt = d.points[i];
      const float px = x0 + step * (static_cast<float>(i) + 0.5f);
      if (pt.score) {
        const ImVec2 at(px, yOf(*pt.score));
        if (previous) dl->AddLine(*previous, at, c.primary, u * 0.15f);
        dl->AddCircleFilled(at, u * 0.28f, c.primary);
        const std::string v = number(pt.score, 2, lang);
        const float tw = measureText(ctx.fonts.small, v, FLT_MAX).x;
        text(ctx, v, ctx.fonts.small, ImVec2(px - tw * 0.5f, at.y - u * 1.2f), tw + 1, c.ink);
        previous = at;
      } else {
        previous.reset();
      }
      // Labels under the main occasions, and under every point when there is room.
      if (pt.occasion != core::Occasion::Progression || step > u * 4.5f) {
        const std::string label = occasionLabel(pt.occasion, lang);
        const float tw = measureText(ctx.fonts.small, label, FLT_MAX).x;
        text(ctx, label, ctx.fonts.small, ImVec2(px - tw * 0.5f, bottom + u * 0.2f), tw + 1, c.muted);
      }
    }
    cy = bottom + u * 0.3f + ctx.fonts.small->FontSize + u * 0.3f;
    for (const report::TimelineChange& ch : d.changes) {
      const CoordWord word = ch.change == core::Change::Improved    ? CoordWord::Improved
                       : ch.change == core::Change::Unchanged ? CoordWord::Unchanged
                                                              : CoordWord::Worse;
      const std::string line = report::pairName(ch.pair) + ": " + number(ch.before, 2, lang) + " → " +
                               number(ch.after, 2, lang) + " (" + ctr(word, lang) + ")";
      cy += text(ctx, line, ctx.fonts.small, ImVec2(x, cy), width, c.ink) + u * 0.1f;
    }
    cy += u * 0.8f;
  }
  if (!tl.omittedDimensions.empty()) {
    std::string list;
    for (const auto& name : tl.omittedDimensions) list += (list.empty() ? "" : ", ") + name;
    cy += text(ctx, ctrf(CoordWord::TimelineOmitted, lang, {list}), ctx.fonts.small, ImVec2(x, cy), width, c.muted);
  }
  return cy - y + u;
}

}  // namespace spor::ui
