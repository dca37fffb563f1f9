# Configures and builds a cross sub-build of Spor with a toolchain file, then
# runs its tests (through the toolchain's emulator) or checks the program it
# must have made. Run by the CTest tests cross.arm64 and cross.windows_core:
#
#   cmake -DSOURCE_DIR=<repo> -DBUILD_DIR=<dir> -DTOOLCHAIN=<file> -DCOMPILER=<cross g++>
#         [-DEMULATOR=<program>] [-DLABELS=<ctest -L regex>] [-DEXCLUDE=<ctest -E regex>]
#         [-DEXPECT_EXE=<path in BUILD_DIR>] [-DTESTS_OPTIONAL=ON]
#
# TESTS_OPTIONAL: the sub-build has tests only when its emulator is installed
# (wine for Windows); without, building is the check.
#         -P run_cross.cmake
#
# Exits 77 (CTest: skipped) when the cross compiler or the emulator is not
# installed. The sub-build is kept, so a second run only rebuilds what changed.
cmake_minimum_required(VERSION 3.25)
foreach(var SOURCE_DIR BUILD_DIR TOOLCHAIN COMPILER)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "run_cross.cmake needs -D${var}=...")
  endif()
endforeach()
get_filename_component(target ${TOOLCHAIN} NAME_WE)

foreach(program COMPILER EMULATOR)
  if(${program})
    find_program(found_${program} ${${program}})
    if(NOT found_${program})
      message("cross: ${${program}} is not installed (sh toolchains/setup-debian.sh test installs it); skipping ${target}")
      cmake_language(EXIT 77)
    endif()
  endif()
endforeach()

string(TIMESTAMP t0 "%s")
execute_process(
  COMMAND ${CMAKE_COMMAND} -S ${SOURCE_DIR} -B ${BUILD_DIR} --toolchain ${TOOLCHAIN}
          -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSPOR_WERROR=ON -DSPOR_BUILD_BENCH=OFF
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "cross: configuring ${target} in ${BUILD_DIR} failed:\n${out}")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} --build ${BUILD_DIR} -j 2
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "cross: building ${target} failed:\n${out}")
endif()
if(out MATCHES "warning:")
  message(FATAL_ERROR "cross: the ${target} build has warnings:\n${out}")
endif()
string(TIMESTAMP t1 "%s")
math(EXPR seconds "${t1} - ${t0}")
message("cross: ${target}: configured and built in ${seconds} s")

if(EXPECT_EXE)
  # A Windows program starts with the MS-DOS header, "MZ".
  set(exe ${BUILD_DIR}/${EXPECT_EXE})
  if(NOT EXISTS ${exe})
    message(FATAL_ERROR "cross: ${target}: ${exe} was not built")
  endif()
  file(READ ${exe} magic LIMIT 2 HEX)
  if(NOT magic STREQUAL "4d5a")
    message(FATAL_ERROR "cross: ${target}: ${exe} is not a Windows program")
  endif()
  message("cross: ${target}: built ${EXPECT_EXE}")
endif()

if(LABELS)
  # Not the fuzzers (a clang build for the build machine), nor the long
  # sweeps (label "long": power-loss, kill and layout sweeps, which qemu runs
  # 5-10x slower and which test nothing architecture-specific that the
  # shorter tests miss), nor tests that run a target program without the
  # emulator (EXCLUDE).
  set(exclude "")
  if(EXCLUDE)
    set(exclude -E "${EXCLUDE}")
  endif()
  set(no_tests error)
  if(TESTS_OPTIONAL)
    set(no_tests ignore)
  endif()
  execute_process(COMMAND ${CMAKE_CTEST_COMMAND} --test-dir ${BUILD_DIR} -L "${LABELS}" -LE "fuzz|long" ${exclude} -j 2
                          --output-on-failure --no-tests=${no_tests}
                  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
  string(TIMESTAMP t2 "%s")
  math(EXPR seconds "${t2} - ${t1}")
  string(REGEX MATCH "[0-9]+% tests passed[^\n]*" summary "${out}")
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "cross: ${target}: the tests labelled '${LABELS}' failed under emulation:\n${out}")
  endif()
  if(NOT summary AND TESTS_OPTIONAL)
    message("cross: ${target}: no emulator installed, so the tests were built but not run")
    return()
  endif()
  message("cross: ${target}: tests labelled '${LABELS}' under emulation: ${summary} in ${seconds} s")
endif()
