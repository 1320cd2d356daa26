// NodeAttrSource: reads a NodeDef's AttrValue map for shape functions.
#include "runtime/graph/node_attr_source.h"

#include <google/protobuf/text_format.h>

#include <utility>

#include "runtime/tensor/tensor.h"

namespace kiln {
namespace {

using tensorflow::AttrValue;

// Constant inputs larger than this are not worth reading for shapes.
constexpr int64_t kMaxConstantElements = 1 << 20;

}  // namespace

std::optional<std::vector<int64_t>> IntTensorValues(
    const tensorflow::TensorProto& tensor) {
  const tensorflow::DataType dtype = tensor.dtype();
  if (dtype != tensorflow::DT_INT32 && dtype != tensorflow::DT_INT64) {
    return std::nullopt;
  }
  const int64_t n = Shape::FromProto(tensor.tensor_shape()).NumElements();
  if (n < 0 || n > kMaxConstantElements) return std::nullopt;
  // Tensor::FromProto applies TensorFlow's rules (tensor_content or typed
  // values, a short list repeating its last value).
  StatusOr<Tensor> decoded = Tensor::FromProto(tensor);
  if (!decoded.ok()) return std::nullopt;
  if (dtype == tensorflow::DT_INT32) {
    Span<int32_t> values = decoded->flat<int32_t>();
    return std::vector<int64_t>(values.begin(), values.end());
  }
  Span<int64_t> values = decoded->flat<int64_t>();
  return std::vector<int64_t>(values.begin(), values.end());
}

NodeAttrSource::NodeAttrSource(const tensorflow::NodeDef& node,
                               const OpSpec* spec, const GraphView* view)
    : node_(node), spec_(spec), view_(view) {}

const AttrValue* NodeAttrSource::Find(std::string_view name) const {
  auto it = node_.attr().find(std::string(name));
  if (it != node_.attr().end()) return &it->second;
  auto cached = defaults_.find(name);
  if (cached != defaults_.end()) return &cached->second;
  const AttrSpec* attr = spec_ ? spec_->FindAttr(name) : nullptr;
  if (attr == nullptr || attr->default_value.empty()) return nullptr;
  // A derived attr left out comes from the inputs, never from its default.
  if (spec_->IsDerivedAttr(name)) return nullptr;
  AttrValue value;
  if (!google::protobuf::TextFormat::ParseFromString(attr->default_value,
                                                     &value)) {
    return nullptr;
  }
  return &defaults_.emplace(std::string(name), std::move(value)).first->second;
}

std::optional<DataType> NodeAttrSource::GetType(std::string_view name) const {
  const AttrValue* v = Find(name);
  if (!v || v->value_case() != AttrValue::kType) return std::nullopt;
  return v->type();
}

std::optional<int64_t> NodeAttrSource::GetInt(std::string_view name) const {
  const AttrValue* v = Find(name);
  if (!v || v->value_case() != AttrValue::kI) return std::nullopt;
  return v->i();
}

std::optional<float> NodeAttrSource::GetFloat(std::string_view name) const {
  const AttrValue* v = Find(name);
  if (!v || v->value_case() != AttrValue::kF) return std::nullopt;
  return v->f();
}

std::optional<bool> NodeAttrSource::GetBool(std::string_view name) const {
  const AttrValue* v = Find(name);
  if (!v || v->value_case() != AttrValue::kB) return std::nullopt;
  return v->b();
}

std::optional<std::string> NodeAttrSource::GetString(
    std::string_view name) const {
  const AttrValue* v = Find(name);
  if (!v || v->value_case() != AttrValue::kS) return std::nullopt;
  return v->s();
}

std::optional<Shape> NodeAttrSource::GetShape(std::string_view name) const {
  const AttrValue* v = Find(name);
  if (!v || v->value_case() != AttrValue::kShape) return std::nullopt;
  return Shape::FromProto(v->shape());
}

std::optional<std::vector<int64_t>> NodeAttrSource::GetIntList(
    std::string_view name) const {
  const AttrValue* v = Find(name);
  if (!v || v->value_case() != AttrValue::kList) return std::nullopt;
  return std::vector<int64_t>(v->list().i().begin(), v->list().i().end());
}

std::optional<std::vector<DataType>> NodeAttrSource::GetTypeList(
    std::string_view name) const {
  const AttrValue* v = Find(name);
  if (!v || v->value_case() != AttrValue::kList) return std::nullopt;
  std::vector<DataType> types;
  for (int t : v->list().type()) types.push_back(static_cast<DataType>(t));
  return types;
}

std::optional<TensorType> NodeAttrSource::GetTensorType(
    std::string_view name) const {
  const AttrValue* v = Find(name);
  if (!v || v->value_case() != AttrValue::kTensor) return std::nullopt;
  return TensorType{v->tensor().dtype(),
                    Shape::FromProto(v->tensor().tensor_shape())};
}

const tensorflow::NodeDef* NodeAttrSource::InputProducer(int index) const {
  if (view_ == nullptr || index < 0) return nullptr;
  const std::vector<Edge>& inputs = view_->inputs(node_);
  if (index >= static_cast<int>(inputs.size())) return nullptr;
  const Edge& edge = inputs[index];
  if (edge.is_control() || edge.index != 0) return nullptr;
  return view_->FindNode(edge.node);
}

std::optional<std::vector<int64_t>> NodeAttrSource::GetConstantInput(
    int index) const {
  const tensorflow::NodeDef* producer = InputProducer(index);
  if (producer == nullptr || producer->op() != "Const") return std::nullopt;
  auto value = producer->attr().find("value");
  if (value == producer->attr().end() ||
      value->second.value_case() != AttrValue::kTensor) {
    return std::nullopt;
  }
  return IntTensorValues(value->second.tensor());
}

std::optional<TensorType> NodeAttrSource::GetResourceType(int index) const {
  const tensorflow::NodeDef* producer = InputProducer(index);
  if (producer == nullptr) return std::nullopt;
  const bool argument = producer->op() == "Placeholder" &&
                        producer->attr().count(kVariableDtypeAttr) > 0;
  if (producer->op() != "VarHandleOp" && !argument) return std::nullopt;
  auto dtype = producer->attr().find(argument ? kVariableDtypeAttr : "dtype");
  auto shape = producer->attr().find(argument ? kVariableShapeAttr : "shape");
  if (dtype == producer->attr().end() || shape == producer->attr().end() ||
      dtype->second.value_case() != AttrValue::kType ||
      shape->second.value_case() != AttrValue::kShape) {
    return std::nullopt;
  }
  return TensorType{dtype->second.type(),
                    Shape::FromProto(shape->second.shape())};
}

}  // namespace kiln
