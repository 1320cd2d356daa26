// Tensor: allocation, views, copies, printing and TensorProto conversion.
#include "runtime/tensor/tensor.h"

#include <cstring>
#include <sstream>
#include <utility>

namespace kiln {
namespace {

using tensorflow::TensorProto;

Status CheckSupported(DataType dtype, const char* what) {
  if (IsSupportedDataType(dtype)) return OkStatus();
  return Unimplemented(std::string(what) + ": dtype " + DataTypeName(dtype) +
                       " is not supported by kiln::Tensor");
}

// ---- TensorProto typed fields, per C++ type (TensorFlow's ProtoHelper). ----

template <typename T>
struct ProtoField;

#define KILN_PROTO_FIELD_(T, field, Stored)                                \
  template <>                                                              \
  struct ProtoField<T> {                                                   \
    static const char* Name() { return #field "_val"; }                    \
    static int Size(const TensorProto& p) { return p.field##_val_size(); } \
    static T Get(const TensorProto& p, int i) {                            \
      return static_cast<T>(p.field##_val(i));                             \
    }                                                                      \
    static void Add(TensorProto* p, T v) {                                 \
      p->add_##field##_val(static_cast<Stored>(v));                        \
    }                                                                      \
  }
KILN_PROTO_FIELD_(float, float, float);
KILN_PROTO_FIELD_(double, double, double);
KILN_PROTO_FIELD_(int32_t, int, int32_t);
KILN_PROTO_FIELD_(int16_t, int, int32_t);
KILN_PROTO_FIELD_(int8_t, int, int32_t);
KILN_PROTO_FIELD_(uint8_t, int, int32_t);
KILN_PROTO_FIELD_(uint16_t, int, int32_t);
KILN_PROTO_FIELD_(int64_t, int64, int64_t);
KILN_PROTO_FIELD_(bool, bool, bool);
KILN_PROTO_FIELD_(uint32_t, uint32, uint32_t);
KILN_PROTO_FIELD_(uint64_t, uint64, uint64_t);
#undef KILN_PROTO_FIELD_

// half and bfloat16 travel as their bits in half_val.
template <typename T>
struct HalfProtoField {
  static const char* Name() { return "half_val"; }
  static int Size(const TensorProto& p) { return p.half_val_size(); }
  static T Get(const TensorProto& p, int i) {
    return T::FromBits(static_cast<uint16_t>(p.half_val(i)));
  }
  static void Add(TensorProto* p, T v) { p->add_half_val(v.bits); }
};
template <>
struct ProtoField<half> : HalfProtoField<half> {};
template <>
struct ProtoField<bfloat16> : HalfProtoField<bfloat16> {};

template <typename T>
Status FillFromField(const TensorProto& proto, Tensor* t) {
  using Field = ProtoField<T>;
  const int64_t n = t->NumElements();
  const int64_t in_n = Field::Size(proto);
  T* out = t->data<T>();
  if (in_n > n) {
    return InvalidArgument("TensorProto of shape " + t->shape().ToString() +
                           " has " + std::to_string(in_n) + " values in " +
                           Field::Name() + "; expected at most " +
                           std::to_string(n));
  }
  if (n == 0) return OkStatus();
  if (in_n == 0) {
    std::memset(static_cast<void*>(out), 0, t->bytes());
    return OkStatus();
  }
  for (int i = 0; i < in_n; ++i) out[i] = Field::Get(proto, i);
  for (int64_t i = in_n; i < n; ++i) out[i] = out[in_n - 1];
  return OkStatus();
}

// ---- Printing. ----

template <typename T>
void PrintValue(std::ostream& os, T v) {
  if constexpr (std::is_same_v<T, half> || std::is_same_v<T, bfloat16>) {
    os << static_cast<float>(v);
  } else if constexpr (std::is_floating_point_v<T>) {
    os << v;
  } else if constexpr (std::is_same_v<T, uint64_t>) {
    os << v;
  } else {
    os << static_cast<int64_t>(v);
  }
}

}  // namespace

StatusOr<Tensor> Tensor::Allocate(DataType dtype, const TensorShape& shape,
                                  Allocator* allocator) {
  KILN_RETURN_IF_ERROR(CheckSupported(dtype, "Tensor::Allocate"));
  const size_t bytes = shape.num_elements() * DataTypeSize(dtype);
  StatusOr<std::shared_ptr<Buffer>> buffer =
      Buffer::Allocate(allocator, bytes, kTensorAlignment);
  if (!buffer.ok()) {
    return buffer.status().WithPrefix("Tensor::Allocate(" +
                                      DataTypeName(dtype) + " " +
                                      shape.ToString() + ")");
  }
  return Tensor(dtype, shape, std::move(buffer).value(), 0);
}

StatusOr<Tensor> Tensor::Zeros(DataType dtype, const TensorShape& shape,
                               Allocator* allocator) {
  KILN_ASSIGN_OR_RETURN(Tensor t, Allocate(dtype, shape, allocator));
  if (t.bytes() > 0) std::memset(t.raw_data(), 0, t.bytes());
  return t;
}

StatusOr<Tensor> Tensor::FromBuffer(DataType dtype, const TensorShape& shape,
                                    std::shared_ptr<Buffer> buffer,
                                    size_t offset) {
  KILN_RETURN_IF_ERROR(CheckSupported(dtype, "Tensor::FromBuffer"));
  if (buffer == nullptr) return InvalidArgument("Tensor::FromBuffer: null");
  const size_t bytes = shape.num_elements() * DataTypeSize(dtype);
  if (offset > buffer->size() || bytes > buffer->size() - offset) {
    return InvalidArgument("Tensor::FromBuffer: " + DataTypeName(dtype) + " " +
                           shape.ToString() + " needs " +
                           std::to_string(bytes) + " bytes at offset " +
                           std::to_string(offset) + " but the buffer has " +
                           std::to_string(buffer->size()));
  }
  return Tensor(dtype, shape, std::move(buffer), offset);
}

bool Tensor::IsInitialized() const {
  return buffer_ != nullptr && IsSupportedDataType(dtype_);
}

bool Tensor::IsAligned() const {
  return reinterpret_cast<uintptr_t>(raw_data()) % kTensorAlignment == 0;
}

void* Tensor::raw_data() const {
  if (buffer_ == nullptr) return nullptr;
  return static_cast<char*>(buffer_->data()) + offset_;
}

StatusOr<Tensor> Tensor::Slice(int64_t begin, int64_t end) const {
  if (!IsInitialized()) return FailedPrecondition("Slice of an empty Tensor");
  if (dims() == 0) return InvalidArgument("Slice of a scalar");
  const int64_t rows = dim_size(0);
  if (begin < 0 || end < begin || end > rows) {
    return InvalidArgument("Slice [" + std::to_string(begin) + ", " +
                           std::to_string(end) + ") out of range for shape " +
                           shape_.ToString());
  }
  std::vector<int64_t> dims = shape_.dim_sizes();
  dims[0] = end - begin;
  KILN_ASSIGN_OR_RETURN(TensorShape shape, TensorShape::Create(dims));
  // Row size from the shape (not bytes()/rows, which fails for rows == 0).
  int64_t row_elems = 1;
  for (size_t i = 1; i < dims.size(); ++i) row_elems *= dims[i];
  const size_t offset = offset_ + begin * row_elems * DataTypeSize(dtype_);
  return Tensor(dtype_, std::move(shape), buffer_, offset);
}

StatusOr<Tensor> Tensor::Reshape(const TensorShape& shape) const {
  if (!IsInitialized()) return FailedPrecondition("Reshape of an empty Tensor");
  if (shape.num_elements() != NumElements()) {
    return InvalidArgument("Reshape from " + shape_.ToString() + " (" +
                           std::to_string(NumElements()) + " elements) to " +
                           shape.ToString() + " (" +
                           std::to_string(shape.num_elements()) + " elements)");
  }
  return Tensor(dtype_, shape, buffer_, offset_);
}

bool Tensor::on_device() const {
  return buffer_ != nullptr && buffer_->allocator() != nullptr &&
         buffer_->allocator()->device_ordinal() >= 0;
}

StatusOr<Tensor> Tensor::DeepCopy(Allocator* allocator) const {
  if (!IsInitialized())
    return FailedPrecondition("DeepCopy of an empty Tensor");
  if (on_device() || allocator->device_ordinal() >= 0) {
    return FailedPrecondition("DeepCopy copies host memory; this " +
                              shape_.ToString() + " tensor is on the GPU");
  }
  KILN_ASSIGN_OR_RETURN(Tensor copy, Allocate(dtype_, shape_, allocator));
  if (bytes() > 0) std::memcpy(copy.raw_data(), raw_data(), bytes());
  return copy;
}

std::string Tensor::ToString(int64_t max_entries) const {
  std::ostringstream os;
  os << "Tensor<type: " << DataTypeName(dtype_)
     << " shape: " << shape_.ToString();
  if (!IsInitialized()) return os.str() + " uninitialized>";
  if (on_device()) return os.str() + " on the GPU>";
  os << " values: ";
  const int64_t n = NumElements();
  const int64_t shown = std::min(n, std::max<int64_t>(max_entries, 0));
  const std::vector<int64_t>& d = shape_.dim_sizes();
  VisitDataType(dtype_, [&](auto tag) {
    using T = typename decltype(tag)::type;
    const T* p = data<T>();
    if (n == 0 || dims() == 0) {
      if (n > 0 && shown > 0) PrintValue(os, p[0]);
      if (n == 0) os << "[]";
      if (n > 0 && shown == 0) os << "...";
      return;
    }
    // Brackets open where an index starts a dim and close where it ends one.
    for (int64_t i = 0; i < shown; ++i) {
      int64_t stride = 1;
      std::string close;
      int opens = 0;
      for (int k = dims() - 1; k >= 0; --k) {
        stride *= d[k];
        if (i % stride == 0) ++opens;
        if ((i + 1) % stride == 0) close += "]";
      }
      if (i > 0 && opens == 0) os << ' ';
      os << std::string(opens, '[');
      PrintValue(os, p[i]);
      os << close;
    }
    if (shown < n) os << "...";
  });
  os << ">";
  return os.str();
}

StatusOr<Tensor> Tensor::FromProto(const TensorProto& proto,
                                   Allocator* allocator) {
  const DataType dtype = proto.dtype();
  KILN_RETURN_IF_ERROR(CheckSupported(dtype, "TensorProto"));
  StatusOr<TensorShape> shape = TensorShape::FromProto(proto.tensor_shape());
  if (!shape.ok()) return shape.status().WithPrefix("TensorProto");
  KILN_ASSIGN_OR_RETURN(Tensor t, Allocate(dtype, *shape, allocator));
  if (!proto.tensor_content().empty()) {
    const std::string& content = proto.tensor_content();
    if (content.size() != t.bytes()) {
      return InvalidArgument("TensorProto of " + DataTypeName(dtype) + " " +
                             shape->ToString() + ": tensor_content has " +
                             std::to_string(content.size()) +
                             " bytes; expected " + std::to_string(t.bytes()));
    }
    if (t.bytes() > 0) std::memcpy(t.raw_data(), content.data(), t.bytes());
    if (dtype == tensorflow::DT_BOOL) {  // only 0 and 1 are valid bools
      auto* b = static_cast<uint8_t*>(t.raw_data());
      for (size_t i = 0; i < t.bytes(); ++i) b[i] = b[i] != 0;
    }
    return t;
  }
  Status status;
  VisitDataType(dtype, [&](auto tag) {
    status = FillFromField<typename decltype(tag)::type>(proto, &t);
  });
  KILN_RETURN_IF_ERROR(status);
  return t;
}

Status Tensor::ToProto(TensorProto* proto, ProtoEncoding encoding) const {
  if (!IsInitialized()) return FailedPrecondition("ToProto of an empty Tensor");
  proto->Clear();
  proto->set_dtype(dtype_);
  shape_.ToProto(proto->mutable_tensor_shape());
  if (encoding == ProtoEncoding::kTensorContent) {
    proto->set_tensor_content(static_cast<const char*>(raw_data()), bytes());
    return OkStatus();
  }
  VisitDataType(dtype_, [&](auto tag) {
    using T = typename decltype(tag)::type;
    for (T v : flat<T>()) ProtoField<T>::Add(proto, v);
  });
  return OkStatus();
}

}  // namespace kiln
