// kiln-dump --node NAME: one node in full: its inputs with their types, its
// outputs, the nodes consuming them, and every attr.
#include <algorithm>
#include <map>

#include "tools/kiln-dump/attr_render.h"
#include "tools/kiln-dump/formats.h"
#include "tools/kiln-dump/report.h"
#include "tools/kiln-dump/text_table.h"

namespace kiln::dump {
namespace {

using tensorflow::NodeDef;

std::string TypeString(const TensorType* t) {
  if (t == nullptr) return "?";
  return DtypeString(t->dtype) + " " + t->shape.ToString();
}

std::string Inputs(const DumpInput& in, const NodeDef& node) {
  const std::vector<Edge>& edges = in.view->inputs(node);
  if (edges.empty()) return "inputs: none\n";
  TextTable table({});
  int slot = 0;
  for (const Edge& edge : edges) {
    if (edge.is_control()) {
      table.AddRow({"^", edge.node, "control"});
    } else {
      table.AddRow({std::to_string(slot++), edge.ToString(),
                    TypeString(in.shapes->Find(edge.node, edge.index))});
    }
  }
  return "inputs:\n" + table.Render("  ");
}

std::string Outputs(const DumpInput& in, const NodeDef& node) {
  const std::vector<TensorType>& outputs = in.shapes->OutputsOf(node.name());
  if (outputs.empty()) return "outputs: none\n";
  TextTable table({});
  for (size_t i = 0; i < outputs.size(); ++i) {
    table.AddRow({std::to_string(i), TypeString(&outputs[i])});
  }
  return "outputs:\n" + table.Render("  ");
}

// Every use of `node`'s outputs, in topological order.
std::string Consumers(const DumpInput& in, const NodeDef& node) {
  TextTable table({});
  for (const NodeDef* consumer : in.view->topological_order()) {
    int slot = 0;
    for (const Edge& edge : in.view->inputs(*consumer)) {
      const int this_slot = edge.is_control() ? -1 : slot++;
      if (edge.node != node.name()) continue;
      if (edge.is_control()) {
        table.AddRow({consumer->name(), "control"});
      } else {
        table.AddRow({consumer->name(), "input " + std::to_string(this_slot),
                      "<- output " + std::to_string(edge.index)});
      }
    }
  }
  const std::string rows = table.Render("  ");
  return rows.empty() ? "consumers: none\n" : "consumers:\n" + rows;
}

std::string Attrs(const NodeDef& node) {
  if (node.attr().empty()) return "attrs: none\n";
  std::map<std::string, const tensorflow::AttrValue*> sorted;
  for (const auto& [name, value] : node.attr()) sorted[name] = &value;
  TextTable table({});
  for (const auto& [name, value] : sorted)
    table.AddRow({name, RenderAttr(*value)});
  return "attrs:\n" + table.Render("  ");
}

}  // namespace

StatusOr<std::string> FormatNodeDetail(const DumpInput& in,
                                       const std::string& node_name) {
  const NodeDef* node = in.view->FindNode(node_name);
  if (node == nullptr) return NotFound("no node named '" + node_name + "'");
  std::string out = "node: " + node->name() + "\nop: " + node->op() + "\n";
  out +=
      "device: " + (node->device().empty() ? "(none)" : node->device()) + "\n";
  return out + Inputs(in, *node) + Outputs(in, *node) + Consumers(in, *node) +
         Attrs(*node);
}

}  // namespace kiln::dump
