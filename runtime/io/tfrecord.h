// TFRecord files, framed as TensorFlow frames them: per record a uint64
// length, the masked CRC-32C of those 8 bytes, the data, the masked CRC-32C
// of the data (little-endian), the whole stream optionally ZLIB or GZIP
// compressed.
//
//   KILN_ASSIGN_OR_RETURN(auto writer, TFRecordWriter::Open("a.tfrecord"));
//   KILN_RETURN_IF_ERROR(writer->Write(example.SerializeAsString()));
//   KILN_RETURN_IF_ERROR(writer->Close());   // the file appears here
//
//   KILN_ASSIGN_OR_RETURN(auto reader, TFRecordReader::Open("a.tfrecord"));
//   std::string record;
//   while (reader->Next(&record).ok()) ...   // OutOfRange at the end
//
// The writer writes a temporary sibling and renames it over `path` at
// Close (after fsync), so readers never see a partial file and a crash
// leaves the previous one. The reader reports a truncated or corrupted
// record as DataLoss naming the file and the record's byte offset (in the
// uncompressed stream), and never skips one by itself: after an error whose
// record had an intact length (only its data failed the CRC),
// can_skip_damaged() is true and the next Next reads the following record,
// for callers that choose to skip damaged records.
#ifndef KILN_RUNTIME_IO_TFRECORD_H_
#define KILN_RUNTIME_IO_TFRECORD_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "runtime/base/status.h"

namespace kiln {

enum class Compression { kNone, kZlib, kGzip };

// One record as TFRecord frames it: length, masked CRC of the length, the
// data, masked CRC of the data.
std::string FrameRecord(std::string_view data);

// "" (or "NONE"), "ZLIB", "GZIP", as tf.data's compression_type.
StatusOr<Compression> ParseCompression(std::string_view name);

class TFRecordWriter {
 public:
  static StatusOr<std::unique_ptr<TFRecordWriter>> Open(
      const std::string& path, Compression compression = Compression::kNone);
  // Abandons the file unless Close succeeded (a writer dropped by an error
  // path leaves the previous file, if any, alone).
  ~TFRecordWriter();

  Status Write(std::string_view record);
  // Finishes the stream, fsyncs and renames the file into place.
  Status Close();

 private:
  struct Impl;
  explicit TFRecordWriter(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

class TFRecordReader {
 public:
  static StatusOr<std::unique_ptr<TFRecordReader>> Open(
      const std::string& path, Compression compression = Compression::kNone);
  ~TFRecordReader();

  // The next record; OutOfRange after the last one.
  Status Next(std::string* record);
  // Offset of the next record in the (uncompressed) stream.
  uint64_t offset() const;
  // Whether the last error left the stream at the next record's start.
  bool can_skip_damaged() const;

 private:
  struct Impl;
  explicit TFRecordReader(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace kiln

#endif  // KILN_RUNTIME_IO_TFRECORD_H_
