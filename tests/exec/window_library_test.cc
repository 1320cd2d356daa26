// runtime/cpu's oneDNN window ops (LIBRARY steps) against the reference
// kernels on random problems: every op, NHWC and NCHW, VALID/SAME/EXPLICIT,
// strides, dilations, grouped convolutions (which TensorFlow's CPU kernels
// lack, so the numerics suite cannot cover them), the fused conv + bias +
// activation, empty batches, and the errors shapes must give.
#include <catch2/catch.hpp>
#include <cmath>
#include <random>

#include "runtime/cpu/onednn_window.h"
#include "runtime/graph/node_attr_source.h"
#include "runtime/graph/op_spec.h"
#include "runtime/reference/evaluate.h"

namespace kiln {
namespace {

using Rng = std::mt19937;

Tensor Random(const std::vector<int64_t>& dims, Rng& rng) {
  Tensor t =
      *Tensor::Allocate(tensorflow::DT_FLOAT, *TensorShape::Create(dims));
  std::uniform_real_distribution<float> u(-2, 2);
  for (int64_t i = 0; i < t.NumElements(); ++i) t.data<float>()[i] = u(rng);
  return t;
}

Tensor Sizes(const std::vector<int64_t>& dims) {
  std::vector<int32_t> v(dims.begin(), dims.end());
  return *Tensor::FromVector(v);
}

struct Problem {
  std::vector<int64_t> x, filter, y;  // data-format order; filter HWIO
  tensorflow::NodeDef node;
};

void SetList(tensorflow::NodeDef& node, const std::string& name,
             std::vector<int64_t> v) {
  auto* list = (*node.mutable_attr())[name].mutable_list();
  for (int64_t i : v) list->add_i(i);
}

// A random conv or pool problem; `pool` draws a window instead of a filter.
Problem RandomProblem(Rng& rng, bool pool) {
  auto pick = [&](int lo, int hi) {
    return lo + static_cast<int64_t>(rng() % (hi - lo + 1));
  };
  Problem p;
  const bool nchw = rng() % 3 == 0;
  const int64_t n = pick(1, 3), h = pick(5, 12), w = pick(5, 12);
  const int64_t groups = pool ? 1 : (rng() % 3 == 0 ? 2 : 1);
  const int64_t c = pick(1, 4) * groups, oc = pick(1, 4) * groups;
  const int64_t kh = pick(1, 3), kw = pick(1, 3), sh = pick(1, 2),
                sw = pick(1, 3);
  const int64_t dh = pool ? 1 : pick(1, 2), dw = pool ? 1 : pick(1, 2);
  const int mode = rng() % 3;  // VALID, SAME, EXPLICIT
  (*p.node.mutable_attr())["data_format"].set_s(nchw ? "NCHW" : "NHWC");
  (*p.node.mutable_attr())["padding"].set_s(mode == 0   ? "VALID"
                                            : mode == 1 ? "SAME"
                                                        : "EXPLICIT");
  auto spatial = [&](int64_t a, int64_t b) {
    return nchw ? std::vector<int64_t>{1, 1, a, b}
                : std::vector<int64_t>{1, a, b, 1};
  };
  SetList(p.node, "strides", spatial(sh, sw));
  int64_t pt = 0, pb = 0, pl = 0, pr = 0;
  if (mode == 2) {
    pt = pick(0, kh - 1), pb = pick(0, kh - 1), pl = pick(0, kw - 1),
    pr = pick(0, kw - 1);
    SetList(p.node, "explicit_paddings",
            nchw ? std::vector<int64_t>{0, 0, 0, 0, pt, pb, pl, pr}
                 : std::vector<int64_t>{0, 0, pt, pb, pl, pr, 0, 0});
  }
  if (pool) {
    SetList(p.node, "ksize", spatial(kh, kw));
  } else {
    SetList(p.node, "dilations", spatial(dh, dw));
    p.filter = {kh, kw, c / groups, oc};
  }
  p.x = nchw ? std::vector<int64_t>{n, c, h, w}
             : std::vector<int64_t>{n, h, w, c};
  auto out = [&](int64_t in, int64_t k, int64_t s, int64_t d, int64_t before,
                 int64_t after) {
    const int64_t eff = (k - 1) * d + 1;
    if (mode == 1) return (in + s - 1) / s;
    if (mode == 0) return (in - eff + s) / s;
    return (in + before + after - eff) / s + 1;
  };
  const int64_t oh = out(h, kh, sh, dh, pt, pb),
                ow = out(w, kw, sw, dw, pl, pr);
  const int64_t yc = pool ? c : oc;
  p.y = nchw ? std::vector<int64_t>{n, yc, oh, ow}
             : std::vector<int64_t>{n, oh, ow, yc};
  return p;
}

// Runs `op` both ways and compares.
void Compare(const std::string& op, Problem p, const std::vector<Tensor>& in) {
  p.node.set_op(op);
  const OpSpec* spec = FindOpSpec(op);
  REQUIRE(spec != nullptr);
  NodeAttrSource attrs(p.node, spec);
  StatusOr<std::vector<Tensor>> want = EvaluateReference(*spec, in, attrs);
  INFO(op << " " << p.node.ShortDebugString());
  REQUIRE(want.ok());
  StatusOr<Tensor> got =
      cpu::RunWindowOp(op, attrs, in, [](const TensorShape& s) {
        return Tensor::Allocate(tensorflow::DT_FLOAT, s);
      });
  INFO(got.status().ToString());
  REQUIRE(got.ok());
  REQUIRE(got->shape() == (*want)[0].shape());
  double worst = 0;
  for (int64_t i = 0; i < got->NumElements(); ++i) {
    const double a = got->data<float>()[i], b = (*want)[0].data<float>()[i];
    worst = std::max(worst, std::abs(a - b) / (1 + std::abs(b)));
  }
  CHECK(worst < 1e-4);
}

TEST_CASE("oneDNN convolutions match the reference on random problems",
          "[library]") {
  Rng rng(20261207);
  for (int round = 0; round < 60; ++round) {
    Problem p = RandomProblem(rng, false);
    if (p.y[1] <= 0 || p.y[2] <= 0 || p.y[3] <= 0) continue;
    Tensor x = Random(p.x, rng), f = Random(p.filter, rng),
           dy = Random(p.y, rng);
    Compare("Conv2D", p, {x, f});
    Compare("Conv2DBackpropInput", p, {Sizes(p.x), f, dy});
    Compare("Conv2DBackpropFilter", p, {x, Sizes(p.filter), dy});
  }
}

TEST_CASE("oneDNN pools match the reference on random problems", "[library]") {
  Rng rng(7);
  for (int round = 0; round < 60; ++round) {
    Problem p = RandomProblem(rng, true);
    if (p.y[1] <= 0 || p.y[2] <= 0 || p.y[3] <= 0) continue;
    Tensor x = Random(p.x, rng), dy = Random(p.y, rng);
    Compare("MaxPool", p, {x});
    Compare("MaxPoolGrad", p, {x, Random(p.y, rng), dy});
    if (p.node.attr().at("padding").s() == "EXPLICIT") continue;
    Compare("AvgPool", p, {x});
    Compare("AvgPoolGrad", p, {Sizes(p.x), dy});
  }
}

TEST_CASE("oneDNN max pooling routes ties to the first maximum", "[library]") {
  Rng rng(3);
  Problem p = RandomProblem(rng, true);
  Tensor x = Random(p.x, rng);
  for (int64_t i = 0; i < x.NumElements(); ++i) {
    x.data<float>()[i] = static_cast<float>(i % 3 == 0);  // many equal
  }
  Compare("MaxPoolGrad", p, {x, Random(p.y, rng), Random(p.y, rng)});
}

TEST_CASE("the fused conv adds the bias and applies the activation",
          "[library]") {
  Rng rng(11);
  tensorflow::NodeDef node;
  node.set_op("Conv2D");
  SetList(node, "strides", {1, 1, 1, 1});
  (*node.mutable_attr())["padding"].set_s("SAME");
  NodeAttrSource attrs(node, FindOpSpec("Conv2D"));
  Tensor x = Random({2, 6, 5, 3}, rng), f = Random({3, 3, 3, 4}, rng),
         bias = Random({4}, rng);
  auto alloc = [](const TensorShape& s) {
    return Tensor::Allocate(tensorflow::DT_FLOAT, s);
  };
  StatusOr<Tensor> plain = cpu::RunWindowOp("Conv2D", attrs, {x, f}, alloc);
  StatusOr<Tensor> fused =
      cpu::RunFusedConv2D(attrs, x, f, &bias, cpu::Activation::kRelu, alloc);
  REQUIRE(plain.ok());
  REQUIRE(fused.ok());
  for (int64_t i = 0; i < plain->NumElements(); ++i) {
    const float want =
        std::max(0.f, plain->data<float>()[i] + bias.data<float>()[i % 4]);
    CHECK(fused->data<float>()[i] == Approx(want).margin(1e-5));
  }
  Tensor wrong_bias = Random({3}, rng);
  CHECK(cpu::RunFusedConv2D(attrs, x, f, &wrong_bias, cpu::Activation::kNone,
                            alloc)
            .status()
            .code() == StatusCode::kInvalidArgument);
}

TEST_CASE("oneDNN window ops reject what the reference rejects", "[library]") {
  Rng rng(5);
  tensorflow::NodeDef node;
  SetList(node, "strides", {1, 1, 1, 1});
  (*node.mutable_attr())["padding"].set_s("VALID");
  NodeAttrSource attrs(node, FindOpSpec("Conv2D"));
  auto alloc = [](const TensorShape& s) {
    return Tensor::Allocate(tensorflow::DT_FLOAT, s);
  };
  // Channels 3 vs a filter for 5; a filter two rows larger than the input;
  // a wrong out_backprop.
  CHECK(cpu::RunWindowOp("Conv2D", attrs,
                         {Random({1, 5, 5, 3}, rng), Random({3, 3, 5, 2}, rng)},
                         alloc)
            .status()
            .code() == StatusCode::kInvalidArgument);
  CHECK(cpu::RunWindowOp("Conv2D", attrs,
                         {Random({1, 1, 5, 3}, rng), Random({3, 3, 3, 2}, rng)},
                         alloc)
            .status()
            .code() == StatusCode::kInvalidArgument);
  // One row short of the filter: TensorFlow's VALID size is 0, not an error.
  StatusOr<Tensor> empty = cpu::RunWindowOp(
      "Conv2D", attrs, {Random({1, 2, 5, 3}, rng), Random({3, 3, 3, 2}, rng)},
      alloc);
  REQUIRE(empty.ok());
  CHECK(empty->shape().dim_sizes() == std::vector<int64_t>{1, 0, 3, 2});
  CHECK(cpu::RunWindowOp("Conv2DBackpropInput", attrs,
                         {Sizes({1, 5, 5, 3}), Random({3, 3, 3, 2}, rng),
                          Random({1, 3, 2, 2}, rng)},
                         alloc)
            .status()
            .code() == StatusCode::kInvalidArgument);
  // An empty batch gives an empty output; the filter gradient is zeros.
  StatusOr<Tensor> grad =
      cpu::RunWindowOp("Conv2DBackpropFilter", attrs,
                       {Random({0, 5, 5, 3}, rng), Sizes({3, 3, 3, 2}),
                        Random({0, 3, 3, 2}, rng)},
                       alloc);
  REQUIRE(grad.ok());
  for (int64_t i = 0; i < grad->NumElements(); ++i)
    CHECK(grad->data<float>()[i] == 0);
  // Not float: Unimplemented, so the executor takes the reference kernel.
  Tensor d =
      *Tensor::Zeros(tensorflow::DT_DOUBLE, *TensorShape::Create({1, 5, 5, 3}));
  CHECK(cpu::RunWindowOp("MaxPool", attrs, {d}, alloc).status().code() ==
        StatusCode::kUnimplemented);
}

}  // namespace
}  // namespace kiln
