#pragma once
// PNG files for screenshots, written with stb_image_write (Debian's
// libstb-dev; SDL2 itself writes only BMP).
#include <string>

#include "platform/window.hpp"

namespace spor::platform {

// Writes `image` to `path`, creating missing parent folders. Throws
// PlatformError naming the file when it cannot be written.
void writePng(const std::string& path, const Image& image);

// Reads a PNG back (tests compare what was written).
[[nodiscard]] Image readPng(const std::string& path);

}  // namespace spor::platform
