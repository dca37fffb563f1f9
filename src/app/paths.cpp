#include "app/paths.hpp"

#include <cstdlib>
#include <filesystem>

#ifdef __linux__
#include <unistd.h>
#endif

#include "core/private_files.hpp"
#include "store/device_store.hpp"
#include "sync/coordinator_store.hpp"
#include "sync/file_io.hpp"

namespace spor::app {

void createDataDir(const std::string& dir) {
  std::error_code ec;
  core::createPrivateDirectories(dir, ec);
  if (ec) throw std::filesystem::filesystem_error("cannot create the data directory", dir, ec);
}

namespace fs = std::filesystem;

std::string defaultDataDir() {
  if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg) return (fs::path(xdg) / "spor").string();
  if (const char* home = std::getenv("HOME"); home && *home)
    return (fs::path(home) / ".local" / "share" / "spor").string();
  return "spor-data";
}

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
    line = sync::readFirstLineCapped(coordinatorPointerFile(), 4096, Msg::FileCoordinatorPointer);
  } catch (const std::exception&) {
    return std::nullopt;  // none yet, or unreadable: as if there were none
  }
  while (!line.empty() && (line.back() == '\r' || line.back() == '\n')) line.pop_back();
  if (line.empty()) return std::nullopt;
  const fs::path dir(line);
  if (!sync::CoordinatorStore::exists(sync::coordinatorStorePath(dir))) return std::nullopt;
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
  sync::writeFileDurably(file.parent_path(), file.filename().string(), crypto::asBytes(text), true);
  return absolute;
}

std::string startDataDir() {
  const std::string fallback = defaultDataDir();
  if (store::DeviceStore::exists(store::deviceStorePath(fallback)) ||
      sync::CoordinatorStore::exists(sync::coordinatorStorePath(fallback)))
    return fallback;
  if (const auto remembered = rememberedCoordinatorDir()) return remembered->string();
  return fallback;
}

namespace {
fs::path executablePath() {
#ifdef __linux__
  std::error_code ec;
  auto p = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) return p;
#endif
  return {};
}
}  // namespace

std::string bundledFormsDir() {
  if (const char* env = std::getenv("SPOR_FORMS_DIR"); env && *env) return env;
  std::error_code ec;
  if (auto exe = executablePath(); !exe.empty()) {
    const fs::path installed = exe.parent_path().parent_path() / "share" / "spor" / "forms";
    if (fs::is_directory(installed, ec)) return installed.string();
  }
  return SPOR_SOURCE_FORMS_DIR;
}

}  // namespace spor::app
