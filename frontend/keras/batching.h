// Row gathers for the training loop: batches are rows of x/y in a given
// order, copied into fresh tensors.
#ifndef KILN_FRONTEND_KERAS_BATCHING_H_
#define KILN_FRONTEND_KERAS_BATCHING_H_

#include <cstdint>
#include <vector>

#include "runtime/base/status.h"
#include "runtime/tensor/tensor.h"

namespace kiln {
namespace keras {

// Rows order[begin..end) of t (dim 0), in that order.
StatusOr<Tensor> GatherRows(const Tensor& t, const std::vector<int64_t>& order,
                            int64_t begin, int64_t end);
// Rows [begin, end) of t.
StatusOr<Tensor> SliceRows(const Tensor& t, int64_t begin, int64_t end);
// The tensors' rows one after another (same dtype and row shape).
StatusOr<Tensor> ConcatRows(const std::vector<Tensor>& parts);

}  // namespace keras
}  // namespace kiln

#endif  // KILN_FRONTEND_KERAS_BATCHING_H_
