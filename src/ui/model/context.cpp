// The context the app model's parts share: the steps every part takes.
#include "ui/model/context.hpp"

#include "store/device_store.hpp"
#include "ui/model/app_model.hpp"

namespace spor::ui {

core::Lang ModelContext::lang() const {
  return state_.settings.lang;
}

store::DeviceStore* ModelContext::store() {
  return store_ ? &*store_ : nullptr;
}

void ModelContext::noteActivity() {
  state_.lastActivity = clock_.now();
}

void ModelContext::clearMessages() {
  state_.error.clear();
  state_.notice.clear();
  state_.confirm = {};  // a question not answered is forgotten, never done
}

void ModelContext::hush() {
  state_.speech = SpeechCommand{true, {}};
}

void ModelContext::fail(const std::exception& e) {
  state_.error = shownMessage(e, lang());
}

}  // namespace spor::ui
