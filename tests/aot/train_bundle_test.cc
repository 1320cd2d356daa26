// A training step compiled ahead of time: a softmax classifier's SGD step
// (forward, gradients, variable updates) in a bundle that owns its
// variables, started from the graph's initializer run at compile time.
// Loaded by the runtime alone, 25 steps on random batches give the same
// losses and weights as a Session running the same graph; the C ABI reads
// and writes the weights; a failing step changes none.
#include <catch2/catch.hpp>
#include <random>

#include "compiler/Aot/BuildBundle.h"
#include "frontend/gradients/gradients.h"
#include "frontend/ops/const.h"
#include "frontend/ops/ops.h"
#include "frontend/session.h"
#include "frontend/variables/initializers.h"
#include "frontend/variables/variable.h"
#include "runtime/abi/kiln_model.h"
#include "runtime/exec/bundle_loader.h"
#include "runtime/exec/executor.h"

namespace kiln {
namespace {

struct TrainGraph {
  tensorflow::GraphDef graph;
  std::string w, b;  // the variables' names
};

// x [?,4], labels int32 [?] -> loss; "step" applies SGD (lr 0.5) to w and
// b; "init" initializes them (Glorot-uniform w from `seed`, zero b).
TrainGraph BuildTrainGraph(uint32_t seed) {
  Scope root = Scope::NewRootScope();
  Output x = ops::Placeholder(root.WithOpName("x"), DT_FLOAT,
                              Shape::Of({kUnknownDim, 4}));
  Output labels = ops::Placeholder(root.WithOpName("labels"), DT_INT32,
                                   Shape::Of({kUnknownDim}));
  Variable w =
      Variable::Create(root.WithOpName("w"), DT_FLOAT, Shape::Of({4, 3}),
                       initializers::GlorotUniform(), seed)
          .value();
  Variable b = Variable::Create(root.WithOpName("b"), DT_FLOAT, Shape::Of({3}),
                                initializers::Zeros(), seed)
                   .value();
  Output wr = w.Read(root), br = b.Read(root);
  Output logits = ops::BiasAdd(root, ops::MatMul(root, x, wr), br);
  Output loss = ops::Mean(
      root.WithOpName("loss"),
      ops::SparseSoftmaxCrossEntropyWithLogits(root, logits, labels).loss,
      ops::Const(root, 0));
  OutputList grads;
  REQUIRE(Gradients(root, {loss}, {wr, br}, &grads).ok());
  Output lr = ops::Const(root, 0.5f);
  Operation dw = w.AssignSub(root, ops::Mul(root, lr, grads[0]));
  Operation db = b.AssignSub(root, ops::Mul(root, lr, grads[1]));
  ops::NoOp(root.WithOpName("step").WithControlDependencies({dw, db}));
  ops::NoOp(root.WithOpName("init").WithControlDependencies(
      {w.InitOp(root), b.InitOp(root)}));
  TrainGraph out;
  REQUIRE(root.ToGraphDef(&out.graph).ok());
  out.w = w.name();
  out.b = b.name();
  return out;
}

// Feeds x and labels, fetches the loss, runs the SGD step.
CompileRequest TrainRequest() {
  CompileRequest request;
  request.feeds = {{"x:0", DT_FLOAT, {-1, 4}}, {"labels:0", DT_INT32, {-1}}};
  request.fetches = {"loss:0"};
  request.targets = {"step"};
  return request;
}

std::pair<Tensor, Tensor> RandomBatch(std::mt19937& rng, int64_t rows) {
  Tensor x = Tensor::Allocate(DT_FLOAT, TensorShape::Create({rows, 4}).value())
                 .value();
  Tensor y =
      Tensor::Allocate(DT_INT32, TensorShape::Create({rows}).value()).value();
  for (int64_t r = 0; r < rows; ++r) {
    for (int c = 0; c < 4; ++c)
      x.flat<float>()[r * 4 + c] = std::normal_distribution<float>()(rng);
    // A learnable rule: the class is where the first three features peak.
    const float* f = x.flat<float>().data() + r * 4;
    y.flat<int32_t>()[r] = static_cast<int32_t>(std::max_element(f, f + 3) - f);
  }
  return {x, y};
}

std::vector<float> Values(const Tensor& t) {
  return std::vector<float>(t.flat<float>().begin(), t.flat<float>().end());
}

TEST_CASE("a training step runs from a bundle that owns its variables",
          "[aot]") {
  std::mt19937 rng(std::random_device{}());
  const TrainGraph train = BuildTrainGraph(rng());
  const CompileRequest request = TrainRequest();
  compiler::BundleOptions options;
  options.initTargets = {"init"};
  auto bundle = compiler::buildBundle(train.graph, request, options);
  INFO(bundle.status().ToString());
  REQUIRE(bundle.ok());
  REQUIRE(bundle->variables_size() == 2);

  auto loaded = LoadBundleFromBytes(bundle->SerializeAsString(), "train", "");
  REQUIRE(loaded.ok());
  auto session = Session::Create(train.graph);
  REQUIRE(session.ok());
  std::vector<Tensor> out;
  REQUIRE((*session)->Run({}, {}, {"init"}, &out).ok());
  // Both start from the same initializer values.
  CHECK(Values(*loaded->variables->Read(train.w)) ==
        Values(*(*session)->variables().Read(train.w)));

  Executor executor(loaded->executable);
  float first = 0, last = 0;
  for (int step = 0; step < 25; ++step) {
    auto [x, y] = RandomBatch(rng, 32);
    std::vector<Tensor> from_bundle, from_session;
    REQUIRE(executor.Run({x, y}, loaded->variables.get(), &from_bundle).ok());
    REQUIRE((*session)
                ->Run({{"x", x}, {"labels", y}}, {"loss:0"}, {"step"},
                      &from_session)
                .ok());
    const float loss = from_bundle[0].flat<float>()[0];
    CHECK(loss == Approx(from_session[0].flat<float>()[0]).epsilon(1e-5));
    if (step == 0) first = loss;
    last = loss;
  }
  CHECK(last < first);  // it learns
  for (const std::string& name : {train.w, train.b}) {
    const std::vector<float> a = Values(*loaded->variables->Read(name));
    const std::vector<float> b = Values(*(*session)->variables().Read(name));
    REQUIRE(a.size() == b.size());
    for (size_t i = 0; i < a.size(); ++i)
      CHECK(a[i] == Approx(b[i]).margin(1e-5));
  }

  // A step that fails (labels of the wrong length) changes no variable.
  const std::vector<float> before = Values(*loaded->variables->Read(train.w));
  auto [x, y] = RandomBatch(rng, 8);
  Tensor short_labels =
      Tensor::Allocate(DT_INT32, TensorShape::Create({5}).value()).value();
  std::vector<Tensor> ignored;
  CHECK_FALSE(
      executor.Run({x, short_labels}, loaded->variables.get(), &ignored).ok());
  CHECK(Values(*loaded->variables->Read(train.w)) == before);
}

TEST_CASE("the C ABI reads and writes a bundle's variables", "[aot]") {
  std::mt19937 rng(std::random_device{}());
  const TrainGraph train = BuildTrainGraph(rng());
  const CompileRequest request = TrainRequest();
  compiler::BundleOptions options;
  options.initTargets = {"init"};
  // A value given for w (a restored checkpoint) wins over the initializer.
  Tensor given =
      Tensor::Allocate(DT_FLOAT, TensorShape::Create({4, 3}).value()).value();
  for (float& v : given.flat<float>()) v = 0.25f;
  options.variableValues[train.w] = given;
  auto bundle = compiler::buildBundle(train.graph, request, options);
  REQUIRE(bundle.ok());
  const std::string bytes = bundle->SerializeAsString();
  char error[256];
  kiln_model* m = kiln_model_load_from_memory(bytes.data(), bytes.size(),
                                              nullptr, error, sizeof error);
  INFO(error);
  REQUIRE(m != nullptr);
  REQUIRE(kiln_model_num_variables(m) == 2);
  int w_index = std::string(kiln_model_variable_name(m, 0)) == train.w ? 0 : 1;
  REQUIRE(kiln_model_variable_bytes(m, w_index) == 12 * 4);
  float w[12];
  REQUIRE(kiln_model_read_variable(m, w_index, w, sizeof w) == 0);
  CHECK(w[0] == 0.25f);
  CHECK(kiln_model_read_variable(m, w_index, w, 4) == -1);  // wrong size
  CHECK_THAT(std::string(kiln_model_error(m)), Catch::Contains("bytes"));
  for (float& v : w) v = 0;
  REQUIRE(kiln_model_write_variable(m, w_index, w, sizeof w) == 0);
  // One step from zero weights: the loss is log(3) whatever the batch.
  auto [x, y] = RandomBatch(rng, 16);
  int64_t xdims[2] = {16, 4}, ydims[1] = {16};
  REQUIRE(kiln_model_resize_input(m, 0, xdims, 2) == 0);
  REQUIRE(kiln_model_resize_input(m, 1, ydims, 1) == 0);
  std::copy(x.flat<float>().begin(), x.flat<float>().end(),
            static_cast<float*>(kiln_model_input_data(m, 0)));
  std::copy(y.flat<int32_t>().begin(), y.flat<int32_t>().end(),
            static_cast<int32_t*>(kiln_model_input_data(m, 1)));
  REQUIRE(kiln_model_run(m) == 0);
  CHECK(*static_cast<const float*>(kiln_model_output_data(m, 0)) ==
        Approx(std::log(3.0f)));
  REQUIRE(kiln_model_read_variable(m, w_index, w, sizeof w) == 0);
  CHECK(std::any_of(w, w + 12, [](float v) { return v != 0; }));  // updated
  kiln_model_free(m);

  // Without an initializer or value: an error naming the variable.
  compiler::BundleOptions bare;
  auto missing = compiler::buildBundle(train.graph, request, bare);
  REQUIRE_FALSE(missing.ok());
  CHECK_THAT(missing.status().message(), Catch::Contains("has no value"));
}

}  // namespace
}  // namespace kiln
