// Erasure of a child: everything that belongs to it goes, and content-free
// deletion tombstones stay behind to carry the deletion to the coordinator
// (docs/STORE.md, "Deleting a child").
#include "store/device_internal.hpp"
#include "store/device_store.hpp"
#include "store/error.hpp"

namespace spor::store {

using namespace detail;

DeletionResult DeviceStore::deleteChild(ChildId childId) {
  acting();
  Tx tx(*db_);
  auto row = db_->query("SELECT uuid FROM child WHERE id = ?", childId.value);
  if (!row.next())
    throw NotFoundError("there is no child with id " + std::to_string(childId.value) +
                        " on this device (it may already have been deleted)");
  const crypto::Bytes childUuid = row.blob(0);
  // One change for the whole deletion: every tombstone it leaves has this
  // revision, above every change the deleted records ever had, so the
  // coordinator lets the tombstones win over any copy it has or gets later.
  const std::int64_t seq = nextChange();
  const std::int64_t t = toMillis(now());
  DeletionResult result;
  result.consents = static_cast<std::size_t>(
      db_->queryInt("SELECT count(*) FROM consent WHERE child_id = ?", childId.value).value_or(0));
  result.measurements = static_cast<std::size_t>(
      db_->queryInt("SELECT count(*) FROM response WHERE child_id = ? AND kind = 'child'", childId.value).value_or(0));
  result.backgrounds = static_cast<std::size_t>(
      db_->queryInt("SELECT count(*) FROM response WHERE child_id = ? AND kind = 'background'", childId.value)
          .value_or(0));
  result.flags = static_cast<std::size_t>(
      db_->queryInt("SELECT count(*) FROM safeguarding_flag WHERE child_id = ?", childId.value).value_or(0));

  // Records purged earlier (the coordinator kept its copies) are now to be
  // deleted there too; their occasion and dates are no longer needed.
  db_->run(
      "UPDATE tombstone SET reason = 'deleted', change_seq = ?, occasion = NULL, started_on = NULL, "
      "finished_on = NULL, purged_at = ? WHERE child_uuid = ?",
      seq, t, childUuid);
  const auto bury = [&](const char* select) {
    db_->run(std::string("INSERT OR REPLACE INTO tombstone(uuid, kind, child_uuid, purged_at, reason, change_seq) ") +
                 select,
             childUuid, t, seq, childId.value);
  };
  // Answers need no tombstones of their own: the coordinator deletes a
  // deleted measurement's answers with it (sync/FORMAT.md, "Deletion").
  bury("SELECT uuid, 'flag', ?1, ?2, 'deleted', ?3 FROM safeguarding_flag WHERE child_id = ?4");
  bury(
      "SELECT uuid, CASE kind WHEN 'child' THEN 'measurement' ELSE kind END, ?1, ?2, 'deleted', ?3 FROM response "
      "WHERE child_id = ?4");
  bury("SELECT uuid, 'consent', ?1, ?2, 'deleted', ?3 FROM consent WHERE child_id = ?4");
  bury("SELECT uuid, 'child', ?1, ?2, 'deleted', ?3 FROM child WHERE id = ?4");

  db_->run("DELETE FROM safeguarding_flag WHERE child_id = ?", childId.value);
  result.answers = static_cast<std::size_t>(
      db_->run("DELETE FROM answer WHERE response_id IN (SELECT id FROM response WHERE child_id = ?)", childId.value));
  db_->run("DELETE FROM response WHERE child_id = ?", childId.value);
  db_->run("DELETE FROM consent WHERE child_id = ?", childId.value);
  db_->run("DELETE FROM child WHERE id = ?", childId.value);
  audit(AuditAction::ChildDeleted, uuidFromBytes(childUuid));
  tx.commit();
  return result;
}

}  // namespace spor::store
