// TensorShape: the fully known dimensions of a Tensor.
//
//   KILN_ASSIGN_OR_RETURN(kiln::TensorShape shape,
//                         kiln::TensorShape::Create({2, 3}));
//   shape.num_elements();  // 6
//   shape.ToString();      // "[2,3]"
//
// A TensorShape always holds valid dims: none negative, and an element count
// that fits in int64 and is at most kMaxElements. The default is a scalar.
#ifndef KILN_RUNTIME_TENSOR_TENSOR_SHAPE_H_
#define KILN_RUNTIME_TENSOR_TENSOR_SHAPE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "proto/tensorflow/tensor_shape.pb.h"
#include "runtime/base/status.h"

namespace kiln {

class TensorShape {
 public:
  // 2^48 elements, as TensorFlow's TensorShape allows at most.
  static constexpr int64_t kMaxElements = int64_t{1} << 48;

  // A scalar: no dims, one element.
  TensorShape() = default;

  // Fails (InvalidArgument) on a negative dim or too many elements.
  static StatusOr<TensorShape> Create(std::vector<int64_t> dims);
  // Fails on unknown rank or unknown (-1) dims, as well as Create's errors.
  static StatusOr<TensorShape> FromProto(
      const tensorflow::TensorShapeProto& proto);

  int dims() const { return static_cast<int>(dims_.size()); }
  int64_t dim_size(int i) const { return dims_[i]; }
  const std::vector<int64_t>& dim_sizes() const { return dims_; }
  int64_t num_elements() const { return num_elements_; }
  bool IsScalar() const { return dims_.empty(); }

  std::string ToString() const;  // "[2,3]"; "[]" for a scalar
  void ToProto(tensorflow::TensorShapeProto* proto) const;

  bool operator==(const TensorShape& other) const {
    return dims_ == other.dims_;
  }
  bool operator!=(const TensorShape& other) const { return !(*this == other); }

 private:
  std::vector<int64_t> dims_;
  int64_t num_elements_ = 1;
};

}  // namespace kiln

#endif  // KILN_RUNTIME_TENSOR_TENSOR_SHAPE_H_
