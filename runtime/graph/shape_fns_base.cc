// Shape functions of the base ops (Placeholder, Const) and the resource
// variable ops.
#include "runtime/graph/internal/shape_fns.h"

namespace kiln {

Status PlaceholderShape(ShapeContext& c) {
  std::optional<Shape> shape = c.attrs().GetShape("shape");
  if (!shape) {
    // TensorFlow's default: unknown rank.
    const AttrSpec* attr = c.spec().FindAttr("shape");
    if (attr != nullptr) shape = ParseShapeDefault(attr->default_value);
  }
  c.SetOutputShape(0, shape.value_or(Shape::Unknown()));
  return OkStatus();
}

Status ConstShape(ShapeContext& c) {
  std::optional<TensorType> value = c.attrs().GetTensorType("value");
  if (!value) return c.Error("missing attr 'value'");
  const DataType dtype = c.output(0).dtype;
  if (value->dtype != tensorflow::DT_INVALID && value->dtype != dtype) {
    return c.Error("value has dtype " + DataTypeName(value->dtype) +
                   " but 'dtype' is " + DataTypeName(dtype));
  }
  c.SetOutputShape(0, value->shape);
  return OkStatus();
}

// A resource handle is a scalar; the variable's own dtype and shape are attrs.
Status VarHandleOpShape(ShapeContext& c) {
  c.SetOutputShape(0, Shape::Scalar());
  return OkStatus();
}

namespace {

// The variable behind input 0, when the graph shows it; its dtype must be
// the op's `dtype`, as TensorFlow's handle-data checks require.
StatusOr<std::optional<TensorType>> VariableOf(ShapeContext& c) {
  KILN_RETURN_IF_ERROR(c.InputWithRank(0, 0).status());
  std::optional<TensorType> var = c.attrs().GetResourceType(0);
  std::optional<DataType> dtype = c.attrs().GetType("dtype");
  if (var && dtype && var->dtype != *dtype) {
    return c.Error("uses a " + DataTypeName(var->dtype) + " variable as " +
                   DataTypeName(*dtype));
  }
  return var;
}

bool CompatibleShapes(const Shape& a, const Shape& b) {
  if (a.unknown_rank || b.unknown_rank) return true;
  if (a.rank() != b.rank()) return false;
  for (int i = 0; i < a.rank(); ++i) {
    if (a.dims[i] >= 0 && b.dims[i] >= 0 && a.dims[i] != b.dims[i]) {
      return false;
    }
  }
  return true;
}

}  // namespace

// The value has the variable's shape where the graph shows the VarHandleOp;
// unknown otherwise.
Status ReadVariableOpShape(ShapeContext& c) {
  KILN_ASSIGN_OR_RETURN(std::optional<TensorType> var, VariableOf(c));
  c.SetOutputShape(0, var ? var->shape : Shape::Unknown());
  return OkStatus();
}

Status AssignVariableOpShape(ShapeContext& c) {
  KILN_ASSIGN_OR_RETURN(std::optional<TensorType> var, VariableOf(c));
  if (var && !CompatibleShapes(var->shape, c.input_shape(1))) {
    return c.Error("assigns a value of shape " + c.input_shape(1).ToString() +
                   " to a variable of shape " + var->shape.ToString());
  }
  return OkStatus();
}

}  // namespace kiln
