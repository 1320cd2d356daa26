// Training steps of the Fashion-MNIST models with their variables: the GPU
// checks' (and plan tests') training graphs. Each is the model's logits,
// the mean sparse softmax cross-entropy, its symbolic gradients and
// SGD(0.1, momentum 0.9).
#ifndef KILN_TESTS_CUDA_TRAIN_GRAPHS_H_
#define KILN_TESTS_CUDA_TRAIN_GRAPHS_H_

#include <cstdint>
#include <map>
#include <string>

#include "proto/tensorflow/graph.pb.h"
#include "runtime/exec/graph_compiler.h"
#include "runtime/tensor/tensor.h"

namespace kiln {
namespace testing {

struct TrainGraph {
  tensorflow::GraphDef graph;
  // Feeds "x" (float images) and "y" int32 [?]; fetches "loss:0" (before
  // the update) and "kernel_before:0" (the last layer's kernel as this step
  // read it); target "train". "logits:0" alone is the inference pass.
  CompileRequest request;
  std::map<std::string, Tensor> variables;  // starting values by name
};

// Dense(128, relu) -> Dense(10) on x [?, 784].
StatusOr<TrainGraph> MlpTrainGraph(uint32_t seed);
// Conv(3x3, 16, SAME, relu) -> MaxPool(2) -> Conv(3x3, 32, SAME, relu) ->
// MaxPool(2) -> Dense(10) on x [?, 28, 28, 1].
StatusOr<TrainGraph> CnnTrainGraph(uint32_t seed);

// n int32 class labels in [0, 10): the training steps' "y".
Tensor RandomLabels(int64_t n, uint32_t seed);

}  // namespace testing
}  // namespace kiln

#endif  // KILN_TESTS_CUDA_TRAIN_GRAPHS_H_
