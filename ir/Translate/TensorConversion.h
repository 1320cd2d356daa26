//===- TensorConversion.h - TensorProto <-> elements attrs ------*- C++ -*-===//
//
// Numeric and bool tensors become DenseElementsAttr (typed value fields or
// tensor_content, with TensorFlow's rule that a short value list repeats its
// last value), strings DenseStringElementsAttr, anything else
// #kiln.tensor_proto<bytes>. Export writes tensor_content, or one typed
// value for a splat, as TensorFlow does.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_IR_TRANSLATE_TENSORCONVERSION_H
#define KILN_IR_TRANSLATE_TENSORCONVERSION_H

#include <string>

#include "mlir/IR/Builders.h"
#include "proto/tensorflow/tensor.pb.h"

namespace kiln::ir {

/// Fails with a reason in `error` for a malformed TensorProto (content size
/// not matching the shape, a negative dim, ...).
mlir::FailureOr<mlir::Attribute>
importTensor(mlir::Builder &builder, const tensorflow::TensorProto &tensor,
             std::string *error);
mlir::FailureOr<tensorflow::TensorProto> exportTensor(mlir::Attribute attr);

} // namespace kiln::ir

#endif // KILN_IR_TRANSLATE_TENSORCONVERSION_H
