// NodeBuilder: one table-driven path from op arguments to a checked NodeDef.
#include "frontend/node_builder.h"

#include <google/protobuf/text_format.h>

#include <algorithm>
#include <map>
#include <utility>

#include "frontend/internal/graph.h"
#include "runtime/graph/node_attr_source.h"

namespace kiln {
namespace {

using tensorflow::AttrValue;

// The NodeDef's attrs for shape functions, with constant inputs read from
// the Const nodes already in the graph being built.
class BuilderAttrSource : public NodeAttrSource {
 public:
  BuilderAttrSource(const tensorflow::NodeDef& node, const OpSpec& spec,
                    const internal::Graph& graph,
                    const std::vector<Output>& inputs)
      : NodeAttrSource(node, &spec), graph_(graph), inputs_(inputs) {}

 protected:
  const tensorflow::NodeDef* InputProducer(int index) const override {
    if (index < 0 || index >= static_cast<int>(inputs_.size())) return nullptr;
    const Output& in = inputs_[index];
    if (in.index() != 0) return nullptr;
    return graph_.FindNode(in.node_name());
  }

 private:
  const internal::Graph& graph_;
  const std::vector<Output>& inputs_;
};

// TensorFlow's node name rule: [A-Za-z0-9.][A-Za-z0-9_.\-/>]*
bool IsValidNodeName(const std::string& name) {
  if (name.empty()) return false;
  auto alnum = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9');
  };
  if (!alnum(name[0]) && name[0] != '.') return false;
  for (char c : name) {
    if (!alnum(c) && c != '_' && c != '.' && c != '-' && c != '/' && c != '>') {
      return false;
    }
  }
  return true;
}

AttrValue::ValueCase ValueCaseOf(AttrKind kind) {
  switch (kind) {
    case AttrKind::kType:
      return AttrValue::kType;
    case AttrKind::kInt:
      return AttrValue::kI;
    case AttrKind::kFloat:
      return AttrValue::kF;
    case AttrKind::kBool:
      return AttrValue::kB;
    case AttrKind::kString:
      return AttrValue::kS;
    case AttrKind::kShape:
      return AttrValue::kShape;
    case AttrKind::kTensor:
      return AttrValue::kTensor;
    case AttrKind::kFunc:
      return AttrValue::kFunc;
    default:
      return AttrValue::kList;
  }
}

}  // namespace

NodeBuilder::NodeBuilder(const Scope& scope, std::string op_type,
                         std::string default_name)
    : scope_(scope),
      op_type_(std::move(op_type)),
      default_name_(std::move(default_name)) {}

NodeBuilder& NodeBuilder::AddInput(const Input& input) {
  args_.push_back(Arg{{input}, false});
  return *this;
}

NodeBuilder& NodeBuilder::AddInputList(const InputList& inputs) {
  args_.push_back(Arg{inputs.inputs(), true});
  return *this;
}

NodeBuilder& NodeBuilder::Attr(const std::string& name, AttrValue value) {
  attrs_[name] = std::move(value);
  return *this;
}

NodeBuilder& NodeBuilder::Attr(const std::string& name, bool value) {
  attrs_[name].set_b(value);
  return *this;
}

NodeBuilder& NodeBuilder::Attr(const std::string& name, int64_t value) {
  attrs_[name].set_i(value);
  return *this;
}

NodeBuilder& NodeBuilder::Attr(const std::string& name, float value) {
  attrs_[name].set_f(value);
  return *this;
}

NodeBuilder& NodeBuilder::Attr(const std::string& name, DataType value) {
  attrs_[name].set_type(value);
  return *this;
}

NodeBuilder& NodeBuilder::Attr(const std::string& name,
                               const std::string& value) {
  attrs_[name].set_s(value);
  return *this;
}

NodeBuilder& NodeBuilder::Attr(const std::string& name, const Shape& value) {
  *attrs_[name].mutable_shape() = value.ToProto();
  return *this;
}

NodeBuilder& NodeBuilder::Attr(const std::string& name,
                               const tensorflow::TensorProto& value) {
  *attrs_[name].mutable_tensor() = value;
  return *this;
}

NodeBuilder& NodeBuilder::Attr(const std::string& name,
                               const tensorflow::NameAttrList& value) {
  *attrs_[name].mutable_func() = value;
  return *this;
}

NodeBuilder& NodeBuilder::Attr(const std::string& name,
                               const std::vector<int64_t>& value) {
  auto* list = attrs_[name].mutable_list();
  list->Clear();
  for (int64_t v : value) list->add_i(v);
  return *this;
}

NodeBuilder& NodeBuilder::Attr(const std::string& name,
                               const std::vector<float>& value) {
  auto* list = attrs_[name].mutable_list();
  list->Clear();
  for (float v : value) list->add_f(v);
  return *this;
}

NodeBuilder& NodeBuilder::Attr(const std::string& name,
                               const std::vector<DataType>& value) {
  auto* list = attrs_[name].mutable_list();
  list->Clear();
  for (DataType v : value) list->add_type(v);
  return *this;
}

NodeBuilder& NodeBuilder::Attr(const std::string& name,
                               const std::vector<std::string>& value) {
  auto* list = attrs_[name].mutable_list();
  list->Clear();
  for (const std::string& v : value) list->add_s(v);
  return *this;
}

NodeBuilder& NodeBuilder::Attr(const std::string& name,
                               const std::vector<Shape>& value) {
  auto* list = attrs_[name].mutable_list();
  list->Clear();
  for (const Shape& v : value) *list->add_shape() = v.ToProto();
  return *this;
}

Operation NodeBuilder::Finalize() {
  if (!scope_.ok()) return Operation();
  Operation op;
  Status status = Build(&op);
  if (!status.ok()) {
    scope_.UpdateStatus(status);
    return Operation();
  }
  op_ = op;
  return op;
}

OutputList NodeBuilder::OutputArg(int arg) const {
  OutputList outputs;
  if (!op_.valid() || arg < 0 ||
      arg >= static_cast<int>(output_ranges_.size())) {
    return outputs;
  }
  const auto [start, count] = output_ranges_[arg];
  for (int i = start; i < start + count; ++i) outputs.push_back(op_.output(i));
  return outputs;
}

Status NodeBuilder::Prefix(const Status& status,
                           const std::string& node_name) const {
  if (status.ok()) return status;
  return Status(status.code(), "node '" + node_name + "' (" + op_type_ +
                                   "): " + status.message());
}

Status NodeBuilder::Build(Operation* op) {
  internal::Graph* graph = scope_.graph();
  const std::string name = scope_.GetUniqueNameForOp(
      default_name_.empty() ? op_type_ : default_name_);
  auto fail = [&](const std::string& message) {
    return Prefix(InvalidArgument(message), name);
  };

  const OpSpec* spec = FindOpSpec(op_type_);
  if (spec == nullptr) {
    return Prefix(NotFound("op '" + op_type_ + "' is not in Kiln's op table"),
                  name);
  }
  if (!IsValidNodeName(name)) return fail("invalid node name '" + name + "'");
  if (graph->FindNode(name) != nullptr) {
    return Prefix(Status(StatusCode::kAlreadyExists,
                         "the graph already has a node named '" + name + "'"),
                  name);
  }
  if (args_.size() != spec->inputs.size()) {
    return fail("'" + op_type_ + "' takes " +
                std::to_string(spec->inputs.size()) + " input args but " +
                std::to_string(args_.size()) + " were given");
  }

  // Type attrs the caller set or non-literal inputs fix.
  std::map<std::string, DataType> types;
  // Inputs from another graph, by (graph, tensor name), as captured here.
  std::map<std::pair<const internal::Graph*, std::string>, Output> captured;
  for (const auto& [attr_name, value] : attrs_) {
    if (value.value_case() == AttrValue::kType) types[attr_name] = value.type();
  }
  for (size_t i = 0; i < args_.size(); ++i) {
    const ArgSpec& arg = spec->inputs[i];
    const bool is_list = !arg.number_attr.empty();
    if (is_list != args_[i].is_list) {
      return fail("input '" + arg.name + "' " +
                  (is_list ? "is a list" : "is not a list"));
    }
    for (const Input& in : args_[i].inputs) {
      if (in.is_literal()) continue;
      const Output& out = in.output();
      if (!out.valid()) {
        return fail("input '" + arg.name +
                    "' is not a valid Output (did the op that made it fail?)");
      }
      if (out.op().graph() != graph) {
        if (!graph->capture()) {
          return fail("input '" + arg.name + "' ('" + out.name() +
                      "') belongs to another graph");
        }
        // A traced function's capture: the input becomes its copy here.
        StatusOr<Output> local = graph->capture()(out);
        if (!local.ok()) {
          return fail("input '" + arg.name + "': " + local.status().message());
        }
        captured[{out.op().graph(), out.name()}] = *local;
      }
      if (!arg.type_attr.empty()) types.emplace(arg.type_attr, out.dtype());
    }
  }

  // Literals become Const nodes of the dtype their arg needs, named as
  // TensorFlow names them ("Const/Const", "Const_1/Const").
  std::vector<Output> flat_inputs;
  for (size_t i = 0; i < args_.size(); ++i) {
    const ArgSpec& arg = spec->inputs[i];
    for (const Input& in : args_[i].inputs) {
      if (!in.is_literal()) {
        auto local =
            captured.find({in.output().op().graph(), in.output().name()});
        flat_inputs.push_back(local == captured.end() ? in.output()
                                                      : local->second);
        continue;
      }
      const Input::Initializer& literal = in.literal();
      if (!literal.status().ok()) {
        return Prefix(literal.status().WithPrefix("input '" + arg.name + "'"),
                      name);
      }
      DataType want = arg.type;
      if (!arg.type_attr.empty()) {
        auto it = types.find(arg.type_attr);
        want = it != types.end() ? it->second : literal.dtype();
        types.emplace(arg.type_attr, want);
      }
      StatusOr<Input::Initializer> value = literal.CastTo(want);
      if (!value.ok()) {
        return Prefix(value.status().WithPrefix("input '" + arg.name + "'"),
                      name);
      }
      NodeBuilder konst(scope_.NewSubScope("Const"), "Const");
      konst.Attr("value", value->AsTensorProto()).Attr("dtype", want);
      Operation const_op = konst.Finalize();
      if (!const_op.valid()) return scope_.status();
      flat_inputs.push_back(const_op.output(0));
    }
  }

  // Attrs: the caller's, then derived ones, then the table's defaults.
  tensorflow::NodeDef node;
  node.set_name(name);
  node.set_op(op_type_);
  auto& attrs = *node.mutable_attr();
  for (const auto& [attr_name, value] : attrs_) {
    const AttrSpec* attr = spec->FindAttr(attr_name);
    if (attr == nullptr) {
      return fail("'" + op_type_ + "' has no attr '" + attr_name + "'");
    }
    if (value.value_case() != ValueCaseOf(attr->kind)) {
      return fail("attr '" + attr_name + "' must be a " +
                  AttrKindName(attr->kind));
    }
    attrs[attr_name] = value;
  }
  for (size_t i = 0; i < args_.size(); ++i) {
    const ArgSpec& arg = spec->inputs[i];
    if (!arg.number_attr.empty()) {
      const int64_t n = static_cast<int64_t>(args_[i].inputs.size());
      auto it = attrs.find(arg.number_attr);
      if (it != attrs.end() && it->second.i() != n) {
        return fail("attr '" + arg.number_attr + "' is " +
                    std::to_string(it->second.i()) + " but input '" + arg.name +
                    "' has " + std::to_string(n) + " tensors");
      }
      attrs[arg.number_attr].set_i(n);
    }
    if (!arg.type_attr.empty() && types.count(arg.type_attr) &&
        !attrs.count(arg.type_attr)) {
      attrs[arg.type_attr].set_type(types[arg.type_attr]);
    }
  }
  for (const AttrSpec& attr : spec->attrs) {
    if (attrs.count(attr.name)) continue;
    if (attr.default_value.empty()) {
      return fail("missing attr '" + attr.name + "'");
    }
    AttrValue value;
    if (!google::protobuf::TextFormat::ParseFromString(attr.default_value,
                                                       &value)) {
      return Prefix(Internal("cannot parse the default of attr '" + attr.name +
                             "': " + attr.default_value),
                    name);
    }
    attrs[attr.name] = std::move(value);
  }

  // Inputs: data edges, then the scope's control dependencies.
  std::vector<TensorType> input_types;
  for (const Output& in : flat_inputs) {
    node.add_input(in.name());
    input_types.push_back(in.op().output_types()[in.index()]);
  }
  // Sorted by name, as TensorFlow's Graph::ToGraphDef writes them.
  std::vector<std::string> control;
  for (const Operation& dep : scope_.control_deps()) {
    if (dep.graph() != graph) {
      return fail("control dependency '" + dep.name() +
                  "' belongs to another graph");
    }
    control.push_back(dep.name());
  }
  std::sort(control.begin(), control.end());
  for (const std::string& dep : control) node.add_input("^" + dep);
  if (!scope_.device().empty()) node.set_device(scope_.device());

  BuilderAttrSource source(node, *spec, *graph, flat_inputs);
  StatusOr<std::vector<TensorType>> outputs =
      InferOutputTypes(*spec, input_types, source);
  if (!outputs.ok()) return Prefix(outputs.status(), name);

  output_ranges_.clear();
  int start = 0;
  for (const ArgSpec& out : spec->outputs) {
    int count = 1;
    if (!out.number_attr.empty()) {
      count = static_cast<int>(attrs[out.number_attr].i());
    }
    output_ranges_.emplace_back(start, count);
    start += count;
  }
  if (start != static_cast<int>(outputs->size())) {
    return Prefix(
        Internal("shape inference gave " + std::to_string(outputs->size()) +
                 " outputs; the op table declares " + std::to_string(start)),
        name);
  }

  graph->AddNode(std::move(node), *outputs);
  *op = Operation(name, op_type_, std::move(outputs).value(), graph);
  return OkStatus();
}

namespace internal {

bool FromAttrValue(const AttrValue& v, bool* out) {
  if (v.value_case() != AttrValue::kB) return false;
  *out = v.b();
  return true;
}

bool FromAttrValue(const AttrValue& v, int64_t* out) {
  if (v.value_case() != AttrValue::kI) return false;
  *out = v.i();
  return true;
}

bool FromAttrValue(const AttrValue& v, float* out) {
  if (v.value_case() != AttrValue::kF) return false;
  *out = v.f();
  return true;
}

bool FromAttrValue(const AttrValue& v, DataType* out) {
  if (v.value_case() != AttrValue::kType) return false;
  *out = v.type();
  return true;
}

bool FromAttrValue(const AttrValue& v, std::string* out) {
  if (v.value_case() != AttrValue::kS) return false;
  *out = v.s();
  return true;
}

bool FromAttrValue(const AttrValue& v, Shape* out) {
  if (v.value_case() != AttrValue::kShape) return false;
  *out = Shape::FromProto(v.shape());
  return true;
}

bool FromAttrValue(const AttrValue& v, tensorflow::TensorProto* out) {
  if (v.value_case() != AttrValue::kTensor) return false;
  *out = v.tensor();
  return true;
}

bool FromAttrValue(const AttrValue& v, tensorflow::NameAttrList* out) {
  if (v.value_case() != AttrValue::kFunc) return false;
  *out = v.func();
  return true;
}

bool FromAttrValue(const AttrValue& v, std::vector<int64_t>* out) {
  if (v.value_case() != AttrValue::kList) return false;
  out->assign(v.list().i().begin(), v.list().i().end());
  return true;
}

bool FromAttrValue(const AttrValue& v, std::vector<float>* out) {
  if (v.value_case() != AttrValue::kList) return false;
  out->assign(v.list().f().begin(), v.list().f().end());
  return true;
}

bool FromAttrValue(const AttrValue& v, std::vector<DataType>* out) {
  if (v.value_case() != AttrValue::kList) return false;
  out->clear();
  for (int t : v.list().type()) out->push_back(static_cast<DataType>(t));
  return true;
}

bool FromAttrValue(const AttrValue& v, std::vector<std::string>* out) {
  if (v.value_case() != AttrValue::kList) return false;
  out->assign(v.list().s().begin(), v.list().s().end());
  return true;
}

bool FromAttrValue(const AttrValue& v, std::vector<Shape>* out) {
  if (v.value_case() != AttrValue::kList) return false;
  out->clear();
  for (const auto& s : v.list().shape()) out->push_back(Shape::FromProto(s));
  return true;
}

bool CheckArgCount(const Scope& scope, const std::string& op,
                   const std::vector<OutputList>& args, size_t want) {
  if (args.size() == want) return true;
  scope.UpdateStatus(InvalidArgument(
      "'" + op + "' takes " + std::to_string(want) + " input args but " +
      std::to_string(args.size()) + " were given"));
  return false;
}

}  // namespace internal
}  // namespace kiln
