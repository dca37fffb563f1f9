#pragma once
// The signed files a coordinator gives devices (FORMAT.md, "Signed files"):
// receipts, form packages and the enrolment file. One container: magic,
// version, suite, signer key, body length, a cereal body, and an Ed25519
// signature over a per-kind domain and the hash of everything before it.
// Bodies are parsed only after the signature verifies.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "crypto/bytes.hpp"
#include "crypto/keys.hpp"
#include "crypto/sign.hpp"
#include "sync/records.hpp"
#include "sync/uuid.hpp"

namespace spor::sync {

inline constexpr std::uint16_t kSignedFileFormatVersion = 1;
inline constexpr std::size_t kSignedFileHeaderBytes = 52;
inline constexpr std::uint64_t kMaxSignedBodyBytes = 64ULL * 1024 * 1024;
inline constexpr const char* kReceiptExtension = ".sporreceipt";
inline constexpr const char* kFormPackageExtension = ".sporforms";
inline constexpr const char* kEnrolmentExtension = ".sporenrol";

enum class SignedKind : char { Receipt = 'R', FormPackage = 'F', Enrolment = 'E' };

struct SignedFile {
  crypto::SignPublicKey signer;
  crypto::Bytes body;
};

// The container's bytes for `body`, signed by `signer`.
[[nodiscard]] crypto::Bytes encodeSignedFile(SignedKind kind, const crypto::SigningKeyPair& signer,
                                             crypto::ByteView body);
// Checks size, magic, version and suite, exact length, the signer (when
// `expectedSigner` is given: any other key is refused before verifying) and
// the signature. `name` is used in messages ("receipt 'NAME': ...").
[[nodiscard]] SignedFile checkSignedFile(crypto::ByteView file, SignedKind kind, const std::string& name,
                                         const crypto::SignPublicKey* expectedSigner);

// --- receipts --------------------------------------------------------------

struct AcknowledgedBundle {
  std::uint64_t sequence = 0;
  Hash hash{};

  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    requireKnownVersion(version, 1, "AcknowledgedBundle");
    ar(sequence, hash);
  }
  friend bool operator==(const AcknowledgedBundle&, const AcknowledgedBundle&) = default;
};

// What the coordinator has safely stored from one device. Cumulative: the
// latest receipt says everything.
struct Receipt {
  Uuid deviceId;
  Fingerprint coordinator{};  // of the coordinator's X25519 key
  std::uint64_t receiptSequence = 0;
  UnixTime issuedAt = 0;
  std::uint64_t throughSequence = 0;             // bundles 1..this are all stored
  Hash throughHash{};                            // hash of bundle `throughSequence`
  std::vector<AcknowledgedBundle> laterBundles;  // stored beyond a gap

  // Every bundle sequence the receipt acknowledges.
  [[nodiscard]] std::vector<std::uint64_t> acknowledgedSequences() const;

  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    requireKnownVersion(version, 1, "Receipt");
    ar(deviceId, coordinator, receiptSequence, issuedAt, throughSequence, throughHash, laterBundles);
  }
  friend bool operator==(const Receipt&, const Receipt&) = default;
};

[[nodiscard]] crypto::Bytes encodeReceipt(const Receipt& receipt, const crypto::SigningKeyPair& receiptKey);

// What a device knows when it reads a receipt.
struct ReceiptCheck {
  Uuid deviceId;                     // ours
  crypto::SignPublicKey receiptKey;  // our coordinator's, from the enrolment
  Fingerprint coordinator{};         // our coordinator's encryption key fingerprint
  std::uint64_t lastAppliedSequence = 0;
};

// Refuses another signer, a bad signature, a malformed body, a receipt for
// another device or coordinator, and a receipt sequence not above
// `lastAppliedSequence` (replayed or older).
[[nodiscard]] Receipt readReceipt(crypto::ByteView file, const std::string& name, const ReceiptCheck& check);
[[nodiscard]] std::string receiptFileName(const Uuid& deviceId, std::uint64_t receiptSequence);
// What receiptFileName says of a file's name: the receipt's sequence when it
// is named as a receipt for `deviceId`, nullopt for any other name (another
// tablet's receipt, or a file someone renamed). A name only helps to choose
// what to offer: the file itself is checked when it is applied.
[[nodiscard]] std::optional<std::uint64_t> receiptSequenceFromName(const std::string& fileName, const Uuid& deviceId);
// The receipt number in a receipt's file name, whichever device it is for.
[[nodiscard]] std::optional<std::uint64_t> receiptSequenceFromAnyName(const std::string& fileName);
// The version in a form package's file name ("spor-forms-v3.sporforms": 3); nullopt for another name.
[[nodiscard]] std::optional<std::uint64_t> formPackageVersionFromName(const std::string& fileName);
// True when the name is a receipt name for some other device than `deviceId`.
[[nodiscard]] bool isOtherDevicesReceiptName(const std::string& fileName, const Uuid& deviceId);

// --- form packages ---------------------------------------------------------

inline constexpr std::size_t kMaxFormPackageFiles = 1000;
inline constexpr std::uint64_t kMaxFormPackageBytes = 32ULL * 1024 * 1024;
inline constexpr std::size_t kMaxFormPathLength = 200;

struct FormPackageFile {
  std::string path;  // relative, '/'-separated
  std::vector<std::uint8_t> content;

  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    requireKnownVersion(version, 1, "FormPackageFile");
    ar(path, content);
  }
  friend bool operator==(const FormPackageFile&, const FormPackageFile&) = default;
};

struct FormPackage {
  Fingerprint coordinator{};
  std::uint64_t version = 0;
  UnixTime createdAt = 0;
  std::string note;
  std::vector<FormPackageFile> files;

  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version_) {
    requireKnownVersion(version_, 1, "FormPackage");
    ar(coordinator, version, createdAt, note, files);
  }
  friend bool operator==(const FormPackage&, const FormPackage&) = default;
};

// Empty if `path` is an allowed package path; otherwise why not.
[[nodiscard]] std::string formPathProblem(const std::string& path);
// Paths, counts and sizes (FORMAT.md); throws SyncError(Malformed) naming `what`.
void validateFormPackage(const FormPackage& package, const std::string& what);

// Every regular file under `folder` (hidden files and folders skipped).
[[nodiscard]] std::vector<FormPackageFile> collectFormFiles(const std::filesystem::path& folder);

[[nodiscard]] crypto::Bytes encodeFormPackage(const FormPackage& package, const crypto::SigningKeyPair& formsKey);

// Refuses another signer (not our coordinator), a bad signature, a malformed
// body or unsafe path, and a version not above `installedVersion`.
[[nodiscard]] FormPackage readFormPackage(crypto::ByteView file, const std::string& name,
                                          const crypto::SignPublicKey& formsKey, const Fingerprint& coordinator,
                                          std::uint64_t installedVersion);
[[nodiscard]] std::string formPackageFileName(std::uint64_t version);

// --- enrolment -------------------------------------------------------------

struct Enrolment {
  Uuid coordinatorId;
  std::string coordinatorName;
  KeyBytes encryptionKey{};  // X25519
  KeyBytes receiptKey{};     // Ed25519
  KeyBytes formsKey{};       // Ed25519, signs this file too
  KeyBytes recoveryKey{};    // X25519
  std::string encryptionFingerprint;
  std::string receiptFingerprint;
  std::string formsFingerprint;
  std::string recoveryFingerprint;
  UnixTime createdAt = 0;

  [[nodiscard]] crypto::BoxPublicKey encryption() const { return crypto::BoxPublicKey{encryptionKey}; }
  [[nodiscard]] crypto::SignPublicKey receipts() const { return crypto::SignPublicKey{receiptKey}; }
  [[nodiscard]] crypto::SignPublicKey forms() const { return crypto::SignPublicKey{formsKey}; }
  [[nodiscard]] crypto::BoxPublicKey recovery() const { return crypto::BoxPublicKey{recoveryKey}; }
  // The fingerprint of the encryption key as bytes: what bundles name.
  [[nodiscard]] Fingerprint coordinatorFingerprint() const;
  // Fills the four fingerprint strings from the keys.
  void fillFingerprints();

  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    requireKnownVersion(version, 1, "Enrolment");
    ar(coordinatorId, coordinatorName, encryptionKey, receiptKey, formsKey, recoveryKey, encryptionFingerprint,
       receiptFingerprint, formsFingerprint, recoveryFingerprint, createdAt);
  }
  friend bool operator==(const Enrolment&, const Enrolment&) = default;
};

// Signs with `formsKey`, whose public key must be `enrolment.formsKey`;
// fills the fingerprints.
[[nodiscard]] crypto::Bytes encodeEnrolment(Enrolment enrolment, const crypto::SigningKeyPair& formsKey);
// Refuses a file not signed by the forms key it carries, or whose
// fingerprints do not match its keys. Trust still needs a person to compare
// encryptionFingerprint with the coordinator's.
[[nodiscard]] Enrolment readEnrolment(crypto::ByteView file, const std::string& name);
// The enrolment file at `path`, read once (at most kMaxEnrolmentFileBytes,
// file_caps.hpp) and checked as readEnrolment does. The set-up screen shows
// its coordinator and fingerprint, then hands the same Enrolment to
// enrolDevice (device_sync.hpp), so the file is not read twice.
[[nodiscard]] Enrolment readEnrolmentFile(const std::filesystem::path& path);
[[nodiscard]] std::string enrolmentFileName(const Enrolment& enrolment);

// The fingerprint of an X25519 key as the 16 bytes bundles and receipts carry.
[[nodiscard]] Fingerprint fingerprintBytes(const crypto::BoxPublicKey& key);
[[nodiscard]] std::string fingerprintText(const Fingerprint& fingerprint);

}  // namespace spor::sync

CEREAL_CLASS_VERSION(spor::sync::AcknowledgedBundle, 1)
CEREAL_CLASS_VERSION(spor::sync::Receipt, 1)
CEREAL_CLASS_VERSION(spor::sync::FormPackageFile, 1)
CEREAL_CLASS_VERSION(spor::sync::FormPackage, 1)
CEREAL_CLASS_VERSION(spor::sync::Enrolment, 1)
