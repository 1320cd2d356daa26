// Reference kernels, array family: the pure re-shapes (Reshape, ExpandDims,
// Squeeze), Shape, Transpose, Slice, StridedSlice(Grad), Pad, ConcatV2, Pack,
// Fill and OneHot. They move elements, so they work on bytes and take every
// storable dtype.
#include <cstring>

#include "runtime/graph/strided_slice_spec.h"
#include "runtime/reference/broadcast.h"
#include "runtime/reference/kernels.h"

namespace kiln {
namespace reference {
namespace {

char* Bytes(const Tensor& t) { return static_cast<char*>(t.raw_data()); }

int64_t Product(const std::vector<int64_t>& dims, size_t begin, size_t end) {
  int64_t p = 1;
  for (size_t i = begin; i < end && i < dims.size(); ++i) p *= dims[i];
  return p;
}

// The output's elements are the input's, in the same order.
Status CopyAll(const Tensor& in, Tensor& out) {
  if (in.bytes() > 0) std::memcpy(Bytes(out), Bytes(in), in.bytes());
  return OkStatus();
}

Status ShapeKernel(const Tensor& in, Tensor& out) {
  for (int d = 0; d < in.dims(); ++d) {
    if (int32_t* p = out.data<int32_t>()) p[d] = static_cast<int32_t>(in.dim_size(d));
    if (int64_t* p = out.data<int64_t>()) p[d] = in.dim_size(d);
  }
  return OkStatus();
}

Status TransposeKernel(const Tensor& in, const std::vector<int64_t>& perm,
                       Tensor& out) {
  // Output dim d walks input dim perm[d].
  const std::vector<int64_t> in_strides = RowMajorStrides(Dims(in));
  std::vector<int64_t> strides(perm.size());
  for (size_t d = 0; d < perm.size(); ++d) {
    strides[d] = in_strides[perm[d] < 0 ? perm[d] + in.dims() : perm[d]];
  }
  const size_t size = DataTypeSize(in.dtype());
  IndexWalker w(Dims(out), {strides});
  for (int64_t i = 0; i < out.NumElements(); ++i, w.Next()) {
    std::memcpy(Bytes(out) + i * size, Bytes(in) + w.offset(0) * size, size);
  }
  return OkStatus();
}

// Copies the elements of `in` at base + index . strides, for every index of
// `dims` in row-major order, into `out`.
Status StridedCopy(const Tensor& in, int64_t base,
                   const std::vector<int64_t>& dims,
                   const std::vector<int64_t>& strides, Tensor& out) {
  const size_t size = DataTypeSize(in.dtype());
  IndexWalker w(dims, {strides});
  for (int64_t i = 0; i < out.NumElements(); ++i, w.Next()) {
    std::memcpy(Bytes(out) + i * size, Bytes(in) + (base + w.offset(0)) * size,
                size);
  }
  return OkStatus();
}

// out[i] = in[begin + i]; the shape function checked begin and size.
Status SliceKernel(const Tensor& in, const std::vector<int64_t>& begin,
                   Tensor& out) {
  const std::vector<int64_t> strides = RowMajorStrides(Dims(in));
  int64_t base = 0;
  for (size_t d = 0; d < begin.size() && d < strides.size(); ++d) {
    base += begin[d] * strides[d];
  }
  return StridedCopy(in, base, Dims(out), strides, out);
}

// Where a strided slice reads in a row-major tensor: the first element and
// per output element dim (of the dense spec; new and shrunk axes do not
// change the element order) its extent and stride.
struct SliceWalk {
  int64_t base = 0;
  std::vector<int64_t> extents, strides;
};

StatusOr<SliceWalk> StridedSliceWalk(const KernelContext& c,
                                     const std::vector<int64_t>& dims,
                                     int first_index_input) {
  StridedSliceMasks m;
  m.begin = c.attrs.GetInt("begin_mask").value_or(0);
  m.end = c.attrs.GetInt("end_mask").value_or(0);
  m.ellipsis = c.attrs.GetInt("ellipsis_mask").value_or(0);
  m.new_axis = c.attrs.GetInt("new_axis_mask").value_or(0);
  m.shrink = c.attrs.GetInt("shrink_axis_mask").value_or(0);
  const int i = first_index_input;
  StatusOr<StridedSliceSpec> spec = ExpandStridedSlice(
      static_cast<int>(dims.size()), m, IntValues(c.inputs[i]),
      IntValues(c.inputs[i + 1]), IntValues(c.inputs[i + 2]));
  if (!spec.ok()) return c.Error(spec.status().message());
  const std::vector<int64_t> in_strides = RowMajorStrides(dims);
  SliceWalk walk;
  for (const StridedSliceDim& d : spec->dense) {
    StatusOr<std::optional<SliceRange>> range = d.Resolve(dims[d.input_dim]);
    if (!range.ok()) return c.Error(range.status().message());
    walk.base += (*range)->start * in_strides[d.input_dim];
    walk.extents.push_back((*range)->extent);
    walk.strides.push_back(in_strides[d.input_dim] * d.stride);
  }
  return walk;
}

Status StridedSliceKernel(KernelContext& c) {
  const Tensor& in = c.inputs[0];
  KILN_ASSIGN_OR_RETURN(SliceWalk walk, StridedSliceWalk(c, Dims(in), 1));
  return StridedCopy(in, walk.base, walk.extents, walk.strides, c.outputs[0]);
}

// Writes the elements of `from` to `to` at base + index . strides, for every
// index of `dims` in row-major order (StridedCopy's inverse).
void StridedScatter(const Tensor& from, int64_t base,
                    const std::vector<int64_t>& dims,
                    const std::vector<int64_t>& strides, Tensor& to) {
  const size_t size = DataTypeSize(from.dtype());
  IndexWalker w(dims, {strides});
  for (int64_t i = 0; i < from.NumElements(); ++i, w.Next()) {
    std::memcpy(Bytes(to) + (base + w.offset(0)) * size, Bytes(from) + i * size,
                size);
  }
}

void Zero(Tensor& t) {
  if (t.bytes() > 0) std::memset(Bytes(t), 0, t.bytes());
}

// dy goes where StridedSlice read; the rest is 0.
Status StridedSliceGradKernel(KernelContext& c) {
  Tensor& out = c.outputs[0];
  const Tensor& dy = c.inputs[4];
  KILN_ASSIGN_OR_RETURN(SliceWalk walk, StridedSliceWalk(c, Dims(out), 1));
  int64_t count = 1;
  for (int64_t e : walk.extents) count *= e;
  if (count != dy.NumElements()) {
    return c.Error("dy has " + std::to_string(dy.NumElements()) +
                   " elements but the slice has " + std::to_string(count));
  }
  Zero(out);
  StridedScatter(dy, walk.base, walk.extents, walk.strides, out);
  return OkStatus();
}

// in goes at offset `before` of each dim; the rest is 0.
Status PadKernel(KernelContext& c) {
  const Tensor& in = c.inputs[0];
  Tensor& out = c.outputs[0];
  const std::vector<int64_t> pads = IntValues(c.inputs[1]);
  const std::vector<int64_t> out_strides = RowMajorStrides(Dims(out));
  int64_t base = 0;
  for (int d = 0; d < in.dims(); ++d) base += pads[2 * d] * out_strides[d];
  Zero(out);
  StridedScatter(in, base, Dims(in), out_strides, out);
  return OkStatus();
}

// Joins `values` along `axis` of the output. For Pack each value adds one
// to that dim; for ConcatV2 its own size along it.
Status JoinKernel(const std::vector<Tensor>& values, int axis, Tensor& out) {
  const size_t size = DataTypeSize(out.dtype());
  const int64_t outer = Product(Dims(out), 0, axis);
  int64_t offset = 0;
  for (int64_t o = 0; o < outer; ++o) {
    for (const Tensor& v : values) {
      const int64_t chunk = outer == 0 ? 0 : v.NumElements() / outer;
      std::memcpy(Bytes(out) + offset * size, Bytes(v) + o * chunk * size,
                  chunk * size);
      offset += chunk;
    }
  }
  return OkStatus();
}

Status FillKernel(const Tensor& value, Tensor& out) {
  const size_t size = DataTypeSize(out.dtype());
  for (int64_t i = 0; i < out.NumElements(); ++i) {
    std::memcpy(Bytes(out) + i * size, Bytes(value), size);
  }
  return OkStatus();
}

Status OneHotKernel(KernelContext& c) {
  const Tensor& indices = c.inputs[0];
  if (indices.dtype() != tensorflow::DT_INT32 &&
      indices.dtype() != tensorflow::DT_INT64) {
    return c.UnsupportedType(indices.dtype());
  }
  const std::vector<int64_t> index = IntValues(indices);
  const int64_t depth = IntValues(c.inputs[1])[0];
  int64_t axis = c.attrs.GetInt("axis").value_or(-1);
  if (axis < 0) axis = indices.dims();
  // out[o, d, i] = indices[o, i] == d ? on : off.
  const int64_t outer = Product(Dims(indices), 0, axis);
  const int64_t inner = Product(Dims(indices), axis, indices.dims());
  const size_t size = DataTypeSize(c.outputs[0].dtype());
  char* out = Bytes(c.outputs[0]);
  for (int64_t o = 0; o < outer; ++o) {
    for (int64_t d = 0; d < depth; ++d) {
      for (int64_t i = 0; i < inner; ++i) {
        const Tensor& v = index[o * inner + i] == d ? c.inputs[2] : c.inputs[3];
        std::memcpy(out + ((o * depth + d) * inner + i) * size, Bytes(v), size);
      }
    }
  }
  return OkStatus();
}

}  // namespace

Status EvalArray(KernelContext& c) {
  const std::string& op = c.op();
  Tensor& out = c.outputs[0];
  if (op == "Reshape" || op == "ExpandDims" || op == "Squeeze") {
    return CopyAll(c.inputs[0], out);
  }
  if (op == "Shape") return ShapeKernel(c.inputs[0], out);
  if (op == "Transpose") {
    return TransposeKernel(c.inputs[0], IntValues(c.inputs[1]), out);
  }
  if (op == "Fill") return FillKernel(c.inputs[1], out);
  if (op == "Slice") return SliceKernel(c.inputs[0], IntValues(c.inputs[1]), out);
  if (op == "StridedSlice") return StridedSliceKernel(c);
  if (op == "StridedSliceGrad") return StridedSliceGradKernel(c);
  if (op == "Pad") return PadKernel(c);
  if (op == "OneHot") return OneHotKernel(c);
  if (op == "ConcatV2") {
    std::vector<Tensor> values(c.inputs.begin(), c.inputs.end() - 1);
    int64_t axis = IntValues(c.inputs.back())[0];
    if (axis < 0) axis += out.dims();
    return JoinKernel(values, static_cast<int>(axis), out);
  }
  if (op == "Pack") {
    int64_t axis = c.attrs.GetInt("axis").value_or(0);
    if (axis < 0) axis += out.dims();
    return JoinKernel(c.inputs, static_cast<int>(axis), out);
  }
  return Internal("not an array op: " + op);
}

}  // namespace reference
}  // namespace kiln
