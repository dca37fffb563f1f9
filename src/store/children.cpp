// Children (pseudonymous codes, sealed details) and parental consent.
#include <algorithm>
#include <cctype>

#include "crypto/random.hpp"
#include "store/device_internal.hpp"
#include "store/device_store.hpp"
#include "store/error.hpp"

namespace spor::store {

using namespace detail;

namespace {

// No look-alikes: 0/O, 1/I/L, 2/Z, 5/S, 8/B and U/V are left out, so a code
// read aloud or copied by hand comes out right.
constexpr std::string_view kCodeAlphabet = "ACDEFGHJKMNPQRTWXY34679";

constexpr const char* kChildColumns =
    "c.id, c.uuid, c.code, c.project_id, c.enrolled_on, c.nickname, c.birth_year, c.gender, c.interventions, "
    "c.created_at, c.created_by, c.row_version, c.change_seq, c.modified_at, c.municipality, c.course_end, "
    "c.course_ended_on, c.missed, c.referral, c.feedback";

// The sealed texts of a course end ("stopped:did_not_fit") and of the
// missed measurements ("efter=not_reached;opfoelgning=child_declined").
std::string courseEndText(const CourseEndInfo& e) {
  return std::string(core::courseEndId(e.kind)) + ":" + (e.stopReason ? core::stopReasonId(*e.stopReason) : "");
}

std::string missedText(const std::map<core::Occasion, core::MissedReason>& missed) {
  std::string out;
  for (const auto& [o, r] : missed) out += (out.empty() ? "" : ";") + std::string(core::occasionId(o)) + "=" + core::missedReasonId(r);
  return out;
}

// The sealed texts of a referral ("caseworker|20412|referrer|<referrer>")
// and of the feedback log ("20420|intake|phone|<note>;..."): days since
// 1970, ids of core/referral.hpp, and the free text with '%', '|' and ';'
// escaped as %25, %7C and %3B.
std::string escaped(const std::string& text) {
  std::string out;
  for (char ch : text) {
    if (ch == '%') out += "%25";
    else if (ch == '|') out += "%7C";
    else if (ch == ';') out += "%3B";
    else out += ch;
  }
  return out;
}

std::string unescaped(const std::string& text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size()) {
      const std::string code = text.substr(i + 1, 2);
      if (code == "25") { out += '%'; i += 2; continue; }
      if (code == "7C") { out += '|'; i += 2; continue; }
      if (code == "3B") { out += ';'; i += 2; continue; }
    }
    out += text[i];
  }
  return out;
}

std::vector<std::string> split(const std::string& text, char sep) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (true) {
    const std::size_t end = text.find(sep, start);
    out.push_back(text.substr(start, end == std::string::npos ? std::string::npos : end - start));
    if (end == std::string::npos) return out;
    start = end + 1;
  }
}

std::string referralText(const ReferralInfo& r) {
  return std::string(core::referrerRoleId(r.role)) + "|" + std::to_string(dayNumber(r.on)) + "|" +
         core::reportBackId(r.reportBack) + "|" + escaped(r.referrer);
}

std::optional<ReferralInfo> parseReferralText(const std::string& text) {
  const auto parts = split(text, '|');
  ReferralInfo r;
  if (parts.size() != 4 || !core::parseReferrerRole(parts[0], r.role) || !core::parseReportBack(parts[2], r.reportBack))
    return std::nullopt;
  try {
    r.on = dateFromDay(std::stoll(parts[1]));
  } catch (const std::exception&) {
    return std::nullopt;
  }
  r.referrer = unescaped(parts[3]);
  return r;
}

std::string feedbackText(const std::vector<FeedbackEntry>& log) {
  std::string out;
  for (const FeedbackEntry& f : log)
    out += (out.empty() ? "" : ";") + std::to_string(dayNumber(f.on)) + "|" + core::feedbackPointId(f.point) + "|" +
           core::feedbackFormId(f.form) + "|" + escaped(f.note);
  return out;
}

std::vector<FeedbackEntry> parseFeedbackText(const std::string& text) {
  std::vector<FeedbackEntry> out;
  if (text.empty()) return out;
  for (const std::string& entry : split(text, ';')) {
    const auto parts = split(entry, '|');
    FeedbackEntry f;
    if (parts.size() != 4 || !core::parseFeedbackPoint(parts[1], f.point) || !core::parseFeedbackForm(parts[2], f.form))
      continue;
    try {
      f.on = dateFromDay(std::stoll(parts[0]));
    } catch (const std::exception&) {
      continue;
    }
    f.note = unescaped(parts[3]);
    out.push_back(std::move(f));
  }
  return out;
}

}  // namespace

std::optional<Message> referralProblem(const ReferralInfo& referral, std::optional<int> birthYear,
                                       const std::vector<FeedbackEntry>& feedback, core::Date today,
                                       std::string (*showDate)(core::Date)) {
  if (referral.on > today) return Message{Msg::StoreReferralFuture, {{"date", showDate(referral.on)}}};
  if (birthYear && referral.on < core::Date{std::chrono::year{*birthYear} / std::chrono::January / 1})
    return Message{Msg::StoreReferralBeforeBirth, {{"date", showDate(referral.on)}, {"year", *birthYear}}};
  // "Someone else" hears back: who, is the free text (the tablet says so).
  if (referral.reportBack == core::ReportBack::Other &&
      referral.referrer.find_first_not_of(" \t\n") == std::string::npos)
    return Message{Msg::StoreReferralOtherNoContact};
  if (referral.reportBack == core::ReportBack::Nobody && !feedback.empty())
    return Message{Msg::StoreReferralNobodyWithFeedback, {{"n", static_cast<int>(feedback.size())}}};
  for (const FeedbackEntry& f : feedback)
    if (f.on < referral.on)
      return Message{Msg::StoreFeedbackBeforeReferral, {{"date", showDate(f.on)}, {"referred", showDate(referral.on)}}};
  return std::nullopt;
}

std::optional<Message> feedbackProblem(const FeedbackEntry& entry, const std::optional<ReferralInfo>& referral,
                                       core::Date today, std::string (*showDate)(core::Date)) {
  if (!referral) return Message{Msg::StoreFeedbackNoReferral};
  if (referral->reportBack == core::ReportBack::Nobody) return Message{Msg::StoreFeedbackNotAgreed};
  if (entry.on > today) return Message{Msg::StoreFeedbackFuture, {{"date", showDate(entry.on)}}};
  if (entry.on < referral->on)
    return Message{Msg::StoreFeedbackBeforeReferral, {{"date", showDate(entry.on)}, {"referred", showDate(referral->on)}}};
  return std::nullopt;
}

std::string newChildCode() {
  std::string code;
  for (int i = 0; i < 6; ++i) {
    if (i == 2) code += '-';
    code += kCodeAlphabet[crypto::randomUint32(static_cast<std::uint32_t>(kCodeAlphabet.size()))];
  }
  return code;
}

bool isChildCode(std::string_view code) {
  if (code.size() != 7 || code[2] != '-') return false;
  for (std::size_t i = 0; i < code.size(); ++i)
    if (i != 2 && kCodeAlphabet.find(code[i]) == std::string_view::npos) return false;
  return true;
}

std::string normaliseChildCode(std::string_view code) {
  std::string out;
  for (char c : code) {
    if (c == '-' || c == ' ') continue;
    out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  if (out.size() == 6) out.insert(2, "-");
  return out;
}

void DeviceStore::checkDetails(const ChildDetails& d) const {
  if (d.nickname && !d.nickname->empty()) checkText(*d.nickname, "a child's nickname", 60);
  // Whether it is one of the project's municipalities is the forms' rule
  // (core::municipalityProblem), checked by the app before it saves.
  if (!d.municipality.empty()) checkText(d.municipality, "a child's municipality", 60);
  if (!isFormId(d.projectId))
    throw InvalidRequestError(d.projectId.empty() ? std::string("a child needs a project")
                                                  : "'" + d.projectId + "' is not a project id (like 'strom')");
  if (d.interventions.empty())
    throw InvalidRequestError("choose at least one intervention type for the child (individual, group or family)");
  if (d.birthYear) {
    const int thisYear = static_cast<int>(std::chrono::year_month_day(dateOf(now())).year());
    if (*d.birthYear < thisYear - kMaxChildAge || *d.birthYear > thisYear)
      throw InvalidRequestError(Message{Msg::StoreBirthYearImplausible, {{"year", *d.birthYear}}});
  }
}

void DeviceStore::sealChild(const std::string& uuid, std::int64_t version, const std::string& code,
                            const ChildDetails& d, crypto::Bytes& nickname, crypto::Bytes& birthYear,
                            crypto::Bytes& gender, crypto::Bytes& interventions,
                            crypto::Bytes& municipality) const {
  const ColumnCipher& c = cipher();
  const std::string label = "child " + code;
  nickname.clear();
  birthYear.clear();
  gender.clear();
  if (d.nickname && !d.nickname->empty())
    nickname = c.sealText({"child", uuid, "nickname", version, label}, *d.nickname);
  if (d.birthYear) birthYear = c.sealInt({"child", uuid, "birth_year", version, label}, *d.birthYear);
  if (d.gender) gender = c.sealInt({"child", uuid, "gender", version, label}, static_cast<int>(*d.gender));
  interventions = c.sealText({"child", uuid, "interventions", version, label}, encodeInterventions(d.interventions));
  municipality.clear();
  if (!d.municipality.empty())
    municipality = c.sealText({"child", uuid, "municipality", version, label}, d.municipality);
}

ChildId DeviceStore::addChild(const NewChild& child) {
  const VolunteerId who = acting();
  checkDetails(child.details);
  Tx tx(*db_);
  std::string code;
  do {
    code = newChildCode();
  } while (db_->queryInt("SELECT count(*) FROM child WHERE code = ?", code).value_or(0) > 0);
  const std::string uuid = newUuid();
  crypto::Bytes nickname, birthYear, gender, interventions, municipality;
  sealChild(uuid, 1, code, child.details, nickname, birthYear, gender, interventions, municipality);
  const auto opt = [](const crypto::Bytes& b) { return b.empty() ? std::nullopt : std::optional<crypto::Bytes>(b); };
  db_->run(
      "INSERT INTO child(uuid, code, project_id, enrolled_on, nickname, birth_year, gender, interventions, "
      "created_at, created_by, row_version, change_seq, modified_at, municipality) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?)",
      uuidToBytes(uuid), code, child.details.projectId, dayNumber(child.enrolledOn.value_or(dateOf(now()))),
      opt(nickname), opt(birthYear), opt(gender), interventions, toMillis(now()), who.value, nextChange(),
      toMillis(now()), opt(municipality));
  const ChildId id{db_->lastInsertRowId()};
  audit(AuditAction::ChildCreated, uuid);
  tx.commit();
  return id;
}

void DeviceStore::updateChild(ChildId id, const ChildDetails& details) {
  acting();
  checkDetails(details);
  Tx tx(*db_);
  Child updated = child(id);
  updated.details = details;
  rewriteChild(updated);
  audit(AuditAction::ChildUpdated, updated.uuid);
  tx.commit();
}

std::optional<Message> courseEndProblem(const CourseEndInfo& end, core::Date enrolledOn, core::Date today,
                                        std::string (*showDate)(core::Date)) {
  const bool stopped = end.kind == core::CourseEnd::StoppedEarly;
  if (stopped != end.stopReason.has_value()) return Message{Msg::StoreStopReasonMissing};
  if (end.on > today) return Message{Msg::StoreCourseEndFuture, {{"end", showDate(end.on)}}};
  if (end.on < enrolledOn)
    return Message{Msg::StoreCourseEndBeforeStart, {{"end", showDate(end.on)}, {"start", showDate(enrolledOn)}}};
  return std::nullopt;
}

void DeviceStore::endCourse(ChildId id, const CourseEndInfo& end) {
  acting();
  Tx tx(*db_);
  Child updated = child(id);
  if (auto problem = courseEndProblem(end, updated.enrolledOn, dateOf(now())))
    throw InvalidRequestError(std::move(*problem));
  updated.courseEnd = end;
  rewriteChild(updated);
  audit(AuditAction::ChildUpdated, updated.uuid);
  tx.commit();
}

void DeviceStore::recordMissed(ChildId id, core::Occasion occasion, core::MissedReason reason) {
  acting();
  Tx tx(*db_);
  Child updated = child(id);
  // A measurement taken was not missed (progression repeats: any one may be).
  if (occasion != core::Occasion::Progression)
    for (const core::MeasurementSummary& m : history(id).measurements)
      if (m.occasion == occasion && m.finished)
        throw InvalidRequestError(Message{Msg::StoreMissedButTaken, {{"date", core::formatDate(*m.finished)}}});
  updated.missed[occasion] = reason;
  rewriteChild(updated);
  audit(AuditAction::ChildUpdated, updated.uuid);
  tx.commit();
}

void DeviceStore::setReferral(ChildId id, const ReferralInfo& referral) {
  acting();
  Tx tx(*db_);
  Child updated = child(id);
  if (auto problem = referralProblem(referral, updated.details.birthYear, updated.feedback, dateOf(now())))
    throw InvalidRequestError(std::move(*problem));
  updated.referral = referral;
  rewriteChild(updated);
  audit(AuditAction::ChildUpdated, updated.uuid);
  tx.commit();
}

void DeviceStore::addFeedback(ChildId id, const FeedbackEntry& entry) {
  acting();
  Tx tx(*db_);
  Child updated = child(id);
  if (auto problem = feedbackProblem(entry, updated.referral, dateOf(now())))
    throw InvalidRequestError(std::move(*problem));
  // Kept by day; an entry on a day already in the log goes after it.
  const auto at = std::upper_bound(updated.feedback.begin(), updated.feedback.end(), entry,
                                   [](const FeedbackEntry& a, const FeedbackEntry& b) { return a.on < b.on; });
  updated.feedback.insert(at, entry);
  rewriteChild(updated);
  audit(AuditAction::ChildUpdated, updated.uuid);
  tx.commit();
}

// Writes a changed child: every sealed cell again under the next row
// version (each cell is bound to it), and a new change number.
void DeviceStore::rewriteChild(const Child& c) {
  const Child& old = c;
  const ChildDetails& details = c.details;
  const ChildId id = c.id;
  const std::int64_t version = old.rowVersion + 1;
  crypto::Bytes nickname, birthYear, gender, interventions, municipality;
  sealChild(old.uuid, version, old.code, details, nickname, birthYear, gender, interventions, municipality);
  const auto opt = [](const crypto::Bytes& b) { return b.empty() ? std::nullopt : std::optional<crypto::Bytes>(b); };
  db_->run(
      "UPDATE child SET project_id = ?, nickname = ?, birth_year = ?, gender = ?, interventions = ?, municipality = ?, "
      "row_version = ?, change_seq = ?, modified_at = ? WHERE id = ?",
      details.projectId, opt(nickname), opt(birthYear), opt(gender), interventions, opt(municipality), version,
      nextChange(), toMillis(now()), id.value);
  const std::string label = "child " + c.code;
  const ColumnCipher& ci = cipher();
  std::optional<crypto::Bytes> end, missed;
  std::optional<std::int64_t> endedOn;
  if (c.courseEnd) {
    end = ci.sealText({"child", c.uuid, "course_end", version, label}, courseEndText(*c.courseEnd));
    endedOn = dayNumber(c.courseEnd->on);
  }
  if (!c.missed.empty()) missed = ci.sealText({"child", c.uuid, "missed", version, label}, missedText(c.missed));
  db_->run("UPDATE child SET course_end = ?, course_ended_on = ?, missed = ? WHERE id = ?", end, endedOn, missed,
           id.value);
  std::optional<crypto::Bytes> referral, feedback;
  if (c.referral) referral = ci.sealText({"child", c.uuid, "referral", version, label}, referralText(*c.referral));
  if (!c.feedback.empty())
    feedback = ci.sealText({"child", c.uuid, "feedback", version, label}, feedbackText(c.feedback));
  db_->run("UPDATE child SET referral = ?, feedback = ? WHERE id = ?", referral, feedback, id.value);
}

Child DeviceStore::loadChild(Query& q) const {
  const ColumnCipher& c = cipher();
  Child child;
  child.id = ChildId{q.int64(0)};
  child.uuid = uuidFromBytes(q.blob(1));
  child.code = q.text(2);
  child.details.projectId = q.text(3);
  child.enrolledOn = dateFromDay(q.int64(4));
  child.createdAt = fromMillis(q.int64(9));
  child.createdBy = VolunteerId{q.int64(10)};
  child.rowVersion = q.int64(11);
  child.changeSeq = q.int64(12);
  child.modifiedAt = fromMillis(q.int64(13));
  const std::string label = "child " + child.code;
  const auto cell = [&](const char* column) { return Cell{"child", child.uuid, column, child.rowVersion, label}; };
  if (auto b = q.optBlob(5)) child.details.nickname = c.openText(cell("nickname"), *b);
  if (auto b = q.optBlob(6)) child.details.birthYear = static_cast<int>(c.openInt(cell("birth_year"), *b));
  if (auto b = q.optBlob(7)) child.details.gender = static_cast<Gender>(c.openInt(cell("gender"), *b));
  child.details.interventions = decodeInterventions(c.openText(cell("interventions"), q.blob(8)));
  if (auto b = q.optBlob(14)) child.details.municipality = c.openText(cell("municipality"), *b);
  if (auto b = q.optBlob(15)) {
    const std::string text = c.openText(cell("course_end"), *b);
    const auto colon = text.find(':');
    CourseEndInfo e;
    core::StopReason r{};
    if (colon != std::string::npos && core::parseCourseEnd(text.substr(0, colon), e.kind)) {
      if (core::parseStopReason(text.substr(colon + 1), r)) e.stopReason = r;
      if (auto d = q.optInt64(16)) e.on = dateFromDay(*d);
      child.courseEnd = e;
    }
  }
  if (auto b = q.optBlob(17)) {
    const std::string text = c.openText(cell("missed"), *b);
    std::size_t start = 0;
    while (start < text.size()) {
      const std::size_t end = std::min(text.find(';', start), text.size());
      const std::string part = text.substr(start, end - start);
      const auto eq = part.find('=');
      core::Occasion o{};
      core::MissedReason r{};
      if (eq != std::string::npos && core::parseOccasion(part.substr(0, eq), o) &&
          core::parseMissedReason(part.substr(eq + 1), r))
        child.missed[o] = r;
      start = end + 1;
    }
  }
  if (auto b = q.optBlob(18)) child.referral = parseReferralText(c.openText(cell("referral"), *b));
  if (auto b = q.optBlob(19)) child.feedback = parseFeedbackText(c.openText(cell("feedback"), *b));
  return child;
}

Child DeviceStore::child(ChildId id) const {
  requireUnlocked();
  auto q = db_->query(std::string("SELECT ") + kChildColumns + " FROM child c WHERE c.id = ?", id.value);
  if (!q.next())
    throw NotFoundError("there is no child with id " + std::to_string(id.value) +
                        " on this device (it may have been purged after sync)");
  return loadChild(q);
}

std::optional<Child> DeviceStore::findChild(std::string_view code) const {
  requireUnlocked();
  auto q =
      db_->query(std::string("SELECT ") + kChildColumns + " FROM child c WHERE c.code = ?", normaliseChildCode(code));
  if (!q.next()) return std::nullopt;
  return loadChild(q);
}

std::vector<Child> DeviceStore::children() const {
  requireUnlocked();
  std::vector<Child> out;
  for (auto q = db_->query(std::string("SELECT ") + kChildColumns + " FROM child c ORDER BY c.code"); q.next();)
    out.push_back(loadChild(q));
  return out;
}

std::vector<Child> DeviceStore::children(std::string_view projectId) const {
  requireUnlocked();
  std::vector<Child> out;
  for (auto q = db_->query(
           std::string("SELECT ") + kChildColumns + " FROM child c WHERE c.project_id = ? ORDER BY c.code", projectId);
       q.next();)
    out.push_back(loadChild(q));
  return out;
}

// --- consent -------------------------------------------------------------------

ConsentId DeviceStore::recordConsent(ChildId childId, const NewConsent& consent) {
  const VolunteerId who = acting();
  checkText(consent.givenBy, "who gave consent (for example 'mor', 'far' or a guardian's name)", 80);
  if (core::ConsentGiver g{}; !core::parseConsentGiver(consent.givenBy, g))
    throw InvalidRequestError("'" + consent.givenBy +
                              "' is not who can give consent: use mor, far, begge forældre, værge or den unge");
  if (!consent.questionnaires && !consent.backgroundForm && !consent.sharing)
    throw InvalidRequestError(
        "consent must cover the questionnaires, the background form or sharing information with the municipality");
  if (consent.givenOn > dateOf(now()))
    throw InvalidRequestError("the consent date " + core::formatDate(consent.givenOn) +
                              " is in the future: enter the date the consent was given");
  Tx tx(*db_);
  const Child c = child(childId);
  const std::string uuid = newUuid();
  const crypto::Bytes givenBy =
      cipher().sealText({"consent", uuid, "given_by", 1, "consent for child " + c.code}, consent.givenBy);
  db_->run(
      "INSERT INTO consent(uuid, child_id, given_by, given_on, questionnaires, background, recorded_by, recorded_at, "
      "row_version, change_seq, modified_at, sharing) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?)",
      uuidToBytes(uuid), childId.value, givenBy, dayNumber(consent.givenOn), consent.questionnaires,
      consent.backgroundForm, who.value, toMillis(now()), nextChange(), toMillis(now()), consent.sharing);
  const ConsentId id{db_->lastInsertRowId()};
  audit(AuditAction::ConsentRecorded, uuid);
  tx.commit();
  return id;
}

void DeviceStore::withdrawConsent(ConsentId id, core::Date on) {
  acting();
  Tx tx(*db_);
  auto uuid = db_->query("SELECT uuid FROM consent WHERE id = ?", id.value);
  if (!uuid.next()) throw NotFoundError("there is no consent with id " + std::to_string(id.value) + " on this device");
  const std::string u = uuidFromBytes(uuid.blob(0));
  db_->run("UPDATE consent SET withdrawn_on = ?, change_seq = ?, modified_at = ? WHERE id = ? AND withdrawn_on IS NULL",
           dayNumber(on), nextChange(), toMillis(now()), id.value);
  audit(AuditAction::ConsentWithdrawn, u);
  tx.commit();
}

std::vector<Consent> DeviceStore::consents(ChildId childId) const {
  const ColumnCipher& c = cipher();
  std::vector<Consent> out;
  for (auto q = db_->query(
           "SELECT s.id, s.uuid, s.child_id, c.uuid, c.code, s.given_by, s.given_on, s.questionnaires, s.background, "
           "s.recorded_by, s.recorded_at, s.withdrawn_on, s.row_version, s.change_seq, s.modified_at, s.sharing FROM consent s "
           "JOIN child c ON c.id = s.child_id WHERE s.child_id = ? ORDER BY s.id",
           childId.value);
       q.next();) {
    Consent s;
    s.id = ConsentId{q.int64(0)};
    s.uuid = uuidFromBytes(q.blob(1));
    s.child = ChildId{q.int64(2)};
    s.childUuid = uuidFromBytes(q.blob(3));
    s.rowVersion = q.int64(12);
    s.givenBy = c.openText({"consent", s.uuid, "given_by", s.rowVersion, "consent for child " + q.text(4)}, q.blob(5));
    s.givenOn = dateFromDay(q.int64(6));
    s.questionnaires = q.int64(7) != 0;
    s.backgroundForm = q.int64(8) != 0;
    s.sharing = q.int64(15) != 0;
    s.recordedBy = VolunteerId{q.int64(9)};
    s.recordedAt = fromMillis(q.int64(10));
    if (auto w = q.optInt64(11)) s.withdrawnOn = dateFromDay(*w);
    s.changeSeq = q.int64(13);
    s.modifiedAt = fromMillis(q.int64(14));
    out.push_back(std::move(s));
  }
  return out;
}

bool DeviceStore::hasConsent(ChildId childId, bool forBackgroundForm) const {
  requireUnlocked();
  return db_->queryInt(
                forBackgroundForm
                    ? "SELECT count(*) FROM consent WHERE child_id = ? AND withdrawn_on IS NULL AND background = 1"
                    : "SELECT count(*) FROM consent WHERE child_id = ? AND withdrawn_on IS NULL AND "
                      "questionnaires = 1",
                childId.value)
             .value_or(0) > 0;
}

}  // namespace spor::store
