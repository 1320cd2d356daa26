// Gradients of the windowed ops: Conv2D and its two backprops (each one's
// gradient is made of the other two and Conv2D, so every order exists),
// MaxPool/MaxPoolGrad/MaxPoolGradGrad and AvgPool/AvgPoolGrad. Every node
// a gradient builds carries the forward node's window attrs.
#include "frontend/gradients/grad_helpers.h"
#include "frontend/gradients/registry.h"
#include "frontend/ops/ops.h"

namespace kiln {
namespace {

// The optional conv attrs of `op`, for a builder's attrs struct `A`.
template <typename A>
A ConvAttrsOf(const GradOp& op) {
  return A()
      .ExplicitPaddings(op.GetIntList("explicit_paddings"))
      .DataFormat(op.GetString("data_format"))
      .Dilations(op.GetIntList("dilations"));
}

Output ConvInputGrad(const Scope& s, const GradOp& op, const Output& sizes_of,
                     const Output& filter, const Output& dy) {
  return ops::Conv2DBackpropInput(
      s, grad::ShapeOf(s, sizes_of), filter, dy, op.GetIntList("strides"),
      op.GetString("padding"),
      ConvAttrsOf<ops::Conv2DBackpropInputAttrs>(op));
}

Output ConvFilterGrad(const Scope& s, const GradOp& op, const Output& input,
                      const Output& sizes_of, const Output& dy) {
  return ops::Conv2DBackpropFilter(
      s, input, grad::ShapeOf(s, sizes_of), dy, op.GetIntList("strides"),
      op.GetString("padding"),
      ConvAttrsOf<ops::Conv2DBackpropFilterAttrs>(op));
}

Output Conv(const Scope& s, const GradOp& op, const Output& input,
            const Output& filter) {
  return ops::Conv2D(s, input, filter, op.GetIntList("strides"),
                     op.GetString("padding"),
                     ConvAttrsOf<ops::Conv2DAttrs>(op));
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

}  // namespace

void RegisterConvGradients(GradientRegistry& r) {
  r.Register("Conv2D", Conv2DGrad);
  r.Register("Conv2DBackpropInput", Conv2DBackpropInputGrad);
  r.Register("Conv2DBackpropFilter", Conv2DBackpropFilterGrad);
  r.Register("MaxPool", MaxPoolGrad);
  r.Register("MaxPoolGrad", MaxPoolGradGrad);
  r.Register("MaxPoolGradGrad", MaxPoolGradGradGrad);
  r.Register("AvgPool", AvgPoolGrad);
  r.Register("AvgPoolGrad", AvgPoolGradGrad);
}

}  // namespace kiln
