//===- EmitFrontend.cpp - C++ op builders from the op table ---------------===//
//
// One builder per OpSpec in namespace kiln::ops, in TensorFlow's argument
// order (inputs, required attrs, then a struct of the attrs with defaults):
//
//   struct MatMulAttrs {
//     MatMulAttrs TransposeA(bool v) const;  // chainable, as TensorFlow's
//     bool transpose_a = false;
//   };
//   Output MatMul(const Scope &scope, Input a, Input b,
//                 const MatMulAttrs &attrs = {});
//
// Each body is a call of kiln::NodeBuilder, which does the table-driven
// work. A type-erased entry per op (kiln::internal::GeneratedOpBuilders)
// lets tests and tools call every builder from data. Const is written by
// hand (frontend/ops/const.h).
//
//===----------------------------------------------------------------------===//
#include "ir/opgen/OpGen.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <limits>
#include <set>
#include <sstream>

#include <google/protobuf/text_format.h>

#include "proto/tensorflow/attr_value.pb.h"

namespace kiln::opgen {
namespace {

/// Ops whose builders are written by hand.
bool isHandWritten(const kiln::OpSpec &op) { return op.name == "Const"; }

bool isCppKeyword(const std::string &name) {
  static const std::set<std::string> keywords = {
      "alignas",       "alignof",     "and",
      "and_eq",        "asm",         "auto",
      "bitand",        "bitor",       "bool",
      "break",         "case",        "catch",
      "char",          "char16_t",    "char32_t",
      "class",         "compl",       "concept",
      "const",         "const_cast",  "constexpr",
      "continue",      "decltype",    "default",
      "delete",        "do",          "double",
      "dynamic_cast",  "else",        "enum",
      "explicit",      "export",      "extern",
      "false",         "float",       "for",
      "friend",        "goto",        "if",
      "inline",        "int",         "long",
      "mutable",       "namespace",   "new",
      "noexcept",      "not",         "not_eq",
      "nullptr",       "operator",    "or",
      "or_eq",         "private",     "protected",
      "public",        "register",    "reinterpret_cast",
      "requires",      "return",      "short",
      "signed",        "sizeof",      "static",
      "static_assert", "static_cast", "struct",
      "switch",        "template",    "this",
      "thread_local",  "throw",       "true",
      "try",           "typedef",     "typeid",
      "typename",      "union",       "unsigned",
      "using",         "virtual",     "void",
      "volatile",      "wchar_t",     "while",
      "xor",           "xor_eq"};
  return keywords.count(name) != 0;
}

/// Hands out C++ identifiers for TensorFlow's arg/attr names within one
/// scope: keywords and names already taken get a trailing '_'.
class IdentifierSet {
public:
  explicit IdentifierSet(std::set<std::string> reserved)
      : used(std::move(reserved)) {}
  std::string take(std::string name) {
    if (isCppKeyword(name))
      name += "_";
    while (used.count(name))
      name += "_";
    used.insert(name);
    return name;
  }

private:
  std::set<std::string> used;
};

/// TensorFlow's setter names: "transpose_a" -> "TransposeA".
std::string toCamelCase(const std::string &name) {
  std::string out;
  bool upper = true;
  for (char c : name) {
    if (c == '_') {
      upper = true;
      continue;
    }
    out += upper
               ? static_cast<char>(std::toupper(static_cast<unsigned char>(c)))
               : c;
    upper = false;
  }
  return out;
}

std::string cppType(kiln::AttrKind kind) {
  switch (kind) {
  case kiln::AttrKind::kType:
    return "::tensorflow::DataType";
  case kiln::AttrKind::kInt:
    return "int64_t";
  case kiln::AttrKind::kFloat:
    return "float";
  case kiln::AttrKind::kBool:
    return "bool";
  case kiln::AttrKind::kString:
    return "std::string";
  case kiln::AttrKind::kShape:
    return "::kiln::Shape";
  case kiln::AttrKind::kTensor:
    return "::tensorflow::TensorProto";
  case kiln::AttrKind::kFunc:
    return "::tensorflow::NameAttrList";
  case kiln::AttrKind::kListType:
    return "std::vector<::tensorflow::DataType>";
  case kiln::AttrKind::kListInt:
    return "std::vector<int64_t>";
  case kiln::AttrKind::kListFloat:
    return "std::vector<float>";
  case kiln::AttrKind::kListString:
    return "std::vector<std::string>";
  case kiln::AttrKind::kListShape:
    return "std::vector<::kiln::Shape>";
  }
  return "void";
}

bool isScalarKind(kiln::AttrKind kind) {
  return kind == kiln::AttrKind::kType || kind == kiln::AttrKind::kInt ||
         kind == kiln::AttrKind::kFloat || kind == kiln::AttrKind::kBool;
}

/// The type of a parameter carrying an attr of `kind` (Google style, as the
/// code it goes to).
std::string paramType(kiln::AttrKind kind) {
  return isScalarKind(kind) ? cppType(kind) : "const " + cppType(kind) + "&";
}

/// Attrs whose defaults have no C++ literal form: an unset std::optional
/// leaves the table's default to the builder.
bool isOptionalMember(kiln::AttrKind kind) {
  return kind == kiln::AttrKind::kTensor || kind == kiln::AttrKind::kFunc;
}

std::string cppString(const std::string &s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c >= 0x20 && c < 0x7f) {
      out += static_cast<char>(c);
    } else {
      char buf[8];
      std::snprintf(buf, sizeof(buf), "\\%03o", c);
      out += buf;
    }
  }
  return out + "\"";
}

std::string cppInt(int64_t v) {
  if (v == std::numeric_limits<int64_t>::min())
    return "std::numeric_limits<int64_t>::min()";
  return std::to_string(v);
}

std::string cppFloat(float v) {
  if (std::isnan(v))
    return "std::numeric_limits<float>::quiet_NaN()";
  if (std::isinf(v))
    return v > 0 ? "std::numeric_limits<float>::infinity()"
                 : "-std::numeric_limits<float>::infinity()";
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%.9g", v);
  std::string s = buf;
  if (s.find_first_of(".e") == std::string::npos)
    s += ".0";
  return s + "f";
}

std::string cppDataType(int type) {
  return "::tensorflow::" +
         tensorflow::DataType_Name(static_cast<tensorflow::DataType>(type));
}

std::string cppShape(const tensorflow::TensorShapeProto &shape) {
  if (shape.unknown_rank())
    return "::kiln::Shape::Unknown()";
  std::string dims;
  for (const auto &dim : shape.dim())
    dims += (dims.empty() ? "" : ", ") + cppInt(dim.size());
  return "::kiln::Shape::Of({" + dims + "})";
}

template <typename Range, typename Fn>
std::string braced(const Range &range, Fn fn) {
  std::string out;
  for (const auto &v : range)
    out += (out.empty() ? "" : ", ") + fn(v);
  return "{" + out + "}";
}

/// The C++ initializer of an attr's default ("false", "::tensorflow::DT_INT32",
/// "{1, 1}"); empty when the default has no C++ form.
std::string cppDefault(const kiln::AttrSpec &attr) {
  tensorflow::AttrValue v;
  if (!google::protobuf::TextFormat::ParseFromString(attr.default_value, &v))
    return "";
  const auto &list = v.list();
  switch (attr.kind) {
  case kiln::AttrKind::kType:
    return cppDataType(v.type());
  case kiln::AttrKind::kInt:
    return cppInt(v.i());
  case kiln::AttrKind::kFloat:
    return cppFloat(v.f());
  case kiln::AttrKind::kBool:
    return v.b() ? "true" : "false";
  case kiln::AttrKind::kString:
    return cppString(v.s());
  case kiln::AttrKind::kShape:
    return cppShape(v.shape());
  case kiln::AttrKind::kListType:
    return braced(list.type(), cppDataType);
  case kiln::AttrKind::kListInt:
    return braced(list.i(), cppInt);
  case kiln::AttrKind::kListFloat:
    return braced(list.f(), cppFloat);
  case kiln::AttrKind::kListString:
    return braced(list.s(), cppString);
  case kiln::AttrKind::kListShape:
    return braced(list.shape(), cppShape);
  case kiln::AttrKind::kTensor:
  case kiln::AttrKind::kFunc:
    return "";
  }
  return "";
}

/// How one op's builder is spelled: C++ names for its args and attrs and
/// the shape of its result.
struct OpModel {
  const kiln::OpSpec *op;
  struct Param {
    std::string tfName, cppName;
    bool isList = false;
  };
  struct AttrMember {
    const kiln::AttrSpec *attr;
    std::string member, setter;
  };
  struct RequiredAttr {
    const kiln::AttrSpec *attr;
    std::string cppName;
  };
  struct OutputMember {
    std::string cppName;
    bool isList = false;
  };
  std::vector<Param> inputs;
  std::vector<RequiredAttr> required;
  std::vector<AttrMember> optional;
  std::vector<OutputMember> outputs;
  std::string attrsStruct, outputsStruct;

  enum class Result { Operation, Output, OutputList, Struct } result;

  std::string resultType() const {
    switch (result) {
    case Result::Operation:
      return "::kiln::Operation";
    case Result::Output:
      return "::kiln::Output";
    case Result::OutputList:
      return "::kiln::OutputList";
    case Result::Struct:
      return outputsStruct;
    }
    return "";
  }
};

OpModel buildModel(const kiln::OpSpec &op) {
  OpModel m;
  m.op = &op;
  IdentifierSet params({"scope", "attrs"});
  for (const kiln::ArgSpec &arg : op.inputs)
    m.inputs.push_back(
        {arg.name, params.take(arg.name), !arg.number_attr.empty()});
  // Setters first, so no member can take a setter's name.
  std::set<std::string> setters;
  for (const kiln::AttrSpec &attr : op.attrs) {
    if (op.IsDerivedAttr(attr.name))
      continue;
    if (attr.default_value.empty()) {
      m.required.push_back({&attr, params.take(attr.name)});
      continue;
    }
    std::string setter = toCamelCase(attr.name);
    while (setters.count(setter))
      setter += "_";
    setters.insert(setter);
    m.optional.push_back({&attr, "", setter});
  }
  IdentifierSet members(setters);
  for (auto &a : m.optional)
    a.member = members.take(a.attr->name);
  m.attrsStruct = op.name + "Attrs";
  m.outputsStruct = op.name + "Outputs";
  IdentifierSet outs({"operation"});
  for (const kiln::ArgSpec &arg : op.outputs)
    m.outputs.push_back({outs.take(arg.name), !arg.number_attr.empty()});
  if (m.outputs.empty())
    m.result = OpModel::Result::Operation;
  else if (m.outputs.size() > 1)
    m.result = OpModel::Result::Struct;
  else
    m.result = m.outputs[0].isList ? OpModel::Result::OutputList
                                   : OpModel::Result::Output;
  return m;
}

/// The parameters; `withDefault` adds "= {}" to the attrs struct.
std::vector<std::string> params(const OpModel &m, bool withDefault) {
  std::vector<std::string> out = {"const ::kiln::Scope& scope"};
  for (const auto &in : m.inputs)
    out.push_back((in.isList ? "::kiln::InputList " : "::kiln::Input ") +
                  in.cppName);
  for (const auto &attr : m.required)
    out.push_back(paramType(attr.attr->kind) + " " + attr.cppName);
  if (!m.optional.empty())
    out.push_back("const " + m.attrsStruct + "& attrs" +
                  (withDefault ? " = {}" : ""));
  return out;
}

/// "head(p1, p2)tail" on one line when it fits in 80 columns, else with the
/// parameters packed on 4-space continuation lines.
std::string signature(const std::string &head,
                      const std::vector<std::string> &params,
                      const std::string &tail) {
  std::string joined;
  for (const std::string &p : params)
    joined += (joined.empty() ? "" : ", ") + p;
  std::string line = head + "(" + joined + ")" + tail;
  if (line.size() <= 80)
    return line + "\n";
  std::string out = head + "(";
  std::string current = "   ";
  for (size_t i = 0; i < params.size(); ++i) {
    std::string piece =
        " " + params[i] + (i + 1 < params.size() ? "," : ")" + tail);
    if (current.size() + piece.size() > 80 && current.size() > 3) {
      out += "\n" + current;
      current = "   ";
    }
    current += piece;
  }
  return out + "\n" + current + "\n";
}

std::string comment(const std::string &text, const std::string &indent) {
  std::string out;
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line))
    out += indent + (line.empty() ? "//\n" : "// " + line + "\n");
  return out;
}

void emitDeclaration(const OpModel &m, std::ostream &os) {
  const kiln::OpSpec &op = *m.op;
  os << "\n"
     << comment(op.name + (op.summary.empty() ? "" : ": " + op.summary), "");
  if (!m.optional.empty()) {
    os << "struct " << m.attrsStruct << " {\n";
    for (const auto &a : m.optional) {
      std::string type = isOptionalMember(a.attr->kind)
                             ? "std::optional<" + cppType(a.attr->kind) + ">"
                             : cppType(a.attr->kind);
      os << "  " << m.attrsStruct << " " << a.setter << "("
         << paramType(a.attr->kind) << " v) const {\n"
         << "    " << m.attrsStruct << " r = *this;\n"
         << "    r." << a.member << " = v;\n"
         << "    return r;\n"
         << "  }\n";
    }
    os << "\n";
    for (const auto &a : m.optional) {
      std::string init = cppDefault(*a.attr);
      if (isOptionalMember(a.attr->kind) || init.empty())
        os << "  std::optional<" << cppType(a.attr->kind) << "> " << a.member
           << ";  // default: " << a.attr->default_value << "\n";
      else
        os << "  " << cppType(a.attr->kind) << " " << a.member << " = " << init
           << ";\n";
    }
    os << "};\n";
  }
  if (m.result == OpModel::Result::Struct) {
    os << "struct " << m.outputsStruct << " {\n";
    for (const auto &out : m.outputs)
      os << "  " << (out.isList ? "::kiln::OutputList " : "::kiln::Output ")
         << out.cppName << ";\n";
    os << "  ::kiln::Operation operation;\n";
    os << "};\n";
  }
  os << signature(m.resultType() + " " + op.name, params(m, true), ";");
}

/// True when the attrs struct member of `a` is a std::optional.
bool memberIsOptional(const OpModel::AttrMember &a) {
  return isOptionalMember(a.attr->kind) || cppDefault(*a.attr).empty();
}

void emitDefinition(const OpModel &m, std::ostream &os) {
  const kiln::OpSpec &op = *m.op;
  os << "\n"
     << signature(m.resultType() + " " + op.name, params(m, false), " {");
  os << "  ::kiln::NodeBuilder kiln_builder(scope, \"" << op.name << "\");\n";
  for (const auto &in : m.inputs)
    os << "  kiln_builder." << (in.isList ? "AddInputList(" : "AddInput(")
       << in.cppName << ");\n";
  for (const auto &attr : m.required)
    os << "  kiln_builder.Attr(\"" << attr.attr->name << "\", " << attr.cppName
       << ");\n";
  for (const auto &a : m.optional) {
    if (memberIsOptional(a))
      os << "  if (attrs." << a.member << ") kiln_builder.Attr(\""
         << a.attr->name << "\", *attrs." << a.member << ");\n";
    else
      os << "  kiln_builder.Attr(\"" << a.attr->name << "\", attrs." << a.member
         << ");\n";
  }
  os << "  ::kiln::Operation kiln_op = kiln_builder.Finalize();\n";
  switch (m.result) {
  case OpModel::Result::Operation:
    os << "  return kiln_op;\n";
    break;
  case OpModel::Result::Output:
    os << "  return kiln_op.valid() ? kiln_op.output(0) : ::kiln::Output();\n";
    break;
  case OpModel::Result::OutputList:
    os << "  return kiln_builder.OutputArg(0);\n";
    break;
  case OpModel::Result::Struct:
    os << "  " << m.outputsStruct << " kiln_result;\n"
       << "  if (!kiln_op.valid()) return kiln_result;\n"
       << "  kiln_result.operation = kiln_op;\n";
    for (size_t i = 0; i < m.outputs.size(); ++i)
      os << "  kiln_result." << m.outputs[i].cppName
         << " = kiln_builder.OutputArg(" << i << ")"
         << (m.outputs[i].isList ? "" : "[0]") << ";\n";
    os << "  return kiln_result;\n";
    break;
  }
  os << "}\n";
}

/// The type-erased entry: unpacks generic args and attrs, calls the typed
/// builder, flattens its result.
void emitGenericEntry(const OpModel &m, std::ostream &os) {
  const kiln::OpSpec &op = *m.op;
  const std::string name = "\"" + op.name + "\"";
  os << "\n"
     << signature("::kiln::OutputList Build" + op.name,
                  {"const ::kiln::Scope& scope",
                   "const std::vector<::kiln::OutputList>& args",
                   "const ::kiln::AttrValueMap& attrs"},
                  " {");
  os << "  if (!CheckArgCount(scope, " << name << ", args, " << m.inputs.size()
     << ")) return {};\n";
  for (const auto &attr : m.required)
    os << "  " << cppType(attr.attr->kind) << " attr_" << attr.attr->name
       << "{};\n"
       << "  if (!ReadAttr(scope, " << name << ", attrs, \"" << attr.attr->name
       << "\", true, &attr_" << attr.attr->name << ")) return {};\n";
  if (!m.optional.empty()) {
    os << "  ::kiln::ops::" << m.attrsStruct << " kiln_attrs;\n";
    for (const auto &a : m.optional) {
      if (memberIsOptional(a)) {
        os << "  if (attrs.count(\"" << a.attr->name << "\")) {\n"
           << "    " << cppType(a.attr->kind) << " v;\n"
           << "    if (!ReadAttr(scope, " << name << ", attrs, \""
           << a.attr->name << "\", true, &v)) return {};\n"
           << "    kiln_attrs." << a.member << " = v;\n"
           << "  }\n";
      } else {
        os << "  if (!ReadAttr(scope, " << name << ", attrs, \"" << a.attr->name
           << "\", false, &kiln_attrs." << a.member << ")) return {};\n";
      }
    }
  }
  os << "  auto kiln_result = ::kiln::ops::" << op.name << "(scope";
  for (size_t i = 0; i < m.inputs.size(); ++i) {
    if (m.inputs[i].isList)
      os << ", ::kiln::InputList(args[" << i << "])";
    else
      os << ", SingleInput(args[" << i << "])";
  }
  for (const auto &attr : m.required)
    os << ", attr_" << attr.attr->name;
  if (!m.optional.empty())
    os << ", kiln_attrs";
  os << ");\n";
  switch (m.result) {
  case OpModel::Result::Operation:
    os << "  (void)kiln_result;\n  return {};\n";
    break;
  case OpModel::Result::Output:
    os << "  if (!kiln_result.valid()) return {};\n"
       << "  return {kiln_result};\n";
    break;
  case OpModel::Result::OutputList:
    os << "  return kiln_result;\n";
    break;
  case OpModel::Result::Struct:
    os << "  ::kiln::OutputList flat;\n"
       << "  if (!kiln_result.operation.valid()) return flat;\n";
    for (const auto &out : m.outputs) {
      if (out.isList)
        os << "  flat.insert(flat.end(), kiln_result." << out.cppName
           << ".begin(), kiln_result." << out.cppName << ".end());\n";
      else
        os << "  flat.push_back(kiln_result." << out.cppName << ");\n";
    }
    os << "  return flat;\n";
    break;
  }
  os << "}\n";
}

std::vector<OpModel> buildModels(const std::vector<kiln::OpSpec> &ops) {
  std::vector<OpModel> models;
  for (const kiln::OpSpec &op : ops)
    if (!isHandWritten(op))
      models.push_back(buildModel(op));
  return models;
}

const char *kBanner =
    "// Generated by kiln-opgen from Kiln's op table (runtime/graph/op_table*)."
    "\n// Do not edit: change the table or ir/opgen/EmitFrontend.cpp.\n";

} // namespace

std::string emitFrontendHeader(const std::vector<kiln::OpSpec> &ops) {
  std::ostringstream os;
  os << kBanner << R"(//
// One builder per op, in TensorFlow's argument order: inputs, required attrs,
// then a struct of the attrs that have defaults, with chainable setters:
//
//   auto y = ops::MatMul(root.WithOpName("fc"), x, w,
//                        ops::MatMulAttrs().TransposeB(true));
#ifndef KILN_FRONTEND_OPS_OPS_GEN_H_
#define KILN_FRONTEND_OPS_OPS_GEN_H_

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "frontend/node_builder.h"
#include "frontend/output.h"
#include "frontend/scope.h"
#include "proto/tensorflow/attr_value.pb.h"
#include "proto/tensorflow/tensor.pb.h"

namespace kiln {
namespace ops {
)";
  std::string family;
  for (const OpModel &m : buildModels(ops)) {
    if (m.op->family != family) {
      family = m.op->family;
      os << "\n// ---- " << family << " "
         << std::string(std::max<int>(3, 72 - static_cast<int>(family.size())),
                        '-')
         << "\n";
    }
    emitDeclaration(m, os);
  }
  os << R"(
}  // namespace ops

namespace internal {

// A call of one generated builder from data: `args` holds one OutputList per
// input arg (a single element for a non-list arg), `attrs` the required attrs
// and any others to set. Returns the op's outputs, flattened.
using GeneratedBuilderFn = OutputList (*)(const Scope& scope,
                                          const std::vector<OutputList>& args,
                                          const AttrValueMap& attrs);
struct GeneratedOpBuilder {
  const char* op;
  GeneratedBuilderFn build;
};

// Every generated builder, sorted by op name.
const std::vector<GeneratedOpBuilder>& GeneratedOpBuilders();
// The builder of `op`, or nullptr.
const GeneratedOpBuilder* FindGeneratedOpBuilder(std::string_view op);

}  // namespace internal
}  // namespace kiln

#endif  // KILN_FRONTEND_OPS_OPS_GEN_H_
)";
  return os.str();
}

std::string emitFrontendSource(const std::vector<kiln::OpSpec> &ops) {
  std::vector<OpModel> models = buildModels(ops);
  std::ostringstream os;
  os << kBanner << R"(#include "frontend/ops/ops.gen.h"

#include <algorithm>

#include "frontend/node_builder.h"

namespace kiln {
namespace ops {
)";
  for (const OpModel &m : models)
    emitDefinition(m, os);
  os << "\n}  // namespace ops\n\nnamespace internal {\nnamespace {\n";
  for (const OpModel &m : models)
    emitGenericEntry(m, os);
  std::vector<std::string> names;
  for (const OpModel &m : models)
    names.push_back(m.op->name);
  std::sort(names.begin(), names.end());
  os << R"(
}  // namespace

const std::vector<GeneratedOpBuilder>& GeneratedOpBuilders() {
  static const std::vector<GeneratedOpBuilder>* const kBuilders =
      new std::vector<GeneratedOpBuilder>{
)";
  for (const std::string &name : names)
    os << "          {\"" << name << "\", &Build" << name << "},\n";
  os << R"(      };
  return *kBuilders;
}

const GeneratedOpBuilder* FindGeneratedOpBuilder(std::string_view op) {
  const auto& builders = GeneratedOpBuilders();
  auto it = std::lower_bound(
      builders.begin(), builders.end(), op,
      [](const GeneratedOpBuilder& b, std::string_view name) {
        return std::string_view(b.op) < name;
      });
  if (it == builders.end() || std::string_view(it->op) != op) return nullptr;
  return &*it;
}

}  // namespace internal
}  // namespace kiln
)";
  return os.str();
}

} // namespace kiln::opgen
