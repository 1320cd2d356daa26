// CompiledEvaluator: runs one numerics case through the CPU compiler and a
// Session: a one-node GraphDef whose data inputs are Placeholders of the
// inputs' static shapes and whose shape-like inputs (axes, perm, dims, ...)
// are Consts, as TensorFlow graphs have them.
#ifndef KILN_TESTS_NUMERICS_COMPILED_EVALUATOR_H_
#define KILN_TESTS_NUMERICS_COMPILED_EVALUATOR_H_

#include "tests/cuda/gpu_case_writer.h"
#include "tests/numerics/numerics_cases.h"

namespace kiln {
namespace numerics {

// fuse=false compiles each op on its own (the unfused pipeline).
Evaluator CompiledEvaluator(bool fuse);

// As CompiledEvaluator(true), and each case's graph also compiled for the
// GPU into `writer`'s folder with the inputs it feeds and the CPU's outputs
// (kiln_gpu_check runs them where a GPU is). Cases the CPU rejects write
// nothing there.
Evaluator GpuBundleEvaluator(testing::GpuCaseWriter* writer);

}  // namespace numerics
}  // namespace kiln

#endif  // KILN_TESTS_NUMERICS_COMPILED_EVALUATOR_H_
