#pragma once
// A data folder with no device yet, as test_flows.cpp's tests start
// (tests set up the demo or enrol): the tablet tests of the lock part and
// the form runner share it (test_lock.cpp, test_form_runner.cpp).
#include <stdexcept>
#include <string>

#include "tests/ui/demo_fixture.hpp"
#include "ui/model/app_model.hpp"

namespace spor::uitest {

struct Flow {
  TempDir dir{"flow"};
  ui::ManualClock clock;
  ui::AppModel model{forms(), clock};

  Flow() { model.openDataDir(dir.path, fast()); }

  void pin(const std::string& digits) {
    for (char d : digits) model.lock().digit(d - '0');
    model.lock().submit();
  }
  void answer(int v) {
    clock.advance(ui::AppModel::kAnswerGuard);
    model.childMode().answer(v);
  }
  void decline() {
    clock.advance(ui::AppModel::kAnswerGuard);
    model.childMode().decline();
  }
  const ui::ChildSummary& child(const std::string& name) {
    for (const auto& c : model.state().children)
      if (c.name == name) return c;
    throw std::logic_error("no child " + name);
  }
  const core::DueEntry& due(core::Task t) {
    for (const auto& e : model.state().detail->summary.due)
      if (e.task == t) return e;
    throw std::logic_error("no task");
  }
};

}  // namespace spor::uitest
