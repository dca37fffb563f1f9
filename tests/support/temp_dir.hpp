#pragma once
// Shared test support (tests/support/README.md): a folder of its own under
// the system's temporary folder, removed with everything in it at the end.
// No doctest and no project library here, so the fuzzers can use it too.
#include <filesystem>
#include <random>
#include <string>
#include <system_error>

namespace spor::support {

class TempDir {
 public:
  // "/tmp/spor-NAME-<random>".
  explicit TempDir(const std::string& name) {
    std::random_device rd;
    path = std::filesystem::temp_directory_path() /
           ("spor-" + name + "-" + std::to_string(rd()) + std::to_string(rd()));
    std::filesystem::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  std::filesystem::path path;
};

}  // namespace spor::support
