// Reference kernels of the indexing ops: GatherV2 (batch_dims too),
// UnsortedSegmentSum, Tile and ReverseV2. Gather, Tile and ReverseV2 move
// elements, so they work on bytes and take every storable dtype; an index
// out of range is an error naming it, as TensorFlow's CPU kernels report.
#include <cstring>

#include "runtime/graph/internal/shape_fns.h"
#include "runtime/reference/broadcast.h"
#include "runtime/reference/kernels.h"

namespace kiln {
namespace reference {
namespace {

char* Bytes(const Tensor& t) { return static_cast<char*>(t.raw_data()); }

int64_t Product(const std::vector<int64_t>& dims, int64_t begin, int64_t end) {
  int64_t p = 1;
  for (int64_t i = begin; i < end; ++i) p *= dims[i];
  return p;
}

Status GatherKernel(KernelContext& c) {
  const Tensor& params = c.inputs[0];
  const std::vector<int64_t> indices = IntValues(c.inputs[1]);
  const std::vector<int64_t>& p = Dims(params);
  int64_t axis = IntValues(c.inputs[2])[0];
  if (axis < 0) axis += params.dims();
  int64_t b = c.attrs.GetInt("batch_dims").value_or(0);
  if (b < 0) b += c.inputs[1].dims();
  const int64_t batch = Product(p, 0, b), outer = Product(p, b, axis);
  const int64_t limit = p[axis], inner = Product(p, axis + 1, params.dims());
  const int64_t per_batch = batch == 0 ? 0 : indices.size() / batch;
  const size_t chunk = inner * DataTypeSize(params.dtype());
  char* out = Bytes(c.outputs[0]);
  for (int64_t bt = 0; bt < batch; ++bt) {
    for (int64_t o = 0; o < outer; ++o) {
      for (int64_t j = 0; j < per_batch; ++j) {
        const int64_t k = bt * per_batch + j, idx = indices[k];
        if (idx < 0 || idx >= limit) {
          return c.Error("indices[" + std::to_string(k) +
                         "] = " + std::to_string(idx) + " is not in [0, " +
                         std::to_string(limit) + ")");
        }
        std::memcpy(out,
                    Bytes(params) + ((bt * outer + o) * limit + idx) * chunk,
                    chunk);
        out += chunk;
      }
    }
  }
  return OkStatus();
}

template <typename T>
Status SegmentSum(KernelContext& c, const std::vector<int64_t>& ids,
                  int64_t segments) {
  using A = AccT<ComputeT<T>>;
  Tensor& out = c.outputs[0];
  const int64_t inner = segments == 0 ? 0 : out.NumElements() / segments;
  std::vector<A> acc(out.NumElements(), A(0));
  const T* data = c.inputs[0].data<T>();
  for (size_t j = 0; j < ids.size(); ++j) {
    if (ids[j] < 0) continue;  // dropped, as TensorFlow does
    if (ids[j] >= segments) {
      return c.Error("segment_ids[" + std::to_string(j) +
                     "] = " + std::to_string(ids[j]) + " is out of range [0, " +
                     std::to_string(segments) + ")");
    }
    for (int64_t i = 0; i < inner; ++i) {
      acc[ids[j] * inner + i] =
          WrapAdd<A>(acc[ids[j] * inner + i], Load(data, j * inner + i));
    }
  }
  for (int64_t i = 0; i < out.NumElements(); ++i)
    Store(out.data<T>(), i, acc[i]);
  return OkStatus();
}

Status SegmentSumKernel(KernelContext& c) {
  const std::vector<int64_t> ids = IntValues(c.inputs[1]);
  const int64_t segments = IntValues(c.inputs[2])[0];
  Status status = OkStatus();
  const bool ok = VisitNumber(c.outputs[0].dtype(), [&](auto tag) {
    status = SegmentSum<typename decltype(tag)::type>(c, ids, segments);
  });
  return ok ? status : c.UnsupportedType(c.outputs[0].dtype());
}

// out[i...] = in[j...] where j_d = f(d, i_d): i_d % in_d for Tile,
// in_d - 1 - i_d on reversed dims for ReverseV2.
template <typename F>
Status CopyByIndex(const Tensor& in, Tensor& out, F&& source_index) {
  const std::vector<int64_t>& out_dims = Dims(out);
  const std::vector<int64_t> in_strides = RowMajorStrides(Dims(in));
  const size_t size = DataTypeSize(in.dtype());
  IndexWalker w(out_dims, {RowMajorStrides(out_dims)});
  for (int64_t i = 0; i < out.NumElements(); ++i, w.Next()) {
    int64_t offset = 0;
    for (size_t d = 0; d < out_dims.size(); ++d) {
      offset += source_index(d, w.index()[d]) * in_strides[d];
    }
    std::memcpy(Bytes(out) + i * size, Bytes(in) + offset * size, size);
  }
  return OkStatus();
}

Status TileKernel(KernelContext& c) {
  const Tensor& in = c.inputs[0];
  return CopyByIndex(in, c.outputs[0], [&](size_t d, int64_t i) {
    return i % in.dim_size(static_cast<int>(d));
  });
}

Status ReverseKernel(KernelContext& c) {
  const Tensor& in = c.inputs[0];
  std::vector<bool> reversed(in.dims(), false);
  for (int64_t axis : IntValues(c.inputs[1])) {
    const int64_t a = axis < 0 ? axis + in.dims() : axis;
    if (a < 0 || a >= in.dims() || reversed[a]) {
      return c.Error("axis " + ValuesToString(IntValues(c.inputs[1])) +
                     " must hold distinct dims of rank " +
                     std::to_string(in.dims()));
    }
    reversed[a] = true;
  }
  return CopyByIndex(in, c.outputs[0], [&](size_t d, int64_t i) {
    return reversed[d] ? in.dim_size(static_cast<int>(d)) - 1 - i : i;
  });
}

}  // namespace

Status EvalIndexing(KernelContext& c) {
  const std::string& op = c.op();
  if (op == "GatherV2") return GatherKernel(c);
  if (op == "UnsortedSegmentSum") return SegmentSumKernel(c);
  if (op == "Tile") return TileKernel(c);
  return ReverseKernel(c);
}

}  // namespace reference
}  // namespace kiln
