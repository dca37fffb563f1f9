#pragma once
// A child's questionnaire in the device store: every answer is written (and
// committed with synchronous=FULL) before answer() returns, so a flat battery
// loses nothing, and a paused or interrupted measurement resumes at the
// first item without an answer.
#include <map>

#include "store/device_store.hpp"
#include "ui/model/session.hpp"

namespace spor::ui {

class StoreSession final : public MeasurementSession {
 public:
  // `store`, `form`, `project` and `rules` must outlive the session.
  StoreSession(store::DeviceStore& store, store::MeasurementId measurement, const core::ChildForm& form,
               const core::Project& project, const core::ScoringRules& rules);

  [[nodiscard]] const core::ChildForm& form() const override { return form_; }
  [[nodiscard]] const core::Project& project() const override { return project_; }
  [[nodiscard]] const std::vector<const core::Item*>& items() const override { return items_; }
  [[nodiscard]] std::size_t currentIndex() const override { return current_; }
  [[nodiscard]] std::optional<Answer> answerFor(const std::string& itemId) const override;
  void answer(const std::string& itemId, Answer answer) override;
  void back() override;
  void pause() override;
  void resume() override {}  // the next answer resumes it in the store
  void setAnsweringMode(core::AnsweringMode mode) override;  // in the store first
  [[nodiscard]] const std::vector<store::SafeguardingFlag>& raisedFlags() const override { return raised_; }

  [[nodiscard]] store::MeasurementId measurement() const { return measurement_; }

 private:
  store::DeviceStore& store_;
  store::MeasurementId measurement_;
  const core::ChildForm& form_;
  const core::Project& project_;
  const core::ScoringRules& rules_;  // the last answer finishes the measurement and raises its flags
  std::vector<const core::Item*> items_;
  std::map<std::string, Answer> answers_;  // a copy of what the store holds, for going back
  std::size_t current_ = 0;
  std::vector<store::SafeguardingFlag> raised_;  // by finishMeasurement
};

}  // namespace spor::ui
