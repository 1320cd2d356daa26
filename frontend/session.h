// Session: runs a graph, compiled, with variables that persist across runs:
// TensorFlow's Session/ClientSession in C++ without Python.
//
//   KILN_ASSIGN_OR_RETURN(std::unique_ptr<kiln::Session> s,
//                         kiln::Session::Create(graph_def));
//   std::vector<kiln::Tensor> outputs;
//   KILN_RETURN_IF_ERROR(s->Run({{"x", images}}, {"probs:0"}, {}, &outputs));
//
// Each distinct (feeds with their dtypes and ranks, fetches, targets) is
// compiled once and cached; unknown dims stay unknown in the compiled code,
// so one executable serves every batch size. Run is thread-safe. A Run that
// fails changes no variable. Errors (unknown feed or fetch, wrong dtype or
// shape, an op the CPU cannot run) are Status values naming the node.
// Calls of the graph's library functions (PartitionedCall,
// StatefulPartitionedCall) are inlined before compiling (runtime/graph/
// inline_calls.h); fetching "call:k" or targeting a call works as in
// TensorFlow.
#ifndef KILN_FRONTEND_SESSION_H_
#define KILN_FRONTEND_SESSION_H_

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "frontend/output.h"
#include "frontend/scope.h"
#include "proto/tensorflow/graph.pb.h"
#include "runtime/base/status.h"
#include "runtime/exec/graph_compiler.h"
#include "runtime/exec/variable_store.h"
#include "runtime/tensor/tensor.h"

namespace kiln {

struct InlinedGraph;
class ControlFlowRunner;

struct SessionOptions {
  // Null: DefaultGraphCompiler() (the CPU compiler when Kiln::compiler is
  // linked).
  std::shared_ptr<GraphCompiler> compiler;
  CompileOptions compile;
  // The resource variables the graph's VarHandleOps name; null: the
  // session's own. Sessions (and traced functions) sharing one store see
  // each other's variables.
  std::shared_ptr<VariableStore> variables;
  // Where the graph runs (frontend/device_placement.h): "" (the default:
  // GPU 0 when one is present, else the CPU), "CPU" or "/device:CPU:0",
  // "GPU" or "/device:GPU:0" (an error where there is none). A node's own
  // device string still pins it to the CPU. CUDA_VISIBLE_DEVICES picks the
  // GPUs the process sees, as in TensorFlow.
  std::string device;
  // GPU memory the process may reserve (0: no cap; the seeds'
  // memory_limit) and TF32 matmuls, fixed once the GPU is first used.
  size_t gpu_memory_limit_bytes = 0;
  bool allow_tf32 = false;
};

class Session {
 public:
  using Feeds = std::vector<std::pair<std::string, Tensor>>;

  static StatusOr<std::unique_ptr<Session>> Create(tensorflow::GraphDef graph,
                                                   SessionOptions options = {});
  static StatusOr<std::unique_ptr<Session>> Create(const Scope& scope,
                                                   SessionOptions options = {});
  ~Session();

  // Feeds by tensor name ("x" or "x:0"), fetches by tensor name, targets by
  // node name (run for their effects).
  Status Run(const Feeds& feeds, const std::vector<std::string>& fetches,
             const std::vector<std::string>& targets,
             std::vector<Tensor>* outputs);
  Status Run(const Feeds& feeds, const std::vector<std::string>& fetches,
             std::vector<Tensor>* outputs) {
    return Run(feeds, fetches, {}, outputs);
  }
  // With the frontend's handles.
  Status Run(const std::vector<std::pair<Output, Tensor>>& feeds,
             const std::vector<Output>& fetches, std::vector<Tensor>* outputs);

  VariableStore& variables() { return *variables_; }
  // How many executables were compiled (the cache's misses).
  int64_t num_compilations() const;
  // How many runs took functional control flow on the host (bodies the
  // compiler could not make kernels of) rather than compiled code.
  int64_t num_host_control_flow_runs() const;

 private:
  struct Cache;
  Session(tensorflow::GraphDef graph, SessionOptions options);
  // Run on the graph with calls inlined (names already translated): the
  // compiled executable, or the ControlFlowRunner where the compiler left
  // control flow to the host.
  Status Dispatch(const Feeds& feeds, const std::vector<std::string>& fetches,
                  const std::vector<std::string>& targets,
                  std::vector<Tensor>* outputs);
  // The cached entry for the run's signature, compiled on a miss.
  struct CacheEntry;
  StatusOr<std::shared_ptr<CacheEntry>> Entry(
      const Feeds& feeds, const std::vector<std::string>& fetches,
      const std::vector<std::string>& targets);

  tensorflow::GraphDef graph_;
  SessionOptions options_;
  std::shared_ptr<VariableStore> variables_;
  std::unique_ptr<Cache> cache_;
  // Set when the graph has functional control flow (If, While): it runs
  // what the compiler leaves to the host.
  std::shared_ptr<ControlFlowRunner> control_;
  // Set when the graph called library functions: how their names resolve.
  std::shared_ptr<const InlinedGraph> calls_;
};

}  // namespace kiln

#endif  // KILN_FRONTEND_SESSION_H_
