// EvaluateReference: plain, obviously-correct evaluation of one op of the
// table on concrete tensors. The CPU compiler's numerics tests compare
// against it and constant folding calls it; speed is not a goal.
//
//   const kiln::OpSpec* spec = kiln::FindOpSpec("AddV2");
//   KILN_ASSIGN_OR_RETURN(std::vector<kiln::Tensor> out,
//       kiln::EvaluateReference(*spec, {x, y}, attrs));
//
// Dtypes and shapes are checked by the table's InferOutputTypes, so errors
// carry the table's messages. Int32/int64 inputs are visible to the shape
// function as constants (reduction axes, Reshape's shape, ...). Floating
// kernels accumulate in double; half and bfloat16 compute in float. Integer
// arithmetic wraps on overflow.
#ifndef KILN_RUNTIME_REFERENCE_EVALUATE_H_
#define KILN_RUNTIME_REFERENCE_EVALUATE_H_

#include <string>
#include <string_view>
#include <vector>

#include "runtime/base/status.h"
#include "runtime/graph/op_spec.h"
#include "runtime/graph/shape_context.h"
#include "runtime/tensor/tensor.h"

namespace kiln {

struct ReferenceOptions {
  // For stateful random ops: the run's number (0 for the first), so that a
  // caller running the op repeatedly draws new values each time.
  uint64_t random_stream = 0;
};

// Runs `spec` on `inputs`; attrs the AttrSource lacks take the table's
// defaults. Unimplemented (naming the op) when the op has no reference
// kernel or the kernel does not handle the dtype.
StatusOr<std::vector<Tensor>> EvaluateReference(
    const OpSpec& spec, const std::vector<Tensor>& inputs,
    const AttrSource& attrs, const ReferenceOptions& options = {});

// True when EvaluateReference has a kernel for the op named `op`.
bool HasReferenceKernel(std::string_view op);

// The names of the ops with a reference kernel, sorted.
std::vector<std::string> ReferenceKernelOps();

}  // namespace kiln

#endif  // KILN_RUNTIME_REFERENCE_EVALUATE_H_
