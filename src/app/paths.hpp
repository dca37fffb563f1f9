#pragma once
// Where Spor keeps its data and finds its bundled forms.
#include <filesystem>
#include <optional>
#include <string>

#include "sync/coordinator_place.hpp"

namespace spor::app {

// $XDG_DATA_HOME/spor, else ~/.local/share/spor. `--data-dir` overrides it.
[[nodiscard]] std::string defaultDataDir();

// Where this computer's coordinator store is (sync/coordinator_place.hpp:
// the app's first-run screen remembers it too).
using sync::coordinatorPointerFile;
using sync::rememberCoordinatorDir;
using sync::rememberedCoordinatorDir;

// The data folder when none is given (the CLI without --data-dir, the app
// without it): the default one when it holds a store (a tablet, or a
// coordinator who kept the default); else the remembered coordinator folder
// when there is one; else the default one.
[[nodiscard]] std::string startDataDir();

// Makes the data folder `dir` (and any missing parent) readable by its
// owner only (0700), as the app does (platform/data_dir.cpp); a folder that
// exists is left as it is. Throws std::filesystem::filesystem_error.
void createDataDir(const std::string& dir);

// The bundled forms: $SPOR_FORMS_DIR when set; next to an installed binary
// (<prefix>/share/spor/forms); else the source tree's forms/ for a build-tree run.
[[nodiscard]] std::string bundledFormsDir();

}  // namespace spor::app
