# Builds the libFuzzer targets in a clang sub-build with AddressSanitizer and
# UndefinedBehaviorSanitizer, then runs each for a bounded time from seeds
# made of the golden files. Run by the CTest test 'sync.fuzz':
#
#   cmake -DSOURCE_DIR=<repo> -DBUILD_DIR=<dir> -DSECONDS=25 -P run_fuzzers.cmake
#
# Exits non-zero if a fuzzer finds a crash, a leak, undefined behaviour or an
# exception other than SyncError; the input is kept in BUILD_DIR/artifacts.
# Exits 77 (CTest: skipped) when clang++ is not installed.
cmake_minimum_required(VERSION 3.25)
foreach(var SOURCE_DIR BUILD_DIR SECONDS)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "run_fuzzers.cmake needs -D${var}=...")
  endif()
endforeach()

find_program(CLANGXX NAMES clang++ clang++-14)
if(NOT CLANGXX)
  message("sync.fuzz: clang++ is not installed (sh toolchains/setup-debian.sh installs it); skipping")
  cmake_language(EXIT 77)
endif()

set(flags "-fsanitize=address,undefined,fuzzer-no-link -fno-sanitize-recover=all -fno-omit-frame-pointer")
execute_process(
  COMMAND ${CMAKE_COMMAND} -S ${SOURCE_DIR} -B ${BUILD_DIR}
          -DCMAKE_CXX_COMPILER=${CLANGXX} -DCMAKE_BUILD_TYPE=RelWithDebInfo "-DCMAKE_CXX_FLAGS=${flags}"
          -DSPOR_FUZZ=ON -DSPOR_BUILD_TESTS=OFF -DSPOR_BUILD_UI=OFF -DSPOR_BUILD_BENCH=OFF
  RESULT_VARIABLE rc OUTPUT_QUIET)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "sync.fuzz: configuring the clang build in ${BUILD_DIR} failed")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} --build ${BUILD_DIR} --target sync_fuzzers -j 2
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "sync.fuzz: building the fuzzers failed:\n${out}")
endif()

set(seeds ${BUILD_DIR}/fuzz-seeds)
file(REMOVE_RECURSE ${seeds})
execute_process(COMMAND ${BUILD_DIR}/sync/fuzz/sync_fuzz_seeds ${seeds} RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "sync.fuzz: making the seed inputs failed")
endif()
file(GLOB golden ${SOURCE_DIR}/tests/data/sync/*)
file(COPY ${golden} DESTINATION ${seeds})
file(MAKE_DIRECTORY ${BUILD_DIR}/artifacts)

set(failed "")
foreach(target fuzz_bundle fuzz_payload fuzz_receipt fuzz_form_package)
  # The corpus grows across runs in the build folder; the seeds start it.
  set(corpus ${BUILD_DIR}/corpus/${target})
  file(MAKE_DIRECTORY ${corpus})
  execute_process(
    COMMAND ${BUILD_DIR}/sync/fuzz/${target} -max_total_time=${SECONDS} -rss_limit_mb=2048 -timeout=10
            -print_final_stats=1 -artifact_prefix=${BUILD_DIR}/artifacts/${target}- ${corpus} ${seeds}
    RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
  string(REGEX MATCH "stat::number_of_executed_units: *[0-9]+" runs "${out}")
  string(REGEX REPLACE "[^0-9]" "" runs "${runs}")
  if(rc EQUAL 0)
    message("sync.fuzz: ${target}: ${runs} inputs in ${SECONDS} s, no finding")
  else()
    message("sync.fuzz: ${target} FAILED (exit ${rc}):\n${out}")
    list(APPEND failed ${target})
  endif()
endforeach()
if(failed)
  message(FATAL_ERROR "sync.fuzz: findings in ${failed}; the inputs are in ${BUILD_DIR}/artifacts")
endif()
