//===- PackedEntryPoints.h - One calling convention for kernels -*- C++ -*-===//
//
// The runtime calls every kernel the same way, `void entry(void **args)`,
// whatever its arity; this adds that entry in front of each C interface
// wrapper MLIR generated.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_COMPILER_CODEGEN_PACKEDENTRYPOINTS_H
#define KILN_COMPILER_CODEGEN_PACKEDENTRYPOINTS_H

#include "llvm/IR/Module.h"

#include <string>
#include <vector>

namespace kiln::compiler {

/// For each defined `_mlir_ciface_<name>(T0 a0, ..., Tn-1 an-1)` in `module`
/// adds `void kiln_packed_<name>(ptr args)` that calls it with args[i] for a
/// pointer parameter (the memref descriptor's address) and `*(T_i *)args[i]`
/// for a scalar one; a non-void result is stored through args[n]. Returns
/// the names of the added functions.
std::vector<std::string> addPackedEntryPoints(llvm::Module &module);

} // namespace kiln::compiler

#endif // KILN_COMPILER_CODEGEN_PACKEDENTRYPOINTS_H
