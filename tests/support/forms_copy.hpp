#pragma once
// Shared test support (tests/support/README.md): a forms folder copied, with
// one file's version changed, as a coordinator does before publishing a new
// form package. No doctest and no project library here.
#include <filesystem>
#include <stdexcept>
#include <string>

#include "tests/support/files.hpp"

namespace spor::support {

// Replaces the first `"version": N` in `file` with `"version": <version>`
// (`version` as written: 2, or "\"to\"" for a wrong type). Throws when the
// file has none, so a changed form file fails the test that relies on it.
inline void setFormVersion(const std::filesystem::path& file, const std::string& version) {
  std::string text = readAll(file);
  const std::string key = "\"version\": ";
  const auto at = text.find(key);
  if (at == std::string::npos) throw std::runtime_error("no \"version\" in " + file.string());
  auto end = at + key.size();
  while (end < text.size() && text[end] >= '0' && text[end] <= '9') ++end;
  text.replace(at, end - at, key + version);
  writeAll(file, text);
}

// Copies the forms folder `from` to `to` (which must not exist) and sets the
// version of the form file `file` (relative: "projects/strom.json") to
// `version`. Returns `to`.
inline std::filesystem::path copyFormsWithVersion(const std::filesystem::path& from, const std::filesystem::path& to,
                                                  const std::string& file, int version) {
  std::filesystem::copy(from, to, std::filesystem::copy_options::recursive);
  setFormVersion(to / file, std::to_string(version));
  return to;
}

}  // namespace spor::support
