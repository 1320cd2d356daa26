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

// The window attrs of TensorFlow's Conv2D family, in its order.
std::vector<AttrSpec> ConvAttrs(std::vector<DataType> types, bool cudnn) {
  std::vector<AttrSpec> attrs = {TypeAttr("T", std::move(types)),
                                 RequiredAttr("strides", AttrKind::kListInt)};
  if (cudnn) attrs.push_back(BoolAttr("use_cudnn_on_gpu", true));
  attrs.push_back(RequiredAttr("padding", AttrKind::kString));
  attrs.push_back(
      AttrWithDefault("explicit_paddings", AttrKind::kListInt, "list { }"));
  attrs.push_back(StringAttr("data_format", "NHWC"));
  attrs.push_back(AttrWithDefault("dilations", AttrKind::kListInt,
                                  "list { i: 1 i: 1 i: 1 i: 1 }"));
  return attrs;
}

OpSpec& AddConv(std::vector<OpSpec>& ops, const char* name, ShapeFn shape_fn,
                const char* summary, const char* example) {
  OpSpec& op = AddOp(ops, name, "nn", shape_fn);
  op.summary = summary;
  op.description = Describe(
      "NHWC or NCHW (data_format); the filter is HWIO. padding SAME, VALID "
      "or EXPLICIT (explicit_paddings: 2 per dim, in data_format order); "
      "strides and dilations in data_format order, 1 for batch and "
      "channels.",
      example);
  op.outputs = {Arg("output", "T")};
  return op;
}

// MaxPool, AvgPool and their gradients: ksize and strides in data_format
// order.
OpSpec& AddPool(std::vector<OpSpec>& ops, const char* name, ShapeFn shape_fn,
                const char* summary, const char* example,
                std::vector<DataType> types, bool float_default) {
  OpSpec& op = AddOp(ops, name, "nn", shape_fn);
  op.summary = summary;
  op.description = Describe(
      "NHWC or NCHW (data_format); ksize and strides in data_format order, "
      "1 for batch and channels; padding SAME (windows clipped at the "
      "edges) or VALID.",
      example);
  op.outputs = {Arg("output", "T")};
  op.attrs = {float_default
                  ? TypeAttr("T", std::move(types), tensorflow::DT_FLOAT)
                  : TypeAttr("T", std::move(types)),
              RequiredAttr("ksize", AttrKind::kListInt),
              RequiredAttr("strides", AttrKind::kListInt),
              RequiredAttr("padding", AttrKind::kString),
              StringAttr("data_format", "NHWC")};
  return op;
}

// MaxPool and MaxPoolGrad also take EXPLICIT padding.
void AddExplicitPaddings(OpSpec& op) {
  op.attrs.insert(
      op.attrs.end() - 1,
      AttrWithDefault("explicit_paddings", AttrKind::kListInt, "list { }"));
}

void AddBatchNormOps(std::vector<OpSpec>& ops) {
  const std::vector<DataType> x_types = {
      tensorflow::DT_HALF, tensorflow::DT_BFLOAT16, tensorflow::DT_FLOAT};
  {
    OpSpec& op = AddOp(ops, "FusedBatchNormV3", "nn", FusedBatchNormShape);
    op.summary = "Normalizes x per channel: batch statistics or given ones.";
    op.description = Describe(
        "Training: y = (x - m) / sqrt(v + epsilon) * scale + offset with the "
        "batch's mean m and biased variance v; batch_variance is unbiased "
        "(n / (n - 1)); with exponential_avg_factor f < 1 the two are mixed "
        "with the mean and variance inputs, (1 - f) old + f new; "
        "reserve_space_1 and 2 are m and v. Inference: m and v are the "
        "inputs.",
        R"(%y:6 = "kiln.FusedBatchNormV3"(%x, %s, %o, %m, %v) {epsilon = 1.000000e-03 : f32} : (tensor<8x4x4x16xf32>, tensor<16xf32>, tensor<16xf32>, tensor<16xf32>, tensor<16xf32>) -> (tensor<8x4x4x16xf32>, tensor<16xf32>, tensor<16xf32>, tensor<16xf32>, tensor<16xf32>, tensor<0xf32>, !kiln.control))");
    op.inputs = {Arg("x", "T"), Arg("scale", "U"), Arg("offset", "U"),
                 Arg("mean", "U"), Arg("variance", "U")};
    op.outputs = {Arg("y", "T"),
                  Arg("batch_mean", "U"),
                  Arg("batch_variance", "U"),
                  Arg("reserve_space_1", "U"),
                  Arg("reserve_space_2", "U"),
                  Arg("reserve_space_3", "U")};
    op.attrs = {
        TypeAttr("T", x_types),
        TypeAttr("U", {tensorflow::DT_FLOAT}),
        AttrWithDefault("epsilon", AttrKind::kFloat, "f: 0.0001"),
        AttrWithDefault("exponential_avg_factor", AttrKind::kFloat, "f: 1"),
        StringAttr("data_format", "NHWC"),
        BoolAttr("is_training", true)};
  }
  {
    OpSpec& op =
        AddOp(ops, "FusedBatchNormGradV3", "nn", FusedBatchNormGradShape);
    op.summary = "Computes the gradients of FusedBatchNormV3.";
    op.description = Describe(
        "reserve_space_1 and 2 are the forward pass's (its mean and biased "
        "variance in training, the given ones in inference); x_backprop in "
        "training includes the statistics' dependence on x.",
        R"(%g:5 = "kiln.FusedBatchNormGradV3"(%dy, %x, %s, %r1, %r2, %r3) {epsilon = 1.000000e-03 : f32} : (tensor<8x4x4x16xf32>, tensor<8x4x4x16xf32>, tensor<16xf32>, tensor<16xf32>, tensor<16xf32>, tensor<0xf32>) -> (tensor<8x4x4x16xf32>, tensor<16xf32>, tensor<16xf32>, tensor<0xf32>, tensor<0xf32>, !kiln.control))");
    op.inputs = {Arg("y_backprop", "T"),      Arg("x", "T"),
                 Arg("scale", "U"),           Arg("reserve_space_1", "U"),
                 Arg("reserve_space_2", "U"), Arg("reserve_space_3", "U")};
    op.outputs = {Arg("x_backprop", "T"), Arg("scale_backprop", "U"),
                  Arg("offset_backprop", "U"), Arg("reserve_space_4", "U"),
                  Arg("reserve_space_5", "U")};
    op.attrs = {TypeAttr("T", x_types), TypeAttr("U", {tensorflow::DT_FLOAT}),
                AttrWithDefault("epsilon", AttrKind::kFloat, "f: 0.0001"),
                StringAttr("data_format", "NHWC"),
                BoolAttr("is_training", true)};
  }
}

void AddResizeOps(std::vector<OpSpec>& ops) {
  const std::vector<DataType> image_types =
      Concat(FloatTypes(), {tensorflow::DT_INT32, tensorflow::DT_INT64});
  auto resize_attrs = [](std::vector<DataType> types) {
    return std::vector<AttrSpec>{TypeAttr("T", std::move(types)),
                                 BoolAttr("align_corners", false),
                                 BoolAttr("half_pixel_centers", false)};
  };
  const char* sampling =
      "images are NHWC; align_corners maps corner pixels onto corner pixels "
      "(scale (in - 1) / (out - 1)), half_pixel_centers samples at pixel "
      "centers, as TensorFlow 2's tf.image.resize.";
  {
    OpSpec& op = AddOp(ops, "ResizeBilinear", "nn", ResizeShape);
    op.summary = "Resizes images to size by bilinear interpolation.";
    op.description = Describe(
        sampling,
        R"(%y:2 = "kiln.ResizeBilinear"(%x, %size) {half_pixel_centers = true} : (tensor<8x28x28x1xf32>, tensor<2xi32>) -> (tensor<8x56x56x1xf32>, !kiln.control))");
    op.inputs = {Arg("images", "T"), FixedArg("size", tensorflow::DT_INT32)};
    op.outputs = {FixedArg("resized_images", tensorflow::DT_FLOAT)};
    op.attrs = resize_attrs(image_types);
  }
  {
    OpSpec& op = AddOp(ops, "ResizeNearestNeighbor", "nn", ResizeShape);
    op.summary = "Resizes images to size by taking the nearest pixel.";
    op.description = Describe(
        sampling,
        R"(%y:2 = "kiln.ResizeNearestNeighbor"(%x, %size) : (tensor<8x28x28x1xf32>, tensor<2xi32>) -> (tensor<8x56x56x1xf32>, !kiln.control))");
    op.inputs = {Arg("images", "T"), FixedArg("size", tensorflow::DT_INT32)};
    op.outputs = {Arg("resized_images", "T")};
    op.attrs = resize_attrs(image_types);
  }
  {
    OpSpec& op =
        AddOp(ops, "ResizeBilinearGrad", "nn", ResizeBilinearGradShape);
    op.summary = "Computes the gradient of ResizeBilinear.";
    op.description = Describe(
        "grads (float) are spread back onto original_image's shape with the "
        "interpolation weights.",
        R"(%dx:2 = "kiln.ResizeBilinearGrad"(%dy, %x) : (tensor<8x56x56x1xf32>, tensor<8x28x28x1xf32>) -> (tensor<8x28x28x1xf32>, !kiln.control))");
    op.inputs = {FixedArg("grads", tensorflow::DT_FLOAT),
                 Arg("original_image", "T")};
    op.outputs = {Arg("output", "T")};
    op.attrs = resize_attrs(FloatTypes());
  }
  {
    OpSpec& op = AddOp(ops, "ResizeNearestNeighborGrad", "nn", ResizeShape);
    op.summary = "Computes the gradient of ResizeNearestNeighbor.";
    op.description = Describe(
        "size is the original images' [height, width]; each gradient goes to "
        "the pixel it was read from.",
        R"(%dx:2 = "kiln.ResizeNearestNeighborGrad"(%dy, %size) : (tensor<8x56x56x1xf32>, tensor<2xi32>) -> (tensor<8x28x28x1xf32>, !kiln.control))");
    op.inputs = {Arg("grads", "T"), FixedArg("size", tensorflow::DT_INT32)};
    op.outputs = {Arg("output", "T")};
    op.attrs = resize_attrs(Concat(FloatTypes(), {tensorflow::DT_INT32}));
  }
  {
    OpSpec& op = AddOp(ops, "ImageProjectiveTransformV3", "nn",
                       ImageProjectiveTransformShape);
    op.summary = "Applies projective transforms to images.";
    op.description = Describe(
        "transforms [1 or batch, 8] (a0..a2, b0..b2, c0, c1) map output "
        "point (x, y) to input point ((a0 x + a1 y + a2) / k, (b0 x + b1 y + "
        "b2) / k), k = c0 x + c1 y + 1; points outside are mapped back by "
        "fill_mode (REFLECT, WRAP, NEAREST) or read as fill_value "
        "(CONSTANT); interpolation is NEAREST or BILINEAR (in float), as "
        "TensorFlow's (Keras' RandomRotation, RandomTranslation, "
        "RandomZoom).",
        R"(%y:2 = "kiln.ImageProjectiveTransformV3"(%x, %t, %size, %fill) {interpolation = "BILINEAR", fill_mode = "REFLECT"} : (tensor<8x28x28x1xf32>, tensor<8x8xf32>, tensor<2xi32>, tensor<f32>) -> (tensor<8x28x28x1xf32>, !kiln.control))");
    op.inputs = {Arg("images", "dtype"),
                 FixedArg("transforms", tensorflow::DT_FLOAT),
                 FixedArg("output_shape", tensorflow::DT_INT32),
                 FixedArg("fill_value", tensorflow::DT_FLOAT)};
    op.outputs = {Arg("transformed_images", "dtype")};
    op.attrs = {
        TypeAttr("dtype", Concat(FloatTypes(), {tensorflow::DT_INT32,
                                                tensorflow::DT_INT64})),
        RequiredAttr("interpolation", AttrKind::kString),
        StringAttr("fill_mode", "CONSTANT")};
  }
}

void AddConvOps(std::vector<OpSpec>& ops) {
  const std::vector<DataType> conv_types =
      Concat(FloatTypes(), {tensorflow::DT_INT32});
  {
    OpSpec& op = AddConv(
        ops, "Conv2D", Conv2DShape,
        "Computes a 2-D convolution (cross-correlation) of input and filter.",
        R"(%y:2 = "kiln.Conv2D"(%x, %w) {padding = "SAME", strides = [1, 1, 1, 1]} : (tensor<8x28x28x1xf32>, tensor<3x3x1x32xf32>) -> (tensor<8x28x28x32xf32>, !kiln.control))");
    op.inputs = {Arg("input", "T"), Arg("filter", "T")};
    op.attrs = ConvAttrs(conv_types, true);
  }
  {
    OpSpec& op = AddConv(
        ops, "Conv2DBackpropInput", ConvBackpropShape,
        "Computes the gradient of Conv2D with respect to its input.",
        R"(%dx:2 = "kiln.Conv2DBackpropInput"(%sizes, %w, %dy) {padding = "SAME", strides = [1, 1, 1, 1]} : (tensor<4xi32>, tensor<3x3x1x32xf32>, tensor<8x28x28x32xf32>) -> (tensor<8x28x28x1xf32>, !kiln.control))");
    op.inputs = {FixedArg("input_sizes", tensorflow::DT_INT32),
                 Arg("filter", "T"), Arg("out_backprop", "T")};
    op.attrs = ConvAttrs(conv_types, true);
  }
  {
    OpSpec& op = AddConv(
        ops, "Conv2DBackpropFilter", ConvBackpropShape,
        "Computes the gradient of Conv2D with respect to its filter.",
        R"(%dw:2 = "kiln.Conv2DBackpropFilter"(%x, %sizes, %dy) {padding = "SAME", strides = [1, 1, 1, 1]} : (tensor<8x28x28x1xf32>, tensor<4xi32>, tensor<8x28x28x32xf32>) -> (tensor<3x3x1x32xf32>, !kiln.control))");
    op.inputs = {Arg("input", "T"),
                 FixedArg("filter_sizes", tensorflow::DT_INT32),
                 Arg("out_backprop", "T")};
    op.attrs = ConvAttrs(FloatTypes(), true);
  }
  {
    OpSpec& op = AddConv(
        ops, "DepthwiseConv2dNative", Conv2DShape,
        "Convolves each input channel with its own channel_multiplier filters.",
        R"(%y:2 = "kiln.DepthwiseConv2dNative"(%x, %w) {padding = "SAME", strides = [1, 1, 1, 1]} : (tensor<8x28x28x16xf32>, tensor<3x3x16x2xf32>) -> (tensor<8x28x28x32xf32>, !kiln.control))");
    op.inputs = {Arg("input", "T"), Arg("filter", "T")};
    op.attrs = ConvAttrs(FloatTypes(), false);
  }
  {
    OpSpec& op = AddConv(
        ops, "DepthwiseConv2dNativeBackpropInput", ConvBackpropShape,
        "Computes the gradient of DepthwiseConv2dNative with respect to its "
        "input.",
        R"(%dx:2 = "kiln.DepthwiseConv2dNativeBackpropInput"(%sizes, %w, %dy) {padding = "SAME", strides = [1, 1, 1, 1]} : (tensor<4xi32>, tensor<3x3x16x2xf32>, tensor<8x28x28x32xf32>) -> (tensor<8x28x28x16xf32>, !kiln.control))");
    op.inputs = {FixedArg("input_sizes", tensorflow::DT_INT32),
                 Arg("filter", "T"), Arg("out_backprop", "T")};
    op.attrs = ConvAttrs(FloatTypes(), false);
  }
  {
    OpSpec& op = AddConv(
        ops, "DepthwiseConv2dNativeBackpropFilter", ConvBackpropShape,
        "Computes the gradient of DepthwiseConv2dNative with respect to its "
        "filter.",
        R"(%dw:2 = "kiln.DepthwiseConv2dNativeBackpropFilter"(%x, %sizes, %dy) {padding = "SAME", strides = [1, 1, 1, 1]} : (tensor<8x28x28x16xf32>, tensor<4xi32>, tensor<8x28x28x32xf32>) -> (tensor<3x3x16x2xf32>, !kiln.control))");
    op.inputs = {Arg("input", "T"),
                 FixedArg("filter_sizes", tensorflow::DT_INT32),
                 Arg("out_backprop", "T")};
    op.attrs = ConvAttrs(FloatTypes(), false);
  }
  const std::vector<DataType> max_types =
      Concat(FloatTypes(), {tensorflow::DT_INT32, tensorflow::DT_INT64});
  {
    OpSpec& op = AddPool(
        ops, "MaxPool", PoolShape, "Max over each window.",
        R"(%y:2 = "kiln.MaxPool"(%x) {ksize = [1, 2, 2, 1], padding = "VALID", strides = [1, 2, 2, 1]} : (tensor<8x28x28x32xf32>) -> (tensor<8x14x14x32xf32>, !kiln.control))",
        max_types, true);
    op.inputs = {Arg("input", "T")};
    AddExplicitPaddings(op);
  }
  {
    OpSpec& op = AddPool(
        ops, "MaxPoolGrad", MaxPoolGradShape,
        "Routes each window's gradient to the window's (first) maximum.",
        R"(%dx:2 = "kiln.MaxPoolGrad"(%x, %y, %dy) {ksize = [1, 2, 2, 1], padding = "VALID", strides = [1, 2, 2, 1]} : (tensor<8x28x28x32xf32>, tensor<8x14x14x32xf32>, tensor<8x14x14x32xf32>) -> (tensor<8x28x28x32xf32>, !kiln.control))",
        max_types, true);
    op.inputs = {Arg("orig_input", "T"), Arg("orig_output", "T"),
                 Arg("grad", "T")};
    AddExplicitPaddings(op);
  }
  {
    OpSpec& op = AddPool(
        ops, "MaxPoolGradGrad", MaxPoolGradGradShape,
        "Picks, per window, grad at the window's (first) maximum.",
        R"(%g:2 = "kiln.MaxPoolGradGrad"(%x, %y, %ddx) {ksize = [1, 2, 2, 1], padding = "VALID", strides = [1, 2, 2, 1]} : (tensor<8x28x28x32xf32>, tensor<8x14x14x32xf32>, tensor<8x28x28x32xf32>) -> (tensor<8x14x14x32xf32>, !kiln.control))",
        max_types, false);
    op.inputs = {Arg("orig_input", "T"), Arg("orig_output", "T"),
                 Arg("grad", "T")};
  }
  {
    OpSpec& op = AddPool(
        ops, "AvgPool", PoolShape,
        "Mean over each window (SAME: over its part inside the input).",
        R"(%y:2 = "kiln.AvgPool"(%x) {ksize = [1, 2, 2, 1], padding = "VALID", strides = [1, 2, 2, 1]} : (tensor<8x28x28x32xf32>) -> (tensor<8x14x14x32xf32>, !kiln.control))",
        FloatTypes(), false);
    op.inputs = {Arg("value", "T")};
  }
  {
    OpSpec& op = AddPool(
        ops, "AvgPoolGrad", AvgPoolGradShape,
        "Spreads each window's gradient evenly over the window.",
        R"(%dx:2 = "kiln.AvgPoolGrad"(%sizes, %dy) {ksize = [1, 2, 2, 1], padding = "VALID", strides = [1, 2, 2, 1]} : (tensor<4xi32>, tensor<8x14x14x32xf32>) -> (tensor<8x28x28x32xf32>, !kiln.control))",
        FloatTypes(), false);
    op.inputs = {FixedArg("orig_input_shape", tensorflow::DT_INT32),
                 Arg("grad", "T")};
  }
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
  AddConvOps(ops);
  AddBatchNormOps(ops);
  AddResizeOps(ops);
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
