// NodeAttrSource: the AttrSource of one NodeDef, for shape functions run
// outside MLIR (kiln-dump, InferGraphShapes, the frontend's builders).
//
//   NodeAttrSource attrs(node, FindOpSpec(node.op()), &view);
//   KILN_ASSIGN_OR_RETURN(auto out, InferOutputTypes(*spec, inputs, attrs));
#ifndef KILN_RUNTIME_GRAPH_NODE_ATTR_SOURCE_H_
#define KILN_RUNTIME_GRAPH_NODE_ATTR_SOURCE_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "proto/tensorflow/attr_value.pb.h"
#include "proto/tensorflow/node_def.pb.h"
#include "proto/tensorflow/tensor.pb.h"
#include "runtime/graph/graph_view.h"
#include "runtime/graph/op_spec.h"
#include "runtime/graph/shape_context.h"

namespace kiln {

// A traced function's variable argument: a DT_RESOURCE Placeholder with the
// variable's shared name, dtype and shape (frontend/variables/
// variable_handles.h); shape inference treats it as a VarHandleOp.
inline constexpr char kVariableAttr[] = "_kiln_variable";
inline constexpr char kVariableDtypeAttr[] = "_kiln_variable_dtype";
inline constexpr char kVariableShapeAttr[] = "_kiln_variable_shape";


class NodeAttrSource : public AttrSource {
 public:
  // `spec` (optional) supplies defaults for attrs the NodeDef leaves out, as
  // TensorFlow's stripped_default_attrs graphs do. `view` (optional) lets
  // GetConstantInput look through the node's inputs.
  explicit NodeAttrSource(const tensorflow::NodeDef& node,
                          const OpSpec* spec = nullptr,
                          const GraphView* view = nullptr);

  std::optional<DataType> GetType(std::string_view name) const override;
  std::optional<int64_t> GetInt(std::string_view name) const override;
  std::optional<float> GetFloat(std::string_view name) const override;
  std::optional<bool> GetBool(std::string_view name) const override;
  std::optional<std::string> GetString(std::string_view name) const override;
  std::optional<Shape> GetShape(std::string_view name) const override;
  std::optional<std::vector<int64_t>> GetIntList(
      std::string_view name) const override;
  std::optional<std::vector<DataType>> GetTypeList(
      std::string_view name) const override;
  std::optional<TensorType> GetTensorType(std::string_view name) const override;
  // Values of data input `index` when its producer is a Const holding an
  // int32 or int64 tensor.
  std::optional<std::vector<int64_t>> GetConstantInput(
      int index) const override;
  // dtype and shape attrs of the VarHandleOp producing data input `index`.
  std::optional<TensorType> GetResourceType(int index) const override;

  // The attr from the NodeDef, else the spec's default; nullptr if neither.
  const tensorflow::AttrValue* Find(std::string_view name) const;

 protected:
  // The node producing output 0 that data input `index` reads, if known
  // (through the GraphView here; the frontend looks in the graph it builds).
  virtual const tensorflow::NodeDef* InputProducer(int index) const;

 private:
  const tensorflow::NodeDef& node_;
  const OpSpec* spec_;
  const GraphView* view_;
  // Defaults parsed from the spec, kept so Find can hand out pointers.
  mutable std::map<std::string, tensorflow::AttrValue, std::less<>> defaults_;
};

// The values of an int32/int64 tensor (int_val, int64_val or tensor_content;
// a single value is splat over the shape); nullopt for other dtypes, unknown
// shapes or inconsistent contents.
std::optional<std::vector<int64_t>> IntTensorValues(
    const tensorflow::TensorProto& tensor);

}  // namespace kiln

#endif  // KILN_RUNTIME_GRAPH_NODE_ATTR_SOURCE_H_
