# Helpers that give every Kiln target the same warnings and include layout.
include_guard(GLOBAL)

set(KILN_WARNING_FLAGS -Wall -Wextra -Wno-unused-parameter)
if(KILN_WERROR)
  list(APPEND KILN_WARNING_FLAGS -Werror)
endif()

# Applies Kiln's warning flags to a target of the project's own code.
function(kiln_set_warnings target)
  target_compile_options(${target} PRIVATE ${KILN_WARNING_FLAGS})
endfunction()

# kiln_add_library(name [STATIC|SHARED|OBJECT] SOURCES ... )
# A library of Kiln's own code: warnings as errors, the repository root and
# the build root (generated headers) on the include path.
function(kiln_add_library name)
  cmake_parse_arguments(ARG "STATIC;SHARED;OBJECT" "" "SOURCES" ${ARGN})
  set(kind STATIC)
  if(ARG_SHARED)
    set(kind SHARED)
  elseif(ARG_OBJECT)
    set(kind OBJECT)
  endif()
  add_library(${name} ${kind} ${ARG_SOURCES} ${ARG_UNPARSED_ARGUMENTS})
  kiln_set_warnings(${name})
  target_include_directories(${name} PUBLIC
    $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}>
    $<BUILD_INTERFACE:${PROJECT_BINARY_DIR}>
    $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}/kiln>)
endfunction()

# kiln_add_tool(name SOURCES ...): an executable of Kiln's own code.
function(kiln_add_tool name)
  add_executable(${name} ${ARGN})
  kiln_set_warnings(${name})
  target_include_directories(${name} PRIVATE ${PROJECT_SOURCE_DIR} ${PROJECT_BINARY_DIR})
endfunction()
