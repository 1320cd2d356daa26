// MLIR memref descriptors as compiled kernels take them: a flat run of int64
// fields {allocated, aligned, offset, sizes[rank], strides[rank]} (rank 0:
// {allocated, aligned, offset}), row-major contiguous strides.
#ifndef KILN_RUNTIME_EXEC_INTERNAL_MEMREF_DESCRIPTOR_H_
#define KILN_RUNTIME_EXEC_INTERNAL_MEMREF_DESCRIPTOR_H_

#include <cstdint>

#include "runtime/tensor/tensor.h"

namespace kiln {
namespace exec_internal {

// int64 fields of a rank-`rank` descriptor.
inline int DescriptorFields(int rank) { return 3 + 2 * rank; }

// Field positions within a descriptor.
inline constexpr int kDescriptorAligned = 1;
inline constexpr int kDescriptorOffset = 2;
inline constexpr int kDescriptorSizes = 3;
inline int DescriptorStride(int rank, int dim) { return 3 + rank + dim; }

// Writes `tensor`'s descriptor into `out` (DescriptorFields(rank) fields).
void WriteMemRefDescriptor(const Tensor& tensor, int64_t* out);

}  // namespace exec_internal
}  // namespace kiln

#endif  // KILN_RUNTIME_EXEC_INTERNAL_MEMREF_DESCRIPTOR_H_
