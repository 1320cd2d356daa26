// Gradient cases: re-shapes, Transpose, ConcatV2, Pack, Fill, Identity,
// Slice, StridedSlice, Pad, StridedSliceGrad, GatherV2, UnsortedSegmentSum,
// Tile, ReverseV2.
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
  c.push_back({"reshape",
               {{{2, 6}}},
               squared([](const Scope& s, const OutputList& x) {
                 return ops::Reshape(s, x[0], {3, -1});
               }),
               true});
  c.push_back({"expand_squeeze",
               {{{3, 4}}},
               squared([](const Scope& s, const OutputList& x) {
                 Output e = ops::ExpandDims(s, x[0], 1);
                 return ops::Mul(s, ops::Squeeze(s, ops::Tanh(s, e)), x[0]);
               })});
  c.push_back({"transpose",
               {{{2, 3, 4}}},
               squared([](const Scope& s, const OutputList& x) {
                 return ops::Mul(s, ops::Transpose(s, x[0], {2, 0, 1}),
                                 ops::Const(s, 0.5));
               }),
               true});
  c.push_back({"concat",
               {{{2, 3}}, {{2, 1}}, {{2, 2}}},
               squared([](const Scope& s, const OutputList& x) {
                 return ops::ConcatV2(s, {x[0], x[1], x[2]}, -1);
               })});
  c.push_back({"pack_axis1",
               {{{2, 3}}, {{2, 3}}},
               squared([](const Scope& s, const OutputList& x) {
                 return ops::Pack(s, {x[0], x[1]}, ops::PackAttrs().Axis(1));
               })});
  c.push_back({"fill", {{{}}}, squared([](const Scope& s, const OutputList& x) {
                 return ops::Fill(s, {2, 3}, x[0]);
               })});
  c.push_back(
      {"identity", {{{4}}}, squared([](const Scope& s, const OutputList& x) {
         return ops::Identity(s, x[0]);
       })});
  c.push_back({"slice",
               {{{4, 5}}},
               squared([](const Scope& s, const OutputList& x) {
                 return ops::Slice(s, x[0], {1, 2}, {2, -1});
               }),
               true});
  c.push_back({"strided_slice",
               {{{5, 6}}},
               squared([](const Scope& s, const OutputList& x) {
                 return ops::StridedSlice(s, x[0], {-1, 1}, {0, 6}, {-2, 2},
                                          ops::StridedSliceAttrs().EndMask(1));
               }),
               true});
  c.push_back(
      {"strided_slice_shrink",
       {{{3, 4}}},
       squared([](const Scope& s, const OutputList& x) {
         return ops::StridedSlice(
             s, x[0], {0, 2}, {0, 3}, {1, 1},
             ops::StridedSliceAttrs().BeginMask(1).EndMask(1).ShrinkAxisMask(
                 2));
       })});
  // int64 begin/end/strides: the gradient's shape input follows their type.
  c.push_back({"strided_slice_int64_spec",
               {{{4, 5}}},
               squared([](const Scope& s, const OutputList& x) {
                 return ops::StridedSlice(s, x[0], {int64_t{1}, int64_t{0}},
                                          {int64_t{3}, int64_t{5}},
                                          {int64_t{1}, int64_t{2}});
               }),
               true});
  c.push_back({"pad",
               {{{2, 3}}},
               squared([](const Scope& s, const OutputList& x) {
                 return ops::Pad(
                     s, x[0], ops::Const(s, {1, 0, 2, 1}, Shape::Of({2, 2})));
               }),
               true});
  c.push_back(
      {"strided_slice_grad",
       {{{2, 3}}},
       squared([](const Scope& s, const OutputList& x) {
         return ops::StridedSliceGrad(s, {4, 6}, {0, 0}, {4, 6}, {2, 2}, x[0]);
       }),
       true});
  // Rows 1 and 3 read twice, row 0 never: the gradient sums repeats.
  c.push_back({"gather_rows",
               {{{4, 3}}},
               squared([](const Scope& s, const OutputList& x) {
                 return ops::GatherV2(
                     s, x[0],
                     ops::Const(s, {1, 3, 3, 2, 1, 3}, Shape::Of({2, 3})), 0);
               }),
               true});
  c.push_back({"unsorted_segment_sum",
               {{{5, 2}}},
               squared([](const Scope& s, const OutputList& x) {
                 return ops::UnsortedSegmentSum(
                     s, x[0], ops::Const(s, {2, -1, 0, 2, 3}, Shape::Of({5})),
                     4);
               }),
               true});
  c.push_back({"tile",
               {{{2, 3}}},
               squared([](const Scope& s, const OutputList& x) {
                 return ops::Tile(s, x[0], {3, 2});
               }),
               true});
  c.push_back({"mirror_pad_reflect",
               {{{3, 4}}},
               squared([](const Scope& s, const OutputList& x) {
                 return ops::MirrorPad(
                     s, x[0], ops::Const(s, {2, 1, 0, 3}, Shape::Of({2, 2})),
                     "REFLECT");
               }),
               true});
  c.push_back({"mirror_pad_grad_symmetric",
               {{{5, 4}}},
               squared([](const Scope& s, const OutputList& x) {
                 return ops::MirrorPadGrad(
                     s, x[0], ops::Const(s, {1, 2, 2, 0}, Shape::Of({2, 2})),
                     "SYMMETRIC");
               }),
               true});
  c.push_back({"reverse",
               {{{2, 3, 4}}},
               squared([](const Scope& s, const OutputList& x) {
                 return ops::Mul(s, ops::ReverseV2(s, x[0], {0, -1}), x[0]);
               }),
               true});
  return c;
}

}  // namespace gradcheck
}  // namespace kiln
