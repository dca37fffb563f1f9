# Loads the sample HTML reports in headless Chromium and checks that they
# render: Chromium exits 0 within the time limit, the DOM it dumps is the
# report (not an error page), it has an inline SVG chart pair for every
# dimension article, and nothing was logged to the console.
#
# cmake -DCHROMIUM=... -DSAMPLE=report_sample -DFORMS=forms/ -DOUT=dir -P chromium_check.cmake
# Chromium is required (toolchains/setup-debian.sh installs it): a missing
# browser fails the test instead of skipping it.
if(NOT CHROMIUM OR NOT EXISTS "${CHROMIUM}")
  message(FATAL_ERROR "chromium not found: install it with toolchains/setup-debian.sh (Debian package 'chromium')")
endif()

file(REMOVE_RECURSE "${OUT}")
file(MAKE_DIRECTORY "${OUT}")
execute_process(COMMAND "${SAMPLE}" "${FORMS}" "${OUT}" RESULT_VARIABLE rc OUTPUT_VARIABLE sample_out ERROR_VARIABLE sample_err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "report_sample failed (${rc}): ${sample_err}")
endif()
message(STATUS "report_sample: ${sample_out}")

foreach(page report project timeline)
  set(profile "${OUT}/profile-${page}")
  file(MAKE_DIRECTORY "${profile}")
  execute_process(
    COMMAND "${CHROMIUM}" --headless --no-sandbox --disable-gpu --disable-background-networking
            --disable-component-update --disable-sync --no-first-run --disable-extensions
            --enable-logging=stderr --v=0 --user-data-dir=${profile}
            --dump-dom "file://${OUT}/${page}.html"
    RESULT_VARIABLE rc OUTPUT_VARIABLE dom ERROR_VARIABLE log
    TIMEOUT 60)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${page}.html: chromium exited with '${rc}'\n${log}")
  endif()
  if(NOT dom MATCHES "id=\"spor-report\"")
    message(FATAL_ERROR "${page}.html: the dumped DOM is not the report (an error page?):\n${dom}")
  endif()
  if(log MATCHES "CONSOLE" OR log MATCHES "Uncaught" OR dom MATCHES "chrome-error://")
    message(FATAL_ERROR "${page}.html: the browser reported an error:\n${log}")
  endif()
  string(REGEX MATCHALL "<article class=\"dimension\"" articles "${dom}")
  string(REGEX MATCHALL "<svg " charts "${dom}")
  list(LENGTH articles n_articles)
  list(LENGTH charts n_charts)
  if(n_articles EQUAL 0)
    message(FATAL_ERROR "${page}.html: no dimension in the rendered page")
  endif()
  if(page STREQUAL "timeline")
    math(EXPR expected "${n_articles}")
  else()
    math(EXPR expected "2 * ${n_articles}")
  endif()
  if(NOT n_charts EQUAL expected)
    message(FATAL_ERROR "${page}.html: ${n_articles} dimensions but ${n_charts} charts (expected ${expected})")
  endif()
  message(STATUS "${page}.html: rendered, ${n_articles} dimensions, ${n_charts} charts")
  file(REMOVE_RECURSE "${profile}")
endforeach()
