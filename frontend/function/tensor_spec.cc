// TensorSpec matching.
#include "frontend/function/tensor_spec.h"

namespace kiln {

TensorSpec TensorSpec::Of(const Tensor& t, std::string name) {
  return TensorSpec{t.dtype(), Shape::Of(t.shape().dim_sizes()),
                    std::move(name)};
}

bool TensorSpec::Accepts(const Tensor& t) const {
  if (t.dtype() != dtype) return false;
  if (shape.unknown_rank) return true;
  if (static_cast<int>(shape.dims.size()) != t.dims()) return false;
  for (int i = 0; i < t.dims(); ++i) {
    if (shape.dims[i] != kUnknownDim && shape.dims[i] != t.dim_size(i)) {
      return false;
    }
  }
  return true;
}

std::string TensorSpec::ToString() const {
  return DataTypeName(dtype) + shape.ToString();
}

}  // namespace kiln
