// TestAttrSource: an AttrSource over plain maps, and small helpers for the
// op table's tests.
//
//   TestAttrSource attrs;
//   attrs.Bool("transpose_a", true).Const(1, {2, 3});
//   CHECK(OutShape(Infer("MatMul", {F32({3, 2}), F32({3, 4})}, attrs)) ==
//   "[2,4]");
#ifndef KILN_TESTS_RUNTIME_TEST_ATTR_SOURCE_H_
#define KILN_TESTS_RUNTIME_TEST_ATTR_SOURCE_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "runtime/graph/op_spec.h"
#include "runtime/graph/shape_context.h"

namespace kiln {
namespace testing {

class TestAttrSource : public AttrSource {
 public:
  using Value =
      std::variant<DataType, int64_t, float, bool, std::string, Shape,
                   std::vector<int64_t>, std::vector<DataType>, TensorType>;

  TestAttrSource& Type(const std::string& name, DataType v) {
    return Set(name, v);
  }
  TestAttrSource& Int(const std::string& name, int64_t v) {
    return Set(name, v);
  }
  TestAttrSource& Float(const std::string& name, float v) {
    return Set(name, v);
  }
  TestAttrSource& Bool(const std::string& name, bool v) { return Set(name, v); }
  TestAttrSource& String(const std::string& name, std::string v) {
    return Set(name, std::move(v));
  }
  TestAttrSource& ShapeAttr(const std::string& name, Shape v) {
    return Set(name, std::move(v));
  }
  TestAttrSource& IntList(const std::string& name, std::vector<int64_t> v) {
    return Set(name, std::move(v));
  }
  TestAttrSource& TypeList(const std::string& name, std::vector<DataType> v) {
    return Set(name, std::move(v));
  }
  TestAttrSource& Tensor(const std::string& name, TensorType v) {
    return Set(name, std::move(v));
  }
  // Marks input `index` as a constant with these integer values.
  TestAttrSource& Const(int index, std::vector<int64_t> values) {
    constants_[index] = std::move(values);
    return *this;
  }

  std::optional<DataType> GetType(std::string_view name) const override {
    return Get<DataType>(name);
  }
  std::optional<int64_t> GetInt(std::string_view name) const override {
    return Get<int64_t>(name);
  }
  std::optional<float> GetFloat(std::string_view name) const override {
    return Get<float>(name);
  }
  std::optional<bool> GetBool(std::string_view name) const override {
    return Get<bool>(name);
  }
  std::optional<std::string> GetString(std::string_view name) const override {
    return Get<std::string>(name);
  }
  std::optional<Shape> GetShape(std::string_view name) const override {
    return Get<Shape>(name);
  }
  std::optional<std::vector<int64_t>> GetIntList(
      std::string_view name) const override {
    return Get<std::vector<int64_t>>(name);
  }
  std::optional<std::vector<DataType>> GetTypeList(
      std::string_view name) const override {
    return Get<std::vector<DataType>>(name);
  }
  std::optional<TensorType> GetTensorType(
      std::string_view name) const override {
    return Get<TensorType>(name);
  }
  std::optional<std::vector<int64_t>> GetConstantInput(
      int index) const override {
    auto it = constants_.find(index);
    if (it == constants_.end()) return std::nullopt;
    return it->second;
  }

 private:
  TestAttrSource& Set(const std::string& name, Value v) {
    values_[name] = std::move(v);
    return *this;
  }
  template <typename T>
  std::optional<T> Get(std::string_view name) const {
    auto it = values_.find(name);
    if (it == values_.end()) return std::nullopt;
    if (const T* v = std::get_if<T>(&it->second)) return *v;
    return std::nullopt;
  }

  std::map<std::string, Value, std::less<>> values_;
  std::map<int, std::vector<int64_t>> constants_;
};

// A tensor type of `dtype` and these dims (-1: unknown).
inline TensorType Typed(DataType dtype, std::vector<int64_t> dims) {
  TensorType t;
  t.dtype = dtype;
  t.shape = Shape::Of(std::move(dims));
  return t;
}
inline TensorType F32(std::vector<int64_t> dims) {
  return Typed(tensorflow::DT_FLOAT, std::move(dims));
}
inline TensorType I32(std::vector<int64_t> dims) {
  return Typed(tensorflow::DT_INT32, std::move(dims));
}
inline TensorType I64(std::vector<int64_t> dims) {
  return Typed(tensorflow::DT_INT64, std::move(dims));
}
inline TensorType Bool(std::vector<int64_t> dims) {
  return Typed(tensorflow::DT_BOOL, std::move(dims));
}
// A tensor of unknown rank.
inline TensorType UnknownRank(DataType dtype = tensorflow::DT_FLOAT) {
  TensorType t;
  t.dtype = dtype;
  return t;
}

// Runs the table's InferOutputTypes for `op`.
inline StatusOr<std::vector<TensorType>> Infer(
    const std::string& op, const std::vector<TensorType>& inputs,
    const TestAttrSource& attrs = TestAttrSource()) {
  const OpSpec* spec = FindOpSpec(op);
  if (spec == nullptr) return NotFound("no op " + op);
  return InferOutputTypes(*spec, inputs, attrs);
}

// Output `i`'s shape as text ("[2,?]"), or "error: <message>".
inline std::string OutShape(const StatusOr<std::vector<TensorType>>& result,
                            int i = 0) {
  if (!result.ok()) return "error: " + result.status().message();
  if (i >= static_cast<int>(result->size())) return "no output";
  return (*result)[i].shape.ToString();
}

// The error message, or "ok".
inline std::string ErrorOf(const StatusOr<std::vector<TensorType>>& result) {
  return result.ok() ? "ok" : result.status().message();
}

}  // namespace testing
}  // namespace kiln

#endif  // KILN_TESTS_RUNTIME_TEST_ATTR_SOURCE_H_
