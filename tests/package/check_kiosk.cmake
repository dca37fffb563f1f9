# package.kiosk_session: the kiosk launcher (assets/kiosk/spor-kiosk) with a
# stand-in for spor that stops with the exit codes it is given.
#
#   cmake -DSH=/bin/sh -DLAUNCHER=<spor-kiosk> -DWORK_DIR=<scratch> -P check_kiosk.cmake
cmake_minimum_required(VERSION 3.25)
foreach(var SH LAUNCHER WORK_DIR)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "check_kiosk.cmake needs -D${var}=...")
  endif()
endforeach()
file(REMOVE_RECURSE ${WORK_DIR})
file(MAKE_DIRECTORY ${WORK_DIR})

# The stand-in logs its arguments and exits with the next code in codes.txt.
set(fake ${WORK_DIR}/fake-spor)
file(WRITE ${fake} "#!/bin/sh
echo \"$*\" >> '${WORK_DIR}/calls.txt'
code=$(head -n 1 '${WORK_DIR}/codes.txt')
sed -i 1d '${WORK_DIR}/codes.txt'
exit \"\${code:-0}\"
")
file(CHMOD ${fake} PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE)
set(ENV{SPOR_KIOSK_BIN} ${fake})
set(ENV{SPOR_KIOSK_RESTART_DELAY} 0)
set(ENV{DISPLAY} "")

# case(NAME CODES EXPECTED_EXIT EXPECTED_CALLS): CODES are the stand-in's exits in turn.
function(case name codes expected_exit expected_calls)
  file(REMOVE ${WORK_DIR}/calls.txt)
  string(REPLACE ";" "\n" lines "${codes}")
  file(WRITE ${WORK_DIR}/codes.txt "${lines}\n")
  execute_process(COMMAND ${SH} ${LAUNCHER} --data-dir /srv/spor RESULT_VARIABLE rc ERROR_VARIABLE err)
  file(STRINGS ${WORK_DIR}/calls.txt calls)
  list(LENGTH calls n)
  if(NOT rc EQUAL expected_exit OR NOT n EQUAL expected_calls)
    message(FATAL_ERROR "package.kiosk_session: ${name}: exit ${rc} after ${n} runs of spor; "
                        "expected exit ${expected_exit} after ${expected_calls}\n${err}")
  endif()
  foreach(call IN LISTS calls)
    if(NOT call STREQUAL "--kiosk --data-dir /srv/spor")
      message(FATAL_ERROR "package.kiosk_session: ${name}: spor was run as 'spor ${call}'")
    endif()
  endforeach()
  message("package.kiosk_session: ${name}: exit ${rc} after ${n} runs")
endfunction()

case("closed with a PIN ends the session" "0" 0 1)
case("a crash restarts the app" "1;139;0" 0 3)
case("a wrong command line is not restarted" "2" 2 1)
case("five quick stops in a row give up" "1;1;1;1;1;0" 1 5)
