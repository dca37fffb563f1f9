#include "platform/window.hpp"

#include <algorithm>
#include <cstdlib>
#include <utility>

#include <SDL.h>
#include <imgui.h>
#include <imgui_impl_sdl.h>
#include <imgui_impl_sdlrenderer.h>

namespace spor::platform {

namespace {

std::string sdlError(const std::string& what) {
  return what + ": " + SDL_GetError();
}

// Accelerated when the driver offers it; the software renderer otherwise, and
// always under the offscreen driver (which has no GPU context to offer).
SDL_Renderer* createRenderer(SDL_Window* window, bool offscreen) {
  if (!offscreen) {
    if (SDL_Renderer* r = SDL_CreateRenderer(window, -1, SDL_RENDERER_ACCELERATED | SDL_RENDERER_PRESENTVSYNC))
      return r;
    SDL_Log("spor: no accelerated renderer (%s); using the software renderer", SDL_GetError());
  }
  // Software rendering draws into the window's own surface. SDL would show
  // that surface through an OpenGL texture when it can, which without a GPU
  // means Mesa's llvmpipe doing the copy again: show it directly.
  SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
  return SDL_CreateRenderer(window, -1, SDL_RENDERER_SOFTWARE);
}

}  // namespace

WindowFit fitToUsableArea(int width, int height, int usableW, int usableH, bool sizeGiven) {
  if (sizeGiven || usableW <= 0 || usableH <= 0 || (width <= usableW && height <= usableH))
    return {width, height, false};
  return {std::min(width, usableW), std::min(height, usableH), true};
}

Window::Window(const WindowOptions& options) {
  // Touches are handled as touches (platform::Pointer), not as SDL's
  // synthetic mouse events, so one tap is one press.
  SDL_SetHint(SDL_HINT_TOUCH_MOUSE_EVENTS, "0");
  SDL_SetHint(SDL_HINT_MOUSE_TOUCH_EVENTS, "0");
  SDL_SetHint(SDL_HINT_APP_NAME, "Spor");
  // Closing the window is a request the app model answers (a kiosk asks for
  // a PIN); only a signal (shutdown) becomes SDL_QUIT.
  SDL_SetHint(SDL_HINT_QUIT_ON_LAST_WINDOW_CLOSE, "0");
  // A kiosk stays fullscreen when it loses focus (a notification, a second screen).
  SDL_SetHint(SDL_HINT_VIDEO_MINIMIZE_ON_FOCUS_LOSS, "0");
  if (SDL_InitSubSystem(SDL_INIT_VIDEO | SDL_INIT_EVENTS | SDL_INIT_TIMER) != 0)
    throw PlatformError(
        sdlError("cannot start SDL video (is there a display? SDL_VIDEODRIVER=offscreen runs without one)"));
  videoDriver_ = SDL_GetCurrentVideoDriver() ? SDL_GetCurrentVideoDriver() : "";
  const bool offscreen = videoDriver_ == "offscreen";

  Uint32 flags = SDL_WINDOW_RESIZABLE;
  if (options.fullscreen) flags |= SDL_WINDOW_FULLSCREEN_DESKTOP | SDL_WINDOW_BORDERLESS;
  // The offscreen driver's display is a fixed 1024x768: scripts and tests
  // get the size they ask for.
  SDL_Rect usable{};
  if (offscreen || SDL_GetDisplayUsableBounds(0, &usable) != 0) usable = SDL_Rect{};
  const WindowFit fit =
      fitToUsableArea(options.width, options.height, usable.w, usable.h, options.sizeGiven || options.fullscreen);
  if (fit.maximize) flags |= SDL_WINDOW_MAXIMIZED;
  window_ = SDL_CreateWindow(options.title.c_str(), SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, fit.width,
                             fit.height, flags);
  if (!window_) {
    SDL_QuitSubSystem(SDL_INIT_VIDEO | SDL_INIT_EVENTS | SDL_INIT_TIMER);
    throw PlatformError(sdlError("cannot open the window"));
  }
  renderer_ = createRenderer(window_, offscreen);
  if (!renderer_) {
    SDL_DestroyWindow(window_);
    SDL_QuitSubSystem(SDL_INIT_VIDEO | SDL_INIT_EVENTS | SDL_INIT_TIMER);
    throw PlatformError(sdlError("cannot create a renderer, not even the software one"));
  }
  SDL_RendererInfo info{};
  if (SDL_GetRendererInfo(renderer_, &info) == 0) {
    rendererName_ = info.name ? info.name : "";
    software_ = (info.flags & SDL_RENDERER_SOFTWARE) != 0 || rendererName_ == "software";
  }
  SDL_SetRenderDrawBlendMode(renderer_, SDL_BLENDMODE_BLEND);
  // The screen saver must not cover a child's question; the idle lock does that job.
  SDL_DisableScreenSaver();

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  imguiContext_ = true;
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;  // no imgui.ini: layout is code, and nothing is written beside the binary
  io.LogFilename = nullptr;
  sdlBackend_ = ImGui_ImplSDL2_InitForSDLRenderer(window_);
  rendererBackend_ = ImGui_ImplSDLRenderer_Init(renderer_);
  if (!sdlBackend_ || !rendererBackend_) throw PlatformError("cannot start Dear ImGui's SDL backends");
}

Window::~Window() {
  if (rendererBackend_) ImGui_ImplSDLRenderer_Shutdown();
  if (sdlBackend_) ImGui_ImplSDL2_Shutdown();
  if (imguiContext_) ImGui::DestroyContext();
  if (renderer_) SDL_DestroyRenderer(renderer_);
  if (window_) SDL_DestroyWindow(window_);
  SDL_QuitSubSystem(SDL_INIT_VIDEO | SDL_INIT_EVENTS | SDL_INIT_TIMER);
}

int Window::width() const {
  int w = 0;
  int h = 0;
  SDL_GetWindowSize(window_, &w, &h);
  return w;
}

int Window::height() const {
  int w = 0;
  int h = 0;
  SDL_GetWindowSize(window_, &w, &h);
  return h;
}

void showStartupError(const std::string& title, const std::string& text) {
  const char* driver = std::getenv("SDL_VIDEODRIVER");
  if (driver && std::string(driver) == "offscreen") return;
  static_cast<void>(SDL_ShowSimpleMessageBox(SDL_MESSAGEBOX_ERROR, title.c_str(), text.c_str(), nullptr));
}

void Window::resize(int width, int height) {
  SDL_SetWindowSize(window_, width, height);
}

bool Window::platformScreenKeyboard() const {
  return SDL_HasScreenKeyboardSupport() == SDL_TRUE;
}

float Window::dpiScale() const {
  float ddpi = 0;
  const int display = SDL_GetWindowDisplayIndex(window_);
  if (display < 0 || SDL_GetDisplayDPI(display, &ddpi, nullptr, nullptr) != 0) return 1.0f;
  // Kiosk screens often report nonsense (0, 1, 10000): trust only a plausible value.
  if (ddpi < 50.0f || ddpi > 600.0f) return 1.0f;
  return ddpi / 96.0f;
}

void Window::processEvent(const SDL_Event& event) {
  ImGui_ImplSDL2_ProcessEvent(&event);
}

void Window::newFrame() {
  ImGui_ImplSDLRenderer_NewFrame();
  ImGui_ImplSDL2_NewFrame();
  // The backend asks OpenGL for the drawable size; with SDL_Renderer the
  // renderer's output size is what counts on high-density screens.
  ImGuiIO& io = ImGui::GetIO();
  int outW = 0;
  int outH = 0;
  if (SDL_GetRendererOutputSize(renderer_, &outW, &outH) == 0 && io.DisplaySize.x > 0 && io.DisplaySize.y > 0)
    io.DisplayFramebufferScale =
        ImVec2(static_cast<float>(outW) / io.DisplaySize.x, static_cast<float>(outH) / io.DisplaySize.y);
}

void Window::render(Image* capture) {
  ImGui::Render();
  const ImVec4 clear = ImGui::GetStyle().Colors[ImGuiCol_WindowBg];
  SDL_SetRenderDrawColor(renderer_, static_cast<Uint8>(clear.x * 255.0f), static_cast<Uint8>(clear.y * 255.0f),
                         static_cast<Uint8>(clear.z * 255.0f), 255);
  SDL_RenderClear(renderer_);
  ImGui_ImplSDLRenderer_RenderDrawData(ImGui::GetDrawData());
  if (capture) {
    // Read before presenting: after SDL_RenderPresent the back buffer's
    // contents are undefined on some renderers.
    int w = 0;
    int h = 0;
    if (SDL_GetRendererOutputSize(renderer_, &w, &h) != 0) throw PlatformError(sdlError("cannot read the screen size"));
    capture->width = w;
    capture->height = h;
    capture->rgba.assign(static_cast<std::size_t>(w) * static_cast<std::size_t>(h) * 4, 0);
    if (SDL_RenderReadPixels(renderer_, nullptr, SDL_PIXELFORMAT_ABGR8888, capture->rgba.data(), w * 4) != 0)
      throw PlatformError(sdlError("cannot read the screen back"));
    // ABGR8888 is R,G,B,A in memory on little-endian machines; swap on big-endian ones.
    if (SDL_BYTEORDER == SDL_BIG_ENDIAN) {
      for (std::size_t i = 0; i + 3 < capture->rgba.size(); i += 4) {
        std::swap(capture->rgba[i], capture->rgba[i + 3]);
        std::swap(capture->rgba[i + 1], capture->rgba[i + 2]);
      }
    }
  }
  SDL_RenderPresent(renderer_);
}

void Window::endFrameUndrawn() {
  ImGui::Render();
}

void Window::fontsChanged() {
  ImGui_ImplSDLRenderer_DestroyFontsTexture();
}

}  // namespace spor::platform
