// Gradient checks: symbolic gradients, compiled and run by a Session,
// against central finite differences in float64 on fresh random inputs.
#ifndef KILN_TESTS_GRADIENTS_GRAD_CHECK_H_
#define KILN_TESTS_GRADIENTS_GRAD_CHECK_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "frontend/output.h"
#include "frontend/scope.h"
#include "runtime/tensor/tensor.h"

namespace kiln {
namespace gradcheck {

// One float64 input: its dims and the range its values are drawn from;
// values with |v| < min_abs are pushed away from 0 (kinks of Relu & co.).
struct InputSpec {
  std::vector<int64_t> dims;
  double lo = -2, hi = 2;
  double min_abs = 0;
};

struct GradCase {
  std::string name;
  std::vector<InputSpec> inputs;
  // Builds the function of the inputs (placeholders) to differentiate.
  std::function<Output(const Scope&, const OutputList&)> build;
  bool second_order = false;  // also check gradients of the gradient
  double tolerance = 1e-6;    // relative to max(1, |finite difference|)
  double step = 1e-6;
};

std::vector<GradCase> MathCases();
std::vector<GradCase> NNCases();
std::vector<GradCase> ArrayCases();
std::vector<GradCase> WindowCases();  // conv and pooling

// A float64 tensor of `dims` drawn as `spec` says.
Tensor RandomInput(const InputSpec& spec, uint64_t seed);

// The result of one check: the worst error seen and where.
struct CheckResult {
  std::string error;  // non-empty on failure to build or run
  double worst = 0;   // max |symbolic - numeric| / max(1, |numeric|)
  std::string where;
  int checked = 0;  // elements compared
};

// Checks d objective / d inputs, where objective = sum(f(x) * w) for a
// random w (order 1), or sum(d objective / d x0 * v) for a random v
// (order 2).
CheckResult CheckCase(const GradCase& c, int order, uint64_t seed);

}  // namespace gradcheck
}  // namespace kiln

#endif  // KILN_TESTS_GRADIENTS_GRAD_CHECK_H_
