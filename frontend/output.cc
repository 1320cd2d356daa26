// Output names and the literal tensors behind Input::Initializer.
#include "frontend/output.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "frontend/internal/graph.h"

namespace kiln {

Operation::Operation(std::string name, std::string op_type,
                     std::vector<TensorType> outputs,
                     const internal::Graph* graph)
    : name_(std::move(name)),
      op_type_(std::move(op_type)),
      outputs_(std::move(outputs)),
      graph_(graph) {
  if (graph != nullptr) owner_ = graph->self();
}

Output Operation::output(int index) const { return Output(*this, index); }

std::string Output::name() const {
  if (index_ == 0) return op_.name();
  return op_.name() + ":" + std::to_string(index_);
}

DataType Output::dtype() const {
  return valid() ? op_.output_types()[index_].dtype : tensorflow::DT_INVALID;
}

const Shape& Output::shape() const {
  static const Shape* const kUnknown = new Shape(Shape::Unknown());
  return valid() ? op_.output_types()[index_].shape : *kUnknown;
}

namespace {

using Initializer = Input::Initializer;

// Bytes per element of the numeric dtypes a literal can have; 0 otherwise.
size_t ElementSize(DataType dtype) {
  switch (dtype) {
    case tensorflow::DT_BOOL:
    case tensorflow::DT_INT8:
    case tensorflow::DT_UINT8:
      return 1;
    case tensorflow::DT_INT16:
    case tensorflow::DT_UINT16:
      return 2;
    case tensorflow::DT_FLOAT:
    case tensorflow::DT_INT32:
    case tensorflow::DT_UINT32:
      return 4;
    case tensorflow::DT_DOUBLE:
    case tensorflow::DT_INT64:
    case tensorflow::DT_UINT64:
      return 8;
    default:
      return 0;
  }
}

// Calls f(T{}) with the C++ type of a numeric literal dtype; false for
// dtypes literals cannot have.
template <typename F>
bool VisitNumeric(DataType dtype, F&& f) {
  switch (dtype) {
    case tensorflow::DT_FLOAT:
      f(float{});
      return true;
    case tensorflow::DT_DOUBLE:
      f(double{});
      return true;
    case tensorflow::DT_INT32:
      f(int32_t{});
      return true;
    case tensorflow::DT_INT64:
      f(int64_t{});
      return true;
    case tensorflow::DT_BOOL:
      f(bool{});
      return true;
    case tensorflow::DT_INT8:
      f(int8_t{});
      return true;
    case tensorflow::DT_UINT8:
      f(uint8_t{});
      return true;
    case tensorflow::DT_INT16:
      f(int16_t{});
      return true;
    case tensorflow::DT_UINT16:
      f(uint16_t{});
      return true;
    case tensorflow::DT_UINT32:
      f(uint32_t{});
      return true;
    case tensorflow::DT_UINT64:
      f(uint64_t{});
      return true;
    default:
      return false;
  }
}

template <typename T>
T ElementAt(const std::string& bytes, int64_t i) {
  if constexpr (std::is_same_v<T, bool>) {
    return bytes[i] != 0;
  } else {
    T v;
    std::memcpy(&v, bytes.data() + i * sizeof(T), sizeof(T));
    return v;
  }
}

template <typename T>
void AppendRaw(std::string* bytes, T v) {
  if constexpr (std::is_same_v<T, bool>) {
    bytes->push_back(v ? 1 : 0);
  } else {
    char raw[sizeof(T)];
    std::memcpy(raw, &v, sizeof(T));
    bytes->append(raw, sizeof(T));
  }
}

// Converts `v` to D when the value survives exactly.
template <typename D, typename S>
bool ConvertExactly(S v, D* out) {
  const long double x = static_cast<long double>(v);
  if constexpr (std::is_same_v<D, bool>) {
    if (x != 0 && x != 1) return false;
    *out = x != 0;
    return true;
  } else if constexpr (std::is_integral_v<D>) {
    if (!(x >= static_cast<long double>(std::numeric_limits<D>::min()) &&
          x <= static_cast<long double>(std::numeric_limits<D>::max())) ||
        std::trunc(x) != x) {
      return false;
    }
    *out = static_cast<D>(v);
    return static_cast<long double>(*out) == x;
  } else {
    *out = static_cast<D>(v);
    if (std::isnan(x)) return true;
    return static_cast<long double>(*out) == x;
  }
}

// Appends the proto's typed values of a numeric dtype as raw elements.
template <typename T, typename Field>
void AppendField(const Field& field, std::string* bytes) {
  for (const auto& v : field) AppendRaw<T>(bytes, static_cast<T>(v));
}

}  // namespace

int64_t Initializer::CheckShape(const Shape& shape) {
  if (!shape.IsFullyDefined()) {
    status_ = InvalidArgument("a constant's shape must be fully defined, not " +
                              shape.ToString());
    shape_ = Shape::Of({0});
    return 0;
  }
  return shape.NumElements();
}

void Initializer::CheckCount(int64_t want, size_t got) {
  if (status_.ok() && static_cast<int64_t>(got) != want) {
    status_ =
        InvalidArgument("a constant of shape " + shape_.ToString() + " needs " +
                        std::to_string(want) + " values but " +
                        std::to_string(got) + " were given");
  }
}

Initializer::Initializer(const std::initializer_list<Initializer>& v) {
  shape_ = Shape::Of({static_cast<int64_t>(v.size())});
  if (v.size() == 0) {
    status_ = InvalidArgument("an empty initializer list has no dtype");
    return;
  }
  const Initializer& first = *v.begin();
  dtype_ = first.dtype_;
  for (int64_t d : first.shape_.dims) shape_.dims.push_back(d);
  for (const Initializer& e : v) {
    if (!e.status_.ok()) {
      status_ = e.status_;
      return;
    }
    if (e.dtype_ != dtype_) {
      status_ = InvalidArgument(
          "initializer list components should all have the same dtype; "
          "found " +
          DataTypeName(dtype_) + " and " + DataTypeName(e.dtype_));
      return;
    }
    if (!(e.shape_ == first.shape_)) {
      status_ = InvalidArgument(
          "initializer list components should all have the same shape; "
          "found " +
          first.shape_.ToString() + " and " + e.shape_.ToString());
      return;
    }
    bytes_ += e.bytes_;
    strings_.insert(strings_.end(), e.strings_.begin(), e.strings_.end());
  }
}

Initializer::Initializer(const tensorflow::TensorProto& proto)
    : dtype_(proto.dtype()), shape_(Shape::FromProto(proto.tensor_shape())) {
  const int64_t n = CheckShape(shape_);
  if (!status_.ok()) return;
  if (dtype_ == tensorflow::DT_STRING) {
    strings_.assign(proto.string_val().begin(), proto.string_val().end());
  } else if (ElementSize(dtype_) == 0) {
    status_ = Unimplemented("constants of dtype " + DataTypeName(dtype_) +
                            " are not supported");
    return;
  } else if (!proto.tensor_content().empty()) {
    bytes_ = proto.tensor_content();
    if (bytes_.size() != static_cast<size_t>(n) * ElementSize(dtype_)) {
      status_ = InvalidArgument("tensor_content holds " +
                                std::to_string(bytes_.size()) + " bytes, not " +
                                std::to_string(n) + " " + DataTypeName(dtype_) +
                                " values");
    }
    return;
  } else {
    VisitNumeric(dtype_, [&](auto tag) {
      using T = decltype(tag);
      switch (dtype_) {
        case tensorflow::DT_FLOAT:
          AppendField<T>(proto.float_val(), &bytes_);
          break;
        case tensorflow::DT_DOUBLE:
          AppendField<T>(proto.double_val(), &bytes_);
          break;
        case tensorflow::DT_INT64:
          AppendField<T>(proto.int64_val(), &bytes_);
          break;
        case tensorflow::DT_BOOL:
          AppendField<T>(proto.bool_val(), &bytes_);
          break;
        case tensorflow::DT_UINT32:
          AppendField<T>(proto.uint32_val(), &bytes_);
          break;
        case tensorflow::DT_UINT64:
          AppendField<T>(proto.uint64_val(), &bytes_);
          break;
        default:
          AppendField<T>(proto.int_val(), &bytes_);
          break;
      }
    });
  }
  // Typed fields may hold fewer values than elements: TensorFlow repeats the
  // last one (zeros when there is none).
  const size_t width = ElementSize(dtype_);
  const size_t have = width ? bytes_.size() / width : strings_.size();
  splat_ = have <= 1 && n > 1;
  if (have > static_cast<size_t>(n)) {
    status_ = InvalidArgument("a constant of shape " + shape_.ToString() +
                              " holds " + std::to_string(have) + " values");
    return;
  }
  if (dtype_ == tensorflow::DT_STRING) {
    const std::string fill = strings_.empty() ? "" : strings_.back();
    strings_.resize(n, fill);
  } else {
    const std::string fill =
        have ? bytes_.substr(bytes_.size() - width) : std::string(width, '\0');
    for (size_t i = have; i < static_cast<size_t>(n); ++i) bytes_ += fill;
  }
}

int64_t Initializer::num_elements() const {
  return shape_.IsFullyDefined() ? shape_.NumElements() : 0;
}

tensorflow::TensorProto Initializer::AsTensorProto() const {
  tensorflow::TensorProto proto;
  proto.set_dtype(dtype_);
  *proto.mutable_tensor_shape() = shape_.ToProto();
  if (dtype_ == tensorflow::DT_STRING) {
    const size_t n = splat_ && !strings_.empty() ? 1 : strings_.size();
    for (size_t i = 0; i < n; ++i) proto.add_string_val(strings_[i]);
    return proto;
  }
  const int64_t n = num_elements();
  if (n > 1 && !splat_ && dtype_ != tensorflow::DT_BOOL) {
    proto.set_tensor_content(bytes_);
    return proto;
  }
  const int64_t stored = splat_ ? std::min<int64_t>(n, 1) : n;
  VisitNumeric(dtype_, [&](auto tag) {
    using T = decltype(tag);
    for (int64_t i = 0; i < stored; ++i) {
      const T v = ElementAt<T>(bytes_, i);
      switch (dtype_) {
        case tensorflow::DT_FLOAT:
          proto.add_float_val(v);
          break;
        case tensorflow::DT_DOUBLE:
          proto.add_double_val(v);
          break;
        case tensorflow::DT_INT64:
          proto.add_int64_val(v);
          break;
        case tensorflow::DT_BOOL:
          proto.add_bool_val(v);
          break;
        case tensorflow::DT_UINT32:
          proto.add_uint32_val(v);
          break;
        case tensorflow::DT_UINT64:
          proto.add_uint64_val(v);
          break;
        default:
          proto.add_int_val(static_cast<int32_t>(v));
          break;
      }
    }
  });
  return proto;
}

StatusOr<Initializer> Initializer::CastTo(DataType dtype) const {
  if (!status_.ok()) return status_;
  if (dtype == dtype_) return *this;
  Initializer out;
  out.dtype_ = dtype;
  out.shape_ = shape_;
  out.splat_ = splat_;
  const int64_t n = num_elements();
  Status error;
  bool visited = false;
  if (dtype_ != tensorflow::DT_STRING && dtype != tensorflow::DT_STRING) {
    VisitNumeric(dtype_, [&](auto from_tag) {
      using S = decltype(from_tag);
      visited = VisitNumeric(dtype, [&](auto to_tag) {
        using D = decltype(to_tag);
        for (int64_t i = 0; i < n && error.ok(); ++i) {
          const S v = ElementAt<S>(bytes_, i);
          D w{};
          if (!ConvertExactly<D>(v, &w)) {
            error = InvalidArgument("the " + DataTypeName(dtype_) +
                                    " constant value " + std::to_string(v) +
                                    " is not exactly representable as " +
                                    DataTypeName(dtype));
          }
          AppendRaw<D>(&out.bytes_, w);
        }
      });
    });
  }
  if (!visited) {
    return InvalidArgument("cannot convert a " + DataTypeName(dtype_) +
                           " constant to " + DataTypeName(dtype));
  }
  if (!error.ok()) return error;
  return out;
}

}  // namespace kiln
