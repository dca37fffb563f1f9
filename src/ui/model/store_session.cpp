#include "ui/model/store_session.hpp"

#include <stdexcept>

namespace spor::ui {

StoreSession::StoreSession(store::DeviceStore& store, store::MeasurementId measurement, const core::ChildForm& form,
                           const core::Project& project, const core::ScoringRules& rules)
    : store_(store),
      measurement_(measurement),
      form_(form),
      project_(project),
      rules_(rules),
      items_(form.itemsFor(project.dimensions)) {
  const store::Measurement m = store_.measurement(measurement_);
  for (const store::Answer& a : m.answers) answers_[a.itemId] = a.value ? Answer::of(*a.value) : Answer::decline();
  answeringMode_ = m.answeringMode;
  current_ = store_.resumeIndex(measurement_, form_, project_).value_or(items_.size());
}

void StoreSession::setAnsweringMode(core::AnsweringMode mode) {
  store_.setAnsweringMode(measurement_, mode);
  answeringMode_ = mode;
}

std::optional<Answer> StoreSession::answerFor(const std::string& itemId) const {
  if (auto it = answers_.find(itemId); it != answers_.end()) return it->second;
  return std::nullopt;
}

void StoreSession::answer(const std::string& itemId, Answer a) {
  if (finished() || items_[current_]->id != itemId)
    throw std::logic_error("answer for '" + itemId + "', which is not the item on screen");
  if (a.declined)
    store_.answer(measurement_, itemId, std::nullopt);
  else
    store_.answer(measurement_, itemId, a.value);
  answers_[itemId] = a;
  const auto next =
      core::nextUnanswered(items_, [&](const std::string& id) { return answers_.count(id) > 0; }, current_ + 1);
  if (next) {
    current_ = *next;
    return;
  }
  // Every item has an answer: the measurement is finished, and its flags
  // raised, in one transaction; the notice shows what that returned. If it
  // fails (a full disk), nothing of it happened and the item stays on screen.
  raised_ = store_.finishMeasurement(measurement_, form_, project_, rules_);
  current_ = items_.size();
}

void StoreSession::back() {
  if (current_ > 0) --current_;
}

void StoreSession::pause() {
  store_.pause(measurement_);
}

}  // namespace spor::ui
