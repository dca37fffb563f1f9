#pragma once
// Schema migrations counted by PRAGMA user_version, and the application id
// that tells Spor's kinds of database apart.
//
// A store lists its steps in order; migrate() runs the ones the file has not
// had yet, each in its own transaction together with the new user_version,
// so a power cut leaves the file at one version or the next, never between.
// A file with a version newer than the build knows is refused untouched.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "store/sqlite.hpp"

namespace spor::store {

// PRAGMA application_id values ("SPRD", "SPRC" in ASCII).
inline constexpr std::uint32_t kDeviceStoreAppId = 0x53505244;
inline constexpr std::uint32_t kCoordinatorStoreAppId = 0x53505243;

struct Migration {
  int version = 0;                 // user_version after this step: 1, 2, 3, ...
  std::string what;                // one line, for the log and the docs
  std::function<void(Db&)> apply;  // runs inside the step's transaction
};

struct Schema {
  std::uint32_t applicationId = 0;  // kDeviceStoreAppId, ...
  std::string kind;                 // "device store": used in messages
  std::vector<Migration> steps;     // versions 1, 2, ... in order

  [[nodiscard]] int latestVersion() const { return steps.empty() ? 0 : steps.back().version; }
};

// Brings `db` up to schema.latestVersion(). Returns the version it had
// before (0 for a new file). Throws WrongDatabaseError for a file of another
// kind, SchemaTooNewError for a newer one; both leave the file unchanged.
int migrate(Db& db, const Schema& schema);

// The kind of Spor database an application id belongs to ("coordinator store"),
// or empty when it is not one of Spor's.
[[nodiscard]] std::string databaseKind(std::uint32_t applicationId);

}  // namespace spor::store
