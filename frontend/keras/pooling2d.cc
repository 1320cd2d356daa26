#include "frontend/keras/conv_layers.h"
#include "frontend/keras/window_shape.h"
#include "frontend/ops/ops.h"

namespace kiln {
namespace keras {

Pooling2D::Pooling2D(Kind kind, Window pool_size, Pooling2DOptions options)
    : Layer(!options.name.empty() ? options.name
            : kind == Kind::kMax  ? "max_pooling2d"
                                  : "average_pooling2d"),
      kind_(kind),
      pool_(pool_size),
      options_(std::move(options)) {}

StatusOr<Shape> Pooling2D::OutputShape(const Shape& input) const {
  KILN_ASSIGN_OR_RETURN(std::string format,
                        DataFormatAttr(options_.data_format, type()));
  return WindowedShape(input, format == "NCHW", pool_,
                       options_.strides.value_or(pool_), Window{1, 1},
                       options_.padding, -1, type());
}

StatusOr<Output> Pooling2D::CallImpl(const Scope& s, const Output& x, bool) {
  KILN_RETURN_IF_ERROR(OutputShape(x.shape()).status());
  KILN_ASSIGN_OR_RETURN(std::string format,
                        DataFormatAttr(options_.data_format, type()));
  KILN_ASSIGN_OR_RETURN(std::string padding,
                        PaddingAttr(options_.padding, type()));
  const bool nchw = format == "NCHW";
  const std::vector<int64_t> ksize = SpatialAttr(pool_, nchw);
  const std::vector<int64_t> strides =
      SpatialAttr(options_.strides.value_or(pool_), nchw);
  Output y = kind_ == Kind::kMax
                 ? ops::MaxPool(s, x, ksize, strides, padding,
                                ops::MaxPoolAttrs().DataFormat(format))
                 : ops::AvgPool(s, x, ksize, strides, padding,
                                ops::AvgPoolAttrs().DataFormat(format));
  KILN_RETURN_IF_ERROR(s.status());
  return y;
}

StatusOr<Shape> GlobalAveragePooling2D::OutputShape(const Shape& input) const {
  KILN_ASSIGN_OR_RETURN(std::string format,
                        DataFormatAttr(data_format_, type()));
  if (input.unknown_rank || input.rank() != 4) {
    return InvalidArgument(type() + " needs a 4-D input, not " +
                           input.ToString());
  }
  return Shape::Of({input.dims[0], input.dims[format == "NCHW" ? 1 : 3]});
}

StatusOr<Output> GlobalAveragePooling2D::CallImpl(const Scope& s,
                                                  const Output& x, bool) {
  KILN_RETURN_IF_ERROR(OutputShape(x.shape()).status());
  const bool nchw = data_format_ == "channels_first";
  Output y = nchw ? ops::Mean(s, x, {2, 3}) : ops::Mean(s, x, {1, 2});
  KILN_RETURN_IF_ERROR(s.status());
  return y;
}

}  // namespace keras
}  // namespace kiln
