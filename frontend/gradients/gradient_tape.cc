// GradientTape: a creation-index window over the graph plus a watch set.
#include "frontend/gradients/gradient_tape.h"

#include "frontend/internal/graph.h"

namespace kiln {

GradientTape::GradientTape(const Scope& scope, bool persistent)
    : scope_(scope), start_(scope.num_nodes()), persistent_(persistent) {}

void GradientTape::Watch(const Output& x) {
  if (x.valid()) watched_.insert({x.node_name(), x.index()});
}

void GradientTape::Watch(const OutputList& xs) {
  for (const Output& x : xs) Watch(x);
}

void GradientTape::StopRecording() {
  if (stop_ < 0) stop_ = scope_.num_nodes();
}

bool GradientTape::Watched(const Output& x) const {
  return x.valid() && (x.dtype() == DT_RESOURCE ||
                       watched_.count({x.node_name(), x.index()}) > 0);
}

Status GradientTape::Gradient(const Output& target, const OutputList& sources,
                              OutputList* grads,
                              const Output& output_gradient) {
  if (used_ && !persistent_) {
    return FailedPrecondition(
        "GradientTape::Gradient can only be called once on a non-persistent "
        "tape");
  }
  used_ = true;
  OutputList watched;
  std::vector<int> where;  // index into sources of each watched source
  for (size_t i = 0; i < sources.size(); ++i) {
    if (Watched(sources[i])) {
      watched.push_back(sources[i]);
      where.push_back(static_cast<int>(i));
    }
  }
  GradientsOptions options;
  if (output_gradient.valid()) options.grad_ys = {output_gradient};
  const int start = start_;
  const int stop = stop_;
  options.recorded = [start, stop](int node) {
    return node >= start && (stop < 0 || node < stop);
  };
  OutputList found;
  KILN_RETURN_IF_ERROR(Gradients(scope_, {target}, watched, &found, options));
  grads->assign(sources.size(), Output());
  for (size_t i = 0; i < where.size(); ++i) (*grads)[where[i]] = found[i];
  return OkStatus();
}

}  // namespace kiln
