// Operation, Output and Input: the handles the C++ graph builders pass around.
//
//   Scope root = Scope::NewRootScope();
//   Output x = ops::Placeholder(root.WithOpName("x"), DT_FLOAT,
//                               Shape::Of({kUnknownDim, 784}));
//   Output y = ops::AddV2(root, x, 1.0f);   // 1.0f becomes a Const node
//   y.name();   // "AddV2"; output 1 of a node reads "node:1"
//   y.shape();  // [?,784], from the op table's shape function
#ifndef KILN_FRONTEND_OUTPUT_H_
#define KILN_FRONTEND_OUTPUT_H_

#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "proto/tensorflow/tensor.pb.h"
#include "proto/tensorflow/types.pb.h"
#include "runtime/base/status.h"
#include "runtime/graph/shape_context.h"

namespace kiln {

using tensorflow::DT_BOOL;
using tensorflow::DT_DOUBLE;
using tensorflow::DT_FLOAT;
using tensorflow::DT_INT32;
using tensorflow::DT_INT64;
using tensorflow::DT_INVALID;
using tensorflow::DT_RESOURCE;
using tensorflow::DT_STRING;

namespace internal {
class Graph;
}  // namespace internal

class Output;

// One node of a graph built through a Scope: its name, op type and the
// dtype/shape of each output as the op table inferred them.
//
//   Operation init = ops::AssignVariableOp(root, var, value);
//   auto y = ops::Identity(root.WithControlDependencies({init}), x);
class Operation {
 public:
  Operation() = default;
  Operation(std::string name, std::string op_type,
            std::vector<TensorType> outputs, const internal::Graph* graph);

  // False for the Operation an op builder returns after an error.
  bool valid() const { return !name_.empty(); }
  const std::string& name() const { return name_; }
  const std::string& op_type() const { return op_type_; }
  int num_outputs() const { return static_cast<int>(outputs_.size()); }
  const std::vector<TensorType>& output_types() const { return outputs_; }
  Output output(int index) const;
  // The graph the node lives in; used to catch mixing of unrelated roots.
  const internal::Graph* graph() const { return graph_; }
  // False once every Scope of that graph is gone (graph() then dangles).
  bool graph_alive() const { return !owner_.expired(); }

  bool operator==(const Operation& o) const {
    return name_ == o.name_ && graph_ == o.graph_;
  }
  bool operator!=(const Operation& o) const { return !(*this == o); }

 private:
  std::string name_;
  std::string op_type_;
  std::vector<TensorType> outputs_;
  const internal::Graph* graph_ = nullptr;
  std::weak_ptr<const internal::Graph> owner_;
};

// One output tensor of an Operation.
class Output {
 public:
  Output() = default;
  Output(Operation op, int index) : op_(std::move(op)), index_(index) {}

  bool valid() const {
    return op_.valid() && index_ >= 0 && index_ < op_.num_outputs();
  }
  const Operation& op() const { return op_; }
  int index() const { return index_; }
  const std::string& node_name() const { return op_.name(); }
  // The GraphDef spelling of this tensor: "node" for output 0, else "node:i".
  std::string name() const;
  DataType dtype() const;
  // The static shape the op table inferred; unknown dims are kUnknownDim.
  const Shape& shape() const;

  bool operator==(const Output& o) const {
    return op_ == o.op_ && index_ == o.index_;
  }
  bool operator!=(const Output& o) const { return !(*this == o); }
  bool operator<(const Output& o) const {
    return node_name() != o.node_name() ? node_name() < o.node_name()
                                        : index_ < o.index_;
  }

 private:
  Operation op_;
  int index_ = 0;
};

using OutputList = std::vector<Output>;

namespace internal {

// The dtype a C++ literal type maps to (TensorFlow's DataTypeToEnum), or
// DT_INVALID for types that are not literals.
template <typename T>
constexpr DataType LiteralDataType() {
  using U = std::decay_t<T>;
  if constexpr (std::is_same_v<U, float>)
    return tensorflow::DT_FLOAT;
  else if constexpr (std::is_same_v<U, double>)
    return tensorflow::DT_DOUBLE;
  else if constexpr (std::is_same_v<U, bool>)
    return tensorflow::DT_BOOL;
  else if constexpr (std::is_same_v<U, const char*> ||
                     std::is_same_v<U, char*> || std::is_same_v<U, std::string>)
    return tensorflow::DT_STRING;
  else if constexpr (std::is_same_v<U, char>)
    return tensorflow::DT_INVALID;
  else if constexpr (std::is_integral_v<U> && std::is_signed_v<U>) {
    if constexpr (sizeof(U) == 1)
      return tensorflow::DT_INT8;
    else if constexpr (sizeof(U) == 2)
      return tensorflow::DT_INT16;
    else if constexpr (sizeof(U) == 4)
      return tensorflow::DT_INT32;
    else if constexpr (sizeof(U) == 8)
      return tensorflow::DT_INT64;
    else
      return tensorflow::DT_INVALID;
  } else if constexpr (std::is_integral_v<U> && std::is_unsigned_v<U>) {
    if constexpr (sizeof(U) == 1)
      return tensorflow::DT_UINT8;
    else if constexpr (sizeof(U) == 2)
      return tensorflow::DT_UINT16;
    else if constexpr (sizeof(U) == 4)
      return tensorflow::DT_UINT32;
    else if constexpr (sizeof(U) == 8)
      return tensorflow::DT_UINT64;
    else
      return tensorflow::DT_INVALID;
  } else {
    return tensorflow::DT_INVALID;
  }
}

template <typename T>
inline constexpr bool kIsLiteral =
    LiteralDataType<T>() != tensorflow::DT_INVALID;

template <typename T>
using EnableIfLiteral = std::enable_if_t<kIsLiteral<T>>;

}  // namespace internal

// An op argument: an Output of another node, or a C++ literal that becomes a
// Const node when the op is built (TensorFlow's Input::Initializer).
//
//   ops::Reshape(root, x, {-1, 784});          // shape: int32 Const [2]
//   ops::Const(root, {{1.f, 2.f}, {3.f, 4.f}});  // float [2,2]
class Input {
 public:
  // A literal tensor: dtype, shape and row-major values. Errors (ragged
  // nested lists, mixed dtypes) are kept in `status` and reach the scope when
  // the literal is used.
  class Initializer {
   public:
    // A scalar.
    template <typename T, typename = internal::EnableIfLiteral<T>>
    Initializer(const T& v)  // NOLINT: implicit, as TensorFlow's
        : dtype_(internal::LiteralDataType<T>()), shape_(Shape::Scalar()) {
      Append(v);
    }
    // `v` repeated over `shape` (TensorFlow's Const(scope, v, shape)).
    template <typename T, typename = internal::EnableIfLiteral<T>>
    Initializer(const T& v, const Shape& shape)
        : dtype_(internal::LiteralDataType<T>()), shape_(shape), splat_(true) {
      const int64_t n = CheckShape(shape);
      for (int64_t i = 0; i < n; ++i) Append(v);
    }
    // A vector.
    template <typename T, typename = internal::EnableIfLiteral<T>>
    Initializer(const std::initializer_list<T>& v)  // NOLINT: implicit
        : dtype_(internal::LiteralDataType<T>()),
          shape_(Shape::Of({static_cast<int64_t>(v.size())})) {
      for (const T& e : v) Append(e);
    }
    // Row-major `values` laid out as `shape`.
    template <typename T, typename = internal::EnableIfLiteral<T>>
    Initializer(const std::initializer_list<T>& values, const Shape& shape)
        : dtype_(internal::LiteralDataType<T>()), shape_(shape) {
      CheckCount(CheckShape(shape), values.size());
      for (const T& e : values) Append(e);
    }
    template <typename T, typename = internal::EnableIfLiteral<T>>
    Initializer(const std::vector<T>& values, const Shape& shape)
        : dtype_(internal::LiteralDataType<T>()), shape_(shape) {
      CheckCount(CheckShape(shape), values.size());
      for (size_t i = 0; i < values.size(); ++i) Append(T(values[i]));
    }
    // Nested lists: every element must have the same dtype and shape.
    Initializer(const std::initializer_list<Initializer>& v);  // NOLINT
    // A tensor given as TensorFlow's proto; the values are decoded so the
    // literal can still be converted to another dtype.
    explicit Initializer(const tensorflow::TensorProto& proto);

    const Status& status() const { return status_; }
    DataType dtype() const { return dtype_; }
    const Shape& shape() const { return shape_; }
    int64_t num_elements() const;
    // The TensorProto TensorFlow writes for the same value (Python's
    // make_tensor_proto, which most GraphDefs come from): tensor_content for
    // more than one element of a numeric dtype; the typed field for one
    // element, bools, strings, and a value repeated over a shape (stored
    // once, as TensorFlow's readers expand it).
    tensorflow::TensorProto AsTensorProto() const;
    // The same values as `dtype`; an error unless every value converts
    // exactly (1 -> 1.0f is fine, 0.5 -> int32 is not).
    StatusOr<Initializer> CastTo(DataType dtype) const;

   private:
    Initializer() = default;
    template <typename T>
    void Append(const T& v) {
      if constexpr (internal::LiteralDataType<T>() == tensorflow::DT_STRING) {
        strings_.emplace_back(v);
      } else if constexpr (std::is_same_v<T, bool>) {
        bytes_.push_back(v ? 1 : 0);
      } else {
        char raw[sizeof(T)];
        std::memcpy(raw, &v, sizeof(T));
        bytes_.append(raw, sizeof(T));
      }
    }
    int64_t CheckShape(const Shape& shape);
    void CheckCount(int64_t want, size_t got);

    Status status_;
    DataType dtype_ = tensorflow::DT_INVALID;
    Shape shape_ = Shape::Scalar();
    std::string bytes_;                 // raw elements of non-string dtypes
    std::vector<std::string> strings_;  // elements of DT_STRING
    bool splat_ = false;                // every element is the first one
  };

  Input(const Output& output) : output_(output) {}  // NOLINT: implicit
  template <typename T, typename = internal::EnableIfLiteral<T>>
  Input(const T& v) : literal_(Initializer(v)) {}     // NOLINT: implicit
  Input(const Initializer& init) : literal_(init) {}  // NOLINT: implicit
  template <typename T, typename = internal::EnableIfLiteral<T>>
  Input(const std::initializer_list<T>& v)  // NOLINT: implicit
      : literal_(Initializer(v)) {}
  Input(const std::initializer_list<Initializer>& v)  // NOLINT: implicit
      : literal_(Initializer(v)) {}

  bool is_literal() const { return literal_.has_value(); }
  const Output& output() const { return output_; }
  const Initializer& literal() const { return *literal_; }

 private:
  Output output_;
  std::optional<Initializer> literal_;
};

// The value of a list argument (ConcatV2's `values`, AddN's `inputs`).
//
//   ops::ConcatV2(root, {a, b}, 1);
//   ops::AddN(root, OutputList{x, y, z});
class InputList {
 public:
  InputList(const OutputList& outputs)  // NOLINT: implicit
      : inputs_(outputs.begin(), outputs.end()) {}
  InputList(const std::initializer_list<Input>& inputs)  // NOLINT: implicit
      : inputs_(inputs) {}
  explicit InputList(std::vector<Input> inputs) : inputs_(std::move(inputs)) {}

  size_t size() const { return inputs_.size(); }
  std::vector<Input>::const_iterator begin() const { return inputs_.begin(); }
  std::vector<Input>::const_iterator end() const { return inputs_.end(); }
  const std::vector<Input>& inputs() const { return inputs_; }

 private:
  std::vector<Input> inputs_;
};

}  // namespace kiln

#endif  // KILN_FRONTEND_OUTPUT_H_
