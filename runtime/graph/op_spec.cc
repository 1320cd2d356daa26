// OpSpec lookups, TensorFlow's dtype sets and dtype names.
#include "runtime/graph/op_spec.h"

#include <algorithm>
#include <cctype>
#include <map>

#include "runtime/graph/internal/op_table.h"

namespace kiln {

using tensorflow::DataType;

const char* AttrKindName(AttrKind kind) {
  switch (kind) {
    case AttrKind::kType:
      return "type";
    case AttrKind::kInt:
      return "int";
    case AttrKind::kFloat:
      return "float";
    case AttrKind::kBool:
      return "bool";
    case AttrKind::kString:
      return "string";
    case AttrKind::kShape:
      return "shape";
    case AttrKind::kTensor:
      return "tensor";
    case AttrKind::kFunc:
      return "func";
    case AttrKind::kListType:
      return "list(type)";
    case AttrKind::kListInt:
      return "list(int)";
    case AttrKind::kListFloat:
      return "list(float)";
    case AttrKind::kListString:
      return "list(string)";
    case AttrKind::kListShape:
      return "list(shape)";
  }
  return "unknown";
}

const AttrSpec* OpSpec::FindAttr(std::string_view attr_name) const {
  for (const AttrSpec& attr : attrs) {
    if (attr.name == attr_name) return &attr;
  }
  return nullptr;
}

bool OpSpec::IsDerivedAttr(std::string_view attr_name) const {
  for (const ArgSpec& in : inputs) {
    if (in.type_attr == attr_name || in.number_attr == attr_name) return true;
  }
  return false;
}

const std::vector<OpSpec>& AllOpSpecs() {
  // Built once, on first use (thread-safe static initialization).
  static const std::vector<OpSpec>* const kOps = [] {
    auto* ops = new std::vector<OpSpec>();
    op_table::AddBaseOps(*ops);
    op_table::AddStateOps(*ops);
    op_table::AddMathOps(*ops);
    op_table::AddArrayOps(*ops);
    op_table::AddNnOps(*ops);
    return ops;
  }();
  return *kOps;
}

const OpSpec* FindOpSpec(std::string_view name) {
  static const std::map<std::string, const OpSpec*, std::less<>>* const kIndex =
      [] {
        auto* index = new std::map<std::string, const OpSpec*, std::less<>>();
        for (const OpSpec& spec : AllOpSpecs())
          index->emplace(spec.name, &spec);
        return index;
      }();
  auto it = kIndex->find(name);
  return it == kIndex->end() ? nullptr : it->second;
}

const std::vector<DataType>& FloatTypes() {
  static const std::vector<DataType> kTypes = {
      tensorflow::DT_HALF, tensorflow::DT_BFLOAT16, tensorflow::DT_FLOAT,
      tensorflow::DT_DOUBLE};
  return kTypes;
}

const std::vector<DataType>& IndexTypes() {
  static const std::vector<DataType> kTypes = {tensorflow::DT_INT32,
                                               tensorflow::DT_INT64};
  return kTypes;
}

// TensorFlow's `realnumbertype`, in its order.
const std::vector<DataType>& RealNumberTypes() {
  static const std::vector<DataType> kTypes = {
      tensorflow::DT_FLOAT, tensorflow::DT_DOUBLE,   tensorflow::DT_INT32,
      tensorflow::DT_UINT8, tensorflow::DT_INT16,    tensorflow::DT_INT8,
      tensorflow::DT_INT64, tensorflow::DT_BFLOAT16, tensorflow::DT_UINT16,
      tensorflow::DT_HALF,  tensorflow::DT_UINT32,   tensorflow::DT_UINT64};
  return kTypes;
}

// TensorFlow's `numbertype` without its quantized types, which Kiln does not
// compute with.
const std::vector<DataType>& NumberTypes() {
  static const std::vector<DataType> kTypes = [] {
    std::vector<DataType> types = RealNumberTypes();
    types.push_back(tensorflow::DT_COMPLEX64);
    types.push_back(tensorflow::DT_COMPLEX128);
    return types;
  }();
  return kTypes;
}

// TensorFlow's names are the enum's names without "DT_", in lower case
// ("float", "int32", "float_ref"); DT_INVALID is "INVALID" as in TensorFlow.
std::string DataTypeName(DataType dtype) {
  if (dtype == tensorflow::DT_INVALID) return "INVALID";
  const std::string& enum_name = tensorflow::DataType_Name(dtype);
  if (enum_name.size() <= 3 || enum_name.compare(0, 3, "DT_") != 0) {
    return "unknown dtype (" + std::to_string(static_cast<int>(dtype)) + ")";
  }
  std::string name = enum_name.substr(3);
  std::transform(name.begin(), name.end(), name.begin(),
                 [](unsigned char ch) { return std::tolower(ch); });
  return name;
}

bool DataTypeFromName(std::string_view name, DataType* dtype) {
  if (name.empty()) return false;
  std::string enum_name = "DT_";
  for (char ch : name) {
    if (!std::islower(static_cast<unsigned char>(ch)) &&
        !std::isdigit(static_cast<unsigned char>(ch)) && ch != '_') {
      return false;
    }
    enum_name.push_back(
        static_cast<char>(std::toupper(static_cast<unsigned char>(ch))));
  }
  DataType parsed;
  if (!tensorflow::DataType_Parse(enum_name, &parsed) ||
      parsed == tensorflow::DT_INVALID) {
    return false;
  }
  *dtype = parsed;
  return true;
}

}  // namespace kiln
