#include "app/paths.hpp"

#include <cstdlib>
#include <filesystem>

#ifdef __linux__
#include <unistd.h>
#endif

#include "core/private_files.hpp"
#include "store/device_store.hpp"
#include "sync/coordinator_store.hpp"
#include "sync/coordinator_place.hpp"
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
