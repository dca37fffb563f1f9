#pragma once
// Errors from spor::sync. Every message names the file and says what is
// wrong and what to do; the kind lets callers act on it (the coordinator
// registers an unknown device as waiting for approval) and lets tests check
// the reason as well as the words.
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

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

// A spor::Error: thrown with a catalogue Message (src/messages/sync.def) it
// is shown in the screen's language; with an English text it arrives as
// Msg::Unexpected carrying that text.
class SyncError : public Error {
 public:
  SyncError(SyncErrorKind kind, const std::string& english)
      : Error(Message{Msg::Unexpected, {{"detail", english}}}), kind_(kind) {}
  SyncError(SyncErrorKind kind, Message message) : Error(std::move(message)), kind_(kind) {}
  [[nodiscard]] SyncErrorKind kind() const noexcept { return kind_; }

 private:
  SyncErrorKind kind_;
};

// A refusal of a file that a message names as "{what} '{name}'": `what` is
// a catalogue word (Msg::FileBundle: "bundle" / "pakken"), then `more`.
inline SyncError fileError(SyncErrorKind kind, Msg code, Msg what, const std::string& name,
                           std::vector<MessageArg> more = {}) {
  std::vector<MessageArg> args{{"what", what}, {"name", name}};
  for (auto& a : more) args.push_back(std::move(a));
  return SyncError(kind, Message{code, std::move(args)});
}

}  // namespace spor::sync
