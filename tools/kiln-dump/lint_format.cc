// kiln-dump --lint: a pre-flight check of a graph before compiling it
// (compiler/Analysis/Preflight): what runs each node, the nodes nothing
// can run, the ops Gradients cannot differentiate, the dims known only at
// run time, and the projected artifact size (kernels' code, weights).
#include <map>
#include <set>

#include "compiler/Analysis/Preflight.h"
#include "frontend/gradients/registry.h"
#include "tools/kiln-dump/formats.h"
#include "tools/kiln-dump/text_table.h"

namespace kiln::dump {
namespace {

std::string Bytes(uint64_t n) {
  char text[32];
  if (n >= (1u << 20))
    std::snprintf(text, sizeof text, "%.2f MB", n / 1048576.0);
  else if (n >= 1024)
    std::snprintf(text, sizeof text, "%.1f KB", n / 1024.0);
  else
    std::snprintf(text, sizeof text, "%llu B",
                  static_cast<unsigned long long>(n));
  return text;
}

std::string Placements(const compiler::PreflightReport& report) {
  std::map<compiler::Placement, std::pair<int, std::set<std::string>>> by;
  for (const compiler::NodePlacement& n : report.nodes) {
    by[n.placement].first++;
    by[n.placement].second.insert(n.op);
  }
  TextTable table({"runs as", "nodes", "ops"});
  table.AlignRight(1);
  for (const auto& [placement, entry] : by) {
    table.AddRow(
        {compiler::placementName(placement), std::to_string(entry.first),
         Join(
             std::vector<std::string>(entry.second.begin(), entry.second.end()),
             ", ")});
  }
  std::string out = "Nodes by what runs them:\n" + table.Render("  ");
  for (const compiler::NodePlacement& n : report.nodes)
    if (n.placement == compiler::Placement::Unsupported)
      out += "  cannot compile: '" + n.node + "' (" + n.op + ")\n";
  return out;
}

// Ops a training graph could not differentiate through.
std::string WithoutGradients(const tensorflow::GraphDef& graph) {
  static const std::set<std::string> kLeaves = {
      "Placeholder", "Const", "VarHandleOp", "NoOp", "AssignVariableOp",
      "AssignAddVariableOp", "AssignSubVariableOp", "VarIsInitializedOp",
      // Differentiated per node (frontend/function: cond, while_loop, calls).
      "If", "StatelessIf", "While", "StatelessWhile", "PartitionedCall",
      "StatefulPartitionedCall"};
  const GradientRegistry& registry = GradientRegistry::Global();
  std::set<std::string> missing;
  for (const tensorflow::NodeDef& node : graph.node())
    if (!kLeaves.count(node.op()) && !registry.Knows(node.op()))
      missing.insert(node.op());
  std::string out = "Ops without gradients: ";
  if (missing.empty()) return out + "none\n";
  std::string list;
  for (const std::string& op : missing) list += (list.empty() ? "" : ", ") + op;
  return out + list + "\n";
}

// The inputs (and variables) whose dims are known only at run time.
std::string DynamicDims(const DumpInput& in) {
  std::string out;
  for (const tensorflow::NodeDef& node : in.loaded->graph.node()) {
    if (node.op() != "Placeholder") continue;
    const TensorType* type = in.shapes->Find(node.name(), 0);
    if (type == nullptr) continue;
    if (type->shape.unknown_rank) {
      out += "  " + node.name() + ": unknown rank (every dim unbounded)\n";
      continue;
    }
    std::string dims;
    for (size_t d = 0; d < type->shape.dims.size(); ++d)
      if (type->shape.dims[d] < 0)
        dims += (dims.empty() ? "" : ", ") + std::to_string(d);
    if (!dims.empty())
      out += "  " + node.name() + " " + type->shape.ToString() + ": dim " +
             dims + " known only at run time\n";
  }
  return "Dynamic dims:" + (out.empty() ? std::string(" none\n") : "\n" + out);
}

std::string Artifact(const DumpInput& in,
                     const compiler::PreflightReport& report) {
  uint64_t weights = 0, largest = 0;
  int constants = 0;
  std::string largest_name;
  for (const tensorflow::NodeDef& node : in.loaded->graph.node()) {
    if (node.op() != "Const") continue;
    auto value = node.attr().find("value");
    if (value == node.attr().end()) continue;
    const uint64_t bytes = value->second.tensor().ByteSizeLong();
    weights += bytes;
    ++constants;
    if (bytes > largest) {
      largest = bytes;
      largest_name = node.name();
    }
  }
  std::string out = "Projected artifact:\n";
  if (report.kernels.empty() && report.codeBytes == 0)
    out += "  code: none generated\n";
  else
    out += "  code: " + Bytes(report.codeBytes) + " of object code for " +
           report.cpu + ", " + std::to_string(report.kernels.size()) +
           " kernels\n";
  for (const compiler::KernelCode& k : report.kernels)
    out += "    " + k.symbol + ": " + Bytes(k.bytes) + "\n";
  out += "  weights: " + Bytes(weights) + " in " + std::to_string(constants) +
         " constants" +
         (largest_name.empty()
              ? ""
              : " (largest '" + largest_name + "', " + Bytes(largest) + ")") +
         "\n";
  return out;
}

}  // namespace

StatusOr<std::string> FormatLint(const DumpInput& in, const std::string& cpu,
                                 bool* compilable) {
  compiler::CodegenOptions options;
  options.cpu = cpu;
  KILN_ASSIGN_OR_RETURN(compiler::PreflightReport report,
                        compiler::preflight(in.loaded->graph, options));
  *compilable = true;
  for (const compiler::NodePlacement& n : report.nodes)
    *compilable &= n.placement != compiler::Placement::Unsupported;
  return "Lint: " + in.path + "\n" + Placements(report) +
         WithoutGradients(in.loaded->graph) + DynamicDims(in) +
         Artifact(in, report) +
         (*compilable ? "Verdict: compiles\n"
                      : "Verdict: does NOT compile (nodes above)\n");
}

}  // namespace kiln::dump
