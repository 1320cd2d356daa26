// ops::Const: TensorProtos as TensorFlow's C++ API writes them, decoded back
// on random values of every literal dtype.
#include <catch2/catch.hpp>
#include <cstring>
#include <random>

#include "frontend/ops/ops.h"
#include "frontend/scope.h"

namespace kiln {
namespace {

const tensorflow::TensorProto& ValueOf(const Scope& scope, const Output& c,
                                       tensorflow::GraphDef* graph) {
  Status status = scope.ToGraphDef(graph);
  INFO(status.ToString());
  REQUIRE(status.ok());
  for (const auto& node : graph->node()) {
    if (node.name() == c.node_name()) {
      REQUIRE(node.op() == "Const");
      REQUIRE(node.attr().at("dtype").type() == c.dtype());
      return node.attr().at("value").tensor();
    }
  }
  FAIL("no node " << c.node_name());
  return tensorflow::TensorProto::default_instance();
}

// Decodes the proto independently of the frontend: tensor_content as raw
// little-endian elements, else the typed field (the last value repeats).
template <typename T, typename Field>
std::vector<T> Decode(const tensorflow::TensorProto& proto, const Field& field,
                      int64_t n) {
  std::vector<T> values;
  if (!proto.tensor_content().empty()) {
    REQUIRE(proto.tensor_content().size() == n * sizeof(T));
    values.resize(n);
    std::memcpy(values.data(), proto.tensor_content().data(), n * sizeof(T));
    return values;
  }
  for (const auto& v : field) values.push_back(static_cast<T>(v));
  if (!values.empty()) values.resize(n, values.back());
  return values;
}

Shape RandomShape(std::mt19937& rng) {
  std::vector<int64_t> dims(rng() % 4);
  for (auto& d : dims) d = 1 + rng() % 4;
  return Shape::Of(dims);
}

TEST_CASE("Const round-trips random tensors of every dtype") {
  std::mt19937 rng(7);
  for (int trial = 0; trial < 40; ++trial) {
    Scope root = Scope::NewRootScope();
    const Shape shape = RandomShape(rng);
    const int64_t n = shape.NumElements();
    std::vector<float> f(n);
    std::vector<double> d(n);
    std::vector<int32_t> i32(n);
    std::vector<int64_t> i64(n);
    std::vector<bool> b(n);
    for (int64_t k = 0; k < n; ++k) {
      f[k] = std::uniform_real_distribution<float>(-10, 10)(rng);
      d[k] = std::uniform_real_distribution<double>(-1e9, 1e9)(rng);
      i32[k] = static_cast<int32_t>(rng());
      i64[k] = (static_cast<int64_t>(rng()) << 32) | rng();
      b[k] = rng() % 2;
    }
    auto cf = ops::Const(root, f, shape);
    auto cd = ops::Const(root, d, shape);
    auto ci = ops::Const(root, i32, shape);
    auto cl = ops::Const(root, i64, shape);
    auto cb = ops::Const(root, b, shape);
    CHECK(cf.shape() == shape);
    CHECK(cl.dtype() == DT_INT64);
    tensorflow::GraphDef graph;
    const auto& pf = ValueOf(root, cf, &graph);
    CHECK(Shape::FromProto(pf.tensor_shape()) == shape);
    CHECK(Decode<float>(pf, pf.float_val(), n) == f);
    const auto& pd = ValueOf(root, cd, &graph);
    CHECK(Decode<double>(pd, pd.double_val(), n) == d);
    const auto& pi = ValueOf(root, ci, &graph);
    CHECK(Decode<int32_t>(pi, pi.int_val(), n) == i32);
    const auto& pl = ValueOf(root, cl, &graph);
    CHECK(Decode<int64_t>(pl, pl.int64_val(), n) == i64);
    const auto& pb = ValueOf(root, cb, &graph);
    std::vector<uint8_t> bytes = Decode<uint8_t>(pb, pb.bool_val(), n);
    CHECK(std::vector<bool>(bytes.begin(), bytes.end()) == b);
    // TensorFlow's layout: tensor_content for more than one element, except
    // for bools.
    CHECK(pf.tensor_content().empty() == (n <= 1));
    CHECK(pb.tensor_content().empty());
  }
}

TEST_CASE("scalars use the typed fields") {
  Scope root = Scope::NewRootScope();
  tensorflow::GraphDef graph;
  auto f = ops::Const(root, 2.5f);
  auto i = ops::Const(root, 7);
  auto l = ops::Const(root, int64_t{1} << 40);
  auto b = ops::Const(root, true);
  auto s = ops::Const(root, "kiln");
  CHECK(f.shape() == Shape::Scalar());
  CHECK(ValueOf(root, f, &graph).float_val(0) == 2.5f);
  CHECK(ValueOf(root, i, &graph).int_val(0) == 7);
  CHECK(ValueOf(root, l, &graph).int64_val(0) == int64_t{1} << 40);
  CHECK(ValueOf(root, b, &graph).bool_val(0));
  CHECK(s.dtype() == DT_STRING);
  CHECK(ValueOf(root, s, &graph).string_val(0) == "kiln");
  CHECK(ValueOf(root, f, &graph).tensor_shape().dim_size() == 0);
  CHECK(f.name() == "Const");
  CHECK(i.name() == "Const_1");
}

TEST_CASE("nested initializer lists give row-major matrices") {
  Scope root = Scope::NewRootScope();
  auto m = ops::Const(root, {{1.f, 2.f, 3.f}, {4.f, 5.f, 6.f}});
  CHECK(m.shape() == Shape::Of({2, 3}));
  auto cube = ops::Const(root, {{{1, 2}}, {{3, 4}}});
  CHECK(cube.dtype() == DT_INT32);
  CHECK(cube.shape() == Shape::Of({2, 1, 2}));
  auto v = ops::Const(root, {true, false});
  CHECK(v.dtype() == DT_BOOL);
  tensorflow::GraphDef graph;
  const auto& pm = ValueOf(root, m, &graph);
  CHECK(Decode<float>(pm, pm.float_val(), 6) ==
        std::vector<float>{1, 2, 3, 4, 5, 6});
  const auto& pc = ValueOf(root, cube, &graph);
  CHECK(Decode<int32_t>(pc, pc.int_val(), 4) ==
        std::vector<int32_t>{1, 2, 3, 4});
}

TEST_CASE("filled and reshaped constants") {
  Scope root = Scope::NewRootScope();
  auto z = ops::Const(root, 0.0f, Shape::Of({3, 2}));
  auto r = ops::Const(root, {1, 2, 3, 4, 5, 6}, Shape::Of({3, 2}));
  CHECK(z.shape() == Shape::Of({3, 2}));
  CHECK(r.shape() == Shape::Of({3, 2}));
  tensorflow::GraphDef graph;
  const auto& pz = ValueOf(root, z, &graph);
  CHECK(Decode<float>(pz, pz.float_val(), 6) == std::vector<float>(6, 0.0f));
  // A filled constant stores its value once, as TensorFlow does.
  CHECK(pz.float_val_size() == 1);
  CHECK(pz.tensor_content().empty());
  const auto& pr = ValueOf(root, r, &graph);
  CHECK(Decode<int32_t>(pr, pr.int_val(), 6) ==
        std::vector<int32_t>{1, 2, 3, 4, 5, 6});
}

std::string Hex(const std::string& bytes) {
  static const char* kDigits = "0123456789abcdef";
  std::string hex;
  for (unsigned char c : bytes) {
    hex += kDigits[c >> 4];
    hex += kDigits[c & 15];
  }
  return hex;
}

TEST_CASE("TensorProtos are byte for byte what TensorFlow writes") {
  // From TensorFlow 2.21's tf.make_tensor_proto(...).SerializeToString().
  CHECK(Hex(Input::Initializer(2.5f).AsTensorProto().SerializeAsString()) ==
        "080112002a0400002040");
  CHECK(Hex(Input::Initializer({1.0f, 2.0f})
                .AsTensorProto()
                .SerializeAsString()) ==
        "080112041202080222080000803f00000040");
  CHECK(Hex(Input::Initializer({{1, 2}, {3, 4}})
                .AsTensorProto()
                .SerializeAsString()) ==
        "08031208120208021202080222100100000002000000030000000400000"
        "0");
  CHECK(Hex(Input::Initializer(7).AsTensorProto().SerializeAsString()) ==
        "080312003a0107");
  CHECK(Hex(Input::Initializer(true).AsTensorProto().SerializeAsString()) ==
        "080a12005a0101");
  CHECK(Hex(Input::Initializer({true, false})
                .AsTensorProto()
                .SerializeAsString()) == "080a1204120208025a020100");
  // tf.make_tensor_proto(0.0, shape=[3, 2]).
  CHECK(Hex(Input::Initializer(0.0f, Shape::Of({3, 2}))
                .AsTensorProto()
                .SerializeAsString()) ==
        "0801120812020803120208022a0400000000");
}

TEST_CASE("ConstFromProto keeps the proto as given") {
  Scope root = Scope::NewRootScope();
  tensorflow::TensorProto proto;
  proto.set_dtype(DT_INT32);
  proto.mutable_tensor_shape()->add_dim()->set_size(4);
  proto.add_int_val(9);  // TensorFlow repeats it over the 4 elements
  auto c = ops::ConstFromProto(root.WithOpName("nines"), proto);
  CHECK(c.shape() == Shape::Of({4}));
  tensorflow::GraphDef graph;
  CHECK(ValueOf(root, c, &graph).SerializeAsString() ==
        proto.SerializeAsString());
  // Decoded as an Initializer, it is four nines.
  Input::Initializer init(proto);
  REQUIRE(init.status().ok());
  const auto round = init.AsTensorProto();
  CHECK(Decode<int32_t>(round, round.int_val(), 4) ==
        std::vector<int32_t>(4, 9));
}

TEST_CASE("bad literals are errors naming the node") {
  Scope root = Scope::NewRootScope();
  SECTION("ragged nested lists") {
    ops::Const(root.WithOpName("ragged"), {{1, 2}, {3}});
    CHECK(root.status().message() ==
          "node 'ragged' (Const): initializer list components should all "
          "have the same shape; found [2] and [1]");
  }
  SECTION("mixed dtypes") {
    ops::Const(root.WithOpName("mixed"), {{1, 2}, {3.f, 4.f}});
    CHECK(root.status().message() ==
          "node 'mixed' (Const): initializer list components should all "
          "have the same dtype; found int32 and float");
  }
  SECTION("too few values for the shape") {
    ops::Const(root.WithOpName("short"), {1.f, 2.f}, Shape::Of({3}));
    CHECK(root.status().message() ==
          "node 'short' (Const): a constant of shape [3] needs 3 values but 2 "
          "were given");
  }
}

TEST_CASE("literal casts are exact or refused") {
  Input::Initializer i = {1, 2, 3};
  auto as_float = i.CastTo(DT_FLOAT);
  REQUIRE(as_float.ok());
  CHECK(as_float->dtype() == DT_FLOAT);
  CHECK(Input::Initializer(int64_t{1} << 40).CastTo(DT_INT32).status().code() ==
        StatusCode::kInvalidArgument);
  CHECK(Input::Initializer(-1).CastTo(tensorflow::DT_UINT8).ok() == false);
  CHECK(Input::Initializer(16777217).CastTo(DT_FLOAT).ok() == false);
  CHECK(Input::Initializer(1.0).CastTo(DT_BOOL).ok());
  CHECK_FALSE(Input::Initializer("s").CastTo(DT_FLOAT).ok());
}

}  // namespace
}  // namespace kiln
