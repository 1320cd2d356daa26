// Embedding: rows of a table by id; with mask_zero, id 0 is padding.
#include "frontend/keras/layers.h"
#include "frontend/ops/ops.h"

namespace kiln {
namespace keras {

Embedding::Embedding(int64_t input_dim, int64_t output_dim,
                     EmbeddingOptions options)
    : Layer(options.name),
      input_dim_(input_dim),
      output_dim_(output_dim),
      options_(std::move(options)) {}

StatusOr<Shape> Embedding::OutputShape(const Shape& input) const {
  if (input.unknown_rank) {
    return InvalidArgument("Embedding needs a known input rank");
  }
  Shape out = input;
  out.dims.push_back(output_dim_);
  return out;
}

Status Embedding::BuildWeights(const Scope& scope, const Shape& input_shape,
                               uint64_t seed) {
  KILN_RETURN_IF_ERROR(OutputShape(input_shape).status());
  if (input_dim_ <= 0 || output_dim_ <= 0) {
    return InvalidArgument(
        "Embedding needs input_dim and output_dim > 0, not " +
        std::to_string(input_dim_) + " and " + std::to_string(output_dim_));
  }
  return AddWeight(scope, "embeddings", Shape::Of({input_dim_, output_dim_}),
                   options_.embeddings_initializer, seed)
      .status();
}

StatusOr<Output> Embedding::CallImpl(const Scope& s, const Output& x, bool) {
  Output ids = x;
  if (x.dtype() != DT_INT32 && x.dtype() != DT_INT64) {
    ids = ops::Cast(s, x, DT_INT32);
  }
  Output y = ops::GatherV2(s, ReadWeight(s, 0), ids, 0);
  KILN_RETURN_IF_ERROR(s.status());
  return y;
}

StatusOr<Output> Embedding::ComputeMask(const Scope& s, const Output& x,
                                        const Output&) const {
  if (!options_.mask_zero) return Output();
  Output mask = ops::Greater(s, x, ops::ZerosLike(s, x));
  KILN_RETURN_IF_ERROR(s.status());
  return mask;
}

}  // namespace keras
}  // namespace kiln
