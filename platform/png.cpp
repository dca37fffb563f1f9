#include "platform/png.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <stb_image.h>
#include <stb_image_write.h>

namespace spor::platform {

void writePng(const std::string& path, const Image& image) {
  if (image.width <= 0 || image.height <= 0 ||
      image.rgba.size() != static_cast<std::size_t>(image.width) * static_cast<std::size_t>(image.height) * 4)
    throw PlatformError("cannot write '" + path + "': the image is empty");
  const std::filesystem::path p(path);
  std::error_code ec;
  if (p.has_parent_path()) std::filesystem::create_directories(p.parent_path(), ec);
  if (ec) throw PlatformError("cannot write '" + path + "': cannot create its folder: " + ec.message());
  errno = 0;
  if (stbi_write_png(path.c_str(), image.width, image.height, 4, image.rgba.data(), image.width * 4) == 0) {
    const std::string why = errno != 0 ? std::strerror(errno) : "the PNG writer failed";
    throw PlatformError("cannot write '" + path + "': " + why);
  }
}

Image readPng(const std::string& path) {
  int w = 0;
  int h = 0;
  int channels = 0;
  unsigned char* data = stbi_load(path.c_str(), &w, &h, &channels, 4);
  if (!data) throw PlatformError("cannot read '" + path + "': " + stbi_failure_reason());
  Image image;
  image.width = w;
  image.height = h;
  image.rgba.assign(data, data + static_cast<std::size_t>(w) * static_cast<std::size_t>(h) * 4);
  stbi_image_free(data);
  return image;
}

}  // namespace spor::platform
