//===- kiln-opt.cpp - Run Kiln's passes by name on .mlir files ------------===//
//
//   kiln-opt --kiln-infer-shapes input.mlir | FileCheck input.mlir
//
//===----------------------------------------------------------------------===//
#include "compiler/KernelPipeline.h"
#include "compiler/Passes.h"
#include "compiler/Pipelines.h"
#include "ir/Dialect/KilnDialect.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"
#include "mlir/Transforms/Passes.h"

int main(int argc, char** argv) {
  mlir::DialectRegistry registry;
  registry.insert<kiln::ir::KilnDialect, mlir::func::FuncDialect>();
  kiln::compiler::registerKilnPasses();
  kiln::compiler::registerKilnPipelines();
  kiln::compiler::registerKernelDialects(registry);
  kiln::compiler::registerKernelPipeline();
  mlir::registerCanonicalizerPass();
  mlir::registerCSEPass();
  mlir::registerSymbolDCEPass();
  return mlir::asMainReturnCode(
      mlir::MlirOptMain(argc, argv, "Kiln optimizer driver\n", registry));
}
