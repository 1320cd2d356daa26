//===- DataTypes.cpp - TensorFlow dtypes and shapes as MLIR types ---------===//
#include "ir/Dialect/DataTypes.h"

#include "ir/Dialect/KilnDialect.h"
#include "mlir/IR/TypeUtilities.h"

using namespace mlir;
namespace tf = tensorflow;

namespace kiln::ir {

Type elementTypeFor(MLIRContext *ctx, tf::DataType dtype) {
  Builder b(ctx);
  switch (dtype) {
  case tf::DT_FLOAT:
    return b.getF32Type();
  case tf::DT_DOUBLE:
    return b.getF64Type();
  case tf::DT_HALF:
    return b.getF16Type();
  case tf::DT_BFLOAT16:
    return b.getBF16Type();
  case tf::DT_INT8:
    return b.getIntegerType(8);
  case tf::DT_INT16:
    return b.getIntegerType(16);
  case tf::DT_INT32:
    return b.getIntegerType(32);
  case tf::DT_INT64:
    return b.getIntegerType(64);
  case tf::DT_UINT8:
    return b.getIntegerType(8, /*isSigned=*/false);
  case tf::DT_UINT16:
    return b.getIntegerType(16, false);
  case tf::DT_UINT32:
    return b.getIntegerType(32, false);
  case tf::DT_UINT64:
    return b.getIntegerType(64, false);
  case tf::DT_INT4:
    return b.getIntegerType(4);
  case tf::DT_UINT4:
    return b.getIntegerType(4, false);
  case tf::DT_INT2:
    return b.getIntegerType(2);
  case tf::DT_UINT2:
    return b.getIntegerType(2, false);
  case tf::DT_BOOL:
    return b.getI1Type();
  case tf::DT_COMPLEX64:
    return ComplexType::get(b.getF32Type());
  case tf::DT_COMPLEX128:
    return ComplexType::get(b.getF64Type());
  case tf::DT_FLOAT8_E5M2:
    return b.getFloat8E5M2Type();
  case tf::DT_FLOAT8_E4M3FN:
    return b.getFloat8E4M3FNType();
  case tf::DT_FLOAT8_E4M3FNUZ:
    return b.getFloat8E4M3FNUZType();
  case tf::DT_FLOAT8_E4M3B11FNUZ:
    return b.getFloat8E4M3B11FNUZType();
  case tf::DT_FLOAT8_E5M2FNUZ:
    return b.getFloat8E5M2FNUZType();
  case tf::DT_STRING:
    return StringType::get(ctx);
  case tf::DT_RESOURCE:
    return ResourceType::get(ctx);
  case tf::DT_VARIANT:
    return VariantType::get(ctx);
  default:
    return DTypeType::get(ctx, kiln::DataTypeName(dtype));
  }
}

static std::optional<tf::DataType> integerDataType(IntegerType type) {
  bool isUnsigned = type.isUnsigned();
  switch (type.getWidth()) {
  case 1:
    return tf::DT_BOOL;
  case 2:
    return isUnsigned ? tf::DT_UINT2 : tf::DT_INT2;
  case 4:
    return isUnsigned ? tf::DT_UINT4 : tf::DT_INT4;
  case 8:
    return isUnsigned ? tf::DT_UINT8 : tf::DT_INT8;
  case 16:
    return isUnsigned ? tf::DT_UINT16 : tf::DT_INT16;
  case 32:
    return isUnsigned ? tf::DT_UINT32 : tf::DT_INT32;
  case 64:
    return isUnsigned ? tf::DT_UINT64 : tf::DT_INT64;
  default:
    return std::nullopt;
  }
}

std::optional<tf::DataType> dataTypeOf(Type type) {
  if (auto intType = dyn_cast<IntegerType>(type))
    return integerDataType(intType);
  if (type.isF32())
    return tf::DT_FLOAT;
  if (type.isF64())
    return tf::DT_DOUBLE;
  if (type.isF16())
    return tf::DT_HALF;
  if (type.isBF16())
    return tf::DT_BFLOAT16;
  if (type.isFloat8E5M2())
    return tf::DT_FLOAT8_E5M2;
  if (type.isFloat8E4M3FN())
    return tf::DT_FLOAT8_E4M3FN;
  if (type.isFloat8E4M3FNUZ())
    return tf::DT_FLOAT8_E4M3FNUZ;
  if (type.isFloat8E4M3B11FNUZ())
    return tf::DT_FLOAT8_E4M3B11FNUZ;
  if (type.isFloat8E5M2FNUZ())
    return tf::DT_FLOAT8_E5M2FNUZ;
  if (auto complex = dyn_cast<ComplexType>(type)) {
    if (complex.getElementType().isF32())
      return tf::DT_COMPLEX64;
    if (complex.getElementType().isF64())
      return tf::DT_COMPLEX128;
    return std::nullopt;
  }
  if (isa<StringType>(type))
    return tf::DT_STRING;
  if (isa<ResourceType>(type))
    return tf::DT_RESOURCE;
  if (isa<VariantType>(type))
    return tf::DT_VARIANT;
  if (auto dtype = dyn_cast<DTypeType>(type)) {
    tf::DataType result;
    if (kiln::DataTypeFromName(dtype.getName().str(), &result))
      return result;
  }
  return std::nullopt;
}

bool isTensorFlowDType(Type type) { return dataTypeOf(type).has_value(); }

SmallVector<int64_t> mlirDims(const kiln::Shape &shape) {
  SmallVector<int64_t> dims;
  for (int64_t dim : shape.dims)
    dims.push_back(dim < 0 ? ShapedType::kDynamic : dim);
  return dims;
}

mlir::TensorType tensorTypeFor(MLIRContext *ctx, const kiln::TensorType &type) {
  Type element = elementTypeFor(ctx, type.dtype);
  if (type.shape.unknown_rank)
    return UnrankedTensorType::get(element);
  return RankedTensorType::get(mlirDims(type.shape), element);
}

kiln::Shape shapeOf(Type type) {
  auto ranked = dyn_cast<RankedTensorType>(type);
  if (!ranked)
    return kiln::Shape::Unknown();
  std::vector<int64_t> dims;
  for (int64_t dim : ranked.getShape())
    dims.push_back(ShapedType::isDynamic(dim) ? kiln::kUnknownDim : dim);
  return kiln::Shape::Of(std::move(dims));
}

kiln::Shape shapeFromAttr(ShapeAttr attr) {
  if (attr.getUnranked())
    return kiln::Shape::Unknown();
  return kiln::Shape::Of({attr.getDims().begin(), attr.getDims().end()});
}

Type refineType(Type base, Type other) {
  auto a = dyn_cast<mlir::TensorType>(base);
  auto b = dyn_cast<mlir::TensorType>(other);
  if (!a || !b || !b.hasRank() || failed(verifyCompatibleShape(a, b)))
    return base;
  if (!a.hasRank())
    return b.clone(a.getElementType());
  SmallVector<int64_t> dims;
  for (auto [x, y] : llvm::zip(a.getShape(), b.getShape()))
    dims.push_back(ShapedType::isDynamic(x) ? y : x);
  return RankedTensorType::get(dims, a.getElementType());
}

std::optional<kiln::TensorType> kilnTypeOf(Type type) {
  auto tensor = dyn_cast<mlir::TensorType>(type);
  if (!tensor)
    return std::nullopt;
  std::optional<tf::DataType> dtype = dataTypeOf(tensor.getElementType());
  if (!dtype)
    return std::nullopt;
  return kiln::TensorType{*dtype, shapeOf(type)};
}

} // namespace kiln::ir
