#include "report/export.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <stdexcept>

#include "core/occasions.hpp"
#include "core/private_files.hpp"
#include "core/referral.hpp"
#include "core/scoring.hpp"
#include "report/format.hpp"
#include "report/report.hpp"

namespace spor::report {

const char* varTypeId(VarType t) {
  switch (t) {
    case VarType::Code: return "code";
    case VarType::Integer: return "integer";
    case VarType::Real: return "real";
    case VarType::Date: return "date";
    case VarType::String: return "string";
  }
  return "code";
}

const char* measureId(Measure m) {
  switch (m) {
    case Measure::Nominal: return "nominal";
    case Measure::Ordinal: return "ordinal";
    case Measure::Scale: return "scale";
  }
  return "nominal";
}

const MissingCode& missingCode(core::MissingKind kind) {
  for (const auto& m : kMissingCodes)
    if (m.kind == kind) return m;
  return kMissingCodes[0];
}

const MissingCode* missingCodeOf(double value) {
  for (const auto& m : kMissingCodes)
    if (static_cast<double>(m.code) == value) return &m;
  return nullptr;
}

std::size_t Table::column(const std::string& variable) const {
  for (std::size_t i = 0; i < variables.size(); ++i)
    if (variables[i].name == variable) return i;
  throw std::out_of_range("table '" + name + "' has no variable '" + variable + "'");
}

const ValueLabelSet* DataExport::labelSet(const std::string& setName) const {
  for (const auto& s : labelSets)
    if (s.name == setName) return &s;
  return nullptr;
}

std::string validVariableName(const std::string& raw, const std::vector<std::string>& taken) {
  // Reserved in Stata (and the SPSS keywords, which are reserved there).
  static const std::set<std::string> reserved = {
      "_all", "_b", "byte", "_coef", "_cons", "double", "float", "if", "in", "int", "long", "_n", "_pi",
      "_pred", "_rc", "_skip", "strl", "using", "with", "all", "and", "by", "eq", "ge", "gt", "le", "lt",
      "ne", "not", "or", "to", "_se"};
  std::string name;
  for (char c : raw) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
    name += ok ? c : '_';
  }
  if (name.empty() || !(name[0] >= 'a' && name[0] <= 'z')) name = "v" + name;
  if (name.size() > 32) name.resize(32);
  if (reserved.count(name) || (name.rfind("str", 0) == 0 && name.size() > 3 &&
                               name.find_first_not_of("0123456789", 3) == std::string::npos))
    name = name.substr(0, 31) + "_";
  auto isTaken = [&](const std::string& n) { return std::find(taken.begin(), taken.end(), n) != taken.end(); };
  if (!isTaken(name)) return name;
  for (int i = 2;; ++i) {
    const std::string suffix = "_" + std::to_string(i);
    const std::string candidate = name.substr(0, 32 - suffix.size()) + suffix;
    if (!isTaken(candidate)) return candidate;
  }
}

namespace {

class TableBuilder {
 public:
  explicit TableBuilder(Table& t) : t_(t) {}
  // Adds a variable under a valid, unique name; returns its column.
  std::size_t add(const std::string& rawName, std::string label, VarType type, Measure measure,
                  std::string valueLabels = "", std::string description = "") {
    std::vector<std::string> taken;
    for (const auto& v : t_.variables) taken.push_back(v.name);
    Variable v;
    v.name = validVariableName(rawName, taken);
    v.label = std::move(label);
    v.type = type;
    v.measure = measure;
    v.valueLabels = std::move(valueLabels);
    v.description = std::move(description);
    t_.variables.push_back(std::move(v));
    return t_.variables.size() - 1;
  }
  // The variable just added, to set its optional fields.
  Variable& last() { return t_.variables.back(); }
  // Adds a variable that may hold the user-missing codes.
  std::size_t addAnswer(const std::string& rawName, std::string label, VarType type, Measure measure,
                        std::string valueLabels, std::string source, std::string shortHint = "",
                        std::string description = "") {
    const std::size_t col =
        add(rawName, std::move(label), type, measure, std::move(valueLabels), std::move(description));
    last().userMissing = true;
    last().source = std::move(source);
    last().shortLabel = std::move(shortHint);
    return col;
  }

 private:
  Table& t_;
};

double dayNumber(core::Date d) { return static_cast<double>(core::toDayNumber(d)); }

// consent_by's codes: 1 mor, 2 far, 3 begge forældre, 4 værge, 5 den unge selv.
int consentGiverCode(core::ConsentGiver g) { return static_cast<int>(g) + 1; }

// The score of a dimension in one measurement, as the report computes it.
std::optional<double> scoreFor(const core::FormSet& forms, const core::Project& project, const MeasurementInput& m,
                               const core::Dimension& dim) {
  if (!project.measures(dim.id)) return std::nullopt;
  auto given = m.scores.find(dim.id);
  if (given != m.scores.end()) return given->second;
  return core::scoreDimension(dim, m.items, forms.scoring).score;
}

std::size_t occasionCode(core::Occasion o) {
  switch (o) {
    case core::Occasion::Before: return 1;
    case core::Occasion::After: return 2;
    case core::Occasion::FollowUp: return 3;
    case core::Occasion::Progression: return 4;
  }
  return 1;
}

struct OrderedMeasurement {
  const MeasurementInput* m = nullptr;
  int number = 0;  // 1, 2, ... within the same occasion, in date order
};

std::vector<OrderedMeasurement> ordered(const ChildInput& c) {
  std::vector<OrderedMeasurement> out;
  for (const auto& m : c.measurements) out.push_back({&m, 0});
  std::stable_sort(out.begin(), out.end(), [](const OrderedMeasurement& a, const OrderedMeasurement& b) {
    if (a.m->date != b.m->date) return a.m->date < b.m->date;
    return occasionCode(a.m->occasion) < occasionCode(b.m->occasion);
  });
  std::array<int, 5> seen{};
  for (auto& om : out) om.number = ++seen[occasionCode(om.m->occasion)];
  return out;
}

std::string dimensionLabel(const core::Dimension& d) {
  return "Score: " + d.name.da +
         (d.direction == core::Direction::Positive ? " (1-4, 4 = ingen udfordringer)" : " (1-4, 1 = ingen udfordringer)");
}

std::optional<double> birthYearOf(const ChildInput& c) {
  if (c.birthYear) return static_cast<double>(*c.birthYear);
  if (c.background) {
    auto it = c.background->answers.find("birth_year");
    if (it != c.background->answers.end() && it->second.number) return it->second.number;
  }
  return std::nullopt;
}

// Splits a note into lines of at most `width` bytes (SPSS document lines
// hold 80), breaking at spaces.
std::vector<std::string> wrap(const std::string& text, std::size_t width) {
  std::vector<std::string> out;
  std::string line;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t end = text.find(' ', pos);
    if (end == std::string::npos) end = text.size();
    std::string word = text.substr(pos, end - pos);
    pos = end + 1;
    while (word.size() > width) {  // a word longer than a line: cut it (at a UTF-8 boundary)
      std::size_t cut = width;
      while (cut > 0 && (static_cast<unsigned char>(word[cut]) & 0xC0) == 0x80) --cut;
      if (!line.empty()) out.push_back(line), line.clear();
      out.push_back(word.substr(0, cut));
      word.erase(0, cut);
    }
    if (line.empty())
      line = word;
    else if (line.size() + 1 + word.size() <= width)
      line += " " + word;
    else
      out.push_back(line), line = word;
  }
  if (!line.empty()) out.push_back(line);
  return out;
}

}  // namespace

namespace {

// Stata's variable labels hold 80 characters.
constexpr std::size_t kStataLabelChars = 80;

// "Hvilke ressourcer har barnet behov for at få støttet? (Sæt gerne flere
// kryds)" -> "Hvilke ressourcer har barnet behov for at få støttet".
std::string questionStem(std::string text) {
  if (!text.empty() && text.back() == ')') {
    const auto open = text.rfind(" (");
    if (open != std::string::npos) text.resize(open);
  }
  while (!text.empty() && (text.back() == '?' || text.back() == ':' || text.back() == ' ' || text.back() == '.'))
    text.pop_back();
  return text;
}

// "<stem>: <detail>" in at most 80 characters, the detail kept whole when it
// can be: it is what tells the variables of one question apart.
std::string stemAndDetail(const std::string& stem, const std::string& detail) {
  const std::string whole = stem + ": " + detail;
  if (utf8Length(whole) <= kStataLabelChars) return whole;
  const std::size_t detailChars = utf8Length(detail);
  if (detailChars <= 50) return shortenText(stem, kStataLabelChars - 2 - detailChars) + ": " + detail;
  const std::string shortStem = shortenText(stem, 25);
  return shortStem + ": " + shortenText(detail, kStataLabelChars - 2 - utf8Length(shortStem));
}

// Each variable's shortLabel: its hint (or its label) in 80 characters,
// unique in the table; a label that would repeat another ends with the
// variable's name ("… [bg_x_2]").
void assignShortLabels(Table& t) {
  std::map<std::string, int> seen;
  for (auto& v : t.variables) {
    // A label that fits is kept as it is; a longer one uses the hint (its
    // distinguishing part first), else is cut.
    const std::string& hint = utf8Length(v.label) <= kStataLabelChars || v.shortLabel.empty() ? v.label : v.shortLabel;
    v.shortLabel = shortenText(hint, kStataLabelChars);
    ++seen[v.shortLabel];
  }
  for (auto& v : t.variables) {
    if (seen[v.shortLabel] < 2) continue;
    const std::string suffix = " [" + v.name + "]";
    v.shortLabel = shortenText(v.shortLabel, kStataLabelChars - utf8Length(suffix)) + suffix;
  }
}

// The value labels of a set that may hold the missing codes: its own, then
// each code's label (an option's own text, "Vil ikke oplyse", where the
// form has one).
void addMissingLabels(ValueLabelSet& set) {
  for (const auto& m : kMissingCodes) {
    const bool has =
        std::any_of(set.labels.begin(), set.labels.end(), [&](const auto& l) { return l.first == m.code; });
    if (!has) set.labels.emplace_back(m.code, m.label);
  }
}

// A background variable of the wide table.
struct BgColumn {
  const core::Question* q = nullptr;
  enum Kind { Value, Option, Other, OtherText, Text } kind = Value;
  int code = 0;
  std::size_t col = 0;
};

// An activity follow-up form's column in the wide table (issue 14 item 6):
// one answer (or the date, when `q` is null) at one point.
struct ActivityColumn {
  const core::BackgroundForm* form = nullptr;
  int months = 0;
  const core::Question* q = nullptr;
  std::size_t col = 0;
};

// A fidelity item's column.
struct FidelityColumn {
  const core::FidelityForm* form = nullptr;
  const core::FidelityItem* item = nullptr;
  std::size_t col = 0;
};

// What the tables' row producers share: the children in scope and where
// each value goes. Rows are made from the input each time they are asked
// for (Table::produce).
struct ExportPlan {
  const core::FormSet* forms = nullptr;
  const core::ChildForm* form = nullptr;
  std::vector<const ChildInput*> children;     // by code
  std::vector<const FidelityInput*> fidelity;  // by project, date
  std::map<std::string, int> municipalityCodes;  // name -> the value label set "municipality"
  std::size_t wideColumns = 0;
  std::size_t wMunicipality = 0, lMunicipality = 0, wConsentBy = 0, wSharing = 0;
  std::size_t wCourseEnd = 0, wStopReason = 0, wEndDate = 0, wMissedAfter = 0, wMissedFollowUp = 0;
  // Issue 14 item 1: the referral and the feedback to the referrer (no free text).
  std::size_t wReferralRole = 0, wReferralDate = 0, wReportBack = 0, wFeedbackCount = 0;
  std::array<std::size_t, core::kFeedbackPoints.size()> wFeedbackFirst{};
  std::size_t wChild = 0, wProject = 0, wBirth = 0, wOccasion = 0, wNumber = 0, wDate = 0, wVersion = 0, wBgDate = 0;
  std::size_t wAnswering = 0, lAnswering = 0;
  std::array<std::size_t, core::kInterventions.size()> wIntervention{};
  std::vector<std::size_t> wItems;
  std::vector<std::size_t> wScores;
  std::vector<BgColumn> bg;
  std::vector<ActivityColumn> activity;

  std::size_t longColumns = 0;
  std::size_t lChild = 0, lProject = 0, lOccasion = 0, lNumber = 0, lDate = 0, lVersion = 0, lDimension = 0,
              lItem = 0, lScale = 0, lValue = 0;

  std::size_t fidelityColumns = 0;
  std::size_t fProject = 0, fForm = 0, fVersion = 0, fDate = 0, fNumber = 0;
  std::vector<FidelityColumn> fItems;

  static constexpr auto kInterventions = core::kInterventions;

  [[nodiscard]] std::size_t wideRowCount() const {
    std::size_t n = 0;
    for (const ChildInput* c : children) n += c->measurements.size();
    return n;
  }
  [[nodiscard]] std::size_t longRowCount() const {
    std::size_t n = 0;
    for (const ChildInput* c : children)
      n += c->measurements.size() * form->itemsFor(forms->project(c->project).dimensions).size();
    return n;
  }

  // Who helped the child answer (1-4, as bg_answer_support codes it);
  // system-missing when not recorded.
  static Cell answeringCell(const MeasurementInput& m) {
    return m.answeringMode ? Cell{static_cast<double>(core::answeringModeCode(*m.answeringMode))} : Cell{};
  }

  // The municipality's code; system-missing when not recorded.
  void municipality(const ChildInput& c, Row& row, std::size_t col) const {
    const auto it = municipalityCodes.find(c.municipality);
    row[col] = it == municipalityCodes.end() ? Cell{} : Cell{static_cast<double>(it->second)};
  }

  // An item's cell: the value, -1 when declined, else system-missing.
  static Cell itemCell(const MeasurementInput& m, const std::string& item) {
    if (auto it = m.items.find(item); it != m.items.end()) return static_cast<double>(it->second);
    if (m.declined.count(item)) return static_cast<double>(missingCode(core::MissingKind::Declined).code);
    return Cell{};
  }

  // The referral's coded fields, the number of feedback entries and the
  // first day of feedback at each point; the free text is not in the input.
  void referral(const ChildInput& c, Row& row) const {
    if (core::ReferrerRole r{}; core::parseReferrerRole(c.referralRole, r))
      row[wReferralRole] = static_cast<double>(static_cast<int>(r) + 1);
    if (c.referredOn) row[wReferralDate] = dayNumber(*c.referredOn);
    if (core::ReportBack b{}; core::parseReportBack(c.reportBack, b))
      row[wReportBack] = static_cast<double>(static_cast<int>(b) + 1);
    if (c.referralRole.empty()) return;
    row[wFeedbackCount] = static_cast<double>(c.feedback.size());
    for (std::size_t i = 0; i < core::kFeedbackPoints.size(); ++i) {
      std::optional<core::Date> first;
      for (const FeedbackInput& f : c.feedback)
        if (f.point == core::feedbackPointId(core::kFeedbackPoints[i]) && (!first || f.on < *first)) first = f.on;
      if (first) row[wFeedbackFirst[i]] = dayNumber(*first);
    }
  }

  void wideRows(const RowVisitor& visit) const {
    Row row(wideColumns);
    for (const ChildInput* c : children) {
      const core::Project& project = forms->project(c->project);
      std::vector<core::Intervention> ints = c->interventions;
      if (ints.empty() && project.interventions.size() == 1) ints = project.interventions;
      const std::optional<double> birth = birthYearOf(*c);
      for (const OrderedMeasurement& om : ordered(*c)) {
        const MeasurementInput& m = *om.m;
        std::fill(row.begin(), row.end(), Cell{});
        row[wChild] = c->code;
        row[wProject] = c->project;
        municipality(*c, row, wMunicipality);
        if (core::ConsentGiver g{}; core::parseConsentGiver(c->consentBy, g))
          row[wConsentBy] = static_cast<double>(consentGiverCode(g));
        row[wSharing] = c->sharingConsent ? 1.0 : 0.0;
        if (core::CourseEnd e{}; core::parseCourseEnd(c->courseEnd, e)) row[wCourseEnd] = static_cast<double>(static_cast<int>(e) + 1);
        if (core::StopReason r{}; core::parseStopReason(c->stopReason, r)) row[wStopReason] = static_cast<double>(static_cast<int>(r) + 1);
        if (c->endedOn) row[wEndDate] = dayNumber(*c->endedOn);
        for (const auto& [o, col] : {std::pair{core::Occasion::After, wMissedAfter},
                                     std::pair{core::Occasion::FollowUp, wMissedFollowUp}})
          if (auto it = c->missed.find(o); it != c->missed.end())
            if (core::MissedReason r{}; core::parseMissedReason(it->second, r)) row[col] = static_cast<double>(static_cast<int>(r) + 1);
        referral(*c, row);
        for (std::size_t i = 0; i < kInterventions.size(); ++i)
          row[wIntervention[i]] = std::find(ints.begin(), ints.end(), kInterventions[i]) != ints.end() ? 1.0 : 0.0;
        if (birth) row[wBirth] = *birth;
        row[wOccasion] = static_cast<double>(occasionCode(m.occasion));
        row[wNumber] = static_cast<double>(om.number);
        row[wDate] = dayNumber(m.date);
        row[wVersion] = static_cast<double>(m.formVersion);
        row[wAnswering] = answeringCell(m);
        for (std::size_t i = 0; i < form->items.size(); ++i) row[wItems[i]] = itemCell(m, form->items[i].id);
        for (std::size_t i = 0; i < form->dimensions.size(); ++i)
          if (auto s = scoreFor(*forms, project, m, form->dimensions[i])) row[wScores[i]] = *s;
        if (c->background && forms->background) background(*c->background, row);
        activityCells(*c, row);
        visit(row);
      }
    }
  }

  // The child's latest finished activity form at each point: its date and
  // answers (a "Ved ikke" as its user-missing code).
  void activityCells(const ChildInput& c, Row& row) const {
    for (const ActivityColumn& col : activity) {
      const ActivityInput* latest = nullptr;
      for (const ActivityInput& a : c.activity)
        if (a.form == col.form->id && a.months == col.months && (!latest || latest->date < a.date)) latest = &a;
      if (!latest) continue;
      if (!col.q) {
        row[col.col] = dayNumber(latest->date);
        continue;
      }
      const auto it = latest->answers.find(col.q->id);
      if (it == latest->answers.end()) continue;
      if (it->second.declined) {
        row[col.col] = static_cast<double>(missingCode(core::MissingKind::Declined).code);
      } else if (!it->second.codes.empty()) {
        const core::ChoiceOption* option = col.q->option(it->second.codes.front());
        row[col.col] = option && option->missing ? static_cast<double>(missingCode(*option->missing).code)
                                                 : static_cast<double>(it->second.codes.front());
      }
    }
  }

  void background(const BackgroundInput& b, Row& row) const {
    const auto declined = static_cast<double>(missingCode(core::MissingKind::Declined).code);
    row[wBgDate] = dayNumber(b.date);
    for (const BgColumn& col : bg) {
      auto it = b.answers.find(col.q->id);
      if (it == b.answers.end()) continue;
      const BackgroundAnswerInput& a = it->second;
      if (a.declined) {  // left empty on purpose: every variable of the question says so
        if (col.kind != BgColumn::OtherText && col.kind != BgColumn::Text) row[col.col] = declined;
        continue;
      }
      const bool answered = !a.codes.empty() || a.number || !a.text.empty();
      switch (col.kind) {
        case BgColumn::Value:
          if (col.q->type == core::QuestionType::Single && !a.codes.empty()) {
            const core::ChoiceOption* option = col.q->option(a.codes.front());
            row[col.col] = option && option->missing ? static_cast<double>(missingCode(*option->missing).code)
                                                     : static_cast<double>(a.codes.front());
          } else if (a.number) {
            row[col.col] = *a.number;
          }
          break;
        case BgColumn::Option:
          if (answered) row[col.col] = std::find(a.codes.begin(), a.codes.end(), col.code) != a.codes.end() ? 1.0 : 0.0;
          break;
        case BgColumn::Other:
          if (answered) row[col.col] = a.text.empty() ? 0.0 : 1.0;
          break;
        case BgColumn::OtherText:
        case BgColumn::Text:
          if (!a.text.empty()) row[col.col] = a.text;
          break;
      }
    }
  }

  void longRows(const RowVisitor& visit) const {
    Row row(longColumns);
    for (const ChildInput* c : children) {
      const core::Project& project = forms->project(c->project);
      const std::vector<const core::Item*> asked = form->itemsFor(project.dimensions);
      for (const OrderedMeasurement& om : ordered(*c)) {
        const MeasurementInput& m = *om.m;
        row[lChild] = c->code;
        row[lProject] = c->project;
        municipality(*c, row, lMunicipality);
        row[lOccasion] = static_cast<double>(occasionCode(m.occasion));
        row[lNumber] = static_cast<double>(om.number);
        row[lDate] = dayNumber(m.date);
        row[lVersion] = static_cast<double>(m.formVersion);
        row[lAnswering] = answeringCell(m);
        for (const core::Item* item : asked) {
          row[lDimension] = item->dimension;
          row[lItem] = item->id;
          row[lScale] = item->scale;
          row[lValue] = itemCell(m, item->id);
          visit(row);
        }
      }
    }
  }

  void fidelityRows(const RowVisitor& visit) const {
    Row row(fidelityColumns);
    std::map<std::string, int> numbers;  // per project: 1, 2, ... in date order
    for (const FidelityInput* f : fidelity) {
      std::fill(row.begin(), row.end(), Cell{});
      row[fProject] = f->project;
      row[fForm] = f->form;
      row[fVersion] = static_cast<double>(f->formVersion);
      row[fDate] = dayNumber(f->date);
      row[fNumber] = static_cast<double>(++numbers[f->project]);
      for (const FidelityColumn& col : fItems) {
        if (col.form->id != f->form) continue;  // another project's item: never asked
        if (auto it = f->items.find(col.item->id); it != f->items.end())
          row[col.col] = static_cast<double>(it->second);
        else if (f->declined.count(col.item->id))
          row[col.col] = static_cast<double>(missingCode(forms->scale(col.item->scale).declineMeans).code);
      }
      visit(row);
    }
  }
};

}  // namespace

void Table::forEachRow(const RowVisitor& visit) const {
  if (produce) produce(visit);
}

std::vector<Row> Table::rows() const {
  std::vector<Row> out;
  out.reserve(rowCount);
  forEachRow([&](const Row& r) { out.push_back(r); });
  return out;
}

DataExport buildExport(const core::FormSet& forms, const ReportInput& input, const ExportOptions& options) {
  if (!options.project.empty() && !forms.projects.count(options.project))
    throw ReportError(unknownProject(forms, options.project));
  if (auto problem = municipalityFilterProblem(forms, options.project, options.municipality))
    throw ReportError(std::move(*problem));
  DataExport out;
  out.asOf = input.asOf;
  out.includesFreeText = options.includeFreeText;
  auto plan = std::make_shared<ExportPlan>();
  ExportPlan& P = *plan;
  P.forms = &forms;
  P.form = &forms.primaryChildForm();
  const core::ChildForm& form = *P.form;
  const std::string childSource = form.id + " v" + std::to_string(form.version);

  // Value labels: the answer scales (the children's and the fidelity scale),
  // each with the missing codes.
  std::set<std::string> itemScales;
  for (const auto& item : form.items) itemScales.insert(item.scale);
  for (const auto& [id, f] : forms.fidelityForms)
    for (const auto& item : f.items) itemScales.insert(item.scale);
  for (const auto& id : itemScales) {
    const core::Scale& scale = forms.scale(id);
    ValueLabelSet set{validVariableName(id, {}), {}};
    for (const auto& o : scale.options) set.labels.emplace_back(o.value, o.label.da);
    if (scale.decline) set.labels.emplace_back(missingCode(scale.declineMeans).code, scale.decline->da);
    addMissingLabels(set);
    out.labelSets.push_back(std::move(set));
  }
  out.labelSets.push_back({"occasion", {{1, "Før"}, {2, "Efter"}, {3, "Opfølgning"}, {4, "Progression"}}});
  out.labelSets.push_back({"yesno", {{0, "Nej"}, {1, "Ja"}}});
  {
    ValueLabelSet ends{"course_end", {}};
    for (core::CourseEnd e : core::kCourseEnds) ends.labels.emplace_back(static_cast<int>(e) + 1, core::courseEndName(e).da);
    out.labelSets.push_back(std::move(ends));
    ValueLabelSet stops{"stop_reason", {}};
    for (core::StopReason r : core::kStopReasons) stops.labels.emplace_back(static_cast<int>(r) + 1, core::stopReasonName(r).da);
    out.labelSets.push_back(std::move(stops));
    ValueLabelSet missed{"missed_reason", {}};
    for (core::MissedReason r : core::kMissedReasons)
      missed.labels.emplace_back(static_cast<int>(r) + 1, core::missedReasonName(r).da);
    out.labelSets.push_back(std::move(missed));
    ValueLabelSet roles{"referral_role", {}};
    for (core::ReferrerRole r : core::kReferrerRoles)
      roles.labels.emplace_back(static_cast<int>(r) + 1, core::referrerRoleName(r).da);
    out.labelSets.push_back(std::move(roles));
    ValueLabelSet backs{"report_back", {}};
    for (core::ReportBack b : core::kReportBacks) backs.labels.emplace_back(static_cast<int>(b) + 1, core::reportBackName(b).da);
    out.labelSets.push_back(std::move(backs));
  }
  {
    ValueLabelSet set{"answering_mode", {}};
    for (core::AnsweringMode m : core::kAnsweringModes)
      set.labels.emplace_back(core::answeringModeCode(m), core::answeringModeName(m).da);
    out.labelSets.push_back(std::move(set));
  }
  {
    ValueLabelSet set{"consent_by", {}};
    for (core::ConsentGiver g : core::kConsentGivers) set.labels.emplace_back(consentGiverCode(g), core::consentGiverName(g).da);
    out.labelSets.push_back(std::move(set));
  }
  out.labelSets.push_back({"selected", {{0, "Ikke valgt"}, {1, "Valgt"}}});
  ValueLabelSet missingOnly{"missing", {}};
  addMissingLabels(missingOnly);
  out.labelSets.push_back(missingOnly);
  addMissingLabels(out.labelSets[out.labelSets.size() - 2]);  // selected
  ValueLabelSet yesnoMissing{"yesno_missing", {{0, "Nej"}, {1, "Ja"}}};
  addMissingLabels(yesnoMissing);
  out.labelSets.push_back(yesnoMissing);

  // Children in scope, by code.
  for (const auto& c : input.children) {
    if (!options.project.empty() && c.project != options.project) continue;
    if (!options.municipality.empty() && c.municipality != options.municipality) continue;
    if (!forms.projects.count(c.project))
      throw ReportError({Msg::ReportChildUnknownProject,
                         {{"child", c.code}, {"project", c.project}, {"known", knownProjects(forms)}}});
    P.children.push_back(&c);
  }
  std::stable_sort(P.children.begin(), P.children.end(),
                   [](const ChildInput* a, const ChildInput* b) { return a->code < b->code; });

  // Municipalities (issue 14): one code per name in every project's list,
  // in name order, so a code means the same in every export made with
  // these forms; a name a child has that no project lists (an older
  // project file) gets the next code rather than being lost.
  {
    std::set<std::string> names;
    for (const auto& [id, p] : forms.projects) names.insert(p.municipalities.begin(), p.municipalities.end());
    std::vector<std::string> extra;
    for (const ChildInput* c : P.children)
      if (!c->municipality.empty() && !names.count(c->municipality)) extra.push_back(c->municipality);
    std::sort(extra.begin(), extra.end());
    extra.erase(std::unique(extra.begin(), extra.end()), extra.end());
    ValueLabelSet set{"municipality", {}};
    int code = 0;
    for (const auto& name : names) {
      P.municipalityCodes[name] = ++code;
      set.labels.emplace_back(code, name);
    }
    for (const auto& name : extra) {
      P.municipalityCodes[name] = ++code;
      set.labels.emplace_back(code, name + " (ikke på projektets liste)");
    }
    out.labelSets.push_back(std::move(set));
  }
  const std::string answeringLabel = "Hvem hjalp barnet med at svare ved denne måling";
  const std::string answeringDescription =
      "Valgt af den frivillige ved overdragelsen af tabletten, pr. måling; samme koder som bg_answer_support; tom = "
      "ikke registreret (målinger fra før Spor spurgte). Kilden: besvaret selv eller i dialog med en frivillig eller "
      "kommunal medarbejder, eventuelt med forældre, og det kan have betydning for resultaterne";
  // The evaluation by title and section (001:L494-496 in section 2, L1450-1451 in section 4).
  const std::string answeringSource =
      "Rambøll for Socialstyrelsen: Afsluttende erfaringsopsamling (2014–2017), afsnit 2 og 4";
  const std::string municipalityLabel = "Barnets kommune (blandt projektets kommuner)";
  const std::string municipalityDescription =
      "Valgt af den frivillige blandt projektets kommuner; tom = ikke registreret (barnet er registreret, før Spor "
      "spurgte)";

  // ---- Wide: one row per child and measurement.
  Table& wide = out.wideTable;
  wide.name = "spor_wide";
  wide.label = "Spor: en række pr. barn og måling";
  TableBuilder w(wide);
  P.wChild = w.add("child", "Barnets pseudonyme kode", VarType::String, Measure::Nominal);
  P.wProject = w.add("project", "Projekt (id)", VarType::String, Measure::Nominal, "", "forms/projects/<id>.json");
  P.wMunicipality =
      w.add("municipality", municipalityLabel, VarType::Code, Measure::Nominal, "municipality", municipalityDescription);
  w.last().source = "forms/projects/<id>.json: municipalities";
  for (std::size_t i = 0; i < ExportPlan::kInterventions.size(); ++i)
    P.wIntervention[i] = w.add(std::string("int_") + core::interventionId(ExportPlan::kInterventions[i]),
                               "Indsatstype: " + core::interventionName(ExportPlan::kInterventions[i]).da,
                               VarType::Code, Measure::Nominal, "yesno", "Et barn kan modtage flere typer indsats");
  P.wConsentBy = w.add("consent_by", "Hvem gav samtykke (det gældende samtykke til spørgeskemaer eller baggrundsskema)",
                       VarType::Code, Measure::Nominal, "consent_by",
                       "Forældre eller værge; den unge selv fra projektets alder (consent.own_from_age); tom = intet "
                       "samtykke registreret, eller et ord fra en ældre version");
  w.last().source = "forms/projects/<id>.json: consent";
  P.wSharing = w.add("consent_sharing", "Samtykke til at kommune og forening må dele oplysninger om barnet",
                     VarType::Code, Measure::Nominal, "yesno",
                     "Et samtykke for sig, adskilt fra samtykket til spørgeskemaerne; 0 = ikke givet eller trukket "
                     "tilbage");
  P.wCourseEnd = w.add("course_end", "Hvordan forløbet sluttede", VarType::Code, Measure::Nominal, "course_end",
                       "Registreret af den frivillige; tom = ikke afsluttet eller ikke registreret");
  P.wStopReason = w.add("stop_reason", "Grund til at forløbet stoppede før tid", VarType::Code, Measure::Nominal,
                        "stop_reason", "Kun når course_end = 2 (stoppet før tid); Spors egen liste");
  P.wEndDate = w.add("course_end_date", "Dato for forløbets afslutning", VarType::Date, Measure::Scale);
  P.wMissedAfter = w.add("missed_efter", "Hvorfor eftermålingen ikke blev taget", VarType::Code, Measure::Nominal,
                         "missed_reason", "Kun når den frivillige har registreret en grund");
  P.wMissedFollowUp = w.add("missed_opfoelgning", "Hvorfor den opfølgende måling ikke blev taget", VarType::Code,
                            Measure::Nominal, "missed_reason", "Kun når den frivillige har registreret en grund");
  // Issue 14 item 1 (docs/REPORT.md, "Henvisning og tilbagemelding").
  P.wReferralRole = w.add("referral_role", "Hvem henviste barnet", VarType::Code, Measure::Nominal, "referral_role",
                          "Spors egen liste; tom = ingen henvisning registreret. Henviserens navn og kontakt er fritekst "
                          "og er aldrig med i udtrækket");
  P.wReferralDate = w.add("referral_date", "Dato for henvisningen", VarType::Date, Measure::Scale);
  P.wReportBack = w.add("report_back", "Hvem der aftales tilbagemelding til", VarType::Code, Measure::Nominal,
                        "report_back", "3 = ingen tilbagemelding aftalt; tom = ingen henvisning registreret");
  P.wFeedbackCount = w.add("feedback_n", "Antal tilbagemeldinger til henviseren", VarType::Integer, Measure::Scale,
                           "", "Kun for henviste børn; noterne er fritekst og er aldrig med i udtrækket");
  for (std::size_t i = 0; i < core::kFeedbackPoints.size(); ++i) {
    const core::FeedbackPoint point = core::kFeedbackPoints[i];
    P.wFeedbackFirst[i] = w.add(std::string("feedback_") + core::feedbackPointId(point) + "_date",
                                "Første tilbagemelding til henviseren: " + core::feedbackPointName(point).da,
                                VarType::Date, Measure::Scale);
  }
  P.wBirth = w.add("birth_year", "Fødselsår", VarType::Integer, Measure::Scale);
  P.wOccasion = w.add("occasion", "Måling", VarType::Code, Measure::Nominal, "occasion");
  P.wNumber = w.add("occasion_no", "Nummer på målingen af denne slags for barnet (1, 2, ...)", VarType::Integer,
                    Measure::Scale);
  P.wDate = w.add("date", "Dato for målingen", VarType::Date, Measure::Scale);
  P.wVersion = w.add("form_version", "Version af børneskemaet", VarType::Integer, Measure::Scale);
  P.wAnswering = w.add("answering_mode", answeringLabel, VarType::Code, Measure::Nominal, "answering_mode",
                       answeringDescription);
  w.last().source = answeringSource;
  for (const auto& item : form.items) {
    const core::Dimension* dim = form.dimension(item.dimension);
    const std::string dimName = dim ? dim->name.da : item.dimension;
    P.wItems.push_back(w.addAnswer(item.id, dimName + ": " + item.text.da, VarType::Code, Measure::Ordinal,
                                   validVariableName(item.scale, {}), childSource + ": " + item.id,
                                   stemAndDetail(dimName, item.text.da),
                                   "Spørgsmål " + item.id + " (" + item.dimension + ")"));
  }
  for (const auto& dim : form.dimensions) {
    P.wScores.push_back(w.add("score_" + dim.id, dimensionLabel(dim), VarType::Real, Measure::Scale, "",
                              "Gennemsnit af besvarede spørgsmål efter scoringsreglen; kun dimensioner projektet måler"));
    w.last().source = childSource + ": " + dim.id;
  }

  // Background variables.
  if (forms.background) {
    const core::BackgroundForm& bgForm = *forms.background;
    const std::string bgSource = bgForm.id + " v" + std::to_string(bgForm.version);
    P.wBgDate = w.add("bg_date", "Dato for baggrundsskemaet", VarType::Date, Measure::Scale);
    w.last().source = bgSource;
    for (const auto& section : bgForm.sections) {
      for (const auto& q : section.questions) {
        const std::string base = "bg_" + q.id;
        const std::string source = bgSource + ": " + q.id;
        const std::string stem = questionStem(q.text.da);
        switch (q.type) {
          case core::QuestionType::Single: {
            ValueLabelSet set{validVariableName(base, {}), {}};
            for (const auto& o : q.options)
              set.labels.emplace_back(o.missing ? missingCode(*o.missing).code : o.code, o.label.da);
            addMissingLabels(set);
            out.labelSets.push_back(set);
            P.bg.push_back({&q, BgColumn::Value, 0,
                            w.addAnswer(base, q.text.da, VarType::Code, Measure::Nominal, set.name, source, "",
                                        "Baggrundsskema")});
            break;
          }
          case core::QuestionType::Multi:
            for (const auto& o : q.options)
              P.bg.push_back(
                  {&q, BgColumn::Option, o.code,
                   w.addAnswer(base + "_" + std::to_string(o.code), q.text.da + ": " + o.label.da, VarType::Code,
                               Measure::Nominal, "selected", source + " (" + std::to_string(o.code) + ")",
                               stemAndDetail(stem, o.label.da), "Baggrundsskema, flere svar muligt")});
            break;
          case core::QuestionType::Year:
          case core::QuestionType::Number:
            P.bg.push_back({&q, BgColumn::Value, 0,
                            w.addAnswer(base, q.text.da, VarType::Integer, Measure::Scale, "missing", source, "",
                                        "Baggrundsskema")});
            break;
          case core::QuestionType::Text:
            if (options.includeFreeText) {
              P.bg.push_back({&q, BgColumn::Text, 0,
                              w.add(base, q.text.da, VarType::String, Measure::Nominal, "", "Fritekst")});
              w.last().source = source;
            }
            break;
        }
        if (q.other) {
          P.bg.push_back(
              {&q, BgColumn::Other, 0,
               w.addAnswer(base + "_other", q.text.da + ": Andet", VarType::Code, Measure::Nominal, "yesno_missing",
                           source + " (andet)", stemAndDetail(stem, "Andet"), "1 når der er skrevet et andet svar")});
          if (options.includeFreeText) {
            P.bg.push_back({&q, BgColumn::OtherText, 0,
                            w.add(base + "_other_text", q.text.da + ": Andet (fritekst)", VarType::String,
                                  Measure::Nominal, "", "Fritekst")});
            w.last().source = source + " (andet)";
            w.last().shortLabel = stemAndDetail(stem, "Andet (fritekst)");
          }
        }
      }
    }
  }
  // Activity follow-up forms (issue 14 item 6): per point, the date and
  // each answer, labelled; no free text (the form checker refuses it).
  for (const auto& [id, af] : forms.activityForms) {
    const std::string source = af.id + " v" + std::to_string(af.version);
    for (const int months : core::activityPoints(af)) {
      const std::string base = "akt" + std::to_string(months) + "_";
      const std::string when = " (" + std::to_string(months) + " måneder efter start)";
      P.activity.push_back({&af, months, nullptr,
                            w.add(base + "date", "Dato for skemaet om fritidsaktiviteten" + when, VarType::Date,
                                  Measure::Scale, "", "Tom = ikke udfyldt (endnu)")});
      w.last().source = source;
      for (const auto& section : af.sections)
        for (const auto& q : section.questions) {
          if (q.id == core::kActivityPointQuestion || q.type != core::QuestionType::Single) continue;
          ValueLabelSet set{validVariableName("akt_" + q.id, {}), {}};
          for (const auto& o : q.options)
            set.labels.emplace_back(o.missing ? missingCode(*o.missing).code : o.code, o.label.da);
          addMissingLabels(set);
          const std::string setName = set.name;
          if (!out.labelSet(setName)) out.labelSets.push_back(std::move(set));
          P.activity.push_back({&af, months, &q,
                                w.addAnswer(base + q.id, q.text.da + when, VarType::Code, Measure::Nominal, setName,
                                            source + ": " + q.id, "",
                                            "Skema om fritidsaktiviteten, udfyldt af den frivillige")});
        }
    }
  }
  P.wideColumns = wide.variables.size();

  // ---- Long: one row per item asked at a measurement.
  Table& lng = out.longTable;
  lng.name = "spor_long";
  lng.label = "Spor: en række pr. spørgsmål pr. måling";
  TableBuilder l(lng);
  P.lChild = l.add("child", "Barnets pseudonyme kode", VarType::String, Measure::Nominal);
  P.lProject = l.add("project", "Projekt (id)", VarType::String, Measure::Nominal);
  P.lMunicipality =
      l.add("municipality", municipalityLabel, VarType::Code, Measure::Nominal, "municipality", municipalityDescription);
  l.last().source = "forms/projects/<id>.json: municipalities";
  P.lOccasion = l.add("occasion", "Måling", VarType::Code, Measure::Nominal, "occasion");
  P.lNumber = l.add("occasion_no", "Nummer på målingen af denne slags for barnet", VarType::Integer, Measure::Scale);
  P.lDate = l.add("date", "Dato for målingen", VarType::Date, Measure::Scale);
  P.lVersion = l.add("form_version", "Version af børneskemaet", VarType::Integer, Measure::Scale);
  P.lAnswering = l.add("answering_mode", answeringLabel, VarType::Code, Measure::Nominal, "answering_mode",
                       answeringDescription);
  l.last().source = answeringSource;
  P.lDimension = l.add("dimension", "Dimension (id)", VarType::String, Measure::Nominal);
  P.lItem = l.add("item", "Spørgsmål (id)", VarType::String, Measure::Nominal);
  P.lScale = l.add("scale", "Svarskala (id); se værdierne i spor_wide", VarType::String, Measure::Nominal);
  P.lValue = l.addAnswer("value", "Svar (1-4); -1 = vil ikke svare; tom = ikke stillet eller ikke nået", VarType::Code,
                         Measure::Ordinal, "missing", childSource + ": item", "",
                         "Skalaen afhænger af spørgsmålet (variablen scale)");
  P.longColumns = lng.variables.size();

  // ---- Fidelity: one row per fidelity form, one variable per item of every
  // project's fidelity form (another project's items are system-missing).
  for (const auto& f : input.fidelity) {
    if (!options.project.empty() && f.project != options.project) continue;
    P.fidelity.push_back(&f);
  }
  std::stable_sort(P.fidelity.begin(), P.fidelity.end(), [](const FidelityInput* a, const FidelityInput* b) {
    return std::tie(a->project, a->date) < std::tie(b->project, b->date);
  });
  Table& fid = out.fidelityTable;
  fid.name = "spor_fidelity";
  fid.label = "Spor: en række pr. fidelitetsskema";
  TableBuilder fb(fid);
  P.fProject = fb.add("project", "Projekt (id)", VarType::String, Measure::Nominal);
  P.fForm = fb.add("form", "Fidelitetsskema (id)", VarType::String, Measure::Nominal, "", "forms/fidelity/<id>.json");
  P.fVersion = fb.add("form_version", "Version af fidelitetsskemaet", VarType::Integer, Measure::Scale);
  P.fDate = fb.add("date", "Dato for besvarelsen", VarType::Date, Measure::Scale);
  P.fNumber = fb.add("response_no", "Nummer på besvarelsen i projektet (1, 2, ... efter dato)", VarType::Integer,
                     Measure::Scale);
  for (const auto& [id, f] : forms.fidelityForms) {
    if (!options.project.empty() && f.project != options.project) continue;
    const auto proj = forms.projects.find(f.project);
    const std::string projectName = proj != forms.projects.end() ? proj->second.name.da : f.project;
    for (const auto& item : f.items) {
      const std::string group = item.group.da.empty() ? std::string() : item.group.da + ": ";
      P.fItems.push_back(
          {&f, &item,
           fb.addAnswer(item.id, projectName + " – " + group + item.text.da, VarType::Code, Measure::Ordinal,
                        validVariableName(item.scale, {}), f.id + " v" + std::to_string(f.version) + ": " + item.id,
                        stemAndDetail(projectName, item.text.da), "Fidelitet 1-5; \"Ikke relevant\" = -8")});
    }
  }
  P.fidelityColumns = fid.variables.size();

  for (Table* t : {&wide, &lng, &fid}) assignShortLabels(*t);
  wide.rowCount = P.wideRowCount();
  lng.rowCount = P.longRowCount();
  fid.rowCount = P.fidelity.size();
  wide.produce = [plan](const RowVisitor& visit) { plan->wideRows(visit); };
  lng.produce = [plan](const RowVisitor& visit) { plan->longRows(visit); };
  fid.produce = [plan](const RowVisitor& visit) { plan->fidelityRows(visit); };

  out.notes.push_back("Spor-eksport dannet " + core::formatDate(input.asOf) +
                      ". Børn optræder kun med pseudonyme koder; navne findes ikke i eksporten.");
  out.notes.push_back(
      "Manglende værdier: -1 = vil ikke svare, -8 = ikke relevant, -9 = ved ikke (SPSS: brugerdefineret missing; "
      "Stata: .a, .b, .c; CSV: tallet). Tom (system-missing) = ikke stillet (projektet måler ikke dimensionen), ikke "
      "nået eller aldrig besvaret. Scorer regner begge slags som manglende.");
  out.notes.push_back("Scoringsregel: " + forms.scoring.rule.da);
  out.notes.push_back(
      "Har et barn flere målinger ved samme lejlighed, bruger rapporten den første førmåling og den seneste efter- og "
      "opfølgningsmåling; eksporten har dem alle (occasion_no). Før → opfølgning omfatter kun børn med alle tre "
      "målinger.");
  out.notes.push_back(std::string("Fritekst er ") + (options.includeFreeText ? "med" : "udeladt") +
                      " i denne eksport.");
  for (const auto& [id, p] : forms.projects) {
    std::string dims;
    for (const auto& d : p.dimensions) dims += (dims.empty() ? "" : ", ") + d;
    out.notes.push_back("Projekt " + id + " måler: " + dims + ".");
  }
  return out;
}

bool parseExportFormat(const std::string& text, ExportFormat& out) {
  if (text == "csv") out = ExportFormat::Csv;
  else if (text == "sav") out = ExportFormat::Sav;
  else if (text == "dta") out = ExportFormat::Dta;
  else return false;
  return true;
}

const char* exportFormatId(ExportFormat f) {
  switch (f) {
    case ExportFormat::Csv: return "csv";
    case ExportFormat::Sav: return "sav";
    case ExportFormat::Dta: return "dta";
  }
  return "csv";
}

namespace {

std::string cellText(const Variable& v, const Cell& cell) {
  if (std::holds_alternative<std::monostate>(cell)) return "";
  if (const auto* s = std::get_if<std::string>(&cell)) return csvField(*s, ',');
  const double d = std::get<double>(cell);
  if (v.type == VarType::Date) return core::formatDate(core::fromDayNumber(static_cast<long long>(std::llround(d))));
  std::array<char, 40> buf{};
  if (v.type == VarType::Real)
    std::snprintf(buf.data(), buf.size(), "%.10g", d);
  else
    std::snprintf(buf.data(), buf.size(), "%lld", static_cast<long long>(std::llround(d)));
  return buf.data();
}

void writeText(const std::filesystem::path& path, const std::string& text) {
  std::ofstream out = core::openPrivateFile(path);
  if (!out) throw ReportError({Msg::ReportFolderNotWritable, {{"path", path.string()}}});
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
  out.flush();
  if (!out) throw ReportError({Msg::ReportDiskFull, {{"path", path.string()}}});
}

// Streams a table to a file: a large export is never held twice in memory.
void writeCsvFile(const std::filesystem::path& path, const Table& t) {
  std::ofstream out = core::openPrivateFile(path);
  if (!out) throw ReportError({Msg::ReportFolderNotWritable, {{"path", path.string()}}});
  writeTableCsv(t, out);
  out.flush();
  if (!out) throw ReportError({Msg::ReportDiskFull, {{"path", path.string()}}});
}

// "1=Aldrig; 2=Sjældent; ..." without the missing codes (they have their own column).
std::string valueText(const DataExport& data, const Variable& v) {
  std::string out;
  if (const ValueLabelSet* set = data.labelSet(v.valueLabels))
    for (const auto& [value, label] : set->labels)
      if (!missingCodeOf(value)) out += (out.empty() ? "" : "; ") + std::to_string(value) + "=" + label;
  return out;
}

// "-1=Vil ikke svare; -8=...; -9=... (SPSS: user-missing; Stata: .a .b .c); empty=system-missing"
std::string missingText(const DataExport& data, const Variable& v) {
  if (!v.userMissing) return "tom=system-missing";
  std::string out;
  const ValueLabelSet* set = data.labelSet(v.valueLabels);
  for (const auto& m : kMissingCodes) {
    std::string label = m.label;
    if (set)
      for (const auto& [value, l] : set->labels)
        if (value == m.code) label = l;
    out += std::to_string(m.code) + "=" + label + " (Stata ." + m.stataTag + "); ";
  }
  return out + "tom=system-missing";
}

std::string typeText(const Variable& v) {
  return v.type == VarType::Date ? "date (CSV: YYYY-MM-DD; SPSS: EDATE10; Stata: %td)" : varTypeId(v.type);
}

// Markdown table cell: no line breaks, | escaped.
std::string mdCell(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '|')
      out += "\\|";
    else if (c == '\n')
      out += ' ';
    else
      out += c;
  }
  return out;
}

}  // namespace

void writeTableCsv(const Table& t, std::ostream& out) {
  for (std::size_t i = 0; i < t.variables.size(); ++i) {
    if (i > 0) out << ',';
    out << t.variables[i].name;
  }
  out << '\n';
  t.forEachRow([&](const Row& row) {
    for (std::size_t i = 0; i < row.size(); ++i) {
      if (i > 0) out << ',';
      out << cellText(t.variables[i], row[i]);
    }
    out << '\n';
  });
}

std::string renderTableCsv(const Table& t) {
  std::ostringstream out;
  writeTableCsv(t, out);
  return out.str();
}

std::string renderCodebook(const DataExport& data) {
  std::string out = "table,variable,label,stata_label,type,measure,values,missing_codes,source,description\n";
  for (const Table* t : data.tables()) {
    for (const auto& v : t->variables) {
      for (const std::string& field :
           {t->name, v.name, v.label, v.shortLabel, typeText(v), std::string(measureId(v.measure)), valueText(data, v),
            missingText(data, v), v.source})
        out += csvField(field, ',') + ",";
      out += csvField(v.description, ',') + "\n";
    }
  }
  return out;
}

std::string renderCodebookMarkdown(const DataExport& data) {
  std::string o;
  o += "# Spor: kodebog\n\n";
  o += "Eksporten er dannet " + core::formatDate(data.asOf) +
       ". Børn optræder kun med pseudonyme koder; navne findes ikke i eksporten. Fritekst er " +
       (data.includesFreeText ? "med" : "udeladt") + ".\n\n";
  o += "`spor_codebook.csv` har de samme variabler som en tabel, som statistikprogrammer kan læse direkte.\n\n";
  o += "## Tabeller\n\n";
  o += "| fil | rækker | indhold |\n|---|---|---|\n";
  o += "| `spor_long` | " + std::to_string(data.longTable.size()) +
       " | en række pr. spørgsmål, der blev stillet ved en måling (spørgsmålene i barnets projekts dimensioner) |\n";
  o += "| `spor_wide` | " + std::to_string(data.wideTable.size()) +
       " | en række pr. barn og måling: svar, dimensionsscorer og baggrundsskemaet |\n";
  o += "| `spor_fidelity` | " + std::to_string(data.fidelityTable.size()) +
       " | en række pr. besvaret fidelitetsskema; en variabel pr. spørgsmål i hvert projekts skema |\n\n";
  o += "## Manglende værdier\n\n";
  o += "| kode | betyder | SPSS | Stata | CSV |\n|---|---|---|---|---|\n";
  for (const auto& m : kMissingCodes)
    o += "| " + std::to_string(m.code) + " | " + m.label + " | brugerdefineret missing " + std::to_string(m.code) +
         " | `." + m.stataTag + "` | " + std::to_string(m.code) + " |\n";
  o += "| tom | ikke stillet (projektet måler ikke dimensionen), ikke nået, eller aldrig besvaret | system-missing | "
       "`.` | "
       "tom celle |\n\n";
  o += "«Vil ikke svare» er barnets eget valg ved et spørgsmål (eller et baggrundsspørgsmål, der bevidst er "
       "sprunget over). «Ved ikke» og «Ikke relevant» er svarmuligheder i baggrundsskemaet; «Ikke relevant» er også "
       "fidelitetsskemaets «ikke aktuelt». Dimensionsscorer regner alle manglende værdier som ubesvarede, ligesom "
       "rapporten.\n\n";
  o += "## Regler\n\n";
  for (const auto& note : data.notes) o += "- " + note + "\n";
  o += "\n";
  for (const Table* t : data.tables()) {
    o += "## " + t->name + "\n\n" + t->label + ".\n\n";
    o += "| variabel | etiket | type | værdier | manglende | kilde |\n|---|---|---|---|---|---|\n";
    for (const auto& v : t->variables) {
      o += "| `" + v.name + "` | " + mdCell(v.label);
      if (v.shortLabel != v.label) o += " (Stata: «" + mdCell(v.shortLabel) + "»)";
      o += " | " + mdCell(typeText(v)) + " | " + mdCell(valueText(data, v)) + " | " +
           (v.userMissing ? "-1, -8, -9" : "tom") + " | " + mdCell(v.source) + " |\n";
    }
    o += "\n";
  }
  return o;
}

std::vector<std::string> writeExport(const DataExport& data, ExportFormat format, const std::string& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  core::createPrivateDirectories(dir, ec);
  if (ec) throw ReportError({Msg::ReportCannotCreateFolder, {{"path", dir}, {"reason", ec.message()}}});
  // Each file is written as ".<name>.partial" first; only when all are
  // written are they renamed into place.
  const std::string ext = exportFormatId(format);
  std::vector<std::pair<fs::path, fs::path>> files;  // partial, final
  for (const Table* t : data.tables())
    files.emplace_back(fs::path(dir) / ("." + t->name + "." + ext + ".partial"), fs::path(dir) / (t->name + "." + ext));
  files.emplace_back(fs::path(dir) / ".spor_codebook.csv.partial", fs::path(dir) / "spor_codebook.csv");
  files.emplace_back(fs::path(dir) / ".spor_codebook.md.partial", fs::path(dir) / "spor_codebook.md");
  const auto removePartials = [&] {
    for (const auto& [partial, final] : files) {
      std::error_code ignored;
      fs::remove(partial, ignored);
    }
  };
  try {
    std::size_t i = 0;
    for (const Table* t : data.tables()) {
      const fs::path& path = files[i++].first;
      switch (format) {
        case ExportFormat::Csv: writeCsvFile(path, *t); break;
        case ExportFormat::Sav: writeSav(data, *t, path.string()); break;
        case ExportFormat::Dta: writeDta(data, *t, path.string()); break;
      }
    }
    writeText(files[i++].first, renderCodebook(data));
    writeText(files[i++].first, renderCodebookMarkdown(data));
    std::vector<std::string> written;
    for (const auto& [partial, final] : files) {
      fs::rename(partial, final, ec);
      if (ec) throw ReportError({Msg::ReportWriteFailed, {{"path", final.string()}, {"reason", ec.message()}}});
      written.push_back(final.string());
    }
    return written;
  } catch (const ReportError& e) {
    removePartials();
    // Name the file the person asked for, not its temporary name.
    Message message = e.message();
    for (auto& arg : message.args)
      for (const auto& [partial, final] : files)
        if (arg.value == partial.string()) arg.value = final.string();
    throw ReportError(std::move(message));
  } catch (...) {
    removePartials();
    throw;
  }
}

std::vector<std::string> wrapNote(const std::string& text, std::size_t width) { return wrap(text, width); }

}  // namespace spor::report
