//===- ShapeInference.cpp - Result types from the op table ----------------===//
//
// The dialect's InferTypeOpInterface runs the same shape function as the
// frontend's op builders (runtime/graph), so both report the same errors.
//
//===----------------------------------------------------------------------===//
#include "ir/Dialect/DataTypes.h"
#include "ir/Dialect/KilnDialect.h"
#include "ir/Dialect/MlirAttrSource.h"
#include "mlir/IR/TypeUtilities.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"

using namespace mlir;

namespace kiln::ir {

static LogicalResult failWith(std::optional<Location> loc,
                              const llvm::Twine &message) {
  return emitOptionalError(loc, message);
}

LogicalResult inferKilnOpReturnTypes(StringRef opName, MLIRContext *context,
                                     std::optional<Location> loc,
                                     ValueRange operands,
                                     DictionaryAttr attributes,
                                     SmallVectorImpl<Type> &inferred) {
  StringRef tfName = opName;
  tfName.consume_front("kiln.");
  const kiln::OpSpec *spec = kiln::FindOpSpec(tfName.str());
  if (!spec)
    return failWith(loc, "'" + tfName + "' is not in Kiln's op table");

  SmallVector<Value> dataOperands;
  std::vector<kiln::TensorType> inputs;
  for (Value operand : operands) {
    if (isa<ControlType>(operand.getType()))
      continue;
    std::optional<kiln::TensorType> type = kilnTypeOf(operand.getType());
    if (!type)
      return failWith(loc, "'" + tfName + "' operand " +
                               llvm::Twine(dataOperands.size()) +
                               " is not a tensor of a TensorFlow dtype");
    dataOperands.push_back(operand);
    inputs.push_back(*type);
  }

  MlirAttrSource attrs(*spec, attributes, dataOperands);
  kiln::StatusOr<std::vector<kiln::TensorType>> outputs =
      kiln::InferOutputTypes(*spec, inputs, attrs);
  if (!outputs.ok())
    return failWith(loc, outputs.status().message());
  for (const kiln::TensorType &output : *outputs)
    inferred.push_back(tensorTypeFor(context, output));
  inferred.push_back(ControlType::get(context));
  return success();
}

/// `actual` and `inferred` agree: the same element type and compatible shapes.
/// Either may be the more precise: an import refines results with
/// `_output_shapes`, and a pass may leave results unranked until
/// kiln-infer-shapes runs.
static bool refines(Type inferred, Type actual) {
  if (inferred == actual)
    return true;
  auto inferredTensor = dyn_cast<mlir::TensorType>(inferred);
  auto actualTensor = dyn_cast<mlir::TensorType>(actual);
  if (!inferredTensor || !actualTensor ||
      inferredTensor.getElementType() != actualTensor.getElementType())
    return false;
  return succeeded(verifyCompatibleShape(inferred, actual));
}

bool areCompatibleReturnTypes(TypeRange inferred, TypeRange actual) {
  if (inferred.size() != actual.size())
    return false;
  for (auto [lhs, rhs] : llvm::zip(inferred, actual))
    if (!refines(lhs, rhs))
      return false;
  return true;
}

} // namespace kiln::ir
