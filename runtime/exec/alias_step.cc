// ALIAS and SHAPE steps: views of input 0 with a new shape (Reshape,
// ExpandDims, Squeeze, Identity, ...) and Shape, computed directly from the
// concrete input rather than through the op table (these run on every Run).
#include <string>
#include <vector>

#include "runtime/exec/internal/prepared_plan.h"

namespace kiln {
namespace exec_internal {
namespace {

StatusOr<std::vector<int64_t>> IntValues(const Tensor& t, const char* what) {
  std::vector<int64_t> out;
  if (t.dtype() == tensorflow::DT_INT32) {
    for (int32_t v : t.flat<int32_t>()) out.push_back(v);
  } else if (t.dtype() == tensorflow::DT_INT64) {
    for (int64_t v : t.flat<int64_t>()) out.push_back(v);
  } else {
    return InvalidArgument(std::string(what) + " must be int32 or int64, got " +
                           DataTypeName(t.dtype()));
  }
  return out;
}

StatusOr<std::vector<int64_t>> ReshapeDims(const Tensor& in,
                                           const Tensor& shape) {
  KILN_ASSIGN_OR_RETURN(std::vector<int64_t> dims, IntValues(shape, "shape"));
  int unknown = -1;
  int64_t known = 1;
  for (size_t i = 0; i < dims.size(); ++i) {
    if (dims[i] == -1 && unknown < 0) {
      unknown = static_cast<int>(i);
    } else if (dims[i] < 0) {
      return InvalidArgument("bad reshape target dim " +
                             std::to_string(dims[i]));
    } else {
      known *= dims[i];
    }
  }
  const int64_t n = in.NumElements();
  if (unknown >= 0) {
    if (known == 0 || n % known != 0) {
      return InvalidArgument("cannot reshape " + in.shape().ToString() + " (" +
                             std::to_string(n) + " elements) with a -1 dim");
    }
    dims[unknown] = n / known;
  } else if (known != n) {
    return InvalidArgument("cannot reshape " + in.shape().ToString() + " (" +
                           std::to_string(n) + " elements) into " +
                           std::to_string(known) + " elements");
  }
  return dims;
}

StatusOr<std::vector<int64_t>> ExpandDims(const Tensor& in,
                                          const Tensor& axis) {
  KILN_ASSIGN_OR_RETURN(std::vector<int64_t> a, IntValues(axis, "axis"));
  const int64_t rank = in.dims();
  if (a.size() != 1 || a[0] < -rank - 1 || a[0] > rank) {
    return InvalidArgument("ExpandDims axis out of range for rank " +
                           std::to_string(rank));
  }
  const int64_t at = a[0] < 0 ? a[0] + rank + 1 : a[0];
  std::vector<int64_t> dims = in.shape().dim_sizes();
  dims.insert(dims.begin() + at, 1);
  return dims;
}

StatusOr<std::vector<int64_t>> SqueezeDims(const Tensor& in,
                                           const std::vector<int64_t>& axes) {
  const int rank = in.dims();
  std::vector<bool> drop(rank, false);
  for (int64_t a : axes) {
    if (a < -rank || a >= rank) {
      return InvalidArgument("squeeze dim " + std::to_string(a) +
                             " out of range for rank " + std::to_string(rank));
    }
    const int d = static_cast<int>(a < 0 ? a + rank : a);
    if (in.dim_size(d) != 1) {
      return InvalidArgument("cannot squeeze dim " + std::to_string(d) +
                             " of " + in.shape().ToString() + ": not 1");
    }
    drop[d] = true;
  }
  std::vector<int64_t> dims;
  for (int d = 0; d < rank; ++d) {
    const bool squeeze = axes.empty() ? in.dim_size(d) == 1 : drop[d];
    if (!squeeze) dims.push_back(in.dim_size(d));
  }
  return dims;
}

}  // namespace

Status RunAliasStep(const PreparedStep& step, RunContext& ctx) {
  std::vector<Tensor>& values = ctx.arena->values;
  const Tensor& in = values[step.inputs[0]];
  const std::string& op = step.step->node().op();
  const bool has_second = step.inputs.size() > 1;
  std::vector<int64_t> dims;
  if (op == "Reshape" && has_second) {
    KILN_ASSIGN_OR_RETURN(dims, ReshapeDims(in, values[step.inputs[1]]));
  } else if (op == "ExpandDims" && has_second) {
    KILN_ASSIGN_OR_RETURN(dims, ExpandDims(in, values[step.inputs[1]]));
  } else if (op == "Squeeze") {
    KILN_ASSIGN_OR_RETURN(dims, SqueezeDims(in, step.squeeze_dims));
  } else {
    // Identity, StopGradient, Snapshot, ...: the same shape.
    dims = in.shape().dim_sizes();
  }
  KILN_ASSIGN_OR_RETURN(TensorShape shape,
                        TensorShape::Create(std::move(dims)));
  KILN_ASSIGN_OR_RETURN(values[step.outputs[0]], in.Reshape(shape));
  return OkStatus();
}

Status RunShapeStep(const PreparedStep& step, RunContext& ctx) {
  std::vector<Tensor>& values = ctx.arena->values;
  const Tensor& in = values[step.inputs[0]];
  const int out = step.outputs[0];
  KILN_ASSIGN_OR_RETURN(TensorShape shape, TensorShape::Create({in.dims()}));
  KILN_ASSIGN_OR_RETURN(values[out],
                        AllocateValue(ctx, out, step.attr_dtype, shape));
  Tensor& t = values[out];
  for (int d = 0; d < in.dims(); ++d) {
    if (step.attr_dtype == tensorflow::DT_INT64) {
      t.data<int64_t>()[d] = in.dim_size(d);
    } else if (step.attr_dtype == tensorflow::DT_INT32) {
      t.data<int32_t>()[d] = static_cast<int32_t>(in.dim_size(d));
    } else {
      return InvalidArgument("Shape out_type must be int32 or int64, got " +
                             DataTypeName(step.attr_dtype));
    }
  }
  return OkStatus();
}

}  // namespace exec_internal
}  // namespace kiln
