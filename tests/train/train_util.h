// Helpers of the training tests: random float64 tensors and one Session run.
#ifndef KILN_TESTS_TRAIN_TRAIN_UTIL_H_
#define KILN_TESTS_TRAIN_TRAIN_UTIL_H_

#include <cstdint>
#include <vector>

#include "frontend/output.h"
#include "frontend/scope.h"
#include "frontend/session.h"
#include "runtime/tensor/tensor.h"

namespace kiln {
namespace traintest {

Tensor RandomDoubles(const std::vector<int64_t>& dims, uint64_t seed, double lo,
                     double hi);
std::vector<double> Doubles(const Tensor& t);
// Runs `fetches` of root's graph with `feeds`; REQUIREs success.
std::vector<Tensor> RunGraph(const Scope& root, const Session::Feeds& feeds,
                             const std::vector<Output>& fetches);
uint64_t FreshSeed();

}  // namespace traintest
}  // namespace kiln

#endif  // KILN_TESTS_TRAIN_TRAIN_UTIL_H_
