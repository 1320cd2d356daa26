//===- MlirAttrSource.h - Op-table attrs read from MLIR ---------*- C++ -*-===//
//
// The AttrSource the op table's shape functions read, over an op's attribute
// dictionary and operands: a missing attr reads as the table's default, and
// an operand produced by kiln.Const reads as a constant input.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_IR_DIALECT_MLIRATTRSOURCE_H
#define KILN_IR_DIALECT_MLIRATTRSOURCE_H

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Value.h"
#include "runtime/graph/shape_context.h"

namespace kiln::ir {

class MlirAttrSource : public kiln::AttrSource {
public:
  /// `dataOperands` excludes control operands.
  MlirAttrSource(const kiln::OpSpec &spec, mlir::DictionaryAttr attrs,
                 llvm::SmallVector<mlir::Value> dataOperands)
      : spec(spec), attrs(attrs), operands(std::move(dataOperands)) {}

  std::optional<DataType> GetType(std::string_view name) const override;
  std::optional<int64_t> GetInt(std::string_view name) const override;
  std::optional<float> GetFloat(std::string_view name) const override;
  std::optional<bool> GetBool(std::string_view name) const override;
  std::optional<std::string> GetString(std::string_view name) const override;
  std::optional<kiln::Shape> GetShape(std::string_view name) const override;
  std::optional<std::vector<int64_t>>
  GetIntList(std::string_view name) const override;
  std::optional<std::vector<DataType>>
  GetTypeList(std::string_view name) const override;
  std::optional<kiln::TensorType>
  GetTensorType(std::string_view name) const override;
  std::optional<std::vector<int64_t>>
  GetConstantInput(int index) const override;
  std::optional<kiln::TensorType> GetResourceType(int index) const override;

private:
  /// The attr, or the op table's default converted to an attribute.
  mlir::Attribute lookup(std::string_view name) const;

  const kiln::OpSpec &spec;
  mlir::DictionaryAttr attrs;
  llvm::SmallVector<mlir::Value> operands;
};

/// The integer values of a dense int attribute (a splat expands to `count`
/// values when count >= 0).
std::optional<std::vector<int64_t>> intValuesOf(mlir::Attribute attr);

} // namespace kiln::ir

#endif // KILN_IR_DIALECT_MLIRATTRSOURCE_H
