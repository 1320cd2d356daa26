// Shape functions of the base ops (Placeholder, Const) and the resource
// variable ops.
#include "runtime/graph/shape_fns.h"

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

// The value's shape is the variable's, which only the graph knows (through
// the VarHandleOp's `shape`): unknown here.
Status ReadVariableOpShape(ShapeContext& c) {
  KILN_RETURN_IF_ERROR(c.InputWithRank(0, 0).status());
  c.SetOutputShape(0, Shape::Unknown());
  return OkStatus();
}

Status AssignVariableOpShape(ShapeContext& c) {
  return c.InputWithRank(0, 0).status();
}

}  // namespace kiln
