#pragma once
// Where Spor keeps its data and finds its bundled forms.
#include <string>

namespace spor::app {

// $XDG_DATA_HOME/spor, else ~/.local/share/spor. `--data-dir` overrides it.
[[nodiscard]] std::string defaultDataDir();

// Makes the data folder `dir` (and any missing parent) readable by its
// owner only (0700), as the app does (platform/data_dir.cpp); a folder that
// exists is left as it is. Throws std::filesystem::filesystem_error.
void createDataDir(const std::string& dir);

// The bundled forms: $SPOR_FORMS_DIR when set; next to an installed binary
// (<prefix>/share/spor/forms); else the source tree's forms/ for a build-tree run.
[[nodiscard]] std::string bundledFormsDir();

}  // namespace spor::app
