// IDX files (the MNIST family's format), plain or gzip-compressed: a
// big-endian header (two zero bytes, an element-type code, the rank, one
// uint32 per dim) then the elements, row-major.
//
//   KILN_ASSIGN_OR_RETURN(kiln::Tensor images,
//       kiln::ReadIdx("/usr/share/datasets/fashion-mnist/"
//                     "train-images-idx3-ubyte.gz"));  // uint8 [60000,28,28]
//
// Types: 0x08 uint8, 0x09 int8 (read as int32), 0x0B int16 (int32),
// 0x0C int32, 0x0D float32, 0x0E float64. Gzip is recognized by its magic
// bytes. Errors name the file and the byte offset:
//   "labels.gz: offset 8: expected 60000 bytes of data, got 59990"
#ifndef KILN_RUNTIME_IO_IDX_H_
#define KILN_RUNTIME_IO_IDX_H_

#include <string>
#include <string_view>

#include "runtime/base/status.h"
#include "runtime/tensor/tensor.h"

namespace kiln {

StatusOr<Tensor> ReadIdx(const std::string& path);

// The bytes of an IDX file (already decompressed); `name_for_errors`
// prefixes every error.
StatusOr<Tensor> ParseIdx(std::string_view bytes,
                          const std::string& name_for_errors);

// The whole of a file, gunzipped when it starts with gzip's magic bytes.
StatusOr<std::string> ReadMaybeGzip(const std::string& path);

}  // namespace kiln

#endif  // KILN_RUNTIME_IO_IDX_H_
