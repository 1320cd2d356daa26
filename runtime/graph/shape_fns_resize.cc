// Shape functions of the image resizing ops: NHWC images, a [2] size.
#include "runtime/graph/internal/shape_fns.h"

namespace kiln {

// images [n, h, w, c] and size [2] (constant: [out_h, out_w]) ->
// [n, out_h, out_w, c]; ResizeNearestNeighborGrad's grads likewise.
Status ResizeShape(ShapeContext& c) {
  KILN_ASSIGN_OR_RETURN(Shape images, c.InputWithRank(0, 4));
  KILN_ASSIGN_OR_RETURN(Shape size, c.InputWithRank(1, 1));
  if (size.dims[0] >= 0 && size.dims[0] != 2) {
    return c.Error("size must have 2 values, not " + size.ToString());
  }
  if (images.unknown_rank) images = UnknownDims(4);
  std::optional<std::vector<int64_t>> hw = c.ConstantInput(1);
  if (hw && ((*hw)[0] <= 0 || (*hw)[1] <= 0)) {
    return c.Error("size " + ValuesToString(*hw) + " must be positive");
  }
  images.dims[1] = hw ? (*hw)[0] : kUnknownDim;
  images.dims[2] = hw ? (*hw)[1] : kUnknownDim;
  c.SetOutputShape(0, std::move(images));
  return OkStatus();
}

// grads [n, out_h, out_w, c] onto original_image's shape.
Status ResizeBilinearGradShape(ShapeContext& c) {
  KILN_ASSIGN_OR_RETURN(Shape grads, c.InputWithRank(0, 4));
  KILN_ASSIGN_OR_RETURN(Shape original, c.InputWithRank(1, 4));
  if (!grads.unknown_rank && !original.unknown_rank) {
    KILN_RETURN_IF_ERROR(
        MergeDim(c, grads.dims[0], original.dims[0], "batch").status());
    KILN_RETURN_IF_ERROR(
        MergeDim(c, grads.dims[3], original.dims[3], "channels").status());
  }
  c.SetOutputShape(0, original.unknown_rank ? UnknownDims(4) : original);
  return OkStatus();
}

}  // namespace kiln
