// The recurrent layers' shared unrolled loop, SimpleRNN's step, and
// Bidirectional.
#include "frontend/keras/recurrent.h"

#include "frontend/keras/activations.h"
#include "frontend/ops/ops.h"

namespace kiln {
namespace keras {

Recurrent::Recurrent(int64_t units, int gates, int num_states,
                     RecurrentOptions options, const std::string& default_name)
    : Layer(options.name.empty() ? default_name : options.name),
      units_(units),
      gates_(gates),
      num_states_(num_states),
      options_(std::move(options)) {}

StatusOr<Shape> Recurrent::OutputShape(const Shape& input) const {
  if (input.unknown_rank || input.rank() != 3 || input.dims[2] < 0) {
    return InvalidArgument(type() +
                           " needs [batch, timesteps, features] "
                           "with known features, not " +
                           input.ToString());
  }
  return options_.return_sequences
             ? Shape::Of({input.dims[0], input.dims[1], units_})
             : Shape::Of({input.dims[0], units_});
}

Status Recurrent::BuildWeights(const Scope& scope, const Shape& input_shape,
                               uint64_t seed) {
  KILN_RETURN_IF_ERROR(OutputShape(input_shape).status());
  if (units_ <= 0) return InvalidArgument(type() + " needs units > 0");
  for (const std::string& a :
       {options_.activation, options_.recurrent_activation}) {
    if (!IsActivation(a))
      return InvalidArgument("unknown activation '" + a + "'");
  }
  const int64_t width = gates_ * units_;
  KILN_RETURN_IF_ERROR(AddWeight(scope, "kernel",
                                 Shape::Of({input_shape.dims[2], width}),
                                 options_.kernel_initializer, seed)
                           .status());
  KILN_RETURN_IF_ERROR(AddWeight(scope, "recurrent_kernel",
                                 Shape::Of({units_, width}),
                                 options_.recurrent_initializer, seed)
                           .status());
  if (!options_.use_bias) return OkStatus();
  const Shape bias =
      BiasRows() == 1 ? Shape::Of({width}) : Shape::Of({BiasRows(), width});
  return AddWeight(scope, "bias", bias, BiasInitializer(), seed).status();
}

Output Recurrent::Gate(const Scope& s, const Output& value, int k) const {
  return ops::StridedSlice(s, value, {int64_t{0}, k * units_},
                           {int64_t{0}, (k + 1) * units_},
                           {int64_t{1}, int64_t{1}},
                           ops::StridedSliceAttrs().BeginMask(1).EndMask(1));
}

namespace {

// Step t of a [batch, steps] mask as [batch, 1] bools.
Output MaskAt(const Scope& s, const Output& mask, int64_t t) {
  Output m = ops::StridedSlice(
      s, mask, {int64_t{0}, t}, {int64_t{0}, t + 1}, {int64_t{1}, int64_t{1}},
      ops::StridedSliceAttrs().BeginMask(1).EndMask(1));
  return m.dtype() == DT_BOOL ? m : ops::Greater(s, m, ops::ZerosLike(s, m));
}

}  // namespace

// x W for every step at once: one matmul instead of one per step.
Output Recurrent::ProjectInputs(const Scope& s, const Output& x) {
  const int64_t steps = x.shape().dims[1], features = x.shape().dims[2];
  const int64_t width = gates_ * units_;
  Output flat = ops::MatMul(s, ops::Reshape(s, x, {int64_t{-1}, features}),
                            weights()[0].Read(s));
  Output proj;
  if (steps >= 0) {
    proj = ops::Reshape(s, flat, {int64_t{-1}, steps, width});
  } else {  // [batch, steps] of x's shape, then width
    Output dims = ops::ConcatV2(s,
                                {ops::Slice(s, ops::Shape(s, x), {0}, {2}),
                                 ops::Const(s, {static_cast<int32_t>(width)})},
                                0);
    proj = ops::Reshape(s, flat, dims);
  }
  if (options_.use_bias) {
    Output bias = weights()[2].Read(s);
    if (BiasRows() > 1) {  // the input row
      bias = ops::StridedSlice(
          s, bias, {0, 0}, {1, 0}, {1, 1},
          ops::StridedSliceAttrs().EndMask(2).ShrinkAxisMask(1));
    }
    proj = ops::BiasAdd(s, proj, bias);
  }
  return proj;
}

StatusOr<RecurrentOutputs> Recurrent::Unroll(const Scope& s, const Output& x,
                                             std::vector<Output> states,
                                             const Output& mask) {
  const int64_t steps = x.shape().dims[1];
  Output proj = ProjectInputs(s, x);
  std::vector<Output> outputs;
  for (int64_t i = 0; i < steps; ++i) {
    const int64_t t = options_.go_backwards ? steps - 1 - i : i;
    Output x_t = ops::StridedSlice(
        s, proj, {int64_t{0}, t, int64_t{0}}, {int64_t{0}, t + 1, int64_t{0}},
        {int64_t{1}, int64_t{1}, int64_t{1}},
        ops::StridedSliceAttrs().BeginMask(5).EndMask(5).ShrinkAxisMask(2));
    if (states.empty()) {
      Output zeros = ops::ZerosLike(s, Gate(s, x_t, 0));
      states.assign(num_states_, zeros);
    }
    KILN_ASSIGN_OR_RETURN(std::vector<Output> next, Step(s, x_t, states));
    if (!mask.valid()) {
      states = next;
      outputs.push_back(states[0]);
      continue;
    }
    Output m = MaskAt(s, mask, t);
    for (size_t k = 0; k < states.size(); ++k)
      states[k] = ops::SelectV2(s, m, next[k], states[k]);
    outputs.push_back(
        options_.zero_output_for_mask && options_.return_sequences
            ? ops::SelectV2(s, m, next[0], ops::ZerosLike(s, next[0]))
            : states[0]);
  }
  KILN_RETURN_IF_ERROR(s.status());
  Output out = options_.return_sequences
                   ? ops::Pack(s, outputs, ops::PackAttrs().Axis(1))
                   : outputs.back();
  return RecurrentOutputs{out, states};
}

StatusOr<Output> Recurrent::CallImpl(const Scope& s, const Output& x, bool) {
  KILN_RETURN_IF_ERROR(OutputShape(x.shape()).status());
  if (!initial_.empty() && static_cast<int>(initial_.size()) != num_states_) {
    return InvalidArgument(type() + " takes " + std::to_string(num_states_) +
                           " initial states, not " +
                           std::to_string(initial_.size()));
  }
  Output mask = run_mask_.valid() ? run_mask_ : input_mask();
  if (mask.valid() && (mask.shape().unknown_rank || mask.shape().rank() != 2 ||
                       (mask.shape().dims[1] >= 0 && x.shape().dims[1] >= 0 &&
                        mask.shape().dims[1] != x.shape().dims[1]))) {
    return InvalidArgument(type() + " needs a [batch, " +
                           std::to_string(x.shape().dims[1]) + "] mask, not " +
                           mask.shape().ToString());
  }
  const bool loop = !options_.unroll || x.shape().dims[1] < 0;
  KILN_ASSIGN_OR_RETURN(RecurrentOutputs r, loop
                                                ? Loop(s, x, initial_, mask)
                                                : Unroll(s, x, initial_, mask));
  last_states_ = r.states;
  return r.output;
}

StatusOr<Output> Recurrent::ComputeMask(const Scope&, const Output&,
                                        const Output& mask) const {
  return options_.return_sequences ? mask : Output();
}

StatusOr<RecurrentOutputs> Recurrent::Run(const Scope& scope, const Output& x,
                                          const std::vector<Output>& initial,
                                          uint64_t seed, const Output& mask) {
  initial_ = initial;
  run_mask_ = mask;
  StatusOr<Output> out = (*this)(scope, x, false, seed);
  initial_.clear();
  run_mask_ = Output();
  KILN_RETURN_IF_ERROR(out.status());
  return RecurrentOutputs{*out, last_states_};
}

SimpleRNN::SimpleRNN(int64_t units, RecurrentOptions options)
    : Recurrent(units, 1, 1, std::move(options), "simple_rnn") {}

StatusOr<std::vector<Output>> SimpleRNN::Step(
    const Scope& s, const Output& x_proj, const std::vector<Output>& states) {
  Output z =
      ops::AddV2(s, x_proj, ops::MatMul(s, states[0], weights()[1].Read(s)));
  KILN_ASSIGN_OR_RETURN(Output h, Activate(s, options_.activation, z));
  return std::vector<Output>{h};
}

Bidirectional::Bidirectional(std::shared_ptr<Recurrent> forward,
                             std::shared_ptr<Recurrent> backward,
                             std::string name)
    : Layer(std::move(name)),
      forward_(std::move(forward)),
      backward_(std::move(backward)) {}

StatusOr<Shape> Bidirectional::OutputShape(const Shape& input) const {
  KILN_ASSIGN_OR_RETURN(Shape f, forward_->OutputShape(input));
  KILN_ASSIGN_OR_RETURN(Shape b, backward_->OutputShape(input));
  f.dims.back() += b.dims.back();
  return f;
}

StatusOr<Output> Bidirectional::CallImpl(const Scope& s, const Output& x,
                                         bool training) {
  if (!backward_->options().go_backwards || forward_->options().go_backwards ||
      forward_->options().return_sequences !=
          backward_->options().return_sequences) {
    return InvalidArgument(
        "Bidirectional needs a forward layer and a "
        "go_backwards one, both with or without "
        "return_sequences");
  }
  const bool first = !forward_->built();
  // Keras' Bidirectional: masked steps of returned sequences are zeros.
  for (Recurrent* layer : {forward_.get(), backward_.get()})
    layer->options_.zero_output_for_mask = layer->options_.return_sequences;
  KILN_ASSIGN_OR_RETURN(
      Layer::Masked f,
      forward_->CallMasked(s, x, input_mask(), training, seed_ + 1));
  KILN_ASSIGN_OR_RETURN(
      Layer::Masked b,
      backward_->CallMasked(s, x, input_mask(), training, seed_ + 2));
  if (first) {
    TrackSublayer(*forward_);
    TrackSublayer(*backward_);
  }
  Output back = b.value;
  if (backward_->options().return_sequences) {
    back = ops::ReverseV2(s, back, {1});  // step t's output at position t
  }
  Output y = ops::ConcatV2(s, {f.value, back}, -1);
  KILN_RETURN_IF_ERROR(s.status());
  return y;
}

}  // namespace keras
}  // namespace kiln
