// What several gradient functions share: constant inputs read at graph-build
// time, scalars of a tensor's dtype, and the reductions that undo
// broadcasting and reductions. Shapes are static: an unknown dim is assumed
// to be the dim it broadcasts against, as the compiler assumes (and the
// executor checks).
#ifndef KILN_FRONTEND_GRADIENTS_GRAD_HELPERS_H_
#define KILN_FRONTEND_GRADIENTS_GRAD_HELPERS_H_

#include <cstdint>
#include <optional>
#include <vector>

#include "frontend/output.h"
#include "frontend/scope.h"

namespace kiln {
namespace grad {

// The integer values of `t` when its node is a Const; nullopt otherwise.
std::optional<std::vector<int64_t>> ConstantInts(const Output& t);

// `t`'s values as axes of a tensor of rank `rank` (negative from the end),
// sorted, or an error naming `what` when they are not constant.
StatusOr<std::vector<int64_t>> ConstantAxes(const Output& t, int rank,
                                            const std::string& what);

// An int32 vector Const.
Output Ints(const Scope& s, const std::vector<int64_t>& values);

// `x`'s shape as a vector of `dtype` (int32 or int64): a Const when it is
// known (so shape inference downstream sees it), else Shape(x).
Output ShapeOf(const Scope& s, const Output& x, DataType dtype = DT_INT32);

// A scalar Const of `like`'s dtype.
Output Scalar(const Scope& s, double value, const Output& like);

// `dy`, or zeros like `like` when `dy` is invalid (an output without a
// gradient).
Output OrZeros(const Scope& s, const Output& dy, const Output& like);

// Sums `grad` (of the broadcast shape) down to `x`'s shape: over the leading
// dims `x` lacks and the dims where `x` has 1 and `grad` does not.
Output ReduceToShape(const Scope& s, const Output& grad, const Output& x);

// `dy`, the result of reducing `x` over `axes` (sorted, non-negative) with
// or without keep_dims, broadcast back to `x`'s shape.
Output BroadcastReduced(const Scope& s, const Output& dy, const Output& x,
                        const std::vector<int64_t>& axes, bool keep_dims);

// The number of elements reduced into each result of a reduction of `x`
// over `axes`, as a scalar of `x`'s dtype (a Const when the dims are
// known, a Sum of ones otherwise).
Output ReducedCount(const Scope& s, const Output& x,
                    const std::vector<int64_t>& axes);

// True for the dtypes gradients flow through (float, double, half,
// bfloat16) and for resources (variables).
bool IsDifferentiable(DataType dtype);

}  // namespace grad
}  // namespace kiln

#endif  // KILN_FRONTEND_GRADIENTS_GRAD_HELPERS_H_
