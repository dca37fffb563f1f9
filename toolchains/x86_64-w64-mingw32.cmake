# Cross-compiling Spor for Windows x86_64 kiosk PCs with Debian's MinGW-w64
# (g++-mingw-w64-x86-64-posix: gcc 12 with POSIX threads, so std::thread
# and std::mutex work). Used by the "windows-core" presets:
#
#   sh toolchains/setup-debian.sh cross && cmake --workflow --preset windows-core
#
# Debian has the compiler but no Windows builds of SQLite, libsodium, SDL2,
# Dear ImGui, espeak-ng or ReadStat, so by default this builds what needs
# none of them: spor_core and its tests (SPOR_CORE_ONLY, cmake/SporCoreOnly.cmake).
# Header-only libraries (RapidJSON, Boost.Math, doctest) are the same for
# every target; when the Windows tree lacks them, the build machine's copies
# in /usr/include are used.
#
# A full Windows build needs those libraries built for x86_64-w64-mingw32,
# e.g. MSYS2's mingw-w64-x86_64-* packages or vcpkg's x64-mingw-static
# triplet, unpacked into one prefix (bin/ include/ lib/ lib/pkgconfig/):
#
#   cmake --preset windows-core -DSPOR_CORE_ONLY=OFF -DSPOR_WINDOWS_PREFIX=/path/to/mingw64
#
# (see the README, "Supported devices", for what else that needs).

set(CMAKE_SYSTEM_NAME Windows)
set(CMAKE_SYSTEM_PROCESSOR x86_64)
set(SPOR_CROSS_TRIPLET x86_64-w64-mingw32)

find_program(SPOR_CROSS_CXX ${SPOR_CROSS_TRIPLET}-g++-posix)
if(NOT SPOR_CROSS_CXX)
  message(FATAL_ERROR "${SPOR_CROSS_TRIPLET}-g++-posix is not installed (g++-mingw-w64-x86-64-posix): "
                      "run 'sh toolchains/setup-debian.sh cross'")
endif()
set(CMAKE_CXX_COMPILER ${SPOR_CROSS_CXX})
set(CMAKE_C_COMPILER ${SPOR_CROSS_TRIPLET}-gcc-posix)
set(CMAKE_RC_COMPILER ${SPOR_CROSS_TRIPLET}-windres)

# A kiosk PC gets one .exe: libstdc++, libgcc and winpthreads linked in, so
# no MinGW DLLs need to travel with it.
set(CMAKE_EXE_LINKER_FLAGS_INIT "-static")

# Where Windows libraries are looked for: MinGW-w64's own tree, and a prefix
# of Windows builds the user brings (MSYS2, vcpkg), if any.
set(SPOR_WINDOWS_PREFIX "" CACHE PATH "A prefix of x86_64-w64-mingw32 builds of Spor's libraries (MSYS2 mingw64, vcpkg)")
set(CMAKE_FIND_ROOT_PATH /usr/${SPOR_CROSS_TRIPLET} ${SPOR_WINDOWS_PREFIX})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
if(SPOR_WINDOWS_PREFIX)
  set(ENV{PKG_CONFIG_LIBDIR} ${SPOR_WINDOWS_PREFIX}/lib/pkgconfig:${SPOR_WINDOWS_PREFIX}/share/pkgconfig)
  set(ENV{PKG_CONFIG_SYSROOT_DIR} "")
else()
  set(ENV{PKG_CONFIG_LIBDIR} /usr/${SPOR_CROSS_TRIPLET}/lib/pkgconfig)
endif()
set(ENV{PKG_CONFIG_PATH} "")

# Without a prefix of Windows libraries, only spor_core and its tests can be
# built (top-level CMakeLists.txt, cmake/SporCoreOnly.cmake).
if(NOT SPOR_WINDOWS_PREFIX)
  set(SPOR_CORE_ONLY ON CACHE BOOL "Build only spor_core and its tests (no SQLite, libsodium or SDL2 for this target)")
endif()

# Wine, if installed, runs the Windows test programs (Debian's wine64 keeps
# its loader in /usr/lib/wine). Not needed: building them is the check, and
# wine is large (about 700 MB), so toolchains/setup-debian.sh leaves it out.
find_program(SPOR_WINE NAMES wine64 wine PATHS /usr/lib/wine)
if(SPOR_WINE)
  set(CMAKE_CROSSCOMPILING_EMULATOR ${SPOR_WINE})
endif()
