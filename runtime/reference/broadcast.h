// Index helpers for the reference kernels: NumPy broadcasting strides and a
// row-major walk that tracks one offset per operand without div/mod.
//
//   std::vector<int64_t> out = {2, 3};
//   IndexWalker w(out, {BroadcastStrides({3}, out), BroadcastStrides({2, 1}, out)});
//   for (int64_t i = 0; i < 6; ++i, w.Next()) z[i] = x[w.offset(0)] + y[w.offset(1)];
#ifndef KILN_RUNTIME_REFERENCE_BROADCAST_H_
#define KILN_RUNTIME_REFERENCE_BROADCAST_H_

#include <cstdint>
#include <optional>
#include <vector>

namespace kiln {
namespace reference {

// Row-major strides of `dims` (in elements).
std::vector<int64_t> RowMajorStrides(const std::vector<int64_t>& dims);

// Strides that read a row-major tensor of `in_dims` as if it were broadcast
// to `out_dims`: dims are aligned on the right and size-1 (or missing) dims
// get stride 0. `in_dims` must broadcast to `out_dims`.
std::vector<int64_t> BroadcastStrides(const std::vector<int64_t>& in_dims,
                                      const std::vector<int64_t>& out_dims);

// NumPy's broadcast of two shapes; nullopt when they do not broadcast.
std::optional<std::vector<int64_t>> BroadcastDims(
    const std::vector<int64_t>& a, const std::vector<int64_t>& b);

// Walks every index of `dims` in row-major order; offset(k) is the index's
// dot product with strides[k]. Next() is amortised O(1).
class IndexWalker {
 public:
  IndexWalker(std::vector<int64_t> dims,
              std::vector<std::vector<int64_t>> strides);

  int64_t offset(int k) const { return offsets_[k]; }
  const std::vector<int64_t>& index() const { return index_; }
  void Next();

 private:
  std::vector<int64_t> dims_;
  std::vector<std::vector<int64_t>> strides_;
  std::vector<int64_t> index_;
  std::vector<int64_t> offsets_;
};

}  // namespace reference
}  // namespace kiln

#endif  // KILN_RUNTIME_REFERENCE_BROADCAST_H_
