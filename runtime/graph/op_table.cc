// The op table's entry helpers (see op_table.h).
#include "runtime/graph/internal/op_table.h"

namespace kiln {
namespace op_table {

OpSpec& AddOp(std::vector<OpSpec>& ops, std::string name, std::string family,
              ShapeFn shape_fn) {
  OpSpec& op = ops.emplace_back();
  op.name = std::move(name);
  op.family = std::move(family);
  op.shape_fn = shape_fn;
  return op;
}

std::string Describe(const std::string& details, const std::string& example) {
  return details + "\n\n```mlir\n" + example + "\n```";
}

ArgSpec Arg(std::string name, std::string type_attr) {
  ArgSpec arg;
  arg.name = std::move(name);
  arg.type_attr = std::move(type_attr);
  return arg;
}

ArgSpec FixedArg(std::string name, DataType type) {
  ArgSpec arg;
  arg.name = std::move(name);
  arg.type = type;
  return arg;
}

ArgSpec ListArg(std::string name, std::string number_attr,
                std::string type_attr) {
  ArgSpec arg = Arg(std::move(name), std::move(type_attr));
  arg.number_attr = std::move(number_attr);
  return arg;
}

AttrSpec TypeAttr(std::string name, std::vector<DataType> allowed) {
  AttrSpec attr;
  attr.name = std::move(name);
  attr.kind = AttrKind::kType;
  attr.allowed_types = std::move(allowed);
  return attr;
}

AttrSpec TypeAttr(std::string name, std::vector<DataType> allowed,
                  DataType default_type) {
  AttrSpec attr = TypeAttr(std::move(name), std::move(allowed));
  attr.default_value = "type: " + tensorflow::DataType_Name(default_type);
  return attr;
}

AttrSpec BoolAttr(std::string name, bool default_value) {
  return AttrWithDefault(std::move(name), AttrKind::kBool,
                         default_value ? "b: true" : "b: false");
}

AttrSpec IntAttr(std::string name, int64_t default_value) {
  return AttrWithDefault(std::move(name), AttrKind::kInt,
                         "i: " + std::to_string(default_value));
}

AttrSpec StringAttr(std::string name, const std::string& default_value) {
  return AttrWithDefault(std::move(name), AttrKind::kString,
                         "s: \"" + default_value + "\"");
}

AttrSpec RequiredAttr(std::string name, AttrKind kind) {
  AttrSpec attr;
  attr.name = std::move(name);
  attr.kind = kind;
  return attr;
}

AttrSpec AttrWithDefault(std::string name, AttrKind kind,
                         std::string default_text) {
  AttrSpec attr = RequiredAttr(std::move(name), kind);
  attr.default_value = std::move(default_text);
  return attr;
}

std::vector<DataType> Concat(std::vector<DataType> a,
                             const std::vector<DataType>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

}  // namespace op_table
}  // namespace kiln
