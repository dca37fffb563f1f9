#pragma once
// Errors from spor::sync. Every message names the file and says what is
// wrong and what to do; the kind lets callers act on it (the coordinator
// registers an unknown device as waiting for approval) and lets tests check
// the reason as well as the words.
#include <stdexcept>
#include <string>

#include "messages/message.hpp"

namespace spor::sync {

enum class SyncErrorKind {
  BadInput,           // a caller's argument or a value that breaks the format's rules
  NotSporFile,        // not a Spor file at all, or another kind of Spor file
  Truncated,          // shorter than its header says
  ExtraBytes,         // longer than its header says
  TooLarge,           // over a size cap
  FutureVersion,      // made by a newer Spor: format, suite or record version
  DamagedHeader,      // a header value that cannot be right
  UnknownDevice,      // a bundle from a device the coordinator has never seen
  DeviceNotApproved,  // known, but not (yet) approved
  WrongDeviceKey,     // signed with a key that is not the device's approved key
  WrongRecipient,     // made for another coordinator
  WrongSigner,        // a receipt or form package signed by another key
  BadSignature,       // the signature does not verify: changed, damaged or forged
  DecryptFailed,      // the encrypted payload does not authenticate
  Malformed,          // the decrypted or signed body does not parse
  Mismatch,           // the body contradicts the header (sender, counts, device)
  Replayed,           // a receipt or form package not newer than the last applied
  FormsInUse,         // a form package that changes forms unfinished responses still use
  WriteFailed,        // the file could not be written (full disk, permissions)
  ReadFailed,         // the file could not be read
};

[[nodiscard]] const char* syncErrorKindName(SyncErrorKind kind);

// A spor::Error: made from a Message, it is shown in the screen's language;
// made from an English text (not yet in the catalogue), it is
// Msg::NotTranslated: its English text in every language.
class SyncError : public Error {
 public:
  SyncError(SyncErrorKind kind, Message message) : Error(std::move(message)), kind_(kind) {}
  SyncError(SyncErrorKind kind, const std::string& english)
      : Error(Message{Msg::NotTranslated, {{"detail", english}}}), kind_(kind) {}
  [[nodiscard]] SyncErrorKind kind() const noexcept { return kind_; }

 private:
  SyncErrorKind kind_;
};

}  // namespace spor::sync
