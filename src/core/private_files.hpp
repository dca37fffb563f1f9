#pragma once
// Files and folders that hold children's data (reports, exports, data
// folders) are for their owner only: folders 0700, files 0600, set when they
// are made, before a byte is written (docs/REPORT.md, "Who can read the
// files"). On Windows the folder's inherited ACL applies instead (README,
// "Supported devices").
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <system_error>

namespace spor::core {

// Creates `dir` and any missing parent; every folder it creates is readable
// by its owner only. Folders that already exist are left as they are (a
// person's own choice, such as a USB stick). Sets `ec` on failure.
void createPrivateDirectories(const std::filesystem::path& dir, std::error_code& ec);

// Opens `path` for writing in binary mode, created or truncated with mode
// 0600 (also when it existed with a wider mode). A failed open leaves the
// stream failed, as std::ofstream does.
[[nodiscard]] std::ofstream openPrivateFile(const std::filesystem::path& path);

// The same as a C stream ("wb"), for C libraries that write through FILE*
// (ReadStat). nullptr on failure, with errno set.
[[nodiscard]] std::FILE* openPrivateCFile(const std::filesystem::path& path);

}  // namespace spor::core
