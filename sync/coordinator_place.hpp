#pragma once
// Where this computer's coordinator store is, wherever it was made: by
// `spor coordinator init --data-dir DIR` or by the app's first-run screen.
// Both remember the folder here, and app::startDataDir (the commands
// without --data-dir, the app) finds it again.
#include <filesystem>
#include <optional>

namespace spor::sync {

// A one-line file holding the folder's absolute path:
// $XDG_CONFIG_HOME/spor/coordinator-dir (else ~/.config/spor/coordinator-dir).
[[nodiscard]] std::filesystem::path coordinatorPointerFile();

// The folder the pointer names, when it still holds a coordinator store.
[[nodiscard]] std::optional<std::filesystem::path> rememberedCoordinatorDir();

// Remembers `dir` (made absolute) as this computer's coordinator folder,
// unless a pointer already names another folder that still holds a
// coordinator store (that one stays; the return value says which is
// remembered). Written whole or not at all, readable by its owner only.
std::filesystem::path rememberCoordinatorDir(const std::filesystem::path& dir);

}  // namespace spor::sync
