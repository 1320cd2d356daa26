// LSTM's and GRU's steps, in Keras' formulation and weight layout.
#include "frontend/keras/activations.h"
#include "frontend/keras/recurrent.h"
#include "frontend/ops/ops.h"

namespace kiln {
namespace keras {

LSTM::LSTM(int64_t units, RecurrentOptions options)
    : Recurrent(units, 4, 2, std::move(options), "lstm") {}

// unit_forget_bias: the forget gate's bias starts at 1.
Initializer LSTM::BiasInitializer() const {
  Initializer base = options_.bias_initializer;
  const int64_t units = units_;
  return [base, units](const Shape& shape, DataType dtype,
                       uint64_t seed) -> StatusOr<Tensor> {
    KILN_ASSIGN_OR_RETURN(Tensor t, base(shape, dtype, seed));
    if (dtype != DT_FLOAT) return InvalidArgument("LSTM bias must be float");
    for (int64_t i = units; i < 2 * units; ++i) t.flat<float>()[i] = 1.0f;
    return t;
  };
}

// z = x W + h U + b; c' = f c + i g; h' = o act(c').
StatusOr<std::vector<Output>> LSTM::Step(const Scope& s, const Output& x_proj,
                                         const std::vector<Output>& states) {
  Output z =
      ops::AddV2(s, x_proj, ops::MatMul(s, states[0], weights()[1].Read(s)));
  const std::string& gate = options_.recurrent_activation;
  KILN_ASSIGN_OR_RETURN(Output i, Activate(s, gate, Gate(s, z, 0)));
  KILN_ASSIGN_OR_RETURN(Output f, Activate(s, gate, Gate(s, z, 1)));
  KILN_ASSIGN_OR_RETURN(Output g,
                        Activate(s, options_.activation, Gate(s, z, 2)));
  KILN_ASSIGN_OR_RETURN(Output o, Activate(s, gate, Gate(s, z, 3)));
  Output c = ops::AddV2(s, ops::Mul(s, f, states[1]), ops::Mul(s, i, g));
  KILN_ASSIGN_OR_RETURN(Output c_act, Activate(s, options_.activation, c));
  return std::vector<Output>{ops::Mul(s, o, c_act), c};
}

GRU::GRU(int64_t units, RecurrentOptions options)
    : Recurrent(units, 3, 1, std::move(options), "gru") {}

// reset_after: inner = h U + b_rec; z, r = gate(x + inner) for the first two
// thirds; hh = act(x_h + r inner_h); h' = z h + (1 - z) hh.
StatusOr<std::vector<Output>> GRU::Step(const Scope& s, const Output& x_proj,
                                        const std::vector<Output>& states) {
  const Output& h = states[0];
  Output inner = ops::MatMul(s, h, weights()[1].Read(s));
  if (options_.use_bias) {
    Output rec_bias = ops::StridedSlice(
        s, weights()[2].Read(s), {1, 0}, {2, 0}, {1, 1},
        ops::StridedSliceAttrs().EndMask(2).ShrinkAxisMask(1));
    inner = ops::BiasAdd(s, inner, rec_bias);
  }
  const std::string& gate = options_.recurrent_activation;
  KILN_ASSIGN_OR_RETURN(
      Output z,
      Activate(s, gate, ops::AddV2(s, Gate(s, x_proj, 0), Gate(s, inner, 0))));
  KILN_ASSIGN_OR_RETURN(
      Output r,
      Activate(s, gate, ops::AddV2(s, Gate(s, x_proj, 1), Gate(s, inner, 1))));
  KILN_ASSIGN_OR_RETURN(
      Output hh, Activate(s, options_.activation,
                          ops::AddV2(s, Gate(s, x_proj, 2),
                                     ops::Mul(s, r, Gate(s, inner, 2)))));
  Output keep = ops::Mul(s, z, h);
  Output take = ops::Mul(s, ops::Sub(s, ops::OnesLike(s, z), z), hh);
  return std::vector<Output>{ops::AddV2(s, keep, take)};
}

}  // namespace keras
}  // namespace kiln
