# package.install_fresh_root: installs the .deb that package.deb built into a
# fresh, minimal Debian 12 root made by mmdebstrap from Debian's own
# packages, with 'apt-get install --no-install-recommends ./spor_*.deb', and
# runs it there: spor --version, spor forms check on the installed forms, and
# the demo through an offscreen --script. This proves the package's Depends
# are complete: nothing from the build machine is in that root.
#
#   cmake -DMMDEBSTRAP=<mmdebstrap> -DDEB_DIR=<folder with the .deb> -DSCRIPT=demo.spor
#         -DWORK_DIR=<scratch> [-DCACHE_DIR=<apt archive cache>] -P check_install.cmake
#
# The root is made anew each run (mmdebstrap --variant=apt, from the mirror
# the machine's own apt uses); only the downloaded .deb files are kept in
# CACHE_DIR (default ~/.cache/spor-test/apt-bookworm) and given to the next
# run, so a second run downloads only what changed. Needs root (or user
# namespaces) and the Debian mirror.
foreach(var MMDEBSTRAP DEB_DIR SCRIPT WORK_DIR)
  if(NOT ${var})
    message(FATAL_ERROR "check_install.cmake needs -D${var}=...")
  endif()
endforeach()
if(NOT EXISTS "${MMDEBSTRAP}")
  message(FATAL_ERROR "mmdebstrap not found: install it with toolchains/setup-debian.sh test (Debian package mmdebstrap)")
endif()
file(GLOB debs "${DEB_DIR}/spor_*.deb")
list(LENGTH debs n)
if(NOT n EQUAL 1)
  message(FATAL_ERROR "package.install_fresh_root: expected one .deb in ${DEB_DIR} (made by package.deb), found: ${debs}")
endif()
if(NOT CACHE_DIR)
  set(CACHE_DIR "$ENV{HOME}/.cache/spor-test/apt-bookworm")
endif()
file(MAKE_DIRECTORY "${CACHE_DIR}")
file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")

# The mirror this machine's apt uses (deb822 .sources or one-line lists);
# deb.debian.org when none is found.
set(main_mirror "")
set(security_mirror "")
file(GLOB sources /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources)
foreach(f IN LISTS sources)
  file(STRINGS "${f}" lines REGEX "^(URIs:|deb )")
  foreach(line IN LISTS lines)
    string(REGEX MATCH "(https?://[^ ]+)" _ "${line}")
    set(uri "${CMAKE_MATCH_1}")
    if(uri MATCHES "debian-security" AND NOT security_mirror)
      set(security_mirror "${uri}")
    elseif(uri MATCHES "/debian/?$" AND NOT main_mirror)
      set(main_mirror "${uri}")
    endif()
  endforeach()
endforeach()
if(NOT main_mirror)
  set(main_mirror "http://deb.debian.org/debian")
endif()
if(NOT security_mirror)
  set(security_mirror "http://deb.debian.org/debian-security")
endif()
message("package.install_fresh_root: mirrors ${main_mirror} and ${security_mirror}; apt cache ${CACHE_DIR}")

list(GET debs 0 deb)
set(env "SDL_VIDEODRIVER=offscreen SDL_RENDER_DRIVER=software HOME=/root")
string(TIMESTAMP started "%s")
execute_process(
  COMMAND "${MMDEBSTRAP}" --variant=apt --skip=essential/unlink --quiet
          "--setup-hook=mkdir -p \"$1\"/var/cache/apt/archives/"
          "--setup-hook=sync-in ${CACHE_DIR} /var/cache/apt/archives/"
          "--customize-hook=upload ${deb} /tmp/spor.deb"
          "--customize-hook=upload ${SCRIPT} /tmp/demo.spor"
          "--customize-hook=chroot \"$1\" apt-get install --yes --no-install-recommends /tmp/spor.deb"
          "--customize-hook=chroot \"$1\" spor --version > \"$1\"/tmp/version.txt"
          "--customize-hook=chroot \"$1\" spor forms check /usr/share/spor/forms > \"$1\"/tmp/forms.txt"
          "--customize-hook=chroot \"$1\" env ${env} spor --data-dir /tmp/spor-demo --script /tmp/demo.spor > \"$1\"/tmp/demo.txt 2>&1"
          "--customize-hook=download /tmp/version.txt ${WORK_DIR}/version.txt"
          "--customize-hook=download /tmp/forms.txt ${WORK_DIR}/forms.txt"
          "--customize-hook=download /tmp/demo.txt ${WORK_DIR}/demo.txt"
          "--customize-hook=download /tmp/spor-demo-home.png ${WORK_DIR}/demo-home.png"
          "--customize-hook=sync-out /var/cache/apt/archives ${CACHE_DIR}"
          bookworm /dev/null
          "deb ${main_mirror} bookworm main"
          "deb ${main_mirror} bookworm-updates main"
          "deb ${security_mirror} bookworm-security main"
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
string(TIMESTAMP finished "%s")
math(EXPR seconds "${finished} - ${started}")
if(NOT rc EQUAL 0)
  set(demo "")
  if(EXISTS "${WORK_DIR}/demo.txt")
    file(READ "${WORK_DIR}/demo.txt" demo)
  endif()
  message(FATAL_ERROR "package.install_fresh_root: mmdebstrap failed (${rc}) after ${seconds} s:\n${out}\n${err}\n${demo}")
endif()
file(READ "${WORK_DIR}/version.txt" version)
file(READ "${WORK_DIR}/forms.txt" forms)
if(NOT version MATCHES "^spor [0-9]")
  message(FATAL_ERROR "package.install_fresh_root: 'spor --version' printed '${version}'")
endif()
if(NOT EXISTS "${WORK_DIR}/demo-home.png")
  message(FATAL_ERROR "package.install_fresh_root: the demo script made no screenshot")
endif()
message("package.install_fresh_root: ${version}${forms}the demo ran offscreen (${WORK_DIR}/demo-home.png); "
        "${seconds} s in all")
