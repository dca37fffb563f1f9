// The report's main tables as CSV, for a spreadsheet. One file, several
// sections, each with a title line, a header line and a blank line after it.
#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <ostream>
#include <sstream>
#include <system_error>

#include "core/occasions.hpp"
#include "core/private_files.hpp"
#include "report/format.hpp"
#include "report/writers.hpp"

namespace spor::report {

namespace {

class Csv {
 public:
  Csv(std::ostream& out, CsvStyle style) : out_(out), sep_(style.danish ? ';' : ','), dec_(style.danish ? ',' : '.') {}

  void title(const std::string& t) { out_ << csvField("# " + t, sep_) << "\n"; }
  void blank() { out_ << "\n"; }
  void row(const std::vector<std::string>& fields) {
    for (std::size_t i = 0; i < fields.size(); ++i) out_ << (i > 0 ? std::string(1, sep_) : "") << csvField(fields[i], sep_);
    out_ << "\n";
  }
  [[nodiscard]] std::string num(std::optional<double> v, int decimals) const {
    return v ? formatNumber(*v, decimals, dec_) : "";
  }
  // p values can be tiny: four significant digits.
  [[nodiscard]] std::string p(std::optional<double> v) const {
    if (!v) return "";
    std::array<char, 32> buf{};
    std::snprintf(buf.data(), buf.size(), "%.4g", *v);
    std::string s(buf.data());
    for (char& c : s)
      if (c == '.') c = dec_;
    return s;
  }

 private:
  std::ostream& out_;
  char sep_;
  char dec_;
};

std::string n(std::size_t v) { return std::to_string(v); }

std::vector<const GroupResult*> groups(const Report& r) {
  std::vector<const GroupResult*> out;
  if (!r.overall.dimensions.empty() || !r.timeline) out.push_back(&r.overall);
  for (const auto& g : r.byProject) out.push_back(&g);
  for (const auto& g : r.byIntervention) out.push_back(&g);
  for (const auto& g : r.byMunicipality) out.push_back(&g);
  return out;
}

}  // namespace

void writeCsv(const Report& r, std::ostream& out, CsvStyle style) {
  if (style.danish) out << "\xEF\xBB\xBF";  // UTF-8 byte order mark: Excel then reads æøå
  Csv csv(out, style);
  const auto all = groups(r);

  if (!r.timeline) {
    csv.title("Udvikling pr. dimension: " + r.scopeTitle + " (" + core::starsLegend() + ")");
    csv.row({"gruppe_type", "gruppe_id", "gruppe", "dimension_id", "dimension", "retning", "udvikling", "n", "gns_fra",
             "gns_til", "aendring", "sd_aendring", "t", "df", "p", "signifikans", "forbedret_n", "forbedret_pct",
             "uaendret_n", "uaendret_pct", "forvaerret_n", "forvaerret_pct"});
    for (const GroupResult* g : all)
      for (const auto& d : g->dimensions)
        for (const auto& pr : d.pairs)
          csv.row({groupKindId(g->kind), g->id, g->title, d.id, d.name,
                   d.direction == core::Direction::Positive ? "positiv" : "omvendt", pairId(pr.pair), n(pr.test.n),
                   csv.num(pr.test.meanBefore, 4), csv.num(pr.test.meanAfter, 4), csv.num(pr.test.meanDifference, 4),
                   csv.num(pr.test.sdDifference, 4), csv.num(pr.test.t, 4), n(pr.test.df), csv.p(pr.test.p), pr.stars,
                   n(pr.changes.improved), csv.num(pr.changes.improvedPercent(), 2), n(pr.changes.unchanged),
                   csv.num(pr.changes.unchangedPercent(), 2), n(pr.changes.worse), csv.num(pr.changes.worsePercent(), 2)});
    csv.blank();

    csv.title("Gennemsnit pr. måling");
    csv.row({"gruppe_type", "gruppe_id", "gruppe", "dimension_id", "dimension", "maaling", "n", "gns", "sd"});
    for (const GroupResult* g : all)
      for (const auto& d : g->dimensions)
        for (const auto& m : d.means)
          csv.row({groupKindId(g->kind), g->id, g->title, d.id, d.name, core::occasionId(m.occasion), n(m.summary.n),
                   csv.num(m.summary.mean, 4), csv.num(m.summary.sd, 4)});
    csv.blank();

    csv.title("Antal målinger og frafald");
    csv.row({"gruppe_type", "gruppe_id", "gruppe", "boern", "foer", "efter", "opfoelgning", "alle_tre",
             "progressionsmaalinger", "efter_forfaldne", "efter_mangler", "frafald_efter_pct", "opf_forfaldne",
             "opf_mangler", "opf_afventer", "frafald_opf_pct"});
    for (const GroupResult* g : all) {
      const OccasionCounts& c = g->counts;
      csv.row({groupKindId(g->kind), g->id, g->title, n(c.children), n(c.before), n(c.after), n(c.followUp),
               n(c.allThree), n(c.progressionMeasurements), n(c.afterDue), n(c.afterMissing),
               csv.num(c.afterDropoutPercent(), 2), n(c.followUpDue), n(c.followUpMissing), n(c.followUpPending),
               csv.num(c.followUpDropoutPercent(), 2)});
    }
    csv.blank();

    // Issue 14: why the missing measurements are missing.
    csv.title("Frafald efter grund");
    csv.row({"gruppe_type", "gruppe_id", "gruppe", "maaling", "grund_id", "grund", "boern"});
    for (const GroupResult* g : all) {
      for (const auto& [occasion, why] :
           {std::pair{"efter", &g->counts.afterMissingWhy}, std::pair{"opfoelgning", &g->counts.followUpMissingWhy}})
        for (const auto& [id, count] : *why)
          csv.row({groupKindId(g->kind), g->id, g->title, occasion, id, dropoutReasonName(id), n(count)});
    }
    csv.blank();

    // Issue 14 item 1: feedback to the referrer.
    csv.title("Tilbagemelding til henviseren");
    csv.row({"gruppe_type", "gruppe_id", "gruppe", "boern", "henvist", "ingen_tilbagemelding_aftalt", "hoert_tilbage",
             "hoert_tilbage_pct", "efter_forsamtale", "efter_forsamtale_pct", "forloeb_slut", "efter_afsluttende",
             "efter_afsluttende_pct"});
    for (const GroupResult* g : all) {
      const ReferralCounts& c = g->referral;
      csv.row({groupKindId(g->kind), g->id, g->title, n(c.children), n(c.referred), n(c.noFeedbackAgreed),
               n(c.heardBack), csv.num(c.heardBackPercent(), 2), n(c.afterIntake), csv.num(c.afterIntakePercent(), 2),
               n(c.ended), n(c.afterClosing), csv.num(c.afterClosingPercent(), 2)});
    }
    csv.blank();

    csv.title("Målgruppen (baggrundsskema)");
    csv.row({"spoergsmaal_id", "spoergsmaal", "svar_kode", "svar", "antal", "andel_pct", "besvaret", "mangler"});
    for (const auto& q : r.profile.questions) {
      for (const auto& o : q.options)
        csv.row({q.id, q.text, std::to_string(o.code), o.label, n(o.count), csv.num(o.percent, 2), n(q.answered),
                 n(q.missing)});
      if (q.numbers.n > 0)
        csv.row({q.id, q.text, "gennemsnit", "", n(q.numbers.n), csv.num(q.numbers.mean, 2), n(q.answered),
                 n(q.missing)});
    }
    csv.blank();

    csv.title("Fidelitet (1-5)");
    csv.row({"projekt_id", "projekt", "spoergsmaal_id", "gruppe", "spoergsmaal", "n", "gns", "evalueringens_gns"});
    for (const auto& f : r.fidelity) {
      for (const auto& i : f.items)
        csv.row({f.project, f.projectName, i.id, i.group, i.text, n(i.summary.n), csv.num(i.summary.mean, 4),
                 csv.num(i.reportMean, 2)});
      csv.row({f.project, f.projectName, "projektgennemsnit", "", "", n(f.responses), csv.num(f.projectMean, 4),
               csv.num(f.reportProjectMean, 4)});
    }
    csv.blank();
  } else {
    const Timeline& t = *r.timeline;
    csv.title("Forløb for " + t.code + " (" + t.projectName + ")");
    csv.row({"dimension_id", "dimension", "maaling", "dato", "score", "besvarede", "spoergsmaal"});
    for (const auto& d : t.dimensions)
      for (const auto& p : d.points)
        csv.row({d.id, d.name, core::occasionId(p.occasion), core::formatDate(p.date), csv.num(p.score, 4),
                 n(p.answered), n(p.items)});
    csv.blank();
  }

  csv.title("Advarsler");
  csv.row({"gruppe_type", "gruppe_id", "advarsel", "tekst"});
  for (const auto& w : r.warnings) csv.row({"rapport", "", w.id, w.text});
  for (const GroupResult* g : all)
    for (const auto& w : g->warnings) csv.row({groupKindId(g->kind), g->id, w.id, w.text});
}

std::string renderCsv(const Report& report, CsvStyle style) {
  std::ostringstream out;
  writeCsv(report, out, style);
  return out.str();
}

bool parseReportFormat(const std::string& text, ReportFormat& out) {
  if (text == "html") out = ReportFormat::Html;
  else if (text == "json") out = ReportFormat::Json;
  else if (text == "csv") out = ReportFormat::Csv;
  else return false;
  return true;
}

const char* reportFormatId(ReportFormat f) {
  switch (f) {
    case ReportFormat::Html: return "html";
    case ReportFormat::Json: return "json";
    case ReportFormat::Csv: return "csv";
  }
  return "html";
}

void writeReportFile(const Report& report, ReportFormat format, const std::string& path) {
  std::string text;
  switch (format) {
    case ReportFormat::Html: text = renderHtml(report); break;
    case ReportFormat::Json: text = renderJson(report); break;
    case ReportFormat::Csv: text = renderCsv(report); break;
  }
  namespace fs = std::filesystem;
  const fs::path target(path);
  const fs::path tmp = target.string() + ".tmp";
  {
    // Readable by its owner only: a report describes children (docs/REPORT.md).
    std::ofstream out = core::openPrivateFile(tmp);
    if (!out) throw ReportError({Msg::ReportOutNotWritable, {{"path", path}}});
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
    out.flush();
    if (!out) {
      std::error_code ignored;
      fs::remove(tmp, ignored);
      throw ReportError({Msg::ReportDiskFull, {{"path", path}}});
    }
  }
  std::error_code ec;
  fs::rename(tmp, target, ec);
  if (ec) {
    std::error_code ignored;
    fs::remove(tmp, ignored);
    throw ReportError({Msg::ReportWriteFailed, {{"path", path}, {"reason", ec.message()}}});
  }
}

}  // namespace spor::report
