// kiln-dump --format=dot: a Graphviz digraph. Nodes read "name\nop"; data
// edges are solid and labelled with the tensor's shape (and its output index
// when not 0); control edges are dashed. Library functions are ovals; a
// dotted edge, labelled with the attr, goes from each node that calls one
// (PartitionedCall's f, If's branches, While's cond and body) to it, and
// from each function to the functions its body calls.
#include <map>

#include "tools/kiln-dump/formats.h"

namespace kiln::dump {
namespace {

// A DOT double-quoted string; `\n` in `s` is kept as DOT's line break.
std::string DotQuote(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out + "\"";
}

std::string EdgeLabel(const DumpInput& in, const Edge& edge) {
  const TensorType* t = in.shapes->Find(edge.node, edge.index);
  std::string label = t ? t->shape.ToString() : "?";
  if (edge.index > 0) label = ":" + std::to_string(edge.index) + " " + label;
  return label;
}

std::string EdgeLine(const DumpInput& in, const Edge& edge,
                     const std::string& consumer) {
  std::string line = "  " + DotQuote(edge.node) + " -> " + DotQuote(consumer);
  if (edge.is_control()) return line + " [style=dashed];\n";
  return line + " [label=" + DotQuote(EdgeLabel(in, edge)) + "];\n";
}

// Dotted edges from `from` to each function a node's attrs name.
std::string CallEdges(const std::string& from,
                      const tensorflow::NodeDef& node) {
  std::string out;
  std::map<std::string, const tensorflow::AttrValue*> sorted;  // stable output
  for (const auto& [attr, value] : node.attr()) sorted[attr] = &value;
  for (const auto& [attr, value] : sorted) {
    if (!value->has_func()) continue;
    out += "  " + DotQuote(from) + " -> " +
           DotQuote("function " + value->func().name()) +
           " [style=dotted, label=" + DotQuote(attr) + "];\n";
  }
  return out;
}

std::string FunctionNodes(const tensorflow::FunctionDefLibrary& library) {
  std::string out;
  for (const tensorflow::FunctionDef& f : library.function()) {
    const std::string id = "function " + f.signature().name();
    out += "  " + DotQuote(id) + " [shape=oval, label=" +
           DotQuote(f.signature().name() + "\nfunction") + "];\n";
    for (const tensorflow::NodeDef& node : f.node_def()) {
      out += CallEdges(id, node);
    }
  }
  return out;
}

}  // namespace

StatusOr<std::string> FormatDot(const DumpInput& in) {
  std::string out = "digraph graph_def {\n";
  out += "  node [shape=box, fontname=\"Helvetica\"];\n";
  out += "  edge [fontname=\"Helvetica\", fontsize=10];\n";
  const auto& order = in.view->topological_order();
  for (const tensorflow::NodeDef* node : order) {
    out += "  " + DotQuote(node->name()) +
           " [label=" + DotQuote(node->name() + "\n" + node->op()) + "];\n";
  }
  for (const tensorflow::NodeDef* node : order) {
    for (const Edge& edge : in.view->inputs(*node)) {
      out += EdgeLine(in, edge, node->name());
    }
    out += CallEdges(node->name(), *node);
  }
  out += FunctionNodes(in.view->graph().library());
  return out + "}\n";
}

}  // namespace kiln::dump
