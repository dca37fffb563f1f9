// The canary test: a unique marker goes into every kind of free text the
// store keeps (nicknames, consent, notes, background free text, safeguarding
// notes), answers are given, changed and declined; then the raw bytes of
// every file in the data directory (the database, -wal, -shm, and anything
// else that appeared) are searched for the marker, while the store is open
// and after it is closed. Temporary files stay in memory (temp_store=MEMORY,
// checked in test_generic.cpp) and the store writes no logs. It must not be found anywhere. The answer value
// column is checked to hold ciphertext only, since small integers would not
// show up in a text search.
#define DOCTEST_CONFIG_VOID_CAST_EXPRESSIONS
#include <doctest/doctest.h>

#include <algorithm>
#include <fstream>

#include "crypto/aead.hpp"
#include "crypto/encoding.hpp"
#include "crypto/random.hpp"
#include "tests/store/store_fixture.hpp"

using namespace spor;
using namespace spor::store;
using spor::test::DeviceFixture;
namespace fs = std::filesystem;

namespace {

// Every file under `dir` whose bytes contain `marker`.
std::vector<std::string> filesContaining(const fs::path& dir, const std::string& marker) {
  std::vector<std::string> hits;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    if (!entry.is_regular_file()) continue;
    std::string bytes(static_cast<std::size_t>(entry.file_size()), '\0');
    std::ifstream in(entry.path(), std::ios::binary);
    in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (bytes.find(marker) != std::string::npos) hits.push_back(entry.path().filename().string());
  }
  return hits;
}

std::vector<std::string> fileNames(const fs::path& dir) {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir)) names.push_back(entry.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace

TEST_SUITE("store") {

TEST_CASE("canary: no nickname or note or free text or answer is readable in any file of the data directory") {
  const std::string marker = "KANARIE" + crypto::hex(crypto::randomBytes(6));
  DeviceFixture f("canary");
  DeviceStore& s = f.store();
  const auto& forms = test::bundledForms();
  const core::ChildForm& barn = forms.primaryChildForm();

  // The scanner works: a file with the marker is found.
  std::ofstream(f.dir.path / "control.txt") << "x" << marker << "x";
  CHECK(filesContaining(f.dir.path, marker) == std::vector<std::string>{"control.txt"});
  fs::remove(f.dir.path / "control.txt");

  const ChildId child = f.childWithConsent("empowr", marker + " nickname");
  // The municipality is sealed too (the store takes any name; the project's
  // list is the app's rule).
  s.updateChild(child, {marker + " Åse", 2013, Gender::Girl, "empowr", {core::Intervention::Group}, marker + " Egedal"});
  // The referrer's name and a feedback note (issue 14 item 1).
  s.setReferral(child, {core::ReferrerRole::Caseworker, std::chrono::floor<std::chrono::days>(*f.clock.now),
                        core::ReportBack::Referrer, marker + " sagsbehandler"});
  s.addFeedback(child, {std::chrono::floor<std::chrono::days>(*f.clock.now), core::FeedbackPoint::Intake,
                        core::FeedbackForm::Phone, marker + " tilbagemelding"});
  NewConsent consent;
  // Who gave consent is one of five words since issue 14, not free text; it stays sealed.
  consent.givenBy = "mor";
  consent.givenOn = std::chrono::floor<std::chrono::days>(*f.clock.now);
  s.recordConsent(child, consent);

  const MeasurementId m = s.startMeasurement(child, barn, core::Occasion::Before);
  int n = 0;
  for (const core::Item* item : barn.itemsFor(forms.project("empowr").dimensions)) {
    if (++n % 9 == 0) s.answer(m, item->id, std::nullopt);
    else s.answer(m, item->id, item->dimension == "selvskade" ? 4 : (n % 4) + 1);
  }
  s.answer(m, "psykisk_1", 1);  // changed
  s.setMeasurementNote(m, marker + " note about the session");
  const auto flags = s.finishMeasurement(m, barn, forms.project("empowr"), forms.scoring);
  REQUIRE_FALSE(flags.empty());
  s.setFlagNote(flags[0].id, marker + " talked to the project leader");

  const BackgroundId b = s.startBackground(child, *forms.background);
  FormValue other;
  other.codes = {1, 5};
  other.text = marker + " andet: free text";
  s.answer(b, "difficulties", other);
  s.finish(b);

  // A sort, the kind of query that could spill to a temporary file (temp_store=MEMORY keeps it in memory).
  for (auto q = s.database().query("SELECT value FROM answer ORDER BY value DESC, item_id"); q.next();) {
  }

  SUBCASE("while the store is open (WAL and shared memory in use)") {
    CHECK(fs::exists(fs::path(f.dir.db().string() + "-wal")));
    CHECK(filesContaining(f.dir.path, marker).empty());
  }
  SUBCASE("after it is closed and checkpointed") {
    f.created.store = DeviceStore::open(f.dir.db(), test::fastOptions(f.clock));  // closes the first connection
    f.created.store.unlock(f.created.volunteer, test::kPin);
    CHECK(s.child(child).details.nickname == marker + " Åse");  // the data is there, encrypted
    CHECK(s.child(child).referral->referrer == marker + " sagsbehandler");
    CHECK(s.child(child).feedback.at(0).note == marker + " tilbagemelding");
    {
      DeviceStore moved = std::move(f.created.store);
    }
    CHECK(fileNames(f.dir.path) == std::vector<std::string>{"device.db"});
    CHECK(filesContaining(f.dir.path, marker).empty());
  }
  SUBCASE("answer values are ciphertext of one fixed size, declined ones too") {
    std::size_t rows = 0;
    for (auto q = s.database().query(
             "SELECT typeof(a.value), length(a.value) FROM answer a JOIN response r ON r.id = a.response_id "
             "WHERE r.kind = 'child'");
         q.next();) {
      ++rows;
      CHECK(q.text(0) == "blob");
      CHECK(q.int64(1) == static_cast<std::int64_t>(8 + crypto::kSealOverheadBytes));
    }
    CHECK(rows == barn.itemsFor(forms.project("empowr").dimensions).size());
    // And no column anywhere holds an answer as a plain number.
    CHECK(s.database().queryInt("SELECT count(*) FROM answer WHERE typeof(value) != 'blob'").value() == 0);
  }
}

}  // TEST_SUITE
