#include "core/referral.hpp"

namespace spor::core {

namespace {
template <class E, std::size_t N>
bool parseBy(const std::array<E, N>& all, const char* (*id)(E), const std::string& text, E& out) {
  for (E e : all)
    if (text == id(e)) {
      out = e;
      return true;
    }
  return false;
}
}  // namespace

const char* referrerRoleId(ReferrerRole r) {
  switch (r) {
    case ReferrerRole::Caseworker: return "caseworker";
    case ReferrerRole::School: return "school";
    case ReferrerRole::HealthVisitor: return "health_visitor";
    case ReferrerRole::Parents: return "parents";
    case ReferrerRole::Other: return "other";
  }
  return "other";
}
LocalText referrerRoleName(ReferrerRole r) {
  switch (r) {
    case ReferrerRole::Caseworker: return {"Kommunal sagsbehandler", "Municipal caseworker"};
    case ReferrerRole::School: return {"Skole", "School"};
    case ReferrerRole::HealthVisitor: return {"Sundhedsplejerske", "Health visitor"};
    case ReferrerRole::Parents: return {"Forældrene selv", "The parents themselves"};
    case ReferrerRole::Other: return {"Andet", "Other"};
  }
  return {};
}
bool parseReferrerRole(const std::string& id, ReferrerRole& out) {
  return parseBy(kReferrerRoles, referrerRoleId, id, out);
}

const char* reportBackId(ReportBack r) {
  switch (r) {
    case ReportBack::Referrer: return "referrer";
    case ReportBack::Other: return "other";
    case ReportBack::Nobody: return "nobody";
  }
  return "nobody";
}
LocalText reportBackName(ReportBack r) {
  switch (r) {
    case ReportBack::Referrer: return {"Henviseren", "The referrer"};
    case ReportBack::Other: return {"En anden (se kontakt)", "Someone else (see contact)"};
    case ReportBack::Nobody: return {"Ingen tilbagemelding aftalt", "No feedback agreed"};
  }
  return {};
}
bool parseReportBack(const std::string& id, ReportBack& out) {
  return parseBy(kReportBacks, reportBackId, id, out);
}

const char* feedbackPointId(FeedbackPoint p) {
  switch (p) {
    case FeedbackPoint::Referral: return "referral";
    case FeedbackPoint::Intake: return "intake";
    case FeedbackPoint::Closing: return "closing";
    case FeedbackPoint::Concern: return "concern";
  }
  return "concern";
}
LocalText feedbackPointName(FeedbackPoint p) {
  switch (p) {
    case FeedbackPoint::Referral: return {"Ved henvisning", "At referral"};
    case FeedbackPoint::Intake: return {"Efter forsamtale", "After the intake talk"};
    case FeedbackPoint::Closing: return {"Efter afsluttende samtale", "After the closing talk"};
    case FeedbackPoint::Concern: return {"Ved bekymring", "About a concern"};
  }
  return {};
}
bool parseFeedbackPoint(const std::string& id, FeedbackPoint& out) {
  return parseBy(kFeedbackPoints, feedbackPointId, id, out);
}

const char* feedbackFormId(FeedbackForm f) {
  switch (f) {
    case FeedbackForm::Meeting: return "meeting";
    case FeedbackForm::Phone: return "phone";
    case FeedbackForm::Written: return "written";
  }
  return "written";
}
LocalText feedbackFormName(FeedbackForm f) {
  switch (f) {
    case FeedbackForm::Meeting: return {"Møde", "Meeting"};
    case FeedbackForm::Phone: return {"Telefon", "Phone"};
    case FeedbackForm::Written: return {"Skriftligt (brev eller e-mail)", "Written (letter or e-mail)"};
  }
  return {};
}
bool parseFeedbackForm(const std::string& id, FeedbackForm& out) {
  return parseBy(kFeedbackForms, feedbackFormId, id, out);
}

Date earliestReferralDay(std::optional<int> birthYear, Date today) {
  if (birthYear) return Date{std::chrono::year{*birthYear} / std::chrono::January / 1};
  return addDays(today, -365 * 30);
}

}  // namespace spor::core
