#pragma once
// Shared test support (tests/support/README.md): a file's bytes, read and
// written whole. No doctest and no project library here.
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace spor::support {

// The file's bytes; empty when it cannot be read.
inline std::string readAll(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream all;
  all << in.rdbuf();
  return all.str();
}

// Replaces the file with `bytes`.
inline void writeAll(const std::filesystem::path& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
}

}  // namespace spor::support
