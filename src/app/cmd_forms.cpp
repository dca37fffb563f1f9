// spor forms check DIR
#include <iomanip>
#include <ostream>

#include "app/cli.hpp"
#include "app/commands.hpp"
#include "core/form_loader.hpp"

namespace spor::app {

namespace {

std::string describe(const core::FormSet& forms, const core::FormFile& f) {
  if (f.kind == "scales") return std::to_string(forms.scales.size()) + " scales";
  if (f.kind == "scoring") {
    const auto& s = forms.scoring;
    return "min answered share " + std::to_string(static_cast<int>(s.minAnsweredShare * 100 + 0.5)) +
           " %, follow-up after " + std::to_string(s.followupMonths) + " months";
  }
  if (f.kind == "child") {
    const auto& c = forms.childForm(f.id);
    return std::to_string(c.dimensions.size()) + " dimensions, " + std::to_string(c.itemCount()) + " items";
  }
  if (f.kind == "background" && forms.background) {
    std::size_t n = 0;
    for (const auto& s : forms.background->sections) n += s.questions.size();
    return std::to_string(forms.background->sections.size()) + " sections, " + std::to_string(n) + " questions";
  }
  if (f.kind == "fidelity") {
    const auto& fid = forms.fidelityForms.at(f.id);
    return std::to_string(fid.items.size()) + " items, project " + fid.project;
  }
  if (f.kind == "activity") {
    std::string points;
    for (int m : core::activityPoints(forms.activityForms.at(f.id)))
      points += (points.empty() ? "" : ", ") + std::to_string(m);
    return "due " + points + " months after enrolment";
  }
  if (f.kind == "project") {
    const auto& p = forms.project(f.id);
    std::string interventions;
    for (auto i : p.interventions) interventions += (interventions.empty() ? "" : "+") + std::string(core::interventionId(i));
    return std::to_string(p.dimensions.size()) + " dimensions, " + interventions +
           (p.fidelityForm ? ", fidelity " + *p.fidelityForm : ", no fidelity form") +
           (p.activityForm ? ", activity " + *p.activityForm : "");
  }
  return {};
}

}  // namespace

int runFormsCheck(const std::vector<std::string>& words, std::ostream& out, std::ostream& err) {
  const Args args(words, ArgSpec{{}, {}, 1, 1});
  const std::string& dir = args.positional().front();
  const core::FormCheck check = core::checkForms(dir);
  if (!check.ok()) {
    for (const auto& p : check.problems) err << "error: " << p.str() << "\n";
    err << check.problems.size() << (check.problems.size() == 1 ? " problem" : " problems") << " in " << dir
        << ". Fix the files named above and run 'spor forms check " << dir << "' again.\n";
    return kExitFailed;
  }
  for (const auto& f : check.forms.files) {
    out << "ok  " << std::left << std::setw(11) << f.kind << std::setw(30) << (f.id + " v" + std::to_string(f.version))
        << describe(check.forms, f) << "\n";
  }
  out << check.forms.files.size() << " files in " << dir << " are valid.\n";
  return kExitOk;
}

}  // namespace spor::app
