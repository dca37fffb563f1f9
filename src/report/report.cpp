#include "report/report.hpp"

#include "report/activity.hpp"

#include <algorithm>
#include <chrono>
#include <map>
#include <set>
#include <string_view>
#include <unordered_map>

#include "report/format.hpp"

namespace spor::report {

using core::Direction;
using core::Intervention;
using core::Occasion;

const char* pairId(OccasionPair p) {
  switch (p) {
    case OccasionPair::BeforeAfter: return "foer_efter";
    case OccasionPair::AfterFollowUp: return "efter_opfoelgning";
    case OccasionPair::BeforeFollowUp: return "foer_opfoelgning";
  }
  return "foer_efter";
}

std::string pairName(OccasionPair p) {
  switch (p) {
    case OccasionPair::BeforeAfter: return "Før → efter";
    case OccasionPair::AfterFollowUp: return "Efter → opfølgning";
    case OccasionPair::BeforeFollowUp: return "Før → opfølgning";
  }
  return "";
}

std::string pairNoteName(OccasionPair p) {
  switch (p) {
    case OccasionPair::BeforeAfter: return "før- og eftermåling";
    case OccasionPair::AfterFollowUp: return "efter- og opfølgende måling";
    case OccasionPair::BeforeFollowUp: return "før- og opfølgende måling";
  }
  return "";
}

Occasion pairFirst(OccasionPair p) { return p == OccasionPair::AfterFollowUp ? Occasion::After : Occasion::Before; }
Occasion pairSecond(OccasionPair p) { return p == OccasionPair::BeforeAfter ? Occasion::After : Occasion::FollowUp; }

std::string knownProjects(const core::FormSet& forms) {
  std::string out;
  for (const auto& [id, p] : forms.projects) out += (out.empty() ? "" : ", ") + id;
  return out;
}

Message unknownProject(const core::FormSet& forms, const std::string& project) {
  return {Msg::ReportUnknownProject, {{"project", project}, {"known", knownProjects(forms)}}};
}

std::optional<Message> municipalityFilterProblem(const core::FormSet& forms, const std::string& project,
                                                 const std::string& municipality) {
  if (municipality.empty()) return std::nullopt;
  std::set<std::string> known;
  for (const auto& [id, p] : forms.projects)
    if (project.empty() || id == project) known.insert(p.municipalities.begin(), p.municipalities.end());
  if (known.count(municipality)) return std::nullopt;
  std::string list;
  for (const auto& m : known) list += (list.empty() ? "" : ", ") + m;
  return Message{Msg::ReportUnknownMunicipality,
                 {{"municipality", municipality}, {"known", list}}};
}

std::string dropoutReasonId(const ChildInput& child, core::Occasion occasion) {
  if (auto it = child.missed.find(occasion); it != child.missed.end()) return "missed_" + it->second;
  if (child.courseEnd == "stopped") return child.stopReason.empty() ? "stopped" : "stopped_" + child.stopReason;
  if (!child.courseEnd.empty()) return child.courseEnd;
  return "not_recorded";
}

std::string dropoutReasonName(const std::string& id) {
  const auto after = [&](const char* prefix) { return id.substr(std::string(prefix).size()); };
  if (id.rfind("missed_", 0) == 0) {
    core::MissedReason r{};
    if (core::parseMissedReason(after("missed_"), r)) return "Måling ikke taget: " + core::missedReasonName(r).da;
  }
  if (id.rfind("stopped_", 0) == 0) {
    core::StopReason r{};
    if (core::parseStopReason(after("stopped_"), r)) return "Stoppet før tid: " + core::stopReasonName(r).da;
  }
  core::CourseEnd e{};
  if (core::parseCourseEnd(id, e)) return "Forløb: " + core::courseEndName(e).da;
  if (id == "not_recorded") return "Ingen grund registreret";
  return id;
}

const char* groupKindId(GroupKind k) {
  switch (k) {
    case GroupKind::Overall: return "overall";
    case GroupKind::Project: return "project";
    case GroupKind::Intervention: return "intervention";
    case GroupKind::Municipality: return "municipality";
  }
  return "overall";
}

namespace {

std::optional<double> percentOf(std::size_t part, std::size_t whole) {
  if (whole == 0) return std::nullopt;
  return 100.0 * static_cast<double>(part) / static_cast<double>(whole);
}

}  // namespace

std::optional<double> OccasionCounts::afterDropoutPercent() const { return percentOf(afterMissing, afterDue); }
std::optional<double> OccasionCounts::followUpDropoutPercent() const {
  return percentOf(followUpMissing, followUpDue);
}

namespace {

std::size_t mainIndex(Occasion o) {
  switch (o) {
    case Occasion::Before: return 0;
    case Occasion::After: return 1;
    case Occasion::FollowUp: return 2;
    case Occasion::Progression: break;
  }
  return 3;
}

std::string interventionGroupTitle(Intervention i) {
  switch (i) {
    case Intervention::Individual: return "Individuelle indsatser";
    case Intervention::Group: return "Gruppeindsatser";
    case Intervention::Family: return "Familieindsatser";
    case Intervention::Bridging: return "Brobygning til fritidsaktiviteter";
  }
  return "";
}

std::string interventionScopeName(Intervention i) {
  switch (i) {
    case Intervention::Individual: return "individuel indsats";
    case Intervention::Group: return "gruppeindsats";
    case Intervention::Family: return "familieindsats";
    case Intervention::Bridging: return "brobygning til en fritidsaktivitet";
  }
  return "";
}

using core::kInterventions;

// A child, checked against the forms, with the measurement chosen for each
// main occasion and its dimension scores.
struct Prepared {
  const ChildInput* record = nullptr;
  const core::Project* project = nullptr;
  std::vector<Intervention> interventions;
  // før: the earliest; efter and opfølgning: the latest (docs/REPORT.md).
  std::array<const MeasurementInput*, 3> main{};
  // Scores per main occasion, by the dimension's index in the primary child
  // form: only measured dimensions with a score have a value. (Indexed, not
  // a map by id: every group looks every child's scores up again.)
  std::array<std::vector<std::optional<double>>, 3> scores;
  std::size_t progression = 0;
  bool duplicateOccasion = false;

  [[nodiscard]] bool has(Occasion o) const { return main[mainIndex(o)] != nullptr; }
  [[nodiscard]] std::optional<double> score(Occasion o, std::size_t dim) const {
    const auto& m = scores[mainIndex(o)];
    return dim < m.size() ? m[dim] : std::nullopt;
  }
  [[nodiscard]] bool offers(Intervention i) const {
    return std::find(interventions.begin(), interventions.end(), i) != interventions.end();
  }
};

const core::ChildForm& formOf(const core::FormSet& forms, const MeasurementInput& m, const std::string& code) {
  if (m.form.empty()) return forms.primaryChildForm();
  auto it = forms.childForms.find(m.form);
  if (it == forms.childForms.end())
    throw ReportError({Msg::ReportUnknownChildForm, {{"child", code}, {"form", m.form}}});
  return it->second;
}

// The score of one dimension (of the primary child form) in one
// measurement, or nullopt. Only dimensions the child's project measures get
// a score: a dimension a project does not measure is left out, never
// counted as 0.
std::optional<double> scoreOf(const core::FormSet& forms, const core::Project& project, const MeasurementInput& m,
                              const core::Dimension& dim, const std::string& code, std::size_t* answered = nullptr,
                              std::size_t* items = nullptr) {
  if (!project.measures(dim.id)) return std::nullopt;
  auto given = m.scores.find(dim.id);
  if (given != m.scores.end()) {
    if (answered) *answered = 0;
    if (items) *items = dim.itemIds.size();
    return given->second;
  }
  const core::ChildForm& form = formOf(forms, m, code);
  // `dim` is the primary form's: in that form it is itself, no search by id.
  const core::Dimension* own = &form == &forms.primaryChildForm() ? &dim : form.dimension(dim.id);
  if (!own) return std::nullopt;
  const core::DimensionScore s = core::scoreDimension(*own, m.items, forms.scoring);
  if (answered) *answered = s.answered;
  if (items) *items = s.items;
  return s.score;
}

Prepared prepare(const core::FormSet& forms, const ChildInput& child) {
  Prepared p;
  p.record = &child;
  auto proj = forms.projects.find(child.project);
  if (proj == forms.projects.end())
    throw ReportError({Msg::ReportChildUnknownProject,
                       {{"child", child.code}, {"project", child.project}, {"known", knownProjects(forms)}}});
  p.project = &proj->second;
  p.interventions = child.interventions;
  if (p.interventions.empty() && p.project->interventions.size() == 1) p.interventions = p.project->interventions;

  for (const auto& m : child.measurements) {
    if (m.occasion == Occasion::Progression) {
      ++p.progression;
      continue;
    }
    const std::size_t k = mainIndex(m.occasion);
    const MeasurementInput*& slot = p.main[k];
    if (slot) {
      p.duplicateOccasion = true;
      const bool replace = m.occasion == Occasion::Before ? m.date < slot->date : m.date >= slot->date;
      if (replace) slot = &m;
    } else {
      slot = &m;
    }
  }
  const core::ChildForm& form = forms.primaryChildForm();
  for (std::size_t k = 0; k < 3; ++k) {
    if (!p.main[k]) continue;
    p.scores[k].resize(form.dimensions.size());
    for (std::size_t d = 0; d < form.dimensions.size(); ++d)
      p.scores[k][d] = scoreOf(forms, *p.project, *p.main[k], form.dimensions[d], child.code);
  }
  return p;
}

std::vector<Warning> pairWarnings(const DimensionResult& d) {
  std::vector<Warning> out;
  for (const auto& pr : d.pairs) {
    if (pr.smallN)
      out.push_back({"small_n", d.name + ", " + lowerFirst(pairName(pr.pair)) + ": n = " +
                                    std::to_string(pr.test.n) + " (under " + std::to_string(kSmallN) +
                                    ") – fortolkes varsomt."});
  }
  return out;
}

// `index`: the dimension's place in the primary child form (Prepared::scores).
DimensionResult analyseDimension(const core::Dimension& dim, std::size_t index,
                                 const std::vector<const Prepared*>& children, const core::ScoringRules& rules) {
  DimensionResult r;
  r.id = dim.id;
  r.name = dim.name.da;
  r.direction = dim.direction;
  for (std::size_t k = 0; k < 3; ++k) {
    std::vector<double> values;
    values.reserve(children.size());
    for (const Prepared* c : children)
      if (auto s = c->score(kMainOccasions[k], index)) values.push_back(*s);
    r.means[k].occasion = kMainOccasions[k];
    r.means[k].summary = core::summarize(values);
  }
  for (std::size_t i = 0; i < kPairs.size(); ++i) {
    const OccasionPair pair = kPairs[i];
    std::vector<double> before;
    std::vector<double> after;
    for (const Prepared* c : children) {
      auto a = c->score(pairFirst(pair), index);
      auto b = c->score(pairSecond(pair), index);
      if (!a || !b) continue;
      // Før → opfølgning: only children with all three occasions, as the
      // evaluation did (001:L3744-3748).
      if (pair == OccasionPair::BeforeFollowUp && !c->score(Occasion::After, index)) continue;
      before.push_back(*a);
      after.push_back(*b);
    }
    PairResult& pr = r.pairs[i];
    pr.pair = pair;
    pr.test = core::pairedTTest(before, after);
    pr.stars = core::significanceStars(pr.test.p);
    pr.changes = core::classifyChanges(before, after, dim.direction, rules.changeThreshold);
    pr.smallN = pr.test.n > 0 && pr.test.n < kSmallN;
  }
  r.warnings = pairWarnings(r);
  // What the dimension's scores do not mean, beside every figure of it.
  if (!dim.reportNote.da.empty()) r.warnings.push_back({"dimension_note", dim.reportNote.da});
  return r;
}

OccasionCounts countOccasions(const std::vector<const Prepared*>& children, const core::ScoringRules& rules,
                              core::Date asOf) {
  OccasionCounts c;
  c.children = children.size();
  for (const Prepared* p : children) {
    const bool before = p->has(Occasion::Before);
    const bool after = p->has(Occasion::After);
    const bool followUp = p->has(Occasion::FollowUp);
    c.before += before ? 1U : 0U;
    c.after += after ? 1U : 0U;
    c.followUp += followUp ? 1U : 0U;
    c.allThree += before && after && followUp ? 1U : 0U;
    c.progressionMeasurements += p->progression;
    c.progressionChildren += p->progression > 0 ? 1U : 0U;
    if (before) {
      const core::Date due = core::addDays(p->main[0]->date, 7 * p->project->courseWeeks);
      if (after) {
        ++c.afterDue;
      } else if (due <= asOf) {
        ++c.afterDue;
        ++c.afterMissing;
        ++c.afterMissingWhy[dropoutReasonId(*p->record, Occasion::After)];
      }
    }
    if (after) {
      const core::Date closes =
          core::addMonths(p->main[1]->date, rules.followupMonths + rules.followupWindowMonths);
      if (followUp) {
        ++c.followUpDue;
      } else if (closes <= asOf) {
        ++c.followUpDue;
        ++c.followUpMissing;
        ++c.followUpMissingWhy[dropoutReasonId(*p->record, Occasion::FollowUp)];
      } else {
        ++c.followUpPending;
      }
    }
  }
  return c;
}

std::vector<std::string> dimensionNames(const core::ChildForm& form, const std::set<std::string>& ids) {
  std::vector<std::string> out;
  for (const auto& d : form.dimensions)
    if (ids.count(d.id)) out.push_back(d.name.da);
  return out;
}

GroupResult analyseGroup(const core::FormSet& forms, GroupKind kind, std::string id, std::string title,
                         const std::vector<const Prepared*>& children,
                         const std::vector<const core::Project*>& projects, core::Date asOf) {
  GroupResult g;
  g.kind = kind;
  g.id = std::move(id);
  g.title = std::move(title);
  g.counts = countOccasions(children, forms.scoring, asOf);
  {
    std::vector<const ChildInput*> records;
    records.reserve(children.size());
    for (const Prepared* p : children) records.push_back(p->record);
    g.referral = countReferrals(records);
  }

  const core::ChildForm& form = forms.primaryChildForm();
  std::set<std::string> measured;
  for (const core::Project* p : projects)
    for (const auto& d : p->dimensions) measured.insert(d);
  std::set<std::string> omitted;
  for (std::size_t d = 0; d < form.dimensions.size(); ++d) {
    const core::Dimension& dim = form.dimensions[d];
    if (!measured.count(dim.id)) {
      omitted.insert(dim.id);
      continue;
    }
    g.dimensions.push_back(analyseDimension(dim, d, children, forms.scoring));
  }
  g.omittedDimensions = dimensionNames(form, omitted);
  if (!g.omittedDimensions.empty()) {
    std::vector<std::string> lower;
    for (const auto& name : g.omittedDimensions) lower.push_back(lowerFirst(name));
    const bool one = projects.size() == 1;
    g.warnings.push_back({"not_measured", std::string(one ? "Projektet måler ikke " : "Ingen af projekterne her måler ") +
                                              joinDanish(lower, "eller") + "; " +
                                              (lower.size() == 1 ? "dimensionen er" : "de er") +
                                              " udeladt, ikke sat til 0."});
  }
  if (auto d = g.counts.afterDropoutPercent(); d && *d > kHighDropoutPercent)
    g.warnings.push_back({"high_dropout", "Højt frafald før → efter: " + formatPercent(*d) + " af de børn, hvis " +
                                              "eftermåling er forfalden, mangler den (" +
                                              std::to_string(g.counts.afterMissing) + " af " +
                                              std::to_string(g.counts.afterDue) + ")."});
  if (auto d = g.counts.followUpDropoutPercent(); d && *d > kHighDropoutPercent)
    g.warnings.push_back({"high_dropout", "Højt frafald ved opfølgning: " + formatPercent(*d) +
                                              " af de børn, hvis opfølgning er forfalden, mangler den (" +
                                              std::to_string(g.counts.followUpMissing) + " af " +
                                              std::to_string(g.counts.followUpDue) +
                                              "). Frafaldet kan være systematisk."});
  for (const auto& d : g.dimensions)
    for (const auto& w : d.warnings) g.warnings.push_back(w);
  return g;
}

std::optional<core::Date> firstBefore(const Prepared& p) {
  if (p.main[0]) return p.main[0]->date;
  if (p.record->background) return p.record->background->date;
  return std::nullopt;
}

std::optional<double> birthYearOf(const ChildInput& c) {
  if (c.birthYear) return static_cast<double>(*c.birthYear);
  if (c.background) {
    auto it = c.background->answers.find("birth_year");
    if (it != c.background->answers.end() && it->second.number) return it->second.number;
  }
  return std::nullopt;
}

Profile buildProfile(const core::FormSet& forms, const std::vector<const Prepared*>& children) {
  Profile prof;
  prof.children = children.size();
  std::vector<double> ages;
  for (const Prepared* p : children) {
    if (p->record->background) ++prof.withBackground;
    auto year = birthYearOf(*p->record);
    auto start = firstBefore(*p);
    if (year && start) {
      const int startYear = static_cast<int>(std::chrono::year_month_day{*start}.year());
      ages.push_back(static_cast<double>(startYear) - *year);
    }
  }
  if (!ages.empty()) prof.ageAtStart = core::summarize(ages);
  if (!forms.background) return prof;

  // Per question shown (free text never is): the tallies, filled in one
  // pass over the children's answers (in child order, so the numbers sum in
  // the same order), rather than one lookup per question and child.
  struct Tally {
    const core::Question* q = nullptr;
    const core::Section* section = nullptr;
    std::size_t answered = 0;
    std::size_t otherCount = 0;
    std::map<int, std::size_t> counts;
    std::vector<double> numbers;
  };
  std::vector<Tally> tallies;
  std::unordered_map<std::string_view, std::size_t> slot;
  for (const auto& section : forms.background->sections)
    for (const auto& q : section.questions) {
      if (q.type == core::QuestionType::Text) continue;  // free text is never shown
      if (slot.emplace(q.id, tallies.size()).second) tallies.push_back({&q, &section, 0, 0, {}, {}});
    }
  std::size_t withBackground = 0;
  for (const Prepared* p : children) {
    if (!p->record->background) continue;
    ++withBackground;
    for (const auto& [id, a] : p->record->background->answers) {
      auto found = slot.find(id);
      if (found == slot.end()) continue;
      Tally& t = tallies[found->second];
      const bool answered = !a.codes.empty() || a.number || (t.q->other && !a.text.empty());
      if (!answered) continue;
      ++t.answered;
      for (auto c = a.codes.begin(); c != a.codes.end(); ++c)  // a code ticked twice counts once
        if (std::find(a.codes.begin(), c, *c) == c) ++t.counts[*c];
      if (t.q->other && !a.text.empty()) ++t.otherCount;
      if (a.number) t.numbers.push_back(*a.number);
    }
  }
  for (Tally& t : tallies) {
    const core::Question& q = *t.q;
    ProfileQuestion pq;
    pq.id = q.id;
    pq.section = t.section->title.da;
    pq.text = q.text.da;
    pq.type = q.type;
    pq.answered = t.answered;
    pq.missing = withBackground - t.answered;  // with a background form, not answered
    pq.otherCount = t.otherCount;
    for (const auto& o : q.options) {
      ProfileOption po;
      po.code = o.code;
      po.label = o.label.da;
      auto n = t.counts.find(o.code);
      po.count = n != t.counts.end() ? n->second : 0;
      po.percent = percentOf(po.count, pq.answered);
      pq.options.push_back(po);
    }
    for (const auto& [code, n] : t.counts) {
      if (q.option(code)) continue;
      pq.options.push_back({code, "Ukendt kode " + std::to_string(code), n, percentOf(n, pq.answered)});
    }
    if (!t.numbers.empty()) {
      pq.numbers = core::summarize(t.numbers);
      pq.min = *std::min_element(t.numbers.begin(), t.numbers.end());
      pq.max = *std::max_element(t.numbers.begin(), t.numbers.end());
    }
    prof.questions.push_back(std::move(pq));
  }
  return prof;
}

std::optional<double> meanOf(const std::vector<double>& v) { return core::summarize(v).mean; }

FidelityResult buildFidelity(const core::FormSet& forms, const core::Project& project,
                             const std::vector<FidelityInput>& responses) {
  FidelityResult r;
  r.project = project.id;
  r.projectName = project.name.da;
  const core::FidelityForm* form = forms.fidelityFor(project);
  if (!form) return r;
  r.form = form->id;
  r.formTitle = form->title.da;
  std::vector<const FidelityInput*> mine;
  for (const auto& resp : responses)
    if (resp.project == project.id && (resp.form.empty() || resp.form == form->id)) mine.push_back(&resp);
  r.responses = mine.size();
  std::vector<double> itemMeans;
  std::vector<double> reportMeans;
  for (const auto& item : form->items) {
    FidelityItemResult ir;
    ir.id = item.id;
    ir.group = item.group.da;
    ir.text = item.text.da;
    ir.reportMean = item.reportMean;
    std::vector<double> values;
    for (const FidelityInput* resp : mine) {
      auto it = resp->items.find(item.id);
      if (it != resp->items.end()) values.push_back(static_cast<double>(it->second));
    }
    ir.summary = core::summarize(values);
    if (ir.summary.mean) itemMeans.push_back(*ir.summary.mean);
    if (item.reportMean) reportMeans.push_back(*item.reportMean);
    r.items.push_back(std::move(ir));
  }
  r.projectMean = meanOf(itemMeans);
  r.reportProjectMean = meanOf(reportMeans);
  return r;
}

std::vector<std::string> interventionNames(const std::vector<Intervention>& list) {
  std::vector<std::string> out;
  for (auto i : list) out.push_back(core::interventionName(i).da);
  return out;
}

Timeline buildTimeline(const core::FormSet& forms, const Prepared& p) {
  Timeline t;
  t.code = p.record->code;
  t.project = p.project->id;
  t.projectName = p.project->name.da;
  t.interventions = interventionNames(p.interventions);
  std::vector<const MeasurementInput*> ordered;
  for (const auto& m : p.record->measurements) ordered.push_back(&m);
  std::stable_sort(ordered.begin(), ordered.end(), [](const MeasurementInput* a, const MeasurementInput* b) {
    if (a->date != b->date) return a->date < b->date;
    return mainIndex(a->occasion) < mainIndex(b->occasion);
  });
  const core::ChildForm& form = forms.primaryChildForm();
  std::set<std::string> omitted;
  for (std::size_t d = 0; d < form.dimensions.size(); ++d) {
    const core::Dimension& dim = form.dimensions[d];
    if (!p.project->measures(dim.id)) {
      omitted.insert(dim.id);
      continue;
    }
    TimelineDimension td;
    td.id = dim.id;
    td.name = dim.name.da;
    td.note = dim.reportNote.da;
    td.direction = dim.direction;
    for (const MeasurementInput* m : ordered) {
      TimelinePoint pt;
      pt.occasion = m->occasion;
      pt.date = m->date;
      pt.score = scoreOf(forms, *p.project, *m, dim, p.record->code, &pt.answered, &pt.items);
      td.points.push_back(pt);
    }
    for (OccasionPair pair : kPairs) {
      auto a = p.score(pairFirst(pair), d);
      auto b = p.score(pairSecond(pair), d);
      if (!a || !b) continue;
      td.changes.push_back({pair, *a, *b, core::classifyChange(*a, *b, dim.direction, forms.scoring.changeThreshold)});
    }
    t.dimensions.push_back(std::move(td));
  }
  t.omittedDimensions = dimensionNames(form, omitted);
  return t;
}

Method buildMethod(const core::FormSet& forms, const std::vector<const core::Project*>& projects) {
  Method m;
  m.scoringRule = forms.scoring.rule.da;
  m.minAnsweredShare = forms.scoring.minAnsweredShare;
  m.changeThreshold = forms.scoring.changeThreshold;
  const core::ChildForm& form = forms.primaryChildForm();
  std::set<std::string> measured;
  for (const core::Project* p : projects)
    for (const auto& d : p->dimensions) measured.insert(d);

  std::vector<std::string> scaleOrder;
  std::map<std::string, std::vector<std::string>> scaleDims;
  std::vector<std::string> positive;
  std::vector<std::string> reversed;
  for (const auto& dim : form.dimensions) {
    if (!measured.count(dim.id)) continue;
    (dim.direction == Direction::Positive ? positive : reversed).push_back(dim.name.da);
    std::set<std::string> seen;
    for (const auto& itemId : dim.itemIds) {
      const core::Item* item = form.item(itemId);
      if (!item || !seen.insert(item->scale).second) continue;
      if (!scaleDims.count(item->scale)) scaleOrder.push_back(item->scale);
      scaleDims[item->scale].push_back(dim.name.da);
    }
  }
  for (const auto& id : scaleOrder) {
    auto it = forms.scales.find(id);
    if (it == forms.scales.end()) continue;
    ScaleNote note;
    note.id = id;
    note.name = it->second.name.da;
    for (const auto& o : it->second.options) note.labels.push_back(std::to_string(o.value) + " = " + o.label.da);
    if (it->second.decline) note.labels.push_back("«" + it->second.decline->da + "» tæller som ubesvaret");
    note.dimensions = scaleDims[id];
    m.scales.push_back(std::move(note));
  }
  // The paragraphs are in the message catalogue (src/messages/report.def),
  // rendered in Danish like the rest of the report.
  const auto da = [](const Message& msg) { return render(msg, Lang::Da); };
  if (!positive.empty())
    m.directionNotes.push_back(da({Msg::ReportMethodDirectionPositive, {{"dimensions", joinDanish(positive, "og")}}}));
  if (!reversed.empty())
    m.directionNotes.push_back(da({Msg::ReportMethodDirectionReversed, {{"dimensions", joinDanish(reversed, "og")}}}));

  m.statements = {
      da(Msg::ReportMethodOccasionMeans),
      da(Msg::ReportMethodPairs),
      da(Msg::ReportMethodChange),
      da({Msg::ReportMethodSignificance, {{"legend", core::starsLegend()}}}),
      da(Msg::ReportMethodNoVariance),
      da({Msg::ReportMethodImproved, {{"threshold", formatNumber(forms.scoring.changeThreshold, 2)}}}),
      da(Msg::ReportMethodDuplicates),
      da({Msg::ReportMethodSmallN, {{"n", static_cast<unsigned long long>(kSmallN)}}}),
  };
  m.caveats = {da(Msg::ReportCaveatNoControlGroup), da(Msg::ReportCaveatDropout), da(Msg::ReportCaveatStatusQuo),
               da(Msg::ReportCaveatSelfReport)};
  return m;
}

}  // namespace

Report buildReport(const core::FormSet& forms, const ReportInput& input, const ReportFilter& filter) {
  Report r;
  r.programme = input.programme.empty() ? "Spor" : input.programme;
  r.filter = filter;
  r.asOf = input.asOf;

  if (!filter.project.empty() && !forms.projects.count(filter.project))
    throw ReportError(unknownProject(forms, filter.project));
  if (auto problem = municipalityFilterProblem(forms, filter.project, filter.municipality))
    throw ReportError(std::move(*problem));

  std::vector<Prepared> all;
  all.reserve(input.children.size());
  for (const auto& c : input.children) all.push_back(prepare(forms, c));

  // A child's timeline.
  if (!filter.child.empty()) {
    const Prepared* found = nullptr;
    for (const auto& p : all)
      if (p.record->code == filter.child) found = &p;
    if (!found) throw ReportError({Msg::ReportNoSuchChild, {{"code", filter.child}}});
    r.timeline = buildTimeline(forms, *found);
    r.scopeTitle = "Barn " + found->record->code;
    r.overall.kind = GroupKind::Overall;
    r.overall.id = found->record->code;
    r.overall.title = r.scopeTitle;
    r.overall.counts = countOccasions({found}, forms.scoring, input.asOf);
    for (const auto& m : found->record->measurements) {
      if (!r.firstDate || m.date < *r.firstDate) r.firstDate = m.date;
      if (!r.lastDate || m.date > *r.lastDate) r.lastDate = m.date;
    }
    r.method = buildMethod(forms, {found->project});
    return r;
  }

  // Children in scope.
  std::vector<const Prepared*> scope;
  for (const auto& p : all) {
    if (!filter.project.empty() && p.project->id != filter.project) continue;
    if (filter.intervention && !p.offers(*filter.intervention)) continue;
    if (!filter.municipality.empty() && p.record->municipality != filter.municipality) continue;
    scope.push_back(&p);
  }

  // Projects in scope: the filtered project, else the projects of the
  // children in scope, else (no data yet) every project that fits.
  std::vector<const core::Project*> projects;
  if (!filter.project.empty()) {
    projects.push_back(&forms.project(filter.project));
  } else {
    std::set<std::string> ids;
    for (const Prepared* p : scope) ids.insert(p->project->id);
    for (const auto& [id, proj] : forms.projects) {
      const bool fits = scope.empty() ? (!filter.intervention || proj.offers(*filter.intervention)) : ids.count(id) > 0;
      if (fits) projects.push_back(&proj);
    }
  }

  if (!filter.project.empty()) {
    r.scopeTitle = forms.project(filter.project).name.da;
    if (filter.intervention) r.scopeTitle += " – " + interventionScopeName(*filter.intervention);
  } else if (filter.intervention) {
    r.scopeTitle = interventionGroupTitle(*filter.intervention);
  } else {
    r.scopeTitle = "Alle projekter";
  }
  if (!filter.municipality.empty()) r.scopeTitle += " – " + filter.municipality;

  for (const Prepared* p : scope) {
    for (const auto& m : p->record->measurements) {
      if (!r.firstDate || m.date < *r.firstDate) r.firstDate = m.date;
      if (!r.lastDate || m.date > *r.lastDate) r.lastDate = m.date;
    }
  }

  r.overall = analyseGroup(forms, GroupKind::Overall, "all", r.scopeTitle, scope, projects, input.asOf);

  if (filter.project.empty()) {
    for (const core::Project* proj : projects) {
      std::vector<const Prepared*> mine;
      for (const Prepared* p : scope)
        if (p->project == proj) mine.push_back(p);
      if (mine.empty()) continue;
      r.byProject.push_back(
          analyseGroup(forms, GroupKind::Project, proj->id, proj->name.da, mine, {proj}, input.asOf));
    }
  }

  if (!filter.intervention) {
    std::size_t several = 0;
    std::size_t none = 0;
    for (const Prepared* p : scope) {
      several += p->interventions.size() > 1 ? 1U : 0U;
      none += p->interventions.empty() ? 1U : 0U;
    }
    for (Intervention i : kInterventions) {
      std::vector<const Prepared*> mine;
      std::set<const core::Project*> mineProjects;
      for (const Prepared* p : scope) {
        if (!p->offers(i)) continue;
        mine.push_back(p);
        mineProjects.insert(p->project);
      }
      if (mine.empty()) continue;
      std::vector<const core::Project*> projList;
      for (const core::Project* proj : projects)
        if (mineProjects.count(proj)) projList.push_back(proj);
      r.byIntervention.push_back(analyseGroup(forms, GroupKind::Intervention, core::interventionId(i),
                                              interventionGroupTitle(i), mine, projList, input.asOf));
    }
    if (several > 0)
      r.notes.push_back(std::to_string(several) + (several == 1 ? " barn har" : " børn har") +
                        " modtaget mere end én type indsats og indgår i hver af dem i opdelingen efter "
                        "indsatstype. Det kunne evalueringen heller ikke kontrollere for (erfaringsopsamlingen, afsnit 4).");
    if (none > 0)
      r.warnings.push_back({"no_intervention", std::to_string(none) + (none == 1 ? " barn har" : " børn har") +
                                                   " ingen indsatstype registreret og indgår ikke i opdelingen "
                                                   "efter indsatstype."});
  }

  if (filter.municipality.empty()) {
    // By municipality (issue 14): the programmes' partners and often their
    // funders. Names in byte order (Danish letters sort last, as in the
    // alphabet); children without one last, in a group of their own.
    std::map<std::string, std::vector<const Prepared*>> byName;
    std::size_t outside = 0;
    for (const Prepared* p : scope) {
      byName[p->record->municipality].push_back(p);
      const auto& list = p->project->municipalities;
      if (!p->record->municipality.empty() &&
          std::find(list.begin(), list.end(), p->record->municipality) == list.end())
        ++outside;
    }
    const auto add = [&](const std::string& id, const std::string& title, const std::vector<const Prepared*>& mine) {
      std::set<const core::Project*> mineProjects;
      for (const Prepared* p : mine) mineProjects.insert(p->project);
      std::vector<const core::Project*> projList;
      for (const core::Project* proj : projects)
        if (mineProjects.count(proj)) projList.push_back(proj);
      r.byMunicipality.push_back(
          analyseGroup(forms, GroupKind::Municipality, id, title, mine, projList, input.asOf));
    };
    for (const auto& [name, mine] : byName)
      if (!name.empty()) add(name, name, mine);
    if (auto it = byName.find(""); it != byName.end() && !scope.empty())
      add(kMunicipalityUnknownId, kMunicipalityUnknownTitle, it->second);
    if (outside > 0)
      r.warnings.push_back({"municipality_not_in_project",
                            std::to_string(outside) + (outside == 1 ? " barn har" : " børn har") +
                                " en kommune, som barnets projekt ikke har på sin liste over kommuner; "
                                "tjek projektfilen eller barnets registrering."});
  }

  r.profile = buildProfile(forms, scope);
  for (const core::Project* proj : projects) r.fidelity.push_back(buildFidelity(forms, *proj, input.fidelity));
  {  // Bridge-builder figures (activity.cpp), for the projects in scope that have an activity form.
    std::vector<const ChildInput*> children;
    for (const Prepared* p : scope) children.push_back(p->record);
    for (ActivityResult& a : activityResults(forms, children, input.asOf))
      for (const core::Project* proj : projects)
        if (proj->id == a.project) r.activity.push_back(std::move(a));
  }
  r.method = buildMethod(forms, projects);

  std::size_t duplicates = 0;
  for (const Prepared* p : scope) duplicates += p->duplicateOccasion ? 1U : 0U;
  if (duplicates > 0)
    r.warnings.push_back({"duplicate_occasion",
                          std::to_string(duplicates) + (duplicates == 1 ? " barn har" : " børn har") +
                              " mere end én måling ved samme lejlighed; den første førmåling og den seneste "
                              "efter- og opfølgningsmåling er brugt."});
  if (scope.empty()) r.warnings.push_back({"no_data", "Der er ingen børn med målinger i rapportens afgrænsning."});
  return r;
}

}  // namespace spor::report
