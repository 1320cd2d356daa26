// Tensor: a dtype, a shape and a view into a shared, 64-byte aligned buffer.
//
//   KILN_ASSIGN_OR_RETURN(kiln::TensorShape shape,
//                         kiln::TensorShape::Create({2, 3}));
//   KILN_ASSIGN_OR_RETURN(kiln::Tensor t,
//       kiln::Tensor::FromVector<float>({1, 2, 3, 4, 5, 6}, shape));
//   kiln::Span<float> v = t.flat<float>();   // {ptr, 6}
//   KILN_ASSIGN_OR_RETURN(kiln::Tensor row, t.Slice(1, 2));  // a view
//   row.flat<float>()[0] = 40;                // t's element [1,0] too
//
// Copying a Tensor is cheap and shares the buffer (like TensorFlow's
// Tensor); views keep the buffer alive after the original is gone. Use
// DeepCopy() for independent storage. Data is little-endian host order.
#ifndef KILN_RUNTIME_TENSOR_TENSOR_H_
#define KILN_RUNTIME_TENSOR_TENSOR_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "proto/tensorflow/tensor.pb.h"
#include "runtime/base/status.h"
#include "runtime/tensor/allocator.h"
#include "runtime/tensor/buffer.h"
#include "runtime/tensor/span.h"
#include "runtime/tensor/tensor_shape.h"
#include "runtime/tensor/types.h"

namespace kiln {

class Tensor {
 public:
  // Which TensorProto fields ToProto fills.
  enum class ProtoEncoding {
    kTensorContent,  // raw bytes in tensor_content (compact; the default)
    kTypedField,     // float_val, int_val, half_val, ... (TF's AsProtoField)
  };

  // An invalid tensor: DT_INVALID, scalar shape, no buffer.
  Tensor() = default;

  // Uninitialised memory for `shape`; see Zeros. Fails for an unsupported
  // dtype or when the allocator cannot provide the bytes.
  static StatusOr<Tensor> Allocate(
      DataType dtype, const TensorShape& shape,
      Allocator* allocator = DefaultCpuAllocator());
  // As Allocate, with every byte zero (0, 0.0, false).
  static StatusOr<Tensor> Zeros(DataType dtype, const TensorShape& shape,
                                Allocator* allocator = DefaultCpuAllocator());
  template <typename T>
  static StatusOr<Tensor> Scalar(T value);
  // `values` in row-major order; their count must match `shape`.
  template <typename T>
  static StatusOr<Tensor> FromVector(const std::vector<T>& values,
                                     const TensorShape& shape);
  // A 1-D tensor of `values`.
  template <typename T>
  static StatusOr<Tensor> FromVector(const std::vector<T>& values);
  // Zero copy: a tensor over `buffer` starting `offset` bytes in.
  static StatusOr<Tensor> FromBuffer(DataType dtype, const TensorShape& shape,
                                     std::shared_ptr<Buffer> buffer,
                                     size_t offset = 0);

  // TensorFlow's rules: tensor_content if present (its size must match),
  // else the dtype's typed field (float_val, int_val, half_val, ...), where
  // a short list repeats its last value and an empty one means zeros. More
  // values than elements is an error (TensorFlow silently drops them).
  static StatusOr<Tensor> FromProto(
      const tensorflow::TensorProto& proto,
      Allocator* allocator = DefaultCpuAllocator());
  Status ToProto(tensorflow::TensorProto* proto,
                 ProtoEncoding encoding = ProtoEncoding::kTensorContent) const;

  bool IsInitialized() const;  // a supported dtype with a buffer
  DataType dtype() const { return dtype_; }
  const TensorShape& shape() const { return shape_; }
  int dims() const { return shape_.dims(); }
  int64_t dim_size(int i) const { return shape_.dim_size(i); }
  int64_t NumElements() const { return shape_.num_elements(); }
  size_t bytes() const { return NumElements() * DataTypeSize(dtype_); }
  // True when the data starts on a 64-byte boundary (views may not).
  bool IsAligned() const;

  void* raw_data() const;  // nullptr when uninitialised
  // Typed access. Asking for the wrong T is a programming error: it returns
  // nullptr / an empty span (never aborts), so check dtype() when unsure.
  template <typename T>
  T* data() const;
  template <typename T>
  Span<T> flat() const;

  // Rows [begin, end) along dim 0, sharing the buffer. Fails for a scalar or
  // a range outside [0, dim_size(0)].
  StatusOr<Tensor> Slice(int64_t begin, int64_t end) const;
  // The same elements with a new shape, sharing the buffer.
  StatusOr<Tensor> Reshape(const TensorShape& shape) const;
  // Independent, aligned copy.
  StatusOr<Tensor> DeepCopy(Allocator* allocator = DefaultCpuAllocator()) const;

  const std::shared_ptr<Buffer>& buffer() const { return buffer_; }
  // Whether the buffer is GPU memory (from a device allocator): the host
  // must not touch its data.
  bool on_device() const;
  size_t buffer_offset() const { return offset_; }
  bool SharesBufferWith(const Tensor& other) const {
    return buffer_ != nullptr && buffer_ == other.buffer_;
  }

  // "Tensor<type: float shape: [2,3] values: [[1 2 3][4 5 6]]>", showing at
  // most `max_entries` values ("..." after them).
  std::string ToString(int64_t max_entries = 10) const;

 private:
  Tensor(DataType dtype, TensorShape shape, std::shared_ptr<Buffer> buffer,
         size_t offset)
      : dtype_(dtype),
        shape_(std::move(shape)),
        buffer_(std::move(buffer)),
        offset_(offset) {}

  DataType dtype_ = tensorflow::DT_INVALID;
  TensorShape shape_;
  std::shared_ptr<Buffer> buffer_;
  size_t offset_ = 0;
};

// ---------------------------------------------------------------------------
// Template definitions.

template <typename T>
T* Tensor::data() const {
  if (DataTypeOf<T>::value != dtype_) return nullptr;
  return static_cast<T*>(raw_data());
}

template <typename T>
Span<T> Tensor::flat() const {
  T* p = data<T>();
  if (p == nullptr) return Span<T>();
  return Span<T>(p, NumElements());
}

template <typename T>
StatusOr<Tensor> Tensor::Scalar(T value) {
  KILN_ASSIGN_OR_RETURN(Tensor t,
                        Allocate(DataTypeOf<T>::value, TensorShape()));
  *t.data<T>() = value;
  return t;
}

template <typename T>
StatusOr<Tensor> Tensor::FromVector(const std::vector<T>& values,
                                    const TensorShape& shape) {
  if (static_cast<int64_t>(values.size()) != shape.num_elements()) {
    return InvalidArgument("FromVector: " + std::to_string(values.size()) +
                           " values for shape " + shape.ToString() + " (" +
                           std::to_string(shape.num_elements()) + " elements)");
  }
  KILN_ASSIGN_OR_RETURN(Tensor t, Allocate(DataTypeOf<T>::value, shape));
  T* out = t.data<T>();
  for (size_t i = 0; i < values.size(); ++i) out[i] = values[i];
  return t;
}

template <typename T>
StatusOr<Tensor> Tensor::FromVector(const std::vector<T>& values) {
  KILN_ASSIGN_OR_RETURN(
      TensorShape shape,
      TensorShape::Create({static_cast<int64_t>(values.size())}));
  return FromVector(values, shape);
}

}  // namespace kiln

#endif  // KILN_RUNTIME_TENSOR_TENSOR_H_
