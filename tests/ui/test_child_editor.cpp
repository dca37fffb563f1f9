// The child editor part (model/child_editor.hpp): a new child, or the
// changes to one, with parental consent. What is missing is named beside
// its field, the project's rules (municipality, ages, gender, who consents)
// are checked before anything is saved, and the draft changes only
// through the part's methods. Over a real device store (fast KDF).
#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include <doctest/doctest.h>

#include "store/device_store.hpp"
#include "tests/ui/demo_fixture.hpp"
#include "ui/model/app_model.hpp"
#include "ui/text.hpp"

using namespace spor;
using namespace spor::ui;

namespace {

using uitest::forms;

struct Flow : uitest::DemoFlow {
  Flow() : DemoFlow("child-editor") {}
};

}  // namespace

TEST_SUITE("ui") {
  TEST_CASE("a new child: what is missing is said, then it is saved with its code") {
    Flow f;
    f.model.setupDemo();
    f.model.childEditor().start();
    const ChildDraft& d = f.model.childEditor().draft();
    f.model.childEditor().birthYear("2014");
    f.model.childEditor().gender(store::Gender::Girl);
    f.model.childEditor().save();
    CHECK(d.error == "Vælg et projekt.");
    f.model.childEditor().project("strom");
    CHECK(d.interventions == std::vector<core::Intervention>{core::Intervention::Individual});  // the only one offered
    f.model.childEditor().nickname("Maja");
    f.model.childEditor().consentGiven(true);
    f.model.childEditor().consentBy("mor");
    f.model.childEditor().save();
    REQUIRE(f.model.state().screen == Screen::ChildDetail);
    const auto& c = f.model.state().detail->summary.child;
    CHECK(store::isChildCode(c.code));
    CHECK(c.details.nickname == "Maja");
    CHECK(c.details.birthYear == 2014);
    CHECK(f.model.state().detail->consents.size() == 1);
    f.model.goHome();
    CHECK(f.model.state().children.size() == 3);
  }

  TEST_CASE("\"Annullér\" asks first once something was typed or chosen; untouched it leaves at once") {
    Flow f;
    f.model.setupDemo();
    // Untouched: straight home.
    f.model.childEditor().start();
    f.model.childEditor().cancel();
    CHECK(f.model.state().screen == Screen::Home);
    CHECK(f.model.state().confirm.ask == ConfirmState::Ask::None);
    // A typed birth year: asked, and "Annullér" on the question keeps the form as it was.
    f.model.childEditor().start();
    f.model.focusField(Field::BirthYear);
    f.model.typeText("2014");
    f.model.childEditor().cancel();
    CHECK(f.model.state().screen == Screen::ChildEdit);
    CHECK(f.model.state().confirm.ask == ConfirmState::Ask::DiscardChildDraft);
    CHECK(f.model.state().confirm.title == "Kassér det nye barn?");
    CHECK(f.model.state().confirm.no == "Nej, fortsæt");  // the header has the form's own "Annullér"
    f.model.confirmNo();
    CHECK(f.model.state().screen == Screen::ChildEdit);
    CHECK(f.model.childEditor().draft().birthYearText == "2014");
    // Asked again and confirmed: home, no child made.
    f.model.childEditor().cancel();
    f.model.confirmYes();
    CHECK(f.model.state().screen == Screen::Home);
    CHECK(f.model.state().children.size() == 2);
    // Editing a child: unchanged leaves at once; a changed gender asks.
    f.model.openChild(f.model.state().children.front().child.id);
    f.model.childEditor().edit();
    f.model.childEditor().cancel();
    CHECK(f.model.state().screen == Screen::ChildDetail);
    f.model.childEditor().edit();
    f.model.childEditor().gender(store::Gender::Other);
    f.model.childEditor().cancel();
    CHECK(f.model.state().confirm.title == "Kassér ændringerne?");
    f.model.confirmYes();
    CHECK(f.model.state().screen == Screen::ChildDetail);
    CHECK(f.model.state().detail->summary.child.details.gender != store::Gender::Other);
  }

  TEST_CASE("the on-screen keyboard has the signs Danish text and a contact need: comma, question mark, colon, @") {
    Flow f;
    f.model.setupDemo();
    f.model.childEditor().start();
    f.model.noteInput(InputKind::Touch);
    f.model.focusField(Field::Nickname);
    REQUIRE(f.model.keyboardShown());
    REQUIRE(f.model.state().keyboard.layout == KeyboardLayout::Letters);
    // Every row of the letters layout is 11 key widths, so the columns line up.
    for (const auto& row : keyboardRows(KeyboardLayout::Letters)) {
      float width = 0;
      for (const Key& k : row) width += k.width;
      CHECK(width == doctest::Approx(11.0f));
    }
    CHECK(f.model.keyboardTap("L"));  // shifted at the start, as a name is
    // Shift ("↑") once gives one key's second sign; in a name, a hyphen
    // shifts by itself ("Anne-Marie"), so "_" follows it unshifted by hand.
    for (const char* k : {"e", "n", "e", ",", "?", "↑", "!", "↑", ":", "l", "↑", "@", "s", "k", "o", "l", "e", ".", "d",
                          "k", "-", "_", "/", "↑", ";"})
      CHECK_MESSAGE(f.model.keyboardTap(k), "key " << k);
    CHECK(f.model.childEditor().draft().nickname == "Lene,?!:l@skole.dk-_/;");
  }

  TEST_CASE("\"Gem\" on an empty new-child form creates no child; each missing field is named and its error goes "
            "when it is fixed") {
    Flow f;
    f.model.setupDemo();
    const std::size_t before = f.model.state().children.size();
    f.model.childEditor().start();
    const ChildDraft& d = f.model.childEditor().draft();
    CHECK(d.projectId.empty());  // nothing chosen silently
    CHECK(d.interventions.empty());
    CHECK_FALSE(d.gender);
    f.model.childEditor().save();
    CHECK(f.model.state().screen == Screen::ChildEdit);
    // Every missing field at once (a new-user trial met them one "Gem" at a
    // time), each once; no example year before a project is chosen.
    using E = std::pair<ChildField, std::string>;
    CHECK(d.errors == std::vector<E>{{ChildField::BirthYear, "Skriv barnets fødselsår."},
                                     {ChildField::Gender, "Vælg barnets køn (eller „Vil ikke oplyse“)."},
                                     {ChildField::Project, "Vælg et projekt."}});
    CHECK(d.error == "Skriv barnets fødselsår.");
    CHECK(d.errorField == ChildField::BirthYear);  // scrolled to the first
    CHECK(d.revealError);
    CHECK(d.fieldMessage(ChildField::Gender) == "Vælg barnets køn (eller „Vil ikke oplyse“).");
    f.model.childEditor().project("nefos");
    CHECK(d.fieldMessage(ChildField::Project).empty());  // fixed: its error goes, the others stay
    CHECK(d.errors.size() == 2);
    CHECK(d.fieldMessage(ChildField::Interventions).empty());  // nothing new is flagged before "Gem"
    f.model.focusField(Field::BirthYear);
    f.model.typeText("20");
    CHECK(d.fieldMessage(ChildField::BirthYear).rfind("Skriv fødselsåret med fire cifre, fx ", 0) == 0);
    f.model.typeText("14");
    CHECK(d.fieldMessage(ChildField::BirthYear).empty());  // fixed: the error goes
    CHECK(d.errorField == ChildField::Gender);
    f.model.keyboardDone();
    f.model.childEditor().gender(store::Gender::NotSaid);
    CHECK(d.errors.empty());
    CHECK(d.error.empty());
    f.model.childEditor().save();
    // NEFOS works with two municipalities: neither is chosen for the volunteer.
    CHECK(d.errors == std::vector<E>{{ChildField::Municipality, "Vælg barnets kommune."},
                                     {ChildField::Interventions, "Vælg mindst én indsats."}});
    CHECK(d.errorField == ChildField::Municipality);
    f.model.childEditor().municipality("Odense");
    CHECK(d.errorField == ChildField::Interventions);
    CHECK(d.error == "Vælg mindst én indsats.");
    f.model.childEditor().toggleIntervention(core::Intervention::Group);
    CHECK(d.error.empty());
    // Consent ticked, but not by whom: the error names the field below the fold.
    f.model.childEditor().consentGiven(true);
    f.model.childEditor().consentBy("");
    f.model.childEditor().save();
    CHECK(d.errorField == ChildField::ConsentBy);
    CHECK(d.revealError);
    CHECK(d.error == "Vælg, hvem der har givet samtykke.");
    f.model.childEditor().consentBy(tr(Word::ConsentBothParents, core::Lang::Da));
    CHECK(d.error.empty());
    CHECK(d.consentBy == "begge forældre");
    f.model.goHome();
    CHECK(f.model.state().children.size() == before);  // nothing was saved on the way
  }

  TEST_CASE("the child's municipality is one of its project's; one outside the list is refused and nothing is "
            "saved") {
    Flow f;
    f.model.setupDemo();
    const std::size_t before = f.model.state().children.size();
    f.model.childEditor().start();
    const ChildDraft& d = f.model.childEditor().draft();
    f.model.childEditor().birthYear("2014");
    f.model.childEditor().gender(store::Gender::Boy);
    f.model.childEditor().project("strom");  // one municipality: chosen with the project
    CHECK(d.municipality == "København");
    f.model.childEditor().project("nefos");  // two: the volunteer chooses; København is not one of them
    CHECK(d.municipality.empty());
    f.model.childEditor().toggleIntervention(core::Intervention::Family);
    f.model.childEditor().save();
    CHECK(f.model.state().screen == Screen::ChildEdit);
    CHECK(d.errorField == ChildField::Municipality);
    CHECK(d.error == "Vælg barnets kommune.");
    // A name the list does not hold (the view offers only the list's; a
    // project file can change under a child being edited) is refused, in Danish.
    f.model.childEditor().municipality("Aarhus");
    f.model.childEditor().save();
    CHECK(d.error ==
          "'Aarhus' er ikke en af de kommuner, NEFOS arbejder sammen med (Odense, Middelfart): vælg en af dem, eller "
          "bed koordinatoren om at føje kommunen til projektet.");
    CHECK(d.errorField == ChildField::Municipality);
    f.model.goHome();
    CHECK(f.model.state().children.size() == before);  // nothing was saved

    f.model.childEditor().start();
    f.model.childEditor().birthYear("2014");
    f.model.childEditor().gender(store::Gender::Boy);
    f.model.childEditor().project("nefos");
    f.model.childEditor().municipality("Middelfart");
    f.model.childEditor().toggleIntervention(core::Intervention::Family);
    f.model.childEditor().save();
    REQUIRE(f.model.state().screen == Screen::ChildDetail);
    const store::ChildId id = f.model.state().detail->summary.child.id;
    CHECK(f.model.state().detail->summary.child.details.municipality == "Middelfart");

    // Editing keeps it; another project with one municipality replaces it.
    f.model.childEditor().edit();
    CHECK(f.model.childEditor().draft().municipality == "Middelfart");
    f.model.childEditor().project("strom");
    CHECK(f.model.childEditor().draft().municipality == "København");
    f.model.childEditor().save();
    REQUIRE(f.model.state().screen == Screen::ChildDetail);
    CHECK(f.model.state().detail->summary.child.id == id);
    CHECK(f.model.state().detail->summary.child.details.municipality == "København");
  }

  TEST_CASE("who consents follows the project's age rule and consent to share information is its own consent") {
    Flow f;
    f.model.setupDemo();
    const int thisYear = static_cast<int>(std::chrono::year_month_day(core::today()).year());
    const auto newNefosChild = [&](int age) -> const ChildDraft& {
      f.model.childEditor().start();
      const ChildDraft& d = f.model.childEditor().draft();
      f.model.childEditor().birthYear(std::to_string(thisYear - age));
      f.model.childEditor().gender(store::Gender::Girl);
      f.model.childEditor().project("nefos");  // 3-19; the young person consents from 18
      f.model.childEditor().municipality("Odense");
      f.model.childEditor().toggleIntervention(core::Intervention::Family);
      f.model.childEditor().consentGiven(true);
      return d;
    };
    const std::size_t before = f.model.state().children.size();
    {
      const ChildDraft& d = newNefosChild(19);  // over 18 all year: the young person alone
      f.model.childEditor().consentBy("mor");
      f.model.childEditor().save();
      CHECK(f.model.state().screen == Screen::ChildEdit);
      CHECK(d.errorField == ChildField::ConsentBy);
      CHECK(d.error == "Den unge er over 18 år og giver selv samtykke i NEFOS: vælg den unge selv.");
      f.model.goHome();
    }
    {
      const ChildDraft& d = newNefosChild(17);  // under 18 all year: not the young person
      f.model.childEditor().consentBy("den unge");
      f.model.childEditor().save();
      CHECK(d.error ==
            "I NEFOS giver den unge selv samtykke fra det år, den unge fylder 18; for et yngre barn giver forældrene "
            "eller en værge samtykke: vælg, hvem der gjorde det.");
      f.model.goHome();
    }
    CHECK(f.model.state().children.size() == before);  // nothing was saved
    {
      newNefosChild(18);  // turns 18 this year: either, the volunteer knows the birthday
      f.model.childEditor().consentBy("den unge");
      f.model.childEditor().consentSharing(true);
      f.model.childEditor().save();
      REQUIRE(f.model.state().screen == Screen::ChildDetail);
      const auto& consents = f.model.state().detail->consents;
      REQUIRE(consents.size() == 1);
      CHECK(consents[0].givenBy == "den unge");
      CHECK(consents[0].sharing);
      CHECK(consents[0].questionnaires);
    }
    // Alma's parents consented before; consent to share comes later, on its own.
    f.model.goHome();
    f.model.openChild(f.child("Alma"));
    f.model.childEditor().edit();
    const ChildDraft& alma = f.model.childEditor().draft();
    CHECK(alma.hadConsent);
    CHECK_FALSE(alma.hadSharing);
    f.model.childEditor().consentBy("");
    f.model.childEditor().consentSharing(true);
    f.model.childEditor().save();
    CHECK(alma.error == "Vælg, hvem der har givet samtykke.");
    f.model.childEditor().consentBy("far");
    f.model.childEditor().save();
    REQUIRE(f.model.state().screen == Screen::ChildDetail);
    const auto& almaConsents = f.model.state().detail->consents;
    REQUIRE(almaConsents.size() == 2);
    CHECK_FALSE(almaConsents[0].sharing);
    CHECK(almaConsents[1].sharing);
    CHECK_FALSE(almaConsents[1].questionnaires);
    CHECK_FALSE(almaConsents[1].backgroundForm);
    CHECK(almaConsents[1].givenBy == "far");
    f.model.childEditor().edit();
    CHECK(f.model.childEditor().draft().hadSharing);
  }

  // A new-user trial: "fx 2014" was given as the example for EmpowR, whose
  // children are 13-18.
  TEST_CASE("the birth year's example fits the chosen project's ages") {
    Flow f;
    f.model.setupDemo();
    const int thisYear = static_cast<int>(std::chrono::year_month_day(core::today()).year());
    f.model.childEditor().start();
    const ChildDraft& d = f.model.childEditor().draft();
    f.model.childEditor().project("empowr");  // 13-18
    f.model.childEditor().save();
    const std::string example = std::to_string(thisYear - 15);
    CHECK(d.error == "Skriv barnets fødselsår, fx " + example + ".");
    const auto& p = forms().project("empowr");
    CHECK_FALSE(core::ageOutsideRange(p, thisYear - 15, thisYear));
    f.model.childEditor().birthYear("201");
    f.model.childEditor().save();
    CHECK(d.error == "Skriv fødselsåret med fire cifre, fx " + example + ".");
  }

  TEST_CASE("a birth year outside the project's ages is warned about once; \"Gem\" again saves") {
    Flow f;
    f.model.setupDemo();
    const std::size_t before = f.model.state().children.size();
    const int thisYear = static_cast<int>(std::chrono::year_month_day(core::today()).year());
    f.model.childEditor().start();
    const ChildDraft& d = f.model.childEditor().draft();
    f.model.childEditor().birthYear(std::to_string(thisYear - 5));  // a 5-year-old
    f.model.childEditor().gender(store::Gender::Girl);  // EmpowR is for girls: only the age is warned about
    f.model.childEditor().project("empowr");  // 13-18, groups only (chosen with it)
    f.model.childEditor().save();
    CHECK(f.model.state().screen == Screen::ChildEdit);
    CHECK(d.warning ==
          "Barnet fylder 5 år i år, og EmpowR er for børn på 13–18 år. Tjek fødselsåret og projektet, eller tryk Gem "
          "igen for at gemme alligevel.");
    CHECK(d.errorField == ChildField::BirthYear);
    SUBCASE("a year that fits saves at once") {
      f.model.childEditor().birthYear(std::to_string(thisYear - 14));
      f.model.childEditor().save();
      CHECK(f.model.state().screen == Screen::ChildDetail);
    }
    SUBCASE("Gem again saves as it is") {
      f.model.childEditor().save();
      REQUIRE(f.model.state().screen == Screen::ChildDetail);
      CHECK(f.model.state().detail->summary.child.details.birthYear == thisYear - 5);
      f.model.goHome();
      CHECK(f.model.state().children.size() == before + 1);
    }
    SUBCASE("another year outside the ages is warned about again, not saved") {
      f.model.focusField(Field::BirthYear);
      f.model.eraseBack();
      f.model.typeText(std::to_string((thisYear - 4) % 10));  // a 4-year-old
      f.model.keyboardDone();
      CHECK(d.warning.empty());
      f.model.childEditor().save();
      CHECK(f.model.state().screen == Screen::ChildEdit);
      CHECK(d.warning.rfind("Barnet fylder 4 år i år", 0) == 0);
    }
    SUBCASE("changed away and back, the same year is warned about again") {
      f.model.focusField(Field::BirthYear);
      f.model.eraseBack();
      f.model.typeText(std::to_string((thisYear - 4) % 10));
      f.model.eraseBack();
      f.model.typeText(std::to_string((thisYear - 5) % 10));
      f.model.keyboardDone();
      f.model.childEditor().save();
      CHECK(f.model.state().screen == Screen::ChildEdit);
      CHECK_FALSE(d.warning.empty());
    }
    SUBCASE("another project the year does not fit is warned about again") {
      f.model.childEditor().project("strom");
      f.model.childEditor().save();
      if (core::ageOutsideRange(forms().project("strom"), thisYear - 5, thisYear)) {
        CHECK(f.model.state().screen == Screen::ChildEdit);
        CHECK_FALSE(d.warning.empty());
      }
    }
    SUBCASE("a year far out is refused in Danish, not by the store's English") {
      f.model.childEditor().birthYear(std::to_string(thisYear + 1));
      f.model.childEditor().save();
      CHECK(d.error == "Fødselsåret skal være fra " + std::to_string(thisYear - 30) + " til " +
                           std::to_string(thisYear) + ". Tjek det.");
    }
  }

  // A new-user trial: ticking the consent made "Givet af" appear below the fold, unseen.
  TEST_CASE("ticking a consent asks the view once to scroll its giver into view") {
    Flow f;
    f.model.setupDemo();
    f.model.childEditor().start();
    const ChildDraft& d = f.model.childEditor().draft();
    CHECK_FALSE(d.revealConsent);
    f.model.childEditor().consentGiven(true);
    CHECK(d.revealConsent);
    f.model.childEditor().consentGiven(false);
    CHECK_FALSE(d.revealConsent);
  }

  // A new-user trial: EmpowR is for girls, yet a boy was registered in it without a word.
  TEST_CASE("a boy in a girls' project is warned about once beside the gender; \"Gem\" again saves") {
    Flow f;
    f.model.setupDemo();
    const int thisYear = static_cast<int>(std::chrono::year_month_day(core::today()).year());
    f.model.childEditor().start();
    const ChildDraft& d = f.model.childEditor().draft();
    f.model.childEditor().birthYear(std::to_string(thisYear - 15));  // fits EmpowR's 13-18
    f.model.childEditor().gender(store::Gender::Boy);
    f.model.childEditor().project("empowr");
    f.model.childEditor().municipality("Egedal");
    f.model.childEditor().consentGiven(true);
    f.model.childEditor().consentBy("mor");
    f.model.childEditor().save();
    CHECK(f.model.state().screen == Screen::ChildEdit);
    CHECK(d.warning ==
          "EmpowR er et projekt for piger. Tjek barnets køn og projektet, eller tryk Gem igen for at gemme alligevel.");
    CHECK(d.fieldMessage(ChildField::Gender) == d.warning);
    CHECK(d.fieldMessage(ChildField::BirthYear).empty());
    CHECK(d.errorField == ChildField::Gender);
    SUBCASE("a girl saves at once") {
      f.model.childEditor().gender(store::Gender::Girl);
      CHECK(d.warning.empty());
      f.model.childEditor().save();
      CHECK(f.model.state().screen == Screen::ChildDetail);
    }
    SUBCASE("a gender not stated is not warned about") {
      f.model.childEditor().gender(store::Gender::NotSaid);
      f.model.childEditor().save();
      CHECK(f.model.state().screen == Screen::ChildDetail);
    }
    SUBCASE("Gem again saves the boy") {
      f.model.childEditor().save();
      REQUIRE(f.model.state().screen == Screen::ChildDetail);
      CHECK(f.model.state().detail->summary.child.details.gender == store::Gender::Boy);
    }
    SUBCASE("a project for all takes the boy without a word") {
      f.model.childEditor().project("strom");
      f.model.childEditor().save();
      CHECK(d.warning.find("er et projekt for") == std::string::npos);
      CHECK(d.fieldMessage(ChildField::Gender).empty());
    }
  }
}
