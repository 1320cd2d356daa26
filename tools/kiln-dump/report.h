// GraphReport: what the text and json formats show, computed once from a
// loaded graph: nodes with inferred types, an op histogram, variables,
// constants, library functions and SavedModel signatures.
//
//   GraphReport report = BuildReport(in);
//   for (const OpCount& op : report.ops) ...
#ifndef KILN_TOOLS_KILN_DUMP_REPORT_H_
#define KILN_TOOLS_KILN_DUMP_REPORT_H_

#include <cstdint>
#include <string>
#include <vector>

#include "runtime/graph/shape_context.h"
#include "tools/kiln-dump/formats.h"

namespace kiln::dump {

struct NodeRow {
  std::string name;
  std::string op;
  std::vector<std::string> inputs;  // as written: "x", "x:1", "^init"
  std::vector<TensorType> outputs;
  std::string device;
};

struct OpCount {
  std::string op;
  int count = 0;
};

// A variable (VarHandleOp, VariableV2, Variable); elements and bytes are -1
// when the shape or the dtype's size is not known.
struct VariableRow {
  std::string name;
  std::string op;
  DataType dtype = tensorflow::DT_INVALID;
  Shape shape;
  int64_t elements = -1;
  int64_t bytes = -1;
};

struct Totals {
  int count = 0;
  int64_t elements = 0;  // of those whose size is known
  int64_t bytes = 0;
};

struct FunctionRow {
  std::string name;
  int inputs = 0;
  int outputs = 0;
  int nodes = 0;
};

struct SignatureTensor {
  std::string key;
  std::string tensor;  // "x:0"
  DataType dtype = tensorflow::DT_INVALID;
  Shape shape;
};

struct SignatureRow {
  std::string key;
  std::string method;
  std::vector<SignatureTensor> inputs;
  std::vector<SignatureTensor> outputs;
};

struct GraphReport {
  std::string path;
  std::string format;
  std::vector<std::string> tags;
  std::vector<NodeRow> nodes;  // topological order
  std::vector<OpCount> ops;    // by count, then by name
  std::vector<VariableRow> variables;
  Totals variable_totals;
  Totals constants;  // Const nodes
  std::vector<FunctionRow> functions;
  std::vector<SignatureRow> signatures;  // by key
};

GraphReport BuildReport(const DumpInput& in);

// Bytes per element, or 0 for dtypes without a fixed size (string, resource,
// variant). Reference dtypes count as their value dtype.
int DataTypeSize(DataType dtype);
// "float", or "?" for DT_INVALID.
std::string DtypeString(DataType dtype);

}  // namespace kiln::dump

#endif  // KILN_TOOLS_KILN_DUMP_REPORT_H_
