// WriteMemRefDescriptor: a Tensor as the memref descriptor MLIR's
// -llvm-request-c-wrappers entry points read.
#include "runtime/exec/internal/memref_descriptor.h"

#include <cstring>

namespace kiln {
namespace exec_internal {

void WriteMemRefDescriptor(const Tensor& tensor, int64_t* out) {
  void* data = tensor.raw_data();
  // Pointer fields are stored bit for bit, as the C struct lays them out.
  std::memcpy(&out[0], &data, sizeof(void*));
  std::memcpy(&out[1], &data, sizeof(void*));
  out[kDescriptorOffset] = 0;
  const int rank = tensor.dims();
  int64_t stride = 1;
  for (int d = rank - 1; d >= 0; --d) {
    out[kDescriptorSizes + d] = tensor.dim_size(d);
    out[DescriptorStride(rank, d)] = stride;
    stride *= tensor.dim_size(d);
  }
}

}  // namespace exec_internal
}  // namespace kiln
