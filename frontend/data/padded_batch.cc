// PaddedBatch: stacks elements whose components differ in shape, each
// padded at the end of every dim to a common shape (tf.data's
// padded_batch).
#include <algorithm>
#include <cstring>
#include <type_traits>

#include "frontend/data/dataset.h"
#include "frontend/data/element_util.h"

namespace kiln {
namespace data {
namespace {

// Every element of `t` set to `value` in t's dtype.
void Fill(Tensor& t, double value) {
  VisitDataType(t.dtype(), [&](auto tag) {
    using T = typename decltype(tag)::type;
    T v;
    if constexpr (std::is_arithmetic_v<T>) {
      v = static_cast<T>(value);
    } else {
      v = T(static_cast<float>(value));
    }
    std::fill_n(t.data<T>(), t.NumElements(), v);
  });
}

// Copies `src` into the leading corner of `dst` (same rank, dst's dims >=
// src's), starting `dst_offset` bytes in.
void CopyIntoCorner(const Tensor& src, const std::vector<int64_t>& dst_dims,
                    char* dst) {
  const size_t width = DataTypeSize(src.dtype());
  const int rank = src.dims();
  if (src.NumElements() == 0) return;
  if (rank == 0) {
    std::memcpy(dst, src.raw_data(), width);
    return;
  }
  const size_t run = static_cast<size_t>(src.dim_size(rank - 1)) * width;
  std::vector<int64_t> index(rank - 1, 0);
  const char* from = static_cast<const char*>(src.raw_data());
  while (true) {
    int64_t offset = 0;
    for (int d = 0; d + 1 < rank; ++d) offset = offset * dst_dims[d] + index[d];
    std::memcpy(dst + offset * dst_dims[rank - 1] * width, from, run);
    from += run;
    int d = rank - 2;
    for (; d >= 0; --d) {
      if (++index[d] < src.dim_size(d)) break;
      index[d] = 0;
    }
    if (d < 0) return;
  }
}

// The padded shape of component `c`: padded[c] where given (-1: the
// largest in the batch), else the largest in the batch.
StatusOr<std::vector<int64_t>> TargetDims(
    const std::vector<Element>& items, size_t c,
    const std::vector<std::vector<int64_t>>& padded) {
  const int rank = items[0][c].dims();
  std::vector<int64_t> dims(rank, 0);
  for (size_t i = 0; i < items.size(); ++i) {
    const Tensor& t = items[i][c];
    if (t.dims() != rank || t.dtype() != items[0][c].dtype()) {
      return InvalidArgument(
          "element " + std::to_string(i) + " component " + std::to_string(c) +
          " is " + DataTypeName(t.dtype()) + t.shape().ToString() +
          ", element 0's is " + DataTypeName(items[0][c].dtype()) +
          items[0][c].shape().ToString() + " (ranks and dtypes must agree)");
    }
    for (int d = 0; d < rank; ++d) dims[d] = std::max(dims[d], t.dim_size(d));
  }
  if (c >= padded.size() || padded[c].empty()) return dims;
  if (static_cast<int>(padded[c].size()) != rank) {
    return InvalidArgument("padded shape of component " + std::to_string(c) +
                           " has rank " + std::to_string(padded[c].size()) +
                           ", the component has rank " + std::to_string(rank));
  }
  for (int d = 0; d < rank; ++d) {
    if (padded[c][d] < 0) continue;
    if (padded[c][d] < dims[d]) {
      return InvalidArgument(
          "component " + std::to_string(c) + " dim " + std::to_string(d) +
          " is " + std::to_string(dims[d]) + ", larger than its padded size " +
          std::to_string(padded[c][d]));
    }
    dims[d] = padded[c][d];
  }
  return dims;
}

StatusOr<Element> PadAndStack(const std::vector<Element>& items,
                              const std::vector<std::vector<int64_t>>& padded,
                              const std::vector<double>& values) {
  Element out;
  for (size_t c = 0; c < items[0].size(); ++c) {
    for (size_t i = 0; i < items.size(); ++i) {
      if (items[i].size() != items[0].size()) {
        return InvalidArgument("element " + std::to_string(i) + " has " +
                               std::to_string(items[i].size()) +
                               " components, element 0 has " +
                               std::to_string(items[0].size()));
      }
    }
    KILN_ASSIGN_OR_RETURN(std::vector<int64_t> dims,
                          TargetDims(items, c, padded));
    std::vector<int64_t> batch_dims = dims;
    batch_dims.insert(batch_dims.begin(), static_cast<int64_t>(items.size()));
    KILN_ASSIGN_OR_RETURN(TensorShape shape, TensorShape::Create(batch_dims));
    KILN_ASSIGN_OR_RETURN(Tensor batch,
                          Tensor::Allocate(items[0][c].dtype(), shape));
    Fill(batch, c < values.size() ? values[c] : 0.0);
    const size_t row_bytes = batch.bytes() / std::max<size_t>(1, items.size());
    for (size_t i = 0; i < items.size(); ++i) {
      CopyIntoCorner(items[i][c], dims,
                     static_cast<char*>(batch.raw_data()) + i * row_bytes);
    }
    out.push_back(std::move(batch));
  }
  return out;
}

class PaddedBatchIterator : public Iterator {
 public:
  PaddedBatchIterator(std::unique_ptr<Iterator> in, int64_t size,
                      std::vector<std::vector<int64_t>> padded,
                      std::vector<double> values, bool drop)
      : in_(std::move(in)),
        size_(std::max<int64_t>(1, size)),
        padded_(std::move(padded)),
        values_(std::move(values)),
        drop_(drop) {}
  StatusOr<std::optional<Element>> Next() override {
    KILN_ASSIGN_OR_RETURN(std::vector<Element> items,
                          NextBatchItems(*in_, size_, drop_));
    if (items.empty()) return std::optional<Element>();
    StatusOr<Element> batch = PadAndStack(items, padded_, values_);
    if (!batch.ok()) return AtElement(batch.status(), "padded_batch", index_);
    index_ += static_cast<int64_t>(items.size());
    return std::optional<Element>(*std::move(batch));
  }

 private:
  std::unique_ptr<Iterator> in_;
  int64_t size_;
  std::vector<std::vector<int64_t>> padded_;
  std::vector<double> values_;
  bool drop_;
  int64_t index_ = 0;
};

}  // namespace

Dataset Dataset::PaddedBatch(int64_t size,
                             std::vector<std::vector<int64_t>> padded_shapes,
                             std::vector<double> padding_values,
                             bool drop_remainder) const {
  Factory up = factory_;
  return Derived([=](int64_t epoch) {
    return std::make_unique<PaddedBatchIterator>(
        up(epoch), size, padded_shapes, padding_values, drop_remainder);
  });
}

}  // namespace data
}  // namespace kiln
