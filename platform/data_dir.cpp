#include "platform/data_dir.hpp"

#include <filesystem>

#include <SDL.h>

#include "platform/window.hpp"

namespace spor::platform {

namespace fs = std::filesystem;

std::string prepareDataDir(const std::string& dir) {
  if (dir.empty()) throw PlatformError("no data folder given: pass --data-dir DIR");
  std::error_code ec;
  const fs::path path = fs::absolute(dir, ec);
  if (ec) throw PlatformError("data folder '" + dir + "': " + ec.message());
  if (fs::exists(path, ec)) {
    if (!fs::is_directory(path, ec))
      throw PlatformError("data folder '" + path.string() + "' is a file, not a folder: pass another --data-dir");
    return path.string();
  }
  fs::create_directories(path, ec);
  if (ec)
    throw PlatformError("cannot create the data folder '" + path.string() + "': " + ec.message() +
                        ". Pass a folder you can write to with --data-dir DIR");
  fs::permissions(path, fs::perms::owner_all, fs::perm_options::replace, ec);
  return path.string();
}

std::string sdlPrefPath() {
  char* p = SDL_GetPrefPath("", "spor");
  if (!p) return {};
  std::string out(p);
  SDL_free(p);
  return out;
}

}  // namespace spor::platform
