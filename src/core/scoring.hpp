#pragma once
// Scoring: dimension scores from item answers, the change classification
// between two occasions, and the safeguarding check. The rules are data
// (forms/scoring.json) and are explained in forms/README.md.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/forms.hpp"

namespace spor::core {

// Item id -> the value given. An item that was declined ("vil ikke svare") or
// skipped is simply absent: both are missing answers and never count.
using ItemValues = std::map<std::string, int>;

struct DimensionScore {
  std::string dimension;
  std::optional<double> score;  // nullopt when too few items were answered
  std::size_t answered = 0;
  std::size_t items = 0;
};

// The mean of the answered items of `dim`, when at least
// rules.minAnswered(items) were answered.
[[nodiscard]] DimensionScore scoreDimension(const Dimension& dim, const ItemValues& values, const ScoringRules& rules);

// Scores for every dimension a project measures, in questionnaire order.
[[nodiscard]] std::vector<DimensionScore> scoreMeasurement(const ChildForm& form, const Project& project,
                                                           const ItemValues& values, const ScoringRules& rules);

enum class Change { Improved, Unchanged, Worse };

[[nodiscard]] const char* changeId(Change c);  // "improved", "unchanged", "worse"

// The change from `before` to `after` in the favourable direction: positive
// means better, for reversed dimensions too.
[[nodiscard]] double favourableChange(double before, double after, Direction direction);

// Improved when the favourable change exceeds the threshold, worse when the
// unfavourable change does, unchanged otherwise.
[[nodiscard]] Change classifyChange(double before, double after, Direction direction, double threshold);

struct SafeguardingHit {
  std::string dimension;
  std::vector<std::string> items;  // items answered at or above the item threshold
  std::optional<double> score;     // the dimension score, when there is one
  bool scoreAtOrAboveThreshold = false;
};

// The dimensions in the project's safeguarding list whose answers cross its
// thresholds. Empty when nothing is of concern.
[[nodiscard]] std::vector<SafeguardingHit> checkSafeguarding(const ChildForm& form, const Project& project,
                                                             const ItemValues& values, const ScoringRules& rules);

// What raised `hit`, in words for the volunteer's notice: one line per item
// that flagged on its own ("et svar om at skade sig selv"; two items about
// the same thing are named once), and one for the score when it crossed the
// threshold. Names what triggered the notice, never the child's answers.
[[nodiscard]] std::vector<std::string> safeguardingTriggers(const ChildForm& form, const SafeguardingHit& hit,
                                                            Lang lang);

}  // namespace spor::core
