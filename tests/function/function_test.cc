// kiln::function against plain loops on random inputs: traced once per
// signature (counted), input signatures, captured variables read and
// updated in program order, FunctionDef forms, and errors.
#include "frontend/function/function.h"

#include <catch2/catch.hpp>
#include <random>

#include "frontend/ops/const.h"
#include "frontend/ops/ops.h"
#include "frontend/variables/variable.h"
#include "tests/function/random_tensors.h"

namespace kiln {
namespace {

TEST_CASE("a function traces once per signature and computes its graph",
          "[function]") {
  std::mt19937 rng(std::random_device{}());
  Function f =
      function("mul_add", [](const Scope& s, const Output& x, const Output& y) {
        return ops::AddV2(s, ops::Mul(s, x, y), x);
      });
  for (int call = 0; call < 3; ++call) {
    for (std::vector<int64_t> dims :
         {std::vector<int64_t>{2, 3}, std::vector<int64_t>{5}}) {
      const Tensor x = Random(rng, dims), y = Random(rng, dims);
      auto out = f({x, y});
      REQUIRE(out.ok());
      REQUIRE(out->size() == 1);
      for (int64_t i = 0; i < x.NumElements(); ++i) {
        const float a = x.flat<float>()[i], b = y.flat<float>()[i];
        CHECK((*out)[0].flat<float>()[i] == Approx(a * b + a));
      }
    }
  }
  CHECK(f.num_traces() == 2);  // [2,3] and [5], each traced once
  // Another dtype is another signature.
  const Tensor i = Tensor::FromVector<int32_t>({3, 4}).value();
  auto ints = f({i, i});
  REQUIRE(ints.ok());
  CHECK((*ints)[0].flat<int32_t>()[1] == 4 * 4 + 4);
  CHECK(f.num_traces() == 3);
  CHECK(f.library().function_size() == 3);
}

TEST_CASE("an input signature pins one polymorphic function", "[function]") {
  std::mt19937 rng(std::random_device{}());
  FunctionOptions options;
  options.input_signature = {
      TensorSpec{DT_FLOAT, Shape::Of({kUnknownDim, 4}), "x"}};
  Function sum = function(
      "row_sums",
      [](const Scope& s, const Output& x) {
        return ops::Sum(s, x, ops::Const(s, 1));
      },
      options);
  for (int64_t rows : {1, 3, 8}) {
    const Tensor x = Random(rng, {rows, 4});
    auto out = sum({x});
    REQUIRE(out.ok());
    for (int64_t r = 0; r < rows; ++r) {
      float want = 0;
      for (int c = 0; c < 4; ++c) want += x.flat<float>()[r * 4 + c];
      CHECK((*out)[0].flat<float>()[r] == Approx(want));
    }
  }
  CHECK(sum.num_traces() == 1);
  auto concrete = sum.GetConcreteFunction();
  REQUIRE(concrete.ok());
  CHECK(concrete->outputs()[0].shape.ToString() == "[?]");
  CHECK(sum.num_traces() == 1);
  auto wrong = sum({Random(rng, {2, 5})});
  CHECK_THAT(wrong.status().message(),
             Catch::Contains("argument 0 is float[2,5], the signature has "
                             "float[?,4]"));
}

TEST_CASE("captured variables are read and updated in program order",
          "[function]") {
  std::mt19937 rng(std::random_device{}());
  Scope outer = Scope::NewRootScope();
  auto w = Variable::Create(outer.WithOpName("w"), DT_FLOAT, Shape::Of({3, 2}),
                            initializers::RandomNormal(0, 1),
                            /*seed=*/static_cast<uint64_t>(rng()));
  auto total = Variable::Create(outer.WithOpName("total"), DT_FLOAT,
                                Shape::Of({2}), initializers::Zeros());
  REQUIRE(w.ok());
  REQUIRE(total.ok());
  FunctionOptions options;
  options.variables = std::make_shared<VariableStore>();
  w->Initialize(*options.variables);
  total->Initialize(*options.variables);
  // y = x @ w; total += sum of y's rows; returns y and total (after).
  Function step = function(
      "step",
      [&](const Scope& s, const Output& x) -> OutputList {
        Output y = ops::MatMul(s, x, w->Read(s));
        total->AssignAdd(s, ops::Sum(s, y, ops::Const(s, 0)));
        return {y, total->Read(s)};
      },
      options);
  std::vector<float> running(2, 0);
  const Tensor wv = options.variables->Read("w").value();
  for (int call = 0; call < 3; ++call) {
    const Tensor x = Random(rng, {4, 3});
    auto out = step({x});
    REQUIRE(out.ok());
    for (int r = 0; r < 4; ++r) {
      for (int c = 0; c < 2; ++c) {
        float want = 0;
        for (int k = 0; k < 3; ++k) {
          want += x.flat<float>()[r * 3 + k] * wv.flat<float>()[k * 2 + c];
        }
        CHECK((*out)[0].flat<float>()[r * 2 + c] == Approx(want).margin(1e-5));
        running[c] += want;
      }
    }
    for (int c = 0; c < 2; ++c) {
      CHECK((*out)[1].flat<float>()[c] == Approx(running[c]).margin(1e-4));
      CHECK(options.variables->Read("total").value().flat<float>()[c] ==
            Approx(running[c]).margin(1e-4));
    }
  }
  CHECK(step.num_traces() == 1);
  auto concrete =
      step.GetConcreteFunction({TensorSpec::Of(Random(rng, {4, 3}))});
  REQUIRE(concrete.ok());
  CHECK(concrete->captured_variables() ==
        std::vector<std::string>{"w", "total"});
  // TensorFlow's form: the argument, then the captured handles.
  const tensorflow::FunctionDef& fdef = concrete->function_def();
  REQUIRE(fdef.signature().input_arg_size() == 3);
  CHECK(fdef.signature().input_arg(1).type() == tensorflow::DT_RESOURCE);
  CHECK(fdef.signature().is_stateful());
  CHECK(fdef.signature().output_arg_size() == 2);
  CHECK(fdef.signature().control_output_size() == 1);
  // A call that fails changes no variable.
  const Tensor before = options.variables->Read("total").value();
  CHECK_FALSE(step({Random(rng, {4, 5})}).ok());
  CHECK(options.variables->Read("total").value().flat<float>()[0] ==
        before.flat<float>()[0]);
}

TEST_CASE("tracing errors name the function and signature", "[function]") {
  Scope outer = Scope::NewRootScope();
  Output foreign = ops::Const(outer, 2.0f);
  Output computed = ops::Mul(outer, foreign, foreign);
  Function uses_computed =
      function("bad", [&](const Scope& s, const Output& x) {
        return ops::Mul(s, x, computed);
      });
  auto out = uses_computed({Tensor::Scalar<float>(1).value()});
  CHECK_THAT(out.status().message(), Catch::Contains("tracing bad_"));
  CHECK_THAT(out.status().message(), Catch::Contains("only variables and "
                                                     "constants are captured"));
  // Constants are captured.
  Function uses_const = function("scale", [&](const Scope& s, const Output& x) {
    return ops::Mul(s, x, foreign);
  });
  auto scaled = uses_const({Tensor::Scalar<float>(3).value()});
  REQUIRE(scaled.ok());
  CHECK((*scaled)[0].flat<float>()[0] == 6);
  CHECK_THAT(uses_const({}).status().message(),
             Catch::Contains("takes 1 arguments, got 0"));
  // A constant whose graph is gone is an error, not a dangling read.
  Output orphan;
  {
    Scope gone = Scope::NewRootScope();
    orphan = ops::Const(gone, 4.0f);
  }
  Function uses_orphan = function(
      "orphan",
      [&](const Scope& s, const Output& x) { return ops::Mul(s, x, orphan); });
  CHECK_THAT(uses_orphan({Tensor::Scalar<float>(1).value()}).status().message(),
             Catch::Contains("of a graph that no longer exists"));
}

TEST_CASE(
    "nested functions become library functions called by "
    "PartitionedCall, inlined to run",
    "[function]") {
  std::mt19937 rng(std::random_device{}());
  Scope outer = Scope::NewRootScope();
  auto bias = Variable::Create(outer.WithOpName("bias"), DT_FLOAT,
                               Shape::Of({3}), initializers::RandomNormal(0, 1),
                               static_cast<uint64_t>(rng()));
  REQUIRE(bias.ok());
  FunctionOptions options;
  options.variables = std::make_shared<VariableStore>();
  bias->Initialize(*options.variables);
  Function square = function("square", [](const Scope& s, const Output& x) {
    return ops::Mul(s, x, x);
  });
  Function add_bias = function(
      "add_bias",
      [&](const Scope& s, const Output& x) {
        return ops::AddV2(s, x, bias->Read(s));
      },
      options);
  // outer(x) = add_bias(square(x)) + 1, two levels of calls.
  Function model = function(
      "model",
      [&](const Scope& s, const Output& x) -> StatusOr<OutputList> {
        KILN_ASSIGN_OR_RETURN(OutputList sq, square.Call(s, {x}));
        KILN_ASSIGN_OR_RETURN(OutputList biased, add_bias.Call(s, sq));
        return OutputList{ops::AddV2(s, biased[0], 1.0f)};
      },
      options);
  const Tensor b = options.variables->Read("bias").value();
  for (int64_t rows : {2, 5}) {
    const Tensor x = Random(rng, {rows, 3});
    auto out = model({x});
    REQUIRE(out.ok());
    for (int64_t i = 0; i < x.NumElements(); ++i) {
      const float v = x.flat<float>()[i];
      CHECK((*out)[0].flat<float>()[i] ==
            Approx(v * v + b.flat<float>()[i % 3] + 1));
    }
  }
  // The library holds the callees before their callers; the caller's body
  // calls them by name, the stateful one with the variable's handle.
  const tensorflow::FunctionDefLibrary library = model.library();
  std::vector<std::string> names;
  for (const auto& f : library.function())
    names.push_back(f.signature().name());
  REQUIRE(names.size() >= 3);
  CHECK(names.back().rfind("model_", 0) == 0);
  const tensorflow::FunctionDef& fdef =
      library.function(library.function_size() - 1);
  std::vector<std::string> calls;
  for (const auto& node : fdef.node_def()) {
    if (node.op().find("PartitionedCall") != std::string::npos) {
      calls.push_back(node.op() + " " + node.attr().at("f").func().name());
    }
  }
  REQUIRE(calls.size() == 2);
  CHECK(calls[0].rfind("PartitionedCall square_", 0) == 0);
  CHECK(calls[1].rfind("StatefulPartitionedCall add_bias_", 0) == 0);
  // A call in a plain graph runs through a Session, fetched by its name.
  Scope root = Scope::NewRootScope();
  Output x = ops::Placeholder(root.WithOpName("x"), DT_FLOAT,
                              Shape::Of({kUnknownDim, 3}));
  auto y = model.Call(root, {x});
  REQUIRE(y.ok());
  SessionOptions session_options;
  session_options.variables = options.variables;
  auto session = Session::Create(root, session_options);
  REQUIRE(session.ok());
  const Tensor xv = Random(rng, {4, 3});
  std::vector<Tensor> got;
  REQUIRE((*session)->Run({{"x", xv}}, {(*y)[0].name()}, &got).ok());
  auto want = model({xv});
  REQUIRE(want.ok());
  for (int64_t i = 0; i < xv.NumElements(); ++i) {
    CHECK(got[0].flat<float>()[i] == (*want)[0].flat<float>()[i]);
  }
}

}  // namespace
}  // namespace kiln
