// Gradient cases: re-shapes, Transpose, ConcatV2, Pack, Fill, Identity.
#include "frontend/ops/ops.h"
#include "tests/gradients/grad_check.h"

namespace kiln {
namespace gradcheck {

std::vector<GradCase> ArrayCases() {
  std::vector<GradCase> c;
  // Each case squares its result, so second derivatives are not zero.
  auto squared = [](std::function<Output(const Scope&, const OutputList&)> f) {
    return [f](const Scope& s, const OutputList& x) {
      return ops::Square(s, f(s, x));
    };
  };
  c.push_back({"reshape", {{{2, 6}}},
               squared([](const Scope& s, const OutputList& x) {
                 return ops::Reshape(s, x[0], {3, -1});
               }),
               true});
  c.push_back({"expand_squeeze", {{{3, 4}}},
               squared([](const Scope& s, const OutputList& x) {
                 Output e = ops::ExpandDims(s, x[0], 1);
                 return ops::Mul(s, ops::Squeeze(s, ops::Tanh(s, e)), x[0]);
               })});
  c.push_back({"transpose", {{{2, 3, 4}}},
               squared([](const Scope& s, const OutputList& x) {
                 return ops::Mul(s, ops::Transpose(s, x[0], {2, 0, 1}),
                                 ops::Const(s, 0.5));
               }),
               true});
  c.push_back({"concat", {{{2, 3}}, {{2, 1}}, {{2, 2}}},
               squared([](const Scope& s, const OutputList& x) {
                 return ops::ConcatV2(s, {x[0], x[1], x[2]}, -1);
               })});
  c.push_back({"pack_axis1", {{{2, 3}}, {{2, 3}}},
               squared([](const Scope& s, const OutputList& x) {
                 return ops::Pack(s, {x[0], x[1]}, ops::PackAttrs().Axis(1));
               })});
  c.push_back({"fill", {{{}}},
               squared([](const Scope& s, const OutputList& x) {
                 return ops::Fill(s, {2, 3}, x[0]);
               })});
  c.push_back({"identity", {{{4}}},
               squared([](const Scope& s, const OutputList& x) {
                 return ops::Identity(s, x[0]);
               })});
  return c;
}

}  // namespace gradcheck
}  // namespace kiln
