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

LogicalResult runStagesThrough(ModuleOp module, const std::string &stage,
                               const kiln::CompileOptions &options) {
  const std::vector<std::string> &names = compileStageNames();
  auto it = std::find(names.begin(), names.end(), stage);
  if (it == names.end()) {
    std::string known;
    for (const std::string &name : names)
      known += (known.empty() ? "" : ", ") + name;
    return emitError(module.getLoc())
           << "unknown stage '" << stage << "' (known: " << known << ")";
  }
  size_t last = it - names.begin();
  PassManager pm(module.getContext());
  buildCleanupPipeline(pm);
  if (last >= 1)
    buildFusionPipeline(pm, FusionOptions{options.fuse});
  if (last >= 2) {
    pm.addNestedPass<func::FuncOp>(createAnnotateFusionsPass());
    pm.addPass(createOutlineFusionsPass());
    pm.nest<ModuleOp>().addNestedPass<func::FuncOp>(
        createLowerKernelsToLinalgPass());
  }
  if (last >= 3)
    buildKernelLoweringPipeline(pm.nest<ModuleOp>());
  return pm.run(module);
}

} // namespace kiln::compiler
