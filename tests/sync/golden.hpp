#pragma once
// The golden files under tests/data/sync: what they hold and how they are
// made, shared by the golden test (which reads them back and re-makes them)
// and by the fuzzers (which start from them).
#include <string>
#include <vector>

#include "fixture.hpp"
#include "sync/bundle.hpp"
#include "sync/signed_file.hpp"

namespace spor::test {

struct GoldenFile {
  std::string name;
  crypto::Bytes bytes;
};

// Every golden file today's writer makes, from the fixed keys, records and
// randomness. Bundles are named by the bundle format version and, since
// record types went past version 1, by the change that moved them
// (`issue14`: ProjectEnrolmentRecord version 3, ConsentRecord version 2;
// `helped`: MeasurementRecord version 2, who helped the child answer;
// `referral`: ProjectEnrolmentRecord version 4, the referral and feedback).
// Bundle format version 2 (issue 16: streamed, the signature at the end)
// holds the same records as `referral`. The older files
// (kOlderGoldenBundles) are only read, never re-made.
inline std::vector<GoldenFile> makeGoldenFiles(const Keys& keys) {
  const sync::BundleWriter writer(kDeviceId, keys.device, keys.coordinator.publicKey);
  const auto r1 = fixedRandomness(0x61);
  const auto r2 = fixedRandomness(0x63);
  const sync::EncodedBundle first = writer.encode(sampleBundle(1), &r1);
  const sync::EncodedBundle second = writer.encode(sampleBundle(2, first.hash), &r2);
  return {
      {"bundle-v2-seq1.sporbundle", first.bytes},
      {"bundle-v2-seq2.sporbundle", second.bytes},
      {"receipt-v1.sporreceipt", sync::encodeReceipt(sampleReceipt(keys), keys.receipts)},
      {"forms-v1.sporforms", sync::encodeFormPackage(smallFormPackage(keys, 1), keys.forms)},
      {"enrolment-v1.sporenrol", sync::encodeEnrolment(sampleEnrolment(keys), keys.forms)},
  };
}

// Golden files of earlier writers, kept to prove they still read: bundles
// whose records are all version 1 (before the municipality, issue 14), and
// those of issue 14's items 2-4 (MeasurementRecord version 1, before who
// helped the child answer), and those of item 5 (ProjectEnrolmentRecord
// version 3, before the referral), and the last of bundle format version 1
// (issue 14 item 1's records, before issue 16's streamed version 2).
inline const std::vector<std::string> kOlderGoldenBundles = {
    "bundle-v1-seq1.sporbundle",          "bundle-v1-seq2.sporbundle",         "bundle-v1-issue14-seq1.sporbundle",
    "bundle-v1-issue14-seq2.sporbundle",  "bundle-v1-helped-seq1.sporbundle",  "bundle-v1-helped-seq2.sporbundle",
    "bundle-v1-referral-seq1.sporbundle", "bundle-v1-referral-seq2.sporbundle"};

}  // namespace spor::test
