// ops::Const and ops::Placeholder.
#include "frontend/ops/const.h"

#include "frontend/node_builder.h"

namespace kiln {
namespace ops {

Output Const(const ::kiln::Scope& scope, const Input::Initializer& value) {
  if (!scope.ok()) return Output();
  if (!value.status().ok()) {
    scope.UpdateStatus(value.status().WithPrefix(
        "node '" + scope.GetUniqueNameForOp("Const") + "' (Const)"));
    return Output();
  }
  return ConstFromProto(scope, value.AsTensorProto());
}

Output ConstFromProto(const ::kiln::Scope& scope,
                      const tensorflow::TensorProto& proto) {
  NodeBuilder builder(scope, "Const");
  builder.Attr("value", proto).Attr("dtype", proto.dtype());
  Operation op = builder.Finalize();
  return op.valid() ? op.output(0) : Output();
}

Output Placeholder(const ::kiln::Scope& scope, DataType dtype,
                   const ::kiln::Shape& shape) {
  NodeBuilder builder(scope, "Placeholder");
  builder.Attr("dtype", dtype).Attr("shape", shape);
  Operation op = builder.Finalize();
  return op.valid() ? op.output(0) : Output();
}

}  // namespace ops
}  // namespace kiln
