//===- Pipelines.cpp - Kiln's pass pipelines ------------------------------===//
#include "compiler/Pipelines.h"

#include "compiler/Passes.h"
#include "ir/Translate/DiagnosticStatus.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;

namespace kiln::compiler {

void buildCleanupPipeline(OpPassManager &pm) {
  OpPassManager &func = pm.nest<func::FuncOp>();
  func.addPass(createPruneToFetchesPass());
  func.addPass(createFoldConstantsPass());
  func.addPass(createCanonicalizerPass());
  func.addPass(createCSEPass());
  func.addPass(createInferShapesPass());
}

void registerKilnPipelines() {
  PassPipelineRegistration<>(
      "kiln-cleanup",
      "Prune to fetches, fold constants, canonicalize, CSE, refine shapes",
      buildCleanupPipeline);
}

kiln::StatusOr<std::string>
graphDefToMlirTextAfter(const tensorflow::GraphDef &graph,
                        const ir::ImportOptions &options,
                        const std::string &stage) {
  if (stage != "cleanup")
    return kiln::InvalidArgument("unknown stage '" + stage +
                                 "' (known: cleanup)");
  MLIRContext context;
  ir::FirstErrorHandler errors(context);
  auto module = ir::importGraphDef(context, graph, options);
  if (failed(module))
    return errors.status("GraphDef import failed");
  PassManager pm(&context);
  buildCleanupPipeline(pm);
  if (failed(pm.run(**module)))
    return errors.status("the cleanup pipeline failed");
  std::string text;
  llvm::raw_string_ostream os(text);
  (*module)->print(os, OpPrintingFlags().enableDebugInfo(true, false));
  return text;
}

} // namespace kiln::compiler
