#include "platform/speech.hpp"

#include <SDL.h>

#ifdef SPOR_HAVE_ESPEAK
#include <espeak-ng/speak_lib.h>
#endif

#include <cstring>

#if defined(__linux__)
#include <dlfcn.h>
#endif

namespace spor::platform {

namespace {

#if defined(__linux__)
extern "C" void quietAlsa(const char* /*file*/, int /*line*/, const char* /*function*/, int /*err*/,
                          const char* /*fmt*/, ...) {}
#endif

// On a tablet or kiosk PC without a sound card, ALSA's library prints eight
// lines of its configuration errors to stderr when SDL asks it for a device,
// before SDL reports the one line that matters ("read-aloud is off: no
// audio device"). SDL loads libasound itself, at run time; loaded here
// first (the same instance, kept for the process's life), its error handler
// is set to one that says nothing. Without libasound nothing happens.
void silenceAlsaErrors() {
#if defined(__linux__)
  static const bool done = [] {
    void* alsa = dlopen("libasound.so.2", RTLD_NOW | RTLD_LOCAL);
    if (!alsa) return false;
    using Handler = void (*)(const char*, int, const char*, int, const char*, ...);
    using SetHandler = int (*)(Handler);
    auto* set = reinterpret_cast<SetHandler>(dlsym(alsa, "snd_lib_error_set_handler"));
    if (set) set(&quietAlsa);
    return set != nullptr;
  }();
  static_cast<void>(done);
#endif
}

// espeak-ng is one engine per process: start it once, guard every use.
std::mutex& engineMutex() {
  static std::mutex m;
  return m;
}

#ifdef SPOR_HAVE_ESPEAK
struct SynthTarget {
  std::vector<std::int16_t>* out = nullptr;
  const std::atomic<bool>* cancel = nullptr;
};
SynthTarget* gTarget = nullptr;  // set only while engineMutex() is held

int onSamples(short* wav, int count, espeak_EVENT* /*events*/) {
  if (!gTarget) return 1;
  if (wav && count > 0) gTarget->out->insert(gTarget->out->end(), wav, wav + count);
  return gTarget->cancel && gTarget->cancel->load() ? 1 : 0;
}

int startEngine() {
  static int rate = [] {
    const int r = espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 200, nullptr, espeakINITIALIZE_DONT_EXIT);
    if (r > 0) espeak_SetSynthCallback(onSamples);
    return r;
  }();
  return rate;
}
#endif

}  // namespace

Synthesizer::Synthesizer(const std::string& voice, int wordsPerMinute)
    : voice_(voice), wordsPerMinute_(wordsPerMinute) {
#ifdef SPOR_HAVE_ESPEAK
  std::lock_guard lock(engineMutex());
  sampleRate_ = startEngine();
  if (sampleRate_ <= 0)
    throw SpeechError("espeak-ng could not start: is espeak-ng-data installed? (apt-get install espeak-ng-data)");
  if (espeak_SetVoiceByName(voice_.c_str()) != EE_OK)
    throw SpeechError("espeak-ng has no voice '" + voice_ + "' (apt-get install espeak-ng-data)");
#else
  (void)wordsPerMinute_;
  throw SpeechError("this Spor was built without espeak-ng (libespeak-ng-dev), so it cannot read aloud");
#endif
}

Pcm Synthesizer::synthesize(const std::string& utf8, const std::atomic<bool>* cancel) {
  Pcm pcm;
  pcm.sampleRate = sampleRate_;
#ifdef SPOR_HAVE_ESPEAK
  std::lock_guard lock(engineMutex());
  // Set per call: another Synthesizer may have chosen another voice.
  espeak_SetVoiceByName(voice_.c_str());
  espeak_SetParameter(espeakRATE, wordsPerMinute_, 0);
  SynthTarget target{&pcm.samples, cancel};
  gTarget = &target;
  const espeak_ERROR err =
      espeak_Synth(utf8.c_str(), utf8.size() + 1, 0, POS_CHARACTER, 0, espeakCHARS_UTF8, nullptr, nullptr);
  gTarget = nullptr;
  if (err != EE_OK) throw SpeechError("espeak-ng could not read the text aloud (error " + std::to_string(err) + ")");
#else
  (void)utf8;
  (void)cancel;
#endif
  return pcm;
}

ReadAloud::ReadAloud() {
  try {
    synth_ = std::make_unique<Synthesizer>("da");
  } catch (const SpeechError& e) {
    reason_ = e.what();
    SDL_Log("spor: read-aloud is off: %s", reason_.c_str());
    return;
  }
  silenceAlsaErrors();
  if (SDL_InitSubSystem(SDL_INIT_AUDIO) != 0) {
    reason_ = std::string("no sound: ") + SDL_GetError();
    SDL_Log("spor: read-aloud is off: %s", reason_.c_str());
    return;
  }
  audioSubsystem_ = true;
  SDL_AudioSpec want{};
  want.freq = synth_->sampleRate();
  want.format = AUDIO_S16SYS;
  want.channels = 1;
  want.samples = 2048;
  // No callback: the worker queues whole utterances with SDL_QueueAudio, and
  // SDL converts to whatever the device wants.
  audioDevice_ = SDL_OpenAudioDevice(nullptr, 0, &want, nullptr, 0);
  if (audioDevice_ == 0) {
    reason_ = std::string("no audio device: ") + SDL_GetError();
    SDL_Log("spor: read-aloud is off: %s", reason_.c_str());
    return;
  }
  available_ = true;
  worker_ = std::thread([this] { run(); });
}

ReadAloud::~ReadAloud() {
  if (worker_.joinable()) {
    {
      std::lock_guard lock(mutex_);
      quit_ = true;
      cancel_ = true;
    }
    wake_.notify_all();
    worker_.join();
  }
  if (audioDevice_ != 0) SDL_CloseAudioDevice(audioDevice_);
  if (audioSubsystem_) SDL_QuitSubSystem(SDL_INIT_AUDIO);
}

void ReadAloud::speak(const std::string& text) {
  if (!available_) return;
  {
    std::lock_guard lock(mutex_);
    pending_ = text;
    hasPending_ = true;
    cancel_ = true;  // stop synthesising the previous text
    SDL_ClearQueuedAudio(audioDevice_);
  }
  wake_.notify_all();
}

void ReadAloud::stop() {
  if (!available_) return;
  {
    std::lock_guard lock(mutex_);
    hasPending_ = false;
    cancel_ = true;
    SDL_ClearQueuedAudio(audioDevice_);
  }
}

void ReadAloud::run() {
  for (;;) {
    std::string text;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return quit_ || hasPending_; });
      if (quit_) return;
      text = std::move(pending_);
      hasPending_ = false;
      cancel_ = false;
    }
    Pcm pcm;
    try {
      pcm = synth_->synthesize(text, &cancel_);
    } catch (const SpeechError& e) {
      SDL_Log("spor: read-aloud: %s", e.what());
      continue;
    }
    // Queue under the lock, so a stop() or a newer text cannot slip in between.
    std::lock_guard lock(mutex_);
    if (cancel_ || hasPending_ || pcm.samples.empty()) continue;
    SDL_QueueAudio(audioDevice_, pcm.samples.data(), static_cast<Uint32>(pcm.samples.size() * sizeof(std::int16_t)));
    SDL_PauseAudioDevice(audioDevice_, 0);
  }
}

}  // namespace spor::platform
