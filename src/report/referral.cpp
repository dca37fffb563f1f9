#include "report/referral.hpp"

#include <algorithm>

#include "report/format.hpp"

namespace spor::report {

namespace {

std::optional<double> percentOf(std::size_t part, std::size_t whole) {
  if (whole == 0) return std::nullopt;
  return 100.0 * static_cast<double>(part) / static_cast<double>(whole);
}

bool hasPoint(const ChildInput& c, const char* point) {
  return std::any_of(c.feedback.begin(), c.feedback.end(), [&](const FeedbackInput& f) { return f.point == point; });
}

std::string share(std::size_t part, std::size_t whole) {
  const auto p = percentOf(part, whole);
  return (p ? formatPercent(*p, 0) : std::string("–")) + " (" + std::to_string(part) + " af " + std::to_string(whole) +
         ")";
}

}  // namespace

std::optional<double> ReferralCounts::heardBackPercent() const {
  return percentOf(heardBack, referred);
}
std::optional<double> ReferralCounts::afterIntakePercent() const {
  return percentOf(afterIntake, referred);
}
std::optional<double> ReferralCounts::afterClosingPercent() const {
  return percentOf(afterClosing, ended);
}

ReferralCounts countReferrals(const std::vector<const ChildInput*>& children) {
  ReferralCounts c;
  c.children = children.size();
  for (const ChildInput* child : children) {
    if (child->referralRole.empty()) continue;
    ++c.referred;
    if (child->reportBack == "nobody") ++c.noFeedbackAgreed;
    if (!child->feedback.empty()) ++c.heardBack;
    if (hasPoint(*child, "intake")) ++c.afterIntake;
    if (!child->courseEnd.empty()) {
      ++c.ended;
      if (hasPoint(*child, "closing")) ++c.afterClosing;
    }
  }
  return c;
}

std::string referralHtml(const ReferralCounts& c) {
  if (c.referred == 0) return "";
  std::string o = "<p class=\"note\" data-referral=\"1\"><strong>Tilbagemelding til henviseren:</strong> ";
  o += std::to_string(c.referred) + (c.referred == 1 ? " barn" : " børn") + " er henvist. ";
  o += "Henviseren har fået tilbagemelding om " + share(c.heardBack, c.referred);
  o += "; efter forsamtalen om " + share(c.afterIntake, c.referred);
  if (c.ended > 0)
    o += "; efter den afsluttende samtale om " + share(c.afterClosing, c.ended) + " af dem, hvis forløb er slut";
  o += ".";
  if (c.noFeedbackAgreed > 0)
    o += " For " + std::to_string(c.noFeedbackAgreed) + " er der ikke aftalt nogen tilbagemelding.";
  return o + "</p>\n";
}

}  // namespace spor::report
