//===- FunctionLibraryImport.cpp - FunctionDefs to func.func --------------===//
//
// Each concrete FunctionDef becomes a private func.func marked
// kiln.function_def: arguments named by kiln.name (arg_attr in kiln.attrs,
// handle data and resource ids beside), results named by kiln.name or, for
// control outputs, kiln.control_ret; the FunctionDef's attr map and
// is_stateful sit on the function.
//
//===----------------------------------------------------------------------===//
#include "ir/Dialect/DataTypes.h"
#include "ir/Dialect/KilnDialect.h"
#include "ir/Translate/AttrConversion.h"
#include "ir/Translate/GraphImporter.h"
#include "runtime/graph/function_def_graph.h"

using namespace mlir;
namespace tf = tensorflow;

namespace kiln::ir {
namespace {

/// True when the signature holds only what the func.func form keeps.
bool isPlainSignature(const tf::OpDef &signature) {
  tf::OpDef rest = signature;
  rest.clear_name();
  rest.clear_control_output();
  rest.clear_is_stateful();
  for (auto *args : {rest.mutable_input_arg(), rest.mutable_output_arg()}) {
    for (tf::OpDef::ArgDef &arg : *args) {
      arg.clear_name();
      arg.clear_type();
      arg.clear_handle_data();
      arg.clear_experimental_full_type();
      if (arg.ByteSizeLong() > 0)
        return false;
    }
    args->Clear();
  }
  return rest.ByteSizeLong() == 0;
}

Attribute handleData(Builder &b, const tf::OpDef::ArgDef &arg) {
  SmallVector<Attribute> items;
  for (const auto &entry : arg.handle_data()) {
    tf::AttrValue shape;
    *shape.mutable_shape() = entry.shape();
    items.push_back(b.getDictionaryAttr(
        {b.getNamedAttr("dtype", TypeAttr::get(elementTypeFor(b.getContext(),
                                                              entry.dtype()))),
         b.getNamedAttr("shape", *importAttrValue(b, shape))}));
  }
  return b.getArrayAttr(items);
}

void annotateArguments(func::FuncOp func, const tf::FunctionDef &fn) {
  Builder b(func.getContext());
  const tf::OpDef &sig = fn.signature();
  for (int i = 0; i < sig.input_arg_size(); ++i) {
    const tf::OpDef::ArgDef &arg = sig.input_arg(i);
    if (arg.handle_data_size() > 0)
      func.setArgAttr(i, kHandleDataAttr, handleData(b, arg));
    if (arg.has_experimental_full_type())
      func.setArgAttr(
          i, kFullTypeAttr,
          b.getStringAttr(arg.experimental_full_type().SerializeAsString()));
  }
  for (const auto &[index, id] : fn.resource_arg_unique_id())
    if (static_cast<int>(index) < sig.input_arg_size())
      func.setArgAttr(index, kResourceArgIdAttr, b.getI64IntegerAttr(id));
}

/// Names results, and gives values returned straight from an unknown op the
/// dtype the signature declares.
void annotateResults(func::FuncOp func, const tf::FunctionDef &fn) {
  Builder b(func.getContext());
  const tf::OpDef &sig = fn.signature();
  auto ret = cast<func::ReturnOp>(func.getBody().front().getTerminator());
  for (int i = 0; i < sig.output_arg_size(); ++i) {
    func.setResultAttr(i, kNodeNameAttr,
                       b.getStringAttr(sig.output_arg(i).name()));
    Value value = ret.getOperand(i);
    auto type = dyn_cast<mlir::TensorType>(value.getType());
    if (type && !dataTypeOf(type.getElementType()) &&
        value.getDefiningOp<OpaqueOp>())
      value.setType(
          type.clone(elementTypeFor(b.getContext(), sig.output_arg(i).type())));
  }
  for (int j = 0; j < sig.control_output_size(); ++j)
    func.setResultAttr(sig.output_arg_size() + j, kControlRetAttr,
                       b.getStringAttr(sig.control_output(j)));
  func.setFunctionType(
      b.getFunctionType(func.getArgumentTypes(), ret.getOperandTypes()));
}

LogicalResult annotateFunction(func::FuncOp func, const tf::FunctionDef &fn) {
  Builder b(func.getContext());
  func.setPrivate();
  func->setAttr(kFunctionDefAttr, b.getUnitAttr());
  if (fn.signature().is_stateful())
    func->setAttr(kIsStatefulAttr, b.getUnitAttr());
  if (!fn.attr().empty()) {
    std::string failedName, why;
    FailureOr<DictionaryAttr> attrs =
        importAttrMap(b, fn.attr(), &failedName, &why);
    if (failed(attrs))
      return func.emitError() << "function attr '" << failedName
                              << "' cannot be imported: " << why;
    func->setAttr(kFunctionAttrsAttr, *attrs);
  }
  annotateArguments(func, fn);
  annotateResults(func, fn);
  return success();
}

} // namespace

LogicalResult importFunctionLibrary(ModuleOp module,
                                    const tf::FunctionDefLibrary &library,
                                    tf::FunctionDefLibrary &residual,
                                    SmallVectorImpl<Attribute> &order) {
  MLIRContext &context = *module.getContext();
  *residual.mutable_gradient() = library.gradient();
  *residual.mutable_registered_gradients() = library.registered_gradients();
  for (const tf::FunctionDef &fn : library.function()) {
    const std::string &name = fn.signature().name();
    order.push_back(StringAttr::get(&context, name));
    kiln::StatusOr<FunctionBody> body = kiln::FunctionDefToGraph(fn);
    if (!body.ok() || !isPlainSignature(fn.signature()) ||
        module.lookupSymbol(name)) {
      *residual.add_function() = fn; // Kept whole; exported unchanged.
      continue;
    }
    GraphImporter importer(context, body->graph, name, body->fetches,
                           /*isLibraryFunction=*/true);
    FailureOr<func::FuncOp> func = importer.importInto(module);
    if (failed(func) || failed(annotateFunction(*func, fn)))
      return failure();
  }
  return success();
}

} // namespace kiln::ir
