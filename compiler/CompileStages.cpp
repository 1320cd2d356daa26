//===- CompileStages.cpp - The compiler's stages, in order ----------------===//
#include "compiler/CompileStages.h"

#include "compiler/KernelPipeline.h"
#include "compiler/Passes.h"
#include "compiler/Pipelines.h"
#include "mlir/Pass/PassManager.h"

using namespace mlir;

namespace kiln::compiler {

const std::vector<std::string> &compileStageNames() {
  static const std::vector<std::string> names = {"cleanup", "fusion",
                                                 "lowering", "llvm"};
  return names;
}

namespace {

/// The index of `stage` in compileStageNames(), or an error naming the
/// known ones.
FailureOr<size_t> stageIndex(ModuleOp module, const std::string &stage) {
  const std::vector<std::string> &names = compileStageNames();
  auto it = std::find(names.begin(), names.end(), stage);
  if (it != names.end())
    return static_cast<size_t>(it - names.begin());
  std::string known;
  for (const std::string &name : names)
    known += (known.empty() ? "" : ", ") + name;
  return emitError(module.getLoc())
         << "unknown stage '" << stage << "' (known: " << known << ")";
}

void addStage(PassManager &pm, size_t stage,
              const kiln::CompileOptions &options) {
  switch (stage) {
  case 0:
    buildCleanupPipeline(pm);
    break;
  case 1:
    buildFusionPipeline(pm, FusionOptions{options.fuse, options.gpu});
    break;
  case 2:
    pm.addNestedPass<func::FuncOp>(createAnnotateFusionsPass());
    pm.addPass(createOutlineFusionsPass());
    pm.nest<ModuleOp>().addNestedPass<func::FuncOp>(
        createLowerKernelsToLinalgPass());
    break;
  default:
    buildKernelLoweringPipeline(
        pm.nest<ModuleOp>(),
        KernelPipelineOptions{options.gpu ? options.gpu_chip : "",
                              options.split_reductions});
  }
}

} // namespace

LogicalResult runStagesBetween(ModuleOp module, const std::string &first,
                               const std::string &last,
                               const kiln::CompileOptions &options) {
  FailureOr<size_t> from = stageIndex(module, first);
  FailureOr<size_t> to = stageIndex(module, last);
  if (failed(from) || failed(to))
    return failure();
  PassManager pm(module.getContext());
  for (size_t stage = *from; stage <= *to; ++stage)
    addStage(pm, stage, options);
  return pm.run(module);
}

LogicalResult runStagesThrough(ModuleOp module, const std::string &stage,
                               const kiln::CompileOptions &options) {
  return runStagesBetween(module, "cleanup", stage, options);
}

} // namespace kiln::compiler
