#pragma once
// One child's measurement as the child meets it: one item after another.
// The app model talks to this interface only, so child mode does not know
// where answers go; StoreSession (store_session.hpp) writes each one to the
// encrypted store before answer() returns ("nothing is lost").
#include <optional>
#include <string>
#include <vector>

#include "core/forms.hpp"
#include "core/scoring.hpp"
#include "store/records.hpp"

namespace spor::ui {

// What a child gave for one item: a value on the item's scale, or "vil ikke
// svare", which is a missing answer and never counts as a number.
struct Answer {
  int value = 0;  // 1..n; 0 when declined
  bool declined = false;

  static Answer of(int v) { return {v, false}; }
  static Answer decline() { return {0, true}; }
  bool operator==(const Answer&) const = default;
};

class MeasurementSession {
 public:
  virtual ~MeasurementSession() = default;

  [[nodiscard]] virtual const core::ChildForm& form() const = 0;
  [[nodiscard]] virtual const core::Project& project() const = 0;
  // The items this measurement asks (the project's dimensions), in order.
  [[nodiscard]] virtual const std::vector<const core::Item*>& items() const = 0;
  // The item on screen, 0-based; items().size() once every item is answered
  // and the measurement is finished.
  [[nodiscard]] virtual std::size_t currentIndex() const = 0;
  [[nodiscard]] virtual std::optional<Answer> answerFor(const std::string& itemId) const = 0;

  // Keeps the answer to `itemId` (the current item), durably, then moves to
  // the next item. Answering an item again (after back()) replaces the answer.
  virtual void answer(const std::string& itemId, Answer answer) = 0;
  // Moves to the previous item; its answer stays until it is changed.
  virtual void back() = 0;
  // The child or the idle lock paused: the measurement stays open and can be resumed.
  virtual void pause() = 0;
  virtual void resume() = 0;

  [[nodiscard]] bool finished() const { return currentIndex() >= items().size(); }
  // The safeguarding flags the store raised when the last answer finished
  // the measurement, in the same transaction (DeviceStore::finishMeasurement):
  // what the volunteer's notice shows. Empty before then, and when none crossed.
  [[nodiscard]] virtual const std::vector<store::SafeguardingFlag>& raisedFlags() const = 0;
  // The numeric answers, for scores and the safeguarding check.
  [[nodiscard]] core::ItemValues values() const;

  // Who helps the child answer (issue 14 item 5), as the volunteer chose it
  // at the hand-over; none: not recorded (a measurement begun before Spor
  // asked). Setting it keeps it durably before it returns.
  [[nodiscard]] std::optional<core::AnsweringMode> answeringMode() const { return answeringMode_; }
  virtual void setAnsweringMode(core::AnsweringMode mode) { answeringMode_ = mode; }

 protected:
  std::optional<core::AnsweringMode> answeringMode_;
};

}  // namespace spor::ui
