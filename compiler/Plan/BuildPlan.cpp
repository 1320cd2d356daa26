//===- BuildPlan.cpp - The executor's call plan from a graph func ---------===//
#include "compiler/Plan/BuildPlan.h"

#include "compiler/Plan/AssignSlots.h"
#include "ir/Dialect/DataTypes.h"
#include "ir/Dialect/KilnDialect.h"
#include "ir/Translate/AttrConversion.h"
#include "ir/Translate/Conventions.h"
#include "ir/Translate/TensorConversion.h"
#include "runtime/abi/library_entries.h"
#include "runtime/reference/evaluate.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringSwitch.h"

using namespace mlir;
namespace tf = tensorflow;

namespace kiln::compiler {

std::string packedEntryName(StringRef kernel) {
  return ("kiln_packed_" + kernel).str();
}

namespace {

/// The node name a location carries (the first NameLoc inside it).
std::string nodeName(Location loc) {
  if (auto name = dyn_cast<NameLoc>(loc))
    return name.getName().str();
  if (auto fused = dyn_cast<FusedLoc>(loc)) {
    std::string joined;
    for (Location part : fused.getLocations()) {
      std::string n = nodeName(part);
      if (!n.empty())
        joined += (joined.empty() ? "" : "+") + n;
    }
    return joined;
  }
  return "";
}

PlanStep::Kind kindOfTFOp(StringRef op) {
  return llvm::StringSwitch<PlanStep::Kind>(op)
      .Cases("MatMul", "BatchMatMulV2", PlanStep::MATMUL)
      .Cases("Reshape", "ExpandDims", "Squeeze", "Identity", "StopGradient",
             PlanStep::ALIAS)
      .Case("Shape", PlanStep::SHAPE)
      .Cases("Conv2D", "Conv2DBackpropInput", "Conv2DBackpropFilter",
             "DepthwiseConv2dNative", "DepthwiseConv2dNativeBackpropInput",
             "DepthwiseConv2dNativeBackpropFilter", PlanStep::LIBRARY)
      .Cases("MaxPool", "MaxPoolGrad", "AvgPool", "AvgPoolGrad",
             PlanStep::LIBRARY)
      .Case("VarHandleOp", PlanStep::VAR_HANDLE)
      .Case("ReadVariableOp", PlanStep::READ_VARIABLE)
      .Case("AssignVariableOp", PlanStep::ASSIGN_VARIABLE)
      .Default(PlanStep::REFERENCE);
}

} // namespace

bool isLibraryOp(StringRef op) { return kindOfTFOp(op) == PlanStep::LIBRARY; }

namespace {

class PlanBuilder {
public:
  explicit PlanBuilder(const PlanSignature &signature) : signature(signature) {}
  FailureOr<Plan> build(func::FuncOp graph);

private:
  int valueId(Value value);
  LogicalResult addFeeds(func::FuncOp graph);
  LogicalResult addOp(Operation *op);
  LogicalResult addConstant(Operation *op);
  LogicalResult fillNode(Operation *op, tf::NodeDef &node);
  LogicalResult fillKernel(ir::LaunchOp launch, PlanStep &step);
  void fillMatMul(Operation *op, PlanStep &step);
  LogicalResult addFetches(func::FuncOp graph);

  const PlanSignature &signature;
  Plan plan;
  llvm::DenseMap<Value, int> ids;
};

int PlanBuilder::valueId(Value value) {
  auto [it, inserted] = ids.try_emplace(value, plan.values_size());
  if (!inserted)
    return it->second;
  PlanValue &pv = *plan.add_values();
  pv.set_slot(-1);
  if (auto result = dyn_cast<OpResult>(value)) {
    std::string name = nodeName(result.getOwner()->getLoc());
    pv.set_name(name + ":" + std::to_string(result.getResultNumber()));
  }
  if (std::optional<kiln::TensorType> type = ir::kilnTypeOf(value.getType())) {
    pv.set_dtype(type->dtype);
    *pv.mutable_shape() = type->shape.ToProto();
  }
  return it->second;
}

LogicalResult PlanBuilder::addFeeds(func::FuncOp graph) {
  llvm::StringMap<int> argByName;
  for (BlockArgument arg : graph.getArguments())
    if (auto name = graph.getArgAttrOfType<StringAttr>(arg.getArgNumber(),
                                                       ir::kNodeNameAttr))
      argByName[name.getValue()] = arg.getArgNumber();
  llvm::SmallBitVector fed(graph.getNumArguments());
  for (const auto &[feed, placeholder] : signature.feeds) {
    auto it = argByName.find(placeholder);
    if (it == argByName.end())
      continue; // pruned: nothing fetched needs it
    BlockArgument arg = graph.getArgument(it->second);
    int id = valueId(arg);
    plan.mutable_values(id)->set_name(feed);
    PlanFeed &pf = *plan.add_feeds();
    pf.set_name(feed);
    pf.set_value(id);
    fed.set(it->second);
  }
  for (BlockArgument arg : graph.getArguments())
    if (!fed.test(arg.getArgNumber()) && !arg.use_empty()) {
      auto name = graph.getArgAttrOfType<StringAttr>(arg.getArgNumber(),
                                                     ir::kNodeNameAttr);
      return emitError(arg.getLoc())
             << "placeholder '" << (name ? name.getValue() : "?")
             << "' must be fed: the fetches need it";
    }
  return success();
}

LogicalResult PlanBuilder::fillNode(Operation *op, tf::NodeDef &node) {
  node.set_name(nodeName(op->getLoc()));
  node.set_op(op->getName().stripDialect().str());
  if (auto device = op->getAttrOfType<StringAttr>(ir::kDeviceAttr))
    node.set_device(device.getValue().str());
  if (isa<ir::LaunchOp, ir::FusedMatMulOp>(op))
    return success(); // Kiln-only: the step's own fields say what to do.
  ArrayRef<NamedAttribute> attrs = op->getAttrs();
  if (auto conv = dyn_cast<ir::FusedConv2DOp>(op)) {
    // A LIBRARY Conv2D node: its own attrs, the activation as an attr, the
    // bias as a third input.
    node.set_op("Conv2D");
    if (!conv.getActivation().empty())
      (*node.mutable_attr())[kiln::kFusedActivationAttr].set_s(
          conv.getActivation().str());
    attrs = conv.getConv().getValue();
  }
  for (NamedAttribute named : attrs) {
    StringRef name = named.getName().getValue();
    if (name.starts_with("kiln.") || name == ir::kOperandSegmentsAttr ||
        name == ir::kDeviceAttr)
      continue;
    FailureOr<tf::AttrValue> value = ir::exportAttribute(named.getValue());
    if (failed(value))
      return op->emitError() << "attr '" << name << "' has no AttrValue form";
    (*node.mutable_attr())[name.str()] = *value;
  }
  return success();
}

LogicalResult PlanBuilder::addConstant(Operation *op) {
  FailureOr<tf::TensorProto> tensor = ir::exportTensor(op->getAttr("value"));
  if (failed(tensor))
    return op->emitError() << "constant cannot be exported";
  PlanConstant &constant = *plan.add_constants();
  constant.set_value(valueId(op->getResult(0)));
  *constant.mutable_tensor() = *tensor;
  return success();
}

LogicalResult PlanBuilder::fillKernel(ir::LaunchOp launch, PlanStep &step) {
  step.set_kernel(packedEntryName(launch.getKernel().getLeafReference()));
  auto resultDims = launch->getAttrOfType<ArrayAttr>("kiln.result_dims");
  if (!resultDims || resultDims.size() != launch.getNumResults())
    return launch.emitOpError("has no kiln.result_dims for its results");
  for (Attribute attr : resultDims) {
    PlanDims &dims = *step.add_result_dims();
    for (int64_t code : cast<DenseI64ArrayAttr>(attr).asArrayRef()) {
      PlanDim &dim = *dims.add_dims();
      if (code >= 0) {
        dim.set_constant(code);
        dim.set_arg(-1);
      } else {
        dim.set_arg((-1 - code) / 64);
        dim.set_dim((-1 - code) % 64);
      }
    }
  }
  if (auto eq = launch->getAttrOfType<DenseI64ArrayAttr>("kiln.dim_equalities"))
    for (int64_t i = 0; i + 3 < eq.size(); i += 4) {
      PlanDimEquality &e = *step.add_dim_equalities();
      e.set_arg_a(eq[i]);
      e.set_dim_a(eq[i + 1]);
      e.set_arg_b(eq[i + 2]);
      e.set_dim_b(eq[i + 3]);
    }
  if (auto split = launch->getAttrOfType<DenseBoolArrayAttr>("kiln.split"))
    for (bool s : split.asArrayRef())
      step.add_split(s);
  return success();
}

void PlanBuilder::fillMatMul(Operation *op, PlanStep &step) {
  step.set_kernel(std::string(kiln::kMatMulEntrySymbol));
  PlanMatMul &mm = *step.mutable_matmul();
  auto flag = [&](StringRef name) {
    auto attr = op->getAttrOfType<BoolAttr>(name);
    return attr && attr.getValue();
  };
  if (auto fused = dyn_cast<ir::FusedMatMulOp>(op)) {
    mm.set_transpose_a(fused.getTransposeA());
    mm.set_transpose_b(fused.getTransposeB());
    mm.set_batched(fused.getBatched());
    mm.set_has_bias(fused.getBias() != nullptr);
    mm.set_activation(fused.getActivation().str());
    return;
  }
  bool batched = op->getName().stripDialect() == "BatchMatMulV2";
  mm.set_batched(batched);
  mm.set_transpose_a(flag(batched ? "adj_x" : "transpose_a"));
  mm.set_transpose_b(flag(batched ? "adj_y" : "transpose_b"));
}

LogicalResult PlanBuilder::addOp(Operation *op) {
  if (isa<func::ReturnOp>(op))
    return success();
  StringRef name = op->getName().stripDialect();
  if (isa<ir::ConstOp>(op))
    return addConstant(op);
  if (isa<ir::OpaqueOp>(op) || op->getDialect() == nullptr ||
      op->getDialect()->getNamespace() != "kiln")
    return op->emitError() << "'" << op->getName() << "' cannot run on the CPU";
  if (name == "NoOp")
    return success();
  PlanStep step;
  if (auto launch = dyn_cast<ir::LaunchOp>(op)) {
    step.set_kind(PlanStep::KERNEL);
    if (failed(fillKernel(launch, step)))
      return failure();
  } else if (isa<ir::FusedMatMulOp>(op)) {
    step.set_kind(PlanStep::MATMUL);
    fillMatMul(op, step);
  } else if (isa<ir::FusedConv2DOp>(op)) {
    step.set_kind(PlanStep::LIBRARY);
  } else {
    step.set_kind(kindOfTFOp(name));
    if (step.kind() == PlanStep::MATMUL)
      fillMatMul(op, step);
    if (step.kind() == PlanStep::REFERENCE && !kiln::HasReferenceKernel(name))
      return op->emitError() << "'" << name << "' has no CPU kernel";
  }
  if (failed(fillNode(op, *step.mutable_node())))
    return failure();
  for (Value operand : op->getOperands())
    if (!isa<ir::ControlType>(operand.getType()))
      step.add_inputs(valueId(operand));
  for (Value result : op->getResults())
    if (!isa<ir::ControlType>(result.getType()))
      step.add_outputs(valueId(result));
  if (step.kind() == PlanStep::ALIAS || step.kind() == PlanStep::READ_VARIABLE)
    plan.mutable_values(step.outputs(0))->set_is_alias(true);
  *plan.add_steps() = std::move(step);
  return success();
}

LogicalResult PlanBuilder::addFetches(func::FuncOp graph) {
  auto ret = cast<func::ReturnOp>(graph.getBody().front().getTerminator());
  if (ret.getNumOperands() != signature.results.size())
    return ret.emitOpError("returns ")
           << ret.getNumOperands() << " values for " << signature.results.size()
           << " fetches and targets";
  for (auto [value, name] : llvm::zip(ret.getOperands(), signature.results)) {
    if (isa<ir::ControlType>(value.getType())) {
      plan.add_targets(name);
      continue;
    }
    PlanFetch &fetch = *plan.add_fetches();
    fetch.set_name(name);
    fetch.set_value(valueId(value));
  }
  return success();
}

FailureOr<Plan> PlanBuilder::build(func::FuncOp graph) {
  if (!graph.getBody().hasOneBlock())
    return graph.emitError("graph function must have one block");
  if (failed(addFeeds(graph)))
    return failure();
  for (Operation &op : graph.getBody().front())
    if (failed(addOp(&op)))
      return failure();
  if (failed(addFetches(graph)))
    return failure();
  assignSlots(plan);
  return plan;
}

} // namespace

FailureOr<Plan> buildPlan(func::FuncOp graph, const PlanSignature &signature) {
  return PlanBuilder(signature).build(graph);
}

} // namespace kiln::compiler
