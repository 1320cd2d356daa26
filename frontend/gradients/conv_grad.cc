// Gradients of the windowed ops: Conv2D and DepthwiseConv2dNative with their
// two backprops (each one's gradient is made of the other two and the
// forward op, so every order exists),
// MaxPool/MaxPoolGrad/MaxPoolGradGrad and AvgPool/AvgPoolGrad. Every node
// a gradient builds carries the forward node's window attrs.
#include "frontend/gradients/grad_helpers.h"
#include "frontend/gradients/registry.h"
#include "frontend/ops/ops.h"

namespace kiln {
namespace {

// The ops of one convolution family: Conv2D or DepthwiseConv2dNative.
struct ConvFamily {
  std::string forward, input_grad, filter_grad;
};

ConvFamily FamilyOf(const GradOp& op) {
  const std::string base =
      op.type().rfind("Depthwise", 0) == 0 ? "DepthwiseConv2dNative" : "Conv2D";
  return {base, base + "BackpropInput", base + "BackpropFilter"};
}

// A `type` node of `op`'s family on `args`, with `op`'s window attrs.
Output Build(const Scope& s, const GradOp& op, const std::string& type,
             std::vector<OutputList> args) {
  AttrValueMap attrs;
  for (const char* name : {"strides", "padding", "explicit_paddings",
                           "data_format", "dilations"}) {
    auto it = op.node().attr().find(name);
    if (it != op.node().attr().end()) attrs[name] = it->second;
  }
  const internal::GeneratedOpBuilder* builder =
      internal::FindGeneratedOpBuilder(type);
  return builder->build(s, args, attrs)[0];
}

Output ConvInputGrad(const Scope& s, const GradOp& op, const Output& sizes_of,
                     const Output& filter, const Output& dy) {
  return Build(s, op, FamilyOf(op).input_grad,
               {{grad::ShapeOf(s, sizes_of)}, {filter}, {dy}});
}

Output ConvFilterGrad(const Scope& s, const GradOp& op, const Output& input,
                      const Output& sizes_of, const Output& dy) {
  return Build(s, op, FamilyOf(op).filter_grad,
               {{input}, {grad::ShapeOf(s, sizes_of)}, {dy}});
}

Output Conv(const Scope& s, const GradOp& op, const Output& input,
            const Output& filter) {
  return Build(s, op, FamilyOf(op).forward, {{input}, {filter}});
}

// y = conv(x, w): dx = backprop_input(dy, w), dw = backprop_filter(x, dy).
Status Conv2DGrad(const Scope& s, const GradOp& op, const OutputList& dy,
                  OutputList* dx) {
  Output x = op.input(0), w = op.input(1);
  dx->push_back(ConvInputGrad(s, op, x, w, dy[0]));
  dx->push_back(ConvFilterGrad(s, op, x, w, dy[0]));
  return s.status();
}

// y = backprop_input(sizes, w, g) is linear in w and g.
Status Conv2DBackpropInputGrad(const Scope& s, const GradOp& op,
                               const OutputList& dy, OutputList* dx) {
  Output w = op.input(1), g = op.input(2);
  dx->push_back(Output());  // input_sizes
  dx->push_back(ConvFilterGrad(s, op, dy[0], w, g));
  dx->push_back(Conv(s, op, dy[0], w));
  return s.status();
}

// y = backprop_filter(x, sizes, g) is linear in x and g.
Status Conv2DBackpropFilterGrad(const Scope& s, const GradOp& op,
                                const OutputList& dy, OutputList* dx) {
  Output x = op.input(0), g = op.input(2);
  dx->push_back(ConvInputGrad(s, op, x, dy[0], g));
  dx->push_back(Output());  // filter_sizes
  dx->push_back(Conv(s, op, x, dy[0]));
  return s.status();
}

template <typename A>
A PoolAttrsOf(const GradOp& op) {
  return A().DataFormat(op.GetString("data_format"));
}

Status MaxPoolGrad(const Scope& s, const GradOp& op, const OutputList& dy,
                   OutputList* dx) {
  dx->push_back(ops::MaxPoolGrad(
      s, op.input(0), op.output(0), dy[0], op.GetIntList("ksize"),
      op.GetIntList("strides"), op.GetString("padding"),
      PoolAttrsOf<ops::MaxPoolGradAttrs>(op).ExplicitPaddings(
          op.GetIntList("explicit_paddings"))));
  return s.status();
}

// Both second-order max-pool ops are linear in `grad` and piecewise constant
// in the pooled values (TensorFlow's gradients give those zeros too).
Status PushPoolValueZeros(const Scope& s, const GradOp& op, OutputList* dx) {
  dx->push_back(ops::ZerosLike(s, op.input(0)));
  dx->push_back(ops::ZerosLike(s, op.input(1)));
  return s.status();
}

Status MaxPoolGradGrad(const Scope& s, const GradOp& op, const OutputList& dy,
                       OutputList* dx) {
  if (op.GetString("padding") == "EXPLICIT") {
    return Unimplemented("node '" + op.name() +
                         "': MaxPoolGradGrad has no EXPLICIT padding, so "
                         "this MaxPoolGrad has no gradient");
  }
  KILN_RETURN_IF_ERROR(PushPoolValueZeros(s, op, dx));
  dx->push_back(ops::MaxPoolGradGrad(
      s, op.input(0), op.input(1), dy[0], op.GetIntList("ksize"),
      op.GetIntList("strides"), op.GetString("padding"),
      PoolAttrsOf<ops::MaxPoolGradGradAttrs>(op)));
  return s.status();
}

Status MaxPoolGradGradGrad(const Scope& s, const GradOp& op,
                           const OutputList& dy, OutputList* dx) {
  KILN_RETURN_IF_ERROR(PushPoolValueZeros(s, op, dx));
  dx->push_back(ops::MaxPoolGrad(
      s, op.input(0), op.input(1), dy[0], op.GetIntList("ksize"),
      op.GetIntList("strides"), op.GetString("padding"),
      PoolAttrsOf<ops::MaxPoolGradAttrs>(op)));
  return s.status();
}

Status AvgPoolGrad(const Scope& s, const GradOp& op, const OutputList& dy,
                   OutputList* dx) {
  dx->push_back(ops::AvgPoolGrad(
      s, grad::ShapeOf(s, op.input(0)), dy[0], op.GetIntList("ksize"),
      op.GetIntList("strides"), op.GetString("padding"),
      PoolAttrsOf<ops::AvgPoolGradAttrs>(op)));
  return s.status();
}

Status AvgPoolGradGrad(const Scope& s, const GradOp& op, const OutputList& dy,
                       OutputList* dx) {
  dx->push_back(Output());  // orig_input_shape
  dx->push_back(ops::AvgPool(s, dy[0], op.GetIntList("ksize"),
                             op.GetIntList("strides"), op.GetString("padding"),
                             PoolAttrsOf<ops::AvgPoolAttrs>(op)));
  return s.status();
}

// The resize attrs of `op` for a builder's attrs struct `A`.
template <typename A>
A ResizeAttrsOf(const GradOp& op) {
  return A()
      .AlignCorners(op.GetBool("align_corners"))
      .HalfPixelCenters(op.GetBool("half_pixel_centers"));
}

// [height, width] of a 4-D NHWC tensor: a Const when both are known (so
// shape inference downstream sees them).
Output SpatialSize(const Scope& s, const Output& x) {
  const Shape& shape = x.shape();
  if (!shape.unknown_rank && shape.rank() == 4 && shape.dims[1] >= 0 &&
      shape.dims[2] >= 0) {
    return grad::Ints(s, {shape.dims[1], shape.dims[2]});
  }
  return ops::StridedSlice(s, ops::Shape(s, x), grad::Ints(s, {1}),
                           grad::Ints(s, {3}), grad::Ints(s, {1}));
}

Status ResizeBilinearGrad(const Scope& s, const GradOp& op,
                          const OutputList& dy, OutputList* dx) {
  dx->push_back(ops::ResizeBilinearGrad(
      s, dy[0], op.input(0), ResizeAttrsOf<ops::ResizeBilinearGradAttrs>(op)));
  dx->push_back(Output());  // size
  return s.status();
}

Status ResizeNearestGrad(const Scope& s, const GradOp& op, const OutputList& dy,
                         OutputList* dx) {
  dx->push_back(ops::ResizeNearestNeighborGrad(
      s, dy[0], SpatialSize(s, op.input(0)),
      ResizeAttrsOf<ops::ResizeNearestNeighborGradAttrs>(op)));
  dx->push_back(Output());
  return s.status();
}

// Both resize gradients are linear in the gradient they spread: their own
// gradients resize again, to that gradient's size.
Status ResizeBilinearGradGrad(const Scope& s, const GradOp& op,
                              const OutputList& dy, OutputList* dx) {
  dx->push_back(
      ops::ResizeBilinear(s, dy[0], SpatialSize(s, op.input(0)),
                          ResizeAttrsOf<ops::ResizeBilinearAttrs>(op)));
  dx->push_back(Output());  // original_image: only its shape matters
  return s.status();
}

Status ResizeNearestGradGrad(const Scope& s, const GradOp& op,
                             const OutputList& dy, OutputList* dx) {
  dx->push_back(ops::ResizeNearestNeighbor(
      s, dy[0], SpatialSize(s, op.input(0)),
      ResizeAttrsOf<ops::ResizeNearestNeighborAttrs>(op)));
  dx->push_back(Output());
  return s.status();
}

// TensorFlow's gradient of ImageProjectiveTransformV3 resamples dy with the
// inverse transform, an approximation of the adjoint that finite
// differences reject; Kiln does not differentiate through it (augmentation
// layers apply it to inputs, which no gradient reaches).
Status ImageTransformGrad(const Scope&, const GradOp& op, const OutputList&,
                          OutputList*) {
  return Unimplemented("node '" + op.name() +
                       "': ImageProjectiveTransformV3 has no exact gradient; "
                       "apply it to inputs only");
}

}  // namespace

void RegisterConvGradients(GradientRegistry& r) {
  r.Register("ImageProjectiveTransformV3", ImageTransformGrad);
  r.Register("ResizeBilinear", ResizeBilinearGrad);
  r.Register("ResizeNearestNeighbor", ResizeNearestGrad);
  r.Register("ResizeBilinearGrad", ResizeBilinearGradGrad);
  r.Register("ResizeNearestNeighborGrad", ResizeNearestGradGrad);
  for (const std::string base : {"Conv2D", "DepthwiseConv2dNative"}) {
    r.Register(base, Conv2DGrad);
    r.Register(base + "BackpropInput", Conv2DBackpropInputGrad);
    r.Register(base + "BackpropFilter", Conv2DBackpropFilterGrad);
  }
  r.Register("MaxPool", MaxPoolGrad);
  r.Register("MaxPoolGrad", MaxPoolGradGrad);
  r.Register("MaxPoolGradGrad", MaxPoolGradGradGrad);
  r.Register("AvgPool", AvgPoolGrad);
  r.Register("AvgPoolGrad", AvgPoolGradGrad);
}

}  // namespace kiln
