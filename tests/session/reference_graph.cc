// EvaluateGraphWithReference and the Session tests' small helpers.
#include "tests/session/reference_graph.h"

#include <cmath>
#include <random>

#include "runtime/graph/graph_view.h"
#include "runtime/graph/node_attr_source.h"
#include "runtime/graph/op_spec.h"
#include "runtime/reference/evaluate.h"

namespace kiln {
namespace testing {

StatusOr<std::vector<Tensor>> EvaluateGraphWithReference(
    const tensorflow::GraphDef& graph,
    const std::map<std::string, Tensor>& feeds,
    const std::vector<std::string>& fetches) {
  KILN_ASSIGN_OR_RETURN(GraphView view, GraphView::Build(graph));
  std::map<std::string, std::vector<Tensor>> values;
  for (const tensorflow::NodeDef* node : view.topological_order()) {
    if (node->op() == "Placeholder") {
      auto it = feeds.find(node->name());
      if (it == feeds.end()) continue;
      values[node->name()] = {it->second};
      continue;
    }
    if (node->op() == "NoOp") continue;
    if (node->op() == "Const") {
      KILN_ASSIGN_OR_RETURN(Tensor value,
                            Tensor::FromProto(node->attr().at("value").tensor()));
      values[node->name()] = {value};
      continue;
    }
    const OpSpec* spec = FindOpSpec(node->op());
    if (spec == nullptr) return Unimplemented("no op " + node->op());
    std::vector<Tensor> inputs;
    for (const Edge& edge : view.inputs(*node)) {
      if (edge.is_control()) continue;
      auto it = values.find(edge.node);
      if (it == values.end()) return NotFound("no value for " + edge.node);
      inputs.push_back(it->second[edge.index]);
    }
    NodeAttrSource attrs(*node, spec, &view);
    KILN_ASSIGN_OR_RETURN(values[node->name()],
                          EvaluateReference(*spec, inputs, attrs));
  }
  std::vector<Tensor> out;
  for (const std::string& fetch : fetches) {
    KILN_ASSIGN_OR_RETURN(Edge edge, ParseEdge(fetch));
    auto it = values.find(edge.node);
    if (it == values.end()) return NotFound("fetch " + fetch);
    out.push_back(it->second[edge.index]);
  }
  return out;
}

Tensor RandomFloats(const std::vector<int64_t>& dims, uint32_t seed, float lo,
                    float hi) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> dist(lo, hi);
  Tensor t = Tensor::Allocate(tensorflow::DT_FLOAT,
                              TensorShape::Create(dims).value())
                 .value();
  for (float& v : t.flat<float>()) v = dist(rng);
  return t;
}

double CloseRatio(const Tensor& a, const Tensor& b, double rtol, double atol) {
  if (a.dtype() != tensorflow::DT_FLOAT || b.dtype() != tensorflow::DT_FLOAT ||
      a.shape() != b.shape())
    return 1e30;
  auto x = a.flat<float>();
  auto y = b.flat<float>();
  double worst = 0;
  for (int64_t i = 0; i < x.size(); ++i) {
    double r = std::fabs(double(x[i]) - y[i]) / (atol + rtol * std::fabs(y[i]));
    if (!(r <= worst)) worst = std::isnan(r) ? 1e30 : r;
  }
  return worst;
}

}  // namespace testing
}  // namespace kiln
