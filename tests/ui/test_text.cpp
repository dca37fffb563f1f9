// The UI text table: every key in both languages, placeholders filled.
#include <string>

#include <doctest/doctest.h>

#include "ui/text.hpp"

using namespace spor;
using namespace spor::ui;

TEST_SUITE("ui") {
  TEST_CASE("every text exists in Danish and English, with the same placeholders") {
    for (int i = 0; i < static_cast<int>(Tx::Count); ++i) {
      const auto key = static_cast<Tx>(i);
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
    CHECK(trf(Tx::Progress, core::Lang::Da, {"3", "12"}) == "3 af 12");
    CHECK(trf(Tx::Progress, core::Lang::En, {"3", "12"}) == "3 of 12");
    CHECK(trf(Tx::Progress, core::Lang::Da, {"3"}) == "3 af ");
    CHECK(possessive("Alma", core::Lang::Da) == "Almas");
    CHECK(possessive("Mads", core::Lang::Da) == "Mads'");
    CHECK(possessive("Alma", core::Lang::En) == "Alma's");
    CHECK(possessive("Mads", core::Lang::En) == "Mads'");
    CHECK(trf(Tx::SafeguardingBody, core::Lang::Da, {possessive("Mads", core::Lang::Da)}) ==
          "Nogle af Mads' svar giver grund til at være opmærksom:");
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
