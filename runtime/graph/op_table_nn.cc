// Op table, family "nn": TensorFlow's nn_ops.cc entries that Kiln has.
#include "runtime/graph/internal/op_table.h"
#include "runtime/graph/internal/shape_fns.h"

namespace kiln {
namespace op_table {

namespace {

// "features: T" -> "activations: T".
void AddActivation(std::vector<OpSpec>& ops, const char* name,
                   const char* summary, std::vector<DataType> types) {
  OpSpec& op = AddOp(ops, name, "nn", UnchangedShape);
  op.summary = summary;
  op.description = Describe(
      "Element-wise; the output has the input's shape and dtype.",
      std::string("%y:2 = \"kiln.") + name +
          "\"(%x) : (tensor<2x3xf32>) -> (tensor<2x3xf32>, !kiln.control)");
  op.inputs = {Arg("features", "T")};
  op.outputs = {Arg("activations", "T")};
  op.attrs = {TypeAttr("T", std::move(types))};
}

void AddSoftmax(std::vector<OpSpec>& ops, const char* name, const char* output,
                const char* summary) {
  OpSpec& op = AddOp(ops, name, "nn", SoftmaxShape);
  op.summary = summary;
  op.description =
      Describe("Normalizes over the last dim of `logits` (rank >= 1).",
               std::string("%y:2 = \"kiln.") + name +
                   "\"(%logits) : (tensor<2x10xf32>) -> "
                   "(tensor<2x10xf32>, !kiln.control)");
  op.inputs = {Arg("logits", "T")};
  op.outputs = {Arg(output, "T")};
  op.attrs = {TypeAttr("T", FloatTypes())};
}

}  // namespace

void AddNnOps(std::vector<OpSpec>& ops) {
  {
    OpSpec& op = AddOp(ops, "BiasAdd", "nn", BiasAddShape);
    op.summary = "Adds a bias vector to the channel dim of value.";
    op.description = Describe(
        "The channel dim is the last for NHWC and dim 1 for NCHW; `bias` "
        "has its size.",
        R"(%y:2 = "kiln.BiasAdd"(%x, %b) {data_format = "NHWC"} : (tensor<8x10xf32>, tensor<10xf32>) -> (tensor<8x10xf32>, !kiln.control))");
    op.inputs = {Arg("value", "T"), Arg("bias", "T")};
    op.outputs = {Arg("output", "T")};
    op.attrs = {TypeAttr("T", NumberTypes()),
                StringAttr("data_format", "NHWC")};
  }
  AddActivation(ops, "Relu", "Computes max(features, 0).",
                Concat(RealNumberTypes(), {tensorflow::DT_QINT8}));
  AddActivation(ops, "Relu6", "Computes min(max(features, 0), 6).",
                RealNumberTypes());
  {
    OpSpec& op = AddOp(ops, "LeakyRelu", "nn", UnchangedShape);
    op.summary =
        "Computes features where positive, alpha * features elsewhere.";
    op.description = Describe(
        "Element-wise; the output has the input's shape and dtype.",
        R"(%y:2 = "kiln.LeakyRelu"(%x) {alpha = 1.000000e-01 : f32} : (tensor<2x3xf32>) -> (tensor<2x3xf32>, !kiln.control))");
    op.inputs = {Arg("features", "T")};
    op.outputs = {Arg("activations", "T")};
    op.attrs = {AttrWithDefault("alpha", AttrKind::kFloat, "f: 0.2"),
                TypeAttr("T", FloatTypes())};
  }
  AddActivation(ops, "Elu",
                "Computes exp(features) - 1 if features < 0, else features.",
                FloatTypes());
  AddActivation(ops, "Selu",
                "Computes scale * alpha * (exp(features) - 1) if features < 0, "
                "else scale * features.",
                FloatTypes());
  AddActivation(ops, "Softplus", "Computes log(exp(features) + 1).",
                FloatTypes());
  AddSoftmax(ops, "Softmax", "softmax",
             "Computes exp(logits) / sum(exp(logits)) over the last dim.");
  AddSoftmax(ops, "LogSoftmax", "logsoftmax",
             "Computes logits - log(sum(exp(logits))) over the last dim.");
  {
    OpSpec& op = AddOp(ops, "SoftmaxCrossEntropyWithLogits", "nn",
                       SoftmaxCrossEntropyWithLogitsShape);
    op.summary = "Computes softmax cross-entropy loss and its gradient.";
    op.description = Describe(
        "features (logits) and labels (a probability distribution per row) "
        "broadcast to [batch, classes]; loss is [batch] and backprop, the "
        "gradient of loss by features, is [batch, classes].",
        R"(%r:3 = "kiln.SoftmaxCrossEntropyWithLogits"(%logits, %labels) : (tensor<8x10xf32>, tensor<8x10xf32>) -> (tensor<8xf32>, tensor<8x10xf32>, !kiln.control))");
    op.inputs = {Arg("features", "T"), Arg("labels", "T")};
    op.outputs = {Arg("loss", "T"), Arg("backprop", "T")};
    op.attrs = {TypeAttr("T", FloatTypes())};
  }
  {
    OpSpec& op = AddOp(ops, "SparseSoftmaxCrossEntropyWithLogits", "nn",
                       SparseSoftmaxCrossEntropyWithLogitsShape);
    op.summary = "Computes softmax cross-entropy loss against class indices.";
    op.description = Describe(
        "features is [batch, classes] and labels [batch] holds class indices "
        "in [0, classes); loss is [batch] and backprop [batch, classes].",
        R"(%r:3 = "kiln.SparseSoftmaxCrossEntropyWithLogits"(%logits, %labels) : (tensor<8x10xf32>, tensor<8xi64>) -> (tensor<8xf32>, tensor<8x10xf32>, !kiln.control))");
    op.inputs = {Arg("features", "T"), Arg("labels", "Tlabels")};
    op.outputs = {Arg("loss", "T"), Arg("backprop", "T")};
    op.attrs = {TypeAttr("T", FloatTypes()),
                TypeAttr("Tlabels", IndexTypes(), tensorflow::DT_INT64)};
  }
}

}  // namespace op_table
}  // namespace kiln
