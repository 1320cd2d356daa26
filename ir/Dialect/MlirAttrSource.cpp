//===- MlirAttrSource.cpp - Op-table attrs read from MLIR -----------------===//
#include "ir/Dialect/MlirAttrSource.h"

#include <google/protobuf/text_format.h>

#include "ir/Dialect/DataTypes.h"
#include "ir/Dialect/KilnDialect.h"
#include "ir/Translate/AttrConversion.h"
#include "ir/Translate/Conventions.h"
#include "mlir/IR/Builders.h"
#include "mlir/Interfaces/FunctionInterfaces.h"

using namespace mlir;

namespace kiln::ir {

Attribute MlirAttrSource::lookup(std::string_view name) const {
  if (attrs) {
    if (Attribute attr = attrs.get(llvm::StringRef(name.data(), name.size())))
      return attr;
  }
  // Derived attrs (T, Tlabels, ...) are never stored: the shape function
  // takes them from the operands, not from their defaults.
  const kiln::AttrSpec *attrSpec = spec.FindAttr(name);
  if (!attrSpec || attrSpec->default_value.empty() || !attrs ||
      spec.IsDerivedAttr(name))
    return {};
  tensorflow::AttrValue value;
  if (!google::protobuf::TextFormat::ParseFromString(attrSpec->default_value,
                                                     &value))
    return {};
  Builder builder(attrs.getContext());
  FailureOr<Attribute> converted = importAttrValue(builder, value);
  return succeeded(converted) ? *converted : Attribute();
}

std::optional<DataType> MlirAttrSource::GetType(std::string_view name) const {
  if (auto attr = dyn_cast_or_null<TypeAttr>(lookup(name)))
    return dataTypeOf(attr.getValue());
  return std::nullopt;
}

std::optional<int64_t> MlirAttrSource::GetInt(std::string_view name) const {
  auto attr = dyn_cast_or_null<IntegerAttr>(lookup(name));
  if (!attr || attr.getType().isInteger(1))
    return std::nullopt;
  return attr.getInt();
}

std::optional<float> MlirAttrSource::GetFloat(std::string_view name) const {
  if (auto attr = dyn_cast_or_null<FloatAttr>(lookup(name)))
    return static_cast<float>(attr.getValueAsDouble());
  return std::nullopt;
}

std::optional<bool> MlirAttrSource::GetBool(std::string_view name) const {
  if (auto attr = dyn_cast_or_null<BoolAttr>(lookup(name)))
    return attr.getValue();
  return std::nullopt;
}

std::optional<std::string>
MlirAttrSource::GetString(std::string_view name) const {
  if (auto attr = dyn_cast_or_null<StringAttr>(lookup(name)))
    return attr.getValue().str();
  return std::nullopt;
}

std::optional<kiln::Shape>
MlirAttrSource::GetShape(std::string_view name) const {
  if (auto attr = dyn_cast_or_null<ShapeAttr>(lookup(name)))
    return shapeFromAttr(attr);
  return std::nullopt;
}

std::optional<std::vector<int64_t>>
MlirAttrSource::GetIntList(std::string_view name) const {
  auto array = dyn_cast_or_null<ArrayAttr>(lookup(name));
  if (!array)
    return std::nullopt;
  std::vector<int64_t> values;
  for (Attribute element : array) {
    auto integer = dyn_cast<IntegerAttr>(element);
    if (!integer)
      return std::nullopt;
    values.push_back(integer.getInt());
  }
  return values;
}

std::optional<std::vector<DataType>>
MlirAttrSource::GetTypeList(std::string_view name) const {
  auto array = dyn_cast_or_null<ArrayAttr>(lookup(name));
  if (!array)
    return std::nullopt;
  std::vector<DataType> values;
  for (Attribute element : array) {
    auto type = dyn_cast<TypeAttr>(element);
    std::optional<DataType> dtype =
        type ? dataTypeOf(type.getValue()) : std::nullopt;
    if (!dtype)
      return std::nullopt;
    values.push_back(*dtype);
  }
  return values;
}

std::optional<kiln::TensorType>
MlirAttrSource::GetTensorType(std::string_view name) const {
  auto typed = dyn_cast_or_null<TypedAttr>(lookup(name));
  if (!typed)
    return std::nullopt;
  return kilnTypeOf(typed.getType());
}

std::optional<std::vector<int64_t>> intValuesOf(Attribute attr) {
  auto dense = dyn_cast_or_null<DenseIntElementsAttr>(attr);
  if (!dense || dense.getElementType().isInteger(1))
    return std::nullopt;
  std::vector<int64_t> values;
  for (const APInt &value : dense.getValues<APInt>())
    values.push_back(value.getSExtValue());
  return values;
}

std::optional<std::vector<int64_t>>
MlirAttrSource::GetConstantInput(int index) const {
  if (index < 0 || index >= static_cast<int>(operands.size()))
    return std::nullopt;
  auto constant = operands[index].getDefiningOp<ConstOp>();
  if (!constant)
    return std::nullopt;
  return intValuesOf(constant->getAttr("value"));
}

/// A dtype and a shape attr as a TensorType, when both are valid.
static std::optional<kiln::TensorType> typeFromAttrs(Attribute dtype,
                                                     Attribute shape) {
  auto typeAttr = dyn_cast_or_null<TypeAttr>(dtype);
  auto shapeAttr = dyn_cast_or_null<ShapeAttr>(shape);
  std::optional<DataType> dt =
      typeAttr ? dataTypeOf(typeAttr.getValue()) : std::nullopt;
  if (!dt || !shapeAttr)
    return std::nullopt;
  return kiln::TensorType{*dt, shapeFromAttr(shapeAttr)};
}

/// Handle data of a resource argument (`kiln.handle_data`, as imported from
/// a FunctionDef's ArgDef.handle_data): the variable's dtype and shape.
static std::optional<kiln::TensorType> argumentHandleData(BlockArgument arg) {
  auto func =
      dyn_cast_or_null<FunctionOpInterface>(arg.getOwner()->getParentOp());
  if (!func)
    return std::nullopt;
  auto data =
      func.getArgAttrOfType<ArrayAttr>(arg.getArgNumber(), kHandleDataAttr);
  auto entry =
      data && data.size() == 1 ? dyn_cast<DictionaryAttr>(data[0]) : nullptr;
  if (!entry)
    return std::nullopt;
  return typeFromAttrs(entry.get("dtype"), entry.get("shape"));
}

std::optional<kiln::TensorType>
MlirAttrSource::GetResourceType(int index) const {
  if (index < 0 || index >= static_cast<int>(operands.size()))
    return std::nullopt;
  if (auto arg = dyn_cast<BlockArgument>(operands[index]))
    return argumentHandleData(arg);
  auto handle = operands[index].getDefiningOp<VarHandleOpOp>();
  if (!handle)
    return std::nullopt;
  return typeFromAttrs(handle->getAttr("dtype"), handle->getAttr("shape"));
}

} // namespace kiln::ir
