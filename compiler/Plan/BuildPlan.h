//===- BuildPlan.h - The executor's call plan from a graph func -*- C++ -*-===//
//
// After fusion, annotation and outlining, the graph function is a sequence
// of steps the runtime knows: kernel launches, matmuls, aliases, variable
// ops, shape queries and reference-kernel ops. This turns it into the
// `kiln.Plan` proto, with arena slots assigned by liveness.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_COMPILER_PLAN_BUILDPLAN_H
#define KILN_COMPILER_PLAN_BUILDPLAN_H

#include <string>
#include <vector>

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "proto/kiln/plan.pb.h"

namespace kiln::compiler {

struct PlanSignature {
  /// (feed name as the caller writes it, Placeholder node it feeds).
  std::vector<std::pair<std::string, std::string>> feeds;
  /// The name of each of the function's results, in order; results that
  /// are control tokens (targets) are run but not returned.
  std::vector<std::string> results;
};

/// The symbol of a kernel's packed entry point (`kiln_packed_<kernel>`).
std::string packedEntryName(llvm::StringRef kernel);

/// Whether TensorFlow op `op` becomes a LIBRARY step (runtime/cpu's oneDNN
/// kernels: Conv2D and DepthwiseConv2dNative with their backprops, pools).
bool isLibraryOp(llvm::StringRef op);

/// Builds the plan; errors are diagnostics at the op (node) concerned.
mlir::FailureOr<kiln::Plan> buildPlan(mlir::func::FuncOp graph,
                                      const PlanSignature &signature);

} // namespace kiln::compiler

#endif // KILN_COMPILER_PLAN_BUILDPLAN_H
