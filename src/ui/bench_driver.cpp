#include "ui/bench_driver.hpp"

#include "crypto/kdf.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <ostream>
#include <string>
#include <sys/resource.h>
#include <time.h>
#include <vector>

namespace spor::ui {

namespace {

using SteadyTime = std::chrono::steady_clock;

double msSince(SteadyTime::time_point t0) {
  return std::chrono::duration<double, std::milli>(SteadyTime::now() - t0).count();
}

// This thread's CPU time: the figure that does not change when other
// programs share the machine.
double threadCpuMs() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1000.0 + static_cast<double>(ts.tv_nsec) / 1e6;
}

double processCpuMs() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) * 1000.0 +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1000.0;
}

// A "VmHWM:" or "VmRSS:" line of /proc/self/status, in MB (10^6 bytes, as
// the README's figures); -1 where there is no /proc.
double procStatusMB(const char* key) {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind(key, 0) == 0) return std::atof(line.c_str() + std::string(key).size()) * 1024.0 / 1e6;
  return -1;
}

// Resets the peak resident size (VmHWM) to the current one (Linux 4.0 and
// later), so the peak from here on can be read apart from the unlock's.
bool resetPeakRss() {
  std::ofstream out("/proc/self/clear_refs");
  out << "5";
  out.flush();
  return static_cast<bool>(out);
}

struct Percentiles {
  double median = 0;
  double p99 = 0;
};

Percentiles percentiles(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return {v[v.size() / 2], v[v.size() * 99 / 100]};
}

// The child-mode scene as bench_ui's bare SDL program draws it: every
// button (a child's answer card marked "face") and text of the last frame,
// with its rectangle in pixels.
void writeScene(std::ostream& out, const WidgetRegistry& registry) {
  char buf[256];
  std::snprintf(buf, sizeof buf, "scene %.0f %.0f\n", static_cast<double>(registry.displayWidth()),
                static_cast<double>(registry.displayHeight()));
  out << buf;
  for (const WidgetRecord& w : registry.lastFrame()) {
    if (!w.visible) continue;
    const char* kind = w.kind == WidgetKind::Text ? "text" : w.role == "face" ? "face" : "button";
    std::snprintf(buf, sizeof buf, "scene-%s %.0f %.0f %.0f %.0f\n", kind, static_cast<double>(w.rect.x0),
                  static_cast<double>(w.rect.y0), static_cast<double>(w.rect.x1), static_cast<double>(w.rect.y1));
    out << buf;
  }
}

}  // namespace

int runBench(BenchHost& host, std::ostream& out, SteadyTime::time_point start) {
  if (const char* t0 = std::getenv("SPOR_BENCH_T0"); t0 && *t0)
    start = SteadyTime::time_point(std::chrono::nanoseconds(std::atoll(t0)));
  host.drawFrame();
  const double firstFrameMs = msSince(start);

  // The child-mode screen: a demo device, Alma's før, the first question.
  AppModel& model = host.model;
  model.setupDemo();
  while (model.busy()) {  // the store is made on the worker thread; it wakes the pump when done
    host.events.pump(host.window, host.pointer, 20);
    model.tick();
  }
  if (model.state().children.empty()) {
    out << "bench: the demo set-up failed: " << model.state().error << "\n";
    return 1;
  }
  model.openChild(model.state().children.front().child.id);
  model.startTask(core::Task::Before);
  model.childMode().start();
  if (model.state().screen != Screen::ChildQuestion) {
    out << "bench: could not reach child mode: " << model.state().error << "\n";
    return 1;
  }
  // The set-up's unlock (Argon2id, its 64 MiB buffer freed when done) is
  // behind us: the peak from here on is what the app itself needs.
  const double peakWithUnlockMB = procStatusMB("VmHWM:");
  const bool peakReset = resetPeakRss();

  for (int i = 0; i < 30; ++i) host.drawFrame();  // warm-up: fonts, textures, caches
  std::vector<double> frames;
  std::vector<double> frameCpu;
  for (int i = 0; i < 600; ++i) {
    const auto t0 = SteadyTime::now();
    const double c0 = threadCpuMs();
    host.events.pump(host.window, host.pointer, 0);
    host.drawFrame();
    frames.push_back(msSince(t0));
    frameCpu.push_back(threadCpuMs() - c0);
  }
  const Percentiles wall = percentiles(frames);
  const Percentiles cpu = percentiles(frameCpu);

  // Idle: the real loop, nothing happening, for 10 s.
  const double cpuBefore = processCpuMs();
  const auto idleStart = SteadyTime::now();
  host.runUntil(idleStart + std::chrono::seconds(10));
  const double idleWallMs = msSince(idleStart);
  const double idleCpuMs = processCpuMs() - cpuBefore;
  rusage u{};
  getrusage(RUSAGE_SELF, &u);

  // The whole run's peak: before the reset it is the set-up's (the
  // unlock's Argon2id buffer in it); clear_refs resets ru_maxrss too.
  const double peakAfterMB = procStatusMB("VmHWM:");
  const double peakAllMB = std::max(peakReset ? peakWithUnlockMB : 0.0,
                                    static_cast<double>(u.ru_maxrss) * 1024.0 / 1e6);
  char buf[1600];
  std::snprintf(buf, sizeof buf,
                "renderer            %s (video driver %s)\n"
                "window              %dx%d\n"
                "cold start          %.0f ms to the first frame\n"
                "child-mode frame    median %.2f ms, p99 %.2f ms wall (600 frames)\n"
                "                    median %.2f ms, p99 %.2f ms CPU of the UI thread\n"
                "idle                %.0f ms CPU in %.1f s (%.2f %%)\n"
                "peak memory         %.1f MB (max RSS of the whole run: the set-up's unlock, Argon2id %llu MiB, in it)\n",
                host.window.rendererName().c_str(), host.window.videoDriver().c_str(), host.window.width(),
                host.window.height(), firstFrameMs, wall.median, wall.p99, cpu.median, cpu.p99, idleCpuMs,
                idleWallMs / 1000.0, 100.0 * idleCpuMs / idleWallMs, peakAllMB,
                static_cast<unsigned long long>(crypto::kKdfMinMemBytes / crypto::kMiB));
  out << buf;
  if (peakReset) {
    std::snprintf(buf, sizeof buf,
                  "                    %.1f MB peak after the unlock (child-mode frames and idle; the Argon2id buffer freed), "
                  "%.1f MB resident at the end\n",
                  peakAfterMB, procStatusMB("VmRSS:"));
    out << buf;
  }
  writeScene(out, host.registry);
  return 0;
}

}  // namespace spor::ui
