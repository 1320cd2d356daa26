//===- ImportNode.cpp - One NodeDef to one kiln op ------------------------===//
//
// Known ops: operands from the node's edges, attrs converted (the ones that
// operand types fix are checked against them and dropped; missing ones get
// the op table's default), result types from the op's shape inference,
// refined by `_output_shapes` when TensorFlow recorded more. Unknown ops:
// kiln.opaque with the NodeDef's attrs kept whole.
//
//===----------------------------------------------------------------------===//
#include "ir/Translate/ImportNode.h"

#include <algorithm>

#include <google/protobuf/text_format.h>

#include "ir/Dialect/DataTypes.h"
#include "ir/Dialect/KilnDialect.h"
#include "ir/Translate/AttrConversion.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/TypeUtilities.h"

using namespace mlir;
namespace tf = tensorflow;

namespace kiln::ir {

//===----------------------------------------------------------------------===//
// NodeValueMap
//===----------------------------------------------------------------------===//

void NodeValueMap::setArgument(const std::string &node, Value arg) {
  arguments[node] = arg;
}

void NodeValueMap::setOp(const std::string &node, Operation *op) {
  ops[node] = op;
}

bool NodeValueMap::isArgument(const std::string &node) const {
  return arguments.count(node) != 0;
}

bool NodeValueMap::contains(const std::string &node) const {
  return arguments.count(node) != 0 || ops.count(node) != 0;
}

Value NodeValueMap::lookup(const kiln::Edge &edge) const {
  if (auto arg = arguments.find(edge.node); arg != arguments.end())
    return edge.index == 0 ? arg->second : Value();
  auto op = ops.find(edge.node);
  if (op == ops.end())
    return {};
  unsigned numData = op->second->getNumResults() - 1;
  if (edge.is_control())
    return op->second->getResult(numData);
  if (static_cast<unsigned>(edge.index) >= numData)
    return {};
  return op->second->getResult(edge.index);
}

void NodeValueMap::appendSinkValues(const std::string &node,
                                    SmallVectorImpl<Value> &out) const {
  if (auto arg = arguments.find(node); arg != arguments.end()) {
    out.push_back(arg->second);
    return;
  }
  auto op = ops.find(node);
  if (op == ops.end())
    return;
  unsigned numData = op->second->getNumResults() - 1;
  if (numData == 0) {
    out.push_back(op->second->getResult(0));
    return;
  }
  for (unsigned i = 0; i < numData; ++i)
    out.push_back(op->second->getResult(i));
}

Location nodeLocation(MLIRContext &context, const std::string &name,
                      const std::string &function) {
  if (function.empty())
    return NameLoc::get(StringAttr::get(&context, name));
  return NameLoc::get(StringAttr::get(&context, name),
                      NameLoc::get(StringAttr::get(&context, function)));
}

FailureOr<Type> placeholderType(MLIRContext &context, const tf::NodeDef &node) {
  auto dtype = node.attr().find("dtype");
  if (dtype == node.attr().end() ||
      dtype->second.value_case() != tf::AttrValue::kType)
    return failure();
  kiln::Shape shape;
  if (auto s = node.attr().find("shape"); s != node.attr().end())
    shape = kiln::Shape::FromProto(s->second.shape());
  return Type(tensorTypeFor(&context, {dtype->second.type(), shape}));
}

namespace {

struct Operands {
  SmallVector<Value> data;
  SmallVector<Value> control;
};

FailureOr<Operands> collectOperands(const kiln::GraphView &view,
                                    const tf::NodeDef &node,
                                    const NodeValueMap &values, Location loc) {
  Operands operands;
  for (const kiln::Edge &edge : view.inputs(node)) {
    if (edge.is_control() && values.isArgument(edge.node))
      return emitError(loc) << "control dependency on Placeholder '"
                            << edge.node << "' is not supported";
    if (!values.contains(edge.node))
      return emitError(loc)
             << "input '" << edge.ToString()
             << "' is a TensorFlow 1 loop's back edge: v1 control "
                "flow (Merge/NextIteration) has no kiln dialect "
                "form; TensorFlow 2's functional While does";
    Value value = values.lookup(edge);
    if (!value)
      return emitError(loc)
             << "input '" << edge.ToString() << "' names an output that node '"
             << edge.node << "' does not have";
    (edge.is_control() ? operands.control : operands.data).push_back(value);
  }
  return operands;
}

/// Size of each list input (N of ConcatV2): inputs beyond the fixed ones.
FailureOr<int64_t> listLength(const kiln::OpSpec &spec, size_t numData,
                              Location loc) {
  size_t fixed = 0;
  bool hasList = false;
  for (const kiln::ArgSpec &arg : spec.inputs)
    arg.number_attr.empty() ? ++fixed : (hasList = true, 0);
  if ((!hasList && numData != fixed) || numData < fixed)
    return emitError(loc) << "'" << spec.name << "' has " << numData
                          << " inputs, expected " << fixed
                          << (hasList ? " or more" : "");
  return hasList ? static_cast<int64_t>(numData - fixed) : -1;
}

/// The dtype of the first operand of an input arg typed by `typeAttr`.
std::optional<tf::DataType> operandDataType(const kiln::OpSpec &spec,
                                            const std::string &typeAttr,
                                            ValueRange data, int64_t listLen) {
  size_t index = 0;
  for (const kiln::ArgSpec &arg : spec.inputs) {
    size_t count = arg.number_attr.empty() ? 1 : listLen;
    if (arg.type_attr == typeAttr && count > 0 && index < data.size())
      if (auto type = kilnTypeOf(data[index].getType()))
        return type->dtype;
    index += count;
  }
  return std::nullopt;
}

/// A derived attr written in the NodeDef must agree with the operands.
LogicalResult checkDerivedAttr(const kiln::OpSpec &spec,
                               const std::string &name,
                               const tf::AttrValue &value, ValueRange data,
                               int64_t listLen, Location loc) {
  if (value.value_case() == tf::AttrValue::kI) {
    if (listLen >= 0 && value.i() != listLen)
      return emitError(loc)
             << "attr '" << name << "' is " << value.i() << " but the node has "
             << listLen << " list inputs";
    return success();
  }
  std::optional<tf::DataType> dtype =
      operandDataType(spec, name, data, listLen);
  if (value.value_case() == tf::AttrValue::kType && dtype &&
      *dtype != value.type())
    return emitError(loc) << "attr '" << name << "' is "
                          << kiln::DataTypeName(value.type())
                          << " but its input has dtype "
                          << kiln::DataTypeName(*dtype);
  return success();
}

/// NodeDef fields beside attrs that Kiln does not interpret, kept as bytes.
void addNodeMetadata(OpBuilder &b, const tf::NodeDef &node,
                     SmallVectorImpl<NamedAttribute> &attrs) {
  if (node.has_experimental_debug_info())
    attrs.push_back(b.getNamedAttr(
        kDebugInfoAttr,
        b.getStringAttr(node.experimental_debug_info().SerializeAsString())));
  if (node.has_experimental_type())
    attrs.push_back(b.getNamedAttr(
        kFullTypeAttr,
        b.getStringAttr(node.experimental_type().SerializeAsString())));
}

FailureOr<SmallVector<NamedAttribute>>
knownOpAttrs(OpBuilder &b, const kiln::OpSpec &spec, const tf::NodeDef &node,
             ValueRange data, int64_t listLen, Location loc) {
  SmallVector<NamedAttribute> attrs;
  for (const auto &[name, value] : node.attr()) {
    if (spec.IsDerivedAttr(name)) {
      if (failed(checkDerivedAttr(spec, name, value, data, listLen, loc)))
        return failure();
      continue;
    }
    std::string why;
    FailureOr<Attribute> attr = importAttrValue(b, value, &why);
    if (failed(attr))
      return emitError(loc)
             << "attr '" << name << "' cannot be imported: " << why;
    attrs.push_back(b.getNamedAttr(name, *attr));
  }
  for (const kiln::AttrSpec &attr : spec.attrs) {
    if (spec.IsDerivedAttr(attr.name) || node.attr().count(attr.name))
      continue;
    tf::AttrValue value;
    if (attr.default_value.empty() ||
        !google::protobuf::TextFormat::ParseFromString(attr.default_value,
                                                       &value))
      return emitError(loc)
             << "'" << spec.name << "' is missing attr '" << attr.name << "'";
    FailureOr<Attribute> converted = importAttrValue(b, value);
    if (failed(converted))
      return emitError(loc)
             << "default of attr '" << attr.name << "' is invalid";
    attrs.push_back(b.getNamedAttr(attr.name, *converted));
  }
  if (!node.device().empty())
    attrs.push_back(
        b.getNamedAttr(kDeviceAttr, b.getStringAttr(node.device())));
  addNodeMetadata(b, node, attrs);
  return attrs;
}

SmallVector<int32_t> segmentSizes(const kiln::OpSpec &spec, int64_t listLen,
                                  size_t numControl) {
  SmallVector<int32_t> sizes;
  for (const kiln::ArgSpec &arg : spec.inputs)
    sizes.push_back(arg.number_attr.empty() ? 1
                                            : static_cast<int32_t>(listLen));
  sizes.push_back(static_cast<int32_t>(numControl));
  return sizes;
}

/// Types `_output_shapes` records, with unknown element types.
SmallVector<kiln::Shape> recordedShapes(const tf::NodeDef &node) {
  SmallVector<kiln::Shape> shapes;
  if (auto it = node.attr().find("_output_shapes"); it != node.attr().end())
    for (const auto &shape : it->second.list().shape())
      shapes.push_back(kiln::Shape::FromProto(shape));
  return shapes;
}

void refineWithRecordedShapes(MLIRContext &ctx, const tf::NodeDef &node,
                              SmallVectorImpl<Type> &types) {
  SmallVector<kiln::Shape> shapes = recordedShapes(node);
  for (size_t i = 0; i + 1 < types.size() && i < shapes.size(); ++i) {
    auto tensor = dyn_cast<mlir::TensorType>(types[i]);
    if (!tensor)
      continue;
    Type recorded = shapes[i].unknown_rank
                        ? Type(UnrankedTensorType::get(tensor.getElementType()))
                        : Type(RankedTensorType::get(mlirDims(shapes[i]),
                                                     tensor.getElementType()));
    types[i] = refineType(types[i], recorded);
  }
}

/// An opaque producer whose output dtype was unknown takes the dtype the
/// consumer's input needs: its type attr (StatefulPartitionedCall ->
/// Identity {T}) or its fixed dtype (Select's bool condition).
void adoptDataTypes(const kiln::OpSpec &spec, const tf::NodeDef &node,
                    ValueRange data, int64_t listLen) {
  size_t index = 0;
  for (const kiln::ArgSpec &arg : spec.inputs) {
    size_t count = arg.number_attr.empty() ? 1 : listLen;
    std::optional<tf::DataType> dtype;
    if (arg.type_attr.empty())
      dtype = arg.type;
    else if (auto attr = node.attr().find(arg.type_attr);
             attr != node.attr().end())
      dtype = attr->second.type();
    for (size_t i = index; dtype && i < index + count && i < data.size(); ++i) {
      auto type = dyn_cast<mlir::TensorType>(data[i].getType());
      if (!type || !data[i].getDefiningOp<OpaqueOp>() ||
          dataTypeOf(type.getElementType()).has_value())
        continue;
      data[i].setType(type.clone(elementTypeFor(data[i].getContext(), *dtype)));
    }
    index += count;
  }
}

FailureOr<Operation *> createKnownOp(OpBuilder &b, const kiln::OpSpec &spec,
                                     const tf::NodeDef &node,
                                     const Operands &operands, Location loc) {
  FailureOr<int64_t> listLen = listLength(spec, operands.data.size(), loc);
  if (failed(listLen))
    return failure();
  adoptDataTypes(spec, node, operands.data, *listLen);
  FailureOr<SmallVector<NamedAttribute>> attrs =
      knownOpAttrs(b, spec, node, operands.data, *listLen, loc);
  if (failed(attrs))
    return failure();
  if (*listLen >= 0)
    attrs->push_back(b.getNamedAttr(
        kOperandSegmentsAttr, b.getDenseI32ArrayAttr(segmentSizes(
                                  spec, *listLen, operands.control.size()))));
  OperationState state(loc, "kiln." + spec.name);
  state.addOperands(operands.data);
  state.addOperands(operands.control);
  state.addAttributes(*attrs);
  std::optional<RegisteredOperationName> name = state.name.getRegisteredInfo();
  auto *infer = name ? name->getInterface<InferTypeOpInterface>() : nullptr;
  if (!infer)
    return emitError(loc) << "'" << spec.name << "' is not a kiln op";
  SmallVector<Type> types;
  if (failed(infer->inferReturnTypes(
          b.getContext(), loc, state.operands,
          state.attributes.getDictionary(b.getContext()),
          OpaqueProperties(nullptr), {}, types)))
    return failure();
  refineWithRecordedShapes(*b.getContext(), node, types);
  state.addTypes(types);
  return b.create(state);
}

/// The attrs that list an unknown op's output dtypes, by TensorFlow's naming
/// habits (`Tout` of calls, `T` of While/If-style loops).
constexpr const char *kOutputTypeListAttrs[] = {"Tout", "output_types",
                                                "out_types", "T"};

/// Outputs an unknown op's attrs declare: the length of its output type list.
size_t declaredOutputCount(const tf::NodeDef &node) {
  for (const char *name : kOutputTypeListAttrs)
    if (auto it = node.attr().find(name);
        it != node.attr().end() &&
        it->second.value_case() == tf::AttrValue::kList)
      return it->second.list().type_size();
  return 0;
}

/// dtype of an unknown op's output `index` when its attrs name one: a list
/// of output types (`Tout`, `output_types`) or one type for all.
Type opaqueElementType(MLIRContext &ctx, const tf::NodeDef &node,
                       size_t index) {
  for (const char *name : kOutputTypeListAttrs)
    if (auto it = node.attr().find(name);
        it != node.attr().end() &&
        index < static_cast<size_t>(it->second.list().type_size()))
      return elementTypeFor(&ctx, it->second.list().type(index));
  for (const char *name : {"T", "dtype", "out_type", "DstT"})
    if (auto it = node.attr().find(name);
        it != node.attr().end() &&
        it->second.value_case() == tf::AttrValue::kType)
      return elementTypeFor(&ctx, it->second.type());
  return elementTypeFor(&ctx, tf::DT_INVALID);
}

FailureOr<Operation *> createOpaqueOp(OpBuilder &b, const kiln::GraphView &view,
                                      const tf::NodeDef &node,
                                      const Operands &operands, Location loc) {
  std::string failedName, why;
  FailureOr<DictionaryAttr> attrs =
      importAttrMap(b, node.attr(), &failedName, &why);
  if (failed(attrs))
    return emitError(loc) << "attr '" << failedName
                          << "' cannot be imported: " << why;
  SmallVector<kiln::Shape> shapes = recordedShapes(node);
  size_t numResults =
      std::max({static_cast<size_t>(view.NumReferencedOutputs(node.name())),
                shapes.size(), declaredOutputCount(node)});
  SmallVector<Type> types;
  for (size_t i = 0; i < numResults; ++i) {
    Type element = opaqueElementType(*b.getContext(), node, i);
    types.push_back(
        i < shapes.size()
            ? Type(tensorTypeFor(b.getContext(), {tf::DT_INVALID, shapes[i]})
                       .clone(element))
            : Type(UnrankedTensorType::get(element)));
  }
  types.push_back(ControlType::get(b.getContext()));
  OperationState state(loc, OpaqueOp::getOperationName());
  state.addOperands(operands.data);
  state.addOperands(operands.control);
  state.addAttribute("op_type", b.getStringAttr(node.op()));
  state.addAttribute("attrs", *attrs);
  state.addAttribute(
      kOperandSegmentsAttr,
      b.getDenseI32ArrayAttr({static_cast<int32_t>(operands.data.size()),
                              static_cast<int32_t>(operands.control.size())}));
  if (!node.device().empty())
    state.addAttribute(kDeviceAttr, b.getStringAttr(node.device()));
  SmallVector<NamedAttribute> metadata;
  addNodeMetadata(b, node, metadata);
  state.addAttributes(metadata);
  state.addTypes(types);
  return b.create(state);
}

} // namespace

LogicalResult importNode(OpBuilder &builder, const kiln::GraphView &view,
                         const tf::NodeDef &node, NodeValueMap &values,
                         const std::string &function) {
  Location loc = nodeLocation(*builder.getContext(), node.name(), function);
  FailureOr<Operands> operands = collectOperands(view, node, values, loc);
  if (failed(operands))
    return failure();
  const kiln::OpSpec *spec = kiln::FindOpSpec(node.op());
  FailureOr<Operation *> op =
      spec ? createKnownOp(builder, *spec, node, *operands, loc)
           : createOpaqueOp(builder, view, node, *operands, loc);
  if (failed(op))
    return failure();
  values.setOp(node.name(), *op);
  return success();
}

} // namespace kiln::ir
