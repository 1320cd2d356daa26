//===- Codegen.h - LLVM-dialect modules to machine code ---------*- C++ -*-===//
//
// The last step of the CPU path: a module already lowered to the LLVM dialect
// becomes an object file (the same bytes the JIT loads and AOT links), and an
// object file becomes callable entry points through ORC.
//
//   CodegenOptions options;                      // host CPU, O3
//   FailureOr<ObjectCode> object = emitObjectCode(module, options);
//   if (failed(object)) return failure();        // diagnostics were emitted
//   KILN_ASSIGN_OR_RETURN(JitCode code, loadObjectCode(*object));
//   kiln::KernelEntry entry = code.resolve("kiln_packed_fusion_0");
//
// Every function `f` with an `_mlir_ciface_f` wrapper (func.func marked
// `llvm.emit_c_interface`) gets a packed entry `kiln_packed_f(void **args)`:
// args[i] is the address of the i-th memref descriptor the wrapper takes
// (of the value itself for a scalar argument).
//
//===----------------------------------------------------------------------===//
#ifndef KILN_COMPILER_CODEGEN_CODEGEN_H
#define KILN_COMPILER_CODEGEN_CODEGEN_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Support/LogicalResult.h"
#include "runtime/base/status.h"
#include "runtime/exec/executable.h"

#include <memory>
#include <string>
#include <vector>

namespace kiln::compiler {

/// What to generate code for.
struct CodegenOptions {
  /// "host": this machine's CPU and features (sys::getHostCPUName). Otherwise
  /// an LLVM CPU name ("x86-64", "x86-64-v4", "skylake-avx512") with that
  /// CPU's default features; the triple stays the host's.
  std::string cpu = "host";
  /// 0-3: both the IR optimization pipeline and the code generator.
  unsigned optLevel = 3;
};

/// A relocatable object file in memory.
struct ObjectCode {
  std::string bytes;                    ///< ELF (or the host's format).
  std::vector<std::string> entryPoints; ///< kiln_packed_<name>, in order.
  std::string triple, cpu;              ///< What it was compiled for.
  std::string features; ///< "+avx2,..." beyond the CPU's; "" for its own.
  /// GPU kernels' host code: the object defines the `kiln_gpu_abi` table
  /// (GpuLaunchTable.h) that its loader must fill.
  bool gpuLaunchTable = false;
};

/// Packed entry points are this prefix followed by the kernel's name.
inline constexpr const char *kPackedPrefix = "kiln_packed_";

/// Translates `llvmDialectModule` to LLVM IR, adds packed entry points,
/// optimizes and emits an object file. Emits diagnostics on failure.
/// Registers the LLVM IR translations on the module's context, so calls on
/// one context must not overlap; separate contexts may run in parallel.
mlir::FailureOr<ObjectCode> emitObjectCode(mlir::ModuleOp llvmDialectModule,
                                           const CodegenOptions &options);

/// The same as emitObjectCode, as target assembly text (tests, kiln-dump).
mlir::FailureOr<std::string> emitAssembly(mlir::ModuleOp llvmDialectModule,
                                          const CodegenOptions &options);

/// Code loaded into this process. `owner` keeps it mapped; `resolve` maps an
/// entry point's name to its address (null for names not in the object's
/// entryPoints). Safe to call `resolve` from several threads.
struct JitCode {
  std::shared_ptr<const void> owner;
  kiln::KernelResolver resolve;
};

/// Links `object` in-process with ORC. External symbols resolve against the
/// process (libc, libm, and the runtime's exported kiln_rt_* functions).
/// Code for another architecture, or needing CPU features this machine
/// lacks (say, AVX-512 code on an AVX2 machine), is refused rather than
/// left to fault with an illegal instruction.
/// Every entry point is looked up now, so a missing symbol is an error here
/// (naming it), not at the first call. Thread-safe.
kiln::StatusOr<JitCode> loadObjectCode(const ObjectCode &object);

} // namespace kiln::compiler

#endif // KILN_COMPILER_CODEGEN_CODEGEN_H
