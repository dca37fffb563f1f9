#include "app/simulate.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <random>
#include <string_view>

namespace spor::app {

namespace {

using namespace std::chrono;

// A seeded generator with portable distributions: std::mt19937_64's output is
// the same everywhere, std::normal_distribution's is not, so the
// distributions are written out here (same seed, same data on every build).
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : g_(seed) {}
  double uniform() { return static_cast<double>(g_() >> 11) * 0x1.0p-53; }
  int between(int lo, int hi) {  // inclusive
    return lo + static_cast<int>(uniform() * static_cast<double>(hi - lo + 1));
  }
  bool chance(double p) { return uniform() < p; }
  double normal() {  // Box-Muller
    const double u1 = std::max(uniform(), 1e-12), u2 = uniform();
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * 3.14159265358979323846 * u2);
  }
  template <class Container>
  const auto& pick(const Container& v) {
    return v[static_cast<std::size_t>(between(0, static_cast<int>(v.size()) - 1))];
  }

 private:
  std::mt19937_64 g_;
};

constexpr std::array<std::string_view, 33> kNames = {
    "Mads",  "Freja", "Noah",  "Ida",    "Oliver", "Emma",   "William", "Alma", "Lucas", "Ella",  "Oscar",
    "Sofia", "Elias", "Clara", "Victor", "Laura",  "Malthe", "Agnes",   "Emil", "Karla", "Aksel", "Josefine",
    "Ali",   "Sara",  "Omar",  "Maja",   "Yusuf",  "Nora",   "Karl",    "Lea",  "Anton", "Asta",  "Hamza"};
constexpr std::array<std::string_view, 6> kConsentBy = {"mor", "far", "begge forældre", "værge", "mor", "far"};

store::Timestamp at(core::Date day, int hour, int minute) {
  return time_point_cast<milliseconds>(sys_days(day) + hours(hour) + minutes(minute));
}

int clampRound(double x, int lo, int hi) {
  return std::clamp(static_cast<int>(std::lround(x)), lo, hi);
}

// One child's answers come from its latent level, per-dimension offsets and
// its tendency to improve over the course.
struct ChildModel {
  double level = 0;     // overall well-being, in standard units
  double tendency = 0;  // change per course, in scale points
  std::map<std::string, double> offset;
};

class Simulation {
 public:
  Simulation(store::DeviceStore& store, const core::FormSet& forms, const SimulationOptions& options,
             const SimulatedClock& clock)
      : s_(store),
        forms_(forms),
        o_(options),
        clock_(clock),
        rng_(options.seed),
        case_(options.seed ^ 0x5ca5e0000000014ULL),
        bridge_(options.seed ^ 0xb81d6e0000000006ULL),
        referral_(options.seed ^ 0x7ef0000000000141ULL),
        form_(forms.primaryChildForm()) {
    for (const auto& [id, p] : forms.projects) projects_.push_back(&p);
  }

  SimulationSummary run() {
    const core::Date start = core::addDays(o_.today, -3 * 365);
    std::map<std::string, int> perProject;
    for (int done = 0; done < o_.children;) {
      auto batch = s_.batch();
      for (int i = 0; i < o_.childrenPerBatch && done < o_.children; ++i, ++done) {
        const core::Project& p = *rng_.pick(projects_);
        ++perProject[p.id];
        child(p, core::addDays(start, rng_.between(0, 2 * 365 + 180)));
      }
      batch.commit();
    }
    {
      auto batch = s_.batch();
      for (const core::Project* p : projects_) fidelity(*p, start, perProject[p->id]);
      batch.commit();
    }
    sum_.projects = static_cast<int>(perProject.size());
    clock_.set(store::systemNow());
    return sum_;
  }

 private:
  void child(const core::Project& p, core::Date enrolled) {
    clock_.set(at(enrolled, 9, rng_.between(0, 180)));
    const int year = static_cast<int>(year_month_day(enrolled).year());
    store::NewChild c;
    c.details.nickname = std::string(rng_.pick(kNames));
    c.details.birthYear = year - rng_.between(p.ageMin, p.ageMax);
    const double g = rng_.uniform();
    c.details.gender = g < 0.48   ? store::Gender::Girl
                       : g < 0.96 ? store::Gender::Boy
                       : g < 0.98 ? store::Gender::Other
                                  : store::Gender::NotSaid;
    c.details.projectId = p.id;
    // The municipality, from the project's list (issue 14). Its own
    // generator, so the answers and dates stay those of the same seed before.
    if (!p.municipalities.empty()) c.details.municipality = case_.pick(p.municipalities);
    c.details.interventions = {rng_.pick(p.interventions)};
    if (p.interventions.size() > 1 && rng_.chance(0.15)) {
      const core::Intervention second = rng_.pick(p.interventions);
      if (second != c.details.interventions.front()) c.details.interventions.push_back(second);
    }
    c.enrolledOn = enrolled;
    const store::ChildId id = s_.addChild(c);
    ++sum_.children;

    store::NewConsent consent;
    consent.givenBy = std::string(rng_.pick(kConsentBy));
    consent.givenOn = core::addDays(enrolled, -rng_.between(0, 7));
    // Issue 14: a young person past the project's age consents for
    // themselves (in the year they turn it, half of them); about two in
    // three families also consent to sharing information with the
    // municipality. From the case-work generator, as the municipality.
    const int consentYear = static_cast<int>(year_month_day(consent.givenOn).year());
    const core::ConsentRule rule = core::consentRule(p, *c.details.birthYear, consentYear);
    const bool young = case_.chance(0.5);
    if (rule == core::ConsentRule::YoungPerson || (rule == core::ConsentRule::ParentsOrYoungPerson && young))
      consent.givenBy = core::consentGiverId(core::ConsentGiver::YoungPerson);
    consent.sharing = case_.chance(0.65);
    s_.recordConsent(id, consent);
    referral(id, enrolled, *c.details.birthYear);

    if (forms_.background && rng_.chance(0.9))
      background(id, std::min(o_.today, core::addDays(enrolled, rng_.between(0, 14))), c);
    if (const core::BackgroundForm* af = forms_.activityFor(p)) activity(id, *af, enrolled);

    ChildModel m;
    m.level = rng_.normal();
    m.tendency = 0.22 + 0.35 * rng_.normal();
    for (const auto& d : form_.dimensions) m.offset[d.id] = 0.5 * rng_.normal();

    // før, progression, efter (70 %), opfølgning (46 % of efter): 686 → 479 → 221.
    const core::Date before = core::addDays(enrolled, rng_.between(0, 7));
    if (before > o_.today) return;
    measurement(id, p, m, core::Occasion::Before, before, 0.0);
    // The forsamtale comes before the course; the referrer hears about it
    // for about half of the referred children.
    if (referral_.chance(0.55)) feedback(id, core::addDays(before, referral_.between(0, 14)), core::FeedbackPoint::Intake);
    if (referral_.chance(0.08)) feedback(id, core::addDays(before, referral_.between(15, 60)), core::FeedbackPoint::Concern);
    const core::Date after = core::addDays(before, p.courseWeeks * 7 + rng_.between(-14, 14));
    if (p.progressionEveryWeeks > 0) {
      for (int k = 1;; ++k) {
        const core::Date d = core::addDays(before, k * p.progressionEveryWeeks * 7 + rng_.between(-3, 3));
        if (d >= after || d > o_.today) break;
        if (rng_.chance(0.7))
          measurement(id, p, m, core::Occasion::Progression, d,
                      static_cast<double>((d - before).count()) / static_cast<double>((after - before).count()));
      }
    }
    if (after > o_.today) return;
    if (!rng_.chance(0.70)) {
      dropout(id, before, after);
      return;
    }
    measurement(id, p, m, core::Occasion::After, after, 1.0);
    // How the course ended and why opfølgning was missed (issue 14), from
    // the case-work generator, so the answers of a seed stay the same.
    if (case_.chance(0.8)) {
      ended(id, after, core::CourseEnd::Completed, std::nullopt);
      if (referral_.chance(0.6)) feedback(id, core::addDays(after, referral_.between(0, 21)), core::FeedbackPoint::Closing);
    }
    const core::Date followUp =
        core::addDays(core::addMonths(after, forms_.scoring.followupMonths), rng_.between(-14, 28));
    if (followUp > o_.today) return;
    if (!rng_.chance(0.46)) {
      if (case_.chance(0.5)) missed(id, followUp, core::Occasion::FollowUp);
      return;
    }
    measurement(id, p, m, core::Occasion::FollowUp, followUp, 1.15);
  }

  // A child without efter: most courses stopped early (with a reason), some
  // bridged or referred on, some with only the missed measurement's reason.
  void dropout(store::ChildId id, core::Date before, core::Date after) {
    const double u = case_.uniform();
    const core::Date on = std::max(before, core::addDays(after, -case_.between(7, 60)));
    if (u < 0.55)
      ended(id, on, core::CourseEnd::StoppedEarly, case_.pick(core::kStopReasons));
    else if (u < 0.70)
      ended(id, on, core::CourseEnd::Bridged, std::nullopt);
    else if (u < 0.80)
      ended(id, on, core::CourseEnd::ReferredOn, std::nullopt);
    else if (u < 0.92)
      missed(id, after, core::Occasion::After);
  }

  // Three in four children come by a referral (most from the municipality),
  // dated up to six weeks before the start; the referrer hears of it at the
  // referral for about half of them. Spor's own guesses, for the demo and
  // the benchmark; the referrer's name stays empty (no invented people; "someone
  // else" gets the word "Kontaktperson", as the store needs to know who).
  void referral(store::ChildId id, core::Date enrolled, int birthYear) {
    referred_ = false;
    if (!referral_.chance(0.75)) return;
    const double u = referral_.uniform();
    const core::ReferrerRole role = u < 0.45   ? core::ReferrerRole::Caseworker
                                    : u < 0.70 ? core::ReferrerRole::School
                                    : u < 0.80 ? core::ReferrerRole::HealthVisitor
                                    : u < 0.95 ? core::ReferrerRole::Parents
                                               : core::ReferrerRole::Other;
    const double b = referral_.uniform();
    const core::ReportBack back = role == core::ReferrerRole::Parents ? core::ReportBack::Nobody
                                  : b < 0.85                          ? core::ReportBack::Referrer
                                  : b < 0.95                          ? core::ReportBack::Other
                                                                      : core::ReportBack::Nobody;
    const core::Date first = core::Date{std::chrono::year{birthYear} / std::chrono::January / 1};
    const core::Date on = std::max(first, core::addDays(enrolled, -referral_.between(3, 42)));
    clock_.set(at(std::min(on, o_.today), 11, 0));
    // "Someone else" hears back: the store needs to know who; a role, not a person.
    s_.setReferral(id, {role, std::min(on, o_.today), back, back == core::ReportBack::Other ? "Kontaktperson" : ""});
    referred_ = back != core::ReportBack::Nobody;
    if (referred_ && referral_.chance(0.5))
      feedback(id, core::addDays(on, referral_.between(0, 7)), core::FeedbackPoint::Referral);
  }

  void feedback(store::ChildId id, core::Date on, core::FeedbackPoint point) {
    if (!referred_ || on > o_.today) return;
    clock_.set(at(on, 15, 0));
    s_.addFeedback(id, {on, point, referral_.pick(core::kFeedbackForms), ""});
  }

  void ended(store::ChildId id, core::Date on, core::CourseEnd kind, std::optional<core::StopReason> reason) {
    clock_.set(at(std::min(on, o_.today), 16, 0));
    s_.endCourse(id, {kind, reason, std::min(on, o_.today)});
  }

  void missed(store::ChildId id, core::Date on, core::Occasion occasion) {
    clock_.set(at(std::min(on, o_.today), 16, 30));
    s_.recordMissed(id, occasion, case_.pick(core::kMissedReasons));
  }

  int itemValue(const core::Item& item, const ChildModel& m, double progress) {
    const core::Dimension* d = form_.dimension(item.dimension);
    const double gain = m.tendency * progress;
    const double latent = m.level + m.offset.at(item.dimension);
    if (d->direction == core::Direction::Reversed) {
      // 1 = no challenges; most children answer 1 or 2.
      return clampRound(1.45 - 0.35 * latent - 0.4 * gain + 0.55 * rng_.normal(), 1, 4);
    }
    return clampRound(2.85 + 0.45 * latent + gain + 0.6 * rng_.normal(), 1, 4);
  }

  void measurement(store::ChildId child, const core::Project& p, const ChildModel& m, core::Occasion occasion,
                   core::Date day, double progress) {
    store::Timestamp t = at(day, rng_.between(13, 17), rng_.between(0, 59));
    clock_.set(t);
    // Who helps the child answer (issue 14 item 5), from the case-work
    // generator so the answers of a seed stay the same: mostly the child
    // alone, as in the evaluation ("selv ... eventuelt i samarbejde med"),
    // then a volunteer; few with a municipal worker or a parent.
    const double u = case_.uniform();
    const core::AnsweringMode mode = u < 0.55   ? core::AnsweringMode::Alone
                                     : u < 0.85 ? core::AnsweringMode::Volunteer
                                     : u < 0.93 ? core::AnsweringMode::Municipal
                                                : core::AnsweringMode::Parent;
    const store::MeasurementId id = s_.startMeasurement(child, form_, occasion, mode);
    const auto items = form_.itemsFor(p.dimensions);
    const bool leaveUnfinished = day > core::addDays(o_.today, -30) && rng_.chance(0.05);
    const std::size_t pauseAt = rng_.chance(0.03) ? static_cast<std::size_t>(rng_.between(1, 10)) : items.size();
    for (std::size_t i = 0; i < items.size(); ++i) {
      if (i == pauseAt || (leaveUnfinished && i == items.size() / 2)) {
        s_.pause(id);
        if (leaveUnfinished) {
          ++sum_.unfinished;
          return;
        }
        t += minutes(rng_.between(5, 60));  // taken up again later the same day
        // Now and then someone else sits with the child when it goes on.
        if (case_.chance(0.3)) {
          clock_.set(t);
          s_.setAnsweringMode(id, mode == core::AnsweringMode::Alone ? core::AnsweringMode::Volunteer
                                                                     : core::AnsweringMode::Alone);
        }
      }
      t += seconds(rng_.between(6, 40));
      clock_.set(t);
      const core::Item& item = *items[i];
      const bool reversed = form_.dimension(item.dimension)->direction == core::Direction::Reversed;
      if (rng_.chance(reversed ? 0.08 : 0.03)) {
        s_.answer(id, item.id, std::nullopt);
        ++sum_.declined;
      } else {
        s_.answer(id, item.id, itemValue(item, m, progress));
      }
      ++sum_.answers;
      // Now and then the child goes back and changes the previous answer.
      if (i > 0 && rng_.chance(0.02)) s_.answer(id, items[i - 1]->id, itemValue(*items[i - 1], m, progress));
    }
    clock_.set(t + seconds(20));
    const auto flags = s_.finishMeasurement(id, form_, p, forms_.scoring);
    switch (occasion) {
      case core::Occasion::Before: ++sum_.before; break;
      case core::Occasion::After: ++sum_.after; break;
      case core::Occasion::FollowUp: ++sum_.followUp; break;
      case core::Occasion::Progression: ++sum_.progression; break;
    }
    sum_.flags += static_cast<int>(flags.size());
    for (const auto& f : flags) {
      clock_.set(t + minutes(2));
      s_.markFlagSeen(f.id);
    }
  }

  // The bridge-builder's follow-up at each point that has come: most
  // children start the activity; some stop, more by 6 months (000 Tabel 2.7:
  // "kommet i gang … men er stoppet hurtigt"); a few forms are not filled in.
  void activity(store::ChildId child, const core::BackgroundForm& form, core::Date enrolled) {
    const auto pick = [](double u, double yes, double no) {
      return u < yes ? core::kActivityYes : u < yes + no ? core::kActivityNo : 9;  // 9: "Ved ikke"
    };
    const int kind = bridge_.chance(0.6) ? 1 : bridge_.between(1, 7);
    const int started = pick(bridge_.uniform(), 0.82, 0.14);
    bool active = started == core::kActivityYes;
    for (const int months : core::activityPoints(form)) {
      const core::Date day = core::addDays(core::addMonths(enrolled, months), bridge_.between(0, 21));
      if (day > o_.today) return;
      if (active) active = bridge_.chance(months <= 3 ? 0.7 : 0.8);
      if (!bridge_.chance(0.85)) continue;  // not filled in
      clock_.set(at(day, 15, bridge_.between(0, 120)));
      const store::BackgroundId id = s_.startBackground(child, form);
      s_.answer(id, core::kActivityPointQuestion, {{months}, std::nullopt, {}, false});
      if (form.question(core::kActivityKindQuestion))
        s_.answer(id, core::kActivityKindQuestion, {{kind}, std::nullopt, {}, false});
      s_.answer(id, core::kActivityStartedQuestion, {{started}, std::nullopt, {}, false});
      const int now = started == core::kActivityYes ? (active ? core::kActivityYes : core::kActivityNo)
                                                    : started == core::kActivityNo ? core::kActivityNo : 9;
      s_.answer(id, core::kActivityActiveQuestion, {{now}, std::nullopt, {}, false});
      s_.finish(id);
      ++sum_.activityForms;
    }
  }

  void background(store::ChildId child, core::Date day, const store::NewChild& c) {
    store::Timestamp t = at(day, 10, rng_.between(0, 300));
    clock_.set(t);
    const store::BackgroundId id = s_.startBackground(child, *forms_.background);
    for (const auto& section : forms_.background->sections) {
      for (const auto& q : section.questions) {
        if (q.optional && rng_.chance(0.3)) continue;
        t += seconds(rng_.between(5, 30));
        clock_.set(t);
        store::FormValue v;
        if (q.id == "birth_year" && c.details.birthYear) {
          v.number = *c.details.birthYear;
        } else if (q.id == "gender" && c.details.gender) {
          v.codes = {static_cast<int>(*c.details.gender)};
        } else if (rng_.chance(0.04)) {
          v.declined = true;
        } else {
          switch (q.type) {
            case core::QuestionType::Single: {
              // Earlier options are more common; "don't know" (9) now and then.
              const std::size_t n = q.options.size();
              const auto k = std::min(
                  n - 1, static_cast<std::size_t>(std::floor(std::pow(rng_.uniform(), 1.6) * static_cast<double>(n))));
              v.codes = {q.options[k].code};
              break;
            }
            case core::QuestionType::Multi: {
              for (const auto& o : q.options)
                if (rng_.chance(0.25)) v.codes.push_back(o.code);
              if (q.other && rng_.chance(0.1)) v.text = "Andet (simuleret)";
              break;
            }
            case core::QuestionType::Year:
            case core::QuestionType::Number: v.number = rng_.between(q.min.value_or(0), q.max.value_or(10)); break;
            case core::QuestionType::Text: v.text = "Simuleret fritekst"; break;
          }
        }
        s_.answer(id, q.id, v);
      }
    }
    s_.finish(id);
    ++sum_.backgrounds;
  }

  void fidelity(const core::Project& p, core::Date start, int children) {
    const core::FidelityForm* form = forms_.fidelityFor(p);
    if (!form || children == 0) return;
    const int sessions = std::clamp(children / 25, 1, 24);
    for (int k = 0; k < sessions; ++k) {
      const core::Date day = core::addDays(start, rng_.between(30, 3 * 365 - 30));
      store::Timestamp t = at(day, 19, rng_.between(0, 59));
      clock_.set(t);
      store::NewFidelity f;
      f.projectId = p.id;
      f.formId = form->id;
      f.formVersion = form->version;
      f.onDate = day;
      const store::FidelityId id = s_.startFidelity(f);
      for (const auto& item : form->items) {
        t += seconds(rng_.between(5, 25));
        clock_.set(t);
        if (rng_.chance(0.02))
          s_.answer(id, item.id, std::nullopt);
        else
          s_.answer(id, item.id, clampRound(3.9 + 0.8 * rng_.normal(), 1, 5));
      }
      s_.finish(id);
      ++sum_.fidelity;
    }
  }

  store::DeviceStore& s_;
  const core::FormSet& forms_;
  const SimulationOptions& o_;
  const SimulatedClock& clock_;
  Rng rng_;
  Rng case_;  // the case-work fields added later (issue 14): municipality, ...
  Rng bridge_;  // the activity follow-up forms (issue 14 item 6), so the other draws stay the same
  Rng referral_;  // the referral and the feedback to the referrer (issue 14 item 1)
  bool referred_ = false;  // the current child has a referral with someone to report back to
  const core::ChildForm& form_;
  std::vector<const core::Project*> projects_;
  SimulationSummary sum_;
};

}  // namespace

SimulationSummary simulate(store::DeviceStore& store, const core::FormSet& forms, const SimulationOptions& options,
                           const SimulatedClock& clock) {
  return Simulation(store, forms, options, clock).run();
}

}  // namespace spor::app
