#include "frontend/keras/window_shape.h"

#include "runtime/graph/window_geometry.h"

namespace kiln {
namespace keras {

StatusOr<std::string> PaddingAttr(const std::string& padding,
                                  const std::string& layer) {
  if (padding == "valid") return std::string("VALID");
  if (padding == "same") return std::string("SAME");
  return InvalidArgument(layer +
                         ": padding must be \"valid\" or \"same\", not \"" +
                         padding + "\"");
}

StatusOr<std::string> DataFormatAttr(const std::string& data_format,
                                     const std::string& layer) {
  if (data_format == "channels_last") return std::string("NHWC");
  if (data_format == "channels_first") return std::string("NCHW");
  return InvalidArgument(layer +
                         ": data_format must be \"channels_last\" or "
                         "\"channels_first\", not \"" +
                         data_format + "\"");
}

std::vector<int64_t> SpatialAttr(Window w, bool nchw) {
  return nchw ? std::vector<int64_t>{1, 1, w.h, w.w}
              : std::vector<int64_t>{1, w.h, w.w, 1};
}

StatusOr<Shape> WindowedShape(const Shape& input, bool nchw, Window k,
                              Window strides, Window dilation,
                              const std::string& padding, int64_t out_c,
                              const std::string& layer) {
  if (input.unknown_rank || input.rank() != 4) {
    return InvalidArgument(layer + " needs a 4-D input, not " +
                           input.ToString());
  }
  KILN_ASSIGN_OR_RETURN(std::string pad, PaddingAttr(padding, layer));
  const WindowPadding mode =
      pad == "SAME" ? WindowPadding::kSame : WindowPadding::kValid;
  const int h = nchw ? 2 : 1, w = nchw ? 3 : 2, c = nchw ? 1 : 3;
  KILN_ASSIGN_OR_RETURN(SpatialDim oh,
                        WindowOutput(mode, input.dims[h], k.h, strides.h,
                                     dilation.h, 0, 0, layer));
  KILN_ASSIGN_OR_RETURN(SpatialDim ow,
                        WindowOutput(mode, input.dims[w], k.w, strides.w,
                                     dilation.w, 0, 0, layer));
  Shape out = input;
  out.dims[h] = oh.out;
  out.dims[w] = ow.out;
  if (out_c >= 0) out.dims[c] = out_c;
  return out;
}

}  // namespace keras
}  // namespace kiln
