# Makes spor(1) from docs/spor.1.in and the binary's own 'spor --help', so
# that the manual lists every command the binary has. Run at build time by
# the spor_manpage target (cmake/SporPackaging.cmake); when cross-compiling
# the binary runs under the emulator (qemu for arm64).
#
#   cmake -DSPOR=<spor> [-DEMULATOR=<cmd;args>] -DTEMPLATE=docs/spor.1.in
#         -DVERSION=0.1.0 -DOUTPUT=spor.1 -DGZIP=/usr/bin/gzip -P SporManPage.cmake
# writes OUTPUT and OUTPUT.gz.
foreach(var SPOR TEMPLATE VERSION OUTPUT GZIP)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "SporManPage.cmake needs -D${var}=...")
  endif()
endforeach()

execute_process(COMMAND ${EMULATOR} ${SPOR} --help
                RESULT_VARIABLE rc OUTPUT_VARIABLE help ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "spor(1): '${EMULATOR} ${SPOR} --help' failed (${rc}):\n${err}")
endif()

# troff text: backslashes doubled, hyphens as \-, no line starting with . or '.
function(spor_roff out text)
  string(REPLACE "\\" "\\e" text "${text}")
  string(REPLACE "-" "\\-" text "${text}")
  string(REGEX REPLACE "^([.'])" "\\\\&\\1" text "${text}")
  set(${out} "${text}" PARENT_SCOPE)
endfunction()

# 'spor --help' lists each command as a usage line indented by two spaces,
# then its summary indented by six.
# (CMake lists: ; [ and ] are swapped for placeholders while split into lines.)
string(REPLACE ";" "@semi@" help "${help}")
string(REPLACE "[" "@lb@" help "${help}")
string(REPLACE "]" "@rb@" help "${help}")
string(REPLACE "\n" ";" lines "${help}")
set(commands "")
set(count 0)
foreach(line IN LISTS lines)
  if(line MATCHES "^  (spor( .*)?)$")
    spor_roff(usage "${CMAKE_MATCH_1}")
    # Placeholders (DIR, FILE, N) in italics.
    string(REGEX REPLACE "([^A-Za-z\\\\]|^)([A-Z][A-Z0-9_]*)([^A-Za-z]|$)" "\\1\\\\fI\\2\\\\fB\\3" usage "${usage}")
    string(REGEX REPLACE "([^A-Za-z\\\\]|^)([A-Z][A-Z0-9_]*)([^A-Za-z]|$)" "\\1\\\\fI\\2\\\\fB\\3" usage "${usage}")
    string(APPEND commands ".TP\n\\fB${usage}\\fR\n")
    math(EXPR count "${count} + 1")
  elseif(line MATCHES "^      (.+)$")
    spor_roff(summary "${CMAKE_MATCH_1}")
    string(APPEND commands "${summary}\n")
  endif()
endforeach()
if(count LESS 3)
  message(FATAL_ERROR "spor(1): found ${count} commands in 'spor --help'; has its layout changed?\n${help}")
endif()
string(REPLACE "@semi@" ";" commands "${commands}")
string(REPLACE "@lb@" "[" commands "${commands}")
string(REPLACE "@rb@" "]" commands "${commands}")

file(READ ${TEMPLATE} page)
string(REPLACE "@SPOR_VERSION@" "${VERSION}" page "${page}")
string(REPLACE "@SPOR_COMMANDS@" "${commands}" page "${page}")
string(REGEX REPLACE "\n+$" "\n" page "${page}")
file(WRITE ${OUTPUT}.tmp "${page}")
file(RENAME ${OUTPUT}.tmp ${OUTPUT})
# gzip -9n: no file name and no time in the header (lintian:
# package-contains-timestamped-gzip), as Debian compresses manual pages.
execute_process(COMMAND ${GZIP} -9n -c ${OUTPUT} OUTPUT_FILE ${OUTPUT}.gz.tmp RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "spor(1): '${GZIP} -9n' failed (${rc})")
endif()
file(RENAME ${OUTPUT}.gz.tmp ${OUTPUT}.gz)
