// Recurrent::Loop: the recurrence as one kiln::while_loop over the steps,
// for sequences too long to unroll or of a length known only at run time.
// Loop variables: the step counter, the step count, the projected inputs
// and mask (passed through: traced functions take other tensors only as
// arguments), the states, and the outputs (time-major [steps, batch,
// units], step i written on trip i, when the layer returns sequences).
// Gradients through the loop keep every trip's loop values: the states, and
// with return_sequences the outputs, so training on T steps that way holds
// O(T^2 batch units) floats; the unrolled form holds O(T).
#include "frontend/function/control_flow.h"
#include "frontend/keras/recurrent.h"
#include "frontend/ops/ops.h"

namespace kiln {
namespace keras {
namespace {

// Dim `d` of x's shape as an int32 scalar.
Output DimOf(const Scope& s, const Output& x, int d) {
  return ops::StridedSlice(s, ops::Shape(s, x), {d}, {d + 1}, {1},
                           ops::StridedSliceAttrs().ShrinkAxisMask(1));
}

// Zeros of x's dtype shaped `dims` (-1: x's batch).
Output Zeros(const Scope& s, const Output& x, std::vector<int64_t> dims) {
  Output size = DimOf(s, x, 0);
  for (int64_t d : dims)
    if (d >= 0)
      size = ops::Mul(s, size, ops::Const(s, static_cast<int32_t>(d)));
  Output flat = ops::Fill(s, ops::ExpandDims(s, size, ops::Const(s, 0)),
                          ops::Cast(s, ops::Const(s, 0.0f), x.dtype()));
  return ops::Reshape(
      s, flat,
      ops::Const(s, dims, Shape::Of({static_cast<int64_t>(dims.size())})));
}

}  // namespace

StatusOr<RecurrentOutputs> Recurrent::Loop(const Scope& s, const Output& x,
                                           std::vector<Output> states,
                                           const Output& mask) {
  // Time-major: step t is entry t of dim 0 (GatherV2's gradient needs it).
  const Output proj =
      ops::Transpose(s, ProjectInputs(s, x), ops::Const(s, {1, 0, 2}));
  const Output steps = DimOf(s, x, 1);
  if (states.empty()) {
    states.assign(num_states_, Zeros(s, x, {-1, units_}));
  }
  const bool sequences = options_.return_sequences;
  const bool masked = mask.valid();
  const Shape state_shape = Shape::Of({x.shape().dims[0], units_});
  // (i, steps, proj, [mask], states..., [outputs]).
  OutputList vars = {ops::Const(s, 0), steps, proj};
  WhileOptions o;
  o.shape_invariants = {Shape::Scalar(), Shape::Scalar(), proj.shape()};
  if (masked) {
    Output steps_first = ops::Transpose(s, mask, ops::Const(s, {1, 0}));
    vars.push_back(steps_first);
    o.shape_invariants.push_back(steps_first.shape());
  }
  const size_t first_state = vars.size();
  for (const Output& state : states) {
    vars.push_back(state);
    o.shape_invariants.push_back(state_shape);
  }
  if (sequences) {  // zeros [batch, steps, units], written step by step
    Output outputs = ops::ZerosLike(
        s, ops::StridedSlice(s, proj, {0, 0, 0},
                             {0, 0, static_cast<int32_t>(units_)}, {1, 1, 1},
                             ops::StridedSliceAttrs().BeginMask(7).EndMask(3)));
    vars.push_back(outputs);
    o.shape_invariants.push_back(outputs.shape());
  }
  const int num_states = num_states_;
  auto cond = [](const Scope& c, const OutputList& v) -> StatusOr<Output> {
    return ops::Less(c, v[0], v[1]);
  };
  auto body = [this, masked, sequences, first_state, num_states](
                  const Scope& b, const OutputList& v) -> StatusOr<OutputList> {
    const Output& i = v[0];
    Output t = options_.go_backwards
                   ? ops::Sub(b, ops::Sub(b, v[1], ops::Const(b, 1)), i)
                   : i;
    Output x_t = ops::GatherV2(b, v[2], t, ops::Const(b, 0));
    std::vector<Output> old(v.begin() + first_state,
                            v.begin() + first_state + num_states);
    KILN_ASSIGN_OR_RETURN(std::vector<Output> next, Step(b, x_t, old));
    Output out = next[0];
    if (masked) {
      Output m = ops::ExpandDims(b, ops::GatherV2(b, v[3], t, ops::Const(b, 0)),
                                 ops::Const(b, -1));
      if (m.dtype() != DT_BOOL) m = ops::Greater(b, m, ops::ZerosLike(b, m));
      for (int k = 0; k < num_states; ++k)
        next[k] = ops::SelectV2(b, m, next[k], old[k]);
      out = options_.zero_output_for_mask && sequences
                ? ops::SelectV2(b, m, out, ops::ZerosLike(b, out))
                : next[0];
    }
    OutputList result(v.begin(), v.begin() + first_state);
    result[0] = ops::AddV2(b, i, ops::Const(b, 1));
    result.insert(result.end(), next.begin(), next.end());
    if (sequences) {  // outputs + onehot(i)[:, None, None] * out[None]
      Output at = ops::Reshape(
          b,
          ops::OneHot(b, i, v[1],
                      ops::Cast(b, ops::Const(b, 1.0f), out.dtype()),
                      ops::Cast(b, ops::Const(b, 0.0f), out.dtype())),
          ops::Const(b, {-1, 1, 1}));
      result.push_back(ops::AddV2(
          b, v.back(),
          ops::Mul(b, at, ops::ExpandDims(b, out, ops::Const(b, 0)))));
    }
    return result;
  };
  KILN_ASSIGN_OR_RETURN(OutputList done, while_loop(s, cond, body, vars, o));
  RecurrentOutputs r;
  r.states.assign(done.begin() + first_state,
                  done.begin() + first_state + num_states_);
  if (!sequences) {
    r.output = r.states[0];
  } else {
    r.output = ops::Transpose(s, done.back(), ops::Const(s, {1, 0, 2}));
  }
  KILN_RETURN_IF_ERROR(s.status());
  return r;
}

}  // namespace keras
}  // namespace kiln
