#pragma once
// A child's referral and the feedback given to the referrer (issue 14
// item 1). Source 000 finds that 21-31 % of municipal referrers do not know
// what happened after a referral and that 41 % of NGOs had no dialogue with
// the referrer (000 Tabel 2.7, 2.10); Klub MOVE shares information at fixed
// points: at referral, at the forsamtale and at the afsluttende samtale
// (001:L3375-3386). The lists below are Spor's own short lists built on
// those points; the sources give no fixed list of referrers or forms.
//
// Each value has a stable id (stored, in bundles, in exports as its
// position + 1: never reorder, only append) and a Danish name.
#include <array>
#include <optional>
#include <string>

#include "core/date.hpp"
#include "core/text.hpp"

namespace spor::core {

// Who referred the child to the programme.
enum class ReferrerRole { Caseworker, School, HealthVisitor, Parents, Other };
inline constexpr std::array<ReferrerRole, 5> kReferrerRoles = {ReferrerRole::Caseworker, ReferrerRole::School,
                                                               ReferrerRole::HealthVisitor, ReferrerRole::Parents,
                                                               ReferrerRole::Other};
// "caseworker", "school", "health_visitor", "parents", "other"
[[nodiscard]] const char* referrerRoleId(ReferrerRole r);
[[nodiscard]] LocalText referrerRoleName(ReferrerRole r);
[[nodiscard]] bool parseReferrerRole(const std::string& id, ReferrerRole& out);

// Whom the organisation reports back to about the child's course.
enum class ReportBack { Referrer, Other, Nobody };
inline constexpr std::array<ReportBack, 3> kReportBacks = {ReportBack::Referrer, ReportBack::Other, ReportBack::Nobody};
[[nodiscard]] const char* reportBackId(ReportBack r);  // "referrer", "other", "nobody"
[[nodiscard]] LocalText reportBackName(ReportBack r);
[[nodiscard]] bool parseReportBack(const std::string& id, ReportBack& out);

// The point in the course at which feedback was given.
enum class FeedbackPoint { Referral, Intake, Closing, Concern };
inline constexpr std::array<FeedbackPoint, 4> kFeedbackPoints = {FeedbackPoint::Referral, FeedbackPoint::Intake,
                                                                 FeedbackPoint::Closing, FeedbackPoint::Concern};
[[nodiscard]] const char* feedbackPointId(FeedbackPoint p);  // "referral", "intake", "closing", "concern"
[[nodiscard]] LocalText feedbackPointName(FeedbackPoint p);
[[nodiscard]] bool parseFeedbackPoint(const std::string& id, FeedbackPoint& out);

// How the feedback was given.
enum class FeedbackForm { Meeting, Phone, Written };
inline constexpr std::array<FeedbackForm, 3> kFeedbackForms = {FeedbackForm::Meeting, FeedbackForm::Phone,
                                                               FeedbackForm::Written};
[[nodiscard]] const char* feedbackFormId(FeedbackForm f);  // "meeting", "phone", "written"
[[nodiscard]] LocalText feedbackFormName(FeedbackForm f);
[[nodiscard]] bool parseFeedbackForm(const std::string& id, FeedbackForm& out);

// The first day a referral can be dated for a child born in `birthYear`:
// 1 January of that year, or 30 years back when the year is not known.
[[nodiscard]] Date earliestReferralDay(std::optional<int> birthYear, Date today);

}  // namespace spor::core
