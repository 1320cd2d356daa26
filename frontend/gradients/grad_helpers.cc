// The gradient functions' shared helpers.
#include "frontend/gradients/grad_helpers.h"

#include <algorithm>

#include "frontend/internal/graph.h"
#include "frontend/ops/ops.h"
#include "runtime/tensor/tensor.h"

namespace kiln {
namespace grad {

std::optional<std::vector<int64_t>> ConstantInts(const Output& t) {
  if (!t.valid() || t.op().op_type() != "Const" || t.op().graph() == nullptr) {
    return std::nullopt;
  }
  const tensorflow::NodeDef* node = t.op().graph()->FindNode(t.node_name());
  if (node == nullptr || !node->attr().count("value")) return std::nullopt;
  StatusOr<Tensor> value = Tensor::FromProto(node->attr().at("value").tensor());
  if (!value.ok()) return std::nullopt;
  std::vector<int64_t> ints;
  if (const int32_t* p = value->data<int32_t>()) {
    ints.assign(p, p + value->NumElements());
  } else if (const int64_t* q = value->data<int64_t>()) {
    ints.assign(q, q + value->NumElements());
  } else {
    return std::nullopt;
  }
  return ints;
}

StatusOr<std::vector<int64_t>> ConstantAxes(const Output& t, int rank,
                                            const std::string& what) {
  std::optional<std::vector<int64_t>> values = ConstantInts(t);
  if (!values || rank < 0) {
    return Unimplemented("the gradient of " + what +
                         " needs constant axes and a known rank");
  }
  std::vector<int64_t> axes;
  for (int64_t a : *values) {
    const int64_t axis = a < 0 ? a + rank : a;
    if (axis < 0 || axis >= rank) {
      return InvalidArgument("axis " + std::to_string(a) + " of " + what +
                             " is out of range for rank " +
                             std::to_string(rank));
    }
    axes.push_back(axis);
  }
  std::sort(axes.begin(), axes.end());
  axes.erase(std::unique(axes.begin(), axes.end()), axes.end());
  return axes;
}

Output Ints(const Scope& s, const std::vector<int64_t>& values) {
  std::vector<int32_t> v(values.begin(), values.end());
  return ops::Const(s, v, Shape::Of({static_cast<int64_t>(v.size())}));
}

Output ShapeOf(const Scope& s, const Output& x, DataType dtype) {
  const Shape& shape = x.shape();
  bool known = !shape.unknown_rank;
  for (int64_t d : shape.dims) known = known && d >= 0;
  if (!known) return ops::Shape(s, x, ops::ShapeAttrs().OutType(dtype));
  if (dtype == DT_INT64) {
    return ops::Const(s, shape.dims,
                      Shape::Of({static_cast<int64_t>(shape.dims.size())}));
  }
  return Ints(s, shape.dims);
}

Output Scalar(const Scope& s, double value, const Output& like) {
  return ops::Cast(s, ops::Const(s, value), like.dtype());
}

Output OrZeros(const Scope& s, const Output& dy, const Output& like) {
  return dy.valid() ? dy : ops::ZerosLike(s, like);
}

Output ReduceToShape(const Scope& s, const Output& grad, const Output& x) {
  const Shape& gs = grad.shape();
  const Shape& xs = x.shape();
  if (gs.unknown_rank || xs.unknown_rank) return grad;
  const int lead = gs.rank() - xs.rank();
  std::vector<int64_t> ones;  // dims where x has 1 and grad may not
  for (int d = 0; d < xs.rank(); ++d) {
    if (xs.dims[d] == 1 && gs.dims[d + lead] != 1) ones.push_back(d + lead);
  }
  Output out = grad;
  if (!ones.empty()) {
    out = ops::Sum(s, out, Ints(s, ones), ops::SumAttrs().KeepDims(true));
  }
  if (lead > 0) {
    std::vector<int64_t> leading;
    for (int d = 0; d < lead; ++d) leading.push_back(d);
    out = ops::Sum(s, out, Ints(s, leading));
  }
  return out;
}

Output BroadcastReduced(const Scope& s, const Output& dy, const Output& x,
                        const std::vector<int64_t>& axes, bool keep_dims) {
  Output kept = dy;
  if (!keep_dims) {
    for (int64_t axis : axes) kept = ops::ExpandDims(s, kept, axis);
  }
  return ops::Mul(s, kept, ops::OnesLike(s, x));
}

Output ReducedCount(const Scope& s, const Output& x,
                    const std::vector<int64_t>& axes) {
  int64_t count = 1;
  for (int64_t axis : axes) {
    const int64_t dim = x.shape().unknown_rank ? -1 : x.shape().dims[axis];
    if (dim < 0) {
      return ops::Sum(s, ops::OnesLike(s, x), Ints(s, axes),
                      ops::SumAttrs().KeepDims(true));
    }
    count *= dim;
  }
  return Scalar(s, static_cast<double>(count), x);
}

bool IsDifferentiable(DataType dtype) {
  switch (dtype) {
    case tensorflow::DT_FLOAT:
    case tensorflow::DT_DOUBLE:
    case tensorflow::DT_HALF:
    case tensorflow::DT_BFLOAT16:
    case tensorflow::DT_RESOURCE:
      return true;
    default:
      return false;
  }
}

}  // namespace grad
}  // namespace kiln
