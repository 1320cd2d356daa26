# Finds LLVM/MLIR 19 (Debian: llvm-19-dev libmlir-19-dev mlir-19-tools) and
# loads MLIR's CMake helpers (TableGen, AddMLIR).
include_guard(GLOBAL)
find_package(MLIR REQUIRED CONFIG
  PATHS /usr/lib/llvm-19/lib/cmake/mlir
  NO_DEFAULT_PATH)
if(NOT LLVM_VERSION_MAJOR EQUAL 19)
  message(FATAL_ERROR "Kiln needs LLVM/MLIR 19, found ${LLVM_PACKAGE_VERSION}")
endif()
list(APPEND CMAKE_MODULE_PATH "${MLIR_CMAKE_DIR}" "${LLVM_CMAKE_DIR}")
include(TableGen)
include(AddLLVM)
include(AddMLIR)
set(KILN_LLVM_TOOLS_DIR "${LLVM_TOOLS_BINARY_DIR}")
find_program(KILN_FILECHECK FileCheck PATHS ${LLVM_TOOLS_BINARY_DIR} /usr/lib/llvm-19/bin NO_DEFAULT_PATH REQUIRED)
find_file(KILN_LIT lit.py PATHS /usr/lib/llvm-19/build/utils/lit NO_DEFAULT_PATH REQUIRED)
# MLIR's headers are third-party: keep their warnings out of our -Werror.
add_library(kiln_mlir INTERFACE)
target_include_directories(kiln_mlir SYSTEM INTERFACE ${LLVM_INCLUDE_DIRS} ${MLIR_INCLUDE_DIRS})
target_compile_definitions(kiln_mlir INTERFACE ${LLVM_DEFINITIONS})
target_link_libraries(kiln_mlir INTERFACE MLIR LLVM)
set(KilnMLIR_FOUND TRUE)
