// A chain of elementwise ops, a softmax and a row sum computed in a 16-bit
// float type between float32 casts (the compute half of Keras'
// mixed_float16/mixed_bfloat16): its inputs and outputs stay float32, so
// .npy files carry them.
#ifndef KILN_TESTS_SESSION_HALF_CHAIN_GRAPH_H_
#define KILN_TESTS_SESSION_HALF_CHAIN_GRAPH_H_

#include <cstdint>

#include "proto/tensorflow/graph.pb.h"
#include "runtime/tensor/types.h"

namespace kiln {
namespace testing {

// Input "x" float [?,64]; outputs "y:0" float [?,64] and "row_sum:0" [?].
tensorflow::GraphDef HalfChainGraph(DataType half);

// A 784-128-10 MLP as Keras' mixed policies run it: float32 weights (here
// constants) cast to `half`, matmuls, bias and ReLU in `half`, the logits
// cast back for a float32 softmax. Input "x" float [?,784]; outputs
// "probs:0" and "logits:0", float [?,10].
tensorflow::GraphDef HalfMlpGraph(DataType half, uint32_t seed);

}  // namespace testing
}  // namespace kiln

#endif  // KILN_TESTS_SESSION_HALF_CHAIN_GRAPH_H_
