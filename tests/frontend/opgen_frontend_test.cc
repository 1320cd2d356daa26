// kiln-opgen's frontend emitter on a made-up op that has what the real table
// does not have yet: C++ keywords as names, list outputs, tensor and string
// defaults, a setter that would clash with its member.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "ir/opgen/OpGen.h"

namespace kiln {
namespace {

using tensorflow::DT_INT32;
using tensorflow::DT_INVALID;

std::vector<OpSpec> Ops() {
  OpSpec frob;
  frob.name = "Frob";
  frob.family = "test";
  frob.summary = "Frobs its inputs.";
  frob.inputs = {{"default", "T", DT_INVALID, ""},
                 {"values", "T", DT_INVALID, "N"}};
  frob.outputs = {{"parts", "T", DT_INVALID, "num_split"},
                  {"operation", "", DT_INT32, ""}};
  frob.attrs = {
      {"T", AttrKind::kType, "", {}},
      {"N", AttrKind::kInt, "", {}},
      {"num_split", AttrKind::kInt, "", {}},
      {"Truncate", AttrKind::kBool, "b: false", {}},
      {"value", AttrKind::kTensor, "tensor { dtype: DT_FLOAT }", {}},
      {"scale", AttrKind::kFloat, "f: 1", {}},
      {"pads", AttrKind::kListInt, "list { i: 1 i: 2 }", {}},
      {"label", AttrKind::kString, "s: \"a\\\"b\"", {}},
      {"out_type", AttrKind::kType, "type: DT_INT64", {}},
  };
  OpSpec konst;
  konst.name = "Const";
  konst.family = "test";
  konst.outputs = {{"output", "dtype", DT_INVALID, ""}};
  konst.attrs = {{"value", AttrKind::kTensor, "", {}},
                 {"dtype", AttrKind::kType, "", {}}};
  OpSpec split;
  split.name = "Split";
  split.family = "test";
  split.inputs = {{"value", "T", DT_INVALID, ""}};
  split.outputs = {{"output", "T", DT_INVALID, "num_split"}};
  split.attrs = {{"T", AttrKind::kType, "", {}},
                 {"num_split", AttrKind::kInt, "", {}}};
  return {frob, konst, split};
}

bool Has(const std::string& text, const std::string& piece) {
  return text.find(piece) != std::string::npos;
}

// The text with line breaks and indentation folded into single spaces, so
// checks of signatures do not depend on where the emitter wraps them.
std::string Unwrapped(const std::string& text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '\n') {
      out += text[i];
      continue;
    }
    while (i + 1 < text.size() && text[i + 1] == ' ') ++i;
    if (!out.empty() && out.back() != '(') out += ' ';
  }
  return out;
}

TEST_CASE("the header spells TensorFlow's signature in C++") {
  const std::string h = Unwrapped(opgen::emitFrontendHeader(Ops()));
  CHECK(Has(h, "// Frob: Frobs its inputs. "));
  CHECK(Has(h, "// Split ::kiln::OutputList Split("));
  CHECK(Has(h, "::kiln::Input default_, ::kiln::InputList values"));
  CHECK(Has(h, "int64_t num_split, const FrobAttrs& attrs = {});"));
  CHECK(Has(h, "FrobAttrs Truncate(bool v) const {"));
  CHECK(Has(h, "bool Truncate_ = false;"));
  CHECK(Has(h, "std::optional<::tensorflow::TensorProto> value;"));
  CHECK(Has(h, "float scale = 1.0f;"));
  CHECK(Has(h, "std::vector<int64_t> pads = {1, 2};"));
  CHECK(Has(h, "std::string label = \"a\\\"b\";"));
  CHECK(Has(h, "::tensorflow::DataType out_type = ::tensorflow::DT_INT64;"));
  CHECK(Has(h,
            "struct FrobOutputs { ::kiln::OutputList parts; "
            "::kiln::Output operation_; ::kiln::Operation operation; };"));
  // T and N come from the inputs: not parameters, not in the struct.
  CHECK_FALSE(Has(h, "DataType T"));
  CHECK_FALSE(Has(h, " N("));
  // One list output alone comes back as the list.
  CHECK(Has(h,
            "::kiln::OutputList Split(const ::kiln::Scope& scope, "
            "::kiln::Input value,"));
  // Const is written by hand.
  CHECK_FALSE(Has(h, " Const("));
}

TEST_CASE("the source builds each op through NodeBuilder") {
  const std::string cc = Unwrapped(opgen::emitFrontendSource(Ops()));
  CHECK(Has(cc, "::kiln::NodeBuilder kiln_builder(scope, \"Frob\");"));
  CHECK(Has(cc, "kiln_builder.AddInput(default_);"));
  CHECK(Has(cc, "kiln_builder.AddInputList(values);"));
  CHECK(Has(cc, "kiln_builder.Attr(\"num_split\", num_split);"));
  CHECK(Has(cc, "kiln_builder.Attr(\"Truncate\", attrs.Truncate_);"));
  CHECK(
      Has(cc, "if (attrs.value) kiln_builder.Attr(\"value\", *attrs.value);"));
  CHECK(Has(cc, "kiln_result.parts = kiln_builder.OutputArg(0);"));
  CHECK(Has(cc, "kiln_result.operation_ = kiln_builder.OutputArg(1)[0];"));
  CHECK(Has(cc, "return kiln_builder.OutputArg(0);"));
  CHECK(Has(cc, "{\"Frob\", &BuildFrob}, {\"Split\", &BuildSplit},"));
  CHECK_FALSE(Has(cc, "BuildConst"));
}

}  // namespace
}  // namespace kiln
