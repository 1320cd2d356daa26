#include "tests/codegen/lower_to_llvm.h"

#include <mutex>

#include "mlir/Conversion/Passes.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlow.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"

namespace kiln::testing {

// Run on the module itself (a pass manager anchored on builtin.module).
// tanh has no LLVM intrinsic in LLVM 19, so math goes to libm calls first.
constexpr char kLowerToLlvm[] =
    "convert-scf-to-cf,convert-math-to-libm,convert-arith-to-llvm,"
    "convert-math-to-llvm,finalize-memref-to-llvm,convert-cf-to-llvm,"
    "convert-func-to-llvm,reconcile-unrealized-casts";

void LoadKernelDialects(mlir::MLIRContext& context) {
  context.loadDialect<mlir::arith::ArithDialect, mlir::cf::ControlFlowDialect,
                      mlir::func::FuncDialect, mlir::LLVM::LLVMDialect,
                      mlir::math::MathDialect, mlir::memref::MemRefDialect,
                      mlir::scf::SCFDialect>();
}

mlir::OwningOpRef<mlir::ModuleOp> ParseKernels(mlir::MLIRContext& context,
                                               const std::string& text) {
  LoadKernelDialects(context);
  return mlir::parseSourceString<mlir::ModuleOp>(text, &context);
}

mlir::OwningOpRef<mlir::ModuleOp> LowerKernels(mlir::MLIRContext& context,
                                               const std::string& text) {
  static std::once_flag registered;
  std::call_once(registered, [] { mlir::registerConversionPasses(); });
  mlir::OwningOpRef<mlir::ModuleOp> module = ParseKernels(context, text);
  if (!module) return nullptr;
  mlir::PassManager pm(&context);
  if (mlir::failed(mlir::parsePassPipeline(kLowerToLlvm, pm)) ||
      mlir::failed(pm.run(*module))) {
    return nullptr;
  }
  return module;
}

}  // namespace kiln::testing
