// Dataset: tf.data's input pipelines over host tensors. A Dataset is an
// immutable description; MakeIterator(epoch) runs it. Elements are tuples
// of tensors (one per component).
//
//   Dataset ds = Dataset::FromTensorSlices({images, labels})
//                    .Shuffle(10000, /*seed=*/42)
//                    .Map(Normalize, /*num_parallel_calls=*/2)
//                    .Batch(32)
//                    .Prefetch(2);
//   auto it = ds.MakeIterator();
//   while (auto batch = it->Next()) { ... }   // StatusOr<optional<Element>>
//
// Deterministic: for a seed the elements come in the same order whatever
// num_parallel_calls (parallel map and interleave keep the order). Shuffle with
// reshuffle_each_iteration draws a new order per epoch (MakeIterator's
// argument). An error from a map, filter or generator names the
// transformation and the element's index.
#ifndef KILN_FRONTEND_DATA_DATASET_H_
#define KILN_FRONTEND_DATA_DATASET_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "runtime/base/status.h"
#include "runtime/tensor/tensor.h"

namespace kiln {
namespace data {

using Element = std::vector<Tensor>;

class Iterator {
 public:
  virtual ~Iterator() = default;
  // The next element; nullopt at the end.
  virtual StatusOr<std::optional<Element>> Next() = 0;
};

class Dataset {
 public:
  using MapFn = std::function<StatusOr<Element>(Element)>;
  using Predicate = std::function<StatusOr<bool>(const Element&)>;
  using Generator = std::function<StatusOr<std::optional<Element>>()>;
  using DatasetFn = std::function<StatusOr<Dataset>(const Element&)>;

  // Slices along dim 0 of each component (all with the same dim 0).
  static Dataset FromTensorSlices(std::vector<Tensor> components);
  // Named components (tf.data's dict elements), in the order given; see
  // component_names() and ComponentIndex().
  static Dataset FromTensorSlices(
      std::vector<std::pair<std::string, Tensor>> named);
  // int64 scalars start, start + step, ... before stop.
  static Dataset Range(int64_t start, int64_t stop, int64_t step = 1);
  // Elements from a generator made anew for each iteration.
  static Dataset FromGenerator(std::function<Generator()> make);

  Dataset Map(MapFn fn, int num_parallel_calls = 1) const;
  Dataset Filter(Predicate keep) const;
  Dataset Shuffle(int64_t buffer_size, uint64_t seed,
                  bool reshuffle_each_iteration = true) const;
  // Stacks `size` consecutive elements (each component gets a new dim 0);
  // the last, smaller batch is dropped with drop_remainder.
  Dataset Batch(int64_t size, bool drop_remainder = false) const;
  // Batches elements whose components differ in shape (same rank and
  // dtype): each component is padded at the end of every dim, with
  // padding_values[c] (default 0), to padded_shapes[c] where given (a -1
  // dim, or no shape: the largest in the batch).
  Dataset PaddedBatch(int64_t size,
                      std::vector<std::vector<int64_t>> padded_shapes = {},
                      std::vector<double> padding_values = {},
                      bool drop_remainder = false) const;
  // For each input element `fn` makes a dataset; cycle_length of them are
  // open at once and read in turn, block_length elements each, a finished
  // one replaced by the next input's (tf.data's interleave, the same order).
  // num_parallel_calls > 1 reads the open datasets ahead on worker threads.
  Dataset Interleave(DatasetFn fn, int cycle_length, int block_length = 1,
                     int num_parallel_calls = 1) const;
  // Batch's inverse: each row of the components becomes an element.
  Dataset Unbatch() const;
  // The elements `count` times (-1: forever).
  Dataset Repeat(int64_t count = -1) const;
  Dataset Take(int64_t count) const;
  Dataset Skip(int64_t count) const;
  // Produces up to `buffer_size` elements ahead on a worker thread.
  Dataset Prefetch(int64_t buffer_size) const;
  // Keeps the first complete pass in memory and replays it.
  Dataset Cache() const;
  // Keeps the first complete pass in `filename` (TFRecord of serialized
  // tensors, written to a temporary name and renamed when the pass ends)
  // and replays it, in this run and in later ones while the file exists.
  Dataset Cache(const std::string& filename) const;

  std::unique_ptr<Iterator> MakeIterator(int64_t epoch = 0) const;

  // The components' names where the source named them (kept by the stages
  // that keep the element's structure; Map drops them).
  const std::vector<std::string>& component_names() const { return names_; }
  // The index of component `name`; NotFound listing the names.
  StatusOr<size_t> ComponentIndex(const std::string& name) const;

  // The iterator factory of this stage.
  using Factory = std::function<std::unique_ptr<Iterator>(int64_t epoch)>;
  explicit Dataset(Factory factory, std::vector<std::string> names = {})
      : factory_(std::move(factory)), names_(std::move(names)) {}

 private:
  // A stage after this one with the same component names.
  Dataset Derived(Factory factory) const { return Dataset(factory, names_); }

  Factory factory_;
  std::vector<std::string> names_;
};

}  // namespace data
}  // namespace kiln

#endif  // KILN_FRONTEND_DATA_DATASET_H_
