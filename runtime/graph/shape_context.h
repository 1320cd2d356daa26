// ShapeContext: what one op's shape function sees, with no MLIR in sight, so
// the frontend's builders and the dialect's InferTypeOpInterface share it.
//
//   Status MatMulShape(ShapeContext& c) {
//     KILN_ASSIGN_OR_RETURN(Shape a, c.InputWithRank(0, 2));
//     ...
//     c.SetOutputShape(0, Shape::Of({m, n}));
//   }
#ifndef KILN_RUNTIME_GRAPH_SHAPE_CONTEXT_H_
#define KILN_RUNTIME_GRAPH_SHAPE_CONTEXT_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "proto/tensorflow/tensor_shape.pb.h"
#include "proto/tensorflow/types.pb.h"
#include "runtime/base/status.h"
#include "runtime/graph/op_spec.h"

namespace kiln {

inline constexpr int64_t kUnknownDim = -1;

// A shape that may have unknown dims (-1) or an unknown rank.
struct Shape {
  bool unknown_rank = true;
  std::vector<int64_t> dims;

  static Shape Unknown() { return Shape(); }
  static Shape Of(std::vector<int64_t> d) { return Shape{false, std::move(d)}; }
  static Shape Scalar() { return Shape{false, {}}; }
  int rank() const { return unknown_rank ? -1 : static_cast<int>(dims.size()); }
  bool IsFullyDefined() const;
  // Number of elements, or -1 when not fully defined.
  int64_t NumElements() const;
  std::string ToString() const;  // "[?,784]", "[]", "<unknown>"
  bool operator==(const Shape& o) const {
    return unknown_rank == o.unknown_rank && dims == o.dims;
  }
  static Shape FromProto(const tensorflow::TensorShapeProto& proto);
  tensorflow::TensorShapeProto ToProto() const;
};

struct TensorType {
  DataType dtype = tensorflow::DT_INVALID;
  Shape shape;
};

// Read access to a node's attrs and to constant inputs, implemented over
// NodeDef attrs (frontend, kiln-dump) and over MLIR attributes (ir/).
class AttrSource {
 public:
  virtual ~AttrSource() = default;
  virtual std::optional<DataType> GetType(std::string_view name) const = 0;
  virtual std::optional<int64_t> GetInt(std::string_view name) const = 0;
  virtual std::optional<float> GetFloat(std::string_view name) const = 0;
  virtual std::optional<bool> GetBool(std::string_view name) const = 0;
  virtual std::optional<std::string> GetString(std::string_view name) const = 0;
  virtual std::optional<Shape> GetShape(std::string_view name) const = 0;
  virtual std::optional<std::vector<int64_t>> GetIntList(
      std::string_view name) const = 0;
  virtual std::optional<std::vector<DataType>> GetTypeList(
      std::string_view name) const = 0;
  // dtype and shape of a tensor-valued attr (Const's `value`).
  virtual std::optional<TensorType> GetTensorType(
      std::string_view name) const = 0;
  // The integer values of input `index` when it is a known constant.
  virtual std::optional<std::vector<int64_t>> GetConstantInput(
      int index) const = 0;
  // TensorFlow's resource handle data: the dtype and shape of the variable
  // behind resource input `index`, when its handle comes straight from a
  // VarHandleOp.
  virtual std::optional<TensorType> GetResourceType(int index) const {
    return std::nullopt;
  }
};

class ShapeContext {
 public:
  ShapeContext(const OpSpec& spec, std::vector<TensorType> inputs,
               const AttrSource& attrs);

  const OpSpec& spec() const { return spec_; }
  const AttrSource& attrs() const { return attrs_; }
  int num_inputs() const { return static_cast<int>(inputs_.size()); }
  int num_outputs() const { return static_cast<int>(outputs_.size()); }
  const TensorType& input(int i) const { return inputs_[i]; }
  const Shape& input_shape(int i) const { return inputs_[i].shape; }
  std::optional<std::vector<int64_t>> ConstantInput(int i) const {
    return attrs_.GetConstantInput(i);
  }
  // The input's shape, or an error naming the op when its known rank differs.
  StatusOr<Shape> InputWithRank(int i, int rank) const;
  StatusOr<Shape> InputWithRankAtLeast(int i, int rank) const;

  const TensorType& output(int i) const { return outputs_[i]; }
  void SetOutputShape(int i, Shape shape) { outputs_[i].shape = std::move(shape); }
  void SetOutputType(int i, DataType dtype) { outputs_[i].dtype = dtype; }
  std::vector<TensorType>& outputs() { return outputs_; }

  // An InvalidArgument status whose message starts with "'<Op>' ".
  Status Error(const std::string& message) const;

 private:
  const OpSpec& spec_;
  std::vector<TensorType> inputs_;
  const AttrSource& attrs_;
  std::vector<TensorType> outputs_;
};

// Merges two dims or shapes that must be equal (-1 unifies with anything);
// an error when both are known and differ.
StatusOr<int64_t> MergeDim(const ShapeContext& c, int64_t a, int64_t b,
                           const std::string& what);
// NumPy/TensorFlow broadcasting of two shapes.
StatusOr<Shape> BroadcastShapes(const ShapeContext& c, const Shape& a,
                                const Shape& b);

// Resolves dtypes from the table (type attrs against input dtypes, allowed
// types, list lengths), then runs the op's shape function. Errors name the op.
StatusOr<std::vector<TensorType>> InferOutputTypes(
    const OpSpec& spec, const std::vector<TensorType>& inputs,
    const AttrSource& attrs);

}  // namespace kiln

#endif  // KILN_RUNTIME_GRAPH_SHAPE_CONTEXT_H_
