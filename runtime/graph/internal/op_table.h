// Internal to runtime/graph: helpers that keep the op table's entries close to
// TensorFlow's REGISTER_OP lines, and the per-family functions that fill it.
//
//   OpSpec& op = AddOp(ops, "MatMul", "math", MatMulShape);
//   op.inputs = {Arg("a", "T"), Arg("b", "T")};
//   op.attrs = {BoolAttr("transpose_a", false), TypeAttr("T", {...})};
#ifndef KILN_RUNTIME_GRAPH_INTERNAL_OP_TABLE_H_
#define KILN_RUNTIME_GRAPH_INTERNAL_OP_TABLE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "runtime/graph/op_spec.h"

namespace kiln {
namespace op_table {

// The dtypes the table names, as TensorFlow's REGISTER_OP lines do.
using tensorflow::DT_BFLOAT16;
using tensorflow::DT_BOOL;
using tensorflow::DT_COMPLEX128;
using tensorflow::DT_COMPLEX64;
using tensorflow::DT_DOUBLE;
using tensorflow::DT_FLOAT;
using tensorflow::DT_HALF;
using tensorflow::DT_INT16;
using tensorflow::DT_INT32;
using tensorflow::DT_INT64;
using tensorflow::DT_INT8;
using tensorflow::DT_RESOURCE;
using tensorflow::DT_UINT16;
using tensorflow::DT_UINT32;
using tensorflow::DT_UINT64;
using tensorflow::DT_UINT8;

// Appends an op and returns it for the caller to fill in.
OpSpec& AddOp(std::vector<OpSpec>& ops, std::string name, std::string family,
              ShapeFn shape_fn);

// "<summary>\n\n<details>\n\n```mlir\n<example>\n```": the description form
// the ODS generator expects.
std::string Describe(const std::string& details, const std::string& example);

// An arg typed by a type attr ("x: T").
ArgSpec Arg(std::string name, std::string type_attr);
// An arg of a fixed dtype ("resource: resource", "condition: bool").
ArgSpec FixedArg(std::string name, DataType type);
// A list arg of `number_attr` tensors typed by `type_attr` ("values: N * T").
ArgSpec ListArg(std::string name, std::string number_attr,
                std::string type_attr);

// "T: {float, double}" (required) and "Tidx: {int32, int64} = DT_INT32".
AttrSpec TypeAttr(std::string name, std::vector<DataType> allowed = {});
AttrSpec TypeAttr(std::string name, std::vector<DataType> allowed,
                  DataType default_type);
AttrSpec BoolAttr(std::string name, bool default_value);
AttrSpec IntAttr(std::string name, int64_t default_value);
AttrSpec StringAttr(std::string name, const std::string& default_value);
// An attr of any kind with no default ("value: tensor", "N: int >= 2").
AttrSpec RequiredAttr(std::string name, AttrKind kind);
// An attr with an explicit AttrValue text default ("list { }").
AttrSpec AttrWithDefault(std::string name, AttrKind kind,
                         std::string default_text);

// Type sets TensorFlow spells out per op, beyond the named sets in op_spec.h.
std::vector<DataType> Concat(std::vector<DataType> a,
                             const std::vector<DataType>& b);

// The families, one file each (op_table_<family>.cc).
void AddBaseOps(std::vector<OpSpec>& ops);
void AddStateOps(std::vector<OpSpec>& ops);
void AddMathOps(std::vector<OpSpec>& ops);
void AddArrayOps(std::vector<OpSpec>& ops);
void AddNnOps(std::vector<OpSpec>& ops);

}  // namespace op_table
}  // namespace kiln

#endif  // KILN_RUNTIME_GRAPH_INTERNAL_OP_TABLE_H_
