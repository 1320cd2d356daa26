// Traced: a Dataset map function written with graph ops, as a function
// given to tf.data's map is traced into a graph. `fn` is called over
// Placeholders (dtype and rank of each component, every dim unknown) the
// first time an element of that signature arrives, and the graph it builds
// runs compiled in a Session for every element; a new signature traces
// again (num_traces() counts). Session::Run is thread-safe, so
// num_parallel_calls runs elements concurrently.
//
//   auto normalize = data::Traced(
//       [](const Scope& s, const OutputList& in) -> StatusOr<OutputList> {
//         Output x = ops::Cast(s, in[0], DT_FLOAT);
//         return OutputList{ops::Mul(s, x, 1.0f / 255), in[1]};
//       });
//   Dataset ds = raw.Batch(32).Map(normalize, /*num_parallel_calls=*/2);
//
// Errors from building or running the graph name the signature.
#ifndef KILN_FRONTEND_DATA_TRACED_MAP_H_
#define KILN_FRONTEND_DATA_TRACED_MAP_H_

#include <functional>
#include <memory>

#include "frontend/data/dataset.h"
#include "frontend/output.h"
#include "frontend/scope.h"

namespace kiln {
namespace data {

using GraphMapFn =
    std::function<StatusOr<OutputList>(const Scope&, const OutputList&)>;

class TracedMap {
 public:
  explicit TracedMap(GraphMapFn fn);
  // The map function for Dataset::Map (copies share the traces).
  Dataset::MapFn fn() const;
  int64_t num_traces() const;

 private:
  struct State;
  std::shared_ptr<State> state_;
};

// TracedMap(fn).fn().
Dataset::MapFn Traced(GraphMapFn fn);

}  // namespace data
}  // namespace kiln

#endif  // KILN_FRONTEND_DATA_TRACED_MAP_H_
