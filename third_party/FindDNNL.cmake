# Finds oneDNN 2.6 (Debian: libdnnl-dev) and defines the imported target
# KilnDNNL::dnnl. Sets DNNL_FOUND, DNNL_VERSION, DNNL_INCLUDE_DIR, DNNL_LIBRARY.
#
#   find_package(DNNL 2.6 REQUIRED)
#   target_link_libraries(kiln_runtime PRIVATE KilnDNNL::dnnl)
#
# Debian's own package config (/usr/lib/x86_64-linux-gnu/cmake/dnnl) is not
# used: it calls find_package(OpenCL REQUIRED), and the OpenCL headers come from
# ocl-icd-opencl-dev, which libdnnl-dev only recommends (scripts/setup.sh
# installs without recommends). libdnnl.so already records its own needs
# (libOpenCL.so.1, libgomp.so.1), so the library and its headers suffice.
# DNNL_ROOT points the search at another install.
include_guard(GLOBAL)

find_path(DNNL_INCLUDE_DIR NAMES oneapi/dnnl/dnnl.hpp)
find_library(DNNL_LIBRARY NAMES dnnl)

if(DNNL_INCLUDE_DIR AND EXISTS "${DNNL_INCLUDE_DIR}/oneapi/dnnl/dnnl_version.h")
  file(STRINGS "${DNNL_INCLUDE_DIR}/oneapi/dnnl/dnnl_version.h" _kiln_dnnl_version
    REGEX "^#define DNNL_VERSION_(MAJOR|MINOR|PATCH) ")
  foreach(part MAJOR MINOR PATCH)
    string(REGEX REPLACE ".*#define DNNL_VERSION_${part} ([0-9]+).*" "\\1"
      _kiln_dnnl_${part} "${_kiln_dnnl_version}")
  endforeach()
  set(DNNL_VERSION "${_kiln_dnnl_MAJOR}.${_kiln_dnnl_MINOR}.${_kiln_dnnl_PATCH}")
endif()

include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(DNNL
  REQUIRED_VARS DNNL_LIBRARY DNNL_INCLUDE_DIR
  VERSION_VAR DNNL_VERSION)
mark_as_advanced(DNNL_INCLUDE_DIR DNNL_LIBRARY)

if(DNNL_FOUND AND NOT TARGET KilnDNNL::dnnl)
  # GLOBAL: found once at the top level, linked from runtime/ and compiler/.
  add_library(KilnDNNL::dnnl SHARED IMPORTED GLOBAL)
  set_target_properties(KilnDNNL::dnnl PROPERTIES
    IMPORTED_LOCATION "${DNNL_LIBRARY}"
    INTERFACE_INCLUDE_DIRECTORIES "${DNNL_INCLUDE_DIR}")
endif()
