#include "ui/model/session.hpp"

namespace spor::ui {

core::ItemValues MeasurementSession::values() const {
  core::ItemValues out;
  for (const core::Item* item : items()) {
    if (auto a = answerFor(item->id); a && !a->declined) out[item->id] = a->value;
  }
  return out;
}

}  // namespace spor::ui
