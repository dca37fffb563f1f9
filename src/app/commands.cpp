#include "app/commands.hpp"

namespace spor::app {

const std::vector<Command>& commands() {
  static const std::vector<Command> list = {
      {"forms check", "spor forms check DIR",
       "validate a forms folder: one line per form and project, or every problem with its file and item",
       runFormsCheck},
      {"simulate", "spor simulate --data-dir DIR --children N [--seed S] [--secret-file FILE] [--volunteer NAME]",
       "fill a device store with N simulated children and their measurements (makes a demo store if there is none); "
       "the PIN comes from --secret-file or SPOR_SECRET",
       runSimulate},
      {"store status", "spor store status [--data-dir DIR]",
       "what a device store holds, without unlocking it: device, volunteers, lock-out, counts, sync", runStoreStatus},
  };
  return list;
}

}  // namespace spor::app
