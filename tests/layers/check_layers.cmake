# The layer rules of docs/ARCHITECTURE.md, checked over the sources' #include
# lines, so that a change that breaks one fails the build's tests instead of
# waiting for a reviewer. Run by the CTest test layers.rules:
#   cmake -DROOT=<source tree> -P check_layers.cmake
# and by layers.finds_* on small trees that break one rule each, which proves
# the check can fail.
#
# Rules:
#   - only src/crypto includes sodium.h; only src/store includes sqlite3.h;
#     only src/tpm includes tss2; SDL and ImGui only in src/ui and platform/;
#   - project headers point one way (the table below): core sees no store,
#     store no sync, report no store, no library sees ui, platform or app;
#   - inside src/ui, only the model (src/ui/model) includes store headers:
#     views and widgets reach the store through the model's interface.
cmake_minimum_required(VERSION 3.25)
if(NOT DEFINED ROOT)
  message(FATAL_ERROR "usage: cmake -DROOT=<source tree> -P check_layers.cmake")
endif()

# Which top-level project folders (the first part of "folder/header.hpp")
# each layer may include. A layer always sees itself.
set(allowed_messages "")
set(allowed_core     "messages")
set(allowed_crypto   "messages")
set(allowed_tpm      "messages;crypto")
set(allowed_store    "messages;core;crypto;tpm")
set(allowed_sync     "messages;core;crypto;store")
set(allowed_report   "messages;core;sync")
set(allowed_platform "")
set(allowed_ui       "messages;core;crypto;store;sync;report;platform")
set(allowed_app      "messages;core;crypto;tpm;store;sync;report;ui;platform;app")
set(project_folders  "messages;core;crypto;tpm;store;sync;report;ui;platform;app")

set(broken "")
set(checked 0)
file(GLOB_RECURSE sources RELATIVE ${ROOT}
     ${ROOT}/src/*.cpp ${ROOT}/src/*.hpp ${ROOT}/src/*.h
     ${ROOT}/sync/*.cpp ${ROOT}/sync/*.hpp
     ${ROOT}/platform/*.cpp ${ROOT}/platform/*.hpp)
foreach(rel IN LISTS sources)
  # The layer a file belongs to: src/<layer>/..., sync/... or platform/...
  if(rel MATCHES "^src/([a-z_]+)/")
    set(layer ${CMAKE_MATCH_1})
  elseif(rel MATCHES "^(sync|platform)/")
    set(layer ${CMAKE_MATCH_1})
  else()
    continue()
  endif()
  if(rel MATCHES "^sync/fuzz/")
    set(layer app)  # fuzz drivers are programs, like src/app
  endif()
  math(EXPR checked "${checked} + 1")
  file(STRINGS ${ROOT}/${rel} includes REGEX "^[ \t]*#[ \t]*include[ \t]*[<\"]")
  foreach(line IN LISTS includes)
    string(REGEX REPLACE "^[ \t]*#[ \t]*include[ \t]*[<\"]([^>\"]+)[>\"].*$" "\\1" header "${line}")
    if(header STREQUAL "sodium.h" OR header MATCHES "^sodium/")
      if(NOT layer STREQUAL "crypto")
        list(APPEND broken "${rel} includes <${header}>: only src/crypto includes libsodium")
      endif()
    elseif(header STREQUAL "sqlite3.h")
      if(NOT layer STREQUAL "store")
        list(APPEND broken "${rel} includes <${header}>: only src/store includes SQLite")
      endif()
    elseif(header MATCHES "^tss2/")
      if(NOT layer STREQUAL "tpm")
        list(APPEND broken "${rel} includes <${header}>: only src/tpm includes tpm2-tss")
      endif()
    elseif(header MATCHES "^SDL" OR header MATCHES "^imgui")
      if(NOT layer MATCHES "^(ui|platform)$")
        list(APPEND broken "${rel} includes <${header}>: SDL and ImGui only in src/ui and platform/")
      endif()
    elseif(header MATCHES "^([a-z_]+)/")
      set(target ${CMAKE_MATCH_1})
      if(NOT target IN_LIST project_folders OR target STREQUAL layer)
        # a system header in a folder (boost/, cereal/, doctest/) or the layer itself
      elseif(NOT target IN_LIST allowed_${layer})
        list(APPEND broken "${rel} includes \"${header}\": ${layer} may not depend on ${target} (docs/ARCHITECTURE.md)")
      elseif(layer STREQUAL "ui" AND target STREQUAL "store" AND NOT rel MATCHES "^src/ui/model/")
        list(APPEND broken "${rel} includes \"${header}\": only the app model (src/ui/model) sees the store")
      endif()
    endif()
  endforeach()
endforeach()

list(LENGTH broken n)
if(n GREATER 0)
  foreach(b IN LISTS broken)
    message("layer rule broken: ${b}")
  endforeach()
  message(FATAL_ERROR "${n} layer rule(s) broken in ${checked} files")
endif()
if(checked EQUAL 0)
  message(FATAL_ERROR "no sources found under ${ROOT}: is ROOT the source tree?")
endif()
message("layer rules hold in ${checked} files")
