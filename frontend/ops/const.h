// ops::Const and ops::Placeholder: the hand-written op builders (Const's
// value is a tensor, not an input, so the generator leaves it out).
//
//   auto pi = ops::Const(root, 3.14159f);                     // float []
//   auto m = ops::Const(root, {{1.f, 2.f}, {3.f, 4.f}});      // float [2,2]
//   auto z = ops::Const(root, 0.0f, Shape::Of({10, 3}));      // zeros
//   auto w = ops::Const(root, weights, Shape::Of({784, 300}));  // a vector
//   auto x = ops::Placeholder(root.WithOpName("x"), DT_FLOAT,
//                             Shape::Of({kUnknownDim, 784}));
#ifndef KILN_FRONTEND_OPS_CONST_H_
#define KILN_FRONTEND_OPS_CONST_H_

#include <initializer_list>
#include <vector>

#include "frontend/output.h"
#include "frontend/scope.h"
#include "proto/tensorflow/tensor.pb.h"

namespace kiln {
namespace ops {

// A Const node holding `value` (its TensorProto is the one TensorFlow's C++
// API writes: tensor_content for more than one element, else a typed field).
Output Const(const ::kiln::Scope& scope, const Input::Initializer& value);

// `value` repeated over `shape`.
template <typename T, typename = internal::EnableIfLiteral<T>>
Output Const(const ::kiln::Scope& scope, const T& value,
             const ::kiln::Shape& shape) {
  return Const(scope, Input::Initializer(value, shape));
}

// Row-major `values` laid out as `shape`.
template <typename T, typename = internal::EnableIfLiteral<T>>
Output Const(const ::kiln::Scope& scope, const std::initializer_list<T>& values,
             const ::kiln::Shape& shape) {
  return Const(scope, Input::Initializer(values, shape));
}
template <typename T, typename = internal::EnableIfLiteral<T>>
Output Const(const ::kiln::Scope& scope, const std::vector<T>& values,
             const ::kiln::Shape& shape) {
  return Const(scope, Input::Initializer(values, shape));
}

// A Const node holding `proto` as given.
Output ConstFromProto(const ::kiln::Scope& scope,
                      const tensorflow::TensorProto& proto);

// A Placeholder of `dtype` and `shape` (kUnknownDim for a dim fed at run
// time); the generated Placeholder(scope, dtype, PlaceholderAttrs) also works.
Output Placeholder(const ::kiln::Scope& scope, DataType dtype,
                   const ::kiln::Shape& shape);

}  // namespace ops
}  // namespace kiln

#endif  // KILN_FRONTEND_OPS_CONST_H_
