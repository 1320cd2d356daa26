// Reference kernels of the products: MatMul (transpose_a/b), BatchMatMulV2
// (adj_x/adj_y, broadcast batch dims) and BiasAdd (NHWC and NCHW).
#include "runtime/reference/broadcast.h"
#include "runtime/reference/kernels.h"

namespace kiln {
namespace reference {
namespace {

// out[m,n] = op(a) * op(b), op() transposing when asked; op(a) is [m,k].
template <typename T>
void MatMulOne(const T* a, const T* b, T* out, int64_t m, int64_t k,
               int64_t n, bool transpose_a, bool transpose_b) {
  using A = AccT<ComputeT<T>>;
  for (int64_t i = 0; i < m; ++i) {
    for (int64_t j = 0; j < n; ++j) {
      A acc = 0;
      for (int64_t p = 0; p < k; ++p) {
        const A av = Load(a, transpose_a ? p * m + i : i * k + p);
        const A bv = Load(b, transpose_b ? j * k + p : p * n + j);
        acc = WrapAdd(acc, WrapMul(av, bv));
      }
      Store(out, i * n + j, acc);
    }
  }
}

template <typename T>
Status MatMulKernel(KernelContext& c) {
  const Tensor& x = c.inputs[0];
  const Tensor& y = c.inputs[1];
  Tensor& out = c.outputs[0];
  const bool batched = c.op() == "BatchMatMulV2";
  const bool tx = c.attrs.GetBool(batched ? "adj_x" : "transpose_a").value_or(false);
  const bool ty = c.attrs.GetBool(batched ? "adj_y" : "transpose_b").value_or(false);
  const int rank = out.dims();
  const int64_t m = out.dim_size(rank - 2);
  const int64_t n = out.dim_size(rank - 1);
  const int64_t k = x.dim_size(x.dims() - (tx ? 2 : 1));
  // Batch dims: x's and y's broadcast to the output's (all empty for MatMul).
  std::vector<int64_t> out_batch(Dims(out).begin(), Dims(out).end() - 2);
  std::vector<int64_t> x_batch(Dims(x).begin(), Dims(x).end() - 2);
  std::vector<int64_t> y_batch(Dims(y).begin(), Dims(y).end() - 2);
  IndexWalker w(out_batch, {BroadcastStrides(x_batch, out_batch),
                            BroadcastStrides(y_batch, out_batch)});
  int64_t batches = 1;
  for (int64_t d : out_batch) batches *= d;
  for (int64_t b = 0; b < batches; ++b, w.Next()) {
    MatMulOne(x.data<T>() + w.offset(0) * m * k,
              y.data<T>() + w.offset(1) * k * n, out.data<T>() + b * m * n, m,
              k, n, tx, ty);
  }
  return OkStatus();
}

template <typename T>
void BiasAddKernel(const Tensor& value, const Tensor& bias, int channel_dim,
                   Tensor& out) {
  using A = AccT<ComputeT<T>>;
  std::vector<int64_t> bias_dims(value.dims(), 1);
  bias_dims[channel_dim] = bias.NumElements();
  IndexWalker w(Dims(out), {BroadcastStrides(bias_dims, Dims(out))});
  const T* v = value.data<T>();
  const T* b = bias.data<T>();
  T* o = out.data<T>();
  for (int64_t i = 0; i < out.NumElements(); ++i, w.Next()) {
    Store(o, i, WrapAdd<A>(Load(v, i), Load(b, w.offset(0))));
  }
}

}  // namespace

Status EvalMatMul(KernelContext& c) {
  Status status = c.UnsupportedType(c.inputs[0].dtype());
  VisitNumber(c.inputs[0].dtype(), [&](auto tag) {
    status = MatMulKernel<typename decltype(tag)::type>(c);
  });
  return status;
}

Status EvalBiasAdd(KernelContext& c) {
  const Tensor& value = c.inputs[0];
  const bool nchw = c.attrs.GetString("data_format").value_or("NHWC") == "NCHW";
  const int channel_dim = nchw && value.dims() >= 3 ? 1 : value.dims() - 1;
  const bool known = VisitNumber(value.dtype(), [&](auto tag) {
    BiasAddKernel<typename decltype(tag)::type>(value, c.inputs[1],
                                                channel_dim, c.outputs[0]);
  });
  return known ? OkStatus() : c.UnsupportedType(value.dtype());
}

}  // namespace reference
}  // namespace kiln
