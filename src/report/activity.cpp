#include "report/activity.hpp"

#include <algorithm>
#include <sstream>

#include "report/format.hpp"

namespace spor::report {

namespace {

// The single-choice code answered to `question`, if any (a "Ved ikke" is a
// code too; it is neither Ja nor Nej).
std::optional<int> codeOf(const ActivityInput& a, const char* question) {
  const auto it = a.answers.find(question);
  if (it == a.answers.end() || it->second.declined || it->second.codes.size() != 1) return std::nullopt;
  return it->second.codes.front();
}

// A share (0-1) as a whole percent, "50 %".
std::string percentOrDash(std::optional<double> v) { return v ? formatPercent(*v * 100.0, 0) : "–"; }

}  // namespace

std::optional<double> ActivityPoint::share() const {
  if (due == 0) return std::nullopt;
  return static_cast<double>(active) / static_cast<double>(due);
}

std::optional<double> ActivityResult::startedShare() const {
  if (startedDue == 0) return std::nullopt;
  return static_cast<double>(started) / static_cast<double>(startedDue);
}

std::vector<ActivityResult> activityResults(const core::FormSet& forms, const std::vector<const ChildInput*>& children,
                                            core::Date asOf) {
  std::vector<ActivityResult> out;
  for (const auto& [id, project] : forms.projects) {
    const core::BackgroundForm* form = forms.activityFor(project);
    if (!form) continue;
    ActivityResult r;
    r.project = id;
    r.projectName = project.name.da;
    r.form = form->id;
    const std::vector<int> points = core::activityPoints(*form);
    for (int m : points) r.points.push_back({m});
    for (const ChildInput* c : children) {
      if (c->project != id) continue;
      ++r.children;
      if (!c->enrolledOn) continue;  // no start known: no point can be due
      const auto dueAt = [&](int months) { return !(asOf < core::addMonths(*c->enrolledOn, months)); };
      // Started: any finished form of the child says so.
      if (!points.empty() && dueAt(points.front())) {
        ++r.startedDue;
        bool yes = false;
        bool no = false;
        for (const ActivityInput& a : c->activity) {
          if (codeOf(a, core::kActivityStartedQuestion) == core::kActivityYes ||
              codeOf(a, core::kActivityActiveQuestion) == core::kActivityYes)
            yes = true;
          else if (codeOf(a, core::kActivityStartedQuestion) == core::kActivityNo)
            no = true;
        }
        if (yes) ++r.started;
        else if (!no) ++r.startedUnknown;
      }
      for (ActivityPoint& p : r.points) {
        if (!dueAt(p.months)) continue;
        ++p.due;
        // The latest finished form at this point counts.
        const ActivityInput* latest = nullptr;
        for (const ActivityInput& a : c->activity)
          if (a.months == p.months && (!latest || latest->date < a.date)) latest = &a;
        if (!latest) continue;
        ++p.answered;
        if (codeOf(*latest, core::kActivityActiveQuestion) == core::kActivityYes)
          ++p.active;
        else if (codeOf(*latest, core::kActivityActiveQuestion) == core::kActivityNo ||
                 codeOf(*latest, core::kActivityStartedQuestion) == core::kActivityNo)
          ++p.notActive;
      }
    }
    out.push_back(std::move(r));
  }
  return out;
}

std::string activityHtml(const std::vector<ActivityResult>& results) {
  if (results.empty()) return {};
  std::ostringstream o;
  o << "<section id=\"brobygning\" class=\"page activity\">\n<h2>Brobygning: fritidsaktiviteter</h2>\n";
  o << "<p class=\"note\">Om barnet er startet i den fritidsaktivitet, det er henvist til, og om det stadig er aktivt "
       "3 og 6 måneder efter start, som den frivillige har svaret i skemaet om fritidsaktiviteten. Andelen regnes af "
       "de børn, hvis tidspunkt er nået (n); et barn uden svar tæller ikke som aktivt. Evalueringen af Børnenes "
       "Brobygger (VIVE 2018) fandt, at henviste børn ofte kom i gang, men stoppede hurtigt, og at mange kommunale "
       "aktører ikke vidste, hvad der skete efter en henvisning.</p>\n";
  for (const ActivityResult& r : results) {
    o << "<h3>" << htmlEscape(r.projectName) << "</h3>\n";
    o << "<table class=\"activity\">\n<tr><th style=\"text-align:left\">Hvad</th><th>Andel</th><th>Antal</th>"
         "<th>n (tidspunkt nået)</th><th>Uden svar</th></tr>\n";
    o << "<tr><td style=\"text-align:left\">Startet i aktiviteten</td><td>" << percentOrDash(r.startedShare())
      << "</td><td>" << r.started << "</td><td>" << r.startedDue << "</td><td>" << r.startedUnknown << "</td></tr>\n";
    for (const ActivityPoint& p : r.points) {
      o << "<tr><td style=\"text-align:left\">Stadig aktiv efter " << p.months << " måneder</td><td>"
        << percentOrDash(p.share()) << "</td><td>" << p.active << "</td><td>" << p.due << "</td><td>"
        << (p.due - p.answered) << "</td></tr>\n";
    }
    o << "</table>\n";
    if (r.children > 0 && r.startedDue == 0)
      o << "<p class=\"note\">Ingen af projektets " << r.children
        << (r.children == 1 ? " barn" : " børn") << " har nået det første tidspunkt endnu.</p>\n";
  }
  o << "</section>\n";
  return o.str();
}

}  // namespace spor::report
