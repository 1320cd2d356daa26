// Keras' recurrent layers over [batch, timesteps, features] inputs. With a
// known number of timesteps they are unrolled into the graph by default
// (Keras' unroll=True): each step's ops are plain graph ops, which the
// compiler fuses. unroll=false, or timesteps known only at run time, loops
// with kiln::while_loop instead (one traced step, any sequence length,
// gradients through the loop).
//   SimpleRNN(units)   h = tanh(x W + h U + b)
//   LSTM(units)        Keras' gate order i, f, c, o; unit_forget_bias
//   GRU(units)         Keras' reset_after=True form (bias [2, 3 * units])
//   Bidirectional(l)   l forwards and a copy backwards, outputs concatenated
//   TimeDistributed(l) any layer applied to each step of [batch, steps, ...]
// return_sequences gives every step's output [batch, timesteps, units];
// Run() also returns the final states (Keras' return_state). With a mask
// ([batch, timesteps] bool, from Embedding(mask_zero) or Masking), a masked
// step leaves the states as they were and outputs the previous output
// (zeros with zero_output_for_mask, which Bidirectional sets when it
// returns sequences), as Keras' layers do.
//
//   model.Add(std::make_shared<keras::LSTM>(32));
#ifndef KILN_FRONTEND_KERAS_RECURRENT_H_
#define KILN_FRONTEND_KERAS_RECURRENT_H_

#include <memory>
#include <string>
#include <vector>

#include "frontend/keras/layer.h"
#include "frontend/variables/initializers.h"

namespace kiln {
namespace keras {

struct RecurrentOptions {
  bool return_sequences = false;
  bool go_backwards = false;  // read the steps last to first
  // Masked steps of a returned sequence output zeros instead of the
  // previous output.
  bool zero_output_for_mask = false;
  // Unroll the steps into the graph (needs known timesteps); false: a
  // while_loop (as is any input whose timesteps are unknown).
  bool unroll = true;
  std::string activation = "tanh";
  std::string recurrent_activation = "sigmoid";  // LSTM and GRU gates
  bool use_bias = true;
  Initializer kernel_initializer = initializers::GlorotUniform();
  Initializer recurrent_initializer = initializers::Orthogonal();
  Initializer bias_initializer = initializers::Zeros();
  std::string name;  // default "simple_rnn", "lstm", "gru"
};

// The result of running a recurrent layer over a sequence.
struct RecurrentOutputs {
  Output output;               // last step's, or every step's
  std::vector<Output> states;  // final states: [h] or [h, c]
};

class Recurrent : public Layer {
 public:
  std::string type() const override = 0;
  StatusOr<Shape> OutputShape(const Shape& input) const override;
  int64_t units() const { return units_; }
  const RecurrentOptions& options() const { return options_; }

  // Builds the weights on the first call, then runs the sequence from
  // `initial` states (zeros when empty), skipping the steps `mask` (when
  // valid) marks false.
  StatusOr<RecurrentOutputs> Run(const Scope& scope, const Output& x,
                                 const std::vector<Output>& initial = {},
                                 uint64_t seed = 0,
                                 const Output& mask = Output());
  bool supports_masking() const override { return true; }

 protected:
  bool computes_in_float32() const override { return true; }
  Recurrent(int64_t units, int gates, int num_states, RecurrentOptions options,
            const std::string& default_name);
  Status BuildWeights(const Scope& scope, const Shape& input_shape,
                      uint64_t seed) override;
  StatusOr<Output> CallImpl(const Scope& scope, const Output& x,
                            bool training) override;
  // The mask goes on with the sequence (return_sequences), else ends here.
  StatusOr<Output> ComputeMask(const Scope& scope, const Output& x,
                               const Output& mask) const override;
  // One step: x_proj = x_t W (+ input bias), [batch, gates * units]; the
  // states in, the states out (state 0 is the step's output).
  virtual StatusOr<std::vector<Output>> Step(
      const Scope& scope, const Output& x_proj,
      const std::vector<Output>& states) = 0;
  // The bias initializer's value (LSTM: forget gate ones).
  virtual Initializer BiasInitializer() const {
    return options_.bias_initializer;
  }
  // Recurrent bias rows (GRU's reset_after: 2; others 1).
  virtual int BiasRows() const { return 1; }

  // Columns [k * units, (k + 1) * units) of a [batch, gates * units] value.
  Output Gate(const Scope& scope, const Output& value, int k) const;

  int64_t units_;
  int gates_, num_states_;
  RecurrentOptions options_;
  // Run()'s initial states and mask for the call, and the call's final
  // states.
  std::vector<Output> initial_, last_states_;
  Output run_mask_;

 private:
  friend class Bidirectional;  // sets zero_output_for_mask
  StatusOr<RecurrentOutputs> Unroll(const Scope& scope, const Output& x,
                                    std::vector<Output> states,
                                    const Output& mask);
  // The same recurrence as a while_loop over the steps (recurrent_loop.cc).
  StatusOr<RecurrentOutputs> Loop(const Scope& scope, const Output& x,
                                  std::vector<Output> states,
                                  const Output& mask);
  // x W (+ the input bias) for every step: [batch, steps, gates * units].
  Output ProjectInputs(const Scope& scope, const Output& x);
};

class SimpleRNN : public Recurrent {
 public:
  explicit SimpleRNN(int64_t units, RecurrentOptions options = {});
  std::string type() const override { return "SimpleRNN"; }

 protected:
  StatusOr<std::vector<Output>> Step(
      const Scope& scope, const Output& x_proj,
      const std::vector<Output>& states) override;
};

class LSTM : public Recurrent {
 public:
  explicit LSTM(int64_t units, RecurrentOptions options = {});
  std::string type() const override { return "LSTM"; }

 protected:
  StatusOr<std::vector<Output>> Step(
      const Scope& scope, const Output& x_proj,
      const std::vector<Output>& states) override;
  Initializer BiasInitializer() const override;
};

class GRU : public Recurrent {
 public:
  explicit GRU(int64_t units, RecurrentOptions options = {});
  std::string type() const override { return "GRU"; }

 protected:
  StatusOr<std::vector<Output>> Step(
      const Scope& scope, const Output& x_proj,
      const std::vector<Output>& states) override;
  int BiasRows() const override { return 2; }
};

// `forward` and `backward` (the same kind of layer, go_backwards set on the
// second) over the same input, their outputs concatenated on the last axis
// (the backward sequence re-reversed when return_sequences).
class Bidirectional : public Layer {
 public:
  // `backward` must have go_backwards set.
  Bidirectional(std::shared_ptr<Recurrent> forward,
                std::shared_ptr<Recurrent> backward,
                std::string name = "bidirectional");
  // Two L(units, options), the second going backwards.
  template <typename L>
  static std::shared_ptr<Bidirectional> Of(int64_t units,
                                           RecurrentOptions options = {}) {
    RecurrentOptions back = options;
    back.go_backwards = true;
    if (!back.name.empty()) back.name += "_backward";
    return std::make_shared<Bidirectional>(std::make_shared<L>(units, options),
                                           std::make_shared<L>(units, back));
  }
  std::string type() const override { return "Bidirectional"; }
  StatusOr<Shape> OutputShape(const Shape& input) const override;
  bool supports_masking() const override { return true; }

 protected:
  StatusOr<Output> ComputeMask(const Scope& scope, const Output& x,
                               const Output& mask) const override {
    return forward_->options().return_sequences ? mask : Output();
  }
  // Keeps the model's seed for the two layers it builds on first call.
  Status BuildWeights(const Scope&, const Shape&, uint64_t seed) override {
    seed_ = seed;
    return OkStatus();
  }
  StatusOr<Output> CallImpl(const Scope& scope, const Output& x,
                            bool training) override;

 private:
  std::shared_ptr<Recurrent> forward_, backward_;
  uint64_t seed_ = 0;
};

// `layer` on every step: [batch, steps, ...] viewed as [batch * steps, ...]
// (steps and the step's dims known), then viewed back.
class TimeDistributed : public Layer {
 public:
  explicit TimeDistributed(std::shared_ptr<Layer> layer,
                           std::string name = "time_distributed")
      : Layer(std::move(name)), layer_(std::move(layer)) {}
  std::string type() const override { return "TimeDistributed"; }
  StatusOr<Shape> OutputShape(const Shape& input) const override;
  bool supports_masking() const override { return true; }

 protected:
  Status BuildWeights(const Scope&, const Shape&, uint64_t seed) override {
    seed_ = seed;
    return OkStatus();
  }
  StatusOr<Output> CallImpl(const Scope& scope, const Output& x,
                            bool training) override;

 private:
  std::shared_ptr<Layer> layer_;
  uint64_t seed_ = 0;
};

}  // namespace keras
}  // namespace kiln

#endif  // KILN_FRONTEND_KERAS_RECURRENT_H_
