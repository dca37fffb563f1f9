#pragma once
// Errors thrown by spor::store. Every message says what went wrong and what a
// person can do about it, so the app and the command line can show it as is.
// Subclasses let callers react (the lock screen shows a countdown for
// LockedOutError, the hand-over screen retries on WrongPinError).
#include <chrono>
#include <stdexcept>
#include <string>

#include "messages/message.hpp"

namespace spor::store {

// Base of every store error. A spor::Error: errors thrown with a catalogue
// Message (src/messages/store.def) are shown in the screen's language; those
// still thrown with an English text arrive as Msg::Unexpected with that text.
class StoreError : public Error {
 public:
  explicit StoreError(const std::string& english) : Error(Message{Msg::Unexpected, {{"detail", english}}}) {}
  explicit StoreError(Message message) : Error(std::move(message)) {}
};

// SQLite said no. The message carries context:
// "open 'device.db': SQLITE_CORRUPT (11): database disk image is malformed".
class SqliteError : public StoreError {
 public:
  SqliteError(const std::string& message, int code) : StoreError(message), code_(code) {}
  SqliteError(Message message, int code) : StoreError(std::move(message)), code_(code) {}
  // The primary result code (SQLITE_FULL, SQLITE_CORRUPT, ...).
  [[nodiscard]] int code() const { return code_; }

 private:
  int code_;
};

// SQLITE_FULL: the disk (or the size limit) is full. The change being made was
// rolled back; everything saved before it is intact.
class DiskFullError : public SqliteError {
 public:
  using SqliteError::SqliteError;
};

// The file was written by a newer Spor with a schema this build does not know.
// Nothing was changed.
class SchemaTooNewError : public StoreError {
 public:
  using StoreError::StoreError;
};

// The file is a Spor database of another kind (a coordinator store opened as
// a device store), or not a Spor database at all.
class WrongDatabaseError : public StoreError {
 public:
  using StoreError::StoreError;
};

// A PIN or passphrase did not unlock the data key. `failures` counts the wrong
// tries in a row (persisted); `remainingBeforeDelay` how many more are allowed
// before the store makes the person wait.
class WrongSecretError : public StoreError {
 public:
  WrongSecretError(Message message, int failures, int remainingBeforeDelay)
      : StoreError(std::move(message)), failures_(failures), remainingBeforeDelay_(remainingBeforeDelay) {}
  [[nodiscard]] int failures() const { return failures_; }
  [[nodiscard]] int remainingBeforeDelay() const { return remainingBeforeDelay_; }

 private:
  int failures_;
  int remainingBeforeDelay_;
};

// The stored wrap of a PIN is damaged (its check does not match): the PIN
// was not tried and nothing was counted. Another volunteer, or the
// coordinator's recovery key, can still open the store.
class WrapDamagedError : public StoreError {
 public:
  using StoreError::StoreError;
};

// Too many wrong PINs: no PIN is even tried until `remaining` has passed.
class LockedOutError : public StoreError {
 public:
  LockedOutError(const std::string& message, std::chrono::seconds remaining)
      : StoreError(message), remaining_(remaining) {}
  [[nodiscard]] std::chrono::seconds remaining() const { return remaining_; }

 private:
  std::chrono::seconds remaining_;
};

// The store is locked: unlock it with a volunteer's PIN first.
class NotUnlockedError : public StoreError {
 public:
  using StoreError::StoreError;
};

// An encrypted value failed to decrypt: it was changed on disk, or copied from
// another row, column or an older version of its row. The message names the
// place ("child K7-4QX9, column nickname").
class TamperedError : public StoreError {
 public:
  using StoreError::StoreError;
};

// A child, measurement, volunteer, ... that does not exist (or was purged).
class NotFoundError : public StoreError {
 public:
  using StoreError::StoreError;
};

// A measurement or background form was started for a child without the
// parental consent it needs.
class NoConsentError : public StoreError {
 public:
  using StoreError::StoreError;
};

// A request the store refuses: a PIN that is too short, an answer to a finished
// measurement, removing the last volunteer, ...
class InvalidRequestError : public StoreError {
 public:
  using StoreError::StoreError;
};

}  // namespace spor::store
