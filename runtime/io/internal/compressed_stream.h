// Byte streams under the record formats: files read and written in blocks,
// optionally through zlib (ZLIB or GZIP framing). Internal to runtime/io.
#ifndef KILN_RUNTIME_IO_INTERNAL_COMPRESSED_STREAM_H_
#define KILN_RUNTIME_IO_INTERNAL_COMPRESSED_STREAM_H_

#include <cstdio>
#include <memory>
#include <string>
#include <string_view>

#include "runtime/base/status.h"
#include "runtime/io/tfrecord.h"

namespace kiln {
namespace io_internal {

class ByteSink {
 public:
  virtual ~ByteSink() = default;
  virtual Status Append(std::string_view bytes) = 0;
  // Flushes everything to the file and fsyncs it.
  virtual Status Finish() = 0;
};

class ByteSource {
 public:
  virtual ~ByteSource() = default;
  // Up to n bytes; 0 at the end.
  virtual StatusOr<size_t> Read(char* buf, size_t n) = 0;
};

// `file` is owned (closed by the sink/source). `name` prefixes errors.
std::unique_ptr<ByteSink> NewFileSink(std::FILE* file, std::string name,
                                      Compression compression);
std::unique_ptr<ByteSource> NewFileSource(std::FILE* file, std::string name,
                                          Compression compression);

}  // namespace io_internal
}  // namespace kiln

#endif  // KILN_RUNTIME_IO_INTERNAL_COMPRESSED_STREAM_H_
