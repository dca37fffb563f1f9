#include "report/from_coordinator.hpp"

#include <algorithm>
#include <cstring>
#include <map>
#include <optional>
#include <unordered_map>

#include "report/hand_off.hpp"
#include "sync/archive.hpp"
#include "sync/coordinator_store.hpp"
#include "sync/records.hpp"

namespace spor::report {

namespace {

// Record ids are random (version 4) or hashes (version 8): their first bytes
// hash well as they are.
struct UuidHash {
  std::size_t operator()(const sync::Uuid& id) const noexcept {
    std::size_t h = 0;
    std::memcpy(&h, id.bytes.data(), sizeof h);
    return h;
  }
};

template <class V>
using UuidMap = std::unordered_map<sync::Uuid, V, UuidHash>;

core::Date dayOf(sync::UnixTime t) {
  // Days since 1970-01-01 in UTC, rounding towards the past.
  const sync::UnixTime day = 86400;
  return core::fromDayNumber(t >= 0 ? t / day : -((-t + day - 1) / day));
}

bool finished(const std::string& state) { return state == "finished"; }

struct ChildSeen {
  std::string code;
  std::optional<int> birthYear;
};

struct EnrolmentSeen {
  std::uint64_t revision = 0;
  sync::UnixTime modifiedAt = 0;
  sync::Uuid id;
  std::string project;
  std::string municipality;
  std::vector<core::Intervention> interventions;
  std::string courseEnd;
  std::string stopReason;
  std::optional<sync::DayNumber> endedOn;
  std::vector<std::string> missed;
  sync::DayNumber startedOn = 0;
  // The referral and feedback (issue 14 item 1), without their free text:
  // the referrer's name and the notes are decoded with the record and
  // never copied.
  std::string referralRole;
  std::optional<sync::DayNumber> referredOn;
  std::string reportBack;
  std::vector<FeedbackInput> feedback;
};

// A child's active consents: who gave the latest one to the questionnaires
// or background form, and whether any gives consent to share information.
struct ConsentSeen {
  sync::DayNumber givenOn = 0;
  std::uint64_t revision = 0;
  sync::Uuid id;
  std::string givenBy;
  bool sharing = false;
};

struct MeasurementSeen {
  sync::Uuid child;
  MeasurementInput record;
};

// An answer kept compactly until every measurement is known (record order
// is by id, so an answer can come before its measurement): the item as an
// index into `items`.
struct AnswerSeen {
  sync::Uuid measurement;
  std::uint32_t item = 0;
  std::optional<std::int32_t> value;  // nullopt: declined ("vil ikke svare")
};

struct BackgroundSeen {
  sync::DayNumber answeredOn = 0;
  std::uint64_t revision = 0;
  sync::Uuid id;
  BackgroundInput record;
};

// An activity follow-up form: a finished background-kind record that
// answers `tidspunkt` (the point, in months). nullopt for the background form.
std::optional<ActivityInput> activityOf(const sync::BackgroundRecord& b) {
  std::optional<ActivityInput> out;
  for (const auto& a : b.answers)
    if (a.question == core::kActivityPointQuestion && a.codes.size() == 1 && !a.declined) {
      out.emplace();
      out->months = a.codes.front();
    }
  if (!out) return out;
  out->form = b.form;
  out->formVersion = b.formVersion;
  out->date = core::fromDayNumber(b.answeredOn);
  for (const auto& a : b.answers) {
    if (a.question == core::kActivityPointQuestion) continue;
    BackgroundAnswerInput answer;
    answer.declined = a.declined;
    answer.codes.assign(a.codes.begin(), a.codes.end());
    if (a.number) answer.number = static_cast<double>(*a.number);
    out->answers[a.question] = std::move(answer);  // an activity form has no free text
  }
  return out;
}

// What the load needs of a stored record, copied out of the scan.
struct RecordCopy {
  std::uint8_t kind = 0;
  crypto::Bytes content;
};

}  // namespace

LoadedInput loadReportInput(const sync::CoordinatorStore& store, core::Date asOf) {
  LoadedInput out;
  LoadSummary& summary = out.summary;
  out.input.asOf = asOf;
  out.input.programme = store.enrolment().coordinatorName;

  UuidMap<ChildSeen> children;
  UuidMap<EnrolmentSeen> enrolments;  // by child: the latest
  UuidMap<MeasurementSeen> measurements;  // finished ones
  UuidMap<bool> skipped;                  // measurement ids left out (their answers too)
  UuidMap<BackgroundSeen> backgrounds;    // by child: the latest finished
  // Activity follow-up forms (a background record with a `tidspunkt`
  // answer, forms/README.md "activity"): by child, every finished one.
  UuidMap<std::vector<ActivityInput>> activities;
  UuidMap<ConsentSeen> consents;          // by child
  std::vector<AnswerSeen> answers;
  std::vector<std::string> items;
  std::map<std::string, std::uint32_t, std::less<>> itemIndex;

  const auto take = [&](const RecordCopy& stored) {
    const auto kind = static_cast<sync::RecordKind>(stored.kind);
    switch (kind) {
      case sync::RecordKind::Child: {
        // The nickname field is decoded with the record but never copied.
        const auto c = sync::decodeArchive<sync::ChildRecord>(stored.content, "child record");
        ChildSeen& seen = children[c.id];
        seen.code = c.code;
        if (c.birthYear > 0) seen.birthYear = c.birthYear;
        break;
      }
      case sync::RecordKind::ProjectEnrolment: {
        const auto e = sync::decodeArchive<sync::ProjectEnrolmentRecord>(stored.content, "project enrolment");
        EnrolmentSeen& seen = enrolments[e.child];
        if (!seen.project.empty() &&
            std::tie(e.revision, e.modifiedAt, e.id) < std::tie(seen.revision, seen.modifiedAt, seen.id))
          break;
        seen.revision = e.revision;
        seen.modifiedAt = e.modifiedAt;
        seen.id = e.id;
        seen.project = e.project;
        seen.municipality = e.municipality;
        seen.courseEnd = e.courseEnd;
        seen.stopReason = e.stopReason;
        seen.endedOn = e.endedOn;
        seen.missed = e.missed;
        seen.startedOn = e.startedOn;
        seen.referralRole = e.referralRole;
        seen.referredOn = e.referredOn;
        seen.reportBack = e.reportBack;
        seen.feedback.clear();
        for (const auto& f : e.feedback) seen.feedback.push_back({core::fromDayNumber(f.on), f.point, f.form});
        seen.interventions.clear();
        for (const auto& id : e.interventions) {
          core::Intervention i{};
          if (core::parseIntervention(id, i) &&
              std::find(seen.interventions.begin(), seen.interventions.end(), i) == seen.interventions.end())
            seen.interventions.push_back(i);
        }
        break;
      }
      case sync::RecordKind::Measurement: {
        const auto m = sync::decodeArchive<sync::MeasurementRecord>(stored.content, "measurement");
        core::Occasion occasion{};
        if (!finished(m.state) || !core::parseOccasion(m.occasion, occasion)) {
          skipped[m.id] = true;
          ++summary.unfinishedMeasurements;
          break;
        }
        MeasurementSeen& seen = measurements[m.id];
        seen.child = m.child;
        seen.record.occasion = occasion;
        seen.record.date = dayOf(m.finishedAt.value_or(m.startedAt));
        seen.record.form = m.form;
        seen.record.formVersion = m.formVersion;
        // The import refused any other word, so an unknown one cannot be
        // here; it would read as not recorded.
        if (core::AnsweringMode mode{}; core::parseAnsweringMode(m.answeringMode, mode))
          seen.record.answeringMode = mode;
        break;
      }
      case sync::RecordKind::Answer: {
        const auto a = sync::decodeArchive<sync::AnswerRecord>(stored.content, "answer");
        auto it = itemIndex.find(a.item);
        if (it == itemIndex.end()) {
          it = itemIndex.emplace(a.item, static_cast<std::uint32_t>(items.size())).first;
          items.push_back(a.item);
        }
        answers.push_back({a.measurement, it->second, a.value});
        break;
      }
      case sync::RecordKind::Background: {
        const auto b = sync::decodeArchive<sync::BackgroundRecord>(stored.content, "background form");
        if (!finished(b.state)) break;
        if (auto activity = activityOf(b)) {
          activities[b.child].push_back(std::move(*activity));
          break;
        }
        auto found = backgrounds.find(b.child);
        if (found != backgrounds.end() && std::tie(b.answeredOn, b.revision, b.id) <
                                               std::tie(found->second.answeredOn, found->second.revision, found->second.id))
          break;
        BackgroundSeen seen;
        seen.answeredOn = b.answeredOn;
        seen.revision = b.revision;
        seen.id = b.id;
        seen.record.date = core::fromDayNumber(b.answeredOn);
        seen.record.formVersion = b.formVersion;
        for (const auto& a : b.answers) {
          if (a.declined) {  // left empty on purpose: a user-missing value in the exports
            seen.record.answers[a.question].declined = true;
            continue;
          }
          BackgroundAnswerInput answer;
          answer.codes.assign(a.codes.begin(), a.codes.end());
          if (a.number) answer.number = static_cast<double>(*a.number);
          answer.text = a.text;
          if (answer.codes.empty() && !answer.number && answer.text.empty()) continue;
          seen.record.answers[a.question] = std::move(answer);
        }
        backgrounds[b.child] = std::move(seen);
        break;
      }
      case sync::RecordKind::Fidelity: {
        const auto f = sync::decodeArchive<sync::FidelityRecord>(stored.content, "fidelity form");
        if (!finished(f.state)) break;
        FidelityInput r;
        r.project = f.project;
        r.form = f.form;
        r.formVersion = f.formVersion;
        r.date = core::fromDayNumber(f.answeredOn);
        for (const auto& a : f.answers) {
          if (a.value)
            r.items[a.item] = *a.value;
          else
            r.declined.insert(a.item);  // the scale's decline: "Ikke relevant"
        }
        out.input.fidelity.push_back(std::move(r));
        ++summary.fidelity;
        break;
      }
      case sync::RecordKind::Consent: {
        const auto c = sync::decodeArchive<sync::ConsentRecord>(stored.content, "consent");
        if (c.withdrawnOn) break;  // withdrawn: as if not given
        ConsentSeen& seen = consents[c.child];
        if (c.sharing) seen.sharing = true;
        if ((c.questionnaires || c.backgroundForm) &&
            (seen.givenBy.empty() ||
             std::tie(c.givenOn, c.revision, c.id) > std::tie(seen.givenOn, seen.revision, seen.id))) {
          seen.givenOn = c.givenOn;
          seen.revision = c.revision;
          seen.id = c.id;
          seen.givenBy = c.givenBy;
        }
        break;
      }
      case sync::RecordKind::SafeguardingFlag:
        break;  // not part of the report
    }
    // Anything else (a deletion tombstone, kind 9) is a record that is gone.
  };
  {
    // The store's scan (SQLite and one decryption per record) on this
    // thread, decoding and sorting out the records on a second one: the
    // load then costs about the scan and decryption. One consumer takes the
    // records in the store's order, so the input is the one a single
    // thread makes; what `take` throws comes out of here.
    HandOff<RecordCopy> pipe(take);
    store.visitRecords([&](const sync::StoredRecord& r) { pipe.push({r.kind, r.content}); });
    pipe.finish();
  }

  // The store hands records over in import order: sort what has no order
  // of its own, so the same records give the same input (and the same sums)
  // whatever order their bundles came in.
  std::sort(out.input.fidelity.begin(), out.input.fidelity.end(), [](const FidelityInput& a, const FidelityInput& b) {
    return std::tie(a.project, a.form, a.date, a.formVersion, a.items, a.declined) <
           std::tie(b.project, b.form, b.date, b.formVersion, b.items, b.declined);
  });

  // Children, by code, with their project; a child with no project
  // enrolment cannot be placed and is left out.
  std::vector<std::pair<const sync::Uuid*, const ChildSeen*>> order;
  order.reserve(children.size());
  for (const auto& [id, c] : children) order.emplace_back(&id, &c);
  std::sort(order.begin(), order.end(), [](const auto& a, const auto& b) {
    return std::tie(a.second->code, *a.first) < std::tie(b.second->code, *b.first);
  });
  UuidMap<std::size_t> childIndex;
  auto& list = out.input.children;
  list.reserve(order.size());
  for (const auto& [id, c] : order) {
    auto e = enrolments.find(*id);
    if (e == enrolments.end() || e->second.project.empty()) {
      ++summary.orphans;
      continue;
    }
    if (!list.empty() && list.back().code == c->code)
      summary.warnings.push_back("two children have the code " + c->code +
                                 " (from different devices); both are in the report, and --child shows the first");
    ChildInput child;
    child.code = c->code;
    child.project = e->second.project;
    child.municipality = e->second.municipality;
    child.courseEnd = e->second.courseEnd;
    child.stopReason = e->second.stopReason;
    if (e->second.endedOn) child.endedOn = core::fromDayNumber(*e->second.endedOn);
    for (const std::string& m : e->second.missed) {
      const auto eq = m.find('=');
      core::Occasion o{};
      if (eq != std::string::npos && core::parseOccasion(m.substr(0, eq), o)) child.missed[o] = m.substr(eq + 1);
    }
    child.referralRole = e->second.referralRole;
    if (e->second.referredOn) child.referredOn = core::fromDayNumber(*e->second.referredOn);
    child.reportBack = e->second.reportBack;
    child.feedback = e->second.feedback;
    child.interventions = e->second.interventions;
    child.birthYear = c->birthYear;
    if (auto k = consents.find(*id); k != consents.end()) {
      child.consentBy = k->second.givenBy;
      child.sharingConsent = k->second.sharing;
    }
    if (auto b = backgrounds.find(*id); b != backgrounds.end()) {
      child.background = std::move(b->second.record);
      ++summary.backgrounds;
    }
    if (e->second.startedOn > 0) child.enrolledOn = core::fromDayNumber(e->second.startedOn);
    if (auto a = activities.find(*id); a != activities.end()) {
      child.activity = std::move(a->second);
      // Record order is by id: by date, so the input reads the same however the store was filled.
      std::sort(child.activity.begin(), child.activity.end(), [](const ActivityInput& x, const ActivityInput& y) {
        return std::tie(x.date, x.months, x.form) < std::tie(y.date, y.months, y.form);
      });
    }
    childIndex[*id] = list.size();
    list.push_back(std::move(child));
  }
  enrolments.clear();
  backgrounds.clear();

  // Measurements into their children, then the answers into their measurements.
  UuidMap<MeasurementInput*> placed;
  {
    std::vector<std::size_t> counts(list.size(), 0);
    for (const auto& [id, m] : measurements) {
      auto c = childIndex.find(m.child);
      if (c != childIndex.end()) ++counts[c->second];
    }
    for (std::size_t i = 0; i < list.size(); ++i) list[i].measurements.reserve(counts[i]);
    // In id order within a child is arbitrary; order by date and occasion so
    // the input reads the same however the store was filled.
    std::vector<std::pair<const sync::Uuid*, const MeasurementSeen*>> ms;
    ms.reserve(measurements.size());
    for (const auto& [id, m] : measurements) ms.emplace_back(&id, &m);
    std::sort(ms.begin(), ms.end(), [](const auto& a, const auto& b) {
      return std::tie(a.second->record.date, a.second->record.occasion, *a.first) <
             std::tie(b.second->record.date, b.second->record.occasion, *b.first);
    });
    for (const auto& [id, m] : ms) {
      auto c = childIndex.find(m->child);
      if (c == childIndex.end()) {
        ++summary.orphans;
        skipped[*id] = true;
        continue;
      }
      auto& target = list[c->second].measurements;
      target.push_back(m->record);  // capacity reserved: pointers stay valid
      placed[*id] = &target.back();
      ++summary.finishedMeasurements;
    }
  }
  measurements.clear();
  for (const AnswerSeen& a : answers) {
    auto m = placed.find(a.measurement);
    if (m == placed.end()) {
      if (!skipped.count(a.measurement)) ++summary.orphans;
      continue;
    }
    if (a.value) {
      m->second->items[items[a.item]] = *a.value;
      ++summary.answers;
    } else {
      m->second->declined.insert(items[a.item]);
      ++summary.declined;
    }
  }
  summary.children = list.size();
  return out;
}

}  // namespace spor::report
