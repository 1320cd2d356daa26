// kiln-dump --format=text: a human-readable summary of a graph.
#include <cstdio>

#include "tools/kiln-dump/formats.h"
#include "tools/kiln-dump/report.h"
#include "tools/kiln-dump/text_table.h"

namespace kiln::dump {
namespace {

// "397.5 KiB"; plain bytes below 1 KiB.
std::string HumanBytes(int64_t bytes) {
  const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  double value = static_cast<double>(bytes);
  int unit = 0;
  while (value >= 1024 && unit < 4) {
    value /= 1024;
    ++unit;
  }
  char buffer[32];
  if (unit == 0) {
    std::snprintf(buffer, sizeof(buffer), "%lld B",
                  static_cast<long long>(bytes));
  } else {
    std::snprintf(buffer, sizeof(buffer), "%.1f %s", value, units[unit]);
  }
  return buffer;
}

std::string Count(int64_t n) { return n < 0 ? "?" : std::to_string(n); }

std::string TotalsLine(const std::string& title, const Totals& totals) {
  if (totals.count == 0) return title + ": none\n";
  return title + ": " + std::to_string(totals.count) + " (" +
         std::to_string(totals.elements) + " elements, " +
         std::to_string(totals.bytes) + " bytes, " + HumanBytes(totals.bytes) +
         ")\n";
}

std::string Header(const GraphReport& r) {
  std::string out = "Graph: " + r.path + "\nFormat: " + r.format + "\n";
  if (!r.tags.empty()) out += "Tags: " + Join(r.tags, ", ") + "\n";
  out += "Nodes: " + std::to_string(r.nodes.size()) +
         ", distinct ops: " + std::to_string(r.ops.size()) +
         ", functions: " + std::to_string(r.functions.size()) + "\n";
  return out;
}

std::string Nodes(const GraphReport& r) {
  TextTable table({"name", "op", "inputs", "dtype", "shape", "device"});
  for (const NodeRow& node : r.nodes) {
    std::vector<std::string> dtypes, shapes;
    for (const TensorType& t : node.outputs) {
      dtypes.push_back(DtypeString(t.dtype));
      shapes.push_back(t.shape.ToString());
    }
    table.AddRow({node.name, node.op, Join(node.inputs, ", "),
                  dtypes.empty() ? "-" : Join(dtypes, " "),
                  shapes.empty() ? "-" : Join(shapes, " "), node.device});
  }
  return "\nNodes:\n" + table.Render("  ");
}

std::string Ops(const GraphReport& r) {
  TextTable table({"op", "count"});
  table.AlignRight(1);
  for (const OpCount& op : r.ops)
    table.AddRow({op.op, std::to_string(op.count)});
  return "\nOps:\n" + table.Render("  ");
}

std::string Variables(const GraphReport& r) {
  std::string out = "\n" + TotalsLine("Variables", r.variable_totals);
  if (r.variables.empty()) return out;
  TextTable table({"name", "op", "dtype", "shape", "elements", "bytes"});
  table.AlignRight(4);
  table.AlignRight(5);
  for (const VariableRow& v : r.variables) {
    table.AddRow({v.name, v.op, DtypeString(v.dtype), v.shape.ToString(),
                  Count(v.elements), Count(v.bytes)});
  }
  return out + table.Render("  ");
}

std::string Functions(const GraphReport& r) {
  if (r.functions.empty()) return "\nFunctions: none\n";
  std::string out = "\nFunctions: " + std::to_string(r.functions.size()) + "\n";
  TextTable table({"name", "inputs", "outputs", "nodes"});
  for (int c = 1; c <= 3; ++c) table.AlignRight(c);
  for (const FunctionRow& f : r.functions) {
    table.AddRow({f.name, std::to_string(f.inputs), std::to_string(f.outputs),
                  std::to_string(f.nodes)});
  }
  return out + table.Render("  ");
}

void AddSignatureTensors(const char* kind,
                         const std::vector<SignatureTensor>& tensors,
                         TextTable& table) {
  for (const SignatureTensor& t : tensors) {
    table.AddRow(
        {kind, t.key, t.tensor, DtypeString(t.dtype), t.shape.ToString()});
  }
}

std::string Signatures(const GraphReport& r) {
  if (r.signatures.empty()) return "";
  std::string out =
      "\nSignatures: " + std::to_string(r.signatures.size()) + "\n";
  for (const SignatureRow& s : r.signatures) {
    out +=
        "  " + s.key + (s.method.empty() ? "" : " (" + s.method + ")") + "\n";
    TextTable table({});
    AddSignatureTensors("input", s.inputs, table);
    AddSignatureTensors("output", s.outputs, table);
    out += table.Render("    ");
  }
  return out;
}

}  // namespace

StatusOr<std::string> FormatText(const DumpInput& in) {
  const GraphReport r = BuildReport(in);
  return Header(r) + Signatures(r) + Nodes(r) + Ops(r) + Variables(r) + "\n" +
         TotalsLine("Constants", r.constants) + Functions(r);
}

}  // namespace kiln::dump
