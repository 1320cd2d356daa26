//===- AttrConversion.cpp - AttrValue <-> MLIR attributes -----------------===//
#include "ir/Translate/AttrConversion.h"

#include "ir/Dialect/DataTypes.h"
#include "ir/Dialect/KilnDialect.h"
#include "ir/Translate/TensorConversion.h"

using namespace mlir;
namespace tf = tensorflow;

namespace kiln::ir {
namespace {

Attribute importShape(Builder &b, const tf::TensorShapeProto &shape) {
  if (shape.unknown_rank())
    return ShapeAttr::get(b.getContext(), {}, /*unranked=*/true);
  SmallVector<int64_t> dims;
  for (const auto &dim : shape.dim())
    dims.push_back(dim.size() < 0 ? -1 : dim.size());
  return ShapeAttr::get(b.getContext(), dims, /*unranked=*/false);
}

tf::TensorShapeProto exportShape(ShapeAttr shape) {
  tf::TensorShapeProto proto;
  if (shape.getUnranked()) {
    proto.set_unknown_rank(true);
    return proto;
  }
  for (int64_t dim : shape.getDims())
    proto.add_dim()->set_size(dim);
  return proto;
}

FailureOr<Attribute> importFunc(Builder &b, const tf::NameAttrList &func) {
  std::string failedName;
  FailureOr<DictionaryAttr> attrs = importAttrMap(b, func.attr(), &failedName);
  if (failed(attrs))
    return failure();
  return FuncAttr::get(b.getContext(),
                       SymbolRefAttr::get(b.getContext(), func.name()), *attrs);
}

FailureOr<tf::NameAttrList> exportFunc(FuncAttr func) {
  tf::NameAttrList proto;
  proto.set_name(func.getName().getRootReference().str());
  for (NamedAttribute named : func.getAttrs()) {
    FailureOr<tf::AttrValue> value = exportAttribute(named.getValue());
    if (failed(value))
      return failure();
    (*proto.mutable_attr())[named.getName().str()] = *value;
  }
  return proto;
}

FailureOr<Attribute> importTensorAttr(Builder &b, const tf::TensorProto &t,
                                      std::string *why) {
  std::string error;
  FailureOr<Attribute> attr = importTensor(b, t, &error);
  if (failed(attr) && why)
    *why = error;
  return attr;
}

FailureOr<Attribute> importList(Builder &b, const tf::AttrValue::ListValue &l,
                                std::string *why) {
  SmallVector<Attribute> items;
  for (const std::string &s : l.s())
    items.push_back(b.getStringAttr(s));
  for (int64_t i : l.i())
    items.push_back(b.getI64IntegerAttr(i));
  for (float f : l.f())
    items.push_back(b.getF32FloatAttr(f));
  for (bool v : l.b())
    items.push_back(b.getBoolAttr(v));
  for (int type : l.type())
    items.push_back(TypeAttr::get(
        elementTypeFor(b.getContext(), static_cast<tf::DataType>(type))));
  for (const auto &shape : l.shape())
    items.push_back(importShape(b, shape));
  for (const auto &tensor : l.tensor()) {
    FailureOr<Attribute> attr = importTensorAttr(b, tensor, why);
    if (failed(attr))
      return failure();
    items.push_back(*attr);
  }
  for (const auto &func : l.func()) {
    FailureOr<Attribute> attr = importFunc(b, func);
    if (failed(attr))
      return failure();
    items.push_back(*attr);
  }
  return Attribute(b.getArrayAttr(items));
}

LogicalResult exportListItem(Attribute item, tf::AttrValue::ListValue &list) {
  FailureOr<tf::AttrValue> value = exportAttribute(item);
  if (failed(value))
    return failure();
  switch (value->value_case()) {
  case tf::AttrValue::kS:
    list.add_s(value->s());
    break;
  case tf::AttrValue::kI:
    list.add_i(value->i());
    break;
  case tf::AttrValue::kF:
    list.add_f(value->f());
    break;
  case tf::AttrValue::kB:
    list.add_b(value->b());
    break;
  case tf::AttrValue::kType:
    list.add_type(value->type());
    break;
  case tf::AttrValue::kShape:
    *list.add_shape() = value->shape();
    break;
  case tf::AttrValue::kTensor:
    *list.add_tensor() = value->tensor();
    break;
  case tf::AttrValue::kFunc:
    *list.add_func() = value->func();
    break;
  default:
    return failure();
  }
  return success();
}

} // namespace

FailureOr<Attribute> importAttrValue(Builder &b, const tf::AttrValue &value,
                                     std::string *why) {
  switch (value.value_case()) {
  case tf::AttrValue::kS:
    return Attribute(b.getStringAttr(value.s()));
  case tf::AttrValue::kI:
    return Attribute(b.getI64IntegerAttr(value.i()));
  case tf::AttrValue::kF:
    return Attribute(b.getF32FloatAttr(value.f()));
  case tf::AttrValue::kB:
    return Attribute(b.getBoolAttr(value.b()));
  case tf::AttrValue::kType:
    return Attribute(
        TypeAttr::get(elementTypeFor(b.getContext(), value.type())));
  case tf::AttrValue::kShape:
    return importShape(b, value.shape());
  case tf::AttrValue::kTensor:
    return importTensorAttr(b, value.tensor(), why);
  case tf::AttrValue::kList:
    return importList(b, value.list(), why);
  case tf::AttrValue::kFunc:
    return importFunc(b, value.func());
  case tf::AttrValue::kPlaceholder:
    return Attribute(
        AttrPlaceholderAttr::get(b.getContext(), value.placeholder()));
  case tf::AttrValue::VALUE_NOT_SET:
    return Attribute(b.getUnitAttr());
  }
  return failure();
}

FailureOr<tf::AttrValue> exportAttribute(Attribute attr) {
  tf::AttrValue value;
  if (auto b = dyn_cast<BoolAttr>(attr)) {
    value.set_b(b.getValue());
  } else if (auto i = dyn_cast<IntegerAttr>(attr)) {
    value.set_i(i.getInt());
  } else if (auto f = dyn_cast<FloatAttr>(attr)) {
    value.set_f(static_cast<float>(f.getValueAsDouble()));
  } else if (auto s = dyn_cast<StringAttr>(attr)) {
    value.set_s(s.getValue().str());
  } else if (auto t = dyn_cast<TypeAttr>(attr)) {
    std::optional<tf::DataType> dtype = dataTypeOf(t.getValue());
    if (!dtype)
      return failure();
    value.set_type(*dtype);
  } else if (auto shape = dyn_cast<ShapeAttr>(attr)) {
    *value.mutable_shape() = exportShape(shape);
  } else if (auto func = dyn_cast<FuncAttr>(attr)) {
    FailureOr<tf::NameAttrList> proto = exportFunc(func);
    if (failed(proto))
      return failure();
    *value.mutable_func() = *proto;
  } else if (auto placeholder = dyn_cast<AttrPlaceholderAttr>(attr)) {
    value.set_placeholder(placeholder.getName().str());
  } else if (auto array = dyn_cast<ArrayAttr>(attr)) {
    value.mutable_list();
    for (Attribute item : array)
      if (failed(exportListItem(item, *value.mutable_list())))
        return failure();
  } else if (isa<UnitAttr>(attr)) {
    // An AttrValue with no value set.
  } else {
    FailureOr<tf::TensorProto> tensor = exportTensor(attr);
    if (failed(tensor))
      return failure();
    *value.mutable_tensor() = *tensor;
  }
  return value;
}

FailureOr<DictionaryAttr>
importAttrMap(Builder &b,
              const google::protobuf::Map<std::string, tf::AttrValue> &attrs,
              std::string *failedName, std::string *why) {
  SmallVector<NamedAttribute> named;
  for (const auto &[name, value] : attrs) {
    FailureOr<Attribute> attr = importAttrValue(b, value, why);
    if (failed(attr)) {
      *failedName = name;
      return failure();
    }
    named.push_back(b.getNamedAttr(name, *attr));
  }
  return b.getDictionaryAttr(named);
}

} // namespace kiln::ir
