// GraphView: name index, parsed edges and a stable topological order over a
// GraphDef, with errors that name the offending nodes.
#include "runtime/graph/graph_view.h"

#include <algorithm>
#include <charconv>
#include <functional>
#include <queue>
#include <set>
#include <utility>

namespace kiln {
namespace {

std::string Quote(std::string_view s) { return "'" + std::string(s) + "'"; }

Status MalformedEdge(std::string_view input, const char* why) {
  return InvalidArgument("malformed input " + Quote(input) + ": " + why);
}

// TensorFlow's while loops close their cycle through NextIteration -> Merge;
// that back edge does not order the two nodes.
bool IsLoopBackEdge(const tensorflow::NodeDef& producer,
                    const tensorflow::NodeDef& consumer) {
  const std::string& p = producer.op();
  const std::string& c = consumer.op();
  return (p == "NextIteration" || p == "RefNextIteration") &&
         (c == "Merge" || c == "RefMerge");
}

}  // namespace

std::string Edge::ToString() const {
  if (is_control()) return "^" + node;
  if (index == 0) return node;
  return node + ":" + std::to_string(index);
}

StatusOr<Edge> ParseEdge(std::string_view input) {
  if (input.empty()) return MalformedEdge(input, "empty input name");
  Edge edge;
  if (input[0] == '^') {
    edge.node = std::string(input.substr(1));
    edge.index = -1;
    if (edge.node.empty()) return MalformedEdge(input, "empty node name");
    if (edge.node.find(':') != std::string::npos) {
      return MalformedEdge(input, "a control input takes no output index");
    }
    return edge;
  }
  const size_t colon = input.rfind(':');
  if (colon == std::string_view::npos) {
    edge.node = std::string(input);
    return edge;
  }
  std::string_view name = input.substr(0, colon);
  std::string_view digits = input.substr(colon + 1);
  if (name.empty()) return MalformedEdge(input, "empty node name");
  if (digits.empty()) return MalformedEdge(input, "empty output index");
  int index = 0;
  auto [end, ec] =
      std::from_chars(digits.data(), digits.data() + digits.size(), index);
  if (ec != std::errc() || end != digits.data() + digits.size() ||
      !std::all_of(digits.begin(), digits.end(),
                   [](char ch) { return ch >= '0' && ch <= '9'; })) {
    return MalformedEdge(input, "the output index is not a number");
  }
  edge.node = std::string(name);
  edge.index = index;
  return edge;
}

namespace {

// Builds the state of a GraphView step by step; each step may fail.
class GraphViewBuilder {
 public:
  explicit GraphViewBuilder(const tensorflow::GraphDef& graph)
      : graph_(graph), n_(graph.node_size()) {}

  Status IndexNames(std::map<std::string, int, std::less<>>* index);
  Status ParseInputs(std::vector<std::vector<Edge>>* inputs);
  Status CheckProducers(const std::map<std::string, int, std::less<>>& index,
                        const std::vector<std::vector<Edge>>& inputs);
  Status Sort(const std::map<std::string, int, std::less<>>& index,
              const std::vector<std::vector<Edge>>& inputs,
              std::vector<const tensorflow::NodeDef*>* order);

 private:
  std::string FindCycle(const std::vector<int>& pending,
                        const std::vector<std::vector<int>>& producers) const;

  const tensorflow::GraphDef& graph_;
  const int n_;
};

Status GraphViewBuilder::IndexNames(
    std::map<std::string, int, std::less<>>* index) {
  for (int i = 0; i < n_; ++i) {
    const std::string& name = graph_.node(i).name();
    if (name.empty()) {
      return InvalidArgument("node #" + std::to_string(i) + " (" +
                             graph_.node(i).op() + ") has an empty name");
    }
    if (!index->emplace(name, i).second) {
      return InvalidArgument("duplicate node name " + Quote(name));
    }
  }
  return OkStatus();
}

Status GraphViewBuilder::ParseInputs(std::vector<std::vector<Edge>>* inputs) {
  inputs->resize(n_);
  for (int i = 0; i < n_; ++i) {
    const tensorflow::NodeDef& node = graph_.node(i);
    bool seen_control = false;
    for (const std::string& input : node.input()) {
      StatusOr<Edge> edge = ParseEdge(input);
      if (!edge.ok()) {
        return edge.status().WithPrefix("node " + Quote(node.name()));
      }
      if (!edge->is_control() && seen_control) {
        return InvalidArgument("node " + Quote(node.name()) + ": data input " +
                               Quote(input) + " follows a control input");
      }
      seen_control = seen_control || edge->is_control();
      (*inputs)[i].push_back(std::move(edge).value());
    }
  }
  return OkStatus();
}

Status GraphViewBuilder::CheckProducers(
    const std::map<std::string, int, std::less<>>& index,
    const std::vector<std::vector<Edge>>& inputs) {
  for (int i = 0; i < n_; ++i) {
    for (const Edge& edge : inputs[i]) {
      if (index.count(edge.node) == 0) {
        return InvalidArgument("node " + Quote(graph_.node(i).name()) +
                               " has dangling input " + Quote(edge.ToString()) +
                               ": no node named " + Quote(edge.node));
      }
    }
  }
  return OkStatus();
}

// Kahn's algorithm; among ready nodes the one earliest in the GraphDef goes
// first, so an already sorted GraphDef keeps its order.
Status GraphViewBuilder::Sort(
    const std::map<std::string, int, std::less<>>& index,
    const std::vector<std::vector<Edge>>& inputs,
    std::vector<const tensorflow::NodeDef*>* order) {
  std::vector<int> pending(n_, 0);
  std::vector<std::vector<int>> consumers(n_), producers(n_);
  for (int i = 0; i < n_; ++i) {
    for (const Edge& edge : inputs[i]) {
      const int p = index.find(edge.node)->second;
      if (IsLoopBackEdge(graph_.node(p), graph_.node(i))) continue;
      consumers[p].push_back(i);
      producers[i].push_back(p);
      ++pending[i];
    }
  }
  std::priority_queue<int, std::vector<int>, std::greater<int>> ready;
  for (int i = 0; i < n_; ++i) {
    if (pending[i] == 0) ready.push(i);
  }
  order->reserve(n_);
  while (!ready.empty()) {
    const int i = ready.top();
    ready.pop();
    order->push_back(&graph_.node(i));
    for (int c : consumers[i]) {
      if (--pending[c] == 0) ready.push(c);
    }
  }
  if (static_cast<int>(order->size()) == n_) return OkStatus();
  return InvalidArgument(FindCycle(pending, producers));
}

// Every node left unsorted has an unsorted producer, so walking producers
// from any of them must revisit a node: that closes a cycle. Names the
// cycle's earliest node and spells the cycle out from it.
std::string GraphViewBuilder::FindCycle(
    const std::vector<int>& pending,
    const std::vector<std::vector<int>>& producers) const {
  int start = 0;
  while (pending[start] == 0) ++start;
  std::vector<int> step_of(n_, -1), path;
  int at = start;
  while (step_of[at] < 0) {
    step_of[at] = static_cast<int>(path.size());
    path.push_back(at);
    for (int p : producers[at]) {
      if (pending[p] > 0) {
        at = p;
        break;
      }
    }
  }
  // path[step_of[at]..] walks the cycle against its edges.
  std::vector<int> cycle(path.begin() + step_of[at], path.end());
  std::reverse(cycle.begin(), cycle.end());
  std::rotate(cycle.begin(), std::min_element(cycle.begin(), cycle.end()),
              cycle.end());
  std::string spelled;
  for (int i : cycle) spelled += graph_.node(i).name() + " -> ";
  spelled += graph_.node(cycle[0]).name();
  return "graph has a cycle through node " +
         Quote(graph_.node(cycle[0]).name()) + ": " + spelled;
}

}  // namespace

StatusOr<GraphView> GraphView::Build(const tensorflow::GraphDef& graph) {
  GraphView view;
  view.graph_ = &graph;
  GraphViewBuilder builder(graph);
  KILN_RETURN_IF_ERROR(builder.IndexNames(&view.index_));
  KILN_RETURN_IF_ERROR(builder.ParseInputs(&view.inputs_));
  KILN_RETURN_IF_ERROR(builder.CheckProducers(view.index_, view.inputs_));
  KILN_RETURN_IF_ERROR(builder.Sort(view.index_, view.inputs_, &view.order_));
  view.max_output_used_.assign(graph.node_size(), -1);
  view.has_data_consumer_.assign(graph.node_size(), false);
  for (const std::vector<Edge>& edges : view.inputs_) {
    for (const Edge& edge : edges) {
      if (edge.is_control()) continue;
      const int p = view.index_.find(edge.node)->second;
      view.max_output_used_[p] = std::max(view.max_output_used_[p], edge.index);
      view.has_data_consumer_[p] = true;
    }
  }
  return view;
}

const tensorflow::NodeDef* GraphView::FindNode(std::string_view name) const {
  auto it = index_.find(name);
  return it == index_.end() ? nullptr : &graph_->node(it->second);
}

const std::vector<Edge>& GraphView::inputs(
    const tensorflow::NodeDef& node) const {
  static const std::vector<Edge>* const kNone = new std::vector<Edge>();
  auto it = index_.find(node.name());
  if (it == index_.end() || &graph_->node(it->second) != &node) return *kNone;
  return inputs_[it->second];
}

int GraphView::NumReferencedOutputs(std::string_view node) const {
  auto it = index_.find(node);
  return it == index_.end() ? 0 : max_output_used_[it->second] + 1;
}

std::vector<std::string> GraphView::SinkNodes() const {
  std::vector<std::string> sinks;
  for (int i = 0; i < graph_->node_size(); ++i) {
    if (!has_data_consumer_[i]) sinks.push_back(graph_->node(i).name());
  }
  return sinks;
}

}  // namespace kiln
