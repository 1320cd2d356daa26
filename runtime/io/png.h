// PNG images via libpng: EncodePng for TensorBoard image summaries,
// DecodePng for input pipelines (tf.io.encode_png / decode_png).
//
//   KILN_ASSIGN_OR_RETURN(std::string png, EncodePng(image));  // uint8 [h,w,c]
//   KILN_ASSIGN_OR_RETURN(Tensor pixels, DecodePng(png, "cat.png"));
//
// Channels: 1 (gray), 2 (gray + alpha), 3 (RGB), 4 (RGBA), 8 bits each.
// Decoding expands palettes and low bit depths to 8 bits and strips 16-bit
// samples to 8; a damaged file is an error naming the source, never a
// crash (libpng's longjmp is caught inside).
#ifndef KILN_RUNTIME_IO_PNG_H_
#define KILN_RUNTIME_IO_PNG_H_

#include <string>
#include <string_view>

#include "runtime/base/status.h"
#include "runtime/tensor/tensor.h"

namespace kiln {

// `image`: uint8 [height, width, channels].
StatusOr<std::string> EncodePng(const Tensor& image);
// uint8 [height, width, channels] with the file's channels.
StatusOr<Tensor> DecodePng(std::string_view png, const std::string& source);

}  // namespace kiln

#endif  // KILN_RUNTIME_IO_PNG_H_
