//===- Pipelines.cpp - Kiln's pass pipelines ------------------------------===//
#include "compiler/Pipelines.h"

#include "compiler/CompileStages.h"
#include "compiler/KernelPipeline.h"
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
  func.addPass(createDecomposeVariableUpdatesPass());
  func.addPass(createFoldInferenceBatchNormPass());
  func.addPass(createFoldConstantsPass());
  func.addPass(createCanonicalizerPass());
  func.addPass(createCSEPass());
  func.addPass(createInferShapesPass());
  // If/While nodes become scf over their cleaned-up bodies; what reads
  // their results is refined again.
  pm.addPass(createFunctionalControlFlowToScfPass());
  OpPassManager &after = pm.nest<func::FuncOp>();
  after.addPass(createCanonicalizerPass());
  after.addPass(createInferShapesPass());
}

void buildFusionPipeline(OpPassManager &pm, const FusionOptions &options) {
  OpPassManager &func = pm.nest<func::FuncOp>();
  func.addPass(createDecomposeCompositeOpsPass(
      DecomposeCompositeOpsPassOptions{/*uncheckedSparseLabels=*/options.gpu}));
  if (options.fuse)
    func.addPass(createFuseMatMulBiasActivationPass());
  func.addPass(createFormFusionsPass(
      FormFusionsPassOptions{/*singletons=*/!options.fuse}));
  if (options.fuse) {
    func.addPass(createCanonicalizerPass());
    func.addPass(createCSEPass());
  }
  func.addPass(createFormControlFlowKernelsPass());
}

namespace {
struct FusionPipelineOptions
    : public PassPipelineOptions<FusionPipelineOptions> {
  Option<bool> fuse{*this, "fuse",
                    llvm::cl::desc("Fuse (false: the unfused baseline)"),
                    llvm::cl::init(true)};
};
} // namespace

void registerKilnPipelines() {
  PassPipelineRegistration<>(
      "kiln-cleanup",
      "Prune to fetches, fold constants, canonicalize, CSE, refine shapes",
      buildCleanupPipeline);
  PassPipelineRegistration<FusionPipelineOptions>(
      "kiln-fusion",
      "Decompose composites, fuse matmul + bias + activation, form fusions",
      [](OpPassManager &pm, const FusionPipelineOptions &options) {
        buildFusionPipeline(pm, FusionOptions{options.fuse, /*gpu=*/false});
      });
}

kiln::StatusOr<std::string>
graphDefToMlirTextAfter(const tensorflow::GraphDef &graph,
                        const ir::ImportOptions &options,
                        const std::string &stage) {
  const std::vector<std::string> &stages = compileStageNames();
  if (std::find(stages.begin(), stages.end(), stage) == stages.end()) {
    std::string known;
    for (const std::string &name : stages)
      known += (known.empty() ? "" : ", ") + name;
    return kiln::InvalidArgument("unknown stage '" + stage +
                                 "' (known: " + known + ")");
  }
  DialectRegistry registry;
  registerKernelDialects(registry);
  MLIRContext context(registry);
  ir::FirstErrorHandler errors(context);
  auto module = ir::importGraphDef(context, graph, options);
  if (failed(module))
    return errors.status("GraphDef import failed");
  if (failed(runStagesThrough(**module, stage, kiln::CompileOptions())))
    return errors.status(("the " + stage + " stage failed").c_str());
  std::string text;
  llvm::raw_string_ostream os(text);
  (*module)->print(os, OpPrintingFlags().enableDebugInfo(true, false));
  return text;
}

} // namespace kiln::compiler
