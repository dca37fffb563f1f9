# package.lintian: Debian's own checker on the .deb that package.deb built.
# Any error or warning fails the test; the informational tags are printed.
#
#   cmake -DLINTIAN=<lintian> -DDEB_DIR=<folder with the .deb> -P check_lintian.cmake
if(NOT LINTIAN OR NOT EXISTS "${LINTIAN}")
  message(FATAL_ERROR "lintian not found: install it with toolchains/setup-debian.sh test (Debian package lintian)")
endif()
file(GLOB debs "${DEB_DIR}/spor_*.deb")
list(LENGTH debs n)
if(NOT n EQUAL 1)
  message(FATAL_ERROR "package.lintian: expected one .deb in ${DEB_DIR} (made by package.deb), found: ${debs}")
endif()
execute_process(COMMAND "${LINTIAN}" --allow-root --info --display-info --fail-on error,warning ${debs}
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
message("${out}${err}")
if(NOT rc EQUAL 0 OR out MATCHES "(^|\n)[EW]: ")
  message(FATAL_ERROR "package.lintian: lintian found errors or warnings (exit ${rc}); fix them in "
                      "cmake/SporPackaging.cmake or assets/debian")
endif()
message("package.lintian: no errors, no warnings")
