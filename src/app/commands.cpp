#include "app/commands.hpp"

namespace spor::app {

const std::vector<Command>& commands() {
  static const std::vector<Command> list = {
      {"forms check", "spor forms check DIR",
       "validate a forms folder: one line per form and project, or every problem with its file and item",
       runFormsCheck},
  };
  return list;
}

}  // namespace spor::app
