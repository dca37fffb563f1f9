#include "core/private_files.hpp"

#ifndef _WIN32
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#endif

namespace spor::core {

namespace fs = std::filesystem;

void createPrivateDirectories(const fs::path& dir, std::error_code& ec) {
  ec.clear();
  if (dir.empty()) return;
  if (fs::is_directory(dir, ec)) return;
  ec.clear();
  const fs::path parent = dir.parent_path();
  if (!parent.empty() && parent != dir) {
    createPrivateDirectories(parent, ec);
    if (ec) return;
  }
  if (!fs::create_directory(dir, ec) && !ec) return;  // made by someone else meanwhile
  if (ec) return;
  fs::permissions(dir, fs::perms::owner_all, fs::perm_options::replace, ec);
}

#ifndef _WIN32
namespace {
int openPrivateFd(const fs::path& path) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd >= 0 && ::fchmod(fd, 0600) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}
}  // namespace
#endif

std::ofstream openPrivateFile(const fs::path& path) {
#ifndef _WIN32
  // The file is made 0600 (and emptied) through a descriptor first, so the
  // stream below opens a file that is already private.
  const int fd = openPrivateFd(path);
  if (fd < 0) {
    std::ofstream failed;
    failed.setstate(std::ios::failbit);
    return failed;
  }
  ::close(fd);
#endif
  return std::ofstream(path, std::ios::binary | std::ios::trunc);
}

std::FILE* openPrivateCFile(const fs::path& path) {
#ifndef _WIN32
  const int fd = openPrivateFd(path);
  if (fd < 0) return nullptr;
  std::FILE* f = ::fdopen(fd, "wb");
  if (!f) ::close(fd);
  return f;
#else
  return std::fopen(path.string().c_str(), "wb");
#endif
}

}  // namespace spor::core
