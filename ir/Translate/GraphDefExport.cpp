//===- GraphDefExport.cpp - The kiln dialect back to a GraphDef -----------===//
//
// Arguments become Placeholders, each op one NodeDef named by its location;
// attrs that operand types fix (T, N, ...) are written back from the types.
//
//===----------------------------------------------------------------------===//
#include "ir/Translate/GraphDefTranslate.h"

#include <set>

#include "ir/Dialect/DataTypes.h"
#include "ir/Dialect/KilnDialect.h"
#include "ir/Translate/AttrConversion.h"
#include "ir/Translate/Conventions.h"
#include "ir/Translate/GraphExporter.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"

using namespace mlir;
namespace tf = tensorflow;

namespace kiln::ir {
namespace {

/// Exports one graph function's body: arguments as Placeholders, then one
/// NodeDef per op.
class GraphExporter {
public:
  /// Appends the nodes to `graph`; `results` gets the GraphDef name of each
  /// returned value ("node", "node:1", "^node").
  LogicalResult exportBody(func::FuncOp func, tf::GraphDef &graph,
                           SmallVectorImpl<std::string> &results);

private:
  LogicalResult exportArgument(func::FuncOp func, BlockArgument arg);
  LogicalResult exportOp(Operation *op);
  LogicalResult exportAttrs(Operation *op, DictionaryAttr attrs,
                            tf::NodeDef &node);
  void addDerivedAttrs(Operation *op, const kiln::OpSpec &spec,
                       tf::NodeDef &node);
  std::string uniqueName(Location loc);
  std::string inputName(Value value) const;

  tf::GraphDef *graph = nullptr;
  DenseMap<Operation *, std::string> opNames;
  DenseMap<Value, std::string> argNames;
  std::set<std::string> usedNames;
};

std::string GraphExporter::uniqueName(Location loc) {
  std::string base = "node";
  if (auto name = dyn_cast<NameLoc>(loc))
    base = name.getName().str();
  std::string name = base;
  for (int i = 1; !usedNames.insert(name).second; ++i)
    name = base + "_" + std::to_string(i);
  return name;
}

std::string GraphExporter::inputName(Value value) const {
  if (auto it = argNames.find(value); it != argNames.end())
    return it->second;
  auto result = cast<OpResult>(value);
  const std::string &producer = opNames.lookup(result.getOwner());
  if (isa<ControlType>(value.getType()))
    return "^" + producer;
  unsigned index = result.getResultNumber();
  return index == 0 ? producer : producer + ":" + std::to_string(index);
}

LogicalResult GraphExporter::exportAttrs(Operation *op, DictionaryAttr attrs,
                                         tf::NodeDef &node) {
  for (NamedAttribute named : attrs) {
    StringRef name = named.getName().getValue();
    if (name == kDeviceAttr || name == kOperandSegmentsAttr ||
        name == kNodeNameAttr || name == kDebugInfoAttr ||
        name == kFullTypeAttr)
      continue;
    FailureOr<tf::AttrValue> value = exportAttribute(named.getValue());
    if (failed(value))
      return op->emitError() << "attr '" << name << "' has no AttrValue form";
    (*node.mutable_attr())[name.str()] = *value;
  }
  return success();
}

void GraphExporter::addDerivedAttrs(Operation *op, const kiln::OpSpec &spec,
                                    tf::NodeDef &node) {
  size_t numData = 0;
  for (Value v : op->getOperands())
    numData += isa<ControlType>(v.getType()) ? 0 : 1;
  size_t fixed = 0;
  for (const kiln::ArgSpec &arg : spec.inputs)
    fixed += arg.number_attr.empty() ? 1 : 0;
  int64_t listLen = static_cast<int64_t>(numData - fixed);
  size_t index = 0;
  for (const kiln::ArgSpec &arg : spec.inputs) {
    size_t count = arg.number_attr.empty() ? 1 : listLen;
    if (!arg.number_attr.empty())
      (*node.mutable_attr())[arg.number_attr].set_i(listLen);
    if (!arg.type_attr.empty() && count > 0 &&
        !node.attr().count(arg.type_attr))
      if (auto type = kilnTypeOf(op->getOperand(index).getType()))
        (*node.mutable_attr())[arg.type_attr].set_type(type->dtype);
    index += count;
  }
}

LogicalResult GraphExporter::exportArgument(func::FuncOp func,
                                            BlockArgument arg) {
  tf::NodeDef &node = *graph->add_node();
  DictionaryAttr attrs = func.getArgAttrDict(arg.getArgNumber());
  auto name = attrs ? attrs.getAs<StringAttr>(kNodeNameAttr) : StringAttr();
  node.set_name(name ? uniqueName(NameLoc::get(name))
                     : uniqueName(NameLoc::get(StringAttr::get(
                           func.getContext(),
                           "arg" + std::to_string(arg.getArgNumber())))));
  node.set_op("Placeholder");
  std::optional<kiln::TensorType> type = kilnTypeOf(arg.getType());
  if (!type)
    return func.emitError() << "argument " << arg.getArgNumber()
                            << " is not a tensor of a TensorFlow dtype";
  (*node.mutable_attr())["dtype"].set_type(type->dtype);
  *(*node.mutable_attr())["shape"].mutable_shape() = type->shape.ToProto();
  if (attrs) {
    if (auto device = attrs.getAs<StringAttr>(kArgDeviceAttr))
      node.set_device(device.getValue().str());
    if (auto nodeAttrs = attrs.getAs<DictionaryAttr>(kArgNodeAttrsAttr))
      if (failed(exportAttrs(func, nodeAttrs, node)))
        return failure();
  }
  argNames[arg] = node.name();
  return success();
}

LogicalResult GraphExporter::exportOp(Operation *op) {
  if (isa<func::ReturnOp>(op))
    return success();
  if (op->getDialect() == nullptr ||
      op->getDialect()->getNamespace() != KilnDialect::getDialectNamespace())
    return op->emitError() << "'" << op->getName() << "' has no GraphDef form";
  tf::NodeDef &node = *graph->add_node();
  node.set_name(uniqueName(op->getLoc()));
  opNames[op] = node.name();
  for (Value operand : op->getOperands())
    node.add_input(inputName(operand));
  if (auto device = op->getAttrOfType<StringAttr>(kDeviceAttr))
    node.set_device(device.getValue().str());
  if (auto info = op->getAttrOfType<StringAttr>(kDebugInfoAttr))
    node.mutable_experimental_debug_info()->ParseFromString(
        info.getValue().str());
  if (auto type = op->getAttrOfType<StringAttr>(kFullTypeAttr))
    node.mutable_experimental_type()->ParseFromString(type.getValue().str());
  if (auto opaque = dyn_cast<OpaqueOp>(op)) {
    node.set_op(opaque.getOpType().str());
    return exportAttrs(op, opaque.getAttrs(), node);
  }
  node.set_op(op->getName().stripDialect().str());
  if (failed(exportAttrs(op, op->getAttrDictionary(), node)))
    return failure();
  if (const kiln::OpSpec *spec = kiln::FindOpSpec(node.op()))
    addDerivedAttrs(op, *spec, node);
  return success();
}

LogicalResult GraphExporter::exportBody(func::FuncOp func, tf::GraphDef &out,
                                        SmallVectorImpl<std::string> &results) {
  graph = &out;
  if (!func.getBody().hasOneBlock())
    return func.emitError() << "graph function must have one block";
  for (BlockArgument arg : func.getArguments())
    if (failed(exportArgument(func, arg)))
      return failure();
  for (Operation &op : func.getBody().front())
    if (failed(exportOp(&op)))
      return failure();
  auto ret = cast<func::ReturnOp>(func.getBody().front().getTerminator());
  for (Value value : ret.getOperands())
    results.push_back(inputName(value));
  return success();
}

void exportVersions(ModuleOp module, tf::GraphDef &graph) {
  auto versions = module->getAttrOfType<DictionaryAttr>(kVersionsAttr);
  if (!versions)
    return;
  tf::VersionDef &v = *graph.mutable_versions();
  if (auto p = versions.getAs<IntegerAttr>("producer"))
    v.set_producer(p.getInt());
  if (auto m = versions.getAs<IntegerAttr>("min_consumer"))
    v.set_min_consumer(m.getInt());
  if (auto bad = versions.getAs<ArrayAttr>("bad_consumers"))
    for (Attribute b : bad)
      v.add_bad_consumers(cast<IntegerAttr>(b).getInt());
}

/// The graph function: @main, else the first function that is not a
/// library FunctionDef.
func::FuncOp mainFunction(ModuleOp module) {
  if (auto main = module.lookupSymbol<func::FuncOp>("main"))
    return main;
  for (auto func : module.getOps<func::FuncOp>())
    if (!func->hasAttr(kFunctionDefAttr))
      return func;
  return {};
}

} // namespace

FailureOr<tf::GraphDef> exportGraphDef(ModuleOp module) {
  func::FuncOp main = mainFunction(module);
  if (!main)
    return module.emitError() << "module has no graph function to export";
  tf::GraphDef graph;
  SmallVector<std::string> results;
  if (failed(GraphExporter().exportBody(main, graph, results)))
    return failure();
  exportVersions(module, graph);
  FailureOr<tf::FunctionDefLibrary> library = exportFunctionLibrary(module);
  if (failed(library))
    return failure();
  if (library->ByteSizeLong() > 0)
    *graph.mutable_library() = std::move(*library);
  return graph;
}

LogicalResult exportGraphBody(func::FuncOp func, tf::GraphDef &graph,
                              SmallVectorImpl<std::string> &results) {
  return GraphExporter().exportBody(func, graph, results);
}

} // namespace kiln::ir
