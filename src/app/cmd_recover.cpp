// spor coordinator recovery-key / spor recover: PIN recovery, offline
// (sync/recovery.hpp, docs/COORDINATOR.md). Two secrets each: the
// coordinator's passphrase or the new PIN (--secret-file / SPOR_SECRET), and
// the recovery key file's own passphrase (--key-secret-file / SPOR_KEY_SECRET).
#include <ostream>

#include "app/cli.hpp"
#include "app/commands.hpp"
#include "app/unlock.hpp"
#include "crypto/hash.hpp"
#include "sync/coordinator_store.hpp"
#include "sync/recovery.hpp"

namespace spor::app {

namespace fs = std::filesystem;

namespace {

Secret keyPassphrase(const Args& args, Ask ask = Ask::Once) {
  return readSecretFrom(args, "key-secret-file", "SPOR_KEY_SECRET", "the recovery key file's passphrase",
                        "the recovery key file's passphrase", ask);
}

}  // namespace

int runRecoveryKey(const std::vector<std::string>& words, std::ostream& out, std::ostream& /*err*/) {
  const Args args(words, ArgSpec{{"data-dir", "out", "secret-file", "key-secret-file"}, {}, 0, 0});
  const fs::path dir = dataDirFrom(args);
  const std::string target = args.require("out");
  const Secret secret = readPassphrase(args);
  const Secret fileSecret = keyPassphrase(args, Ask::Twice);
  sync::CoordinatorStore store = sync::CoordinatorStore::open(sync::coordinatorStorePath(dir));
  store.unlock(secret.view());
  const fs::path file = sync::writeRecoveryKeyFile(store, target, fileSecret.view());
  out << file.string() << "\nThe recovery key of coordinator '" << store.enrolment().coordinatorName
      << "' (fingerprint " << crypto::fingerprint(store.recoveryKey().publicKey)
      << "), protected by the passphrase you gave.\n"
      << "With this file and its passphrase every tablet of this coordinator can be opened: keep the stick locked "
         "away and the passphrase somewhere else.\n";
  return kExitOk;
}

int runRecover(const std::vector<std::string>& words, std::ostream& out, std::ostream& /*err*/) {
  const Args args(words,
                  ArgSpec{{"data-dir", "recovery-key", "volunteer", "secret-file", "key-secret-file"}, {}, 0, 0});
  const fs::path dir = dataDirFrom(args);
  const std::string keyFile = args.require("recovery-key");
  const std::string volunteer = args.require("volunteer");
  const Secret fileSecret = keyPassphrase(args);
  const Secret newPin = readSecretFrom(args, "secret-file", "SPOR_SECRET", "the volunteer's new PIN or passphrase",
                                       "the new PIN or passphrase", Ask::Twice);
  static_cast<void>(sync::recoverDevice(dir, keyFile, fileSecret.view(), volunteer, newPin.view()));
  out << "Recovered: '" << volunteer << "' can unlock this tablet with the new PIN. The lock-out is reset, "
      << "nothing on the tablet was lost, and the recovery is in the audit log.\n";
  return kExitOk;
}

}  // namespace spor::app
