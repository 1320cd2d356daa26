// A chain of elementwise ops, a softmax and a row sum computed in a 16-bit
// float type between float32 casts (the compute half of Keras'
// mixed_float16/mixed_bfloat16): its inputs and outputs stay float32, so
// .npy files carry them.
#ifndef KILN_TESTS_SESSION_HALF_CHAIN_GRAPH_H_
#define KILN_TESTS_SESSION_HALF_CHAIN_GRAPH_H_

#include "proto/tensorflow/graph.pb.h"
#include "runtime/tensor/types.h"

namespace kiln {
namespace testing {

// Input "x" float [?,64]; outputs "y:0" float [?,64] and "row_sum:0" [?].
tensorflow::GraphDef HalfChainGraph(DataType half);

}  // namespace testing
}  // namespace kiln

#endif  // KILN_TESTS_SESSION_HALF_CHAIN_GRAPH_H_
