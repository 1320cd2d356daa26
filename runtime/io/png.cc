// libpng glue: memory sinks and sources, errors through setjmp.
#include "runtime/io/png.h"

#include <png.h>

#include <cstring>
#include <vector>

namespace kiln {
namespace {

constexpr int64_t kMaxSide = 1 << 20;

int ColorType(int64_t channels) {
  switch (channels) {
    case 1:
      return PNG_COLOR_TYPE_GRAY;
    case 2:
      return PNG_COLOR_TYPE_GRAY_ALPHA;
    case 3:
      return PNG_COLOR_TYPE_RGB;
    case 4:
      return PNG_COLOR_TYPE_RGBA;
    default:
      return -1;
  }
}

void AppendToString(png_structp png, png_bytep data, png_size_t n) {
  static_cast<std::string*>(png_get_io_ptr(png))
      ->append(reinterpret_cast<const char*>(data), n);
}

struct Source {
  std::string_view bytes;
  size_t at = 0;
};

void ReadFromSource(png_structp png, png_bytep out, png_size_t n) {
  Source* s = static_cast<Source*>(png_get_io_ptr(png));
  if (n > s->bytes.size() - s->at) png_error(png, "truncated PNG data");
  std::memcpy(out, s->bytes.data() + s->at, n);
  s->at += n;
}

// libpng's messages land here; the longjmp goes back to the setjmp.
void OnError(png_structp png, png_const_charp message) {
  auto* error = static_cast<std::string*>(png_get_error_ptr(png));
  if (error->empty()) *error = message;
  png_longjmp(png, 1);
}

void OnWarning(png_structp, png_const_charp) {}

// The libpng calls that may longjmp, in functions with only trivial
// locals (a longjmp must skip no destructor). Each returns false on error.
bool WriteImage(png_structp png, png_infop info, png_uint_32 width,
                png_uint_32 height, int color_type, png_bytep* rows) {
  if (setjmp(png_jmpbuf(png))) return false;
  png_set_IHDR(png, info, width, height, 8, color_type, PNG_INTERLACE_NONE,
               PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
  png_write_info(png, info);
  png_write_image(png, rows);
  png_write_end(png, nullptr);
  return true;
}

bool ReadHeader(png_structp png, png_infop info, png_uint_32* width,
                png_uint_32* height, int* channels) {
  if (setjmp(png_jmpbuf(png))) return false;
  png_set_user_limits(png, kMaxSide, kMaxSide);
  png_read_info(png, info);
  png_set_expand(png);  // palette -> RGB, low bit depths -> 8, tRNS -> alpha
  png_set_strip_16(png);
  png_read_update_info(png, info);
  *width = png_get_image_width(png, info);
  *height = png_get_image_height(png, info);
  *channels = png_get_channels(png, info);
  return true;
}

bool ReadRows(png_structp png, png_bytep* rows) {
  if (setjmp(png_jmpbuf(png))) return false;
  png_read_image(png, rows);
  png_read_end(png, nullptr);
  return true;
}

}  // namespace

StatusOr<std::string> EncodePng(const Tensor& image) {
  if (image.dtype() != tensorflow::DT_UINT8 || image.dims() != 3 ||
      ColorType(image.dim_size(2)) < 0 || image.dim_size(0) > kMaxSide ||
      image.dim_size(1) > kMaxSide) {
    return InvalidArgument("EncodePng: need uint8 [height, width, 1-4], got " +
                           DataTypeName(image.dtype()) +
                           image.shape().ToString());
  }
  const auto height = static_cast<png_uint_32>(image.dim_size(0));
  const auto width = static_cast<png_uint_32>(image.dim_size(1));
  const int64_t channels = image.dim_size(2);
  std::string out, error;
  png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, &error,
                                            OnError, OnWarning);
  png_infop info = png ? png_create_info_struct(png) : nullptr;
  if (info == nullptr) {
    png_destroy_write_struct(&png, nullptr);
    return Internal("EncodePng: out of memory");
  }
  std::vector<png_bytep> rows(height);
  for (png_uint_32 r = 0; r < height; ++r) {
    rows[r] = const_cast<png_bytep>(image.data<uint8_t>()) +
              static_cast<size_t>(r) * width * channels;
  }
  png_set_write_fn(png, &out, AppendToString, nullptr);
  const bool ok =
      WriteImage(png, info, width, height, ColorType(channels), rows.data());
  png_destroy_write_struct(&png, &info);
  if (!ok) return Internal("EncodePng: " + error);
  return out;
}

StatusOr<Tensor> DecodePng(std::string_view bytes, const std::string& source) {
  if (bytes.size() < 8 ||
      png_sig_cmp(reinterpret_cast<png_const_bytep>(bytes.data()), 0, 8) != 0) {
    return InvalidArgument(source + ": not a PNG file (bad signature)");
  }
  std::string error;
  png_structp png =
      png_create_read_struct(PNG_LIBPNG_VER_STRING, &error, OnError, OnWarning);
  png_infop info = png ? png_create_info_struct(png) : nullptr;
  if (info == nullptr) {
    png_destroy_read_struct(&png, nullptr, nullptr);
    return Internal(source + ": out of memory");
  }
  Source src{bytes, 0};
  png_set_read_fn(png, &src, ReadFromSource);
  png_uint_32 width = 0, height = 0;
  int channels = 0;
  StatusOr<Tensor> image = DataLoss("unread");
  if (ReadHeader(png, info, &width, &height, &channels)) {
    StatusOr<TensorShape> shape = TensorShape::Create(
        {static_cast<int64_t>(height), static_cast<int64_t>(width), channels});
    image = shape.ok() ? Tensor::Allocate(tensorflow::DT_UINT8, *shape)
                       : StatusOr<Tensor>(shape.status());
  }
  if (image.ok()) {
    std::vector<png_bytep> rows(height);
    for (png_uint_32 r = 0; r < height; ++r) {
      rows[r] =
          image->data<uint8_t>() + static_cast<size_t>(r) * width * channels;
    }
    if (!ReadRows(png, rows.data())) image = DataLoss("bad rows");
  }
  png_destroy_read_struct(&png, &info, nullptr);
  if (!error.empty()) return DataLoss(source + ": corrupt PNG: " + error);
  if (!image.ok()) {
    return Status(image.status().code(),
                  source + ": " + image.status().message());
  }
  return image;
}

}  // namespace kiln
