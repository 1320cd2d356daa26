// kiln_gpu_bench_cases DIR: writes the whole-model GPU benchmark's cases
// (bench/gpu_model_bench times them on the GPU; bench/anchors/gpu_models.py
// runs the same models in PyTorch and JAX): the Fashion-MNIST MLP and CNN
// (tests/cuda/train_graphs), their inference at batch 1 and 1024 and their
// training step at batch 256, compiled for the GPU, with random inputs. No
// expected outputs: kiln_gpu_check's cases check the values.
#include <cstdio>
#include <string>
#include <vector>

#include "tests/cuda/gpu_case_writer.h"
#include "tests/cuda/train_graphs.h"
#include "tests/session/reference_graph.h"

namespace kiln {
namespace testing {
namespace {

// MODEL_infer (logits of x at batch 1 and 1024) and MODEL_train (the SGD
// step at batch 256), each starting at the model's initial variables.
Status WriteModel(GpuCaseWriter& writer, const std::string& model,
                  const TrainGraph& train) {
  std::vector<int64_t> image(train.request.feeds[0].dims.begin() + 1,
                             train.request.feeds[0].dims.end());
  auto batch_of = [&](int64_t n) {
    std::vector<int64_t> dims = image;
    dims.insert(dims.begin(), n);
    return RandomFloats(dims, static_cast<uint32_t>(n), 0, 1);
  };
  CompileRequest infer;
  infer.feeds = {train.request.feeds[0]};
  infer.fetches = {"logits:0"};
  KILN_RETURN_IF_ERROR(
      writer.AddBundle(model + "_infer", train.graph, infer, train.variables));
  for (int64_t n : {1, 1024}) {
    KILN_RETURN_IF_ERROR(writer.AddRun(model + "_infer_b" + std::to_string(n),
                                       {batch_of(n)}, {}));
  }
  CompileRequest step = train.request;
  step.fetches = {"loss:0"};
  KILN_RETURN_IF_ERROR(
      writer.AddBundle(model + "_train", train.graph, step, train.variables));
  return writer.AddRun(model + "_train_b256",
                       {batch_of(256), RandomLabels(256, 7)}, {});
}

int Main(const std::string& dir) {
  StatusOr<GpuCaseWriter> writer = GpuCaseWriter::Create(dir);
  Status s = writer.status();
  for (auto [model, graph] : {std::make_pair("mlp", MlpTrainGraph),
                              std::make_pair("cnn", CnnTrainGraph)}) {
    StatusOr<TrainGraph> train = graph(3);
    if (s.ok()) s = train.status();
    if (s.ok()) s = WriteModel(*writer, model, *train).WithPrefix(model);
  }
  if (!s.ok()) {
    std::fprintf(stderr, "kiln_gpu_bench_cases: %s\n", s.ToString().c_str());
    return 1;
  }
  std::printf("kiln_gpu_bench_cases: %d runs written to %s\n",
              writer->num_runs(), dir.c_str());
  return 0;
}

}  // namespace
}  // namespace testing
}  // namespace kiln

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: kiln_gpu_bench_cases DIR\n");
    return 2;
  }
  return kiln::testing::Main(argv[1]);
}
