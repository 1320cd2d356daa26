// Gradient cases: activations, Softmax/LogSoftmax, BiasAdd and the
// cross-entropy ops, most also to second order.
#include "frontend/ops/ops.h"
#include "tests/gradients/grad_check.h"

namespace kiln {
namespace gradcheck {
namespace {

// Labels that are a distribution over the last axis, as the cross-entropy
// ops assume (their backprop is softmax - labels).
Output Distribution(const Scope& s, const Output& x) {
  return ops::RealDiv(s, x, ops::Sum(s, x, -1, ops::SumAttrs().KeepDims(true)));
}

GradCase Activation(const std::string& name,
                    Output (*op)(const Scope&, Input)) {
  // Away from 0, where Relu, Elu and Selu have kinks.
  return {name,
          {{{3, 4}, -2, 2, 0.05}},
          [op](const Scope& s, const OutputList& x) { return op(s, x[0]); },
          true};
}

}  // namespace

std::vector<GradCase> NNCases() {
  std::vector<GradCase> c = {
      Activation("relu", ops::Relu),
      Activation("elu", ops::Elu),
      Activation("selu", ops::Selu),
      Activation("softplus", ops::Softplus),
      Activation("softmax", ops::Softmax),
      Activation("log_softmax", ops::LogSoftmax),
  };
  // Relu6(3x) + Relu6(3x + 6): both clips and both slopes, kinks only at
  // x = 0 (which the inputs stay away from).
  c.push_back({"relu6",
               {{{3, 4}, -1.5, 1.5, 0.05}},
               [](const Scope& s, const OutputList& x) {
                 Output t = ops::Mul(s, x[0], 3.0);
                 return ops::AddV2(s, ops::Relu6(s, t),
                                   ops::Relu6(s, ops::AddV2(s, t, 6.0)));
               },
               true});
  c.push_back({"leaky_relu",
               {{{3, 4}, -2, 2, 0.05}},
               [](const Scope& s, const OutputList& x) {
                 return ops::LeakyRelu(s, x[0],
                                       ops::LeakyReluAttrs().Alpha(0.3f));
               },
               true});
  c.push_back({"bias_add",
               {{{2, 3, 4}}, {{4}}},
               [](const Scope& s, const OutputList& x) {
                 return ops::BiasAdd(s, x[0], x[1]);
               },
               true});
  c.push_back({"bias_add_nchw",
               {{{2, 3, 2, 2}}, {{3}}},
               [](const Scope& s, const OutputList& x) {
                 return ops::BiasAdd(s, x[0], x[1],
                                     ops::BiasAddAttrs().DataFormat("NCHW"));
               }});
  c.push_back({"xent_loss",
               {{{3, 5}}, {{3, 5}, 0.1, 1}},
               [](const Scope& s, const OutputList& x) {
                 return ops::SoftmaxCrossEntropyWithLogits(
                            s, x[0], Distribution(s, x[1]))
                     .loss;
               },
               true});
  c.push_back({"xent_loss_and_backprop",
               {{{3, 5}}, {{3, 5}, 0.1, 1}},
               [](const Scope& s, const OutputList& x) {
                 auto xent = ops::SoftmaxCrossEntropyWithLogits(
                     s, x[0], Distribution(s, x[1]));
                 return ops::AddV2(s, ops::Sum(s, xent.backprop, 1), xent.loss);
               }});
  c.push_back(
      {"sparse_xent_loss",
       {{{4, 5}}},
       [](const Scope& s, const OutputList& x) {
         Output labels = ops::Const(s, {1, 4, 0, 2});
         return ops::SparseSoftmaxCrossEntropyWithLogits(s, x[0], labels).loss;
       },
       true});
  return c;
}

}  // namespace gradcheck
}  // namespace kiln
