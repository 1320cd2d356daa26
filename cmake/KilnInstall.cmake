# Installs Kiln's libraries, public headers, tools and CMake package, so that an
# outside project can do find_package(Kiln) and link Kiln::runtime (tests/install
# checks it). Included last by the top-level CMakeLists.txt.
#
#   <prefix>/include/kiln/runtime/base/status.h, .../proto/tensorflow/graph.pb.h
#   <prefix>/lib/libkiln_runtime.a, <prefix>/lib/cmake/Kiln/KilnConfig.cmake
include_guard(GLOBAL)
include(CMakePackageConfigHelpers)

set(KILN_INSTALL_INCLUDEDIR ${CMAKE_INSTALL_INCLUDEDIR}/kiln)
set(KILN_INSTALL_CMAKEDIR ${CMAKE_INSTALL_LIBDIR}/cmake/Kiln)

set(_kiln_exported kiln_proto kiln_runtime)
set(_kiln_header_dirs runtime)
if(TARGET kiln_frontend)
  list(APPEND _kiln_exported kiln_frontend)
  list(APPEND _kiln_header_dirs frontend)
endif()
install(TARGETS ${_kiln_exported}
  EXPORT KilnTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
  INCLUDES DESTINATION ${KILN_INSTALL_INCLUDEDIR})

# Public headers keep their repository paths: #include "runtime/base/status.h".
# Folders named internal/ hold private headers (pimpl) and are not installed.
foreach(dir ${_kiln_header_dirs})
  install(DIRECTORY ${PROJECT_SOURCE_DIR}/${dir}
    DESTINATION ${KILN_INSTALL_INCLUDEDIR}
    FILES_MATCHING PATTERN "*.h"
    PATTERN "internal" EXCLUDE
    PATTERN "test" EXCLUDE
    PATTERN "testdata" EXCLUDE)
endforeach()
# Generated protobuf headers: #include "proto/tensorflow/graph.pb.h".
foreach(hdr ${KILN_PROTO_HDRS})
  file(RELATIVE_PATH rel ${PROJECT_BINARY_DIR} ${hdr})
  get_filename_component(rel_dir ${rel} DIRECTORY)
  install(FILES ${hdr} DESTINATION ${KILN_INSTALL_INCLUDEDIR}/${rel_dir})
endforeach()

# Tools link the shared libMLIR/libLLVM in /usr/lib/llvm-19/lib, outside the
# loader's default path: keep that directory in the installed RPATH.
foreach(tool kiln-dump kiln-opt kiln-compile kiln-run kiln-run-rt)
  if(TARGET ${tool})
    set_target_properties(${tool} PROPERTIES INSTALL_RPATH_USE_LINK_PATH TRUE)
    install(TARGETS ${tool} RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
  endif()
endforeach()

# Deployed code never loads MLIR or LLVM (design.md, "The runtime contract").
set(_kiln_links)
foreach(target ${_kiln_exported})
  foreach(prop LINK_LIBRARIES INTERFACE_LINK_LIBRARIES)
    get_target_property(links ${target} ${prop})
    if(links)
      list(APPEND _kiln_links ${links})
      if(links MATCHES "(^|;|:)(MLIR|LLVM|kiln_mlir|kiln_ir|kiln_compiler)[A-Za-z]*(;|>|$)")
        message(FATAL_ERROR "${target} is installed but links MLIR/LLVM: ${links}")
      endif()
    endif()
  endforeach()
endforeach()
string(JOIN ";" _kiln_links_str ${_kiln_links})
# Static libraries carry their private links into the export, so the package
# config must find the same imported targets: record which ones are used.
set(KILN_NEEDS_DNNL OFF)
set(KILN_NEEDS_ZLIB OFF)
set(KILN_NEEDS_PNG OFF)
set(KILN_NEEDS_CUDA OFF)
if(_kiln_links_str MATCHES "KilnDNNL::")
  set(KILN_NEEDS_DNNL ON)
  install(FILES ${PROJECT_SOURCE_DIR}/third_party/FindDNNL.cmake DESTINATION ${KILN_INSTALL_CMAKEDIR})
endif()
if(_kiln_links_str MATCHES "ZLIB::")
  set(KILN_NEEDS_ZLIB ON)
endif()
if(_kiln_links_str MATCHES "PNG::")
  set(KILN_NEEDS_PNG ON)
endif()
if(_kiln_links_str MATCHES "CUDA::")
  set(KILN_NEEDS_CUDA ON)
endif()

install(EXPORT KilnTargets
  NAMESPACE Kiln::
  FILE KilnTargets.cmake
  DESTINATION ${KILN_INSTALL_CMAKEDIR})
configure_package_config_file(
  ${CMAKE_CURRENT_LIST_DIR}/KilnConfig.cmake.in
  ${PROJECT_BINARY_DIR}/KilnConfig.cmake
  INSTALL_DESTINATION ${KILN_INSTALL_CMAKEDIR}
  PATH_VARS KILN_INSTALL_INCLUDEDIR)
# 0.x: a minor release may break the API.
write_basic_package_version_file(
  ${PROJECT_BINARY_DIR}/KilnConfigVersion.cmake
  VERSION ${PROJECT_VERSION}
  COMPATIBILITY SameMinorVersion)
install(FILES
  ${PROJECT_BINARY_DIR}/KilnConfig.cmake
  ${PROJECT_BINARY_DIR}/KilnConfigVersion.cmake
  DESTINATION ${KILN_INSTALL_CMAKEDIR})
