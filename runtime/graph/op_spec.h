// OpSpec: Kiln's one table of TensorFlow ops (inputs, outputs, attrs, shape
// function). The frontend's op builders, the kiln dialect's ODS, its importer
// and kiln-dump are all generated from or driven by this table.
//
//   const kiln::OpSpec* spec = kiln::FindOpSpec("MatMul");
//   for (const kiln::ArgSpec& in : spec->inputs) ...
#ifndef KILN_RUNTIME_GRAPH_OP_SPEC_H_
#define KILN_RUNTIME_GRAPH_OP_SPEC_H_

#include <string>
#include <string_view>
#include <vector>

#include "proto/tensorflow/types.pb.h"
#include "runtime/base/status.h"

namespace kiln {

class ShapeContext;
using DataType = tensorflow::DataType;
// Computes output shapes (dtypes are resolved from the table beforehand).
using ShapeFn = Status (*)(ShapeContext& ctx);

// The value kinds of TensorFlow's AttrValue that ops in the table use.
enum class AttrKind {
  kType, kInt, kFloat, kBool, kString, kShape, kTensor, kFunc,
  kListType, kListInt, kListFloat, kListString, kListShape,
};
const char* AttrKindName(AttrKind kind);  // "type", "int", "list(int)", ...

struct AttrSpec {
  std::string name;
  AttrKind kind;
  // Default as AttrValue text format ("b: false", "s: \"NHWC\""); empty when
  // the attr is required.
  std::string default_value;
  // For kType: the dtypes allowed; empty means any.
  std::vector<DataType> allowed_types;
};

struct ArgSpec {
  std::string name;
  // The dtype comes from this type attr ("T") ...
  std::string type_attr;
  // ... or is fixed (when type_attr is empty).
  DataType type = tensorflow::DT_INVALID;
  // Non-empty: the arg is a list of `number_attr` tensors ("N").
  std::string number_attr;
};

struct OpSpec {
  std::string name;         // TensorFlow's op name: "MatMul"
  std::string family;       // ODS file it goes to: "math", "array", "nn", ...
  std::string summary;      // one line
  std::string description;  // may hold an ```mlir example
  std::vector<ArgSpec> inputs;
  std::vector<ArgSpec> outputs;
  std::vector<AttrSpec> attrs;
  ShapeFn shape_fn = nullptr;
  bool is_stateful = false;
  bool is_commutative = false;

  const AttrSpec* FindAttr(std::string_view attr_name) const;
  // True when the attr is fixed by input types or list lengths (T of AddV2, N
  // of ConcatV2): such attrs live in operand types, not in the IR's attrs.
  bool IsDerivedAttr(std::string_view attr_name) const;
};

// Every op in the table, in a stable order.
const std::vector<OpSpec>& AllOpSpecs();
// The op named `name`, or nullptr when Kiln does not know it.
const OpSpec* FindOpSpec(std::string_view name);

// Dtype sets used by the table (TensorFlow's names for them).
const std::vector<DataType>& FloatTypes();       // half, bfloat16, float, double
const std::vector<DataType>& IndexTypes();       // int32, int64
const std::vector<DataType>& RealNumberTypes();  // floats and ints
const std::vector<DataType>& NumberTypes();      // real and complex

std::string DataTypeName(DataType dtype);        // "float", "int32", ...
bool DataTypeFromName(std::string_view name, DataType* dtype);

}  // namespace kiln

#endif  // KILN_RUNTIME_GRAPH_OP_SPEC_H_
