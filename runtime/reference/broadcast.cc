// Broadcasting strides and the row-major index walk of the reference kernels.
#include "runtime/reference/broadcast.h"

#include <utility>

namespace kiln {
namespace reference {

std::vector<int64_t> RowMajorStrides(const std::vector<int64_t>& dims) {
  std::vector<int64_t> strides(dims.size(), 1);
  for (int i = static_cast<int>(dims.size()) - 2; i >= 0; --i) {
    strides[i] = strides[i + 1] * dims[i + 1];
  }
  return strides;
}

std::vector<int64_t> BroadcastStrides(const std::vector<int64_t>& in_dims,
                                      const std::vector<int64_t>& out_dims) {
  const std::vector<int64_t> in_strides = RowMajorStrides(in_dims);
  std::vector<int64_t> strides(out_dims.size(), 0);
  const size_t lead = out_dims.size() - in_dims.size();
  for (size_t i = 0; i < in_dims.size(); ++i) {
    strides[lead + i] = in_dims[i] == 1 ? 0 : in_strides[i];
  }
  return strides;
}

std::optional<std::vector<int64_t>> BroadcastDims(
    const std::vector<int64_t>& a, const std::vector<int64_t>& b) {
  const size_t rank = a.size() > b.size() ? a.size() : b.size();
  std::vector<int64_t> out(rank);
  for (size_t i = 0; i < rank; ++i) {
    // Aligned on the right; a missing dim acts as 1.
    const int64_t da = i < rank - a.size() ? 1 : a[i - (rank - a.size())];
    const int64_t db = i < rank - b.size() ? 1 : b[i - (rank - b.size())];
    if (da != db && da != 1 && db != 1) return std::nullopt;
    out[i] = da == 1 ? db : da;
  }
  return out;
}

IndexWalker::IndexWalker(std::vector<int64_t> dims,
                         std::vector<std::vector<int64_t>> strides)
    : dims_(std::move(dims)),
      strides_(std::move(strides)),
      index_(dims_.size(), 0),
      offsets_(strides_.size(), 0) {}

void IndexWalker::Next() {
  for (int d = static_cast<int>(dims_.size()) - 1; d >= 0; --d) {
    ++index_[d];
    for (size_t k = 0; k < strides_.size(); ++k) offsets_[k] += strides_[k][d];
    if (index_[d] < dims_[d]) return;
    // Carry: rewind this dim and bump the next outer one.
    for (size_t k = 0; k < strides_.size(); ++k) {
      offsets_[k] -= strides_[k][d] * index_[d];
    }
    index_[d] = 0;
  }
}

}  // namespace reference
}  // namespace kiln
