// The bridge-builder's activity form in the device store (issue 14 item 6):
// stored as a background-kind response with the activity form's id and its
// point as the `tidspunkt` answer, no new table. The checklist history
// keeps it apart from the background form, and a purged one keeps its point
// in its tombstone, so the checklist still counts the point as done.
#include <doctest/doctest.h>

#include "store/device_store.hpp"
#include "store/error.hpp"
#include "store_fixture.hpp"

using namespace spor;
using namespace spor::store;

TEST_SUITE("store") {

TEST_CASE("an activity form counts as its point in the history and not as the background form; purged too") {
  test::DeviceFixture f("activity");
  DeviceStore& s = f.store();
  const core::FormSet& forms = test::bundledForms();
  const core::BackgroundForm& activity = forms.activityForms.at("brobygning");
  const ChildId child = f.childWithConsent("brobygger");
  const BackgroundId b = s.startBackground(child, activity);
  // A code that is no option is refused, saying so, and nothing changes.
  SPOR_CHECK_UNCHANGED(s.path(), CHECK_THROWS_WITH_AS(s.answer(b, core::kActivityActiveQuestion,
                                                                         {{0}, std::nullopt, {}, false}),
                                                      "option code 0 for 'aktiv' is not valid (codes start at 1)",
                                                      InvalidRequestError));
  s.answer(b, core::kActivityPointQuestion, {{6}, std::nullopt, {}, false});
  s.answer(b, core::kActivityStartedQuestion, {{1}, std::nullopt, {}, false});
  s.answer(b, core::kActivityActiveQuestion, {{2}, std::nullopt, {}, false});

  core::ChildHistory h = s.history(child, "brobygning");
  REQUIRE(h.activity.size() == 1);
  CHECK(h.activity[0].months == 6);
  CHECK_FALSE(h.activity[0].finished);
  CHECK_FALSE(h.backgroundStarted);  // not the background form
  s.finish(b);
  h = s.history(child, "brobygning");
  REQUIRE(h.activity.size() == 1);
  CHECK(h.activity[0].finished == core::Date(std::chrono::floor<std::chrono::days>(*f.clock.now)));
  CHECK_FALSE(h.backgroundDone);

  // Sent, acknowledged and purged: the tombstone keeps the point, nothing else.
  const BundleReservation r = s.reserveBundle();
  s.bundleWritten(r.sequence, crypto::Bytes(32, 0xab));
  s.applyReceipt(1, {r.sequence});
  f.clock.advance(std::chrono::hours(24));
  CHECK(s.purgeAcknowledged(*f.clock.now).backgrounds == 1);
  CHECK(s.backgrounds(child).empty());
  const auto tombs = s.tombstones();
  REQUIRE(tombs.size() == 1);
  CHECK(tombs[0].kind == "background");
  CHECK_FALSE(tombs[0].occasion);
  h = s.history(child, "brobygning");
  REQUIRE(h.activity.size() == 1);
  CHECK(h.activity[0].months == 6);
  CHECK(h.activity[0].finished);
  CHECK_FALSE(h.backgroundDone);
  CHECK(s.database().integrityCheck() == "ok");
}

TEST_CASE("a purged background form still counts as the background form") {
  test::DeviceFixture f("activity-bg");
  DeviceStore& s = f.store();
  const core::FormSet& forms = test::bundledForms();
  const ChildId child = f.childWithConsent("brobygger");
  const BackgroundId b = s.startBackground(child, *forms.background);
  s.answer(b, "birth_year", {{}, 2014, {}, false});
  s.finish(b);
  const BundleReservation r = s.reserveBundle();
  s.bundleWritten(r.sequence, crypto::Bytes(32, 0xab));
  s.applyReceipt(1, {r.sequence});
  f.clock.advance(std::chrono::hours(24));
  CHECK(s.purgeAcknowledged(*f.clock.now).backgrounds == 1);
  const core::ChildHistory h = s.history(child, "brobygning");
  CHECK(h.backgroundDone);
  CHECK(h.activity.empty());
}

}  // TEST_SUITE
