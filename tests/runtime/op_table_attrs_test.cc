// Tests the op table's attrs: defaults (as AttrValue text that protobuf
// and Kiln's own parsers read), allowed dtypes, dtype names and sets.
#include <google/protobuf/text_format.h>

#include <algorithm>
#include <catch2/catch.hpp>

#include "proto/tensorflow/attr_value.pb.h"
#include "runtime/graph/op_spec.h"
#include "runtime/graph/internal/shape_fns.h"

namespace kiln {
namespace {

using tensorflow::DT_FLOAT;
using tensorflow::DT_INT32;
using tensorflow::DT_INT64;
TEST_CASE("attrs are unique, defaults parse and default types are allowed") {
  for (const OpSpec& op : AllOpSpecs()) {
    std::set<std::string> attr_names;
    for (const AttrSpec& attr : op.attrs) {
      INFO(op.name << " attr " << attr.name << " default '"
                   << attr.default_value << "'");
      CHECK(attr_names.insert(attr.name).second);
      if (!attr.default_value.empty()) {
        CHECK(IsValidDefault(attr.kind, attr.default_value));
      }
      if (attr.kind != AttrKind::kType) {
        CHECK(attr.allowed_types.empty());
      } else if (!attr.default_value.empty() && !attr.allowed_types.empty()) {
        auto dtype = ParseTypeDefault(attr.default_value);
        REQUIRE(dtype.has_value());
        CHECK(std::count(attr.allowed_types.begin(), attr.allowed_types.end(),
                         *dtype) == 1);
      }
    }
  }
}

// Others read the defaults with protobuf's TextFormat into an AttrValue.
TEST_CASE("defaults are AttrValue text of the attr's kind") {
  using tensorflow::AttrValue;
  for (const OpSpec& op : AllOpSpecs()) {
    for (const AttrSpec& attr : op.attrs) {
      if (attr.default_value.empty()) continue;
      INFO(op.name << " attr " << attr.name);
      AttrValue value;
      REQUIRE(google::protobuf::TextFormat::ParseFromString(attr.default_value,
                                                            &value));
      AttrValue::ValueCase want = AttrValue::kList;
      switch (attr.kind) {
        case AttrKind::kType:
          want = AttrValue::kType;
          break;
        case AttrKind::kInt:
          want = AttrValue::kI;
          break;
        case AttrKind::kFloat:
          want = AttrValue::kF;
          break;
        case AttrKind::kBool:
          want = AttrValue::kB;
          break;
        case AttrKind::kString:
          want = AttrValue::kS;
          break;
        case AttrKind::kShape:
          want = AttrValue::kShape;
          break;
        case AttrKind::kTensor:
          want = AttrValue::kTensor;
          break;
        case AttrKind::kFunc:
          want = AttrValue::kFunc;
          break;
        default:
          break;
      }
      CHECK(value.value_case() == want);
    }
  }
}

TEST_CASE("dtype names round-trip as TensorFlow spells them") {
  CHECK(DataTypeName(DT_FLOAT) == "float");
  CHECK(DataTypeName(tensorflow::DT_BFLOAT16) == "bfloat16");
  CHECK(DataTypeName(tensorflow::DT_COMPLEX128) == "complex128");
  CHECK(DataTypeName(tensorflow::DT_FLOAT_REF) == "float_ref");
  CHECK(DataTypeName(tensorflow::DT_INVALID) == "INVALID");
  for (int v = 1; v <= 23; ++v) {
    const auto dtype = static_cast<DataType>(v);
    DataType parsed = tensorflow::DT_INVALID;
    INFO(v);
    REQUIRE(DataTypeFromName(DataTypeName(dtype), &parsed));
    CHECK(parsed == dtype);
  }
  DataType parsed;
  CHECK_FALSE(DataTypeFromName("float32", &parsed));
  CHECK_FALSE(DataTypeFromName("FLOAT", &parsed));
  CHECK_FALSE(DataTypeFromName("", &parsed));
  CHECK_FALSE(DataTypeFromName("invalid", &parsed));
  CHECK(AttrKindName(AttrKind::kListInt) == std::string("list(int)"));
}

TEST_CASE("dtype sets match TensorFlow's") {
  CHECK(FloatTypes().size() == 4);
  CHECK(IndexTypes() == std::vector<DataType>{DT_INT32, DT_INT64});
  CHECK(RealNumberTypes().size() == 12);
  CHECK(NumberTypes().size() == 14);
  CHECK(std::count(NumberTypes().begin(), NumberTypes().end(),
                   tensorflow::DT_COMPLEX64) == 1);
}

TEST_CASE("AttrValue text defaults parse") {
  CHECK(ParseBoolDefault("b: true") == true);
  CHECK(ParseIntDefault("i: -1") == -1);
  CHECK(ParseFloatDefault("f: 0.5") == 0.5f);
  CHECK(ParseStringDefault("s: \"NHWC\"") == std::string("NHWC"));
  CHECK(ParseTypeDefault("type: DT_INT64") == DT_INT64);
  CHECK(ParseIntListDefault("list { }") == std::vector<int64_t>{});
  CHECK(ParseIntListDefault("list { i: 1 i: -2 }") ==
        std::vector<int64_t>{1, -2});
  CHECK(ParseStringListDefault("list { s: \"a\" }") ==
        std::vector<std::string>{"a"});
  CHECK(ParseShapeDefault("shape { unknown_rank: true }") == Shape::Unknown());
  CHECK(ParseShapeDefault("shape { dim { size: 2 } dim { size: -1 } }") ==
        Shape::Of({2, -1}));
  CHECK(ParseShapeDefault("shape { }") == Shape::Scalar());
  CHECK_FALSE(ParseBoolDefault("b: maybe").has_value());
  CHECK_FALSE(ParseIntDefault("i: 1x").has_value());
  CHECK_FALSE(ParseTypeDefault("type: DT_NOPE").has_value());
  CHECK_FALSE(ParseIntListDefault("list { s: \"a\" }").has_value());
  CHECK_FALSE(ParseStringDefault("s: \"open").has_value());
}

}  // namespace
}  // namespace kiln
