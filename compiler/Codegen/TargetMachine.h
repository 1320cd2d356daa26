//===- TargetMachine.h - The CPU Kiln generates code for --------*- C++ -*-===//
//
// One place that initializes LLVM's native target (once per process, from any
// thread) and builds the TargetMachine for CodegenOptions.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_COMPILER_CODEGEN_TARGETMACHINE_H
#define KILN_COMPILER_CODEGEN_TARGETMACHINE_H

#include "compiler/Codegen/Codegen.h"
#include "llvm/Support/Error.h"
#include "llvm/Target/TargetMachine.h"

#include <memory>
#include <string>
#include <vector>

namespace kiln::compiler {

/// Initializes the native target, its asm printer and parser. Idempotent and
/// thread-safe.
void initializeNativeTarget();

/// The host triple with `options.cpu` ("host": this machine's CPU and its
/// detected features), PIC, small code model, at `options.optLevel`.
llvm::Expected<std::unique_ptr<llvm::TargetMachine>>
createTargetMachine(const CodegenOptions &options);

/// Whether the machine has AVX-512F, so loops may use 512-bit vectors.
bool hasAvx512(const llvm::TargetMachine &machine);

/// The features that code for `cpu` + `features` on `triple` uses and this
/// machine lacks, as LLVM names them ("avx512f"); empty when it can run here.
/// The instruction-set extensions among those the runtime can check
/// (runtime/cpu/cpu_features.h) that code for `cpu` + `features` may use.
std::vector<std::string> requiredIsaFeatures(llvm::StringRef triple,
                                             llvm::StringRef cpu,
                                             llvm::StringRef features);

std::vector<std::string> missingHostFeatures(llvm::StringRef triple,
                                             llvm::StringRef cpu,
                                             llvm::StringRef features);

} // namespace kiln::compiler

#endif // KILN_COMPILER_CODEGEN_TARGETMACHINE_H
