//===- Preflight.h - What the compiler would make of a graph ----*- C++ -*-===//
//
// kiln-dump --lint's analysis: runs the compiler on a whole graph (every node
// whose outputs nobody consumes is a result) through fusion and reports,
// per node, what would run it: a generated kernel, a oneDNN matmul, the
// runtime (reference kernels, views, variables), host-driven control flow,
// or nothing (ops the compiler does not support). When everything compiles,
// it also generates the code and measures each kernel's machine code.
//
//   KILN_ASSIGN_OR_RETURN(PreflightReport report, preflight(graph, {}));
//   for (const NodePlacement &n : report.nodes) ...
//
//===----------------------------------------------------------------------===//
#ifndef KILN_COMPILER_ANALYSIS_PREFLIGHT_H
#define KILN_COMPILER_ANALYSIS_PREFLIGHT_H

#include <cstdint>
#include <string>
#include <vector>

#include "compiler/Codegen/Codegen.h"
#include "proto/tensorflow/graph.pb.h"
#include "runtime/base/status.h"

namespace kiln::compiler {

/// What runs a node.
enum class Placement {
  Kernel,      ///< inside a generated kernel (kiln.fusion)
  Library,     ///< a oneDNN call (kiln.fused_matmul)
  Runtime,     ///< the runtime's own step (reference kernel, view, variable)
  HostControl, ///< control flow the host drives around compiled pieces
  Unsupported, ///< nothing: the compiler rejects the graph
};

const char *placementName(Placement placement);

struct NodePlacement {
  std::string node, op;
  Placement placement;
};

struct KernelCode {
  std::string symbol; ///< kiln_packed_fusion_N's function, fusion_N
  uint64_t bytes = 0;
};

struct PreflightReport {
  std::vector<NodePlacement> nodes; ///< graph order
  std::string cpu;                  ///< what the code was generated for
  std::vector<KernelCode> kernels;  ///< empty when something is unsupported
  uint64_t codeBytes = 0;           ///< the whole object file
};

kiln::StatusOr<PreflightReport> preflight(const tensorflow::GraphDef &graph,
                                          const CodegenOptions &options);

} // namespace kiln::compiler

#endif // KILN_COMPILER_ANALYSIS_PREFLIGHT_H
