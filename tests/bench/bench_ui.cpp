// bench_ui: the tablet app's figures, measured on the real binary under
// SDL's offscreen driver with the software renderer at 1280x800 (the
// slowest path: what a cheap board without a GPU does):
//   - cold start: from just before spor starts to its first frame,
//   - frame time on the child-mode screen (median and p99; wall and CPU),
//   - CPU used while the app idles for 10 s,
//   - peak memory (max RSS of the whole run, which includes the vault's
//     64 MiB Argon2id unlock, and the peak after the unlock apart),
// and, in the same run, its anchor: a bare SDL program (this one) drawing
// the same child-mode scene with the same renderer, window size and hints:
// clear; every card and button of spor's frame as a filled rectangle with
// a border; the faces, the labels and the texts as blended textures made
// once; present. It prints both medians and their ratio (goal: <= 1.3x).
//
//   cmake --build build --target spor bench_ui && build/tests/bench/bench_ui [path/to/spor]
//
// Prints figures; asserts nothing. spor does its own measuring (--bench
// FILE, src/ui/bench_driver.cpp) and writes the scene's layout (lines
// "scene-face|button|text x0 y0 x1 y1") after its figures.
#include <SDL.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

namespace fs = std::filesystem;

namespace {

struct Box {
  std::string kind;  // face, button, text
  SDL_Rect r{};
};

struct Scene {
  int w = 0;
  int h = 0;
  std::vector<Box> boxes;
};

// An antialiased face: a filled disc with a rim, two eyes and a mouth,
// drawn once into an RGBA surface (what "faces as textures" means).
SDL_Texture* faceTexture(SDL_Renderer* r, int size) {
  SDL_Surface* s = SDL_CreateRGBSurfaceWithFormat(0, size, size, 32, SDL_PIXELFORMAT_ARGB8888);
  const float c = static_cast<float>(size) * 0.5f;
  const float rad = c - 1.0f;
  auto* px = static_cast<Uint32*>(s->pixels);
  for (int y = 0; y < size; ++y)
    for (int x = 0; x < size; ++x) {
      const float dx = static_cast<float>(x) + 0.5f - c;
      const float dy = static_cast<float>(y) + 0.5f - c;
      const float d = std::sqrt(dx * dx + dy * dy);
      const float cover = std::clamp(rad - d + 0.5f, 0.0f, 1.0f);
      Uint32 rgb = 0xF2C14E;  // the face
      const float ex = std::fabs(dx) - rad * 0.33f;
      const float ey = dy + rad * 0.2f;
      if (std::sqrt(ex * ex + ey * ey) < rad * 0.09f) rgb = 0x27313B;  // eyes
      if (std::fabs(dy - rad * 0.3f + dx * dx / rad * 0.4f) < rad * 0.04f && std::fabs(dx) < rad * 0.4f)
        rgb = 0x27313B;  // mouth
      const auto a = static_cast<Uint32>(cover * 255.0f);
      px[y * (s->pitch / 4) + x] = (a << 24) | rgb;
    }
  SDL_Texture* t = SDL_CreateTextureFromSurface(r, s);
  SDL_FreeSurface(s);
  SDL_SetTextureBlendMode(t, SDL_BLENDMODE_BLEND);
  return t;
}

// A line of text as a texture: glyph-like strokes, most pixels transparent,
// as a rendered line of text is.
SDL_Texture* textTexture(SDL_Renderer* r, int w, int h) {
  w = std::max(w, 1);
  h = std::max(h, 1);
  SDL_Surface* s = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
  auto* px = static_cast<Uint32*>(s->pixels);
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) {
      const bool ink = (x % 11 < 2 || (y % std::max(2, h / 3) < 2 && x % 11 < 8)) && y > h / 6 && y < h - h / 6;
      px[y * (s->pitch / 4) + x] = ink ? 0xFF27313BU : 0x0027313BU;
    }
  SDL_Texture* t = SDL_CreateTextureFromSurface(r, s);
  SDL_FreeSurface(s);
  SDL_SetTextureBlendMode(t, SDL_BLENDMODE_BLEND);
  return t;
}

struct Drawn {
  SDL_Texture* tex = nullptr;
  SDL_Rect at{};
};

// Draws the scene 630 times (30 to warm up) and returns the median frame
// time in ms, or a negative number when SDL could not start.
double bareFrameMedian(const Scene& scene, double& clearPresentMedian) {
  SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");  // as spor: the renderer's surface shown directly
  if (SDL_InitSubSystem(SDL_INIT_VIDEO) != 0) {
    std::cerr << "bench_ui: SDL: " << SDL_GetError() << "\n";
    return -1;
  }
  SDL_Window* window = SDL_CreateWindow("bare", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, scene.w, scene.h,
                                        SDL_WINDOW_RESIZABLE);
  SDL_Renderer* r = window ? SDL_CreateRenderer(window, -1, SDL_RENDERER_SOFTWARE) : nullptr;
  if (!r) {
    std::cerr << "bench_ui: SDL: " << SDL_GetError() << "\n";
    return -1;
  }
  SDL_SetRenderDrawBlendMode(r, SDL_BLENDMODE_BLEND);
  std::vector<SDL_Rect> cards;
  std::vector<Drawn> textures;
  for (const Box& b : scene.boxes) {
    const SDL_Rect& q = b.r;
    if (b.kind == "text") {
      textures.push_back({textTexture(r, q.w, q.h), q});
      continue;
    }
    cards.push_back(q);
    if (b.kind == "face") {
      // The face above its label, as spor draws a card in landscape.
      const int labelH = q.h / 6;
      const int d = std::max(8, std::min(q.w * 72 / 100, q.h - labelH - q.h / 8));
      textures.push_back({faceTexture(r, d), SDL_Rect{q.x + (q.w - d) / 2, q.y + q.h / 16, d, d}});
      const int lw = q.w * 6 / 10;
      textures.push_back({textTexture(r, lw, labelH), SDL_Rect{q.x + (q.w - lw) / 2, q.y + q.h - labelH - q.h / 20, lw, labelH}});
    } else {
      const int lw = q.w * 7 / 10;
      const int lh = q.h / 2;
      textures.push_back({textTexture(r, lw, lh), SDL_Rect{q.x + (q.w - lw) / 2, q.y + (q.h - lh) / 2, lw, lh}});
    }
  }
  const auto frame = [&](bool full) {
    SDL_SetRenderDrawColor(r, 0xF7, 0xF5, 0xF0, 255);
    SDL_RenderClear(r);
    if (full) {
      SDL_SetRenderDrawColor(r, 0xFF, 0xFF, 0xFF, 255);
      SDL_RenderFillRects(r, cards.data(), static_cast<int>(cards.size()));
      SDL_SetRenderDrawColor(r, 0xC9, 0xCE, 0xD6, 255);
      SDL_RenderDrawRects(r, cards.data(), static_cast<int>(cards.size()));
      for (const Drawn& d : textures) SDL_RenderCopy(r, d.tex, nullptr, &d.at);
    }
    SDL_RenderPresent(r);
  };
  const auto median = [&](bool full) {
    for (int i = 0; i < 30; ++i) frame(full);
    std::vector<double> ms;
    for (int i = 0; i < 600; ++i) {
      const auto t0 = std::chrono::steady_clock::now();
      SDL_PumpEvents();
      frame(full);
      ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
    }
    std::sort(ms.begin(), ms.end());
    return ms[ms.size() / 2];
  };
  const double m = median(true);
  clearPresentMedian = median(false);
  for (const Drawn& d : textures) SDL_DestroyTexture(d.tex);
  SDL_DestroyRenderer(r);
  SDL_DestroyWindow(window);
  SDL_QuitSubSystem(SDL_INIT_VIDEO);
  return m;
}

}  // namespace

int main(int argc, char** argv) {
  fs::path spor;
  if (argc > 1) {
    spor = argv[1];
  } else {
    std::error_code ec;
    const fs::path self = fs::read_symlink("/proc/self/exe", ec);
    spor =
        self.parent_path().parent_path().parent_path() / "src" / "app" / "spor";  // build/tests/bench -> build/src/app
  }
  if (!fs::exists(spor)) {
    std::cerr << "bench_ui: no spor binary at " << spor
              << "; build it (cmake --build build --target spor) or pass its path\n";
    return 2;
  }
  std::random_device rd;
  const std::string tag = std::to_string(rd());
  const fs::path data = fs::temp_directory_path() / ("spor-bench-ui-" + tag);
  const fs::path figures = fs::temp_directory_path() / ("spor-bench-ui-" + tag + ".txt");
  std::cout << "bench_ui: " << spor.string() << " --bench, offscreen, software renderer, 1280x800" << std::endl;
  setenv("SDL_VIDEODRIVER", "offscreen", 1);
  setenv("SDL_RENDER_DRIVER", "software", 1);
  unsetenv("SDL_AUDIODRIVER");

  const pid_t pid = fork();
  if (pid < 0) {
    std::perror("bench_ui: fork");
    return 1;
  }
  if (pid == 0) {
    const auto t0 = std::chrono::steady_clock::now().time_since_epoch();
    setenv("SPOR_BENCH_T0", std::to_string(std::chrono::duration_cast<std::chrono::nanoseconds>(t0).count()).c_str(),
           1);
    const std::string dir = data.string();
    const std::string out = figures.string();
    execl(spor.c_str(), spor.c_str(), "--data-dir", dir.c_str(), "--size", "1280x800", "--bench", out.c_str(),
          static_cast<char*>(nullptr));
    std::perror("bench_ui: exec");
    _exit(127);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  std::error_code ec;
  fs::remove_all(data, ec);
  std::ifstream in(figures);
  std::string line;
  Scene scene;
  double sporMedian = -1;
  while (std::getline(in, line)) {
    std::istringstream words(line);
    std::string first;
    words >> first;
    if (first == "scene") {
      words >> scene.w >> scene.h;
    } else if (first.rfind("scene-", 0) == 0) {
      int x0 = 0, y0 = 0, x1 = 0, y1 = 0;
      words >> x0 >> y0 >> x1 >> y1;
      scene.boxes.push_back({first.substr(6), SDL_Rect{x0, y0, x1 - x0, y1 - y0}});
    } else {
      std::cout << line << "\n";
      if (first == "child-mode") std::sscanf(line.c_str(), "child-mode frame median %lf", &sporMedian);
    }
  }
  fs::remove(figures, ec);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || sporMedian < 0 || scene.w <= 0) {
    std::cerr << "bench_ui: spor --bench failed (status " << status << ")\n";
    return 1;
  }
  std::size_t faces = 0;
  for (const Box& b : scene.boxes) faces += b.kind == "face" ? 1U : 0U;
  double clearPresent = 0;
  const double bare = bareFrameMedian(scene, clearPresent);
  if (bare < 0) return 1;
  std::printf("bare SDL frame      median %.2f ms wall: the same scene (%zu boxes, %zu faces) drawn with SDL alone;\n"
              "                    clear and present alone %.2f ms\n"
              "spor / bare         %.2fx (goal <= 1.3x)\n",
              bare, scene.boxes.size(), faces, clearPresent, sporMedian / bare);
  return 0;
}
