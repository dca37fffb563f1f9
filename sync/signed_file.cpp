#include "sync/signed_file.hpp"

#include <algorithm>
#include <cstdio>
#include <set>
#include <string_view>

#include "crypto/hash.hpp"
#include "sync/errors.hpp"
#include "sync/file_caps.hpp"
#include "sync/file_io.hpp"
#include "sync/wire.hpp"

namespace spor::sync {

namespace {

constexpr std::size_t kOffSigner = 12;
constexpr std::size_t kOffBodyLength = 44;

constexpr char kReceiptDomain[] = "spor receipt v1 signature";
constexpr char kFormsDomain[] = "spor forms v1 signature";
constexpr char kEnrolmentDomain[] = "spor enrolment v1 signature";

std::string_view domainOf(SignedKind kind) {
  switch (kind) {  // sizeof includes the NUL, as FORMAT.md says
    case SignedKind::Receipt: return {kReceiptDomain, sizeof kReceiptDomain};
    case SignedKind::FormPackage: return {kFormsDomain, sizeof kFormsDomain};
    case SignedKind::Enrolment: return {kEnrolmentDomain, sizeof kEnrolmentDomain};
  }
  return {};
}

char kindChar(SignedKind kind) {
  return static_cast<char>(kind);
}

std::string label(SignedKind kind, const std::string& name) {
  return std::string(wire::kindName(kindChar(kind))) + " '" + name + "'";
}

crypto::Bytes signedMessage(SignedKind kind, crypto::ByteView signedPart) {
  const crypto::Bytes digest = crypto::hash(signedPart);
  const crypto::ByteView domain = crypto::asBytes(domainOf(kind));
  crypto::Bytes message(domain.begin(), domain.end());
  message.insert(message.end(), digest.begin(), digest.end());
  return message;
}

std::uint64_t maxSignedFileSize() {
  return kSignedFileHeaderBytes + kMaxSignedBodyBytes + crypto::kSignatureBytes;
}

std::string sequenceDigits(std::uint64_t n) {
  char digits[24];
  std::snprintf(digits, sizeof digits, "%06llu", static_cast<unsigned long long>(n));
  return digits;
}

}  // namespace

Fingerprint fingerprintBytes(const crypto::BoxPublicKey& key) {
  return wire::fingerprintBytes(key);
}
std::string fingerprintText(const Fingerprint& fingerprint) {
  return wire::fingerprintText(fingerprint);
}

crypto::Bytes encodeSignedFile(SignedKind kind, const crypto::SigningKeyPair& signer, crypto::ByteView body) {
  if (body.size() > kMaxSignedBodyBytes) {
    throw SyncError(SyncErrorKind::TooLarge, std::string("cannot write a ") + wire::kindName(kindChar(kind)) + " of " +
                                                 std::to_string(body.size()) + " bytes (at most " +
                                                 std::to_string(kMaxSignedBodyBytes) + ")");
  }
  crypto::Bytes out(kSignedFileHeaderBytes + body.size() + crypto::kSignatureBytes, 0);
  wire::putBytes(out, 0, wire::magic(kindChar(kind)));
  wire::put(out, 8, kSignedFileFormatVersion);
  wire::put(out, 10, static_cast<std::uint16_t>(1));
  wire::putBytes(out, kOffSigner, signer.publicKey.bytes);
  wire::put(out, kOffBodyLength, static_cast<std::uint64_t>(body.size()));
  std::copy(body.begin(), body.end(), out.begin() + kSignedFileHeaderBytes);
  const std::size_t signedBytes = kSignedFileHeaderBytes + body.size();
  const crypto::Signature signature =
      crypto::sign(signer.secretKey, signedMessage(kind, crypto::ByteView(out).first(signedBytes)));
  std::copy(signature.begin(), signature.end(), out.begin() + static_cast<std::ptrdiff_t>(signedBytes));
  return out;
}

SignedFile checkSignedFile(crypto::ByteView file, SignedKind kind, const std::string& name,
                           const crypto::SignPublicKey* expectedSigner) {
  const char k = kindChar(kind);
  const auto refuse = [&](SyncErrorKind error, Msg code, std::vector<MessageArg> more = {}) {
    return wire::fileError(error, code, k, name, std::move(more));
  };
  if (file.size() > maxSignedFileSize()) {
    throw refuse(SyncErrorKind::TooLarge, Msg::FileTooLargeForKind, {{"size", file.size()}});
  }
  wire::checkMagic(file, k, name);
  wire::checkVersionAndSuite(file, kSignedFileFormatVersion, 1, k, name);
  const std::size_t minimum = kSignedFileHeaderBytes + crypto::kSignatureBytes;
  if (file.size() < minimum) {
    throw refuse(SyncErrorKind::Truncated, Msg::FileShorterThanHeader, {{"size", file.size()}, {"min", minimum}});
  }
  const auto bodyLength = wire::get<std::uint64_t>(file, kOffBodyLength);
  if (bodyLength > kMaxSignedBodyBytes) {
    throw refuse(SyncErrorKind::TooLarge, Msg::FileClaimsTooMuch, {{"n", bodyLength}});
  }
  const std::uint64_t expected = minimum + bodyLength;
  if (file.size() < expected) {
    throw refuse(SyncErrorKind::Truncated, Msg::FileTruncated, {{"size", file.size()}, {"expected", expected}});
  }
  if (file.size() > expected) {
    throw refuse(SyncErrorKind::ExtraBytes, Msg::FileExtraBytes, {{"extra", file.size() - expected}});
  }
  SignedFile out;
  out.signer.bytes = wire::getBytes<32>(file, kOffSigner);
  if (expectedSigner != nullptr && out.signer != *expectedSigner) {
    throw refuse(SyncErrorKind::WrongSigner, Msg::FileWrongSigner,
                 {{"found", crypto::fingerprint(out.signer)}, {"expected", crypto::fingerprint(*expectedSigner)}});
  }
  const std::size_t signedBytes = kSignedFileHeaderBytes + static_cast<std::size_t>(bodyLength);
  if (!crypto::verify(out.signer, signedMessage(kind, file.first(signedBytes)),
                      file.subspan(signedBytes, crypto::kSignatureBytes))) {
    throw refuse(SyncErrorKind::BadSignature, Msg::FileBadSignature);
  }
  out.body.assign(file.begin() + kSignedFileHeaderBytes, file.begin() + static_cast<std::ptrdiff_t>(signedBytes));
  return out;
}

// --- receipts --------------------------------------------------------------

crypto::Bytes encodeReceipt(const Receipt& receipt, const crypto::SigningKeyPair& receiptKey) {
  if (receipt.receiptSequence == 0) {
    throw SyncError(SyncErrorKind::BadInput, "cannot write receipt number 0: receipt numbers start at 1");
  }
  return encodeSignedFile(SignedKind::Receipt, receiptKey, encodeArchive(receipt));
}

std::vector<std::uint64_t> Receipt::acknowledgedSequences() const {
  std::vector<std::uint64_t> out;
  for (std::uint64_t s = 1; s <= throughSequence; ++s) out.push_back(s);
  for (const auto& b : laterBundles) out.push_back(b.sequence);
  return out;
}

Receipt readReceipt(crypto::ByteView file, const std::string& name, const ReceiptCheck& check) {
  const std::string where = label(SignedKind::Receipt, name);
  const SignedFile signedFile = checkSignedFile(file, SignedKind::Receipt, name, &check.receiptKey);
  const auto receipt = decodeArchive<Receipt>(signedFile.body, "the body of " + where);
  if (receipt.deviceId != check.deviceId) {
    throw SyncError(SyncErrorKind::Mismatch,
                    Message{Msg::ReceiptOtherDevice,
                            {{"name", name}, {"device", receipt.deviceId.str()}, {"ours", check.deviceId.str()}}});
  }
  if (receipt.coordinator != check.coordinator) {
    throw wire::fileError(SyncErrorKind::Mismatch, Msg::SignedOtherCoordinator, 'R', name,
                          {{"found", fingerprintText(receipt.coordinator)}, {"ours", fingerprintText(check.coordinator)}});
  }
  if (receipt.receiptSequence == 0 || (receipt.throughSequence == 0) != wire::allZero(receipt.throughHash)) {
    throw SyncError(SyncErrorKind::Malformed, Message{Msg::ReceiptInconsistent, {{"name", name}}});
  }
  if (receipt.receiptSequence <= check.lastAppliedSequence) {
    if (receipt.receiptSequence == check.lastAppliedSequence)
      throw SyncError(SyncErrorKind::Replayed,
                      Message{Msg::ReceiptAlreadyApplied, {{"name", name}, {"n", receipt.receiptSequence}}});
    throw SyncError(SyncErrorKind::Replayed,
                    Message{Msg::ReceiptOlder,
                            {{"name", name}, {"n", receipt.receiptSequence}, {"last", check.lastAppliedSequence}}});
  }
  return receipt;
}

std::string receiptFileName(const Uuid& deviceId, std::uint64_t receiptSequence) {
  return "spor-receipt-" + deviceId.shortStr() + "-" + sequenceDigits(receiptSequence) + kReceiptExtension;
}

namespace {
// "spor-receipt-<8 hex>-<6+ digits>.sporreceipt": the device's short id and the sequence.
std::optional<std::pair<std::string, std::uint64_t>> parseReceiptName(const std::string& name) {
  const std::string prefix = "spor-receipt-";
  const std::string ext = kReceiptExtension;
  if (name.size() < prefix.size() + 8 + 2 + ext.size() || name.rfind(prefix, 0) != 0 || !name.ends_with(ext))
    return std::nullopt;
  const std::string middle = name.substr(prefix.size(), name.size() - prefix.size() - ext.size());
  const auto dash = middle.find('-');
  if (dash == std::string::npos || dash == 0 || dash + 1 >= middle.size()) return std::nullopt;
  const std::string digits = middle.substr(dash + 1);
  if (digits.size() > 18 || !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return std::nullopt;
  return std::make_pair(middle.substr(0, dash), static_cast<std::uint64_t>(std::stoull(digits)));
}
}  // namespace

std::optional<std::uint64_t> receiptSequenceFromName(const std::string& fileName, const Uuid& deviceId) {
  const auto parsed = parseReceiptName(fileName);
  if (!parsed || parsed->first != deviceId.shortStr()) return std::nullopt;
  return parsed->second;
}

std::optional<std::uint64_t> receiptSequenceFromAnyName(const std::string& fileName) {
  const auto parsed = parseReceiptName(fileName);
  if (!parsed) return std::nullopt;
  return parsed->second;
}

std::optional<std::uint64_t> formPackageVersionFromName(const std::string& fileName) {
  const std::string prefix = "spor-forms-v";
  const std::string ext = kFormPackageExtension;
  if (fileName.size() <= prefix.size() + ext.size() || fileName.rfind(prefix, 0) != 0 || !fileName.ends_with(ext))
    return std::nullopt;
  const std::string digits = fileName.substr(prefix.size(), fileName.size() - prefix.size() - ext.size());
  if (digits.size() > 18 || !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return std::nullopt;
  return static_cast<std::uint64_t>(std::stoull(digits));
}

bool isOtherDevicesReceiptName(const std::string& fileName, const Uuid& deviceId) {
  const auto parsed = parseReceiptName(fileName);
  return parsed && parsed->first != deviceId.shortStr();
}

// --- form packages -----------------------------------------------------------

std::string formPathProblem(const std::string& path) {
  if (path.empty()) return "the path is empty";
  if (path.size() > kMaxFormPathLength) return "the path is longer than " + std::to_string(kMaxFormPathLength);
  if (path.front() == '/') return "the path is absolute";
  std::size_t start = 0;
  while (start <= path.size()) {
    const std::size_t end = std::min(path.find('/', start), path.size());
    const std::string_view part(path.data() + start, end - start);
    if (part.empty()) return "the path has an empty part";
    if (part == "." || part == "..") return "the path has a '" + std::string(part) + "' part";
    for (const char c : part) {
      const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
                      c == '_' || c == '-';
      if (!ok) return "the path has a character other than letters, digits, '.', '_' and '-'";
    }
    start = end + 1;
  }
  return {};
}

void validateFormPackage(const FormPackage& package, const std::string& what) {
  const auto bad = [&](const std::string& why) {
    return SyncError(SyncErrorKind::Malformed, Message{Msg::SyncMalformed, {{"en_what", what}, {"en_reason", why}}});
  };
  if (package.version == 0) throw bad("its version is 0; versions start at 1");
  if (package.files.empty()) throw bad("it holds no files");
  if (package.files.size() > kMaxFormPackageFiles) {
    throw bad("it holds " + std::to_string(package.files.size()) + " files, more than " +
              std::to_string(kMaxFormPackageFiles));
  }
  std::uint64_t total = 0;
  std::set<std::string> seen;
  for (const auto& f : package.files) {
    if (const std::string problem = formPathProblem(f.path); !problem.empty()) {
      throw bad("file '" + f.path + "': " + problem);
    }
    if (!seen.insert(f.path).second) throw bad("file '" + f.path + "' is in it twice");
    total += f.content.size();
  }
  if (total > kMaxFormPackageBytes) {
    throw bad("its files hold " + std::to_string(total) + " bytes, more than " + std::to_string(kMaxFormPackageBytes));
  }
}

std::vector<FormPackageFile> collectFormFiles(const std::filesystem::path& folder) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(folder, ec)) {
    throw SyncError(SyncErrorKind::ReadFailed, "forms folder '" + folder.string() + "' does not exist");
  }
  std::vector<FormPackageFile> files;
  for (auto it = fs::recursive_directory_iterator(folder); it != fs::recursive_directory_iterator(); ++it) {
    const std::string leaf = it->path().filename().string();
    if (!leaf.empty() && leaf.front() == '.') {
      if (it->is_directory()) it.disable_recursion_pending();
      continue;
    }
    if (!it->is_regular_file()) continue;
    FormPackageFile f;
    f.path = fs::relative(it->path(), folder).generic_string();
    f.content = readFileCapped(it->path(), kMaxFormPackageBytes, Msg::FileFormFile);
    files.push_back(std::move(f));
  }
  std::sort(files.begin(), files.end(), [](const auto& a, const auto& b) { return a.path < b.path; });
  return files;
}

crypto::Bytes encodeFormPackage(const FormPackage& package, const crypto::SigningKeyPair& formsKey) {
  validateFormPackage(package, "the form package to publish");
  return encodeSignedFile(SignedKind::FormPackage, formsKey, encodeArchive(package));
}

FormPackage readFormPackage(crypto::ByteView file, const std::string& name, const crypto::SignPublicKey& formsKey,
                            const Fingerprint& coordinator, std::uint64_t installedVersion) {
  const std::string where = label(SignedKind::FormPackage, name);
  const SignedFile signedFile = checkSignedFile(file, SignedKind::FormPackage, name, &formsKey);
  auto package = decodeArchive<FormPackage>(signedFile.body, "the body of " + where);
  validateFormPackage(package, where);
  if (package.coordinator != coordinator) {
    throw wire::fileError(SyncErrorKind::Mismatch, Msg::SignedOtherCoordinator, 'F', name,
                          {{"found", fingerprintText(package.coordinator)}, {"ours", fingerprintText(coordinator)}});
  }
  if (package.version <= installedVersion) {
    if (package.version == installedVersion) {
      throw SyncError(SyncErrorKind::Replayed,
                      Message{Msg::FormPackageAlreadyInstalled, {{"name", name}, {"version", package.version}}});
    }
    throw SyncError(SyncErrorKind::Replayed,
                    Message{Msg::FormPackageOlder,
                            {{"name", name}, {"version", package.version}, {"installed", installedVersion}}});
  }
  return package;
}

std::string formPackageFileName(std::uint64_t version) {
  return "spor-forms-v" + std::to_string(version) + kFormPackageExtension;
}

// --- enrolment ---------------------------------------------------------------

Fingerprint Enrolment::coordinatorFingerprint() const {
  return wire::fingerprintBytes(encryption());
}

void Enrolment::fillFingerprints() {
  encryptionFingerprint = crypto::fingerprint(encryption());
  receiptFingerprint = crypto::fingerprint(receipts());
  formsFingerprint = crypto::fingerprint(forms());
  recoveryFingerprint = crypto::fingerprint(recovery());
}

crypto::Bytes encodeEnrolment(Enrolment enrolment, const crypto::SigningKeyPair& formsKey) {
  if (formsKey.publicKey.bytes != enrolment.formsKey) {
    throw SyncError(SyncErrorKind::BadInput, "an enrolment file must be signed by the forms key it carries");
  }
  if (enrolment.coordinatorName.empty()) {
    throw SyncError(SyncErrorKind::BadInput, "an enrolment file needs the coordinator's name");
  }
  enrolment.fillFingerprints();
  return encodeSignedFile(SignedKind::Enrolment, formsKey, encodeArchive(enrolment));
}

Enrolment readEnrolment(crypto::ByteView file, const std::string& name) {
  const std::string where = label(SignedKind::Enrolment, name);
  const SignedFile signedFile = checkSignedFile(file, SignedKind::Enrolment, name, nullptr);
  auto enrolment = decodeArchive<Enrolment>(signedFile.body, "the body of " + where);
  if (signedFile.signer.bytes != enrolment.formsKey) {
    throw SyncError(SyncErrorKind::WrongSigner, Message{Msg::EnrolmentNotSelfSigned, {{"name", name}}});
  }
  Enrolment expected = enrolment;
  expected.fillFingerprints();
  if (expected != enrolment) {
    throw SyncError(SyncErrorKind::Malformed, Message{Msg::EnrolmentBadFingerprints, {{"name", name}}});
  }
  if (enrolment.coordinatorName.empty() || enrolment.coordinatorId.isNil()) {
    throw SyncError(SyncErrorKind::Malformed, Message{Msg::EnrolmentNoCoordinator, {{"name", name}}});
  }
  return enrolment;
}

Enrolment readEnrolmentFile(const std::filesystem::path& path) {
  return readEnrolment(readFileCapped(path, kMaxEnrolmentFileBytes, Msg::FileEnrolment), path.string());
}

std::string enrolmentFileName(const Enrolment& enrolment) {
  return "spor-enrolment-" + enrolment.coordinatorId.shortStr() + kEnrolmentExtension;
}

}  // namespace spor::sync
