//===- GpuLaunchTable.h - GPU host code calls through a table ---*- C++ -*-===//
//
// GPU kernels' host code calls MLIR's mgpu* runtime functions. Rather than
// leave them undefined (a bundle would then need them in the program's
// dynamic symbol table), each declared mgpu* function becomes an internal
// stub calling through the object's own table `kiln_gpu_abi`, which the
// loader (JIT or bundle) fills from runtime/cuda (BindLaunchAbi).
//
//===----------------------------------------------------------------------===//
#ifndef KILN_COMPILER_CODEGEN_GPULAUNCHTABLE_H
#define KILN_COMPILER_CODEGEN_GPULAUNCHTABLE_H

#include "llvm/IR/Module.h"

namespace kiln::compiler {

/// Routes `module`'s mgpu* calls through the table; false when it has none
/// (no table is added then).
bool addGpuLaunchTable(llvm::Module &module);

} // namespace kiln::compiler

#endif // KILN_COMPILER_CODEGEN_GPULAUNCHTABLE_H
