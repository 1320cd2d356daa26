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

// images [n, h, w, c], transforms [1 or n, 8], output_shape [2] (positive;
// a constant gives the output's height and width), fill_value a scalar.
Status ImageProjectiveTransformShape(ShapeContext& c) {
  KILN_ASSIGN_OR_RETURN(Shape images, c.InputWithRank(0, 4));
  KILN_ASSIGN_OR_RETURN(Shape transforms, c.InputWithRank(1, 2));
  KILN_ASSIGN_OR_RETURN(Shape size, c.InputWithRank(2, 1));
  KILN_RETURN_IF_ERROR(c.InputWithRank(3, 0).status());
  if (!transforms.unknown_rank && transforms.dims[1] >= 0 &&
      transforms.dims[1] != 8) {
    return c.Error("transforms must be [1 or batch, 8], not " +
                   transforms.ToString());
  }
  if (size.dims[0] >= 0 && size.dims[0] != 2) {
    return c.Error("output_shape must have 2 values, not " + size.ToString());
  }
  if (images.unknown_rank) images = UnknownDims(4);
  std::optional<std::vector<int64_t>> hw = c.ConstantInput(2);
  if (hw && ((*hw)[0] <= 0 || (*hw)[1] <= 0)) {
    return c.Error("output_shape " + ValuesToString(*hw) +
                   " must be positive");
  }
  images.dims[1] = hw ? (*hw)[0] : kUnknownDim;
  images.dims[2] = hw ? (*hw)[1] : kUnknownDim;
  c.SetOutputShape(0, std::move(images));
  return OkStatus();
}

}  // namespace kiln
