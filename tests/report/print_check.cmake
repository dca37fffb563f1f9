# The HTML report printed to A4 by headless Chromium (report.prints_on_a4):
#  - the PDF has between MIN_PAGES and MAX_PAGES pages;
#  - every page has the running header (programme and selection) and footer
#    ("Side N af M" and the day the report was made);
#  - page 1 is the summary ("Udviklingen på ét blik"), and the details start
#    on page 2;
#  - no page ends with a heading (its text, and at most one line after it,
#    left at the foot, its table on the next page), and no page starts with a table row cut off from its
#    table (a long table repeats its header row instead);
#  - pages 1 and 2 (and the fidelity pages) as PNG, to look at.
#
# cmake -DCHROMIUM=... -DPDFTOTEXT=... -DPDFINFO=... -DPDFTOPPM=... -DSAMPLE=report_sample
#       -DFORMS=forms/ -DOUT=dir -DMIN_PAGES=n -DMAX_PAGES=n -P print_check.cmake
# Chromium and poppler-utils are required (toolchains/setup-debian.sh test).
foreach(tool CHROMIUM PDFTOTEXT PDFINFO PDFTOPPM)
  if(NOT ${tool} OR NOT EXISTS "${${tool}}")
    message(FATAL_ERROR "${tool} not found: install chromium and poppler-utils (toolchains/setup-debian.sh test)")
  endif()
endforeach()

file(REMOVE_RECURSE "${OUT}")
file(MAKE_DIRECTORY "${OUT}")
execute_process(COMMAND "${SAMPLE}" "${FORMS}" "${OUT}" RESULT_VARIABLE rc ERROR_VARIABLE err OUTPUT_QUIET)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "report_sample failed (${rc}): ${err}")
endif()

# Collapses runs of blanks, trims, and swaps ';' (a CMake list separator).
function(clean out text)
  string(REPLACE ";" "," text "${text}")
  string(REGEX REPLACE "[ \t]+" " " text "${text}")
  string(STRIP "${text}" text)
  set(${out} "${text}" PARENT_SCOPE)
endfunction()

# The first line of page `n` after its running header, cleaned.
function(first_body_line out pdf n)
  math(EXPR n "${n}")
  execute_process(COMMAND "${PDFTOTEXT}" -layout -f ${n} -l ${n} "${pdf}" - OUTPUT_VARIABLE text)
  string(REPLACE ";" "," text "${text}")
  string(REPLACE "\n" ";" lines "${text}")
  set(seen 0)
  foreach(line IN LISTS lines)
    clean(line "${line}")
    if(line)
      math(EXPR seen "${seen} + 1")
      if(seen EQUAL 2)
        set(${out} "${line}" PARENT_SCOPE)
        return()
      endif()
    endif()
  endforeach()
  set(${out} "" PARENT_SCOPE)
endfunction()

# The texts that follow each match of the tag pattern `tag` in `source`, up
# to the next tag, cleaned; no duplicates.
function(texts_after out tag source)
  string(REGEX MATCHALL "${tag}[^<]*" raw "${source}")
  set(texts "")
  foreach(t IN LISTS raw)
    string(REGEX REPLACE "^${tag}" "" t "${t}")
    clean(t "${t}")
    if(t)
      list(APPEND texts "${t}")
    endif()
  endforeach()
  list(REMOVE_DUPLICATES texts)
  set(${out} "${texts}" PARENT_SCOPE)
endfunction()

foreach(page report project)
  set(html "${OUT}/${page}.html")
  set(pdf "${OUT}/${page}.pdf")
  set(profile "${OUT}/profile-${page}")
  file(MAKE_DIRECTORY "${profile}")
  execute_process(
    COMMAND "${CHROMIUM}" --headless --no-sandbox --disable-gpu --disable-background-networking
            --disable-component-update --disable-sync --no-first-run --disable-extensions
            --user-data-dir=${profile} --no-pdf-header-footer --print-to-pdf=${pdf} "file://${html}"
    RESULT_VARIABLE rc OUTPUT_QUIET ERROR_VARIABLE log TIMEOUT 90)
  file(REMOVE_RECURSE "${profile}")
  if(NOT rc EQUAL 0 OR NOT EXISTS "${pdf}")
    message(FATAL_ERROR "${page}.html: chromium --print-to-pdf failed (${rc})\n${log}")
  endif()
  execute_process(COMMAND "${PDFINFO}" "${pdf}" OUTPUT_VARIABLE info RESULT_VARIABLE rc)
  string(REGEX MATCH "Pages: *([0-9]+)" _ "${info}")
  set(pages "${CMAKE_MATCH_1}")
  if(NOT rc EQUAL 0 OR NOT pages)
    message(FATAL_ERROR "${page}.pdf: pdfinfo could not read it:\n${info}")
  endif()
  message(STATUS "${page}.pdf: ${pages} pages")
  if(page STREQUAL "report" AND (pages LESS MIN_PAGES OR pages GREATER MAX_PAGES))
    message(FATAL_ERROR "report.pdf has ${pages} pages; expected ${MIN_PAGES} to ${MAX_PAGES}")
  endif()

  # The headings and the first cell of every body row, from the HTML.
  file(READ "${html}" source)
  string(REPLACE ";" "," source "${source}")
  string(REPLACE "&amp," "&" source "${source}")
  texts_after(headings "<h[123][^>]*>" "${source}")
  texts_after(cells "<tr[^>]*><td[^>]*>" "${source}")

  foreach(n RANGE 1 ${pages})
    execute_process(COMMAND "${PDFTOTEXT}" -layout -f ${n} -l ${n} "${pdf}" - OUTPUT_VARIABLE text RESULT_VARIABLE rc)
    if(NOT rc EQUAL 0)
      message(FATAL_ERROR "${page}.pdf: pdftotext failed on page ${n}")
    endif()
    string(REPLACE ";" "," text "${text}")
    string(ASCII 12 formfeed)
    string(REPLACE "${formfeed}" "" text "${text}")
    string(REPLACE "\n" ";" lines "${text}")
    set(body "")
    foreach(line IN LISTS lines)
      string(STRIP "${line}" stripped)
      if(stripped)
        list(APPEND body "${line}")
      endif()
    endforeach()
    list(LENGTH body count)
    if(count LESS 3)
      message(FATAL_ERROR "${page}.pdf page ${n}: almost empty:\n${text}")
    endif()
    # The running header (first line) and footer (last line).
    list(GET body 0 header)
    list(GET body -1 footer)
    if(NOT header MATCHES "Frivilligcenter Eksempelby" OR NOT header MATCHES "Målinger")
      message(FATAL_ERROR "${page}.pdf page ${n}: no running header (programme, selection, period): '${header}'")
    endif()
    if(NOT footer MATCHES "Side ${n} af ${pages}" OR NOT footer MATCHES "dannet 1\\. juni 2026")
      message(FATAL_ERROR "${page}.pdf page ${n}: no running footer ('Side ${n} af ${pages}', the date): '${footer}'")
    endif()
    list(REMOVE_AT body 0 -1)
    list(GET body 0 first)
    list(GET body -1 last)
    clean(first_clean "${first}")
    clean(last_clean "${last}")
    # A heading at the foot of the page: one of the last two lines is (the
    # end of) a heading, so at most one line of what it heads is with it (a
    # fidelity heading and its "Projektgennemsnit" line, the table on the
    # next page, as it used to be), unless the next page starts with a new
    # heading (then what the heading headed was complete).
    list(LENGTH body remaining)
    set(tail_lines "${last}")
    if(remaining GREATER 1)
      list(GET body -2 before_last)
      list(APPEND tail_lines "${before_last}")
    endif()
    foreach(line IN LISTS tail_lines)
      clean(line_clean "${line}")
      string(LENGTH "${line_clean}" len)
      foreach(h IN LISTS headings)
        string(FIND "${h}" "${line_clean}" at)
        if(len GREATER 3 AND NOT at EQUAL -1 AND NOT n EQUAL pages)
          first_body_line(next_first "${pdf}" ${n}+1)
          list(FIND headings "${next_first}" next_is_heading)
          if(next_is_heading EQUAL -1)
            message(FATAL_ERROR "${page}.pdf page ${n} ends with the heading '${h}'; what it heads goes on at the "
                                "top of page ${n}+1: '${next_first}'")
          endif()
        endif()
      endforeach()
    endforeach()
    # A row at the top of the page without its table's header row: the
    # line starts with a body row's first cell, then more columns.
    if(n GREATER 1)
      foreach(c IN LISTS cells)
        string(STRIP "${first}" first_stripped)
        string(FIND "${first_stripped}" "${c}" at)
        if(at EQUAL 0)
          string(LENGTH "${c}" len)
          string(SUBSTRING "${first_stripped}" ${len} -1 rest)
          if(rest MATCHES "^   *[^ ]")
            message(FATAL_ERROR "${page}.pdf page ${n} starts with a table row cut off from its table: '${first}'")
          endif()
        endif()
      endforeach()
    endif()
    if(page STREQUAL "report" AND n EQUAL 1 AND NOT text MATCHES "Udviklingen på ét blik")
      message(FATAL_ERROR "report.pdf page 1 is not the summary:\n${text}")
    endif()
    if(page STREQUAL "report" AND n EQUAL 2 AND NOT first_clean MATCHES "^Udvikling pr\\. dimension")
      message(FATAL_ERROR "report.pdf page 2 does not start the details: '${first}'")
    endif()
  endforeach()
  message(STATUS "${page}.pdf: ${pages} pages, each with its running header and footer, no heading at a page's foot, "
                 "no row cut off from its table")
endforeach()

# Pages to look at: the summary, the first details page, and the last page.
execute_process(COMMAND "${PDFTOPPM}" -png -r 70 -f 1 -l 2 "${OUT}/report.pdf" "${OUT}/report-page" RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "pdftoppm failed (${rc})")
endif()
file(GLOB pngs "${OUT}/report-page*.png")
message(STATUS "pages as pictures: ${pngs}")
