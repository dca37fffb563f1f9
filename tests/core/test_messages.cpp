// The message catalogue (src/messages): every code renders in both languages
// with its parameters filled, Danish and English name the same parameters,
// and an Error carries its code to the screen and its English to the CLI.
#include <doctest/doctest.h>

#include <algorithm>
#include <set>

#include "messages/message.hpp"

using namespace spor;

TEST_SUITE("core") {

TEST_CASE("every message code renders in Danish and English with its parameters filled") {
  REQUIRE(catalogueSize() > 0);
  std::set<std::string_view> names;
  for (std::size_t i = 0; i < catalogueSize(); ++i) {
    const Msg code = catalogueCode(i);
    CAPTURE(codeName(code));
    CHECK(names.insert(codeName(code)).second);
    const auto da = templateOf(code, Lang::Da);
    const auto en = templateOf(code, Lang::En);
    CHECK_FALSE(da.empty());
    CHECK_FALSE(en.empty());
    auto daParams = parametersOf(da);
    auto enParams = parametersOf(en);
    std::sort(daParams.begin(), daParams.end());
    std::sort(enParams.begin(), enParams.end());
    // A system's English text ("en_…") is the English template's alone.
    for (const auto& p : daParams) CHECK_MESSAGE(p.rfind("en_", 0) != 0, "Danish shows English parameter " << p);
    auto enShared = enParams;
    enShared.erase(std::remove_if(enShared.begin(), enShared.end(), [](const std::string& p) { return p.rfind("en_", 0) == 0; }),
                   enShared.end());
    CHECK(daParams == enShared);

    Message m{code, {}};
    for (const auto& p : enParams) m.args.emplace_back(p, "<" + p + ">");
    for (const Lang lang : {Lang::Da, Lang::En}) {
      const std::string text = render(m, lang);
      CAPTURE(text);
      CHECK_FALSE(text.empty());
      for (const auto& p : enParams)
        if (templateOf(code, lang).find("{" + p + "}") != std::string_view::npos)
          CHECK(text.find("<" + p + ">") != std::string::npos);
      // Every brace was a parameter or an escaped brace: none is left over.
      CHECK(text.find("{") == std::string::npos);
    }
  }
}

TEST_CASE("a template fills parameters, chooses words by a count and keeps escaped braces") {
  CHECK(parametersOf("a {x} b {n|barn|børn} {x} {{literal}}") == std::vector<std::string>{"x", "n"});
  const Message m{Msg::Unexpected, {{"detail", "disk full"}}};
  CHECK(render(m, Lang::En) == "disk full");
  CHECK(render(m, Lang::Da).find("disk full") != std::string::npos);
  CHECK(render(m, Lang::Da).rfind("Der opstod en uventet fejl", 0) == 0);
  CHECK(Message{Msg::Unexpected, {{"detail", 3}}}.arg("detail") == "3");
  CHECK(Message{Msg::Unexpected}.arg("detail").empty());
}

TEST_CASE("a parameter may be a message of its own and is rendered in the same language") {
  const Message word{Msg::FileBundle};
  const Message m{Msg::FileEmpty, {{"what", Msg::FileBundle}, {"name", "a.sporbundle"}}};
  CHECK(render(m, Lang::En) == "bundle 'a.sporbundle': not a Spor bundle: the file is empty");
  CHECK(render(m, Lang::Da).find("pakken 'a.sporbundle'") != std::string::npos);
  CHECK(m == Message{Msg::FileEmpty, {{"what", Msg::FileBundle}, {"name", "a.sporbundle"}}});
  CHECK_FALSE(m == Message{Msg::FileEmpty, {{"what", Msg::FileReceipt}, {"name", "a.sporbundle"}}});
  CHECK(m.arg("what") == "bundle");
  CHECK(render(word, Lang::Da) == "pakken");
}

TEST_CASE("an Error says its English text to the CLI and keeps its code for the screens") {
  try {
    throw Error({Msg::Unexpected, {{"detail", "out of paper"}}});
  } catch (const std::exception& e) {
    CHECK(std::string(e.what()) == "out of paper");
    CHECK(messageOf(e).code == Msg::Unexpected);
    CHECK(messageOf(e).arg("detail") == "out of paper");
  }
  // Anything else becomes Unexpected, with its own text as the detail.
  const std::runtime_error plain("something odd");
  CHECK(messageOf(plain) == Message{Msg::Unexpected, {{"detail", "something odd"}}});
  CHECK(messageOf(std::make_exception_ptr(plain)).arg("detail") == "something odd");
}

}  // TEST_SUITE
