// GpuCaseWriter: the compiling half of the GPU checks. On a machine with the
// compiler (and no GPU needed), each case's graph is compiled for the GPU
// (--target=nvptx-sm90's options) into a bundle, its inputs and the CPU
// compiler's outputs written as .npy, and a line added to DIR/index.txt:
//
//   case NAME FILE.kbundle feeds K IN0.npy ... wants M OUT0.npy ... [rtol R]
//   fail NAME MESSAGE...        (the GPU compile failed)
//
// kiln_gpu_check (runtime only) runs the bundles on a GPU and compares.
#ifndef KILN_TESTS_CUDA_GPU_CASE_WRITER_H_
#define KILN_TESTS_CUDA_GPU_CASE_WRITER_H_

#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "proto/tensorflow/graph.pb.h"
#include "runtime/base/status.h"
#include "runtime/exec/graph_compiler.h"
#include "runtime/tensor/tensor.h"

namespace kiln {
namespace testing {

class GpuCaseWriter {
 public:
  // Creates DIR (emptied) and its index.
  static StatusOr<GpuCaseWriter> Create(const std::string& dir);

  // Compiles `graph` for the GPU (request.feeds/fetches/targets;
  // options.gpu set here) and writes the bundle, its variables starting at
  // `variables`. The runs come after, with AddRun; they share the bundle's
  // variables in order.
  Status AddBundle(const std::string& name, const tensorflow::GraphDef& graph,
                   CompileRequest request,
                   const std::map<std::string, Tensor>& variables = {});
  // One run of the last bundle: feeds in request order, the CPU's outputs;
  // `rtol` > 0 loosens the float32 tolerance (16-bit compute inside).
  Status AddRun(const std::string& name, const std::vector<Tensor>& feeds,
                const std::vector<Tensor>& wants, double rtol = 0);
  // A case whose GPU compile failed: a line kiln_gpu_check reports as a
  // failure (`fail NAME MESSAGE`), so the pack still checks the rest.
  Status AddCompileFailure(const std::string& name, const Status& error);
  int num_runs() const { return runs_; }

 private:
  std::string dir_, bundle_;
  std::ofstream index_;
  int runs_ = 0;
};

}  // namespace testing
}  // namespace kiln

#endif  // KILN_TESTS_CUDA_GPU_CASE_WRITER_H_
