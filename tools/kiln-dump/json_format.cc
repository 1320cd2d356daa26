// kiln-dump --format=json: the text format's data as one JSON object.
// Unknown dims are -1, an unknown rank is null, an unknown dtype is null.
#include "tools/kiln-dump/formats.h"
#include "tools/kiln-dump/json_writer.h"
#include "tools/kiln-dump/report.h"

namespace kiln::dump {
namespace {

Json ShapeJson(const Shape& shape) {
  if (shape.unknown_rank) return Json();
  Json dims = Json::Array();
  for (int64_t d : shape.dims) dims.Push(d);
  return dims;
}

Json DtypeJson(DataType dtype) {
  return dtype == tensorflow::DT_INVALID ? Json() : Json(DtypeString(dtype));
}

Json StringsJson(const std::vector<std::string>& strings) {
  Json array = Json::Array();
  for (const std::string& s : strings) array.Push(s);
  return array;
}

Json CountJson(int64_t n) { return n < 0 ? Json() : Json(n); }

Json NodeJson(const NodeRow& node) {
  Json outputs = Json::Array();
  for (const TensorType& t : node.outputs) {
    outputs.Push(Json::Object()
                     .Set("dtype", DtypeJson(t.dtype))
                     .Set("shape", ShapeJson(t.shape)));
  }
  return Json::Object()
      .Set("name", node.name)
      .Set("op", node.op)
      .Set("inputs", StringsJson(node.inputs))
      .Set("outputs", std::move(outputs))
      .Set("device", node.device);
}

Json VariableJson(const VariableRow& v) {
  return Json::Object()
      .Set("name", v.name)
      .Set("op", v.op)
      .Set("dtype", DtypeJson(v.dtype))
      .Set("shape", ShapeJson(v.shape))
      .Set("elements", CountJson(v.elements))
      .Set("bytes", CountJson(v.bytes));
}

Json TotalsJson(const Totals& totals) {
  return Json::Object()
      .Set("count", totals.count)
      .Set("elements", totals.elements)
      .Set("bytes", totals.bytes);
}

Json SignatureTensorsJson(const std::vector<SignatureTensor>& tensors) {
  Json array = Json::Array();
  for (const SignatureTensor& t : tensors) {
    array.Push(Json::Object()
                   .Set("key", t.key)
                   .Set("tensor", t.tensor)
                   .Set("dtype", DtypeJson(t.dtype))
                   .Set("shape", ShapeJson(t.shape)));
  }
  return array;
}

Json SignaturesJson(const GraphReport& r) {
  Json array = Json::Array();
  for (const SignatureRow& s : r.signatures) {
    array.Push(Json::Object()
                   .Set("key", s.key)
                   .Set("method", s.method)
                   .Set("inputs", SignatureTensorsJson(s.inputs))
                   .Set("outputs", SignatureTensorsJson(s.outputs)));
  }
  return array;
}

Json ReportJson(const GraphReport& r) {
  Json nodes = Json::Array(), ops = Json::Array(), variables = Json::Array(),
       functions = Json::Array();
  for (const NodeRow& node : r.nodes) nodes.Push(NodeJson(node));
  for (const OpCount& op : r.ops) {
    ops.Push(Json::Object().Set("op", op.op).Set("count", op.count));
  }
  for (const VariableRow& v : r.variables) variables.Push(VariableJson(v));
  for (const FunctionRow& f : r.functions) {
    functions.Push(Json::Object()
                       .Set("name", f.name)
                       .Set("inputs", f.inputs)
                       .Set("outputs", f.outputs)
                       .Set("nodes", f.nodes));
  }
  return Json::Object()
      .Set("path", r.path)
      .Set("format", r.format)
      .Set("tags", StringsJson(r.tags))
      .Set("signatures", SignaturesJson(r))
      .Set("nodes", std::move(nodes))
      .Set("ops", std::move(ops))
      .Set("variables", std::move(variables))
      .Set("variable_totals", TotalsJson(r.variable_totals))
      .Set("constants", TotalsJson(r.constants))
      .Set("functions", std::move(functions));
}

}  // namespace

StatusOr<std::string> FormatJson(const DumpInput& in) {
  return ReportJson(BuildReport(in)).Dump();
}

}  // namespace kiln::dump
