// The UI text table: every key in both languages, placeholders filled.
#include <string>

#include <doctest/doctest.h>

#include "messages/message.hpp"
#include "ui/coordinator_text.hpp"
#include "ui/text.hpp"

using namespace spor;
using namespace spor::ui;

TEST_SUITE("ui") {
  TEST_CASE("every text exists in Danish and English, with the same placeholders") {
    for (int i = 0; i < static_cast<int>(Word::Count); ++i) {
      const auto key = static_cast<Word>(i);
      CAPTURE(txName(key));
      const std::string da = tr(key, core::Lang::Da);
      const std::string en = tr(key, core::Lang::En);
      CHECK_FALSE(da.empty());
      CHECK_FALSE(en.empty());
      for (const char* ph : {"{0}", "{1}", "{2}"})
        CHECK((da.find(ph) == std::string::npos) == (en.find(ph) == std::string::npos));
    }
  }

  TEST_CASE("placeholders and possessives") {
    CHECK(trf(Word::Progress, core::Lang::Da, {"3", "12"}) == "3 af 12");
    CHECK(trf(Word::Progress, core::Lang::En, {"3", "12"}) == "3 of 12");
    CHECK(trf(Word::Progress, core::Lang::Da, {"3"}) == "3 af ");
    CHECK(possessive("Alma", core::Lang::Da) == "Almas");
    CHECK(possessive("Mads", core::Lang::Da) == "Mads'");
    CHECK(possessive("Alma", core::Lang::En) == "Alma's");
    CHECK(possessive("Mads", core::Lang::En) == "Mads'");
    CHECK(trf(Word::SafeguardingBody, core::Lang::Da, {possessive("Mads", core::Lang::Da)}) ==
          "Nogle af Mads' svar giver grund til at være opmærksom:");
  }

  TEST_CASE("a count chooses its word ({0|one|other}): no \"1 børn\", \"1 bundles\", \"1 new measurements\"") {
    CHECK(fillPattern("{0} {0|barn|børn}", {"1"}) == "1 barn");
    CHECK(fillPattern("{0} {0|barn|børn}", {"0"}) == "0 børn");
    CHECK(fillPattern("{1} {1|barn|børn} og {0}", {"x", "2"}) == "2 børn og x");
    CHECK(fillPattern("{0|a}", {"1"}) == "{0|a}");  // no second word: left as it is
    CHECK(ctrf(CoordWord::DeviceBundles, core::Lang::Da, {"1", "1"}) == "1 pakke (op til nr. 1)");
    CHECK(ctrf(CoordWord::DeviceBundles, core::Lang::Da, {"3", "3"}) == "3 pakker (op til nr. 3)");
    CHECK(ctrf(CoordWord::DeviceBundles, core::Lang::En, {"1", "1"}) == "1 bundle (up to no. 1)");
    CHECK(ctrf(CoordWord::ImportNew, core::Lang::En, {"K", "2", "1", "0"}) ==
          "New: device K, bundle 2: 1 new measurement, 0 duplicates");
    // No database words ("poster", "dubletter") on a coordinator's screen (a new user's trial).
    CHECK(ctrf(CoordWord::ImportNew, core::Lang::Da, {"K", "2", "1", "1"}) ==
          "Ny: enhed K, pakke 2: 1 ny måling, 1 allerede modtaget");
    CHECK(ctrf(CoordWord::ImportRecords, core::Lang::Da, {"29", "0", "1"}) ==
          "Enkeltoplysninger (hvert svar, hvert barn og hvert samtykke tæller for sig): 29 nye, 0 opdaterede, 1 allerede modtaget");
    CHECK(ctrf(CoordWord::Loaded, core::Lang::Da, {"1", "1", "1.3.2026"}) == "1 barn, 1 afsluttet måling pr. 1.3.2026");
    CHECK(ctrf(CoordWord::ReportCounts, core::Lang::Da, {"1", "1", "0", "0", "0"}).starts_with("1 barn · "));
    // The coordinator says "pakke" in Danish, as the tablet does: never "bundle".
    for (int i = 0; i < static_cast<int>(CoordWord::Count); ++i) {
      const std::string da = ctr(static_cast<CoordWord>(i), core::Lang::Da);
      CAPTURE(da);
      CHECK(da.find("bundle ") == std::string::npos);
      CHECK(da.find("bundles") == std::string::npos);
    }
  }
}

TEST_SUITE("ui") {
  // Issue 12, defect 10: the lock-out said "Vent 3600 sekunder".
  TEST_CASE("the lock-out's countdown: seconds under a minute, whole minutes above") {
    using spor::core::Lang;
    using spor::ui::lockoutText;
    CHECK(lockoutText(45, Lang::Da) == "For mange forkerte forsøg. Vent 45 sekunder.");
    CHECK(lockoutText(60, Lang::Da) == "For mange forkerte forsøg. Prøv igen om 1 minut.");
    CHECK(lockoutText(61, Lang::Da) == "For mange forkerte forsøg. Prøv igen om 2 minutter.");
    CHECK(lockoutText(3600, Lang::Da) == "For mange forkerte forsøg. Prøv igen om 60 minutter.");
    CHECK(lockoutText(3600, Lang::En) == "Too many wrong tries. Try again in 60 minutes.");
  }
}

TEST_SUITE("ui") {
  // A new user's trial: "nøgle" named a USB stick, the recovery key and a
  // crypto key on the same screens. A stick is "USB-stik" everywhere in
  // Danish; "nøgle" is kept for keys.
  TEST_CASE("Danish screens call a USB stick a USB-stik and never a USB-nøgle") {
    std::vector<std::string> all;
    for (int i = 0; i < static_cast<int>(Word::Count); ++i) all.emplace_back(tr(static_cast<Word>(i), core::Lang::Da));
    for (int i = 0; i < static_cast<int>(CoordWord::Count); ++i) all.emplace_back(ctr(static_cast<CoordWord>(i), core::Lang::Da));
    for (std::size_t i = 0; i < catalogueSize(); ++i) all.emplace_back(templateOf(catalogueCode(i), Lang::Da));
    for (const std::string& da : all) {
      CAPTURE(da);
      CHECK(da.find("USB-nøgle") == std::string::npos);
      CHECK(da.find("Tag derefter nøglen") == std::string::npos);
    }
  }
}

TEST_SUITE("ui") {
  // A new user's trial met straight and curly quotes mixed on one screen and
  // "3-19 år" with a hyphen. Danish screens quote „so“, and a range of ages
  // takes an en dash.
  TEST_CASE("Danish screens quote with „…“ and write a range with an en dash") {
    std::vector<std::string> all;
    for (int i = 0; i < static_cast<int>(Word::Count); ++i) all.emplace_back(tr(static_cast<Word>(i), core::Lang::Da));
    for (int i = 0; i < static_cast<int>(CoordWord::Count); ++i) all.emplace_back(ctr(static_cast<CoordWord>(i), core::Lang::Da));
    for (const std::string& da : all) {
      CAPTURE(da);
      CHECK(da.find('"') == std::string::npos);
      CHECK(da.find("\u201D") == std::string::npos);  // ” (the closing quote as an opening one)
      CHECK(da.find("\u00BB") == std::string::npos);  // »
      CHECK(da.find("}-{") == std::string::npos);
    }
    CHECK(quoted("Andet", core::Lang::Da) == "\u201EAndet\u201C");
    CHECK(quoted("Other", core::Lang::En) == "\u201COther\u201D");
  }
}
