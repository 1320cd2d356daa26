// NumPy .npy files: read and write kiln::Tensor.
//
//   KILN_ASSIGN_OR_RETURN(kiln::Tensor t, kiln::ReadNpy("weights.npy"));
//   KILN_RETURN_IF_ERROR(kiln::WriteNpy("out.npy", t));
//
// Reads format versions 1.0, 2.0 and 3.0 with descr '<f2' (half), '<f4',
// '<f8', '|i1', '<i2', '<i4', '<i8', '|u1', '<u2', '<u4', '<u8', '|b1'.
// Big-endian data ('>f4') is byte-swapped; fortran_order True data is
// transposed to C order. Complex, string, object and structured dtypes are
// Unimplemented. Bytes after the data are an error (NumPy never writes any).
// Errors name the file and the byte offset:
//   "x.npy: offset 10: header is not a dict"
//   "x.npy: offset 128: truncated data: expected 400 bytes, got 12"
//
// Writes version 1.0 (2.0 when the header needs it), C order, little
// endian, the header padded to 64 bytes as NumPy does. bfloat16 has no
// NumPy dtype: WriteNpy returns Unimplemented for it (cast to float first).
// Files are written to a temporary sibling and renamed into place, so a
// failed write leaves no file behind.
#ifndef KILN_RUNTIME_IO_NPY_H_
#define KILN_RUNTIME_IO_NPY_H_

#include <string>
#include <string_view>

#include "runtime/base/status.h"
#include "runtime/tensor/tensor.h"

namespace kiln {

StatusOr<Tensor> ReadNpy(const std::string& path);
Status WriteNpy(const std::string& path, const Tensor& tensor);

// In-memory forms; `name_for_errors` prefixes every error message.
StatusOr<Tensor> ParseNpy(std::string_view bytes,
                          const std::string& name_for_errors);
StatusOr<std::string> SerializeNpy(const Tensor& tensor);

}  // namespace kiln

#endif  // KILN_RUNTIME_IO_NPY_H_
