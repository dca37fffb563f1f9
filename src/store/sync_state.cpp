// Sync state: the device-wide change counter, bundle sequence numbers, what
// the coordinator has acknowledged, and purging with tombstones.
//
// Every change to a record that travels stamps it with the next value of
// sync_state.change_counter (change_seq). A bundle covers every change not
// yet acknowledged when it was reserved: (acked_through, change_counter].
// A receipt for any bundle therefore means "everything up to its
// covers_through is safe", and acked_through only ever grows. A record is
// acknowledged when its change_seq <= acked_through.
#include <algorithm>

#include "store/device_internal.hpp"
#include "store/device_store.hpp"
#include "store/error.hpp"

namespace spor::store {

using namespace detail;

SyncStatus DeviceStore::syncStatus() const {
  SyncStatus s;
  {
    auto q = db_->query(
        "SELECT change_counter, acked_through, next_sequence, last_bundle_hash, last_receipt, last_receipt_at "
        "FROM sync_state");
    if (!q.next()) throw StoreError("'" + db_->name() + "' has no sync state; it is damaged");
    s.changeCounter = q.int64(0);
    s.ackedThrough = q.int64(1);
    s.nextSequence = q.int64(2);
    s.lastBundleHash = q.optBlob(3).value_or(crypto::Bytes{});
    s.lastReceipt = q.int64(4);
    if (auto at = q.optInt64(5)) s.lastReceiptAt = fromMillis(*at);
  }
  {
    auto q = db_->query(
        "SELECT sequence, written_at FROM sync_bundle WHERE hash IS NOT NULL ORDER BY sequence DESC LIMIT 1");
    if (q.next()) {
      s.lastBundle = q.int64(0);
      if (auto at = q.optInt64(1)) s.lastBundleAt = fromMillis(*at);
    }
  }
  s.unacknowledgedRecords =
      db_->queryInt(
             "SELECT (SELECT count(*) FROM child WHERE change_seq > ?1) + (SELECT count(*) FROM consent WHERE "
             "change_seq > ?1) + (SELECT count(*) FROM response WHERE change_seq > ?1) + (SELECT count(*) FROM answer "
             "WHERE change_seq > ?1) + (SELECT count(*) FROM safeguarding_flag WHERE change_seq > ?1) + (SELECT "
             "count(*) "
             "FROM tombstone WHERE reason = 'deleted' AND change_seq > ?1)",
             s.ackedThrough)
          .value_or(0);
  return s;
}

BundleReservation DeviceStore::reserveBundle() {
  acting();
  Tx tx(*db_);
  const SyncStatus s = syncStatus();
  BundleReservation r{s.nextSequence, s.lastBundleHash, s.ackedThrough, s.changeCounter};
  db_->run("INSERT INTO sync_bundle(sequence, covers_after, covers_through, reserved_at) VALUES (?, ?, ?, ?)",
           r.sequence, r.coversAfter, r.coversThrough, toMillis(now()));
  db_->run("UPDATE sync_state SET next_sequence = next_sequence + 1");
  audit(AuditAction::BundleReserved, std::to_string(r.sequence));
  tx.commit();
  return r;
}

void DeviceStore::bundleWritten(std::int64_t sequence, crypto::ByteView hash) {
  acting();
  if (hash.empty()) throw InvalidRequestError("a bundle's hash must not be empty");
  Tx tx(*db_);
  auto known = db_->queryInt("SELECT count(*) FROM sync_bundle WHERE sequence = ? AND hash IS NULL", sequence);
  if (known.value_or(0) == 0)
    throw InvalidRequestError("bundle " + std::to_string(sequence) +
                              " was not reserved on this device, or is already written");
  db_->run("UPDATE sync_bundle SET hash = ?, written_at = ? WHERE sequence = ?", hash, toMillis(now()), sequence);
  // The newest bundle written is the one the next bundle chains to.
  const auto newest = db_->queryInt("SELECT max(sequence) FROM sync_bundle WHERE hash IS NOT NULL").value_or(0);
  if (newest == sequence) db_->run("UPDATE sync_state SET last_bundle_hash = ?", hash);
  audit(AuditAction::BundleExported, std::to_string(sequence));
  tx.commit();
}

void DeviceStore::acknowledgeBundle(std::int64_t sequence) {
  acting();
  Tx tx(*db_);
  const auto through =
      db_->queryInt("SELECT covers_through FROM sync_bundle WHERE sequence = ? AND hash IS NOT NULL", sequence);
  if (!through)
    throw NotFoundError("this device never wrote bundle " + std::to_string(sequence) +
                        ": the receipt is for another device, or damaged");
  db_->run("UPDATE sync_state SET acked_through = max(acked_through, ?)", *through);
  db_->run("UPDATE sync_bundle SET acknowledged_at = coalesce(acknowledged_at, ?) WHERE sequence = ?", toMillis(now()),
           sequence);
  audit(AuditAction::BundleAcknowledged, std::to_string(sequence));
  tx.commit();
}

std::uint64_t DeviceStore::formsPackageVersion() const {
  const ColumnCipher& c = cipher();
  auto q = db_->query("SELECT forms_version FROM device WHERE id = 1");
  if (!q.next() || q.isNull(0)) return 0;
  return static_cast<std::uint64_t>(
      c.openInt(Cell{"device", deviceUuid_, "forms_version", 1, "the installed form-package version"}, q.blob(0)));
}

void DeviceStore::recordFormsPackage(std::uint64_t version) {
  acting();
  Tx tx(*db_);
  const std::uint64_t now = formsPackageVersion();
  if (version <= now)
    throw InvalidRequestError(Message{Msg::StoreFormsVersionNotAbove, {{"version", version}, {"installed", now}}});
  db_->run("UPDATE device SET forms_version = ? WHERE id = 1",
           cipher().sealInt(Cell{"device", deviceUuid_, "forms_version", 1, "the installed form-package version"},
                            static_cast<std::int64_t>(version)));
  tx.commit();
}

std::optional<PurgeResult> DeviceStore::applyReceipt(std::int64_t receiptSequence,
                                                     const std::vector<std::int64_t>& bundleSequences,
                                                     std::optional<Timestamp> purgeFinishedBefore) {
  acting();
  Tx tx(*db_);
  const std::int64_t last = syncStatus().lastReceipt;
  if (receiptSequence <= last)
    throw InvalidRequestError("this receipt (number " + std::to_string(receiptSequence) +
                              ") is not newer than the last one applied (number " + std::to_string(last) +
                              "): it was replayed or is older; nothing was changed");
  for (const std::int64_t sequence : bundleSequences) {
    if (db_->queryInt("SELECT count(*) FROM sync_bundle WHERE sequence = ? AND hash IS NOT NULL", sequence).value_or(0))
      acknowledgeBundle(sequence);
  }
  db_->run("UPDATE sync_state SET last_receipt = ?, last_receipt_at = ?", receiptSequence, toMillis(now()));
  std::optional<PurgeResult> purged;
  if (purgeFinishedBefore) purged = purgeAcknowledged(*purgeFinishedBefore);
  tx.commit();
  return purged;
}

ChangeSet DeviceStore::changes(std::int64_t after, std::int64_t through) const {
  requireUnlocked();
  ChangeSet set;
  set.volunteers = volunteers(true);
  // A record with a cell that fails to decrypt is left out and named
  // (UnreadableRecord), so one damaged cell does not block every bundle.
  const auto readable = [&](UnreadableRecord::Kind kind, std::string uuid, std::string childCode,
                            std::optional<core::Date> startedOn, const auto& read) {
    try {
      read();
    } catch (const TamperedError& e) {
      set.unreadable.push_back({kind, std::move(uuid), std::move(childCode), startedOn, e.what()});
    }
  };
  struct Row {
    std::int64_t id;
    std::string uuid;
    std::string code;
  };
  {
    std::vector<Row> rows;
    for (auto q = db_->query("SELECT id, uuid, code FROM child WHERE change_seq > ? AND change_seq <= ? ORDER BY id",
                             after, through);
         q.next();)
      rows.push_back({q.int64(0), uuidFromBytes(q.blob(1)), q.text(2)});
    for (const auto& r : rows) {
      readable(UnreadableRecord::Kind::Child, r.uuid, r.code, std::nullopt, [&] {
        Child c = child(ChildId{r.id});
        c.details.nickname.reset();  // never leaves the device
        set.children.push_back(std::move(c));
      });
    }
  }
  {
    std::vector<Row> rows;
    for (auto q = db_->query(
             "SELECT id, uuid, code FROM child WHERE id IN (SELECT child_id FROM consent WHERE change_seq > ? AND "
             "change_seq <= ?) ORDER BY id",
             after, through);
         q.next();)
      rows.push_back({q.int64(0), uuidFromBytes(q.blob(1)), q.text(2)});
    for (const auto& r : rows) {
      readable(UnreadableRecord::Kind::Consent, r.uuid, r.code, std::nullopt, [&] {
        std::vector<Consent> kept;
        for (auto& c : consents(ChildId{r.id}))
          if (c.changeSeq > after && c.changeSeq <= through) kept.push_back(std::move(c));
        for (auto& c : kept) set.consents.push_back(std::move(c));
      });
    }
  }
  {
    struct ResponseRef {
      std::int64_t id;
      ResponseKind kind;
      std::string uuid;
      std::string code;
      std::int64_t startedAt;
    };
    std::vector<ResponseRef> responses;
    for (auto q = db_->query(
             "SELECT r.id, r.kind, r.uuid, coalesce(c.code, ''), r.started_at FROM response r "
             "LEFT JOIN child c ON c.id = r.child_id WHERE r.id IN (SELECT id FROM response WHERE change_seq > ?1 AND "
             "change_seq <= ?2 UNION SELECT response_id FROM answer WHERE change_seq > ?1 AND change_seq <= ?2) "
             "ORDER BY r.id",
             after, through);
         q.next();)
      responses.push_back({q.int64(0), responseKindOf(q.text(1)), uuidFromBytes(q.blob(2)), q.text(3), q.int64(4)});
    for (const auto& r : responses) {
      const core::Date started = dateOf(fromMillis(r.startedAt));
      switch (r.kind) {
        case ResponseKind::Child:
          readable(UnreadableRecord::Kind::Measurement, r.uuid, r.code, started,
                   [&] { set.measurements.push_back(loadMeasurement(r.id)); });
          break;
        case ResponseKind::Background:
          readable(UnreadableRecord::Kind::Background, r.uuid, r.code, started,
                   [&] { set.backgrounds.push_back(loadBackground(r.id)); });
          break;
        case ResponseKind::Fidelity:
          readable(UnreadableRecord::Kind::Fidelity, r.uuid, r.code, started,
                   [&] { set.fidelity.push_back(loadFidelity(r.id)); });
          break;
      }
    }
  }
  {
    std::vector<Row> rows;
    for (auto q = db_->query(
             "SELECT f.id, f.uuid, c.code FROM safeguarding_flag f JOIN child c ON c.id = f.child_id "
             "WHERE f.change_seq > ? AND f.change_seq <= ? ORDER BY f.id",
             after, through);
         q.next();)
      rows.push_back({q.int64(0), uuidFromBytes(q.blob(1)), q.text(2)});
    for (const auto& r : rows) {
      readable(UnreadableRecord::Kind::Flag, r.uuid, r.code, std::nullopt, [&] {
        for (auto& f : loadFlags("f.id = ?", r.id)) set.flags.push_back(std::move(f));
      });
    }
  }
  // Deletion tombstones travel until a receipt acknowledges them (each
  // bundle covers everything unacknowledged, so they are in every bundle
  // until then); purge tombstones never travel.
  for (auto& t : loadTombstones("WHERE reason = 'deleted' AND change_seq > ?1 AND change_seq <= ?2", after, through))
    set.tombstones.push_back(std::move(t));
  return set;
}

PurgeResult DeviceStore::purgeAcknowledged(Timestamp finishedBefore) {
  acting();
  PurgeResult result;
  Tx tx(*db_);
  const std::int64_t acked = syncStatus().ackedThrough;
  struct Candidate {
    std::int64_t id;
    crypto::Bytes uuid;
    ResponseKind kind;
    std::optional<crypto::Bytes> childUuid;
    std::optional<std::string> occasion;
    std::int64_t startedAt;
    std::optional<std::int64_t> finishedAt;
    bool finished;
  };
  std::vector<Candidate> candidates;
  for (auto q = db_->query(
           "SELECT r.id, r.uuid, r.kind, c.uuid, r.occasion, r.started_at, r.finished_at, r.state FROM response r "
           "LEFT JOIN child c ON c.id = r.child_id "
           "WHERE r.state IN ('finished', 'abandoned') AND coalesce(r.finished_at, r.started_at) < ?1 "
           "AND r.change_seq <= ?2 "
           "AND NOT EXISTS (SELECT 1 FROM answer a WHERE a.response_id = r.id AND a.change_seq > ?2) "
           "AND NOT EXISTS (SELECT 1 FROM safeguarding_flag f WHERE f.response_id = r.id AND f.change_seq > ?2)",
           toMillis(finishedBefore), acked);
       q.next();) {
    candidates.push_back({q.int64(0), q.blob(1), responseKindOf(q.text(2)), q.optBlob(3), q.optText(4), q.int64(5), q.optInt64(6),
                          q.text(7) == "finished"});
  }
  const std::int64_t t = toMillis(now());
  for (const auto& c : candidates) {
    // A response with a cell that cannot be read was never sent (changes()
    // left it out): it stays, for recovery, however old its acknowledgement.
    try {
      switch (c.kind) {
        case ResponseKind::Child: static_cast<void>(loadMeasurement(c.id)); break;
        case ResponseKind::Background: static_cast<void>(loadBackground(c.id)); break;
        case ResponseKind::Fidelity: static_cast<void>(loadFidelity(c.id)); break;
      }
      static_cast<void>(loadFlags("f.response_id = ?", c.id));
    } catch (const TamperedError&) {
      ++result.keptUnreadable;
      continue;
    }
    for (auto q = db_->query("SELECT uuid FROM safeguarding_flag WHERE response_id = ?", c.id); q.next();) {
      db_->run("INSERT OR IGNORE INTO tombstone(uuid, kind, child_uuid, purged_at) VALUES (?, 'flag', ?, ?)", q.blob(0),
               c.childUuid, t);
    }
    // A finished activity form keeps its point in the tombstone (history()).
    std::optional<std::string> occasion = c.finished ? c.occasion : std::nullopt;
    if (c.kind == ResponseKind::Background && c.finished) occasion = activityTombstone(c.id);
    db_->run("DELETE FROM safeguarding_flag WHERE response_id = ?", c.id);
    result.answers += static_cast<std::size_t>(db_->run("DELETE FROM answer WHERE response_id = ?", c.id));
    db_->run("DELETE FROM response WHERE id = ?", c.id);
    // A tombstone names a questionnaire "measurement" (Tombstone::kind).
    const std::string kind = c.kind == ResponseKind::Child ? "measurement" : responseKindId(c.kind);
    // An abandoned questionnaire was never taken: its tombstone keeps no occasion.
    db_->run(
        "INSERT OR IGNORE INTO tombstone(uuid, kind, child_uuid, occasion, started_on, finished_on, purged_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        c.uuid, kind, c.childUuid, occasion, dayNumber(dateOf(fromMillis(c.startedAt))),
        c.finished && c.finishedAt ? std::optional<std::int64_t>(dayNumber(dateOf(fromMillis(*c.finishedAt))))
                                   : std::nullopt,
        t);
    switch (c.kind) {
      case ResponseKind::Child: ++result.measurements; break;
      case ResponseKind::Background: ++result.backgrounds; break;
      case ResponseKind::Fidelity: ++result.fidelity; break;
    }
  }
  const std::size_t purged = candidates.size() - result.keptUnreadable;
  if (purged > 0) audit(AuditAction::Purged, std::to_string(purged) + " responses");
  tx.commit();
  return result;
}

std::vector<Tombstone> DeviceStore::tombstones() const {
  return loadTombstones("", 0, 0);
}

std::vector<Tombstone> DeviceStore::loadTombstones(const char* where, std::int64_t after, std::int64_t through) const {
  std::vector<Tombstone> out;
  const std::string sql =
      std::string(
          "SELECT uuid, kind, child_uuid, occasion, started_on, finished_on, purged_at, reason, change_seq "
          "FROM tombstone ") +
      where + " ORDER BY purged_at, uuid";
  auto q = *where ? db_->query(sql, after, through) : db_->query(sql);
  while (q.next()) {
    Tombstone t;
    t.uuid = uuidFromBytes(q.blob(0));
    t.kind = q.text(1);
    if (auto c = q.optBlob(2)) t.childUuid = uuidFromBytes(*c);
    if (auto o = q.optText(3); o && t.kind == "measurement") t.occasion = parseOccasionId(*o);
    if (auto s = q.optInt64(4)) t.startedOn = dateFromDay(*s);
    if (auto f = q.optInt64(5)) t.finishedOn = dateFromDay(*f);
    t.purgedAt = fromMillis(q.int64(6));
    t.deleted = q.text(7) == "deleted";
    t.changeSeq = q.optInt64(8).value_or(0);
    out.push_back(std::move(t));
  }
  return out;
}

}  // namespace spor::store
