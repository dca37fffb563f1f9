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
#include <sys/resource.h>
#include <time.h>
#include <vector>

#include <imgui.h>

#include "core/form_loader.hpp"
#include "platform/data_dir.hpp"
#include "platform/events.hpp"
#include "platform/pointer.hpp"
#include "platform/speech.hpp"
#include "platform/window.hpp"
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
  // --bench: the figures the README quotes. Cold start to the first frame
  // (from SPOR_BENCH_T0, the steady-clock nanoseconds bench_ui took just
  // before it started spor, else from main), frame times on the child-mode
  // screen, CPU used while idling for 10 s, and peak memory.
  int runBench(std::ostream& out, std::chrono::steady_clock::time_point start) {
    using SteadyTime = std::chrono::steady_clock;
    const auto msSince = [](SteadyTime::time_point t0) {
      return std::chrono::duration<double, std::milli>(SteadyTime::now() - t0).count();
    };
    if (const char* t0 = std::getenv("SPOR_BENCH_T0"); t0 && *t0)
      start = SteadyTime::time_point(std::chrono::nanoseconds(std::atoll(t0)));
    drawFrame(false);
    const double firstFrameMs = msSince(start);

    // The child-mode screen: a demo device, Alma's før, the first question.
    model_.setupDemo();
    while (model_.busy()) {  // the store is made on the worker thread; it wakes the pump when done
      events_.pump(window_, pointer_, 20);
      model_.tick();
    }
    if (model_.state().children.empty()) {
      out << "bench: the demo set-up failed: " << model_.state().error << "\n";
      return 1;
    }
    model_.openChild(model_.state().children.front().child.id);
    model_.startTask(core::Task::Before);
    model_.startChild();
    if (model_.state().screen != Screen::ChildQuestion) {
      out << "bench: could not reach child mode: " << model_.state().error << "\n";
      return 1;
    }
    for (int i = 0; i < 30; ++i) drawFrame(false);  // warm-up: fonts, textures, caches
    // Wall time per frame, and this thread's CPU time per frame (the figure
    // that does not change when other programs share the machine).
    const auto threadCpuMs = [] {
      timespec ts{};
      clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
      return static_cast<double>(ts.tv_sec) * 1000.0 + static_cast<double>(ts.tv_nsec) / 1e6;
    };
    std::vector<double> frames;
    std::vector<double> frameCpu;
    for (int i = 0; i < 600; ++i) {
      const auto t0 = SteadyTime::now();
      const double c0 = threadCpuMs();
      events_.pump(window_, pointer_, 0);
      drawFrame(false);
      frames.push_back(msSince(t0));
      frameCpu.push_back(threadCpuMs() - c0);
    }
    std::sort(frames.begin(), frames.end());
    std::sort(frameCpu.begin(), frameCpu.end());
    const double median = frames[frames.size() / 2];
    const double p99 = frames[frames.size() * 99 / 100];
    const double cpuMedian = frameCpu[frameCpu.size() / 2];
    const double cpuP99 = frameCpu[frameCpu.size() * 99 / 100];

    // Idle: the real loop, nothing happening, for 10 s.
    const auto cpu = [] {
      rusage u{};
      getrusage(RUSAGE_SELF, &u);
      return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) * 1000.0 +
             static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1000.0;
    };
    const double cpuBefore = cpu();
    const auto idleStart = SteadyTime::now();
    stopAt_ = idleStart + std::chrono::seconds(10);
    std::ostringstream ignored;
    run(ignored);
    const double idleWallMs = msSince(idleStart);
    const double idleCpuMs = cpu() - cpuBefore;
    rusage u{};
    getrusage(RUSAGE_SELF, &u);

    char buf[1024];
    std::snprintf(buf, sizeof buf,
                  "renderer            %s (video driver %s)\n"
                  "window              %dx%d\n"
                  "cold start          %.0f ms to the first frame\n"
                  "child-mode frame    median %.2f ms, p99 %.2f ms wall (600 frames)\n"
                  "                    median %.2f ms, p99 %.2f ms CPU of the UI thread\n"
                  "idle                %.0f ms CPU in %.1f s (%.2f %%)\n"
                  "peak memory         %.1f MB (max RSS)\n",
                  window_.rendererName().c_str(), window_.videoDriver().c_str(), window_.width(), window_.height(),
                  firstFrameMs, median, p99, cpuMedian, cpuP99, idleCpuMs, idleWallMs / 1000.0,
                  100.0 * idleCpuMs / idleWallMs, static_cast<double>(u.ru_maxrss) / 1024.0);
    out << buf;
    return 0;
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
  platform::Events events_;
  platform::Pointer pointer_;
  platform::ReadAloud speech_;
  AppModel model_;
  Fonts fonts_;
  ViewState view_;
  WidgetRegistry registry_;
  std::optional<ScriptRunner> runner_;
  std::optional<std::chrono::steady_clock::time_point> stopAt_;  // --bench: the idle loop ends here
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
      if (*options.bench == "-") return app.runBench(std::cout, start);
      std::ofstream out(*options.bench);
      if (!out) throw std::runtime_error("cannot write the benchmark's figures to '" + *options.bench + "'");
      return app.runBench(out, start);
    }
    return app.run(err);
  } catch (const core::FormError& e) {
    err << "spor: the forms in '" << paths.formsDir << "' have problems:\n";
    for (const auto& p : e.problems()) err << "  " << p.str() << "\n";
    err << "Run 'spor forms check " << paths.formsDir << "' for details.\n";
    return 1;
  } catch (const std::exception& e) {
    err << "spor: " << e.what() << "\n";
    return 1;
  }
}

}  // namespace spor::ui
