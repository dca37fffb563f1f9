#pragma once
// The referral figures (issue 14 item 1): of the children referred to the
// programme, how many referrers have heard back at all, after the
// forsamtale, and after the afsluttende samtale for those whose course
// ended. Source 000 finds that 21-31 % of municipal referrers do not know
// what happened after a referral (Tabel 2.7) and that 41 % of the NGOs had
// no dialogue with the referrer (Tabel 2.10); Klub MOVE reports back at
// referral, forsamtale and afsluttende samtale (001:L3375-3386).
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "report/input.hpp"

namespace spor::report {

struct ReferralCounts {
  std::size_t children = 0;          // children in the group
  std::size_t referred = 0;          // with a referral recorded
  std::size_t noFeedbackAgreed = 0;  // of the referred: "nobody" to report back to
  std::size_t heardBack = 0;         // of the referred: at least one feedback entry
  std::size_t afterIntake = 0;       // of the referred: feedback at the forsamtale
  std::size_t ended = 0;             // of the referred: the course ended
  std::size_t afterClosing = 0;      // of those ended: feedback at the afsluttende samtale

  [[nodiscard]] std::optional<double> heardBackPercent() const;     // heardBack of referred
  [[nodiscard]] std::optional<double> afterIntakePercent() const;   // afterIntake of referred
  [[nodiscard]] std::optional<double> afterClosingPercent() const;  // afterClosing of ended
};

[[nodiscard]] ReferralCounts countReferrals(const std::vector<const ChildInput*>& children);

// The group's referral figures as a paragraph of the HTML report (Danish),
// or "" when no child in the group was referred.
[[nodiscard]] std::string referralHtml(const ReferralCounts& c);

}  // namespace spor::report
