#pragma once
// Where Spor keeps its data and finds its bundled forms.
#include <filesystem>
#include <optional>
#include <string>

namespace spor::app {

// $XDG_DATA_HOME/spor, else ~/.local/share/spor. `--data-dir` overrides it.
[[nodiscard]] std::string defaultDataDir();

// Where this computer's coordinator store is, wherever `spor coordinator
// init` made it: a one-line file holding the folder's absolute path,
// $XDG_CONFIG_HOME/spor/coordinator-dir (else ~/.config/spor/coordinator-dir).
[[nodiscard]] std::filesystem::path coordinatorPointerFile();

// The folder the pointer names, when it still holds a coordinator store.
[[nodiscard]] std::optional<std::filesystem::path> rememberedCoordinatorDir();

// Remembers `dir` (made absolute) as this computer's coordinator folder,
// unless a pointer already names another folder that still holds a
// coordinator store (that one stays; the return value says which is
// remembered). Written whole or not at all, readable by its owner only.
std::filesystem::path rememberCoordinatorDir(const std::filesystem::path& dir);

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
