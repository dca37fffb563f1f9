// Forms being filled in: child questionnaires (measurements), background
// forms and fidelity forms, their answers, resuming, the checklist history,
// and safeguarding flags. All three kinds share the `response` and `answer`
// tables, so they share one durable answer path.
#include <algorithm>
#include <cstdlib>
#include <set>

#include "store/device_internal.hpp"
#include "store/device_store.hpp"
#include "store/error.hpp"

namespace spor::store {

using namespace detail;

namespace {

// What each kind of response is called in messages, what its answers are,
// and what the audit log says when it changes state (none: the kind cannot
// be paused or abandoned).
struct KindRules {
  const char* name;  // "measurement"
  bool scaleItems;   // answers are scale values (nullopt: declined), not FormValues
  AuditAction started;
  AuditAction finished;
  std::optional<AuditAction> paused;
  std::optional<AuditAction> abandoned;
};

const KindRules& rulesOf(ResponseKind kind) {
  static const KindRules child{"measurement", true, AuditAction::MeasurementStarted, AuditAction::MeasurementFinished,
                               AuditAction::MeasurementPaused, AuditAction::MeasurementAbandoned};
  static const KindRules background{"background form", false, AuditAction::BackgroundStarted,
                                    AuditAction::BackgroundFinished, std::nullopt, std::nullopt};
  static const KindRules fidelity{"fidelity form", true, AuditAction::FidelityStarted, AuditAction::FidelityFinished,
                                  std::nullopt, std::nullopt};
  switch (kind) {
    case ResponseKind::Child: return child;
    case ResponseKind::Background: return background;
    case ResponseKind::Fidelity: return fidelity;
  }
  return child;
}

const char* kindName(ResponseKind kind) {
  return rulesOf(kind).name;
}

constexpr int kMaxScaleValue = 99;
constexpr std::size_t kMaxFreeTextBytes = 4000;

}  // namespace

DeviceStore::ResponseRow DeviceStore::responseRow(ResponseId response) const {
  const std::int64_t id = response.value;
  const ResponseKind kind = response.kind;
  auto q = db_->query(
      "SELECT r.uuid, r.kind, r.child_id, c.uuid, c.code, r.project_id, r.state, r.row_version FROM response r "
      "LEFT JOIN child c ON c.id = r.child_id WHERE r.id = ?",
      id);
  if (!q.next() || q.text(1) != responseKindId(kind))
    throw NotFoundError(std::string("there is no ") + kindName(kind) + " with id " + std::to_string(id) +
                        " on this device (it may have been purged after sync)");
  ResponseRow row;
  row.id = id;
  row.uuid = uuidFromBytes(q.blob(0));
  row.kind = kind;
  if (auto c = q.optInt64(2)) {
    row.child = ChildId{*c};
    row.childUuid = uuidFromBytes(q.blob(3));
    row.childCode = q.text(4);
  }
  row.projectId = q.text(5);
  row.state = parseResponseState(q.text(6));
  row.rowVersion = q.int64(7);
  row.label = row.child ? std::string("the ") + kindName(kind) + " of child " + row.childCode
                        : std::string("the ") + kindName(kind) + " for project " + row.projectId;
  return row;
}

void DeviceStore::requireOpen(const ResponseRow& row) const {
  if (row.state == ResponseState::Finished)
    throw InvalidRequestError(row.label + " is finished: its answers can no longer be changed");
  if (row.state == ResponseState::Abandoned) throw InvalidRequestError(row.label + " was abandoned: start a new one");
}

std::int64_t DeviceStore::insertResponse(ResponseKind kind, std::optional<ChildId> child, const std::string& projectId,
                                         const std::string& formId, int formVersion,
                                         std::optional<core::Occasion> occasion, std::optional<core::Date> onDate,
                                         std::string& uuid) {
  if (!isFormId(formId)) throw InvalidRequestError("'" + formId + "' is not a form id (like 'barn')");
  if (formVersion < 1) throw InvalidRequestError("form '" + formId + "' has no version; load it from a forms folder");
  uuid = newUuid();
  db_->run(
      "INSERT INTO response(uuid, kind, child_id, project_id, form_id, form_version, occasion, on_date, volunteer_id, "
      "state, started_at, row_version, change_seq, modified_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'in_progress', ?, 1, ?, ?)",
      uuidToBytes(uuid), responseKindId(kind), child ? std::optional<std::int64_t>(child->value) : std::nullopt, projectId, formId,
      formVersion, occasion ? std::optional<std::string>(core::occasionId(*occasion)) : std::nullopt,
      onDate ? std::optional<std::int64_t>(dayNumber(*onDate)) : std::nullopt, acting().value, toMillis(now()),
      nextChange(), toMillis(now()));
  return db_->lastInsertRowId();
}

void DeviceStore::writeAnswer(const ResponseRow& row, std::string_view itemId, std::optional<int> value,
                              const FormValue* formValue) {
  if (!isFormId(itemId))
    throw InvalidRequestError("'" + std::string(itemId) + "' is not an item id (like 'psykisk_1')");
  requireOpen(row);
  std::string uuid;
  std::int64_t answerId = 0, version = 1;
  {
    auto q =
        db_->query("SELECT id, uuid, row_version FROM answer WHERE response_id = ? AND item_id = ?", row.id, itemId);
    if (q.next()) {
      answerId = q.int64(0);
      uuid = uuidFromBytes(q.blob(1));
      version = q.int64(2) + 1;
    }
  }
  if (uuid.empty()) uuid = newUuid();
  const std::string label = "the answer to '" + std::string(itemId) + "' in " + row.label;
  const Cell cell{"answer", uuid, "value", version, label};
  // Below the cipher a declined scale item is 0 (scale values start at 1).
  const crypto::Bytes sealed =
      formValue ? cipher().sealText(cell, encodeFormValue(*formValue)) : cipher().sealInt(cell, value.value_or(0));
  const std::int64_t change = nextChange();
  if (answerId != 0) {
    db_->run("UPDATE answer SET value = ?, answered_at = ?, row_version = ?, change_seq = ? WHERE id = ?", sealed,
             toMillis(now()), version, change, answerId);
  } else {
    db_->run(
        "INSERT INTO answer(uuid, response_id, item_id, value, answered_at, row_version, change_seq) "
        "VALUES (?, ?, ?, ?, ?, 1, ?)",
        uuidToBytes(uuid), row.id, itemId, sealed, toMillis(now()), change);
  }
  // Answering a paused form takes it up again.
  if (row.state == ResponseState::Paused)
    db_->run("UPDATE response SET state = 'in_progress', change_seq = ?, modified_at = ? WHERE id = ?", change,
             toMillis(now()), row.id);
}

void DeviceStore::setResponseState(const ResponseRow& row, ResponseState state, AuditAction action) {
  if (row.state == state) return;
  if (row.state == ResponseState::Finished || row.state == ResponseState::Abandoned)
    throw InvalidRequestError(row.label + " is already " + responseStateId(row.state) + ": it cannot be " +
                              responseStateId(state) + " again");
  const std::int64_t t = toMillis(now());
  const std::int64_t change = nextChange();
  switch (state) {
    case ResponseState::Paused:
      db_->run("UPDATE response SET state = 'paused', paused_at = ?1, change_seq = ?2, modified_at = ?1 WHERE id = ?3",
               t, change, row.id);
      break;
    case ResponseState::Finished:
      db_->run(
          "UPDATE response SET state = 'finished', finished_at = ?1, change_seq = ?2, modified_at = ?1 WHERE id = ?3",
          t, change, row.id);
      break;
    case ResponseState::Abandoned:
      db_->run("UPDATE response SET state = 'abandoned', modified_at = ?1, change_seq = ?2 WHERE id = ?3", t, change,
               row.id);
      break;
    case ResponseState::InProgress:
      db_->run("UPDATE response SET state = 'in_progress', modified_at = ?1, change_seq = ?2 WHERE id = ?3", t, change,
               row.id);
      break;
  }
  audit(action, row.uuid);
}

std::vector<Answer> DeviceStore::loadAnswers(const ResponseRow& row) const {
  const ColumnCipher& c = cipher();
  std::vector<Answer> out;
  for (auto q = db_->query(
           "SELECT uuid, item_id, value, answered_at, row_version, change_seq FROM answer WHERE response_id = ? "
           "ORDER BY id",
           row.id);
       q.next();) {
    Answer a;
    a.uuid = uuidFromBytes(q.blob(0));
    a.itemId = q.text(1);
    a.rowVersion = q.int64(4);
    const std::string label = "the answer to '" + a.itemId + "' in " + row.label;
    const std::int64_t v = c.openInt({"answer", a.uuid, "value", a.rowVersion, label}, q.blob(2));
    if (v != 0) a.value = static_cast<int>(v);
    a.answeredAt = fromMillis(q.int64(3));
    a.changeSeq = q.int64(5);
    out.push_back(std::move(a));
  }
  return out;
}

std::vector<BackgroundAnswer> DeviceStore::loadBackgroundAnswers(const ResponseRow& row) const {
  const ColumnCipher& c = cipher();
  std::vector<BackgroundAnswer> out;
  for (auto q = db_->query(
           "SELECT uuid, item_id, value, answered_at, row_version, change_seq FROM answer WHERE response_id = ? "
           "ORDER BY id",
           row.id);
       q.next();) {
    BackgroundAnswer a;
    a.uuid = uuidFromBytes(q.blob(0));
    a.questionId = q.text(1);
    a.rowVersion = q.int64(4);
    const std::string label = "the answer to '" + a.questionId + "' in " + row.label;
    a.value = decodeFormValue(c.openText({"answer", a.uuid, "value", a.rowVersion, label}, q.blob(2)));
    a.answeredAt = fromMillis(q.int64(3));
    a.changeSeq = q.int64(5);
    out.push_back(std::move(a));
  }
  return out;
}

// --- child questionnaires ------------------------------------------------------

MeasurementId DeviceStore::startMeasurement(ChildId childId, const core::ChildForm& form, core::Occasion occasion,
                                            std::optional<core::AnsweringMode> mode) {
  acting();
  Tx tx(*db_);
  const Child c = child(childId);
  if (!hasConsent(childId))
    throw NoConsentError("child " + c.code +
                         " has no parental consent for questionnaires: record who gave consent, and when, before the "
                         "first measurement");
  std::string uuid;
  const std::int64_t id =
      insertResponse(ResponseKind::Child, childId, c.details.projectId, form.id, form.version, occasion, std::nullopt,
                     uuid);
  if (mode) {  // sealed under the row's first version, in the same transaction
    const ResponseRow row = responseRow(MeasurementId{id});
    db_->run("UPDATE response SET answering_mode = ? WHERE id = ?",
             cipher().sealText({"response", row.uuid, "answering_mode", row.rowVersion, row.label},
                               core::answeringModeId(*mode)),
             id);
  }
  audit(rulesOf(ResponseKind::Child).started, uuid);
  tx.commit();
  return MeasurementId{id};
}

// --- one path for every kind ----------------------------------------------------

void DeviceStore::answer(ResponseId response, std::string_view itemId, std::optional<int> value) {
  acting();
  if (!rulesOf(response.kind).scaleItems)
    throw InvalidRequestError("'" + std::string(itemId) + "' is a question of a " + kindName(response.kind) +
                              ": its answer is a form value (codes, a number or text), not a scale value");
  if (value && (*value < 1 || *value > kMaxScaleValue))
    throw InvalidRequestError("answer value " + std::to_string(*value) + " for '" + std::string(itemId) +
                              "' is not on the scale (values start at 1)");
  Tx tx(*db_);
  writeAnswer(responseRow(response), itemId, value, nullptr);
  tx.commit();
}

void DeviceStore::answer(ResponseId response, std::string_view questionId, const FormValue& value) {
  acting();
  if (rulesOf(response.kind).scaleItems)
    throw InvalidRequestError("'" + std::string(questionId) + "' is an item of a " + kindName(response.kind) +
                              ": its answer is a scale value, not a form value");
  if (value.text.size() > kMaxFreeTextBytes)
    throw InvalidRequestError("the text for '" + std::string(questionId) + "' is too long (at most 4000 bytes)");
  for (int code : value.codes)
    if (code < 1)
      throw InvalidRequestError("option code " + std::to_string(code) + " for '" + std::string(questionId) +
                                "' is not valid (codes start at 1)");
  Tx tx(*db_);
  writeAnswer(responseRow(response), questionId, std::nullopt, &value);
  tx.commit();
}

void DeviceStore::pause(ResponseId response) {
  acting();
  const auto action = rulesOf(response.kind).paused;
  if (!action)
    throw InvalidRequestError(std::string("a ") + kindName(response.kind) +
                              " cannot be paused: its answers are kept as they are given; come back to it later");
  Tx tx(*db_);
  setResponseState(responseRow(response), ResponseState::Paused, *action);
  tx.commit();
}

void DeviceStore::finish(ResponseId response) {
  acting();
  if (response.kind == ResponseKind::Child)
    throw InvalidRequestError(
        "a measurement is finished with finishMeasurement, which raises its safeguarding flags with it");
  Tx tx(*db_);
  setResponseState(responseRow(response), ResponseState::Finished, rulesOf(response.kind).finished);
  tx.commit();
}

void DeviceStore::abandon(ResponseId response) {
  acting();
  const auto action = rulesOf(response.kind).abandoned;
  if (!action)
    throw InvalidRequestError(std::string("a ") + kindName(response.kind) +
                              " cannot be abandoned: leave it unfinished, or finish it with the answers it has");
  Tx tx(*db_);
  setResponseState(responseRow(response), ResponseState::Abandoned, *action);
  tx.commit();
}

// --- child questionnaires ------------------------------------------------------

std::vector<SafeguardingFlag> DeviceStore::finishMeasurement(MeasurementId m, const core::ChildForm& form,
                                                             const core::Project& project,
                                                             const core::ScoringRules& rules) {
  acting();
  Tx tx(*db_);
  const ResponseRow row = responseRow(m);
  {
    auto q = db_->query("SELECT form_id, form_version FROM response WHERE id = ?", row.id);
    q.next();
    if (q.text(0) != form.id || q.int32(1) != form.version)
      throw InvalidRequestError(row.label + " was started with form '" + q.text(0) + "' version " +
                                std::to_string(q.int32(1)) + ", not '" + form.id + "' version " +
                                std::to_string(form.version) + ": finish it with the form it was started with");
  }
  if (project.id != row.projectId)
    throw InvalidRequestError(row.label + " belongs to project '" + row.projectId + "', not '" + project.id + "'");
  setResponseState(row, ResponseState::Finished, rulesOf(ResponseKind::Child).finished);
  std::vector<SafeguardingFlag> raised = raiseFlags(row, form, project, rules);
  tx.commit();
  return raised;
}

std::vector<SafeguardingFlag> DeviceStore::finishMeasurement(MeasurementId m, const core::FormSet& forms) {
  acting();
  const ResponseRow row = responseRow(m);
  std::string formId;
  {
    auto q = db_->query("SELECT form_id FROM response WHERE id = ?", row.id);
    q.next();
    formId = q.text(0);
  }
  const auto form = forms.childForms.find(formId);
  if (form == forms.childForms.end())
    throw InvalidRequestError(row.label + " was started with form '" + formId +
                              "', which the forms in use do not hold: install the forms it was started with");
  const auto project = forms.projects.find(row.projectId);
  if (project == forms.projects.end())
    throw InvalidRequestError(row.label + " belongs to project '" + row.projectId +
                              "', which the forms in use do not hold: install the forms it was started with");
  return finishMeasurement(m, form->second, project->second, forms.scoring);
}

void DeviceStore::setMeasurementNote(MeasurementId m, std::string_view note) {
  acting();
  if (note.size() > kMaxFreeTextBytes) throw InvalidRequestError("the note is too long (at most 4000 bytes)");
  Tx tx(*db_);
  const ResponseRow row = responseRow(m);
  std::optional<std::string> oldNote;
  std::optional<core::AnsweringMode> mode;
  openMeasurementCells(row, oldNote, mode);
  resealMeasurement(row, note.empty() ? std::nullopt : std::optional<std::string>(note), mode);
  tx.commit();
}

void DeviceStore::setAnsweringMode(MeasurementId m, core::AnsweringMode mode) {
  acting();
  Tx tx(*db_);
  const ResponseRow row = responseRow(m);
  requireOpen(row);
  std::optional<std::string> note;
  std::optional<core::AnsweringMode> oldMode;
  openMeasurementCells(row, note, oldMode);
  if (oldMode == mode) return;  // the same tap again: nothing to send
  resealMeasurement(row, note, mode);
  tx.commit();
}

void DeviceStore::openMeasurementCells(const ResponseRow& row, std::optional<std::string>& note,
                                       std::optional<core::AnsweringMode>& mode) const {
  auto q = db_->query("SELECT note, answering_mode FROM response WHERE id = ?", row.id);
  q.next();
  if (auto n = q.optBlob(0)) note = cipher().openText({"response", row.uuid, "note", row.rowVersion, row.label}, *n);
  if (auto b = q.optBlob(1)) {
    const std::string id =
        cipher().openText({"response", row.uuid, "answering_mode", row.rowVersion, row.label}, *b);
    core::AnsweringMode parsed{};
    // A word this version does not know (written by a newer one) reads as
    // not recorded rather than making the measurement unreadable.
    if (core::parseAnsweringMode(id, parsed)) mode = parsed;
  }
}

void DeviceStore::resealMeasurement(const ResponseRow& row, const std::optional<std::string>& note,
                                    std::optional<core::AnsweringMode> mode) {
  const std::int64_t version = row.rowVersion + 1;
  const ColumnCipher& c = cipher();
  std::optional<crypto::Bytes> sealedNote, sealedMode;
  if (note) sealedNote = c.sealText({"response", row.uuid, "note", version, row.label}, *note);
  if (mode)
    sealedMode = c.sealText({"response", row.uuid, "answering_mode", version, row.label}, core::answeringModeId(*mode));
  db_->run(
      "UPDATE response SET note = ?, answering_mode = ?, row_version = ?, change_seq = ?, modified_at = ? WHERE id = ?",
      sealedNote, sealedMode, version, nextChange(), toMillis(now()), row.id);
}

Measurement DeviceStore::loadMeasurement(std::int64_t id) const {
  const ResponseRow row = responseRow(MeasurementId{id});
  auto q = db_->query(
      "SELECT form_id, form_version, occasion, volunteer_id, started_at, paused_at, finished_at, note, change_seq, "
      "modified_at FROM response WHERE id = ?",
      id);
  q.next();
  Measurement m;
  m.id = MeasurementId{id};
  m.uuid = row.uuid;
  m.child = *row.child;
  m.childUuid = row.childUuid;
  m.projectId = row.projectId;
  m.formId = q.text(0);
  m.formVersion = q.int32(1);
  m.occasion = parseOccasionId(q.text(2));
  m.helpedBy = VolunteerId{q.int64(3)};
  m.startedAt = fromMillis(q.int64(4));
  if (auto p = q.optInt64(5)) m.pausedAt = fromMillis(*p);
  if (auto f = q.optInt64(6)) m.finishedAt = fromMillis(*f);
  m.state = row.state;
  m.rowVersion = row.rowVersion;
  openMeasurementCells(row, m.note, m.answeringMode);
  m.changeSeq = q.int64(8);
  m.modifiedAt = fromMillis(q.int64(9));
  m.answers = loadAnswers(row);
  return m;
}

Measurement DeviceStore::measurement(MeasurementId m) const {
  requireUnlocked();
  return loadMeasurement(m.value);
}

std::vector<Measurement> DeviceStore::measurements(ChildId childId) const {
  requireUnlocked();
  std::vector<std::int64_t> ids;
  for (auto q = db_->query("SELECT id FROM response WHERE child_id = ? AND kind = 'child' ORDER BY started_at, id",
                           childId.value);
       q.next();)
    ids.push_back(q.int64(0));
  std::vector<Measurement> out;
  out.reserve(ids.size());
  for (auto id : ids) out.push_back(loadMeasurement(id));
  return out;
}

std::vector<MeasurementId> DeviceStore::unfinishedMeasurements() const {
  requireUnlocked();
  std::vector<MeasurementId> out;
  for (auto q = db_->query(
           "SELECT id FROM response WHERE kind = 'child' AND state IN ('in_progress', 'paused') ORDER BY started_at");
       q.next();)
    out.push_back(MeasurementId{q.int64(0)});
  return out;
}

std::vector<UnfinishedResponse> DeviceStore::unfinishedResponses() const {
  std::vector<UnfinishedResponse> out;
  for (auto q = db_->query(
           "SELECT r.kind, r.form_id, r.form_version, r.project_id, c.code, r.occasion, r.on_date FROM response r "
           "LEFT JOIN child c ON c.id = r.child_id WHERE r.state IN ('in_progress', 'paused') ORDER BY r.started_at, "
           "r.id");
       q.next();) {
    UnfinishedResponse u;
    u.kind = responseKindOf(q.text(0));
    u.formId = q.text(1);
    u.formVersion = static_cast<int>(q.int64(2));
    u.projectId = q.text(3);
    if (!q.isNull(4)) u.childCode = q.text(4);
    if (!q.isNull(5)) u.occasion = parseOccasionId(q.text(5));
    if (!q.isNull(6)) u.onDate = dateFromDay(q.int64(6));
    out.push_back(std::move(u));
  }
  return out;
}

std::optional<std::size_t> DeviceStore::resumeIndex(MeasurementId m, const core::ChildForm& form,
                                                    const core::Project& project) const {
  requireUnlocked();
  const ResponseRow row = responseRow(m);
  std::set<std::string> answered;
  for (auto q = db_->query("SELECT item_id FROM answer WHERE response_id = ?", row.id); q.next();)
    answered.insert(q.text(0));
  return core::nextUnanswered(form.itemsFor(project.dimensions),
                              [&](const std::string& id) { return answered.count(id) > 0; });
}

core::ItemValues DeviceStore::itemValues(MeasurementId m) const {
  requireUnlocked();
  core::ItemValues values;
  for (const Answer& a : loadAnswers(responseRow(m)))
    if (a.value) values[a.itemId] = *a.value;
  return values;
}

namespace {
// What a purged activity form leaves in its tombstone's occasion column
// (which has no CHECK): "activity:<months>", so the checklist still counts
// the point as done. Measurements keep their occasion id there.
constexpr std::string_view kActivityTombstone = "activity:";

std::optional<int> activityPointOf(const std::vector<BackgroundAnswer>& answers) {
  for (const BackgroundAnswer& a : answers)
    if (a.questionId == core::kActivityPointQuestion && a.value.codes.size() == 1) return a.value.codes.front();
  return std::nullopt;
}
}  // namespace

std::optional<std::string> DeviceStore::activityTombstone(std::int64_t responseId) const {
  const auto point = activityPointOf(loadBackgroundAnswers(responseRow(BackgroundId{responseId})));
  if (!point) return std::nullopt;
  return std::string(kActivityTombstone) + std::to_string(*point);
}

core::ChildHistory DeviceStore::history(ChildId childId, std::string_view activityFormId) const {
  requireUnlocked();
  core::ChildHistory h;
  std::string childUuid;
  {
    auto q = db_->query("SELECT enrolled_on, uuid FROM child WHERE id = ?", childId.value);
    if (!q.next())
      throw NotFoundError("there is no child with id " + std::to_string(childId.value) + " on this device");
    h.enrolled = dateFromDay(q.int64(0));
    childUuid = uuidFromBytes(q.blob(1));
  }
  h.consent = hasConsent(childId);
  const auto earliest = [&](std::optional<core::Date> d) {
    if (d && (!h.backgroundDone || *d < *h.backgroundDone)) h.backgroundDone = d;
  };
  std::vector<std::pair<std::int64_t, core::ActivitySummary>> activity;  // response id, summary
  for (auto q = db_->query("SELECT kind, occasion, state, started_at, finished_at, form_id, id FROM response WHERE "
                           "child_id = ? AND state != 'abandoned' ORDER BY started_at, id",
                           childId.value);
       q.next();) {
    const bool finished = q.text(2) == "finished";
    const ResponseKind kind = responseKindOf(q.text(0));
    if (kind == ResponseKind::Background && !activityFormId.empty() && q.text(5) == activityFormId) {
      core::ActivitySummary a;
      a.started = dateOf(fromMillis(q.int64(3)));
      if (finished) a.finished = dateOf(fromMillis(q.int64(4)));
      activity.emplace_back(q.int64(6), a);
      continue;
    }
    if (kind == ResponseKind::Background) {
      if (finished) earliest(dateOf(fromMillis(q.int64(4))));
      else h.backgroundStarted = true;
      continue;
    }
    core::MeasurementSummary s;
    s.occasion = parseOccasionId(q.text(1));
    s.started = dateOf(fromMillis(q.int64(3)));
    if (finished) s.finished = dateOf(fromMillis(q.int64(4)));
    h.measurements.push_back(s);
  }
  // Purged measurements still count as taken.
  // The point an activity form answers is its `tidspunkt` answer (sealed).
  for (auto& [id, a] : activity) {
    if (auto point = activityPointOf(loadBackgroundAnswers(responseRow(BackgroundId{id})))) {
      a.months = *point;
      h.activity.push_back(a);
    }
  }
  for (auto q = db_->query("SELECT kind, occasion, started_on, finished_on FROM tombstone WHERE child_uuid = ? "
                           "AND kind IN ('measurement', 'background') AND finished_on IS NOT NULL",
                           uuidToBytes(childUuid));
       q.next();) {
    if (q.text(0) == "background" && !q.isNull(1) && q.text(1).rfind(kActivityTombstone, 0) == 0) {
      core::ActivitySummary a;
      a.months = std::atoi(q.text(1).c_str() + kActivityTombstone.size());
      a.started = dateFromDay(q.int64(2));
      a.finished = dateFromDay(q.int64(3));
      h.activity.push_back(a);
      continue;
    }
    if (q.text(0) == "background") {
      earliest(dateFromDay(q.int64(3)));
      continue;
    }
    if (q.isNull(1)) continue;
    h.measurements.push_back({parseOccasionId(q.text(1)), dateFromDay(q.int64(2)), dateFromDay(q.int64(3))});
  }
  // How the course ended and why measurements were not taken (sealed on the child).
  const Child c = child(childId);
  if (c.courseEnd) {
    h.ended = c.courseEnd->kind;
    h.endedOn = c.courseEnd->on;
  }
  h.missed = c.missed;
  return h;
}

// --- background forms ---------------------------------------------------------

BackgroundId DeviceStore::startBackground(ChildId childId, const core::BackgroundForm& form) {
  acting();
  Tx tx(*db_);
  const Child c = child(childId);
  if (!hasConsent(childId, true))
    throw NoConsentError("child " + c.code +
                         " has no parental consent for the background form: record who gave consent, and when, first");
  std::string uuid;
  const std::int64_t id = insertResponse(ResponseKind::Background, childId, c.details.projectId, form.id,
                                         form.version, std::nullopt, std::nullopt, uuid);
  audit(rulesOf(ResponseKind::Background).started, uuid);
  tx.commit();
  return BackgroundId{id};
}

BackgroundResponse DeviceStore::loadBackground(std::int64_t id) const {
  const ResponseRow row = responseRow(BackgroundId{id});
  auto q = db_->query(
      "SELECT form_id, form_version, volunteer_id, started_at, finished_at, change_seq, modified_at FROM response "
      "WHERE id = ?",
      id);
  q.next();
  BackgroundResponse b;
  b.id = BackgroundId{id};
  b.uuid = row.uuid;
  b.child = *row.child;
  b.childUuid = row.childUuid;
  b.projectId = row.projectId;
  b.formId = q.text(0);
  b.formVersion = q.int32(1);
  b.filledBy = VolunteerId{q.int64(2)};
  b.startedAt = fromMillis(q.int64(3));
  if (auto f = q.optInt64(4)) b.finishedAt = fromMillis(*f);
  b.state = row.state;
  b.rowVersion = row.rowVersion;
  b.changeSeq = q.int64(5);
  b.modifiedAt = fromMillis(q.int64(6));
  b.answers = loadBackgroundAnswers(row);
  return b;
}

BackgroundResponse DeviceStore::background(BackgroundId b) const {
  requireUnlocked();
  return loadBackground(b.value);
}

std::vector<BackgroundResponse> DeviceStore::backgrounds(ChildId childId) const {
  requireUnlocked();
  std::vector<std::int64_t> ids;
  for (auto q = db_->query("SELECT id FROM response WHERE child_id = ? AND kind = 'background' ORDER BY started_at, id",
                           childId.value);
       q.next();)
    ids.push_back(q.int64(0));
  std::vector<BackgroundResponse> out;
  out.reserve(ids.size());
  for (auto id : ids) out.push_back(loadBackground(id));
  return out;
}

// --- fidelity forms -------------------------------------------------------------

FidelityId DeviceStore::startFidelity(const NewFidelity& f) {
  acting();
  if (!isFormId(f.projectId)) throw InvalidRequestError("'" + f.projectId + "' is not a project id (like 'strom')");
  Tx tx(*db_);
  std::string uuid;
  const std::int64_t id =
      insertResponse(ResponseKind::Fidelity, std::nullopt, f.projectId, f.formId, f.formVersion, std::nullopt, f.onDate,
                     uuid);
  audit(rulesOf(ResponseKind::Fidelity).started, uuid);
  tx.commit();
  return FidelityId{id};
}

FidelityResponse DeviceStore::loadFidelity(std::int64_t id) const {
  const ResponseRow row = responseRow(FidelityId{id});
  auto q = db_->query(
      "SELECT form_id, form_version, on_date, volunteer_id, started_at, finished_at, change_seq, modified_at "
      "FROM response WHERE id = ?",
      id);
  q.next();
  FidelityResponse f;
  f.id = FidelityId{id};
  f.uuid = row.uuid;
  f.projectId = row.projectId;
  f.formId = q.text(0);
  f.formVersion = q.int32(1);
  f.onDate = dateFromDay(q.int64(2));
  f.answeredBy = VolunteerId{q.int64(3)};
  f.startedAt = fromMillis(q.int64(4));
  if (auto fin = q.optInt64(5)) f.finishedAt = fromMillis(*fin);
  f.state = row.state;
  f.rowVersion = row.rowVersion;
  f.changeSeq = q.int64(6);
  f.modifiedAt = fromMillis(q.int64(7));
  f.answers = loadAnswers(row);
  return f;
}

FidelityResponse DeviceStore::fidelity(FidelityId f) const {
  requireUnlocked();
  return loadFidelity(f.value);
}

std::vector<FidelityResponse> DeviceStore::fidelityResponses(std::string_view projectId) const {
  requireUnlocked();
  std::vector<std::int64_t> ids;
  for (auto q = db_->query("SELECT id FROM response WHERE kind = 'fidelity' AND project_id = ? ORDER BY on_date, id",
                           projectId);
       q.next();)
    ids.push_back(q.int64(0));
  std::vector<FidelityResponse> out;
  out.reserve(ids.size());
  for (auto id : ids) out.push_back(loadFidelity(id));
  return out;
}

// --- safeguarding ----------------------------------------------------------------

std::vector<SafeguardingFlag> DeviceStore::loadFlags(const char* where, std::int64_t arg) const {
  const ColumnCipher& c = cipher();
  std::vector<SafeguardingFlag> out;
  for (auto q = db_->query(
           std::string(
               "SELECT f.id, f.uuid, f.child_id, c.uuid, c.code, f.response_id, r.uuid, f.detail, f.raised_at, "
               "f.seen_by, f.seen_at, f.note, f.row_version, f.change_seq, f.modified_at FROM safeguarding_flag f "
               "JOIN child c ON c.id = f.child_id JOIN response r ON r.id = f.response_id WHERE ") +
               where + " ORDER BY f.id",
           arg);
       q.next();) {
    SafeguardingFlag f;
    f.id = FlagId{q.int64(0)};
    f.uuid = uuidFromBytes(q.blob(1));
    f.child = ChildId{q.int64(2)};
    f.childUuid = uuidFromBytes(q.blob(3));
    f.measurement = MeasurementId{q.int64(5)};
    f.measurementUuid = uuidFromBytes(q.blob(6));
    f.rowVersion = q.int64(12);
    const std::string label = "a safeguarding flag for child " + q.text(4);
    const FlagDetail d =
        decodeFlagDetail(c.openText({"safeguarding_flag", f.uuid, "detail", f.rowVersion, label}, q.blob(7)));
    f.dimension = d.dimension;
    f.items = d.items;
    f.score = d.score;
    f.scoreAtOrAboveThreshold = d.scoreAtOrAboveThreshold;
    f.raisedAt = fromMillis(q.int64(8));
    if (auto s = q.optInt64(9)) f.seenBy = VolunteerId{*s};
    if (auto s = q.optInt64(10)) f.seenAt = fromMillis(*s);
    if (auto n = q.optBlob(11)) f.note = c.openText({"safeguarding_flag", f.uuid, "note", f.rowVersion, label}, *n);
    f.changeSeq = q.int64(13);
    f.modifiedAt = fromMillis(q.int64(14));
    out.push_back(std::move(f));
  }
  return out;
}

std::vector<SafeguardingFlag> DeviceStore::raiseFlags(const ResponseRow& row, const core::ChildForm& form,
                                                      const core::Project& project, const core::ScoringRules& rules) {
  const auto hits = core::checkSafeguarding(form, project, itemValues(MeasurementId{row.id}), rules);
  std::set<std::string> flagged;
  for (const auto& f : loadFlags("f.response_id = ?", row.id)) flagged.insert(f.dimension);
  std::vector<std::int64_t> ids;
  for (const auto& hit : hits) {
    if (flagged.count(hit.dimension)) continue;
    const std::string uuid = newUuid();
    const FlagDetail d{hit.dimension, hit.items, hit.score, hit.scoreAtOrAboveThreshold};
    const crypto::Bytes detail =
        cipher().sealText({"safeguarding_flag", uuid, "detail", 1, "a safeguarding flag for child " + row.childCode},
                          encodeFlagDetail(d));
    db_->run(
        "INSERT INTO safeguarding_flag(uuid, child_id, response_id, detail, raised_at, row_version, change_seq, "
        "modified_at) VALUES (?1, ?2, ?3, ?4, ?5, 1, ?6, ?5)",
        uuidToBytes(uuid), row.child->value, row.id, detail, toMillis(now()), nextChange());
    ids.push_back(db_->lastInsertRowId());
    audit(AuditAction::FlagRaised, uuid);
  }
  std::vector<SafeguardingFlag> raised;
  for (const std::int64_t id : ids) {
    auto one = loadFlags("f.id = ?", id);
    raised.insert(raised.end(), one.begin(), one.end());
  }
  return raised;
}

void DeviceStore::markFlagSeen(FlagId id) {
  const VolunteerId who = acting();
  Tx tx(*db_);
  const auto found = loadFlags("f.id = ?", id.value);
  if (found.empty()) throw NotFoundError("there is no safeguarding flag with id " + std::to_string(id.value));
  if (!found.front().seenAt) {
    db_->run("UPDATE safeguarding_flag SET seen_by = ?1, seen_at = ?2, change_seq = ?3, modified_at = ?2 WHERE id = ?4",
             who.value, toMillis(now()), nextChange(), id.value);
    audit(AuditAction::FlagSeen, found.front().uuid);
  }
  tx.commit();
}

void DeviceStore::setFlagNote(FlagId id, std::string_view note) {
  acting();
  if (note.size() > kMaxFreeTextBytes) throw InvalidRequestError("the note is too long (at most 4000 bytes)");
  Tx tx(*db_);
  const auto found = loadFlags("f.id = ?", id.value);
  if (found.empty()) throw NotFoundError("there is no safeguarding flag with id " + std::to_string(id.value));
  const SafeguardingFlag& f = found.front();
  const std::int64_t version = f.rowVersion + 1;
  const std::string label = "a safeguarding flag";
  const crypto::Bytes detail =
      cipher().sealText({"safeguarding_flag", f.uuid, "detail", version, label},
                        encodeFlagDetail({f.dimension, f.items, f.score, f.scoreAtOrAboveThreshold}));
  const std::optional<crypto::Bytes> sealedNote =
      note.empty() ? std::nullopt
                   : std::optional<crypto::Bytes>(
                         cipher().sealText({"safeguarding_flag", f.uuid, "note", version, label}, note));
  db_->run(
      "UPDATE safeguarding_flag SET detail = ?, note = ?, row_version = ?, change_seq = ?, modified_at = ? WHERE id = "
      "?",
      detail, sealedNote, version, nextChange(), toMillis(now()), id.value);
  tx.commit();
}

std::vector<SafeguardingFlag> DeviceStore::flags(ChildId child) const {
  return loadFlags("f.child_id = ?", child.value);
}

std::vector<SafeguardingFlag> DeviceStore::unseenFlags() const {
  return loadFlags("f.seen_at IS NULL AND 1 = ?", 1);
}

}  // namespace spor::store
