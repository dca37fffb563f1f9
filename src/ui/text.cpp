#include "ui/text.hpp"

#include <array>
#include <cstddef>

namespace spor::ui {

namespace {

struct Entry {
  Tx key;
  const char* name;
  const char* da;
  const char* en;
};

#define SPOR_TX(key) Tx::key, #key

// One line per key, in the enum's order (checked below at compile time).
constexpr std::array<Entry, static_cast<std::size_t>(Tx::Count)> kTexts{{
    {SPOR_TX(AppName), "Spor", "Spor"},
    {SPOR_TX(Progress), "{0} af {1}", "{0} of {1}"},
    {SPOR_TX(Back), "Tilbage", "Back"},
    {SPOR_TX(Pause), "Pause", "Pause"},
    {SPOR_TX(ReadAloud), "Læs op", "Read aloud"},
    {SPOR_TX(PauseTitle), "Pause", "Paused"},
    {SPOR_TX(PauseBody), "Du kan fortsætte, når du er klar.", "You can go on when you are ready."},
    {SPOR_TX(Continue), "Fortsæt", "Continue"},
    {SPOR_TX(GiveBack), "Til den voksne", "For the adult"},
    {SPOR_TX(ThanksTitle), "Tak!", "Thank you!"},
    {SPOR_TX(ThanksBody), "Du har svaret på alle spørgsmålene.", "You have answered all the questions."},
    {SPOR_TX(ThanksGiveBack), "Giv tabletten tilbage til den voksne.", "Please give the tablet back to the adult."},
    {SPOR_TX(HandOverTitle), "Hej {0}!", "Hi {0}!"},
    {SPOR_TX(HandOverBody),
     "Nu kommer nogle spørgsmål om, hvordan du har det. Der er ingen rigtige eller forkerte svar.",
     "Here come some questions about how you are. There are no right or wrong answers."},
    {SPOR_TX(HandOverStart), "Start", "Start"},
    {SPOR_TX(PinLeaveTitle), "Til den voksne", "For the adult"},
    {SPOR_TX(PinUnlockTitle), "Spor er låst", "Spor is locked"},
    {SPOR_TX(PinQuitTitle), "Luk Spor", "Close Spor"},
    {SPOR_TX(PinPrompt), "Skriv din PIN-kode", "Enter your PIN"},
    {SPOR_TX(PinErase), "Slet", "Erase"},
    {SPOR_TX(PinOk), "OK", "OK"},
    {SPOR_TX(PinCancel), "Annullér", "Cancel"},
    {SPOR_TX(PinWrong), "Forkert PIN-kode. Prøv igen.", "Wrong PIN. Try again."},
    {SPOR_TX(PinLockedOut), "For mange forkerte forsøg. Vent {0} sekunder.", "Too many wrong tries. Wait {0} seconds."},
    {SPOR_TX(DemoBadge), "DEMO", "DEMO"},
    {SPOR_TX(DemoTitle), "Spor: prøv en måling", "Spor: try a measurement"},
    {SPOR_TX(DemoBody),
     "Dette er en demo. Svarene gemmes kun, mens appen er åben, og forsvinder, når den lukkes.",
     "This is a demo. Answers are kept only while the app is open and are gone when it closes."},
    {SPOR_TX(DemoPinHint), "Demo-PIN: {0}", "Demo PIN: {0}"},
    {SPOR_TX(DemoStart), "Start en måling", "Start a measurement"},
    {SPOR_TX(HomePaused), "{0} måling er sat på pause: {1} af {2} spørgsmål besvaret.",
     "{0} measurement is paused: {1} of {2} questions answered."},
    {SPOR_TX(HomeFinished), "{0} måling er færdig.", "{0} measurement is finished."},
    {SPOR_TX(HomeHandBack), "Giv tabletten til barnet igen", "Hand the tablet back to the child"},
    {SPOR_TX(SafeguardingTitle), "Til dig som frivillig", "For you as a volunteer"},
    {SPOR_TX(SafeguardingBody), "Nogle af {0} svar giver grund til at være opmærksom:",
     "Some of {0} answers call for attention:"},
    {SPOR_TX(SafeguardingDismiss), "Jeg har læst det", "I have read this"},
    {SPOR_TX(Quit), "Luk", "Close"},
}};

#undef SPOR_TX

constexpr bool inEnumOrder() {
  for (std::size_t i = 0; i < kTexts.size(); ++i)
    if (static_cast<std::size_t>(kTexts[i].key) != i) return false;
  return true;
}
static_assert(inEnumOrder(), "kTexts must list every Tx key once, in the enum's order");

}  // namespace

const char* tr(Tx key, core::Lang lang) {
  const Entry& e = kTexts[static_cast<std::size_t>(key)];
  return lang == core::Lang::En ? e.en : e.da;
}

std::string trf(Tx key, core::Lang lang, std::initializer_list<std::string_view> args) {
  const std::string_view pattern = tr(key, lang);
  std::string out;
  out.reserve(pattern.size() + 16);
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] == '{' && i + 2 < pattern.size() && pattern[i + 2] == '}' && pattern[i + 1] >= '0' &&
        pattern[i + 1] <= '9') {
      const auto n = static_cast<std::size_t>(pattern[i + 1] - '0');
      if (n < args.size()) out += *(args.begin() + static_cast<std::ptrdiff_t>(n));
      i += 2;
      continue;
    }
    out += pattern[i];
  }
  return out;
}

std::string possessive(const std::string& name, core::Lang lang) {
  if (name.empty()) return name;
  const char last = name.back();
  if (lang == core::Lang::En) return name + (last == 's' ? "'" : "'s");
  // Danish: "Almas", but "Mads'" after s, x and z.
  return name + (last == 's' || last == 'x' || last == 'z' || last == 'S' || last == 'X' || last == 'Z' ? "'" : "s");
}

const char* txName(Tx key) { return kTexts[static_cast<std::size_t>(key)].name; }

}  // namespace spor::ui
