// The script language (docs/SCRIPTS.md): what parses, and the messages for
// what does not. Running scripts against the real app is ui.script.* in CTest.
#include <doctest/doctest.h>

#include "ui/app_options.hpp"
#include "ui/script.hpp"
#include "ui/widget_registry.hpp"

using namespace spor::ui;
using namespace std::chrono_literals;

TEST_SUITE("ui") {
  TEST_CASE("script: every step parses") {
    const Script s = parseScript(R"(# a comment
tap "Start en måling"
tap Fortsæt
type "Alma \"Lille\" A"
key Escape
wait 500ms
wait 2s
wait 5min
screenshot shots/home.png
expect "Tak!"
expect-not "Pause"   # trailing comment
window 800x1280
check-layout

quit
)",
                                 "t.spor");
    REQUIRE(s.steps.size() == 13);
    CHECK(s.steps[0].kind == StepKind::Tap);
    CHECK(s.steps[0].text == "Start en måling");
    CHECK(s.steps[0].line == 2);
    CHECK(s.steps[1].text == "Fortsæt");
    CHECK(s.steps[2].text == "Alma \"Lille\" A");
    CHECK(s.steps[3].kind == StepKind::Key);
    CHECK(s.steps[4].duration == 500ms);
    CHECK(s.steps[5].duration == 2s);
    CHECK(s.steps[6].duration == 5min);
    CHECK(s.steps[7].text == "shots/home.png");
    CHECK(s.steps[8].kind == StepKind::Expect);
    CHECK(s.steps[9].kind == StepKind::ExpectNot);
    CHECK(s.steps[10].width == 800);
    CHECK(s.steps[10].height == 1280);
    CHECK(s.steps[11].kind == StepKind::CheckLayout);
    CHECK(s.steps[12].kind == StepKind::Quit);
    CHECK(s.steps[12].line == 15);
  }

  TEST_CASE("script: a PIN is taps on the pad's digits and OK, all on the pin's line") {
    const Script s = parseScript("\npin 1204\n", "t.spor");
    REQUIRE(s.steps.size() == 5);
    CHECK(s.steps[0].text == "1");
    CHECK(s.steps[0].role == "pin-digit");
    CHECK(s.steps[2].text == "0");
    CHECK(s.steps[4].role == "pin-ok");
    for (const Step& st : s.steps) CHECK(st.line == 2);
  }

  TEST_CASE("script: mistakes name the file, the line and what to write") {
    CHECK_THROWS_WITH_AS(parseScript("tap \"A\"\nclick \"B\"\n", "s.spor"),
                         "s.spor:2: unknown step 'click'; the steps are tap, type, pin, key, wait, today, screenshot, expect, "
                         "expect-not, window, check-layout, render, record-texts, quit",
                         ScriptError);
    CHECK_THROWS_WITH_AS(parseScript("render fast\n", "s.spor"), "s.spor:1: render takes on or off, not 'fast'",
                         ScriptError);
    CHECK(!parseScript("render off\n", "s.spor").steps.at(0).on);
    CHECK(parseScript("today 2027-06-01\n", "s.spor").steps.at(0).date == *spor::core::parseDate("2027-06-01"));
    CHECK_THROWS_WITH_AS(parseScript("today 1/6 2027\n", "s.spor"),
                         "s.spor:1: today needs a date YYYY-MM-DD, such as today 2027-06-01, not '1/6'", ScriptError);
    CHECK_THROWS_WITH_AS(parseScript("tap \"Start\n", "s.spor"),
                         "s.spor:1: the label to tap (tap \"Fortsæt\") has no closing quote", ScriptError);
    CHECK_THROWS_WITH_AS(parseScript("tap\n", "s.spor"), "s.spor:1: missing label to tap (tap \"Fortsæt\")",
                         ScriptError);
    CHECK_THROWS_WITH_AS(parseScript("wait 5\n", "s.spor"),
                         "s.spor:1: wait needs a unit: ms, s or min (as in 500ms, 2s, 5min), not '5'", ScriptError);
    CHECK_THROWS_WITH_AS(parseScript("wait soon\n", "s.spor"),
                         "s.spor:1: wait needs a duration such as 500ms, 2s or 5min, not 'soon'", ScriptError);
    CHECK_THROWS_WITH_AS(parseScript("pin 12a4\n", "s.spor"),
                         "s.spor:1: pin takes digits only, such as pin 1234, not '12a4'", ScriptError);
    CHECK_THROWS_WITH_AS(parseScript("screenshot a.bmp\n", "s.spor"),
                         "s.spor:1: screenshot writes PNG files: the name must end in .png, not 'a.bmp'", ScriptError);
    CHECK_THROWS_WITH_AS(parseScript("window 800\n", "s.spor"),
                         "s.spor:1: window needs a size WIDTHxHEIGHT between 320 and 8192, such as 800x1280, not '800'",
                         ScriptError);
    CHECK_THROWS_WITH_AS(parseScript("tap \"A\" \"B\"\n", "s.spor"), "s.spor:1: unexpected '\"B\"' after tap",
                         ScriptError);
    CHECK_THROWS_WITH_AS(loadScript("/nonexistent/x.spor"),
                         "cannot read the script '/nonexistent/x.spor': no such file or no permission", ScriptError);
  }

  TEST_CASE("app options: what starts the app, and what is wrong") {
    CHECK(isAppInvocation({}));
    CHECK(isAppInvocation({"--data-dir", "/tmp/x"}));
    CHECK(isAppInvocation({"--kiosk"}));
    CHECK_FALSE(isAppInvocation({"forms", "check", "forms"}));
    CHECK_FALSE(isAppInvocation({"--help"}));
    CHECK_FALSE(isAppInvocation({"--lang", "da", "--help"}));  // the help, not "unknown option '--help' for the app"
    CHECK_FALSE(isAppInvocation({"--data-dir", "/tmp/x", "--version"}));
    CHECK_FALSE(isAppInvocation({"--version"}));

    const AppOptions o =
        parseAppOptions({"--data-dir", "/tmp/d", "--kiosk", "--scale=1.5", "--lang", "en", "--size", "800x1280"});
    CHECK(o.dataDir == "/tmp/d");
    CHECK(o.kiosk);
    CHECK(o.scale == doctest::Approx(1.5));
    CHECK(o.lang == spor::core::Lang::En);
    CHECK(o.width == 800);
    CHECK(o.height == 1280);
    CHECK(o.sizeGiven);
    CHECK_FALSE(parseAppOptions({"--kiosk"}).sizeGiven);

    CHECK_THROWS_WITH_AS(parseAppOptions({"--scale", "9"}),
                         "--scale takes a number from 0.5 to 4, such as 1.5, not '9'", AppUsageError);
    CHECK_THROWS_WITH_AS(parseAppOptions({"--data-dri", "x"}), "unknown option '--data-dri' for the app",
                         AppUsageError);
    CHECK_THROWS_WITH_AS(parseAppOptions({"--data-dir"}), "option --data-dir needs a value", AppUsageError);
    CHECK_THROWS_WITH_AS(parseAppOptions({"--lang", "de"}), "--lang takes da or en, not 'de'", AppUsageError);
    CHECK_THROWS_WITH_AS(parseAppOptions({"--kiosk", "forms"}),
                         "'forms' is not an app option; to run a command, put it first (spor forms ...)",
                         AppUsageError);
  }

  TEST_CASE("widget registry: what a script can find, and layout problems") {
    WidgetRegistry r;
    r.beginFrame(800, 600);
    r.add({WidgetKind::Button, "Fortsæt", Rect{100, 100, 300, 160}, true, true, "", true, std::nullopt});
    r.add({WidgetKind::Button, "1", Rect{100, 200, 160, 260}, true, true, "pin-digit", true, std::nullopt});
    r.add({WidgetKind::Text, "Pause", Rect{100, 20, 200, 60}, true, true, "", true, std::nullopt});
    CHECK(r.lastFrame().empty());  // nothing until the frame ends
    r.endFrame();
    CHECK(r.buttons("Fortsæt").size() == 1);
    CHECK(r.buttons("1", "pin-digit").size() == 1);
    CHECK(r.buttons("1", "face").empty());
    CHECK(r.buttons("Pause").empty());  // a text is not a button
    CHECK(r.showsText("Paus"));
    CHECK(r.layoutProblems().empty());

    r.beginFrame(800, 600);
    r.add({WidgetKind::Button, "A", Rect{700, 100, 900, 160}, true, true, "", true, std::nullopt});
    r.add({WidgetKind::Button, "B", Rect{0, 0, 100, 100}, true, false, "", true, std::nullopt});
    r.add({WidgetKind::Button, "C", Rect{50, 50, 150, 150}, true, true, "", true, std::nullopt});
    r.endFrame();
    const auto problems = r.layoutProblems();
    REQUIRE(problems.size() == 3);
    CHECK(problems[0] == "button \"A\" at (700,100)-(900,160) is partly off the screen");
    CHECK(problems[1] == "button \"B\" at (0,0)-(100,100): the label does not fit");
    CHECK(problems[2] == "button \"B\" at (0,0)-(100,100) overlaps button \"C\" at (50,50)-(150,150)");
  }

  TEST_CASE("check-layout: what a scroll area cuts and what scrolling cannot show") {
    // A list in an area 0..400 high whose content is 600 high, at the top.
    WidgetRegistry r;
    const auto inArea = [&](const char* label, Rect rect, int area, const Rect& clip) {
      WidgetRecord w{WidgetKind::Button, label, rect, true, true, "", rect.cy() >= clip.y0 && rect.cy() <= clip.y1, clip};
      w.areaIndex = area;
      r.add(w);
    };
    const Rect clip{0, 0, 800, 400};
    r.beginFrame(800, 600);
    int a = r.beginArea(clip, 0);
    inArea("Top", Rect{0, 0, 400, 100}, a, clip);
    inArea("Edge", Rect{0, 350, 400, 450}, a, clip);   // half shown at the list's edge: scrolling shows it
    inArea("Below", Rect{0, 480, 400, 580}, a, clip);  // scrolled away, within the content
    r.endArea(a, 600);
    r.endFrame();
    CHECK(r.layoutProblems().empty());

    // The same, but the content's height says less than what was drawn:
    // nothing can scroll to the last two.
    r.beginFrame(800, 600);
    a = r.beginArea(clip, 0);
    inArea("Edge", Rect{0, 350, 400, 450}, a, clip);
    inArea("Below", Rect{0, 480, 400, 580}, a, clip);
    inArea("Wide", Rect{700, 10, 900, 90}, a, clip);  // no sideways scrolling
    r.endArea(a, 380);
    r.endFrame();
    auto problems = r.layoutProblems();
    REQUIRE(problems.size() == 3);
    CHECK(problems[0] ==
          "button \"Edge\" at (0,350)-(400,450) is cut by its scroll area at (0,0)-(800,400), and no scrolling shows it whole");
    CHECK(problems[1] ==
          "button \"Below\" at (0,480)-(400,580) is cut by its scroll area at (0,0)-(800,400), and no scrolling shows it whole");
    CHECK(problems[2] ==
          "button \"Wide\" at (700,10)-(900,90) is cut by its scroll area at (0,0)-(800,400), and no scrolling shows it whole");

    // A scroll area reaching off the screen.
    r.beginFrame(800, 600);
    r.endArea(r.beginArea(Rect{0, 300, 800, 700}, 0), 100);
    r.endFrame();
    problems = r.layoutProblems();
    REQUIRE(problems.size() == 1);
    CHECK(problems[0] == "scroll area at (0,300)-(800,700) is partly off the screen");
  }

  TEST_CASE("check-layout: a child's answers are seen whole without scrolling and at least 70 px high") {
    WidgetRegistry r;
    const Rect clip{0, 100, 800, 400};
    r.beginFrame(800, 600);
    const int a = r.beginArea(clip, 0);
    const auto answer = [&](const char* label, Rect rect, bool inArea) {
      WidgetRecord w{WidgetKind::Button, label, rect, true, true, "face", true, std::nullopt};
      if (inArea) {
        w.area = clip;
        w.areaIndex = a;
        w.visible = rect.cy() >= clip.y0 && rect.cy() <= clip.y1;
      }
      w.mustShow = true;
      r.add(w);
    };
    answer("Helt enig", Rect{0, 300, 190, 390}, true);   // whole
    answer("Lidt enig", Rect{200, 320, 390, 420}, true);  // its label cut by the area
    answer("Lidt uenig", Rect{400, 420, 590, 500}, true); // below the fold: a child would have to scroll
    answer("Vil ikke svare", Rect{300, 500, 500, 560}, false);  // 60 px: too small for a child's finger
    r.endArea(a, 500);
    r.endFrame();
    const auto problems = r.layoutProblems();
    REQUIRE(problems.size() == 3);
    CHECK(problems[0] == "button \"Lidt enig\" at (200,320)-(390,420) is an answer a child must see whole without "
                         "scrolling, but it is cut or out of sight");
    CHECK(problems[1] == "button \"Lidt uenig\" at (400,420)-(590,500) is an answer a child must see whole without "
                         "scrolling, but it is cut or out of sight");
    CHECK(problems[2] == "button \"Vil ikke svare\" at (300,500)-(500,560) is an answer a child can give, but only "
                         "60 px high (at least 70)");
  }
}
