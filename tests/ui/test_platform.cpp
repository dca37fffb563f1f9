// Platform pieces that need no window: read-aloud into memory, PNG files,
// the embedded fonts.
#include <cmath>
#include <filesystem>

#include <doctest/doctest.h>

#include "platform/fonts.hpp"
#include "platform/png.hpp"
#include "platform/speech.hpp"
#include "platform/window.hpp"

using namespace spor::platform;

TEST_SUITE("ui") {
  TEST_CASE("read-aloud synthesises Danish speech into a buffer") {
    Synthesizer synth("da");
    const Pcm pcm = synth.synthesize("Hvor ofte føler du dig glad? Aldrig. Sjældent. Tit. Altid.");
    REQUIRE(pcm.sampleRate > 8000);
    // Ten words at about 145 words a minute, with pauses: several seconds, not a click and not a minute.
    CHECK(pcm.seconds() > 2.0);
    CHECK(pcm.seconds() < 12.0);
    double sum = 0;
    int peak = 0;
    for (std::int16_t s : pcm.samples) {
      sum += static_cast<double>(s) * s;
      peak = std::max(peak, std::abs(static_cast<int>(s)));
    }
    const double rms = std::sqrt(sum / static_cast<double>(pcm.samples.size()));
    CHECK(rms > 300.0);  // speech, not silence
    CHECK(peak > 4000);
    MESSAGE("Danish speech: " << pcm.seconds() << " s, RMS " << rms << ", peak " << peak);

    SUBCASE("a longer text takes longer") {
      const Pcm longer = synth.synthesize(
          "Nu kommer nogle sætninger om svære tanker. Der er ingen rigtige eller forkerte svar, og du kan altid vælge "
          "Vil ikke svare.");
      CHECK(longer.seconds() > pcm.seconds());
    }
    SUBCASE("a cancelled synthesis stops early") {
      std::atomic<bool> cancel{true};
      const Pcm cut = synth.synthesize("Hvor ofte føler du dig glad? Aldrig. Sjældent. Tit. Altid.", &cancel);
      CHECK(cut.seconds() < pcm.seconds());
    }
  }

  TEST_CASE("an unknown voice is a clear error") {
    CHECK_THROWS_WITH_AS(Synthesizer("xx-nonexistent"),
                         "espeak-ng has no voice 'xx-nonexistent' (apt-get install espeak-ng-data)", SpeechError);
  }

  TEST_CASE("PNG files round-trip") {
    Image img;
    img.width = 3;
    img.height = 2;
    img.rgba = {255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 255, 10, 20, 30, 255, 40, 50, 60, 255, 70, 80, 90, 128};
    const std::string path = std::string(SPOR_TEST_BUILD_DIR) + "/png-test/sub/three.png";
    std::filesystem::remove_all(std::string(SPOR_TEST_BUILD_DIR) + "/png-test");
    writePng(path, img);
    const Image back = readPng(path);
    CHECK(back.width == 3);
    CHECK(back.height == 2);
    CHECK(back.rgba == img.rgba);
    CHECK_THROWS_WITH_AS(writePng(path, Image{}), ("cannot write '" + path + "': the image is empty").c_str(),
                         PlatformError);
  }

  TEST_CASE("the fonts are inside the binary") {
    CHECK(embeddedFontSize(Typeface::Regular) > 100'000);
    CHECK(embeddedFontSize(Typeface::Bold) > 100'000);
    const unsigned short* r = glyphRanges();
    CHECK(r[0] == 0x20);
    CHECK(r[1] == 0xFF);  // æ ø å
  }

  TEST_CASE("the default window fits the display's usable area") {
    // A 1280x800 tablet with a 32-px panel: the default 1280x800 window would
    // lose its bottom edge under the panel, so it opens maximised instead.
    const WindowFit panel = fitToUsableArea(1280, 800, 1280, 768, false);
    CHECK(panel.maximize);
    CHECK(panel.width == 1280);
    CHECK(panel.height == 768);
    // A bigger screen: the size asked for.
    const WindowFit big = fitToUsableArea(1280, 800, 1920, 1050, false);
    CHECK_FALSE(big.maximize);
    CHECK(big.width == 1280);
    CHECK(big.height == 800);
    // --size is kept as given, and a display that says nothing changes nothing.
    CHECK_FALSE(fitToUsableArea(1280, 800, 1280, 768, true).maximize);
    CHECK(fitToUsableArea(800, 1280, 0, 0, false).height == 1280);
    // Portrait tablet: 800x1280 less a panel.
    const WindowFit portrait = fitToUsableArea(1280, 800, 800, 1240, false);
    CHECK(portrait.maximize);
    CHECK(portrait.width == 800);
    CHECK(portrait.height == 800);
  }
}
