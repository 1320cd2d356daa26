// MlpTrainGraph: Dense(128, relu) -> Dense(10), the mean sparse softmax
// cross-entropy, its symbolic gradients and SGD(0.1, momentum 0.9).
#include "tests/cuda/mlp_train_graph.h"

#include <cmath>
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

StatusOr<TrainGraph> MlpTrainGraph(uint32_t seed) {
  Scope root = Scope::NewRootScope();
  Output x = ops::Placeholder(root.WithOpName("x"), DT_FLOAT,
                              Shape::Of({kUnknownDim, 784}));
  Output y = ops::Placeholder(root.WithOpName("y"), DT_INT32,
                              Shape::Of({kUnknownDim}));
  const int64_t sizes[] = {784, 128, 10};
  std::vector<Variable> vars;
  OutputList reads;  // what the forward pass read: the gradients' xs
  Output h = x;
  for (int layer = 0; layer < 2; ++layer) {
    const int64_t in = sizes[layer], out = sizes[layer + 1];
    const float limit = std::sqrt(6.0f / static_cast<float>(in + out));
    const std::string n = std::to_string(layer + 1);
    KILN_ASSIGN_OR_RETURN(
        Variable w, Variable::FromValue(
                        root.WithOpName("w" + n),
                        RandomFloats({in, out}, seed + layer, -limit, limit)));
    KILN_ASSIGN_OR_RETURN(
        Variable b,
        Variable::FromValue(root.WithOpName("b" + n),
                            RandomFloats({out}, seed + 10 + layer, -0.1, 0.1)));
    reads.push_back(w.Read(root));
    reads.push_back(b.Read(root));
    h = ops::BiasAdd(root, ops::MatMul(root, h, reads[2 * layer]),
                     reads[2 * layer + 1]);
    if (layer == 0) h = ops::Relu(root, h);
    vars.push_back(w);
    vars.push_back(b);
  }
  Output per_example =
      ops::SparseSoftmaxCrossEntropyWithLogits(root, h, y).loss;
  Output loss = ops::Mean(root.WithOpName("loss"), per_example, 0);
  // The second layer's kernel as this step read it (before its update).
  ops::Identity(root.WithOpName("w2_before"), reads[2]);
  OutputList grads;
  KILN_RETURN_IF_ERROR(Gradients(root, {loss}, reads, &grads));
  SGDOptions options;
  options.learning_rate = 0.1;
  options.momentum = 0.9;
  SGD sgd(options);
  GradsAndVars pairs;
  for (size_t i = 0; i < vars.size(); ++i) pairs.push_back({grads[i], vars[i]});
  KILN_RETURN_IF_ERROR(
      sgd.ApplyGradients(root.WithOpName("train"), pairs).status());
  TrainGraph t;
  KILN_RETURN_IF_ERROR(root.ToGraphDef(&t.graph));
  t.request.feeds = {{"x", DT_FLOAT, {-1, 784}}, {"y", DT_INT32, {-1}}};
  t.request.fetches = {"loss:0", "w2_before:0"};
  t.request.targets = {"train"};
  VariableStore store;
  for (const Variable& v : vars) v.Initialize(store);
  for (const Variable& v : sgd.variables()) v.Initialize(store);
  for (const std::string& name : store.Names()) {
    KILN_ASSIGN_OR_RETURN(t.variables[name], store.Read(name));
  }
  return t;
}

}  // namespace testing
}  // namespace kiln
