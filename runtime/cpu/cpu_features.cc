// CPU feature checks through the compiler's cpuid builtins.
#include "runtime/cpu/cpu_features.h"

#include <cstring>

namespace kiln {
namespace {

struct Feature {
  const char* name;
  bool present;
};

// __builtin_cpu_supports takes literals only, hence the table. Kept in
// step with compiler/Codegen/TargetMachine.cpp's requiredIsaFeatures.
const std::vector<Feature>& Features() {
  static const std::vector<Feature> features = [] {
    __builtin_cpu_init();
#define KILN_FEATURE(name) \
  { name, __builtin_cpu_supports(name) != 0 }
    return std::vector<Feature>{
        KILN_FEATURE("sse4.2"),       KILN_FEATURE("avx"),
        KILN_FEATURE("avx2"),         KILN_FEATURE("fma"),
        KILN_FEATURE("bmi"),          KILN_FEATURE("bmi2"),
        KILN_FEATURE("avx512f"),      KILN_FEATURE("avx512bw"),
        KILN_FEATURE("avx512dq"),     KILN_FEATURE("avx512vl"),
        KILN_FEATURE("avx512cd"),     KILN_FEATURE("avx512vnni"),
        KILN_FEATURE("avx512bf16"),   KILN_FEATURE("avx512vbmi"),
        KILN_FEATURE("avx512ifma"),   KILN_FEATURE("avx512vpopcntdq"),
        KILN_FEATURE("avx512bitalg"), KILN_FEATURE("avx512vbmi2"),
    };
#undef KILN_FEATURE
  }();
  return features;
}

}  // namespace

bool CpuHasFeature(const std::string& feature) {
  for (const Feature& f : Features())
    if (feature == f.name) return f.present;
  return false;
}

Status CheckCpuFeatures(const std::vector<std::string>& required) {
  std::string missing;
  for (const std::string& feature : required) {
    if (CpuHasFeature(feature)) continue;
    missing += (missing.empty() ? "" : ", ") + feature;
  }
  if (missing.empty()) return OkStatus();
  return FailedPrecondition(
      "the code needs CPU features this machine lacks: " + missing +
      " (compile it for this CPU, e.g. kiln-compile --target=x86-64)");
}

}  // namespace kiln
