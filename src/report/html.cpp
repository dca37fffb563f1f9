// The HTML report: one self-contained file. Inline CSS and SVG, no scripts,
// no fonts or images from elsewhere, so it opens offline in any browser and
// can be mailed or printed as it is. Every text from the data or the forms
// goes through htmlEscape.
#include <ostream>
#include <sstream>

#include "core/occasions.hpp"
#include "messages/message.hpp"
#include "report/format.hpp"
#include "report/svg.hpp"
#include "report/writers.hpp"

namespace spor::report {

namespace {

const char* kStyle = R"CSS(
:root { --ink: #1e2a36; --muted: #5b6673; --line: #d9dee5; --head: #1f3f60; --soft: #f3f6f9;
  --good: #2e7d5b; --bad: #c4553b; --warn-bg: #fff6e0; --warn-line: #e3b341; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; color: var(--ink); background: #fff;
  font: 15px/1.5 "Segoe UI", "Helvetica Neue", Helvetica, Arial, "DejaVu Sans", sans-serif; }
main { max-width: 1040px; margin: 0 auto; padding: 32px 28px 48px; }
header.top { border-bottom: 3px solid var(--head); padding-bottom: 14px; margin-bottom: 22px; }
.eyebrow { margin: 0; color: var(--muted); font-size: 13px; letter-spacing: .06em; text-transform: uppercase; }
h1 { margin: 4px 0 6px; font-size: 30px; line-height: 1.2; color: var(--head); }
h2 { margin: 36px 0 12px; font-size: 22px; color: var(--head); border-bottom: 1px solid var(--line); padding-bottom: 4px; }
h3 { margin: 22px 0 6px; font-size: 17px; color: var(--head); }
p { margin: 6px 0; }
.meta { margin: 0; color: var(--muted); font-size: 14px; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(150px, 1fr)); gap: 10px; margin: 14px 0; }
.card { background: var(--soft); border-radius: 6px; padding: 10px 14px; }
.card .big { display: block; font-size: 24px; font-weight: 600; color: var(--head); font-variant-numeric: tabular-nums; }
.card .small { color: var(--muted); font-size: 13px; }
.callout { background: var(--warn-bg); border-left: 4px solid var(--warn-line); padding: 10px 14px; margin: 14px 0; border-radius: 0 6px 6px 0; }
.callout h3 { margin: 0 0 4px; font-size: 15px; }
.callout ul { margin: 4px 0 0 18px; padding: 0; }
.info { background: var(--soft); border-left: 4px solid #9fb8d3; padding: 8px 14px; margin: 10px 0; border-radius: 0 6px 6px 0; }
article.dimension { border-top: 1px solid var(--line); padding-top: 6px; margin-top: 18px; }
article.dimension h3 { margin-top: 10px; }
.scale-note { color: var(--muted); font-size: 13px; margin: 0 0 6px; }
.charts { display: grid; grid-template-columns: minmax(0, 46fr) minmax(0, 54fr); gap: 16px; align-items: start; margin: 6px 0 8px; }
.chart { width: 100%; height: auto; display: block; }
.chart text { font-size: 12px; fill: var(--ink); }
.chart text.axis { fill: var(--muted); font-size: 11px; }
.chart text.value { font-weight: 600; font-size: 13px; }
.chart text.label { font-size: 12px; font-weight: 600; }
.chart text.inbar { fill: #fff; font-size: 12px; font-weight: 600; }
.chart text.inbar.dark { fill: var(--ink); }
table { border-collapse: collapse; width: 100%; margin: 6px 0 4px; font-size: 13.5px; font-variant-numeric: tabular-nums; }
th, td { padding: 5px 8px; border-bottom: 1px solid var(--line); text-align: right; vertical-align: top; white-space: nowrap; }
td.text, td:first-child { white-space: normal; }
table.groups { table-layout: fixed; }
table.groups th { white-space: normal; }
table.groups col.dim { width: 25%; }
table.groups col.mean { width: 7%; }
table.groups col.pair { width: 18%; }
th { background: var(--soft); color: var(--head); font-weight: 600; font-size: 12.5px; }
th:first-child, td:first-child, td.text, th.text { text-align: left; }
td.stars { text-align: left; font-weight: 700; width: 3em; }
td.good { color: var(--good); }
td.bad { color: var(--bad); }
.pair-cell .main { font-weight: 600; }
.pair-cell .sub { display: block; color: var(--muted); font-size: 12px; }
.note { color: var(--muted); font-size: 12.5px; margin: 2px 0; }
.bar { display: inline-block; height: 10px; background: #4d7aa8; border-radius: 2px; vertical-align: middle;
  -webkit-print-color-adjust: exact; print-color-adjust: exact; }
td.barcell { width: 32%; text-align: left; }
.fid-high { background: #e3eef9; }
.timeline-row { display: grid; grid-template-columns: minmax(0, 58fr) minmax(0, 42fr); gap: 18px; align-items: start; }
.profile-grid { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 6px 28px; }
.profile-grid > div { break-inside: avoid; }
ul.plain { margin: 4px 0 4px 18px; padding: 0; }
ul.plain li { margin: 3px 0; }
table.overview td.dir { text-align: left; white-space: nowrap; font-weight: 600; }
table.overview td.dir.better { color: var(--good); }
table.overview td.dir.worse { color: var(--bad); }
table.overview td.dir.same { color: var(--muted); }
section.summary h2 { margin-top: 20px; }
footer { margin-top: 36px; padding-top: 10px; border-top: 1px solid var(--line); color: var(--muted); font-size: 12.5px; }
@media screen and (max-width: 760px) { .charts, .profile-grid, .timeline-row { grid-template-columns: 1fr; } main { padding: 18px 14px; } }
@media print {
  body { font-size: 10pt; }
  table { font-size: 8.5pt; }
  th, td { padding: 3px 5px; }
  .cards { grid-template-columns: repeat(5, minmax(0, 1fr)); }
  .card .big { font-size: 16pt; }
  main { max-width: none; padding: 0; }
  h1 { font-size: 20pt; }
  h2 { font-size: 14pt; margin-top: 18pt; }
  /* No heading, lead-in or table header left at the foot of a page: each
     keeps to what follows it. */
  h1, h2, h3, .keep-next, .scale-note, thead { break-after: avoid; page-break-after: avoid; }
  /* No chart, table row, card or short block split across pages; long
     tables break between rows and repeat their header row. */
  svg, .charts, tr, .card, .cards, .callout, .timeline-row, .profile-grid > div, .fid-head { break-inside: avoid; page-break-inside: avoid; }
  article.dimension { break-inside: avoid; }
  thead { display: table-header-group; }
  p { orphans: 3; widows: 3; }
  section.page { break-before: page; }
  section.summary { break-after: page; }
  footer { break-inside: avoid; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  a { color: inherit; text-decoration: none; }
}
)CSS";

const char* kGroupIntro =
    "<p class=\"note\">Tabellerne viser gennemsnittet ved hver måling og, for hver udvikling, den gennemsnitlige "
    "ændring med signifikans og n; derunder andelen forbedret / uændret / forværret i procent.</p>\n";

std::string esc(const std::string& s) { return htmlEscape(s); }

std::string signedNumber(std::optional<double> v, int decimals) {
  if (!v) return "–";
  const std::string s = formatNumber(*v, decimals);
  return (s[0] != '-' && s.find_first_not_of("0,") != std::string::npos) ? "+" + s : s;
}

std::string pct(std::optional<double> v) { return v ? formatPercent(*v) : "–"; }

std::string count(std::size_t n) { return std::to_string(n); }

// "1 barn", "2 børn"
std::string children(std::size_t n) { return count(n) + (n == 1 ? " barn" : " børn"); }

// "n for før- og eftermåling: 377, n for efter- og opfølgende måling: 197, ..."
std::string nNote(const DimensionResult& d) {
  std::string out = "Note: ";
  for (std::size_t i = 0; i < d.pairs.size(); ++i) {
    if (i > 0) out += ", ";
    out += "n for " + pairNoteName(d.pairs[i].pair) + ": " + count(d.pairs[i].test.n);
  }
  return out + ".";
}

std::string directionNote(core::Direction dir) {
  return dir == core::Direction::Positive
             ? "Skala 1–4, hvor 4 = ingen udfordringer. En stigning er en positiv udvikling."
             : "Skala 1–4, hvor 1 = ingen udfordringer. Et fald er en positiv udvikling.";
}

void writeWarnings(std::ostream& o, const std::vector<Warning>& warnings, const std::string& title) {
  if (warnings.empty()) return;
  o << "<div class=\"callout\" role=\"note\"><h3>" << esc(title) << "</h3><ul>";
  for (const auto& w : warnings) o << "<li data-warning=\"" << esc(w.id) << "\">" << esc(w.text) << "</li>";
  o << "</ul></div>\n";
}

void writeCards(std::ostream& o, const OccasionCounts& c) {
  o << "<div class=\"cards\">";
  auto card = [&](const std::string& big, const std::string& label) {
    o << "<div class=\"card\"><span class=\"big\">" << esc(big) << "</span><span class=\"small\">" << esc(label)
      << "</span></div>";
  };
  card(count(c.children), "børn i alt");
  card(count(c.before), "førmålinger");
  card(count(c.after), "eftermålinger");
  card(count(c.followUp), "opfølgende målinger");
  card(c.followUpDropoutPercent() ? formatPercent(*c.followUpDropoutPercent(), 0) : "–",
       "frafald ved opfølgning (" + count(c.followUpMissing) + " af " + count(c.followUpDue) + " forfaldne)");
  o << "</div>\n";
  o << "<p class=\"note\">" << children(c.allThree) << " har alle tre målinger. ";
  if (c.followUpPending > 0)
    o << children(c.followUpPending) << " venter stadig på opfølgning (ikke forfalden endnu) og tæller ikke som frafald. ";
  if (c.afterDue > 0)
    o << "Frafald før → efter: " << (c.afterDropoutPercent() ? formatPercent(*c.afterDropoutPercent(), 0) : "–") << " ("
      << count(c.afterMissing) << " af " << count(c.afterDue) << " forfaldne). ";
  if (c.progressionMeasurements > 0)
    o << count(c.progressionMeasurements) << " progressionsmålinger hos " << children(c.progressionChildren) << ".";
  o << "</p>\n";
  // Why children dropped out (issue 14), when any reason is known.
  for (const auto& [title, why] : {std::pair{"Frafald før → efter efter grund", &c.afterMissingWhy},
                                   std::pair{"Frafald ved opfølgning efter grund", &c.followUpMissingWhy}}) {
    if (why->empty()) continue;
    o << "<p class=\"note\">" << title << ": ";
    bool first = true;
    for (const auto& [id, n] : *why) {
      o << (first ? "" : "; ") << esc(dropoutReasonName(id)) << " " << count(n);
      first = false;
    }
    o << ".</p>\n";
  }
}

// The direction of the change før → efter in the dimension's favourable
// sense: "Bedre", "Dårligere" or "Uændret", with the stars.
struct DirectionWord {
  std::string cls;
  std::string text;
};
DirectionWord directionOf(const DimensionResult& d) {
  const PairResult& pr = d.pairs[0];
  if (pr.test.n == 0 || !pr.test.meanDifference) return {"same", "ingen data"};
  const double diff = *pr.test.meanDifference;
  const double favourable = d.direction == core::Direction::Positive ? diff : -diff;
  if (formatNumber(diff, 2) == "0,00") return {"same", "= uændret"};
  return favourable > 0 ? DirectionWord{"better", "▲ bedre" + pr.stars}
                        : DirectionWord{"worse", "▼ dårligere" + pr.stars};
}

// One row per dimension: the means, the change før → efter and its
// direction, and the shares improved / unchanged / worse.
void writeOverview(std::ostream& o, const GroupResult& g) {
  if (g.dimensions.empty()) return;
  o << "<h2>Udviklingen på ét blik</h2>\n";
  o << "<table class=\"overview\"><thead><tr><th>Dimension</th><th>Før</th><th>Efter</th><th>Før → efter</th>"
       "<th>n</th><th class=\"text\">Retning</th><th>Forbedret / uændret / forværret</th><th>Før → opf.</th>"
       "</tr></thead><tbody>";
  for (const auto& d : g.dimensions) {
    const PairResult& ba = d.pairs[0];
    const PairResult& bf = d.pairs[2];
    const DirectionWord dir = directionOf(d);
    o << "<tr data-dimension=\"" << esc(d.id) << "\"><td>" << esc(d.name)
      << (d.direction == core::Direction::Reversed ? " <span class=\"note\">(omvendt)</span>" : "") << "</td><td>"
      << formatOptional(d.means[0].summary.mean, 2) << "</td><td>" << formatOptional(d.means[1].summary.mean, 2)
      << "</td><td>" << signedNumber(ba.test.meanDifference, 2) << esc(ba.stars) << "</td><td>" << ba.test.n
      << "</td><td class=\"dir " << dir.cls << "\">" << esc(dir.text) << "</td><td>"
      << formatOptional(ba.changes.improvedPercent(), 0) << " / " << formatOptional(ba.changes.unchangedPercent(), 0)
      << " / " << formatOptional(ba.changes.worsePercent(), 0) << " %</td><td>"
      << signedNumber(bf.test.meanDifference, 2) << esc(bf.stars) << " <span class=\"note\">n = " << bf.test.n
      << "</span></td></tr>";
  }
  o << "</tbody></table>\n<p class=\"note\">Retning: om gennemsnittet har flyttet sig i dimensionens gode retning "
       "fra før- til eftermåling (for selvskade og selvmordsadfærd er et fald bedre). "
    << esc(core::starsLegend()) << ". Detaljer, figurer og forbehold følger på de næste sider.</p>\n";
}

void writeDimension(std::ostream& o, const DimensionResult& d) {
  o << "<article class=\"dimension\" data-dimension=\"" << esc(d.id) << "\">\n<h3>" << esc(d.name) << "</h3>\n";
  o << "<p class=\"scale-note\">" << esc(directionNote(d.direction)) << "</p>\n";
  o << "<div class=\"charts\">" << svg::meansChart(d) << svg::changeChart(d) << "</div>\n";
  o << "<table><thead><tr><th>Udvikling</th><th>n</th><th>Gns. fra</th><th>Gns. til</th><th>Ændring</th>"
       "<th>p</th><th class=\"text\">Sign.</th><th>Forbedret</th><th>Uændret</th><th>Forværret</th></tr></thead><tbody>";
  for (const auto& pr : d.pairs) {
    o << "<tr data-pair=\"" << pairId(pr.pair) << "\"><td>" << esc(pairName(pr.pair)) << "</td><td>" << pr.test.n
      << "</td><td>" << formatOptional(pr.test.meanBefore, 2) << "</td><td>" << formatOptional(pr.test.meanAfter, 2)
      << "</td><td>" << signedNumber(pr.test.meanDifference, 2) << "</td><td>" << formatP(pr.test.p)
      << "</td><td class=\"stars\">" << esc(pr.stars) << "</td><td class=\"good\">" << pct(pr.changes.improvedPercent())
      << "</td><td>" << pct(pr.changes.unchangedPercent()) << "</td><td class=\"bad\">"
      << pct(pr.changes.worsePercent()) << "</td></tr>";
  }
  o << "</tbody></table>\n";
  o << "<p class=\"note\">" << esc(nNote(d)) << "</p>\n";
  o << "<p class=\"note\">Note: " << esc(core::starsLegend()) << "</p>\n";
  for (const auto& w : d.warnings) o << "<p class=\"note\" data-warning=\"" << esc(w.id) << "\">⚠ " << esc(w.text) << "</p>\n";
  o << "</article>\n";
}

std::string pairCell(const PairResult& pr) {
  if (pr.test.n == 0) return "<td class=\"pair-cell\">–<span class=\"sub\">n = 0</span></td>";
  std::string s = "<td class=\"pair-cell\"><span class=\"main\">" + signedNumber(pr.test.meanDifference, 2) +
                  esc(pr.stars) + "</span> <span class=\"note\">n = " + count(pr.test.n) + "</span>";
  s += "<span class=\"sub\">" + formatOptional(pr.changes.improvedPercent(), 0) + " / " +
       formatOptional(pr.changes.unchangedPercent(), 0) + " / " + formatOptional(pr.changes.worsePercent(), 0) +
       " %</span></td>";
  return s;
}

void writeGroup(std::ostream& o, const GroupResult& g) {
  const OccasionCounts& c = g.counts;
  o << "<div class=\"group\" data-group=\"" << groupKindId(g.kind) << ":" << esc(g.id) << "\">\n<h3>" << esc(g.title)
    << "</h3>\n";
  o << "<p class=\"note keep-next\">" << children(c.children) << " · før " << count(c.before) << " · efter "
    << count(c.after) << " · opfølgning " << count(c.followUp) << " · frafald ved opfølgning "
    << (c.followUpDropoutPercent() ? formatPercent(*c.followUpDropoutPercent(), 0) : "–") << "</p>\n";
  o << referralHtml(g.referral);
  o << "<table class=\"groups\"><colgroup><col class=\"dim\"><col class=\"mean\"><col class=\"mean\">"
       "<col class=\"mean\"><col class=\"pair\"><col class=\"pair\"><col class=\"pair\"></colgroup>"
       "<thead><tr><th>Dimension</th><th>Før</th><th>Efter</th><th>Opf.</th>";
  for (OccasionPair p : kPairs) o << "<th>" << esc(pairName(p)) << "</th>";
  o << "</tr></thead><tbody>";
  for (const auto& d : g.dimensions) {
    o << "<tr data-dimension=\"" << esc(d.id) << "\"><td>" << esc(d.name)
      << (d.direction == core::Direction::Reversed ? " <span class=\"note\">(omvendt)</span>" : "") << "</td>";
    for (const auto& m : d.means) o << "<td>" << formatOptional(m.summary.mean, 2) << "</td>";
    for (const auto& pr : d.pairs) o << pairCell(pr);
    o << "</tr>";
  }
  o << "</tbody></table>\n";
  o << "<p class=\"note\">Note: " << esc(core::starsLegend()) << "</p>\n";
  std::vector<Warning> groupWarnings;
  for (const auto& w : g.warnings)
    if (w.id != "small_n") groupWarnings.push_back(w);
  for (const auto& w : groupWarnings)
    o << "<p class=\"note\" data-warning=\"" << esc(w.id) << "\">⚠ " << esc(w.text) << "</p>\n";
  std::size_t small = 0;
  for (const auto& w : g.warnings) small += w.id == "small_n" ? 1U : 0U;
  if (small > 0)
    o << "<p class=\"note\" data-warning=\"small_n\">⚠ " << small << " af udviklingerne bygger på færre end " << kSmallN
      << " børn og fortolkes varsomt.</p>\n";
  o << "</div>\n";
}

void writeProfile(std::ostream& o, const Profile& p) {
  o << "<p>" << count(p.withBackground) << " af " << count(p.children)
    << " børn har et udfyldt baggrundsskema. Andelene er af de børn, der har svaret på spørgsmålet.</p>\n";
  if (p.ageAtStart && p.ageAtStart->mean)
    o << "<p><strong>Alder ved start:</strong> gennemsnit " << formatNumber(*p.ageAtStart->mean, 1) << " år (n = "
      << p.ageAtStart->n << ").</p>\n";
  // Years and numbers as one line each; option questions as tables in a grid.
  for (const auto& q : p.questions) {
    if (q.type != core::QuestionType::Year && q.type != core::QuestionType::Number) continue;
    o << "<p data-question=\"" << esc(q.id) << "\"><strong>" << esc(q.text) << "</strong> Besvaret for "
      << children(q.answered);
    if (q.numbers.mean) {
      if (q.type == core::QuestionType::Number) o << " · gennemsnit " << formatNumber(*q.numbers.mean, 1);
      o << " · fra " << formatOptional(q.min, 0) << " til " << formatOptional(q.max, 0);
    }
    o << ".</p>\n";
  }
  o << "<div class=\"profile-grid\">\n";
  for (const auto& q : p.questions) {
    if (q.type == core::QuestionType::Year || q.type == core::QuestionType::Number) continue;
    o << "<div data-question=\"" << esc(q.id) << "\"><h3>" << esc(q.text) << "</h3>";
    o << "<table><thead><tr><th>Svar</th><th>Antal</th><th>Andel</th><th class=\"text\"></th></tr></thead><tbody>";
    for (const auto& opt : q.options) {
      const double share = opt.percent.value_or(0.0);
      o << "<tr><td>" << esc(opt.label) << "</td><td>" << opt.count << "</td><td>" << pct(opt.percent)
        << "</td><td class=\"barcell\"><span class=\"bar\" style=\"width:" << formatNumber(share, 1, '.')
        << "%\"></span></td></tr>";
    }
    o << "</tbody></table><p class=\"note\">Besvaret for " << children(q.answered);
    if (q.missing > 0) o << ", mangler for " << q.missing;
    o << ".";
    if (q.type == core::QuestionType::Multi) o << " Flere svar muligt, så andelene summerer ikke til 100 %.";
    if (q.otherCount > 0) o << " " << q.otherCount << " har skrevet et andet svar (fritekst vises ikke).";
    o << "</p></div>\n";
  }
  o << "</div>\n";
}

void writeFidelity(std::ostream& o, const std::vector<FidelityResult>& list) {
  o << "<p>Fidelitet er graden af, hvor nøjagtigt indsatsen er gennemført som tiltænkt, vurderet af den, der udfører "
       "indsatsen, på en skala fra 1 (slet ikke) til 5 (altid). Projektgennemsnittet er det uvægtede gennemsnit af "
       "spørgsmålenes gennemsnit. Evalueringens gennemsnit (Bilag 2) står til sammenligning.</p>\n";
  o << "<table class=\"fidelity-summary\"><thead><tr><th>Projekt</th><th>Besvarelser</th><th>Projektgennemsnit</th>"
       "<th>Evalueringens</th></tr></thead><tbody>";
  for (const auto& f : list) {
    const bool high = f.projectMean && *f.projectMean >= 4.0;
    o << "<tr><td>" << esc(f.projectName) << "</td><td>" << (f.form.empty() ? "måles ikke" : count(f.responses))
      << "</td><td" << (high ? " class=\"fid-high\"" : "") << ">" << formatOptional(f.projectMean, 2) << "</td><td>"
      << formatOptional(f.reportProjectMean, 2) << "</td></tr>";
  }
  o << "</tbody></table>\n";
  for (const auto& f : list) {
    o << "<div class=\"group\" data-fidelity=\"" << esc(f.project) << "\"><h3>" << esc(f.projectName) << "</h3>";
    if (f.form.empty()) {
      o << "<p class=\"note\">Fidelitet måles ikke i dette projekt. Evalueringen målte heller ikke fidelitet i de to "
           "projekter, der ikke var tilstrækkeligt manualiserede (erfaringsopsamlingen, afsnit 4).</p></div>\n";
      continue;
    }
    o << "<p class=\"keep-next\"><strong>Projektgennemsnit: " << formatOptional(f.projectMean, 2) << "</strong> ("
      << f.responses << (f.responses == 1 ? " besvarelse" : " besvarelser") << ")";
    if (f.reportProjectMean) o << " · evalueringens: " << formatNumber(*f.reportProjectMean, 2);
    o << "</p>";
    if (f.responses == 0) {
      o << "<p class=\"note\">Ingen fidelitetsbesvarelser endnu.</p></div>\n";
      continue;
    }
    o << "<table><thead><tr><th>#</th><th class=\"text\">Spørgsmål</th><th>n</th><th>Gns.</th><th>Evalueringen</th>"
         "</tr></thead><tbody>";
    std::string lastGroup;
    std::size_t number = 0;
    for (const auto& item : f.items) {
      ++number;
      if (!item.group.empty() && item.group != lastGroup) {
        o << "<tr><td colspan=\"5\" class=\"text\"><strong>" << esc(item.group) << "</strong></td></tr>";
        lastGroup = item.group;
      }
      const bool high = item.summary.mean && *item.summary.mean >= 4.0;
      o << "<tr><td>" << number << "</td><td class=\"text\">" << esc(item.text) << "</td><td>" << item.summary.n
        << "</td><td" << (high ? " class=\"fid-high\"" : "") << ">" << formatOptional(item.summary.mean, 2)
        << "</td><td>" << formatOptional(item.reportMean, 2) << "</td></tr>";
    }
    o << "</tbody></table><p class=\"note\">Blå baggrund: gennemsnit på 4 eller derover (høj grad af fidelitet).</p></div>\n";
  }
}

void writeMethod(std::ostream& o, const Method& m) {
  o << "<h3>Scoringsregel</h3><p>" << esc(m.scoringRule) << "</p>\n";
  o << "<h3>Svarskalaer</h3><ul class=\"plain\">";
  for (const auto& s : m.scales) {
    std::string labels;
    for (std::size_t i = 0; i < s.labels.size(); ++i) labels += (i > 0 ? "; " : "") + s.labels[i];
    o << "<li><strong>" << esc(s.name) << "</strong> (" << esc(joinDanish(s.dimensions, "og")) << "): " << esc(labels)
      << ".</li>";
  }
  o << "</ul>\n<h3>Retning</h3><ul class=\"plain\">";
  for (const auto& d : m.directionNotes) o << "<li>" << esc(d) << "</li>";
  o << "</ul>\n<h3>Analyse</h3><ul class=\"plain\">";
  for (const auto& s : m.statements) o << "<li>" << esc(s) << "</li>";
  o << "</ul>\n<h3>Forbehold</h3><ul class=\"plain\">";
  for (const auto& c : m.caveats) o << "<li>" << esc(c) << "</li>";
  o << "</ul>\n<h3>Kilde</h3><p>" << esc(render(Msg::ReportSourceReference, Lang::Da)) << "</p>\n";
}

std::string period(const Report& r) {
  if (!r.firstDate || !r.lastDate) return "ingen målinger";
  return danishDate(core::formatDate(*r.firstDate)) + " – " + danishDate(core::formatDate(*r.lastDate));
}

// A CSS string literal: quotes, backslashes and line breaks escaped, and '<'
// too, so that no text can close the <style> element.
std::string cssString(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (c == '<') {
      out += "\\3C ";
    } else if (c == '\n' || c == '\r') {
      out += "\\A ";
    } else {
      out += c;
    }
  }
  return out + "\"";
}

// The printed page: A4, and on every page the programme, the selection, the
// period, the day the report was made and "Side 3 af 12" (CSS margin boxes).
std::string pageStyle(const Report& r) {
  const std::string small = "font: 8pt \"DejaVu Sans\", Arial, sans-serif; color: #5b6673;";
  return "@page { size: A4; margin: 17mm 12mm 16mm;\n"
         "  @top-left { content: " +
         cssString(r.programme + " · " + r.scopeTitle) + "; " + small +
         " }\n"
         "  @top-right { content: " +
         cssString("Målinger " + period(r)) + "; " + small +
         " }\n"
         "  @bottom-left { content: " +
         cssString("Spor · dannet " + danishDate(core::formatDate(r.asOf)) + " · kun pseudonyme koder") + "; " + small +
         " }\n"
         "  @bottom-right { content: \"Side \" counter(page) \" af \" counter(pages); " +
         small + " }\n}\n";
}

void writeHead(std::ostream& o, const std::string& title, const Report& r) {
  o << "<!DOCTYPE html>\n<html lang=\"da\">\n<head>\n<meta charset=\"utf-8\">\n"
       "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
       "<meta name=\"generator\" content=\"Spor\">\n<title>"
    << esc(title) << "</title>\n<style>" << kStyle << pageStyle(r) << "</style>\n</head>\n<body>\n";
}

void writeFooter(std::ostream& o, const Report& r) {
  o << "<footer>Kilde: Spor-målinger, " << esc(period(r)) << ". Rapporten er dannet "
    << esc(danishDate(core::formatDate(r.asOf)))
    << ". Den indeholder kun pseudonyme koder og ingen navne eller fritekst.</footer>\n";
}

void writeTimeline(std::ostream& o, const Report& r) {
  const Timeline& t = *r.timeline;
  writeHead(o, "Spor – forløb for " + t.code, r);
  o << "<main id=\"spor-report\" data-kind=\"timeline\">\n<header class=\"top\"><p class=\"eyebrow\">Spor · "
       "barnets forløb</p><h1>Forløb for "
    << esc(t.code) << "</h1><p class=\"meta\">" << esc(t.projectName);
  if (!t.interventions.empty()) o << " · " << esc(joinDanish(t.interventions, "og"));
  o << " · " << esc(period(r)) << "</p></header>\n";
  o << "<div class=\"info\">Kurverne viser barnets egne svar over tid. De kan bruges som udgangspunkt for en samtale "
       "med barnet om, hvordan det går – ikke som en vurdering af barnet.</div>\n";
  if (!t.omittedDimensions.empty()) {
    std::vector<std::string> lower;
    for (const auto& name : t.omittedDimensions) lower.push_back(lowerFirst(name));
    o << "<p class=\"note\" data-warning=\"not_measured\">Projektet måler ikke " << esc(joinDanish(lower, "eller"))
      << "; " << (lower.size() == 1 ? "den er" : "de er") << " udeladt.</p>\n";
  }
  for (const auto& d : t.dimensions) {
    o << "<article class=\"dimension\" data-dimension=\"" << esc(d.id) << "\"><h3>" << esc(d.name) << "</h3>\n";
    o << "<p class=\"scale-note\">" << esc(directionNote(d.direction)) << "</p>\n";
    if (!d.note.empty()) o << "<p class=\"note\" data-warning=\"dimension_note\">⚠ " << esc(d.note) << "</p>\n";
    o << "<div class=\"timeline-row\">" << svg::timelineChart(d) << "<div>";
    o << "<table><thead><tr><th>Måling</th><th>Dato</th><th>Score</th><th>Besvaret</th></tr></thead><tbody>";
    for (const auto& p : d.points)
      o << "<tr><td>" << esc(core::occasionName(p.occasion).da) << "</td><td>" << esc(numericDate(p.date))
        << "</td><td>" << formatOptional(p.score, 2) << "</td><td>"
        << (p.items > 0 && p.answered == 0 && p.score ? std::string("–")
                                                       : std::to_string(p.answered) + " af " + std::to_string(p.items))
        << "</td></tr>";
    o << "</tbody></table>\n";
    for (const auto& c : d.changes)
      o << "<p class=\"note\">" << esc(pairName(c.pair)) << ": " << formatNumber(c.before, 2) << " → "
        << formatNumber(c.after, 2) << " (" << esc(c.change == core::Change::Improved    ? "forbedret"
                                                   : c.change == core::Change::Worse ? "forværret"
                                                                                     : "uændret")
        << ")</p>\n";
    o << "</div></div>\n";
    o << "</article>\n";
  }
  o << "<section class=\"page\"><h2>Metode</h2>";
  writeMethod(o, r.method);
  o << "</section>\n";
  writeFooter(o, r);
  o << "</main>\n</body>\n</html>\n";
}

}  // namespace

void writeHtml(const Report& r, std::ostream& o) {
  if (r.timeline) {
    writeTimeline(o, r);
    return;
  }
  writeHead(o, "Spor – resultater: " + r.scopeTitle, r);
  o << "<main id=\"spor-report\" data-kind=\"programme\">\n";
  // The first page: the programme at a glance. The details follow.
  o << "<section class=\"summary\" id=\"overblik\">\n<header class=\"top\"><p class=\"eyebrow\">" << esc(r.programme)
    << " · resultater for børnenes trivsel, mestring og selvopfattelse</p><h1>" << esc(r.scopeTitle)
    << "</h1><p class=\"meta\">Målinger " << esc(period(r)) << " · dannet " << esc(danishDate(core::formatDate(r.asOf)))
    << "</p></header>\n";

  writeCards(o, r.overall.counts);
  o << referralHtml(r.overall.referral);
  writeOverview(o, r.overall);
  std::vector<Warning> top = r.warnings;
  for (const auto& w : r.overall.warnings)
    if (w.id != "small_n") top.push_back(w);
  writeWarnings(o, top, "Vær opmærksom på");
  for (const auto& n : r.notes) o << "<p class=\"info\">" << esc(n) << "</p>\n";
  o << "</section>\n";

  o << "<section id=\"udvikling\"><h2>Udvikling pr. dimension</h2>\n";
  o << "<p>For hver dimension: gennemsnittet ved før-, efter- og opfølgende måling, og hvor stor en andel af børnene "
       "der har oplevet en forbedring, status quo eller en negativ udvikling mellem to målinger.</p>\n";
  if (r.overall.dimensions.empty()) o << "<p>Ingen dimensioner at vise.</p>\n";
  for (const auto& d : r.overall.dimensions) writeDimension(o, d);
  o << "</section>\n";

  if (!r.byProject.empty()) {
    o << "<section id=\"projekter\" class=\"page\"><h2>Efter projekt</h2>\n"
         "<p>Hvert projekt måler kun de dimensioner, det har valgt; de øvrige er udeladt, ikke sat til 0.</p>\n"
      << kGroupIntro;
    for (const auto& g : r.byProject) writeGroup(o, g);
    o << "</section>\n";
  }
  if (!r.byIntervention.empty()) {
    o << "<section id=\"indsatstyper\" class=\"page\"><h2>Efter indsatstype</h2>\n" << kGroupIntro;
    for (const auto& n : r.notes) o << "<p class=\"note\">" << esc(n) << "</p>\n";
    for (const auto& g : r.byIntervention) writeGroup(o, g);
    o << "</section>\n";
  }
  if (!r.byMunicipality.empty()) {
    o << "<section id=\"kommuner\" class=\"page\"><h2>Efter kommune</h2>\n"
         "<p>Barnets kommune, som den frivillige har valgt den blandt projektets kommuner. Børn, hvis kommune ikke "
         "er registreret, står til sidst.</p>\n"
      << kGroupIntro;
    for (const auto& g : r.byMunicipality) writeGroup(o, g);
    o << "</section>\n";
  }

  o << "<section id=\"maalgruppe\" class=\"page\"><h2>Målgruppen</h2>\n";
  writeProfile(o, r.profile);
  o << "</section>\n";

  o << activityHtml(r.activity);

  o << "<section id=\"fidelitet\" class=\"page\"><h2>Fidelitet</h2>\n";
  writeFidelity(o, r.fidelity);
  o << "</section>\n";

  o << "<section id=\"metode\" class=\"page\"><h2>Metode og forbehold</h2>\n";
  writeMethod(o, r.method);
  o << "</section>\n";
  writeFooter(o, r);
  o << "</main>\n</body>\n</html>\n";
}

std::string renderHtml(const Report& report) {
  std::ostringstream out;
  writeHtml(report, out);
  return out.str();
}

}  // namespace spor::report
