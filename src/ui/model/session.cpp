#include "ui/model/session.hpp"

#include <algorithm>
#include <stdexcept>

namespace spor::ui {

core::ItemValues MeasurementSession::values() const {
  core::ItemValues out;
  for (const core::Item* item : items()) {
    if (auto a = answerFor(item->id); a && !a->declined) out[item->id] = a->value;
  }
  return out;
}

MemorySession::MemorySession(const core::ChildForm& form, const core::Project& project)
    : form_(form), project_(project), items_(form.itemsFor(project.dimensions)) {}

std::optional<Answer> MemorySession::answerFor(const std::string& itemId) const {
  for (const auto& [id, a] : answers_)
    if (id == itemId) return a;
  return std::nullopt;
}

void MemorySession::answer(const std::string& itemId, Answer answer) {
  if (finished() || items_[current_]->id != itemId)
    throw std::logic_error("answer for '" + itemId + "', which is not the item on screen");
  auto it = std::find_if(answers_.begin(), answers_.end(), [&](const auto& p) { return p.first == itemId; });
  if (it != answers_.end())
    it->second = answer;
  else
    answers_.emplace_back(itemId, answer);
  // Next: the first later item without an answer, as StoreSession does.
  ++current_;
  while (current_ < items_.size() && answerFor(items_[current_]->id)) ++current_;
}

void MemorySession::back() {
  if (current_ > 0) --current_;
}

}  // namespace spor::ui
