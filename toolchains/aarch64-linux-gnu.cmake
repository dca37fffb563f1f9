# Cross-compiling Spor for 64-bit ARM (arm64 / aarch64) Debian 12: tablets
# and boards with touch screens. Used by the "arm64" presets:
#
#   sh toolchains/setup-debian.sh cross && cmake --workflow --preset arm64
#
# What it uses, all from Debian (toolchains/setup-debian.sh, CROSS_PACKAGES):
#   g++-aarch64-linux-gnu   the cross compiler (gcc 12, like the native one)
#   <lib>-dev:arm64         the arm64 libraries, installed beside the amd64 ones
#                           (multiarch: /usr/lib/aarch64-linux-gnu)
#   qemu-user-static        runs the arm64 test programs on the build machine
#
# Nothing in the project's CMake files needs to know about this file: every
# library is found the usual way (pkg-config, find_package, find_library),
# just in the arm64 tree.

set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(SPOR_CROSS_TRIPLET aarch64-linux-gnu)
set(SPOR_DEB_ARCHITECTURE arm64)   # the Debian architecture, for the .deb (cmake/SporPackaging.cmake)

find_program(SPOR_CROSS_CXX ${SPOR_CROSS_TRIPLET}-g++)
if(NOT SPOR_CROSS_CXX)
  message(FATAL_ERROR "${SPOR_CROSS_TRIPLET}-g++ is not installed: run 'sh toolchains/setup-debian.sh cross'")
endif()
set(CMAKE_CXX_COMPILER ${SPOR_CROSS_CXX})
set(CMAKE_C_COMPILER ${SPOR_CROSS_TRIPLET}-gcc)

# Debian multiarch: the arm64 libraries live in the host's own tree
# (/usr/lib/aarch64-linux-gnu, headers in /usr/include), and the cross
# toolchain's C library in /usr/aarch64-linux-gnu. So both are roots; CMake
# picks the aarch64-linux-gnu library folders (CMAKE_LIBRARY_ARCHITECTURE,
# read from the compiler), never /usr/lib/x86_64-linux-gnu. Programs
# (cmake, pkg-config, the fonts' embedding script) are the build machine's.
set(CMAKE_FIND_ROOT_PATH /usr/${SPOR_CROSS_TRIPLET} /)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

# pkg-config reads only the arm64 .pc files (and the architecture-independent
# ones). The toolchain file is read at every configure, so this holds for
# every pkg_check_modules() call.
set(ENV{PKG_CONFIG_LIBDIR} /usr/lib/${SPOR_CROSS_TRIPLET}/pkgconfig:/usr/share/pkgconfig)
set(ENV{PKG_CONFIG_PATH} "")
set(ENV{PKG_CONFIG_SYSROOT_DIR} "")

# Header-only packages that Debian does not mark Multi-Arch: same cannot be
# installed for both architectures; their headers are the same for every
# architecture, so the build machine's copy serves. cereal (libcereal-dev)
# keeps its CMake file under the build machine's library folder.
if(NOT DEFINED cereal_DIR)
  file(GLOB _spor_cereal_configs /usr/lib/*/cmake/cereal/cerealConfig.cmake /usr/share/cmake/cereal/cerealConfig.cmake)
  if(_spor_cereal_configs)
    list(GET _spor_cereal_configs 0 _spor_cereal_config)
    get_filename_component(_spor_cereal_dir ${_spor_cereal_config} DIRECTORY)
    set(cereal_DIR ${_spor_cereal_dir} CACHE PATH "cereal's CMake files (header-only; the build machine's libcereal-dev)")
  endif()
endif()

# CTest (and doctest_discover_tests, which lists each test program's cases
# at build time) runs the arm64 programs through qemu's user-mode emulator.
# They run on Debian's own arm64 runtime (libc6:arm64, libstdc++6:arm64 in
# /lib/aarch64-linux-gnu), as on a real device: -L / says so, whatever
# /etc/qemu-binfmt holds. Not -L /usr/aarch64-linux-gnu: that is the cross
# toolchain's older glibc build, whose dynamic loader does not match
# libc6:arm64's libc.so.6 (found through the multiarch paths), and a program
# mixing the two hangs in its first pthread_create.
find_program(SPOR_QEMU_AARCH64 NAMES qemu-aarch64-static qemu-aarch64)
if(SPOR_QEMU_AARCH64)
  set(CMAKE_CROSSCOMPILING_EMULATOR ${SPOR_QEMU_AARCH64} -L /)
else()
  message(WARNING "qemu-aarch64-static is not installed (qemu-user-static): the arm64 build "
                  "cannot run its tests. Run 'sh toolchains/setup-debian.sh cross'.")
endif()
