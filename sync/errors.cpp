#include "sync/errors.hpp"

namespace spor::sync {

const char* syncErrorKindName(SyncErrorKind kind) {
  switch (kind) {
    case SyncErrorKind::BadInput: return "bad input";
    case SyncErrorKind::NotSporFile: return "not a Spor file";
    case SyncErrorKind::Truncated: return "truncated";
    case SyncErrorKind::ExtraBytes: return "extra bytes";
    case SyncErrorKind::TooLarge: return "too large";
    case SyncErrorKind::FutureVersion: return "future version";
    case SyncErrorKind::DamagedHeader: return "damaged header";
    case SyncErrorKind::UnknownDevice: return "unknown device";
    case SyncErrorKind::DeviceNotApproved: return "device not approved";
    case SyncErrorKind::WrongDeviceKey: return "wrong device key";
    case SyncErrorKind::WrongRecipient: return "wrong recipient";
    case SyncErrorKind::WrongSigner: return "wrong signer";
    case SyncErrorKind::BadSignature: return "bad signature";
    case SyncErrorKind::DecryptFailed: return "decryption failed";
    case SyncErrorKind::Malformed: return "malformed";
    case SyncErrorKind::Mismatch: return "mismatch";
    case SyncErrorKind::Replayed: return "replayed or older";
    case SyncErrorKind::FormsInUse: return "forms in use";
    case SyncErrorKind::WriteFailed: return "write failed";
    case SyncErrorKind::ReadFailed: return "read failed";
  }
  return "unknown";
}

}  // namespace spor::sync
