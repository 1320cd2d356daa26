//===- AttrConversion.h - AttrValue <-> MLIR attributes ---------*- C++ -*-===//
//
//   type: DT_FLOAT          <->  f32 (TypeAttr)
//   i: 3 / f: 0.5 / b: true <->  3 : i64 / 5.0e-01 : f32 / true
//   s: "NHWC"               <->  "NHWC"
//   shape {dim {size: -1}}  <->  #kiln.shape<?>
//   tensor {...}            <->  dense<...> : tensor<...> (TensorConversion)
//   func {name: "f"}        <->  #kiln.func<@f, {}>
//   list {i: [1, 2]}        <->  [1, 2]
//
//===----------------------------------------------------------------------===//
#ifndef KILN_IR_TRANSLATE_ATTRCONVERSION_H
#define KILN_IR_TRANSLATE_ATTRCONVERSION_H

#include "mlir/IR/Builders.h"
#include "proto/tensorflow/attr_value.pb.h"

namespace kiln::ir {

/// Converts one AttrValue; fails (no diagnostic) for a malformed value, e.g.
/// a tensor whose content does not fit its shape, saying why in `why`.
mlir::FailureOr<mlir::Attribute>
importAttrValue(mlir::Builder &builder, const tensorflow::AttrValue &value,
                std::string *why = nullptr);
/// The inverse of importAttrValue.
mlir::FailureOr<tensorflow::AttrValue> exportAttribute(mlir::Attribute attr);

/// A whole attr map as a dictionary (sorted by name, as MLIR keeps them).
mlir::FailureOr<mlir::DictionaryAttr> importAttrMap(
    mlir::Builder &builder,
    const google::protobuf::Map<std::string, tensorflow::AttrValue> &attrs,
    std::string *failedName, std::string *why = nullptr);

} // namespace kiln::ir

#endif // KILN_IR_TRANSLATE_ATTRCONVERSION_H
