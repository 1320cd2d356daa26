// GraphCompiler: the one interface through which a Session reaches a
// compiler (compiler/ implements it; the runtime and frontend never link
// MLIR or LLVM). A request names the feeds with their dtypes and shapes,
// the fetches and the targets; the result is an Executable.
//
//   kiln::CompileRequest request;
//   request.feeds = {{"x:0", tensorflow::DT_FLOAT, {-1, 784}}};
//   request.fetches = {"probs:0"};
//   KILN_ASSIGN_OR_RETURN(auto exe, compiler->Compile(graph, request));
#ifndef KILN_RUNTIME_EXEC_GRAPH_COMPILER_H_
#define KILN_RUNTIME_EXEC_GRAPH_COMPILER_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "proto/tensorflow/graph.pb.h"
#include "runtime/base/status.h"
#include "runtime/exec/executable.h"
#include "runtime/tensor/types.h"

namespace kiln {

struct FeedSpec {
  std::string name;  // "node:k" (or "node" for output 0)
  DataType dtype;
  std::vector<int64_t> dims;  // -1: any size (one executable serves all)
};

struct CompileOptions {
  // Fuse MatMul + bias + activation and clusters of elementwise and
  // reduction ops; false compiles every op on its own (for comparisons).
  bool fuse = true;
  // Keep activations between oneDNN convolutions and pools in oneDNN's
  // blocked layout (reordered only at the region's boundaries); false
  // keeps every one plain NHWC (for comparisons).
  bool blocked_layouts = true;
  // Run what the GPU supports on GPU 0 (generated kernels as PTX, float32
  // matmuls through cuBLASLt), with host<->device copies at the
  // boundaries; the Session sets it when its device is a GPU.
  bool gpu = false;
  // The chip the PTX targets; the driver JIT-compiles PTX for newer GPUs
  // too, so an older chip ("sm_70") gives a portable kernel.
  std::string gpu_chip = "sm_90";
  // Tests: on the CPU, split long reductions into two parallel stages as the
  // GPU does, so the host checks the GPU's reduction structure numerically.
  bool split_reductions = false;
};

struct CompileRequest {
  std::vector<FeedSpec> feeds;
  std::vector<std::string> fetches;  // "node:k"
  std::vector<std::string> targets;  // node names run for their effects
  CompileOptions options;
};

class GraphCompiler {
 public:
  virtual ~GraphCompiler() = default;
  virtual StatusOr<std::shared_ptr<const Executable>> Compile(
      const tensorflow::GraphDef& graph, const CompileRequest& request) = 0;
};

// The compiler a Session uses when its options name none. Linking
// Kiln::compiler registers the CPU compiler here; null when none is linked.
std::shared_ptr<GraphCompiler> DefaultGraphCompiler();
void SetDefaultGraphCompiler(std::shared_ptr<GraphCompiler> compiler);

}  // namespace kiln

#endif  // KILN_RUNTIME_EXEC_GRAPH_COMPILER_H_
