// Recurrent layers against plain host recurrences written here (double
// precision, the layers' own initial weights): SimpleRNN, LSTM and GRU with
// return_sequences, go_backwards and Run()'s final states; masks; the
// while_loop form against the unrolled one (values and gradients) and on
// sequences of any length; Bidirectional; an LSTM that learns to remember
// a sequence's first value.
#include "frontend/keras/recurrent.h"

#include <catch2/catch.hpp>
#include <cmath>
#include <random>

#include "frontend/gradients/gradients.h"
#include "frontend/keras/layers.h"
#include "frontend/keras/sequential.h"
#include "frontend/ops/ops.h"
#include "frontend/session.h"
#include "frontend/train/optimizers.h"
#include "tests/keras/keras_util.h"

namespace kiln {
namespace keras {
namespace {

constexpr int kBatch = 2, kSteps = 4, kFeatures = 3, kUnits = 5;

using Matrix = std::vector<double>;  // row-major

Tensor RandomTensor(std::vector<int64_t> dims, uint64_t seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> u(-1, 1);
  Tensor t =
      Tensor::Allocate(DT_FLOAT, TensorShape::Create(dims).value()).value();
  for (float& v : t.flat<float>()) v = u(rng);
  return t;
}

double Sigmoid(double x) { return 1 / (1 + std::exp(-x)); }

// out[j] = sum_k v[k] * w[k * cols + j] for the weight's float values.
Matrix Times(const Matrix& v, const Tensor& w, int64_t cols) {
  Matrix out(cols, 0);
  for (size_t k = 0; k < v.size(); ++k)
    for (int64_t j = 0; j < cols; ++j)
      out[j] += v[k] * w.flat<float>()[k * cols + j];
  return out;
}

// One sample's recurrence; returns each step's output (in processing
// order) and the final c (LSTM). With `mask` (sample n's steps), a masked
// step keeps h and c and outputs h (zeros with zero_output).
std::vector<Matrix> HostRun(const std::string& kind, const Tensor& x, int n,
                            const std::vector<Variable>& weights,
                            bool backwards,
                            const std::vector<bool>* mask = nullptr,
                            bool zero_output = false) {
  const int gates = kind == "LSTM" ? 4 : kind == "GRU" ? 3 : 1;
  const int64_t width = gates * kUnits;
  const Tensor& kernel = weights[0].initial_value();
  const Tensor& rec = weights[1].initial_value();
  const float* bias = weights[2].initial_value().flat<float>().data();
  Matrix h(kUnits, 0), c(kUnits, 0);
  std::vector<Matrix> hs;
  for (int i = 0; i < kSteps; ++i) {
    const int t = backwards ? kSteps - 1 - i : i;
    Matrix xt(kFeatures);
    for (int f = 0; f < kFeatures; ++f)
      xt[f] = x.flat<float>()[(n * kSteps + t) * kFeatures + f];
    Matrix zx = Times(xt, kernel, width), zh = Times(h, rec, width);
    for (int64_t j = 0; j < width; ++j) {
      zx[j] += bias[j];
      if (kind == "GRU") zh[j] += bias[width + j];
    }
    if (mask && !(*mask)[t]) {
      hs.push_back(zero_output ? Matrix(kUnits, 0) : h);
      continue;
    }
    Matrix next(kUnits);
    for (int u = 0; u < kUnits; ++u) {
      auto g = [&](int k) { return zx[k * kUnits + u] + zh[k * kUnits + u]; };
      if (kind == "SimpleRNN") {
        next[u] = std::tanh(g(0));
      } else if (kind == "LSTM") {
        c[u] = Sigmoid(g(1)) * c[u] + Sigmoid(g(0)) * std::tanh(g(2));
        next[u] = Sigmoid(g(3)) * std::tanh(c[u]);
      } else {
        const double z = Sigmoid(g(0)), r = Sigmoid(g(1));
        const double hh =
            std::tanh(zx[2 * kUnits + u] + r * zh[2 * kUnits + u]);
        next[u] = z * h[u] + (1 - z) * hh;
      }
    }
    hs.push_back(next);
    h.swap(next);
  }
  hs.push_back(c);
  return hs;
}

std::shared_ptr<Recurrent> Make(const std::string& kind, RecurrentOptions o) {
  o.bias_initializer = initializers::RandomUniform(-0.5, 0.5);
  if (kind == "SimpleRNN") return std::make_shared<SimpleRNN>(kUnits, o);
  if (kind == "LSTM") return std::make_shared<LSTM>(kUnits, o);
  return std::make_shared<GRU>(kUnits, o);
}

std::vector<Tensor> RunGraph(const Scope& root, const Layer& layer,
                             const std::vector<Output>& fetches,
                             const Tensor& x) {
  auto session = Session::Create(root);
  REQUIRE(session.ok());
  for (const Variable& w : layer.weights())
    w.Initialize((*session)->variables());
  std::vector<std::string> names;
  for (const Output& f : fetches) names.push_back(f.name());
  std::vector<Tensor> out;
  Status s = (*session)->Run({{"x", x}}, names, &out);
  INFO(s.ToString());
  REQUIRE(s.ok());
  return out;
}

TEST_CASE("recurrent layers follow their recurrences", "[recurrent]") {
  for (const std::string kind : {"SimpleRNN", "LSTM", "GRU"}) {
    for (bool backwards : {false, true}) {
      INFO(kind << " go_backwards " << backwards);
      RecurrentOptions o;
      o.return_sequences = true;
      o.go_backwards = backwards;
      auto layer = Make(kind, o);
      Scope root = Scope::NewRootScope();
      auto x = ops::Placeholder(root.WithOpName("x"), DT_FLOAT,
                                Shape::Of({-1, kSteps, kFeatures}));
      StatusOr<RecurrentOutputs> r = layer->Run(root, x, {}, 3);
      INFO(r.status().ToString());
      REQUIRE(r.ok());
      CHECK(r->output.shape().ToString() == "[?,4,5]");
      REQUIRE(r->states.size() == (kind == "LSTM" ? 2u : 1u));
      const Tensor tx = RandomTensor({kBatch, kSteps, kFeatures}, 4);
      std::vector<Output> fetches = {r->output};
      fetches.insert(fetches.end(), r->states.begin(), r->states.end());
      std::vector<Tensor> got = RunGraph(root, *layer, fetches, tx);
      for (int n = 0; n < kBatch; ++n) {
        std::vector<Matrix> want =
            HostRun(kind, tx, n, layer->weights(), backwards);
        for (int t = 0; t < kSteps; ++t)
          for (int u = 0; u < kUnits; ++u)
            CHECK(got[0].flat<float>()[(n * kSteps + t) * kUnits + u] ==
                  Approx(want[t][u]).margin(1e-5));
        for (int u = 0; u < kUnits; ++u) {
          CHECK(got[1].flat<float>()[n * kUnits + u] ==
                Approx(want[kSteps - 1][u]).margin(1e-5));
          if (kind == "LSTM")
            CHECK(got[2].flat<float>()[n * kUnits + u] ==
                  Approx(want[kSteps][u]).margin(1e-5));
        }
      }
    }
  }
}

// A random [batch, steps] mask fed with the input: masked steps keep the
// states, and output the previous output or (zero_output_for_mask) zeros.
TEST_CASE("recurrent layers skip masked steps", "[recurrent]") {
  std::mt19937 rng(21);
  for (const std::string kind : {"SimpleRNN", "LSTM", "GRU"}) {
    for (bool backwards : {false, true}) {
      for (bool zero_output : {false, true}) {
        INFO(kind << " go_backwards " << backwards << " zero_output "
                  << zero_output);
        RecurrentOptions o;
        o.return_sequences = true;
        o.go_backwards = backwards;
        o.zero_output_for_mask = zero_output;
        auto layer = Make(kind, o);
        Scope root = Scope::NewRootScope();
        auto x = ops::Placeholder(root.WithOpName("x"), DT_FLOAT,
                                  Shape::Of({-1, kSteps, kFeatures}));
        auto m = ops::Placeholder(root.WithOpName("m"), DT_BOOL,
                                  Shape::Of({-1, kSteps}));
        StatusOr<RecurrentOutputs> r = layer->Run(root, x, {}, 3, m);
        INFO(r.status().ToString());
        REQUIRE(r.ok());
        std::vector<std::vector<bool>> mask(kBatch, std::vector<bool>(kSteps));
        Tensor tm = Tensor::Allocate(
                        DT_BOOL, TensorShape::Create({kBatch, kSteps}).value())
                        .value();
        for (int n = 0; n < kBatch; ++n)
          for (int t = 0; t < kSteps; ++t) {
            mask[n][t] = rng() % 3 != 0;
            tm.data<bool>()[n * kSteps + t] = mask[n][t];
          }
        const Tensor tx = RandomTensor({kBatch, kSteps, kFeatures}, 5);
        auto session = Session::Create(root);
        REQUIRE(session.ok());
        for (const Variable& w : layer->weights())
          w.Initialize((*session)->variables());
        std::vector<std::string> names = {r->output.name()};
        for (const Output& state : r->states) names.push_back(state.name());
        std::vector<Tensor> got;
        Status st = (*session)->Run({{"x", tx}, {"m", tm}}, names, &got);
        INFO(st.ToString());
        REQUIRE(st.ok());
        for (int n = 0; n < kBatch; ++n) {
          std::vector<Matrix> want = HostRun(kind, tx, n, layer->weights(),
                                             backwards, &mask[n], zero_output);
          for (int t = 0; t < kSteps; ++t)
            for (int u = 0; u < kUnits; ++u)
              CHECK(got[0].flat<float>()[(n * kSteps + t) * kUnits + u] ==
                    Approx(want[t][u]).margin(1e-5));
          // The final h: the last unmasked step's (zeros if none).
          Matrix h(kUnits, 0);
          for (int i = 0; i < kSteps; ++i) {
            const int t = backwards ? kSteps - 1 - i : i;
            if (mask[n][t])
              h = HostRun(kind, tx, n, layer->weights(), backwards,
                          &mask[n])[i];
          }
          for (int u = 0; u < kUnits; ++u) {
            CHECK(got[1].flat<float>()[n * kUnits + u] ==
                  Approx(h[u]).margin(1e-5));
            if (kind == "LSTM")
              CHECK(got[2].flat<float>()[n * kUnits + u] ==
                    Approx(want[kSteps][u]).margin(1e-5));
          }
        }
      }
    }
  }
}

// The same layer as a while_loop (unroll false): outputs, final states and
// the gradients of a weighted sum with respect to x and every weight equal
// the unrolled layer's, masked or not, either direction.
TEST_CASE("a looped recurrence computes what the unrolled one does",
          "[recurrent]") {
  std::mt19937 rng(33);
  for (const std::string kind : {"SimpleRNN", "LSTM", "GRU"}) {
    for (bool backwards : {false, true}) {
      for (bool masked : {false, true}) {
        INFO(kind << " go_backwards " << backwards << " masked " << masked);
        RecurrentOptions o;
        o.return_sequences = true;
        o.go_backwards = backwards;
        auto unrolled = Make(kind, o);
        o.unroll = false;
        auto looped = Make(kind, o);
        Scope root = Scope::NewRootScope();
        auto x = ops::Placeholder(root.WithOpName("x"), DT_FLOAT,
                                  Shape::Of({-1, kSteps, kFeatures}));
        auto m = ops::Placeholder(root.WithOpName("m"), DT_BOOL,
                                  Shape::Of({-1, kSteps}));
        const Tensor w = RandomTensor({kBatch, kSteps, kUnits}, 34);
        std::vector<float> wv(w.flat<float>().begin(), w.flat<float>().end());
        std::vector<std::string> fetches;
        for (Recurrent* layer : {unrolled.get(), looped.get()}) {
          StatusOr<RecurrentOutputs> r =
              layer->Run(root, x, {}, 3, masked ? Output(m) : Output());
          INFO(r.status().ToString());
          REQUIRE(r.ok());
          CHECK(r->output.shape().ToString() == "[?,4,5]");
          Output loss = ops::Sum(
              root,
              ops::Mul(
                  root, r->output,
                  ops::Const(root, wv, Shape::Of({kBatch, kSteps, kUnits}))),
              {0, 1, 2});
          for (const Output& state : r->states)
            loss = ops::AddV2(root, loss, ops::Sum(root, state, {0, 1}));
          OutputList xs = {x};
          for (const Variable& v : layer->weights()) xs.push_back(v.handle());
          OutputList grads;
          Status g = Gradients(root, {loss}, xs, &grads);
          INFO(g.ToString());
          REQUIRE(g.ok());
          fetches.push_back(r->output.name());
          for (const Output& state : r->states) fetches.push_back(state.name());
          for (const Output& grad : grads) fetches.push_back(grad.name());
        }
        auto session = Session::Create(root);
        REQUIRE(session.ok());
        // Both layers start from the unrolled one's weights.
        VariableStore& store = (*session)->variables();
        for (size_t k = 0; k < unrolled->weights().size(); ++k) {
          store.Set(unrolled->weights()[k].name(),
                    unrolled->weights()[k].initial_value());
          store.Set(looped->weights()[k].name(),
                    unrolled->weights()[k].initial_value());
        }
        Tensor tm = Tensor::Allocate(
                        DT_BOOL, TensorShape::Create({kBatch, kSteps}).value())
                        .value();
        for (int i = 0; i < kBatch * kSteps; ++i)
          tm.data<bool>()[i] = rng() % 3 != 0;
        std::vector<Tensor> got;
        Status st = (*session)->Run(
            {{"x", RandomTensor({kBatch, kSteps, kFeatures}, 35)}, {"m", tm}},
            fetches, &got);
        INFO(st.ToString());
        REQUIRE(st.ok());
        const size_t half = got.size() / 2;
        REQUIRE(got.size() == 2 * half);
        for (size_t k = 0; k < half; ++k) {
          INFO("fetch " << fetches[k]);
          REQUIRE(got[k].shape() == got[half + k].shape());
          for (int64_t e = 0; e < got[k].NumElements(); ++e)
            CHECK(got[half + k].flat<float>()[e] ==
                  Approx(got[k].flat<float>()[e]).margin(1e-5));
        }
      }
    }
  }
}

// Timesteps known only at run time: one graph runs sequences of 3 and 6
// steps, each ending in the state the unrolled layer reaches.
TEST_CASE("recurrent layers run sequences of any length", "[recurrent]") {
  for (const std::string kind : {"LSTM", "GRU"}) {
    INFO(kind);
    auto any_length = Make(kind, {});
    Scope root = Scope::NewRootScope();
    auto x = ops::Placeholder(root.WithOpName("x"), DT_FLOAT,
                              Shape::Of({-1, -1, kFeatures}));
    StatusOr<Output> y = (*any_length)(root, x, false, 3);
    INFO(y.status().ToString());
    REQUIRE(y.ok());
    CHECK(y->shape().ToString() == "[?,5]");
    auto session = Session::Create(root);
    REQUIRE(session.ok());
    for (const Variable& v : any_length->weights())
      v.Initialize((*session)->variables());
    for (int64_t steps : {3, 6}) {
      auto fixed = Make(kind, {});
      Scope r2 = Scope::NewRootScope();
      auto xf = ops::Placeholder(r2.WithOpName("x"), DT_FLOAT,
                                 Shape::Of({-1, steps, kFeatures}));
      StatusOr<Output> yf = (*fixed)(r2, xf, false, 3);
      REQUIRE(yf.ok());
      auto s2 = Session::Create(r2);
      REQUIRE(s2.ok());
      for (const Variable& v : fixed->weights())
        v.Initialize((*s2)->variables());
      const Tensor tx = RandomTensor({kBatch, steps, kFeatures}, 40 + steps);
      std::vector<Tensor> a, b;
      REQUIRE((*session)->Run({{"x", tx}}, {y->name()}, &a).ok());
      REQUIRE((*s2)->Run({{"x", tx}}, {yf->name()}, &b).ok());
      REQUIRE(a[0].NumElements() == kBatch * kUnits);
      for (int e = 0; e < kBatch * kUnits; ++e)
        CHECK(a[0].flat<float>()[e] ==
              Approx(b[0].flat<float>()[e]).margin(1e-5));
    }
  }
}

// Embedding(mask_zero) masks the padding ids of a Sequential model's input:
// a post-padded sequence ends in the state of its unpadded prefix, and a
// Masking layer does the same for padding steps of features.
TEST_CASE("models carry masks from Embedding and Masking to an LSTM",
          "[recurrent]") {
  EmbeddingOptions eo;
  eo.mask_zero = true;
  auto embed = std::make_shared<Embedding>(7, 3, eo);
  auto lstm = std::make_shared<LSTM>(kUnits);
  Sequential model({embed, lstm}, Shape::Of({-1, 5}));
  // Both directions skip the padding (the backward pass meets it first).
  Sequential both(
      {std::make_shared<Embedding>(7, 3, eo), Bidirectional::Of<GRU>(kUnits)},
      Shape::Of({-1, 5}));
  Scope root = Scope::NewRootScope();
  auto ids =
      ops::Placeholder(root.WithOpName("ids"), DT_INT32, Shape::Of({-1, 5}));
  auto short_ids =
      ops::Placeholder(root.WithOpName("short"), DT_INT32, Shape::Of({-1, 3}));
  StatusOr<OutputList> padded = model.Apply(root, {ids});
  INFO(padded.status().ToString());
  REQUIRE(padded.ok());
  StatusOr<OutputList> unpadded = model.Apply(root, {short_ids});
  REQUIRE(unpadded.ok());
  StatusOr<OutputList> both_padded = both.Apply(root, {ids});
  INFO(both_padded.status().ToString());
  REQUIRE(both_padded.ok());
  StatusOr<OutputList> both_unpadded = both.Apply(root, {short_ids});
  REQUIRE(both_unpadded.ok());
  auto session = Session::Create(root);
  REQUIRE(session.ok());
  for (Sequential* m : {&model, &both})
    for (Layer* layer : m->layers())
      for (const Variable& w : layer->weights())
        w.Initialize((*session)->variables());
  Tensor a = Tensor::FromVector<int32_t>({3, 1, 6, 0, 0, 2, 5, 4, 0, 0},
                                         TensorShape::Create({2, 5}).value())
                 .value();
  Tensor b = Tensor::FromVector<int32_t>({3, 1, 6, 2, 5, 4},
                                         TensorShape::Create({2, 3}).value())
                 .value();
  std::vector<Tensor> got;
  REQUIRE((*session)
              ->Run({{"ids", a}, {"short", b}},
                    {(*padded)[0].name(), (*unpadded)[0].name(),
                     (*both_padded)[0].name(), (*both_unpadded)[0].name()},
                    &got)
              .ok());
  for (int i = 0; i < 2 * kUnits; ++i)
    CHECK(got[0].flat<float>()[i] ==
          Approx(got[1].flat<float>()[i]).margin(1e-6));
  REQUIRE(got[2].NumElements() == 4 * kUnits);
  for (int i = 0; i < 4 * kUnits; ++i)
    CHECK(got[2].flat<float>()[i] ==
          Approx(got[3].flat<float>()[i]).margin(1e-6));

  // Masking: padding steps are all-zero feature vectors.
  auto masking = std::make_shared<Masking>(0.0);
  auto gru = std::make_shared<GRU>(kUnits);
  Sequential features({masking, gru}, Shape::Of({-1, 4, kFeatures}));
  Scope r2 = Scope::NewRootScope();
  auto x = ops::Placeholder(r2.WithOpName("x"), DT_FLOAT,
                            Shape::Of({-1, 4, kFeatures}));
  auto xs = ops::Placeholder(r2.WithOpName("xs"), DT_FLOAT,
                             Shape::Of({-1, 2, kFeatures}));
  StatusOr<OutputList> y = features.Apply(r2, {x});
  REQUIRE(y.ok());
  StatusOr<OutputList> ys = features.Apply(r2, {xs});
  REQUIRE(ys.ok());
  Tensor tx = RandomTensor({1, 4, kFeatures}, 8);
  Tensor txs = RandomTensor({1, 2, kFeatures}, 8);
  for (int f = 0; f < 2 * kFeatures; ++f) {  // steps 1 and 3 are padding
    const int step = f < kFeatures ? 1 : 3, k = f % kFeatures;
    tx.flat<float>()[step * kFeatures + k] = 0;
  }
  for (int k = 0; k < kFeatures; ++k) {
    tx.flat<float>()[2 * kFeatures + k] = txs.flat<float>()[kFeatures + k];
    tx.flat<float>()[k] = txs.flat<float>()[k];
  }
  auto s2 = Session::Create(r2);
  REQUIRE(s2.ok());
  for (const Variable& w : gru->weights()) w.Initialize((*s2)->variables());
  REQUIRE((*s2)
              ->Run({{"x", tx}, {"xs", txs}}, {(*y)[0].name(), (*ys)[0].name()},
                    &got)
              .ok());
  for (int u = 0; u < kUnits; ++u)
    CHECK(got[0].flat<float>()[u] ==
          Approx(got[1].flat<float>()[u]).margin(1e-6));
}

TEST_CASE("a mask reaching a layer without masking support is an error",
          "[recurrent]") {
  EmbeddingOptions eo;
  eo.mask_zero = true;
  Sequential model(
      {std::make_shared<Embedding>(7, 3, eo), std::make_shared<Flatten>()},
      Shape::Of({-1, 5}));
  Scope root = Scope::NewRootScope();
  auto ids =
      ops::Placeholder(root.WithOpName("ids"), DT_INT32, Shape::Of({-1, 5}));
  StatusOr<OutputList> y = model.Apply(root, {ids});
  REQUIRE_FALSE(y.ok());
  CHECK_THAT(y.status().message(), Catch::Contains("does not support masking"));
}

// d sum(y * w) / d x through every step, against central differences (in
// float32: step 1e-2, tolerance 2e-3 of the largest entry).
TEST_CASE("recurrent layers' gradients match finite differences",
          "[recurrent]") {
  for (const std::string kind : {"SimpleRNN", "LSTM", "GRU"}) {
    INFO(kind);
    RecurrentOptions o;
    o.return_sequences = true;
    auto layer = Make(kind, o);
    Scope root = Scope::NewRootScope();
    auto x = ops::Placeholder(root.WithOpName("x"), DT_FLOAT,
                              Shape::Of({kBatch, kSteps, kFeatures}));
    StatusOr<Output> y = (*layer)(root, x, false, 9);
    REQUIRE(y.ok());
    const Tensor w = RandomTensor({kBatch, kSteps, kUnits}, 10);
    std::vector<float> wv(w.flat<float>().begin(), w.flat<float>().end());
    Output loss = ops::Sum(
        root.WithOpName("loss"),
        ops::Mul(root, *y,
                 ops::Const(root, wv, Shape::Of({kBatch, kSteps, kUnits}))),
        {0, 1, 2});
    OutputList grads;
    REQUIRE(Gradients(root, {loss}, {x}, &grads).ok());
    Tensor tx = RandomTensor({kBatch, kSteps, kFeatures}, 11);
    std::vector<Tensor> got = RunGraph(root, *layer, {grads[0]}, tx);
    auto session = Session::Create(root);
    REQUIRE(session.ok());
    for (const Variable& v : layer->weights())
      v.Initialize((*session)->variables());
    auto loss_at = [&](const Tensor& at) {
      std::vector<Tensor> out;
      REQUIRE((*session)->Run({{"x", at}}, {"loss"}, &out).ok());
      return static_cast<double>(out[0].flat<float>()[0]);
    };
    double worst = 0, largest = 0;
    for (int64_t i = 0; i < tx.NumElements(); ++i) {
      Tensor plus = RandomTensor({kBatch, kSteps, kFeatures}, 11);
      Tensor minus = RandomTensor({kBatch, kSteps, kFeatures}, 11);
      plus.flat<float>()[i] += 1e-2f;
      minus.flat<float>()[i] -= 1e-2f;
      const double fd = (loss_at(plus) - loss_at(minus)) / 2e-2;
      worst = std::max(worst, std::abs(fd - got[0].flat<float>()[i]));
      largest = std::max(largest, std::abs(fd));
    }
    CHECK(largest > 0.01);
    CHECK(worst <= 2e-3 * std::max(1.0, largest));
  }
}

TEST_CASE("Bidirectional joins a forward and a backward pass", "[recurrent]") {
  auto bi = Bidirectional::Of<GRU>(kUnits);
  Scope root = Scope::NewRootScope();
  auto x = ops::Placeholder(root.WithOpName("x"), DT_FLOAT,
                            Shape::Of({-1, kSteps, kFeatures}));
  StatusOr<Output> y = (*bi)(root, x, false, 5);
  INFO(y.status().ToString());
  REQUIRE(y.ok());
  CHECK(y->shape().ToString() == "[?,10]");
  // The wrapper carries both layers' weights (kernel, recurrent, bias each).
  CHECK(bi->weights().size() == 6);
  CHECK(bi->CountParams() == 2 * (3 * 15 + 5 * 15 + 2 * 15));
  CHECK(bi->OutputShape(Shape::Of({-1, kSteps, kFeatures}))->ToString() ==
        "[?,10]");
  // Any timesteps (a while_loop then), but known features.
  CHECK(GRU(kUnits).OutputShape(Shape::Of({-1, -1, 3})).ok());
  CHECK_FALSE(GRU(kUnits).OutputShape(Shape::Of({-1, 4, -1})).ok());
  CHECK_FALSE(Bidirectional(std::make_shared<GRU>(2), std::make_shared<GRU>(2))
                  .OutputShape(Shape::Of({-1, 5}))
                  .ok());
}

TEST_CASE("TimeDistributed applies a layer to every step", "[recurrent]") {
  TimeDistributed td(std::make_shared<Dense>(4, "relu"));
  Scope root = Scope::NewRootScope();
  auto x = ops::Placeholder(root.WithOpName("x"), DT_FLOAT,
                            Shape::Of({-1, kSteps, kFeatures}));
  StatusOr<Output> y = td(root, x, false, 3);
  INFO(y.status().ToString());
  REQUIRE(y.ok());
  CHECK(y->shape().ToString() == "[?,4,4]");
  REQUIRE(td.weights().size() == 2);
  const Tensor tx = RandomTensor({kBatch, kSteps, kFeatures}, 13);
  std::vector<Tensor> got = RunGraph(root, td, {*y}, tx);
  const float* w = td.weights()[0].initial_value().flat<float>().data();
  for (int i = 0; i < kBatch * kSteps; ++i)
    for (int u = 0; u < 4; ++u) {
      double sum = 0;
      for (int f = 0; f < kFeatures; ++f)
        sum += tx.flat<float>()[i * kFeatures + f] * w[f * 4 + u];
      CHECK(got[0].flat<float>()[i * 4 + u] ==
            Approx(std::max(sum, 0.0)).margin(1e-5));
    }
  CHECK_FALSE(td.OutputShape(Shape::Of({-1, -1, 3})).ok());
}

// Sequences of 8 values in [0, 1); the class is whether the first one is
// above 0.5: the layer must carry it past 7 distracting steps.
void Remember(int64_t n, uint64_t seed, Tensor* x, Tensor* y) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> u(0, 1);
  *x = Tensor::Allocate(DT_FLOAT, TensorShape::Create({n, 8, 1}).value())
           .value();
  *y = Tensor::Allocate(DT_INT32, TensorShape::Create({n}).value()).value();
  for (int64_t i = 0; i < n; ++i) {
    for (int t = 0; t < 8; ++t) x->flat<float>()[i * 8 + t] = u(rng);
    y->flat<int32_t>()[i] = x->flat<float>()[i * 8] > 0.5f;
  }
}

// Test accuracy of an LSTM(16) + softmax trained 30 epochs on Remember.
double RememberAccuracy(const RecurrentOptions& o) {
  Sequential model(
      {std::make_shared<LSTM>(16, o), std::make_shared<Dense>(2, "softmax")},
      Shape::Of({8, 1}));
  CompileClassifier(model, 0.01, 2);
  Tensor x, y, tx, ty;
  Remember(1024, 1, &x, &y);
  Remember(512, 2, &tx, &ty);
  return FitAndScore(model, x, y, 30, 32, tx, ty);
}

TEST_CASE("an LSTM remembers the first step", "[recurrent]") {
  CHECK(RememberAccuracy({}) > 0.9);
}

// The same task trained through the while_loop form (Model::Fit on a graph
// whose LSTM is a While node, gradients through the loop).
TEST_CASE("a looped LSTM trains with fit", "[recurrent]") {
  RecurrentOptions o;
  o.unroll = false;
  CHECK(RememberAccuracy(o) > 0.9);
}

}  // namespace
}  // namespace keras
}  // namespace kiln
