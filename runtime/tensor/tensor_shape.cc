// TensorShape: validated dims, element counts, proto conversion.
#include "runtime/tensor/tensor_shape.h"

#include <utility>

namespace kiln {
namespace {

std::string DimsToString(const std::vector<int64_t>& dims) {
  std::string s = "[";
  for (size_t i = 0; i < dims.size(); ++i) {
    if (i > 0) s += ",";
    s += std::to_string(dims[i]);
  }
  return s + "]";
}

}  // namespace

StatusOr<TensorShape> TensorShape::Create(std::vector<int64_t> dims) {
  int64_t n = 1;
  bool too_large = false;
  for (size_t i = 0; i < dims.size(); ++i) {
    if (dims[i] < 0) {
      return InvalidArgument("shape " + DimsToString(dims) + ": dim " +
                             std::to_string(i) + " is negative (" +
                             std::to_string(dims[i]) + ")");
    }
  }
  for (int64_t d : dims) {
    if (d == 0) {
      n = 0;
      too_large = false;
      break;
    }
    // Keep checking for a zero dim even once the product overflows.
    if (!too_large && __builtin_mul_overflow(n, d, &n)) too_large = true;
  }
  if (too_large || n > kMaxElements) {
    return InvalidArgument("shape " + DimsToString(dims) +
                           ": too many elements (more than 2^48)");
  }
  TensorShape shape;
  shape.dims_ = std::move(dims);
  shape.num_elements_ = n;
  return shape;
}

StatusOr<TensorShape> TensorShape::FromProto(
    const tensorflow::TensorShapeProto& proto) {
  if (proto.unknown_rank()) {
    return InvalidArgument("shape has unknown rank; a tensor needs all dims");
  }
  std::vector<int64_t> dims;
  dims.reserve(proto.dim_size());
  for (const auto& d : proto.dim()) dims.push_back(d.size());
  return Create(std::move(dims));
}

std::string TensorShape::ToString() const { return DimsToString(dims_); }

void TensorShape::ToProto(tensorflow::TensorShapeProto* proto) const {
  proto->Clear();
  for (int64_t d : dims_) proto->add_dim()->set_size(d);
}

}  // namespace kiln
