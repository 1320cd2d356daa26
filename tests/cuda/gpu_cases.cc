// kiln_gpu_cases DIR: writes the model-level GPU checks (GpuCaseWriter):
// the Fashion-MNIST MLP at batch 1, 17, 256 and 1024, a chain of
// elementwise ops over up to 1M floats, softmax cross-entropy with its
// mean, whole and partial reductions, and the MLP's training step (its
// variables living on the GPU across runs), each compiled for the GPU, with
// random inputs and the CPU compiler's outputs. kiln_gpu_check DIR runs
// them on a GPU.
#include <cstdio>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "frontend/ops/ops.h"
#include "frontend/scope.h"
#include "frontend/session.h"
#include "frontend/variables/variable.h"
#include "tests/cuda/gpu_case_writer.h"
#include "tests/cuda/train_graphs.h"
#include "tests/session/half_chain_graph.h"
#include "tests/session/mlp_graph.h"
#include "tests/session/reference_graph.h"

namespace kiln {
namespace testing {
namespace {

struct ModelCase {
  std::string name;
  tensorflow::GraphDef graph;
  CompileRequest request;
  std::vector<std::vector<Tensor>> runs;    // feeds of each run
  std::map<std::string, Tensor> variables;  // starting values by name
  double rtol = 0;  // 0: float32's; 16-bit compute inside needs more
};

// The CPU's outputs for each run, and the bundle for the GPU.
Status Write(GpuCaseWriter& writer, const ModelCase& c) {
  KILN_RETURN_IF_ERROR(
      writer.AddBundle(c.name, c.graph, c.request, c.variables));
  KILN_ASSIGN_OR_RETURN(std::unique_ptr<Session> cpu, Session::Create(c.graph));
  for (const auto& [name, value] : c.variables)
    cpu->variables().Set(name, value);
  for (size_t r = 0; r < c.runs.size(); ++r) {
    Session::Feeds feeds;
    for (size_t i = 0; i < c.runs[r].size(); ++i)
      feeds.emplace_back(c.request.feeds[i].name, c.runs[r][i]);
    std::vector<Tensor> wants;
    KILN_RETURN_IF_ERROR(
        cpu->Run(feeds, c.request.fetches, c.request.targets, &wants));
    KILN_RETURN_IF_ERROR(writer.AddRun(c.name + "_" + std::to_string(r),
                                       c.runs[r], wants, c.rtol));
  }
  return OkStatus();
}

ModelCase Mlp() {
  ModelCase c{"mlp", MlpGraph(7), {}, {}, {}, 0};
  c.request.feeds = {{"x", DT_FLOAT, {-1, 784}}};
  c.request.fetches = {"probs:0", "logits:0"};
  uint32_t seed = 1;
  for (int64_t batch : {1, 17, 256, 1024})
    c.runs.push_back({RandomFloats({batch, 784}, seed++, 0, 1)});
  return c;
}

ModelCase Elementwise() {
  Scope root = Scope::NewRootScope();
  Output x = ops::Placeholder(root.WithOpName("x"), DT_FLOAT,
                              Shape::Of({kUnknownDim, 4096}));
  Output gate = ops::Mul(root, ops::Tanh(root, x), ops::Sigmoid(root, x));
  Output bump = ops::Exp(root, ops::Neg(root, ops::Square(root, x)));
  ops::AddV2(root.WithOpName("y"), gate, bump);
  ModelCase c{"elementwise", {}, {}, {}, {}, 0};
  (void)root.ToGraphDef(&c.graph);
  c.request.feeds = {{"x", DT_FLOAT, {-1, 4096}}};
  c.request.fetches = {"y:0"};
  for (int64_t rows : {1, 7, 64})
    c.runs.push_back({RandomFloats({rows, 4096}, 10 + rows, -4, 4)});
  return c;
}

ModelCase CrossEntropy() {
  Scope root = Scope::NewRootScope();
  Output logits = ops::Placeholder(root.WithOpName("logits"), DT_FLOAT,
                                   Shape::Of({kUnknownDim, 10}));
  Output labels = ops::Placeholder(root.WithOpName("labels"), DT_FLOAT,
                                   Shape::Of({kUnknownDim, 10}));
  auto xent = ops::SoftmaxCrossEntropyWithLogits(root.WithOpName("xent"),
                                                 logits, labels);
  ops::Mean(root.WithOpName("loss"), xent.loss, ops::Const(root, {0}));
  ModelCase c{"cross_entropy", {}, {}, {}, {}, 0};
  (void)root.ToGraphDef(&c.graph);
  c.request.feeds = {{"logits", DT_FLOAT, {-1, 10}},
                     {"labels", DT_FLOAT, {-1, 10}}};
  c.request.fetches = {"loss:0", "xent:1"};
  for (int64_t batch : {1, 256, 3000})
    c.runs.push_back({RandomFloats({batch, 10}, 20 + batch, -5, 5),
                      RandomFloats({batch, 10}, 30 + batch, 0, 0.2f)});
  return c;
}

// Convolutions and pools (host or GPU, as placement decides) between GPU
// matmuls and softmax: values cross both ways.
ModelCase Cnn() {
  Scope root = Scope::NewRootScope();
  Output x = ops::Placeholder(root.WithOpName("x"), DT_FLOAT,
                              Shape::Of({kUnknownDim, 28, 28, 1}));
  auto constant = [&](std::vector<int64_t> dims, uint32_t seed) {
    Tensor t = RandomFloats(dims, seed, -0.3f, 0.3f);
    auto v = t.flat<float>();
    return ops::Const(root, std::vector<float>(v.data(), v.data() + v.size()),
                      Shape::Of(dims));
  };
  Output h = ops::Relu(
      root, ops::BiasAdd(root,
                         ops::Conv2D(root, x, constant({3, 3, 1, 8}, 1),
                                     {1, 1, 1, 1}, "SAME"),
                         constant({8}, 2)));
  h = ops::MaxPool(root, h, {1, 2, 2, 1}, {1, 2, 2, 1}, "VALID");
  h = ops::Relu(root, ops::Conv2D(root, h, constant({3, 3, 8, 16}, 3),
                                  {1, 1, 1, 1}, "VALID"));
  h = ops::Reshape(root, h, ops::Const(root, {-1, 12 * 12 * 16}));
  Output logits = ops::BiasAdd(
      root.WithOpName("logits"),
      ops::MatMul(root, h, constant({12 * 12 * 16, 10}, 4)), constant({10}, 5));
  ops::Softmax(root.WithOpName("probs"), logits);
  ModelCase c{"cnn", {}, {}, {}, {}, 0};
  (void)root.ToGraphDef(&c.graph);
  c.request.feeds = {{"x", DT_FLOAT, {-1, 28, 28, 1}}};
  c.request.fetches = {"probs:0", "logits:0"};
  for (int64_t batch : {1, 64})
    c.runs.push_back({RandomFloats({batch, 28, 28, 1}, 50 + batch, 0, 1)});
  return c;
}

ModelCase Reductions() {
  Scope root = Scope::NewRootScope();
  Output x = ops::Placeholder(root.WithOpName("x"), DT_FLOAT,
                              Shape::Of({kUnknownDim, 333}));
  ops::Sum(root.WithOpName("total"), x, ops::Const(root, {0, 1}));
  ops::Max(root.WithOpName("col_max"), x, ops::Const(root, {0}));
  ops::Mean(root.WithOpName("row_mean"), x, ops::Const(root, {1}));
  ModelCase c{"reductions", {}, {}, {}, {}, 0};
  (void)root.ToGraphDef(&c.graph);
  c.request.feeds = {{"x", DT_FLOAT, {-1, 333}}};
  c.request.fetches = {"total:0", "col_max:0", "row_mean:0"};
  for (int64_t rows : {1, 100, 2048})
    c.runs.push_back({RandomFloats({rows, 333}, 40 + rows, -1, 1)});
  return c;
}

// Eight SGD steps in a row on one bundle: each run's loss and the kernel it
// read check the previous runs' updates, made and kept on the GPU.
StatusOr<ModelCase> Training(const std::string& name,
                             StatusOr<TrainGraph> (*graph)(uint32_t),
                             std::vector<int64_t> image, double rtol) {
  KILN_ASSIGN_OR_RETURN(TrainGraph t, graph(11));
  ModelCase c{name, std::move(t.graph),     std::move(t.request),
              {},   std::move(t.variables), rtol};
  for (uint32_t step = 0; step < 8; ++step) {
    std::vector<int64_t> dims = image;
    dims.insert(dims.begin(), step == 3 ? 1 : 256);  // a batch of 1 between
    c.runs.push_back({RandomFloats(dims, 60 + step, 0, 1),
                      RandomLabels(dims[0], 70 + step)});
  }
  return c;
}

// 16-bit compute between float32 casts: the GPU's libdevice and the CPU's
// polynomials may round a result the other way (one ulp of the type).
ModelCase HalfChain(DataType dtype, const std::string& name, double rtol) {
  ModelCase c{name, HalfChainGraph(dtype), {}, {}, {}, rtol};
  c.request.feeds = {{"x", DT_FLOAT, {-1, 64}}};
  c.request.fetches = {"y:0", "row_sum:0"};
  for (int64_t rows : {1, 300})
    c.runs.push_back({RandomFloats({rows, 64}, 110 + rows, -3, 3)});
  return c;
}

ModelCase HalfMlp(DataType dtype, const std::string& name, double rtol) {
  ModelCase c{name, HalfMlpGraph(dtype, 31), {}, {}, {}, rtol};
  c.request.feeds = {{"x", DT_FLOAT, {-1, 784}}};
  c.request.fetches = {"probs:0", "logits:0"};
  for (int64_t batch : {1, 256})
    c.runs.push_back({RandomFloats({batch, 784}, 120 + batch, 0, 1)});
  return c;
}

// Strided batches: a Dense over a sequence (b shared) and a product of two
// batched operands, each with a bias or a transpose.
ModelCase BatchMatMul() {
  Scope root = Scope::NewRootScope();
  Output x = ops::Placeholder(root.WithOpName("x"), DT_FLOAT,
                              Shape::Of({kUnknownDim, 7, 32}));
  const Tensor wt = RandomFloats({32, 16}, 130, -0.3f, 0.3f);
  auto wv = wt.flat<float>();
  Output w =
      ops::Const(root, std::vector<float>(wv.data(), wv.data() + wv.size()),
                 Shape::Of({32, 16}));
  Output q = ops::Placeholder(root.WithOpName("q"), DT_FLOAT,
                              Shape::Of({4, 6, 9, 16}));
  Output k = ops::Placeholder(root.WithOpName("k"), DT_FLOAT,
                              Shape::Of({4, 6, 12, 16}));
  ops::BatchMatMulV2(root.WithOpName("dense"), x, w);
  ops::BatchMatMulV2(root.WithOpName("scores"), q, k,
                     ops::BatchMatMulV2Attrs().AdjY(true));
  ModelCase c{"batch_matmul", {}, {}, {}, {}, 1e-3};
  (void)root.ToGraphDef(&c.graph);
  c.request.feeds = {{"x", DT_FLOAT, {-1, 7, 32}},
                     {"q", DT_FLOAT, {4, 6, 9, 16}},
                     {"k", DT_FLOAT, {4, 6, 12, 16}}};
  c.request.fetches = {"dense:0", "scores:0"};
  for (int64_t batch : {1, 50})
    c.runs.push_back({RandomFloats({batch, 7, 32}, 140 + batch),
                      RandomFloats({4, 6, 9, 16}, 150 + batch),
                      RandomFloats({4, 6, 12, 16}, 160 + batch)});
  return c;
}

// A Conv2D whose filter is fed (as a training step's variable read is):
// the executor transposes it to OHWI on the device at each run.
ModelCase FedFilterConv() {
  Scope root = Scope::NewRootScope();
  Output x = ops::Placeholder(root.WithOpName("x"), DT_FLOAT,
                              Shape::Of({kUnknownDim, 12, 12, 4}));
  Output w =
      ops::Placeholder(root.WithOpName("w"), DT_FLOAT, Shape::Of({3, 3, 4, 6}));
  ops::Relu(root.WithOpName("y"),
            ops::Conv2D(root, x, w, {1, 1, 1, 1}, "SAME"));
  ModelCase c{"fed_filter_conv", {}, {}, {}, {}, 1e-3};
  (void)root.ToGraphDef(&c.graph);
  c.request.feeds = {{"x", DT_FLOAT, {-1, 12, 12, 4}},
                     {"w", DT_FLOAT, {3, 3, 4, 6}}};
  c.request.fetches = {"y:0"};
  for (int64_t batch : {1, 9})
    c.runs.push_back({RandomFloats({batch, 12, 12, 4}, 170 + batch),
                      RandomFloats({3, 3, 4, 6}, 180 + batch)});
  return c;
}

// A convolution's gradients on cuDNN with fed operands: dx (constant
// input_sizes, or Shape(x) as a backward pass has) and dw (cuDNN's OHWI
// gradient transposed back to HWIO).
ModelCase ConvGrads() {
  Scope root = Scope::NewRootScope();
  Output x = ops::Placeholder(root.WithOpName("x"), DT_FLOAT,
                              Shape::Of({8, 12, 12, 4}));
  Output w =
      ops::Placeholder(root.WithOpName("w"), DT_FLOAT, Shape::Of({3, 3, 4, 6}));
  Output dy = ops::Placeholder(root.WithOpName("dy"), DT_FLOAT,
                               Shape::Of({8, 12, 12, 6}));
  ops::Conv2DBackpropInput(root.WithOpName("dx"),
                           ops::Const(root, {8, 12, 12, 4}), w, dy,
                           {1, 1, 1, 1}, "SAME");
  ops::Conv2DBackpropFilter(root.WithOpName("dw"), x,
                            ops::Const(root, {3, 3, 4, 6}), dy, {1, 1, 1, 1},
                            "SAME");
  ops::Conv2DBackpropInput(root.WithOpName("dx_of_shape"), ops::Shape(root, x),
                           w, dy, {1, 1, 1, 1}, "SAME");
  ModelCase c{"conv_grads", {}, {}, {}, {}, 1e-3};
  (void)root.ToGraphDef(&c.graph);
  c.request.feeds = {{"x", DT_FLOAT, {8, 12, 12, 4}},
                     {"w", DT_FLOAT, {3, 3, 4, 6}},
                     {"dy", DT_FLOAT, {8, 12, 12, 6}}};
  c.request.fetches = {"dx:0", "dw:0", "dx_of_shape:0"};
  for (uint32_t seed : {190u, 200u})
    c.runs.push_back({RandomFloats({8, 12, 12, 4}, seed),
                      RandomFloats({3, 3, 4, 6}, seed + 1),
                      RandomFloats({8, 12, 12, 6}, seed + 2)});
  return c;
}

// A variable that only kernels touch: avg <- 0.9 avg + 0.1 mean(x, 0).
// Its first read uploads the host value; later runs read the GPU's copy.
// (Kernels only, so the fake driver's host-safety run covers it too.)
StatusOr<ModelCase> RunningAverage() {
  Scope root = Scope::NewRootScope();
  Output x = ops::Placeholder(root.WithOpName("x"), DT_FLOAT,
                              Shape::Of({kUnknownDim, 1000}));
  const Tensor start = RandomFloats({1000}, 80);
  KILN_ASSIGN_OR_RETURN(Variable avg,
                        Variable::FromValue(root.WithOpName("avg"), start));
  Output before = avg.Read(root.WithOpName("avg_before"));
  Output mean = ops::Mean(root, x, ops::Const(root, {0}));
  Output next = ops::AddV2(root, ops::Mul(root, before, 0.9f),
                           ops::Mul(root, mean, 0.1f));
  avg.Assign(root.WithOpName("update"), next);
  ops::Identity(root.WithOpName("twice"), ops::Mul(root, before, 2.0f));
  ModelCase c{"running_average", {}, {}, {}, {{avg.name(), start}}, 0};
  KILN_RETURN_IF_ERROR(root.ToGraphDef(&c.graph));
  c.request.feeds = {{"x", DT_FLOAT, {-1, 1000}}};
  c.request.fetches = {"twice:0"};
  c.request.targets = {"update"};
  for (int64_t rows : {3, 64, 1, 500})
    c.runs.push_back({RandomFloats({rows, 1000}, 90 + rows, -2, 2)});
  return c;
}

int Main(const std::string& dir) {
  StatusOr<GpuCaseWriter> writer = GpuCaseWriter::Create(dir);
  Status s = writer.status();
  for (const ModelCase& c :
       {Mlp(), Elementwise(), CrossEntropy(), Cnn(), Reductions(),
        HalfChain(tensorflow::DT_HALF, "chain_f16", 4e-3),
        HalfChain(tensorflow::DT_BFLOAT16, "chain_bf16", 3e-2), BatchMatMul(),
        FedFilterConv(), ConvGrads()}) {
    if (s.ok()) s = Write(*writer, c).WithPrefix(c.name);
  }
  // The CNN's convolutions (cuDNN's algorithms, summing in another order)
  // drift further from the CPU's over eight steps.
  for (StatusOr<ModelCase> c :
       {RunningAverage(), Training("mlp_train", MlpTrainGraph, {784}, 0),
        Training("cnn_train", CnnTrainGraph, {28, 28, 1}, 1e-3)}) {
    if (s.ok()) s = c.status();
    if (s.ok()) s = Write(*writer, *c).WithPrefix(c->name);
  }
  for (const ModelCase& c :
       {HalfMlp(tensorflow::DT_HALF, "mlp_f16", 1e-2),
        HalfMlp(tensorflow::DT_BFLOAT16, "mlp_bf16", 6e-2)}) {
    if (s.ok()) s = Write(*writer, c).WithPrefix(c.name);
  }
  if (!s.ok()) {
    std::fprintf(stderr, "kiln_gpu_cases: %s\n", s.ToString().c_str());
    return 1;
  }
  std::printf("kiln_gpu_cases: %d runs written to %s\n", writer->num_runs(),
              dir.c_str());
  return 0;
}

}  // namespace
}  // namespace testing
}  // namespace kiln

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: kiln_gpu_cases DIR\n");
    return 2;
  }
  return kiln::testing::Main(argv[1]);
}
