// Initializers: host-side functions that make a variable's first value, as
// Keras' initializers do, reproducible for a given seed (mt19937_64).
//
//   Initializer init = initializers::GlorotUniform();
//   KILN_ASSIGN_OR_RETURN(Tensor w, init(Shape::Of({784, 300}), DT_FLOAT, 42));
//
// Fans follow Keras: for a 2-D shape [in, out], fan_in = in and fan_out =
// out; for convolution kernels [..., in, out], each is multiplied by the
// product of the leading (receptive field) dims; a 1-D shape has fan_in =
// fan_out = its size. Truncated normals redraw values beyond two standard
// deviations. Values are drawn in double and rounded to the dtype (float,
// double, half, bfloat16; ints for Zeros/Ones/Constant).
#ifndef KILN_FRONTEND_VARIABLES_INITIALIZERS_H_
#define KILN_FRONTEND_VARIABLES_INITIALIZERS_H_

#include <cstdint>
#include <functional>

#include "runtime/base/status.h"
#include "runtime/graph/shape_context.h"
#include "runtime/tensor/tensor.h"

namespace kiln {

// The shape must be fully known. InvalidArgument otherwise, or for a dtype
// the initializer cannot produce.
using Initializer = std::function<StatusOr<Tensor>(
    const Shape& shape, DataType dtype, uint64_t seed)>;

namespace initializers {

Initializer Zeros();
Initializer Ones();
Initializer Constant(double value);
Initializer RandomUniform(double minval = -0.05, double maxval = 0.05);
Initializer RandomNormal(double mean = 0, double stddev = 0.05);
Initializer TruncatedNormal(double mean = 0, double stddev = 0.05);

enum class FanMode { kFanIn, kFanOut, kFanAvg };
enum class Distribution { kTruncatedNormal, kUntruncatedNormal, kUniform };
// Keras' VarianceScaling: variance scale / fan.
Initializer VarianceScaling(double scale, FanMode mode,
                            Distribution distribution);
Initializer GlorotUniform();
Initializer GlorotNormal();
Initializer HeUniform();
Initializer HeNormal();
Initializer LecunNormal();
// Keras' Orthogonal: shape viewed as [prod(leading dims), last dim], the Q
// of a standard normal matrix's QR (signs making R's diagonal positive),
// times gain: orthonormal columns (rows when there are fewer rows).
// Needs rank >= 2.
Initializer Orthogonal(double gain = 1.0);

// fan_in and fan_out of `shape`, as above.
std::pair<double, double> Fans(const Shape& shape);

}  // namespace initializers
}  // namespace kiln

#endif  // KILN_FRONTEND_VARIABLES_INITIALIZERS_H_
