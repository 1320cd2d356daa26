// What the reference kernels share: the context each one runs in, dtype
// visitors, the compute type of each element type and wrapping integer
// arithmetic. Internal to runtime/reference/.
#ifndef KILN_RUNTIME_REFERENCE_KERNELS_H_
#define KILN_RUNTIME_REFERENCE_KERNELS_H_

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <type_traits>
#include <vector>

#include "runtime/base/status.h"
#include "runtime/graph/op_spec.h"
#include "runtime/graph/shape_context.h"
#include "runtime/tensor/tensor.h"
#include "runtime/tensor/types.h"

namespace kiln {
namespace reference {

// One op's evaluation: inputs, attrs (with the table's defaults filled in,
// and int inputs readable as constants) and outputs already allocated with
// the shapes and dtypes the table inferred.
struct KernelContext {
  const OpSpec& spec;
  const std::vector<Tensor>& inputs;
  const AttrSource& attrs;
  std::vector<Tensor>& outputs;
  // Stateful random ops: which of the op's runs this is (each draws anew).
  uint64_t random_stream = 0;

  const std::string& op() const { return spec.name; }
  // InvalidArgument starting "'<Op>' ", as the table's errors do.
  Status Error(const std::string& message) const {
    return InvalidArgument("'" + spec.name + "' " + message);
  }
  Status UnsupportedType(DataType dtype) const {
    return Unimplemented("'" + spec.name + "' has no reference kernel for " +
                         DataTypeName(dtype));
  }
};

using Kernel = Status (*)(KernelContext& c);

// Family entry points; each dispatches on c.op().
Status EvalUnary(KernelContext& c);
Status EvalCast(KernelContext& c);
Status EvalBinary(KernelContext& c);
Status EvalSelectV2(KernelContext& c);
Status EvalSelect(KernelContext& c);
Status EvalMatMul(KernelContext& c);
Status EvalBiasAdd(KernelContext& c);
Status EvalReduction(KernelContext& c);
Status EvalArgMax(KernelContext& c);
Status EvalSoftmax(KernelContext& c);
Status EvalCrossEntropy(KernelContext& c);
Status EvalArray(KernelContext& c);
Status EvalRandom(KernelContext& c);
Status EvalConv(KernelContext& c);  // Conv2D and its backprops
Status EvalPool(KernelContext& c);  // MaxPool, AvgPool and gradients
// GatherV2, UnsortedSegmentSum, Tile, ReverseV2
Status EvalIndexing(KernelContext& c);
Status EvalMirrorPad(KernelContext& c);  // MirrorPad, MirrorPadGrad
Status EvalBatchNorm(KernelContext& c);  // FusedBatchNormV3 and its grad
Status EvalResize(KernelContext& c);     // Resize{Bilinear,NearestNeighbor}*
Status EvalImageTransform(KernelContext& c);  // ImageProjectiveTransformV3

// Calls f(TypeTag<T>{}) for float, double, half, bfloat16; false otherwise.
template <typename F>
bool VisitFloat(DataType dtype, F&& f) {
  switch (dtype) {
    case tensorflow::DT_FLOAT: f(TypeTag<float>{}); return true;
    case tensorflow::DT_DOUBLE: f(TypeTag<double>{}); return true;
    case tensorflow::DT_HALF: f(TypeTag<half>{}); return true;
    case tensorflow::DT_BFLOAT16: f(TypeTag<bfloat16>{}); return true;
    default: return false;
  }
}

// As VisitFloat, plus int32 and int64.
template <typename F>
bool VisitNumber(DataType dtype, F&& f) {
  switch (dtype) {
    case tensorflow::DT_INT32: f(TypeTag<int32_t>{}); return true;
    case tensorflow::DT_INT64: f(TypeTag<int64_t>{}); return true;
    default: return VisitFloat(dtype, f);
  }
}

// The type a kernel computes in: float for half and bfloat16, else T.
template <typename T>
struct ComputeType {
  using type = T;
};
template <>
struct ComputeType<half> {
  using type = float;
};
template <>
struct ComputeType<bfloat16> {
  using type = float;
};
template <typename T>
using ComputeT = typename ComputeType<T>::type;

// Accumulators: double for floating types (a reference should not lose
// bits a kernel may keep), the type itself for integers.
template <typename C>
using AccT = std::conditional_t<std::is_floating_point_v<C>, double, C>;

template <typename T>
ComputeT<T> Load(const T* p, int64_t i) {
  return static_cast<ComputeT<T>>(p[i]);
}
template <typename T, typename C>
void Store(T* p, int64_t i, C v) {
  p[i] = static_cast<T>(static_cast<ComputeT<T>>(v));
}

// Two's complement wrapping for integers (signed overflow is undefined in
// C++; TensorFlow's kernels wrap in practice); plain arithmetic otherwise.
template <typename C>
C WrapAdd(C a, C b) {
  if constexpr (std::is_integral_v<C>) {
    using U = std::make_unsigned_t<C>;
    return static_cast<C>(static_cast<U>(a) + static_cast<U>(b));
  } else {
    return a + b;
  }
}
template <typename C>
C WrapSub(C a, C b) {
  if constexpr (std::is_integral_v<C>) {
    using U = std::make_unsigned_t<C>;
    return static_cast<C>(static_cast<U>(a) - static_cast<U>(b));
  } else {
    return a - b;
  }
}
template <typename C>
C WrapMul(C a, C b) {
  if constexpr (std::is_integral_v<C>) {
    using U = std::make_unsigned_t<C>;
    return static_cast<C>(static_cast<U>(a) * static_cast<U>(b));
  } else {
    return a * b;
  }
}

template <typename C>
bool IsNan(C x) {
  if constexpr (std::is_floating_point_v<C>) {
    return std::isnan(x);
  } else {
    return false;
  }
}

// The values of an int32/int64 tensor.
std::vector<int64_t> IntValues(const Tensor& t);

// Dims of a tensor as a vector.
inline const std::vector<int64_t>& Dims(const Tensor& t) {
  return t.shape().dim_sizes();
}

}  // namespace reference
}  // namespace kiln

#endif  // KILN_RUNTIME_REFERENCE_KERNELS_H_
