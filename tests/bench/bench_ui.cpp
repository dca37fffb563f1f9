// bench_ui: the tablet app's figures, measured on the real binary under
// SDL's offscreen driver with the software renderer at 1280x800 (the
// slowest path: what a cheap board without a GPU does):
//   - cold start: from just before spor starts to its first frame,
//   - frame time on the child-mode screen (median and p99; wall and CPU),
//   - CPU used while the app idles for 10 s,
//   - peak memory (max RSS; it includes the vault's 64 MiB Argon2id unlock).
//
//   cmake --build build --target spor bench_ui && build/tests/bench/bench_ui [path/to/spor]
//
// Prints figures; asserts nothing. spor does the measuring itself (--bench);
// this program gives it a fresh data folder and the start time.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <random>
#include <string>
#include <sys/wait.h>
#include <unistd.h>

namespace fs = std::filesystem;

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
  const fs::path data = fs::temp_directory_path() / ("spor-bench-ui-" + std::to_string(rd()));
  std::cout << "bench_ui: " << spor.string() << " --bench, offscreen, software renderer, 1280x800" << std::endl;

  const pid_t pid = fork();
  if (pid < 0) {
    std::perror("bench_ui: fork");
    return 1;
  }
  if (pid == 0) {
    setenv("SDL_VIDEODRIVER", "offscreen", 1);
    setenv("SDL_RENDER_DRIVER", "software", 1);
    unsetenv("SDL_AUDIODRIVER");
    const auto t0 = std::chrono::steady_clock::now().time_since_epoch();
    setenv("SPOR_BENCH_T0", std::to_string(std::chrono::duration_cast<std::chrono::nanoseconds>(t0).count()).c_str(),
           1);
    const std::string dir = data.string();
    execl(spor.c_str(), spor.c_str(), "--data-dir", dir.c_str(), "--size", "1280x800", "--bench", "-",
          static_cast<char*>(nullptr));
    std::perror("bench_ui: exec");
    _exit(127);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  std::error_code ec;
  fs::remove_all(data, ec);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}
