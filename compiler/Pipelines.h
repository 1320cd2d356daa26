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

/// Registers the pipelines by name for kiln-opt (`--kiln-cleanup`).
void registerKilnPipelines();

/// The graph imported and run through the pipelines up to `stage`
/// ("cleanup"), printed with node locations.
kiln::StatusOr<std::string>
graphDefToMlirTextAfter(const tensorflow::GraphDef &graph,
                        const ir::ImportOptions &options,
                        const std::string &stage);

} // namespace kiln::compiler

#endif // KILN_COMPILER_PIPELINES_H
