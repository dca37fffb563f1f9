#include "store/migrate.hpp"

#include <string>
#include <vector>

#include "store/error.hpp"

namespace spor::store {

std::string databaseKind(std::uint32_t applicationId) {
  switch (applicationId) {
    case kDeviceStoreAppId: return "device store";
    case kCoordinatorStoreAppId: return "coordinator store";
    default: return {};
  }
}

namespace {

// The file's tables, indexes, views and triggers, by type and name.
std::vector<std::string> schemaObjects(Db& db) {
  std::vector<std::string> out;
  for (auto q = db.query("SELECT type || ' ' || name FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%' ORDER BY 1");
       q.next();)
    out.push_back(q.text(0));
  return out;
}

// Whether `db` holds exactly the objects `schema`'s steps make.
bool hasLatestSchema(Db& db, const Schema& schema) {
  try {
    Db scratch(":memory:");
    for (const auto& step : schema.steps) step.apply(scratch);
    return schemaObjects(db) == schemaObjects(scratch);
  } catch (const std::exception&) {
    return false;
  }
}

}  // namespace

int migrate(Db& db, const Schema& schema) {
  for (std::size_t i = 0; i < schema.steps.size(); ++i) {
    if (schema.steps[i].version != static_cast<int>(i) + 1)
      throw StoreError("internal error: the " + schema.kind + " migrations are not numbered 1, 2, 3, ...");
  }
  const std::uint32_t appId = db.applicationId();
  const int before = db.userVersion();
  const bool empty = db.queryInt("SELECT count(*) FROM sqlite_schema").value_or(0) == 0;

  if (appId != schema.applicationId) {
    const std::string other = databaseKind(appId);
    if (!other.empty())
      throw WrongDatabaseError("'" + db.name() + "' is a Spor " + other + ", not a " + schema.kind +
                               ": check the data directory; nothing was changed");
    if (appId != 0 || !empty)
      throw WrongDatabaseError("'" + db.name() + "' is not a Spor " + schema.kind +
                               " (it is some other SQLite database): check the data directory; nothing was changed");
  }
  if (before > schema.latestVersion()) {
    // A newer Spor adds tables or indexes when it raises the version. A file
    // whose tables and indexes are exactly this Spor's latest ones has a
    // damaged version number instead (a flipped bit): say so, not "newer".
    if (hasLatestSchema(db, schema))
      throw StoreError(Message{Msg::StoreVersionDamaged,
                               {{"file", db.name()},
                                {"version", before},
                                {"latest", schema.latestVersion()}}});
    throw SchemaTooNewError("'" + db.name() + "' has schema version " + std::to_string(before) +
                            ", but this Spor knows " + schema.kind + " versions up to " +
                            std::to_string(schema.latestVersion()) +
                            ": it was written by a newer Spor. Update Spor on this device; nothing was changed");
  }

  for (const auto& step : schema.steps) {
    if (step.version <= before) continue;
    Tx tx(db);
    // Checked again under the write lock: another process may have migrated meanwhile.
    if (db.userVersion() >= step.version) continue;
    if (step.version == 1) db.setApplicationId(schema.applicationId);
    step.apply(db);
    db.setUserVersion(step.version);
    tx.commit();
  }
  return before;
}

}  // namespace spor::store
