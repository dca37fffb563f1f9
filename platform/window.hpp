#pragma once
// The app's one window: SDL2, an SDL_Renderer (accelerated when there is a
// GPU, else software, so it runs on boards without one and under SDL's
// offscreen driver), and Dear ImGui's SDL2 + SDL_Renderer backends.
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

struct SDL_Window;
struct SDL_Renderer;
union SDL_Event;

namespace spor::platform {

class PlatformError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A message box for an error that stops Spor before its window opens (a
// person who started it from a menu sees no terminal). Does nothing where
// no box can be shown (no display, SDL's offscreen driver).
void showStartupError(const std::string& title, const std::string& text);

struct WindowOptions {
  std::string title = "Spor";
  int width = 1280;  // logical pixels; ignored when fullscreen
  int height = 800;
  bool fullscreen = false;  // --kiosk: the whole screen, no window decorations
  bool sizeGiven = false;   // --size: exactly this size, even when it does not fit the display
};

// The window's size at start: the asked-for size, or, when that does not fit
// the display's usable area (the screen less its panels and docks) and no
// --size asked for it, a maximised window of that area. A 1280x800 tablet
// with a 30-px panel then shows the whole app instead of losing its bottom
// edge under the panel. usableW/usableH <= 0: the display does not say.
struct WindowFit {
  int width = 0;
  int height = 0;
  bool maximize = false;
};
[[nodiscard]] WindowFit fitToUsableArea(int width, int height, int usableW, int usableH, bool sizeGiven);

// Pixels read back from the renderer: 8-bit RGBA, rows top to bottom.
struct Image {
  int width = 0;
  int height = 0;
  std::vector<std::uint8_t> rgba;
};

class Window {
 public:
  explicit Window(const WindowOptions& options);  // throws PlatformError naming what SDL refused
  ~Window();
  Window(const Window&) = delete;
  Window& operator=(const Window&) = delete;

  [[nodiscard]] SDL_Window* sdlWindow() const { return window_; }
  [[nodiscard]] SDL_Renderer* renderer() const { return renderer_; }
  [[nodiscard]] const std::string& rendererName() const { return rendererName_; }
  [[nodiscard]] bool softwareRenderer() const { return software_; }
  [[nodiscard]] const std::string& videoDriver() const { return videoDriver_; }

  // The window's size in logical pixels (what ImGui lays out in).
  [[nodiscard]] int width() const;
  [[nodiscard]] int height() const;
  void resize(int width, int height);

  // Dots per inch of the window's display divided by 96; 1 when the display
  // does not say (offscreen) or says nonsense.
  [[nodiscard]] float dpiScale() const;
  // The platform shows its own keyboard on screen for text (SDL_HasScreenKeyboardSupport:
  // Android, iOS, a Steam Deck); a Linux tablet or kiosk board has none.
  [[nodiscard]] bool platformScreenKeyboard() const;

  // Passes an event to ImGui's SDL2 backend (keys, text, wheel, focus).
  // Pointer input goes through platform::Pointer instead.
  void processEvent(const SDL_Event& event);

  // Starts an ImGui frame (the backends' NewFrame, then ImGui::NewFrame is the
  // caller's, after it has applied the pointer).
  void newFrame();
  // Renders ImGui's draw data. When `capture` is given, the frame is read back
  // into it before it is presented.
  void render(Image* capture);
  // Ends ImGui's frame without drawing it: a script's frame that nobody sees
  // (`render off`: the widgets are laid out and recorded, no pixels made).
  void endFrameUndrawn();

  // The font atlas changed (other sizes): the texture is made again on the next frame.
  void fontsChanged();

 private:
  SDL_Window* window_ = nullptr;
  SDL_Renderer* renderer_ = nullptr;
  std::string rendererName_;
  std::string videoDriver_;
  bool software_ = false;
  bool imguiContext_ = false;
  bool sdlBackend_ = false;
  bool rendererBackend_ = false;
};

}  // namespace spor::platform
