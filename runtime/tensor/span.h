// Span<T>: a pointer and an element count (C++17 has no std::span).
//
//   kiln::Span<float> v = tensor.flat<float>();
//   for (float& x : v) x *= 2;
#ifndef KILN_RUNTIME_TENSOR_SPAN_H_
#define KILN_RUNTIME_TENSOR_SPAN_H_

#include <cstdint>

namespace kiln {

template <typename T>
class Span {
 public:
  Span() = default;
  Span(T* data, int64_t size) : data_(data), size_(size) {}

  T* data() const { return data_; }
  int64_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  T& operator[](int64_t i) const { return data_[i]; }
  T* begin() const { return data_; }
  T* end() const { return data_ + size_; }

 private:
  T* data_ = nullptr;
  int64_t size_ = 0;
};

}  // namespace kiln

#endif  // KILN_RUNTIME_TENSOR_SPAN_H_
