// Op table, families "base" (graph plumbing) and "state" (resource
// variables), as TensorFlow registers them in array_ops.cc, no_op.cc and
// resource_variable_ops.cc.
#include "runtime/graph/internal/op_table.h"
#include "runtime/graph/internal/shape_fns.h"

namespace kiln {
namespace op_table {

void AddBaseOps(std::vector<OpSpec>& ops) {
  {
    OpSpec& op = AddOp(ops, "Placeholder", "base", PlaceholderShape);
    op.summary = "A value fed at run time.";
    op.description = Describe(
        "A graph input: its dtype and (possibly partial) shape are attrs, its "
        "value comes from the feeds of each run.",
        R"(%x:2 = "kiln.Placeholder"() {dtype = f32, shape = #kiln.shape<?x784>} : () -> (tensor<?x784xf32>, !kiln.control))");
    op.outputs = {Arg("output", "dtype")};
    op.attrs = {RequiredAttr("dtype", AttrKind::kType),
                AttrWithDefault("shape", AttrKind::kShape,
                                "shape { unknown_rank: true }")};
  }
  {
    OpSpec& op = AddOp(ops, "Const", "base", ConstShape);
    op.summary = "A constant tensor.";
    op.description = Describe(
        "Returns the tensor held in the `value` attr.",
        R"(%c:2 = "kiln.Const"() {dtype = f32, value = dense<[1.0, 2.0]> : tensor<2xf32>} : () -> (tensor<2xf32>, !kiln.control))");
    op.outputs = {Arg("output", "dtype")};
    op.attrs = {RequiredAttr("value", AttrKind::kTensor),
                RequiredAttr("dtype", AttrKind::kType)};
  }
  {
    OpSpec& op = AddOp(ops, "Identity", "base", UnchangedShape);
    op.summary = "Returns its input unchanged.";
    op.description = Describe(
        "Forwards `input`; used for naming outputs and for control "
        "dependencies.",
        R"(%y:2 = "kiln.Identity"(%x) : (tensor<2x3xf32>) -> (tensor<2x3xf32>, !kiln.control))");
    op.inputs = {Arg("input", "T")};
    op.outputs = {Arg("output", "T")};
    op.attrs = {TypeAttr("T")};
  }
  {
    OpSpec& op = AddOp(ops, "NoOp", "base", NoOutputShape);
    op.summary = "Does nothing.";
    op.description = Describe(
        "Only useful as a target of control edges, e.g. to group the "
        "updates of a training step.",
        R"(%ctl = "kiln.NoOp"() : () -> !kiln.control)");
  }
  {
    OpSpec& op = AddOp(ops, "StopGradient", "base", UnchangedShape);
    op.summary = "Returns its input; gradients do not flow through it.";
    op.description = Describe(
        "Forwards `input` like Identity, but the gradient machinery treats "
        "its output as a constant.",
        R"(%y:2 = "kiln.StopGradient"(%x) : (tensor<4xf32>) -> (tensor<4xf32>, !kiln.control))");
    op.inputs = {Arg("input", "T")};
    op.outputs = {Arg("output", "T")};
    op.attrs = {TypeAttr("T")};
  }
}

void AddStateOps(std::vector<OpSpec>& ops) {
  {
    OpSpec& op = AddOp(ops, "VarHandleOp", "state", VarHandleOpShape);
    op.summary = "Creates a handle to a resource variable.";
    op.description = Describe(
        "The variable lives in the session's resource manager under "
        "`container`/`shared_name`; `dtype` and `shape` describe its value.",
        R"(%v:2 = "kiln.VarHandleOp"() {allowed_devices = [], container = "", debug_name = "", dtype = f32, shape = #kiln.shape<784x10>, shared_name = "dense/kernel"} : () -> (tensor<!kiln.resource>, !kiln.control))");
    op.outputs = {FixedArg("resource", DT_RESOURCE)};
    op.attrs = {
        StringAttr("container", ""),
        StringAttr("shared_name", ""),
        StringAttr("debug_name", ""),
        RequiredAttr("dtype", AttrKind::kType),
        RequiredAttr("shape", AttrKind::kShape),
        AttrWithDefault("allowed_devices", AttrKind::kListString, "list { }")};
    op.is_stateful = true;
  }
  {
    OpSpec& op = AddOp(ops, "ReadVariableOp", "state", ReadVariableOpShape);
    op.summary = "Reads the current value of a resource variable.";
    op.description = Describe(
        "Returns the variable's value as of this read; later assignments do "
        "not change it.",
        R"(%w:2 = "kiln.ReadVariableOp"(%v) {dtype = f32} : (tensor<!kiln.resource>) -> (tensor<784x10xf32>, !kiln.control))");
    op.inputs = {FixedArg("resource", DT_RESOURCE)};
    op.outputs = {Arg("value", "dtype")};
    op.attrs = {RequiredAttr("dtype", AttrKind::kType)};
    op.is_stateful = true;
  }
  {
    OpSpec& op = AddOp(ops, "AssignVariableOp", "state", AssignVariableOpShape);
    op.summary = "Assigns a new value to a resource variable.";
    op.description = Describe(
        "Replaces the variable's value with `value`; with validate_shape the "
        "shapes must match.",
        R"(%ctl = "kiln.AssignVariableOp"(%v, %w) {dtype = f32, validate_shape = false} : (tensor<!kiln.resource>, tensor<784x10xf32>) -> !kiln.control)");
    op.inputs = {FixedArg("resource", DT_RESOURCE), Arg("value", "dtype")};
    op.attrs = {RequiredAttr("dtype", AttrKind::kType),
                BoolAttr("validate_shape", false)};
    op.is_stateful = true;
  }
  for (const char* name : {"AssignAddVariableOp", "AssignSubVariableOp"}) {
    const bool add = std::string(name) == "AssignAddVariableOp";
    OpSpec& op = AddOp(ops, name, "state", AssignVariableOpShape);
    op.summary = add ? "Adds a value to a resource variable."
                     : "Subtracts a value from a resource variable.";
    op.description = Describe(
        "The variable becomes its value " + std::string(add ? "+" : "-") +
            " `value` (same shape and dtype). The compiler rewrites it as "
            "ReadVariableOp, " + (add ? "AddV2" : "Sub") +
            " and AssignVariableOp.",
        std::string(R"(%ctl = "kiln.)") + name +
            R"("(%v, %d) {dtype = f32} : (tensor<!kiln.resource>, tensor<784x10xf32>) -> !kiln.control)");
    op.inputs = {FixedArg("resource", DT_RESOURCE), Arg("value", "dtype")};
    op.attrs = {RequiredAttr("dtype", AttrKind::kType)};
    op.is_stateful = true;
  }
}

}  // namespace op_table
}  // namespace kiln
