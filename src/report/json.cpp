// The JSON report: every number the HTML shows, unrounded, with ids for
// machines and the Danish names for people. Undefined numbers are null.
#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>

#include <cmath>
#include <ostream>

#include "core/occasions.hpp"
#include "report/writers.hpp"

namespace spor::report {

namespace {

using Writer = rapidjson::PrettyWriter<rapidjson::StringBuffer>;

void key(Writer& w, const char* k) { w.Key(k); }
void str(Writer& w, const char* k, const std::string& v) {
  w.Key(k);
  w.String(v.c_str(), static_cast<rapidjson::SizeType>(v.size()));
}
void num(Writer& w, const char* k, double v) {
  w.Key(k);
  if (std::isfinite(v))
    w.Double(v);
  else
    w.Null();
}
void opt(Writer& w, const char* k, std::optional<double> v) {
  w.Key(k);
  if (v && std::isfinite(*v))
    w.Double(*v);
  else
    w.Null();
}
void uint(Writer& w, const char* k, std::size_t v) {
  w.Key(k);
  w.Uint64(static_cast<uint64_t>(v));
}
void strings(Writer& w, const char* k, const std::vector<std::string>& list) {
  w.Key(k);
  w.StartArray();
  for (const auto& s : list) w.String(s.c_str(), static_cast<rapidjson::SizeType>(s.size()));
  w.EndArray();
}
void date(Writer& w, const char* k, std::optional<core::Date> d) {
  w.Key(k);
  if (d) {
    const std::string s = core::formatDate(*d);
    w.String(s.c_str(), static_cast<rapidjson::SizeType>(s.size()));
  } else {
    w.Null();
  }
}

void summary(Writer& w, const core::Summary& s) {
  uint(w, "n", s.n);
  opt(w, "mean", s.mean);
  opt(w, "sd", s.sd);
}

void warnings(Writer& w, const std::vector<Warning>& list) {
  key(w, "warnings");
  w.StartArray();
  for (const auto& x : list) {
    w.StartObject();
    str(w, "id", x.id);
    str(w, "text", x.text);
    w.EndObject();
  }
  w.EndArray();
}

void counts(Writer& w, const OccasionCounts& c) {
  key(w, "counts");
  w.StartObject();
  uint(w, "children", c.children);
  uint(w, "foer", c.before);
  uint(w, "efter", c.after);
  uint(w, "opfoelgning", c.followUp);
  uint(w, "all_three", c.allThree);
  uint(w, "progression_measurements", c.progressionMeasurements);
  uint(w, "progression_children", c.progressionChildren);
  uint(w, "efter_due", c.afterDue);
  uint(w, "efter_missing", c.afterMissing);
  opt(w, "efter_dropout_percent", c.afterDropoutPercent());
  uint(w, "opfoelgning_due", c.followUpDue);
  uint(w, "opfoelgning_missing", c.followUpMissing);
  uint(w, "opfoelgning_pending", c.followUpPending);
  opt(w, "opfoelgning_dropout_percent", c.followUpDropoutPercent());
  // Why (issue 14): reason id -> children.
  for (const auto& [name, why] : {std::pair{"efter_missing_by_reason", &c.afterMissingWhy},
                                  std::pair{"opfoelgning_missing_by_reason", &c.followUpMissingWhy}}) {
    key(w, name);
    w.StartObject();
    for (const auto& [id, count] : *why) uint(w, id.c_str(), count);
    w.EndObject();
  }
  w.EndObject();
}

void dimension(Writer& w, const DimensionResult& d) {
  w.StartObject();
  str(w, "id", d.id);
  str(w, "name", d.name);
  str(w, "direction", d.direction == core::Direction::Positive ? "positive" : "reversed");
  key(w, "means");
  w.StartArray();
  for (const auto& m : d.means) {
    w.StartObject();
    str(w, "occasion", core::occasionId(m.occasion));
    summary(w, m.summary);
    w.EndObject();
  }
  w.EndArray();
  key(w, "pairs");
  w.StartArray();
  for (const auto& p : d.pairs) {
    w.StartObject();
    str(w, "pair", pairId(p.pair));
    uint(w, "n", p.test.n);
    opt(w, "mean_from", p.test.meanBefore);
    opt(w, "mean_to", p.test.meanAfter);
    opt(w, "mean_change", p.test.meanDifference);
    opt(w, "sd_change", p.test.sdDifference);
    opt(w, "t", p.test.t);
    uint(w, "df", p.test.df);
    opt(w, "p", p.test.p);
    str(w, "stars", p.stars);
    uint(w, "improved", p.changes.improved);
    uint(w, "unchanged", p.changes.unchanged);
    uint(w, "worse", p.changes.worse);
    opt(w, "improved_percent", p.changes.improvedPercent());
    opt(w, "unchanged_percent", p.changes.unchangedPercent());
    opt(w, "worse_percent", p.changes.worsePercent());
    key(w, "small_n");
    w.Bool(p.smallN);
    w.EndObject();
  }
  w.EndArray();
  warnings(w, d.warnings);
  w.EndObject();
}

// Issue 14 item 1: of the referred children, how many referrers heard back.
void referral(Writer& w, const ReferralCounts& c) {
  key(w, "referral");
  w.StartObject();
  uint(w, "children", c.children);
  uint(w, "referred", c.referred);
  uint(w, "no_feedback_agreed", c.noFeedbackAgreed);
  uint(w, "heard_back", c.heardBack);
  opt(w, "heard_back_percent", c.heardBackPercent());
  uint(w, "after_intake", c.afterIntake);
  opt(w, "after_intake_percent", c.afterIntakePercent());
  uint(w, "ended", c.ended);
  uint(w, "after_closing", c.afterClosing);
  opt(w, "after_closing_percent", c.afterClosingPercent());
  w.EndObject();
}

void group(Writer& w, const GroupResult& g) {
  w.StartObject();
  str(w, "kind", groupKindId(g.kind));
  str(w, "id", g.id);
  str(w, "title", g.title);
  counts(w, g.counts);
  referral(w, g.referral);
  key(w, "dimensions");
  w.StartArray();
  for (const auto& d : g.dimensions) dimension(w, d);
  w.EndArray();
  strings(w, "omitted_dimensions", g.omittedDimensions);
  warnings(w, g.warnings);
  w.EndObject();
}

const char* questionType(core::QuestionType t) {
  switch (t) {
    case core::QuestionType::Single: return "single";
    case core::QuestionType::Multi: return "multi";
    case core::QuestionType::Year: return "year";
    case core::QuestionType::Number: return "number";
    case core::QuestionType::Text: return "text";
  }
  return "single";
}

void profile(Writer& w, const Profile& p) {
  key(w, "profile");
  w.StartObject();
  uint(w, "children", p.children);
  uint(w, "with_background", p.withBackground);
  key(w, "age_at_start");
  if (p.ageAtStart) {
    w.StartObject();
    summary(w, *p.ageAtStart);
    w.EndObject();
  } else {
    w.Null();
  }
  key(w, "questions");
  w.StartArray();
  for (const auto& q : p.questions) {
    w.StartObject();
    str(w, "id", q.id);
    str(w, "section", q.section);
    str(w, "text", q.text);
    str(w, "type", questionType(q.type));
    uint(w, "answered", q.answered);
    uint(w, "missing", q.missing);
    uint(w, "other_count", q.otherCount);
    key(w, "options");
    w.StartArray();
    for (const auto& o : q.options) {
      w.StartObject();
      key(w, "code");
      w.Int(o.code);
      str(w, "label", o.label);
      uint(w, "count", o.count);
      opt(w, "percent", o.percent);
      w.EndObject();
    }
    w.EndArray();
    key(w, "numbers");
    w.StartObject();
    summary(w, q.numbers);
    opt(w, "min", q.min);
    opt(w, "max", q.max);
    w.EndObject();
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
}

void fidelity(Writer& w, const std::vector<FidelityResult>& list) {
  key(w, "fidelity");
  w.StartArray();
  for (const auto& f : list) {
    w.StartObject();
    str(w, "project", f.project);
    str(w, "project_name", f.projectName);
    str(w, "form", f.form);
    str(w, "form_title", f.formTitle);
    uint(w, "responses", f.responses);
    opt(w, "project_mean", f.projectMean);
    opt(w, "report_project_mean", f.reportProjectMean);
    key(w, "items");
    w.StartArray();
    for (const auto& i : f.items) {
      w.StartObject();
      str(w, "id", i.id);
      str(w, "group", i.group);
      str(w, "text", i.text);
      summary(w, i.summary);
      opt(w, "report_mean", i.reportMean);
      w.EndObject();
    }
    w.EndArray();
    w.EndObject();
  }
  w.EndArray();
}

void timeline(Writer& w, const Timeline& t) {
  key(w, "timeline");
  w.StartObject();
  str(w, "code", t.code);
  str(w, "project", t.project);
  str(w, "project_name", t.projectName);
  strings(w, "interventions", t.interventions);
  strings(w, "omitted_dimensions", t.omittedDimensions);
  key(w, "dimensions");
  w.StartArray();
  for (const auto& d : t.dimensions) {
    w.StartObject();
    str(w, "id", d.id);
    str(w, "name", d.name);
    str(w, "direction", d.direction == core::Direction::Positive ? "positive" : "reversed");
    key(w, "points");
    w.StartArray();
    for (const auto& p : d.points) {
      w.StartObject();
      str(w, "occasion", core::occasionId(p.occasion));
      date(w, "date", p.date);
      opt(w, "score", p.score);
      uint(w, "answered", p.answered);
      uint(w, "items", p.items);
      w.EndObject();
    }
    w.EndArray();
    key(w, "changes");
    w.StartArray();
    for (const auto& c : d.changes) {
      w.StartObject();
      str(w, "pair", pairId(c.pair));
      num(w, "from", c.before);
      num(w, "to", c.after);
      str(w, "change", core::changeId(c.change));
      w.EndObject();
    }
    w.EndArray();
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
}

void method(Writer& w, const Method& m) {
  key(w, "method");
  w.StartObject();
  str(w, "scoring_rule", m.scoringRule);
  num(w, "min_answered_share", m.minAnsweredShare);
  num(w, "change_threshold", m.changeThreshold);
  str(w, "test", "paired t-test, two-sided");
  str(w, "stars_legend", core::starsLegend());
  uint(w, "small_n_below", kSmallN);
  num(w, "high_dropout_above_percent", kHighDropoutPercent);
  key(w, "scales");
  w.StartArray();
  for (const auto& s : m.scales) {
    w.StartObject();
    str(w, "id", s.id);
    str(w, "name", s.name);
    strings(w, "labels", s.labels);
    strings(w, "dimensions", s.dimensions);
    w.EndObject();
  }
  w.EndArray();
  strings(w, "direction_notes", m.directionNotes);
  strings(w, "statements", m.statements);
  strings(w, "caveats", m.caveats);
  w.EndObject();
}

// The bridge-builder figures (activity.hpp), per project with an activity form.
void activity(Writer& w, const std::vector<ActivityResult>& list) {
  key(w, "activity");
  w.StartArray();
  for (const ActivityResult& a : list) {
    w.StartObject();
    str(w, "project", a.project);
    str(w, "form", a.form);
    uint(w, "children", a.children);
    uint(w, "started_due", a.startedDue);
    uint(w, "started", a.started);
    uint(w, "started_unknown", a.startedUnknown);
    key(w, "points");
    w.StartArray();
    for (const ActivityPoint& p : a.points) {
      w.StartObject();
      uint(w, "months", static_cast<std::size_t>(p.months));
      uint(w, "due", p.due);
      uint(w, "answered", p.answered);
      uint(w, "active", p.active);
      uint(w, "not_active", p.notActive);
      w.EndObject();
    }
    w.EndArray();
    w.EndObject();
  }
  w.EndArray();
}

}  // namespace

std::string renderJson(const Report& r) {
  rapidjson::StringBuffer buffer;
  Writer w(buffer);
  w.SetIndent(' ', 2);
  w.StartObject();
  str(w, "format", "spor-report/1");
  str(w, "programme", r.programme);
  str(w, "scope", r.scopeTitle);
  key(w, "filter");
  w.StartObject();
  str(w, "project", r.filter.project);
  str(w, "intervention", r.filter.intervention ? core::interventionId(*r.filter.intervention) : "");
  str(w, "child", r.filter.child);
  str(w, "municipality", r.filter.municipality);
  w.EndObject();
  date(w, "as_of", r.asOf);
  date(w, "first_date", r.firstDate);
  date(w, "last_date", r.lastDate);
  key(w, "overall");
  group(w, r.overall);
  key(w, "by_project");
  w.StartArray();
  for (const auto& g : r.byProject) group(w, g);
  w.EndArray();
  key(w, "by_intervention");
  w.StartArray();
  for (const auto& g : r.byIntervention) group(w, g);
  w.EndArray();
  key(w, "by_municipality");
  w.StartArray();
  for (const auto& g : r.byMunicipality) group(w, g);
  w.EndArray();
  strings(w, "notes", r.notes);
  profile(w, r.profile);
  fidelity(w, r.fidelity);
  activity(w, r.activity);
  if (r.timeline) timeline(w, *r.timeline);
  method(w, r.method);
  warnings(w, r.warnings);
  w.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize()) + "\n";
}

void writeJson(const Report& report, std::ostream& out) { out << renderJson(report); }

}  // namespace spor::report
