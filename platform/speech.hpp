#pragma once
// Read-aloud: espeak-ng turns text into speech in memory (synchronous mode,
// so no audio device is needed to synthesise), and SDL audio plays it. A
// tablet without sound still runs the app; read-aloud is then unavailable.
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace spor::platform {

class SpeechError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// 16-bit mono samples.
struct Pcm {
  int sampleRate = 0;
  std::vector<std::int16_t> samples;

  [[nodiscard]] double seconds() const {
    return sampleRate > 0 ? static_cast<double>(samples.size()) / sampleRate : 0.0;
  }
};

// espeak-ng keeps global state, so every Synthesizer shares one engine and
// synthesises one text at a time.
class Synthesizer {
 public:
  // Starts espeak-ng with `voice` ("da"). Throws SpeechError when espeak-ng,
  // its data (espeak-ng-data) or the voice is missing.
  explicit Synthesizer(const std::string& voice = "da", int wordsPerMinute = 145);

  // Speech for `utf8`. Stops early, returning what it has, when `cancel` becomes true.
  [[nodiscard]] Pcm synthesize(const std::string& utf8, const std::atomic<bool>* cancel = nullptr);

  [[nodiscard]] int sampleRate() const { return sampleRate_; }

 private:
  std::string voice_;
  int wordsPerMinute_;
  int sampleRate_ = 0;
};

// Reads texts aloud on a worker thread, one at a time: a new text replaces
// the one being read. All calls are from the UI thread.
class ReadAloud {
 public:
  ReadAloud();  // never throws: when something is missing, available() is false and reason() says why
  ~ReadAloud();
  ReadAloud(const ReadAloud&) = delete;
  ReadAloud& operator=(const ReadAloud&) = delete;

  [[nodiscard]] bool available() const { return available_; }
  [[nodiscard]] const std::string& reason() const { return reason_; }

  void speak(const std::string& text);
  void stop();

 private:
  void run();

  bool available_ = false;
  std::string reason_;
  unsigned audioDevice_ = 0;
  bool audioSubsystem_ = false;
  std::unique_ptr<Synthesizer> synth_;

  std::mutex mutex_;
  std::condition_variable wake_;
  std::string pending_;
  bool hasPending_ = false;
  bool quit_ = false;
  std::atomic<bool> cancel_{false};
  std::thread worker_;
};

}  // namespace spor::platform
