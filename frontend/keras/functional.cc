// Functional models: nodes in topological order, evaluated once per pass.
#include "frontend/keras/functional.h"

#include <atomic>
#include <map>
#include <set>

#include "frontend/ops/ops.h"

namespace kiln {
namespace keras {

struct FunctionalNode {
  enum Kind { kInput, kLayer, kConcatenate, kAdd };
  Kind kind = kInput;
  std::shared_ptr<Layer> layer;
  std::vector<std::shared_ptr<const FunctionalNode>> inputs;
  Shape shape;  // with the batch dim
  std::string name;
  DataType dtype = DT_FLOAT;
};

const Shape& KTensor::shape() const { return node_->shape; }

namespace {

std::vector<InputSpec> SpecsOf(const std::vector<KTensor>& inputs) {
  std::vector<InputSpec> specs;
  for (const KTensor& in : inputs) {
    Shape shape = in.shape();
    shape.dims.erase(shape.dims.begin());
    specs.push_back({in.node()->name, shape, in.node()->dtype});
  }
  return specs;
}

// Depth-first post-order from the outputs: each node after its inputs.
void Visit(const std::shared_ptr<const FunctionalNode>& node,
           std::set<const FunctionalNode*>& seen,
           std::vector<std::shared_ptr<const FunctionalNode>>& order) {
  if (!seen.insert(node.get()).second) return;
  for (const auto& in : node->inputs) Visit(in, seen, order);
  order.push_back(node);
}

StatusOr<KTensor> Merge(FunctionalNode::Kind kind,
                        const std::vector<KTensor>& xs) {
  if (xs.size() < 2) return InvalidArgument("a merge needs two inputs or more");
  auto node = std::make_shared<FunctionalNode>();
  node->kind = kind;
  node->shape = xs[0].shape();
  for (size_t i = 0; i < xs.size(); ++i) {
    node->inputs.push_back(xs[i].node());
    const Shape& s = xs[i].shape();
    if (s.unknown_rank || s.rank() != node->shape.rank()) {
      return InvalidArgument("merged tensors must have the same rank");
    }
    if (i > 0 && kind == FunctionalNode::kConcatenate) {
      node->shape.dims.back() = node->shape.dims.back() < 0 || s.dims.back() < 0
                                    ? -1
                                    : node->shape.dims.back() + s.dims.back();
    } else if (i > 0 && s.dims != node->shape.dims) {
      return InvalidArgument("Add needs equal shapes, not " +
                             node->shape.ToString() + " and " + s.ToString());
    }
  }
  return KTensor(node);
}

}  // namespace

KTensor Input(Shape shape, std::string name, DataType dtype) {
  static std::atomic<int> count{0};
  auto node = std::make_shared<FunctionalNode>();
  shape.dims.insert(shape.dims.begin(), kUnknownDim);
  node->shape = std::move(shape);
  node->name = name.empty() ? "input_" + std::to_string(count++) : name;
  node->dtype = dtype;
  return KTensor(node);
}

StatusOr<KTensor> Apply(std::shared_ptr<Layer> layer, const KTensor& x) {
  if (!x.valid()) return InvalidArgument("Apply: no input");
  KILN_ASSIGN_OR_RETURN(Shape shape, layer->OutputShape(x.shape()));
  auto node = std::make_shared<FunctionalNode>();
  node->kind = FunctionalNode::kLayer;
  node->layer = std::move(layer);
  node->inputs = {x.node()};
  node->shape = std::move(shape);
  return KTensor(node);
}

StatusOr<KTensor> Concatenate(const std::vector<KTensor>& xs) {
  return Merge(FunctionalNode::kConcatenate, xs);
}

StatusOr<KTensor> Add(const std::vector<KTensor>& xs) {
  return Merge(FunctionalNode::kAdd, xs);
}

Functional::Functional(std::vector<KTensor> inputs,
                       std::vector<KTensor> outputs, std::string name)
    : Model(std::move(name), SpecsOf(inputs)),
      inputs_(std::move(inputs)),
      outputs_(std::move(outputs)) {
  std::set<const FunctionalNode*> seen;
  for (const KTensor& out : outputs_) Visit(out.node(), seen, order_);
  std::set<const Layer*> unique;
  std::set<std::string> names;
  for (const auto& node : order_) {
    if (node->kind != FunctionalNode::kLayer) continue;
    if (!unique.insert(node->layer.get()).second) continue;
    const std::string base = node->layer->name();
    for (int i = 1; names.count(node->layer->name()); ++i) {
      node->layer->set_name(base + "_" + std::to_string(i));
    }
    names.insert(node->layer->name());
    layers_.push_back(node->layer);
  }
}

namespace {

// Concatenate (last axis) or Add of the inputs; the mask is the AND of
// the inputs' masks (a step counts when it counts in every input).
Layer::Masked MergeValues(const Scope& s, FunctionalNode::Kind kind,
                          const std::vector<Layer::Masked>& in) {
  Layer::Masked y;
  OutputList values;
  for (const Layer::Masked& m : in) {
    values.push_back(m.value);
    if (!m.mask.valid()) continue;
    y.mask = y.mask.valid() ? ops::SelectV2(s, y.mask, m.mask, y.mask) : m.mask;
  }
  if (kind == FunctionalNode::kConcatenate) {
    y.value = ops::ConcatV2(s, values, -1);
  } else {
    y.value = values[0];
    for (size_t i = 1; i < values.size(); ++i)
      y.value = ops::AddV2(s, y.value, values[i]);
  }
  return y;
}

}  // namespace

std::vector<Layer*> Functional::layers() const {
  std::vector<Layer*> out;
  for (const auto& layer : layers_) out.push_back(layer.get());
  return out;
}

StatusOr<OutputList> Functional::CallAll(const Scope& scope,
                                         const OutputList& xs, bool training) {
  std::map<const FunctionalNode*, Layer::Masked> values;
  for (size_t i = 0; i < inputs_.size() && i < xs.size(); ++i) {
    values[inputs_[i].node().get()] = {xs[i], Output()};
  }
  std::map<const Layer*, uint64_t> layer_seed;
  for (size_t i = 0; i < layers_.size(); ++i) {
    layer_seed[layers_[i].get()] = seed() + 1000 * i;
  }
  for (const auto& node : order_) {
    if (node->kind == FunctionalNode::kInput) {
      if (!values.count(node.get())) {
        return InvalidArgument("output depends on input '" + node->name +
                               "', which is not one of the model's inputs");
      }
      continue;
    }
    std::vector<Layer::Masked> in;
    for (const auto& i : node->inputs) in.push_back(values.at(i.get()));
    Layer::Masked y;
    if (node->kind == FunctionalNode::kLayer) {
      KILN_ASSIGN_OR_RETURN(
          y, node->layer->CallMasked(scope, in[0].value, in[0].mask, training,
                                     layer_seed[node->layer.get()]));
    } else {
      y = MergeValues(scope, node->kind, in);
    }
    KILN_RETURN_IF_ERROR(scope.status());
    values[node.get()] = y;
  }
  OutputList outs;
  for (const KTensor& out : outputs_)
    outs.push_back(values.at(out.node().get()).value);
  return outs;
}

StatusOr<std::vector<std::pair<Layer*, Shape>>> Functional::LayerShapes()
    const {
  std::vector<std::pair<Layer*, Shape>> out;
  std::set<const Layer*> listed;
  for (const auto& node : order_) {
    if (node->kind == FunctionalNode::kLayer &&
        listed.insert(node->layer.get()).second) {
      out.emplace_back(node->layer.get(), node->shape);
    }
  }
  return out;
}

}  // namespace keras
}  // namespace kiln
