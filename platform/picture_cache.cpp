#include "platform/picture_cache.hpp"

#include <SDL.h>
#include <imgui_impl_sdlrenderer.h>

namespace spor::platform {

namespace {

PictureCache* gCache = nullptr;

// More keys than this (sizes changed many times): start again.
constexpr std::size_t kMaxPictures = 96;

}  // namespace

void setPictureCache(PictureCache* cache) { gCache = cache; }
PictureCache* pictureCache() { return gCache; }

PictureCache::~PictureCache() {
  clear();
  if (gCache == this) gCache = nullptr;
}

void PictureCache::clear() {
  for (auto& [key, texture] : textures_) SDL_DestroyTexture(texture);
  textures_.clear();
}

SDL_Texture* PictureCache::bake(int width, int height, ImU32 background,
                                const std::function<void(ImDrawList*)>& paint) {
  if (!SDL_RenderTargetSupported(renderer_)) {
    unsupported_ = true;
    return nullptr;
  }
  SDL_Texture* texture =
      SDL_CreateTexture(renderer_, SDL_PIXELFORMAT_ARGB8888, SDL_TEXTUREACCESS_TARGET, width, height);
  if (!texture) return nullptr;
  SDL_Texture* previous = SDL_GetRenderTarget(renderer_);
  if (SDL_SetRenderTarget(renderer_, texture) != 0) {
    SDL_DestroyTexture(texture);
    unsupported_ = true;
    return nullptr;
  }
  const ImVec4 bg = ImGui::ColorConvertU32ToFloat4(background);
  SDL_SetRenderDrawColor(renderer_, static_cast<Uint8>(bg.x * 255.0f + 0.5f), static_cast<Uint8>(bg.y * 255.0f + 0.5f),
                         static_cast<Uint8>(bg.z * 255.0f + 0.5f), 255);
  SDL_RenderClear(renderer_);

  // The picture's own draw list, with the antialiasing of the frame's.
  ImDrawList list(ImGui::GetDrawListSharedData());
  list._ResetForNewFrame();
  list.Flags = ImGui::GetWindowDrawList()->Flags;
  list.PushTextureID(ImGui::GetIO().Fonts->TexID);
  list.PushClipRect(ImVec2(0, 0), ImVec2(static_cast<float>(width), static_cast<float>(height)));
  paint(&list);
  list.PopClipRect();
  list.PopTextureID();
  ImDrawList* lists[] = {&list};
  ImDrawData data;
  data.Valid = true;
  data.CmdLists = lists;
  data.CmdListsCount = 1;
  data.TotalVtxCount = list.VtxBuffer.Size;
  data.TotalIdxCount = list.IdxBuffer.Size;
  data.DisplayPos = ImVec2(0, 0);
  data.DisplaySize = ImVec2(static_cast<float>(width), static_cast<float>(height));
  data.FramebufferScale = ImVec2(1, 1);
  ImGui_ImplSDLRenderer_RenderDrawData(&data);
  SDL_SetRenderTarget(renderer_, previous);
  // Opaque: copied as it is, nothing to blend.
  SDL_SetTextureBlendMode(texture, SDL_BLENDMODE_NONE);
  return texture;
}

bool PictureCache::draw(ImDrawList* dl, ImVec2 pos, int width, int height, ImU32 background, std::uint64_t key,
                        const std::function<void(ImDrawList*)>& paint) {
  if (unsupported_ || !renderer_ || width <= 0 || height <= 0) return false;
  auto it = textures_.find(key);
  if (it == textures_.end()) {
    if (textures_.size() >= kMaxPictures) clear();
    SDL_Texture* texture = bake(width, height, background, paint);
    if (!texture) return false;
    it = textures_.emplace(key, texture).first;
  }
  dl->AddImage(static_cast<ImTextureID>(it->second), pos,
               ImVec2(pos.x + static_cast<float>(width), pos.y + static_cast<float>(height)));
  return true;
}

}  // namespace spor::platform
