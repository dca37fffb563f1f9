#pragma once
// The app's data folder: `--data-dir DIR`, else the user's data directory
// (src/app/paths.hpp: $XDG_DATA_HOME/spor or ~/.local/share/spor).
#include <string>

namespace spor::platform {

// Creates `dir` when missing, readable by its owner only (the store inside is
// encrypted, but names of files need not be shown either). Returns the
// absolute path. Throws PlatformError saying what to do when it cannot.
std::string prepareDataDir(const std::string& dir);

// SDL's idea of the per-user folder for Spor (SDL_GetPrefPath), for platforms
// where XDG paths mean nothing; empty when SDL cannot tell.
[[nodiscard]] std::string sdlPrefPath();

}  // namespace spor::platform
