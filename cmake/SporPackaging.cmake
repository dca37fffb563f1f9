# Install rules and the Debian package (CPack, DEB generator), for amd64 and,
# cross-compiled, arm64 (toolchains/aarch64-linux-gnu.cmake):
#
#   /usr/bin/spor                            the app and its commands
#   /usr/bin/spor-kiosk                      the kiosk session's launcher
#   /usr/share/spor/forms/                   the bundled forms (src/app/paths.cpp
#                                            finds <exe>/../share/spor/forms)
#   /usr/share/applications/spor.desktop     the menu entry
#   /usr/share/xsessions/spor-kiosk.desktop  the display-manager session
#   /usr/share/man/man1/spor.1.gz            made from 'spor --help' at build time
#   /usr/share/man/man1/spor-kiosk.1.gz      docs/spor-kiosk.1
#   /usr/share/doc/spor/                     README, forms/README.md, LightDM example,
#                                            copyright and changelog.gz (assets/debian)
#
# Debian's own checker, lintian, must accept the package without an error or
# a warning (the test package.lintian): hence the copyright file, the
# changelog, a manual page for each program, gzip -9n (no name, no
# timestamp) for what is compressed, and full RELRO (-z relro -z now).
#
# cmake --build --preset deb && cpack --preset deb   (or: cmake --workflow --preset deb)
# The package test (tests/package) builds the .deb, unpacks it with dpkg -x
# and runs the unpacked binary.
if(NOT TARGET spor)
  return()
endif()
include(GNUInstallDirs)

# Full RELRO: the dynamic symbols are resolved at start-up and their table is
# then read-only (Debian's hardening; lintian: hardening-no-bindnow).
target_link_options(spor PRIVATE "LINKER:-z,relro" "LINKER:-z,now")
install(TARGETS spor RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(PROGRAMS ${PROJECT_SOURCE_DIR}/assets/kiosk/spor-kiosk DESTINATION ${CMAKE_INSTALL_BINDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/forms/ DESTINATION ${CMAKE_INSTALL_DATADIR}/spor/forms
        FILES_MATCHING PATTERN "*.json")
install(FILES ${PROJECT_SOURCE_DIR}/assets/spor.desktop DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)
install(FILES ${PROJECT_SOURCE_DIR}/assets/kiosk/spor-kiosk.desktop DESTINATION ${CMAKE_INSTALL_DATADIR}/xsessions)
install(FILES ${PROJECT_SOURCE_DIR}/assets/kiosk/50-spor-kiosk.conf DESTINATION ${CMAKE_INSTALL_DOCDIR}/examples)
install(FILES ${PROJECT_SOURCE_DIR}/README.md DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(FILES ${PROJECT_SOURCE_DIR}/forms/README.md DESTINATION ${CMAKE_INSTALL_DOCDIR} RENAME FORMS.md)
install(FILES ${PROJECT_SOURCE_DIR}/assets/debian/copyright DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(FILES ${PROJECT_SOURCE_DIR}/assets/debian/lintian-overrides DESTINATION ${CMAKE_INSTALL_DATADIR}/lintian/overrides
        RENAME spor)

# Compressed as Debian does it: gzip -9n, so the file holds neither a name
# nor a time and the same input gives the same bytes (reproducible builds).
find_program(SPOR_GZIP gzip REQUIRED)
function(spor_gzip target input output)
  get_filename_component(folder ${output} DIRECTORY)
  file(MAKE_DIRECTORY ${folder})  # Ninja makes it, Make does not
  add_custom_command(OUTPUT ${output}
                     COMMAND ${SPOR_GZIP} -9n -c ${input} > ${output}
                     DEPENDS ${input} VERBATIM)
  add_custom_target(${target} ALL DEPENDS ${output})
endfunction()
# The changelog's version must be the package's: the first line names it.
file(STRINGS ${PROJECT_SOURCE_DIR}/assets/debian/changelog SPOR_CHANGELOG_TOP LIMIT_COUNT 1)
if(NOT SPOR_CHANGELOG_TOP MATCHES "^spor \\(${PROJECT_VERSION}\\) ")
  message(FATAL_ERROR "assets/debian/changelog starts with '${SPOR_CHANGELOG_TOP}'; "
                      "add an entry for version ${PROJECT_VERSION} at the top")
endif()
spor_gzip(spor_changelog ${PROJECT_SOURCE_DIR}/assets/debian/changelog ${PROJECT_BINARY_DIR}/debian/changelog.gz)
install(FILES ${PROJECT_BINARY_DIR}/debian/changelog.gz DESTINATION ${CMAKE_INSTALL_DOCDIR})
spor_gzip(spor_kiosk_manpage ${PROJECT_SOURCE_DIR}/docs/spor-kiosk.1 ${PROJECT_BINARY_DIR}/man/spor-kiosk.1.gz)
install(FILES ${PROJECT_BINARY_DIR}/man/spor-kiosk.1.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)

# spor(1): docs/spor.1.in with the COMMANDS section from the binary's own
# --help (run through the emulator when cross-compiling), gzipped for man.
set(SPOR_MANPAGE ${PROJECT_BINARY_DIR}/man/spor.1)
if(CMAKE_CROSSCOMPILING AND NOT CMAKE_CROSSCOMPILING_EMULATOR)
  message(WARNING "spor(1) is made by running 'spor --help'; cross-compiling without "
                  "CMAKE_CROSSCOMPILING_EMULATOR, the package gets no manual page")
else()
  add_custom_command(
    OUTPUT ${SPOR_MANPAGE} ${SPOR_MANPAGE}.gz
    COMMAND ${CMAKE_COMMAND} -DSPOR=$<TARGET_FILE:spor> "-DEMULATOR=${CMAKE_CROSSCOMPILING_EMULATOR}"
            -DTEMPLATE=${PROJECT_SOURCE_DIR}/docs/spor.1.in -DVERSION=${PROJECT_VERSION} -DOUTPUT=${SPOR_MANPAGE}
            -DGZIP=${SPOR_GZIP}
            -P ${PROJECT_SOURCE_DIR}/cmake/SporManPage.cmake
    DEPENDS spor ${PROJECT_SOURCE_DIR}/docs/spor.1.in ${PROJECT_SOURCE_DIR}/cmake/SporManPage.cmake
    COMMENT "Making spor(1) from 'spor --help'"
    VERBATIM)
  add_custom_target(spor_manpage ALL DEPENDS ${SPOR_MANPAGE}.gz)
  install(FILES ${SPOR_MANPAGE}.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
endif()

# The package.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME spor)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_VENDOR "Spor")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "offline measurement of children's well-being")
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
  "Spor is an offline app for measuring how children in voluntary-sector
programmes are doing: short questionnaires about well-being, coping and
self-perception on a tablet or kiosk PC, stored encrypted on the device and
sent to a coordinator as signed, encrypted bundle files. No network.
.
This package holds the tablet app and its command line (spor), the bundled
forms, and a display-manager session that runs the app as a kiosk.")
set(SPOR_PACKAGE_MAINTAINER "Spor maintainers <spor@example.org>" CACHE STRING "The .deb's Maintainer field")
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${SPOR_PACKAGE_MAINTAINER}")
set(CPACK_DEBIAN_PACKAGE_SECTION education)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)          # spor_0.1.0_arm64.deb
set(CPACK_STRIP_FILES ON)                        # the target's strip (aarch64-linux-gnu-strip)
# Depends: from the libraries the binary links (dpkg-shlibdeps), so the list
# follows the code. The read-aloud voices come with libespeak-ng1.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "x11-xserver-utils")   # xset: no screen blanking in the kiosk session
if(SPOR_DEB_ARCHITECTURE)                        # set by the cross toolchains
  set(CPACK_DEBIAN_PACKAGE_ARCHITECTURE ${SPOR_DEB_ARCHITECTURE})
elseif(CMAKE_CROSSCOMPILING)
  message(WARNING "Cross-compiling without SPOR_DEB_ARCHITECTURE: the .deb would be labelled with the build machine's architecture")
endif()
# dpkg-shlibdeps reads the target's binaries: for a cross build it must be
# told the target architecture (its library folders and objdump).
set(SPOR_CPACK_ENV_FILE ${PROJECT_BINARY_DIR}/SporCPackEnv.cmake)
if(CMAKE_CROSSCOMPILING AND SPOR_DEB_ARCHITECTURE)
  file(WRITE ${SPOR_CPACK_ENV_FILE}
    "set(ENV{DEB_HOST_ARCH} ${SPOR_DEB_ARCHITECTURE})\n"
    "set(ENV{OBJDUMP} ${CMAKE_OBJDUMP})\n")
else()
  file(WRITE ${SPOR_CPACK_ENV_FILE} "")
endif()
set(CPACK_PROJECT_CONFIG_FILE ${SPOR_CPACK_ENV_FILE})
include(CPack)
