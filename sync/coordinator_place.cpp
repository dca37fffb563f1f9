#include "sync/coordinator_place.hpp"

#include <cstdlib>

#include "core/private_files.hpp"
#include "sync/coordinator_store.hpp"
#include "sync/file_io.hpp"

namespace spor::sync {

namespace fs = std::filesystem;

fs::path coordinatorPointerFile() {
  fs::path config;
  if (const char* xdg = std::getenv("XDG_CONFIG_HOME"); xdg && *xdg)
    config = xdg;
  else if (const char* home = std::getenv("HOME"); home && *home)
    config = fs::path(home) / ".config";
  else
    config = "spor-config";
  return config / "spor" / "coordinator-dir";
}

std::optional<fs::path> rememberedCoordinatorDir() {
  std::string line;
  try {
    line = readFirstLineCapped(coordinatorPointerFile(), 4096, Msg::FileCoordinatorPointer);
  } catch (const std::exception&) {
    return std::nullopt;  // none yet, or unreadable: as if there were none
  }
  while (!line.empty() && (line.back() == '\r' || line.back() == '\n')) line.pop_back();
  if (line.empty()) return std::nullopt;
  const fs::path dir(line);
  if (!CoordinatorStore::exists(coordinatorStorePath(dir))) return std::nullopt;
  return dir;
}

fs::path rememberCoordinatorDir(const fs::path& dir) {
  std::error_code ec;
  fs::path absolute = fs::weakly_canonical(fs::absolute(dir, ec), ec);
  if (absolute.empty()) absolute = dir;
  if (const auto current = rememberedCoordinatorDir(); current && !fs::equivalent(*current, absolute, ec))
    return *current;
  const fs::path file = coordinatorPointerFile();
  core::createPrivateDirectories(file.parent_path(), ec);
  if (ec) throw std::filesystem::filesystem_error("cannot create the configuration folder", file.parent_path(), ec);
  const std::string text = absolute.string() + "\n";
  writeFileDurably(file.parent_path(), file.filename().string(), crypto::asBytes(text), true);
  return absolute;
}

}  // namespace spor::sync
