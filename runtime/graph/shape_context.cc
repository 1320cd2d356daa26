// Shape, ShapeContext, broadcasting and the table-driven dtype resolution
// that runs before every op's shape function.
#include "runtime/graph/shape_context.h"

#include <algorithm>
#include <map>

#include "runtime/graph/internal/shape_fns.h"

namespace kiln {

// ---- Shape -----------------------------------------------------------------

bool Shape::IsFullyDefined() const {
  if (unknown_rank) return false;
  for (int64_t d : dims) {
    if (d < 0) return false;
  }
  return true;
}

int64_t Shape::NumElements() const {
  if (!IsFullyDefined()) return -1;
  int64_t n = 1;
  for (int64_t d : dims) n *= d;
  return n;
}

std::string Shape::ToString() const {
  if (unknown_rank) return "<unknown>";
  std::string s = "[";
  for (size_t i = 0; i < dims.size(); ++i) {
    if (i > 0) s += ",";
    s += dims[i] < 0 ? "?" : std::to_string(dims[i]);
  }
  return s + "]";
}

Shape Shape::FromProto(const tensorflow::TensorShapeProto& proto) {
  if (proto.unknown_rank()) return Shape::Unknown();
  Shape shape = Shape::Scalar();
  for (const auto& dim : proto.dim()) {
    shape.dims.push_back(dim.size() < 0 ? kUnknownDim : dim.size());
  }
  return shape;
}

tensorflow::TensorShapeProto Shape::ToProto() const {
  tensorflow::TensorShapeProto proto;
  if (unknown_rank) {
    proto.set_unknown_rank(true);
    return proto;
  }
  for (int64_t d : dims) proto.add_dim()->set_size(d < 0 ? kUnknownDim : d);
  return proto;
}

// ---- ShapeContext ----------------------------------------------------------

ShapeContext::ShapeContext(const OpSpec& spec, std::vector<TensorType> inputs,
                           const AttrSource& attrs)
    : spec_(spec), inputs_(std::move(inputs)), attrs_(attrs) {
  for (const ArgSpec& out : spec_.outputs) {
    int64_t count = 1;
    if (!out.number_attr.empty()) {
      count = attrs_.GetInt(out.number_attr).value_or(0);
    }
    for (int64_t i = 0; i < count; ++i) {
      TensorType type;
      type.dtype = out.type;
      outputs_.push_back(type);
    }
  }
}

Status ShapeContext::Error(const std::string& message) const {
  return InvalidArgument("'" + spec_.name + "' " + message);
}

StatusOr<Shape> ShapeContext::InputWithRank(int i, int rank) const {
  const Shape& s = input_shape(i);
  if (!s.unknown_rank && s.rank() != rank) {
    return Error("input '" + InputName(*this, i) + "' must have rank " +
                 std::to_string(rank) + " but has shape " + s.ToString());
  }
  if (s.unknown_rank) return UnknownDims(rank);
  return s;
}

StatusOr<Shape> ShapeContext::InputWithRankAtLeast(int i, int rank) const {
  const Shape& s = input_shape(i);
  if (!s.unknown_rank && s.rank() < rank) {
    return Error("input '" + InputName(*this, i) +
                 "' must have rank at least " + std::to_string(rank) +
                 " but has shape " + s.ToString());
  }
  return s;
}

// ---- Merging and broadcasting
// ------------------------------------------------

StatusOr<int64_t> MergeDim(const ShapeContext& c, int64_t a, int64_t b,
                           const std::string& what) {
  if (a < 0) return b < 0 ? kUnknownDim : b;
  if (b < 0 || a == b) return a;
  return c.Error(what + " differ: " + std::to_string(a) + " vs " +
                 std::to_string(b));
}

StatusOr<Shape> BroadcastShapes(const ShapeContext& c, const Shape& a,
                                const Shape& b) {
  if (a.unknown_rank || b.unknown_rank) return Shape::Unknown();
  const size_t rank = std::max(a.dims.size(), b.dims.size());
  Shape out = Shape::Of(std::vector<int64_t>(rank, kUnknownDim));
  for (size_t i = 0; i < rank; ++i) {
    // Align from the right; a missing leading dim behaves as 1.
    const size_t pa = rank - a.dims.size(), pb = rank - b.dims.size();
    const int64_t da = i < pa ? 1 : a.dims[i - pa];
    const int64_t db = i < pb ? 1 : b.dims[i - pb];
    if (da == 1) {
      out.dims[i] = db < 0 ? kUnknownDim : db;
    } else if (db == 1) {
      out.dims[i] = da < 0 ? kUnknownDim : da;
    } else if (da < 0) {
      // ? against a known n != 1: the ? must be 1 or n, so the result is n.
      out.dims[i] = db < 0 ? kUnknownDim : db;
    } else if (db < 0 || da == db) {
      out.dims[i] = da;
    } else {
      return c.Error("shapes " + a.ToString() + " and " + b.ToString() +
                     " are not broadcastable");
    }
  }
  return out;
}

// ---- InferOutputTypes
// --------------------------------------------------------

namespace {

// Resolves the list length of every number attr used by the op's args.
Status ResolveNumberAttrs(const ShapeContext& c, size_t num_inputs,
                          std::map<std::string, int64_t>* numbers) {
  const OpSpec& spec = c.spec();
  size_t fixed_inputs = 0;
  std::vector<const ArgSpec*> lists;
  for (const ArgSpec& in : spec.inputs) {
    if (in.number_attr.empty()) {
      ++fixed_inputs;
    } else {
      lists.push_back(&in);
    }
  }
  if (lists.size() == 1) {
    // The one list takes whatever the fixed args leave.
    (*numbers)[lists[0]->number_attr] =
        num_inputs > fixed_inputs
            ? static_cast<int64_t>(num_inputs - fixed_inputs)
            : 0;
  }
  std::vector<std::string> number_attrs;
  for (const auto* args : {&spec.inputs, &spec.outputs}) {
    for (const ArgSpec& arg : *args) {
      if (!arg.number_attr.empty()) number_attrs.push_back(arg.number_attr);
    }
  }
  for (const std::string& name : number_attrs) {
    std::optional<int64_t> given = c.attrs().GetInt(name);
    auto it = numbers->find(name);
    if (it == numbers->end()) {
      if (!given) return c.Error("missing attr '" + name + "'");
      if (*given < 0) {
        return c.Error("attr '" + name +
                       "' is negative: " + std::to_string(*given));
      }
      (*numbers)[name] = *given;
    } else if (given && *given != it->second) {
      return c.Error("attr '" + name + "' is " + std::to_string(*given) +
                     " but " + std::to_string(it->second) +
                     " inputs were given for it");
    }
  }
  int64_t want = 0;
  for (const ArgSpec& in : spec.inputs) {
    want += in.number_attr.empty() ? 1 : (*numbers)[in.number_attr];
  }
  if (want != static_cast<int64_t>(num_inputs)) {
    return c.Error("expects " + std::to_string(want) +
                   (want == 1 ? " input" : " inputs") + " but got " +
                   std::to_string(num_inputs));
  }
  return OkStatus();
}

// TensorFlow dereferences a TF1 reference dtype (float_ref) wherever an op
// takes a plain tensor, as every op in the table does.
DataType BaseType(DataType dtype) {
  const int value = static_cast<int>(dtype);
  return value > 100 ? static_cast<DataType>(value - 100) : dtype;
}

Status CheckAllowed(const ShapeContext& c, const AttrSpec& attr,
                    DataType dtype) {
  if (attr.allowed_types.empty()) return OkStatus();
  for (DataType allowed : attr.allowed_types) {
    if (allowed == dtype) return OkStatus();
  }
  std::string list;
  for (DataType allowed : attr.allowed_types) {
    if (!list.empty()) list += ", ";
    list += DataTypeName(allowed);
  }
  return c.Error("attr '" + attr.name + "' does not allow dtype " +
                 DataTypeName(dtype) + " (allowed: " + list + ")");
}

// Resolves one type attr from the inputs that use it, else from the node's
// attrs, else from its default.
StatusOr<DataType> ResolveTypeAttr(const ShapeContext& c,
                                   const std::vector<TensorType>& inputs,
                                   const std::vector<const ArgSpec*>& flat,
                                   const AttrSpec& attr) {
  std::optional<DataType> resolved = c.attrs().GetType(attr.name);
  for (size_t i = 0; i < inputs.size(); ++i) {
    if (flat[i]->type_attr != attr.name) continue;
    const DataType dtype = BaseType(inputs[i].dtype);
    if (dtype == tensorflow::DT_INVALID) continue;  // not known yet
    if (!resolved) {
      resolved = dtype;
    } else if (*resolved != dtype) {
      return c.Error("input '" + InputName(c, static_cast<int>(i)) +
                     "' has dtype " + DataTypeName(dtype) + " but '" +
                     attr.name + "' is " + DataTypeName(*resolved));
    }
  }
  if (!resolved && !attr.default_value.empty()) {
    resolved = ParseTypeDefault(attr.default_value);
  }
  if (!resolved) return c.Error("missing attr '" + attr.name + "'");
  KILN_RETURN_IF_ERROR(CheckAllowed(c, attr, *resolved));
  return *resolved;
}

}  // namespace

StatusOr<std::vector<TensorType>> InferOutputTypes(
    const OpSpec& spec, const std::vector<TensorType>& inputs,
    const AttrSource& attrs) {
  ShapeContext c(spec, inputs, attrs);

  std::map<std::string, int64_t> numbers;
  KILN_RETURN_IF_ERROR(ResolveNumberAttrs(c, inputs.size(), &numbers));

  // The ArgSpec behind each flattened input.
  std::vector<const ArgSpec*> flat;
  for (const ArgSpec& in : spec.inputs) {
    const int64_t n = in.number_attr.empty() ? 1 : numbers[in.number_attr];
    for (int64_t k = 0; k < n; ++k) flat.push_back(&in);
  }

  std::map<std::string, DataType> types;
  for (const AttrSpec& attr : spec.attrs) {
    if (attr.kind != AttrKind::kType) continue;
    KILN_ASSIGN_OR_RETURN(types[attr.name],
                          ResolveTypeAttr(c, inputs, flat, attr));
  }

  for (size_t i = 0; i < inputs.size(); ++i) {
    const ArgSpec& arg = *flat[i];
    const DataType dtype = BaseType(inputs[i].dtype);
    if (!arg.type_attr.empty() || dtype == tensorflow::DT_INVALID ||
        dtype == arg.type) {
      continue;
    }
    return c.Error("input '" + InputName(c, static_cast<int>(i)) +
                   "' has dtype " + DataTypeName(inputs[i].dtype) +
                   " but must be " + DataTypeName(arg.type));
  }

  std::vector<TensorType>& outputs = c.outputs();
  outputs.clear();
  for (const ArgSpec& out : spec.outputs) {
    const int64_t n = out.number_attr.empty() ? 1 : numbers[out.number_attr];
    TensorType type;
    type.dtype = out.type_attr.empty() ? out.type : types[out.type_attr];
    for (int64_t k = 0; k < n; ++k) outputs.push_back(type);
  }

  if (spec.shape_fn == nullptr) {
    return Internal("'" + spec.name + "' has no shape function");
  }
  KILN_RETURN_IF_ERROR(spec.shape_fn(c));
  return std::move(c.outputs());
}

}  // namespace kiln
