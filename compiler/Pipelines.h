//===- Pipelines.h - Kiln's pass pipelines ----------------------*- C++ -*-===//
//
// Pipelines are functions over an OpPassManager (house style), registered
// for kiln-opt, and reachable from outside the compiler through
// Status-returning entries.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_COMPILER_PIPELINES_H
#define KILN_COMPILER_PIPELINES_H

#include <string>

#include "ir/Translate/GraphDefTranslate.h"
#include "mlir/Pass/PassManager.h"

namespace kiln::compiler {

/// Cleanup: prune to the fetches, fold constants, canonicalize (drops dead
/// pure ops), CSE, and refine shapes.
void buildCleanupPipeline(mlir::OpPassManager &pm);

/// What buildFusionPipeline does.
struct FusionOptions {
  /// false: no matmul fusion, and each fusible op its own kiln.fusion; the
  /// unfused baseline that fused code is compared against.
  bool fuse = true;
  /// Compiling for the GPU: sparse losses decompose into kernels (bad labels
  /// give NaN rows, as TensorFlow's GPU kernel), not the checked host op.
  bool gpu = false;
};

/// Fusion: decompose softmax and losses into primitives, fold bias and
/// activation into matmuls, cluster fusible ops into kiln.fusion regions,
/// then canonicalize and CSE.
///
///   buildFusionPipeline(pm, FusionOptions{/*fuse=*/false});
void buildFusionPipeline(mlir::OpPassManager &pm, const FusionOptions &options);

/// Registers the pipelines by name for kiln-opt (`--kiln-cleanup`,
/// `--kiln-fusion`, `--kiln-fusion=fuse=false`).
void registerKilnPipelines();

/// The graph imported and run through the pipelines up to `stage`
/// (compileStageNames(): "cleanup", "fusion", "lowering", "llvm"), printed
/// with node locations.
kiln::StatusOr<std::string>
graphDefToMlirTextAfter(const tensorflow::GraphDef &graph,
                        const ir::ImportOptions &options,
                        const std::string &stage);

} // namespace kiln::compiler

#endif // KILN_COMPILER_PIPELINES_H
