# package.deb: build the .deb of BUILD_DIR with cpack, unpack it with dpkg -x
# into a fresh folder, and run what it installed.
#
#   cmake -DBUILD_DIR=<build> -DWORK_DIR=<scratch> -DVERSION=0.1.0 -DCPACK=<cpack>
#         [-DEMULATOR=<qemu;-L;...>] [-DARCH=arm64] -P check_deb.cmake
#
# Exits 77 (CTest: skipped) when dpkg-deb is not installed (not Debian).
cmake_minimum_required(VERSION 3.25)
foreach(var BUILD_DIR WORK_DIR VERSION CPACK)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "check_deb.cmake needs -D${var}=...")
  endif()
endforeach()
find_program(DPKG_DEB dpkg-deb)
find_program(DPKG dpkg)
if(NOT DPKG_DEB OR NOT DPKG)
  message("package.deb: dpkg-deb is not installed (not Debian?); skipping")
  cmake_language(EXIT 77)
endif()
if(NOT ARCH)
  execute_process(COMMAND ${DPKG} --print-architecture OUTPUT_VARIABLE ARCH OUTPUT_STRIP_TRAILING_WHITESPACE)
endif()

function(run what)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    string(REPLACE ";" " " cmd "${ARGN}")
    message(FATAL_ERROR "package.deb: ${what} failed (${rc}): ${cmd}\n${out}\n${err}")
  endif()
  set(out "${out}" PARENT_SCOPE)
endfunction()

# 1. Build the package, in a folder of its own.
file(REMOVE_RECURSE ${WORK_DIR})
file(MAKE_DIRECTORY ${WORK_DIR}/out)
run("cpack" ${CPACK} -G DEB --config ${BUILD_DIR}/CPackConfig.cmake -B ${WORK_DIR}/out)
set(deb ${WORK_DIR}/out/spor_${VERSION}_${ARCH}.deb)
if(NOT EXISTS ${deb})
  file(GLOB made ${WORK_DIR}/out/*.deb)
  message(FATAL_ERROR "package.deb: expected ${deb}; cpack made: ${made}")
endif()
file(SIZE ${deb} size)
message("package.deb: ${deb} (${size} bytes)")

# 2. The control fields: the architecture, and Depends on the runtime libraries.
run("dpkg-deb --field" ${DPKG_DEB} --field ${deb} Package Version Architecture Depends)
set(control "${out}")
message("${control}")
foreach(expected "Package: spor" "Version: ${VERSION}" "Architecture: ${ARCH}"
                 "libsqlite3-0" "libsodium23" "libsdl2-2.0-0" "libespeak-ng1" "libreadstat1" "libstdc\\+\\+6")
  if(NOT control MATCHES "${expected}")
    message(FATAL_ERROR "package.deb: the control fields lack '${expected}':\n${control}")
  endif()
endforeach()

# 3. Unpack into a fresh tree, as dpkg would install it, and check the files.
set(root ${WORK_DIR}/root)
run("dpkg -x" ${DPKG} -x ${deb} ${root})
foreach(file usr/bin/spor usr/bin/spor-kiosk usr/share/spor/forms/scales.json usr/share/spor/forms/child/barn.json
             usr/share/applications/spor.desktop usr/share/xsessions/spor-kiosk.desktop
             usr/share/man/man1/spor.1.gz usr/share/man/man1/spor-kiosk.1.gz
             usr/share/doc/spor/examples/50-spor-kiosk.conf usr/share/doc/spor/copyright
             usr/share/doc/spor/changelog.gz)
  if(NOT EXISTS ${root}/${file})
    message(FATAL_ERROR "package.deb: the package has no /${file}")
  endif()
endforeach()
foreach(file usr/bin/spor usr/bin/spor-kiosk)
  execute_process(COMMAND test -x ${root}/${file} RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "package.deb: /${file} is not executable")
  endif()
endforeach()

# 4. Run the unpacked binary. It links only system libraries, so it runs from
#    anywhere; its forms are found beside it (<exe>/../share/spor/forms).
set(spor ${EMULATOR} ${root}/usr/bin/spor)
set(ENV{SPOR_FORMS_DIR} "")
run("spor --version" ${spor} --version)
if(NOT out MATCHES "^spor ${VERSION}\n")
  message(FATAL_ERROR "package.deb: 'spor --version' printed '${out}'")
endif()
message("package.deb: ${out}")
run("spor forms check" ${spor} forms check ${root}/usr/share/spor/forms)
message("package.deb: ${out}")
run("spor --help" ${spor} --help)
set(help "${out}")
if(NOT help MATCHES "Bundled forms: *${root}/usr/share/spor/forms")
  message(FATAL_ERROR "package.deb: the installed spor does not find the installed forms:\n${help}")
endif()

# 5. The manual page covers every command in 'spor --help' (it is made from
#    it) and renders without warnings.
find_program(MAN man)
if(MAN)
  set(ENV{MANWIDTH} 1000)
  execute_process(COMMAND ${MAN} --warnings -l ${root}/usr/share/man/man1/spor.1.gz
                  RESULT_VARIABLE rc OUTPUT_VARIABLE page ERROR_VARIABLE warnings)
  if(NOT rc EQUAL 0 OR warnings MATCHES "warning|error")
    message(FATAL_ERROR "package.deb: man -l spor.1.gz: exit ${rc}\n${warnings}")
  endif()
  string(REGEX MATCHALL "\n  spor [^\n]*" usages "${help}")
  set(count 0)
  foreach(usage IN LISTS usages)
    string(STRIP "${usage}" usage)
    # The command's name: the words before the first option or placeholder.
    string(REGEX MATCH "^spor( [a-z][a-z-]*)*" name "${usage}")
    string(FIND "${page}" "${name}" at)
    if(at EQUAL -1)
      message(FATAL_ERROR "package.deb: spor(1) does not mention '${name}' (from '${usage}')")
    endif()
    math(EXPR count "${count} + 1")
  endforeach()
  message("package.deb: spor(1) covers the ${count} usages in 'spor --help'")
else()
  message("package.deb: man is not installed; the manual page was not rendered")
endif()
