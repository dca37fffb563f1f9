// The power-loss sweep over the sync steps (tests/store/power_cut_sweep.hpp
// says how): a bundle export with its sync-state update, an import, a
// receipt applied with a purge, a form install, and a form package
// published (its file, then its version committed). The power is cut at
// every sync point of each, the unsynced writes dropped or garbled, and once just after the call
// returned. After each: integrity_check is ok, the step is whole or absent
// (an import is all or nothing), and running it again completes.
#include <doctest/doctest.h>

#if defined(__unix__)
#include <filesystem>
#include <string>

#include "store/error.hpp"
#include "sync/coordinator_store.hpp"
#include "tests/sync/coordinator_fixture.hpp"
#include "sync/device_sync.hpp"
#include "sync/errors.hpp"
#include "sync/file_caps.hpp"
#include "sync/file_io.hpp"
#include "tests/store/power_cut_sweep.hpp"
#include "tests/sync/sync_pair.hpp"

using namespace spor;
using namespace spor::sync;
using spor::test::integrityOf;
using spor::test::PowerStep;
namespace fs = std::filesystem;

using namespace spor::test::pair;
using test::kPassphrase;

TEST_SUITE("sync") {

TEST_CASE("power-loss sweep: every sync point of an export and an import and a receipt with a purge and a form install and a publish") {
  Ids ids;
  std::size_t recordsInBundle = 0;

  // --- a bundle export with its sync-state update ---
  const PowerStep exportStep{
      "export",
      [&](const fs::path& dir) { ids = makePair(dir); },
      [&](const fs::path& dir, const std::function<void()>& returned) {
        store::DeviceStore d = openDevice(dir, ids.volunteer);
        if (!exportBundle(d, usb(dir), "spor test")) throw std::logic_error("nothing to export");
        returned();
      },
      [&](const fs::path& dir, bool whole) {
        REQUIRE(integrityOf(store::deviceStorePath(dir)) == "ok");
        const std::size_t before = bundlesOn(usb(dir)).size();
        {
          store::DeviceStore d = openDevice(dir, ids.volunteer);
          if (whole) CHECK(before == 1);
          // Again: every later export works, whatever the cut left (a
          // number reserved with or without its file on the stick).
          CHECK(exportBundle(d, usb(dir), "spor test").has_value());
        }
        // Whatever bundles the stick holds, the coordinator takes them all,
        // every record arrives, and no fork is reported.
        const auto files = bundlesOn(usb(dir));
        REQUIRE(files.size() == before + 1);
        CoordinatorStore c = openCoordinator(dir);
        approve(c, files.front(), ids.device);
        std::size_t measurements = 0;
        for (const auto& f : files) measurements += c.importBundleFile(f).newMeasurements;
        CHECK(measurements == 2);
        CHECK(c.chainBreaks().empty());
      },
      {"usb"}};

  // --- an import ---
  const PowerStep importStep{
      "import",
      [&](const fs::path& dir) {
        ids = makePair(dir);
        store::DeviceStore d = openDevice(dir, ids.volunteer);
        REQUIRE(exportBundle(d, usb(dir), "spor test").has_value());
        CoordinatorStore c = openCoordinator(dir);
        approve(c, bundlesOn(usb(dir)).front(), ids.device);
      },
      [&](const fs::path& dir, const std::function<void()>& returned) {
        CoordinatorStore c = openCoordinator(dir);
        recordsInBundle = c.importBundleFile(bundlesOn(usb(dir)).front()).newRecords;
        returned();
      },
      [&](const fs::path& dir, bool whole) {
        REQUIRE(integrityOf(coordinatorStorePath(dir)) == "ok");
        CoordinatorStore c = openCoordinator(dir);
        const std::size_t records = c.records().size();
        const std::size_t ledger = c.ledger().size();
        // All or nothing: the ledger entry and every record, or neither.
        CHECK(((ledger == 0 && records == 0) || (ledger == 1 && records > 0)));
        if (whole) CHECK(ledger == 1);
        const ImportResult again = c.importBundleFile(bundlesOn(usb(dir)).front());
        CHECK(again.alreadyImported == (ledger == 1));
        CHECK(c.ledger().size() == 1);
        CHECK(c.records().size() == (ledger == 1 ? records : again.newRecords));
      }};

  // --- a receipt applied with a purge ---
  const PowerStep receiptStep{
      "receipt",
      [&](const fs::path& dir) {
        ids = makePair(dir);
        store::DeviceStore d = openDevice(dir, ids.volunteer);
        REQUIRE(exportBundle(d, usb(dir), "spor test").has_value());
        CoordinatorStore c = openCoordinator(dir);
        approve(c, bundlesOn(usb(dir)).front(), ids.device);
        static_cast<void>(c.importBundleFile(bundlesOn(usb(dir)).front()));
        static_cast<void>(c.makeReceipt(ids.device, [&](const crypto::Bytes& bytes) {
          static_cast<void>(writeFileDurably(usb(dir), "receipt" + std::string(kReceiptExtension), bytes));
        }));
      },
      [&](const fs::path& dir, const std::function<void()>& returned) {
        store::DeviceStore d = openDevice(dir, ids.volunteer);
        test::FakeClock later;
        later.advance(std::chrono::hours(24 * 60));
        static_cast<void>(applyReceiptFile(d, usb(dir) / ("receipt" + std::string(kReceiptExtension)), *later.now));
        returned();
      },
      [&](const fs::path& dir, bool whole) {
        REQUIRE(integrityOf(store::deviceStorePath(dir)) == "ok");
        store::DeviceStore d = openDevice(dir, ids.volunteer);
        const bool applied = d.syncStatus().lastReceipt == 1;
        const store::StoreCounts n = d.counts();
        // The receipt and its purge are one: applied and purged, or neither.
        CHECK(n.measurements == (applied ? 0 : 2));
        if (whole) CHECK(applied);
        if (!applied) {
          test::FakeClock later;
          later.advance(std::chrono::hours(24 * 60));
          static_cast<void>(applyReceiptFile(d, usb(dir) / ("receipt" + std::string(kReceiptExtension)), *later.now));
        }
        CHECK(d.syncStatus().lastReceipt == 1);
        CHECK(d.counts().measurements == 0);
      }};

  // --- a form install: the new folder, the store's record of its version, the swap ---
  const fs::path packageName = fs::path("usb") / "forms-v1.sporforms";
  const PowerStep installStep{
      "install",
      [&](const fs::path& dir) {
        ids = makePair(dir);
        CoordinatorStore c = openCoordinator(dir);
        static_cast<void>(c.publishForms(SPOR_TEST_FORMS_DIR, "", [&](const crypto::Bytes& bytes) {
          static_cast<void>(writeFileDurably(usb(dir), packageName.filename().string(), bytes));
        }));
      },
      [&](const fs::path& dir, const std::function<void()>& returned) {
        store::DeviceStore d = openDevice(dir, ids.volunteer);
        static_cast<void>(installFormPackageFile(d, dir / packageName, dir / "forms"));
        returned();
      },
      [&](const fs::path& dir, bool whole) {
        REQUIRE(integrityOf(store::deviceStorePath(dir)) == "ok");
        store::DeviceStore d = openDevice(dir, ids.volunteer);
        // The next start finishes or undoes what the install left, and the
        // forms in use are the version the store recorded: the new ones or
        // the bundled ones, never a half-made folder.
        const auto installed = loadInstalledForms(d, dir / "forms");
        CHECK_FALSE(fs::exists(dir / ".forms.incoming"));
        CHECK_FALSE(fs::exists(dir / ".forms.old"));
        const std::uint64_t recorded = d.formsPackageVersion();
        CHECK(recorded == (installed ? installed->version : 0));
        if (whole) CHECK(recorded == 1);
        if (!installed) CHECK(installFormPackageFile(d, dir / packageName, dir / "forms").version == 1);  // again
        const auto now = loadInstalledForms(d, dir / "forms");
        REQUIRE(now.has_value());
        CHECK(now->version == 1);
        CHECK(d.formsPackageVersion() == 1);
      },
      {"forms", ".forms.incoming", ".forms.old"}};

  // --- a form package published onto the stick: the file, then its version committed ---
  const auto packagesOn = [](const fs::path& folder) {
    std::vector<fs::path> out;
    for (const auto& e : fs::directory_iterator(folder))
      if (e.path().extension() == kFormPackageExtension) out.push_back(e.path());
    return out;
  };
  const auto publish = [](CoordinatorStore& c, const fs::path& folder) {
    fs::path written;
    static_cast<void>(removingOnFailedCommit(written, [&] {
      return c.publishForms(SPOR_TEST_FORMS_DIR, "", [&](const crypto::Bytes& bytes) {
        written = writeNumberedFile(c, folder, formPackageFileName(c.formsVersion()), bytes, SignedKind::FormPackage);
      });
    }));
  };
  const PowerStep publishStep{
      "publish",
      [&](const fs::path& dir) { ids = makePair(dir); },
      [&](const fs::path& dir, const std::function<void()>& returned) {
        CoordinatorStore c = openCoordinator(dir);
        publish(c, usb(dir));
        returned();
      },
      [&](const fs::path& dir, bool whole) {
        REQUIRE(integrityOf(coordinatorStorePath(dir)) == "ok");
        CoordinatorStore c = openCoordinator(dir);
        const std::uint64_t version = c.formsVersion();
        CHECK(version <= 1);
        if (whole) CHECK(version == 1);
        // A committed version always has its file; a file without its commit
        // (the power went between them) is replaced when publishing again.
        if (version == 1) CHECK(packagesOn(usb(dir)).size() == 1);
        if (version == 0) publish(c, usb(dir));  // again: it completes, with no one moving a file
        CHECK(c.formsVersion() == 1);
        const auto files = packagesOn(usb(dir));
        REQUIRE(files.size() == 1);
        CHECK(files.front().filename().string() == formPackageFileName(1));
        const crypto::Bytes bytes = readFileCapped(files.front(), kMaxFormPackageFileBytes, Msg::FileFormPackage);
        const Enrolment e = c.enrolment();
        const crypto::SignPublicKey key = crypto::SignPublicKey::fromBytes(e.formsKey);
        CHECK(readFormPackage(bytes, "p", key, fingerprintBytes(coordinatorKeys(e).encryption), 0).version == 1);
      },
      {"usb"}};

  std::uint64_t total = 0;
  for (const PowerStep* s : {&exportStep, &importStep, &receiptStep, &installStep, &publishStep}) {
    const std::uint64_t cuts = test::powerSweep(*s);
    CHECK(cuts > 1);
    MESSAGE("power-loss sweep: " << s->name << ": cut at " << cuts << " sync points (drop and garble)");
    total += cuts;
  }
  MESSAGE("power-loss sweep (sync): " << total << " power cuts in all");
}

}  // TEST_SUITE

#endif
