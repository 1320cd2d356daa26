// Which device a Session compiles for, from SessionOptions::device and what
// the machine has: the GPU when asked for or, by default, when present
// (TensorFlow's soft placement: supported ops go to GPU 0, the rest stay
// on the CPU, with the copies between compiled in).
//
//   KILN_ASSIGN_OR_RETURN(bool gpu, kiln::ResolveGpuPlacement(options));
//   options.compile.gpu = gpu;
#ifndef KILN_FRONTEND_DEVICE_PLACEMENT_H_
#define KILN_FRONTEND_DEVICE_PLACEMENT_H_

#include "frontend/session.h"
#include "runtime/base/status.h"

namespace kiln {

// Whether to compile for the GPU; configures its memory limit and TF32 the
// first time. InvalidArgument for a device string naming neither CPU nor
// GPU 0; FailedPrecondition when the GPU is asked for and there is none
// (saying why), or its options conflict with the GPU's in use.
StatusOr<bool> ResolveGpuPlacement(const SessionOptions& options);

}  // namespace kiln

#endif  // KILN_FRONTEND_DEVICE_PLACEMENT_H_
