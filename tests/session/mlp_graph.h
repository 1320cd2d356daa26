// The Fashion-MNIST MLP (784-300-100-10, relu, relu, softmax) with constant
// random weights, built with the frontend: the Session tests' main graph.
#ifndef KILN_TESTS_SESSION_MLP_GRAPH_H_
#define KILN_TESTS_SESSION_MLP_GRAPH_H_

#include <cstdint>

#include "proto/tensorflow/graph.pb.h"

namespace kiln {
namespace testing {

// Input "x" float [?,784]; output "probs:0" [?,10]; logits "logits:0".
tensorflow::GraphDef MlpGraph(uint32_t seed);

}  // namespace testing
}  // namespace kiln

#endif  // KILN_TESTS_SESSION_MLP_GRAPH_H_
