// What Keras' windowed layers share: their padding and data_format names
// in TensorFlow's terms, and their output shape (TensorFlow's windowed
// output sizes; an unknown input dim stays unknown).
#ifndef KILN_FRONTEND_KERAS_WINDOW_SHAPE_H_
#define KILN_FRONTEND_KERAS_WINDOW_SHAPE_H_

#include <string>
#include <vector>

#include "frontend/keras/conv_layers.h"

namespace kiln {
namespace keras {

// "valid"/"same" -> "VALID"/"SAME"; InvalidArgument naming `layer` else.
StatusOr<std::string> PaddingAttr(const std::string& padding,
                                  const std::string& layer);
// "channels_last"/"channels_first" -> "NHWC"/"NCHW".
StatusOr<std::string> DataFormatAttr(const std::string& data_format,
                                     const std::string& layer);
// A 4-entry attr (strides, ksize, dilations) in the data format's order.
std::vector<int64_t> SpatialAttr(Window w, bool nchw);

// The output of a k x k window over `input` (rank 4), with `out_c`
// channels (-1: the input's).
StatusOr<Shape> WindowedShape(const Shape& input, bool nchw, Window k,
                              Window strides, Window dilation,
                              const std::string& padding, int64_t out_c,
                              const std::string& layer);

}  // namespace keras
}  // namespace kiln

#endif  // KILN_FRONTEND_KERAS_WINDOW_SHAPE_H_
