// Widget helpers that need a font but no window.
#include <string>

#include <doctest/doctest.h>
#include <imgui.h>

#include "ui/widgets.hpp"

namespace {

// Dear ImGui's own font, built without a window or renderer.
struct FontContext {
  FontContext() {
    ImGui::CreateContext();
    ImGui::GetIO().Fonts->AddFontDefault();
    ImGui::GetIO().Fonts->Build();
    font = ImGui::GetIO().Fonts->Fonts[0];
  }
  ~FontContext() { ImGui::DestroyContext(); }
  FontContext(const FontContext&) = delete;
  FontContext& operator=(const FontContext&) = delete;
  ImFont* font = nullptr;
};

float width(ImFont* font, const std::string& s) {
  return font->CalcTextSizeA(font->FontSize, 1e9f, 0.0f, s.data(), s.data() + s.size()).x;
}

}  // namespace

TEST_SUITE("ui") {
  TEST_CASE("oneLine: a long text is cut to the width with an ellipsis and never inside a character") {
    FontContext fc;
    const std::string shortText = "STRØM · Gruppe";
    CHECK(spor::ui::oneLine(fc.font, shortText, 1000.0f) == shortText);

    const std::string longText =
        "Tidlig opsporing og forebyggelse af børn og unges mistrivsel – når de rammes af nære familiemedlemmers "
        "selvmordsadfærd · Gruppe";
    for (const float w : {40.0f, 120.0f, 200.0f, 330.0f}) {
      CAPTURE(w);
      const std::string cut = spor::ui::oneLine(fc.font, longText, w);
      CHECK(cut.size() < longText.size());
      CHECK(cut.substr(cut.size() - 3) == "…");
      CHECK(width(fc.font, cut) <= w);
      // What is kept is the start of the text, whole characters only.
      const std::string kept = cut.substr(0, cut.size() - 3);
      CHECK(longText.compare(0, kept.size(), kept) == 0);
      CHECK((kept.empty() || (static_cast<unsigned char>(longText[kept.size()]) & 0xC0) != 0x80));
    }
    // Narrower than the ellipsis itself: only the ellipsis.
    CHECK(spor::ui::oneLine(fc.font, longText, 1.0f) == "…");
  }
}

#include "ui/theme.hpp"

TEST_SUITE("ui") {
  // Issue 12: the grey lead-in on child screens had 5.7:1; child-facing text needs 7:1.
  TEST_CASE("child-facing text has a contrast of at least 7:1 on every surface it is drawn on") {
    const spor::ui::Palette& p = spor::ui::palette();
    CHECK(spor::ui::contrastRatio(IM_COL32(0, 0, 0, 255), IM_COL32(255, 255, 255, 255)) == doctest::Approx(21.0));
    for (ImU32 ground : {p.background, p.surface, p.selectedFill}) {
      CHECK(spor::ui::contrastRatio(p.ink, ground) >= 7.0);
      CHECK(spor::ui::contrastRatio(p.muted, ground) >= 7.0);  // the dimension's lead-in, the dots of a neutral card
    }
    for (spor::core::Face f : {spor::core::Face::VerySad, spor::core::Face::Sad, spor::core::Face::Happy,
                               spor::core::Face::VeryHappy})
      CHECK(spor::ui::contrastRatio(p.ink, spor::ui::faceColour(f)) >= 7.0);
  }
}
