// TensorSpec: a tensor's dtype and (possibly partial) shape, as
// tf.TensorSpec: the input signature of a traced function.
//
//   TensorSpec images{DT_FLOAT, Shape::Of({kUnknownDim, 784}), "images"};
//   images.Accepts(batch);   // dtype equal, rank equal, known dims equal
#ifndef KILN_FRONTEND_FUNCTION_TENSOR_SPEC_H_
#define KILN_FRONTEND_FUNCTION_TENSOR_SPEC_H_

#include <string>

#include "runtime/graph/shape_context.h"
#include "runtime/tensor/tensor.h"

namespace kiln {

struct TensorSpec {
  TensorSpec() = default;
  TensorSpec(DataType dtype, Shape shape, std::string name = "")
      : dtype(dtype), shape(std::move(shape)), name(std::move(name)) {}

  DataType dtype = tensorflow::DT_INVALID;
  Shape shape;  // Shape::Unknown() accepts any rank
  std::string name;
  // DT_RESOURCE: the variable the argument is (shared name, dtype, shape);
  // the trace reads and assigns it through the argument.
  std::string variable;
  DataType variable_dtype = tensorflow::DT_INVALID;
  Shape variable_shape;

  // The spec of exactly `t` (every dim known).
  static TensorSpec Of(const Tensor& t, std::string name = "");
  bool Accepts(const Tensor& t) const;
  // "float[?,784]".
  std::string ToString() const;
};

}  // namespace kiln

#endif  // KILN_FRONTEND_FUNCTION_TENSOR_SPEC_H_
