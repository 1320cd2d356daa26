//===- FunctionLibraryExport.cpp - func.func back to FunctionDefs ---------===//
#include <map>
#include <set>

#include "ir/Dialect/DataTypes.h"
#include "ir/Dialect/KilnDialect.h"
#include "ir/Translate/AttrConversion.h"
#include "ir/Translate/Conventions.h"
#include "ir/Translate/GraphExporter.h"
#include "runtime/graph/function_def_graph.h"
#include "runtime/graph/graph_view.h"

using namespace mlir;
namespace tf = tensorflow;

namespace kiln::ir {
namespace {

/// Rewrites GraphDef edge names of one function body as FunctionDef names.
class EdgeNamer {
public:
  EdgeNamer(const tf::GraphDef &body, int numArgs) {
    for (int i = 0; i < body.node_size(); ++i)
      (i < numArgs ? args : nodes)[body.node(i).name()] = &body.node(i);
  }

  FailureOr<std::string> name(const std::string &edgeName,
                              Operation *where) const {
    kiln::StatusOr<kiln::Edge> edge = kiln::ParseEdge(edgeName);
    if (!edge.ok())
      return where->emitError() << edge.status().message();
    if (edge->is_control() || args.count(edge->node))
      return edgeName;
    auto producer = nodes.find(edge->node);
    kiln::StatusOr<std::string> out =
        producer == nodes.end()
            ? kiln::StatusOr<std::string>(kiln::NotFound(edge->node))
            : kiln::FunctionOutputName(*producer->second, edge->index);
    if (!out.ok())
      return where->emitError() << out.status().message();
    return *out;
  }

private:
  std::map<std::string, const tf::NodeDef *> args, nodes;
};

LogicalResult exportHandleData(func::FuncOp func, unsigned i,
                               tf::OpDef::ArgDef &arg) {
  auto data = func.getArgAttrOfType<ArrayAttr>(i, kHandleDataAttr);
  for (Attribute item : data ? data : ArrayAttr::get(func.getContext(), {})) {
    auto entry = dyn_cast<DictionaryAttr>(item);
    auto dtype = entry ? entry.getAs<TypeAttr>("dtype") : TypeAttr();
    std::optional<tf::DataType> dt =
        dtype ? dataTypeOf(dtype.getValue()) : std::nullopt;
    FailureOr<tf::AttrValue> shape = entry && entry.get("shape")
                                         ? exportAttribute(entry.get("shape"))
                                         : FailureOr<tf::AttrValue>(failure());
    if (!dt || failed(shape) || !shape->has_shape())
      return func.emitError()
             << "argument " << i << " has malformed " << kHandleDataAttr;
    auto &out = *arg.add_handle_data();
    out.set_dtype(*dt);
    *out.mutable_shape() = shape->shape();
  }
  return success();
}

LogicalResult exportArgument(func::FuncOp func, unsigned i,
                             const tf::NodeDef &node, tf::FunctionDef &fn) {
  tf::OpDef::ArgDef &arg = *fn.mutable_signature()->add_input_arg();
  arg.set_name(node.name());
  arg.set_type(node.attr().at("dtype").type()); // The exporter writes it.
  if (failed(exportHandleData(func, i, arg)))
    return failure();
  if (auto fullType = func.getArgAttrOfType<StringAttr>(i, kFullTypeAttr))
    arg.mutable_experimental_full_type()->ParseFromString(
        fullType.getValue().str());
  if (auto id = func.getArgAttrOfType<IntegerAttr>(i, kResourceArgIdAttr))
    (*fn.mutable_resource_arg_unique_id())[i] = id.getInt();
  tf::NodeDef attrs = node;
  attrs.mutable_attr()->erase("dtype");
  attrs.mutable_attr()->erase("shape");
  if (!attrs.attr().empty())
    *(*fn.mutable_arg_attr())[i].mutable_attr() = attrs.attr();
  return success();
}

LogicalResult exportResults(func::FuncOp func, ArrayRef<std::string> results,
                            const EdgeNamer &namer, tf::FunctionDef &fn) {
  tf::OpDef &sig = *fn.mutable_signature();
  for (unsigned i = 0; i < func.getNumResults(); ++i) {
    if (auto control =
            func.getResultAttrOfType<StringAttr>(i, kControlRetAttr)) {
      if (results[i].empty() || results[i][0] != '^')
        return func.emitError() << "result " << i << " is a control output "
                                << "but returns data";
      sig.add_control_output(control.getValue().str());
      (*fn.mutable_control_ret())[control.getValue().str()] =
          results[i].substr(1);
      continue;
    }
    auto name = func.getResultAttrOfType<StringAttr>(i, kNodeNameAttr);
    std::optional<kiln::TensorType> type = kilnTypeOf(func.getResultTypes()[i]);
    if (!name || !type)
      return func.emitError()
             << "result " << i << " needs a kiln.name and a TensorFlow dtype";
    tf::OpDef::ArgDef &out = *sig.add_output_arg();
    out.set_name(name.getValue().str());
    out.set_type(type->dtype);
    FailureOr<std::string> ret = namer.name(results[i], func);
    if (failed(ret))
      return failure();
    (*fn.mutable_ret())[out.name()] = *ret;
  }
  return success();
}

LogicalResult exportFunctionAttrs(func::FuncOp func, tf::FunctionDef &fn) {
  if (func->hasAttr(kIsStatefulAttr))
    fn.mutable_signature()->set_is_stateful(true);
  auto attrs = func->getAttrOfType<DictionaryAttr>(kFunctionAttrsAttr);
  if (!attrs)
    return success();
  for (NamedAttribute named : attrs) {
    FailureOr<tf::AttrValue> value = exportAttribute(named.getValue());
    if (failed(value))
      return func.emitError() << "function attr '" << named.getName()
                              << "' has no AttrValue form";
    (*fn.mutable_attr())[named.getName().str()] = *value;
  }
  return success();
}

FailureOr<tf::FunctionDef> exportFunctionDef(func::FuncOp func) {
  tf::GraphDef body;
  SmallVector<std::string> results;
  if (failed(exportGraphBody(func, body, results)))
    return failure();
  tf::FunctionDef fn;
  fn.mutable_signature()->set_name(func.getSymName().str());
  unsigned numArgs = func.getNumArguments();
  EdgeNamer namer(body, numArgs);
  for (unsigned i = 0; i < numArgs; ++i)
    if (failed(exportArgument(func, i, body.node(i), fn)))
      return failure();
  for (int i = numArgs; i < body.node_size(); ++i) {
    tf::NodeDef &node = *fn.add_node_def();
    node = body.node(i);
    node.mutable_attr()->erase(kOutputArgAttr);
    for (std::string &input : *node.mutable_input()) {
      FailureOr<std::string> name = namer.name(input, func);
      if (failed(name))
        return failure();
      input = *name;
    }
  }
  if (failed(exportResults(func, results, namer, fn)) ||
      failed(exportFunctionAttrs(func, fn)))
    return failure();
  return fn;
}

} // namespace

FailureOr<tf::FunctionDefLibrary> exportFunctionLibrary(ModuleOp module) {
  tf::FunctionDefLibrary residual, library;
  if (auto bytes = module->getAttrOfType<StringAttr>(kLibraryAttr))
    residual.ParseFromString(bytes.getValue().str());
  std::map<std::string, const tf::FunctionDef *> kept;
  for (const tf::FunctionDef &fn : residual.function())
    kept[fn.signature().name()] = &fn;
  std::vector<std::string> order;
  if (auto names = module->getAttrOfType<ArrayAttr>(kFunctionOrderAttr))
    for (auto name : names.getAsRange<StringAttr>())
      order.push_back(name.getValue().str());
  for (auto func : module.getOps<func::FuncOp>()) // Functions passes added.
    if (func->hasAttr(kFunctionDefAttr) &&
        std::find(order.begin(), order.end(), func.getSymName()) == order.end())
      order.push_back(func.getSymName().str());
  for (const std::string &name : order) {
    auto func = module.lookupSymbol<func::FuncOp>(name);
    if (func && func->hasAttr(kFunctionDefAttr)) {
      FailureOr<tf::FunctionDef> fn = exportFunctionDef(func);
      if (failed(fn))
        return failure();
      *library.add_function() = std::move(*fn);
    } else if (kept.count(name)) {
      *library.add_function() = *kept[name];
    }
  }
  *library.mutable_gradient() = residual.gradient();
  *library.mutable_registered_gradients() = residual.registered_gradients();
  return library;
}

} // namespace kiln::ir
