// Inputs and attrs for one node of each op in the table, with the outputs
// the test expects where it can tell: the data behind all_ops_test.cc.
#ifndef KILN_TESTS_FRONTEND_OP_CASES_H_
#define KILN_TESTS_FRONTEND_OP_CASES_H_

#include <optional>
#include <random>
#include <vector>

#include "frontend/node_builder.h"
#include "frontend/output.h"
#include "frontend/scope.h"
#include "runtime/graph/op_spec.h"

namespace kiln {
namespace testing {

struct OpCase {
  std::vector<OutputList> args;  // one list per input arg
  AttrValueMap attrs;            // the required attrs, and some others
  std::optional<std::vector<TensorType>> expected;
};

// Random valid inputs for `spec`, built in `scope`: an op-specific recipe
// where the op needs one (MatMul's inner dims, Reshape's constant shape),
// else inputs of one random shape.
OpCase MakeOpCase(const OpSpec& spec, const Scope& scope, std::mt19937& rng);

}  // namespace testing
}  // namespace kiln

#endif  // KILN_TESTS_FRONTEND_OP_CASES_H_
