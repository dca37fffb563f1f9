# SPOR_CORE_ONLY: build spor_core and its tests, nothing else. For targets
# where Debian has a compiler but not SQLite, libsodium or SDL2 — today
# Windows (toolchains/x86_64-w64-mingw32.cmake, preset "windows-core").
# Included from the top-level CMakeLists.txt in place of SporDependencies.
#
# spor_core needs only header-only libraries: RapidJSON, Boost.Math (and
# doctest for its tests). When the target's tree has no copy, the build
# machine's copy in /usr/include is used: header-only code is the same for
# every target. Only those folders are put on the include path (through a
# folder of links), never /usr/include itself, whose C headers are Linux's.
find_package(Threads REQUIRED)

set(SPOR_HOST_HEADERS_DIR ${PROJECT_BINARY_DIR}/host-headers)
foreach(entry IN ITEMS "rapidjson;rapidjson/document.h" "boost;boost/math/distributions/students_t.hpp"
                       "doctest;doctest/doctest.h")
  list(GET entry 0 name)
  list(GET entry 1 header)
  find_path(SPOR_${name}_INCLUDE_DIR ${header})
  if(SPOR_${name}_INCLUDE_DIR)
    include_directories(SYSTEM ${SPOR_${name}_INCLUDE_DIR})
  elseif(EXISTS /usr/include/${header})
    file(MAKE_DIRECTORY ${SPOR_HOST_HEADERS_DIR})
    if(NOT EXISTS ${SPOR_HOST_HEADERS_DIR}/${name})
      file(CREATE_LINK /usr/include/${name} ${SPOR_HOST_HEADERS_DIR}/${name} SYMBOLIC)
    endif()
    message(STATUS "${name}: the build machine's headers (/usr/include/${name})")
  else()
    message(FATAL_ERROR "${header} is not installed: run 'sh toolchains/setup-debian.sh'")
  endif()
endforeach()
if(EXISTS ${SPOR_HOST_HEADERS_DIR})
  include_directories(SYSTEM ${SPOR_HOST_HEADERS_DIR})
endif()

add_library(spor_rapidjson INTERFACE)
add_subdirectory(${PROJECT_SOURCE_DIR}/src/messages ${PROJECT_BINARY_DIR}/src/messages)
add_subdirectory(${PROJECT_SOURCE_DIR}/src/core ${PROJECT_BINARY_DIR}/src/core)

if(SPOR_BUILD_TESTS)
  enable_testing()
  # The same spor_test() signature as tests/CMakeLists.txt, so that
  # tests/core/CMakeLists.txt is used as it is. Each program is one CTest
  # test, run through the emulator (wine) when there is one.
  function(spor_test name)
    cmake_parse_arguments(ARG "" "" "SOURCES;LIBS" ${ARGN})
    add_executable(${name} ${PROJECT_SOURCE_DIR}/tests/doctest_main.cpp ${ARG_SOURCES})
    target_link_libraries(${name} PRIVATE spor_warnings ${ARG_LIBS})
    target_compile_definitions(${name} PRIVATE
      SPOR_TEST_FORMS_DIR="${PROJECT_SOURCE_DIR}/forms"
      SPOR_TEST_DATA_DIR="${PROJECT_SOURCE_DIR}/tests/data")
    if(NOT CMAKE_CROSSCOMPILING OR CMAKE_CROSSCOMPILING_EMULATOR)
      add_test(NAME ${name} COMMAND ${name})
      # Wine keeps its Windows folder in the build tree, not in $HOME.
      set_tests_properties(${name} PROPERTIES LABELS core TIMEOUT 600
        ENVIRONMENT "WINEPREFIX=${PROJECT_BINARY_DIR}/wine-prefix;WINEDEBUG=-all")
    endif()
  endfunction()
  add_subdirectory(${PROJECT_SOURCE_DIR}/tests/core ${PROJECT_BINARY_DIR}/tests/core)
endif()
