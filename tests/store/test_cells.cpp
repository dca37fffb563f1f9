// The store's own cell formats (src/store/cells.cpp): background answers,
// safeguarding flag details and a child's interventions are written
// versioned; cells written the old way (before versioning) still read
// exactly as before; a cell from a newer Spor is refused with a catalogue
// message, and nothing changes.
#define DOCTEST_CONFIG_VOID_CAST_EXPRESSIONS
#include <doctest/doctest.h>

#include <cstdio>

#include "store/error.hpp"
#include "store/sealed.hpp"
#include "store/vault.hpp"
#include "tests/store/store_fixture.hpp"

using namespace spor;
using namespace spor::store;
using doctest::Contains;
using spor::test::DeviceFixture;

namespace {

const core::ChildForm& barn() { return test::bundledForms().primaryChildForm(); }

// The formats of the Spors before versioning, byte for byte, as they wrote them.
void putU32(std::string& out, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) out += static_cast<char>(static_cast<std::uint8_t>(v >> (8 * i)));
}
std::string oldFormValue(const FormValue& value) {
  std::string out;
  out += static_cast<char>(1);
  out += static_cast<char>((value.declined ? 1 : 0) | (value.number ? 2 : 0));
  putU32(out, static_cast<std::uint32_t>(value.codes.size()));
  for (int c : value.codes) putU32(out, static_cast<std::uint32_t>(c));
  if (value.number) putU32(out, static_cast<std::uint32_t>(*value.number));
  putU32(out, static_cast<std::uint32_t>(value.text.size()));
  out += value.text;
  return out;
}
std::string oldFlagDetail(const SafeguardingFlag& f) {
  std::string items;
  for (const auto& i : f.items) items += (items.empty() ? "" : ",") + i;
  std::string score;
  if (f.score) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.17g", *f.score);
    score = buf;
  }
  return f.dimension + '\x1f' + items + '\x1f' + score + '\x1f' + (f.scoreAtOrAboveThreshold ? "1" : "0");
}

// A versioned cell as a newer Spor would write it: 0x00, cereal's
// little-endian mark, the class version, then whatever that version holds.
std::string newerCell(std::uint32_t version) {
  std::string out;
  out += '\0';
  out += '\1';
  putU32(out, version);
  out += "whatever version 2 holds";
  return out;
}

// The store's data key, through the demo recovery copy, to write cells as
// another Spor would have.
struct CellWriter {
  Db& db;
  ColumnCipher cipher;
  CellWriter(DeviceFixture& f)
      : db(f.store().database()),
        cipher(Vault(f.store().database(), VaultOptions{}).recover(*f.created.demoRecoveryKey)) {}

  // Replaces the sealed `column` of the row with `uuid` in `table` by `plaintext`.
  void write(const std::string& table, const std::string& column, const std::string& uuid,
             const std::string& plaintext) {
    std::int64_t version = 0;
    {
      auto q = db.query("SELECT row_version FROM " + table + " WHERE uuid = ?", uuidToBytes(uuid));
      REQUIRE(q.next());
      version = q.int64(0);
    }
    db.run("UPDATE " + table + " SET " + column + " = ? WHERE uuid = ?",
           cipher.sealText({table, uuid, column, version}, plaintext), uuidToBytes(uuid));
  }
  std::string read(const std::string& table, const std::string& column, const std::string& uuid) {
    auto q = db.query("SELECT " + column + ", row_version FROM " + table + " WHERE uuid = ?", uuidToBytes(uuid));
    REQUIRE(q.next());
    return cipher.openText({table, uuid, column, q.int64(1)}, q.blob(0));
  }
};

struct Written {
  ChildId child;
  BackgroundId background;
  std::vector<BackgroundAnswer> answers;
  std::vector<SafeguardingFlag> flags;
  Child details;
};

Written writeSome(DeviceFixture& f) {
  DeviceStore& s = f.store();
  const ChildId child = s.addChild({.details = {.birthYear = 2014,
                                                .projectId = "empowr",
                                                .interventions = {core::Intervention::Individual,
                                                                  core::Intervention::Group}}});
  s.recordConsent(child, {.givenBy = "mor", .givenOn = std::chrono::floor<std::chrono::days>(*f.clock.now)});
  const BackgroundId b = s.startBackground(child, *test::bundledForms().background);
  s.answer(b, "birth_year", FormValue{.number = 2014});
  s.answer(b, "difficulties", FormValue{.codes = {1, 3}, .text = "ordblind, og | andet \x1f"});
  s.answer(b, "home_language", FormValue{.declined = true});
  const core::Project& p = test::bundledForms().project("empowr");
  const MeasurementId m = s.startMeasurement(child, barn(), core::Occasion::Before);
  for (const core::Item* item : barn().itemsFor(p.dimensions))
    s.answer(m, item->id, item->dimension == "selvskade" ? 4 : 3);
  const auto flags = s.finishMeasurement(m, barn(), p, test::bundledForms().scoring);
  REQUIRE(flags.size() == 1);
  return {child, b, s.background(b).answers, s.flags(child), s.child(child)};
}

}  // namespace

TEST_SUITE("store") {

TEST_CASE("new cells carry a version and old unversioned cells read exactly as before") {
  DeviceFixture f("cells-old");
  DeviceStore& s = f.store();
  const Written w = writeSome(f);
  CellWriter cells(f);

  // What this Spor writes: 0x00, cereal's little-endian mark, class version 1.
  const std::string versioned = std::string("\0\1\1\0\0\0", 6);
  CHECK(cells.read("answer", "value", w.answers[1].uuid).substr(0, 6) == versioned);
  CHECK(cells.read("safeguarding_flag", "detail", w.flags[0].uuid).substr(0, 6) == versioned);
  CHECK(cells.read("child", "interventions", w.details.uuid).substr(0, 6) == versioned);

  // The same values written the old way read identically.
  for (const BackgroundAnswer& a : w.answers) cells.write("answer", "value", a.uuid, oldFormValue(a.value));
  cells.write("safeguarding_flag", "detail", w.flags[0].uuid, oldFlagDetail(w.flags[0]));
  cells.write("child", "interventions", w.details.uuid, "individual,group");
  CHECK(cells.read("child", "interventions", w.details.uuid) == "individual,group");

  const auto answers = s.background(w.background).answers;
  REQUIRE(answers.size() == w.answers.size());
  for (std::size_t i = 0; i < answers.size(); ++i) CHECK(answers[i].value == w.answers[i].value);
  CHECK(answers[1].value.text == "ordblind, og | andet \x1f");
  CHECK(answers[2].value.declined);
  const auto flags = s.flags(w.child);
  REQUIRE(flags.size() == 1);
  CHECK(flags[0].dimension == w.flags[0].dimension);
  CHECK(flags[0].items == w.flags[0].items);
  CHECK(flags[0].score == w.flags[0].score);
  CHECK(flags[0].scoreAtOrAboveThreshold == w.flags[0].scoreAtOrAboveThreshold);
  CHECK(s.child(w.child).details.interventions == w.details.details.interventions);

  // Rewriting an old cell writes it versioned.
  s.setFlagNote(flags[0].id, "Talt med projektlederen");
  CHECK(cells.read("safeguarding_flag", "detail", w.flags[0].uuid).substr(0, 6) == versioned);
  const SafeguardingFlag rewritten = s.flags(w.child).at(0);
  CHECK(rewritten.dimension == flags[0].dimension);
  CHECK(rewritten.items == flags[0].items);
  CHECK(rewritten.score == flags[0].score);
}

TEST_CASE("a cell from a newer Spor is refused with a message in both languages and changes nothing") {
  DeviceFixture f("cells-new");
  DeviceStore& s = f.store();
  const Written w = writeSome(f);
  CellWriter cells(f);

  SUBCASE("a background answer") {
    cells.write("answer", "value", w.answers[1].uuid, newerCell(2));
    SPOR_CHECK_UNCHANGED(s.path(),
                         CHECK_THROWS_WITH_AS(s.background(w.background),
                                              "an answer in a background form was saved by a newer Spor (format "
                                              "version 2; this Spor reads up to version 1): update Spor on this "
                                              "device. Nothing was changed",
                                              StoreError));
    try {
      static_cast<void>(s.backgrounds(w.child));
      FAIL("read");
    } catch (const StoreError& e) {
      CHECK(render(e.message(), Lang::Da) ==
            "et svar i et baggrundsskema er gemt af en nyere udgave af Spor (formatversion 2; denne udgave læser op "
            "til version 1): opdatér Spor på denne enhed. Intet er ændret");
    }
  }
  SUBCASE("a safeguarding flag") {
    cells.write("safeguarding_flag", "detail", w.flags[0].uuid, newerCell(7));
    SPOR_CHECK_UNCHANGED(s.path(), CHECK_THROWS_WITH_AS(s.flags(w.child),
                                                        Contains("a safeguarding flag was saved by a newer Spor (format "
                                                                 "version 7; this Spor reads up to version 1)"),
                                                        StoreError));
    // A note cannot be added over it either: the detail would be rewritten.
    SPOR_CHECK_UNCHANGED(s.path(), CHECK_THROWS_WITH_AS(s.setFlagNote(w.flags[0].id, "x"),
                                                        Contains("a safeguarding flag was saved by a newer Spor"),
                                                        StoreError));
  }
  SUBCASE("a child's interventions") {
    cells.write("child", "interventions", w.details.uuid, newerCell(2));
    SPOR_CHECK_UNCHANGED(s.path(), CHECK_THROWS_WITH_AS(s.child(w.child),
                                                        Contains("a child's interventions was saved by a newer Spor"),
                                                        StoreError));
    SPOR_CHECK_UNCHANGED(s.path(), CHECK_THROWS_WITH_AS(s.updateChild(w.child, w.details.details),
                                                        Contains("a child's interventions was saved by a newer Spor"),
                                                        StoreError));
  }
  SUBCASE("a versioned cell cut short is damaged, not newer") {
    cells.write("answer", "value", w.answers[1].uuid, std::string("\0\1\1\0", 4));
    SPOR_CHECK_UNCHANGED(s.path(), CHECK_THROWS_WITH_AS(s.background(w.background),
                                                        Contains("a stored background answer is damaged"), StoreError));
  }
}

}  // TEST_SUITE
