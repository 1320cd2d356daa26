//===- PlaceOnGpu.h - Steps on the GPU, copies at the boundaries -*- C++
//-*-===//
//
// With a GPU target, the steps the GPU runs move there: generated kernels
// (elementwise, broadcast and reduction clusters of float32/float64/integer
// values, with no control flow), float32 matmuls without a batch, with
// a bias and ReLU at most (cuBLASLt's epilogues), and forward NHWC float32
// Conv2Ds with a constant filter (transposed once to cuDNN's OHWI here),
// a bias and ReLU at most and padding cuDNN can express (even SAME splits
// of known dims); an ALIAS follows its source. A node whose device string names
// a CPU stays on the host. Values live where their producer runs; a value read
// on the other side gets one COPY_TO_DEVICE/COPY_TO_HOST step before its first
// reader there, shared by the later ones, so copies happen at boundaries, not
// per op. Constants only GPU steps read live on the device (uploaded once per
// arena), and fetched device values come back to the host at the end. Slots are
// then assigned again, host and device apart.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_COMPILER_PLAN_PLACEONGPU_H
#define KILN_COMPILER_PLAN_PLACEONGPU_H

#include "mlir/IR/BuiltinOps.h"
#include "proto/kiln/plan.pb.h"

#include <string>

namespace kiln::compiler {

struct GpuPlacement {
  int deviceSteps = 0;
  int copies = 0;
};

/// Places `plan`'s steps as described above; marks the kernel functions
/// of `kernels` (the @kiln_kernels module, linalg on tensors; null when the
/// plan has no kernel) that run on the GPU with the unit attribute
/// `kiln.gpu`. `chip` is the PTX target.
GpuPlacement placeOnGpu(kiln::Plan &plan, mlir::ModuleOp kernels,
                        const std::string &chip);

} // namespace kiln::compiler

#endif // KILN_COMPILER_PLAN_PLACEONGPU_H
