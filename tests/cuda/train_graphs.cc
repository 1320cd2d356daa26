// MlpTrainGraph and CnnTrainGraph: each model's forward pass reads its
// variables (Glorot-uniform kernels, small random biases), and one shared
// tail adds the loss, the gradients and the SGD update.
#include "tests/cuda/train_graphs.h"

#include <cmath>
#include <functional>
#include <random>
#include <vector>

#include "frontend/gradients/gradients.h"
#include "frontend/ops/ops.h"
#include "frontend/scope.h"
#include "frontend/train/optimizers.h"
#include "frontend/variables/variable.h"
#include "runtime/exec/variable_store.h"
#include "tests/session/reference_graph.h"

namespace kiln {
namespace testing {
namespace {

// The variables a forward pass made and the values it read of them.
class Weights {
 public:
  Weights(const Scope& root, uint32_t seed) : root_(root), seed_(seed) {}

  // A kernel of `dims` (fan in: all but the last dim) and its bias.
  Status Layer(const std::string& name, std::vector<int64_t> dims,
               Output* kernel, Output* bias) {
    int64_t fan_in = 1;
    for (size_t d = 0; d + 1 < dims.size(); ++d) fan_in *= dims[d];
    const int64_t fan_out = dims.back();
    const float limit = std::sqrt(6.0f / static_cast<float>(fan_in + fan_out));
    KILN_RETURN_IF_ERROR(
        Add("w" + name, RandomFloats(dims, seed_++, -limit, limit), kernel));
    return Add("b" + name, RandomFloats({fan_out}, seed_++, -0.1, 0.1), bias);
  }

  const std::vector<Variable>& vars() const { return vars_; }
  const OutputList& reads() const { return reads_; }

 private:
  Status Add(const std::string& name, const Tensor& value, Output* read) {
    KILN_ASSIGN_OR_RETURN(Variable v,
                          Variable::FromValue(root_.WithOpName(name), value));
    *read = v.Read(root_);
    vars_.push_back(v);
    reads_.push_back(*read);
    return OkStatus();
  }

  Scope root_;
  uint32_t seed_;
  std::vector<Variable> vars_;
  OutputList reads_;
};

using Forward = std::function<StatusOr<Output>(const Scope&, Output x, Weights&,
                                               Output* kernel)>;

// The training step of `forward` on x of `x_dims` (-1: any batch).
StatusOr<TrainGraph> BuildTrainGraph(std::vector<int64_t> x_dims, uint32_t seed,
                                     const Forward& forward) {
  Scope root = Scope::NewRootScope();
  Output x =
      ops::Placeholder(root.WithOpName("x"), DT_FLOAT, Shape::Of(x_dims));
  Output y = ops::Placeholder(root.WithOpName("y"), DT_INT32,
                              Shape::Of({kUnknownDim}));
  Weights weights(root, seed);
  Output kernel;
  KILN_ASSIGN_OR_RETURN(Output logits, forward(root, x, weights, &kernel));
  logits = ops::Identity(root.WithOpName("logits"), logits);
  Output per_example =
      ops::SparseSoftmaxCrossEntropyWithLogits(root, logits, y).loss;
  Output loss = ops::Mean(root.WithOpName("loss"), per_example, 0);
  ops::Identity(root.WithOpName("kernel_before"), kernel);
  OutputList grads;
  KILN_RETURN_IF_ERROR(Gradients(root, {loss}, weights.reads(), &grads));
  SGDOptions options;
  options.learning_rate = 0.1;
  options.momentum = 0.9;
  SGD sgd(options);
  GradsAndVars pairs;
  for (size_t i = 0; i < weights.vars().size(); ++i)
    pairs.push_back({grads[i], weights.vars()[i]});
  KILN_RETURN_IF_ERROR(
      sgd.ApplyGradients(root.WithOpName("train"), pairs).status());
  TrainGraph t;
  KILN_RETURN_IF_ERROR(root.ToGraphDef(&t.graph));
  t.request.feeds = {{"x", DT_FLOAT, x_dims}, {"y", DT_INT32, {-1}}};
  t.request.fetches = {"loss:0", "kernel_before:0"};
  t.request.targets = {"train"};
  VariableStore store;
  for (const Variable& v : weights.vars()) v.Initialize(store);
  for (const Variable& v : sgd.variables()) v.Initialize(store);
  for (const std::string& name : store.Names()) {
    KILN_ASSIGN_OR_RETURN(t.variables[name], store.Read(name));
  }
  return t;
}

}  // namespace

StatusOr<TrainGraph> MlpTrainGraph(uint32_t seed) {
  return BuildTrainGraph(
      {-1, 784}, seed,
      [](const Scope& s, Output x, Weights& weights,
         Output* kernel) -> StatusOr<Output> {
        Output w1, b1, w2, b2;
        KILN_RETURN_IF_ERROR(weights.Layer("1", {784, 128}, &w1, &b1));
        KILN_RETURN_IF_ERROR(weights.Layer("2", {128, 10}, &w2, &b2));
        Output h = ops::Relu(s, ops::BiasAdd(s, ops::MatMul(s, x, w1), b1));
        *kernel = w2;
        return ops::BiasAdd(s, ops::MatMul(s, h, w2), b2);
      });
}

StatusOr<TrainGraph> CnnTrainGraph(uint32_t seed) {
  return BuildTrainGraph(
      {-1, 28, 28, 1}, seed,
      [](const Scope& s, Output x, Weights& weights,
         Output* kernel) -> StatusOr<Output> {
        Output h = x;
        int64_t channels = 1;
        for (int64_t filters : {16, 32}) {
          Output w, b;
          KILN_RETURN_IF_ERROR(weights.Layer("c" + std::to_string(filters),
                                             {3, 3, channels, filters}, &w,
                                             &b));
          h = ops::Relu(
              s,
              ops::BiasAdd(s, ops::Conv2D(s, h, w, {1, 1, 1, 1}, "SAME"), b));
          h = ops::MaxPool(s, h, {1, 2, 2, 1}, {1, 2, 2, 1}, "VALID");
          channels = filters;
        }
        h = ops::Reshape(s, h, ops::Const(s, {-1, 7 * 7 * 32}));
        Output w, b;
        KILN_RETURN_IF_ERROR(weights.Layer("d", {7 * 7 * 32, 10}, &w, &b));
        *kernel = w;
        return ops::BiasAdd(s, ops::MatMul(s, h, w), b);
      });
}

Tensor RandomLabels(int64_t n, uint32_t seed) {
  Tensor t = *Tensor::Allocate(DT_INT32, *TensorShape::Create({n}));
  std::mt19937 rng(seed);
  for (int32_t& label : t.flat<int32_t>()) label = rng() % 10;
  return t;
}

}  // namespace testing
}  // namespace kiln
