// kiln::cond, kiln::while_loop and kiln::for_range: TensorFlow's functional
// control flow (tf.cond, tf.while_loop, AutoGraph's for over a range). The
// branches and the loop's cond and body are C++ callables traced into
// functions of the graph's library; the graph gets a StatelessIf or
// StatelessWhile node (If or While when a function touches variables), so
// exported graphs open in TensorFlow. Sessions run them (control flow on the
// host, branches and bodies compiled: frontend/control_flow_runner.h).
//
//   KILN_ASSIGN_OR_RETURN(OutputList y, kiln::cond(root, pred,
//       [](const Scope& s, const OutputList& in) -> StatusOr<OutputList> {
//         return OutputList{ops::Mul(s, in[0], 2.0f)};
//       },
//       [](const Scope& s, const OutputList& in) -> StatusOr<OutputList> {
//         return OutputList{ops::Sub(s, in[0], 1.0f)};
//       }, {x}));
//
//   WhileOptions o;
//   o.maximum_iterations = 100;
//   KILN_ASSIGN_OR_RETURN(OutputList out, kiln::while_loop(root,
//       [](const Scope& s, const OutputList& v) { return ops::Less(s, v[0],
//       10); },
//       [](const Scope& s, const OutputList& v) -> StatusOr<OutputList> {
//         return OutputList{ops::AddV2(s, v[0], 1), ops::Mul(s, v[1], 2.0f)};
//       }, {i, x}, o));
//
// The branches get the same inputs and must return the same number of
// outputs with the same dtypes. A loop variable whose shape changes across
// an iteration needs a shape_invariant with -1 for the changing dims; the
// error otherwise names the variable and both shapes.
#ifndef KILN_FRONTEND_FUNCTION_CONTROL_FLOW_H_
#define KILN_FRONTEND_FUNCTION_CONTROL_FLOW_H_

#include <functional>
#include <optional>
#include <vector>

#include "frontend/output.h"
#include "frontend/scope.h"

namespace kiln {

using GraphFn =
    std::function<StatusOr<OutputList>(const Scope&, const OutputList&)>;
using PredicateFn =
    std::function<StatusOr<Output>(const Scope&, const OutputList&)>;

StatusOr<OutputList> cond(const Scope& scope, const Output& pred,
                          const GraphFn& then_fn, const GraphFn& else_fn,
                          const OutputList& inputs);

struct WhileOptions {
  std::optional<int64_t> maximum_iterations;
  // Per loop variable; empty: each variable's shape entering the loop.
  std::vector<Shape> shape_invariants;
};

StatusOr<OutputList> while_loop(const Scope& scope, const PredicateFn& cond_fn,
                                const GraphFn& body_fn,
                                const OutputList& loop_vars,
                                const WhileOptions& options = {});

// for i in range(start, limit, delta): loop_vars = body(i, loop_vars).
// `body` receives the int32 counter first, then the loop variables.
StatusOr<OutputList> for_range(const Scope& scope, const Output& start,
                               const Output& limit, const Output& delta,
                               const GraphFn& body, const OutputList& loop_vars,
                               const WhileOptions& options = {});

}  // namespace kiln

#endif  // KILN_FRONTEND_FUNCTION_CONTROL_FLOW_H_
