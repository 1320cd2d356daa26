#include "frontend/keras/batching.h"

#include <cstring>

#include "runtime/tensor/types.h"

namespace kiln {
namespace keras {
namespace {

std::vector<int64_t> WithRows(const Tensor& t, int64_t rows) {
  std::vector<int64_t> dims = t.shape().dim_sizes();
  dims[0] = rows;
  return dims;
}

size_t RowBytes(const Tensor& t) {
  return t.dim_size(0) == 0 ? 0 : t.bytes() / t.dim_size(0);
}

}  // namespace

StatusOr<Tensor> GatherRows(const Tensor& t, const std::vector<int64_t>& order,
                            int64_t begin, int64_t end) {
  if (t.dims() == 0) return InvalidArgument("cannot batch a scalar");
  KILN_ASSIGN_OR_RETURN(TensorShape shape,
                        TensorShape::Create(WithRows(t, end - begin)));
  KILN_ASSIGN_OR_RETURN(Tensor out, Tensor::Allocate(t.dtype(), shape));
  const size_t row = RowBytes(t);
  const char* src = static_cast<const char*>(t.raw_data());
  char* dst = static_cast<char*>(out.raw_data());
  for (int64_t i = begin; i < end; ++i) {
    std::memcpy(dst + (i - begin) * row, src + order[i] * row, row);
  }
  return out;
}

// Rows [begin, end) are contiguous: one copy.
StatusOr<Tensor> SliceRows(const Tensor& t, int64_t begin, int64_t end) {
  if (t.dims() == 0) return InvalidArgument("cannot batch a scalar");
  KILN_ASSIGN_OR_RETURN(TensorShape shape,
                        TensorShape::Create(WithRows(t, end - begin)));
  KILN_ASSIGN_OR_RETURN(Tensor out, Tensor::Allocate(t.dtype(), shape));
  const size_t row = RowBytes(t);
  if (out.bytes() > 0) {
    std::memcpy(out.raw_data(),
                static_cast<const char*>(t.raw_data()) + begin * row,
                out.bytes());
  }
  return out;
}

StatusOr<Tensor> ConcatRows(const std::vector<Tensor>& parts) {
  if (parts.empty()) return InvalidArgument("nothing to concatenate");
  int64_t rows = 0;
  for (const Tensor& p : parts) rows += p.dim_size(0);
  KILN_ASSIGN_OR_RETURN(TensorShape shape,
                        TensorShape::Create(WithRows(parts[0], rows)));
  KILN_ASSIGN_OR_RETURN(Tensor out, Tensor::Allocate(parts[0].dtype(), shape));
  char* dst = static_cast<char*>(out.raw_data());
  for (const Tensor& p : parts) {
    if (p.bytes() > 0) std::memcpy(dst, p.raw_data(), p.bytes());
    dst += p.bytes();
  }
  return out;
}

}  // namespace keras
}  // namespace kiln
