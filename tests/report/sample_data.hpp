#pragma once
// A made-up but plausible programme: children in every project, with
// improvement, noise, declined items, dropout before efter and at
// opfølgning, background forms and fidelity answers. Seeded, so the same
// seed gives the same data on the same standard library. Used for the
// sample report that headless Chromium loads, and for looking at the report.
#include <algorithm>
#include <cmath>
#include <random>
#include <string>

#include "core/forms.hpp"
#include "report/input.hpp"

namespace spor::test {

inline report::ReportInput sampleProgramme(const core::FormSet& forms, unsigned seed, int childrenPerProject,
                                           core::Date asOf) {
  std::mt19937 rng(seed);
  std::normal_distribution<double> normal(0.0, 1.0);
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  const core::ChildForm& form = forms.primaryChildForm();
  report::ReportInput in;
  in.programme = "Frivilligcenter Eksempelby";
  in.asOf = asOf;
  const core::Date firstStart = core::addMonths(asOf, -30);

  int serial = 0;
  for (const auto& [id, project] : forms.projects) {
    for (int k = 0; k < childrenPerProject; ++k) {
      report::ChildInput c;
      c.code = "K-" + std::to_string(1000 + ++serial);
      c.project = id;
      for (auto i : project.interventions)
        if (c.interventions.empty() || uniform(rng) < 0.25) c.interventions.push_back(i);
      c.birthYear = 2025 - std::clamp(project.ageMin + static_cast<int>(uniform(rng) * (project.ageMax - project.ageMin + 1)),
                                      project.ageMin, project.ageMax);
      const core::Date start = core::addDays(firstStart, static_cast<int>(uniform(rng) * 540));
      const core::Date end = core::addDays(start, 7 * project.courseWeeks);
      const core::Date follow = core::addMonths(end, forms.scoring.followupMonths);

      // Each child's level per dimension, and how much it moves.
      std::map<std::string, double> level;
      std::map<std::string, double> gain;
      for (const auto& dim : form.dimensions) {
        const bool reversed = dim.direction == core::Direction::Reversed;
        level[dim.id] = reversed ? 2.1 + 0.55 * normal(rng) : 2.9 + 0.45 * normal(rng);
        const double g = 0.22 + 0.35 * normal(rng);
        gain[dim.id] = reversed ? -g * 1.4 : g;
      }
      auto take = [&](core::Occasion o, core::Date date, double progress) {
        report::MeasurementInput m;
        m.occasion = o;
        m.date = date;
        m.formVersion = 1;
        for (const core::Item* item : form.itemsFor(project.dimensions)) {
          if (uniform(rng) < 0.03) {  // vil ikke svare
            m.declined.insert(item->id);
            continue;
          }
          const double v = level[item->dimension] + gain[item->dimension] * progress + 0.6 * normal(rng);
          m.items[item->id] = std::clamp(static_cast<int>(std::lround(v)), 1, 4);
        }
        c.measurements.push_back(std::move(m));
      };
      if (start > asOf) continue;
      take(core::Occasion::Before, start, 0.0);
      if (project.progressionEveryWeeks > 0)
        for (int w = project.progressionEveryWeeks; w < project.courseWeeks; w += project.progressionEveryWeeks)
          if (core::addDays(start, 7 * w) <= asOf) take(core::Occasion::Progression, core::addDays(start, 7 * w), w / double(project.courseWeeks));
      if (end <= asOf && uniform(rng) < 0.72) {
        take(core::Occasion::After, end, 1.0);
        if (follow <= asOf && uniform(rng) < 0.5) take(core::Occasion::FollowUp, follow, 1.25);
      }
      if (forms.background && uniform(rng) < 0.9) {
        report::BackgroundInput b;
        b.date = start;
        b.formVersion = forms.background->version;
        for (const auto& section : forms.background->sections) {
          for (const auto& q : section.questions) {
            if (uniform(rng) < 0.06) continue;
            report::BackgroundAnswerInput a;
            if (q.type == core::QuestionType::Single && !q.options.empty()) {
              // Earlier options are more common.
              std::size_t pick = 0;
              while (pick + 1 < q.options.size() && uniform(rng) < 0.45) ++pick;
              a.codes.push_back(q.options[pick].code);
            } else if (q.type == core::QuestionType::Multi) {
              for (std::size_t o = 0; o < q.options.size(); ++o)
                if (uniform(rng) < (o == 0 ? 0.7 : 0.3)) a.codes.push_back(q.options[o].code);
              if (q.other && uniform(rng) < 0.05) a.text = "fritekst";
            } else if (q.type == core::QuestionType::Year && q.id == "birth_year") {
              a.number = static_cast<double>(*c.birthYear);
            } else {
              continue;
            }
            b.answers[q.id] = a;
          }
        }
        c.background = b;
      }
      in.children.push_back(std::move(c));
    }
    if (const core::FidelityForm* f = forms.fidelityFor(project)) {
      const int responses = 6 + static_cast<int>(uniform(rng) * 10);
      for (int r = 0; r < responses; ++r) {
        report::FidelityInput resp;
        resp.project = id;
        resp.form = f->id;
        resp.formVersion = f->version;
        resp.date = core::addDays(firstStart, 30 * r);
        for (const auto& item : f->items) {
          if (uniform(rng) < 0.05) {  // ikke relevant
            resp.declined.insert(item.id);
            continue;
          }
          const double v = item.reportMean.value_or(4.0) + 0.7 * normal(rng);
          resp.items[item.id] = std::clamp(static_cast<int>(std::lround(v)), 1, 5);
        }
        in.fidelity.push_back(std::move(resp));
      }
    }
  }
  return in;
}

}  // namespace spor::test
