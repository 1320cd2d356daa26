// Tests that the op table is complete and self-consistent, and spot-checks
// entries against TensorFlow's registry.
#include <catch2/catch.hpp>
#include <set>

#include "runtime/graph/op_spec.h"

namespace kiln {
namespace {

TEST_CASE("every op has a shape fn, a summary and an mlir example") {
  const std::set<std::string> families = {"base", "state", "math", "array",
                                          "nn"};
  std::set<std::string> names;
  for (const OpSpec& op : AllOpSpecs()) {
    INFO(op.name);
    CHECK(names.insert(op.name).second);
    CHECK(op.shape_fn != nullptr);
    CHECK(!op.summary.empty());
    CHECK(op.summary.find('\n') == std::string::npos);
    CHECK(op.description.find("```mlir") != std::string::npos);
    CHECK(op.description.find("\"kiln." + op.name + "\"") != std::string::npos);
    CHECK(families.count(op.family) == 1);
    CHECK(FindOpSpec(op.name) == &op);
  }
  CHECK(FindOpSpec("NoSuchOp") == nullptr);
  CHECK(names == std::set<std::string>{"Placeholder",
                                       "Const",
                                       "Identity",
                                       "NoOp",
                                       "StopGradient",
                                       "VarHandleOp",
                                       "ReadVariableOp",
                                       "AssignVariableOp",
                                       "AssignAddVariableOp",
                                       "AssignSubVariableOp",
                                       "AddV2",
                                       "Sub",
                                       "Mul",
                                       "RealDiv",
                                       "Maximum",
                                       "Minimum",
                                       "Pow",
                                       "Neg",
                                       "Square",
                                       "Sqrt",
                                       "Rsqrt",
                                       "Exp",
                                       "Log",
                                       "Tanh",
                                       "Sin",
                                       "Cos",
                                       "Sigmoid",
                                       "Equal",
                                       "Greater",
                                       "Less",
                                       "MatMul",
                                       "BatchMatMulV2",
                                       "Cast",
                                       "RandomUniform",
                                       "RandomStandardNormal",
                                       "TruncatedNormal",
                                       "Sum",
                                       "Mean",
                                       "Max",
                                       "Min",
                                       "Prod",
                                       "ArgMax",
                                       "Select",
                                       "SelectV2",
                                       "Reshape",
                                       "Transpose",
                                       "ExpandDims",
                                       "Squeeze",
                                       "Shape",
                                       "ConcatV2",
                                       "Pack",
                                       "Slice",
                                       "StridedSlice",
                                       "StridedSliceGrad",
                                       "Pad",
                                       "GatherV2",
                                       "UnsortedSegmentSum",
                                       "Tile",
                                       "ReverseV2",
                                       "MirrorPad",
                                       "MirrorPadGrad",
                                       "Fill",
                                       "ZerosLike",
                                       "OnesLike",
                                       "OneHot",
                                       "BiasAdd",
                                       "Relu",
                                       "Relu6",
                                       "LeakyRelu",
                                       "Elu",
                                       "Selu",
                                       "Softplus",
                                       "Conv2D",
                                       "Conv2DBackpropInput",
                                       "Conv2DBackpropFilter",
                                       "FusedBatchNormV3",
                                       "ResizeBilinear",
                                       "ResizeNearestNeighbor",
                                       "ResizeBilinearGrad",
                                       "ResizeNearestNeighborGrad",
                                       "ImageProjectiveTransformV3",
                                       "FusedBatchNormGradV3",
                                       "DepthwiseConv2dNative",
                                       "DepthwiseConv2dNativeBackpropInput",
                                       "DepthwiseConv2dNativeBackpropFilter",
                                       "MaxPool",
                                       "MaxPoolGrad",
                                       "MaxPoolGradGrad",
                                       "AvgPool",
                                       "AvgPoolGrad",
                                       "Softmax",
                                       "LogSoftmax",
                                       "SoftmaxCrossEntropyWithLogits",
                                       "SparseSoftmaxCrossEntropyWithLogits"});
}

TEST_CASE("every arg refers to a declared attr of the right kind") {
  for (const OpSpec& op : AllOpSpecs()) {
    std::set<std::string> arg_names;
    for (const auto* args : {&op.inputs, &op.outputs}) {
      for (const ArgSpec& arg : *args) {
        INFO(op.name << " arg " << arg.name);
        CHECK(arg_names.insert(arg.name).second);
        // Exactly one of type_attr and a fixed type.
        CHECK(arg.type_attr.empty() != (arg.type == tensorflow::DT_INVALID));
        if (!arg.type_attr.empty()) {
          const AttrSpec* attr = op.FindAttr(arg.type_attr);
          REQUIRE(attr != nullptr);
          CHECK(attr->kind == AttrKind::kType);
        }
        if (!arg.number_attr.empty()) {
          const AttrSpec* attr = op.FindAttr(arg.number_attr);
          REQUIRE(attr != nullptr);
          CHECK(attr->kind == AttrKind::kInt);
        }
      }
    }
  }
}

TEST_CASE("MatMul matches TensorFlow's registration") {
  const OpSpec* op = FindOpSpec("MatMul");
  REQUIRE(op != nullptr);
  CHECK(op->family == "math");
  REQUIRE(op->inputs.size() == 2);
  CHECK(op->inputs[0].name == "a");
  CHECK(op->inputs[1].name == "b");
  REQUIRE(op->outputs.size() == 1);
  CHECK(op->outputs[0].name == "product");
  for (const char* name : {"transpose_a", "transpose_b", "grad_a", "grad_b"}) {
    const AttrSpec* attr = op->FindAttr(name);
    REQUIRE(attr != nullptr);
    CHECK(attr->kind == AttrKind::kBool);
    CHECK(attr->default_value == "b: false");
  }
  const AttrSpec* t = op->FindAttr("T");
  REQUIRE(t != nullptr);
  CHECK(t->allowed_types.size() == 8);
  CHECK(t->default_value.empty());
}

TEST_CASE("state ops are stateful and carry TF's attrs") {
  for (const char* name :
       {"VarHandleOp", "ReadVariableOp", "AssignVariableOp"}) {
    const OpSpec* op = FindOpSpec(name);
    REQUIRE(op != nullptr);
    CHECK(op->is_stateful);
    CHECK(op->family == "state");
  }
  const OpSpec* var = FindOpSpec("VarHandleOp");
  CHECK(var->outputs[0].name == "resource");
  CHECK(var->outputs[0].type == tensorflow::DT_RESOURCE);
  CHECK(var->FindAttr("shared_name")->default_value == "s: \"\"");
  CHECK(var->FindAttr("debug_name")->default_value == "s: \"\"");
  CHECK(var->FindAttr("allowed_devices")->kind == AttrKind::kListString);
  CHECK(var->FindAttr("shape")->default_value.empty());
  const OpSpec* assign = FindOpSpec("AssignVariableOp");
  CHECK(assign->outputs.empty());
  CHECK(assign->FindAttr("validate_shape")->default_value == "b: false");
  CHECK(FindOpSpec("Placeholder")->FindAttr("shape")->default_value ==
        "shape { unknown_rank: true }");
  CHECK(!FindOpSpec("MatMul")->is_stateful);
}

TEST_CASE("commutative ops are the ones TensorFlow marks") {
  std::set<std::string> commutative;
  for (const OpSpec& op : AllOpSpecs()) {
    if (op.is_commutative) commutative.insert(op.name);
  }
  CHECK(commutative ==
        std::set<std::string>{"AddV2", "Mul", "Maximum", "Minimum", "Equal"});
}

TEST_CASE("derived attrs are the ones fixed by inputs") {
  CHECK(FindOpSpec("AddV2")->IsDerivedAttr("T"));
  const OpSpec* concat = FindOpSpec("ConcatV2");
  CHECK(concat->IsDerivedAttr("N"));
  CHECK(concat->IsDerivedAttr("T"));
  CHECK(concat->IsDerivedAttr("Tidx"));
  CHECK(FindOpSpec("Cast")->IsDerivedAttr("SrcT"));
  CHECK_FALSE(FindOpSpec("Cast")->IsDerivedAttr("DstT"));
  CHECK_FALSE(FindOpSpec("Cast")->IsDerivedAttr("Truncate"));
  CHECK(FindOpSpec("Reshape")->IsDerivedAttr("Tshape"));
  CHECK_FALSE(FindOpSpec("Placeholder")->IsDerivedAttr("dtype"));
  CHECK_FALSE(FindOpSpec("Const")->IsDerivedAttr("dtype"));
  CHECK_FALSE(FindOpSpec("ReadVariableOp")->IsDerivedAttr("dtype"));
  CHECK_FALSE(FindOpSpec("ArgMax")->IsDerivedAttr("output_type"));
  CHECK_FALSE(FindOpSpec("Shape")->IsDerivedAttr("out_type"));
  CHECK_FALSE(FindOpSpec("MatMul")->IsDerivedAttr("transpose_a"));
}

}  // namespace
}  // namespace kiln
