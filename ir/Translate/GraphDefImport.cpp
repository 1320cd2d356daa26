//===- GraphDefImport.cpp - GraphDef to the kiln dialect ------------------===//
//
// Nodes are visited in topological order; each becomes one kiln op (or
// kiln.opaque) located at its NodeDef name, so every later diagnostic names
// the node. Placeholders become the function's arguments.
//
//===----------------------------------------------------------------------===//
#include "ir/Translate/GraphDefTranslate.h"

#include <map>

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>

#include "ir/Dialect/DataTypes.h"
#include "ir/Dialect/KilnDialect.h"
#include "ir/Translate/AttrConversion.h"
#include "ir/Translate/GraphImporter.h"
#include "ir/Translate/ImportNode.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/Verifier.h"
#include "runtime/graph/graph_view.h"

using namespace mlir;
namespace tf = tensorflow;

namespace kiln::ir {
namespace {

/// Protobuf maps (NodeDef attrs) serialize in hash order unless asked not
/// to; printed modules must not change from run to run.
std::string
serializeDeterministically(const google::protobuf::Message &message) {
  std::string bytes;
  {
    google::protobuf::io::StringOutputStream stream(&bytes);
    google::protobuf::io::CodedOutputStream coded(&stream);
    coded.SetSerializationDeterministic(true);
    message.SerializeToCodedStream(&coded);
  }
  return bytes;
}

} // namespace

LogicalResult GraphImporter::addArgument(const tf::NodeDef &node, Block &body) {
  Location loc = nodeLocation(context, node.name(), scope);
  FailureOr<Type> type = placeholderType(context, node);
  if (failed(type))
    return emitError(loc) << "Placeholder has no valid 'dtype' attr";
  SmallVector<NamedAttribute> attrs, nodeAttrs;
  attrs.push_back(
      builder.getNamedAttr(kNodeNameAttr, builder.getStringAttr(node.name())));
  if (!node.device().empty())
    attrs.push_back(builder.getNamedAttr(kArgDeviceAttr,
                                         builder.getStringAttr(node.device())));
  for (const auto &[name, value] : node.attr()) {
    if (name == "dtype" || name == "shape")
      continue; // Carried by the argument's type.
    FailureOr<Attribute> attr = importAttrValue(builder, value);
    if (failed(attr))
      return emitError(loc) << "attr '" << name << "' cannot be imported";
    nodeAttrs.push_back(builder.getNamedAttr(name, *attr));
  }
  if (!nodeAttrs.empty())
    attrs.push_back(builder.getNamedAttr(kArgNodeAttrsAttr,
                                         builder.getDictionaryAttr(nodeAttrs)));
  argTypes.push_back(*type);
  argAttrs.push_back(builder.getDictionaryAttr(attrs));
  values.setArgument(node.name(), body.addArgument(*type, loc));
  return success();
}

FailureOr<SmallVector<Value>>
GraphImporter::collectResults(const kiln::GraphView &view) {
  SmallVector<Value> results;
  if (fetches) {
    for (const std::string &fetch : *fetches) {
      kiln::StatusOr<kiln::Edge> edge = kiln::ParseEdge(fetch);
      Value value = edge.ok() ? values.lookup(*edge) : Value();
      if (!value)
        return emitError(UnknownLoc::get(&context))
               << "fetch '" << fetch << "' is not an output of the graph";
      results.push_back(value);
    }
    return results;
  }
  for (const std::string &sink : view.SinkNodes())
    values.appendSinkValues(sink, results);
  return results;
}

FailureOr<func::FuncOp> GraphImporter::importInto(ModuleOp module) {
  kiln::StatusOr<kiln::GraphView> view = kiln::GraphView::Build(graph);
  if (!view.ok())
    return emitError(UnknownLoc::get(&context)) << view.status().message();
  auto func = func::FuncOp::create(UnknownLoc::get(&context), name,
                                   builder.getFunctionType({}, {}));
  module.push_back(func);
  if (failed(buildFunction(*view, func)))
    return failure();
  return func;
}

LogicalResult GraphImporter::buildFunction(const kiln::GraphView &view,
                                           func::FuncOp func) {
  Block *body = func.addEntryBlock();
  for (const tf::NodeDef *node : view.topological_order())
    if (node->op() == "Placeholder" && failed(addArgument(*node, *body)))
      return failure();
  builder.setInsertionPointToEnd(body);
  for (const tf::NodeDef *node : view.topological_order()) {
    if (node->op() == "Placeholder")
      continue;
    if (failed(importNode(builder, view, *node, values, scope)))
      return failure();
  }
  FailureOr<SmallVector<Value>> results = collectResults(view);
  if (failed(results))
    return failure();
  builder.create<func::ReturnOp>(UnknownLoc::get(&context), *results);
  SmallVector<Type> resultTypes;
  for (Value v : *results)
    resultTypes.push_back(v.getType());
  func.setFunctionType(builder.getFunctionType(argTypes, resultTypes));
  func.setAllArgAttrs(argAttrs);
  return success();
}

static void setModuleAttrs(ModuleOp module, const tf::GraphDef &graph,
                           const tf::FunctionDefLibrary &residual,
                           ArrayRef<Attribute> functionOrder) {
  Builder builder(module.getContext());
  const tf::VersionDef &versions = graph.versions();
  SmallVector<Attribute> bad;
  for (int32_t v : versions.bad_consumers())
    bad.push_back(builder.getI32IntegerAttr(v));
  module->setAttr(
      kVersionsAttr,
      builder.getDictionaryAttr({
          builder.getNamedAttr("producer",
                               builder.getI32IntegerAttr(versions.producer())),
          builder.getNamedAttr("min_consumer", builder.getI32IntegerAttr(
                                                   versions.min_consumer())),
          builder.getNamedAttr("bad_consumers", builder.getArrayAttr(bad)),
      }));
  if (residual.ByteSizeLong() > 0)
    module->setAttr(kLibraryAttr, builder.getStringAttr(
                                      serializeDeterministically(residual)));
  if (!functionOrder.empty())
    module->setAttr(kFunctionOrderAttr, builder.getArrayAttr(functionOrder));
}

void registerKilnDialects(MLIRContext &context) {
  context.loadDialect<KilnDialect, func::FuncDialect>();
}

FailureOr<OwningOpRef<ModuleOp>> importGraphDef(MLIRContext &context,
                                                const tf::GraphDef &graph,
                                                const ImportOptions &options) {
  registerKilnDialects(context);
  OwningOpRef<ModuleOp> module = ModuleOp::create(UnknownLoc::get(&context));
  std::optional<std::vector<std::string>> fetches;
  if (!options.fetches.empty())
    fetches = options.fetches;
  GraphImporter main(context, graph, options.functionName, fetches);
  if (failed(main.importInto(*module)))
    return failure();
  tf::FunctionDefLibrary residual;
  SmallVector<Attribute> order;
  if (failed(importFunctionLibrary(*module, graph.library(), residual, order)))
    return failure();
  setModuleAttrs(*module, graph, residual, order);
  if (failed(verify(*module)))
    return failure();
  return module;
}

} // namespace kiln::ir
