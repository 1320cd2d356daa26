// Builds the GraphReport behind kiln-dump's text and json formats.
#include "tools/kiln-dump/report.h"

#include <algorithm>
#include <map>

#include "proto/tensorflow/function.pb.h"
#include "runtime/graph/op_spec.h"

namespace kiln::dump {
namespace {

using tensorflow::NodeDef;

bool IsVariable(const std::string& op) {
  return op == "VarHandleOp" || op == "VariableV2" || op == "Variable";
}

std::vector<NodeRow> NodeRows(const DumpInput& in) {
  std::vector<NodeRow> rows;
  for (const NodeDef* node : in.view->topological_order()) {
    NodeRow row;
    row.name = node->name();
    row.op = node->op();
    row.inputs.assign(node->input().begin(), node->input().end());
    row.outputs = in.shapes->OutputsOf(node->name());
    row.device = node->device();
    rows.push_back(std::move(row));
  }
  return rows;
}

std::vector<OpCount> OpHistogram(const tensorflow::GraphDef& graph) {
  std::map<std::string, int> counts;
  for (const NodeDef& node : graph.node()) ++counts[node.op()];
  std::vector<OpCount> ops;
  for (const auto& [op, count] : counts) ops.push_back({op, count});
  std::stable_sort(
      ops.begin(), ops.end(),
      [](const OpCount& a, const OpCount& b) { return a.count > b.count; });
  return ops;
}

VariableRow Variable(const NodeDef& node) {
  VariableRow row;
  row.name = node.name();
  row.op = node.op();
  auto dtype = node.attr().find("dtype");
  if (dtype != node.attr().end()) row.dtype = dtype->second.type();
  auto shape = node.attr().find("shape");
  if (shape != node.attr().end() && shape->second.has_shape()) {
    row.shape = Shape::FromProto(shape->second.shape());
  }
  row.elements = row.shape.NumElements();
  const int size = DataTypeSize(row.dtype);
  if (row.elements >= 0 && size > 0) row.bytes = row.elements * size;
  return row;
}

void Add(Totals& totals, int64_t elements, int64_t bytes) {
  ++totals.count;
  if (elements > 0) totals.elements += elements;
  if (bytes > 0) totals.bytes += bytes;
}

void AddConstant(const NodeDef& node, Totals& totals) {
  auto value = node.attr().find("value");
  if (value == node.attr().end() || !value->second.has_tensor()) {
    return Add(totals, -1, -1);
  }
  const tensorflow::TensorProto& tensor = value->second.tensor();
  const int64_t elements =
      Shape::FromProto(tensor.tensor_shape()).NumElements();
  int64_t bytes = elements * DataTypeSize(tensor.dtype());
  if (tensor.dtype() == tensorflow::DT_STRING) {
    bytes = 0;
    for (const std::string& s : tensor.string_val()) bytes += s.size();
  }
  Add(totals, elements, bytes);
}

void Resources(const tensorflow::GraphDef& graph, GraphReport& report) {
  for (const NodeDef& node : graph.node()) {
    if (IsVariable(node.op())) {
      report.variables.push_back(Variable(node));
      Add(report.variable_totals, report.variables.back().elements,
          report.variables.back().bytes);
    } else if (node.op() == "Const") {
      AddConstant(node, report.constants);
    }
  }
}

std::vector<FunctionRow> Functions(const tensorflow::GraphDef& graph) {
  std::vector<FunctionRow> rows;
  for (const tensorflow::FunctionDef& f : graph.library().function()) {
    rows.push_back({f.signature().name(), f.signature().input_arg_size(),
                    f.signature().output_arg_size(), f.node_def_size()});
  }
  std::sort(rows.begin(), rows.end(),
            [](const FunctionRow& a, const FunctionRow& b) {
              return a.name < b.name;
            });
  return rows;
}

std::vector<SignatureTensor> SignatureTensors(
    const google::protobuf::Map<std::string, tensorflow::TensorInfo>& infos) {
  std::map<std::string, const tensorflow::TensorInfo*> sorted;
  for (const auto& [key, info] : infos) sorted[key] = &info;
  std::vector<SignatureTensor> tensors;
  for (const auto& [key, info] : sorted) {
    tensors.push_back({key, info->name(), info->dtype(),
                       Shape::FromProto(info->tensor_shape())});
  }
  return tensors;
}

std::vector<SignatureRow> Signatures(const LoadedGraph& loaded) {
  std::vector<SignatureRow> rows;
  for (const auto& [key, def] : loaded.signatures) {
    rows.push_back({key, def.method_name(), SignatureTensors(def.inputs()),
                    SignatureTensors(def.outputs())});
  }
  return rows;
}

}  // namespace

int DataTypeSize(DataType dtype) {
  const int base = dtype > 100 ? dtype - 100 : dtype;
  switch (static_cast<DataType>(base)) {
    case tensorflow::DT_BOOL:
    case tensorflow::DT_INT8:
    case tensorflow::DT_UINT8:
    case tensorflow::DT_QINT8:
    case tensorflow::DT_QUINT8:
    case tensorflow::DT_FLOAT8_E5M2:
    case tensorflow::DT_FLOAT8_E4M3FN:
    case tensorflow::DT_FLOAT8_E4M3FNUZ:
    case tensorflow::DT_FLOAT8_E4M3B11FNUZ:
    case tensorflow::DT_FLOAT8_E5M2FNUZ:
      return 1;
    case tensorflow::DT_HALF:
    case tensorflow::DT_BFLOAT16:
    case tensorflow::DT_INT16:
    case tensorflow::DT_UINT16:
    case tensorflow::DT_QINT16:
    case tensorflow::DT_QUINT16:
      return 2;
    case tensorflow::DT_FLOAT:
    case tensorflow::DT_INT32:
    case tensorflow::DT_UINT32:
    case tensorflow::DT_QINT32:
      return 4;
    case tensorflow::DT_DOUBLE:
    case tensorflow::DT_INT64:
    case tensorflow::DT_UINT64:
    case tensorflow::DT_COMPLEX64:
      return 8;
    case tensorflow::DT_COMPLEX128:
      return 16;
    default:
      return 0;
  }
}

std::string DtypeString(DataType dtype) {
  return dtype == tensorflow::DT_INVALID ? "?" : DataTypeName(dtype);
}

GraphReport BuildReport(const DumpInput& in) {
  GraphReport report;
  report.path = in.path;
  report.format = in.loaded->format;
  report.tags = in.loaded->tags;
  report.nodes = NodeRows(in);
  report.ops = OpHistogram(in.loaded->graph);
  Resources(in.loaded->graph, report);
  report.functions = Functions(in.loaded->graph);
  report.signatures = Signatures(*in.loaded);
  return report;
}

}  // namespace kiln::dump
