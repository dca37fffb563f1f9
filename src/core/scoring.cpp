#include "core/scoring.hpp"

#include <algorithm>
#include <cmath>

#include "messages/message.hpp"

namespace spor::core {

namespace {
// Scores are means of at most a few dozen small integers; differences
// smaller than this are rounding, not change.
constexpr double kEpsilon = 1e-9;
}  // namespace

DimensionScore scoreDimension(const Dimension& dim, const ItemValues& values, const ScoringRules& rules) {
  DimensionScore out;
  out.dimension = dim.id;
  out.items = dim.itemIds.size();
  double sum = 0;
  for (const auto& itemId : dim.itemIds) {
    auto it = values.find(itemId);
    if (it == values.end()) continue;
    sum += it->second;
    ++out.answered;
  }
  if (out.items > 0 && out.answered >= rules.minAnswered(out.items))
    out.score = sum / static_cast<double>(out.answered);
  return out;
}

std::vector<DimensionScore> scoreMeasurement(const ChildForm& form, const Project& project, const ItemValues& values,
                                             const ScoringRules& rules) {
  std::vector<DimensionScore> out;
  for (const auto& dim : form.dimensions)
    if (project.measures(dim.id)) out.push_back(scoreDimension(dim, values, rules));
  return out;
}

const char* changeId(Change c) {
  switch (c) {
    case Change::Improved: return "improved";
    case Change::Unchanged: return "unchanged";
    case Change::Worse: return "worse";
  }
  return "unchanged";
}

double favourableChange(double before, double after, Direction direction) {
  return direction == Direction::Positive ? after - before : before - after;
}

Change classifyChange(double before, double after, Direction direction, double threshold) {
  const double change = favourableChange(before, after, direction);
  if (change > threshold + kEpsilon) return Change::Improved;
  if (change < -threshold - kEpsilon) return Change::Worse;
  return Change::Unchanged;
}

std::vector<SafeguardingHit> checkSafeguarding(const ChildForm& form, const Project& project,
                                               const ItemValues& values, const ScoringRules& rules) {
  std::vector<SafeguardingHit> hits;
  const Safeguarding& sg = project.safeguarding;
  for (const auto& dimId : sg.dimensions) {
    const Dimension* dim = form.dimension(dimId);
    if (!dim) continue;
    SafeguardingHit hit;
    hit.dimension = dimId;
    for (const auto& itemId : dim->itemIds) {
      auto it = values.find(itemId);
      if (it == values.end()) continue;
      // The item's own rule; else the project's threshold (older form files);
      // else the item counts only through the score.
      const Item* item = form.item(itemId);
      const int flagAt = item && item->safeguarding ? item->safeguarding->flagAt : sg.itemThreshold;
      if (flagAt > 0 && it->second >= flagAt) hit.items.push_back(itemId);
    }
    hit.score = scoreDimension(*dim, values, rules).score;
    hit.scoreAtOrAboveThreshold = hit.score && *hit.score >= sg.scoreThreshold - kEpsilon;
    if (!hit.items.empty() || hit.scoreAtOrAboveThreshold) hits.push_back(std::move(hit));
  }
  return hits;
}

namespace {
// A dimension's name inside a sentence ("svarene om selvmordsadfærd samlet
// set"): its first letter in lower case (A-Z, Æ Ø Å), unless the name is an
// abbreviation (its second letter is a capital too: "ADHD").
std::string midSentence(std::string name) {
  const auto upperAt = [&](std::size_t i) -> std::size_t {  // the length of a capital at i, else 0
    if (i < name.size() && name[i] >= 'A' && name[i] <= 'Z') return 1;
    if (i + 1 < name.size() && static_cast<unsigned char>(name[i]) == 0xC3) {
      const auto c = static_cast<unsigned char>(name[i + 1]);
      if (c == 0x86 || c == 0x98 || c == 0x85) return 2;  // Æ Ø Å
    }
    return 0;
  };
  const std::size_t first = upperAt(0);
  if (first == 0 || upperAt(first) != 0) return name;
  if (first == 1)
    name[0] = static_cast<char>(name[0] - 'A' + 'a');
  else
    name[1] = static_cast<char>(static_cast<unsigned char>(name[1]) + 0x20);  // Æ -> æ, Ø -> ø, Å -> å
  return name;
}
}  // namespace

std::vector<std::string> safeguardingTriggers(const ChildForm& form, const SafeguardingHit& hit, Lang lang) {
  std::vector<std::string> lines;
  const auto add = [&](std::string line) {
    if (std::find(lines.begin(), lines.end(), line) == lines.end()) lines.push_back(std::move(line));
  };
  for (const auto& itemId : hit.items) {
    const Item* item = form.item(itemId);
    if (item && item->safeguarding && !item->safeguarding->about.in(lang).empty())
      add(render({Msg::SafeguardingItemTrigger, {{"about", item->safeguarding->about.in(lang)}}}, lang));
  }
  // Items flagged by a project-wide threshold (older forms) have no "about":
  // they are named by their dimension, like the score.
  const Dimension* dim = form.dimension(hit.dimension);
  const std::string dimName = midSentence(dim ? dim->name.in(lang) : hit.dimension);
  const bool unnamedItems = std::any_of(hit.items.begin(), hit.items.end(), [&](const std::string& id) {
    const Item* item = form.item(id);
    return !item || !item->safeguarding || item->safeguarding->about.in(lang).empty();
  });
  if (unnamedItems)
    add(render({Msg::SafeguardingItemTrigger, {{"about", dimName}}}, lang));
  if (hit.scoreAtOrAboveThreshold) add(render({Msg::SafeguardingScoreTrigger, {{"dimension", dimName}}}, lang));
  return lines;
}

}  // namespace spor::core
