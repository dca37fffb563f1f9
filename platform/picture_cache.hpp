#pragma once
// Pictures drawn once and shown as textures after that. The software
// renderer (a board without a GPU) rasterises every triangle of every frame:
// a child's face is two 64-segment circles, eyes and a curve, drawn four
// times a frame. Baked into a texture over the opaque colour it sits on, a
// face costs one rectangle copy per frame instead.
//
// A picture is known by a key its caller makes (what it shows, its size and
// background); it is painted with ImGui's draw list in its own coordinates
// (0..width, 0..height) the first time, into a render-target texture.
#include <cstdint>
#include <functional>
#include <unordered_map>

#include <imgui.h>

struct SDL_Renderer;
struct SDL_Texture;

namespace spor::platform {

class PictureCache {
 public:
  explicit PictureCache(SDL_Renderer* renderer) : renderer_(renderer) {}
  ~PictureCache();
  PictureCache(const PictureCache&) = delete;
  PictureCache& operator=(const PictureCache&) = delete;

  // Adds the picture `key` to `dl` at `pos` (whole pixels), `width` x
  // `height` pixels, baking it first with `paint` over `background` (an
  // opaque colour: what the picture is drawn on). False when the renderer
  // has no render targets; then the caller draws the picture itself.
  bool draw(ImDrawList* dl, ImVec2 pos, int width, int height, ImU32 background, std::uint64_t key,
            const std::function<void(ImDrawList*)>& paint);
  // Forgets every texture (a new font size, a lost renderer).
  void clear();
  [[nodiscard]] std::size_t size() const { return textures_.size(); }

 private:
  SDL_Texture* bake(int width, int height, ImU32 background, const std::function<void(ImDrawList*)>& paint);

  SDL_Renderer* renderer_ = nullptr;
  bool unsupported_ = false;
  std::unordered_map<std::uint64_t, SDL_Texture*> textures_;
};

// The app's cache, for the widgets (src/ui/widgets.cpp); null when none
// is set (a test without a window): pictures are then drawn every frame.
void setPictureCache(PictureCache* cache);
[[nodiscard]] PictureCache* pictureCache();

}  // namespace spor::platform
