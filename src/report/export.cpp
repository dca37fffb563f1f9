#include "report/export.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <set>
#include <sstream>
#include <stdexcept>

#include "core/occasions.hpp"
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
    t_.variables.push_back(
        {validVariableName(rawName, taken), std::move(label), type, measure, std::move(valueLabels), std::move(description)});
    return t_.variables.size() - 1;
  }

 private:
  Table& t_;
};

double dayNumber(core::Date d) { return static_cast<double>(core::toDayNumber(d)); }

// The score of a dimension in one measurement, as the report computes it.
std::optional<double> scoreFor(const core::FormSet& forms, const core::Project& project, const MeasurementRecord& m,
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
  const MeasurementRecord* m = nullptr;
  int number = 0;  // 1, 2, ... within the same occasion, in date order
};

std::vector<OrderedMeasurement> ordered(const ChildRecord& c) {
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

std::optional<double> birthYearOf(const ChildRecord& c) {
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

// A background variable of the wide table.
struct BgColumn {
  const core::Question* q = nullptr;
  enum Kind { Value, Option, Other, OtherText, Text } kind = Value;
  int code = 0;
  std::size_t col = 0;
};

// What the two tables' row producers share: the children in scope and
// where each value goes. Rows are made from the input each time they are
// asked for (Table::produce).
struct ExportPlan {
  const core::FormSet* forms = nullptr;
  const core::ChildForm* form = nullptr;
  std::vector<const ChildRecord*> children;  // by code

  std::size_t wideColumns = 0;
  std::size_t wChild = 0, wProject = 0, wBirth = 0, wOccasion = 0, wNumber = 0, wDate = 0, wVersion = 0, wBgDate = 0;
  std::array<std::size_t, 3> wIntervention{};
  std::vector<std::size_t> wItems;
  std::vector<std::size_t> wScores;
  std::vector<BgColumn> bg;

  std::size_t longColumns = 0;
  std::size_t lChild = 0, lProject = 0, lOccasion = 0, lNumber = 0, lDate = 0, lVersion = 0, lDimension = 0,
              lItem = 0, lScale = 0, lValue = 0;

  static constexpr std::array<core::Intervention, 3> kInterventions = {
      core::Intervention::Individual, core::Intervention::Group, core::Intervention::Family};

  [[nodiscard]] std::size_t wideRowCount() const {
    std::size_t n = 0;
    for (const ChildRecord* c : children) n += c->measurements.size();
    return n;
  }
  [[nodiscard]] std::size_t longRowCount() const {
    std::size_t n = 0;
    for (const ChildRecord* c : children)
      n += c->measurements.size() * form->itemsFor(forms->project(c->project).dimensions).size();
    return n;
  }

  void wideRows(const RowVisitor& visit) const {
    Row row(wideColumns);
    for (const ChildRecord* c : children) {
      const core::Project& project = forms->project(c->project);
      std::vector<core::Intervention> ints = c->interventions;
      if (ints.empty() && project.interventions.size() == 1) ints = project.interventions;
      const std::optional<double> birth = birthYearOf(*c);
      for (const OrderedMeasurement& om : ordered(*c)) {
        const MeasurementRecord& m = *om.m;
        std::fill(row.begin(), row.end(), Cell{});
        row[wChild] = c->code;
        row[wProject] = c->project;
        for (std::size_t i = 0; i < 3; ++i)
          row[wIntervention[i]] = std::find(ints.begin(), ints.end(), kInterventions[i]) != ints.end() ? 1.0 : 0.0;
        if (birth) row[wBirth] = *birth;
        row[wOccasion] = static_cast<double>(occasionCode(m.occasion));
        row[wNumber] = static_cast<double>(om.number);
        row[wDate] = dayNumber(m.date);
        row[wVersion] = static_cast<double>(m.formVersion);
        for (std::size_t i = 0; i < form->items.size(); ++i) {
          auto it = m.items.find(form->items[i].id);
          if (it != m.items.end()) row[wItems[i]] = static_cast<double>(it->second);
        }
        for (std::size_t i = 0; i < form->dimensions.size(); ++i)
          if (auto s = scoreFor(*forms, project, m, form->dimensions[i])) row[wScores[i]] = *s;
        if (c->background && forms->background) background(*c->background, row);
        visit(row);
      }
    }
  }

  void background(const BackgroundRecord& b, Row& row) const {
    row[wBgDate] = dayNumber(b.date);
    for (const BgColumn& col : bg) {
      auto it = b.answers.find(col.q->id);
      if (it == b.answers.end()) continue;
      const BackgroundAnswer& a = it->second;
      const bool answered = !a.codes.empty() || a.number || !a.text.empty();
      switch (col.kind) {
        case BgColumn::Value:
          if (col.q->type == core::QuestionType::Single && !a.codes.empty())
            row[col.col] = static_cast<double>(a.codes.front());
          else if (a.number)
            row[col.col] = *a.number;
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
    for (const ChildRecord* c : children) {
      const core::Project& project = forms->project(c->project);
      const std::vector<const core::Item*> asked = form->itemsFor(project.dimensions);
      for (const OrderedMeasurement& om : ordered(*c)) {
        const MeasurementRecord& m = *om.m;
        row[lChild] = c->code;
        row[lProject] = c->project;
        row[lOccasion] = static_cast<double>(occasionCode(m.occasion));
        row[lNumber] = static_cast<double>(om.number);
        row[lDate] = dayNumber(m.date);
        row[lVersion] = static_cast<double>(m.formVersion);
        for (const core::Item* item : asked) {
          row[lDimension] = item->dimension;
          row[lItem] = item->id;
          row[lScale] = item->scale;
          auto it = m.items.find(item->id);
          if (it != m.items.end())
            row[lValue] = static_cast<double>(it->second);
          else
            row[lValue] = Cell{};
          visit(row);
        }
      }
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
  if (!options.project.empty() && !forms.projects.count(options.project)) {
    std::string known;
    for (const auto& [id, p] : forms.projects) known += (known.empty() ? "" : ", ") + id;
    throw ReportError("unknown project '" + options.project + "' (known: " + known + ")");
  }
  DataExport out;
  auto plan = std::make_shared<ExportPlan>();
  ExportPlan& P = *plan;
  P.forms = &forms;
  P.form = &forms.primaryChildForm();
  const core::ChildForm& form = *P.form;

  // Value labels.
  std::set<std::string> itemScales;
  for (const auto& item : form.items) itemScales.insert(item.scale);
  for (const auto& id : itemScales) {
    const core::Scale& scale = forms.scale(id);
    ValueLabelSet set{validVariableName(id, {}), {}};
    for (const auto& o : scale.options) set.labels.emplace_back(o.value, o.label.da);
    out.labelSets.push_back(std::move(set));
  }
  out.labelSets.push_back({"occasion", {{1, "Før"}, {2, "Efter"}, {3, "Opfølgning"}, {4, "Progression"}}});
  out.labelSets.push_back({"yesno", {{0, "Nej"}, {1, "Ja"}}});
  out.labelSets.push_back({"selected", {{0, "Ikke valgt"}, {1, "Valgt"}}});

  // Children in scope, by code.
  for (const auto& c : input.children) {
    if (!options.project.empty() && c.project != options.project) continue;
    if (!forms.projects.count(c.project))
      throw ReportError("child '" + c.code + "': unknown project '" + c.project +
                        "'; load the forms the data were collected with");
    P.children.push_back(&c);
  }
  std::stable_sort(P.children.begin(), P.children.end(),
                   [](const ChildRecord* a, const ChildRecord* b) { return a->code < b->code; });

  // ---- Wide: one row per child and measurement.
  Table& wide = out.wideTable;
  wide.name = "spor_wide";
  wide.label = "Spor: en række pr. barn og måling";
  TableBuilder w(wide);
  P.wChild = w.add("child", "Barnets pseudonyme kode", VarType::String, Measure::Nominal);
  P.wProject = w.add("project", "Projekt (id)", VarType::String, Measure::Nominal, "", "forms/projects/<id>.json");
  for (std::size_t i = 0; i < 3; ++i)
    P.wIntervention[i] = w.add(std::string("int_") + core::interventionId(ExportPlan::kInterventions[i]),
                               "Indsatstype: " + core::interventionName(ExportPlan::kInterventions[i]).da,
                               VarType::Code, Measure::Nominal, "yesno", "Et barn kan modtage flere typer indsats");
  P.wBirth = w.add("birth_year", "Fødselsår", VarType::Integer, Measure::Scale);
  P.wOccasion = w.add("occasion", "Måling", VarType::Code, Measure::Nominal, "occasion");
  P.wNumber = w.add("occasion_no", "Nummer på målingen af denne slags for barnet (1, 2, ...)", VarType::Integer,
                    Measure::Scale);
  P.wDate = w.add("date", "Dato for målingen", VarType::Date, Measure::Scale);
  P.wVersion = w.add("form_version", "Version af børneskemaet", VarType::Integer, Measure::Scale);
  for (const auto& item : form.items) {
    const core::Dimension* dim = form.dimension(item.dimension);
    P.wItems.push_back(w.add(item.id, (dim ? dim->name.da + ": " : std::string()) + item.text.da, VarType::Code,
                             Measure::Ordinal, validVariableName(item.scale, {}),
                             "Spørgsmål " + item.id + " (" + item.dimension + ")"));
  }
  for (const auto& dim : form.dimensions)
    P.wScores.push_back(w.add("score_" + dim.id, dimensionLabel(dim), VarType::Real, Measure::Scale, "",
                              "Gennemsnit af besvarede spørgsmål efter scoringsreglen; kun dimensioner projektet måler"));

  // Background variables.
  if (forms.background) {
    P.wBgDate = w.add("bg_date", "Dato for baggrundsskemaet", VarType::Date, Measure::Scale);
    for (const auto& section : forms.background->sections) {
      for (const auto& q : section.questions) {
        const std::string base = "bg_" + q.id;
        switch (q.type) {
          case core::QuestionType::Single: {
            ValueLabelSet set{validVariableName(base, {}), {}};
            for (const auto& o : q.options) set.labels.emplace_back(o.code, o.label.da);
            out.labelSets.push_back(set);
            P.bg.push_back({&q, BgColumn::Value, 0,
                            w.add(base, q.text.da, VarType::Code, Measure::Nominal, set.name, "Baggrundsskema")});
            break;
          }
          case core::QuestionType::Multi:
            for (const auto& o : q.options)
              P.bg.push_back({&q, BgColumn::Option, o.code,
                              w.add(base + "_" + std::to_string(o.code), q.text.da + ": " + o.label.da, VarType::Code,
                                    Measure::Nominal, "selected", "Baggrundsskema, flere svar muligt")});
            break;
          case core::QuestionType::Year:
          case core::QuestionType::Number:
            P.bg.push_back({&q, BgColumn::Value, 0,
                            w.add(base, q.text.da, VarType::Integer, Measure::Scale, "", "Baggrundsskema")});
            break;
          case core::QuestionType::Text:
            if (options.includeFreeText)
              P.bg.push_back({&q, BgColumn::Text, 0,
                              w.add(base, q.text.da, VarType::String, Measure::Nominal, "", "Fritekst")});
            break;
        }
        if (q.other) {
          P.bg.push_back({&q, BgColumn::Other, 0,
                          w.add(base + "_other", q.text.da + ": Andet", VarType::Code, Measure::Nominal, "yesno",
                                "1 når der er skrevet et andet svar")});
          if (options.includeFreeText)
            P.bg.push_back({&q, BgColumn::OtherText, 0,
                            w.add(base + "_other_text", q.text.da + ": Andet (fritekst)", VarType::String,
                                  Measure::Nominal, "", "Fritekst")});
        }
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
  P.lOccasion = l.add("occasion", "Måling", VarType::Code, Measure::Nominal, "occasion");
  P.lNumber = l.add("occasion_no", "Nummer på målingen af denne slags for barnet", VarType::Integer, Measure::Scale);
  P.lDate = l.add("date", "Dato for målingen", VarType::Date, Measure::Scale);
  P.lVersion = l.add("form_version", "Version af børneskemaet", VarType::Integer, Measure::Scale);
  P.lDimension = l.add("dimension", "Dimension (id)", VarType::String, Measure::Nominal);
  P.lItem = l.add("item", "Spørgsmål (id)", VarType::String, Measure::Nominal);
  P.lScale = l.add("scale", "Svarskala (id); se værdierne i spor_wide", VarType::String, Measure::Nominal);
  P.lValue = l.add("value", "Svar (1-4); tom = ikke besvaret eller vil ikke svare", VarType::Code, Measure::Ordinal, "",
                   "Skalaen afhænger af spørgsmålet (variablen scale)");
  P.longColumns = lng.variables.size();

  wide.rowCount = P.wideRowCount();
  lng.rowCount = P.longRowCount();
  wide.produce = [plan](const RowVisitor& visit) { plan->wideRows(visit); };
  lng.produce = [plan](const RowVisitor& visit) { plan->longRows(visit); };

  out.notes.push_back("Spor-eksport dannet " + core::formatDate(input.asOf) +
                      ". Børn optræder kun med pseudonyme koder; navne findes ikke i eksporten.");
  out.notes.push_back(
      "Manglende værdier er system-missing (SPSS sysmis, Stata '.', tom celle i CSV): vil ikke svare, sprunget "
      "over, ikke spurgt (projektet måler ikke dimensionen) og ubesvarede baggrundsspørgsmål.");
  out.notes.push_back("Scoringsregel: " + forms.scoring.rule.da);
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
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) throw ReportError("cannot write '" + path.string() + "': the folder is not writable; choose another folder");
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
  out.flush();
  if (!out) throw ReportError("cannot write '" + path.string() + "': the disk may be full");
}


// Streams a table to a file: a large export is never held twice in memory.
void writeCsvFile(const std::filesystem::path& path, const Table& t) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) throw ReportError("cannot write '" + path.string() + "': the folder is not writable; choose another folder");
  writeTableCsv(t, out);
  out.flush();
  if (!out) throw ReportError("cannot write '" + path.string() + "': the disk may be full");
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
  std::string out = "table,variable,label,type,measure,value_labels,missing,description\n";
  for (const Table* t : {&data.longTable, &data.wideTable}) {
    for (const auto& v : t->variables) {
      std::string labels;
      if (const ValueLabelSet* set = data.labelSet(v.valueLabels))
        for (const auto& [value, label] : set->labels)
          labels += (labels.empty() ? "" : "; ") + std::to_string(value) + "=" + label;
      const std::string type = v.type == VarType::Date ? "date (CSV: YYYY-MM-DD; SPSS: EDATE10; Stata: %td)"
                                                       : varTypeId(v.type);
      out += csvField(t->name, ',') + "," + csvField(v.name, ',') + "," + csvField(v.label, ',') + "," +
             csvField(type, ',') + "," + measureId(v.measure) + "," + csvField(labels, ',') + "," +
             "system-missing" + "," + csvField(v.description, ',') + "\n";
    }
  }
  out += "\n";
  for (const auto& note : data.notes) out += csvField("# " + note, ',') + "\n";
  return out;
}

std::vector<std::string> writeExport(const DataExport& data, ExportFormat format, const std::string& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) throw ReportError("cannot create the folder '" + dir + "': " + ec.message());
  // Each file is written as ".<name>.partial" first; only when all three are
  // written are they renamed into place.
  const std::string ext = exportFormatId(format);
  std::vector<std::pair<fs::path, fs::path>> files;  // partial, final
  for (const Table* t : {&data.longTable, &data.wideTable})
    files.emplace_back(fs::path(dir) / ("." + t->name + "." + ext + ".partial"), fs::path(dir) / (t->name + "." + ext));
  files.emplace_back(fs::path(dir) / ".spor_codebook.csv.partial", fs::path(dir) / "spor_codebook.csv");
  const auto removePartials = [&] {
    for (const auto& [partial, final] : files) {
      std::error_code ignored;
      fs::remove(partial, ignored);
    }
  };
  try {
    std::size_t i = 0;
    for (const Table* t : {&data.longTable, &data.wideTable}) {
      const fs::path& path = files[i++].first;
      switch (format) {
        case ExportFormat::Csv: writeCsvFile(path, *t); break;
        case ExportFormat::Sav: writeSav(data, *t, path.string()); break;
        case ExportFormat::Dta: writeDta(data, *t, path.string()); break;
      }
    }
    writeText(files[2].first, renderCodebook(data));
    std::vector<std::string> written;
    for (const auto& [partial, final] : files) {
      fs::rename(partial, final, ec);
      if (ec) throw ReportError("cannot write '" + final.string() + "': " + ec.message());
      written.push_back(final.string());
    }
    return written;
  } catch (const ReportError& e) {
    removePartials();
    // Name the file the person asked for, not its temporary name.
    std::string message = e.what();
    for (const auto& [partial, final] : files)
      for (auto pos = message.find(partial.string()); pos != std::string::npos;
           pos = message.find(partial.string(), pos + final.string().size()))
        message.replace(pos, partial.string().size(), final.string());
    throw ReportError(message);
  } catch (...) {
    removePartials();
    throw;
  }
}

std::vector<std::string> wrapNote(const std::string& text, std::size_t width) { return wrap(text, width); }

}  // namespace spor::report
