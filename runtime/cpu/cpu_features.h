// Which instruction-set extensions this CPU has, by LLVM's feature names
// ("avx2", "avx512f", ...): code compiled ahead of time for extensions the
// CPU lacks is refused before it could fault with an illegal instruction.
//
//   KILN_RETURN_IF_ERROR(kiln::CheckCpuFeatures({"avx2", "fma"}));
#ifndef KILN_RUNTIME_CPU_CPU_FEATURES_H_
#define KILN_RUNTIME_CPU_CPU_FEATURES_H_

#include <string>
#include <vector>

#include "runtime/base/status.h"

namespace kiln {

// True when this CPU has `feature`; false for names it does not know.
bool CpuHasFeature(const std::string& feature);

// FailedPrecondition naming every feature of `required` this CPU lacks (or
// that this runtime cannot check).
Status CheckCpuFeatures(const std::vector<std::string>& required);

}  // namespace kiln

#endif  // KILN_RUNTIME_CPU_CPU_FEATURES_H_
