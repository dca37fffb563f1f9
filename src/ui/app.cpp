#include "ui/app.hpp"

#include <algorithm>
#include <climits>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <ostream>
#include <sstream>
#include <vector>

#include <imgui.h>

#include "core/form_loader.hpp"
#include "platform/data_dir.hpp"
#include "platform/events.hpp"
#include "platform/picture_cache.hpp"
#include "platform/pointer.hpp"
#include "platform/speech.hpp"
#include "platform/window.hpp"
#include "ui/bench_driver.hpp"
#include "ui/model/app_model.hpp"
#include "ui/script_runner.hpp"
#include "ui/theme.hpp"
#include "ui/views/views.hpp"

namespace spor::ui {

namespace {

// Frames drawn after anything happens: ImGui needs one to see a press, one
// to react, and one to show the result settled (hover, active states).
constexpr int kFramesAfterEvent = 3;
// In a script the clock is the script's: each frame moves it this much
// (more than a real frame's 16 ms, so waits for the double-tap guard are short).
constexpr Ms kScriptFrameTime{50};

// Where enrolment files may be: the data folder, the home folder, and where
// Debian mounts USB sticks.
std::vector<std::filesystem::path> enrolmentFolders(const std::filesystem::path& dataDir) {
  std::vector<std::filesystem::path> out{dataDir};
  if (const char* home = std::getenv("HOME"); home && *home) out.emplace_back(home);
  for (const char* m : {"/media", "/run/media", "/mnt"}) out.emplace_back(m);
  return out;
}

// Where desktops mount USB sticks (udisks): each folder in these is offered
// on the sync screen, the first one chosen. Folders under /mnt are offered
// after them, never chosen by themselves.
std::vector<std::filesystem::path> syncMountParents() {
  std::vector<std::filesystem::path> out;
  if (const char* user = std::getenv("USER"); user && *user) {
    out.push_back(std::filesystem::path("/media") / user);
    out.push_back(std::filesystem::path("/run/media") / user);
  }
  return out;
}
std::filesystem::path homeFolder() {
  const char* home = std::getenv("HOME");
  return home && *home ? std::filesystem::path(home) : std::filesystem::path();
}

class App {
 public:
  App(const AppOptions& options, const core::FormSet& forms, const std::filesystem::path& dataDir,
      std::optional<Script> script)
      : options_(options),
        forms_(forms),
        window_({"Spor", options.width, options.height, options.kiosk, options.sizeGiven}),
        model_(forms, clock(), settingsFrom(options)) {
    // Without a display SDL falls back to its offscreen driver: a window
    // nobody can see. Only scripts and the benchmark ask for that.
    const char* asked = std::getenv("SDL_VIDEODRIVER");
    if (window_.videoDriver() == "offscreen" && !script && !options.bench &&
        !(asked && std::string(asked) == "offscreen"))
      throw platform::PlatformError(
          "no display found (no X11 or Wayland session, no kmsdrm console): start Spor from the tablet's desktop, "
          "or on a console with SDL_VIDEODRIVER=kmsdrm; SDL_VIDEODRIVER=offscreen runs it without a screen, for "
          "--script and --bench");
    std::clog << "spor: " << window_.videoDriver() << " video, " << window_.rendererName() << " renderer, "
              << window_.width() << "x" << window_.height() << "\n";
    if (script) runner_.emplace(std::move(*script));
    platform::setPictureCache(&pictures_);
    model_.setKiosk(options.kiosk);
    // Argon2id (unlock, a new PIN, set-up) on its own thread; it wakes the loop when done.
    model_.setWorker(std::make_unique<ThreadWorker>([] { platform::Events::wake(); }));
    model_.setPlatformKeyboard(window_.platformScreenKeyboard());
    model_.setReadAloudAvailable(speech_.available());
    // The store writes its timestamps by the app's clock, as the model reads its days.
    store::DeviceStoreOptions storeOptions;
    storeOptions.clock = [&c = clock()] { return c.wallNow(); };
    model_.openDataDir(dataDir, storeOptions);
    if (options.lang) {  // the command line wins over the saved setting
      Settings s = model_.state().settings;
      s.lang = *options.lang;
      model_.settings().set(s);
    }
    if (model_.state().screen == Screen::Setup) model_.setupFindEnrolmentFiles(enrolmentFolders(dataDir));
    model_.setSyncPlaces(syncMountParents(), homeFolder(), {"/mnt"});
  }

  int run(std::ostream& err) {
    int framesToDraw = kFramesAfterEvent;
    for (;;) {
      if (stopAt_ && std::chrono::steady_clock::now() >= *stopAt_) break;
      bool capture = false;
      if (runner_) {
        ScriptHost host{window_, pointer_, events_, scriptClock_};
        capture = runner_->beforeFrame(host, registry_);
        if (runner_->finished()) break;
      }
      const platform::EventSummary ev = events_.pump(window_, pointer_, waitTimeout(framesToDraw));
      if (ev.terminate) break;
      if (ev.input) model_.noteActivity();
      if (ev.keyboard) model_.noteInput(InputKind::Keyboard);
      if (ev.close) model_.requestClose();
      model_.tick();
      // Whatever woke us (an event, a timer, another thread) may change the screen.
      framesToDraw = std::max(framesToDraw, 1);
      if (ev.any) framesToDraw = kFramesAfterEvent;

      drawFrame(capture);
      --framesToDraw;
      if (pointer_.pending()) framesToDraw = std::max(framesToDraw, 1);
      if (model_.state().quit) break;
      // Slow work takes real time, not the script's: its clock (and every
      // step's 5 s) waits until the work is done.
      if (runner_ && !model_.busy()) scriptClock_.advance(kScriptFrameTime);
    }
    if (runner_) {
      if (runner_->failure()) {
        err << "spor: " << *runner_->failure() << "\n";
        return 1;
      }
      if (!runner_->finished()) {
        err << "spor: " << runner_->where() << ": the app closed before the script ended\n";
        return 1;
      }
    }
    return 0;
  }

 private:
  const Clock& clock() const {
    if (options_.script) return scriptClock_;
    return realClock_;
  }

  static Settings settingsFrom(const AppOptions& o) {
    Settings s;
    if (o.lang) s.lang = *o.lang;
    return s;
  }

  // How long the pump may sleep: not at all while frames are due (or in a
  // script), else until the model's next deadline, else until an event.
  int waitTimeout(int framesToDraw) const {
    // A script waiting for slow work naps instead of spinning (the worker wakes it).
    if (runner_) return model_.busy() ? 20 : 0;
    if (framesToDraw > 0 || pointer_.pending()) return 0;
    std::optional<Ms> deadline = model_.nextDeadline();
    if (stopAt_) {
      const auto left = std::chrono::duration_cast<Ms>(*stopAt_ - std::chrono::steady_clock::now());
      deadline = deadline ? std::min(*deadline, clock().now() + left) : clock().now() + left;
    }
    if (!deadline) return -1;
    const long long ms = (*deadline - clock().now()).count();
    return static_cast<int>(std::clamp<long long>(ms, 1, INT_MAX));
  }

 public:
  // What `--bench` drives (bench_driver.hpp): the pieces of the loop, a
  // frame as the loop draws it, and the loop itself until a stop time.
  BenchHost benchHost() {
    return BenchHost{window_,
                     pointer_,
                     events_,
                     model_,
                     registry_,
                     [this] { drawFrame(false); },
                     [this](std::chrono::steady_clock::time_point stop) {
                       stopAt_ = stop;
                       std::ostringstream ignored;
                       run(ignored);
                       stopAt_.reset();
                     }};
  }

 private:
  void ensureFonts() {
    const float base = options_.scale.value_or(autoScale(window_.dpiScale(), window_.width(), window_.height()));
    const float want = base * model_.state().settings.textScale;
    if (std::fabs(want - fonts_.scale) < 0.01f && fonts_.body) return;
    fonts_ = loadFonts(want);
    applyStyle(want);
    window_.fontsChanged();
  }

  void drawFrame(bool capture) {
    ensureFonts();
    window_.newFrame();
    ImGuiIO& io = ImGui::GetIO();
    // The renderer has the font atlas as a texture now: ImGui's own copies
    // of its pixels (an 8-bit and a 32-bit one) are not needed again until
    // the fonts change, which builds them anew.
    if (io.Fonts->TexPixelsAlpha8 || io.Fonts->TexPixelsRGBA32) io.Fonts->ClearTexData();
    pointer_.apply(io);
    if (const auto touch = pointer_.pressThisFrame()) model_.noteInput(*touch ? InputKind::Touch : InputKind::Mouse);
    ImGui::NewFrame();
    registry_.beginFrame(io.DisplaySize.x, io.DisplaySize.y);
    ViewContext ctx{model_, view_, fonts_, registry_};
    drawScreen(ctx);
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Tab), false) && io.KeyCtrl)
      view_.showFrameStats = !view_.showFrameStats;
    if (auto say = model_.takeSpeech()) {
      if (say->stop)
        speech_.stop();
      else
        speech_.speak(say->text);
    }
    platform::Image image;
    if (capture || !runner_ || runner_->rendering())
      window_.render(capture ? &image : nullptr);
    else
      window_.endFrameUndrawn();
    registry_.endFrame();
    if (runner_) runner_->afterFrame(capture ? &image : nullptr);
  }

  AppOptions options_;
  const core::FormSet& forms_;
  SteadyClock realClock_;
  ManualClock scriptClock_;
  platform::Window window_;
  // Faces baked into textures (widgets.cpp); gone before the window's renderer.
  platform::PictureCache pictures_{window_.renderer()};
  platform::Events events_;
  platform::Pointer pointer_;
  platform::ReadAloud speech_;
  AppModel model_;
  Fonts fonts_;
  ViewState view_;
  WidgetRegistry registry_;
  std::optional<ScriptRunner> runner_;
  std::optional<std::chrono::steady_clock::time_point> stopAt_;  // runUntil: the loop ends here
};

}  // namespace

int runApp(const std::vector<std::string>& words, const AppPaths& paths, std::ostream& err) {
  const auto start = std::chrono::steady_clock::now();
  AppOptions options;
  try {
    options = parseAppOptions(words);
  } catch (const AppUsageError& e) {
    err << "spor: " << e.what() << "\nUsage: " << appUsage() << "\n";
    return 2;
  }
  try {
    const std::string dataDir = platform::prepareDataDir(options.dataDir.value_or(paths.defaultDataDir));
    std::optional<Script> script;
    if (options.script) script = loadScript(*options.script);
    const core::FormSet forms = core::loadForms(paths.formsDir);
    App app(options, forms, dataDir, std::move(script));
    if (options.bench) {
      BenchHost host = app.benchHost();
      if (*options.bench == "-") return runBench(host, std::cout, start);
      std::ofstream out(*options.bench);
      if (!out) throw std::runtime_error("cannot write the benchmark's figures to '" + *options.bench + "'");
      return runBench(host, out, start);
    }
    return app.run(err);
  } catch (const core::FormError& e) {
    // In the screens' language (Danish unless --lang en): a person who
    // starts Spor sees this, not only a developer.
    const core::Lang lang = options.lang.value_or(core::Lang::Da);
    std::string text = render(Message{Msg::AppFormsBroken, {{"folder", paths.formsDir}}}, lang) + ":\n";
    for (const auto& p : e.problems()) text += "  " + p.str(lang) + "\n";
    err << "spor: " << text;
    platform::showStartupError("Spor", text);
    return 1;
  } catch (const std::exception& e) {
    err << "spor: " << e.what() << "\n";
    return 1;
  }
}

}  // namespace spor::ui
