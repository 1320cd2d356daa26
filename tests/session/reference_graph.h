// EvaluateGraphWithReference: the plain reference for whole graphs: every
// node in topological order through runtime/reference's kernels. Graphs
// without variables only; the Session tests compare compiled runs with it.
#ifndef KILN_TESTS_SESSION_REFERENCE_GRAPH_H_
#define KILN_TESTS_SESSION_REFERENCE_GRAPH_H_

#include <map>
#include <string>
#include <vector>

#include "proto/tensorflow/graph.pb.h"
#include "runtime/base/status.h"
#include "runtime/tensor/tensor.h"

namespace kiln {
namespace testing {

// Placeholders take `feeds` (by node name); returns the tensors named by
// `fetches` ("node:k").
StatusOr<std::vector<Tensor>> EvaluateGraphWithReference(
    const tensorflow::GraphDef& graph,
    const std::map<std::string, Tensor>& feeds,
    const std::vector<std::string>& fetches);

// Fresh uniform values in [lo, hi] of a float tensor.
Tensor RandomFloats(const std::vector<int64_t>& dims, uint32_t seed,
                    float lo = -1, float hi = 1);

// Max |a-b| / (atol + rtol |b|) over elements (<= 1 means close); both
// float32 of one shape, else a large number.
double CloseRatio(const Tensor& a, const Tensor& b, double rtol, double atol);

}  // namespace testing
}  // namespace kiln

#endif  // KILN_TESTS_SESSION_REFERENCE_GRAPH_H_
