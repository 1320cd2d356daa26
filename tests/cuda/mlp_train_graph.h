// The Fashion-MNIST MLP's training step (784-128-10, relu, sparse softmax
// cross-entropy, SGD with momentum) with its variables: the GPU checks'
// training graph.
#ifndef KILN_TESTS_CUDA_MLP_TRAIN_GRAPH_H_
#define KILN_TESTS_CUDA_MLP_TRAIN_GRAPH_H_

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
  // Feeds "x" float [?,784] and "y" int32 [?]; fetches "loss:0" (before
  // the update), "w2_before:0"; target "train".
  CompileRequest request;
  std::map<std::string, Tensor> variables;  // starting values by name
};

StatusOr<TrainGraph> MlpTrainGraph(uint32_t seed);

}  // namespace testing
}  // namespace kiln

#endif  // KILN_TESTS_CUDA_MLP_TRAIN_GRAPH_H_
