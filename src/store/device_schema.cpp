// The device store's schema, as migrations counted by PRAGMA user_version.
// docs/STORE.md explains every table; this file is the source of truth.
// Never edit a released step: add a new one.
#include "store/device_internal.hpp"
#include "store/vault.hpp"

namespace spor::store::detail {

namespace {

void version1(Db& db) {
  Vault::createTables(db);
  db.execScript(R"sql(
    -- The device: one row. Its signing secret is sealed under the data key.
    CREATE TABLE device(
      id INTEGER PRIMARY KEY CHECK (id = 1),
      device_uuid BLOB NOT NULL CHECK (length(device_uuid) = 16),
      created_at INTEGER NOT NULL,
      demo INTEGER NOT NULL CHECK (demo IN (0, 1)),
      sign_public BLOB NOT NULL CHECK (length(sign_public) = 32),
      sign_secret BLOB NOT NULL,                 -- sealed: device|uuid|sign_secret
      coord_encryption BLOB CHECK (length(coord_encryption) = 32),
      coord_receipt BLOB CHECK (length(coord_receipt) = 32),
      coord_forms BLOB CHECK (length(coord_forms) = 32),
      coord_recovery BLOB CHECK (length(coord_recovery) = 32),
      enrolled_at INTEGER
    ) STRICT;

    -- Volunteers. The display name is plaintext: the lock screen lists it
    -- before anyone has unlocked (docs/STORE.md). Rows are never deleted.
    CREATE TABLE volunteer(
      id INTEGER PRIMARY KEY,
      uuid BLOB NOT NULL UNIQUE CHECK (length(uuid) = 16),
      name TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      removed_at INTEGER
    ) STRICT;
    CREATE UNIQUE INDEX volunteer_active_name ON volunteer(name COLLATE NOCASE) WHERE removed_at IS NULL;

    -- Children: a random code; everything about the child is sealed.
    CREATE TABLE child(
      id INTEGER PRIMARY KEY,
      uuid BLOB NOT NULL UNIQUE CHECK (length(uuid) = 16),
      code TEXT NOT NULL UNIQUE,
      project_id TEXT NOT NULL,
      enrolled_on INTEGER NOT NULL,              -- days since 1970
      nickname BLOB,                             -- sealed text, NULL when none
      birth_year BLOB,                           -- sealed int
      gender BLOB,                               -- sealed int
      interventions BLOB NOT NULL,               -- sealed text
      created_at INTEGER NOT NULL,
      created_by INTEGER NOT NULL REFERENCES volunteer(id),
      row_version INTEGER NOT NULL,
      change_seq INTEGER NOT NULL,
      modified_at INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX child_change ON child(change_seq);

    CREATE TABLE consent(
      id INTEGER PRIMARY KEY,
      uuid BLOB NOT NULL UNIQUE CHECK (length(uuid) = 16),
      child_id INTEGER NOT NULL REFERENCES child(id),
      given_by BLOB NOT NULL,                    -- sealed text
      given_on INTEGER NOT NULL,
      questionnaires INTEGER NOT NULL CHECK (questionnaires IN (0, 1)),
      background INTEGER NOT NULL CHECK (background IN (0, 1)),
      recorded_by INTEGER NOT NULL REFERENCES volunteer(id),
      recorded_at INTEGER NOT NULL,
      withdrawn_on INTEGER,
      row_version INTEGER NOT NULL,
      change_seq INTEGER NOT NULL,
      modified_at INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX consent_child ON consent(child_id);
    CREATE INDEX consent_change ON consent(change_seq);

    -- Every form being filled in: child questionnaires ('child', one per
    -- occasion), background forms and fidelity forms.
    CREATE TABLE response(
      id INTEGER PRIMARY KEY,
      uuid BLOB NOT NULL UNIQUE CHECK (length(uuid) = 16),
      kind TEXT NOT NULL CHECK (kind IN ('child', 'background', 'fidelity')),
      child_id INTEGER REFERENCES child(id),
      project_id TEXT NOT NULL,
      form_id TEXT NOT NULL,
      form_version INTEGER NOT NULL,
      occasion TEXT CHECK (occasion IN ('foer', 'efter', 'opfoelgning', 'progression')),
      on_date INTEGER,                           -- fidelity: the day it is about
      volunteer_id INTEGER NOT NULL REFERENCES volunteer(id),
      state TEXT NOT NULL CHECK (state IN ('in_progress', 'paused', 'finished', 'abandoned')),
      started_at INTEGER NOT NULL,
      paused_at INTEGER,
      finished_at INTEGER,
      note BLOB,                                 -- sealed text
      row_version INTEGER NOT NULL,
      change_seq INTEGER NOT NULL,
      modified_at INTEGER NOT NULL,
      CHECK ((kind = 'fidelity') = (child_id IS NULL)),
      CHECK ((kind = 'child') = (occasion IS NOT NULL)),
      CHECK ((kind = 'fidelity') = (on_date IS NOT NULL))
    ) STRICT;
    CREATE INDEX response_child ON response(child_id);
    CREATE INDEX response_project ON response(project_id, kind);
    CREATE INDEX response_change ON response(change_seq);

    -- One row per answer, written the moment it is given. A changed answer
    -- is updated in place with row_version + 1. The UUID has no index here:
    -- nothing on the device looks an answer up by it, and an index of random
    -- keys costs a random page write per answer (the coordinator indexes it).
    CREATE TABLE answer(
      id INTEGER PRIMARY KEY,
      uuid BLOB NOT NULL CHECK (length(uuid) = 16),
      response_id INTEGER NOT NULL REFERENCES response(id),
      item_id TEXT NOT NULL,
      value BLOB NOT NULL,                       -- sealed: the value, or "declined"
      answered_at INTEGER NOT NULL,
      row_version INTEGER NOT NULL,
      change_seq INTEGER NOT NULL,
      UNIQUE (response_id, item_id)
    ) STRICT;
    CREATE INDEX answer_change ON answer(change_seq);

    CREATE TABLE safeguarding_flag(
      id INTEGER PRIMARY KEY,
      uuid BLOB NOT NULL UNIQUE CHECK (length(uuid) = 16),
      child_id INTEGER NOT NULL REFERENCES child(id),
      response_id INTEGER NOT NULL REFERENCES response(id),
      detail BLOB NOT NULL,                      -- sealed: dimension, items, score
      raised_at INTEGER NOT NULL,
      seen_by INTEGER REFERENCES volunteer(id),
      seen_at INTEGER,
      note BLOB,                                 -- sealed text
      row_version INTEGER NOT NULL,
      change_seq INTEGER NOT NULL,
      modified_at INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX flag_child ON safeguarding_flag(child_id);
    CREATE INDEX flag_response ON safeguarding_flag(response_id);
    CREATE INDEX flag_change ON safeguarding_flag(change_seq);

    -- Who did what when. Never answer values, names or notes.
    CREATE TABLE audit(
      id INTEGER PRIMARY KEY,
      at INTEGER NOT NULL,
      volunteer_id INTEGER REFERENCES volunteer(id),
      action TEXT NOT NULL,
      subject TEXT                               -- a record's UUID or a bundle number
    ) STRICT;

    -- Sync: the change counter, what the coordinator has acknowledged, the
    -- bundle sequence.
    CREATE TABLE sync_state(
      id INTEGER PRIMARY KEY CHECK (id = 1),
      change_counter INTEGER NOT NULL,
      acked_through INTEGER NOT NULL,
      next_sequence INTEGER NOT NULL,
      last_bundle_hash BLOB,
      last_receipt INTEGER NOT NULL              -- the newest receipt applied (replays are refused)
    ) STRICT;
    INSERT INTO sync_state(id, change_counter, acked_through, next_sequence, last_receipt) VALUES (1, 0, 0, 1, 0);

    CREATE TABLE sync_bundle(
      sequence INTEGER PRIMARY KEY,
      covers_after INTEGER NOT NULL,
      covers_through INTEGER NOT NULL,
      hash BLOB,                                 -- NULL until the file is written and verified
      reserved_at INTEGER NOT NULL,
      written_at INTEGER,
      acknowledged_at INTEGER
    ) STRICT;

    -- What is left of purged records: no content.
    CREATE TABLE tombstone(
      uuid BLOB PRIMARY KEY CHECK (length(uuid) = 16),
      kind TEXT NOT NULL CHECK (kind IN ('child', 'consent', 'measurement', 'background', 'fidelity', 'flag')),
      child_uuid BLOB,
      occasion TEXT,
      started_on INTEGER,
      finished_on INTEGER,
      purged_at INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX tombstone_child ON tombstone(child_uuid);
  )sql");
}

// Deletion tombstones (a child erased on the device) travel to the
// coordinator until a receipt acknowledges them, so a tombstone now says
// why it exists and carries the change that made it.
void version2(Db& db) {
  db.execScript(R"sql(
    ALTER TABLE tombstone ADD COLUMN reason TEXT NOT NULL DEFAULT 'purged' CHECK (reason IN ('purged', 'deleted'));
    ALTER TABLE tombstone ADD COLUMN change_seq INTEGER;
    CREATE INDEX tombstone_change ON tombstone(change_seq);
  )sql");
}

// What the device keeps about sync and its forms itself, rather than leaving
// it to be read from the audit log or a text file: when the newest receipt
// was applied, and the highest form-package version ever installed, sealed
// under the data key (a plain file in the forms folder could be deleted or
// edited to let an older package install again).
void version3(Db& db) {
  db.execScript(R"sql(
    ALTER TABLE sync_state ADD COLUMN last_receipt_at INTEGER;
    ALTER TABLE device ADD COLUMN forms_version BLOB;   -- sealed int: device|uuid|forms_version; NULL: none installed
  )sql");
}

// PIN wraps bound to the device's TPM (docs/STORE.md, "PIN and TPM"): the
// TPM-sealed half of a bound wrap's key. Existing wraps are bound at their
// next unlock; nothing else changes.
void version4(Db& db) {
  Vault::createTpmTables(db);
}

// Issue 14, the case work around the measurements: the child's
// municipality (one of its project's), sealed like the child's other
// details (children registered before have none, NULL); and consent to
// share information between the municipality and the organisation, a
// consent of its own (0 on the consents recorded before); how the course
// ended, and why a due measurement was not taken.
void version5(Db& db) {
  db.execScript(R"sql(
    ALTER TABLE child ADD COLUMN municipality BLOB;   -- sealed text: child|uuid|municipality; NULL: not recorded
    ALTER TABLE consent ADD COLUMN sharing INTEGER NOT NULL DEFAULT 0 CHECK (sharing IN (0, 1));
    ALTER TABLE child ADD COLUMN course_end BLOB;        -- sealed text "stopped:did_not_fit"; NULL: not ended
    ALTER TABLE child ADD COLUMN course_ended_on INTEGER;  -- days since 1970
    ALTER TABLE child ADD COLUMN missed BLOB;            -- sealed text "efter=not_reached;..."; NULL: none
  )sql");
}

// Issue 14 item 5: who helped the child answer, per measurement (the
// child alone, a volunteer, a municipal worker, a parent), sealed like the
// note; measurements taken before have none (NULL: not recorded).
void version6(Db& db) {
  db.execScript(R"sql(
    ALTER TABLE response ADD COLUMN answering_mode BLOB;  -- sealed text: response|uuid|answering_mode (core::answeringModeId); NULL: not recorded
  )sql");
}

// Issue 14 item 1: the child's referral (who referred them, the day, whom
// to report back to, the referrer's name or contact as free text) and the
// log of feedback given to the referrer, sealed like the course end;
// children registered before have none (NULL).
void version7(Db& db) {
  db.execScript(R"sql(
    ALTER TABLE child ADD COLUMN referral BLOB;  -- sealed text "caseworker|<day>|referrer|<free text>"; NULL: not recorded
    ALTER TABLE child ADD COLUMN feedback BLOB;  -- sealed text "<day>|intake|phone|<free text>;..."; NULL: none
  )sql");
}

}  // namespace

const Schema& deviceSchema() {
  static const Schema schema{
      kDeviceStoreAppId,
      "device store",
      {{1, "device store: initial schema", version1},
       {2, "device store: deletion tombstones that travel", version2},
       {3, "device store: when the last receipt was applied, the installed form-package version", version3},
       {4, "device store: PIN wraps bound to the TPM", version4},
       {5, "device store: the child's municipality, consent to share information, course end", version5},
       {6, "device store: who helped the child answer each measurement", version6},
       {7, "device store: the child's referral and the feedback to the referrer", version7}}};
  return schema;
}

}  // namespace spor::store::detail
