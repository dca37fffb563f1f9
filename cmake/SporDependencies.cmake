# All dependencies are Debian packages, found through pkg-config or CMake
# config files. The README's commands install them (scripts/setup.sh).
find_package(PkgConfig REQUIRED)
find_package(Threads REQUIRED)

pkg_check_modules(sqlite3 REQUIRED IMPORTED_TARGET sqlite3)
pkg_check_modules(sodium REQUIRED IMPORTED_TARGET libsodium)
# tpm2-tss (libtss2-dev): PIN wraps bound to the device's TPM 2.0 (src/tpm).
# Off: Spor protects PINs with Argon2id alone, as on a device without a TPM.
option(SPOR_TPM "Bind PIN wraps to a TPM 2.0 where the device has one (needs libtss2-dev)" ON)
if(SPOR_TPM)
  pkg_check_modules(tss2 REQUIRED IMPORTED_TARGET tss2-esys tss2-mu tss2-rc tss2-tctildr)
endif()
find_package(cereal REQUIRED)            # libcereal-dev (pulls rapidjson-dev)
find_package(RapidJSON QUIET)            # header-only; cereal's JSON layer
if(NOT TARGET spor_rapidjson)
  add_library(spor_rapidjson INTERFACE)  # headers live in /usr/include/rapidjson
endif()

if(SPOR_BUILD_TESTS)
  find_package(doctest REQUIRED)         # doctest-dev
  include(doctest)                       # doctest_discover_tests
endif()

find_package(Boost 1.74 QUIET)           # libboost-math-dev: t distribution
# libreadstat-dev ships no pkg-config file: find the header and library.
find_path(READSTAT_INCLUDE_DIR readstat.h)
find_library(READSTAT_LIBRARY readstat)
if(READSTAT_INCLUDE_DIR AND READSTAT_LIBRARY AND NOT TARGET spor::readstat)
  add_library(spor::readstat UNKNOWN IMPORTED)
  set_target_properties(spor::readstat PROPERTIES
    IMPORTED_LOCATION ${READSTAT_LIBRARY}
    INTERFACE_INCLUDE_DIRECTORIES ${READSTAT_INCLUDE_DIR})
endif()

if(SPOR_BUILD_UI)
  find_package(SDL2 REQUIRED)            # libsdl2-dev
  pkg_check_modules(imgui REQUIRED IMPORTED_TARGET imgui)    # libimgui-dev
  pkg_check_modules(espeak QUIET IMPORTED_TARGET espeak-ng)  # libespeak-ng-dev
endif()
